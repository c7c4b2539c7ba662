"""The sharpness tracker: when it measures, what it keeps, and what it cannot measure."""

from __future__ import annotations

import math

import numpy as np
import pytest

from playground.engine import activations
from playground.engine.function import FunctionModel
from playground.engine.network import layered
from playground.engine.training import TrainingConfig
from playground.io.document import DataSpec, Document
from playground.workspace.sharpness import SharpnessTracker


def bowl_run(lr: float = 0.09):
    doc = Document(FunctionModel("f = x**2 + 10*y**2", {"x": -4.5, "y": 1.5}),
                   training=TrainingConfig(hyper={"lr": lr}))
    return doc.make_run()


def test_measures_once_per_step_and_reads_the_current_edge():
    run = bowl_run()
    tracker = SharpnessTracker(budget=1.0)
    assert tracker.due(run, now=0.0)
    s = tracker.measure(run)
    assert s.lam_max == pytest.approx(20.0, abs=1e-12) and s.lam_min == pytest.approx(2.0)
    assert not tracker.due(run, now=math.inf)  # the run has not moved
    run.lr = 0.11
    reading = tracker.reading(run)
    assert reading.edge_now == pytest.approx(2 / 0.11) and reading.past_edge is True
    # No step since: the edge drawn at this step is the one the next step meets (a line
    # from the old rate's edge to the new one would cross λmax for no reason).
    assert reading.edges[0] == pytest.approx(2 / 0.11)
    run.steps(1)
    assert tracker.due(run, now=math.inf)
    tracker.measure(run)
    run.lr = 0.05
    reading = tracker.reading(run)
    # A step taken: the earlier reading keeps the edge it was stepped with.
    assert reading.edges[0] == pytest.approx(2 / 0.11)
    assert reading.edges[-1] == pytest.approx(2 / 0.05)


def test_the_time_budget_spaces_measurements():
    run = bowl_run()
    tracker = SharpnessTracker(budget=0.01, flat_out_budget=0.001)
    tracker.measure(run)
    run.steps(1)
    started, took = tracker._last_started, tracker._last_took
    assert took > 0
    # The next may come only after 100 times what the last one took...
    assert not tracker.due(run, now=started + took / 0.01 - 1e-9)
    assert tracker.due(run, now=started + took / 0.01 + 1e-9)
    # ...and training flat out, after 1000 times; back at a pace, the paced spacing again.
    tracker.set_flat_out(True)
    assert not tracker.due(run, now=started + took / 0.01 + 1e-9)
    assert tracker.due(run, now=started + took / 0.001 + 1e-9)
    tracker.set_flat_out(False)
    assert tracker.due(run, now=started + took / 0.01 + 1e-9)


@pytest.mark.parametrize("budget", [0.0, -0.1, 1.5])
def test_a_budget_outside_zero_to_one_is_refused(budget):
    with pytest.raises(ValueError, match="budget"):
        SharpnessTracker(budget=budget)
    with pytest.raises(ValueError, match="budget"):
        SharpnessTracker(flat_out_budget=budget)


def test_history_is_bounded_and_keeps_the_newest():
    run = bowl_run(0.01)
    tracker = SharpnessTracker(budget=1.0, capacity=16)
    for _ in range(200):
        run.steps(1)
        tracker.measure(run)
    reading = tracker.reading(run)
    assert len(reading.steps) < 16
    assert reading.steps[-1] == 200 and np.all(np.diff(reading.steps) > 0)
    run.reset()
    tracker.measure(run)
    assert list(tracker.reading(run).steps) == [0]


def test_a_missing_second_derivative_is_said_once(monkeypatch):
    plain = activations.ACTIVATIONS["tanh"]
    monkeypatch.setitem(activations.ACTIVATIONS, "tanh", type(plain)(
        plain.name, plain.label, plain.f, plain.df, plain.kernel32, plain.formula,
        plain.derivative, plain.glyph))
    doc = Document(network=layered("2-4-1", "tanh", "tanh", seed=1),
                   data=DataSpec("xor", n_points=40))
    run = doc.make_run()
    tracker = SharpnessTracker()
    assert tracker.measure(run) is None
    assert "no second derivative" in tracker.reading(run).unavailable
    run.steps(1)
    assert not tracker.due(run, now=math.inf)


def test_near_the_edge_an_unconverged_estimate_is_refined():
    from playground.engine.curvature import run_sharpness
    from playground.engine.network import layered

    doc = Document(network=layered("2-6-6-1", "tanh", "linear", seed=3),
                   data=DataSpec("xor", n_points=60),
                   training=TrainingConfig(hyper={"lr": 0.1}))
    run = doc.make_run()
    exact = run_sharpness(run).lam_max
    run.lr = 2.0 / exact * 1.02  # the edge 2% below λmax: past it, barely
    short = run_sharpness(run, steps=3, restarts=0)
    tracker = SharpnessTracker(steps=3, budget=1.0)
    s = tracker.measure(run)
    assert short.lam_max < s.lam_max  # three products alone fall short (a lower bound)
    assert s.lam_max == pytest.approx(exact, rel=1e-6)
    assert tracker.reading(run).past_edge is True


def test_a_run_too_large_to_measure_between_bursts_is_not_tracked_and_says_why(monkeypatch):
    from playground.workspace import sharpness

    run = bowl_run()
    monkeypatch.setattr(sharpness, "MAX_WORK", len(run.x) * len(run.theta) - 1)
    tracker = SharpnessTracker(budget=1.0)
    assert not tracker.due(run, now=math.inf)
    assert "not tracked" in tracker.unavailable and "playground curvature" in tracker.unavailable
    reading = tracker.reading(run)
    assert not reading.measured and reading.unavailable == tracker.unavailable
