"""An optimizer race: several optimizer settings from one start, stepped side by side.

All runners' parameters are rows of one (K, P) matrix, so each step is one
batched forward and backward over the engine's parameter-batch axis (a network
or a function alike); each runner's optimizer then updates its own row. A
runner whose loss blows up stops where it last was and says at which step.

With mini-batches every runner sees the same batch at the same step (a fair
race, the order drawn as single runs draw it, by seed and epoch); the loss
recorded and compared with the tolerance is then the whole training set's, one
more batched forward per step.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass, field

import numpy as np

from playground.engine.optimizers import OPTIMIZERS, Optimizer, make_optimizer
from playground.engine.schedules import Schedule, ScheduleError, parse_schedule
from playground.engine.training import (
    DIVERGENCE_LIMIT,
    NEWEST_SHUFFLE,
    History,
    Permutations,
    divergence_message,
)

Array = np.ndarray
MAX_RUNNERS = 12


class RaceError(ValueError):
    """A race that cannot run, with what is wrong."""


@dataclass(frozen=True)
class RunnerSpec:
    """One runner's settings: optimizer, its hyper-parameters, schedule, a label."""

    optimizer: str
    hyper: dict[str, float | bool] = field(default_factory=dict)
    schedule: Schedule = field(default_factory=Schedule)
    label: str = ""

    def describe(self) -> str:
        parts = [self.optimizer] + [f"{k}={_short(v)}" for k, v in self.hyper.items()]
        text = ":".join(parts)
        if not self.schedule.is_constant:
            text += f" ({self.schedule.describe()})"
        return text


def parse_optimizer(spec: str) -> tuple[str, dict[str, float | bool]]:
    """`NAME[:key=value...]`, e.g. `adam:lr=0.1:beta1=0.8`; values are numbers or true/false."""
    name, *rest = [p.strip() for p in spec.strip().split(":")]
    if name not in OPTIMIZERS:
        raise RaceError(f"unknown optimizer {name!r}; choose one of {', '.join(OPTIMIZERS)}")
    hyper: dict[str, float | bool] = {}
    for part in rest:
        key, eq, value = (s.strip() for s in part.partition("="))
        if not eq or not key:
            raise RaceError(f'{name}: "{part}" is not key=value')
        if key in hyper:
            raise RaceError(f"{name}: {key} is given twice")
        if value.lower() in ("true", "false"):
            hyper[key] = value.lower() == "true"
            continue
        try:
            hyper[key] = float(value)
        except ValueError:
            raise RaceError(f'{name}: {key}="{value}" is not a number') from None
    try:
        make_optimizer(name, 0, **hyper)
    except ValueError as e:
        raise RaceError(str(e)) from None
    return name, hyper


def parse_runners(spec: str, schedule: Schedule | None = None) -> list[RunnerSpec]:
    """Comma-separated optimizer specs; a runner may end in `@SCHEDULE`
    (`sgd:lr=0.1@cosine:period=50`), else it uses `schedule` (constant by default)."""
    runners = []
    for i, part in enumerate(p.strip() for p in spec.split(",")):
        if not part:
            raise RaceError(f"runner {i + 1} is empty: write NAME[:key=value...] between commas")
        opt_text, at, sched_text = part.partition("@")
        name, hyper = parse_optimizer(opt_text)
        sched = schedule or Schedule()
        if at:
            try:
                sched = parse_schedule(sched_text)
            except ScheduleError as e:
                raise RaceError(f"runner {i + 1}: {e}") from None
        runners.append(RunnerSpec(name, hyper, sched))
    if not 1 <= len(runners) <= MAX_RUNNERS:
        raise RaceError(f"a race has 1 to {MAX_RUNNERS} runners, got {len(runners)}")
    return _labelled(runners)


def _labelled(runners: list[RunnerSpec]) -> list[RunnerSpec]:
    """Labels that tell the runners apart: the optimizer, with its settings when needed."""
    out = []
    for r in runners:
        label = r.label or r.describe()
        out.append(RunnerSpec(r.optimizer, dict(r.hyper), r.schedule, label))
    return out


