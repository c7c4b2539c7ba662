"""A function document in the window: its graph, backprop step by step, edits, schedules."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from playground.engine.function import FunctionModel
from playground.engine.schedules import Schedule
from playground.engine.training import TrainingConfig
from playground.io.document import Document, ViewSettings
from playground.ui.main_window import MainWindow
from tests.ui.conftest import xor_document


def function_document() -> Document:
    return Document(FunctionModel("z = x*y\nf = z + z**2", {"x": 2.0, "y": 3.0}),
                    view=ViewSettings(axes=("x", "y")), name="z twice")


@pytest.fixture
def window(qtbot):
    w = MainWindow(function_document())
    qtbot.addWidget(w)
    w.resize(1200, 800)
    w.show()
    qtbot.waitUntil(lambda: w.controller.latest is not None, timeout=5000)
    yield w
    w.close()


def test_the_network_dock_shows_the_graph_and_other_docks_make_room(window):
    assert window.model_stack.currentWidget() is window.function_panel
    assert window.docks["network"].windowTitle().startswith("Function graph")
    assert window.docks["data"].isHidden()
    panel = window.function_panel
    # x, y, z = x*y, z**2, f: five nodes, z drawn once although used twice
    assert len(panel.items) == 5
    labels = [text.text().splitlines()[0] for _, text in panel.items.values()]
    assert labels.count("z") == 1
    window.controller.set_document(xor_document())
    assert window.model_stack.currentWidget() is window.network_view
    assert not window.docks["data"].isHidden()


def test_step_through_shows_z_gradient_as_the_sum_over_its_uses(qtbot, window):
    panel = window.function_panel
    formulas = []
    while panel.next.isEnabled():
        qtbot.mouseClick(panel.next, qtbot_left())
        formulas.append(panel.formula.text())
    z_step = next(f for f in formulas if f.startswith("grad[z] ="))
    assert "1·12 + 1·1 = 13" in z_step and "used 2 times" in z_step
    assert any(f.startswith("x ← x − lr·grad[x]") for f in formulas)
    z = window.function_panel.compiled.line_nodes["z"]
    # Before z's backward step its gradient is not known yet; after it, it is.
    panel.go(next(i for i, s in enumerate(panel.steps)
                  if s.kind == "backward" and s.target == str(z)) - 1)
    assert "grad ?" in panel.items[z][1].text()
    panel.go(panel.index + 1)
    assert "grad 13" in panel.items[z][1].text()


def qtbot_left():
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton


def test_a_bad_function_is_refused_with_a_caret_and_nothing_changes(window):
    panel = window.function_panel
    before = window.controller.version
    panel.text.setPlainText("f = x +* y")
    panel.apply_text()
    assert panel.error.isVisible() or not panel.error.isHidden()
    assert "invalid syntax" in panel.error.text() and "^" in panel.error.text()
    assert window.controller.version == before
    assert window.controller.document.network.lines == ["z = x*y", "f = z + z**2"]


def test_editing_the_function_is_undoable(window):
    panel = window.function_panel
    panel.text.setPlainText("f = x**2 + y**2")
    panel.start.setText("x=-5, y=-5")
    panel.apply_text()
    doc = window.controller.document
    assert doc.network.lines == ["f = x**2 + y**2"] and doc.network.variables == {
        "x": -5.0, "y": -5.0}
    assert len(panel.items) == 5  # x, y, x**2, y**2, f
    window.undo_stack.undo()
    assert window.controller.document.network.lines == ["z = x*y", "f = z + z**2"]


def test_schedule_controls_edit_the_document_and_the_status_bar_shows_the_rate(qtbot, window):
    controls = window.controls
    controls.schedule.kind.setCurrentIndex(controls.schedule.kind.findData("step"))
    schedule = window.controller.document.training.schedule
    assert schedule.kind == "step"
    controls.schedule.settings["every"].setValue(1)
    controls.schedule.settings["gamma"].setValue(0.5)
    assert window.controller.document.training.schedule == Schedule(
        "step", {"every": 1, "gamma": 0.5})
    x, y = controls.schedule.curve.getData()
    assert y[0] == pytest.approx(0.03) and y[1] == pytest.approx(0.015)
    window.controller.step(2)
    qtbot.waitUntil(lambda: window.controller.latest is not None
                    and window.controller.latest.step == 2, timeout=5000)
    assert window.status_lr.text() == "lr 0.0075"
    window.undo_stack.undo()
    window.undo_stack.undo()
    window.undo_stack.undo()
    assert window.controller.document.training.schedule.is_constant


def test_race_dock_plays_in_its_worker_and_fills_its_table(qtbot, window):
    panel = window.race_panel
    window.docks["race"].show()
    panel.spec.setText("sgd:lr=0.01,momentum:lr=0.01:momentum=0.9,adam:lr=0.05")
    panel.steps.setValue(100)
    panel.pace.set_value(None)
    panel.start()
    qtbot.waitUntil(lambda: panel.frame is not None and panel.frame.finished, timeout=10000)
    assert panel.races.thread_running()  # the race ran off the GUI thread
    assert panel.table.rowCount() == 3
    assert [panel.table.item(k, 0).text() for k in range(3)] == [
        "sgd:lr=0.01", "momentum:lr=0.01:momentum=0.9", "adam:lr=0.05"]
    assert panel.frame.step == 100 and panel.frame.start.tolist() == [2.0, 3.0]
    assert panel.plots is not None


def test_race_panel_refuses_a_bad_spec_in_one_line(window):
    panel = window.race_panel
    panel.spec.setText("sgd:lr=1,,adam")
    panel.start()
    assert panel.status.text().startswith("Not raced:") and "empty" in panel.status.text()
    assert panel.go.isEnabled()


def test_inspect_menu_leads_to_the_function_graph_dock(qtbot, window):
    tools = window.chain_rule
    panel = window.function_panel
    assert not tools.actions["jacobians"].isEnabled()  # a function has no levels
    tools.actions["step_through"].trigger()
    assert panel.index == 0 and window.docks["stepthrough"].isHidden()
    assert not window.docks["network"].isHidden()
    qtbot.waitUntil(lambda: not window.controller.is_running(), timeout=5000)
    # the step-through's keys walk the function's graph too
    panel.next.setFocus()
    qtbot.keyClick(panel.next, Qt.Key.Key_Right)
    assert panel.index == 1
    qtbot.keyClick(panel.next, Qt.Key.Key_End)
    assert panel.index == len(panel.steps) - 1
    qtbot.keyClick(panel.next, Qt.Key.Key_Escape)
    assert panel.index == -1
    # in the text, the arrow keys move the cursor, not the walk
    panel.text.setFocus()
    panel.text.moveCursor(QTextCursor.MoveOperation.Start)
    qtbot.keyClick(panel.text, Qt.Key.Key_Right)
    assert panel.text.textCursor().position() == 1 and panel.index == -1

    tools.actions["inspector"].trigger()  # the Inspector for a function: its paths
    qtbot.waitUntil(lambda: window.docks["inspector"].isHidden(), timeout=5000)
    assert "Σ over" in panel.paths.toPlainText()

    window.controller.set_document(xor_document())  # a network: the usual views again
    assert tools.actions["jacobians"].isEnabled()
    tools.actions["step_through"].trigger()
    assert window.docks["stepthrough"].isVisible()
    tools.stepthrough.exit()


def test_schedule_preview_axis_names_a_small_rate(window):
    schedule = window.controls.schedule
    schedule.set_base_lr(0.002)
    ticks = schedule.plot.getAxis("left")._tickLevels[0]
    assert [text for _, text in ticks] == ["0", "0.002"]


def test_graph_text_stays_inside_its_boxes_and_the_levels_follow_the_panel_shape(qtbot):
    from PySide6.QtGui import QUndoStack

    from playground.io.examples import function_example_document
    from playground.ui.training.worker import TrainingController
    from playground.ui.views.function_view import NODE_W, FunctionPanel

    controller = TrainingController(function_example_document("beale"))
    panel = FunctionPanel(controller, QUndoStack())
    qtbot.addWidget(panel)
    try:
        panel.resize(420, 800)
        panel.show()
        qtbot.waitExposed(panel)
        qtbot.waitUntil(lambda: panel.view.viewport().height() > 300, timeout=5000)
        panel._on_view_resized()
        assert panel._down  # a tall panel: levels run top to bottom
        for rect, text in panel.items.values():
            assert text.boundingRect().width() <= NODE_W - 5  # elided, never spilling over
            assert rect.toolTip()  # the whole expression is one hover away
        long_label = max(panel.items.values(), key=lambda it: len(it[0].toolTip()))
        assert "…" in long_label[1].text().splitlines()[0]
        panel.resize(1400, 300)
        qtbot.waitUntil(lambda: not panel._down, timeout=5000)  # wide: left to right
    finally:
        controller.shutdown()


def test_closing_the_race_dock_pauses_the_race(qtbot, window):
    panel = window.race_panel
    window.docks["race"].toggleViewAction().trigger()
    panel.steps.setValue(100_000)
    panel.pace.set_value(30.0)
    panel.start()
    qtbot.waitUntil(lambda: panel.frame is not None and panel.frame.running, timeout=10000)
    with qtbot.waitSignal(panel.races.frame, timeout=5000,
                          check_params_cb=lambda f: not f.running):
        window.docks["race"].toggleViewAction().trigger()
    assert window.docks["race"].isHidden()


def test_the_race_shares_the_runs_pace_control(qtbot, window):
    panel, main = window.race_panel, window.controls.speed
    main.set_value(10.0)
    main.faster()  # ] : 30 steps/s, for the run and the race alike
    assert window.controller.pace == 30.0 and panel.pace.value() == 30.0
    panel.pace.slower()  # moved in the race dock: the run's control follows
    assert main.value() == 10.0 and window.controller.pace == 10.0
    panel.steps.setValue(100_000)
    panel.start()
    qtbot.waitUntil(lambda: panel.frame is not None and panel.frame.running, timeout=10000)
    assert panel.frame.pace == 10.0
    main.faster()
    qtbot.waitUntil(lambda: panel.frame.pace == 30.0, timeout=5000)
    panel.races.pause()


def test_network_edits_are_off_for_a_function_and_back_for_a_network(qtbot, window):
    actions = window.editor.actions
    edits = (actions.add_hidden, actions.add_output, actions.add_input, actions.quick_build,
             actions.auto_layout, actions.select_all)
    assert not any(a.isEnabled() for a in edits)  # nothing to edit: no invisible undo entries
    before = window.undo_stack.count()
    actions.add_hidden.trigger()
    assert window.undo_stack.count() == before
    window.controller.set_document(xor_document())
    qtbot.waitUntil(lambda: actions.add_hidden.isEnabled(), timeout=5000)


def test_a_new_rate_at_the_same_point_rewrites_the_update_step(qtbot, window):
    window.controller.set_document(Document(
        FunctionModel("f = x**2 + y**2", {"x": -5.0, "y": -5.0}),
        training=TrainingConfig(hyper={"lr": 0.5}), view=ViewSettings(axes=("x", "y"))))
    panel = window.function_panel

    def update_rule() -> str:
        return next(s.formula for s in panel.steps if s.kind == "update")

    qtbot.waitUntil(lambda: panel.steps and "0.5·" in update_rule(), timeout=5000)
    window.controller.set_lr(0.9)  # paused: the point stays where it is
    qtbot.waitUntil(lambda: "0.9·" in update_rule(), timeout=5000)
    assert "= 4" in update_rule()  # x ← −5 − 0.9·(−10) = 4
