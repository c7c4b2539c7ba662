"""Loss landscapes: grids equal the direct loss, planes, projections, ranges and levels."""

import itertools

import numpy as np
import pytest

from playground.engine import landscape as L
from playground.engine.compiled import compile_network
from playground.engine.datasets import generate
from playground.engine.landscape.planes import weight_rows
from playground.engine.losses import LOSSES, LossSpec
from playground.engine.network import Connection, Network, Neuron, layered
from playground.engine.training import TrainingConfig, TrainingRun
from tests.engine.netgen import random_dag

W_MIN, B_MIN = 1.791759, -2.282174  # the sigmoid neuron's exact minimum (loss 0)


def reference_problem(seed: int = 0, n: int = 60):
    """A 2-8-8-1 tanh network with non-zero biases and some regression data."""
    net = layered("2-8-8-1", "tanh", "linear", seed=seed)
    rng = np.random.default_rng(seed)
    for neuron in net.neurons:
        if neuron.bias is not None:
            neuron.bias = float(rng.normal(0, 0.3))
    compiled = compile_network(net)
    x = rng.normal(size=(n, 2))
    y = np.sin(x[:, :1]) + 0.1 * rng.normal(size=(n, 1))
    return compiled, compiled.parameters_of(net), x, y


def direct_loss(compiled, surface: L.Surface, x, y) -> np.ndarray:
    """The float64 loss at every grid point, one parameter batch through compiled.loss."""
    a, b = np.meshgrid(surface.xs, surface.ys)
    thetas = surface.plane.points(a.ravel(), b.ravel())
    return compiled.loss(thetas, x, y).reshape(a.shape)


def sigmoid_neuron_run(steps: int = 1000) -> TrainingRun:
    net = Network([Neuron("x1", "input", "linear", None, feature="x1"),
                   Neuron("o1", "output", "sigmoid", -8.0)],
                  [Connection("x1", "o1", 0.0)])
    config = TrainingConfig(loss=LossSpec("half_squared", "sum"), optimizer="sgd",
                            hyper={"lr": 1.0})
    run = TrainingRun(net, generate("sigmoid-neuron"), config)
    run.steps(steps)
    return run


# ----------------------------------------------------------------------------- grid values

@pytest.mark.parametrize("axes", [("w:x1->h1_1", "w:x2->h1_1"), ("w:x1->h1_1", "w:x1->h1_2"),
                                  ("w:h1_3->h2_5", "b:h2_5"), ("b:h1_2", "w:h2_4->o1"),
                                  ("b:o1", "w:x2->h1_8")])
def test_axis_slice_equals_the_float64_loss_at_every_grid_point(axes):
    compiled, theta, x, y = reference_problem()
    plane = L.axes_plane(compiled, theta, *axes)
    surface = L.evaluate(compiled, plane, x, y, (-3, 2, -1.5, 3), (23, 17))
    assert surface.z.shape == (17, 23) and surface.z.dtype == np.float32
    ref = direct_loss(compiled, surface, x, y)
    assert np.max(np.abs(surface.z - ref) / ref) < 1e-4


@pytest.mark.parametrize("bias", ["zero", "keep"])
def test_random_plane_equals_the_float64_loss_at_every_grid_point(bias):
    compiled, theta, x, y = reference_problem(1)
    plane = L.random_plane(compiled, theta, seed=3, bias=bias)
    surface = L.evaluate(compiled, plane, x, y, (-1, 1.5, -2, 1), (19, 21))
    ref = direct_loss(compiled, surface, x, y)
    assert np.max(np.abs(surface.z - ref) / ref) < 1e-4
    at_origin = L.PlaneEvaluator(compiled, plane, x, y).losses([0.0], [0.0])
    assert at_origin[0] == pytest.approx(compiled.loss(theta, x, y), rel=1e-5)  # theta itself


DAG_CASES = list(zip(range(36), itertools.cycle(
    itertools.product(LOSSES, ("sum", "mean"), ("none", "l2", "l1")))))


def dag_planes(seed: int, spec: tuple, rows: int):
    """A random DAG with `spec` = (loss, reduction, regulariser), `rows` random samples,
    and planes through it: three axis slices, and a random plane when it has weights."""
    kind, reduction, reg = spec
    net = random_dag(seed, n_out=2 if kind == "softmax_ce" else None)
    compiled = compile_network(net, LossSpec(kind, reduction, reg, 0.05))
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(rows, len(compiled.input_ids)))
    y = rng.random(size=(rows, len(compiled.output_ids)))
    if kind == "softmax_ce":
        y = np.eye(2)[rng.integers(0, 2, rows)]
    theta = compiled.parameters_of(net)
    names = compiled.parameter_names
    if len(names) < 2:
        pytest.skip("a plane needs two parameters")
    planes = [L.axes_plane(compiled, theta, *rng.choice(names, 2, replace=False))
              for _ in range(3)]
    if any(n.startswith("w:") and theta[i] != 0 for i, n in enumerate(names)):
        planes.append(L.random_plane(compiled, theta, seed=seed, bias="keep"))
    return compiled, x, y, planes