def _short(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    return f"{v:g}" if isinstance(v, numbers.Real) else str(v)


class Race:
    """K runners on one compiled model (network or function), stepped in one batch."""

    def __init__(self, compiled, theta0: Array, x: Array, y: Array,
                 runners: list[RunnerSpec], tolerance: float = 1e-6,
                 history_capacity: int = 4096, batch_size: int | None = None, seed: int = 0,
                 shuffle: str = NEWEST_SHUFFLE):
        """`batch_size`: points per step (None, 0 or at least the data: the whole set);
        `seed` and `shuffle` draw each epoch's order as a single run of them would."""
        if not 1 <= len(runners) <= MAX_RUNNERS:
            raise RaceError(f"a race has 1 to {MAX_RUNNERS} runners, got {len(runners)}")
        if not (math.isfinite(tolerance) and tolerance >= 0):
            raise RaceError(f"tolerance must be a number ≥ 0, got {tolerance}")
        self.compiled = compiled
        self.x, self.y = x, y
        self.runners = list(runners)
        self.tolerance = float(tolerance)
        theta0 = np.asarray(theta0, dtype=float)
        self.start = theta0.copy()
        k = len(runners)
        # One matrix, updated in place row by row: the compiled model's leaves stay views of it.
        self.theta = np.tile(theta0.ravel(), (k, 1))
        self.optimizers: list[Optimizer] = [
            make_optimizer(r.optimizer, theta0.size, **r.hyper) for r in runners]
        self.histories = [History(theta0.size, history_capacity) for _ in runners]
        self.step_count = 0
        self.diverged: list[str | None] = [None] * k
        self.reached: list[int | None] = [None] * k
        self.last_loss = np.full(k, np.nan)
        n = len(x) if x is not None else 0
        if batch_size is not None and batch_size < 0:
            raise RaceError(f"the batch size must be 0 (whole set) or more, got {batch_size}")
        self.batch_size = n if not batch_size or batch_size >= n or not n else int(batch_size)
        self.full_batch = self.batch_size == n
        self._permutations = Permutations(shuffle, int(seed), n) if n else None

    def batch(self, step: int) -> tuple[Array, Array]:
        """The points every runner's `step` is made on."""
        if self.full_batch:
            return self.x, self.y
        per_epoch = math.ceil(len(self.x) / self.batch_size)
        epoch, within = divmod(step, per_epoch)
        order = self._permutations.of(epoch)[within * self.batch_size:
                                             (within + 1) * self.batch_size]
        return self.x[order], self.y[order]

    def step(self) -> bool:
        """One step of every running runner (one batched forward and backward); False when
        none is left running."""
        active = [i for i, d in enumerate(self.diverged) if d is None]
        if not active:
            return False
        with np.errstate(all="ignore"):
            if self.full_batch:
                loss, grad = self.compiled.loss_and_grad(self.theta, self.x, self.y)
            else:
                xb, yb = self.batch(self.step_count)
                _, grad = self.compiled.loss_and_grad(self.theta, xb, yb)
                loss = self.compiled.loss(self.theta, self.x, self.y)
        loss = np.asarray(loss, dtype=float).reshape(-1)
        for i in active:
            value = float(loss[i])
            if not math.isfinite(value) or abs(value) > DIVERGENCE_LIMIT:
                self.diverged[i] = divergence_message(value, self.step_count).split(";")[0]
                continue
            self.last_loss[i] = value
            self.histories[i].record(self.step_count, self.theta[i], value, math.nan)
            if self.reached[i] is None and value <= self.tolerance:
                self.reached[i] = self.step_count
            opt, schedule = self.optimizers[i], self.runners[i].schedule
            row = self.theta[i]
            if schedule.is_constant:
                opt.step(row, grad[i])
            else:
                base = opt.lr
                opt.lr = schedule.lr_at(base, self.step_count)
                try:
                    opt.step(row, grad[i])
                finally:
                    opt.lr = base
            if not np.isfinite(row).all():
                np.copyto(row, self.histories[i].path[-1])
                self.diverged[i] = f"parameters overflowed at step {self.step_count}"
        self.step_count += 1
        return True

    def run(self, steps: int) -> int:
        """Up to `steps` steps, then the final point of each runner recorded."""
        done = 0
        for _ in range(steps):
            if not self.step():
                break
            done += 1
        self.finish()
        return done

    def finish(self) -> None:
        """Record where each running runner is now (its loss at the current point)."""
        with np.errstate(all="ignore"):
            loss = np.asarray(self.compiled.loss(self.theta, self.x, self.y),
                              dtype=float).reshape(-1)
        for i, h in enumerate(self.histories):
            if self.diverged[i] is None and math.isfinite(loss[i]):
                self.last_loss[i] = loss[i]
                h.record(self.step_count, self.theta[i], float(loss[i]), math.nan, force=True)
                if self.reached[i] is None and loss[i] <= self.tolerance:
                    self.reached[i] = self.step_count

    def results(self) -> list[dict]:
        """Per runner: its settings, final loss and point, steps to tolerance, divergence."""
        names = list(self.compiled.parameter_names)
        out = []
        for i, r in enumerate(self.runners):
            final = self.theta[i]
            loss = float(self.last_loss[i])
            out.append({
                "label": r.label, "optimizer": r.optimizer,
                "hyper": self.optimizers[i].hyper_params(),
                "schedule": r.schedule.describe(),
                "final_loss": loss if math.isfinite(loss) else None,
                "final_point": dict(zip(names, final.tolist())),
                "steps_to_tolerance": self.reached[i],
                "diverged": self.diverged[i],
            })
        return out

    def running(self) -> bool:
        """Some runner has not diverged."""
        return any(d is None for d in self.diverged)

    def paths(self) -> list[Array]:
        """Each runner's recorded path, (points, P)."""
        return [h.path_array() for h in self.histories]


@dataclass(frozen=True)
class RaceView:
    """The shared plane of a race, each runner's path on it, and the range to show."""

    plane: object  # landscape.Plane
    coords: list[Array]  # per runner, (points, 2)
    range: tuple[float, float, float, float]


def race_view(race: Race, axes: tuple[str, str] | None = None,
              range: tuple[float, float, float, float] | None = None) -> RaceView:
    """Two chosen parameter axes through the start (a function's first two variables by
    default), or else the PCA plane of all paths; the range covers every path unless given."""
    from playground.engine.landscape import auto_range, axes_plane, project, trajectory_plane

    names = list(race.compiled.parameter_names)
    if axes is None and not race.compiled.input_ids and len(names) >= 2:
        axes = (names[0], names[1])  # a function: its own variables are the natural axes
    paths = [p if len(p) else race.start[None, :] for p in race.paths()]
    if axes is not None:
        for a in axes:
            if a not in names:
                raise RaceError(f'no parameter "{a}"; the parameters are '
                                f"{', '.join(names[:6])}{' …' if len(names) > 6 else ''}")
        plane = axes_plane(race.compiled, race.start, axes[0], axes[1])
        cols = [names.index(axes[0]), names.index(axes[1])]
        coords = [p[:, cols] for p in paths]
    else:
        everything = np.concatenate(paths)
        plane = trajectory_plane(everything, race.start)
        coords = [project(plane, p)[0] for p in paths]
    if range is None:
        range = auto_range(np.concatenate(coords), margin=0.15)
    return RaceView(plane, coords, tuple(float(v) for v in range))
