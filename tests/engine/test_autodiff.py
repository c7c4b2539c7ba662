"""The Tensor front end and the articles' examples 1, 5 and 6."""

import numpy as np
import pytest

from playground.engine.autodiff import Tensor, grad, jacobian
from playground.engine.gradcheck import check_gradients


def test_example1_one_step_on_the_bowl_lands_on_the_minimum():
    # f(x, y) = x² + y² from (−5, −5), learning rate 0.5.
    p = np.array([-5.0, -5.0])
    (g,) = grad(lambda t: (t * t).sum(), p)
    np.testing.assert_array_equal(g, [-10.0, -10.0])
    p = p - 0.5 * g
    np.testing.assert_array_equal(p, [0.0, 0.0])
    (g0,) = grad(lambda t: (t * t).sum(), p)
    np.testing.assert_array_equal(g0, [0.0, 0.0])


def test_example5_linear_regression_gradient_and_convergence():
    rng = np.random.default_rng(4)
    A = rng.normal(size=(20, 3))
    b = rng.normal(size=20)
    x = np.zeros(3)

    def loss(t):
        r = Tensor(A) @ t - b
        return 0.5 * (r * r).sum()

    (g,) = grad(loss, x)
    np.testing.assert_allclose(g, A.T @ (A @ x - b), rtol=1e-13)
    lam_max = np.linalg.eigvalsh(A.T @ A).max()
    lr = 1.9 / lam_max  # below 2/λmax: converges
    for _ in range(3000):
        (g,) = grad(loss, x)
        x = x - lr * g
    np.testing.assert_allclose(x, np.linalg.lstsq(A, b, rcond=None)[0], rtol=1e-8)
    # Above 2/λmax the iteration diverges.
    x_bad = np.zeros(3)
    for _ in range(200):
        (g,) = grad(loss, x_bad)
        x_bad = x_bad - 2.1 / lam_max * g
    assert np.linalg.norm(x_bad) > 1e3


def test_example6_chain_rule_is_a_product_of_jacobians():
    # f(x(u(t))): t scalar -> u ∈ R² -> x ∈ R² -> f ∈ R.
    M = np.array([[1.0, 2.0], [-0.5, 3.0]])

    def u_of(t):
        return Tensor(np.array([1.0, 0.0])) * t.tanh() + Tensor(np.array([0.0, 1.0])) * (t * t)

    def x_of(u):
        return (Tensor(M) @ u).sigmoid()

    def f_of(x):
        return (x * x).sum() + x[0] * 3.0

    t0 = np.array(0.7)
    du_dt = jacobian(u_of, t0)                       # (2,)
    u0 = u_of(Tensor(t0)).value
    dx_du = jacobian(x_of, u0)                       # (2, 2)
    x0 = x_of(Tensor(u0)).value
    df_dx = jacobian(f_of, x0)                       # (2,)
    assert (df_dx[None, :].shape, dx_du.shape, du_dt[:, None].shape) == ((1, 2), (2, 2), (2, 1))
    product = df_dx[None, :] @ dx_du @ du_dt[:, None]
    (direct,) = grad(lambda t: f_of(x_of(u_of(t))), t0)
    np.testing.assert_allclose(product[0, 0], direct, rtol=1e-13)
    check = check_gradients(lambda t: f_of(x_of(u_of(Tensor(t)))).value, np.atleast_1d(direct),
                            np.atleast_1d(t0))
    assert check.max_error < 1e-8


def test_a_value_used_twice_sums_both_contributions():
    (g,) = grad(lambda t: t * t + t * 3.0, np.array(2.0))
    assert g == pytest.approx(7.0)


def test_broadcasting_gradients_are_summed_back_to_shape():
    a = np.arange(6.0).reshape(2, 3)
    bias = np.array([0.5, -1.0, 2.0])
    ga, gb = grad(lambda x, b: ((x + b) * (x + b)).sum(), a, bias)
    np.testing.assert_allclose(ga, 2 * (a + bias))
    np.testing.assert_allclose(gb, (2 * (a + bias)).sum(axis=0))


def test_deep_chain_does_not_hit_the_recursion_limit():
    t = Tensor(0.1)
    y = t
    for _ in range(5000):
        y = y * 1.0001
    y.backward()
    assert t.grad == pytest.approx(1.0001 ** 5000)
