"""The Export menu: pictures as on screen (PNG at 1× and 2×, SVG), the history as CSV,
and the focused view copied to the clipboard."""

from __future__ import annotations

import csv
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QFileDialog

from playground.io.examples import example_path
from playground.io.files import load_document
from playground.ui.files.exports import Exports
from playground.ui.main_window import MainWindow
from playground.workspace import views

# The panels shown by default and drawn without OpenGL (the 3-D surface, hidden until opened
# and drawn by OpenGL, has its own tests in tests/ui/views/test_surface_view.py).
SHOWN_PANELS = [v for v in views.PANELS if v != "surface"]
DRAWING_TAGS = {"path", "polyline", "polygon", "line", "rect", "circle", "ellipse", "image",
                "text"}


@pytest.fixture(scope="module")
def document():
    return load_document(example_path("xor"))


@pytest.fixture
def window(qtbot, document):
    w = MainWindow(document)
    qtbot.addWidget(w)
    w.resize(1300, 850)
    w.show()
    qtbot.waitUntil(lambda: w.controller.latest is not None, timeout=5000)
    w.controller.step(40)
    qtbot.waitUntil(lambda: w.controller.latest.step == 40, timeout=5000)
    lv = w.landscape_view
    # The final surface through the point shown, not an earlier one.
    qtbot.waitUntil(lambda: lv.snap is not None and lv.snap.step == 40 and lv.result is not None
                    and lv.result.final and np.array_equal(lv.result.request.theta,
                                                           lv.snap.theta), timeout=20000)
    # Opened from the View menu it joins the loss curve's tabs; floating, both stay in view.
    w.docks["line"].setFloating(True)
    w.docks["line"].show()
    qtbot.waitUntil(lambda: w.line_view.result is not None and
                    np.array_equal(w.line_view.result.request.theta, lv.snap.theta),
                    timeout=10000)
    QApplication.processEvents()
    yield w
    w.close()


def pixels(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    rows = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(),
                                                              image.bytesPerLine() // 4, 4)
    return rows[:, :image.width(), :3].astype(int)


def assert_drawn(image: QImage) -> None:
    """Not blank: many colours, and far from one flat fill."""
    p = pixels(image)
    colours = np.unique((p[..., 0] << 16) | (p[..., 1] << 8) | p[..., 2])
    assert len(colours) > 20
    assert (np.abs(p - p[0, 0]).max(axis=2) > 30).mean() > 0.01


@pytest.mark.parametrize("view", SHOWN_PANELS)
def test_view_png_at_1x_matches_the_screen_and_2x_doubles_it(window, tmp_path, view):
    widget = window.exports.picture_widget(view)
    w, h = widget.width(), widget.height()
    assert w > 100 and h > 100
    one = tmp_path / f"{view}.png"
    assert window.exports.write_picture(view, one, scale=1) == (w, h)
    image = QImage(str(one))
    assert (image.width(), image.height()) == (w, h)
    assert_drawn(image)
    # What is on screen, pixel for pixel (up to antialiasing): same range, colours, labels.
    screen = pixels(widget.grab().toImage())
    diff = np.abs(pixels(image) - screen).max(axis=2)
    assert (diff > 40).mean() < 0.01
    two = tmp_path / f"{view}@2x.png"
    window.exports.write_picture(view, two, scale=2)
    big = QImage(str(two))
    assert (big.width(), big.height()) == (2 * w, 2 * h)
    assert_drawn(big)
    # The 2× picture shrunk back looks like the 1× one: nothing clipped or moved.
    small = big.scaled(w, h, Qt.AspectRatioMode.IgnoreAspectRatio,
                       Qt.TransformationMode.SmoothTransformation)
    assert np.abs(pixels(small) - pixels(image)).mean() < 12


@pytest.mark.parametrize("view", [v for v in SHOWN_PANELS
                                  if ".svg" in views.get(v).export_formats])
def test_view_svg_parses_and_draws(window, tmp_path, view):
    out = tmp_path / f"{view}.svg"
    widget = window.exports.picture_widget(view)
    window.exports.write_picture(view, out)
    root = ET.parse(out).getroot()
    assert root.tag.endswith("svg")
    assert root.get("viewBox") == f"0 0 {widget.width()} {widget.height()}"
    # Shown at the screen's size (the page size is in mm, at the screen's dots per inch).
    assert float(root.get("width").removesuffix("mm")) / 25.4 * widget.logicalDpiX() == \
        pytest.approx(widget.width(), abs=0.5)
    tags = [e.tag.rsplit("}", 1)[-1] for e in root.iter()]
    assert sum(t in DRAWING_TAGS for t in tags) > 10
    assert "text" in tags  # axis labels and tick numbers are text, not pixels


def test_window_png_and_its_size(window, tmp_path):
    out = tmp_path / "window.png"
    window.exports.set_scale(2)
    assert window.exports.write_picture("window", out) == (2 * window.width(),
                                                           2 * window.height())
    image = QImage(str(out))
    assert (image.width(), image.height()) == (2 * window.width(), 2 * window.height())
    assert_drawn(image)
    with pytest.raises(ValueError, match="png"):
        window.exports.write_picture("window", tmp_path / "window.svg")


def test_exporting_at_2x_leaves_the_screen_as_it_was(window, tmp_path):
    lv = window.landscape_view
    pens = [lv.path.opts["pen"].widthF(), lv.path.opts["shadowPen"].widthF(),
            lv.contours.opts["pen"].widthF()]
    view_range = lv.vb.viewRange()
    before = pixels(lv.plot.grab().toImage())
    window.exports.write_picture("landscape", tmp_path / "l.png", scale=2)
    assert [lv.path.opts["pen"].widthF(), lv.path.opts["shadowPen"].widthF(),
            lv.contours.opts["pen"].widthF()] == pens
    assert lv.vb.viewRange() == view_range
    assert lv.path._exportOpts is False
    QApplication.processEvents()
    assert np.array_equal(pixels(lv.plot.grab().toImage()), before)


def test_the_menu_asks_where_and_adds_the_suffix(window, tmp_path, monkeypatch):
    asked = []

    def dialog(parent, caption, start, filters, selected):
        asked.append((caption, start, filters))
        return str(tmp_path / "loss picture"), "SVG drawing (*.svg)"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(dialog))
    window.exports.actions["loss"].trigger()
    assert (tmp_path / "loss picture.svg").is_file()
    caption, start, filters = asked[0]
    assert start.endswith("xor-loss.png") and "*.svg" in filters
    assert "Exported loss curve" in window.statusBar().currentMessage()


