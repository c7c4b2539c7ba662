"""What the editor needs to know about a network and its data, as plain functions (no Qt).

Fresh ids, the input features a data set allows, where a new neuron goes, and
the networks that quick build and auto-layout make.
"""

from __future__ import annotations

import math

from playground.engine.datasets import FEATURES, GENERATORS
from playground.engine.network import (
    Network,
    NetworkError,
    Neuron,
    auto_layout,
    layered,
    parse_layers,
)
from playground.io.document import DataSpec, Document
from playground.workspace.document_edits import FEATURE_IDS, free_id, input_features

GRID_X = 160.0  # column spacing of auto-layout, and where a new column goes
GRID_Y = 80.0  # row spacing
CLEARANCE = 44.0  # a new neuron's centre keeps at least this far from the others
ROLE_PREFIX = {"hidden": "h", "output": "o"}
SNAP = 10.0  # positions placed or dropped by the mouse snap to this grid


def snap(x: float, y: float) -> tuple[float, float]:
    """The grid point nearest to (x, y): a drawn network's file stays tidy."""
    return (round(x / SNAP) * SNAP + 0.0, round(y / SNAP) * SNAP + 0.0)


def raw_inputs(data: DataSpec) -> int:
    """How many input columns the data set has before any feature is derived."""
    if data.generator is None:
        return len(data.x[0]) if data.x else 0
    info = GENERATORS.get(data.generator)
    if info is None:
        return 0
    if data.generator == "linear-regression":
        return int(data.params.get("n_cols", info.defaults.get("n_cols", info.n_inputs)))
    return info.n_inputs


def allowed_features(data: DataSpec) -> list[str]:
    """The input features the data set can feed, in menu order."""
    n_raw = raw_inputs(data)
    if n_raw == 2:
        return list(FEATURES)
    if n_raw == 1:
        return [f for f in FEATURES if "x2" not in f]
    return [f"x{i + 1}" for i in range(n_raw)]


def next_id(net: Network, role: str) -> str:
    """The first free id of the form h1, h2, … (hidden) or o1, o2, … (output)."""
    prefix = ROLE_PREFIX[role]
    taken = set(net.ids())
    k = 1
    while f"{prefix}{k}" in taken:
        k += 1
    return f"{prefix}{k}"


def input_id(net: Network, feature: str) -> str:
    """An id for an input neuron reading `feature` (x1, x1_sq, sin_x1, …)."""
    return free_id(FEATURE_IDS.get(feature, feature), set(net.ids()))


def input_index(net: Network, feature: str, allowed: list[str]) -> int:
    """Where a new input neuron goes in the neuron list: among the inputs, in feature order."""
    rank = {f: i for i, f in enumerate(allowed)}
    mine = rank.get(feature, len(rank))
    index = 0
    for i, n in enumerate(net.neurons):
        if n.role == "input" and rank.get(n.feature or n.id, len(rank)) <= mine:
            index = i + 1
    return index


def free_spot(net: Network, x: float, y: float) -> tuple[float, float]:
    """(x, y), moved down a row at a time until no neuron sits there."""
    for _ in range(len(net.neurons) + 1):
        if all(math.hypot(n.position[0] - x, n.position[1] - y) >= CLEARANCE
               for n in net.neurons):
            break
        y += GRID_Y
    return (x, y)


def visible_spot(net: Network, x: float, y: float,
                 bounds: tuple[float, float, float, float]) -> tuple[float, float] | None:
    """The free spot nearest (x, y) inside bounds (left, top, right, bottom), searched on
    rings of the clearance around it; None when every spot inside is taken."""
    left, top, right, bottom = bounds
    step = CLEARANCE
    rings = int(max(right - left, bottom - top) / step) + 1
    for ring in range(rings + 1):
        spots = [(x + i * step, y + j * step) for i in range(-ring, ring + 1)
                 for j in range(-ring, ring + 1) if max(abs(i), abs(j)) == ring]
        spots.sort(key=lambda p: math.hypot(p[0] - x, p[1] - y))
        for sx, sy in spots:
            if left <= sx <= right and top <= sy <= bottom and all(
                    math.hypot(n.position[0] - sx, n.position[1] - sy) >= CLEARANCE
                    for n in net.neurons):
                return snap(sx, sy)
    return None


def column_spot(net: Network, role: str) -> tuple[float, float]:
    """Where a new input (left column) or output (right column) neuron goes."""
    if not net.neurons:
        return (0.0, 0.0) if role == "input" else (2 * GRID_X, 0.0)
    same = [n.position for n in net.neurons if n.role == role]
    xs = [n.position[0] for n in net.neurons]
    if same:
        x = min(p[0] for p in same) if role == "input" else max(p[0] for p in same)
        y = max(p[1] for p in same) + GRID_Y
    else:
        x = min(xs) - GRID_X if role == "input" else max(xs) + GRID_X
        y = sum(n.position[1] for n in net.neurons) / len(net.neurons)
    return free_spot(net, x, y)


def default_activation(net: Network, role: str) -> str:
    """The activation a new neuron of `role` gets: that of its first peer, else a sensible one."""
    for n in net.neurons:
        if n.role == role:
            return n.activation
    return "tanh" if role == "hidden" else "linear"


def quick_build(doc: Document, spec: str, init: str = "glorot_uniform",
                seed: int = 0) -> Network:
    """A fully connected network from a layer string such as "2-4-4-1" for `doc`'s data.

    The inputs read the features the network reads now (then others the data
    allow); hidden and output neurons keep the activations they have now.
    NetworkError says why the string cannot be built for this data.
    """
    sizes = parse_layers(spec)
    allowed = allowed_features(doc.data)
    current = [f for f in input_features(doc.network) if f in allowed]
    features = current + [f for f in allowed if f not in current]
    if sizes[0] > len(features):
        raise NetworkError(f"the data allow {len(features)} input feature(s) "
                           f"({', '.join(features)}), but {spec!r} asks for {sizes[0]} inputs")
    if raw_inputs(doc.data) > 2 and sizes[0] != len(features):
        raise NetworkError(f"the data have {len(features)} columns: the first layer of "
                           f"{spec!r} must have {len(features)} inputs")
    net = layered(spec, default_activation(doc.network, "hidden"),
                  default_activation(doc.network, "output"), features[:sizes[0]], init, seed)
    renames = {}
    taken: set[str] = set()
    for n in net.neurons:
        if n.role == "input":
            new = free_id(FEATURE_IDS.get(n.feature or n.id, n.feature or n.id), taken)
            renames[n.id] = new
            n.feature = None if n.feature == new else n.feature
            n.id = new
        taken.add(n.id)
    for c in net.connections:
        c.src = renames.get(c.src, c.src)
    return net


def laid_out(net: Network) -> dict[str, tuple[float, float]]:
    """Every neuron's position after auto-layout by topological level."""
    placed = net.copy()
    auto_layout(placed, GRID_X, GRID_Y)
    return {n.id: n.position for n in placed.neurons}


def make_input(net: Network, feature: str, position: tuple[float, float]) -> Neuron:
    nid = input_id(net, feature)
    return Neuron(nid, "input", "linear", None, position, None if feature == nid else feature)
