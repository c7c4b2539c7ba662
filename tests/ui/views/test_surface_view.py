"""The 3-D surface: the 2-D view's grid, colours and path placed in a box; without OpenGL
(the off-screen platform) the panel says so and nothing else changes."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from playground.io.examples import example_path
from playground.io.files import load_document
from playground.ui.files.render import train
from playground.ui.main_window import MainWindow
from playground.ui.views.landscape_view import LandscapeView
from playground.ui.views.landscape_worker import LandscapeProblem, compute_now
from playground.ui.views.surface_view import (
    BOX,
    HEIGHT,
    LIFT,
    MAX_SIDE,
    SurfaceGeometry,
    bilinear,
    opengl_problem,
)

REPO = Path(__file__).resolve().parents[3]


@pytest.fixture
def sigmoid_view(qtbot):
    """A landscape view of the sigmoid neuron after 1000 steps, its surface computed."""
    document, snap = train(load_document(example_path("sigmoid-neuron")), 1000)
    view = LandscapeView()
    qtbot.addWidget(view)
    problem = LandscapeProblem(document)
    view.requested.connect(lambda req: view.show_result(compute_now(problem, req)))
    view.set_document(document, snap.version)
    view.show_snapshot(snap)
    assert view.result is not None
    return view, snap


def test_bilinear_is_exact_on_nodes_and_linear_between():
    xs, ys = np.array([0.0, 1.0, 3.0]), np.array([10.0, 20.0])
    grid = np.array([[0.0, 1.0, 5.0], [2.0, 3.0, 7.0]])  # grid[y, x]
    assert bilinear(grid, xs, ys, np.array([1.0, 3.0]), np.array([10.0, 20.0])).tolist() == \
        [1.0, 7.0]
    assert bilinear(grid, xs, ys, np.array([2.0]), np.array([15.0]))[0] == pytest.approx(4.0)


def test_heights_and_colours_follow_the_2d_colour_scale(sigmoid_view):
    view, snap = sigmoid_view
    colour = view.colour_range()
    geo = SurfaceGeometry(view.result, view.log_color.isChecked(), colour, view.cmap)
    z = np.asarray(view.result.surface.z, float)[::2, ::2]  # 128 per side, drawn at 64
    assert geo.heights.shape == z.shape == (MAX_SIDE, MAX_SIDE)
    assert geo.heights.min() >= 0 and geo.heights.max() <= HEIGHT
    # Height grows with the loss (log colour: log loss), clipped where the colours are.
    lo, hi = colour[:2]
    shown = np.clip(np.log10(z), lo, hi)
    order = np.argsort(shown, axis=None)
    assert np.all(np.diff(geo.heights.ravel()[order]) >= -1e-9)
    # The lowest and highest cells take the colour map's ends, as in the 2-D heatmap.
    low, high = np.unravel_index(order[0], z.shape), np.unravel_index(order[-1], z.shape)
    assert np.allclose(geo.rgba[low], view.cmap.map([0.0], mode="float")[0])
    assert np.allclose(geo.rgba[high], view.cmap.map([1.0], mode="float")[0])
    # The grid fills the box.
    bx, by = geo.to_box(geo.xs, geo.ys)
    assert (bx[0], bx[-1], by[0], by[-1]) == pytest.approx((-BOX, BOX, -BOX, BOX))


def test_the_path_lies_on_the_surface_and_ends_at_the_current_point(sigmoid_view):
    view, snap = sigmoid_view
    geo = SurfaceGeometry(view.result, True, view.colour_range(), view.cmap)
    pos, ends = geo.path(snap.path[:, :2])  # two parameters: the plane's axes
    assert len(pos) == len(snap.path)
    assert ends == [(0, 0), (len(pos) - 1, 1)]
    x, y = snap.theta
    bx, by = geo.to_box(np.array([x]), np.array([y]))
    assert pos[-1][:2] == pytest.approx([bx[0], by[0]], abs=1e-4)
    h = bilinear(geo.heights, geo.xs, geo.ys, np.array([x]), np.array([y]))[0]
    assert pos[-1][2] == pytest.approx(h + LIFT, abs=1e-4)
    # The run went downhill: the current point sits lower than the start.
    assert pos[-1][2] < pos[0][2]


def test_without_opengl_the_panel_says_so_and_the_window_works(qtbot):
    why = opengl_problem()
    assert why is not None and "offscreen" in why  # the suite runs off-screen
    w = MainWindow(load_document(example_path("sigmoid-neuron")))
    qtbot.addWidget(w)
    w.show()
    try:
        qtbot.waitUntil(lambda: w.controller.latest is not None, timeout=5000)
        assert w.docks["surface"].isHidden()  # opened from the View menu
        w.docks["surface"].show()
        assert not w.surface_view.available
        assert "needs OpenGL" in w.surface_view.caption.text()
        w.controller.step(20)
        qtbot.waitUntil(lambda: w.controller.latest.step == 20, timeout=5000)
        assert w.surface_view.snap.step == 20
    finally:
        w.close()


def test_render_surface_off_screen_is_one_line(tmp_path):
    out = tmp_path / "s.png"
    result = subprocess.run([sys.executable, "-m", "playground", "render",
                             "resources/examples/sigmoid-neuron.json", "--view", "surface",
                             "--out", str(out)], cwd=REPO, capture_output=True, text=True,
                            timeout=120, env=_env(QT_QPA_PLATFORM="offscreen"))
    assert result.returncode != 0 and result.stdout == ""
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert "needs OpenGL" in result.stderr and "xvfb-run" in result.stderr
    assert not out.exists()


def _env(**extra: str) -> dict[str, str]:
    import os

    env = dict(os.environ, **extra)
    return env


@pytest.mark.skipif(shutil.which("xvfb-run") is None,
                    reason="needs xvfb-run (apt-get install xvfb): the real-OpenGL check")
def test_render_surface_on_xvfb_draws_it_with_mesa(tmp_path):
    """On an X server (Xvfb, Mesa's llvmpipe) the 3-D view draws: many colours, the path."""
    from PIL import Image

    out = tmp_path / "s.png"
    env = _env()
    env.pop("QT_QPA_PLATFORM", None)
    result = subprocess.run(["xvfb-run", "-a", "-s", "-screen 0 1024x700x24", sys.executable,
                             "-m", "playground", "render",
                             "resources/examples/sigmoid-neuron.json", "--view", "surface",
                             "--steps", "1000", "--out", str(out), "--size", "500x400"],
                            cwd=REPO, capture_output=True, text=True, timeout=180, env=env)
    assert result.returncode == 0, result.stderr
    pixels = np.asarray(Image.open(out).convert("RGB")).reshape(-1, 3)
    assert len(np.unique(pixels, axis=0)) > 500  # a shaded surface, not a message
    start = np.all(np.abs(pixels.astype(int) - (0x2C, 0xA0, 0x2C)) < 12, axis=1).sum()
    current = np.all(np.abs(pixels.astype(int) - (0xD6, 0x27, 0x28)) < 12, axis=1).sum()
    assert start > 10 and current > 10  # the path's two ends are drawn


def test_the_picture_turns_on_a_drag_zooms_on_the_wheel_and_resets_on_a_double_click(qtbot):
    from PySide6.QtCore import QPoint, QPointF, Qt
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    from playground.ui.views.surface_view import SurfacePicture

    calls: list[tuple] = []
    picture = SurfacePicture(lambda dx, dy: calls.append(("turn", dx, dy)),
                             lambda steps: calls.append(("zoom", steps)),
                             lambda: calls.append(("reset",)),
                             lambda: calls.append(("resized",)))
    qtbot.addWidget(picture)
    picture.resize(300, 200)
    picture.show()
    calls.clear()
    qtbot.mousePress(picture, Qt.MouseButton.LeftButton, pos=QPoint(100, 100))
    qtbot.mouseMove(picture, QPoint(130, 90))
    qtbot.mouseRelease(picture, Qt.MouseButton.LeftButton, pos=QPoint(130, 90))
    assert ("turn", 30.0, -10.0) in calls
    wheel = QWheelEvent(QPointF(50, 50), QPointF(picture.mapToGlobal(QPoint(50, 50))),
                        QPoint(0, 0), QPoint(0, 120), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(picture, wheel)
    assert ("zoom", 120) in calls
    qtbot.mouseDClick(picture, Qt.MouseButton.LeftButton, pos=QPoint(10, 10))
    assert ("reset",) in calls
