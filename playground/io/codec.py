"""Document <-> the JSON tree of a network file, with the checks a schema cannot make.

`document_from_tree` expects a tree that passed `schema.check_structure`; it
checks meaning (ids, cycles, data against the network, parameter names) and
raises FileFormatError naming the place.
"""

from __future__ import annotations

import math
import re
from typing import Any

import numpy as np

from playground.engine.datasets import FEATURES, GENERATORS, DataError, generated_shape
from playground.engine.expression import ExpressionError
from playground.engine.function import FunctionModel
from playground.engine.function_data import TYPED
from playground.engine.losses import LossSpec
from playground.engine.network import Connection, Network, NetworkError, Neuron, auto_layout
from playground.engine.optimizers import OPTIMIZERS, make_optimizer
from playground.engine.parameters import ParameterNameError, ParameterRef
from playground.engine.schedules import Schedule, ScheduleError
from playground.engine.training import NEWEST_SHUFFLE, TrainingConfig
from playground.io import limits
from playground.io.document import DataSpec, DataViewSettings, Document, RunState, ViewSettings
from playground.io.schema import FORMAT, FileFormatError, migrate, place, version_needed

# ============================================================================ reading


def document_from_tree(tree: dict) -> Document:
    """The document a structurally valid tree describes; FileFormatError if it makes no sense."""
    tree = migrate(tree)
    function = "function" in tree
    network = function_from_tree(tree["function"]) if function else network_from_tree(tree)
    training = training_from_tree(tree["training"], migrate_shuffle(tree))
    doc = Document(
        network=network,
        data=DataSpec() if function else data_from_tree(tree["data"], network),
        training=training,
        view=view_from_tree(tree.get("view", {}), network),
        data_view=DataViewSettings(**tree.get("data_view", {})),
        name=tree.get("name", "untitled"),
        title=tree.get("title", ""),
        description=tree.get("description", ""),
        run=run_from_tree(tree.get("run"), network, training),
    )
    if not function:
        check_work(doc)
        check_trainable(doc)
    return doc


def function_from_tree(f: dict) -> FunctionModel:
    """The function's lines and variables, parsed with the expression whitelist."""
    names = [v["name"] for v in f["variables"]]
    for i, name in enumerate(names):
        if name in names[:i]:
            raise FileFormatError(f"function.variables[{i}].name",
                                  f'"{name}" is already a variable')
    model = FunctionModel(list(f["lines"]), {v["name"]: float(v["value"])
                                             for v in f["variables"]})
    if len(model.lines) != len(f["lines"]):
        raise FileFormatError("function.lines", "has an empty line")
    try:
        model.validate()
    except ExpressionError as e:
        where = f"function.lines[{e.line - 1}]" if e.line else "function"
        raise FileFormatError(where, e.message + (f" (column {e.column})" if e.column else "")) \
            from None
    for i, point in enumerate(f.get("minima", [])):
        if len(point) != len(names):
            raise FileFormatError(f"function.minima[{i}]", f"has {len(point)} values for "
                                                           f"{len(names)} variable(s)")
    model.minima = [tuple(float(v) for v in point) for point in f.get("minima", [])]
    return model


def check_work(doc: Document) -> None:
    """Refuse a network and data whose every full-batch step would take seconds."""
    try:
        problem = doc.size_problem()
    except DataError as e:
        raise FileFormatError("data", str(e)) from None
    if problem:
        raise FileFormatError("data", problem)


