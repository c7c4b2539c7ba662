"""What the landscape view shows, decided without Qt: which range, which colours, how long an arrow.

The window and `playground render` both draw through LandscapeView, so both use these:
- the range follows the current point (grows, or recentres after a jump) and covers the path;
- colour limits come from robust percentiles of the visible grid, ticks read in loss values;
- the gradient arrow has one scale per view, chosen from the surface's own slopes.
"""

from __future__ import annotations

import math

import numpy as np

from playground.engine.landscape import auto_range

Array = np.ndarray
Range = tuple[float, float, float, float]

EDGE = 0.1  # the point nearer than this share of the span to an edge makes the view move
SPARE = 0.3  # room left ahead of the point when the view grows, as a share of the old span
MAX_GROWTH = 3.0  # growing more than this per move means a jump: recentre instead
PATH_MARGIN = 0.15  # room around the path when the view is fitted to it
LOW_PERCENTILE, HIGH_PERCENTILE = 2.0, 98.0  # colour limits: outliers do not wash the rest out
TINY = 1e-12  # floor before a logarithm
ARROW_SHARE = 0.15  # a typical slope of the view draws an arrow this share of the span long
ARROW_PERCENTILE = 50  # which slope of the view is "typical"
ARROW_CAP = 0.4  # no arrow longer than this share of the span (it says "at least" then)


# ----------------------------------------------------------------------------- ranges

def contains(rng: Range, point: Array, edge: float = 0.0) -> bool:
    """Whether `point` (x, y) lies in `rng`, at least `edge` of the span from every side."""
    x0, x1, y0, y1 = rng
    px, py = float(point[0]), float(point[1])
    ex, ey = edge * (x1 - x0), edge * (y1 - y0)
    return x0 + ex <= px <= x1 - ex and y0 + ey <= py <= y1 - ey


def follow_range(rng: Range, point: Array) -> Range:
    """The range to show so the current point stays in sight: `rng` itself while the
    point is clear of the edges; grown towards it when it nears one; recentred on it,
    same size, when it jumped far away (a divergence must not zoom out to nothing)."""
    if not np.isfinite(point).all() or contains(rng, point, EDGE):
        return rng
    x0, x1, y0, y1 = rng
    w, h = x1 - x0, y1 - y0
    px, py = float(point[0]), float(point[1])
    nx0, nx1 = min(x0, px - SPARE * w), max(x1, px + SPARE * w)
    ny0, ny1 = min(y0, py - SPARE * h), max(y1, py + SPARE * h)
    if nx1 - nx0 > MAX_GROWTH * w or ny1 - ny0 > MAX_GROWTH * h:
        return (px - w / 2, px + w / 2, py - h / 2, py + h / 2)
    return (nx0, nx1, ny0, ny1)


def cover_range(rng: Range | None, coords: Array, margin: float = PATH_MARGIN) -> Range:
    """`rng` grown to hold every finite point of `coords` (N, 2) with some room;
    the path's own range when there is no `rng`."""
    c = np.asarray(coords, dtype=float).reshape(-1, 2)
    c = c[np.isfinite(c).all(axis=1)]
    fitted = fit_range(c, margin)
    if rng is None:
        return fitted
    if not len(c) or all(contains(rng, p) for p in (c.min(axis=0), c.max(axis=0))):
        return tuple(float(v) for v in rng)  # type: ignore[return-value]
    x0, x1, y0, y1 = rng
    return (min(x0, fitted[0]), max(x1, fitted[1]), min(y0, fitted[2]), max(y1, fitted[3]))


def fit_range(coords: Array, margin: float = PATH_MARGIN) -> Range:
    """A range around the path, at least one unit a side (a short path has room to go)."""
    return auto_range(np.asarray(coords, dtype=float).reshape(-1, 2), margin, min_span=1.0)


# ----------------------------------------------------------------------------- colours

def bad_cells(z: Array) -> Array:
    """Cells without a loss: NaN or infinite (overflowed). A large finite value is a value
    (a saddle's x² − y² far out is −10¹⁴, truly): the colour limits clip it, honestly."""
    return ~np.isfinite(np.asarray(z, dtype=float))


def colour_values(z: Array, log: bool) -> Array:
    """The grid in the colour scale's units: loss, or log₁₀ loss."""
    z = np.asarray(z, dtype=float)
    if not log:
        return z
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.log10(np.maximum(z, TINY))


def colour_limits(z: Array, log: bool) -> tuple[float, float, bool, bool]:
    """(lo, hi, clipped below, clipped above) in colour units from robust percentiles of
    the readable cells, so a few huge losses leave the rest of the surface readable."""
    good = ~bad_cells(z)
    v = colour_values(np.asarray(z, dtype=float)[good], log)
    if not v.size:
        return 0.0, 1.0, False, False
    lo, hi = (float(q) for q in np.percentile(v, [LOW_PERCENTILE, HIGH_PERCENTILE]))
    vmin, vmax = float(v.min()), float(v.max())
    if hi <= lo:
        lo, hi = vmin, vmax
    if hi <= lo:
        pad = max(abs(lo) * 1e-3, 1e-9)
        lo, hi = lo - pad, hi + pad
    return lo, hi, vmin < lo, vmax > hi


