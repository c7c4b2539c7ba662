"""The inspector's chain-rule explanations equal the engine's gradients; Jacobians agree."""

import math
from dataclasses import replace

import numpy as np
import pytest

from playground.engine import activations
from playground.engine.chainrule import (
    direct_jacobian,
    explain_neuron,
    explain_weight,
    jacobian_chain,
    level_jacobian,
    topology,
)
from playground.engine.compiled import compile_network
from playground.engine.gradcheck import check_network
from playground.engine.losses import LossSpec
from playground.engine.network import Connection, Network, Neuron, layered
from tests.engine.netgen import random_dag

# ----------------------------------------------------------------------------- the articles' nets

def example7(a0=0.8, w=0.6, b=-0.2, y=0.5):
    """One tanh neuron a1 = tanh(w·a0 + b), cost (a1 − y)², one sample."""
    net = Network([Neuron("a0", "input", bias=None), Neuron("a1", "output", "tanh", b)],
                  [Connection("a0", "a1", w)])
    c = compile_network(net, LossSpec("squared", "sum"))
    return c, c.parameters_of(net), np.array([[a0]]), np.array([[y]])


SUMMED = LossSpec("half_squared", "sum")
REGULARISED = LossSpec("half_squared", "mean", "l2", 0.05)


def example4(loss=SUMMED):
    """2 inputs, 2 sigmoid hidden, 2 linear outputs, squared error summed, 3 samples."""
    neurons = [Neuron("x1", "input", bias=None), Neuron("x2", "input", bias=None),
               Neuron("h1", "hidden", "sigmoid", 0.1), Neuron("h2", "hidden", "sigmoid", -0.2),
               Neuron("o1", "output", "linear", 0.05), Neuron("o2", "output", "linear", -0.1)]
    weights = {("x1", "h1"): 0.3, ("x2", "h1"): -0.4, ("x1", "h2"): 0.5, ("x2", "h2"): 0.2,
               ("h1", "o1"): 0.7, ("h2", "o1"): -0.6, ("h1", "o2"): 0.1, ("h2", "o2"): 0.9}
    net = Network(neurons, [Connection(s, d, w) for (s, d), w in weights.items()])
    c = compile_network(net, loss)
    x = np.array([[1.0, 2.0], [0.5, -1.0], [-0.3, 0.8]])
    y = np.array([[0.3, 0.8], [0.1, 0.2], [-0.5, 0.4]])
    return c, c.parameters_of(net), x, y


def example2():
    """The sigmoid neuron fitted to two points, at its starting point w = 0, b = −8."""
    net = Network([Neuron("x", "input", bias=None), Neuron("y", "output", "sigmoid", -8.0)],
                  [Connection("x", "y", 0.0)])
    c = compile_network(net, LossSpec("half_squared", "sum"))
    return c, c.parameters_of(net), np.array([[0.5], [2.5]]), np.array([[0.2], [0.9]])


def skip_net(loss=REGULARISED):
    """A DAG with skip connections, mixed activations, a bias-less neuron, 4 samples."""
    neurons = [Neuron("x1", "input", bias=None), Neuron("x2", "input", bias=None),
               Neuron("h1", "hidden", "tanh", 0.2), Neuron("h2", "hidden", "sigmoid", None),
               Neuron("h3", "hidden", "softplus", -0.1),
               Neuron("o1", "output", "linear", 0.3), Neuron("o2", "output", "tanh", -0.2)]
    edges = {("x1", "h1"): 0.8, ("x2", "h1"): -0.5, ("h1", "h2"): 1.1, ("x1", "h2"): 0.4,
             ("h2", "h3"): -0.9, ("h1", "h3"): 0.6, ("x2", "h3"): 0.3,
             ("h3", "o1"): 0.7, ("h1", "o1"): -0.4, ("x1", "o1"): 0.25,
             ("h2", "o2"): 0.5, ("h3", "o2"): -0.8}
    net = Network(neurons, [Connection(s, d, w) for (s, d), w in edges.items()])
    c = compile_network(net, loss)
    rng = np.random.default_rng(7)
    return c, c.parameters_of(net), rng.normal(size=(4, 2)), rng.normal(size=(4, 2))


