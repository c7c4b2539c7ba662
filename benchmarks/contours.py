"""Contour lines of a landscape grid: contourpy against the hand-written marching squares.

Run: .venv/bin/python benchmarks/contours.py

The app draws contours with contourpy (`playground.ui.views.contours`); the
vectorised marching squares it replaced is kept here as the baseline. Each case
is a 128×128 grid with about a dozen levels (`contour_levels(z, 12)`), and both
sides produce what the landscape view draws: x and y arrays of point pairs, one
pair per segment (pyqtgraph's connect="pairs"), in plot coordinates. The app's
contourpy path ("serial" algorithm) is timed with the conversion of its lines to
pairs included, and contourpy alone ("raw": just its lines). Times are the median of many runs. The
agreement columns say how far each contourpy point lies from the nearest
marching-squares point and how the segment counts compare.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import contourpy  # noqa: E402

from playground.engine import landscape  # noqa: E402
from playground.engine.compiled import compile_network  # noqa: E402
from playground.engine.datasets import generate  # noqa: E402
from playground.engine.network import layered  # noqa: E402
from playground.ui.views.contours import contour_lines  # noqa: E402

Array = np.ndarray

REPEATS = 41
N = 128


# ----------------------------------------------------------------------------- the baseline
# The marching squares the app used before contourpy: every cell of every level in one
# set of array operations. Non-finite corners count as below every level.

# Edges of a cell: 0 bottom, 1 right, 2 top, 3 left. Corner bits: 1 bottom-left,
# 2 bottom-right, 4 top-right, 8 top-left (set where the corner is at or above the level).
_SEGMENTS: dict[int, tuple[tuple[int, int], ...]] = {
    1: ((3, 0),), 2: ((0, 1),), 3: ((3, 1),), 4: ((1, 2),), 6: ((0, 2),), 7: ((3, 2),),
    8: ((2, 3),), 9: ((0, 2),), 11: ((1, 2),), 12: ((1, 3),), 13: ((0, 1),), 14: ((3, 0),),
}
# Saddles, by whether the cell's centre is above the level.
_SADDLES: dict[tuple[int, bool], tuple[tuple[int, int], ...]] = {
    (5, True): ((0, 1), (2, 3)), (5, False): ((3, 0), (1, 2)),
    (10, True): ((3, 0), (1, 2)), (10, False): ((0, 1), (2, 3)),
}


def _crossing(a: Array, b: Array, level: Array) -> Array:
    """Where between a (0) and b (1) the level lies; only meaningful where it is crossed."""
    with np.errstate(divide="ignore", invalid="ignore"):
        t = (level - a) / (b - a)
    return np.clip(np.nan_to_num(t, nan=0.5), 0.0, 1.0)


def segments(z: Array, levels: Array) -> Array:
    """Segments (S, 2, 2) of the isocurves z = level for every level, in index
    coordinates (column, row); all levels at once, so the cost hardly grows with their number."""
    z = np.asarray(z, dtype=float)
    levels = np.asarray(levels, dtype=float).reshape(-1)
    if not len(levels) or z.shape[0] < 2 or z.shape[1] < 2:
        return np.empty((0, 2, 2))
    above = z[None, :, :] >= levels[:, None, None]
    case = (above[:, :-1, :-1] * 1 + above[:, :-1, 1:] * 2 + above[:, 1:, 1:] * 4
            + above[:, 1:, :-1] * 8).astype(np.int8)
    lv, rows, cols = np.nonzero((case != 0) & (case != 15))
    if not len(rows):
        return np.empty((0, 2, 2))
    c = case[lv, rows, cols]
    level = levels[lv]
    z00, z01 = z[rows, cols], z[rows, cols + 1]
    z10, z11 = z[rows + 1, cols], z[rows + 1, cols + 1]
    # The crossing point on each edge of every cell that has one, (cells, 4 edges, xy).
    pts = np.empty((len(rows), 4, 2))
    pts[:, 0, 0] = cols + _crossing(z00, z01, level)
    pts[:, 0, 1] = rows
    pts[:, 1, 0] = cols + 1
    pts[:, 1, 1] = rows + _crossing(z01, z11, level)
    pts[:, 2, 0] = cols + _crossing(z10, z11, level)
    pts[:, 2, 1] = rows + 1
    pts[:, 3, 0] = cols
    pts[:, 3, 1] = rows + _crossing(z00, z10, level)
    centre_above = (z00 + z01 + z10 + z11) / 4 >= level
    out = []
    for code, pairs in _SEGMENTS.items():
        sel = np.nonzero(c == code)[0]
        for e0, e1 in pairs:
            out.append(np.stack([pts[sel, e0], pts[sel, e1]], axis=1))
    for (code, centre), pairs in _SADDLES.items():
        sel = np.nonzero((c == code) & (centre_above == centre))[0]
        for e0, e1 in pairs:
            out.append(np.stack([pts[sel, e0], pts[sel, e1]], axis=1))
    return np.concatenate(out, axis=0)


def marching_squares_lines(z: Array, levels: Array, xs: Array, ys: Array
                           ) -> tuple[Array, Array]:
    flat = segments(z, levels).reshape(-1, 2)
    x = np.interp(flat[:, 0], np.arange(len(xs)), xs)
    y = np.interp(flat[:, 1], np.arange(len(ys)), ys)
    return x, y


# ----------------------------------------------------------------------------- the cases


def median_ms(fn, *args) -> float:
    fn(*args)  # warm up
    times = []
    for _ in range(REPEATS):
        t = time.perf_counter()
        fn(*args)
        times.append(time.perf_counter() - t)
    return 1e3 * statistics.median(times)


def raw_lines(z, levels, xs, ys) -> list:
    """contourpy's own output only, to see what the conversion to pairs costs."""
    gen = contourpy.contour_generator(xs, ys, z, name="serial",
                                      line_type=contourpy.LineType.ChunkCombinedOffset)
    return [gen.lines(level) for level in levels]


