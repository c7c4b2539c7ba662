"""A document trained on imported data: its inputs and outputs follow the columns (no Qt)."""

from __future__ import annotations

import re

from playground.engine.losses import LossSpec
from playground.engine.network import Network, layered, topological_levels
from playground.io.csv_import import ImportedData
from playground.io.document import Document
from playground.workspace.document_edits import free_id

DEFAULT_HIDDEN = (8,)
REGRESSION_LOSSES = ("half_squared", "squared")


def network_fits(doc: Document, data: ImportedData) -> bool:
    """Whether `doc`'s network already reads these inputs in order and makes these outputs
    (then importing keeps it; otherwise the network is rebuilt and the user is asked)."""
    features = [n.feature or n.id for n in doc.network.neurons if n.role == "input"]
    return (features == [f"x{k + 1}" for k in range(data.x.shape[1])]
            and len(doc.network.ids("output")) == data.n_outputs)


def loss_for(doc: Document, data: ImportedData) -> LossSpec:
    """Softmax cross-entropy for several classes, binary cross-entropy on a logit for two,
    the document's squared error (or ½ squared error) for a regression."""
    old = doc.training.loss
    if data.kind == "classification":
        kind = "softmax_ce" if data.n_outputs > 1 else "bce_logits"
    else:
        kind = old.kind if old.kind in REGRESSION_LOSSES else "half_squared"
    return LossSpec(kind, old.reduction, old.regularizer, old.rate)


def hidden_layers(net: Network) -> tuple[int, ...]:
    """Hidden neurons per level of `net`, the shape a rebuilt network keeps."""
    levels = topological_levels(net)
    counts: dict[int, int] = {}
    for n in net.neurons:
        if n.role == "hidden":
            counts[levels[n.id]] = counts.get(levels[n.id], 0) + 1
    return tuple(counts[k] for k in sorted(counts)) or DEFAULT_HIDDEN


def network_for(doc: Document, data: ImportedData) -> Network:
    """A layered network with the document's hidden layers and activation, one input per
    input column and one output per class (or target column), named after them."""
    sizes = (data.x.shape[1], *hidden_layers(doc.network), data.n_outputs)
    hidden_act = next((n.activation for n in doc.network.neurons if n.role == "hidden"), "tanh")
    net = layered("-".join(str(s) for s in sizes), hidden_act, "linear",
                  seed=doc.training.seed)
    out_names = data.classes if data.kind == "classification" and data.n_outputs > 1 \
        else data.target_names
    renames: dict[str, str] = {}
    taken = {n.id for n in net.neurons if n.role == "hidden"}
    inputs = [n for n in net.neurons if n.role == "input"]
    outputs = [n for n in net.neurons if n.role == "output"]
    for k, n in enumerate(inputs):
        raw = f"x{k + 1}"
        nid = _neuron_id(data.input_names[k], raw, taken)
        renames[n.id], n.id, n.feature = nid, nid, None if nid == raw else raw
        taken.add(nid)
    for k, n in enumerate(outputs):
        nid = _neuron_id(out_names[k] if k < len(out_names) else "", f"o{k + 1}", taken)
        renames[n.id], n.id = nid, nid
        taken.add(nid)
    for c in net.connections:
        c.src, c.dst = renames.get(c.src, c.src), renames.get(c.dst, c.dst)
    return net


def _neuron_id(name: str, fallback: str, taken: set[str]) -> str:
    """`name` as a file-format id (letters, digits, _ . -), else `fallback`, made unique."""
    nid = re.sub(r"[^A-Za-z0-9_.-]+", "_", name.strip()).lstrip(".-")[:60]
    # A column called x2 read as the first input would say the wrong column: keep xk then.
    if not nid or (re.fullmatch(r"x\d+", nid) and nid != fallback):
        nid = fallback
    return free_id(nid, taken)


def with_data(doc: Document, data: ImportedData, train_fraction: float = 0.8,
              seed: int = 0) -> Document:
    """`doc` training on the imported points: the network kept when it fits, else rebuilt;
    the loss fitted to the kind; the run and the landscape's axes start afresh."""
    new = doc.copy()
    new.data = data.spec(train_fraction, seed)
    if not network_fits(doc, data):
        new.network = network_for(doc, data)
    new.training.loss = loss_for(doc, data)
    new.view.axes = None
    new.view.range = None
    new.run = None
    return new
