"""The race worker: owns an optimizer race in its own thread and plays it at a pace.

The same pattern as the training worker: commands come in as queued slot calls
(start, play, pause, step, pace), the race is stepped in short bursts at the
chosen steps per second (every step recorded, so paths and loss curves grow
step by step), and `RaceFrame`s leave at most ~30 times a second as copies.
The plane the paths are drawn on and the surface on it are computed here too:
once for a function's variables, again for a network when a runner leaves the
range shown or (on the PCA plane of all paths) as the paths grow.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

import numpy as np
from PySide6.QtCore import QObject, QThread, Signal, Slot

from playground.engine import landscape
from playground.engine.race import Race, RaceError, RaceView, parse_runners, race_view
from playground.io.document import Document
from playground.ui.threads import BurstWorker, WorkerThread
from playground.ui.throttle import Throttle
from playground.ui.training.worker import BURST_SECONDS, SNAPSHOT_INTERVAL, RateMeter

LIVE_RESOLUTION = 48  # the surface while the race plays: quick to compute
FINAL_RESOLUTION = {True: 96, False: 64}  # paused or finished, by "is a function"
PLANE_SECONDS = 1.0  # the PCA plane of all paths is recomputed at most this often
PLANE_GROWTH = 1.25  # ... and only once the race has made this many times more steps
PCA = "pca"


@dataclass(frozen=True)
class RaceSetup:
    """What a race needs, all of it plain data the worker thread may own."""

    document: Document  # the start point is its parameters
    spec: str
    steps: int
    tolerance: float = 1e-4
    axes: tuple[str, str] | str | None = None  # two parameters, PCA, or None: the default
    batch_size: int | None = None


@dataclass(frozen=True, eq=False)
class RaceSurface:
    """The plane's picture: the loss on a grid over `range`, its axis labels."""

    z: np.ndarray
    range: tuple[float, float, float, float]
    labels: tuple[str, str]
    kind: str
    final: bool
    minima: np.ndarray  # (M, 2) known minima on the plane (a function's), maybe empty


@dataclass(frozen=True, eq=False)
class RaceFrame:
    """A race at one moment: every array a private copy."""

    race_id: int
    step: int
    target: int
    running: bool
    labels: tuple[str, ...]
    coords: tuple[np.ndarray, ...]  # per runner, (points, 2) on the current plane
    curves: tuple[tuple[np.ndarray, np.ndarray], ...]  # per runner (steps, loss)
    results: tuple[dict, ...]  # Race.results()
    surface: RaceSurface | None  # the current one (the same object until it changes)
    pace: float | None = None
    steps_per_second: float = 0.0
    start: np.ndarray = field(default_factory=lambda: np.empty(0))
    parameter_names: tuple[str, ...] = ()
    batch_size: int = 0  # points per step (all of them for full-batch descent)

    @property
    def finished(self) -> bool:
        return self.step >= self.target or not any(r["diverged"] is None for r in self.results)


def build_race(setup: RaceSetup) -> tuple[Race, bool, list]:
    """The race of `setup` at its start (any thread, no Qt): the race, whether the model is
    a function, and its known minima. RaceError or ValueError says what is wrong."""
    doc = setup.document
    runners = parse_runners(setup.spec, doc.training.schedule)
    run = doc.make_run()
    race = Race(run.compiled, run.theta, run.x, run.y, runners, setup.tolerance,
                batch_size=setup.batch_size, seed=doc.training.seed,
                shuffle=doc.training.shuffle)
    function = doc.is_function
    minima = list(getattr(doc.network, "minima", [])) if function else []
    return race, function, minima


