"""The grad_table walk (Graph + BackwardPlan) and every op's backward, against finite differences.

Each op is checked as the walk uses it: a graph of leaves and the op, a random
seed r for dL/d(out), and the gradients the plan returns compared with central
differences of L = Σ r·op(inputs). The article's example 6 runs on a compiled
network; examples 1 and 5 run on the shipped examples (tests/io/test_examples.py).
"""

from __future__ import annotations

import numpy as np
import pytest

from playground.engine.activations import ACTIVATIONS
from playground.engine.autodiff import Activate, Add, BackwardPlan, Graph, Op, unbroadcast
from playground.engine.chainrule import direct_jacobian, jacobian_chain
from playground.engine.compiled import Affine, BiasOnly, Collect, compile_network
from playground.engine.losses import LOSSES, REDUCTIONS, DataLoss, LossSpec, Penalty
from playground.engine.network import Connection, Network, Neuron

EPS = 1e-6


def run_graph(graph: Graph, leaves: list[np.ndarray]) -> list[np.ndarray]:
    """Every node's value: leaves in order, then each op on its inputs."""
    values: list = []
    feed = iter(leaves)
    for node in graph.nodes:
        values.append(next(feed) if node.op is None else
                      node.op.forward(*[values[j] for j in node.inputs]))
    return values


def op_gradients(op: Op, inputs: list[np.ndarray], trainable: list[bool], seed):
    """Gradients of L = Σ seed·op(inputs) by the plan, for each input (None if not wanted)."""
    g = Graph()
    leaves = [g.leaf(f"x{i}", trainable=t) for i, t in enumerate(trainable)]
    out = g.add(op, *leaves)
    values = run_graph(g, inputs)
    grads = BackwardPlan(g.nodes, out, g.needs_grad()).run(values, seed)
    return [grads[i] for i in leaves]


def numeric(op: Op, inputs: list[np.ndarray], k: int, seed) -> np.ndarray:
    """Central differences of Σ seed·op(inputs) with respect to inputs[k]."""
    x = np.array(inputs[k], dtype=float)
    out = np.zeros_like(x)
    for idx in np.ndindex(*x.shape):
        total = []
        for step in (EPS, -EPS):
            moved = x.copy()
            moved[idx] += step
            args = list(inputs)
            args[k] = moved
            total.append(float(np.sum(seed * op.forward(*args))))
        out[idx] = (total[0] - total[1]) / (2 * EPS)
    return out


def check_op(op: Op, inputs: list[np.ndarray], trainable: list[bool], rng, atol=1e-7):
    inputs = [np.asarray(x, dtype=float) for x in inputs]
    shape = np.shape(op.forward(*[x.copy() for x in inputs]))
    seed = rng.normal(size=shape) if shape else float(rng.normal())
    grads = op_gradients(op, inputs, trainable, seed)
    for k, (want, got) in enumerate(zip(trainable, grads)):
        if not want:
            continue
        assert got is not None and np.shape(got) == inputs[k].shape, (op.name, k)
        np.testing.assert_allclose(got, numeric(op, inputs, k, seed), rtol=1e-6, atol=atol,
                                   err_msg=f"{op.name}, input {k}")


@pytest.fixture
def rng():
    return np.random.default_rng(7)


def away_from_kinks(rng, shape):
    """Values at least 0.1 from 0, where relu, leaky relu and |w| have no kink."""
    x = rng.uniform(0.1, 1.5, size=shape)
    return x * rng.choice([-1.0, 1.0], size=shape)


# ----------------------------------------------------------------------------- every op

@pytest.mark.parametrize("shapes", [((3, 4), (3, 4)), ((3, 4), (4,)), ((2, 3, 4), (3, 4)),
                                    ((), ())])
def test_add_sums_broadcast_gradients_back_to_shape(shapes, rng):
    check_op(Add(), [rng.normal(size=s) for s in shapes], [True, True], rng)


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_every_activation(name, rng):
    check_op(Activate([(name, None)]), [away_from_kinks(rng, (5, 3))], [True], rng)


def test_activations_by_column_groups(rng):
    names = sorted(ACTIVATIONS)
    groups = [(n, np.array([i])) for i, n in enumerate(names)]
    z = away_from_kinks(rng, (4, len(names)))
    check_op(Activate(groups), [z], [True], rng)
    # The same values as one activation per column.
    out = Activate(groups).forward(z)
    for i, n in enumerate(names):
        np.testing.assert_array_equal(out[:, i], ACTIVATIONS[n].f(z[:, i]))


@pytest.mark.parametrize("batch", [(), (3,)])
@pytest.mark.parametrize("with_bias", [False, True])
def test_affine_plain_and_with_a_parameter_batch(batch, with_bias, rng):
    a = rng.normal(size=(5, 3))
    wt = rng.normal(size=batch + (2, 3))
    inputs = [a, wt] + ([rng.normal(size=batch + (2,))] if with_bias else [])
    check_op(Affine(), inputs, [True] * len(inputs), rng)


def test_affine_gives_only_the_gradients_asked_for(rng):
    a, wt, b = rng.normal(size=(4, 3)), rng.normal(size=(2, 3)), rng.normal(size=2)
    ga, gw, gb = op_gradients(Affine(), [a, wt, b], [False, True, False], np.ones((4, 2)))
    assert ga is None and gb is None and gw.shape == wt.shape


@pytest.mark.parametrize("batch", [(), (3,)])
def test_bias_only(batch, rng):
    check_op(BiasOnly(), [rng.normal(size=(4, 1)), rng.normal(size=batch + (2,))],
             [False, True], rng)


