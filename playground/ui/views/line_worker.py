"""The loss along a line, computed off the GUI thread: the newest request wins.

A request names the line (start → current point, or the top Hessian eigenvector
through the current point) and carries the points it needs; the worker builds
the line and evaluates the loss along it in one burst (a few vectorised calls),
so a newer request waits at most one burst.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QObject, Signal, Slot

from playground.engine.landscape.line import Line, eigen_line, line_losses, start_line
from playground.engine.landscape.planes import LandscapeError
from playground.io.document import Document
from playground.ui.threads import BurstWorker, ResultController
from playground.ui.views.landscape_worker import LandscapeProblem
from playground.workspace.problem import Problem


@dataclass(frozen=True, eq=False)
class LineRequest:
    """Which line, through which points (copies from a snapshot)."""

    version: int
    mode: str  # "start" | "eigen"
    theta: np.ndarray
    start: np.ndarray
    v_max: np.ndarray | None = None  # the training worker's newest top eigenvector
    serial: int = 0


@dataclass(frozen=True, eq=False)
class LineResult:
    request: LineRequest
    line: Line
    losses: np.ndarray
    model: np.ndarray | None  # the quadratic model along the eigenvector line


def compute_line(problem: LandscapeProblem, request: LineRequest) -> LineResult:
    """Build the requested line and the loss along it (any thread; LandscapeError if bad)."""
    if request.mode == "eigen":
        line = eigen_line(problem.compiled, request.theta, problem.x, problem.y,
                          request.start, request.v_max)
    else:
        line = start_line(request.start, request.theta)
    losses = line_losses(problem.compiled, line, problem.x, problem.y)
    return LineResult(request, line, losses, line.quadratic())


class LineWorker(BurstWorker):
    """Computes the newest requested line, one per event-loop turn."""

    result_ready = Signal(object)  # LineResult
    failed = Signal(int, str)  # serial, why

    def __init__(self) -> None:
        super().__init__()
        self.problem: LandscapeProblem | None = None
        self.version = -1
        self._pending: LineRequest | None = None

    @Slot(object, int)
    def set_document(self, source: Document | Problem, version: int) -> None:
        self._pending = None
        try:
            self.problem = LandscapeProblem(source)
        except Exception as e:  # noqa: BLE001  (the training side reports the same)
            self.problem = None
            self.failed.emit(-1, str(e))
            return
        self.version = version

    @Slot(object)
    def compute(self, request: LineRequest) -> None:
        self._pending = request
        self.schedule()

    def cancel(self) -> None:
        self._pending = None

    def burst(self) -> bool:
        request, self._pending = self._pending, None
        if request is None or self.problem is None or request.version != self.version:
            return False
        try:
            result = compute_line(self.problem, request)
        except LandscapeError as e:
            self.failed.emit(request.serial, str(e))
            return False
        except Exception as e:  # noqa: BLE001  (a failed line is reported, never raised)
            self.failed.emit(request.serial, f"{type(e).__name__}: {e}")
            return False
        self.result_ready.emit(result)
        return self._pending is not None


class LineController(ResultController):
    """The GUI side of the line thread: requests in, the newest result out (LineResult)."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(LineWorker(), "line", parent)