class RaceWorker(BurstWorker):
    """Plays one race at a time; a new `start` replaces the race in hand."""

    frame_ready = Signal(object)  # RaceFrame
    failed = Signal(int, str)  # race id, why

    def __init__(self) -> None:
        super().__init__()
        self.race: Race | None = None
        self.race_id = 0
        self.setup: RaceSetup | None = None
        self.function = False
        self.minima: list = []
        self.target = 0
        self.running = False
        self.speed: float | None = 30.0
        self.view: RaceView | None = None
        self.surface: RaceSurface | None = None
        self._walk: int | None = None
        self._pace_start = 0.0
        self._pace_steps = 0
        self._plane_at = (-math.inf, 0)  # (time, step) the plane was last made
        self._meter = RateMeter()
        self._dirty = False
        self._frames = Throttle(SNAPSHOT_INTERVAL, self._emit_if_dirty, self)

    # ------------------------------------------------------------------ commands
    @Slot(object, int, object)
    def start(self, setup: RaceSetup, race_id: int, speed: float | None) -> None:
        """Set the race of `setup` up at its start and play it at `speed` steps/s."""
        self.unschedule()
        self.running = False
        self.race = None
        try:
            self.race, self.function, self.minima = build_race(setup)
        except Exception as e:  # noqa: BLE001  (a refusal is a message, never a dead thread)
            self.failed.emit(race_id, str(e) or type(e).__name__)
            return
        self.setup, self.race_id, self.target = setup, race_id, int(setup.steps)
        self.speed = speed
        self.view = self.surface = None
        self._plane_at = (-math.inf, 0)
        self._walk = None
        try:
            self._update_view(final=False)
        except Exception as e:  # noqa: BLE001
            self.race = None
            self.failed.emit(race_id, str(e) or type(e).__name__)
            return
        self._set_running(True)
        self._emit_now()

    @Slot()
    def play(self) -> None:
        if self.race is None:
            return
        if self._finished():
            self._emit_now()
            return
        self._set_running(True)
        self._emit_now()

    @Slot()
    def pause(self) -> None:
        self._set_running(False)
        self._finish_view()
        self._emit_now()

    @Slot(int)
    def step(self, n: int = 1) -> None:
        """Pause, then make `n` more steps of every runner."""
        base = self._walk
        self._set_running(False)
        if self.race is None:
            return
        base = self.race.step_count if base is None else base
        self._walk = min(base + max(int(n), 0), self.target)
        self.schedule(0, repeat=True)

    @Slot(object)
    def set_speed(self, speed: float | None) -> None:
        self.speed = speed if speed is not None and speed > 0 else None
        self._restart_pace()
        if self.running:
            self.schedule(self._interval(), repeat=True)
        self._dirty = True
        self._frames.request()

    def cancel(self) -> None:
        self.running = False
        self._walk = None
        self._frames.cancel()
        self.race = None

    # ------------------------------------------------------------------ playing
    def _finished(self) -> bool:
        r = self.race
        return r is None or r.step_count >= self.target or not r.running()

    def _set_running(self, running: bool) -> None:
        self.running = running
        self._walk = None
        if running:
            self._restart_pace()
            self.schedule(self._interval(), repeat=True)
        else:
            self.unschedule()
            self._meter.clear()

    def _interval(self) -> int:
        return 0 if self.speed is None else max(1, min(10, int(1000 / self.speed)))

    def _restart_pace(self) -> None:
        self._pace_start = time.perf_counter()
        self._pace_steps = 0
        self._meter.clear()
        if self.race is not None:
            self._meter.mark(self._pace_start, self.race.step_count)

    def burst(self) -> bool:
        race = self.race
        if race is None or not (self.running or self._walk is not None):
            self.unschedule()
            return False
        start = time.perf_counter()
        deadline = start + BURST_SECONDS
        if self._walk is not None:
            budget = self._walk - race.step_count
        elif self.speed is None:
            budget = self.target - race.step_count
        else:
            due = int((start - self._pace_start) * self.speed) + 1 - self._pace_steps
            if due > self.speed:  # more than a second behind: do not race to catch up
                self._restart_pace()
                due = 1
            budget = min(due, self.target - race.step_count)
        made = 0
        interrupted = QThread.currentThread().isInterruptionRequested
        while made < budget and time.perf_counter() < deadline and not interrupted():
            if not race.step():
                break
            made += 1
        self._pace_steps += made
        self._meter.mark(time.perf_counter(), race.step_count)
        if self._walk is not None and race.step_count >= self._walk or self._finished():
            self._set_running(False)
            if self._finished():
                race.finish()
            self._finish_view()
            self._emit_now()
            return False
        if made:
            self._dirty = True
            self._update_view(final=False)
            self._frames.request()
        return False

    # ------------------------------------------------------------------ the plane
    def _axes(self) -> tuple[str, str] | None:
        axes = self.setup.axes if self.setup is not None else None
        return None if axes == PCA else axes  # type: ignore[return-value]

    def _fixed_range(self) -> tuple[float, float, float, float] | None:
        """A function on its own variables keeps the document's range."""
        doc = self.setup.document
        if self.function and self.setup.axes is None and doc.view.range is not None:
            return tuple(float(v) for v in doc.view.range)  # type: ignore[return-value]
        return None

    def _update_view(self, final: bool) -> None:
        """A new plane or range (and surface) when the paths need one."""
        race = self.race
        if race is None or race.compiled.n_params < 2:
            return  # one parameter: no plane to draw, the loss curves and table say it all
        if self.view is None or self._needs_view():
            fixed = self._fixed_range()
            try:
                view = race_view(race, self._axes(), fixed)
            except landscape.LandscapeError:
                if self.view is None and self._axes() is None and race.compiled.input_ids:
                    return  # the PCA plane of paths that have not moved yet: after a step
                raise
            old = self.view
            if fixed is None and old is None and self.function and self.minima:
                # A function's first picture shows its known minima too.
                near = np.concatenate([np.concatenate(view.coords),
                                       self._on_plane(view, np.asarray(self.minima, float))])
                view = RaceView(view.plane, view.coords, landscape.auto_range(near, 0.15))
            if fixed is None and old is not None and old.plane.kind == view.plane.kind == "axes":
                # The same plane: the range only grows, so the picture never jumps back.
                (a0, a1, b0, b1), (c0, c1, d0, d1) = old.range, view.range
                view = RaceView(view.plane, view.coords,
                                (min(a0, c0), max(a1, c1), min(b0, d0), max(b1, d1)))
            self.view = view
            self._plane_at = (time.perf_counter(), race.step_count)
            self._compute_surface(final)
        elif final and (self.surface is None or not self.surface.final):
            self._compute_surface(True)

    def _needs_view(self) -> bool:
        race, view = self.race, self.view
        if race is None or view is None:
            return True
        if self._fixed_range() is not None:
            return False
        pca = self._axes() is None and race.compiled.input_ids
        now = time.perf_counter()
        if pca and now - self._plane_at[0] >= PLANE_SECONDS and \
                race.step_count >= PLANE_GROWTH * max(self._plane_at[1], 1):
            return True
        # Where the runners are now (not their whole paths: this is asked every burst).
        x0, x1, y0, y1 = view.range
        running = [i for i, d in enumerate(race.diverged) if d is None]
        for x, y in self._on_plane_now(view, race.theta[running]):
            if not (x0 <= x <= x1 and y0 <= y <= y1):
                return True
        return False

    @staticmethod
    def _on_plane_now(view: RaceView, points: np.ndarray) -> np.ndarray:
        plane = view.plane
        if plane.kind == "axes":
            return points[:, [int(np.argmax(plane.u)), int(np.argmax(plane.v))]]
        return landscape.project(plane, points)[0]

    def _coords(self, view: RaceView) -> list[np.ndarray]:
        plane = view.plane
        out = []
        for p in self.race.paths():
            if not len(p):
                p = self.race.start[None, :]
            if plane.kind == "axes":
                out.append(p[:, [int(np.argmax(plane.u)), int(np.argmax(plane.v))]])
            else:
                out.append(landscape.project(plane, p)[0])
        return out

    def _compute_surface(self, final: bool) -> None:
        view, race = self.view, self.race
        resolution = FINAL_RESOLUTION[self.function] if final else LIVE_RESOLUTION
        interrupted = QThread.currentThread().isInterruptionRequested
        try:
            with np.errstate(all="ignore"):
                surface = landscape.evaluate(race.compiled, view.plane, race.x, race.y,
                                             view.range, resolution, cancelled=interrupted)
        except landscape.Cancelled:
            return  # the thread is stopping
        minima = self._on_plane(view, np.asarray(self.minima, dtype=float))
        self.surface = RaceSurface(np.asarray(surface.z, dtype=float), view.range,
                                   tuple(view.plane.labels), view.plane.kind, final, minima)

    @staticmethod
    def _on_plane(view: RaceView, points: np.ndarray) -> np.ndarray:
        """Known minima on an axes plane, (M, 2); none on another plane."""
        plane = view.plane
        if plane.kind != "axes" or points.ndim != 2 or points.shape[1] != plane.n_params:
            return np.empty((0, 2))
        return points[:, [int(np.argmax(plane.u)), int(np.argmax(plane.v))]]

    def _finish_view(self) -> None:
        if self.race is None:
            return
        try:
            self._update_view(final=True)
        except (RaceError, ValueError):
            pass  # the live surface stays

    # ------------------------------------------------------------------ frames
    @Slot()
    def _emit_if_dirty(self) -> None:
        if self._dirty:
            self._emit_now()

    def _emit_now(self) -> None:
        self._frames.cancel()
        self._frames.mark()
        self._dirty = False
        race = self.race
        if race is None:
            return
        curves = []
        for h in race.histories:
            steps, train, *_ = h.arrays()
            curves.append((np.array(steps, dtype=float), np.array(train, dtype=float)))
        busy = self.running or self._walk is not None
        self.frame_ready.emit(RaceFrame(
            race_id=self.race_id, step=race.step_count, target=self.target, running=busy,
            labels=tuple(r.label for r in race.runners),
            coords=tuple(np.array(c, dtype=float) for c in self._coords(self.view))
            if self.view is not None else tuple(np.empty((0, 2)) for _ in race.runners),
            curves=tuple(curves), results=tuple(race.results()), surface=self.surface,
            pace=self.speed, steps_per_second=self._meter.rate() if busy else 0.0,
            start=race.start.copy(), parameter_names=tuple(race.compiled.parameter_names),
            batch_size=race.batch_size))


