"""File > New: a fresh layered network from a layer string, with inputs and data made to fit.

The new network keeps the current data and training settings when they fit.
When the first layer asks for another number of inputs, the inputs become the
data's raw columns (x1, x2), then derived features (x1², …) if more are asked
for; when the data has fewer raw columns than one or two inputs asked for, or
cannot feed the layers at all (inline points with other columns, say), a
generated data set that can takes its place. So `2-2-1` works after any
document, on the raw inputs x1, x2.
"""

from __future__ import annotations

import copy
import dataclasses

from playground.engine.datasets import FEATURES, GENERATORS
from playground.engine.losses import LOSSES, LossSpec
from playground.engine.network import Network, layered, parse_layers
from playground.io.document import DataSpec, Document, ViewSettings
from playground.workspace.document_edits import FEATURE_IDS, input_features

# Data to switch to when the current data cannot feed the new layers: inputs -> generator.
FALLBACK_DATA = {2: "xor", 1: "sine"}


def raw_columns(data: DataSpec) -> int:
    """How many raw input columns `data` has."""
    info = GENERATORS.get(data.generator or "")
    if info is None:
        return len(data.x[0]) if data.x else 0
    if info.name == "linear-regression":
        return int(data.params.get("n_cols", info.defaults.get("n_cols", 2)))
    return info.n_inputs


def output_columns(data: DataSpec) -> int:
    info = GENERATORS.get(data.generator or "")
    if info is None:
        return len(data.y[0]) if data.y else 0
    return info.n_outputs


def max_inputs(n_raw: int) -> int:
    """How many inputs data with `n_raw` columns can feed (derived features included)."""
    if n_raw > 2:
        return n_raw
    return n_raw + sum(1 for f in FEATURES if f not in ("x1", "x2")[:n_raw]
                       and (n_raw == 2 or "x2" not in f))


def features_for(n_inputs: int, current: list[str], n_raw: int) -> list[str] | None:
    """Input features for `n_inputs` inputs from data with `n_raw` columns (None: cannot)."""
    if n_inputs == len(current):
        return current
    raw = [f"x{i + 1}" for i in range(n_raw)]
    if n_raw > 2:  # wide data: only its raw columns
        return raw[:n_inputs] if n_inputs <= n_raw else None
    usable = raw + [f for f in FEATURES if f not in raw and (n_raw == 2 or "x2" not in f)]
    return usable[:n_inputs] if n_inputs <= len(usable) else None


def new_document(layers: str, template: Document) -> Document:
    """A fresh network on `template`'s data and training settings, made to fit.

    `layers` is a layer string such as "2-4-1"; empty wires the inputs straight to
    the outputs. ValueError says what cannot fit.
    """
    if template.is_function:
        # A function has no neurons and no data: the new network gets the default data.
        template = dataclasses.replace(template, network=Network(), data=DataSpec(), run=None)
    current = input_features(template.network)
    data = copy.deepcopy(template.data)
    n_out_data = output_columns(data)
    spec = layers.strip() or f"{len(current)}-{max(n_out_data, 1)}"
    sizes = parse_layers(spec)
    n_in, n_out = sizes[0], sizes[-1]
    features = features_for(n_in, current, raw_columns(data)) if n_out == n_out_data else None
    if n_in != len(current) and raw_columns(data) < n_in <= 2:
        features = None  # raw columns first: data with as many as asked for
    if features is None:
        fallback = FALLBACK_DATA.get(n_in) if n_out == 1 else None
        if fallback is None:
            raise ValueError(_misfit(n_in, n_out, max_inputs(raw_columns(data)), n_out_data))
        data = DataSpec(generator=fallback, seed=data.seed)
        features = [f"x{i + 1}" for i in range(n_in)]
    hidden = [n.activation for n in template.network.neurons if n.role == "hidden"]
    outputs = [n.activation for n in template.network.neurons if n.role == "output"]
    net = layered(spec, hidden[0] if hidden else "tanh", outputs[0] if outputs else "linear",
                  features=features, seed=template.training.seed)
    if features == current:
        _keep_input_ids(net, [n.id for n in template.network.neurons if n.role == "input"])
    else:
        _keep_input_ids(net, [FEATURE_IDS.get(f, f) for f in features])
    view = ViewSettings(resolution=template.view.resolution, log_color=template.view.log_color)
    training = copy.deepcopy(template.training)
    loss = training.loss
    if n_out < LOSSES[loss.kind].min_outputs:
        # Softmax over one output is always 1: one output classifies with a logistic loss.
        training.loss = LossSpec("bce_logits", loss.reduction, loss.regularizer, loss.rate)
    return Document(network=net, data=data, training=training, view=view)


def _misfit(n_in: int, n_out: int, most: int, n_out_data: int) -> str:
    if n_out != n_out_data:
        return (f"the data has {n_out_data} target value(s) per point: end the layers "
                f"with {n_out_data}")
    return (f"the data can feed at most {most} input(s), not {n_in}: start the layers "
            f"with {most} or fewer")


def _keep_input_ids(net: Network, ids: list[str]) -> None:
    """Give the input neurons the ids they had (x1_sq rather than x3 for the feature x1^2)."""
    mapping = dict(zip(net.ids("input"), ids))
    others = {n.id for n in net.neurons if n.role != "input"}
    if others & set(ids) or len(set(ids)) != len(ids):
        return  # a clash: the layered ids are fine too
    for n in net.neurons:
        n.id = mapping.get(n.id, n.id)
    for c in net.connections:
        c.src = mapping.get(c.src, c.src)
