"""The chain rule behind every number backprop computes, read from a compiled network's trace.

Nothing here differentiates the network a second time: δ (dL/dz per sample) and
dL/dθ come from `CompiledNetwork.trace`, the grad_table walk over the compiled
graph. This module explains those numbers: the local derivatives whose products
and sums give them, as values and as HTML for the inspector. The maths and how it
maps to the graph are in docs/chain-rule.md.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from weakref import WeakKeyDictionary

import numpy as np

from playground.engine import activations
from playground.engine.activations import Activation
from playground.engine.autodiff import Activate, backpropagate
from playground.engine.compiled import Affine, CompiledNetwork, Trace
from playground.engine.losses import LOSSES, Penalty
from playground.engine.network import bias_name

Array = np.ndarray

MAX_PATHS = 64

# ----------------------------------------------------------------------------- HTML helpers

def num(v: float) -> str:
    """A number to 4 significant digits, with a true minus sign and ×10 powers."""
    v = float(v)
    if not np.isfinite(v):
        return "NaN" if np.isnan(v) else ("∞" if v > 0 else "−∞")
    s = f"{v:.4g}"
    if "e" in s:
        mantissa, exponent = s.split("e")
        s = f"{mantissa}·10<sup>{int(exponent)}</sup>"
    return s.replace("-", "−")


def operand(v: float) -> str:
    """A number ready to be multiplied: negative ones in parentheses."""
    s = num(v)
    return f"({s})" if s.startswith("−") else s


def sym(base: str, index: str) -> str:
    """A symbol with a neuron or connection subscript, e.g. a<sub>h1</sub>."""
    return f"{base}<sub>{html.escape(index)}</sub>"


def weight_sym(src: str, dst: str) -> str:
    return sym("w", f"{src}→{dst}")


# ----------------------------------------------------------------------------- topology

@dataclass(frozen=True)
class Link:
    """A connection as compiled: its parameter and where it sits in its level's weight block."""

    src: str
    dst: str
    parameter: str
    level: int
    row: int
    col: int


@dataclass
class Topology:
    """The drawn network recovered from the compiled graph."""

    order: list[str]  # neurons in topological order: by level, then column
    links: dict[tuple[str, str], Link]
    incoming: dict[str, list[Link]]
    outgoing: dict[str, list[Link]]
    activation: dict[str, Activation]  # as bound into the graph's Activate ops
    weight_leaf: dict[int, int] = field(default_factory=dict)  # level -> graph node
    bias_leaf: dict[int, int] = field(default_factory=dict)
    penalty: dict[int, int] = field(default_factory=dict)  # weight leaf -> Penalty node
    path_count: dict[str, int] = field(default_factory=dict)  # paths to the loss


_TOPOLOGIES: WeakKeyDictionary = WeakKeyDictionary()


def topology(compiled: CompiledNetwork) -> Topology:
    """Connections, activations and leaves of a compiled network (cached per network)."""
    topo = _TOPOLOGIES.get(compiled)
    if topo is None:
        topo = _TOPOLOGIES[compiled] = _build_topology(compiled)
    return topo


def _build_topology(compiled: CompiledNetwork) -> Topology:
    nodes = compiled.graph.nodes
    order = [nid for level in compiled.levels for nid in level.ids]
    linear = activations.get("linear")
    topo = Topology(order, {}, {n: [] for n in order}, {n: [] for n in order},
                    {n: linear for n in compiled.input_ids})
    blocks = {b.leaf: b for b in compiled.blocks}
    for lv, level in enumerate(compiled.levels):
        if lv == 0:
            continue
        act_op = nodes[level.a].op
        assert isinstance(act_op, Activate)
        for act, cols in act_op.groups:
            for c in range(len(level.ids)) if cols is None else cols:
                topo.activation[level.ids[int(c)]] = act
        z = nodes[level.z]
        if isinstance(z.op, Affine):
            topo.weight_leaf[lv] = z.inputs[1]
            if len(z.inputs) == 3:
                topo.bias_leaf[lv] = z.inputs[2]
            block = blocks[z.inputs[1]]
            width = len(level.sources)
            flat = range(len(level.ids) * width) if block.index is None else block.index
            for k, f in enumerate(flat):
                row, col = divmod(int(f), width)
                link = Link(level.sources[col], level.ids[row],
                            compiled.parameter_names[block.start + k], lv, row, col)
                topo.links[(link.src, link.dst)] = link
                topo.incoming[link.dst].append(link)
                topo.outgoing[link.src].append(link)
        elif z.inputs[1] in compiled.graph.trainable:
            topo.bias_leaf[lv] = z.inputs[1]
    for i, node in enumerate(nodes):
        if isinstance(node.op, Penalty):
            topo.penalty[node.inputs[0]] = i
    outputs = set(compiled.output_ids)
    for nid in reversed(order):
        topo.path_count[nid] = int(nid in outputs) + sum(
            topo.path_count[link.dst] for link in topo.outgoing[nid])
    return topo


