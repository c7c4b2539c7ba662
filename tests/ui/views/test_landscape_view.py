"""The landscape view: it follows the point, zoom recomputes, colours and the arrow are honest."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from playground.ui.training.worker import take_snapshot
from playground.ui.views import landscape_scale as scale
from playground.ui.views.landscape_view import LandscapeView
from playground.ui.views.landscape_worker import LandscapeProblem, compute_now
from tests.ui.views.test_landscape_worker import sigmoid_neuron


def synchronous_view(qtbot, doc, size=(700, 500)) -> LandscapeView:
    """A shown view whose requests are answered at once (as `playground render` does)."""
    view = LandscapeView()
    qtbot.addWidget(view)
    problem = LandscapeProblem(doc)
    view.requested.connect(lambda req: view.show_result(compute_now(problem, req)))
    view.set_document(doc, 1)
    view.resize(*size)
    view.show()
    qtbot.waitExposed(view)
    return view


def shown_range(view: LandscapeView) -> tuple[float, float, float, float]:
    (x0, x1), (y0, y1) = view.vb.viewRange()
    return x0, x1, y0, y1


def test_follow_keeps_the_point_in_view_as_the_path_leaves_the_starting_range(qtbot):
    doc = sigmoid_neuron()
    doc.view.range = (-1.0, 1.0, -9.0, -7.0)  # the descent ends far outside (1.79, −2.28)
    view = synchronous_view(qtbot, doc)
    run = doc.make_run()
    first = take_snapshot(run, version=1)
    view.show_snapshot(first)
    assert shown_range(view) == pytest.approx((-1.0, 1.0, -9.0, -7.0))
    moves = 0
    for _ in range(60):
        run.steps(50)
        snap = replace(take_snapshot(run, version=1), running=True)
        before = view.view_range
        view.show_snapshot(snap)
        moves += view.view_range != before
        w, b = snap.theta
        assert scale.contains(shown_range(view), (w, b)), (snap.step, shown_range(view))
        # The surface on screen is the one computed for the range shown, never an old one.
        assert tuple(view.result.surface.range) == pytest.approx(view.view_range)
    assert moves >= 1
    assert not scale.contains((-1.0, 1.0, -9.0, -7.0), snap.theta)  # it did leave


def test_zoom_asks_for_the_new_range_and_draws_it(qtbot):
    doc = sigmoid_neuron()
    view = synchronous_view(qtbot, doc)
    run = doc.make_run()
    run.steps(300)
    view.show_snapshot(take_snapshot(run, version=1))
    old = view.result
    assert tuple(old.surface.range) == pytest.approx((-2.0, 6.0, -10.0, 2.0))
    view.vb.scaleBy((0.25, 0.25))  # the mouse wheel does this, then says so
    view.vb.sigRangeChangedManually.emit(view.vb.state["mouseEnabled"])
    assert not view.follow.isChecked()  # the user leads now
    qtbot.waitUntil(lambda: view.result is not old, timeout=3000)
    new = view.result
    x0, x1, y0, y1 = new.surface.range
    assert (x1 - x0) == pytest.approx(2.0) and (y1 - y0) == pytest.approx(3.0)
    assert tuple(new.surface.range) == pytest.approx(shown_range(view))
    # Reset view goes back to the file's range and follows again.
    view.reset_range()
    assert view.follow.isChecked()
    assert tuple(view.result.surface.range) == pytest.approx((-2.0, 6.0, -10.0, 2.0))


def test_fit_to_path_shows_the_whole_path(qtbot):
    doc = sigmoid_neuron()
    view = synchronous_view(qtbot, doc)
    run = doc.make_run()
    run.steps(1000)
    view.show_snapshot(take_snapshot(run, version=1))
    view.fit_to_path()
    path = take_snapshot(run, version=1).path
    rng = shown_range(view)
    assert all(scale.contains(rng, p) for p in path)
    assert (rng[1] - rng[0]) < 8.0  # tighter than the file's range around this path


def tick_labels(view: LandscapeView) -> list[tuple[float, str]]:
    return list(view.colorbar.axis._tickLevels[0])


def test_colour_bar_ticks_are_loss_values(qtbot):
    doc = sigmoid_neuron()
    doc.view.log_color = True
    view = synchronous_view(qtbot, doc)
    run = doc.make_run()
    run.steps(1000)
    view.show_snapshot(take_snapshot(run, version=1))
    ticks = tick_labels(view)
    lo, hi = view.colorbar.levels()
    assert len(ticks) >= 2
    for position, label in ticks:
        value = float(label.lstrip("≤≥ "))
        assert value > 0  # a loss, not a log₁₀ (which would be negative here)
        # Placed where it belongs; a clipped end's label names the end of the bar.
        end = lo if label.startswith("≤") else hi if label.startswith("≥") else position
        assert np.log10(value) == pytest.approx(end, abs=0.05)
    assert "log" not in view.colorbar.axis.labelText or "colour" in view.colorbar.axis.labelText
    assert view.colorbar.axis.autoSIPrefix is False  # never "(x0.001)"
    view.log_color.setChecked(False)
    lo, hi = view.colorbar.levels()
    for position, label in tick_labels(view):
        end = lo if label.startswith("≤") else hi if label.startswith("≥") else position
        assert float(label.lstrip("≤≥ ")) == pytest.approx(end, rel=0.05, abs=1e-3)


def test_overflowing_cells_get_their_own_colour_and_a_legend_entry(qtbot):
    doc = sigmoid_neuron()
    view = synchronous_view(qtbot, doc)
    view.show_snapshot(take_snapshot(doc.make_run(), version=1))
    result = view.result
    z = np.array(result.surface.z, dtype=float)
    z[:3, :3] = np.inf
    z[5, 5] = np.nan
    broken = replace(result, surface=replace(result.surface, z=z))
    view.show_result(broken)
    assert view.bad.isVisible()
    alpha = view.bad.image[..., 3]
    assert alpha[:3, :3].all() and alpha[5, 5] and not alpha[10:, 10:].any()
    assert any("no value" in text for text in view._legend_entries)
    lo, hi = view.colorbar.levels()
    assert np.isfinite([lo, hi]).all()


def test_the_arrow_is_as_long_as_the_gradient_at_one_scale(qtbot):
    doc = sigmoid_neuron()
    view = synchronous_view(qtbot, doc)
    run = doc.make_run()
    run.steps(200)
    snap = take_snapshot(run, version=1)
    view.show_snapshot(snap)
    k = view.arrow_scale
    assert k is not None and any(f"−{scale.loss_label(k)} × gradient" in t
                                 for t in view._legend_entries)
    small = snap.gradient / np.linalg.norm(snap.gradient) * 1e-3 / k  # a short arrow
    # Long enough to draw at this zoom, and twice the gradient draws twice as long.
    view.vb.setRange(xRange=(snap.theta[0] - 0.01, snap.theta[0] + 0.01),
                     yRange=(snap.theta[1] - 0.01, snap.theta[1] + 0.01), padding=0)
    lengths = []
    for factor in (1.0, 2.0):
        view._draw_arrow(*snap.theta, small * factor)
        assert view.arrow_line.isVisible()
        (x0, x1), (y0, y1) = view.arrow_line.getData()
        lengths.append(np.hypot(x1 - x0, y1 - y0))
    assert lengths[1] == pytest.approx(2 * lengths[0], rel=1e-6)
    assert lengths[0] == pytest.approx(k * np.linalg.norm(small), rel=1e-6)
    # No gradient, no arrow; the legend says it vanished.
    view._draw_arrow(*snap.theta, np.zeros(2))
    assert not view.arrow_line.isVisible() and not view.arrow_head.isVisible()
    assert any("too short to show" in t for t in view._legend_entries)


def test_the_arrow_is_capped_and_stays_inside_the_plot(qtbot):
    doc = sigmoid_neuron()
    view = synchronous_view(qtbot, doc)
    snap = take_snapshot(doc.make_run(), version=1)
    view.show_snapshot(snap)
    view._draw_arrow(*snap.theta, np.array([-1e6, -1e6]))  # a huge gradient
    assert view.arrow_line.isVisible()
    (x0, x1), (y0, y1) = view.arrow_line.getData()
    assert scale.contains(shown_range(view), (x1, y1))
    rng = shown_range(view)
    rel = np.hypot((x1 - x0) / (rng[1] - rng[0]), (y1 - y0) / (rng[3] - rng[2]))
    assert rel <= scale.ARROW_CAP + 1e-9


def test_a_change_of_slice_recomputes_the_surface(qtbot, xor_doc):
    view = synchronous_view(qtbot, xor_doc)
    view.show_snapshot(take_snapshot(xor_doc.make_run(), version=1))
    first = view.result
    view.y_param.setCurrentText("b:h1_1")
    assert view.result is not first and view.result.plane.labels[1] == "b:h1_1"
    view.mode.setCurrentIndex(view.mode.findData("random"))
    assert view.result.plane.kind == "random"


def test_a_long_path_is_drawn_with_its_newest_steps_exact_and_the_rest_thinned(qtbot):
    from playground.ui.training.worker import HEAD_PATH_POINTS
    from playground.ui.views.landscape_view import DRAWN_OLDER, DRAWN_RECENT

    doc = sigmoid_neuron()
    view = synchronous_view(qtbot, doc)
    run = doc.make_run()
    run.steps(20_000)
    snap = take_snapshot(run, version=1)
    view.show_snapshot(snap)
    x, y = view.path.getData()
    assert len(snap.path) > DRAWN_RECENT + DRAWN_OLDER
    assert len(x) <= HEAD_PATH_POINTS + DRAWN_RECENT + DRAWN_OLDER + 2  # stroking costs
    np.testing.assert_array_equal(x[-DRAWN_RECENT:], snap.path[-DRAWN_RECENT:, 0])
    np.testing.assert_array_equal(x[:HEAD_PATH_POINTS], snap.path[:HEAD_PATH_POINTS, 0])
    assert (x[0], y[0]) == tuple(snap.path[0])  # the start is still where the path begins


def test_pixel_thinning_keeps_one_point_per_half_pixel_run_and_the_last():
    from playground.ui.views.landscape_view import pixel_thinned

    x = np.array([0.0, 0.1, 0.2, 1.3, 1.35, 1.4, 0.2, np.nan, 5.0, 5.01])
    y = np.zeros_like(x)
    # cells of half a pixel (pixel 2.0): 0, 0, 0, 1, 1, 1, 0, nan, 5, 5
    assert pixel_thinned(x, y, 2.0, 2.0).tolist() == [0, 3, 6, 7, 8, 9]
    assert pixel_thinned(x, y, 0.0, 2.0).tolist() == list(range(10))  # no pixel size yet
    assert pixel_thinned(x[:2], y[:2], 2.0, 2.0).tolist() == [0, 1]


def test_at_max_pace_the_path_is_drawn_to_the_pixel_and_exactly_once_paused(qtbot):
    from playground.ui.views.landscape_view import pixel_thinned

    doc = sigmoid_neuron()
    view = synchronous_view(qtbot, doc)
    run = doc.make_run()
    run.steps(3_000)  # the late steps crawl: many to a pixel
    view.show_snapshot(take_snapshot(run, version=1, running=True, pace=None))
    x, y = view.path.getData()
    view.show_snapshot(take_snapshot(run, version=1))  # paused: every point
    ex, ey = view.path.getData()
    assert len(x) < len(ex) / 2
    px, py = view.vb.viewPixelSize()
    keep = pixel_thinned(ex, ey, px, py)
    np.testing.assert_array_equal(x, ex[keep])
    assert (x[0], y[0], x[-1], y[-1]) == (ex[0], ey[0], ex[-1], ey[-1])
    # no drawn corner moves: each left-out point shares a half-pixel cell with the one kept
    # before it
    cell = np.floor(ex / (0.5 * px)), np.floor(ey / (0.5 * py))
    kept_before = keep[np.searchsorted(keep, np.arange(len(ex)), side="right") - 1]
    assert (cell[0] == cell[0][kept_before]).all() and (cell[1] == cell[1][kept_before]).all()


def test_curvature_plane_shows_the_eigenvalues_in_the_legend(qtbot):
    from playground.io.examples import EXAMPLES_DIR
    from playground.io.files import load_document

    doc = load_document(EXAMPLES_DIR / "xor.json")
    doc.view.mode = "hessian"
    doc.view.range = None
    view = synchronous_view(qtbot, doc)
    assert view.mode.currentData() == "hessian"
    run = doc.make_run()
    run.steps(50)
    view.show_snapshot(take_snapshot(run, version=1))
    plane = view.result.plane
    assert plane.kind == "hessian" and plane.eigenvalues[0] >= plane.eigenvalues[1]
    entry = next(t for t in view._legend_entries if "λ₁" in t)
    assert f"{plane.eigenvalues[0]:.4g}" in entry and f"{plane.eigenvalues[1]:.4g}" in entry
    assert "Hessian" in view.item.titleLabel.text
    assert view.mode.findData("hessian-filter") == -1  # an option in the View menu instead
    view.filter_curvature.setChecked(True)
    assert view.settings.mode == "hessian-filter"
    assert view.result.plane.labels[0].endswith("filter-normalised")
    view.mode.setCurrentIndex(view.mode.findData("random"))
    assert not any("λ₁" in t for t in view._legend_entries)


def test_a_saved_filter_normalised_curvature_plane_opens_as_saved(qtbot):
    from playground.io.examples import EXAMPLES_DIR
    from playground.io.files import load_document

    doc = load_document(EXAMPLES_DIR / "xor.json")
    doc.view.mode = "hessian-filter"
    doc.view.range = None
    view = synchronous_view(qtbot, doc)
    assert view.mode.currentData() == "hessian" and view.filter_curvature.isChecked()
    view.show_snapshot(take_snapshot(doc.make_run(), version=1))
    assert view.result.plane.kind == "hessian"
    assert view.result.request.mode == "hessian-filter"
    view.filter_curvature.setChecked(False)
    assert view.settings.mode == "hessian"


def test_the_legend_moves_off_the_start_and_current_points(qtbot):
    from PySide6.QtCore import QPointF, QRectF

    from playground.io.examples import example_path
    from playground.io.files import load_document

    doc = load_document(example_path("fn-article"))  # starts at (−5, −5), bottom left
    view = synchronous_view(qtbot, doc)
    view.show_snapshot(take_snapshot(doc.make_run(), version=1))
    assert view.legend.isVisible()

    def legend_area() -> QRectF:
        return view.legend.mapRectToItem(view.vb, view.legend.boundingRect())

    start = view.vb.mapFromView(QPointF(-5.0, -5.0))
    assert not legend_area().contains(start)
    assert tuple(view.legend.opts["offset"]) != (8, -8)  # it left its usual corner
    # After a step it still keeps clear of the start.
    run = doc.make_run()
    run.steps(1)  # lr 0.5 lands on (0, 0): the start is still bottom left
    view.show_snapshot(take_snapshot(run, version=1))
    assert not legend_area().contains(start)


@pytest.mark.parametrize("lo, hi, log", [(-3.09, 1.64, True),  # ≤ 8.2e-4 … ≥ 44
                                         (-11.5, -3.0, True),  # ≤ 3.2e-12
                                         (-3.2e-12, 0.5, False),  # ≤ -3.2e-12
                                         (0.0, 1.2e5, False)])
def test_the_colour_bars_clipped_ends_are_labelled(qtbot, lo, hi, log):
    """pyqtgraph drops a tick label wider than its axis: '≤ 0.00082' was (new-user test)."""
    from PySide6.QtGui import QImage, QPainter

    view = synchronous_view(qtbot, sigmoid_neuron())
    axis = view.colorbar.axis
    ticks = scale.colour_ticks(lo, hi, log, True, True)
    axis.setTicks([ticks, []])
    axis.setRange(lo, hi)
    image = QImage(200, 600, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        _, _, texts = axis.generateDrawSpecs(painter)
    finally:
        painter.end()
    drawn = {text for _, _, text in texts}
    ends = [label for _, label in ticks if label[0] in "≤≥"]
    assert len(ends) == 2 and set(ends) <= drawn, (ends, drawn)
