"""Drawing data in the data view: a click adds a point and undo removes it, a drag moves one,
Delete removes the selection, Clear empties the plane, the quick toggles and sliders are
undoable and saved, and the model goes on training on the drawn points."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt

from playground.io.files import load_document
from playground.ui.main_window import MainWindow
from tests.ui.conftest import xor_document


@pytest.fixture
def window(qtbot):
    w = MainWindow(xor_document(lr=0.1, optimizer="adam"))
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    w.resizeDocks([w.docks["data"]], [600], Qt.Orientation.Vertical)
    qtbot.waitUntil(lambda: w.controller.latest is not None, timeout=5000)
    yield w
    w.files.close_requested = lambda: True  # no Save / Discard question in these tests
    w.close()


def widget_pos(view, x: float, y: float) -> QPoint:
    """Where the data point (x, y) is on the plot widget."""
    scene = view.viewbox.mapViewToScene(QPointF(x, y))
    return view.plot.mapFromScene(scene)


def click(qtbot, view, x: float, y: float, button=Qt.MouseButton.LeftButton,
          modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.mouseClick(view.plot.viewport(), button, modifier, widget_pos(view, x, y))


def empty_spot(view, near=(2.0, -2.0)) -> tuple[float, float]:
    """A place near `near` at least half a unit from every shown point (a click there adds)."""
    shown = np.concatenate([xy for xy in view._shown.values()])
    for r in np.linspace(0.0, 3.0, 31):
        for a in np.linspace(0.0, 2 * np.pi, 24, endpoint=False):
            x, y = near[0] + r * np.cos(a), near[1] + r * np.sin(a)
            if np.hypot(*(shown - [x, y]).T).min() > 0.5:
                return round(float(x), 2), round(float(y), 2)
    raise AssertionError("no empty spot")


def points(doc) -> tuple[np.ndarray, np.ndarray]:
    ds = doc.data.build()
    return np.concatenate([ds.x_train, ds.x_test]), np.concatenate([ds.y_train, ds.y_test])


def settled(qtbot, window) -> None:
    c = window.controller
    qtbot.waitUntil(lambda: c.latest is not None and c.latest.version == c.version, timeout=5000)


def test_a_click_adds_a_training_point_and_undo_removes_it(qtbot, window):
    view, c = window.data_view, window.controller
    c.step(20)
    qtbot.waitUntil(lambda: c.latest.step == 20, timeout=5000)
    n_before = len(points(c.document)[0])
    n_train = len(view.dataset.x_train)
    x0, y0 = empty_spot(view)
    click(qtbot, view, x0, y0)
    assert window.undo_stack.count() == 1
    assert window.undo_stack.undoText().startswith("Add point at (")
    settled(qtbot, window)
    x, y = points(c.document)
    assert len(x) == n_before + 1
    ds = view.dataset
    assert len(ds.x_train) == n_train + 1  # a drawn point trains
    assert np.allclose(ds.x_train[-1], [x0, y0], atol=0.1) and ds.y_train[-1, 0] == 1.0
    # The run goes on from the same step with the new point (the edit is marked).
    assert c.latest.step == 20 and c.latest.marks[-1][0] == 20
    window.undo_stack.undo()
    settled(qtbot, window)
    assert len(points(c.document)[0]) == n_before
    assert len(view.dataset.x_train) == n_train


def test_right_click_adds_the_other_class(qtbot, window):
    view = window.data_view
    assert view.tools.add_class.currentData() == 1
    x0, y0 = empty_spot(view, (-1.0, 3.0))
    click(qtbot, view, x0, y0, Qt.MouseButton.RightButton)
    settled(qtbot, window)
    ds = view.dataset
    assert np.allclose(ds.x_train[-1], [x0, y0], atol=0.1) and ds.y_train[-1, 0] == 0.0


def test_drag_moves_a_point_keeping_every_other_point_and_the_split(qtbot, window):
    view, c = window.data_view, window.controller
    before = view.dataset
    x0, y0 = before.x_train[3]
    start, end = widget_pos(view, x0, y0), widget_pos(view, x0 + 1.0, y0 + 1.0)
    vp = view.plot.viewport()
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=start)
    for k in range(1, 6):
        qtbot.mouseMove(vp, start + (end - start) * k / 5)
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=end)
    assert window.undo_stack.undoText() == "Move point"
    settled(qtbot, window)
    after = view.dataset
    moved = after.x_train[3]
    assert np.allclose(moved, [x0 + 1.0, y0 + 1.0], atol=0.15)
    others = np.delete(np.arange(len(before.x_train)), 3)
    assert np.array_equal(after.x_train[others], before.x_train[others])
    assert np.array_equal(after.x_test, before.x_test)
    assert c.document.data.generator is None


def test_delete_removes_the_selected_points(qtbot, window):
    view = window.data_view
    ds = view.dataset
    a, b = ds.x_train[0], ds.x_test[0]
    click(qtbot, view, *a)
    click(qtbot, view, *b, modifier=Qt.KeyboardModifier.ControlModifier)
    assert sorted(view.selected) == [("test", 0), ("train", 0)]
    n_neurons = len(window.controller.document.network.neurons)
    qtbot.keyClick(view.plot, Qt.Key.Key_Delete)
    assert window.undo_stack.undoText() == "Delete 2 points"
    settled(qtbot, window)
    after = view.dataset
    assert len(after.x_train) == len(ds.x_train) - 1 and len(after.x_test) == len(ds.x_test) - 1
    assert np.array_equal(after.x_train, ds.x_train[1:])
    assert np.array_equal(after.x_test, ds.x_test[1:])
    # The network editor's Delete did not fire.
    assert len(window.controller.document.network.neurons) == n_neurons


def test_clear_waits_for_the_first_point_then_trains_on_it(qtbot, window):
    view, c = window.data_view, window.controller
    c.step(10)
    qtbot.waitUntil(lambda: c.latest.step == 10, timeout=5000)
    view.tools.clear.click()
    qtbot.waitUntil(lambda: c.document.waits_for_points(), timeout=5000)
    assert c.problem is None and view.mode == "plane" and view.dataset is None
    with qtbot.waitSignal(c.idle, timeout=2000) as said:
        c.play()  # nothing to train: it says so (no error, nothing starts)
    assert "no points" in said.args[0]
    assert "Click in the data view" in window.statusBar().currentMessage()
    click(qtbot, view, 2.0, 2.0)
    settled(qtbot, window)
    assert len(view.dataset.x_train) == 1 and view.dataset.x_test.shape == (0, 2)
    assert c.latest.step == 10  # the run carried over
    window.undo_stack.undo()
    qtbot.waitUntil(lambda: c.document.waits_for_points(), timeout=5000)
    window.undo_stack.undo()
    settled(qtbot, window)
    assert c.document.data.generator == "xor"


def test_toggles_and_sliders_are_undoable_and_saved(qtbot, window, tmp_path):
    view, c, tools = window.data_view, window.controller, window.data_view.tools
    tools.discretize.setChecked(True)
    assert window.undo_stack.undoText() == "Discretize output" and view.discretize
    tools.show_test.setChecked(False)
    assert not view.show_test and "test" not in view._shown
    tools.noise.setValue(20)
    settled(qtbot, window)
    assert c.document.data.noise == pytest.approx(0.2)
    tools.split.setValue(70)
    settled(qtbot, window)
    assert c.document.data.train_fraction == pytest.approx(0.7)
    path = tmp_path / "drawn.json"
    assert window.files.save_to(path)
    saved = load_document(path)
    assert saved.data_view.discretize and not saved.data_view.show_test
    assert saved.data.noise == pytest.approx(0.2) and saved.data.train_fraction == 0.7
    for _ in range(4):
        window.undo_stack.undo()
    settled(qtbot, window)
    assert not view.discretize and view.show_test and not tools.discretize.isChecked()
    assert c.document.data.noise in (None, 0.0)


def test_drawn_points_reopen_to_the_last_bit(qtbot, window, tmp_path):
    view, c = window.data_view, window.controller
    for near in ((0.1, -4.5), (-3.3, 1.7)):
        click(qtbot, view, *empty_spot(view, near))
        settled(qtbot, window)
    window.data_view.tools.split.setValue(60)
    settled(qtbot, window)
    path = tmp_path / "drawn.json"
    assert window.files.save_to(path)
    reopened = load_document(path)
    a, b = c.document.data.build(), reopened.data.build()
    for part in ("x_train", "y_train", "x_test", "y_test"):
        assert getattr(a, part).tobytes() == getattr(b, part).tobytes()
    assert reopened.data.test_rows == c.document.data.test_rows
