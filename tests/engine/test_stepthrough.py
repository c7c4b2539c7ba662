"""Step-through backprop: topological order, the numbers used, a table equal to the engine's."""

import math

import numpy as np
import pytest

from playground.engine.chainrule import explain_weight, topology
from playground.engine.optimizers import OPTIMIZERS, make_optimizer
from playground.engine.stepthrough import StepThrough, split_key
from tests.engine.test_chainrule import all_cases, example4, example7, skip_net


def neuron_order(c):
    return [nid for level in c.levels for nid in level.ids]


def check_dependencies(steps):
    """Every value a step uses is data, a parameter, or computed by an earlier step."""
    known: set[str] = set()
    for step in steps:
        for key in step.uses:
            kind, _ = split_key(key)
            assert kind in ("y", "w", "b") or key in known, (step.title, key)
        known.update(step.computes)


@pytest.mark.parametrize("case", range(17))
def test_backward_visits_reverse_topological_order_and_fills_the_engines_gradient(case):
    c, theta, x, y = all_cases()[case]
    st = StepThrough(c, theta, x, y)
    trace = c.trace(theta, x, y)
    kinds = [s.kind for s in st]
    assert kinds == sorted(kinds, key=["forward", "loss", "backward"].index)
    forward = [s.target for s in st if s.kind == "forward"]
    backward = [s.target for s in st if s.kind == "backward"]
    assert forward == neuron_order(c)
    assert backward == [n for n in reversed(neuron_order(c)) if n not in c.input_ids]
    topo = topology(c)
    seen: set[str] = set()
    for nid in backward:  # every consumer's δ is ready before it is used
        assert all(link.dst in seen for link in topo.outgoing[nid])
        seen.add(nid)
    check_dependencies(st)
    assert set(st.gradient_table) == set(c.parameter_names)
    np.testing.assert_allclose(st.gradient(), trace.gradient(), rtol=1e-12, atol=1e-14)
    # Each backward step's own Σ δ·a (its explanation) agrees with the engine's gradient.
    for step in st:
        for key, value in step.values.items():
            if key.startswith("sum:"):
                assert value == pytest.approx(step.values["grad:" + key[4:]], rel=1e-12,
                                              abs=1e-14)


def test_example4_steps_show_the_numbers_of_one_sample():
    c, theta, x, y = example4()
    st = StepThrough(c, theta, x, y, sample=1)
    trace = c.trace(theta, x[1:2], y[1:2])
    np.testing.assert_allclose(st.gradient(), trace.gradient(), rtol=1e-12, atol=1e-15)
    h1 = st[st.first("forward") + 2]
    assert h1.target == "h1" and h1.computes == ("z:h1", "a:h1")
    assert h1.uses == ("a:x1", "a:x2", "w:x1->h1", "w:x2->h1", "b:h1")
    assert h1.detail.terms == (("x1", 0.3, 0.5), ("x2", -0.4, -1.0))
    assert (h1.detail.bias, h1.detail.activation, h1.detail.batch) == (0.1, "sigmoid", False)
    assert h1.detail.z == pytest.approx(0.65, abs=1e-15)
    assert h1.values["a:h1"] == pytest.approx(1 / (1 + math.exp(-0.65)), abs=1e-15)
    assert h1.note == ""
    back_h1 = next(s for s in st if s.kind == "backward" and s.target == "h1")
    assert back_h1.computes == ("delta:h1", "grad:w:x1->h1", "grad:w:x2->h1", "grad:b:h1")
    assert {"delta:o1", "delta:o2", "w:h1->o1", "w:h1->o2", "a:x1"} <= set(back_h1.uses)
    assert [(t.neuron, t.weight) for t in back_h1.detail.successors] == [("o1", 0.7),
                                                                         ("o2", 0.1)]
    assert back_h1.values["delta:h1"] == pytest.approx(trace.delta("h1")[0], abs=1e-15)


def test_example7_step_values_match_the_hand_calculation():
    c, theta, x, y = example7()
    st = StepThrough(c, theta, x, y, make_optimizer("sgd", c.n_params, lr=0.5))
    a1 = math.tanh(0.6 * 0.8 - 0.2)
    delta = 2 * (a1 - 0.5) * (1 - a1 * a1)
    loss = st[st.first("loss")]
    assert loss.values["loss"] == pytest.approx((a1 - 0.5) ** 2, abs=1e-15)
    back = st[st.first("backward")]
    assert back.values["grad:w:a0->a1"] == pytest.approx(delta * 0.8, abs=1e-15)
    assert back.values["grad:b:a1"] == pytest.approx(delta, abs=1e-15)
    update = [s for s in st if s.kind == "update"]
    assert [s.target for s in update] == ["w:a0->a1", "b:a1"]
    assert update[0].values["new:w:a0->a1"] == pytest.approx(0.6 - 0.5 * delta * 0.8, abs=1e-15)
    d = update[0].detail
    assert (d.source, d.neuron, d.old, d.lr, d.plain) == ("a0", "a1", 0.6, 0.5, True)
    assert (update[1].detail.source, update[1].detail.neuron) == (None, "a1")


