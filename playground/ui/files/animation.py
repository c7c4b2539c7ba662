"""A run as a movie: the landscape with the path growing step by step (and optionally the
loss curve with the step marked), written as a GIF, an APNG or an MP4.

Widgets paint only on the GUI thread, so the frames are drawn there one per turn
of the event loop (a zero-time QTimer: the window stays live and Cancel works);
the file is then encoded on a Python thread. The surface is computed once, for
the whole path (or taken from the window), and stays put: frames differ only in
the path, the points and the arrow, so the picture does not jump.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QHBoxLayout, QWidget

from playground.io.animation import AnimationError, AnimationWriter
from playground.io.document import Document
from playground.ui import style
from playground.ui.files.pictures import picture_image
from playground.ui.training.replay import replay_snapshot
from playground.ui.training.worker import Snapshot
from playground.ui.views.landscape_view import LandscapeView
from playground.ui.views.landscape_worker import LandscapeProblem, LandscapeResult, compute_now
from playground.ui.views.loss_view import LossView
from playground.workspace.problem import Problem

# Colours a GIF's palette keeps exactly: the path, its ends, the arrow, the loss curves.
MARKER_COLOURS = tuple(
    tuple(int(c[i:i + 2], 16) for i in (1, 3, 5))
    for c in (style.PATH, style.PATH_EDGE, style.START, style.CURRENT, style.GRADIENT,
              style.TRAIN, style.TEST, style.TEXT, style.MUTED, "#ff00ff"))


def rgb_array(image: QImage) -> np.ndarray:
    """A QImage as a (height, width, 3) uint8 array (a copy)."""
    image = image.convertToFormat(QImage.Format.Format_RGB888)
    w, h = image.width(), image.height()
    raw = np.frombuffer(image.constBits(), dtype=np.uint8, count=image.sizeInBytes())
    return raw.reshape(h, image.bytesPerLine())[:, :3 * w].reshape(h, w, 3).copy()


@dataclass
class AnimationRequest:
    """What to animate: the run's final snapshot (with its recorded path), which steps
    become frames, how big and how fast."""

    document: Document
    snapshot: Snapshot
    steps: np.ndarray  # the step of each frame, ascending
    out: Path
    fps: float
    size: tuple[int, int]
    with_loss: bool = False
    problem: Problem | None = None  # compiled on the GUI thread: losses of replayed steps
    surface: LandscapeResult | None = None  # the window's surface, reused as it is


class FrameView(QWidget):
    """The off-screen picture a frame is painted from: the landscape, with the loss curve
    beside it when asked for."""

    def __init__(self, request: AnimationRequest):
        super().__init__()
        snap, doc = request.snapshot, request.document
        self.landscape = LandscapeView()
        self.loss = LossView() if request.with_loss else None
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(16)  # the colour bar's label and the loss axis's apart
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, QColor(style.BACKGROUND))
        self.setPalette(palette)
        self.setAutoFillBackground(True)
        row.addWidget(self.landscape.plot, 3)  # the drawing, without its toolbar
        if self.loss is not None:
            row.addWidget(self.loss.plot, 2)
        self.resize(*request.size)
        self._problem: LandscapeProblem | None = None
        view = self.landscape
        view.set_document(doc, snap.version, snap.parameter_names)
        if request.surface is not None and request.surface.request.version == snap.version:
            # The window's surface over the window's range, not a new one.
            view.view_range = request.surface.request.range
            view.follow.setChecked(False)
            view.show_result(request.surface)
        else:
            problem = LandscapeProblem(doc)
            view.requested.connect(self._compute)
            self._problem = problem
        if self.loss is not None:
            self.loss.set_document(doc)
        # Laid out and painted, never mapped on a screen.
        self.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
        self.show()
        settle()
        self.show_step(snap)  # the whole run first: the range covers the whole path
        view.show_snapshot(snap)  # again, once the axes have their extent
        # From now on the surface stays as it is: the frames move only the path.
        self._problem = None
        view.follow.setChecked(False)

    def _compute(self, request) -> None:
        if self._problem is not None:
            self.landscape.show_result(compute_now(self._problem, request))

    def show_step(self, snap: Snapshot, replaying: bool = False) -> None:
        self.landscape.show_snapshot(snap)
        if self.loss is not None:
            self.loss.show_snapshot(snap)
            self.loss.show_marker(snap.step if replaying else None, snap.train_loss)
        settle()

    def frame(self, size: tuple[int, int]) -> np.ndarray:
        return rgb_array(picture_image(self, size))


def settle() -> None:
    from PySide6.QtWidgets import QApplication

    for _ in range(2):
        QApplication.processEvents()


class AnimationJob(QObject):
    """Draws the frames one per event-loop turn, then encodes the file on a thread.

    `progress(done, total)` after each frame, `encoding()` when the frames are drawn,
    then `finished(path)` or `failed(message)` (also for a cancel: "cancelled").
    """

    progress = Signal(int, int)
    encoding = Signal()
    finished = Signal(object)  # Path
    failed = Signal(str)

    def __init__(self, request: AnimationRequest, parent: QObject | None = None):
        super().__init__(parent)
        self.request = request
        self.writer = AnimationWriter(request.out, request.fps, request.size,
                                      len(request.steps), MARKER_COLOURS)
        self.view: FrameView | None = None
        self.done = 0
        self.cancelled = False
        self.outcome: Path | str | None = None  # the file written, or why not
        self._thread: threading.Thread | None = None
        self._encoded: Path | Exception | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._next)
        self._poll = QTimer(self)
        self._poll.setInterval(30)
        self._poll.timeout.connect(self._check_encoded)

    def start(self) -> None:
        self._timer.start()

    def cancel(self) -> None:
        """Stop drawing (an encoding under way runs out, then its file is removed)."""
        if self.outcome is not None:
            return
        self.cancelled = True
        if self._thread is None:
            self._timer.stop()
            self.writer.cancel()
            self._close_view()
            self._end("cancelled")

    def is_active(self) -> bool:
        return self.outcome is None

    def _next(self) -> None:
        # Drawing a frame lets the event loop run (settle()), so a Cancel or a closing
        # window may end the job in the middle of it: look again after each part.
        try:
            if self.view is None:
                view = FrameView(self.request)
                if self.outcome is not None:  # cancelled while it was being built
                    view.close()
                    view.deleteLater()
                    return
                self.view = view
            view = self.view
            step = int(self.request.steps[self.done])
            snap = replay_snapshot(self.request.snapshot, step, self.request.problem)
            view.show_step(snap, replaying=True)
            if self.outcome is not None:
                return
            frame = view.frame(self.request.size)
            if self.outcome is not None:
                return
            self.writer.add(frame)
        except (AnimationError, ValueError) as e:
            self._timer.stop()
            self.writer.cancel()
            self._close_view()
            self._end(str(e))
            return
        self.done += 1
        self.progress.emit(self.done, len(self.request.steps))
        if self.done >= len(self.request.steps):
            self._timer.stop()
            # The frame view is deleted once the encoder is done, not while it runs: a GIF
            # export aborted with heap corruption under load while the main thread was
            # collecting the view's items and the encoder was in Pillow (not reproduced
            # since; this keeps Qt deletions and the encoder apart).
            self.encoding.emit()
            self._thread = threading.Thread(target=self._encode, name="animation-encoder",
                                            daemon=True)
            self._thread.start()
            self._poll.start()

    def _encode(self) -> None:
        try:
            self._encoded = self.writer.finish()
        except Exception as e:  # noqa: BLE001  (handed back to the GUI thread as a message)
            self._encoded = e

    def _check_encoded(self) -> None:
        if self._thread is None or self._thread.is_alive():
            return
        self._poll.stop()
        self._thread.join()
        result = self._encoded
        if isinstance(result, Exception):
            self._end(str(result) or type(result).__name__)
        elif self.cancelled:
            Path(result).unlink(missing_ok=True)
            self._end("cancelled")
        else:
            self._end(result)

    def wait(self, timeout: float = 60.0) -> None:
        """Join the encoding thread (shutting down)."""
        if self._thread is not None:
            self._thread.join(timeout)
            if self.cancelled and isinstance(self._encoded, Path):
                self._encoded.unlink(missing_ok=True)

    def _close_view(self) -> None:
        if self.view is not None:
            self.view.close()
            self.view.deleteLater()
            self.view = None

    def _end(self, outcome: Path | str) -> None:
        self._close_view()
        self.outcome = outcome
        if isinstance(outcome, Path):
            self.finished.emit(outcome)
        else:
            self.failed.emit(outcome)
