"""Backprop through compiled networks equals finite differences; batching is exact."""

import itertools

import numpy as np
import pytest

from playground.engine.compiled import compile_network
from playground.engine.gradcheck import check_network
from playground.engine.losses import LOSSES, LossSpec
from playground.engine.network import Connection, Network, Neuron, layered
from tests.engine.netgen import random_dag


def data_for(loss: str, n_in: int, n_out: int, seed: int, n: int = 6):
    rng = np.random.default_rng(seed + 1000)
    x = rng.normal(size=(n, n_in))
    if loss == "softmax_ce":
        y = np.eye(n_out)[rng.integers(0, n_out, size=n)]
    elif loss == "bce_logits":
        y = (rng.random((n, n_out)) > 0.5).astype(float)
    else:
        y = rng.normal(size=(n, n_out))
    return x, y


CASES = [
    (seed, loss, reduction, reg)
    for seed, (loss, reduction, reg) in zip(
        range(60),
        itertools.cycle(itertools.product(LOSSES, ("sum", "mean"), ("none", "l1", "l2"))),
    )
]


@pytest.mark.parametrize("seed,loss,reduction,reg", CASES)
def test_backprop_matches_finite_differences_on_random_dags(seed, loss, reduction, reg):
    n_out = 2 if loss == "softmax_ce" else None
    net = random_dag(seed, n_out=n_out)
    spec = LossSpec(loss, reduction, reg, 0.07 if reg != "none" else 0.0)
    c = compile_network(net, spec)
    x, y = data_for(loss, len(c.input_ids), len(c.output_ids), seed)
    theta = c.parameters_of(net)
    check = check_network(c, theta, x, y)
    assert check.max_error < 1e-6, dict(zip(check.names, check.relative_error))


@pytest.mark.parametrize("activation", ["linear", "sigmoid", "tanh", "relu", "leaky_relu",
                                        "softplus", "sine"])
def test_every_activation_is_differentiated_correctly(activation):
    net = layered("2-3-2", activation=activation, output_activation=activation, seed=3)
    for n in net.neurons:
        if n.bias is not None:
            n.bias = 0.1
    c = compile_network(net, LossSpec("half_squared", "sum"))
    x, y = data_for("half_squared", 2, 2, 5)
    assert check_network(c, c.parameters_of(net), x, y).max_error < 1e-6


def test_parameter_batch_equals_single_forwards():
    net = random_dag(7, n_in=2, n_out=2)
    c = compile_network(net, LossSpec("bce_logits", "mean", "l2", 0.1))
    x, y = data_for("bce_logits", 2, 2, 7)
    rng = np.random.default_rng(0)
    thetas = rng.normal(size=(9, c.n_params))
    batched = c.loss(thetas, x, y)
    singles = [float(c.loss(t, x, y)) for t in thetas]
    np.testing.assert_allclose(batched, singles, rtol=1e-13)
    np.testing.assert_allclose(c.forward(thetas, x)[4], c.forward(thetas[4], x), rtol=1e-13)
    _, g = c.loss_and_grad(thetas, x, y)
    np.testing.assert_allclose(g[3], c.loss_and_grad(thetas[3], x, y)[1], rtol=1e-12)


def test_float32_batch_stays_float32():
    net = layered("2-4-1", seed=0)
    c = compile_network(net)
    x, y = data_for("half_squared", 2, 1, 0)
    thetas = np.zeros((3, c.n_params), dtype=np.float32)
    out = c.loss(thetas, x.astype(np.float32), y.astype(np.float32))
    assert out.dtype == np.float32 and out.shape == (3,)


def test_four_three_two_has_18_weights_and_5_biases():
    c = compile_network(layered("4-3-2"))
    names = c.parameter_names
    assert sum(n.startswith("w:") for n in names) == 18
    assert sum(n.startswith("b:") for n in names) == 5


def test_parameters_round_trip_through_the_network():
    net = random_dag(11)
    c = compile_network(net)
    theta = np.arange(c.n_params, dtype=float) + 0.5
    c.write_parameters(net, theta)
    np.testing.assert_array_equal(c.parameters_of(net), theta)
    assert set(c.parameter_names) == set(net.parameter_values())


def test_skip_connection_output_matches_hand_computation():
    net = Network(
        [Neuron("x1", "input", bias=None), Neuron("h", "hidden", "tanh", 0.1),
         Neuron("o", "output", "linear", -0.2)],
        [Connection("x1", "h", 0.5), Connection("h", "o", 2.0), Connection("x1", "o", -1.5)],
    )
    c = compile_network(net)
    x = np.array([[0.3], [-1.2]])
    expected = 2.0 * np.tanh(0.5 * x + 0.1) - 1.5 * x - 0.2
    np.testing.assert_allclose(c.forward(c.parameters_of(net), x), expected, rtol=1e-15)


