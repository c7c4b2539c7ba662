"""Isocurves of a landscape grid as point pairs, for one draw call.

contourpy (matplotlib's C++ contour engine) traces the lines; they come back as
x and y arrays of point pairs, one pair per segment, so every level draws as
one curve item with connect="pairs". No line crosses a non-finite value (a
patch where the loss overflowed): a cell with such a corner is contoured at most
in the triangle of its three finite ones. `benchmarks/contours.py` measures it
against the vectorised marching squares it replaced (about 2-3x faster on
128x128 grids with a dozen levels, the same segments where z is finite).
"""

from __future__ import annotations

import contourpy
import numpy as np

Array = np.ndarray


def contour_lines(z: Array, levels: Array, xs: Array, ys: Array) -> tuple[Array, Array]:
    """All isocurves of z[ny, nx] sampled at xs, ys, as x and y arrays of point pairs
    (draw with connect="pairs")."""
    z = np.asarray(z, dtype=float)
    levels = np.asarray(levels, dtype=float).reshape(-1)
    if not len(levels) or z.ndim != 2 or z.shape[0] < 2 or z.shape[1] < 2:
        return np.empty(0), np.empty(0)
    if not np.isfinite(z).all():
        z = np.ma.masked_invalid(z)
    gen = contourpy.contour_generator(np.asarray(xs, dtype=float), np.asarray(ys, dtype=float),
                                      z, name="serial",
                                      line_type=contourpy.LineType.ChunkCombinedOffset)
    pairs = []
    for level in levels:
        points, offsets = gen.lines(level)
        for p, off in zip(points, offsets):
            if p is not None:
                pairs.append(_pairs(p, off))
    if not pairs:
        return np.empty(0), np.empty(0)
    flat = np.concatenate(pairs)
    return flat[:, 0], flat[:, 1]


def _pairs(points: Array, offsets: Array) -> Array:
    """(2·S, 2) segment end points of the lines packed in `points` (line k is
    points[offsets[k]:offsets[k + 1]]): no segment joins one line to the next."""
    joins = np.zeros(len(points) - 1, dtype=bool)
    joins[offsets[1:-1] - 1] = True
    starts = np.nonzero(~joins)[0]
    return np.stack([points[starts], points[starts + 1]], axis=1).reshape(-1, 2)
