"""Changes the controls make to a document, each returning a new document (no Qt).

Every function copies, so the document a running worker holds is never touched.
"""

from __future__ import annotations

import numpy as np

from playground.engine.datasets import FEATURES, GENERATORS, generated_shape
from playground.engine.losses import LossSpec
from playground.engine.network import Connection, Network, Neuron, initial_weight
from playground.engine.optimizers import OPTIMIZERS
from playground.engine.schedules import Schedule
from playground.io.document import DataSpec, Document

# Input neuron ids for features whose names are not valid ids in the file format.
FEATURE_IDS = {"x1^2": "x1_sq", "x2^2": "x2_sq", "x1*x2": "x1x2",
               "sin(x1)": "sin_x1", "sin(x2)": "sin_x2"}
INPUT_SPACING = 80.0


def set_activation(doc: Document, role: str, activation: str) -> Document:
    """Every neuron of `role` ("hidden" or "output") gets `activation`."""
    new = doc.copy()
    for n in new.network.neurons:
        if n.role == role:
            n.activation = activation
    new.run = None
    return new


def set_loss(doc: Document, kind: str | None = None, reduction: str | None = None,
             regularizer: str | None = None, rate: float | None = None) -> Document:
    """A new loss, reduction or penalty; the unnamed ones stay as they are."""
    new = doc.copy()
    old = new.training.loss
    new.training.loss = LossSpec(kind or old.kind, reduction or old.reduction,
                                 regularizer or old.regularizer,
                                 old.rate if rate is None else float(rate))
    return new


def set_optimizer(doc: Document, name: str) -> Document:
    """Switch optimizer with its default hyper-parameters, keeping the learning rate."""
    new = doc.copy()
    lr = new.training.hyper.get("lr", OPTIMIZERS[name].defaults["lr"])
    new.training.optimizer = name
    new.training.hyper = {**OPTIMIZERS[name].defaults, "lr": lr}
    return new


def set_hyper(doc: Document, key: str, value: float | bool) -> Document:
    new = doc.copy()
    new.training.hyper = {**new.training.hyper, key: value}
    return new


def set_schedule(doc: Document, schedule: Schedule) -> Document:
    """The learning rate follows `schedule` (a multiplier of the base rate per step)."""
    new = doc.copy()
    new.training.schedule = schedule
    return new


def set_batch_size(doc: Document, size: int | None) -> Document:
    """Mini-batches of `size` points; None (or 0) for the whole training set."""
    new = doc.copy()
    new.training.batch_size = int(size) if size else None
    return new


def set_data(doc: Document, generator: str | None = None, noise: float | None = None,
             train_fraction: float | None = None, reseed: bool = False) -> Document:
    """Another data set (with its defaults), noise, train fraction, or fresh points.

    A data set with a different number of inputs changes the network's input
    neurons to match.
    """
    new = doc.copy()
    data = new.data
    if generator is not None and generator != data.generator:
        data = DataSpec(generator=generator, seed=data.seed)
    if noise is not None:
        data.noise = float(noise)
    if train_fraction is not None:
        data.train_fraction = float(train_fraction)
    if reseed:
        data.seed = int(data.seed) + 1
    new.data = data
    new.run = None
    info = GENERATORS.get(data.generator or "")
    n_raw = info.n_inputs if info else len(new.network.ids("input"))
    if generator == "linear-regression":
        n_raw = int(data.params.get("n_cols", info.defaults.get("n_cols", 2)))
    current = input_features(new.network)
    wanted = fitting_features(current, n_raw)
    if wanted != current:
        new.network = with_inputs(new.network, wanted, new.training.seed)
        new.view.axes = None
        new.view.range = None
    if info is not None and generator is not None:
        _fit_outputs(new, *generated_shape(data.generator, data.params)[1:], info.kind)
    return new


CLASS_LOSSES = {"bce_logits", "softmax_ce"}


def _fit_outputs(doc: Document, n_outputs: int, kind: str) -> None:
    """One output per class (or target) and a loss for the kind, changed in place."""
    if len(doc.network.ids("output")) != n_outputs:
        doc.network = with_outputs(doc.network, n_outputs, doc.training.seed)
        doc.view.axes = None
        doc.view.range = None
    old = doc.training.loss
    if kind == "classification" and n_outputs > 1:
        loss = "softmax_ce"
    elif kind == "classification":
        loss = "bce_logits" if old.kind in CLASS_LOSSES else old.kind
    else:
        loss = "half_squared" if old.kind in CLASS_LOSSES else old.kind
    doc.training.loss = LossSpec(loss, old.reduction, old.regularizer, old.rate)


