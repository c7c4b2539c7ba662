"""Quick edits of a layered network, as in the browser playground (no Qt): a neuron more or
less in a hidden layer, a hidden layer more or less before the outputs.

A network is layered when its neurons fall into columns — inputs, hidden layers,
outputs — with every connection going from one column to the next. A free DAG
(a skip connection, an output in the middle) has no layers to add to: `layers_of`
says why. Every edit returns a new network (the old one untouched), laid out in
columns again; `NetworkDiff` records what changed so an undo command can replay it
either way on a network that others may have edited since.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field

from playground.engine.network import (
    Connection,
    Network,
    NetworkError,
    Neuron,
    topological_levels,
)
from playground.workspace.network_edits import default_activation, laid_out

# A new connection's weight from its connection's fans: (fan_in, fan_out) -> weight.
WeightFor = Callable[[int, int], float]
NEW_LAYER_MIN = 2  # a new hidden layer has as many neurons as the one before it, at least this


@dataclass(frozen=True)
class Layers:
    """The columns of a layered network: inputs, each hidden layer, outputs (top to bottom)."""

    columns: tuple[tuple[str, ...], ...]

    @property
    def hidden(self) -> tuple[tuple[str, ...], ...]:
        return self.columns[1:-1]


def layers_of(net: Network) -> Layers | str:
    """The network's layers, or why it has none (one line)."""
    if not net.ids("input"):
        return "it has no input neurons"
    if not net.ids("output"):
        return "it has no output neurons"
    try:
        level = topological_levels(net)
    except NetworkError as e:
        return str(e)
    last = max(level.values())
    sources = {c.src for c in net.connections}
    targets = {c.dst for c in net.connections}
    for n in net.neurons:
        if n.role == "output" and level[n.id] != last:
            return f"output {n.id} is not in the last column"
        if n.role == "hidden" and n.id not in targets:
            return f"hidden neuron {n.id} has no inputs"
        if n.role == "hidden" and n.id not in sources:
            return f"hidden neuron {n.id} feeds no other neuron"
    for c in net.connections:
        if level[c.dst] != level[c.src] + 1:
            return f"the connection {c.src} → {c.dst} skips a layer"
    y = {n.id: n.position[1] for n in net.neurons}
    columns = [sorted((n.id for n in net.neurons if level[n.id] == lv), key=lambda i: y[i])
               for lv in range(last + 1)]
    return Layers(tuple(tuple(c) for c in columns))


def _layers(net: Network) -> Layers:
    found = layers_of(net)
    if isinstance(found, str):
        raise NetworkError(f"not a layered network: {found}")
    return found


def _new_id(net: Network, layer: int) -> str:
    taken = set(net.ids())
    k = 1
    while f"h{layer}_{k}" in taken:
        k += 1
    return f"h{layer}_{k}"


def _activation(net: Network, column: tuple[str, ...]) -> str:
    return net.neuron(column[0]).activation if column else default_activation(net, "hidden")


def _connect(net: Network, sources: tuple[str, ...], targets: tuple[str, ...],
             weight: WeightFor) -> None:
    fan_in = {t: sum(1 for c in net.connections if c.dst == t) for t in targets}
    fan_out = {s: sum(1 for c in net.connections if c.src == s) for s in sources}
    for t in targets:
        for s in sources:
            fan_in[t] += 1
            fan_out[s] += 1
            net.connections.append(Connection(s, t, round(weight(fan_in[t], fan_out[s]), 6)))


def _laid_out(net: Network) -> Network:
    placed = laid_out(net)
    for n in net.neurons:
        n.position = placed[n.id]
    return net


def add_neuron(net: Network, layer: int, weight: WeightFor) -> Network:
    """A neuron more at the bottom of hidden layer `layer` (1 = the first), connected from
    every neuron of the column before and to every neuron of the column after."""
    layers = _layers(net)
    if not 1 <= layer <= len(layers.hidden):
        raise NetworkError(f"there is no hidden layer {layer}")
    column = layers.columns[layer]
    out = net.copy()
    nid = _new_id(out, layer)
    index = max(i for i, n in enumerate(out.neurons) if n.id in column) + 1
    out.neurons.insert(index, Neuron(nid, "hidden", _activation(out, column), 0.0))
    _connect(out, layers.columns[layer - 1], (nid,), weight)
    _connect(out, (nid,), layers.columns[layer + 1], weight)
    return _laid_out(out)


def remove_neuron(net: Network, layer: int) -> Network:
    """Hidden layer `layer` without its bottom neuron (and that neuron's connections)."""
    layers = _layers(net)
    if not 1 <= layer <= len(layers.hidden):
        raise NetworkError(f"there is no hidden layer {layer}")
    column = layers.columns[layer]
    if len(column) == 1:
        raise NetworkError(f"hidden layer {layer} has one neuron left; remove the layer instead")
    gone = column[-1]
    out = net.copy()
    out.neurons = [n for n in out.neurons if n.id != gone]
    out.connections = [c for c in out.connections if gone not in (c.src, c.dst)]
    return _laid_out(out)


