"""Sharpness tracked along a training run: λmax every so often, at a bounded cost.

The training worker owns a `SharpnessTracker` and asks it, whenever it is about
to send a snapshot, whether a measurement is due. One measurement is a few
warm-started Lanczos steps on exact Hessian-vector products (engine.curvature):
exact for models with that few parameters, a close estimate from the last top
eigenvector otherwise. A measurement is due when the run moved and the time
since the last one is at least `1/budget` times what the last one cost, so
curvature never takes more than about `budget` of the worker's time. The
history is bounded: when it fills, every other old reading is dropped.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np

from playground.engine.curvature import Sharpness, edge, run_sharpness
from playground.engine.hvp import CurvatureError

Array = np.ndarray

LANCZOS_STEPS = 8  # H·v products per measurement (fewer for smaller models)
CONFIRM_STEPS = 40  # near the edge an unconverged estimate is refined with this many
NEAR_EDGE = 0.5  # "near": an estimate at least this share of the edge, not above it
BUDGET = 0.15  # at most this share of the worker's time goes to curvature
# Training flat out (Max pace, or walking to a step) every millisecond of curvature is
# one of training lost; λmax moves slowly next to thousands of steps a second, so a
# reading every few frames still draws its curve (a paced run has idle time to spare).
FLAT_OUT_BUDGET = 0.03
CAPACITY = 1024  # readings kept; older ones thinned by half when full
# A measurement costs about (Lanczos steps) x 2.5 gradients, and it runs between training
# bursts, where Pause, Step and edits wait for it: above this many training points x
# parameters one reading took 0.8 s (200,000 points, 2-8-8-1; 3 s more near the edge), so
# such runs are not tracked while training (`playground curvature` still measures them).
MAX_WORK = 2_000_000


@dataclass(frozen=True, eq=False)
class SharpnessReading:
    """What a snapshot carries about curvature: the history and the newest reading."""

    steps: Array  # steps measured at
    lam_max: Array  # λmax at each
    edges: Array  # the edge at each (NaN where the optimizer has none)
    step: int = -1  # the newest reading's step (-1: none yet)
    lam_max_now: float = math.nan
    lam_min_now: float = math.nan
    edge_now: float | None = None  # for the run's current optimizer and rate
    edge_name: str = "2/lr"  # "2/lr" for plain gradient descent, "edge" when momentum moves it
    v_max: Array | None = None  # the newest top eigenvector (unit, in parameter order)
    unavailable: str = ""  # why there is no reading (empty when there is one)

    @property
    def past_edge(self) -> bool | None:
        """λmax above the edge: gradient descent along v_max grows instead of settling."""
        if self.edge_now is None or not math.isfinite(self.lam_max_now):
            return None
        return self.lam_max_now > self.edge_now

    @property
    def measured(self) -> bool:
        return self.step >= 0


def current_edge(run) -> float | None:
    """The stability edge of `run` at the rate its next step uses."""
    return edge(run.config.optimizer, {**run.optimizer.hyper_params(), "lr": run.current_lr})


class SharpnessTracker:
    """Measures λmax of a run's full training loss every so often, within a time budget."""

    def __init__(self, steps: int = LANCZOS_STEPS, budget: float = BUDGET,
                 capacity: int = CAPACITY, flat_out_budget: float = FLAT_OUT_BUDGET):
        if not (0 < budget <= 1 and 0 < flat_out_budget <= 1):
            raise ValueError("a curvature budget is a share of the time in (0, 1]")
        self.lanczos_steps = steps
        self.paced_budget = budget
        self.flat_out_budget = flat_out_budget
        self.budget = budget
        self.capacity = max(4, capacity)
        self.reset()

    def reset(self) -> None:
        """Forget the history (a new run, or the run was reset)."""
        self._steps: list[int] = []
        self._lam: list[float] = []
        self._edges: list[float] = []
        self._gap = 1  # record a reading only this many steps after the last recorded one
        self.latest: Sharpness | None = None
        self.unavailable = ""
        self._last_started = -math.inf  # when the last reading started, and its cost
        self._last_took = 0.0
        self._start: Array | None = None

    def set_flat_out(self, flat_out: bool) -> None:
        """Training as fast as it can (the smaller budget) or at a pace (the larger)."""
        self.budget = self.flat_out_budget if flat_out else self.paced_budget

    def due(self, run, now: float | None = None) -> bool:
        """Whether to measure now: the run moved since the last reading and the budget allows."""
        if self.unavailable or run.diverged:
            return False
        work = len(run.x) * len(run.theta)
        if work > MAX_WORK:
            self.unavailable = (
                f"λmax is not tracked while training {len(run.x):,} points x "
                f"{len(run.theta):,} parameters: one reading would hold up training for "
                "a second or more (`playground curvature FILE` measures it)")
            return False
        if self.latest is not None and self.latest.step == run.step_count:
            return False
        now = time.perf_counter() if now is None else now
        # From the last reading's cost under the budget in force now: a run paused
        # after a flat-out stretch gets its next reading as soon as a paced one would.
        return now >= self._last_started + self._last_took / self.budget

    def measure(self, run) -> Sharpness | None:
        """One warm-started reading at the run's current parameters (call in its thread)."""
        started = time.perf_counter()
        start = self._start if self._start is not None and \
            self._start.shape == run.theta.shape else None
        try:
            with np.errstate(all="ignore"):
                s = run_sharpness(run, start=start, steps=self.lanczos_steps, restarts=0)
                if self._unsure(s):
                    # A Ritz value only bounds λmax from below: near the edge a "stable"
                    # from a short run could be wrong. Refine from where it got to.
                    s = run_sharpness(run, start=s.v_max, steps=CONFIRM_STEPS, restarts=0)
        except CurvatureError as e:
            self.unavailable = str(e)
            return None
        except FloatingPointError:
            return None  # not finite here (on the way to a divergence): try again later
        self._last_started, self._last_took = started, time.perf_counter() - started
        if not (math.isfinite(s.lam_max) and math.isfinite(s.lam_min)):
            return None
        self.latest = s
        self._start = s.v_max
        self._record(s)
        return s

    def _unsure(self, s: Sharpness) -> bool:
        """An estimate just below the edge whose residual says it has not converged (one
        above it is past the edge for sure: the true λmax is larger still)."""
        if s.edge is None or not math.isfinite(s.lam_max) or s.products >= len(s.v_max):
            return False  # no edge to decide, or every direction was seen: exact
        near = NEAR_EDGE * s.edge <= s.lam_max <= s.edge
        return near and s.residual_max > 1e-6 * max(abs(s.lam_max), 1.0)

    def _record(self, s: Sharpness) -> None:
        if self._steps and s.step < self._steps[-1]:
            self._steps, self._lam, self._edges = [], [], []  # the run went back (a reset)
        if self._steps and s.step - self._steps[-1] < self._gap:
            # Too close to the last recorded reading: it stands for this one.
            self._steps[-1], self._lam[-1] = s.step, s.lam_max
            self._edges[-1] = math.nan if s.edge is None else s.edge
            return
        self._steps.append(s.step)
        self._lam.append(s.lam_max)
        self._edges.append(math.nan if s.edge is None else s.edge)
        if len(self._steps) >= self.capacity:
            keep = slice(None, None, 2)
            last = (self._steps[-1], self._lam[-1], self._edges[-1])
            self._steps, self._lam, self._edges = \
                self._steps[keep], self._lam[keep], self._edges[keep]
            if self._steps[-1] != last[0]:
                self._steps.append(last[0])
                self._lam.append(last[1])
                self._edges.append(last[2])
            self._gap *= 2

    def reading(self, run) -> SharpnessReading:
        """A copy for a snapshot; the edge is the run's current one (the rate may have moved)."""
        s = self.latest
        now = current_edge(run)
        edges = np.array(self._edges, dtype=float)
        if self._steps and self._steps[-1] == run.step_count:
            # The rate changed since this step's reading (a paused run, a lesson's set-up):
            # the edge drawn at "now" is the one the next step will meet, not a slope from
            # the old rate's edge to the new one.
            edges[-1] = math.nan if now is None else now
            self._edges[-1] = edges[-1]
        return SharpnessReading(
            np.array(self._steps, dtype=float), np.array(self._lam, dtype=float),
            edges,
            step=-1 if s is None else s.step,
            lam_max_now=math.nan if s is None else s.lam_max,
            lam_min_now=math.nan if s is None else s.lam_min,
            edge_now=now,
            edge_name="2/lr" if run.optimizer.is_plain() else "edge",
            v_max=None if s is None else s.v_max.copy(),
            unavailable=self.unavailable)
