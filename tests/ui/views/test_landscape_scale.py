"""What the landscape shows, without Qt: follow, robust colours, tick labels, arrow scale."""

from __future__ import annotations

import numpy as np
import pytest

from playground.ui.views import landscape_scale as scale


def test_follow_keeps_a_point_clear_of_the_edges_grows_then_recentres_after_a_jump():
    rng = (-1.0, 1.0, -1.0, 1.0)
    assert scale.follow_range(rng, np.array([0.5, -0.5])) == rng  # clear: no move
    grown = scale.follow_range(rng, np.array([0.95, 0.0]))
    assert grown[0] == -1.0 and grown[1] > 1.5 and scale.contains(grown, (0.95, 0.0), scale.EDGE)
    jumped = scale.follow_range(rng, np.array([50.0, -40.0]))  # a divergence
    assert jumped == pytest.approx((49.0, 51.0, -41.0, -39.0))  # same size, on the point
    assert scale.follow_range(rng, np.array([np.nan, 0.0])) == rng


def test_cover_grows_a_range_to_hold_the_whole_path():
    path = np.array([[0.0, 0.0], [3.0, -2.0], [5.0, 1.0]])
    covered = scale.cover_range((-1.0, 1.0, -1.0, 1.0), path)
    assert all(scale.contains(covered, p) for p in path)
    assert covered[0] == -1.0 and covered[3] >= 1.0
    assert scale.cover_range((-10.0, 10.0, -10.0, 10.0), path) == (-10.0, 10.0, -10.0, 10.0)


def test_colour_limits_ignore_a_few_huge_losses_and_say_what_they_clipped():
    z = np.linspace(0.1, 1.0, 400).reshape(20, 20)
    z[0, :3] = 1e6  # a corner where the loss explodes
    z[1, 0] = np.inf
    lo, hi, clip_lo, clip_hi = scale.colour_limits(z, log=False)
    assert hi < 1.1 and clip_hi  # the rest of the surface keeps its colours
    assert lo == pytest.approx(np.percentile(z[np.isfinite(z)], 2), rel=0.1)
    lo, hi, _, _ = scale.colour_limits(z, log=True)
    assert -1.1 < lo < hi < 0.1  # log₁₀ units for the image; the ticks say loss values
    assert scale.bad_cells(z).sum() == 1
    # only what has no value: a large finite loss is drawn, clipped, in the top colour
    assert scale.bad_cells(np.array([1e13, -1e14, 1.0, np.nan, -np.inf])).tolist() == [
        False, False, False, True, True]


def test_colour_limits_of_a_flat_or_empty_grid_are_still_a_range():
    lo, hi, _, _ = scale.colour_limits(np.full((4, 4), 0.5), log=False)
    assert lo < 0.5 < hi
    assert scale.colour_limits(np.full((4, 4), np.nan), log=True)[:2] == (0.0, 1.0)


def test_log_ticks_read_as_loss_values_by_decade():
    ticks = scale.colour_ticks(-3.2, 1.4, log=True)
    assert [label for _, label in ticks] == ["0.001", "0.01", "0.1", "1", "10"]
    assert [p for p, _ in ticks] == [-3.0, -2.0, -1.0, 0.0, 1.0]
    narrow = scale.colour_ticks(np.log10(0.08), np.log10(0.6), log=True)
    assert {"0.1", "0.2", "0.3", "0.5"} <= {label for _, label in narrow}
    clipped = scale.colour_ticks(-3.2, 1.4, log=True, clipped_lo=True, clipped_hi=True)
    assert clipped[0][1] == "≤ 0.00063" and clipped[-1][1] == "≥ 25"


def test_linear_ticks_are_round_numbers_without_a_scale_factor():
    labels = [label for _, label in scale.colour_ticks(0.0012, 0.0047, log=False)]
    assert labels == ["0.002", "0.003", "0.004"]
    assert [scale.loss_label(v) for v in (1e-3, 0.25, 1.0, 10.0, 1e3, 2e5, 1e-7)] == \
        ["0.001", "0.25", "1", "10", "1000", "2e5", "1e-7"]


def test_arrow_scale_is_one_nice_number_from_the_surface_slopes():
    xs = np.linspace(-2, 2, 41)
    ys = np.linspace(-1, 1, 21)
    z = xs[None, :] ** 2 + 0 * ys[:, None]  # slopes up to 4
    k = scale.arrow_scale(z, xs, ys)
    typical = np.percentile(np.abs(2 * xs), scale.ARROW_PERCENTILE)
    assert k == scale.nice_floor(scale.ARROW_SHARE * 2.0 / typical)
    assert f"{k:e}"[0] in "125"
    assert scale.arrow_scale(np.zeros((5, 5)), xs[:5], ys[:5]) is None  # flat: nothing to scale


def test_arrow_end_is_capped_and_clipped():
    rng = (0.0, 10.0, 0.0, 10.0)
    end, cut = scale.arrow_end(np.array([5.0, 5.0]), np.array([1.0, 0.0]), rng)
    assert end.tolist() == [6.0, 5.0] and not cut
    end, cut = scale.arrow_end(np.array([5.0, 5.0]), np.array([100.0, 0.0]), rng)
    assert end.tolist() == pytest.approx([5.0 + 10 * scale.ARROW_CAP, 5.0]) and cut
    end, cut = scale.arrow_end(np.array([9.5, 5.0]), np.array([3.0, 0.0]), rng)
    assert end.tolist() == pytest.approx([10.0, 5.0]) and cut
