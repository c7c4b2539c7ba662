"""Jacobians between levels: the chain rule as a product of one matrix per level."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from playground.engine.autodiff import backpropagate
from playground.engine.chainrule.samples import check_trace, selection
from playground.engine.chainrule.topology import Topology, activation_slope, topology
from playground.engine.compiled import CompiledNetwork, Trace

Array = np.ndarray

@dataclass(frozen=True)
class JacobianFactor:
    """∂(state after computing `level`)/∂(state before), at one sample."""

    level: int
    rows: tuple[str, ...]  # neuron ids of the state after the step
    columns: tuple[str, ...]  # neuron ids of the state before
    matrix: Array


@dataclass(frozen=True)
class JacobianChain:
    """∂a(to)/∂a(from) as the product of one Jacobian per level in between."""

    from_level: int
    to_level: int
    sample: int
    factors: tuple[JacobianFactor, ...]  # in the order they apply (first is rightmost)
    product: Array  # rows: to-level neurons, columns: from-level neurons


def _check_levels(compiled: CompiledNetwork, from_level: int, to_level: int) -> None:
    count = len(compiled.levels)
    for name, lv in (("from_level", from_level), ("to_level", to_level)):
        if isinstance(lv, bool) or not isinstance(lv, int | np.integer) \
                or not 0 <= lv < count:
            raise ValueError(f"{name} must be a level from 0 to {count - 1}, not {lv!r}")
    if from_level > to_level:
        raise ValueError(f"from_level {from_level} comes after to_level {to_level}")


def jacobian_chain(compiled: CompiledNetwork, trace: Trace, sample: int, from_level: int,
                   to_level: int) -> JacobianChain:
    """The consecutive level Jacobians from `from_level` to `to_level` and their product.

    a(from) is perturbed, every later level recomputed, earlier levels held fixed.
    Between steps the state carries level m plus the earlier levels (≥ from) that a
    later level (≤ to) still reads, so skip connections ride along on identity blocks.
    """
    check_trace(compiled, trace)
    if sample is None:
        raise ValueError("a Jacobian is taken at one sample; give its index")
    s = selection(trace, sample)[0]
    _check_levels(compiled, from_level, to_level)
    topo = topology(compiled)
    levels = compiled.levels
    reads = {m: {compiled.position[src][0] for src in levels[m].sources}
             for m in range(from_level + 1, to_level + 1)}
    before = [from_level]
    factors = []
    for m in range(from_level + 1, to_level + 1):
        after = [lv for lv in range(from_level, m)
                 if any(lv in reads[k] for k in range(m + 1, to_level + 1))] + [m]
        factors.append(_level_step(compiled, topo, trace, s, m, before, after))
        before = after
    product = np.eye(len(levels[from_level].ids))
    for f in factors:
        product = f.matrix @ product
    return JacobianChain(from_level, to_level, s, tuple(factors), product)


def _level_step(compiled: CompiledNetwork, topo: Topology, trace: Trace, s: int, m: int,
                before: list[int], after: list[int]) -> JacobianFactor:
    levels = compiled.levels

    def offsets(state: list[int]) -> dict[int, int]:
        out, k = {}, 0
        for lv in state:
            out[lv] = k
            k += len(levels[lv].ids)
        return out

    rows_at, cols_at = offsets(after), offsets(before)
    rows = tuple(i for lv in after for i in levels[lv].ids)
    cols = tuple(i for lv in before for i in levels[lv].ids)
    matrix = np.zeros((len(rows), len(cols)))
    for lv in after[:-1]:  # carried unchanged
        k = len(levels[lv].ids)
        matrix[rows_at[lv]:rows_at[lv] + k, cols_at[lv]:cols_at[lv] + k] = np.eye(k)
    if m in topo.weight_leaf:
        w = trace.values[topo.weight_leaf[m]]
        slope = np.array([activation_slope(topo, trace, nid)[s] for nid in levels[m].ids])
        for c, src in enumerate(levels[m].sources):
            lv, col = compiled.position[src]
            if lv in cols_at:  # sources before from_level are held fixed
                matrix[rows_at[m]:, cols_at[lv] + col] = slope * w[:, c]
    return JacobianFactor(m, rows, cols, matrix)


def level_jacobian(compiled: CompiledNetwork, trace: Trace, sample: int, from_level: int,
                   to_level: int) -> Array:
    """∂a(to_level)/∂a(from_level) at a sample, by the product of consecutive level Jacobians."""
    return jacobian_chain(compiled, trace, sample, from_level, to_level).product


def direct_jacobian(compiled: CompiledNetwork, trace: Trace, sample: int, from_level: int,
                    to_level: int) -> Array:
    """The same Jacobian by reverse passes over the graph, one unit seed per row."""
    check_trace(compiled, trace)
    if sample is None:
        raise ValueError("a Jacobian is taken at one sample; give its index")
    s = selection(trace, sample)[0]
    _check_levels(compiled, from_level, to_level)
    nodes = compiled.graph.nodes
    start, end = compiled.levels[from_level].a, compiled.levels[to_level].a
    needs = [False] * len(nodes)
    needs[start] = True
    for i in range(start + 1, end + 1):
        needs[i] = any(needs[j] for j in nodes[i].inputs)
    out = trace.values[end]
    jac = np.zeros((out.shape[-1], trace.values[start].shape[-1]))
    for r in range(out.shape[-1]):
        seed = np.zeros(out.shape)
        seed[s, r] = 1.0
        g = backpropagate(nodes, trace.values, end, needs, seed)[start]
        if g is not None:
            jac[r] = g[s]
    return jac
