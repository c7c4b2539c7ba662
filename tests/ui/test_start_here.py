"""Double-click (or "Start here" on) the landscape: descent starts there, undoably."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from playground.engine.function import FunctionModel
from playground.io.document import Document, ViewSettings
from playground.ui.main_window import MainWindow
from playground.ui.qt import pg
from tests.ui.conftest import xor_document


def bowl() -> Document:
    return Document(FunctionModel("f = x**2 + 3*y**2", {"x": -4.0, "y": 1.5}),
                    view=ViewSettings(axes=("x", "y"), range=(-5.0, 5.0, -2.0, 2.0)),
                    name="bowl")


def open_window(qtbot, document: Document) -> MainWindow:
    w = MainWindow(document)
    qtbot.addWidget(w)
    w.resize(1200, 800)
    w.show()
    qtbot.waitExposed(w)
    qtbot.waitUntil(lambda: w.controller.latest is not None
                    and w.landscape_view.plane is not None, timeout=10000)
    return w


@pytest.fixture
def function_window(qtbot):
    w = open_window(qtbot, bowl())
    yield w
    w.close()


def widget_point(view, x: float, y: float) -> QPoint:
    """Where plane coordinates (x, y) are on the plot's viewport, in its pixels."""
    scene = view.vb.mapViewToScene(pg.Point(x, y))
    return view.plot.mapFromScene(scene)


def double_click(widget, at: QPoint) -> None:
    """What a window system sends for a double-click: press, release, double, release."""
    left, none = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    QTest.mousePress(widget, left, none, at)
    QTest.mouseRelease(widget, left, none, at)
    QTest.mouseDClick(widget, left, none, at)
    QTest.mouseRelease(widget, left, none, at)


def test_double_click_on_a_function_landscape_sets_the_start_and_restarts_there(
        qtbot, function_window):
    w = function_window
    controller = w.controller
    controller.step(4)
    qtbot.waitUntil(lambda: controller.latest.step == 4, timeout=5000)
    view = w.landscape_view
    at = widget_point(view, 3.0, 1.0)
    with qtbot.waitSignal(view.start_requested, timeout=5000) as asked:
        double_click(view.plot.viewport(), at)
    picked = asked.args[0]
    # a pixel's worth of the 10 × 4 range
    assert picked["x"] == pytest.approx(3.0, abs=0.05)
    assert picked["y"] == pytest.approx(1.0, abs=0.05)
    qtbot.waitUntil(lambda: controller.latest is not None and controller.latest.step == 0,
                    timeout=5000)
    assert controller.document.network.variables == picked
    assert controller.latest.theta.tolist() == [picked["x"], picked["y"]]
    assert len(controller.latest.path) == 1  # a new path starts at the new point
    assert w.undo_stack.undoText().startswith("Start at x = ")

    w.undo_stack.undo()  # the run as it was: its start, its 4 steps, its path
    qtbot.waitUntil(lambda: controller.latest is not None and controller.latest.step == 4,
                    timeout=5000)
    assert controller.document.run.start == {"x": -4.0, "y": 1.5}
    assert len(controller.latest.path) == 5
    w.undo_stack.redo()
    qtbot.waitUntil(lambda: controller.latest is not None and controller.latest.step == 0,
                    timeout=5000)
    assert controller.document.network.variables == picked


def test_start_here_from_the_context_menu_and_the_race_uses_that_start(qtbot, function_window):
    w = function_window
    view = w.landscape_view
    view._clicked_at = (2.0, 0.5)  # where the right-click menu opened
    view.start_here.trigger()
    qtbot.waitUntil(lambda: w.controller.document.network.variables == {"x": 2.0, "y": 0.5},
                    timeout=5000)
    panel = w.race_panel
    panel.spec.setText("sgd:lr=0.1,adam:lr=0.1")
    panel.steps.setValue(3)
    panel.pace.set_value(None)
    panel.start()
    qtbot.waitUntil(lambda: panel.frame is not None and panel.frame.finished, timeout=10000)
    assert panel.frame.start.tolist() == [2.0, 0.5]


def test_on_a_network_the_click_sets_the_two_parameters_shown(qtbot):
    w = open_window(qtbot, xor_document())
    try:
        view = w.landscape_view
        px, py = view.axes_shown()
        before = dict(w.controller.document.network.parameter_values())
        assert view.request_start(0.75, -0.5)
        doc = w.controller.document
        qtbot.waitUntil(lambda: w.controller.latest is not None
                        and w.controller.latest.version == w.controller.version, timeout=5000)
        values = doc.network.parameter_values()
        assert values[px] == 0.75 and values[py] == -0.5
        # the others as the slice holds them (the run had not moved: the start values)
        assert all(values[k] == pytest.approx(v) for k, v in before.items()
                   if k not in (px, py))
        theta = dict(zip(w.controller.latest.parameter_names, w.controller.latest.theta))
        assert theta[px] == 0.75 and theta[py] == -0.5 and w.controller.latest.step == 0
        w.undo_stack.undo()
        qtbot.waitUntil(lambda: w.controller.document.network.parameter_values()[px]
                        == before[px], timeout=5000)
    finally:
        w.close()


def test_no_surface_no_start(qtbot):
    from playground.ui.views.landscape_view import LandscapeView

    view = LandscapeView()
    qtbot.addWidget(view)
    assert view.point_values(0.0, 0.0) is None
    assert not view.request_start(0.0, 0.0)
