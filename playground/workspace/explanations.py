"""The chain-rule explanations and backprop steps of the engine, written out as formulas.

`playground.engine.chainrule` and `playground.engine.stepthrough` give numbers
and structure (which neuron, which connection, which activation or loss); this
writes them as the rich text the chain-rule views show, with the numbers
plugged in. Qt-free: the views only place the text.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from playground.engine.activations import ACTIVATIONS
from playground.engine.chainrule import (
    DeltaTerm,
    Factor,
    NeuronExplanation,
    Path,
    WeightExplanation,
)
from playground.engine.losses import LOSSES
from playground.engine.stepthrough import (
    BackwardDetail,
    ForwardDetail,
    InputDetail,
    LossDetail,
    Step,
    UpdateDetail,
)
from playground.workspace.formulas import (
    derivative_formula,
    loss_derivative,
    loss_formula,
    num,
    operand,
    parameter_sym,
    penalty_derivative,
    penalty_sum,
    rich,
    sym,
    weight_sym,
)

LINE_BREAK = "<br>"


# ----------------------------------------------------------------------------- δ

def delta_formula(nid: str, slope: float, delta: float, loss_factor: float | None,
                  successors: Sequence[DeltaTerm], with_numbers: bool) -> str:
    """δ's recursion for a neuron: from the loss (an output, `loss_factor` given) or from
    the neurons it feeds; with the numbers of the first sample shown if asked."""
    d, s = sym("δ", nid), f"σ′({sym('z', nid)})"
    if loss_factor is not None:
        text = f"{d} = {s} · ∂L/∂{sym('a', nid)}"
        if with_numbers:
            text += f" = {operand(slope)} · {operand(loss_factor)} = {num(delta)}"
        return text
    if not successors:
        return f"{d} = 0 (no path from {html.escape(nid)} to the loss)"
    terms = " + ".join(f"{weight_sym(nid, t.neuron)}{sym('δ', t.neuron)}" for t in successors)
    text = f"{d} = {s} · ({terms})"
    if with_numbers:
        nums = " + ".join(f"{operand(t.weight)}·{operand(t.delta[0])}" for t in successors)
        text += f" = {operand(slope)} · ({nums}) = {num(delta)}"
    return text


# ----------------------------------------------------------------------------- connections

def weight_formula(ex: WeightExplanation) -> str:
    """The chain rule behind dL/dw of a connection, with its numbers, one line per <br>."""
    w, d, a = weight_sym(ex.src, ex.dst), sym("δ", ex.dst), sym("a", ex.src)
    pen = ex.regularizer != "none"
    pen_sym = f" + {penalty_derivative(ex.regularizer, w)}" if pen else ""
    lines = [f"∂L/∂{w} = Σ<sub>samples</sub> {d} · {a}{pen_sym}"]
    if ex.sample is not None:
        lines.append(f"sample {ex.sample}: {d} · {a} = {operand(ex.delta_dst[0])} · "
                     f"{operand(ex.a_src[0])} = {num(ex.contribution)}")
    else:
        lines.append(f"Σ over {ex.n_samples} samples = {num(ex.contribution)}")
    if pen:
        lines.append(f"batch total with the penalty: {num(ex.gradient - ex.penalty)} + "
                     f"{num(ex.penalty)} = {num(ex.gradient)}")
    elif ex.sample is not None:
        lines.append(f"over all {ex.n_samples} samples: ∂L/∂{w} = {num(ex.gradient)}")
    one = ex.sample is not None
    lines.append(delta_formula(
        ex.dst, float(ex.slope_dst[0]), float(ex.delta_dst[0]),
        None if ex.loss_factor is None else float(ex.loss_factor[0]), ex.successors, one))
    return LINE_BREAK.join(lines)


def factor_label(f: Factor) -> str:
    """What a local derivative is, e.g. ∂a<sub>h1</sub>/∂z<sub>h1</sub>."""
    if f.kind == "input":
        return f"∂{sym('z', f.neuron)}/∂{weight_sym(f.source, f.neuron)}"
    if f.kind == "weight":
        return f"∂{sym('z', f.neuron)}/∂{sym('a', f.source)}"
    if f.kind == "slope":
        return f"∂{sym('a', f.neuron)}/∂{sym('z', f.neuron)}"
    return f"∂L/∂{sym('a', f.neuron)}"


def factor_formula(f: Factor) -> str:
    """How a local derivative is computed, e.g. σ′(z<sub>h1</sub>) = a(1 − a)."""
    if f.kind == "input":
        return sym("a", f.source)
    if f.kind == "weight":
        return weight_sym(f.source, f.neuron)
    if f.kind == "slope":
        return f"σ′({sym('z', f.neuron)}) = {derivative_formula(f.rule)}"
    return loss_derivative(f.rule, f.neuron, f.mean_over)


def short_symbol(f: Factor) -> str:
    """A local derivative by what it equals: σ′(z) for ∂a/∂z, w for ∂z/∂a, a for ∂z/∂w."""
    if f.kind == "slope":
        return f"σ′({sym('z', f.neuron)})"
    if f.kind in ("input", "weight"):
        return factor_formula(f)
    return factor_label(f)


def path_label(p: Path) -> str:
    """A path as the product of its local derivatives."""
    return " · ".join(factor_label(f) for f in p.factors)


# ----------------------------------------------------------------------------- neurons

def neuron_formulas(ex: NeuronExplanation) -> dict[str, str]:
    """How a neuron's z, a, σ′(z) and δ are computed: keys "z", "a", "slope", "delta"."""
    nid = ex.neuron
    zs, as_ = sym("z", nid), sym("a", nid)
    if ex.role == "input":
        return {"z": f"{zs} = {as_} = {sym('x', ex.feature or nid)}", "a": f"{as_} = {zs}",
                "slope": "1", "delta": "not computed: inputs are data, not parameters"}
    terms = [f"{weight_sym(s, nid)}·{sym('a', s)}" for s, _, _ in ex.incoming]
    if ex.bias is not None:
        terms.append(sym("b", nid))
    act = ex.activation
    return {
        "z": f"{zs} = {' + '.join(terms) or '0'}",
        "a": f"{as_} = {act}({zs}), {act}(z) = {rich(ACTIVATIONS[act].formula)}",
        "slope": f"σ′({zs}) = {derivative_formula(act)}",
        "delta": delta_formula(nid, ex.slope, ex.delta,
                               ex.dloss_da if ex.role == "output" else None, ex.successors,
                               ex.sample is not None),
    }


