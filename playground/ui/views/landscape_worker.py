"""Loss-landscape surfaces computed off the GUI thread: latest request wins, coarse then fine.

A request names a plane (two parameters, a random plane or the trajectory
plane) through a point with a path. The worker evaluates the grid at each
resolution in turn, one per turn of its event loop, so a newer request
replaces an older one between resolutions rather than queueing behind it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, QThread, Signal, Slot

from playground.engine import landscape
from playground.engine.compiled import CompiledNetwork
from playground.engine.landscape.planes import TOO_FEW_PARAMETERS, landscape_axes
from playground.engine.training import prepare
from playground.io.document import Document
from playground.ui.threads import BurstWorker, ResultController
from playground.ui.views.contours import contour_lines
from playground.workspace.problem import Problem

RUNNING_RESOLUTIONS = (24, 48, 96)  # while training: coarse first, refreshed twice a second
FULL_RESOLUTIONS = (16, 32, 64, 128)  # paused, or a surface computed once
MODES = ("axes", "random", "pca", "hessian", "hessian-filter")
FILTERED_CURVATURE = "hessian-filter"  # the curvature plane, filter-normalised
# Translated where they are shown (context "LandscapeWorker").
MODE_LABELS = {
    "axes": QT_TRANSLATE_NOOP("LandscapeWorker", "two parameters"),
    "random": QT_TRANSLATE_NOOP("LandscapeWorker", "random plane"),
    "pca": QT_TRANSLATE_NOOP("LandscapeWorker", "trajectory plane"),
    "hessian": QT_TRANSLATE_NOOP("LandscapeWorker", "curvature plane"),
    "hessian-filter": QT_TRANSLATE_NOOP("LandscapeWorker", "curvature plane (filter-normalised)"),
}


@dataclass(frozen=True, eq=False)
class LandscapeRequest:
    """Which slice to compute, through which point, over which range."""

    version: int  # the document (structure) the point belongs to
    mode: str  # one of MODES
    theta: np.ndarray
    path: np.ndarray  # (N, P), the current point last
    axes: tuple[str, str] | None = None
    seed: int = 0
    range: tuple[float, float, float, float] | None = None  # None: cover the path
    resolutions: tuple[int, ...] = FULL_RESOLUTIONS
    serial: int = 0


@dataclass(frozen=True, eq=False)
class LandscapeResult:
    """One computed surface with its plane, contour levels and contour lines."""

    request: LandscapeRequest
    plane: landscape.Plane
    surface: landscape.Surface
    levels: np.ndarray
    log_levels: bool
    contour_x: np.ndarray  # pairs of points, one segment each
    contour_y: np.ndarray
    final: bool  # the last resolution of the request


class LandscapeProblem:
    """What a document's landscape is computed from: its compiled network and training data."""

    def __init__(self, source: Document | Problem):
        """From a built problem (this thread's own copy), or a document compiled here."""
        self.compiled: CompiledNetwork
        if isinstance(source, Problem):
            self.compiled, data = source.compiled, source.data
        else:
            self.compiled, data = prepare(source.network, source.data.build(),
                                          source.training.loss)
        self.x, self.y = data.x_train, data.y_train
        self._curvature_start: np.ndarray | None = None  # warm start: the last plane's u + v

    @property
    def exact(self) -> bool:
        """Two parameters: the slice is the whole surface and does not move."""
        return self.compiled.n_params == 2

    def plane(self, request: LandscapeRequest) -> landscape.Plane:
        names = self.compiled.parameter_names
        mode = request.mode
        if mode == "pca" and len(request.path) < 3:
            mode = "random"  # a trajectory needs a few points before it has directions
        if len(names) < 2:
            raise landscape.LandscapeError(TOO_FEW_PARAMETERS)
        if mode == "axes" or self.exact:
            p1, p2 = landscape_axes(names, request.axes)
            return landscape.axes_plane(self.compiled, request.theta, p1, p2)
        if mode == "pca":
            try:
                return landscape.trajectory_plane(request.path, request.theta)
            except landscape.LandscapeError:
                pass  # a path that has not moved yet has no principal directions
        if mode in ("hessian", "hessian-filter"):
            start = self._curvature_start
            if start is not None and start.shape != np.shape(request.theta):
                start = None
            plane = landscape.hessian_plane(self.compiled, request.theta, self.x, self.y,
                                            path=request.path, start=start,
                                            filter_normalized=mode == "hessian-filter")
            self._curvature_start = plane.u / np.linalg.norm(plane.u) + \
                plane.v / np.linalg.norm(plane.v)
            return plane
        return landscape.random_plane(self.compiled, request.theta, request.seed)

    def range_for(self, plane: landscape.Plane, request: LandscapeRequest
                  ) -> tuple[float, float, float, float]:
        if request.range is not None:
            return request.range
        coords, _ = landscape.project(plane, request.path)
        return landscape.auto_range(coords, 0.25)

    def surfaces(self, request: LandscapeRequest, cancelled: Callable[[], bool] | None = None
                 ) -> tuple[landscape.Plane, Iterator[landscape.Surface]]:
        plane = self.plane(request)
        rng = self.range_for(plane, request)
        return plane, landscape.refine(self.compiled, plane, self.x, self.y, rng,
                                       resolutions=request.resolutions, cancelled=cancelled)