def weight_value(topo: Topology, trace: Trace, link: Link) -> float:
    """The weight of a connection as the trace used it."""
    return float(trace.values[topo.weight_leaf[link.level]][link.row, link.col])


def bias_value(topo: Topology, trace: Trace, nid: str) -> float | None:
    """A neuron's bias as the trace used it, None if it has none."""
    if bias_name(nid) not in trace.compiled.index:
        return None
    lv, col = trace.compiled.position[nid]
    return float(trace.values[topo.bias_leaf[lv]][col])


def activation_slope(topo: Topology, trace: Trace, nid: str) -> Array:
    """σ'(z) of a neuron per sample, from the activation its Activate op was built with."""
    z = trace.z(nid)
    return np.broadcast_to(topo.activation[nid].df(z, trace.a(nid)), z.shape).astype(float)


def penalty_gradient(topo: Topology, trace: Trace, link: Link) -> float:
    """The regularisation term of dL/dw, from the graph's Penalty op (0 without one)."""
    leaf = topo.weight_leaf[link.level]
    node = topo.penalty.get(leaf)
    if node is None:
        return 0.0
    op = trace.compiled.graph.nodes[node].op
    g = op.backward(trace.grads[node], trace.values[node], [trace.values[leaf]], [True])[0]
    return float(g[link.row, link.col])


def penalty_formula(compiled: CompiledNetwork, w: str) -> str:
    """HTML of the regulariser's derivative for weight symbol `w`."""
    spec = compiled.loss_spec
    return f"λ·{w}" if spec.regularizer == "l2" else f"λ·sign({w})"


def loss_derivative_formula(compiled: CompiledNetwork, output: str, n: int) -> str:
    """HTML of ∂L/∂a for an output, with the mean's 1/n when the loss averages."""
    expr = _rich(LOSSES[compiled.loss_spec.kind].derivative, output)
    return f"({expr}) / {n}" if compiled.loss_spec.reduction == "mean" else expr


def derivative_formula(topo: Topology, nid: str) -> str:
    return _rich(topo.activation[nid].derivative)


def _rich(text: str, output: str | None = None) -> str:
    """Registry formula text as HTML: `_{…}` a subscript, `^{…}` a superscript.

    With `output`, the subscript `o` becomes that output's id.
    """
    def tag(m: re.Match) -> str:
        name = "sub" if m[1] == "_" else "sup"
        inner = html.escape(output) if output is not None and m[2] == "o" else m[2]
        return f"<{name}>{inner}</{name}>"

    return re.sub(r"([_^])\{([^{}]*)\}", tag, html.escape(text, quote=False))


# ----------------------------------------------------------------------------- checks

def check_trace(compiled: CompiledNetwork, trace: Trace) -> None:
    """Refuse a trace of another network or of a batch of parameter settings."""
    if trace.compiled is not compiled:
        raise ValueError("the trace was made by a different compiled network")
    if np.ndim(trace.loss) != 0:
        raise ValueError("explanations need the trace of one parameter setting, "
                         f"not of a batch of {np.shape(trace.loss)[0]}")


def check_neuron(compiled: CompiledNetwork, nid: str) -> None:
    if nid not in compiled.position:
        raise ValueError(f'no neuron "{nid}"')


def sample_count(trace: Trace) -> int:
    return int(trace.values[trace.compiled.x_leaf].shape[-2])


def selection(trace: Trace, sample: int | None) -> slice | list[int]:
    """Index picking one sample (as a length-1 axis) or all of them."""
    if sample is None:
        return slice(None)
    n = sample_count(trace)
    if isinstance(sample, bool) or not isinstance(sample, int | np.integer) \
            or not 0 <= sample < n:
        raise ValueError(f"sample must be an index from 0 to {n - 1}, not {sample!r}")
    return [int(sample)]


def reduction_note(n: int, sample: int | None, how: str) -> str:
    """Which samples a shown number covers, e.g. "sample 2" or "mean over 8 samples"."""
    if sample is not None:
        return f"sample {sample}"
    return f"{how} over {n} sample{'s' if n != 1 else ''}"


