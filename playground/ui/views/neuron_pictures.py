"""The neuron pictures, computed off the GUI thread: newest parameters win.

The GUI asks for the pictures of some parameters (ten times a second while
training at most); the worker computes all neurons' pictures in one forward
pass on its own copy of the compiled network and sends them back as RGBA
arrays. A request that arrives while one is computed replaces the waiting one,
so the pictures lag the run by at most one computation.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QObject, Signal, Slot

from playground.ui.threads import BurstWorker, WorkerThread
from playground.ui.throttle import Throttle
from playground.ui.views.class_colours import class_lut, probabilities
from playground.ui.views.data_view import heatmap_lut
from playground.workspace.neuron_pictures import (
    ClassTint,
    PictureSource,
    picturable,
    picture_source,
    pictures,
)
from playground.workspace.problem import Problem

REFRESH_SECONDS = 0.1  # pictures follow a running training ten times a second


def source_of(problem: Problem | None) -> PictureSource | None:
    """The pictures' source for `problem` (its own compiled network: call on a thread copy),
    or None when there is nothing to picture (a function, data without a plane)."""
    if problem is None or problem.document.is_function:
        return None
    roles = {n.id: n.role for n in problem.document.network.neurons}
    return picture_source(problem.compiled, problem.dataset, roles,
                          problem.document.training.loss.kind)


def tint_of(problem: Problem | None) -> ClassTint | None:
    """The data view's class colours for `problem`'s outputs when it has several classes."""
    if problem is None or problem.document.is_function:
        return None
    ds = problem.dataset
    if ds.kind != "classification" or ds.n_outputs < 2:
        return None
    kind = problem.document.training.loss.kind
    return ClassTint(lambda outputs: probabilities(outputs, kind),
                     tuple(class_lut(k) for k in range(ds.n_outputs)))


class PictureWorker(BurstWorker):
    """Computes the pictures of the newest parameters, one request per burst."""

    ready = Signal(int, object)  # version, {neuron id: RGBA array}
    skipped = Signal(int)  # version: a request that gave no pictures (a failed computation)

    def __init__(self, lut: np.ndarray) -> None:
        super().__init__()
        self.lut = lut
        self.source: PictureSource | None = None
        self.tint: ClassTint | None = None
        self.version = -1
        self._pending: np.ndarray | None = None

    @Slot(object, int)
    def set_problem(self, problem: Problem | None, version: int) -> None:
        self._pending = None
        self.version = version
        try:
            self.source, self.tint = source_of(problem), tint_of(problem)
        except Exception:  # noqa: BLE001  (no pictures is a fine answer for odd data)
            self.source, self.tint = None, None

    @Slot(object, int)
    def request(self, theta: np.ndarray, version: int) -> None:
        if version == self.version:
            self._pending = theta
            self.schedule()

    def cancel(self) -> None:
        self._pending = None

    def burst(self) -> bool:
        theta, self._pending = self._pending, None
        source = self.source
        if theta is None:
            return False
        if source is None or len(theta) != source.compiled.n_params:
            self.skipped.emit(self.version)
            return False
        try:
            result = pictures(source, theta, self.lut, self.tint)
        except Exception:  # noqa: BLE001  (a diverged theta draws nothing, never raises)
            self.skipped.emit(self.version)
            return self._pending is not None
        self.ready.emit(self.version, result)
        return self._pending is not None


class NeuronPictures(QObject):
    """The GUI side of the pictures thread: parameters in, pictures out."""

    ready = Signal(object)  # {neuron id: RGBA array}, for the current document
    cleared = Signal()  # the document has no pictures
    skipped = Signal()  # a request for the current document gave no pictures

    _do_set_problem = Signal(object, int)
    _do_request = Signal(object, int)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.worker = PictureWorker(heatmap_lut())
        self._do_set_problem.connect(self.worker.set_problem)
        self._do_request.connect(self.worker.request)
        self.worker.ready.connect(self._on_ready)
        self.worker.skipped.connect(self._on_skipped)
        self._thread = WorkerThread(self.worker, "neuron pictures", self)
        self.version = 0
        self.active = False
        self._n_params = -1
        self._latest: np.ndarray | None = None
        self._throttle = Throttle(REFRESH_SECONDS, self._send, self)

    def set_problem(self, problem: Problem | None) -> None:
        """Pictures of `problem`'s network (None: no pictures until the next one)."""
        self.version += 1
        # Active when pictures will come: the worker's source exists (a cheap check here)
        self.active = problem is not None and not problem.document.is_function and \
            picturable(problem.compiled, problem.dataset)
        self._n_params = problem.compiled.n_params if problem is not None else -1
        self._latest = None
        self._do_set_problem.emit(problem.for_thread() if self.active else None, self.version)
        if not self.active:
            self.cleared.emit()

    def request(self, theta: np.ndarray) -> None:
        """Pictures for `theta` (at most one computation per refresh; the newest wins)."""
        if not self.active or len(theta) != self._n_params:
            return
        self._latest = np.array(theta, dtype=float)  # a copy: the run updates in place
        self._throttle.request()

    def request_now(self, theta: np.ndarray) -> None:
        """Pictures for `theta` at once: for a caller that paces itself (the network view
        while training, whose weights wait for them). Through the refresh throttle, a
        request a few ms early waited a whole refresh, and the drawing held for a fifth
        of a second every few updates (new-user test)."""
        if not self.active or len(theta) != self._n_params:
            return
        self._latest = np.array(theta, dtype=float)
        self._throttle.fire_now()

    def _send(self) -> None:
        if self._latest is not None:
            self._do_request.emit(self._latest, self.version)

    @Slot(int, object)
    def _on_ready(self, version: int, result: dict) -> None:
        if version == self.version:
            self.ready.emit(result)

    @Slot(int)
    def _on_skipped(self, version: int) -> None:
        if version == self.version:
            self.skipped.emit()

    def shutdown(self) -> None:
        self._throttle.cancel()
        self._thread.shutdown()

    def thread_running(self) -> bool:
        return self._thread.is_running()
