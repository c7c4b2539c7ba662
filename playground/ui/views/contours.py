"""Isocurves of a grid as line segments, vectorised (marching squares), for one draw call.

pyqtgraph's isocurve walks the grid in Python (~30 ms for a dozen levels of a
64×64 grid); this does every cell of every level with one set of array
operations (~1 ms), so contours can be recomputed with every new surface.
"""

from __future__ import annotations

import numpy as np

Array = np.ndarray

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


def level_segments(z: Array, level: float) -> Array:
    """Segments (S, 2, 2) of the one isocurve z = level, in index coordinates (column, row)."""
    return segments(z, np.array([level]))


def contour_lines(z: Array, levels: Array, xs: Array, ys: Array) -> tuple[Array, Array]:
    """All isocurves of z[ny, nx] sampled at xs, ys, as x and y arrays of point pairs
    (draw with connect="pairs")."""
    xs = np.asarray(xs, dtype=float)
    ys = np.asarray(ys, dtype=float)
    flat = segments(z, levels).reshape(-1, 2)
    x = np.interp(flat[:, 0], np.arange(len(xs)), xs)
    y = np.interp(flat[:, 1], np.arange(len(ys)), ys)
    return x, y
