"""The drawn network recovered from a compiled graph, and the numbers a trace used."""

from __future__ import annotations

from dataclasses import dataclass, field
from weakref import WeakKeyDictionary

import numpy as np

from playground.engine import activations
from playground.engine.activations import Activation
from playground.engine.autodiff import Activate
from playground.engine.compiled import Affine, CompiledNetwork, Trace
from playground.engine.losses import Penalty
from playground.engine.network import bias_name

Array = np.ndarray


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


def active_regularizer(compiled: CompiledNetwork) -> str:
    """The penalty the loss adds ("l1", "l2"), or "none" when there is none or its rate is 0."""
    spec = compiled.loss_spec
    return spec.regularizer if spec.rate > 0 else "none"