def test_a_hidden_panel_is_reported_not_exported(window, tmp_path, message_boxes):
    window.docks["data"].hide()
    assert not window.exports.export_picture("data", tmp_path / "d.png")
    assert message_boxes.kinds() == ["critical"]
    assert "Data panel is hidden" in message_boxes.calls[0][2]
    assert not (tmp_path / "d.png").exists()


def test_history_csv_has_a_row_per_recorded_step(window, tmp_path):
    out = tmp_path / "history.csv"
    assert window.exports.export_history(out)
    rows = list(csv.reader(out.open(encoding="utf-8")))
    names = list(window.controller.latest.parameter_names)
    assert rows[0] == ["step", "train_loss", "test_loss", "landscape_x", "landscape_y", *names]
    steps = [int(r[0]) for r in rows[1:]]
    assert steps == list(window.controller.latest.history_steps) and steps[-1] == 40
    # The landscape shows two weights: its coordinates are those weights.
    axes = window.landscape_view.plane.labels
    last = dict(zip(rows[0], rows[-1]))
    assert (float(last["landscape_x"]), float(last["landscape_y"])) == \
        (float(last[axes[0]]), float(last[axes[1]]))


def test_ctrl_shift_c_copies_the_focused_view(qtbot, window):
    window.exports.set_scale(1)
    window.activateWindow()
    plot = window.loss_view.plot
    plot.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is plot, timeout=2000)
    QApplication.clipboard().clear()
    qtbot.keyClick(window, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    image = QApplication.clipboard().image()
    assert (image.width(), image.height()) == (plot.width(), plot.height())
    assert_drawn(image)
    window.network_view.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.network_view, timeout=2000)
    assert window.exports.copy_focused_view() == "network"


def test_the_png_scale_is_remembered(window):
    window.exports.set_scale(2)
    assert window.exports.scale_actions[2].isChecked()
    again = Exports(window.shell, window.controller, window.exports.views, window.landscape_view)
    assert again.scale() == 2 and again.scale_actions[2].isChecked()
    with pytest.raises(ValueError):
        window.exports.set_scale(3)


def test_landscape_svg_is_vectors_but_the_heatmap_and_clipped_to_the_plot(window, tmp_path):
    out = tmp_path / "landscape.svg"
    window.exports.write_picture("landscape", out)
    root = ET.parse(out).getroot()
    ns = "{http://www.w3.org/2000/svg}"
    images = [(float(e.get("width")), float(e.get("height"))) for e in root.iter(f"{ns}image")]
    surface = window.landscape_view.image.image.shape
    # The heatmap (at its own resolution) and the colour bar's 1-pixel-wide gradient: no
    # cached pixmaps of axes, contours, markers or the background.
    assert sorted(images) == sorted([(float(surface[1]), float(surface[0])), (1.0, 256.0)])
    texts = [e.text or "" for e in root.iter(f"{ns}text")]
    assert any(t.strip().lstrip("-−").replace(".", "").isdigit() for t in texts)  # ticks
    assert len(list(root.iter(f"{ns}clipPath"))) > 0
    # The arrow and the markers are drawn as shapes in their own colours, inside a clip.
    drawn = ET.tostring(root, encoding="unicode").lower()
    assert style_colour("GRADIENT") in drawn and style_colour("CURRENT") in drawn


def style_colour(name: str) -> str:
    from playground.ui import style

    return getattr(style, name).lower()
