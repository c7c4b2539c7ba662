"""The grad_table walk on a function's graph, node by node, and ∂f/∂x as a sum over paths."""

import numpy as np
import pytest

from playground.engine.datasets import generate
from playground.engine.function import FunctionModel, compile_function
from playground.engine.function_steps import FunctionGraph, function_steps, gradient_paths
from playground.engine.optimizers import make_optimizer
from playground.engine.training import TrainingConfig, TrainingRun


def compiled_at(text, values):
    m = FunctionModel(text, values)
    c = compile_function(m)
    return c, c.parameters_of(m)


def test_z_gradient_is_the_sum_over_its_two_uses():
    c, theta = compiled_at("z = x*y; f = z + z**2", {"x": 2.0, "y": 3.0})
    steps = function_steps(c, theta)
    z = c.line_nodes["z"]
    step = next(s for s in steps if s.kind == "backward" and s.target == str(z))
    assert step.values == {f"grad:{z}": 13.0}
    # one term per use: through z**2 (1 · 2z = 12) and through f = z + … (1 · 1)
    assert "1·12 + 1·1 = 13" in step.formula
    assert "used 2 times" in step.note
    assert len(step.uses) == 2


def test_steps_visit_forward_in_order_then_backward_in_reverse_order():
    c, theta = compiled_at("z = x*y\nu = sin(z)\nf = u*z + exp(y)", {"x": 0.4, "y": -0.3})
    steps = function_steps(c, theta)
    kinds = [s.kind for s in steps]
    assert kinds == sorted(kinds, key=["forward", "loss", "backward"].index)
    forward = [int(s.target) for s in steps if s.kind == "forward"]
    backward = [int(s.target) for s in steps if s.kind == "backward"]
    assert forward == sorted(forward) and backward == sorted(backward, reverse=True)
    # Every node's inputs are computed before it; every consumer's gradient before its inputs'.
    done = set(c.variable_leaves)
    for i in forward:
        assert all(j in done or c.graph.nodes[j].op.name == "const"
                   for j in c.graph.nodes[i].inputs)
        done.add(i)


@pytest.mark.parametrize("text", [
    "z = x*y; f = z + z**2",
    "z = x*y + w\nu = sin(z) * exp(-w**2)\nf = u + z**2 / (1 + x**2) + max(u, x)",
    "f = (1 - x)**2 + 100*(y - x**2)**2",
    "a = tanh(x) * sigmoid(y)\nb = a*a*a\nf = softplus(b) + relu(a - 0.1) + abs(x)",
])
def test_grad_table_and_path_sums_equal_the_engine_gradient(text):
    values = {"x": 0.7, "y": -0.4, "w": 0.3} if "w" in text else {"x": 0.7, "y": -0.4}
    c, theta = compiled_at(text, values)
    _, grad = c.loss_and_grad(theta)
    g = FunctionGraph(c, theta)
    for k, name in enumerate(c.parameter_names):
        leaf = c.variable_leaves[k]
        assert sum(t.value for t in g.terms(leaf)) == pytest.approx(grad[k], rel=1e-12)
        paths, total, count = gradient_paths(c, theta, name)
        assert total == pytest.approx(grad[k], rel=1e-12, abs=1e-15)
        assert len(paths) == count
        assert sum(p.product for p in paths) == pytest.approx(grad[k], rel=1e-12, abs=1e-15)
        for p in paths:
            assert p.nodes[0] == leaf and p.nodes[-1] == c.total


def test_paths_are_counted_even_when_too_many_to_list():
    # Each line doubles the paths from x: 2**12 of them.
    lines = ["a0 = x*1.01"] + [f"a{k} = a{k - 1} + a{k - 1}**1" for k in range(1, 13)]
    c, theta = compiled_at("\n".join(lines), {"x": 0.5})
    paths, total, count = gradient_paths(c, theta, "x", limit=100)
    assert len(paths) == 100 and count > 100
    assert total == pytest.approx(c.loss_and_grad(theta)[1][0])


def test_update_step_is_the_training_runs_step():
    model = FunctionModel("x**2 + 3*x*y", {"x": 1.0, "y": 2.0})
    c = compile_function(model)
    opt = make_optimizer("sgd", 2, lr=0.1)
    steps = function_steps(c, c.parameters_of(model), opt)
    new = {s.target: s.values[f"new:{s.target}"] for s in steps if s.kind == "update"}
    run = TrainingRun(model, generate("xor"), TrainingConfig(hyper={"lr": 0.1}))
    run.step()
    assert [new["x"], new["y"]] == run.theta.tolist()
    assert opt.t == 0  # the optimizer shown is not advanced


def test_constants_are_not_graph_steps():
    c, theta = compiled_at("f = 3*x + 2", {"x": 1.0})
    steps = function_steps(c, theta)
    assert [s.title for s in steps if s.kind == "forward"] == ["forward: 3*x",
                                                              "forward: f = 3*x + 2"]
    assert np.isclose(FunctionGraph(c, theta).grad(c.variable_leaves[0]), 3.0)
