"""Hessian-vector products (engine.hvp) against finite differences of the gradient."""

from __future__ import annotations

import inspect

import numpy as np
import pytest

from playground.engine import autodiff, compiled, function, function_ops, losses
from playground.engine.activations import ACTIVATIONS
from playground.engine.compiled import compile_network
from playground.engine.expression import FUNCTIONS
from playground.engine.function import FunctionModel, compile_function
from playground.engine.hvp import RULES, CurvatureError, HessianOperator, hvp
from playground.engine.losses import LOSSES, LossSpec
from playground.engine.network import Connection, Network, Neuron
from tests.engine.netgen import random_dag


def fd_hvp(model, theta, v, x=None, y=None, eps=1e-5):
    """(∇L(θ + εv) − ∇L(θ − εv)) / 2ε: the reference, accurate to O(ε²)."""
    plus = model.loss_and_grad(theta + eps * v, x, y)[1]
    minus = model.loss_and_grad(theta - eps * v, x, y)[1]
    return (plus - minus) / (2 * eps)


def assert_close_to_fd(model, theta, x=None, y=None, seed=0, vectors=3):
    rng = np.random.default_rng(seed)
    op = HessianOperator(model, theta, x, y)
    for _ in range(vectors):
        v = rng.normal(size=theta.shape)
        exact = op(v)
        approx = fd_hvp(model, theta, v, x, y)
        scale = max(1.0, float(np.abs(approx).max(initial=0.0)))
        np.testing.assert_allclose(exact, approx, atol=2e-6 * scale, rtol=1e-5)
    return op


def data_for(loss: str, n_in: int, n_out: int, seed: int):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(6, n_in))
    if loss == "bce_logits":
        y = rng.uniform(0, 1, size=(6, n_out))
    elif loss == "softmax_ce":
        y = np.eye(n_out)[rng.integers(0, n_out, size=6)]
    else:
        y = rng.normal(size=(6, n_out))
    return x, y


@pytest.mark.parametrize("loss", list(LOSSES))
@pytest.mark.parametrize("activation", list(ACTIVATIONS))
def test_random_dags_every_activation_every_loss(activation, loss):
    checked = 0
    for seed in range(4):
        n_out = 3 if loss == "softmax_ce" else None
        net = random_dag(100 * seed + len(activation), n_out=n_out, activations=[activation])
        spec = LossSpec(loss, "mean" if seed % 2 else "sum",
                        "l2" if seed == 2 else "none", 0.3 if seed == 2 else 0.0)
        model = compile_network(net, spec)
        x, y = data_for(loss, len(model.input_ids), len(model.output_ids), seed)
        assert_close_to_fd(model, model.parameters_of(net), x, y, seed=seed)
        checked += model.n_params
    assert checked >= 10  # the DAGs had parameters to differentiate


def test_mixed_activations_l1_and_every_reduction():
    for seed in range(12):
        net = random_dag(500 + seed)
        for reduction in ("sum", "mean"):
            model = compile_network(net, LossSpec("squared", reduction, "l1", 0.2))
            x, y = data_for("squared", len(model.input_ids), len(model.output_ids), seed)
            assert_close_to_fd(model, model.parameters_of(net), x, y, seed=seed)


def test_hessian_is_symmetric_on_a_network():
    net = random_dag(7, activations=["tanh", "sigmoid", "softplus"])
    model = compile_network(net, LossSpec("half_squared", "mean"))
    x, y = data_for("half_squared", len(model.input_ids), len(model.output_ids), 7)
    op = HessianOperator(model, model.parameters_of(net), x, y)
    h = np.column_stack([op(e) for e in np.eye(op.n)])
    np.testing.assert_allclose(h, h.T, atol=1e-10)


# ----------------------------------------------------------------------------- functions

OP_EXPRESSIONS = {
    "+": "x + y*x + 3",
    "-": "x - y*x - 2",
    "*": "x*y*x",
    "/": "x / (y + 3) + 2/x",
    "** constant": "x**3 + y**2.5 + x**-1",
    "** variable": "x**y + 2**x",
    "neg": "-(x*y) + -x**2",
    "min": "min(x*y, x + y) + min(x, 2)",
    "max": "max(x*y, x + y) * max(y, 0.1)",
    "pi, e": "pi*x**2 + e*y",
}
# Every whitelisted function, where it is smooth and defined at the test point.
for name in FUNCTIONS:
    if name not in ("min", "max"):
        OP_EXPRESSIONS[name] = f"{name}(x*y + 0.3) * x + {name}(y)**2"