def test_collect_gathers_columns_and_scatters_gradients(rng):
    op = Collect([None, np.array([2, 0])])
    check_op(op, [rng.normal(size=(4, 2)), rng.normal(size=(4, 3))], [True, True], rng)
    check_op(op, [rng.normal(size=(4, 2)), rng.normal(size=(3, 4, 3))], [True, True], rng)


@pytest.mark.parametrize("kind", sorted(LOSSES))
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("batch", [(), (2,)])
def test_every_loss(kind, reduction, batch, rng):
    p = rng.normal(size=batch + (5, 3))
    if kind == "bce_logits":
        y = rng.integers(0, 2, size=(5, 3)).astype(float)
    elif kind == "softmax_ce":
        y = np.eye(3)[rng.integers(0, 3, size=5)]
    else:
        y = rng.normal(size=(5, 3))
    check_op(DataLoss(kind, reduction), [p, y], [True, False], rng)


@pytest.mark.parametrize("kind", ["l1", "l2"])
@pytest.mark.parametrize("batch", [(), (3,)])
def test_penalties(kind, batch, rng):
    check_op(Penalty(kind, 0.3), [away_from_kinks(rng, batch + (2, 4))], [True], rng)


# ----------------------------------------------------------------------------- the walk

def test_a_value_used_twice_sums_both_contributions():
    g = Graph()
    t = g.leaf("t", trainable=True)
    three = g.leaf("3")
    out = g.add(Add(), g.add(Activate([("tanh", None)]), t), g.add(Add(), t, three))
    values = run_graph(g, [np.array(0.5), np.array(3.0)])
    grads = BackwardPlan(g.nodes, out, g.needs_grad()).run(values)
    assert grads[t] == pytest.approx(1 - np.tanh(0.5) ** 2 + 1.0, rel=1e-14)
    assert grads[three] is None  # not trainable, nothing upstream of it is either


def test_only_nodes_downstream_of_a_trainable_leaf_need_gradients():
    g = Graph()
    x, w = g.leaf("x"), g.leaf("w", trainable=True)
    hx = g.add(Activate([("tanh", None)]), x)
    out = g.add(Add(), hx, w)
    assert g.needs_grad() == [False, True, False, True]
    plan = BackwardPlan(g.nodes, out, g.needs_grad())
    assert [step[0] for step in plan.steps] == [out]  # tanh(x) is never differentiated


def test_nodes_must_come_after_their_inputs():
    g = Graph()
    with pytest.raises(ValueError, match="earlier nodes"):
        g.add(Add(), 0, 1)


def test_a_deep_chain_walks_without_recursion():
    g = Graph()
    node = t = g.leaf("t", trainable=True)
    for _ in range(5000):
        node = g.add(Activate([("tanh", None)]), node)
    values = run_graph(g, [np.array(0.01)])
    grads = BackwardPlan(g.nodes, node, g.needs_grad()).run(values)
    expected = np.prod([1 - v ** 2 for v in values[1:]])
    assert grads[t] == pytest.approx(expected, rel=1e-10)


def test_unbroadcast_sums_leading_and_stretched_axes():
    g = np.arange(24.0).reshape(2, 3, 4)
    np.testing.assert_array_equal(unbroadcast(g, (3, 4)), g.sum(axis=0))
    np.testing.assert_array_equal(unbroadcast(g, (3, 1)), g.sum(axis=(0, 2))[:, None])
    np.testing.assert_array_equal(unbroadcast(g, ()), g.sum())
    assert unbroadcast(g, (2, 3, 4)) is g


# ----------------------------------------------------------------------------- example 6

def test_example6_chain_rule_is_a_product_of_jacobians():
    # t -> u (2, tanh) -> x (2, sigmoid) -> f (1): df/dt = (∂f/∂x)(∂x/∂u)(du/dt).
    neurons = [Neuron("t", "input", bias=None), Neuron("u1", "hidden", "tanh", 0.1),
               Neuron("u2", "hidden", "tanh", -0.2), Neuron("x1", "hidden", "sigmoid", 0.3),
               Neuron("x2", "hidden", "sigmoid", 0.0), Neuron("f", "output", "linear", 0.5)]
    weights = {("t", "u1"): 1.0, ("t", "u2"): -0.7, ("u1", "x1"): 1.0, ("u2", "x1"): 2.0,
               ("u1", "x2"): -0.5, ("u2", "x2"): 3.0, ("x1", "f"): 1.5, ("x2", "f"): -2.0}
    net = Network(neurons, [Connection(s, d, w) for (s, d), w in weights.items()])
    c = compile_network(net, LossSpec())
    theta = c.parameters_of(net)
    t0 = np.array([[0.7]])
    trace = c.trace(theta, t0, np.zeros((1, 1)))
    chain = jacobian_chain(c, trace, 0, 0, 3)
    assert [f.matrix.shape for f in chain.factors] == [(2, 1), (2, 2), (1, 2)]
    assert chain.product.shape == (1, 1)
    assert chain.product == pytest.approx(direct_jacobian(c, trace, 0, 0, 3), abs=1e-13)

    def f(t: float) -> float:
        return float(c.trace(theta, np.array([[t]]), np.zeros((1, 1))).a("f")[0])

    fd = (f(0.7 + EPS) - f(0.7 - EPS)) / (2 * EPS)
    assert chain.product[0, 0] == pytest.approx(fd, rel=1e-7)
