"""Why dL/dw of one connection has its value: δ·a, and every path to the loss."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from playground.engine.chainrule.samples import (
    check_neuron,
    check_trace,
    reduction_note,
    sample_count,
    selection,
)
from playground.engine.chainrule.topology import (
    Link,
    Topology,
    activation_slope,
    active_regularizer,
    penalty_gradient,
    topology,
    weight_value,
)
from playground.engine.compiled import CompiledNetwork, Trace

Array = np.ndarray

MAX_PATHS = 64
FACTOR_KINDS = ("input", "weight", "slope", "loss")


@dataclass(frozen=True, eq=False)
class Factor:
    """One local derivative on a path; paths that share it share this object.

    kind "input": ∂z(neuron)/∂w(source→neuron) = a(source);
    "weight": ∂z(neuron)/∂a(source) = w(source→neuron);
    "slope": ∂a(neuron)/∂z(neuron) = σ′(z), σ the activation named by `rule`;
    "loss": ∂L/∂a(neuron), the loss named by `rule`, divided by `mean_over` if set.
    """

    key: str  # e.g. "da:h1/dz:h1"; equal keys, equal factor
    kind: str  # one of FACTOR_KINDS
    neuron: str
    source: str  # "input" and "weight" factors: the connection's source, else ""
    rule: str  # "slope": the activation's name; "loss": the loss's name; else ""
    mean_over: int | None  # "loss" factors of a mean: the number of samples; else None
    values: Array  # one per sample shown

    @property
    def value(self) -> float:
        """The sample's value, or the batch mean (products are taken per sample)."""
        return float(self.values.mean())


@dataclass(frozen=True)
class Path:
    """One route from the weight to the loss and the product of its local derivatives."""

    neurons: tuple[str, ...]  # dst … output, in forward order
    factors: tuple[Factor, ...]  # the article's order: ∂L/∂a_out first, ∂z_dst/∂w last
    products: Array  # per sample shown

    @property
    def total(self) -> float:
        """The product, summed over the samples shown."""
        return float(self.products.sum())


@dataclass(frozen=True)
class DeltaTerm:
    """One term w_jk·δ(k) of δ(j)'s recursion: a successor k, its weight and δ."""

    neuron: str
    weight: float
    delta: Array  # per sample shown


@dataclass(frozen=True)
class WeightExplanation:
    """Why dL/dw of one connection has the value it has."""

    parameter: str
    src: str
    dst: str
    weight: float
    sample: int | None  # None: the whole batch
    n_samples: int  # samples in the trace's batch
    note: str  # which samples the numbers cover
    gradient: float  # the engine's dL/dw for the batch, penalty included
    contribution: float  # Σ over the samples shown of δ(dst)·a(src)
    penalty: float  # regularisation part of `gradient`, added once per batch
    regularizer: str  # the penalty in the loss: "l1", "l2" or "none"
    a_src: Array  # per sample shown
    delta_dst: Array  # dL/dz(dst), per sample shown (the loss's 1/n included)
    slope_dst: Array  # σ'(z_dst), per sample shown
    loss_factor: Array | None  # ∂L/∂a(dst) when dst is an output
    successors: tuple[DeltaTerm, ...]  # δ(dst) = σ'(z_dst)·Σ_k w_dst,k δ(k)
    n_paths: int
    paths: tuple[Path, ...] | None  # None when there are more than the cap
    truncated: bool
    factors: dict[str, Factor]  # every distinct factor the paths use

    @property
    def shared_factors(self) -> list[str]:
        """Keys of the factors more than one path uses (backprop computes them once)."""
        if not self.paths:
            return []
        counts: dict[str, int] = {}
        for p in self.paths:
            for f in p.factors:
                counts[f.key] = counts.get(f.key, 0) + 1
        return [k for k, c in counts.items() if c > 1]