def test_output_order_follows_the_file_not_the_levels():
    net = Network(
        [Neuron("x1", "input", bias=None), Neuron("deep", "output", "linear", 0.0),
         Neuron("h", "hidden", "linear", 0.0), Neuron("shallow", "output", "linear", 0.0)],
        [Connection("x1", "h", 2.0), Connection("h", "deep", 3.0),
         Connection("x1", "shallow", 5.0)],
    )
    c = compile_network(net)
    out = c.forward(c.parameters_of(net), np.array([[1.0]]))
    np.testing.assert_allclose(out, [[6.0, 5.0]])


def test_trace_exposes_per_neuron_values_and_deltas():
    net = layered("2-3-1", seed=2)
    c = compile_network(net, LossSpec("half_squared", "sum"))
    x, y = data_for("half_squared", 2, 1, 2)
    tr = c.trace(c.parameters_of(net), x, y)
    pred = c.forward(c.parameters_of(net), x)[:, 0]
    np.testing.assert_allclose(tr.a("o1"), pred)
    np.testing.assert_allclose(tr.delta("o1"), pred - y[:, 0])  # linear output, ½ squared error
    np.testing.assert_allclose(tr.a("h1_1"), np.tanh(tr.z("h1_1")))
    np.testing.assert_allclose(tr.gradient(), c.loss_and_grad(c.parameters_of(net), x, y)[1])


def test_sigmoid_and_softplus_do_not_overflow():
    net = Network([Neuron("x1", "input", bias=None), Neuron("o", "output", "sigmoid", 0.0),
                   Neuron("p", "output", "softplus", 0.0)],
                  [Connection("x1", "o", 1.0), Connection("x1", "p", 1.0)])
    c = compile_network(net, LossSpec("bce_logits", "sum"))
    x = np.array([[1000.0], [-1000.0]])
    y = np.array([[1.0, 0.0], [0.0, 1.0]])
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        out = c.forward(c.parameters_of(net), x)
        loss, grad = c.loss_and_grad(c.parameters_of(net), x, y)
    np.testing.assert_allclose(out, [[1.0, 1000.0], [0.0, 0.0]], atol=1e-300)
    assert np.isfinite(loss) and np.isfinite(grad).all()


def test_delta_of_a_level_without_inputs_or_biases_matches_finite_differences():
    """A neuron with no inputs and no bias alone in its level still has a δ = dL/dz.

    Its z is the constant 0, but the loss depends on it through its activation: the
    reference is dL/db of the same network with a bias b = 0 added there, by central
    differences (δ summed over the samples, as the loss is a sum).
    """
    def net_with(bias):
        return Network(
            [Neuron("x1", "input", bias=None), Neuron("h", "hidden", "sigmoid", bias),
             Neuron("o", "output", "linear", 0.3)],
            [Connection("x1", "o", 0.7), Connection("h", "o", -1.3)])

    spec = LossSpec("half_squared", "sum")
    x = np.array([[0.5], [2.5], [-1.0]])
    y = np.array([[0.2], [0.9], [0.4]])
    c = compile_network(net_with(None), spec)
    trace = c.trace(c.parameters_of(net_with(None)), x, y)

    ref = compile_network(net_with(0.0), spec)
    theta = ref.parameters_of(net_with(0.0))
    k, eps = ref.index["b:h"], 1e-6
    up, down = theta.copy(), theta.copy()
    up[k] += eps
    down[k] -= eps
    numeric = (float(ref.loss(up, x, y)) - float(ref.loss(down, x, y))) / (2 * eps)

    delta = trace.delta("h")
    assert abs(numeric) > 0.1  # the case the bug hid: a real, non-zero δ
    assert delta.sum() == pytest.approx(numeric, rel=1e-7)
    # dL/da = δ / σ'(0) = 4δ per sample, and the other neurons are unchanged.
    assert trace.dloss_da("h") == pytest.approx(4 * delta, rel=1e-12)
    assert trace.gradient() == pytest.approx(
        np.delete(ref.trace(theta, x, y).gradient(), k), rel=1e-12)


def test_a_gradient_check_past_its_deadline_keeps_an_evenly_spread_sample():
    import time

    from playground.engine.gradcheck import spread_order

    order = spread_order(16)
    assert sorted(order) == list(range(16)) and order[:4] == [0, 8, 4, 12]
    net = layered("2-3-2", seed=3)
    c = compile_network(net, LossSpec("half_squared", "sum"))
    x, y = data_for("half_squared", 2, 2, 5)
    full = check_network(c, c.parameters_of(net), x, y)
    cut = check_network(c, c.parameters_of(net), x, y, indices=spread_order(c.n_params),
                        deadline=time.monotonic() - 1)
    assert len(cut.names) == 1 and cut.names[0] == c.parameter_names[0]
    assert cut.numeric[0] == full.numeric[0]