@pytest.mark.parametrize("seed,spec", DAG_CASES)
def test_random_dags_match_the_compiled_loss(seed, spec):
    """Masked blocks, skip connections, neurons without bias or inputs, every loss."""
    compiled, x, y, planes = dag_planes(seed, spec, 9)
    for plane in planes:
        exact = L.evaluate(compiled, plane, x, y, (-1.2, 1.7, -0.6, 2.2), (6, 5),
                           dtype=np.float64)
        ref = direct_loss(compiled, exact, x, y)
        np.testing.assert_allclose(exact.z, ref, rtol=1e-10, atol=1e-12)
        fast = L.evaluate(compiled, plane, x, y, (-1.2, 1.7, -0.6, 2.2), (6, 5))
        np.testing.assert_allclose(fast.z, ref, rtol=1e-4, atol=1e-6)


def test_axis_slice_batches_only_the_neuron_whose_weights_vary():
    compiled, theta, x, y = reference_problem()
    plane = L.axes_plane(compiled, theta, "w:x1->h1_3", "w:x2->h1_3")
    evaluator = L.PlaneEvaluator(compiled, plane, x, y)
    first = compiled.levels[1]
    assert list(evaluator.kind[first.a].cols) == [first.ids.index("h1_3")]
    assert type(evaluator.kind[first.z]).__name__ == "_Linear"  # x is fixed: z stays linear
    # Parameters the loss does not depend on give a flat surface, evaluated once.
    later = L.axes_plane(compiled, theta, "b:o1", "w:h2_1->o1")
    assert L.PlaneEvaluator(compiled, later, x, y).kind[first.a].__class__.__name__ == "_Fixed"


# ----------------------------------------------------------------------------- the sigmoid neuron

def test_sigmoid_neuron_slice_is_lowest_next_to_the_exact_minimum():
    run = sigmoid_neuron_run(0)
    plane = L.axes_plane(run.compiled, run.theta, "w:x1->o1", "b:o1")
    for resolution in [(81, 61), (128, 128)]:
        s = L.evaluate(run.compiled, plane, run.x, run.y, (-2, 6, -10, 2), resolution)
        j, i = np.unravel_index(np.argmin(s.z), s.z.shape)
        assert abs(s.xs[i] - W_MIN) <= s.xs[1] - s.xs[0]
        assert abs(s.ys[j] - B_MIN) <= s.ys[1] - s.ys[0]
    # The starting point (w 0, b −8) reads the article's initial loss.
    start = L.PlaneEvaluator(run.compiled, plane, run.x, run.y).losses([0.0], [-8.0])
    assert start[0] == pytest.approx(0.4246312, rel=1e-6)


def test_sigmoid_neuron_path_projects_to_exactly_the_recorded_w_b():
    run = sigmoid_neuron_run(1000)
    assert run.theta == pytest.approx([3.230394, -5.756507], abs=1e-6)
    path = run.history.path_array()
    plane = L.axes_plane(run.compiled, run.theta, "w:x1->o1", "b:o1")
    coords, distance = L.project(plane, path)
    assert np.array_equal(coords, path)
    assert not distance.any()
    x0, x1, y0, y1 = L.auto_range(coords)
    assert x0 < path[:, 0].min() < path[:, 0].max() < x1
    assert y0 < path[:, 1].min() < path[:, 1].max() < y1
    # The axes plane's coordinates are absolute: the point (w, b) is theta itself.
    assert np.array_equal(plane.point(*run.theta), run.theta)


# ----------------------------------------------------------------------------- planes