class RaceController(QObject):
    """The GUI's handle on the race worker: commands in, the newest frame of the newest
    race out (`frame`), refusals out (`failed`)."""

    frame = Signal(object)  # RaceFrame
    failed = Signal(str)

    _do_start = Signal(object, int, object)
    _do_play = Signal()
    _do_pause = Signal()
    _do_step = Signal(int)
    _do_set_speed = Signal(object)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.race_id = 0
        self.latest: RaceFrame | None = None
        self._thread: WorkerThread | None = None

    def _worker(self) -> RaceWorker:
        if self._thread is None:
            worker = RaceWorker()
            self._do_start.connect(worker.start)
            self._do_play.connect(worker.play)
            self._do_pause.connect(worker.pause)
            self._do_step.connect(worker.step)
            self._do_set_speed.connect(worker.set_speed)
            worker.frame_ready.connect(self._on_frame)
            worker.failed.connect(self._on_failed)
            self._thread = WorkerThread(worker, "race", self)
        return self._thread.worker  # type: ignore[return-value]

    def start(self, setup: RaceSetup, speed: float | None) -> int:
        self._worker()
        self.race_id += 1
        self.latest = None
        self._do_start.emit(setup, self.race_id, speed)
        return self.race_id

    def play(self) -> None:
        if self._thread is not None:
            self._do_play.emit()

    def pause(self) -> None:
        if self._thread is not None:
            self._do_pause.emit()

    def step(self, n: int = 1) -> None:
        if self._thread is not None:
            self._do_step.emit(n)

    def set_speed(self, speed: float | None) -> None:
        if self._thread is not None:
            self._do_set_speed.emit(speed)

    def thread_running(self) -> bool:
        return self._thread is not None and self._thread.is_running()

    def shutdown(self) -> None:
        if self._thread is not None:
            thread, self._thread = self._thread, None
            thread.shutdown()
            thread.worker.frame_ready.disconnect(self._on_frame)
            thread.worker.failed.disconnect(self._on_failed)
            thread.deleteLater()

    @Slot(object)
    def _on_frame(self, frame: RaceFrame) -> None:
        if frame.race_id != self.race_id:
            return  # a race that has since been replaced
        self.latest = frame
        self.frame.emit(frame)

    @Slot(int, str)
    def _on_failed(self, race_id: int, message: str) -> None:
        if race_id == self.race_id:
            self.failed.emit(message)