def random_case(seed, loss=None):
    net = random_dag(seed)
    spec = loss or [LossSpec("half_squared", "mean", "l2", 0.07),
                    LossSpec("squared", "sum", "l1", 0.03),
                    LossSpec("bce_logits", "mean")][seed % 3]
    c = compile_network(net, spec)
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(5, len(c.input_ids)))
    y = (rng.random((5, len(c.output_ids))) > 0.5).astype(float)
    return c, c.parameters_of(net), x, y


def all_cases():
    cases = [example7(), example4(), example2(), skip_net(),
             example4(LossSpec("half_squared", "mean", "l1", 0.1))]
    return cases + [random_case(s) for s in range(12)]


# ----------------------------------------------------------------------------- example 7

def test_example7_three_factors_and_product_match_the_hand_calculation():
    a0, w, b, y = 0.8, 0.6, -0.2, 0.5
    c, theta, x, t = example7(a0, w, b, y)
    trace = c.trace(theta, x, t)
    a1 = math.tanh(w * a0 + b)
    dc_da1, da1_dz1, dz1_dw = 2 * (a1 - y), 1 - a1 * a1, a0
    ex = explain_weight(c, trace, "a0", "a1", sample=0)
    (path,) = ex.paths
    assert [f.key for f in path.factors] == ["dL/da:a1", "da:a1/dz:a1", "dz:a1/dw:a0->a1"]
    got = [f.value for f in path.factors]
    assert got == pytest.approx([dc_da1, da1_dz1, dz1_dw], abs=1e-15)
    assert path.total == pytest.approx(dc_da1 * da1_dz1 * dz1_dw, abs=1e-15)
    assert ex.gradient == pytest.approx(dc_da1 * da1_dz1 * dz1_dw, abs=1e-15)
    assert ex.gradient == trace.gradient()[c.index["w:a0->a1"]]
    assert [(f.kind, f.neuron, f.source, f.rule) for f in path.factors] == [
        ("loss", "a1", "", "squared"), ("slope", "a1", "", "tanh"), ("input", "a1", "a0", "")]


def test_example7_neuron_explanation_matches_the_hand_calculation():
    c, theta, x, y = example7()
    trace = c.trace(theta, x, y)
    z1 = 0.6 * 0.8 - 0.2
    a1 = math.tanh(z1)
    ex = explain_neuron(c, trace, "a1", 0)
    assert (ex.z, ex.a, ex.slope) == pytest.approx((z1, a1, 1 - a1 * a1), abs=1e-15)
    assert ex.delta == pytest.approx(2 * (a1 - 0.5) * (1 - a1 * a1), abs=1e-15)
    assert ex.dloss_da == pytest.approx(2 * (a1 - 0.5), abs=1e-15)
    assert ex.role == "output" and ex.bias == -0.2 and ex.activation == "tanh"


# ----------------------------------------------------------------------------- example 4

@pytest.mark.parametrize("sample", [None, 0, 1, 2])
@pytest.mark.parametrize("weight", [("x1", "h1"), ("x2", "h1"), ("x1", "h2"), ("x2", "h2")])
def test_example4_path_products_sum_to_the_engine_gradient(weight, sample):
    c, theta, x, y = example4()
    trace = c.trace(theta, x, y)
    ex = explain_weight(c, trace, *weight, sample=sample)
    assert ex.n_paths == 2 and len(ex.paths) == 2 and not ex.truncated
    expected = trace.gradient()[c.index[ex.parameter]]
    if sample is not None:  # one sample's share of the batch gradient
        expected = trace.delta(weight[1])[sample] * x[sample, int(weight[0][1]) - 1]
    assert abs(sum(p.total for p in ex.paths) - expected) < 1e-12