def test_filter_normalisation_gives_each_neuron_the_norm_of_its_weights():
    net = random_dag(7, n_in=3, n_out=2)  # masked blocks: rows of different lengths
    compiled = compile_network(net)
    theta = compiled.parameters_of(net)
    rows = weight_rows(compiled)
    assert sum(len(r) for r in rows.values()) == sum(n.startswith("w:")
                                                     for n in compiled.parameter_names)
    biases = [i for i, n in enumerate(compiled.parameter_names) if n.startswith("b:")]
    for bias in ("zero", "keep"):
        plane = L.random_plane(compiled, theta, seed=5, bias=bias)
        for neuron, idx in rows.items():
            assert all(compiled.parameter_names[k].endswith("->" + neuron) for k in idx)
            for d in (plane.u, plane.v):
                assert np.linalg.norm(d[idx]) == pytest.approx(np.linalg.norm(theta[idx]),
                                                               rel=1e-12)
        expected = theta[biases] if bias == "keep" else np.zeros(len(biases))
        assert np.array_equal(plane.u[biases], expected)
        assert np.array_equal(plane.origin, theta) and plane.kind == "random"
    same = L.random_plane(compiled, theta, seed=5)
    other = L.random_plane(compiled, theta, seed=6)
    assert np.array_equal(same.u, L.random_plane(compiled, theta, seed=5).u)
    assert not np.array_equal(same.u, other.u)
    assert not np.allclose(same.u, same.v)


def test_a_path_in_a_two_dimensional_subspace_projects_exactly():
    rng = np.random.default_rng(0)
    theta = rng.normal(size=30)
    d1, d2 = rng.normal(size=(2, 30))
    s = np.linspace(-3, 0, 50)
    path = theta + np.outer(s, d1) + np.outer(np.sin(3 * s) * 0.5, d2)
    plane = L.trajectory_plane(path, theta)
    assert plane.kind == "pca" and sum(plane.explained) == pytest.approx(1.0, abs=1e-12)
    assert plane.explained[0] >= plane.explained[1] > 0.01
    assert plane.labels[0].startswith("PCA 1 (") and plane.labels[0].endswith("%)")
    np.testing.assert_allclose([plane.u @ plane.u, plane.v @ plane.v, plane.u @ plane.v],
                               [1, 1, 0], atol=1e-12)
    coords, distance = L.project(plane, path)
    assert distance.max() < 1e-12 * np.abs(path).max() * 30
    np.testing.assert_allclose(plane.points(coords[:, 0], coords[:, 1]), path, atol=1e-12)
    assert (coords[0] <= 0).all()  # oriented so the path starts at negative coordinates
    # A point off the plane is at its distance from it.
    off = path[3] + 2.0 * _orthogonal_to(plane.u, plane.v, rng)
    assert L.project(plane, off)[1][0] == pytest.approx(2.0)


def test_trajectory_plane_of_a_long_path_in_many_dimensions():
    rng = np.random.default_rng(1)
    theta = rng.normal(size=400)
    basis = np.linalg.qr(rng.normal(size=(400, 3)))[0].T
    t = np.linspace(0, 1, 300)[:, None]
    path = theta + 4 * t * basis[0] + np.sin(6 * t) * basis[1] + 0.01 * t * t * basis[2]
    plane = L.trajectory_plane(path, theta)
    m = path - theta
    s = np.linalg.svd(m, compute_uv=False)
    np.testing.assert_allclose(plane.explained, s[:2] ** 2 / (s ** 2).sum(), rtol=1e-6)
    assert L.project(plane, path)[1].max() < 0.02


def test_trajectory_plane_of_a_straight_path_and_of_a_path_that_did_not_move():
    theta = np.array([1.0, 2.0, 3.0])
    line = theta + np.outer(np.linspace(-1, 0, 5), [1.0, 1.0, 0.0])
    plane = L.trajectory_plane(line, theta)
    assert plane.explained == pytest.approx((1.0, 0.0))
    assert abs(plane.u @ plane.v) < 1e-12 and plane.v @ plane.v == pytest.approx(1.0)
    with pytest.raises(L.LandscapeError, match="not moved"):
        L.trajectory_plane(np.tile(theta, (4, 1)), theta)


def _orthogonal_to(u, v, rng):
    w = rng.normal(size=u.shape)
    q = np.linalg.qr(np.stack([u, v], axis=1))[0]
    w -= q @ (q.T @ w)
    return w / np.linalg.norm(w)


# ------------------------------------------------------------------------ chunks and refinement

@pytest.mark.parametrize("which", ["axes", "random", "dag"])
def test_results_do_not_depend_on_the_chunk_size_or_workers(which):
    if which == "dag":
        net = random_dag(11, n_in=2, n_out=2)
        compiled = compile_network(net)
        theta = compiled.parameters_of(net)
        rng = np.random.default_rng(2)
        x, y = rng.normal(size=(40, 2)), rng.normal(size=(40, 2))
        plane = L.random_plane(compiled, theta, seed=1, bias="keep")
    else:
        compiled, theta, x, y = reference_problem()
        plane = (L.axes_plane(compiled, theta, "w:x1->h1_1", "w:x1->h1_2") if which == "axes"
                 else L.random_plane(compiled, theta))
    evaluator = L.PlaneEvaluator(compiled, plane, x, y)
    base = evaluator.surface((-2, 2, -1, 1), (21, 13)).z
    for chunk, workers in [(1, 1), (7, 1), (64, 1), (1000, 1), (5, 2), (None, 3)]:
        z = evaluator.surface((-2, 2, -1, 1), (21, 13), chunk=chunk, workers=workers).z
        assert np.array_equal(z, base), (chunk, workers)
    z = L.evaluate(compiled, plane, x, y, (-2, 2, -1, 1), (21, 13), chunk=4).z
    assert np.array_equal(z, base)