def loss_label(value: float, digits: int = 3) -> str:
    """A number as a tick reads best: 0.001, 0.25, 1, 10, 1000, 2e5 — never a scale factor."""
    if value == 0:
        return "0"
    a = abs(value)
    if 1e-4 <= a < 1e5:
        text = f"{value:.{digits}g}"
        return text if "e" not in text else f"{value:.0f}"
    mantissa, exponent = f"{value:.2g}".split("e")
    return f"{mantissa}e{int(exponent)}"


def _nice_steps(lo: float, hi: float, n: int = 5) -> Array:
    """Round values between lo and hi, about n of them."""
    span = hi - lo
    raw = span / max(n, 1)
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    first = math.ceil(lo / step - 1e-9) * step
    vals = np.arange(first, hi + step * 1e-9, step)
    return np.array([float(f"{v:.12g}") for v in vals])


def colour_ticks(lo: float, hi: float, log: bool, clipped_lo: bool = False,
                 clipped_hi: bool = False) -> list[tuple[float, str]]:
    """Colour-bar ticks as (position in colour units, label in loss values): decades
    (0.001, 0.01, 0.1, 1, 10) on a log scale, round numbers otherwise; a clipped end
    gets its own tick, "≥ hi" or "≤ lo"."""
    if log:
        decades = np.arange(math.ceil(lo - 1e-9), math.floor(hi + 1e-9) + 1)
        if len(decades) > 6:
            decades = decades[::math.ceil(len(decades) / 6)]
        if len(decades) >= 2:
            ticks = [(float(d), loss_label(10.0 ** d)) for d in decades]
        else:  # less than a decade shown: 1, 2, 5 steps
            vals = [m * 10.0 ** e for e in range(math.floor(lo) - 1, math.ceil(hi) + 1)
                    for m in (1, 2, 3, 5)]
            ticks = [(math.log10(v), loss_label(v)) for v in vals if lo <= math.log10(v) <= hi]
            if len(ticks) < 2:
                ticks = [(p, loss_label(10.0 ** p)) for p in np.linspace(lo, hi, 3)]
    else:
        ticks = [(float(v), loss_label(float(v))) for v in _nice_steps(lo, hi)]
    span = hi - lo
    ends = []
    # A clipped end's tick sits just inside the bar: a label on its very edge is dropped.
    # (Labels much closer than a tenth of the bar overlap and one of them is dropped.)
    if clipped_lo:
        ticks = [t for t in ticks if t[0] > lo + 0.08 * span]
        ends.append((lo + 0.03 * span, "≤ " + loss_label(10.0 ** lo if log else lo, 2)))
    if clipped_hi:
        ticks = [t for t in ticks if t[0] < hi - 0.08 * span]
        ends.append((hi - 0.03 * span, "≥ " + loss_label(10.0 ** hi if log else hi, 2)))
    return sorted(ticks + ends)


# ----------------------------------------------------------------------------- the arrow

def nice_floor(value: float) -> float:
    """The largest of 1, 2, 5 times a power of ten not above `value` (> 0)."""
    e = math.floor(math.log10(value))
    for m in (5, 2, 1):
        if m * 10.0 ** e <= value * (1 + 1e-12):
            return float(f"{m}e{e}")
    return float(f"1e{e}")


def arrow_scale(z: Array, xs: Array, ys: Array) -> float | None:
    """One scale for every arrow of a view: a typical slope of the surface (the median
    of |∇z| over its readable cells; steeper places reach the cap) draws ARROW_SHARE of
    the span, rounded down to 1, 2 or 5 × 10ⁿ. The arrow is then −scale × ∇L: a step of
    lr = scale."""
    z = np.asarray(z, dtype=float)
    xs, ys = np.asarray(xs, dtype=float), np.asarray(ys, dtype=float)
    if z.shape[0] < 2 or z.shape[1] < 2:
        return None
    with np.errstate(invalid="ignore", over="ignore"):
        gy, gx = np.gradient(np.where(bad_cells(z), np.nan, z), ys, xs)
        slope = np.hypot(gx, gy)
    slope = slope[np.isfinite(slope)]
    if not slope.size:
        return None
    typical = float(np.percentile(slope, ARROW_PERCENTILE))
    span = min(xs[-1] - xs[0], ys[-1] - ys[0])
    if not (typical > 0 and span > 0):
        return None
    return nice_floor(ARROW_SHARE * span / typical)


def arrow_end(start: Array, vector: Array, rng: Range) -> tuple[Array, bool]:
    """Where an arrow from `start` along `vector` ends: capped at ARROW_CAP of the span
    and clipped to `rng`; True if it was shortened."""
    x0, x1, y0, y1 = rng
    start = np.asarray(start, dtype=float)
    v = np.asarray(vector, dtype=float).copy()
    spans = np.array([x1 - x0, y1 - y0])
    rel = float(np.hypot(*(v / spans)))
    cut = False
    if rel > ARROW_CAP:
        v *= ARROW_CAP / rel
        cut = True
    t = 1.0
    for k, (a, b) in enumerate(((x0, x1), (y0, y1))):
        if v[k] > 0 and start[k] + v[k] > b:
            t = min(t, max(b - start[k], 0.0) / v[k])
        elif v[k] < 0 and start[k] + v[k] < a:
            t = min(t, max(a - start[k], 0.0) / -v[k])
    if t < 1.0:
        v *= t
        cut = True
    return start + v, cut
