"""Readable contour levels for a loss surface: round numbers, log-spaced when z spans decades."""

from __future__ import annotations

import math

import numpy as np

from playground.engine.landscape.planes import LandscapeError

Array = np.ndarray
# The spread (max / min) from which contour levels are spaced logarithmically.
LOG_SPREAD = 100.0

# ----------------------------------------------------------------------------- contour levels

_NICE_STEPS = (1.0, 2.0, 5.0, 2.5, 4.0, 3.0, 1.5, 6.0, 8.0)  # most readable first
_LOG_MANTISSAS = ((1.0,), (1.0, 2.0, 5.0), (1.0, 3.0), (1.0, 2.0, 3.0, 5.0, 7.0),
                  (1.0, 1.5, 2.0, 3.0, 4.0, 5.0, 7.0),
                  (1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0))


def contour_levels(z: Array, n: int = 12) -> tuple[Array, bool]:
    """About n readable levels strictly inside z's range; True when spaced logarithmically."""
    if isinstance(n, bool) or not isinstance(n, int | np.integer) or n < 2:
        raise LandscapeError(f"the number of levels must be a whole number ≥ 2, got {n!r}")
    v = np.asarray(z, dtype=float)
    v = v[np.isfinite(v)]
    if v.size == 0 or not v.max() > v.min():
        return np.empty(0), False
    lo, hi = float(v.min()), float(v.max())
    window = (max(2, n - 2), n + 3)
    if lo > 0 and hi / lo >= LOG_SPREAD:
        return _best(_log_candidates(lo, hi), n, window), True
    return _best(_linear_candidates(lo, hi, n), n, window), False


def _best(candidates: list[Array], n: int, window: tuple[int, int]) -> Array:
    """The first candidate (most readable) with a count in the window, else the closest."""
    for levels in candidates:
        if window[0] <= len(levels) <= window[1]:
            return levels
    return min(candidates, key=lambda c: abs(len(c) - n))


def _decimal(m: float, e: int) -> float:
    """m·10^e rounded as its decimal spelling (0.3, not 0.30000000000000004)."""
    return float(f"{float(m)!r}e{e}")


def _linear_candidates(lo: float, hi: float, n: int) -> list[Array]:
    e0 = math.floor(math.log10((hi - lo) / n))
    out = []
    for e in (e0, e0 - 1, e0 + 1):
        for m in _NICE_STEPS:
            step = _decimal(m, e)
            k = np.arange(math.floor(lo / step), math.ceil(hi / step) + 1)
            levels = np.array([_decimal(m * kk, e) for kk in k])
            out.append(levels[(levels > lo) & (levels < hi)])
    return out


def _log_candidates(lo: float, hi: float) -> list[Array]:
    e_lo, e_hi = math.floor(math.log10(lo)), math.ceil(math.log10(hi))
    out = []
    for mantissas in _LOG_MANTISSAS:
        levels = np.array([_decimal(m, e) for e in range(e_lo, e_hi + 1) for m in mantissas])
        out.append(levels[(levels > lo) & (levels < hi)])
    for stride in (2, 3, 5, 10, 20, 50):  # many decades: one level every few decades
        levels = np.array([_decimal(1.0, e) for e in range(e_lo - e_lo % stride, e_hi + 1, stride)])
        out.append(levels[(levels > lo) & (levels < hi)])
    return out

