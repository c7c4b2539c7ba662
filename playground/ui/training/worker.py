"""The training worker: owns the run in its own thread, trains in bursts, emits snapshots.

The GUI never touches the live run. It sends commands through queued signals
(`TrainingController`), and the worker answers with `Snapshot`s: copies of
what the views draw, at most ~30 a second however fast training goes.
"""

from __future__ import annotations

import functools
import math
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QEventLoop, QObject, QTimer, Signal, Slot

from playground.engine.metrics import accuracy
from playground.engine.network import Network
from playground.engine.training import TrainingRun
from playground.io.document import Document
from playground.ui.threads import BurstWorker, WorkerThread
from playground.ui.throttle import Throttle
from playground.workspace.problem import Problem, ProblemError, build_problem
from playground.workspace.run_policy import MAX_MARKS, carry_over
from playground.workspace.sharpness import SharpnessReading, SharpnessTracker

SNAPSHOT_INTERVAL = 1 / 30  # at most this many snapshots per second
# Train this long (or until a snapshot is due), then let the thread's event loop run:
# commands wait at most a frame, and each burst's return from the kernels, which has to
# win the GIL back from the painting GUI thread, comes once a frame rather than thrice
# (benchmarks/gui_latency.py prints how long the training thread was blocked).
BURST_SECONDS = SNAPSHOT_INTERVAL
MAX_PATH_POINTS = 500  # a snapshot's older path, thinned: enough to draw and for the PCA plane
RECENT_PATH_POINTS = 2000  # a snapshot's newest path points, every step: the zig-zag survives
HEAD_PATH_POINTS = 300  # and its first ones, every step: how the run started stays in view
DEFAULT_SPEED = 30.0  # steps per second at start: one a frame, a learner can follow each
EVERY_STEP_SPEED = 100.0  # up to this pace every step is recorded (path and loss curve)
MAX_SPEED_TIMER_MS = 10  # in paced mode, how often to check for due steps (at most)
RUN_ERROR = -1  # the `failed` version of an error that refuses no document


@dataclass(frozen=True, eq=False)
class Snapshot:
    """What the views draw at one moment of a run; every array is a private copy."""

    version: int  # which document (structure) this run belongs to
    step: int
    epoch: float
    train_loss: float
    test_loss: float
    steps_per_second: float
    lr: float
    theta: np.ndarray  # (P,) current parameters
    gradient: np.ndarray  # (P,) dL/dθ over the whole training set at theta
    history_steps: np.ndarray
    history_train: np.ndarray
    history_test: np.ndarray
    path: np.ndarray  # (N, P) recorded parameters (thinned), the current point last
    path_steps: np.ndarray  # (N,)
    parameter_names: tuple[str, ...]
    running: bool = False
    diverged: str | None = None
    sequence: int = field(default=0)  # increases with every snapshot of a worker
    marks: tuple[tuple[int, str], ...] = ()  # (step, what) of each edit the run went on from
    train_accuracy: float = math.nan  # classification only: share of points right
    test_accuracy: float = math.nan
    pace: float | None = None  # the steps per second aimed for; None: as fast as possible
    current_lr: float = math.nan  # the rate of the next step: lr times the schedule's factor
    sharpness: SharpnessReading | None = None  # λmax along the run and the stability edge


