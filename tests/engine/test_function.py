"""Function documents: parsing with a whitelist, the graph they compile to, its gradients."""

import time

import numpy as np
import pytest

from playground.engine import expression
from playground.engine.datasets import generate
from playground.engine.expression import ExpressionError, parse
from playground.engine.function import FunctionModel, compile_function, parse_at
from playground.engine.landscape import axes_plane, evaluate
from playground.engine.training import TrainingConfig, TrainingRun


def fd_grad(c, theta, h=1e-6):
    out = np.zeros_like(theta)
    for i in range(len(theta)):
        e = np.zeros_like(theta)
        e[i] = h
        out[i] = (float(c.loss(theta + e)) - float(c.loss(theta - e))) / (2 * h)
    return out


# Each whitelisted operation at a point where it is smooth.
OPS = {
    "+": "x + y", "-": "x - y", "*": "x*y", "/": "x/y", "** constant": "x**3",
    "** variable": "x**y", "neg": "-x*y", "sin": "sin(x*y)", "cos": "cos(x*y)",
    "tan": "tan(x*y)", "exp": "exp(x*y)", "log": "log(x*y)", "sqrt": "sqrt(x*y)",
    "abs": "abs(x - y)", "tanh": "tanh(x*y)", "sigmoid": "sigmoid(x*y)",
    "relu": "relu(x - y)", "softplus": "softplus(x*y)", "min": "min(x, y**2)",
    "max": "max(x, y**2)",
}


@pytest.mark.parametrize("name", list(OPS))
def test_every_whitelisted_operation_matches_finite_differences(name):
    m = FunctionModel(OPS[name], {"x": 1.3, "y": 0.7})
    c = compile_function(m)
    theta = c.parameters_of(m)
    loss, grad = c.loss_and_grad(theta)
    assert np.isfinite(loss)
    np.testing.assert_allclose(grad, fd_grad(c, theta), rtol=1e-6, atol=1e-8)


def test_every_function_is_covered_by_the_gradient_test():
    covered = " ".join(OPS.values())
    for fn in expression.FUNCTIONS:
        assert f"{fn}(" in covered


def test_mixed_function_with_three_variables_matches_finite_differences():
    m = FunctionModel("z = x*y + w\nu = sin(z) * exp(-w**2)\nf = u + z**2 / (1 + x**2)",
                      {"x": 0.3, "y": -1.2, "w": 0.5})
    c = compile_function(m)
    theta = c.parameters_of(m)
    np.testing.assert_allclose(c.loss_and_grad(theta)[1], fd_grad(c, theta), rtol=1e-6)


def test_shared_name_is_one_node_and_its_gradient_sums_both_uses():
    m = FunctionModel("z = x*y; f = z + z**2", {"x": 2.0, "y": 3.0})
    c = compile_function(m)
    z = c.line_nodes["z"]
    consumers = [i for i, n in enumerate(c.graph.nodes) if z in n.inputs]
    assert len(consumers) == 2  # z + … and z**2 read the same node
    t = c.trace(c.parameters_of(m))
    # df/dz = 1 (through z) + 2z (through z**2) = 1 + 12
    assert t.grads[z] == pytest.approx(13.0)
    assert t.gradient() == pytest.approx([13.0 * 3.0, 13.0 * 2.0])


def test_repeated_subexpression_is_built_once():
    c = compile_function(FunctionModel("sin(x*y) + cos(x*y)", {"x": 1.0, "y": 1.0}))
    products = [n for n in c.graph.nodes if n.op is not None and n.op.name == "mul"]
    assert len(products) == 1


def test_parameter_batch_gives_one_loss_and_gradient_per_row():
    m = FunctionModel("x**2 + 3*y", {"x": 0.0, "y": 0.0})
    c = compile_function(m)
    theta = np.array([[1.0, 2.0], [3.0, -1.0], [0.5, 0.0]])
    loss, grad = c.loss_and_grad(theta)
    assert loss == pytest.approx([7.0, 6.0, 0.25])
    assert grad == pytest.approx(np.array([[2.0, 3.0], [6.0, 3.0], [1.0, 3.0]]))


def test_article_one_step_of_gradient_descent_lands_on_the_minimum_exactly():
    m = FunctionModel("x**2 + y**2", {"x": -5.0, "y": -5.0})
    run = TrainingRun(m, generate("xor"), TrainingConfig(hyper={"lr": 0.5}))
    assert run.gradient().tolist() == [-10.0, -10.0]
    assert run.step()
    assert run.theta.tolist() == [0.0, 0.0]
    assert run.train_loss() == 0.0
    assert run.current_network().variables == {"x": 0.0, "y": 0.0}


