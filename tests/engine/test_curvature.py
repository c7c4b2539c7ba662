"""Lanczos on Hessian-vector products (engine.curvature) and the stability edge."""

from __future__ import annotations

import numpy as np
import pytest

from playground.engine.compiled import compile_network
from playground.engine.curvature import edge, hessian_spectrum, lanczos
from playground.engine.function import FunctionModel, compile_function
from playground.engine.hvp import HessianOperator
from playground.engine.losses import LossSpec
from tests.engine.netgen import random_dag
from tests.engine.test_hvp import linear_regression


def test_elongated_bowl_exact():
    model = FunctionModel(["f = 0.5*(x**2 + 10*y**2)"], {"x": -4.0, "y": 1.0})
    c = compile_function(model)
    spec, _ = hessian_spectrum(c, c.parameters_of(model))
    assert abs(spec.lam_max - 10.0) < 1e-12
    assert abs(spec.lam_min - 1.0) < 1e-12
    assert abs(abs(spec.v_max[1]) - 1.0) < 1e-12


def test_linear_regression_lambda_max_is_that_of_ata():
    net, x, y = linear_regression(n=20, features=4, seed=2)
    for reduction, factor in (("sum", 1.0), ("mean", 1.0 / 20)):
        model = compile_network(net, LossSpec("half_squared", reduction))
        spec, _ = hessian_spectrum(model, model.parameters_of(net), x, y)
        a = np.column_stack([x, np.ones(len(x))])
        want = np.linalg.eigvalsh(a.T @ a * factor)
        assert abs(spec.lam_max - want[-1]) < 1e-9 * want[-1]
        assert abs(spec.lam_min - want[0]) < 1e-9 * want[-1]


@pytest.mark.parametrize("n", [1, 5, 40, 150])
def test_lanczos_extremes_of_a_random_symmetric_matrix(n):
    rng = np.random.default_rng(n)
    m = rng.normal(size=(n, n))
    h = m + m.T
    want = np.linalg.eigvalsh(h)
    spec = lanczos(lambda v: h @ v, n, steps=min(n, 80))
    if n <= 80:  # the whole Krylov space: every eigenvalue
        np.testing.assert_allclose(np.sort(spec.ritz), want, atol=1e-9 * abs(want).max())
    assert abs(spec.lam_max - want[-1]) <= 1e-6 * abs(want).max()
    assert abs(spec.lam_min - want[0]) <= 1e-6 * abs(want).max()
    np.testing.assert_allclose(h @ spec.v_max, spec.lam_max * spec.v_max,
                               atol=max(spec.residual_max, 1e-9) * 10)


def test_an_exact_eigenvector_as_start_still_finds_lambda_min():
    h = np.diag([1.0, 2.0, 7.0, -3.0])
    spec = lanczos(lambda v: h @ v, 4, steps=4, start=np.array([0.0, 0.0, 1.0, 0.0]))
    assert spec.lam_max == pytest.approx(7.0, abs=1e-12)
    assert spec.lam_min == pytest.approx(-3.0, abs=1e-12)


def test_warm_start_converges_in_a_few_products():
    net = random_dag(11, activations=["tanh"])
    model = compile_network(net, LossSpec("half_squared", "mean"))
    rng = np.random.default_rng(0)
    x = rng.normal(size=(30, len(model.input_ids)))
    y = rng.normal(size=(30, len(model.output_ids)))
    theta = model.parameters_of(net)
    full = np.linalg.eigvalsh(HessianOperator(model, theta, x, y).dense())
    cold, _ = hessian_spectrum(model, theta, x, y)
    assert cold.lam_max == pytest.approx(full[-1], rel=1e-8)
    assert cold.lam_min == pytest.approx(full[0], rel=1e-8, abs=1e-9)
    # A small move: a handful of warm-started products land within 1e-6.
    moved = theta + 1e-3 * rng.normal(size=theta.shape)
    truth = np.linalg.eigvalsh(HessianOperator(model, moved, x, y).dense())[-1]
    op = HessianOperator(model, moved, x, y)
    warm = lanczos(op, op.n, steps=6, start=cold.v_max)
    assert warm.lam_max == pytest.approx(truth, rel=1e-6)