def thinned_pairs(steps: np.ndarray, limit: int) -> np.ndarray:
    """At most about `limit` indices into `steps`, evenly spread, in pairs of neighbours (an
    even step and the one after it): a zig-zag, which changes side every step, still does."""
    n = len(steps)
    if n <= limit:
        return np.arange(n)
    even = np.flatnonzero(np.asarray(steps, dtype=np.int64) % 2 == 0)
    anchors = even[thinned(len(even), max(limit // 2, 1))]
    # Each anchor and the index after it, interleaved: the anchors rise strictly, so the
    # sequence is already sorted and only neighbours can repeat (np.unique sorted it: a
    # third of an R-mini snapshot's time).
    pairs = np.empty(2 * len(anchors), dtype=np.int64)
    pairs[0::2] = anchors
    pairs[1::2] = np.minimum(anchors + 1, n - 1)
    if len(pairs) < 2:
        return pairs
    return pairs[np.concatenate(([True], pairs[1:] != pairs[:-1]))]


def recent_path(path: np.ndarray, steps: np.ndarray, n_params: int,
                current: tuple[np.ndarray, int] | None = None
                ) -> tuple[np.ndarray, np.ndarray]:
    """The recorded path for a snapshot: its first HEAD_PATH_POINTS and newest
    RECENT_PATH_POINTS points exactly (every step since the last snapshot among them),
    the ones between thinned to pairs of neighbours, so a zig-zag still alternates.
    `current` (theta, step) goes last when given.

    A wide network's path is megabytes, 30 times a second: the head and the recent
    points are copied as slices (gathering every row by index cost most of a snapshot),
    and the current point is written into the same copy."""
    n = len(path)
    rows_in = np.asarray(path, dtype=float).reshape(n, n_params)
    steps_in = np.asarray(steps, dtype=np.int64)
    cut = max(0, n - RECENT_PATH_POINTS)
    head = min(HEAD_PATH_POINTS, cut)
    middle = head + thinned_pairs(steps_in[head:cut], MAX_PATH_POINTS)
    pieces = ((slice(0, head), slice(0, head)),
              (slice(head, head + len(middle)), middle),
              (slice(head + len(middle), head + len(middle) + n - cut), slice(cut, n)))
    size = head + len(middle) + n - cut + (current is not None)
    rows, rows_steps = np.empty((size, n_params)), np.empty(size, dtype=np.int64)
    for into, source in pieces:
        rows[into], rows_steps[into] = rows_in[source], steps_in[source]
    if current is not None:
        rows[-1], rows_steps[-1] = current
    return rows, rows_steps


def take_snapshot(run: TrainingRun, version: int, running: bool = False,
                  steps_per_second: float = 0.0, sequence: int = 0,
                  marks: tuple[tuple[int, str], ...] = (),
                  pace: float | None = None,
                  sharpness: SharpnessReading | None = None) -> Snapshot:
    """Copy what the views need out of a run (call in the thread that owns the run)."""
    h = run.history
    theta = run.theta.copy()
    n_params = theta.shape[0]
    # One pass gives both (snapshots come up to ~30 times a second, on big data sets too).
    loss, grad = run.loss_and_gradient()
    if not np.isfinite(grad).all():
        grad = np.zeros_like(theta)
    # The history's own arrays (views): only the kept rows are copied.
    steps, train, test, path_steps, path_rows = h.arrays()
    current = not len(path_steps) or path_steps[-1] < run.step_count
    path, path_steps = recent_path(path_rows, path_steps, n_params,
                                   (theta, run.step_count) if current else None)
    train_acc = test_acc = math.nan
    if run.dataset.kind == "classification":
        kind = run.compiled.loss_spec.kind
        train_acc = accuracy(run.compiled.forward(run.theta, run.x), run.y, kind)
        if len(run.x_test):
            test_acc = accuracy(run.compiled.forward(run.theta, run.x_test), run.y_test, kind)
    return Snapshot(
        version=version, step=run.step_count, epoch=float(run.epoch),
        train_loss=float(loss), test_loss=run.test_loss(), steps_per_second=steps_per_second,
        lr=float(run.lr), theta=theta, gradient=np.array(grad, dtype=float),
        history_steps=steps.copy(), history_train=train.copy(), history_test=test.copy(),
        path=path, path_steps=path_steps,
        parameter_names=tuple(run.compiled.parameter_names),
        running=running, diverged=run.diverged, sequence=sequence, marks=marks,
        train_accuracy=train_acc, test_accuracy=test_acc, pace=pace,
        current_lr=float(run.current_lr), sharpness=sharpness)


def thinned(n: int, limit: int) -> np.ndarray:
    """At most `limit` indices into n items, evenly spread, first and last included."""
    if n <= limit:
        return np.arange(n)
    # n > limit: neighbours lie (n - 1) / (limit - 1) > 1 apart, so rounding keeps them
    # distinct and in order (np.unique's sort would change nothing).
    return np.linspace(0, n - 1, limit).round().astype(np.int64)


class RateMeter:
    """Steps per second over the last second or so."""

    def __init__(self, window: float = 1.0):
        self.window = window
        self._marks: deque[tuple[float, int]] = deque()

    def clear(self) -> None:
        self._marks.clear()

    @property
    def empty(self) -> bool:
        return not self._marks

    def mark(self, now: float, steps: int) -> None:
        self._marks.append((now, steps))
        while len(self._marks) > 2 and now - self._marks[1][0] >= self.window:
            self._marks.popleft()

    def rate(self) -> float:
        if len(self._marks) < 2:
            return 0.0
        (t0, s0), (t1, s1) = self._marks[0], self._marks[-1]
        return (s1 - s0) / (t1 - t0) if t1 > t0 else 0.0


def guarded(what: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """A worker slot whose unexpected errors pause the run and leave through `failed`
    (an uncaught one would only print a traceback the user never sees)."""
    def wrap(method: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(method)
        def slot(self: TrainingWorker, *args: Any) -> Any:
            try:
                return method(self, *args)
            except Exception as e:  # noqa: BLE001  (the user must hear of it; the thread goes on)
                self._fail(what, e)
            return None
        return slot
    return wrap


class TrainingWorker(BurstWorker):
    """Owns a TrainingRun; commands arrive as queued slot calls, snapshots leave as signals."""

    snapshot_ready = Signal(object)  # Snapshot
    failed = Signal(int, str)  # version of the refused document, why
    captured = Signal(int, object)  # request id, Document with the run's current state

    def __init__(self) -> None:
        super().__init__()
        self.run: TrainingRun | None = None
        self.version = 0
        self.running = False
        self.speed: float | None = DEFAULT_SPEED  # steps per second; None = as fast as possible
        self.captured_document: Document | None = None
        self._document: Document | None = None
        self._marks: tuple[tuple[int, str], ...] = ()
        self._sequence = 0
        self._meter = RateMeter()
        self._pace_start = 0.0
        self._pace_steps = 0
        self._dirty = False
        self._target: int | None = None  # step count a Step/Epoch command trains to, paused
        self._snapshots = Throttle(SNAPSHOT_INTERVAL, self._emit_if_dirty, self, keep_pace=True)
        # λmax along the run, measured here between bursts within a share of the time.
        self.sharpness = SharpnessTracker()

    # ------------------------------------------------------------------ commands
    @Slot(object, int, bool, str)
    @guarded(QT_TRANSLATE_NOOP("TrainingWorker", "taking the new document"))
    def set_document(self, problem: Problem, version: int, keep: bool, mark: str) -> None:
        """Train `problem` (this thread's own copy) from now on; `keep` goes on with the
        current run by the rule of workspace.run_policy, marking `mark` on the loss curve."""
        try:
            run = problem.make_run()
            kept = keep and self.run is not None
            if kept:
                carry_over(self.run, run)
        except Exception as e:  # noqa: BLE001  (any refusal must reach the user, not kill us)
            self.failed.emit(version, str(e) or type(e).__name__)
            return
        if kept and mark:
            self._marks = (self._marks + ((run.step_count, mark),))[-MAX_MARKS:]
        elif not kept:
            self._marks = ()
        if not kept or self.run is None or run.theta.shape != self.run.theta.shape:
            self.sharpness.reset()
        else:
            self.sharpness.unavailable = ""  # the loss or an activation may have changed
        self.run = run
        self._document = problem.document
        self.version = version
        self._restart_pace()
        if run.diverged or self._target is not None:
            self._set_running(False)  # a walk's target step belonged to the old run
        self._emit_now()

    @Slot(object, object)
    @guarded(QT_TRANSLATE_NOOP("TrainingWorker", "applying the edit"))
    def update_network(self, network: Network, values: dict) -> None:
        """Same structure, new positions or parameter values: set them in the run, go on."""
        run = self.run
        if run is None or set(network.parameter_values()) != set(run.compiled.index):
            return  # another structure: only set_document may bring it
        positions = {n.id: n.position for n in network.neurons}
        for n in run.network.neurons:  # what a capture saves
            n.position = positions.get(n.id, n.position)
        if values:
            run.network.set_parameters(values)  # the edit is also where Reset returns to
            for name, value in values.items():
                run.theta[run.compiled.index[name]] = float(value)
            self._emit_now()

    @Slot()
    @guarded(QT_TRANSLATE_NOOP("TrainingWorker", "starting training"))
    def play(self) -> None:
        if self.run is None:
            return
        if self.run.diverged:
            self._emit_now()
            return
        self._set_running(True)
        self._emit_now()

    @Slot()
    @guarded("pausing")
    def pause(self) -> None:
        self._set_running(False)
        if self.run is not None:
            self.run.record_now()
        self._emit_now()

    @Slot(int)
    @guarded("stepping")
    def step(self, n: int = 1) -> None:
        """Pause, then make `n` updates (`n` more after a Step or Epoch still under way)."""
        base = self._target
        self._set_running(False)
        if self.run is None:
            self._emit_now()
            return
        base = self.run.step_count if base is None else base
        self._walk_to(base + max(int(n), 0))

    @Slot()
    @guarded(QT_TRANSLATE_NOOP("TrainingWorker", "training an epoch"))
    def epoch(self) -> None:
        """Pause, then train to the end of the current epoch (the next one from a boundary)."""
        base = self._target
        self._set_running(False)
        if self.run is None:
            self._emit_now()
            return
        base = self.run.step_count if base is None else base
        per_epoch = self.run.batches_per_epoch
        self._walk_to(base + per_epoch - base % per_epoch)

    @Slot(int)
    @guarded("resetting")
    def reset(self, version: int) -> None:
        """Back to the starting parameters with a cleared history (and fresh optimizer)."""
        self._set_running(False)
        if self.run is not None:
            self.run.reset()
            self.run.record_now()
        self._marks = ()
        self.sharpness.reset()
        self.version = version
        self._emit_now()

    @Slot(float)
    @guarded(QT_TRANSLATE_NOOP("TrainingWorker", "changing the learning rate"))
    def set_lr(self, lr: float) -> None:
        """Change the learning rate; the next step uses it. Clears a divergence."""
        if self.run is None:
            return
        try:
            self.run.lr = lr
        except ValueError as e:
            self.failed.emit(self.version, str(e))
            return
        # The last finite parameters are kept, so a smaller rate may simply carry on.
        self.run.diverged = None
        self._dirty = True
        self._maybe_emit()

    @Slot(float)
    @guarded(QT_TRANSLATE_NOOP("TrainingWorker", "changing the speed"))
    def set_speed(self, steps_per_second: float) -> None:
        """Steps per second to aim for; 0 or less means as fast as possible."""
        self.speed = steps_per_second if steps_per_second > 0 else None
        self._restart_pace()
        if self.running:
            self.schedule(self._timer_interval(), repeat=True)
        self._dirty = True  # the status bar shows the pace
        self._maybe_emit()

    @Slot()
    @guarded(QT_TRANSLATE_NOOP("TrainingWorker", "drawing the run"))
    def refresh(self) -> None:
        """Emit a snapshot now (the GUI asks after it lost track, and tests use it)."""
        self._emit_now()

    @Slot(int)
    def capture(self, request: int = 0) -> None:
        """Store (and emit, for `request`) a copy of the document holding the run's state."""
        doc = None
        if self.run is not None and self._document is not None:
            try:
                doc = self._document.copy()
                doc.capture(self.run)
            except Exception as e:  # noqa: BLE001  (the waiting GUI must get an answer)
                self._fail(QT_TRANSLATE_NOOP("TrainingWorker", "saving the run's state"), e)
                doc = None
        self.captured_document = doc
        self.captured.emit(request, doc)

    def cancel(self) -> None:
        self.running = False
        self._snapshots.cancel()

    def _fail(self, what: str, error: Exception) -> None:
        """Pause and tell the GUI what went wrong (an unexpected error in a slot)."""
        self._set_running(False)
        why = str(error) or self.tr("no details")
        self.failed.emit(
            RUN_ERROR,
            self.tr("training paused: {what} failed ({name}: {why})").format(
                what=self.tr(what), name=type(error).__name__, why=why
            ),
        )
        try:
            self._emit_now()  # so the controls show the run paused
        except Exception:  # noqa: BLE001, S110  (a snapshot that fails again has been reported)
            pass

    # ------------------------------------------------------------------ training
    def _set_running(self, running: bool) -> None:
        """Play or pause; either ends a walk to a target step."""
        was_running = self.running
        self.running = running
        self._target = None
        if running:
            if not was_running:
                self._restart_pace()
            self.schedule(self._timer_interval(), repeat=True)
        else:
            self.unschedule()
            self._meter.clear()

    def _walk_to(self, target: int) -> None:
        """Train (paused) up to step `target` in bursts, so commands still get through."""
        run = self.run
        if run is None or target <= run.step_count or run.diverged:
            if run is not None:
                run.record_now()
            self._emit_now()
            return
        self._target = target
        self._restart_pace()
        self.schedule(0, repeat=True)

    def _busy(self) -> bool:
        """Training now: playing, or walking to a target step."""
        return self.running or self._target is not None

    def _timer_interval(self) -> int:
        if self.speed is None:
            return 0
        return max(1, min(MAX_SPEED_TIMER_MS, int(1000 / self.speed)))

    def _restart_pace(self) -> None:
        self._pace_start = time.perf_counter()
        self._pace_steps = 0
        # The meter starts with the first burst, not now: at a pace the first step is due
        # at once, so counting from here made it one step in a few ms (32 steps/s shown
        # right after Play at a pace of 1 step a second).
        self._meter.clear()

    def burst(self) -> bool:
        """Train for up to BURST_SECONDS (or the steps the pace allows); the schedule
        (every frame, or at the pace) brings the next burst."""
        self._train_burst()
        return False

    @guarded(QT_TRANSLATE_NOOP("TrainingWorker", "a training step"))
    def _train_burst(self) -> None:
        run = self.run
        if run is None or not self._busy():
            self.unschedule()
            return
        start = time.perf_counter()
        due_at = self._snapshots.due_at  # on the same clock (perf_counter)
        if self._dirty and due_at <= start:
            # A snapshot fell due while the last burst ran (its timer and this burst came
            # due together): send it before a whole burst more delays it by a frame.
            self._emit_now()
            start = time.perf_counter()
            due_at = self._snapshots.due_at
        deadline = start + BURST_SECONDS
        if due_at > start:
            deadline = min(deadline, due_at)  # end the burst when the next snapshot is due
        if self.speed is None or not self.running:  # Step/Epoch go as fast as they can
            budget = 1 << 62
            if self._meter.empty:  # flat out, the first burst's own time is a fair start
                self._meter.mark(start, run.step_count)
        else:
            # The first step comes at once, then one every 1/speed seconds.
            due = int((start - self._pace_start) * self.speed) + 1 - self._pace_steps
            if due > self.speed:  # more than a second behind (a slow burst): do not race
                self._restart_pace()
                due = 1
            budget = due
        if self._target is not None:
            budget = min(budget, self._target - run.step_count)
        # Slow enough to watch: step by step, every step into the history (the loss curve
        # too, and mini-batches get their training loss), so every step is drawn.
        each = self.running and self.speed is not None and self.speed <= EVERY_STEP_SPEED
        if each:
            made = 0
            ok = True
            while made < budget:
                ok = run.step()
                if not ok:
                    break
                made += 1
                run.record_now()
                if time.perf_counter() >= deadline:
                    break
        else:
            # In chunks: on the fast executor one call makes many steps without the GIL.
            made = run.train_for(deadline - time.perf_counter(), budget) if budget > 0 else 0
            ok = run.diverged is None
        self._pace_steps += made
        now = time.perf_counter()
        self._meter.mark(now, run.step_count)
        if not ok:
            self._set_running(False)
            self._emit_now()
            return
        if self._target is not None and run.step_count >= self._target:
            self._set_running(False)
            run.record_now()
            self._emit_now()
            return
        if made:
            self._dirty = True
            self._maybe_emit()

    # ------------------------------------------------------------------ snapshots
    def _maybe_emit(self) -> None:
        self._snapshots.request()

    @Slot()
    @guarded(QT_TRANSLATE_NOOP("TrainingWorker", "drawing the run"))
    def _emit_if_dirty(self) -> None:
        if self._dirty:  # the throttle has counted this snapshot (on its pace)
            self._send()

    def _emit_now(self) -> None:
        self._snapshots.cancel()
        self._snapshots.mark()
        self._send()

    def _send(self) -> None:
        self._dirty = False
        if self.run is None:
            return
        self._sequence += 1
        busy = self._busy()
        self.sharpness.set_flat_out(busy and (self.speed is None or not self.running))
        if self.sharpness.due(self.run):
            self.sharpness.measure(self.run)
        # Until a paced run's second burst, the pace aimed for stands in.
        rate = (self._meter.rate() or (self.speed or 0.0)) if busy else 0.0
        snap = take_snapshot(self.run, self.version, busy, rate, self._sequence,
                             self._marks, self.speed, self.sharpness.reading(self.run))
        self.snapshot_ready.emit(snap)


class TrainingController(QObject):
    """The GUI's handle on training: commands to the worker thread, coalesced snapshots back.

    `snapshot` carries the newest Snapshot of the current document; late snapshots
    of an older document are dropped. `document_changed` fires when a new document
    is sent (views rebuild), `failed` when the worker refused one or a command.
    """

    snapshot = Signal(object)
    document_changed = Signal(object)  # Document
    failed = Signal(str)
    idle = Signal(str)  # Play, Step or Epoch pressed with nothing that can train: why

    _do_set_document = Signal(object, int, bool, str)
    _do_update_network = Signal(object, object)
    _do_play = Signal()
    _do_pause = Signal()
    _do_step = Signal(int)
    _do_epoch = Signal()
    _do_reset = Signal(int)
    _do_set_lr = Signal(float)
    _do_set_speed = Signal(float)
    _do_refresh = Signal()
    _do_capture = Signal(int)

    def __init__(self, document: Document | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.document: Document | None = None
        self.problem: Problem | None = None  # the document compiled, read on the GUI thread
        self.version = 0
        self.latest: Snapshot | None = None
        self.pace: float | None = DEFAULT_SPEED  # steps per second aimed for; None: Max
        self._accepted: dict[int, tuple[Document, Problem]] = {}
        self._training_version = 0  # newest version the worker has confirmed by a snapshot
        # Captures waiting for the worker, by request id: each its own loop and answer,
        # so one started inside another's wait does not hold the outer one up.
        self._capture_loops: dict[int, QEventLoop] = {}
        self._capture_answers: dict[int, Document | None] = {}
        self._capture_ids = 0
        self._pending: Snapshot | None = None
        self.worker = TrainingWorker()
        w = self.worker
        self._do_set_document.connect(w.set_document)
        self._do_update_network.connect(w.update_network)
        self._do_play.connect(w.play)
        self._do_pause.connect(w.pause)
        self._do_step.connect(w.step)
        self._do_epoch.connect(w.epoch)
        self._do_reset.connect(w.reset)
        self._do_set_lr.connect(w.set_lr)
        self._do_set_speed.connect(w.set_speed)
        self._do_refresh.connect(w.refresh)
        self._do_capture.connect(w.capture)
        w.captured.connect(self._on_captured)
        w.snapshot_ready.connect(self._on_snapshot)
        w.failed.connect(self._on_failed)
        self._thread = WorkerThread(w, "training", self)
        self._deliver_timer = QTimer(self)
        self._deliver_timer.setSingleShot(True)
        self._deliver_timer.timeout.connect(self._deliver)
        if document is not None:
            self.set_document(document)

    # ------------------------------------------------------------------ commands
    def set_document(self, document: Document, keep: bool = False,
                     mark: str = "") -> int | None:
        """Train `document` from now on (compiled here, once). `keep` goes on with the
        current run (docs/architecture.md: what an edit keeps), marking `mark` on the loss
        curve; else the document's own run (or a fresh one) starts. Returns the new
        version, or None when the document cannot train (`failed` says why; nothing
        changes)."""
        try:
            problem = build_problem(document, self.problem)
        except ProblemError as e:
            waiting = keep and document.waits_for_points()
            if self.problem is None or waiting:
                # Nothing trains yet: show the document (the editor can fix it, or points
                # are drawn), train nothing. The worker keeps its run paused, so the first
                # point drawn after a clear carries it over.
                self.version += 1
                self.problem = None
                self.document = document.copy()
                self.latest = None
                self._do_pause.emit()
                self.document_changed.emit(self.document)
            if not waiting:
                self.failed.emit(str(e))
            return None if not waiting else self.version
        return self.set_problem(problem, keep, mark)

    def set_problem(self, problem: Problem, keep: bool = False, mark: str = "") -> int:
        """Train an already built problem (see `set_document`); returns its version."""
        self.version += 1
        self.problem = problem
        self.document = problem.document.copy()
        self._accepted[self.version] = (self.document, problem)
        self.latest = None
        self.document_changed.emit(self.document)
        self._do_set_document.emit(problem.for_thread(), self.version, keep, mark)
        return self.version

    def update_network(self, network: Network, values: dict[str, float] | None = None) -> None:
        """New positions or parameter values, same structure: the run goes on with `values`
        set in it (no restart, no `document_changed`)."""
        if self.document is not None:
            self.document.network = network.copy()  # in place: every holder sees it
            self._do_update_network.emit(network.copy(), dict(values or {}))

    def play(self) -> None:
        if self.problem is not None:  # else nothing can train (see set_document)
            self._do_play.emit()
        else:
            self._say_idle()

    def _say_idle(self) -> None:
        """A training command with nothing to train answers instead of doing nothing."""
        if self.document is not None and self.document.waits_for_points():
            self.idle.emit(self.tr("Nothing to train yet: the data set has no points. "
                                   "Click in the data view to add some."))
        elif self.document is not None:
            self.idle.emit(self.tr("Nothing to train: this document could not be built "
                                   "(the message above says why)."))

    def pause(self) -> None:
        self._do_pause.emit()

    def toggle(self) -> None:
        """Play if paused, pause if running (what Space does)."""
        if self.latest is not None and self.latest.running:
            self.pause()
        else:
            self.play()

    def step(self, n: int = 1) -> None:
        if self.problem is not None:
            self._do_step.emit(n)
        else:
            self._say_idle()

    def epoch(self) -> None:
        if self.problem is not None:
            self._do_epoch.emit()
        else:
            self._say_idle()

    def reset(self) -> None:
        """Back to the start of the current document, history cleared."""
        if self.document is None or self.problem is None:
            return
        self.version += 1
        self._accepted[self.version] = (self.document, self.problem)
        self.latest = None
        self.document_changed.emit(self.document)
        self._do_reset.emit(self.version)

    def set_lr(self, lr: float) -> None:
        if self.document is not None:
            self.document.training.hyper["lr"] = float(lr)
        self._do_set_lr.emit(float(lr))

    def set_speed(self, steps_per_second: float | None) -> None:
        """Aim for this many steps per second; None (or 0) for as fast as possible."""
        self.pace = steps_per_second if steps_per_second and steps_per_second > 0 else None
        self._do_set_speed.emit(float(steps_per_second or 0.0))

    def refresh(self) -> None:
        self._do_refresh.emit()

    def capture_document(self, timeout_ms: int = 5000) -> Document | None:
        """The document holding the run's current state (waits for the worker's next turn;
        None if it does not answer within `timeout_ms`). A document that cannot train has
        no run to capture: it is itself."""
        if self.problem is None and self.document is not None:
            return self.document.copy()
        self._capture_ids += 1
        request = self._capture_ids
        loop = QEventLoop()
        timer = QTimer()
        timer.setSingleShot(True)
        timer.timeout.connect(loop.quit)
        self._capture_loops[request] = loop
        self._do_capture.emit(request)
        timer.start(timeout_ms)
        loop.exec()
        timer.stop()
        del self._capture_loops[request]
        return self._capture_answers.pop(request, None)

    @Slot(int, object)
    def _on_captured(self, request: int, document: Document | None) -> None:
        loop = self._capture_loops.get(request)
        if loop is None:
            return  # its wait timed out: nobody wants it any more
        self._capture_answers[request] = document
        loop.quit()

    def is_running(self) -> bool:
        return self.latest is not None and self.latest.running

    def shutdown(self) -> None:
        """Stop the worker after its current burst and join its thread."""
        self._deliver_timer.stop()
        self._thread.shutdown()

    def thread_running(self) -> bool:
        return self._thread.is_running()

    # ------------------------------------------------------------------ snapshots
    @Slot(object)
    def _on_snapshot(self, snap: Snapshot) -> None:
        if snap.version != self.version:
            return  # from a document that has since been replaced
        if snap.version != self._training_version:
            self._training_version = snap.version
            for v in [v for v in self._accepted if v < snap.version]:
                del self._accepted[v]
        self._pending = snap
        if not self._deliver_timer.isActive():
            # Deliver after the queue drains: a backlog of snapshots draws only once.
            self._deliver_timer.start(0)

    @Slot()
    def _deliver(self) -> None:
        snap, self._pending = self._pending, None
        if snap is None or snap.version != self.version:
            return
        self.latest = snap
        self.snapshot.emit(snap)

    @Slot(int, str)
    def _on_failed(self, version: int, message: str) -> None:
        if version == self.version and self._training_version in self._accepted:
            # The newest document was refused: fall back to the one still training.
            self.version = self._training_version
            self.document, self.problem = self._accepted[self.version]
            self.document_changed.emit(self.document)
            self.refresh()
        self.failed.emit(message)
