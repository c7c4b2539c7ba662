"""The loss along a line: from the start to the current point, and along the top eigenvector."""

from __future__ import annotations

import numpy as np
import pytest

from playground.engine.compiled import compile_network
from playground.engine.function import FunctionModel, compile_function
from playground.engine.landscape.line import eigen_line, line_losses, start_line
from playground.engine.landscape.planes import LandscapeError
from playground.engine.losses import LossSpec
from playground.engine.network import layered


def test_start_line_passes_through_the_start_and_the_current_point():
    net = layered("2-3-1", "tanh", "linear", seed=2)
    model = compile_network(net, LossSpec("half_squared", "mean"))
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(30, 2)), rng.normal(size=(30, 1))
    start = model.parameters_of(net)
    theta = start + 0.3 * rng.normal(size=start.shape)
    line = start_line(start, theta)
    assert line.alphas[0] == -0.5 and line.alphas[-1] == 1.5 and len(line.alphas) == 201
    losses = line_losses(model, line, x, y, chunk=16)
    at = {a: losses[int(np.argmin(np.abs(line.alphas - a)))] for a in (0.0, 1.0, 1.5)}
    assert at[0.0] == pytest.approx(float(model.loss(start, x, y)), rel=1e-12)
    assert at[1.0] == pytest.approx(float(model.loss(theta, x, y)), rel=1e-12)
    assert at[1.5] == pytest.approx(float(model.loss(theta + 0.5 * (theta - start), x, y)),
                                    rel=1e-12)
    assert dict((k, a) for a, k in line.marks) == {"start": 0.0, "current": 1.0}


def test_eigen_line_on_a_quadratic_is_its_own_quadratic_model():
    model = FunctionModel(["f = x**2 + 10*y**2 + 3*x*y"], {"x": 0.0, "y": 0.0})
    c = compile_function(model)
    start, theta = np.array([-4.0, 1.5]), np.array([1.0, -0.5])
    line = eigen_line(c, theta, None, None, start=start)
    lam = np.linalg.eigvalsh(np.array([[2.0, 3.0], [3.0, 20.0]]))[-1]
    assert line.curvature == pytest.approx(lam, rel=1e-12)
    loss = float(c.loss(theta))
    assert line.scale == pytest.approx(np.sqrt(2 * loss / lam))
    losses = line_losses(c, line, None, None)
    np.testing.assert_allclose(losses, line.quadratic(), rtol=1e-10, atol=1e-9)
    # The start's side of the line is at negative α.
    assert float((start - theta) @ line.direction) <= 0


def test_eigen_line_uses_a_given_vector_and_says_what_is_wrong():
    model = FunctionModel(["f = x**2 + 10*y**2"], {"x": 0.0, "y": 0.0})
    c = compile_function(model)
    line = eigen_line(c, np.array([1.0, 1.0]), None, None, v_max=np.array([1.0, 0.0]))
    assert line.curvature == pytest.approx(2.0)  # the vector given, not recomputed
    with pytest.raises(LandscapeError, match="NaN or infinite"):
        start_line(np.array([0.0, np.nan]), np.zeros(2))
    with pytest.raises(LandscapeError, match="parameters"):
        start_line(np.zeros(3), np.zeros(2))


def test_overflowing_losses_are_infinite_not_errors():
    model = FunctionModel(["f = exp(x*y)"], {"x": 0.0, "y": 0.0})
    c = compile_function(model)
    line = start_line(np.zeros(2), np.array([30.0, 30.0]))
    losses = line_losses(c, line, None, None)
    assert np.isinf(losses[-1]) and np.isfinite(losses[:10]).all()