def test_refine_yields_coarse_grids_first_then_the_finest_exactly():
    compiled, theta, x, y = reference_problem()
    plane = L.random_plane(compiled, theta)
    rng = (-1, 1, -1, 1)
    surfaces = list(L.refine(compiled, plane, x, y, rng, resolutions=(4, 8, (16, 12))))
    assert [s.z.shape for s in surfaces] == [(4, 4), (8, 8), (12, 16)]
    assert all(s.range == rng and s.plane is plane for s in surfaces)
    assert np.array_equal(surfaces[-1].z, L.evaluate(compiled, plane, x, y, rng, (16, 12)).z)
    np.testing.assert_array_equal(surfaces[0].xs, np.linspace(-1, 1, 4))


# ----------------------------------------------------------------------------- ranges and levels

def test_auto_range_covers_the_path_with_a_margin():
    coords = np.array([[0.0, -8.0], [3.2, -5.7], [1.0, -6.0]])
    x0, x1, y0, y1 = L.auto_range(coords, margin=0.25)
    assert (x0, x1) == pytest.approx((-0.8, 4.0))
    assert (y0, y1) == pytest.approx((-8.0 - 0.575, -5.7 + 0.575))
    # A single point or no points at all: a window of min_span around it (or 0).
    assert L.auto_range([[2.0, 3.0]], margin=0.0, min_span=2.0) == (1.0, 3.0, 2.0, 4.0)
    assert L.auto_range(np.empty((0, 2)), margin=0.0, min_span=1.0) == (-0.5, 0.5, -0.5, 0.5)
    assert L.auto_range([[0, 0], [np.nan, 5], [1, 1]], margin=0.0) == (0, 1, 0, 1)


def _is_nice(level: float, mantissas) -> bool:
    m = level / 10 ** np.floor(np.log10(abs(level)))
    return any(abs(m - n) < 1e-9 for n in mantissas)


@pytest.mark.parametrize("lo,hi", [(0.13, 0.92), (0.0, 1.0), (-3.5, 12.0), (1e3, 1.7e3),
                                   (2.0, 150.0)])
def test_contour_levels_are_readable_and_inside_the_data(lo, hi):
    z = np.linspace(lo, hi, 400).reshape(20, 20)
    levels, log = L.contour_levels(z)
    assert 10 <= len(levels) <= 15
    assert np.all(np.diff(levels) > 0) and levels[0] > lo and levels[-1] < hi
    if log:
        assert all(_is_nice(v, (1, 1.5, 2, 2.5, 3, 4, 5, 6, 7, 8, 9)) for v in levels)
    else:
        step = np.diff(levels)
        assert np.allclose(step, step[0])
        assert _is_nice(step[0], (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8))
        assert np.allclose(levels / step[0], np.round(levels / step[0]))
    assert log == (lo > 0 and hi / lo >= 100)


def test_contour_levels_go_logarithmic_for_data_spanning_decades():
    z = np.geomspace(1e-4, 3.0, 900).reshape(30, 30)
    z[0, 0] = np.nan
    levels, log = L.contour_levels(z)
    assert log and 10 <= len(levels) <= 15
    assert np.all(np.diff(np.log10(levels)) > 0) and levels[0] > 1e-4 and levels[-1] < 3.0
    assert all(_is_nice(v, (1, 2, 3, 5, 7)) for v in levels)
    wide = np.geomspace(1e-30, 1e10, 100)
    levels, log = L.contour_levels(wide)
    assert log and 10 <= len(levels) <= 15
    assert L.contour_levels(np.full((4, 4), 2.0))[0].size == 0
    assert L.contour_levels(np.full((4, 4), np.nan))[0].size == 0


# ----------------------------------------------------------------------------- bad input

