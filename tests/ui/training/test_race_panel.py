"""The race dock: runners played step by step at the pace, live paths, curves and table."""

from __future__ import annotations

import numpy as np
import pytest

from playground.engine.function import FunctionModel
from playground.io.document import Document, ViewSettings
from playground.ui.training.race_panel import PCA, TWO_AXES, RacePanel
from playground.ui.training.worker import TrainingController
from tests.ui.conftest import xor_document


def bowl() -> Document:
    return Document(FunctionModel("f = x**2 + 10*y**2", {"x": -4.0, "y": 1.5}),
                    view=ViewSettings(axes=("x", "y"), range=(-5.0, 5.0, -2.0, 2.0)),
                    name="bowl")


@pytest.fixture
def make_panel(qtbot):
    made = []

    def make(document: Document) -> RacePanel:
        controller = TrainingController(document)
        panel = RacePanel(controller)
        qtbot.addWidget(panel)
        panel.resize(900, 640)
        panel.show()
        made.append((panel, controller))
        return panel
    yield make
    for panel, controller in made:
        panel.shutdown()
        controller.shutdown()


def frames_of(panel: RacePanel) -> list:
    seen = []
    panel.races.frame.connect(seen.append)
    return seen


def test_a_race_plays_step_by_step_at_the_pace_and_the_table_follows(qtbot, make_panel):
    panel = make_panel(bowl())
    panel.spec.setText("sgd:lr=0.01,momentum:lr=0.01:momentum=0.9,adam:lr=0.1")
    panel.steps.setValue(10_000)
    panel.pace.set_value(30.0)
    seen = frames_of(panel)
    panel.start()
    qtbot.waitUntil(lambda: panel.frame is not None and panel.frame.step >= 6, timeout=10000)
    frame = panel.frame
    assert frame.running and frame.step < 200  # paced: nowhere near the 10,000 steps yet
    steps = [f.step for f in seen]
    assert steps == sorted(steps) and len(set(steps)) >= 3  # it grew over several frames
    # every step is recorded: each runner's path has a point per step made, plus the start
    assert all(len(c) >= frame.step for c in frame.coords)
    assert all(len(curve[0]) >= frame.step for curve in frame.curves)
    assert panel.table.rowCount() == 3
    assert panel.table.item(2, 0).text() == "adam:lr=0.1"
    assert panel.table.item(0, 1).text() == f"{frame.results[0]['final_loss']:.6g}"
    assert panel.plots.paths[0].getData()[0].size == len(frame.coords[0])
    assert panel.play.text() == "Pause"

    with qtbot.waitSignal(panel.races.frame, timeout=5000,
                          check_params_cb=lambda f: not f.running):
        panel.toggle()
    paused = panel.frame.step
    assert panel.play.text() == "Play"
    with qtbot.waitSignal(panel.races.frame, timeout=5000,
                          check_params_cb=lambda f: f.step == paused + 1):
        qtbot.mouseClick(panel.step_button, qtbot_left())
    assert not panel.frame.running


def test_at_max_pace_the_race_finishes_with_the_final_table(qtbot, make_panel):
    panel = make_panel(bowl())
    panel.spec.setText("sgd:lr=0.04,sgd:lr=0.11")
    panel.steps.setValue(300)
    panel.tolerance.setValue(1e-6)
    panel.pace.set_value(None)
    panel.start()
    qtbot.waitUntil(lambda: panel.frame is not None and panel.frame.finished, timeout=10000)
    frame = panel.frame
    assert frame.step == 300 and not frame.running
    assert not panel.play.isEnabled() and not panel.step_button.isEnabled()
    assert frame.results[0]["steps_to_tolerance"] is not None
    # lr 0.11 on 10·y²: |1 − 2·0.11·10| = 1.2 > 1, so the y-direction blows up
    assert frame.results[1]["diverged"]
    assert panel.table.item(1, 3).text().startswith("loss became larger")
    assert panel.table.item(0, 2).text() == f"{frame.results[0]['steps_to_tolerance']:,}"
    assert frame.surface.final and frame.surface.labels == ("x", "y")
    assert frame.surface.range == (-5.0, 5.0, -2.0, 2.0)  # the function's own range
    assert frame.start.tolist() == [-4.0, 1.5]


