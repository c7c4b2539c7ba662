"""The loss curve draws every loss where it is: tiny ones are not clipped, negative ones
(a function without a lower bound) turn the log scale off."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from playground.io.examples import article_function_document
from playground.ui.training.worker import take_snapshot
from playground.ui.views.loss_view import LossView


def _snapshot(train: list[float]):
    doc = article_function_document()
    snap = take_snapshot(doc.make_run(), 1)
    steps = np.arange(1, len(train) + 1, dtype=np.int64)
    return replace(snap, step=int(steps[-1]), history_steps=steps,
                   history_train=np.array(train), history_test=np.full(len(train), np.nan),
                   train_loss=train[-1])


def test_tiny_losses_are_drawn_where_they_are(qtbot):
    view = LossView()
    qtbot.addWidget(view)
    view.show_snapshot(_snapshot([50.0, 1e-3, 7e-129]))
    assert view.log_y.isChecked()
    y = view.train.yData  # the values given to the curve, before its log transform
    assert np.nanmin(y) == 7e-129  # not held at a 1e-12 floor


def test_a_loss_below_zero_turns_the_log_scale_off_and_says_why(qtbot):
    view = LossView()
    qtbot.addWidget(view)
    view.show_snapshot(_snapshot([3.2, 0.5, -2.0, -40.0]))
    assert not view.log_y.isChecked()
    assert "below 0" in view.log_y.toolTip()
    assert np.nanmin(view.train.yData) == -40.0
