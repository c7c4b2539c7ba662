"""The landscape's numba grid kernels give the numpy evaluator's surfaces (to rounding).

Skipped, with the reason, where numba is not installed; the numpy evaluator is
tested on its own in test_landscape.py either way.
"""

import itertools
from types import SimpleNamespace

import numpy as np
import pytest

from playground.engine import fast
from playground.engine import landscape as L
from playground.engine.activations import ACTIVATIONS
from playground.engine.compiled import compile_network
from playground.engine.losses import LOSSES, LossSpec
from playground.engine.network import layered
from tests.engine.test_landscape import dag_planes, direct_loss, reference_problem

pytestmark = pytest.mark.skipif(not fast.installed(),
                                reason="numba is not installed: no grid kernels to compare")

RANGE = (-1.2, 1.7, -0.6, 2.2)


@pytest.fixture(scope="module")
def kernels():
    before = fast._kernels
    if fast.load() is None:
        pytest.skip(f"fast executor unavailable: {fast.reason()}")
    yield fast.grid_kernels()
    fast._kernels = before  # keep other tests' evaluators (fast=None) on numpy


def both(compiled, plane, x, y, res, dtype=np.float32, rng=RANGE):
    kernel = L.PlaneEvaluator(compiled, plane, x, y, dtype, fast=True)
    plain = L.PlaneEvaluator(compiled, plane, x, y, dtype, fast=False)
    assert kernel.grid is not None and plain.grid is None
    return kernel.surface(rng, res).z, plain.surface(rng, res).z


def test_the_evaluator_uses_the_kernels_only_when_loaded(kernels):
    compiled, theta, x, y = reference_problem()
    plane = L.random_plane(compiled, theta)
    assert L.PlaneEvaluator(compiled, plane, x, y).grid is kernels  # loaded: used by default
    assert L.PlaneEvaluator(compiled, plane, x, y, fast=False).grid is None


@pytest.mark.parametrize("dtype,rtol", [(np.float32, 2e-5), (np.float64, 1e-12)])
@pytest.mark.parametrize("which", ["random", "random-keep", "axes-first", "axes-two-neurons",
                                   "axes-deep", "trajectory"])
def test_reference_network_planes_agree(kernels, dtype, rtol, which):
    compiled, theta, x, y = reference_problem(2, n=70)  # 70 samples: a vector remainder
    rng = np.random.default_rng(4)
    plane = {
        "random": lambda: L.random_plane(compiled, theta, seed=1),
        "random-keep": lambda: L.random_plane(compiled, theta, seed=2, bias="keep"),
        "axes-first": lambda: L.axes_plane(compiled, theta, "w:x1->h1_1", "w:x2->h1_1"),
        "axes-two-neurons": lambda: L.axes_plane(compiled, theta, "w:x1->h1_1", "b:h1_2"),
        "axes-deep": lambda: L.axes_plane(compiled, theta, "w:h1_3->h2_5", "b:o1"),
        "trajectory": lambda: L.trajectory_plane(
            theta + rng.normal(0, 0.2, (30, len(theta))).cumsum(axis=0), theta),
    }[which]()
    z_kernel, z_plain = both(compiled, plane, x, y, (17, 13), dtype)
    np.testing.assert_allclose(z_kernel, z_plain, rtol=rtol)
    ref = direct_loss(compiled, L.PlaneEvaluator(compiled, plane, x, y).surface(RANGE, (17, 13)),
                      x, y)
    np.testing.assert_allclose(z_kernel, ref, rtol=1e-4 if dtype == np.float32 else 1e-10)


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_every_activation(kernels, name):
    """The kernels do the linear algebra; each activation is the registry's own kernel."""
    net = layered("2-5-4-2", name, "sigmoid", seed=3)
    compiled = compile_network(net)
    theta = compiled.parameters_of(net)
    rng = np.random.default_rng(1)
    x, y = rng.normal(size=(33, 2)), rng.random(size=(33, 2))
    for plane in (L.random_plane(compiled, theta, seed=5),
                  L.axes_plane(compiled, theta, "w:x1->h1_2", "w:h1_2->h2_1")):
        z_kernel, z_plain = both(compiled, plane, x, y, (9, 8))
        np.testing.assert_allclose(z_kernel, z_plain, rtol=2e-5, atol=1e-7)


DAG_CASES = list(zip(range(24), itertools.cycle(
    itertools.product(LOSSES, ("sum", "mean"), ("none", "l2")))))


@pytest.mark.parametrize("seed,spec", DAG_CASES)
def test_random_dags_agree(kernels, seed, spec):
    """Masked blocks, skip connections, neurons without bias, every loss, in float64."""
    compiled, x, y, planes = dag_planes(seed, spec, 11)
    for plane in planes:
        z_kernel, z_plain = both(compiled, plane, x, y, (6, 5), np.float64)
        np.testing.assert_allclose(z_kernel, z_plain, rtol=1e-11, atol=1e-13)


