"""Sharpness in the app: measured off the GUI thread, drawn on the loss plot, and the status
bar saying, before a step is taken, whether the run will settle or blow up."""

from __future__ import annotations

import math

import numpy as np
import pytest

from playground.io.examples import EXAMPLES_DIR
from playground.io.files import load_document
from playground.ui.main_window import MainWindow


def bowl(lr: float):
    """The elongated bowl f = x² + 10y²: Hessian diag(2, 20), so λmax = 20 everywhere."""
    doc = load_document(EXAMPLES_DIR / "fn-elongated-bowl-10.json")
    doc.training.hyper["lr"] = lr
    return doc


def open_window(qtbot, doc) -> MainWindow:
    w = MainWindow(doc)
    qtbot.addWidget(w)
    w.resize(1200, 800)
    w.show()
    qtbot.waitUntil(lambda: w.controller.latest is not None
                    and w.controller.latest.sharpness is not None
                    and w.controller.latest.sharpness.measured, timeout=5000)
    return w


def stepped_window(qtbot, steps: int) -> MainWindow:
    """The bowl at lr 0.09 after `steps` steps, with a reading of the last one."""
    w = open_window(qtbot, bowl(0.09))
    w.controller.step(steps)
    qtbot.waitUntil(lambda: w.controller.latest.step == steps
                    and w.controller.latest.sharpness.step == steps, timeout=5000)
    return w


@pytest.mark.parametrize("factor", [0.95, 1.05])
def test_done_when_the_app_says_which_before_it_happens(qtbot, factor):
    # The app's own measurement gives λmax; the rate is set from it, as a learner would.
    probe = open_window(qtbot, bowl(0.01))
    lam = probe.controller.latest.sharpness.lam_max_now
    probe.close()
    assert abs(lam - 20.0) < 1e-9
    lr = factor * 2.0 / lam
    w = open_window(qtbot, bowl(lr))
    try:
        snap = w.controller.latest
        # Before any step: the verdict is already in the status bar.
        assert snap.step == 0
        verdict = w.status_edge.text()
        predicted_divergence = "past edge" in verdict
        assert predicted_divergence == (factor > 1.0)
        assert f"2/lr {2.0 / lr:.4g}" in verdict and "λmax 20" in verdict
        w.controller.set_speed(None)
        w.controller.play()
        if factor > 1.0:
            qtbot.waitUntil(lambda: w.controller.latest.diverged is not None, timeout=10000)
        else:
            qtbot.waitUntil(lambda: w.controller.latest.step >= 400, timeout=10000)
            w.controller.pause()
            qtbot.waitUntil(lambda: not w.controller.latest.running, timeout=5000)
            final = w.controller.latest
            assert final.diverged is None and final.train_loss < 1e-12
    finally:
        w.close()


def test_loss_plot_draws_lambda_max_and_the_edge_on_its_own_axis(qtbot):
    w = stepped_window(qtbot, 5)
    try:
        sharp = w.loss_view.sharpness
        assert sharp.box.isVisible() and w.loss_view.item.getAxis("right").isVisible()
        _, lam = sharp.curve.getData()
        _, edges = sharp.edge.getData()
        np.testing.assert_allclose(lam, 20.0)
        np.testing.assert_allclose(edges, 2.0 / 0.09)
        # Its own axis: linear, whatever the loss axis does.
        assert not w.loss_view.item.getAxis("right").logMode
        assert w.loss_view.log_y.isChecked()
        assert w.status_edge.text() == "λmax 20 ≤ 2/lr 22.22"
        # A faster rate moves the edge at once, without a new measurement.
        w.controller.set_lr(0.11)
        qtbot.waitUntil(lambda: "past edge" in w.status_edge.text(), timeout=5000)
        w.loss_view.show_sharpness.setChecked(False)
        assert not sharp.box.isVisible()
    finally:
        w.close()


def test_adaptive_optimizer_shows_lambda_max_without_an_edge(qtbot):
    doc = bowl(0.05)
    doc.training.optimizer = "adam"
    doc.training.hyper = {"lr": 0.05}
    w = open_window(qtbot, doc)
    try:
        text = w.status_edge.text()
        assert text.startswith("λmax 20") and "edge" not in text and "2/lr" not in text
        assert w.controller.latest.sharpness.past_edge is None
        assert math.isnan(w.controller.latest.sharpness.edges[0])
    finally:
        w.close()


def test_curvature_takes_the_smaller_budget_while_training_flat_out(qtbot):
    from playground.workspace.sharpness import BUDGET, FLAT_OUT_BUDGET

    w = open_window(qtbot, bowl(0.01))
    tracker = w.controller.worker.sharpness
    try:
        w.controller.set_speed(None)
        w.controller.play()
        qtbot.waitUntil(lambda: w.controller.latest.running
                        and tracker.budget == FLAT_OUT_BUDGET, timeout=5000)
        w.controller.pause()
        qtbot.waitUntil(lambda: not w.controller.latest.running, timeout=5000)
        assert tracker.budget == BUDGET
        w.controller.set_speed(30.0)  # a pace a learner can follow: the larger budget
        w.controller.play()
        qtbot.waitUntil(lambda: w.controller.latest.running, timeout=5000)
        assert tracker.budget == BUDGET
    finally:
        w.close()


def test_each_reading_is_a_dot_while_there_are_few(qtbot):
    from playground.ui.views import sharpness_plot

    w = stepped_window(qtbot, 5)
    try:
        sharp = w.loss_view.sharpness
        reading = w.controller.latest.sharpness
        xs, ys = sharp.dots.getData()
        assert len(xs) == len(reading.steps) >= 2  # one dot a reading, none at "now"
        np.testing.assert_allclose(ys, reading.lam_max)
        many = type(reading)(np.arange(1.0, sharpness_plot.MAX_DOTS + 2),
                             np.full(sharpness_plot.MAX_DOTS + 1, 20.0),
                             np.full(sharpness_plot.MAX_DOTS + 1, 2 / 0.09), step=5,
                             lam_max_now=20.0, edge_now=2 / 0.09)
        sharp.show(many, 5, True)
        assert len(sharp.dots.getData()[0]) == 0  # a solid line: no dots
    finally:
        w.close()
