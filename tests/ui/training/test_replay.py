"""The timeline: scrubbing a paused run shows the recorded parameters of an earlier step in
every view, and Play goes on from the live state."""

from __future__ import annotations

import numpy as np
import pytest

from playground.io.examples import example_path
from playground.io.files import load_document
from playground.ui.main_window import MainWindow
from playground.ui.training.replay import replay_snapshot
from playground.ui.training.worker import take_snapshot
from playground.workspace.replay import frame_steps, point_at


@pytest.fixture
def window(qtbot):
    w = MainWindow(load_document(example_path("sigmoid-neuron")))
    qtbot.addWidget(w)
    w.resize(1200, 800)
    w.show()
    qtbot.waitUntil(lambda: w.controller.latest is not None, timeout=5000)
    yield w
    w.close()


def recorded(window, step: int) -> np.ndarray:
    """The parameters the run's own history recorded at `step` (the worker is idle)."""
    history = window.controller.worker.run.history
    steps = np.array(history.path_steps)
    (where,) = np.flatnonzero(steps == step)
    return history.path_array()[where]


def shown_weights(window) -> dict[str, float]:
    scene = window.network_view.network_scene
    values = {name: item.weight for name, item in scene.connections.items()}
    values.update({f"b:{nid}": item.bias for nid, item in scene.neurons.items()
                   if getattr(item, "bias", None) is not None})
    return values


def test_scrubbing_a_500_step_run_to_step_100_shows_its_recorded_weights(qtbot, window):
    window.controller.step(500)
    qtbot.waitUntil(lambda: window.controller.latest.step == 500, timeout=10000)
    names = window.controller.latest.parameter_names
    live_w = window.network_view.network_scene.connections["w:x1->o1"].weight
    assert window.timeline.slider.isEnabled()
    assert window.timeline.slider.maximum() == 500

    window.timeline.slider.setValue(100)

    expected = recorded(window, 100)
    shown = shown_weights(window)
    for i, name in enumerate(names):
        assert shown[name] == expected[i], name
    assert shown["w:x1->o1"] != live_w
    snap = window.timeline.shown
    assert snap.step == 100
    # The landscape's path ends at step 100; the loss curve marks step 100 at its loss.
    assert window.landscape_view.snap.path_steps[-1] == 100
    assert len(window.landscape_view.snap.path) == 101
    assert window.loss_view.marker_line.isVisible()
    assert window.loss_view.marker_step == 100
    assert snap.train_loss == pytest.approx(
        window.controller.problem.compiled.loss(expected, *_train(window)), rel=1e-12)
    assert "100" in window.timeline.label.text()


def _train(window):
    data = window.controller.problem.data
    return data.x_train, data.y_train


def test_play_after_scrubbing_goes_on_from_the_live_state(qtbot, window):
    window.controller.step(200)
    qtbot.waitUntil(lambda: window.controller.latest.step == 200, timeout=10000)
    window.timeline.slider.setValue(50)
    assert window.timeline.replaying
    window.controller.step(10)
    qtbot.waitUntil(lambda: window.controller.latest.step == 210, timeout=10000)
    assert not window.timeline.replaying
    assert not window.loss_view.marker_line.isVisible()
    live = window.controller.latest
    shown = shown_weights(window)
    for i, name in enumerate(live.parameter_names):
        assert shown[name] == live.theta[i]


def test_live_button_returns_to_the_current_step(qtbot, window):
    window.controller.step(30)
    qtbot.waitUntil(lambda: window.controller.latest.step == 30, timeout=10000)
    window.timeline.slider.setValue(3)
    assert window.timeline.live_button.isEnabled()
    window.timeline.live_button.click()
    assert not window.timeline.replaying
    assert window.timeline.slider.value() == 30
    assert window.landscape_view.snap.step == 30


def test_replay_of_a_thinned_record_shows_the_newest_point_before(sigmoid_run):
    run = sigmoid_run
    snap = take_snapshot(run, version=1)
    keep = np.r_[0:10, 20:len(snap.path_steps)]  # as if steps 10..19 had been thinned out
    from dataclasses import replace
    thin = replace(snap, path=snap.path[keep], path_steps=snap.path_steps[keep])
    replayed = replay_snapshot(thin, 15)
    assert replayed.step == 9
    assert np.array_equal(replayed.theta, snap.path[9])
    assert replayed.path_steps[-1] == 9


@pytest.fixture
def sigmoid_run():
    run = load_document(example_path("sigmoid-neuron")).make_run()
    run.steps(40)
    run.record_now()
    return run


def test_point_at_and_frame_steps():
    steps = np.array([0, 1, 2, 10, 11, 40])
    assert point_at(steps, 0) == 0
    assert point_at(steps, 5) == 2
    assert point_at(steps, 11) == 4
    assert point_at(steps, 1000) == 5
    with pytest.raises(ValueError, match="nothing recorded"):
        point_at(np.array([]), 3)
    frames = frame_steps(0, 1000, 11)
    assert frames[0] == 0 and frames[-1] == 1000 and len(frames) == 11
    assert len(frame_steps(0, 3, 10)) == 4  # no step twice
    with pytest.raises(ValueError, match="frames"):
        frame_steps(0, 10, 1)
    with pytest.raises(ValueError, match="forwards"):
        frame_steps(10, 5, 3)


def test_a_refresh_keeps_the_replay_and_an_edit_ends_it(qtbot, window):
    window.controller.step(60)
    qtbot.waitUntil(lambda: window.controller.latest.step == 60, timeout=10000)
    window.timeline.slider.setValue(10)
    with qtbot.waitSignal(window.controller.snapshot, timeout=5000):
        window.controller.refresh()
    assert window.timeline.replaying and window.landscape_view.snap.step == 10
    network = window.controller.document.network.copy()
    with qtbot.waitSignal(window.controller.snapshot, timeout=5000):
        window.controller.update_network(network, {"w:x1->o1": 2.5})
    assert not window.timeline.replaying
    assert window.network_view.network_scene.connections["w:x1->o1"].weight == 2.5


def test_a_run_past_two_billion_steps_still_scrubs(qtbot, window):
    from dataclasses import replace

    window.controller.step(40)
    qtbot.waitUntil(lambda: window.controller.latest.step == 40, timeout=10000)
    timeline, snap = window.timeline, window.controller.latest
    far = 3_000_000_000  # a QSlider holds 32-bit values
    big = replace(snap, step=far + 40, path_steps=np.asarray(snap.path_steps) + far)
    timeline.on_snapshot(big)  # raised OverflowError for every snapshot
    assert timeline.slider_step() == pytest.approx(far + 40, rel=1e-8)
    timeline.slider.setValue(timeline.slider.minimum())
    assert timeline.shown is not None and timeline.shown.step >= far
