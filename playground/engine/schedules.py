"""Learning-rate schedules: the factor the base learning rate is multiplied by at each step.

A schedule is a kind with its settings and an optional linear warm-up: over the
first `warmup` steps the factor climbs linearly to the kind's, which then runs
from step 0 as if the warm-up had not been there.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass, field

# kind -> its settings and their defaults
KINDS: dict[str, dict[str, float]] = {
    "constant": {},
    "step": {"every": 100.0, "gamma": 0.5},  # × gamma every `every` steps
    "exponential": {"gamma": 0.99},  # × gamma each step
    "cosine": {"period": 1000.0, "floor": 0.0},  # half a cosine down to `floor` over `period`
}
MAX_STEPS = 1e12  # bound on step-like settings, so a typo cannot overflow


class ScheduleError(ValueError):
    """A schedule that cannot be used, with what is wrong."""


@dataclass(frozen=True)
class Schedule:
    """How the learning rate changes over steps."""

    kind: str = "constant"
    params: dict[str, float] = field(default_factory=dict)
    warmup: int = 0

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ScheduleError(f"unknown schedule {self.kind!r}; choose one of "
                                f"{', '.join(KINDS)}")
        defaults = KINDS[self.kind]
        for key, value in self.params.items():
            if key not in defaults:
                some = ", ".join(defaults) or "no settings"
                raise ScheduleError(f"{self.kind} schedule: unknown setting {key!r}; it has "
                                    f"{some}")
            _check(self.kind, key, value)
        if isinstance(self.warmup, bool) or not isinstance(self.warmup, numbers.Integral) \
                or not 0 <= self.warmup <= MAX_STEPS:
            raise ScheduleError(f"warmup must be a whole number of steps ≥ 0, got "
                                f"{self.warmup!r}")
        object.__setattr__(self, "params", {k: float(v) for k, v in self.params.items()})

    @property
    def is_constant(self) -> bool:
        return self.kind == "constant" and self.warmup == 0

    def setting(self, key: str) -> float:
        return self.params.get(key, KINDS[self.kind][key])

    def factor(self, step: int) -> float:
        """The multiplier of the base learning rate at `step` (0-based)."""
        if step < self.warmup:
            return (step + 1) / (self.warmup + 1)
        t = step - self.warmup
        if self.kind == "constant":
            return 1.0
        if self.kind == "step":
            return self.setting("gamma") ** (t // int(self.setting("every")))
        if self.kind == "exponential":
            return self.setting("gamma") ** t
        period, floor = self.setting("period"), self.setting("floor")
        progress = min(t, period) / period
        return floor + (1.0 - floor) * 0.5 * (1.0 + math.cos(math.pi * progress))

    def lr_at(self, base: float, step: int) -> float:
        return base * self.factor(step)

    def preview(self, base: float, steps: int) -> list[float]:
        """The learning rate at steps 0 … steps-1 (for the controls' small plot)."""
        return [self.lr_at(base, s) for s in range(max(0, steps))]

    def describe(self) -> str:
        """`cosine:period=100:warmup=10`, the same syntax `parse_schedule` reads."""
        parts = [self.kind] + [f"{k}={_short(v)}" for k, v in self.params.items()]
        if self.warmup:
            parts.append(f"warmup={self.warmup}")
        return ":".join(parts)


def _check(kind: str, key: str, value) -> None:
    if isinstance(value, bool) or not isinstance(value, numbers.Real) \
            or not math.isfinite(value):
        raise ScheduleError(f"{kind} schedule: {key} must be a number, got {value!r}")
    if key == "gamma" and not 0.0 < value <= 1.0:
        raise ScheduleError(f"{kind} schedule: gamma must be in (0, 1], got {value}")
    if key in ("every", "period") and not (1 <= value <= MAX_STEPS and float(value).is_integer()):
        raise ScheduleError(f"{kind} schedule: {key} must be a whole number of steps ≥ 1, "
                            f"got {value}")
    if key == "floor" and not 0.0 <= value <= 1.0:
        raise ScheduleError(f"{kind} schedule: floor must be in [0, 1], got {value}")


def _short(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else repr(v)


def parse_schedule(spec: str) -> Schedule:
    """`NAME[:key=value...]`, e.g. `step:every=50:gamma=0.5` or `cosine:period=200:warmup=20`."""
    name, *rest = [p.strip() for p in spec.strip().split(":")]
    params: dict[str, float] = {}
    warmup = 0
    for part in rest:
        key, eq, value = part.partition("=")
        if not eq:
            raise ScheduleError(f'schedule setting "{part}" is not key=value')
        try:
            number = float(value)
        except ValueError:
            raise ScheduleError(f'schedule setting {key}: "{value}" is not a number') from None
        if key.strip() == "warmup":
            if not (number.is_integer() and 0 <= number <= MAX_STEPS):
                raise ScheduleError(f"warmup must be a whole number of steps ≥ 0, got {value}")
            warmup = int(number)
        else:
            params[key.strip()] = number
    return Schedule(name or "constant", params, warmup)
