"""Backprop one step at a time: forward neuron by neuron, the loss, backward, the update.

Every number comes from one `CompiledNetwork.trace`; the steps only lay out, in
the grad_table order, which values each quantity was computed from. Each step
carries its numbers as plain data (`detail`); the formulas shown for them are
made by `playground.workspace.explanations.step_formula`. Values are named by
keys "KIND:ID" (split at the first colon, see `split_key`):

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
    active_regularizer,
    bias_value,
    penalty_gradient,
    successor_terms,
    topology,
    weight_value,
)
from playground.engine.compiled import CompiledNetwork
from playground.engine.optimizers import Optimizer
from playground.engine.parameters import bias_name

Array = np.ndarray

KINDS = ("forward", "loss", "backward", "update")

def split_key(key: str) -> tuple[str, str]:
    """("a", "h1") for "a:h1", ("grad", "w:x1->h1") for "grad:w:x1->h1", ("loss", "")."""
    kind, _, rest = key.partition(":")
    return kind, rest


@dataclass(frozen=True)
class InputDetail:
    """A forward step of an input neuron: a = x, the feature it reads."""

    feature: str
    a: float  # the sample's value, or the batch mean


@dataclass(frozen=True)
class ForwardDetail:
    """A forward step: z = Σ w·a (+ b), a = f(z)."""

    terms: tuple[tuple[str, float, float], ...]  # (source, weight, a(source)), a as shown
    bias: float | None
    activation: str
    z: float  # the sample's value, or the batch mean
    a: float
    batch: bool  # the numbers are means over more than one sample


@dataclass(frozen=True)
class LossDetail:
    """The loss step: the data loss reduced over the samples, plus the penalty."""

    loss: str  # the loss's registry name
    reduction: str
    regularizer: str  # active penalty: "l1", "l2" or "none"
    data: float  # the data part
    total: float  # with the penalty
    n_samples: int


@dataclass(frozen=True)
class WeightGradient:
    """One dL/dw a backward step fills: Σ δ·a(source), plus the penalty's term."""

    source: str
    delta: float  # δ of the first sample shown (the only one for a single sample)
    a: float  # a(source) of that sample
    gradient: float  # Σ over the samples of δ·a, penalty included


@dataclass(frozen=True)
class BackwardDetail:
    """A backward step: δ of the neuron from the loss or its successors, then its gradients."""

    slope: Array  # σ′(z) per sample
    delta: Array  # δ per sample
    loss_factor: Array | None  # ∂L/∂a per sample when the neuron is an output
    successors: tuple[DeltaTerm, ...]
    weights: tuple[WeightGradient, ...]  # one per incoming connection
    bias_gradient: float | None  # Σ δ when the neuron has a bias
    regularizer: str  # active penalty: "l1", "l2" or "none"
    n_samples: int


@dataclass(frozen=True)
class UpdateDetail:
    """An update step of one parameter by the optimizer."""

    source: str | None  # a weight's source neuron; None for a bias
    neuron: str  # the weight's destination, or the bias's neuron
    old: float
    new: float
    gradient: float
    lr: float
    plain: bool  # plain gradient descent: new = old − lr·gradient
    optimizer: str
    step: int  # the optimizer's step count after this update


@dataclass(frozen=True)
class Step:
    """One computation: what it produces, what it read, and the numbers behind it."""

    kind: str  # one of KINDS
    target: str  # the neuron id or parameter name the step is about ("" for the loss)
    title: str
    computes: tuple[str, ...]  # keys of the values produced
    uses: tuple[str, ...]  # keys of the values read (to highlight)
    detail: InputDetail | ForwardDetail | LossDetail | BackwardDetail | UpdateDetail
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
            return Step("forward", nid, f"Input {nid}", (f"a:{nid}",), (),
                        InputDetail(feature, self._mean(a)),
                        {f"a:{nid}": self._mean(a)}, {f"a:{nid}": a}, self._note("mean"))
        z = t.z(nid)
        links = topo.incoming[nid]
        bias = bias_value(topo, t, nid)
        terms = tuple((k.src, weight_value(topo, t, k), self._mean(t.a(k.src))) for k in links)
        uses = [f"a:{k.src}" for k in links] + [k.parameter for k in links]
        if bias is not None:
            uses.append(bias_name(nid))
        detail = ForwardDetail(terms, bias, topo.activation[nid].name, self._mean(z),
                               self._mean(a), self._batch)
        return Step("forward", nid, f"Forward {nid}", (f"z:{nid}", f"a:{nid}"), tuple(uses),
                    detail, {f"z:{nid}": self._mean(z), f"a:{nid}": self._mean(a)},
                    {f"z:{nid}": z, f"a:{nid}": a}, self._note("means"))

    def _loss(self) -> Step:
        c, t = self.compiled, self.trace
        spec = c.loss_spec
        uses = [f"a:{o}" for o in c.output_ids] + [f"y:{o}" for o in c.output_ids]
        regularizer = active_regularizer(c)
        if regularizer != "none":
            uses += [k.parameter for k in self.topology.links.values()]
        total = float(t.loss)
        detail = LossDetail(spec.kind, spec.reduction, regularizer, float(t.values[c.data_loss]),
                            total, self.n_samples)
        return Step("loss", "", "Loss", ("loss",), tuple(uses), detail, {"loss": total})

    def _backward(self, nid: str) -> Step:
        c, t, topo = self.compiled, self.trace, self.topology
        delta = t.delta(nid)
        is_output = nid in c.output_ids
        successors = successor_terms(topo, t, nid, slice(None))
        regularizer = active_regularizer(c)
        uses = [f"z:{nid}", f"a:{nid}"]
        if is_output:
            uses += ["loss", f"y:{nid}"]
        uses += [f"delta:{s.neuron}" for s in successors]
        uses += [k.parameter for k in topo.outgoing[nid]]
        values = {f"delta:{nid}": float(delta.sum())}
        computes = [f"delta:{nid}"]
        weights = []
        for k in topo.incoming[nid]:
            a_src = t.a(k.src)
            g = float(np.sum(delta * a_src)) + penalty_gradient(topo, t, k)
            weights.append(WeightGradient(k.src, float(delta[0]), float(a_src[0]), g))
            if regularizer != "none":
                uses.append(k.parameter)
            uses.append(f"a:{k.src}")
            self._fill(k.parameter, g, computes, values)
        bias_gradient = None
        if bias_value(topo, t, nid) is not None:
            bias_gradient = float(delta.sum())
            self._fill(bias_name(nid), bias_gradient, computes, values)
        detail = BackwardDetail(activation_slope(topo, t, nid), delta,
                                t.dloss_da(nid) if is_output else None, successors,
                                tuple(weights), bias_gradient, regularizer, self.n_samples)
        return Step("backward", nid, f"Backward {nid}", tuple(computes),
                    tuple(dict.fromkeys(uses)), detail, values,
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
        plain = opt.is_plain()
        # parameter -> (source or None for a bias, neuron)
        owner = {bias_name(n): (None, n) for n in self.topology.order}
        owner.update({k.parameter: (k.src, k.dst) for k in self.topology.links.values()})
        for i, p in enumerate(self.compiled.parameter_names):
            detail = UpdateDetail(*owner[p], float(self.theta[i]), float(new[i]),
                                  float(grad[i]), float(opt.lr), plain, opt.name, opt.t)
            self.steps.append(Step("update", p, f"Update {p}", (f"new:{p}",),
                                   (p, f"grad:{p}"), detail, {f"new:{p}": float(new[i])}))


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