def network_from_tree(tree: dict) -> Network:
    """Neurons and connections, validated as a DAG; missing positions laid out."""
    net = Network()
    seen: dict[str, int] = {}
    unplaced: set[str] = set()
    for i, item in enumerate(tree["neurons"]):
        nid, role = item["id"], item["role"]
        if nid in seen:
            raise FileFormatError(f"neurons[{i}].id",
                                  f'duplicate id "{nid}" (also neurons[{seen[nid]}])')
        seen[nid] = i
        position = tuple(float(v) for v in item.get("position", (0.0, 0.0)))
        if "position" not in item:
            unplaced.add(nid)
        if role == "input":
            if item.get("bias") is not None:
                raise FileFormatError(f"neurons[{i}].bias",
                                      "an input neuron has no bias: write null or leave it out")
            if item.get("activation", "linear") != "linear":
                raise FileFormatError(f"neurons[{i}].activation",
                                      "an input neuron passes its feature on unchanged: "
                                      "write linear or leave it out")
            net.neurons.append(Neuron(nid, role, "linear", None, position, item.get("feature")))
        else:
            if "feature" in item:
                raise FileFormatError(f"neurons[{i}].feature",
                                      "only input neurons read a feature")
            bias = item["bias"]
            net.neurons.append(Neuron(nid, role, item["activation"],
                                      None if bias is None else float(bias), position))
    net.connections = [Connection(c["from"], c["to"], float(c["weight"]))
                       for c in tree["connections"]]
    try:
        net.validate()
    except NetworkError as e:
        if e.where:
            raise FileFormatError(e.where, e.message) from None
        if "cycle" in e.message:
            raise FileFormatError("connections", e.message.removeprefix("connections ")) from None
        raise FileFormatError("neurons", e.message) from None
    if unplaced:
        placed = net.copy()
        auto_layout(placed)
        for n, p in zip(net.neurons, placed.neurons):
            if n.id in unplaced:
                n.position = p.position
    return net


def data_from_tree(d: dict, net: Network) -> DataSpec:
    """The data spec, checked against the network's inputs and outputs."""
    generator = d["generator"]
    if generator is None:
        for key in ("params", "n_points", "noise", "expression"):
            if key in d:
                raise FileFormatError(f"data.{key}", "only generated data has it; inline data "
                                                     "(generator null) has x and y")
        for key in ("x", "y"):
            if key not in d:
                raise FileFormatError(f"data.{key}",
                                      "is missing: inline data (generator null) needs x and y")
        x, y = d["x"], d["y"]
        if len(x) != len(y):
            raise FileFormatError("data.y", f"has {len(y)} rows but data.x has {len(x)}")
        test_rows = d.get("test_rows")
        if test_rows and test_rows[-1] >= len(x):
            raise FileFormatError(f"data.test_rows[{len(test_rows) - 1}]",
                                  f"row {test_rows[-1]} is not one of the {len(x):,} points")
        if test_rows is not None and x and len(test_rows) >= len(x):
            raise FileFormatError("data.test_rows", "holds out every point: at least one "
                                                    "must train")
        spec = DataSpec(None, {}, None, None, _opt_float(d.get("train_fraction")),
                        d.get("seed", 0), x=float_rows(x), y=float_rows(y), kind=d.get("kind"),
                        classes=d.get("classes"),
                        test_rows=None if test_rows is None else list(test_rows))
        if not x:
            return spec  # no points yet: drawing the first one gives the shapes
        n_in, n_out, source = len(x[0]), len(y[0]), "data.y"
        what = "the inline points have"
    else:
        for key in ("x", "y", "kind", "classes", "test_rows"):
            if key in d:
                raise FileFormatError(f"data.{key}", 'only inline data has it: set "generator" '
                                                     "to null to give the points inline")
        typed = TYPED.get(generator)
        if typed is not None:
            if "params" in d:
                raise FileFormatError("data.params", f'"{generator}" has no parameters')
            if "expression" not in d:
                raise FileFormatError("data.expression", f'is missing: "{generator}" needs '
                                      f"the function, e.g. {typed.example}")
        elif "expression" in d:
            raise FileFormatError("data.expression", 'only the typed data sets ("curve", '
                                                     '"boundary") have it')
        params = dict(d.get("params", {}))
        if generator == "linear-regression":
            _columns(params)  # before anything is sized by n_cols
        n_in, n_out = (typed.n_inputs, 1) if typed else generated_shape(generator, params)
        source = "data.generator"
        what = f'"{generator}" makes'
        spec = DataSpec(generator, params, d.get("n_points"), _opt_float(d.get("noise")),
                        _opt_float(d.get("train_fraction")), d.get("seed", 0),
                        expression=d.get("expression"))
    outputs = net.ids("output")
    if n_out != len(outputs):
        raise FileFormatError(source, f"{what} {n_out} target value(s) per point but the "
                                      f"network has {len(outputs)} output neuron(s)")
    check_features(net, n_in)
    return spec