def test_bad_input_gets_a_clear_error():
    compiled, theta, x, y = reference_problem()
    plane = L.axes_plane(compiled, theta, "w:x1->h1_1", "b:o1")
    cases = [
        (lambda: L.axes_plane(compiled, theta, "w:x1->h9", "b:o1"), "no parameter 'w:x1->h9'"),
        (lambda: L.axes_plane(compiled, theta, "b:o1", "b:o1"), "two different"),
        (lambda: L.axes_plane(compiled, theta[:-1], "b:o1", "w:x1->h1_1"), "105 parameters"),
        (lambda: L.random_plane(compiled, theta, bias="drop"), "'zero' or 'keep'"),
        (lambda: L.random_plane(compiled, np.zeros_like(theta)), "directions are zero"),
        (lambda: L.trajectory_plane(np.zeros((3, 4)), theta), "path must be"),
        (lambda: L.project(plane, np.zeros((2, 3))), "points must be"),
        (lambda: L.evaluate(compiled, plane, x[:, :1], y, (0, 1, 0, 1)), "x must be"),
        (lambda: L.evaluate(compiled, plane, x, y[:5], (0, 1, 0, 1)), "same number"),
        (lambda: L.evaluate(compiled, plane, x, y, (1, 0, 0, 1)), "x0 < x1"),
        (lambda: L.evaluate(compiled, plane, x, y, (0, 1, 0, np.inf)), "finite"),
        (lambda: L.evaluate(compiled, plane, x, y, (0, 1, 0)), "four numbers"),
        (lambda: L.evaluate(compiled, plane, x, y, (0, 1, 0, 1), 1), "from 2 to"),
        (lambda: L.evaluate(compiled, plane, x, y, (0, 1, 0, 1), chunk=0), "chunk"),
        (lambda: L.evaluate(compiled, plane, x, y, (0, 1, 0, 1), dtype=np.int32), "dtype"),
        (lambda: L.refine(compiled, plane, x, y, (0, 1, 0, 1), resolutions=(8, 0)), "from 2"),
        (lambda: L.contour_levels(np.ones(3), n=1), "number of levels"),
    ]
    for call, message in cases:
        with pytest.raises(L.LandscapeError, match=message):
            call()
    assert issubclass(L.LandscapeError, ValueError)
    empty = L.project(plane, np.empty((0, compiled.n_params)))
    assert empty[0].shape == (0, 2) and empty[1].shape == (0,)


@pytest.mark.parametrize("bias", ["zero", "keep"])
def test_random_plane_of_single_input_neurons_is_a_plane_not_a_line(bias):
    """Filter normalisation turns a one-weight row into ±|w|: u and v must still differ."""
    net = layered("1-1-1", "tanh", "linear", seed=1)
    compiled = compile_network(net)
    theta = compiled.parameters_of(net) + 0.3  # nonzero biases for "keep"
    for seed in range(12):
        plane = L.random_plane(compiled, theta, seed=seed, bias=bias)
        cos = abs(plane.u @ plane.v) / (np.linalg.norm(plane.u) * np.linalg.norm(plane.v))
        assert cos < 0.99, seed
        assert np.isfinite(L.project(plane, theta[None, :])[0]).all()


def test_weight_rows_split_names_of_ids_holding_an_arrow():
    # Ids built in code may hold "->"; each weight still lands in its destination's row.
    net = Network([Neuron("a->b", "input", bias=None), Neuron("b->c", "hidden", "tanh"),
                   Neuron("c", "output", "linear")],
                  [Connection("a->b", "b->c", 1.0), Connection("a->b", "c", 3.0),
                   Connection("b->c", "c", 4.0)])
    compiled = compile_network(net)
    rows = weight_rows(compiled)
    named = {dst: sorted(compiled.parameter_names[k] for k in idx) for dst, idx in rows.items()}
    assert named == {"b->c": ["w:a->b->b->c"], "c": ["w:a->b->c", "w:b->c->c"]}


def test_float32_tanh_keeps_its_relative_accuracy_near_zero():
    """½·tanh(w + b)² over a grid where w + b runs from 1e-8 to 1e-4: float32 must stay
    within float32 rounding of the float64 loss, not lose every digit near 0."""
    net = Network([Neuron("x1", "input", "linear", None),
                   Neuron("o1", "output", "tanh", 0.0)], [Connection("x1", "o1", 0.0)])
    compiled = compile_network(net, LossSpec("half_squared", "sum"))
    x, y = np.array([[1.0]]), np.array([[0.0]])
    plane = L.axes_plane(compiled, compiled.parameters_of(net), "w:x1->o1", "b:o1")
    surface = L.evaluate(compiled, plane, x, y, (1e-8, 1e-4, 0.0, 1e-9), (64, 8))
    ref = direct_loss(compiled, surface, x, y)
    assert ref.min() > 0
    assert np.max(np.abs(surface.z - ref) / ref) < 1e-5