def nearest(a: np.ndarray, b: np.ndarray) -> float:
    """The largest distance from a point of a to the nearest point of b."""
    worst = 0.0
    for s in range(0, len(a), 512):
        d = np.hypot(a[s:s + 512, None, 0] - b[None, :, 0], a[s:s + 512, None, 1] - b[None, :, 1])
        worst = max(worst, float(d.min(axis=1).max()))
    return worst


def cases() -> list[tuple[str, np.ndarray, np.ndarray, np.ndarray]]:
    net = layered("2-8-8-1", "tanh", "linear")
    compiled = compile_network(net)
    data = generate("circle", n_points=200, train_fraction=1.0)
    theta = compiled.parameters_of(net)
    out = []
    for label, plane, rng in [
        ("axis slice, reference 2-8-8-1", landscape.axes_plane(
            compiled, theta, "w:x1->h1_1", "w:x2->h1_1"), (-4, 4, -4, 4)),
        ("random plane, reference 2-8-8-1", landscape.random_plane(compiled, theta, seed=0),
         (-1, 1, -1, 1)),
    ]:
        s = landscape.evaluate(compiled, plane, data.x_train, data.y_train, rng, N)
        out.append((label, np.asarray(s.z, dtype=float), s.xs, s.ys))
    xs = np.linspace(-3, 3, N)
    ys = np.linspace(-3, 3, N)
    wavy = np.sin(3 * xs[None, :]) * np.cos(2 * ys[:, None]) + 0.1 * xs[None, :] ** 2
    out.append(("sin·cos ripples (many short lines)", wavy, xs, ys))
    holed = wavy.copy()
    holed[40:60, 40:60] = np.nan  # a diverged patch
    out.append(("ripples with a NaN patch", holed, xs, ys))
    return out


def main() -> None:
    print(f"{N}x{N} grids, levels from contour_levels(z, 12); median of {REPEATS} runs, ms")
    print(f"contourpy {contourpy.__version__}, numpy {np.__version__}")
    print(f"{'grid':<36} {'levels':>6} {'marching':>8} {'app':>7} {'raw':>7} "
          f"{'segments marching/app':>22} {'max gap':>8}")
    for label, z, xs, ys in cases():
        levels, _ = landscape.contour_levels(z, 12)
        ours = median_ms(marching_squares_lines, z, levels, xs, ys)
        app = median_ms(contour_lines, z, levels, xs, ys)
        raw = median_ms(raw_lines, z, levels, xs, ys)
        ox, oy = marching_squares_lines(z, levels, xs, ys)
        cx, cy = contour_lines(z, levels, xs, ys)
        gap = nearest(np.column_stack([cx, cy]), np.column_stack([ox, oy])) if len(cx) else 0
        cell = float(xs[1] - xs[0])
        print(f"{label:<36} {len(levels):>6} {ours:>8.2f} {app:>7.2f} {raw:>7.2f} "
              f"{len(ox) // 2:>11}/{len(cx) // 2:<10} {gap / cell:>7.1e}c")
    print("marching: the old marching squares; app: contourpy as the app calls it (lines to "
          "point pairs);\nraw: contourpy's lines alone; max gap: largest distance, in cells, "
          "from an app point to the nearest marching-squares point")


if __name__ == "__main__":
    main()