def _columns(params: dict) -> int:
    """The input columns of "linear-regression", checked before anything is sized by it."""
    value = params.get("n_cols", GENERATORS["linear-regression"].defaults["n_cols"])
    most = limits.GENERATOR_COLUMNS.value
    if isinstance(value, bool) or not isinstance(value, int | float) or \
            not float(value).is_integer() or not 1 <= value <= most:
        raise FileFormatError("data.params.n_cols", f"must be a whole number from 1 to "
                                                    f"{most:,} (the {limits.GENERATOR_COLUMNS.name}"
                                                    f" limit), not {value!r}")
    return int(value)


def _names(raw: list[str]) -> str:
    """Column names for a message: all of a few, the ends of many."""
    return ", ".join(raw) if len(raw) <= 4 else f"{raw[0]}, {raw[1]}, …, {raw[-1]}"


def check_features(net: Network, n_raw: int) -> None:
    """The input neurons read the data's columns in order, or features of 1 or 2 raw inputs."""
    inputs = [(i, n) for i, n in enumerate(net.neurons) if n.role == "input"]
    if n_raw > 2 and len(inputs) != n_raw:
        raise FileFormatError("neurons", f"the data have {n_raw:,} input columns but the "
                                         f"network has {len(inputs):,} input neurons: one "
                                         "input neuron per column, in order")
    raw = [f"x{i + 1}" for i in range(n_raw)]
    features = [n.feature or n.id for _, n in inputs]
    if features == raw:
        return
    seen: set[str] = set()
    for i, n in inputs:
        f = n.feature or n.id
        where = f"neurons[{i}].feature" if n.feature else f"neurons[{i}].id"
        if f in seen:
            raise FileFormatError(where, f'feature "{f}" is read by two input neurons')
        seen.add(f)
        if n_raw > 2 or f not in FEATURES:
            raise FileFormatError(where, f'input neuron "{n.id}" reads "{f}", but the data '
                                         f"have columns {_names(raw)}: read exactly these "
                                         "in order" + ("" if n_raw > 2 else
                                                       f", or features {', '.join(FEATURES)}"))
        if n_raw == 1 and "x2" in f:
            raise FileFormatError(where, f'feature "{f}" needs input x2, but the data have '
                                         "only x1")


def migrate_shuffle(tree: dict) -> str:
    """The shuffle of a file that names none. A run saved with steps made resumes only
    with the shuffle its version drew: a generator per epoch in version 1, blocks in 2
    and 3. Anything else starts on the newest, splitmix."""
    version = tree.get("version")
    if isinstance(tree.get("run"), dict) and tree["run"].get("step", 0) and version < 4:
        return "epoch" if version == 1 else "blocks"
    return NEWEST_SHUFFLE


def training_from_tree(t: dict, shuffle: str = NEWEST_SHUFFLE) -> TrainingConfig:
    """Loss, optimizer and hyper-parameters, batch size, seed and shuffle."""
    loss = LossSpec(t["loss"], t.get("reduction", "mean"), t.get("regularizer", "none"),
                    float(t.get("rate", 0.0)))
    name = t["optimizer"]
    hyper = {k: v if isinstance(v, bool) else float(v) for k, v in t.get("hyper", {}).items()}
    defaults = OPTIMIZERS[name].defaults
    for key, value in hyper.items():
        if key not in defaults:
            raise FileFormatError(place(("training", "hyper", key)),
                                  f"{name} has no such hyper-parameter; it has "
                                  f"{', '.join(defaults)}")
        if isinstance(value, bool) != isinstance(defaults[key], bool):
            want = "true or false" if isinstance(defaults[key], bool) else "a number"
            raise FileFormatError(place(("training", "hyper", key)), f"must be {want}")
    try:
        make_optimizer(name, 0, **hyper)
    except ValueError as e:
        key = re.match(r"\w+: (\w+)", str(e))
        path = ("training", "hyper", key[1]) if key and key[1] in hyper else ("training", "hyper")
        raise FileFormatError(place(path), str(e)) from None
    return TrainingConfig(loss, name, hyper, t.get("batch_size"), t.get("seed", 0),
                          t.get("shuffle", shuffle), schedule_from_tree(t.get("schedule")))


