"""Replay: the views as they were at an earlier step of the recorded run, and the timeline
under the views that scrubs through it while training is paused.

Scrubbing only looks back: the run stays where it is and Play continues from
its live state. A replayed step shows the newest recorded parameters at or
before it (every step of the recent window, a thinned sample further back).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSlider, QToolButton, QWidget

from playground.engine.metrics import accuracy
from playground.ui.training.worker import Snapshot, TrainingController
from playground.workspace.problem import Problem
from playground.workspace.replay import point_at

SLIDER_SPAN = 1 << 30  # slider positions at most (QSlider values are 32-bit ints)


def replay_snapshot(snap: Snapshot, step: int, problem: Problem | None = None) -> Snapshot:
    """`snap` as it was at `step`: the recorded parameters there, the path up to them, and
    (with `problem`, compiled on this thread) their loss, gradient and accuracy; the loss
    history stays whole so the curve can mark the step on it."""
    i = point_at(snap.path_steps, step)
    theta = np.array(snap.path[i], dtype=float)
    shown = int(snap.path_steps[i])
    steps, train, test = snap.history_steps, snap.history_train, snap.history_test
    if not len(steps) or steps[-1] < snap.step:  # the live point, as the loss view adds it
        steps = np.append(steps, snap.step)
        train = np.append(train, snap.train_loss)
        test = np.append(test, snap.test_loss)
    train_loss = test_loss = math.nan
    train_acc = test_acc = math.nan
    gradient = np.zeros_like(theta)
    if problem is not None and len(theta) == problem.compiled.n_params:
        compiled, data = problem.compiled, problem.data
        with np.errstate(all="ignore"):
            loss, grad = compiled.loss_and_grad(theta, data.x_train, data.y_train)
            train_loss = float(loss)
            if np.isfinite(grad).all():
                gradient = np.array(grad, dtype=float)
            if len(data.x_test):
                test_loss = float(compiled.loss(theta, data.x_test, data.y_test))
            if data.kind == "classification":
                kind = compiled.loss_spec.kind
                train_acc = accuracy(compiled.forward(theta, data.x_train), data.y_train, kind)
                if len(data.x_test):
                    test_acc = accuracy(compiled.forward(theta, data.x_test), data.y_test, kind)
    else:
        j = int(np.searchsorted(steps, shown))
        if j < len(steps) and steps[j] == shown:
            train_loss, test_loss = float(train[j]), float(test[j])
    batches = snap.step / snap.epoch if snap.epoch > 0 else 1.0
    return replace(snap, step=shown, epoch=shown / batches, theta=theta, gradient=gradient,
                   train_loss=train_loss, test_loss=test_loss, train_accuracy=train_acc,
                   test_accuracy=test_acc, path=snap.path[:i + 1],
                   path_steps=snap.path_steps[:i + 1], history_steps=steps,
                   history_train=train, history_test=test, running=False,
                   steps_per_second=0.0, diverged=None)


class Timeline(QWidget):
    """A slider over the recorded steps: dragging it (paused) shows the views at that step.

    `show(snapshot, replaying)` draws a snapshot in every view; the timeline calls it
    with a replayed one while scrubbing and with the live one when it comes back. The
    window hands it each live snapshot (`on_snapshot`) after drawing it.
    """

    def __init__(self, controller: TrainingController,
                 show: Callable[[Snapshot, bool], None], parent: QWidget | None = None):
        super().__init__(parent)
        self.controller = controller
        self._show = show
        self.live: Snapshot | None = None
        self.shown: Snapshot | None = None  # the replayed snapshot on screen, None when live
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, 0)
        self.slider.setToolTip(self.tr(
            "Drag to look back through the recorded run (when paused). This only shows the "
            "past: the run stays where it is, and Play continues from its live state."))
        self.label = QLabel()
        self.label.setMinimumWidth(10)
        self.live_button = QToolButton()
        self.live_button.setText(self.tr("Live"))
        self.live_button.setToolTip(self.tr("Show the run's current step again"))
        self.live_button.setEnabled(False)
        row = QHBoxLayout(self)
        row.setContentsMargins(6, 2, 6, 2)
        row.addWidget(QLabel(self.tr("timeline")))
        row.addWidget(self.slider, 1)
        row.addWidget(self.label)
        row.addWidget(self.live_button)
        self.slider.valueChanged.connect(self._on_value)
        self.live_button.clicked.connect(self.go_live)
        controller.document_changed.connect(self._on_document)
        self._on_document()

    @property
    def replaying(self) -> bool:
        return self.shown is not None

    def _on_document(self, *_args) -> None:
        self.live = self.shown = None
        self._set_slider(0, 0)
        self.slider.setEnabled(False)
        self.live_button.setEnabled(False)
        self.label.setText(self.tr("no run yet"))

    def on_snapshot(self, snap: Snapshot) -> None:
        """A live snapshot, once the views have drawn it. Paused on the same step, a replay on
        screen is drawn again over it; anything else ends the replay."""
        previous, self.live = self.live, snap
        # A refresh of the same paused state keeps the replay; an edit (new parameters or
        # a new document) or a step brings the live run back.
        keep = self.shown is not None and not snap.running and previous is not None \
            and previous.step == snap.step and previous.version == snap.version \
            and np.array_equal(previous.theta, snap.theta)
        scrub = not snap.running and len(snap.path_steps) > 1
        self.slider.setEnabled(scrub)
        if keep:
            self._set_slider(int(snap.path_steps[0]), snap.step, self.slider_step())
            self.scrub_to(self.slider_step())
            return
        self.shown = None
        self._set_slider(int(snap.path_steps[0]) if len(snap.path_steps) else 0, snap.step,
                         snap.step)
        self.live_button.setEnabled(False)
        if snap.running:
            self.label.setText(self.tr("step {n} (pause to look back)").format(n=f"{snap.step:,}"))
        else:
            self.label.setText(self.tr("step {n} (live)").format(n=f"{snap.step:,}"))

    def _set_slider(self, lo: int, hi: int, value: int | None = None) -> None:
        # A QSlider holds 32-bit values and a run may reach 2**53 steps: past 2**30 a
        # slider position stands for `_unit` steps.
        self._unit = unit = max(1, -(-max(hi, 1) // SLIDER_SPAN))
        self.slider.blockSignals(True)
        self.slider.setRange(lo // unit, max(lo, hi) // unit)
        if value is not None:
            self.slider.setValue(value // unit)
        self.slider.setPageStep(max(1, (hi - lo) // unit // 20))
        self.slider.blockSignals(False)

    def slider_step(self) -> int:
        """The step the slider points at."""
        return self.slider.value() * self._unit

    def _on_value(self, value: int) -> None:
        self.scrub_to(value * self._unit)

    def scrub_to(self, step: int) -> None:
        """Show the views at `step` (the live ones at the run's own step)."""
        live = self.live
        if live is None or live.running:
            return
        if step >= live.step:
            self.go_live()
            return
        self.shown = replay_snapshot(live, step, self.controller.problem)
        self._show(self.shown, True)
        self.live_button.setEnabled(True)
        self.label.setText(self.tr("viewing step {s} of {n}: Play goes on from {n}").format(
            s=f"{self.shown.step:,}", n=f"{live.step:,}"))

    def go_live(self) -> None:
        """Back to the run's current step."""
        live = self.live
        was = self.shown
        self.shown = None
        self.live_button.setEnabled(False)
        if live is None:
            return
        self._set_slider(self.slider.minimum() * self._unit, live.step, live.step)
        self.label.setText(self.tr("step {n} (live)").format(n=f"{live.step:,}"))
        if was is not None:
            self._show(live, False)