# ----------------------------------------------------------------------------- steps

def step_formula(step: Step) -> str:
    """A backprop step's formula with the numbers used, one line per <br>."""
    d = step.detail
    nid = step.target
    if isinstance(d, InputDetail):
        return f"{sym('a', nid)} = {sym('x', d.feature)} = {num(d.a)}"
    if isinstance(d, ForwardDetail):
        return _forward(nid, d)
    if isinstance(d, LossDetail):
        return _loss(d)
    if isinstance(d, BackwardDetail):
        return _backward(nid, d)
    if isinstance(d, UpdateDetail):
        return _update(d)
    raise TypeError(f"no formula for a step of {type(d).__name__}")


def _forward(nid: str, d: ForwardDetail) -> str:
    symbols = [f"{weight_sym(src, nid)}·{sym('a', src)}" for src, _, _ in d.terms]
    numbers = [f"{operand(w)}·{operand(a)}" for _, w, a in d.terms]
    if d.bias is not None:
        symbols.append(sym("b", nid))
        numbers.append(operand(d.bias))
    zs, as_ = sym("z", nid), sym("a", nid)
    line_z = f"{zs} = {' + '.join(symbols) or '0'}"
    if numbers:
        line_z += f" = {' + '.join(numbers)}"
    line_z += f" = {num(d.z)}"
    act = d.activation
    if d.batch:
        line_a = f"{as_} = {act}({zs}), mean = {num(d.a)}"
    else:
        line_a = f"{as_} = {act}({zs}) = {act}({num(d.z)}) = {num(d.a)}"
    return line_z + LINE_BREAK + line_a


def _loss(d: LossDetail) -> str:
    outer = "Σ<sub>samples</sub> " if d.reduction == "sum" else "(1/n) Σ<sub>samples</sub> "
    formula = f"L = {outer}Σ<sub>o</sub> {loss_formula(d.loss)}"
    if d.regularizer != "none":
        formula += f" + {penalty_sum(d.regularizer)}"
        formula += f" = {num(d.data)} + {num(d.total - d.data)}"
    formula += f" = {num(d.total)}"
    formula += (f"{LINE_BREAK}({LOSSES[d.loss].label}, {d.reduction} over {d.n_samples} "
                f"sample{'s' if d.n_samples > 1 else ''})")
    return formula


def _backward(nid: str, d: BackwardDetail) -> str:
    batch = d.n_samples > 1
    loss_factor = None if d.loss_factor is None else float(d.loss_factor[0])
    lines = [delta_formula(nid, float(d.slope[0]), float(d.delta[0]), loss_factor,
                           d.successors, not batch)]
    if batch:
        lines.append(f"Σ over {d.n_samples} samples: {num(d.delta.sum())}")
    ds = sym("δ", nid)
    for g in d.weights:
        w = weight_sym(g.source, nid)
        line = f"∂L/∂{w} = "
        line += f"Σ<sub>samples</sub> {ds}·{sym('a', g.source)}" if batch else \
            f"{ds}·{sym('a', g.source)} = {operand(g.delta)}·{operand(g.a)}"
        if d.regularizer != "none":
            line += f" + {penalty_derivative(d.regularizer, w)}"
        line += f" = {num(g.gradient)}"
        lines.append(line)
    if d.bias_gradient is not None:
        rhs = f"Σ<sub>samples</sub> {ds}" if batch else ds
        lines.append(f"∂L/∂{sym('b', nid)} = {rhs} = {num(d.bias_gradient)}")
    return LINE_BREAK.join(lines)


def _update(d: UpdateDetail) -> str:
    s = parameter_sym(d.source, d.neuron)
    if d.plain:
        return (f"{s} ← {s} − η·∂L/∂{s} = {num(d.old)} − {num(d.lr)}·{operand(d.gradient)}"
                f" = {num(d.new)}")
    return (f"{s}: {num(d.old)} → {num(d.new)}{LINE_BREAK}{d.optimizer} step {d.step} with "
            f"∂L/∂{s} = {num(d.gradient)} (it also uses the optimizer's running state)")
