"""What a hovered neuron computes: pre-activation, activation and delta on the training data.

Runs one forward and backward pass of the engine's compiled graph (the same one
training uses) at a snapshot's parameters. It compiles its own copy of the
network and builds its own data, so the live run's objects are never touched
from the GUI thread; it runs only on hover, on at most MAX_POINTS points.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QCoreApplication

from playground.engine.compiled import CompiledNetwork, compile_network
from playground.engine.training import features_for
from playground.io.document import Document
from playground.ui.training.worker import Snapshot
from playground.workspace.problem import Problem

MAX_POINTS = 2000  # a bigger training set is sampled (evenly) for the hover figures


@dataclass(frozen=True)
class NeuronStats:
    """One neuron over a batch: means of z and a, and the summed delta dL/dz."""

    points: int
    z_mean: float
    a_mean: float
    a_min: float
    a_max: float
    delta_sum: float


class NeuronProbe:
    """Hover figures for the neurons of one document, compiled once per document."""

    def __init__(self) -> None:
        self._document: Document | None = None
        self._compiled: CompiledNetwork | None = None
        self._x = np.empty((0, 0))
        self._y = np.empty((0, 0))
        self._failed = False
        self._problem: Problem | None = None

    def set_document(self, document: Document | None, problem: Problem | None = None) -> None:
        """Forget the compiled copy; it is taken from `problem` (read on this, the GUI,
        thread) or made again on the next hover."""
        self._document = document
        self._compiled = None
        self._failed = False
        self._problem = problem

    def _prepare(self) -> CompiledNetwork | None:
        if self._compiled is not None or self._failed or self._document is None:
            return self._compiled
        doc = self._document
        try:
            if self._problem is not None:
                compiled, data = self._problem.compiled, self._problem.data
            else:
                compiled = compile_network(doc.network, doc.training.loss)
                data = features_for(doc.data.build(), compiled.input_features)
        except Exception:  # noqa: BLE001  (no figures for a network that cannot train)
            self._failed = True
            return None
        x, y = data.x_train, data.y_train
        if len(x) > MAX_POINTS:
            keep = np.linspace(0, len(x) - 1, MAX_POINTS).round().astype(np.int64)
            x, y = x[keep], y[keep]
        self._compiled, self._x, self._y = compiled, x, y
        return compiled

    def stats(self, neuron_id: str, snap: Snapshot | None) -> NeuronStats | None:
        """The neuron's figures at the snapshot's parameters (the document's without one)."""
        compiled = self._prepare()
        if compiled is None or neuron_id not in compiled.position or not len(self._x):
            return None
        if snap is not None and snap.parameter_names == tuple(compiled.parameter_names):
            theta = snap.theta
        else:
            theta = compiled.parameters_of(self._document.network)
        trace = compiled.trace(theta, self._x, self._y)
        z, a, delta = trace.z(neuron_id), trace.a(neuron_id), trace.delta(neuron_id)
        return NeuronStats(len(self._x), float(np.mean(z)), float(np.mean(a)),
                           float(np.min(a)), float(np.max(a)), float(np.sum(delta)))


def describe(stats: NeuronStats | None, role: str, full_batch: bool) -> list[str]:
    """Tooltip lines for a neuron's figures."""
    if stats is None:
        return []
    batch = (
        QCoreApplication.translate("Probe", "the training batch")
        if full_batch
        else QCoreApplication.translate("Probe", "the training set")
    )
    lines = [
        QCoreApplication.translate("Probe", "over {batch} ({points} points):").format(
            batch=batch, points=stats.points
        )
    ]
    if role == "input":
        lines.append(
            QCoreApplication.translate(
                "Probe", "  value: mean {a_mean:.4g}, from {a_min:.4g} to {a_max:.4g}"
            ).format(a_mean=stats.a_mean, a_min=stats.a_min, a_max=stats.a_max)
        )
        return lines
    lines += [
        QCoreApplication.translate("Probe", "  pre-activation z: mean {z_mean:.4g}").format(
            z_mean=stats.z_mean
        ),
        QCoreApplication.translate(
            "Probe", "  activation a: mean {a_mean:.4g}, from {a_min:.4g} to {a_max:.4g}"
        ).format(a_mean=stats.a_mean, a_min=stats.a_min, a_max=stats.a_max),
        QCoreApplication.translate("Probe", "  delta ∂L/∂z: sum {delta_sum:.4g}").format(
            delta_sum=stats.delta_sum
        ),
    ]
    return lines