def test_landscape_of_two_variables_is_the_surface_and_of_three_a_slice():
    m = FunctionModel("z = x*y\nf = sin(z) + z**2 + 0.1*y**2", {"x": 1.0, "y": 2.0})
    c = compile_function(m)
    plane = axes_plane(c, c.parameters_of(m), "x", "y")
    s = evaluate(c, plane, np.zeros((1, 0)), np.zeros((1, 0)), (-2, 2, -1, 3), 5,
                 dtype=np.float64)
    X, Y = np.meshgrid(s.xs, s.ys)
    np.testing.assert_allclose(s.z, np.sin(X * Y) + (X * Y) ** 2 + 0.1 * Y ** 2, atol=1e-12)

    m3 = FunctionModel("x**2 + y**2 + w**2", {"x": 0.0, "y": 0.0, "w": 2.0})
    c3 = compile_function(m3)
    plane = axes_plane(c3, c3.parameters_of(m3), "x", "y")
    s = evaluate(c3, plane, np.zeros((1, 0)), np.zeros((1, 0)), (-1, 1, -1, 1), 3,
                 dtype=np.float64)
    assert s.z[1, 1] == 4.0 and s.z[0, 0] == 6.0  # w held at its value, 2


BAD = {
    "__import__('os')": "unknown function",
    "x.y": "attribute access",
    "lambda: 0": "lambda",
    "f = ": "needs an expression",
    "x +* y": "invalid syntax",
    "x + q": 'unknown name "q"; allowed names are x, y',
    "(" * 10000 + "x" + ")" * 10000: "nested too deeply",
    "9**9**9**9": "overflows",
    "x // y": '"//" is not allowed',
    "open('f')": "unknown function",
    "sin(x, y)": "takes 1 argument",
    "x = 1": "is a variable",
    "1/0 + x": "division by zero",
    "-" * 200 + "x": "nested too deeply",
}


@pytest.mark.parametrize("text", list(BAD))
def test_bad_expression_gets_one_clear_message_with_place(text):
    start = time.perf_counter()
    with pytest.raises(ExpressionError) as info:
        compile_function(FunctionModel(text, {"x": 1.0, "y": 2.0}))
    assert time.perf_counter() - start < 1.0  # refused at once, nothing evaluated
    assert BAD[text] in str(info.value)
    if info.value.line:
        assert_caret_under_column(str(info.value), info.value.text, info.value.column)


def assert_caret_under_column(message: str, line: str, column: int) -> None:
    """The caret sits under the character at `column` of `line` (or just past its end)."""
    shown, caret = (m[2:] for m in message.splitlines()[-2:])
    assert caret.strip() == "^"
    at = caret.index("^")
    if column - 1 < len(line):
        assert shown[at] == line[column - 1]
        assert len(shown) <= expression.SHOWN + 2  # a long line is cut around the place
    else:
        assert at == len(shown)


def test_unknown_name_lists_functions_and_earlier_names():
    with pytest.raises(ExpressionError) as info:
        parse("z = x*y\nf = zz + 1", ["x", "y"])
    msg = str(info.value)
    assert "line 2, column 5" in msg
    for name in ("x", "y", "z", "sin", "softplus", "max"):
        assert name in msg


def test_a_later_name_is_not_visible_earlier():
    with pytest.raises(ExpressionError, match='unknown name "z"'):
        parse("a = z + 1\nz = x\nf = a", ["x"])


def test_constants_fold_and_pi_is_known():
    prog = parse("2*pi*x + 3**2", ["x"])
    c = compile_function(FunctionModel("2*pi*x + 3**2", {"x": 1.0}))
    assert float(c.loss(np.array([1.0]))) == pytest.approx(2 * np.pi + 9)
    assert prog.output == "f"


def test_at_spec_parses_and_refuses_bad_parts():
    assert parse_at("x=-5, y=-5") == {"x": -5.0, "y": -5.0}
    for bad, what in [("x", "NAME=VALUE"), ("x=a", "not a number"), ("x=1,x=2", "twice"),
                      ("a=1,b=2,c=3,d=4", "1 to 3"), ("sin=1", "built-in")]:
        with pytest.raises(ExpressionError, match=what):
            parse_at(bad)