def with_outputs(net: Network, n: int, seed: int = 0) -> Network:
    """A copy of `net` with `n` output neurons: the first ones kept, new ones fed by the
    neurons that feed the first output, with fresh weights."""
    net = net.copy()
    outputs = [nr for nr in net.neurons if nr.role == "output"]
    keep = outputs[:n]
    dropped = {nr.id for nr in outputs[n:]}
    net.neurons = [nr for nr in net.neurons if nr.id not in dropped]
    net.connections = [c for c in net.connections if c.dst not in dropped]
    template = outputs[0] if outputs else None
    sources = [c.src for c in net.connections if template and c.dst == template.id] or \
        [nr.id for nr in net.neurons if nr.role != "output"][-1:]
    taken = {nr.id for nr in net.neurons}
    rng = np.random.default_rng(seed)
    x = template.position[0] if template else 0.0
    for k in range(len(keep), n):
        nid = free_id(f"o{k + 1}", taken)
        taken.add(nid)
        net.neurons.append(Neuron(nid, "output", template.activation if template else "linear",
                                  0.0, (x, 0.0)))
        for src in sources:
            net.connections.append(Connection(src, nid, initial_weight(
                "glorot_uniform", len(sources), n, rng)))
    column = [nr for nr in net.neurons if nr.role == "output"]
    for k, nr in enumerate(column):
        nr.position = (x, (k - (len(column) - 1) / 2) * INPUT_SPACING)
    return net


def set_features(doc: Document, features: list[str]) -> Document:
    """The network reads exactly these input features (in the order of FEATURES)."""
    new = doc.copy()
    ordered = [f for f in FEATURES if f in features]
    if ordered != input_features(new.network):
        new.network = with_inputs(new.network, ordered, new.training.seed)
        new.view.axes = None
        new.view.range = None
        new.run = None
    return new


def input_features(net: Network) -> list[str]:
    """What each input neuron reads, in neuron order."""
    if not isinstance(net, Network):
        return []  # a function reads no data
    return [n.feature or n.id for n in net.neurons if n.role == "input"]


def fitting_features(current: list[str], n_raw: int) -> list[str]:
    """The current features if data with `n_raw` columns can feed them, else the raw columns."""
    raw = [f"x{i + 1}" for i in range(n_raw)]
    if n_raw <= 2:
        usable = [f for f in current if f in FEATURES and (n_raw == 2 or "x2" not in f)]
        if usable and len(usable) == len(current):
            return current
        return usable or raw
    return raw


def with_inputs(net: Network, features: list[str], seed: int = 0) -> Network:
    """A copy of `net` whose input neurons read `features`: kept inputs keep their
    connections; new ones connect to every neuron the inputs fed, with fresh weights."""
    if not features:
        raise ValueError("choose at least one input feature")
    net = net.copy()
    inputs = [n for n in net.neurons if n.role == "input"]
    old_ids = {n.id for n in inputs}
    targets = list(dict.fromkeys(c.dst for c in net.connections if c.src in old_ids))
    if not targets:
        targets = net.ids("hidden")[:1] or net.ids("output")
    by_feature = {n.feature or n.id: n for n in inputs}
    keep = {by_feature[f].id for f in features if f in by_feature}
    net.connections = [c for c in net.connections
                       if c.src not in old_ids or c.src in keep]
    taken = {n.id for n in net.neurons if n.id not in old_ids or n.id in keep}
    x0 = min((n.position[0] for n in inputs), default=0.0)
    rng = np.random.default_rng(seed)
    fan_in = {t: sum(1 for c in net.connections if c.dst == t) + len(features) - len(keep)
              for t in targets}
    new_inputs: list[Neuron] = []
    for k, f in enumerate(features):
        y = (k - (len(features) - 1) / 2) * INPUT_SPACING
        if f in by_feature and by_feature[f].id in keep:
            n = by_feature[f]
            n.position = (x0, y)
            new_inputs.append(n)
            continue
        nid = free_id(FEATURE_IDS.get(f, f), taken)
        taken.add(nid)
        new_inputs.append(Neuron(nid, "input", "linear", None, (x0, y), f))
        for t in targets:
            w = initial_weight("glorot_uniform", fan_in[t], len(targets), rng)
            net.connections.append(Connection(nid, t, w))
    net.neurons = new_inputs + [n for n in net.neurons if n.role != "input"]
    return net


def free_id(base: str, taken: set[str]) -> str:
    """`base`, or `base_2`, `base_3`, … whichever is not taken."""
    if base not in taken:
        return base
    k = 2
    while f"{base}_{k}" in taken:
        k += 1
    return f"{base}_{k}"


def start_at(doc: Document, values: dict[str, float]) -> Document:
    """A fresh run from `values` (parameter or variable name -> value; the others keep the
    document's start values): the point Reset returns to, step 0, no history."""
    new = doc.copy()
    if new.run is not None and new.run.start:
        new.network.set_parameters(dict(new.run.start))
    bad = [name for name, v in values.items() if not np.isfinite(v)]
    if bad:
        raise ValueError(f"the start value of {bad[0]} must be a finite number")
    new.network.set_parameters({name: float(v) for name, v in values.items()})
    new.run = None
    return new