@pytest.mark.parametrize("name", list(OP_EXPRESSIONS))
def test_function_documents_every_whitelisted_op(name):
    text = OP_EXPRESSIONS[name]
    for k, (xv, yv) in enumerate([(0.7, 1.3), (1.9, 0.4), (0.35, 2.2)]):
        model = FunctionModel([f"f = {text}"], {"x": xv, "y": yv})
        c = compile_function(model)
        assert_close_to_fd(c, c.parameters_of(model), seed=k)


def test_function_with_named_lines_and_shared_subexpressions():
    model = FunctionModel(["u = x*y + z", "v = tanh(u) + sigmoid(u*x)",
                           "f = v**2 + softplus(z - v) + relu(x + 1)"],
                          {"x": 0.4, "y": -1.2, "z": 0.8})
    c = compile_function(model)
    assert_close_to_fd(c, c.parameters_of(model))


def test_quadratic_function_is_exact():
    model = FunctionModel(["f = 0.5*(x**2 + 10*y**2)"], {"x": -5.0, "y": 3.0})
    c = compile_function(model)
    op = HessianOperator(c, c.parameters_of(model))
    assert np.array_equal(op.dense(), np.diag([1.0, 10.0]))
    assert np.array_equal(op(np.array([2.0, -1.0])), np.array([2.0, -10.0]))


def test_general_quadratic_function_is_exact_everywhere():
    model = FunctionModel(["f = 3*x**2 - 2*x*y + 0.5*y**2 + 4*x*z - z**2 + x - 7"],
                          {"x": 0.0, "y": 0.0, "z": 0.0})
    c = compile_function(model)
    want = np.array([[6.0, -2.0, 4.0], [-2.0, 1.0, 0.0], [4.0, 0.0, -2.0]])
    rng = np.random.default_rng(3)
    for _ in range(3):
        theta = rng.normal(size=3) * 10
        np.testing.assert_allclose(HessianOperator(c, theta).dense(), want, atol=1e-12)


def linear_regression(n: int = 8, features: int = 3, seed: int = 0):
    """One linear output neuron on `features` inputs, ½‖Ax − b‖² summed."""
    rng = np.random.default_rng(seed)
    neurons = [Neuron(f"x{i}", "input", bias=None) for i in range(features)]
    neurons.append(Neuron("o", "output", "linear", 0.1))
    conns = [Connection(f"x{i}", "o", float(rng.normal())) for i in range(features)]
    net = Network(neurons, conns)
    x = rng.normal(size=(n, features))
    y = rng.normal(size=(n, 1))
    return net, x, y


def test_linear_regression_hessian_is_ata_exactly():
    net, x, y = linear_regression()
    model = compile_network(net, LossSpec("half_squared", "sum"))
    a = np.column_stack([x, np.ones(len(x))])  # the bias is a column of ones
    op = HessianOperator(model, model.parameters_of(net) * 3.0, x, y)
    np.testing.assert_allclose(op.dense(), a.T @ a, rtol=1e-13, atol=1e-12)


def test_hvp_helper_and_its_errors():
    model = FunctionModel(["f = x**2*y"], {"x": 1.0, "y": 2.0})
    c = compile_function(model)
    np.testing.assert_allclose(hvp(c, np.array([1.0, 2.0]), np.array([1.0, 0.0])),
                               [4.0, 2.0])
    with pytest.raises(ValueError, match="one vector"):
        HessianOperator(c, np.zeros((2, 2)))
    with pytest.raises(ValueError, match=r"v must have shape \(2,\)"):
        HessianOperator(c, np.zeros(2))(np.zeros(3))


# ----------------------------------------------------------------------------- completeness

def test_every_engine_op_has_second_order_rules():
    ops = set()
    for module in (autodiff, compiled, function, function_ops, losses):
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, autodiff.Op) and cls is not autodiff.Op:
                ops.add(cls)
    assert ops <= set(RULES), ops - set(RULES)


def test_every_registry_entry_has_its_second_derivative():
    assert all(a.d2f is not None for a in ACTIVATIONS.values())
    assert all(loss.d2loss_dp is not None for loss in LOSSES.values())
    assert set(function_ops.SECOND_DERIVATIVES) == set(function_ops.ELEMENTWISE)


def test_an_op_without_rules_is_refused_with_its_name(monkeypatch):
    net = random_dag(3, activations=["tanh"])
    model = compile_network(net)
    plain = ACTIVATIONS["tanh"]
    monkeypatch.setitem(ACTIVATIONS, "tanh", type(plain)(
        plain.name, plain.label, plain.f, plain.df, plain.kernel32, plain.formula,
        plain.derivative, plain.glyph))
    model = compile_network(net)
    x, y = data_for("half_squared", len(model.input_ids), len(model.output_ids), 0)
    with pytest.raises(CurvatureError, match="activation 'tanh' has no second derivative"):
        HessianOperator(model, model.parameters_of(net), x, y)(np.ones(model.n_params))