def test_chunks_and_workers_do_not_change_the_kernels_results(kernels):
    compiled, theta, x, y = reference_problem()
    evaluator = L.PlaneEvaluator(compiled, L.random_plane(compiled, theta), x, y, fast=True)
    base = evaluator.surface((-2, 2, -1, 1), (21, 13)).z
    for chunk, workers in [(1, 1), (7, 1), (1000, 1), (5, 2)]:
        z = evaluator.surface((-2, 2, -1, 1), (21, 13), chunk=chunk, workers=workers).z
        assert np.array_equal(z, base), (chunk, workers)


def test_a_diverging_grid_point_stays_infinite_or_nan(kernels):
    """No finite-math shortcut in the kernels: an overflowing loss is not hidden."""
    compiled, theta, x, y = reference_problem()
    plane = L.axes_plane(compiled, theta, "w:h2_1->o1", "b:o1")
    z_kernel, z_plain = both(compiled, plane, x, y, (5, 4), rng=(1e37, 3e38, -1, 1))
    assert not np.isfinite(z_plain).all()
    np.testing.assert_array_equal(np.isfinite(z_kernel), np.isfinite(z_plain))


def _counting(kernels, names, monkeypatch) -> dict[str, int]:
    """Count calls of the named grid kernels (the rest stay reachable)."""
    calls = dict.fromkeys(names, 0)

    def counting(name):
        def call(*args):
            calls[name] += 1
            return getattr(kernels, name)(*args)
        return call

    wrapped = SimpleNamespace(**{n: getattr(kernels, n) for n in dir(kernels)
                                 if not n.startswith("__")})
    for n in names:
        setattr(wrapped, n, counting(n))
    monkeypatch.setattr(fast, "_grid", wrapped)
    return calls


def test_the_reference_planes_run_as_one_fused_program(kernels, monkeypatch):
    """Not a silent fallback: the whole grid runs in `program`, no step kernel."""
    calls = _counting(kernels, ["program", "linear3", "affine", "squared"], monkeypatch)
    compiled, theta, x, y = reference_problem()
    for plane in (L.random_plane(compiled, theta),
                  L.axes_plane(compiled, theta, "w:x1->h1_1", "w:x2->h1_1")):
        evaluator = L.PlaneEvaluator(compiled, plane, x, y)
        assert evaluator.program is not None
        evaluator.surface(RANGE, 8)
        assert calls["program"] > 0 and calls["linear3"] == calls["affine"] \
            == calls["squared"] == 0, calls
        calls.update(dict.fromkeys(calls, 0))


def test_steps_without_a_fused_form_run_in_the_step_kernels(kernels, monkeypatch):
    """Sigmoid has no fused form: the grid runs step by step, the linear algebra still
    in the kernels and the activation in the registry's numpy kernel."""
    calls = _counting(kernels, ["program", "linear3", "affine", "squared"], monkeypatch)
    net = layered("2-8-8-1", "sigmoid", "linear", seed=1)
    compiled = compile_network(net)
    theta = compiled.parameters_of(net)
    _, _, x, y = reference_problem()
    for plane in (L.random_plane(compiled, theta),
                  L.axes_plane(compiled, theta, "w:x1->h1_1", "w:x2->h1_1")):
        evaluator = L.PlaneEvaluator(compiled, plane, x, y)
        assert evaluator.program is None
        evaluator.surface(RANGE, 8)
        assert calls["program"] == 0 and min(calls.values()) == 0 \
            and calls["linear3"] > 0 and calls["affine"] > 0 and calls["squared"] > 0, calls
        calls.update(dict.fromkeys(calls, 0))


@pytest.mark.parametrize("dtype,rtol", [(np.float32, 2e-5), (np.float64, 1e-12)])
@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_fused_programs_agree_for_every_activation(kernels, name, dtype, rtol):
    """Hidden activation `name` with a linear output: one fused program where the
    activation has a compiled form (its `_act` form in kernels.py), steps otherwise."""
    net = layered("2-5-4-2", name, "linear", seed=3)
    compiled = compile_network(net)
    theta = compiled.parameters_of(net)
    rng = np.random.default_rng(2)
    x, y = rng.normal(size=(37, 2)), rng.normal(size=(37, 2))
    planes = [L.random_plane(compiled, theta, seed=4),
              L.axes_plane(compiled, theta, "w:x1->h1_2", "b:h1_4"),
              L.axes_plane(compiled, theta, "w:h1_1->h2_3", "w:h2_2->o2"),
              L.trajectory_plane(theta + rng.normal(0, 0.3, (20, len(theta))).cumsum(axis=0),
                                 theta)]
    for plane in planes:
        evaluator = L.PlaneEvaluator(compiled, plane, x, y, dtype, fast=True)
        assert (evaluator.program is not None) == (name in kernels.FUSED_ACTIVATIONS)
        z_kernel, z_plain = both(compiled, plane, x, y, (9, 7), dtype, rng=(-3, 3, -2, 4))
        np.testing.assert_allclose(z_kernel, z_plain, rtol=rtol)


