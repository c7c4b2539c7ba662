"""Contour lines as the landscape view draws them: point pairs on the isocurves."""

from __future__ import annotations

import numpy as np

from playground.ui.views.contours import contour_lines


def segments(x, y) -> np.ndarray:
    assert len(x) == len(y) and len(x) % 2 == 0
    return np.column_stack([x, y]).reshape(-1, 2, 2)


def test_a_ramp_gives_straight_lines_at_the_levels():
    xs = np.linspace(0.0, 4.0, 17)
    ys = np.linspace(-1.0, 1.0, 9)
    z = np.tile(xs, (len(ys), 1))  # z = x
    x, y = contour_lines(z, [0.6, 2.0, 3.1], xs, ys)
    s = segments(x, y)
    # Each level is one vertical line from the bottom to the top, in 8 cell-high pieces.
    assert sorted(set(np.round(s[:, :, 0].ravel(), 12))) == [0.6, 2.0, 3.1]
    assert len(s) == 3 * (len(ys) - 1)
    assert np.allclose(np.abs(s[:, 1, 1] - s[:, 0, 1]), ys[1] - ys[0])


def test_every_segment_lies_on_its_circle_and_spans_at_most_a_cell():
    xs = np.linspace(-2, 2, 81)
    ys = np.linspace(-2, 2, 61)
    z = xs[None, :] ** 2 + ys[:, None] ** 2
    # Radii that pass through no grid node, where crossings on several edges coincide.
    s = segments(*contour_lines(z, [1.13 ** 2, 1.57 ** 2], xs, ys))
    r = np.hypot(s[..., 0], s[..., 1])
    on = [np.abs(r - radius) < 0.01 for radius in (1.13, 1.57)]
    assert np.all(on[0] | on[1])
    assert np.all(on[0][:, 0] == on[0][:, 1])  # both ends on the same circle
    assert np.all(np.abs(s[:, 1] - s[:, 0]) <= [xs[1] - xs[0] + 1e-12, ys[1] - ys[0] + 1e-12])
    # Closed circles: every end point is shared by exactly two segments.
    _, counts = np.unique(np.round(s.reshape(-1, 2), 9), axis=0, return_counts=True)
    assert set(counts) == {2}


def test_no_line_comes_near_a_non_finite_value():
    xs = np.linspace(-3, 3, 64)
    ys = np.linspace(-3, 3, 64)
    z = np.sin(3 * xs[None, :]) * np.cos(2 * ys[:, None])
    full = segments(*contour_lines(z, [-0.5, 0.0, 0.5], xs, ys))
    z[20:30, 20:30] = np.nan
    z[40, 40] = np.inf
    z[50, 10] = -np.inf
    s = segments(*contour_lines(z, [-0.5, 0.0, 0.5], xs, ys))
    assert np.isfinite(s).all() and 0 < len(s) < len(full)
    rows, cols = np.nonzero(~np.isfinite(z))
    bad = np.column_stack([xs[cols], ys[rows]])
    ends = s.reshape(-1, 2)
    nearest = np.min(np.hypot(ends[:, None, 0] - bad[None, :, 0],
                              ends[:, None, 1] - bad[None, :, 1]), axis=1)
    # A cell with a bad corner is contoured at most in the triangle of its three good
    # corners (contourpy's corner mask), whose diagonal is dx/√2 from the bad one.
    assert nearest.min() >= (xs[1] - xs[0]) / np.sqrt(2) - 1e-9


def test_nothing_to_draw_gives_empty_arrays():
    xs = ys = np.linspace(0, 1, 5)
    z = np.add.outer(ys, xs)
    for levels, grid in [([], z), ([5.0], z), ([0.5], z[:1]), ([0.5], np.full_like(z, np.nan))]:
        x, y = contour_lines(grid, levels, xs, ys[:len(grid)])
        assert x.shape == y.shape == (0,)