def explain_weight(compiled: CompiledNetwork, trace: Trace, src: str, dst: str,
                   sample: int | None = None, max_paths: int = MAX_PATHS) -> WeightExplanation:
    """The chain rule behind dL/dw for connection src -> dst, for a sample or the batch."""
    check_trace(compiled, trace)
    check_neuron(compiled, src)
    check_neuron(compiled, dst)
    topo = topology(compiled)
    link = topo.links.get((src, dst))
    if link is None:
        raise ValueError(f"no connection {src}->{dst}")
    sel = selection(trace, sample)
    n = sample_count(trace)
    a_src = trace.a(src)[sel]
    delta = trace.delta(dst)[sel]
    slope = activation_slope(topo, trace, dst)[sel]
    is_output = dst in compiled.output_ids
    loss_factor = trace.dloss_da(dst)[sel] if is_output else None
    n_paths = topo.path_count[dst]
    factors: dict[str, Factor] = {}
    paths = None
    if n_paths <= max_paths:
        paths = tuple(_path(compiled, topo, trace, link, route, sel, n, factors)
                      for route in _routes(topo, dst))
    return WeightExplanation(
        parameter=link.parameter, src=src, dst=dst, weight=weight_value(topo, trace, link),
        sample=sample, n_samples=n, note=reduction_note(n, sample, "sum"),
        gradient=float(trace.gradient()[compiled.index[link.parameter]]),
        contribution=float(np.sum(delta * a_src)), penalty=penalty_gradient(topo, trace, link),
        regularizer=active_regularizer(compiled),
        a_src=a_src, delta_dst=delta, slope_dst=slope, loss_factor=loss_factor,
        successors=successor_terms(topo, trace, dst, sel), n_paths=n_paths, paths=paths,
        truncated=paths is None, factors=factors)


def successor_terms(topo: Topology, trace: Trace, nid: str, sel) -> tuple[DeltaTerm, ...]:
    """The terms w·δ(k) of δ(nid)'s recursion, one per neuron k that nid feeds."""
    return tuple(DeltaTerm(k.dst, weight_value(topo, trace, k), trace.delta(k.dst)[sel])
                 for k in topo.outgoing[nid])


def _routes(topo: Topology, start: str) -> Iterator[tuple[str, ...]]:
    """Every chain of neurons from `start` to an output, depth first in connection order."""
    stack = [(start,)]
    while stack:
        route = stack.pop()
        last = route[-1]
        if not topo.outgoing[last] and topo.path_count[last]:
            yield route
        for link in reversed(topo.outgoing[last]):
            if topo.path_count[link.dst]:
                stack.append(route + (link.dst,))


def _path(compiled: CompiledNetwork, topo: Topology, trace: Trace, link: Link,
          route: tuple[str, ...], sel, n: int, cache: dict[str, Factor]) -> Path:
    def factor(key: str, kind: str, neuron: str, values, source: str = "", rule: str = "",
               mean_over: int | None = None) -> Factor:
        if key not in cache:
            cache[key] = Factor(key, kind, neuron, source, rule, mean_over,
                                np.asarray(values, dtype=float))
        return cache[key]

    count = len(trace.a(link.src)[sel])
    chain = [factor(f"dz:{link.dst}/d{link.parameter}", "input", link.dst,
                    trace.a(link.src)[sel], source=link.src)]
    for i, nid in enumerate(route):
        if i:
            prev = topo.links[(route[i - 1], nid)]
            chain.append(factor(f"dz:{nid}/da:{prev.src}", "weight", nid,
                                np.full(count, weight_value(topo, trace, prev)),
                                source=prev.src))
        chain.append(factor(f"da:{nid}/dz:{nid}", "slope", nid,
                            activation_slope(topo, trace, nid)[sel],
                            rule=topo.activation[nid].name))
    out = route[-1]
    spec = compiled.loss_spec
    chain.append(factor(f"dL/da:{out}", "loss", out, trace.dloss_da(out)[sel], rule=spec.kind,
                        mean_over=n if spec.reduction == "mean" else None))
    chain.reverse()
    return Path(route, tuple(chain), np.prod([f.values for f in chain], axis=0))