def test_example4_first_layer_paths_reuse_the_output_deltas():
    c, theta, x, y = example4()
    trace = c.trace(theta, x, y)
    ex = explain_weight(c, trace, "x1", "h1", sample=1)
    p1, p2 = ex.paths
    assert (p1.neurons, p2.neurons) == (("h1", "o1"), ("h1", "o2"))
    # Both paths start from the same two factors, computed once.
    assert p1.factors[-1] is p2.factors[-1] and p1.factors[-2] is p2.factors[-2]
    assert set(ex.shared_factors) == {"dz:h1/dw:x1->h1", "da:h1/dz:h1"}
    for path, out in ((p1, "o1"), (p2, "o2")):
        tail = path.factors[0].values * path.factors[1].values  # ∂L/∂a_o · ∂a_o/∂z_o
        output_layer = explain_weight(c, trace, "h1", out, sample=1)
        assert tail == pytest.approx(output_layer.delta_dst, abs=1e-15)
        assert tail == pytest.approx(trace.delta(out)[[1]], abs=1e-15)
    # The recursive form uses the same output-layer deltas.
    assert [t.neuron for t in ex.successors] == ["o1", "o2"]
    recursion = ex.slope_dst * sum(t.weight * t.delta for t in ex.successors)
    assert recursion == pytest.approx(ex.delta_dst, abs=1e-15)


def test_the_path_list_is_capped_and_the_recursive_form_still_given():
    net = layered("1-4-5-5-5-1", activation="tanh", seed=2)
    c = compile_network(net, LossSpec("half_squared", "sum"))
    theta = c.parameters_of(net)
    trace = c.trace(theta, np.array([[0.4], [-0.7]]), np.array([[0.2], [0.1]]))
    ex = explain_weight(c, trace, "x1", "h1_1")
    assert ex.n_paths == 125 and ex.paths is None and ex.truncated and ex.shared_factors == []
    assert ex.contribution == pytest.approx(ex.gradient, abs=1e-15)
    small = explain_weight(c, trace, "h3_1", "h4_1")
    assert small.n_paths == 1 and len(small.paths) == 1
    assert explain_weight(c, trace, "h2_1", "h3_1", max_paths=4).truncated


# ----------------------------------------------------------------------------- any DAG

@pytest.mark.parametrize("case", range(17))
def test_every_weight_is_explained_by_paths_and_by_the_recursion(case):
    c, theta, x, y = all_cases()[case]
    trace = c.trace(theta, x, y)
    grad = trace.gradient()
    n = len(x)
    for (src, dst) in topology(c).links:
        ex = explain_weight(c, trace, src, dst)
        assert ex.gradient == grad[c.index[ex.parameter]]
        assert abs(ex.contribution + ex.penalty - ex.gradient) < 1e-12
        if ex.paths is not None:
            assert len(ex.paths) == ex.n_paths
            assert abs(sum(p.total for p in ex.paths) - ex.contribution) < 1e-12
        parts = [explain_weight(c, trace, src, dst, sample=s).contribution for s in range(n)]
        assert abs(sum(parts) - ex.contribution) < 1e-12
        if dst in c.output_ids:
            assert ex.successors == ()
            assert np.allclose(ex.slope_dst * ex.loss_factor, ex.delta_dst, atol=1e-14)
        elif ex.successors:
            rec = ex.slope_dst * sum(t.weight * t.delta for t in ex.successors)
            assert np.allclose(rec, ex.delta_dst, atol=1e-14)


def test_the_penalty_is_a_separate_term_not_a_path():
    c, theta, x, y = skip_net()  # l2 with rate 0.05, mean over 4 samples
    trace = c.trace(theta, x, y)
    ex = explain_weight(c, trace, "h1", "h3")
    assert ex.penalty == pytest.approx(0.05 * 0.6, abs=1e-15)
    assert abs(sum(p.total for p in ex.paths) + ex.penalty - ex.gradient) < 1e-12
    assert ex.regularizer == "l2"
    c, theta, x, y = example4()
    no_reg = explain_weight(c, c.trace(theta, x, y), "x1", "h1")
    assert no_reg.penalty == 0.0 and no_reg.regularizer == "none"