def check_parameter_name(name: str, where: str, net: Network | FunctionModel) -> None:
    """FileFormatError at `where` unless `name` reads as `w:SRC->DST` or `b:NEURON` (a
    function's parameters are its variables: their names are checked by the caller)."""
    if isinstance(net, FunctionModel):
        return
    try:
        ParameterRef.parse(name, net.ids())
    except ParameterNameError as e:
        raise FileFormatError(where, str(e)) from None


def schedule_from_tree(s: dict | None) -> Schedule:
    if s is None:
        return Schedule()
    try:
        return Schedule(s["kind"], dict(s.get("params", {})), s.get("warmup", 0))
    except ScheduleError as e:
        raise FileFormatError("training.schedule", str(e)) from None


def view_from_tree(v: dict, net: Network | FunctionModel) -> ViewSettings:
    """The landscape view; its axes must name parameters of the network."""
    axes = v.get("axes")
    if axes is not None:
        params = net.parameter_values()
        for i, name in enumerate(axes):
            check_parameter_name(name, f"view.axes[{i}]", net)
            if name not in params:
                some = ", ".join(list(params)[:4]) or "none"
                raise FileFormatError(f"view.axes[{i}]", f'no parameter "{name}" in this '
                                                         f"network (it has {some}"
                                                         f"{', …' if len(params) > 4 else ''})")
        if axes[0] == axes[1]:
            raise FileFormatError("view.axes[1]", "the two axes must be different parameters")
    bounds = v.get("range")
    if bounds is not None and not (bounds[0] < bounds[1] and bounds[2] < bounds[3]):
        raise FileFormatError("view.range", "must be [x0, x1, y0, y1] with x0 < x1 and y0 < y1")
    if bounds is not None:
        for k, axis in ((0, "x"), (2, "y")):
            problem = limits.span_problem(float(bounds[k]), float(bounds[k + 1]))
            if problem:
                raise FileFormatError("view.range", f"the {axis} range {problem}")
    defaults = ViewSettings()
    return ViewSettings(
        mode=v.get("mode", defaults.mode),
        axes=None if axes is None else (axes[0], axes[1]),
        range=None if bounds is None else tuple(float(b) for b in bounds),
        resolution=v.get("resolution", defaults.resolution),
        log_color=v.get("log_color", defaults.log_color),
        seed=v.get("seed", defaults.seed),
    )


def run_from_tree(r: dict | None, net: Network | FunctionModel, training: TrainingConfig
                  ) -> RunState | None:
    """The run so far: start values, optimizer state and history fitting this network."""
    if r is None:
        return None
    names = list(net.parameter_values())
    known = set(names)  # a set: a list lookup per name made loading a run quadratic
    start = {k: float(v) for k, v in r.get("start", {}).items()}
    for name in start:
        check_parameter_name(name, place(("run", "start", name)), net)
        if name not in known:
            raise FileFormatError(place(("run", "start", name)), "no such parameter")
    if start and len(start) != len(names):
        missing = next(n for n in names if n not in start)
        raise FileFormatError("run.start", f'has no value for parameter "{missing}"')
    state = r.get("optimizer_state", {})
    if state:
        state = {"t": None if state.get("t") is None else int(state["t"]),
                 "buffers": {k: [float(v) for v in b]
                             for k, b in state.get("buffers", {}).items()}}
        optimizer = make_optimizer(training.optimizer, len(names), **training.hyper)
        try:
            optimizer.load_state_dict(state)
        except ValueError as e:
            raise FileFormatError("run.optimizer_state", str(e)) from None
    return RunState(int(r["step"]), state, history_from_tree(r.get("history", {}), len(names)),
                    r.get("diverged"), start)