def test_mixed_activations_in_one_level_fuse(kernels):
    """A level whose neurons have different activations: one code per row."""
    net = layered("2-6-3-1", "tanh", "linear", seed=5)
    for neuron, act in zip([n for n in net.neurons if n.id.startswith("h1_")],
                           ["relu", "tanh", "tanh", "leaky_relu", "linear", "relu"]):
        neuron.activation = act
    compiled = compile_network(net)
    theta = compiled.parameters_of(net)
    x, y = reference_problem()[2:]
    for plane in (L.random_plane(compiled, theta, seed=1),
                  L.axes_plane(compiled, theta, "w:x1->h1_2", "w:x2->h1_4")):
        for dtype, rtol in [(np.float32, 2e-5), (np.float64, 1e-12)]:
            assert L.PlaneEvaluator(compiled, plane, x, y, dtype, fast=True).program is not None
            z_kernel, z_plain = both(compiled, plane, x, y, (8, 6), dtype)
            np.testing.assert_allclose(z_kernel, z_plain, rtol=rtol)


@pytest.mark.parametrize("dtype,rtol", [(np.float32, 2e-5), (np.float64, 1e-12)])
@pytest.mark.parametrize("kind,reduction,reg", list(itertools.product(
    LOSSES, ("sum", "mean"), ("none", "l2"))))
def test_every_loss_after_a_fused_program(kernels, kind, reduction, reg, dtype, rtol):
    """Squared losses end inside the program; any other loss (and a regulariser) takes
    the program's stored outputs and finishes in numpy."""
    net = layered("2-6-5-2", "tanh", "linear", seed=7)
    compiled = compile_network(net, LossSpec(kind, reduction, reg, 0.05))
    theta = compiled.parameters_of(net)
    rng = np.random.default_rng(3)
    x = rng.normal(size=(29, 2))
    y = np.eye(2)[rng.integers(0, 2, 29)] if kind == "softmax_ce" else rng.random((29, 2))
    for plane in (L.random_plane(compiled, theta, seed=2),
                  L.axes_plane(compiled, theta, "w:x2->h1_3", "b:o2")):
        evaluator = L.PlaneEvaluator(compiled, plane, x, y, dtype, fast=True)
        if reg == "none":
            assert evaluator.program is not None
        z_kernel, z_plain = both(compiled, plane, x, y, (7, 6), dtype)
        np.testing.assert_allclose(z_kernel, z_plain, rtol=rtol)


def test_the_grids_float32_tanh_is_within_5_3_ulp_of_every_float32(kernels):
    """The rational float32 tanh of the program, through its own loop (`_act_run`): every
    float32 from 4 to 12 (the rational's hard part and its clamp), every 7th from 2⁻¹⁰
    to 4, then tiny values and the edges: within 5.3 float32 ulp, never above 1, odd,
    NaN kept. (benchmarks/activation_kernels.py reports the same bound.)"""
    from playground.engine.fast.grid import _act_run
    lo, mid, hi = (int(np.float32(v).view(np.int32)) for v in (2.0 ** -10, 4.0, 12.0))
    worst = 0.0
    for start, stop, every in ((lo, mid, 7), (mid, hi, 1)):
        z = np.arange(start, stop, every, dtype=np.int32).view(np.float32)
        out = np.empty_like(z)
        _act_run(2, out, 0, z, 0, z.size)
        ref = np.tanh(z.astype(np.float64))
        # the ulp below |tanh| (float32 spacing of the next float32 toward 0): near 1 the
        # spacing above 1 would count errors at half their size
        ulp = np.spacing(np.nextafter(ref.astype(np.float32), np.float32(0))).astype(float)
        worst = max(worst, float(np.max(np.abs(out - ref) / ulp)))
        assert out.max() <= 1.0
    assert worst <= 5.3, f"{worst:.2f} ulp"
    tiny = np.concatenate([10.0 ** -np.arange(4, 38), [1e-45]]).astype(np.float32)
    out = np.empty_like(tiny)
    _act_run(2, out, 0, tiny, 0, tiny.size)
    np.testing.assert_array_equal(out, tiny)  # tanh z rounds to z this close to 0
    z = np.random.default_rng(0).normal(0, 5, 100_000).astype(np.float32)
    pos, neg = np.empty_like(z), np.empty_like(z)
    _act_run(2, pos, 0, z, 0, z.size)
    _act_run(2, neg, 0, -z, 0, z.size)
    np.testing.assert_array_equal(neg, -pos)
    edges = np.array([np.inf, -np.inf, np.nan, -0.0], dtype=np.float32)
    got = np.empty_like(edges)
    _act_run(2, got, 0, edges, 0, 4)
    assert 1.0 - 3e-7 < got[0] <= 1.0 and got[1] == -got[0] and np.isnan(got[2])
    assert got[3] == 0.0 and np.signbit(got[3])