def test_the_mean_reduction_puts_one_over_n_in_the_loss_factor():
    c, theta, x, y = example4(LossSpec("half_squared", "mean"))
    trace = c.trace(theta, x, y)
    ex = explain_weight(c, trace, "h2", "o1", sample=2)
    (path,) = ex.paths
    assert path.factors[0].values == pytest.approx((trace.a("o1")[[2]] - y[2, 0]) / 3, abs=1e-15)
    assert path.factors[0].mean_over == 3 and path.factors[0].rule == "half_squared"


def test_the_weight_explanation_carries_the_numbers_it_uses():
    c, theta, x, y = example4()
    trace = c.trace(theta, x, y)
    ex = explain_weight(c, trace, "x2", "h1", sample=1)
    assert ex.a_src.tolist() == [-1.0]  # a(x2) = −1 in sample 1
    assert [(t.neuron, t.weight) for t in ex.successors] == [("o1", 0.7), ("o2", 0.1)]
    assert ex.note == "sample 1" and explain_weight(c, trace, "x2", "h1").note == \
        "sum over 3 samples"


# ----------------------------------------------------------------------------- neurons

def test_neuron_explanation_gives_batch_means_and_the_bias_gradient():
    c, theta, x, y = skip_net()
    trace = c.trace(theta, x, y)
    ex = explain_neuron(c, trace, "h3")
    assert ex.z == pytest.approx(trace.z("h3").mean(), abs=1e-15)
    assert ex.a == pytest.approx(trace.a("h3").mean(), abs=1e-15)
    assert ex.delta == pytest.approx(trace.delta("h3").mean(), abs=1e-15)
    assert ex.delta_sum == pytest.approx(trace.gradient()[c.index["b:h3"]], abs=1e-15)
    assert ex.note == "mean over 4 samples" and ex.activation == "softplus"
    assert [s for s, _, _ in ex.incoming] == ["x2", "h1", "h2"]
    assert ex.bias == pytest.approx(-0.1) and ex.feature is None
    bare = explain_neuron(c, trace, "h2", 3)
    assert bare.bias is None
    assert bare.slope == pytest.approx(bare.a * (1 - bare.a), abs=1e-15)
    inp = explain_neuron(c, trace, "x1", 2)
    assert inp.role == "input" and inp.delta is None and inp.a == x[2, 0]
    assert inp.feature == "x1"


def test_bad_requests_get_specific_errors():
    c, theta, x, y = example4()
    trace = c.trace(theta, x, y)
    with pytest.raises(ValueError, match='no neuron "h9"'):
        explain_weight(c, trace, "h9", "o1")
    with pytest.raises(ValueError, match="no connection x1->o1"):
        explain_weight(c, trace, "x1", "o1")
    with pytest.raises(ValueError, match="sample must be an index from 0 to 2"):
        explain_neuron(c, trace, "h1", 3)
    with pytest.raises(ValueError, match="different compiled network"):
        explain_neuron(example4()[0], trace, "h1")
    batch = c.trace(np.stack([theta, theta]), x, y)
    with pytest.raises(ValueError, match="one parameter setting"):
        explain_weight(c, batch, "x1", "h1")
    with pytest.raises(ValueError, match="from_level 2 comes after to_level 1"):
        level_jacobian(c, trace, 0, 2, 1)
    with pytest.raises(ValueError, match="to_level must be a level from 0 to 2"):
        direct_jacobian(c, trace, 0, 0, 5)


# ----------------------------------------------------------------------------- Jacobians

def rerun_from_level(c, trace, level, a_from):
    """Values of every node after `level`'s activations when they are replaced by a_from."""
    values = list(trace.values)
    start = c.levels[level].a
    values[start] = a_from
    for i in range(start + 1, len(values)):
        node = c.graph.nodes[i]
        if node.op is not None:
            values[i] = node.op.forward(*[values[j] for j in node.inputs])
    return values


def finite_difference_jacobian(c, trace, sample, lf, lt, eps=1e-6):
    base = trace.values[c.levels[lf].a]
    jac = np.zeros((len(c.levels[lt].ids), len(c.levels[lf].ids)))
    for j in range(jac.shape[1]):
        cols = []
        for step in (eps, -eps):
            a = np.array(base, dtype=float)
            a[sample, j] += step
            cols.append(rerun_from_level(c, trace, lf, a)[c.levels[lt].a][sample])
        jac[:, j] = (cols[0] - cols[1]) / (2 * eps)
    return jac


