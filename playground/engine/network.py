"""The network a user draws: neurons, connections, and the checks that keep it a DAG."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from playground.engine import activations
from playground.engine.parameters import ParameterNameError, ParameterRef, bias_name, weight_name

ROLES = ("input", "hidden", "output")
INITIALIZERS = ("glorot_uniform", "he", "uniform", "zeros")


class NetworkError(ValueError):
    """A network that cannot be built; `where` names the offending place, if known."""

    def __init__(self, message: str, where: str = ""):
        super().__init__(f"{where}: {message}" if where else message)
        self.message = message
        self.where = where


@dataclass
class Neuron:
    """One neuron. `bias` None means the neuron has no bias parameter."""

    id: str
    role: str = "hidden"
    activation: str = "linear"
    bias: float | None = 0.0
    position: tuple[float, float] = (0.0, 0.0)
    feature: str | None = None  # input neurons: which input feature feeds them


@dataclass
class Connection:
    """A weighted edge from neuron `src` to neuron `dst`."""

    src: str
    dst: str
    weight: float = 0.0

    @property
    def parameter(self) -> str:
        return weight_name(self.src, self.dst)


@dataclass
class Network:
    """Any DAG of neurons: inputs, hidden neurons and outputs."""

    neurons: list[Neuron] = field(default_factory=list)
    connections: list[Connection] = field(default_factory=list)

    def copy(self) -> Network:
        """An independent copy (field by field: deepcopy is ~10x slower on big networks)."""
        return Network(
            [dataclasses.replace(n) for n in self.neurons],
            [Connection(c.src, c.dst, c.weight) for c in self.connections],
        )

    def neuron(self, nid: str) -> Neuron:
        for n in self.neurons:
            if n.id == nid:
                return n
        raise KeyError(nid)

    def connection(self, src: str, dst: str) -> Connection:
        for c in self.connections:
            if c.src == src and c.dst == dst:
                return c
        raise KeyError((src, dst))

    def ids(self, role: str | None = None) -> list[str]:
        """Neuron ids in file order, optionally of one role."""
        return [n.id for n in self.neurons if role is None or n.role == role]

    # ------------------------------------------------------------------ parameters by name
    def parameter_values(self) -> dict[str, float]:
        """Every parameter by its stable name."""
        values = {c.parameter: c.weight for c in self.connections}
        values.update({bias_name(n.id): n.bias for n in self.neurons if n.bias is not None})
        return values

    def set_parameters(self, values: dict[str, float]) -> None:
        """Set many parameters by name at once (one pass over neurons and connections)."""
        left = dict(values)
        for c in self.connections:
            v = left.pop(c.parameter, None)
            if v is not None:
                c.weight = float(v)
        for n in self.neurons:
            v = left.pop(bias_name(n.id), None)
            if v is not None and n.bias is not None:
                n.bias = float(v)
            elif v is not None:
                left[bias_name(n.id)] = v
        if left:
            raise NetworkError(f"no parameter {next(iter(left))!r}")

    def set_parameter(self, name: str, value: float) -> None:
        """Set one parameter by name (`w:SRC->DST` or `b:ID`)."""
        try:
            ref = ParameterRef.parse(name, self.ids())
            if ref.is_weight:
                self.connection(ref.src, ref.dst).weight = float(value)
                return
            n = self.neuron(ref.src)
            if n.bias is not None:
                n.bias = float(value)
                return
        except (KeyError, ParameterNameError):
            pass
        raise NetworkError(f"no parameter {name!r}")

    # ------------------------------------------------------------------ structure
    def validate(self) -> None:
        """Raise NetworkError naming the neurons at fault unless this is a valid DAG."""
        seen: set[str] = set()
        for i, n in enumerate(self.neurons):
            where = f"neurons[{i}]"
            if not isinstance(n.id, str) or not n.id:
                raise NetworkError("a neuron id must be a non-empty string", where)
            if n.id in seen:
                raise NetworkError(f'duplicate neuron id "{n.id}"', f"{where}.id")
            seen.add(n.id)
            if n.role not in ROLES:
                raise NetworkError(
                    f'neuron "{n.id}" has role {n.role!r}; use input, hidden or output',
                    f"{where}.role")
            if n.activation not in activations.ACTIVATIONS:
                raise NetworkError(
                    f'neuron "{n.id}": unknown activation {n.activation!r}; choose one of '
                    f"{', '.join(activations.ACTIVATIONS)}", f"{where}.activation")
            if n.bias is not None and not math.isfinite(n.bias):
                raise NetworkError(f'neuron "{n.id}": bias must be finite', f"{where}.bias")
        roles = {n.id: n.role for n in self.neurons}
        if not any(r == "input" for r in roles.values()):
            raise NetworkError("the network has no input neuron")
        if not any(r == "output" for r in roles.values()):
            raise NetworkError("the network has no output neuron")
        pairs: set[tuple[str, str]] = set()
        for i, c in enumerate(self.connections):
            where = f"connections[{i}]"
            for end, nid in (("from", c.src), ("to", c.dst)):
                if nid not in roles:
                    raise NetworkError(f'no neuron "{nid}"', f"{where}.{end}")
            check_edge(roles, pairs, c.src, c.dst, where)
            if not math.isfinite(c.weight):
                raise NetworkError(f"weight of {c.src}->{c.dst} must be finite",
                                   f"{where}.weight")
            pairs.add((c.src, c.dst))
        cycle = find_cycle(self.ids(), pairs)
        if cycle:
            raise NetworkError("connections form a cycle: " + " -> ".join(cycle))

    def would_accept(self, src: str, dst: str) -> str | None:
        """Why the connection src -> dst would be refused, or None if it is fine."""
        roles = {n.id: n.role for n in self.neurons}
        pairs = {(c.src, c.dst) for c in self.connections}
        try:
            for nid in (src, dst):
                if nid not in roles:
                    raise NetworkError(f'no neuron "{nid}"')
            check_edge(roles, pairs, src, dst, "")
        except NetworkError as e:
            return e.message
        cycle = find_cycle(self.ids(), pairs | {(src, dst)})
        if cycle:
            return "it would make a cycle: " + " -> ".join(cycle)
        return None


def check_edge(roles: dict[str, str], pairs: set[tuple[str, str]], src: str, dst: str,
               where: str) -> None:
    """Refuse self-loops, edges into inputs, out of outputs, and duplicates."""
    if src == dst:
        raise NetworkError(f'neuron "{src}" cannot connect to itself', where)
    if roles[dst] == "input":
        raise NetworkError(f'connection {src}->{dst} enters input neuron "{dst}"', where)
    if roles[src] == "output":
        raise NetworkError(f'connection {src}->{dst} leaves output neuron "{src}"', where)
    if (src, dst) in pairs:
        raise NetworkError(f"duplicate connection {src}->{dst}", where)


def find_cycle(ids: Iterable[str], edges: Iterable[tuple[str, str]]) -> list[str] | None:
    """A cycle as a closed list of ids (first == last), or None for a DAG."""
    succ: dict[str, list[str]] = {i: [] for i in ids}
    for s, d in edges:
        succ.setdefault(s, []).append(d)
        succ.setdefault(d, [])
    state: dict[str, int] = {}  # 1 on the current path, 2 finished
    for root in succ:
        if root in state:
            continue
        path = [root]
        its = [iter(succ[root])]
        state[root] = 1
        while its:
            nxt = next(its[-1], None)
            if nxt is None:
                state[path.pop()] = 2
                its.pop()
            elif state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            elif nxt not in state:
                state[nxt] = 1
                path.append(nxt)
                its.append(iter(succ[nxt]))
    return None


def topological_levels(net: Network) -> dict[str, int]:
    """Level of each neuron: 0 for inputs, else 1 + the highest level feeding it."""
    preds: dict[str, list[str]] = {n.id: [] for n in net.neurons}
    for c in net.connections:
        preds[c.dst].append(c.src)
    cycle = find_cycle(preds, ((s, d) for d, ss in preds.items() for s in ss))
    if cycle:
        raise NetworkError("connections form a cycle: " + " -> ".join(cycle))
    level: dict[str, int] = {}
    roles = {n.id: n.role for n in net.neurons}
    for root in preds:
        stack = [root]
        while stack:  # iterative: a long chain must not hit the recursion limit
            top = stack[-1]
            if top in level:
                stack.pop()
                continue
            missing = [p for p in preds[top] if p not in level]
            if missing:
                stack.extend(missing)
                continue
            level[top] = 0 if roles[top] == "input" and not preds[top] else (
                1 + max((level[p] for p in preds[top]), default=0))
            stack.pop()
    return level


# ---------------------------------------------------------------------- building networks

def parse_layers(spec: str) -> list[int]:
    """Parse a layer string such as "2-4-4-1" into layer sizes."""
    parts = spec.replace(" ", "").split("-")
    try:
        sizes = [int(p) for p in parts]
    except ValueError:
        raise NetworkError(
            f"layer string {spec!r} must be whole numbers joined by '-', like 2-4-4-1"
        ) from None
    if len(sizes) < 2 or any(s < 1 for s in sizes):
        raise NetworkError(
            f"layer string {spec!r} needs at least an input and an output layer, "
            "each with one neuron or more")
    if sum(sizes) > 2000:
        raise NetworkError(f"layer string {spec!r} has more than 2000 neurons")
    return sizes


def layered(spec: str, activation: str = "tanh", output_activation: str = "linear",
            features: list[str] | None = None, init: str = "glorot_uniform",
            seed: int = 0) -> Network:
    """A fully connected layered network from a layer string such as "2-4-4-1"."""
    sizes = parse_layers(spec)
    net = Network()
    layers: list[list[str]] = []
    for li, size in enumerate(sizes):
        last = li == len(sizes) - 1
        ids = []
        for k in range(size):
            if li == 0:
                nid = f"x{k + 1}"
                feat = features[k] if features and k < len(features) else nid
                net.neurons.append(Neuron(nid, "input", "linear", None, (0.0, 0.0), feat))
            else:
                nid = f"o{k + 1}" if last else f"h{li}_{k + 1}"
                net.neurons.append(Neuron(nid, "output" if last else "hidden",
                                          output_activation if last else activation, 0.0))
            ids.append(nid)
        layers.append(ids)
    for prev, cur in zip(layers, layers[1:]):
        net.connections += [Connection(s, d, 0.0) for d in cur for s in prev]
    auto_layout(net)
    initialize(net, init, seed)
    return net


ROOMY_COLUMN = 8  # columns up to this many neurons keep the full spacing
ASPECT = 1.35  # a tall layout is widened to about this width : height, like its panel


def auto_layout(net: Network, dx: float = 160.0, dy: float = 80.0) -> None:
    """Place neurons in columns by topological level, centred vertically.

    Tall columns pack closer (down to 0.7 dy) and spread the columns wider, so a
    big network keeps the proportions of the panel it is drawn in and its lines
    fan out instead of running together.
    """
    levels = topological_levels(net)
    outputs_level = max(levels.values(), default=0)
    columns: dict[int, list[Neuron]] = {}
    for n in net.neurons:
        lv = outputs_level if n.role == "output" else levels[n.id]
        columns.setdefault(lv, []).append(n)
    tallest = max((len(c) for c in columns.values()), default=1)
    if tallest > ROOMY_COLUMN:
        dy *= max(0.7, 1.0 - 0.0375 * (tallest - ROOMY_COLUMN))
        gaps = max(outputs_level, 1)
        dx = max(dx, ASPECT * dy * (tallest - 1) / gaps)
    for lv, col in columns.items():
        for k, n in enumerate(col):
            n.position = (lv * dx, (k - (len(col) - 1) / 2) * dy)


def initialize(net: Network, scheme: str = "glorot_uniform", seed: int = 0) -> None:
    """Draw every weight from `scheme` (seeded); biases start at zero."""
    if scheme not in INITIALIZERS:
        raise NetworkError(f"unknown initializer {scheme!r}; choose one of "
                           f"{', '.join(INITIALIZERS)}")
    rng = np.random.default_rng(seed)
    fan_in = {n.id: 0 for n in net.neurons}
    fan_out = {n.id: 0 for n in net.neurons}
    for c in net.connections:
        fan_in[c.dst] += 1
        fan_out[c.src] += 1
    for c in net.connections:
        c.weight = initial_weight(scheme, fan_in[c.dst], fan_out[c.src], rng)
    for n in net.neurons:
        if n.bias is not None:
            n.bias = 0.0


def initial_weight(scheme: str, fan_in: int, fan_out: int, rng: np.random.Generator) -> float:
    """One weight drawn from an initialiser, given the fans of its connection."""
    fan_in, fan_out = max(fan_in, 1), max(fan_out, 1)
    if scheme == "glorot_uniform":
        limit = math.sqrt(6.0 / (fan_in + fan_out))
        return float(rng.uniform(-limit, limit))
    if scheme == "he":
        return float(rng.normal(0.0, math.sqrt(2.0 / fan_in)))
    if scheme == "uniform":
        return float(rng.uniform(-0.5, 0.5))
    return 0.0
