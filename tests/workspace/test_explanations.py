"""The chain-rule formulas as the views show them, written from the engine's numbers."""

import math

import pytest

from playground.engine.activations import ACTIVATIONS
from playground.engine.chainrule import explain_neuron, explain_weight
from playground.engine.losses import LOSSES, LossSpec
from playground.engine.optimizers import make_optimizer
from playground.engine.stepthrough import StepThrough
from playground.workspace import explanations as ex
from playground.workspace.formulas import loss_derivative, num, operand, rich
from tests.engine.test_chainrule import example4, example7, skip_net


def test_example7_path_reads_as_the_articles_product():
    c, theta, x, y = example7()
    (path,) = explain_weight(c, c.trace(theta, x, y), "a0", "a1", sample=0).paths
    assert ex.path_label(path) == ("∂L/∂a<sub>a1</sub> · ∂a<sub>a1</sub>/∂z<sub>a1</sub> · "
                                   "∂z<sub>a1</sub>/∂w<sub>a0→a1</sub>")
    assert [ex.factor_formula(f) for f in path.factors] == [
        "2(a<sub>a1</sub> − y<sub>a1</sub>)", "σ′(z<sub>a1</sub>) = 1 − a<sup>2</sup>",
        "a<sub>a0</sub>"]
    assert [ex.short_symbol(f) for f in path.factors] == [
        "∂L/∂a<sub>a1</sub>", "σ′(z<sub>a1</sub>)", "a<sub>a0</sub>"]


def test_example7_neuron_formulas():
    c, theta, x, y = example7()
    f = ex.neuron_formulas(explain_neuron(c, c.trace(theta, x, y), "a1", 0))
    a1 = math.tanh(0.6 * 0.8 - 0.2)
    assert f["z"] == "z<sub>a1</sub> = w<sub>a0→a1</sub>·a<sub>a0</sub> + b<sub>a1</sub>"
    assert f["a"] == "a<sub>a1</sub> = tanh(z<sub>a1</sub>), tanh(z) = tanh z"
    assert f["slope"] == "σ′(z<sub>a1</sub>) = 1 − a<sup>2</sup>"
    assert f["delta"] == (f"δ<sub>a1</sub> = σ′(z<sub>a1</sub>) · ∂L/∂a<sub>a1</sub> = "
                          f"{operand(1 - a1 * a1)} · {operand(2 * (a1 - 0.5))} = "
                          f"{num(2 * (a1 - 0.5) * (1 - a1 * a1))}")


def test_the_weight_formula_shows_the_numbers_it_uses():
    c, theta, x, y = example4()
    text = ex.weight_formula(explain_weight(c, c.trace(theta, x, y), "x2", "h1", sample=1))
    assert "sample 1: δ<sub>h1</sub> · a<sub>x2</sub> = " in text
    assert "· (−1) = " in text  # a(x2) = −1 in sample 1
    assert "0.7·" in text and "0.1·" in text  # the weights into o1 and o2


def test_the_penalty_shows_in_the_weight_formula_only_when_there_is_one():
    c, theta, x, y = skip_net()
    assert "λ·w<sub>h1→h3</sub>" in ex.weight_formula(
        explain_weight(c, c.trace(theta, x, y), "h1", "h3"))
    c, theta, x, y = example4()
    assert "λ" not in ex.weight_formula(explain_weight(c, c.trace(theta, x, y), "x1", "h1"))


def test_the_mean_puts_one_over_n_in_the_loss_factor():
    c, theta, x, y = example4(LossSpec("half_squared", "mean"))
    (path,) = explain_weight(c, c.trace(theta, x, y), "h2", "o1", sample=2).paths
    assert ex.factor_formula(path.factors[0]) == "(a<sub>o1</sub> − y<sub>o1</sub>) / 3"


def test_neuron_formulas_show_the_bias_only_when_there_is_one():
    c, theta, x, y = skip_net()
    trace = c.trace(theta, x, y)
    assert ex.neuron_formulas(explain_neuron(c, trace, "h3"))["z"].endswith("+ b<sub>h3</sub>")
    assert "b<sub>" not in ex.neuron_formulas(explain_neuron(c, trace, "h2", 3))["z"]
    inp = ex.neuron_formulas(explain_neuron(c, trace, "x1", 2))
    assert inp["z"] == "z<sub>x1</sub> = a<sub>x1</sub> = x<sub>x1</sub>"


def test_step_formulas_of_one_sample():
    c, theta, x, y = example4()
    st = StepThrough(c, theta, x, y, sample=1)
    h1 = st[st.first("forward") + 2]
    assert "= 0.3·0.5 + (−0.4)·(−1) + 0.1 = 0.65" in ex.step_formula(h1)
    back_h1 = next(s for s in st if s.kind == "backward" and s.target == "h1")
    text = ex.step_formula(back_h1)
    assert "0.7·" in text and "0.1·" in text
    assert "∂L/∂b<sub>h1</sub> = δ<sub>h1</sub> = " in text


def test_step_formulas_of_a_batch_with_a_penalty():
    c, theta, x, y = skip_net()
    st = StepThrough(c, theta, x, y)
    back = next(s for s in st if s.target == "h3" and s.kind == "backward")
    assert "λ·w<sub>h2→h3</sub>" in ex.step_formula(back)
    loss = ex.step_formula(st[st.first("loss")])
    assert loss.startswith("L = (1/n) Σ<sub>samples</sub> Σ<sub>o</sub> ½(a<sub>o</sub> − "
                           "y<sub>o</sub>)<sup>2</sup> + ½λΣw<sup>2</sup> = ")
    assert loss.endswith("<br>(½ squared error, mean over 4 samples)")


def test_update_formula_of_plain_gradient_descent_and_of_adam():
    c, theta, x, y = example7()
    st = StepThrough(c, theta, x, y, make_optimizer("sgd", c.n_params, lr=0.5))
    update = [s for s in st if s.kind == "update"]
    assert "← w<sub>a0→a1</sub> − η·∂L/∂w<sub>a0→a1</sub> = 0.6 − 0.5·" in \
        ex.step_formula(update[0])
    assert ex.step_formula(update[1]).startswith("b<sub>a1</sub> ← b<sub>a1</sub> − η·")
    st = StepThrough(c, theta, x, y, make_optimizer("adam", c.n_params, lr=0.5))
    assert "adam step 1 with ∂L/∂w<sub>a0→a1</sub>" in ex.step_formula(st[st.first("update")])


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_every_activation_formula_becomes_rich_text(name):
    act = ACTIVATIONS[name]
    for text in (rich(act.formula), rich(act.derivative)):
        assert "{" not in text and "_" not in text and "^" not in text


@pytest.mark.parametrize("name", list(LOSSES))
def test_every_loss_derivative_names_the_output(name):
    text = loss_derivative(name, "o<2>", 5)
    assert "<sub>o&lt;2&gt;</sub>" in text and text.endswith(" / 5")
    assert "{" not in text and "^" not in text


def test_rich_text_escapes_and_marks():
    assert rich("1 − a^{2} if z > 0") == "1 − a<sup>2</sup> if z &gt; 0"
    assert rich("a_{o} − y_{o}", "h&1") == "a<sub>h&amp;1</sub> − y<sub>h&amp;1</sub>"
    assert num(-1.5e-7) == "−1.5·10<sup>−7</sup>"