@pytest.mark.parametrize("case", range(1, 17))
def test_product_of_level_jacobians_equals_the_direct_jacobian(case):
    c, theta, x, y = all_cases()[case]
    trace = c.trace(theta, x, y)
    n_levels = len(c.levels)
    for lf in range(n_levels):
        for lt in range(lf, n_levels):
            product = level_jacobian(c, trace, 1, lf, lt)
            direct = direct_jacobian(c, trace, 1, lf, lt)
            assert product.shape == (len(c.levels[lt].ids), len(c.levels[lf].ids))
            assert np.allclose(product, direct, rtol=0, atol=1e-12)
            fd = finite_difference_jacobian(c, trace, 1, lf, lt)
            assert np.allclose(product, fd, rtol=1e-6, atol=1e-7)


def test_skip_connections_ride_along_on_identity_blocks():
    c, theta, x, y = skip_net()
    trace = c.trace(theta, x, y)
    assert [lv.ids for lv in c.levels] == [["x1", "x2"], ["h1"], ["h2"], ["h3"], ["o1", "o2"]]
    chain = jacobian_chain(c, trace, 0, 0, 4)
    # x1 feeds o1, so the inputs stay in the state until the outputs are computed.
    assert [f.rows for f in chain.factors] == [
        ("x1", "x2", "h1"), ("x1", "x2", "h1", "h2"), ("x1", "x2", "h1", "h2", "h3"),
        ("o1", "o2")]
    assert chain.factors[0].matrix[:2, :2] == pytest.approx(np.eye(2))
    assert chain.product == pytest.approx(direct_jacobian(c, trace, 0, 0, 4), abs=1e-12)
    # From h1 on, x is held fixed: only h1's own influence counts.
    assert level_jacobian(c, trace, 0, 1, 4).shape == (2, 1)
    assert level_jacobian(c, trace, 2, 3, 3) == pytest.approx(np.eye(1))


def test_layered_jacobians_are_the_classic_consecutive_factors():
    net = layered("3-4-2-2", activation="sigmoid", seed=5)
    c = compile_network(net, LossSpec())
    x = np.array([[0.1, -0.4, 0.9]])
    trace = c.trace(c.parameters_of(net), x, np.zeros((1, 2)))
    chain = jacobian_chain(c, trace, 0, 0, 3)
    assert [f.matrix.shape for f in chain.factors] == [(4, 3), (2, 4), (2, 2)]
    a1 = trace.a("h1_1"), trace.a("h1_2")
    assert chain.factors[0].matrix[0, 0] == pytest.approx(
        a1[0][0] * (1 - a1[0][0]) * net.connection("x1", "h1_1").weight)
    assert chain.product == pytest.approx(direct_jacobian(c, trace, 0, 0, 3), abs=1e-12)


# ----------------------------------------------------------------------------- gradient check

@pytest.mark.parametrize("case", range(17))
def test_the_gradient_check_passes_on_the_examples(case):
    c, theta, x, y = all_cases()[case]
    assert check_network(c, theta, x, y).failures(1e-5) == []


def test_the_gradient_check_flags_a_wrong_derivative(monkeypatch):
    tanh = activations.ACTIVATIONS["tanh"]
    wrong = replace(tanh, df=lambda z, a: 1.0 - a)
    monkeypatch.setitem(activations.ACTIVATIONS, "tanh", wrong)
    c, theta, x, y = skip_net()  # h1 and o2 are tanh neurons
    check = check_network(c, theta, x, y)
    assert "w:x1->h1" in check.failures(1e-5) and "b:o2" in check.failures(1e-5)
    assert "b:o1" not in check.failures(1e-5)  # o1 is linear and nothing tanh follows it
    # The explanation reads the same graph, so it shows the same (wrong) numbers.
    trace = c.trace(theta, x, y)
    ex = explain_weight(c, trace, "x1", "h1")
    assert abs(sum(p.total for p in ex.paths) + ex.penalty - ex.gradient) < 1e-12