def test_a_network_race_on_two_chosen_parameters_and_on_the_pca_plane(qtbot, make_panel):
    panel = make_panel(xor_document())
    names = list(panel.controller.problem.parameter_names)
    panel.spec.setText("sgd:lr=0.1,adam:lr=0.05")
    panel.steps.setValue(40)
    panel.pace.set_value(None)
    panel.plane.setCurrentIndex(panel.plane.findData(TWO_AXES))
    assert panel.x_axis.isEnabled()
    panel.x_axis.setCurrentText(names[3])
    panel.y_axis.setCurrentText(names[5])
    panel.start()
    qtbot.waitUntil(lambda: panel.frame is not None and panel.frame.finished, timeout=10000)
    frame = panel.frame
    assert frame.surface.labels == (names[3], names[5]) and frame.surface.kind == "axes"
    x0, x1, y0, y1 = frame.surface.range
    for coords in frame.coords:  # the range covers every path
        assert (coords[:, 0] >= x0).all() and (coords[:, 0] <= x1).all()
        assert (coords[:, 1] >= y0).all() and (coords[:, 1] <= y1).all()
    assert frame.coords[0][0].tolist() == [frame.start[3], frame.start[5]]

    panel.plane.setCurrentIndex(panel.plane.findData(PCA))
    assert not panel.x_axis.isEnabled()
    panel.start()
    qtbot.waitUntil(lambda: panel.frame is not None and panel.frame.finished, timeout=10000)
    assert panel.frame.surface.kind == "pca"
    assert panel.frame.surface.labels[0].startswith("PCA 1")


def test_the_race_takes_the_mini_batch_setting(qtbot, make_panel):
    panel = make_panel(xor_document())
    assert panel.batch.isEnabled() and panel.batch.value() == 0  # the document's full batch
    panel.spec.setText("sgd:lr=0.1")
    panel.steps.setValue(5)
    panel.pace.set_value(None)
    panel.batch.setValue(10)
    panel.start()
    qtbot.waitUntil(lambda: panel.frame is not None and panel.frame.finished, timeout=10000)
    assert panel.frame.batch_size == 10
    function = make_panel(bowl())
    assert not function.batch.isEnabled()  # a function has no points to batch


def test_a_bad_race_is_one_line_and_nothing_plays(make_panel):
    panel = make_panel(bowl())
    panel.spec.setText("sgd:lr=1,,adam")
    panel.start()
    assert panel.status.text().startswith("Not raced:") and "empty" in panel.status.text()
    assert panel.frame is None and not panel.races.thread_running()


def test_the_race_starts_from_the_start_point_or_from_where_training_is(qtbot, make_panel):
    panel = make_panel(bowl())
    controller = panel.controller
    controller.step(5)
    qtbot.waitUntil(lambda: controller.latest is not None and controller.latest.step == 5,
                    timeout=5000)
    panel.spec.setText("sgd:lr=0.01")
    panel.steps.setValue(2)
    panel.pace.set_value(None)
    panel.start()
    qtbot.waitUntil(lambda: panel.frame is not None and panel.frame.finished, timeout=10000)
    assert panel.frame.start.tolist() == [-4.0, 1.5]
    panel.origin.setCurrentIndex(panel.origin.findData("now"))
    panel.start()
    qtbot.waitUntil(lambda: panel.frame is not None and panel.frame.finished, timeout=10000)
    np.testing.assert_array_equal(panel.frame.start, controller.latest.theta)


def qtbot_left():
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton


def test_a_short_dock_folds_the_settings_away_while_racing(qtbot, make_panel):
    panel = make_panel(bowl())
    panel.resize(900, 300)
    assert panel.settings.isVisible()
    panel.spec.setText("sgd:lr=0.01")
    panel.steps.setValue(3)
    panel.pace.set_value(None)
    panel.start()
    assert not panel.settings.isVisible() and not panel.settings_button.isChecked()
    qtbot.waitUntil(lambda: panel.frame is not None and panel.frame.finished, timeout=10000)
    panel.settings_button.click()
    assert panel.settings.isVisible()


def test_a_one_variable_function_races_without_a_plane(qtbot, make_panel):
    panel = make_panel(Document(FunctionModel("f = (x - 2)**2", {"x": -1.0}), name="line"))
    panel.spec.setText("sgd:lr=0.1,adam:lr=0.1")
    panel.steps.setValue(50)
    panel.pace.set_value(None)
    panel.start()
    qtbot.waitUntil(lambda: panel.frame is not None and panel.frame.finished, timeout=10000)
    frame = panel.frame
    assert frame.surface is None and all(len(c) == 0 for c in frame.coords)
    assert frame.results[0]["final_point"]["x"] == pytest.approx(2.0, abs=1e-3)
    assert len(frame.curves[0][0]) == 51  # the loss curve still grows, step by step


def test_two_parameters_start_as_the_landscapes_axes(make_panel):
    doc = xor_document()
    names = doc.make_run().compiled.parameter_names
    doc.view.axes = (names[-1], names[4])
    panel = make_panel(doc)
    assert (panel.x_axis.currentText(), panel.y_axis.currentText()) == (names[-1], names[4])


@pytest.mark.parametrize(("span", "step"), [(0.3, 1.0), (26.7, 50.0), (133.0, 200.0),
                                            (500.0, 500.0), (3000.0, 5000.0)])
def test_nice_step_numbers(span, step):
    from playground.ui.files.race_picture import nice_step

    assert nice_step(span) == step