# ----------------------------------------------------------------------------- connections

@dataclass(frozen=True, eq=False)
class Factor:
    """One local derivative on a path; paths that share it share this object."""

    key: str  # e.g. "da:h1/dz:h1"; equal keys, equal factor
    label: str  # HTML, e.g. ∂a<sub>h1</sub>/∂z<sub>h1</sub>
    formula: str  # HTML of how it is computed, e.g. σ′(z) = a(1 − a)
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

    @property
    def label(self) -> str:
        return " · ".join(f.label for f in self.factors)


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
    a_src: Array  # per sample shown
    delta_dst: Array  # dL/dz(dst), per sample shown (the loss's 1/n included)
    slope_dst: Array  # σ'(z_dst), per sample shown
    loss_factor: Array | None  # ∂L/∂a(dst) when dst is an output
    successors: tuple[DeltaTerm, ...]  # δ(dst) = σ'(z_dst)·Σ_k w_dst,k δ(k)
    n_paths: int
    paths: tuple[Path, ...] | None  # None when there are more than the cap
    truncated: bool
    factors: dict[str, Factor]  # every distinct factor the paths use
    formula: str  # HTML: the chain rule with its numbers

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
    successors = tuple(DeltaTerm(k.dst, weight_value(topo, trace, k), trace.delta(k.dst)[sel])
                       for k in topo.outgoing[dst])
    n_paths = topo.path_count[dst]
    factors: dict[str, Factor] = {}
    paths = None
    if n_paths <= max_paths:
        paths = tuple(_path(compiled, topo, trace, link, route, sel, n, factors)
                      for route in _routes(topo, dst))
    ex = WeightExplanation(
        parameter=link.parameter, src=src, dst=dst, weight=weight_value(topo, trace, link),
        sample=sample, n_samples=n, note=reduction_note(n, sample, "sum"),
        gradient=float(trace.gradient()[compiled.index[link.parameter]]),
        contribution=float(np.sum(delta * a_src)), penalty=penalty_gradient(topo, trace, link),
        a_src=a_src, delta_dst=delta, slope_dst=slope, loss_factor=loss_factor,
        successors=successors, n_paths=n_paths, paths=paths, truncated=paths is None,
        factors=factors, formula="")
    return replace(ex, formula=_weight_formula(compiled, topo, ex))


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
    def factor(key: str, label: str, formula: str, values) -> Factor:
        if key not in cache:
            cache[key] = Factor(key, label, formula, np.asarray(values, dtype=float))
        return cache[key]

    count = len(trace.a(link.src)[sel])
    chain = [factor(f"dz:{link.dst}/d{link.parameter}",
                    f"∂z<sub>{html.escape(link.dst)}</sub>/∂{weight_sym(link.src, link.dst)}",
                    sym("a", link.src), trace.a(link.src)[sel])]
    for i, nid in enumerate(route):
        if i:
            prev = topo.links[(route[i - 1], nid)]
            chain.append(factor(f"dz:{nid}/da:{prev.src}",
                                f"∂{sym('z', nid)}/∂{sym('a', prev.src)}",
                                weight_sym(prev.src, nid),
                                np.full(count, weight_value(topo, trace, prev))))
        chain.append(factor(f"da:{nid}/dz:{nid}", f"∂{sym('a', nid)}/∂{sym('z', nid)}",
                            f"σ′({sym('z', nid)}) = {derivative_formula(topo, nid)}",
                            activation_slope(topo, trace, nid)[sel]))
    out = route[-1]
    chain.append(factor(f"dL/da:{out}", f"∂L/∂{sym('a', out)}",
                        loss_derivative_formula(compiled, out, n), trace.dloss_da(out)[sel]))
    chain.reverse()
    return Path(route, tuple(chain), np.prod([f.values for f in chain], axis=0))


def _weight_formula(compiled: CompiledNetwork, topo: Topology, ex: WeightExplanation) -> str:
    w, d, a = weight_sym(ex.src, ex.dst), sym("δ", ex.dst), sym("a", ex.src)
    pen = compiled.loss_spec.regularizer != "none" and compiled.loss_spec.rate > 0
    pen_sym = f" + {penalty_formula(compiled, w)}" if pen else ""
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
    lines.append(delta_formula(compiled, topo, ex.dst, ex.slope_dst, ex.delta_dst,
                               ex.loss_factor, ex.successors, ex.sample is not None))
    return "<br>".join(lines)