def describe(request: LandscapeRequest, plane: landscape.Plane, surface: landscape.Surface,
             final: bool) -> LandscapeResult:
    """A result with contour levels and lines computed (off the GUI thread)."""
    z = np.asarray(surface.z, dtype=float)
    levels, log = landscape.contour_levels(z, 12)
    levels = np.asarray(levels, dtype=float)
    cx, cy = contour_lines(z, levels, surface.xs, surface.ys)
    return LandscapeResult(request, plane, surface, levels, bool(log), cx, cy, final)


def compute_now(problem: LandscapeProblem, request: LandscapeRequest) -> LandscapeResult:
    """The finest surface of a request, computed synchronously (for pictures and tests)."""
    plane = problem.plane(request)
    surface = landscape.evaluate(problem.compiled, plane, problem.x, problem.y,
                                 problem.range_for(plane, request), request.resolutions[-1])
    return describe(request, plane, surface, True)


class LandscapeWorker(BurstWorker):
    """Computes requested surfaces one resolution per event-loop turn; newest request wins."""

    result_ready = Signal(object)  # LandscapeResult
    failed = Signal(int, str)  # serial, why

    def __init__(self) -> None:
        super().__init__()
        self.problem: LandscapeProblem | None = None
        self.version = -1
        self._pending: LandscapeRequest | None = None
        self._job: tuple[LandscapeRequest, landscape.Plane, Iterator, int] | None = None

    @Slot(object, int)
    def set_document(self, source: Document | Problem, version: int) -> None:
        self._job = None
        self._pending = None
        try:
            self.problem = LandscapeProblem(source)
        except Exception as e:  # noqa: BLE001  (reported; the training side says the same)
            self.problem = None
            self.failed.emit(-1, str(e))
            return
        self.version = version

    @Slot(object)
    def compute(self, request: LandscapeRequest) -> None:
        self._pending = request
        self.schedule()

    def cancel(self) -> None:
        self._job = None
        self._pending = None

    def burst(self) -> bool:
        """One resolution of the newest request."""
        if self._pending is not None:
            request, self._pending = self._pending, None
            self._job = None
            if self.problem is None or request.version != self.version:
                return False
            try:
                plane, it = self.problem.surfaces(
                    request, QThread.currentThread().isInterruptionRequested)
            except Exception as e:  # noqa: BLE001
                self.failed.emit(request.serial, str(e))
                return False
            self._job = (request, plane, it, len(request.resolutions))
        if self._job is None:
            return False
        request, plane, it, left = self._job
        try:
            surface = next(it)
            left -= 1
            result = describe(request, plane, surface, left == 0)
        except (StopIteration, landscape.Cancelled):  # done, or the thread is stopping
            self._job = None
            return False
        except Exception as e:  # noqa: BLE001  (a failed surface is reported, never raised)
            self._job = None
            self.failed.emit(request.serial, str(e) or type(e).__name__)
            return False
        self._job = (request, plane, it, left) if left > 0 else None
        self.result_ready.emit(result)
        return self._job is not None or self._pending is not None


class LandscapeController(ResultController):
    """The GUI side of the landscape thread: requests in, the newest result out
    (LandscapeResult)."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(LandscapeWorker(), "landscape", parent)

    def set_document(self, document: Document, version: int) -> None:
        """Landscapes of `document`, compiled in the landscape thread."""
        self.version = version
        self._do_set_document.emit(document.copy(), version)