def history_from_tree(h: dict, n_params: int) -> dict:
    """History lists of matching lengths; null losses (no test set) become NaN."""
    if not h:
        return {}
    out = {"stride": int(h.get("stride", 1)), "steps": [int(s) for s in h.get("steps", [])],
           "train_loss": [_loss(v) for v in h.get("train_loss", [])],
           "test_loss": [_loss(v) for v in h.get("test_loss", [])],
           "path_stride": int(h.get("path_stride", 1)),
           "path_steps": [int(s) for s in h.get("path_steps", [])],
           "path": float_rows(h.get("path", []))}
    for key in ("train_loss", "test_loss"):
        if len(out[key]) != len(out["steps"]):
            raise FileFormatError(f"run.history.{key}", f"has {len(out[key])} values but "
                                                        f"run.history.steps has "
                                                        f"{len(out['steps'])}")
    if len(out["path"]) != len(out["path_steps"]):
        raise FileFormatError("run.history.path", f"has {len(out['path'])} rows but "
                                                  f"run.history.path_steps has "
                                                  f"{len(out['path_steps'])}")
    for i, row in enumerate(out["path"]):
        if len(row) != n_params:
            raise FileFormatError(f"run.history.path[{i}]", f"has {len(row)} values but the "
                                                            f"network has {n_params} parameters")
    return out


def check_trainable(doc: Document) -> None:
    """Build the data once: what only the generator knows (its parameters, labels) shows here."""
    if doc.waits_for_points():
        return
    try:
        doc.data.build()
    except ExpressionError as e:
        raise FileFormatError("data.expression", e.render().splitlines()[0]) from None
    except DataError as e:
        raise FileFormatError("data", str(e)) from None


def float_rows(rows: Any) -> list[list[float]]:
    """A rectangular matrix of numbers as lists of Python floats (fast through numpy)."""
    array = np.asarray(rows, dtype=float)
    if array.size == 0:
        return [[] for _ in range(len(rows))]
    return array.tolist()


def _opt_float(value: Any) -> float | None:
    return None if value is None else float(value)


def _loss(value: float | None) -> float:
    return math.nan if value is None else float(value)


# ============================================================================ writing


def tree_from_document(doc: Document) -> dict:
    """The JSON tree of a document, keys in the order the file shows them."""
    tree: dict[str, Any] = {
        "format": FORMAT,
        "version": 0,  # the lowest version that holds the document, set below
        "name": str(doc.name),
        "title": str(doc.title),
        "description": str(doc.description),
    }
    model = doc.network
    if isinstance(model, FunctionModel):
        tree["function"] = function_tree(model)
    else:
        tree["neurons"] = [neuron_tree(n) for n in model.neurons]
        tree["connections"] = [{"from": c.src, "to": c.dst, "weight": float(c.weight)}
                               for c in model.connections]
        tree["data"] = data_tree(doc.data)
    tree["training"] = training_tree(doc.training)
    tree["view"] = view_tree(doc.view)
    shown = data_view_tree(doc.data_view)
    if shown:  # written only when set: files without it keep their bytes
        tree["data_view"] = shown
    if doc.run is not None:
        tree["run"] = run_tree(doc.run)
    tree["version"] = version_needed(tree)
    return tree


def function_tree(f: FunctionModel) -> dict:
    out: dict[str, Any] = {"lines": list(f.lines),
                           "variables": [{"name": k, "value": float(v)}
                                         for k, v in f.variables.items()]}
    if f.minima:
        out["minima"] = [[float(v) for v in point] for point in f.minima]
    return out