def add_layer(net: Network, weight: WeightFor) -> Network:
    """A hidden layer more, just before the outputs, as wide as the layer before it (at
    least two): the last column before the outputs feeds it, it feeds the outputs."""
    layers = _layers(net)
    before, outputs = layers.columns[-2], layers.columns[-1]
    layer = len(layers.columns) - 1  # its number among the hidden layers
    out = net.copy()
    out.connections = [c for c in out.connections
                       if not (c.src in before and c.dst in outputs)]
    size = max(len(before) if layers.hidden else 0, NEW_LAYER_MIN)
    ids = []
    activation = _activation(out, layers.hidden[-1] if layers.hidden else ())
    index = min(i for i, n in enumerate(out.neurons) if n.role == "output")
    for _ in range(size):
        nid = _new_id(out, layer)
        out.neurons.insert(index, Neuron(nid, "hidden", activation, 0.0))
        index += 1
        ids.append(nid)
    _connect(out, before, tuple(ids), weight)
    _connect(out, tuple(ids), outputs, weight)
    return _laid_out(out)


def remove_layer(net: Network, weight: WeightFor) -> Network:
    """The network without its last hidden layer: the column before it feeds the outputs."""
    layers = _layers(net)
    if not layers.hidden:
        raise NetworkError("there is no hidden layer to remove")
    gone = set(layers.hidden[-1])
    out = net.copy()
    out.neurons = [n for n in out.neurons if n.id not in gone]
    out.connections = [c for c in out.connections if c.src not in gone and c.dst not in gone]
    _connect(out, layers.columns[-3], layers.columns[-1], weight)
    return _laid_out(out)


@dataclass
class NetworkDiff:
    """What an edit added, removed and moved, with list positions, to replay either way."""

    removed_neurons: list[tuple[int, Neuron]] = field(default_factory=list)
    added_neurons: list[tuple[int, Neuron]] = field(default_factory=list)
    removed_connections: list[tuple[int, Connection]] = field(default_factory=list)
    added_connections: list[tuple[int, Connection]] = field(default_factory=list)
    moves: dict[str, tuple[tuple[float, float], tuple[float, float]]] = field(
        default_factory=dict)

    @classmethod
    def between(cls, before: Network, after: Network) -> NetworkDiff:
        old, new = set(before.ids()), set(after.ids())
        old_pairs = {(c.src, c.dst) for c in before.connections}
        new_pairs = {(c.src, c.dst) for c in after.connections}
        where = {n.id: n.position for n in before.neurons}
        return cls(
            [(i, dataclasses.replace(n)) for i, n in enumerate(before.neurons) if n.id not in new],
            [(i, dataclasses.replace(n)) for i, n in enumerate(after.neurons) if n.id not in old],
            [(i, dataclasses.replace(c)) for i, c in enumerate(before.connections)
             if (c.src, c.dst) not in new_pairs],
            [(i, dataclasses.replace(c)) for i, c in enumerate(after.connections)
             if (c.src, c.dst) not in old_pairs],
            {n.id: (tuple(where[n.id]), tuple(n.position)) for n in after.neurons
             if n.id in where and tuple(where[n.id]) != tuple(n.position)})

    def apply(self, net: Network) -> None:
        """Make the change in `net` (what is already gone or there is skipped)."""
        _replay(net, self.removed_neurons, self.added_neurons, self.removed_connections,
                self.added_connections, {k: new for k, (_, new) in self.moves.items()})

    def revert(self, net: Network) -> None:
        """Undo the change in `net`."""
        _replay(net, self.added_neurons, self.removed_neurons, self.added_connections,
                self.removed_connections, {k: old for k, (old, _) in self.moves.items()})


def _replay(net: Network, drop_neurons: list[tuple[int, Neuron]],
            put_neurons: list[tuple[int, Neuron]], drop_connections: list[tuple[int, Connection]],
            put_connections: list[tuple[int, Connection]],
            positions: dict[str, tuple[float, float]]) -> None:
    gone = {n.id for _, n in drop_neurons}
    pairs = {(c.src, c.dst) for _, c in drop_connections}
    net.neurons = [n for n in net.neurons if n.id not in gone]
    net.connections = [c for c in net.connections if (c.src, c.dst) not in pairs
                       and c.src not in gone and c.dst not in gone]
    for i, n in put_neurons:  # ascending positions: each lands where it was
        if n.id not in net.ids():
            net.neurons.insert(i, dataclasses.replace(n))
    ids = set(net.ids())
    have = {(c.src, c.dst) for c in net.connections}
    for i, c in put_connections:
        if c.src in ids and c.dst in ids and (c.src, c.dst) not in have:
            net.connections.insert(i, dataclasses.replace(c))
    for n in net.neurons:
        if n.id in positions:
            n.position = tuple(positions[n.id])