def test_edge_of_each_optimizer_matches_the_iteration():
    """The threshold `edge` states is where the step map's spectral radius crosses 1."""
    lr = 0.1

    def radius(lam, mu, nesterov, wd=0.0):
        lam = lam + wd
        if nesterov:
            m = np.array([[1 - lr * lam * (1 + mu), -lr * mu * mu], [lam, mu]])
        else:
            m = np.array([[1 - lr * lam, -lr * mu], [lam, mu]])
        return max(abs(np.linalg.eigvals(m)))

    cases = [("sgd", {"lr": lr}, 0.0, False, 0.0),
             ("momentum", {"lr": lr, "momentum": 0.9}, 0.9, False, 0.0),
             ("nesterov", {"lr": lr, "momentum": 0.9, "nesterov": True}, 0.9, True, 0.0),
             ("sgd", {"lr": lr, "weight_decay": 0.5}, 0.0, False, 0.5)]
    for name, hyper, mu, nesterov, wd in cases:
        e = edge(name, hyper)
        assert radius(e * 0.999, mu, nesterov, wd) < 1.0
        assert radius(e * 1.001, mu, nesterov, wd) > 1.0
    assert edge("adam", {"lr": lr}) is None
    assert edge("sgd", {"lr": 0.0}) is None


# ----------------------------------------------------------------------------- curvature planes

def test_hessian_plane_of_a_quadratic_is_its_two_sharpest_axes():
    from playground.engine.landscape import hessian_plane, project

    model = FunctionModel(["f = 0.5*(x**2 + 10*y**2 + 3*z**2)"], {"x": 1.0, "y": 1.0, "z": 1.0})
    c = compile_function(model)
    theta = np.array([1.0, 2.0, -3.0])
    path = np.array([[4.0, 5.0, 6.0], theta])
    plane = hessian_plane(c, theta, None, None, path=path)
    assert plane.kind == "hessian" and plane.eigenvalues == pytest.approx((10.0, 3.0))
    np.testing.assert_allclose(np.abs(plane.u), [0, 1, 0], atol=1e-12)
    np.testing.assert_allclose(np.abs(plane.v), [0, 0, 1], atol=1e-12)
    # Oriented so the path's start lies at negative coordinates, the current point at 0.
    coords, _ = project(plane, path)
    assert (coords[0] < 0).all() and np.allclose(coords[-1], 0.0)
    assert "λ = 10" in plane.labels[0] and "λ = 3" in plane.labels[1]


def test_hessian_plane_of_a_network_holds_eigenvectors_and_filter_normalises():
    from playground.engine.landscape import hessian_plane
    from playground.engine.network import layered

    net = layered("2-3-1", "tanh", "sigmoid", seed=1)  # several weights per neuron to scale
    model = compile_network(net, LossSpec("half_squared", "mean"))
    rng = np.random.default_rng(1)
    x = rng.normal(size=(25, 2))
    y = rng.normal(size=(25, 1))
    theta = model.parameters_of(net)
    op = HessianOperator(model, theta, x, y)
    want = np.linalg.eigvalsh(op.dense())[::-1][:2]
    plane = hessian_plane(model, theta, x, y)
    assert plane.eigenvalues == pytest.approx(tuple(want), rel=1e-6)
    np.testing.assert_allclose(op(plane.u), want[0] * plane.u, atol=1e-6 * abs(want[0]))
    assert abs(plane.u @ plane.v) < 1e-9
    filtered = hessian_plane(model, theta, x, y, filter_normalized=True)
    assert filtered.eigenvalues == plane.eigenvalues
    assert filtered.labels[0].endswith("filter-normalised")
    assert not np.allclose(np.abs(filtered.u), np.abs(plane.u))