def delta_formula(compiled: CompiledNetwork, topo: Topology, nid: str, slope: Array,
                  delta: Array, loss_factor: Array | None, successors: tuple[DeltaTerm, ...],
                  with_numbers: bool) -> str:
    """HTML of δ's recursion for a neuron, with the numbers of one sample if asked."""
    d, s = sym("δ", nid), f"σ′({sym('z', nid)})"
    if loss_factor is not None:
        text = f"{d} = {s} · ∂L/∂{sym('a', nid)}"
        if with_numbers:
            text += f" = {operand(slope[0])} · {operand(loss_factor[0])} = {num(delta[0])}"
        return text
    if not successors:
        return f"{d} = 0 (no path from {html.escape(nid)} to the loss)"
    terms = " + ".join(f"{weight_sym(nid, t.neuron)}{sym('δ', t.neuron)}" for t in successors)
    text = f"{d} = {s} · ({terms})"
    if with_numbers:
        nums = " + ".join(f"{operand(t.weight)}·{operand(t.delta[0])}" for t in successors)
        text += f" = {operand(slope[0])} · ({nums}) = {num(delta[0])}"
    return text


# ----------------------------------------------------------------------------- neurons

@dataclass(frozen=True)
class NeuronExplanation:
    """A neuron's forward and backward numbers for a sample or as batch means."""

    neuron: str
    role: str
    activation: str
    sample: int | None
    note: str  # "sample 3" or "mean over 8 samples"
    z: float
    a: float
    slope: float  # σ'(z)
    delta: float | None  # dL/dz; None for inputs (the engine does not differentiate x)
    delta_sum: float | None  # Σ over the samples of δ: dL/db when the neuron has a bias
    dloss_da: float | None
    bias: float | None
    incoming: tuple[tuple[str, float, float], ...]  # (source, weight, a(source)) shown
    successors: tuple[DeltaTerm, ...]
    formula: dict[str, str]  # HTML pieces: "z", "a", "slope", "delta"


def explain_neuron(compiled: CompiledNetwork, trace: Trace, nid: str,
                   sample: int | None = None) -> NeuronExplanation:
    """z, a, σ'(z) and δ of a neuron with the formulas behind them."""
    check_trace(compiled, trace)
    check_neuron(compiled, nid)
    topo = topology(compiled)
    sel = selection(trace, sample)
    n = sample_count(trace)
    is_input = nid in compiled.input_ids
    role = "input" if is_input else ("output" if nid in compiled.output_ids else "hidden")
    z, a = trace.z(nid)[sel], trace.a(nid)[sel]
    slope = activation_slope(topo, trace, nid)[sel]
    delta = None if is_input else trace.delta(nid)[sel]
    dloss = None if is_input else trace.dloss_da(nid)[sel]
    incoming = tuple((k.src, weight_value(topo, trace, k), float(trace.a(k.src)[sel].mean()))
                     for k in topo.incoming[nid])
    successors = tuple(DeltaTerm(k.dst, weight_value(topo, trace, k), trace.delta(k.dst)[sel])
                       for k in topo.outgoing[nid])
    bias = bias_value(topo, trace, nid)
    act = topo.activation[nid]
    one = sample is not None
    zs, as_ = sym("z", nid), sym("a", nid)
    if is_input:
        feature = compiled.input_features[compiled.input_ids.index(nid)]
        formula = {"z": f"{zs} = {as_} = {sym('x', feature)}", "a": f"{as_} = {zs}",
                   "slope": "1", "delta": "not computed: inputs are data, not parameters"}
    else:
        terms = [f"{weight_sym(s, nid)}·{sym('a', s)}" for s, _, _ in incoming]
        if bias is not None:
            terms.append(sym("b", nid))
        formula = {
            "z": f"{zs} = {' + '.join(terms) or '0'}",
            "a": f"{as_} = {act.name}({zs}), {act.name}(z) = {_rich(act.formula)}",
            "slope": f"σ′({zs}) = {derivative_formula(topo, nid)}",
            "delta": delta_formula(compiled, topo, nid, slope, delta,
                                   dloss if role == "output" else None, successors, one),
        }
    return NeuronExplanation(
        neuron=nid, role=role, activation=act.name, sample=sample,
        note=reduction_note(n, sample, "mean"), z=float(z.mean()), a=float(a.mean()),
        slope=float(slope.mean()),
        delta=None if delta is None else float(delta.mean()),
        delta_sum=None if delta is None else float(delta.sum()),
        dloss_da=None if dloss is None else float(dloss.mean()),
        bias=bias, incoming=incoming, successors=successors, formula=formula)


# ----------------------------------------------------------------------------- Jacobians

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