def test_a_batch_shows_means_forward_and_sums_backward():
    c, theta, x, y = skip_net()
    st = StepThrough(c, theta, x, y)
    trace = c.trace(theta, x, y)
    fwd = next(s for s in st if s.target == "h3" and s.kind == "forward")
    assert fwd.note == "means over 4 samples"
    assert fwd.values["z:h3"] == pytest.approx(trace.z("h3").mean(), abs=1e-15)
    np.testing.assert_array_equal(fwd.per_sample["a:h3"], trace.a("h3"))
    # z is linear in the activations, so the formula's mean numbers add up exactly.
    topo = topology(c)
    z_from_means = sum(link_w * trace.a(link.src).mean() for link, link_w in
                       ((k, theta[c.index[k.parameter]]) for k in topo.incoming["h3"]))
    assert z_from_means + theta[c.index["b:h3"]] == pytest.approx(fwd.values["z:h3"], abs=1e-14)
    back = next(s for s in st if s.target == "h3" and s.kind == "backward")
    assert back.note == "sums over 4 samples"
    assert back.values["delta:h3"] == pytest.approx(trace.delta("h3").sum(), abs=1e-15)
    assert back.detail.regularizer == "l2"
    assert [g.source for g in back.detail.weights] == ["x2", "h1", "h2"]
    loss = st[st.first("loss")]
    assert loss.values["loss"] == float(trace.loss) and loss.detail.regularizer == "l2"
    assert loss.detail.total - loss.detail.data == pytest.approx(
        trace.loss - trace.values[c.data_loss], abs=1e-15)


def test_the_table_fills_step_by_step():
    c, theta, x, y = example4()
    st = StepThrough(c, theta, x, y)
    assert st.table_at(st.first("loss")) == {}
    sizes = [len(st.table_at(i)) for i in range(st.first("backward"), len(st))]
    assert sizes == [3, 6, 9, 12]  # each neuron: two weights and its bias
    assert st.table_at(len(st) - 1) == st.gradient_table


@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
def test_update_steps_match_the_optimizer_and_leave_it_untouched(name):
    c, theta, x, y = skip_net()
    opt = make_optimizer(name, c.n_params, lr=0.05)
    warm = theta.copy()
    for _ in range(3):  # give it running state
        opt.step(warm, c.loss_and_grad(warm, x, y)[1])
    before = opt.state_dict()
    st = StepThrough(c, warm, x, y, opt)
    assert opt.state_dict() == before
    expected = warm.copy()
    opt.step(expected, c.loss_and_grad(warm, x, y)[1])
    np.testing.assert_array_equal(st.new_theta, expected)
    update = [s for s in st if s.kind == "update"]
    assert [s.target for s in update] == c.parameter_names
    assert [s.values[f"new:{s.target}"] for s in update] == expected.tolist()
    check_dependencies(st)


def test_one_sample_is_backprop_on_that_sample_alone():
    c, theta, x, y = skip_net()
    st = StepThrough(c, theta, x, y, sample=2)
    assert st.n_samples == 1 and st[0].note == ""
    _, grad = c.loss_and_grad(theta, x[2:3], y[2:3])
    np.testing.assert_allclose(st.gradient(), grad, rtol=1e-12, atol=1e-15)


def test_the_callers_theta_is_not_shared_with_the_steps():
    c, theta, x, y = example4()
    st = StepThrough(c, theta, x, y)
    theta += 1.0  # as an optimizer stepping in place would
    assert st.theta[c.index["w:x1->h1"]] == 0.3
    assert explain_weight(c, st.trace, "x1", "h1").weight == 0.3


def test_bad_input_gets_specific_errors():
    c, theta, x, y = example4()
    with pytest.raises(ValueError, match="theta must hold the network's 12 parameters"):
        StepThrough(c, theta[:5], x, y)
    with pytest.raises(ValueError, match=r"x must have shape \(samples, 2\)"):
        StepThrough(c, theta, x[:, :1], y)
    with pytest.raises(ValueError, match="same number"):
        StepThrough(c, theta, x, y[:2])
    with pytest.raises(ValueError, match="sample must be an index from 0 to 2"):
        StepThrough(c, theta, x, y, sample=3)
    with pytest.raises(ValueError, match="optimizer steps 3 parameters"):
        StepThrough(c, theta, x, y, make_optimizer("sgd", 3))
    with pytest.raises(ValueError, match="unknown step kind"):
        StepThrough(c, theta, x, y).first("sideways")
