"""Backprop one step at a time: forward neuron by neuron, the loss, backward, the update.

Every number comes from one `CompiledNetwork.trace`; the steps only lay out, in
the grad_table order, which values each quantity was computed from. Values are
named by keys "KIND:ID" (split at the first colon, see `split_key`):

    a:ID, z:ID        a neuron's activation and pre-activation
    y:ID              the target of output ID
    loss              the loss L (penalty included)
    delta:ID          δ = dL/dz of neuron ID
    w:SRC->DST, b:ID  a parameter's value (its stable name)
    grad:PARAM        dL/dPARAM
    new:PARAM         PARAM after the optimizer step
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from playground.engine.chainrule import (
    DeltaTerm,
    activation_slope,
    bias_value,
    delta_formula,
    num,
    operand,
    penalty_formula,
    penalty_gradient,
    sym,
    topology,
    weight_sym,
    weight_value,
)
from playground.engine.compiled import CompiledNetwork
from playground.engine.losses import LOSSES
from playground.engine.optimizers import Optimizer
from playground.engine.parameters import ParameterRef, bias_name

Array = np.ndarray

KINDS = ("forward", "loss", "backward", "update")

LOSS_FORMULAS: dict[str, str] = {  # per-sample loss of output o
    "half_squared": "½(a<sub>o</sub> − y<sub>o</sub>)<sup>2</sup>",
    "squared": "(a<sub>o</sub> − y<sub>o</sub>)<sup>2</sup>",
    "bce_logits": "BCE(σ(a<sub>o</sub>), y<sub>o</sub>)",
    "softmax_ce": "−y<sub>o</sub> log softmax(a)<sub>o</sub>",
}


def split_key(key: str) -> tuple[str, str]:
    """("a", "h1") for "a:h1", ("grad", "w:x1->h1") for "grad:w:x1->h1", ("loss", "")."""
    kind, _, rest = key.partition(":")
    return kind, rest


@dataclass(frozen=True)
class Step:
    """One computation: what it produces, what it read, the formula and the numbers."""

    kind: str  # one of KINDS
    target: str  # the neuron id or parameter name the step is about ("" for the loss)
    title: str
    computes: tuple[str, ...]  # keys of the values produced
    uses: tuple[str, ...]  # keys of the values read (to highlight)
    formula: str  # HTML with the numbers used
    values: dict[str, float]  # each computed key -> the number shown
    per_sample: dict[str, Array] = field(default_factory=dict)  # per-sample values, if any
    note: str = ""  # what the numbers cover, e.g. "means over 8 samples"


class StepThrough(Sequence):
    """The steps of one forward, backward and (with an optimizer) update, indexable."""

    def __init__(self, compiled: CompiledNetwork, theta: Array, x: Array, y: Array,
                 optimizer: Optimizer | None = None, sample: int | None = None):
        theta = np.array(theta, dtype=float)  # a copy: the trace's weights are views of it
        if theta.shape != (compiled.n_params,):
            raise ValueError(f"theta must hold the network's {compiled.n_params} parameters "
                             f"as one vector, got shape {theta.shape}")
        x, y = _check_data(compiled, x, y)
        if sample is not None:
            if isinstance(sample, bool) or not isinstance(sample, int | np.integer) \
                    or not 0 <= sample < len(x):
                raise ValueError(f"sample must be an index from 0 to {len(x) - 1}, "
                                 f"not {sample!r}")
            x, y = x[sample:sample + 1], y[sample:sample + 1]
        if optimizer is not None and optimizer.n_params != compiled.n_params:
            raise ValueError(f"the optimizer steps {optimizer.n_params} parameters, the network "
                             f"has {compiled.n_params}")
        self.compiled = compiled
        self.sample = sample
        self.theta = theta
        self.n_samples = len(x)
        self.trace = compiled.trace(theta, x, y)
        # The table holds the engine's own gradient; the steps' Σ δ·a only explain it.
        self._engine_gradient = self.trace.gradient()
        self.topology = topology(compiled)
        self.steps: list[Step] = []
        self.gradient_table: dict[str, float] = {}  # parameter -> dL/dparameter, as filled
        self._filled_at: dict[str, int] = {}  # parameter -> index of the step that filled it
        self.new_theta: Array | None = None
        for nid in self.topology.order:
            self.steps.append(self._forward(nid))
        self.steps.append(self._loss())
        for nid in reversed(self.topology.order):
            if nid not in compiled.input_ids:
                self.steps.append(self._backward(nid))
        if optimizer is not None:
            self._updates(optimizer)

    # ------------------------------------------------------------------ sequence
    def __len__(self) -> int:
        return len(self.steps)

    def __getitem__(self, index):
        return self.steps[index]

    def first(self, kind: str) -> int:
        """Index of the first step of `kind`, or −1 if there is none."""
        if kind not in KINDS:
            raise ValueError(f"unknown step kind {kind!r}; choose one of {', '.join(KINDS)}")
        return next((i for i, s in enumerate(self.steps) if s.kind == kind), -1)

    def table_at(self, index: int) -> dict[str, float]:
        """The gradient table as it stands after step `index`."""
        return {p: g for p, g in self.gradient_table.items() if self._filled_at[p] <= index}

    def gradient(self) -> Array:
        """The filled gradient table as a vector in parameter order."""
        return np.array([self.gradient_table[p] for p in self.compiled.parameter_names])

    # ------------------------------------------------------------------ reductions
    @property
    def _batch(self) -> bool:
        return self.n_samples > 1

    def _mean(self, v: Array) -> float:
        return float(np.mean(v))

    def _note(self, how: str) -> str:
        return f"{how} over {self.n_samples} samples" if self._batch else ""

    # ------------------------------------------------------------------ steps
    def _forward(self, nid: str) -> Step:
        t, topo = self.trace, self.topology
        a = t.a(nid)
        if nid in self.compiled.input_ids:
            feature = self.compiled.input_features[self.compiled.input_ids.index(nid)]
            formula = f"{sym('a', nid)} = {sym('x', feature)} = {num(self._mean(a))}"
            return Step("forward", nid, f"Input {nid}", (f"a:{nid}",), (), formula,
                        {f"a:{nid}": self._mean(a)}, {f"a:{nid}": a}, self._note("mean"))
        z = t.z(nid)
        links = topo.incoming[nid]
        bias = bias_value(topo, t, nid)
        symbols = [f"{weight_sym(k.src, nid)}·{sym('a', k.src)}" for k in links]
        numbers = [f"{operand(weight_value(topo, t, k))}·{operand(self._mean(t.a(k.src)))}"
                   for k in links]
        uses = [f"a:{k.src}" for k in links] + [k.parameter for k in links]
        if bias is not None:
            symbols.append(sym("b", nid))
            numbers.append(operand(bias))
            uses.append(bias_name(nid))
        act = topo.activation[nid].name
        zs, as_ = sym("z", nid), sym("a", nid)
        line_z = f"{zs} = {' + '.join(symbols) or '0'}"
        if numbers:
            line_z += f" = {' + '.join(numbers)}"
        line_z += f" = {num(self._mean(z))}"
        if self._batch:
            line_a = f"{as_} = {act}({zs}), mean = {num(self._mean(a))}"
        else:
            line_a = f"{as_} = {act}({zs}) = {act}({num(z[0])}) = {num(a[0])}"
        return Step("forward", nid, f"Forward {nid}", (f"z:{nid}", f"a:{nid}"), tuple(uses),
                    f"{line_z}<br>{line_a}",
                    {f"z:{nid}": self._mean(z), f"a:{nid}": self._mean(a)},
                    {f"z:{nid}": z, f"a:{nid}": a}, self._note("means"))

    def _loss(self) -> Step:
        c, t = self.compiled, self.trace
        spec = c.loss_spec
        per = LOSS_FORMULAS[spec.kind]
        outer = "Σ<sub>samples</sub> " if spec.reduction == "sum" else \
            "(1/n) Σ<sub>samples</sub> "
        formula = f"L = {outer}Σ<sub>o</sub> {per}"
        uses = [f"a:{o}" for o in c.output_ids] + [f"y:{o}" for o in c.output_ids]
        data = float(t.values[c.data_loss])
        total = float(t.loss)
        if spec.regularizer != "none" and spec.rate > 0:
            formula += " + ½λΣw<sup>2</sup>" if spec.regularizer == "l2" else " + λΣ|w|"
            formula += f" = {num(data)} + {num(total - data)}"
            uses += [k.parameter for k in self.topology.links.values()]
        formula += f" = {num(total)}"
        formula += f"<br>({LOSSES[spec.kind]}, {spec.reduction} over {self.n_samples} "
        formula += f"sample{'s' if self._batch else ''})"
        return Step("loss", "", "Loss", ("loss",), tuple(uses), formula, {"loss": total})

    def _backward(self, nid: str) -> Step:
        c, t, topo = self.compiled, self.trace, self.topology
        delta = t.delta(nid)
        slope = activation_slope(topo, t, nid)
        is_output = nid in c.output_ids
        loss_factor = t.dloss_da(nid) if is_output else None
        successors = tuple(DeltaTerm(k.dst, weight_value(topo, t, k), t.delta(k.dst))
                           for k in topo.outgoing[nid])
        uses = [f"z:{nid}", f"a:{nid}"]
        if is_output:
            uses += ["loss", f"y:{nid}"]
        uses += [f"delta:{s.neuron}" for s in successors]
        uses += [k.parameter for k in topo.outgoing[nid]]
        lines = [delta_formula(c, topo, nid, slope, delta, loss_factor, successors,
                               not self._batch)]
        if self._batch:
            lines.append(f"Σ over {self.n_samples} samples: {num(delta.sum())}")
        values = {f"delta:{nid}": float(delta.sum())}
        computes = [f"delta:{nid}"]
        d = sym("δ", nid)
        for k in topo.incoming[nid]:
            a_src = t.a(k.src)
            data = float(np.sum(delta * a_src))
            pen = penalty_gradient(topo, t, k)
            w = weight_sym(k.src, nid)
            line = f"∂L/∂{w} = "
            line += f"Σ<sub>samples</sub> {d}·{sym('a', k.src)}" if self._batch else \
                f"{d}·{sym('a', k.src)} = {operand(delta[0])}·{operand(a_src[0])}"
            if c.loss_spec.regularizer != "none" and c.loss_spec.rate > 0:
                line += f" + {penalty_formula(c, w)}"
                uses.append(k.parameter)
            line += f" = {num(data + pen)}"
            lines.append(line)
            uses.append(f"a:{k.src}")
            self._fill(k.parameter, data + pen, computes, values)
        if bias_value(topo, t, nid) is not None:
            g = float(delta.sum())
            rhs = f"Σ<sub>samples</sub> {d}" if self._batch else d
            lines.append(f"∂L/∂{sym('b', nid)} = {rhs} = {num(g)}")
            self._fill(bias_name(nid), g, computes, values)
        return Step("backward", nid, f"Backward {nid}", tuple(computes),
                    tuple(dict.fromkeys(uses)), "<br>".join(lines), values,
                    {f"delta:{nid}": delta}, self._note("sums"))

    def _fill(self, parameter: str, explained: float, computes: list[str],
              values: dict[str, float]) -> None:
        g = float(self._engine_gradient[self.compiled.index[parameter]])
        computes.append(f"grad:{parameter}")
        values[f"grad:{parameter}"] = g
        values[f"sum:{parameter}"] = explained  # the formula's Σ δ·a, equal to g
        self.gradient_table[parameter] = g
        self._filled_at[parameter] = len(self.steps)

    def _updates(self, optimizer: Optimizer) -> None:
        opt = copy.deepcopy(optimizer)  # the real optimizer's state must not advance
        grad = self._engine_gradient
        new = self.theta.copy()
        opt.step(new, grad)
        self.new_theta = new
        hyper = opt.hyper_params()
        plain = opt.name == "sgd" and not hyper.get("momentum") and not hyper.get("weight_decay")
        symbols = {k.parameter: weight_sym(k.src, k.dst) for k in self.topology.links.values()}
        for i, p in enumerate(self.compiled.parameter_names):
            old, g = float(self.theta[i]), float(grad[i])
            s = symbols.get(p) or sym("b", ParameterRef.parse(p).src)
            if plain:
                formula = (f"{s} ← {s} − η·∂L/∂{s} = {num(old)} − {num(opt.lr)}·{operand(g)}"
                           f" = {num(new[i])}")
            else:
                formula = (f"{s}: {num(old)} → {num(new[i])}<br>{opt.name} step {opt.t} with "
                           f"∂L/∂{s} = {num(g)} (it also uses the optimizer's running state)")
            self.steps.append(Step("update", p, f"Update {p}", (f"new:{p}",),
                                   (p, f"grad:{p}"), formula, {f"new:{p}": float(new[i])}))


def _check_data(compiled: CompiledNetwork, x: Array, y: Array) -> tuple[Array, Array]:
    """The data as float arrays (n, inputs) and (n, outputs), or a clear error."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    n_in, n_out = len(compiled.input_ids), len(compiled.output_ids)
    if x.ndim != 2 or x.shape[1] != n_in:
        raise ValueError(f"x must have shape (samples, {n_in}), got {x.shape}")
    if y.ndim != 2 or y.shape[1] != n_out:
        raise ValueError(f"y must have shape (samples, {n_out}), got {y.shape}")
    if len(x) != len(y) or len(x) == 0:
        raise ValueError(f"x and y must hold the same number (≥ 1) of samples, got {len(x)} "
                         f"and {len(y)}")
    return x, y