def neuron_tree(n: Neuron) -> dict:
    position = [float(n.position[0]), float(n.position[1])]
    if n.role == "input":
        item: dict[str, Any] = {"id": n.id, "role": n.role}
        if n.feature is not None:
            item["feature"] = n.feature
        item["position"] = position
        return item
    return {"id": n.id, "role": n.role, "activation": n.activation,
            "bias": None if n.bias is None else float(n.bias), "position": position}


def data_tree(d: DataSpec) -> dict:
    if d.generator is None:
        out: dict[str, Any] = {"generator": None}
        if d.kind is not None:
            out["kind"] = d.kind
        if d.classes:
            out["classes"] = [str(c) for c in d.classes]
        out.update({"train_fraction": _opt_float(d.train_fraction), "seed": int(d.seed)})
        if d.test_rows is not None:
            out["test_rows"] = [int(i) for i in d.test_rows]
        out.update({"x": float_rows(d.x or []), "y": float_rows(d.y or [])})
        return out
    out = {"generator": d.generator}
    if d.expression is not None:
        out["expression"] = str(d.expression)
    if d.params:
        out["params"] = {k: _number(v) for k, v in d.params.items()}
    out.update({"n_points": None if d.n_points is None else int(d.n_points),
                "noise": _opt_float(d.noise), "train_fraction": _opt_float(d.train_fraction),
                "seed": int(d.seed)})
    return out


def training_tree(t: TrainingConfig) -> dict:
    out = {"loss": t.loss.kind, "reduction": t.loss.reduction,
           "regularizer": t.loss.regularizer, "rate": float(t.loss.rate),
           "optimizer": t.optimizer, "hyper": {k: _number(v) for k, v in t.hyper.items()},
           "batch_size": None if t.batch_size is None else int(t.batch_size),
           "seed": int(t.seed), "shuffle": t.shuffle}
    if not t.schedule.is_constant:
        out["schedule"] = schedule_tree(t.schedule)
    return out


def schedule_tree(s: Schedule) -> dict:
    out: dict[str, Any] = {"kind": s.kind}
    if s.params:
        out["params"] = {k: _number(v) for k, v in s.params.items()}
    if s.warmup:
        out["warmup"] = int(s.warmup)
    return out


def view_tree(v: ViewSettings) -> dict:
    return {"mode": v.mode, "axes": None if v.axes is None else list(v.axes),
            "range": None if v.range is None else [float(b) for b in v.range],
            "resolution": int(v.resolution), "log_color": bool(v.log_color), "seed": int(v.seed)}


def data_view_tree(v: DataViewSettings) -> dict:
    """The data view's settings that differ from the defaults."""
    default = DataViewSettings()
    return {k: bool(getattr(v, k)) for k in ("discretize", "show_test")
            if getattr(v, k) != getattr(default, k)}


def run_tree(r: RunState) -> dict:
    out: dict[str, Any] = {"step": int(r.step), "diverged": r.diverged,
                           "start": {k: float(v) for k, v in r.start.items()}}
    if r.optimizer_state:
        state = r.optimizer_state
        out["optimizer_state"] = {"t": int(state["t"]),
                                  "buffers": {k: [float(v) for v in b]
                                              for k, b in state["buffers"].items()}}
    if r.history:
        h = r.history
        out["history"] = {
            "stride": int(h.get("stride", 1)), "steps": [int(s) for s in h.get("steps", [])],
            "train_loss": [_finite_or_none(v) for v in h.get("train_loss", [])],
            "test_loss": [_finite_or_none(v) for v in h.get("test_loss", [])],
            "path_stride": int(h.get("path_stride", 1)),
            "path_steps": [int(s) for s in h.get("path_steps", [])],
            "path": float_rows(h.get("path", [])),
        }
    return out


def _number(value: Any) -> int | float | bool:
    """A JSON number (or boolean) from any numeric value, keeping ints and bools as they are."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return int(value)
    kind = getattr(getattr(value, "dtype", None), "kind", "")
    if kind == "b":
        return bool(value)
    if kind in "iu" and kind:
        return int(value)
    return float(value)


def _finite_or_none(value: float) -> float | None:
    value = float(value)
    return value if math.isfinite(value) else None
