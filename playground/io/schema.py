"""The network file's structure: version, size limits, JSON Schema, finite numbers.

The checks here need only the parsed JSON. What needs the meaning of the file
(ids that exist, no cycle, data matching the network) is in `codec`.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from functools import cache
from typing import Any

from playground.io import limits
from playground.io.resources import RESOURCES_DIR

FORMAT = "backprop-playground-network"
# 2: training.shuffle (version-1 runs resume with the "epoch" shuffle);
# 3: function models and learning-rate schedules (see `migrate`);
# 4: the "splitmix" shuffle, drawn inside the fast executor's kernel.
VERSION = 4
NETWORK_KEYS = ("neurons", "connections", "data")
SCHEMA_PATH = RESOURCES_DIR / "network.schema.json"

MAX_FILE_BYTES = limits.FILE_BYTES.value
MAX_NEURONS = limits.NEURONS.value
MAX_CONNECTIONS = limits.CONNECTIONS.value
MAX_POINTS = limits.POINTS.value
MAX_INLINE_POINTS = limits.INLINE_POINTS.value

Where = tuple[str | int, ...]

# Number arrays that can be long: checked here with a plain loop instead of one
# jsonschema call per number, which would take seconds on a large file.
HEAVY_MATRICES: tuple[Where, ...] = (("data", "x"), ("data", "y"), ("run", "history", "path"))
HEAVY_LISTS: tuple[Where, ...] = tuple(("run", "history", k) for k in
                                       ("steps", "train_loss", "test_loss", "path_steps"))
TEST_ROWS: Where = ("data", "test_rows")


class FileFormatError(ValueError):
    """A network file that cannot be read; `where` names the place, `problem` what is wrong."""

    def __init__(self, where: str, problem: str):
        super().__init__(f"{where}: {problem}" if where else problem)
        self.where = where
        self.problem = problem


def place(path: Iterable[str | int]) -> str:
    """A JSON path as a reader writes it: `connections[3].to`, `run.start["w:a->b"]`."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        elif re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", part):
            out += f".{part}" if out else part
        else:
            out += f"[{json.dumps(part, ensure_ascii=False)}]"
    return out


def short(value: Any, limit: int = 40) -> str:
    """A JSON value, cut to `limit` characters for an error message."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= limit else text[:limit - 1] + "…"


def json_type(value: Any) -> str:
    """The JSON name of a value's type."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    return "an object"


# ---------------------------------------------------------------------------- top level

def check_structure(tree: Any) -> None:
    """Raise FileFormatError unless `tree` is a structurally valid file of a known version."""
    if not isinstance(tree, dict):
        raise FileFormatError("", f"a network file is a JSON object, not {json_type(tree)}")
    check_format_and_version(tree)
    check_model_kind(tree)
    check_limits(tree)
    check_heavy_arrays(tree)
    light = light_copy(tree)
    check_finite(light, ())
    check_schema(light)
    check_connections(tree.get("connections"))


def check_format_and_version(tree: dict) -> None:
    """Refuse other formats and newer versions before anything else is read."""
    if tree.get("format") != FORMAT:
        got = "missing" if "format" not in tree else short(tree["format"])
        raise FileFormatError("format", f'not a Backprop Playground network file: "format" is '
                                        f'{got}, expected "{FORMAT}"')
    version = tree.get("version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise FileFormatError("version", f"must be a whole number, not {short(version)}")
    if version > VERSION:
        raise FileFormatError("version", f"the file is format version {short(version)}, written "
                                         f"by a newer Backprop Playground; this one reads up "
                                         f"to version {VERSION}: please update the app")
    if version < 1:
        raise FileFormatError("version", f"must be 1 or more, not {version}")


def check_model_kind(tree: dict) -> None:
    """A file holds a network (neurons, connections, data) or a function, not both."""
    if "function" not in tree:
        for key in NETWORK_KEYS:
            if key not in tree:
                raise FileFormatError(key, "is missing")
        return
    if tree["version"] < 3:
        raise FileFormatError("function", "function models need format version 3 or later")
    extra = [k for k in NETWORK_KEYS if k in tree]
    if extra:
        raise FileFormatError(extra[0], "a function file has no neurons, connections or data: "
                                        "it holds either a network or a function")


def migrate(tree: dict) -> dict:
    """The tree of an older version as the current version reads it.

    1 -> 2: a version-1 run keeps its per-epoch shuffle (`codec.migrate_shuffle`, which
    reads the original version number). 2 -> 3 only adds optional things (the "function"
    model, training.schedule), so an older tree is already a valid version-3 tree.
    3 -> 4 only adds the "splitmix" shuffle; a file naming its shuffle keeps it, and one
    naming none gets the shuffle its version drew (`codec.migrate_shuffle`).
    """
    return tree


def version_needed(tree: dict) -> int:
    """The lowest version that holds `tree`: documents of older kinds keep their bytes."""
    training = tree.get("training", {})
    if training.get("shuffle") == "splitmix":  # the shuffle version 4 added
        return 4
    if "function" in tree or "schedule" in training:
        return 3
    return 2


def _get(tree: Any, path: Where) -> Any:
    for key in path:
        if isinstance(tree, dict) and isinstance(key, str):
            tree = tree.get(key)
        else:
            return None
    return tree


def check_limits(tree: dict) -> None:
    """Refuse files too large to open without freezing, before any slow check."""
    def refuse(path: Where, limit: limits.Limit, count: int) -> None:
        problem = limit.problem(count)
        if problem:
            raise FileFormatError(place(path), problem)

    for key, limit in (("neurons", limits.NEURONS), ("connections", limits.CONNECTIONS)):
        items = tree.get(key)
        if isinstance(items, list):
            refuse((key,), limit, len(items))
    for path in (("data", "x"), ("data", "y"), TEST_ROWS):
        rows = _get(tree, path)
        if isinstance(rows, list):
            refuse(path, limits.INLINE_POINTS, len(rows))
    for path in (*HEAVY_LISTS, ("run", "history", "path")):
        items = _get(tree, path)
        if isinstance(items, list):
            refuse(path, limits.HISTORY, len(items))
    path = _get(tree, ("run", "history", "path"))
    if isinstance(path, list) and path and isinstance(path[0], list):
        refuse(("run", "history", "path"), limits.PATH_NUMBERS, len(path) * len(path[0]))
    params = _get(tree, ("data", "params"))
    if isinstance(params, dict):
        # Checked before anything is built from them: n_cols makes one name per column.
        for key, limit in (("n_cols", limits.GENERATOR_COLUMNS), ("n_rows", limits.POINTS)):
            value = params.get(key)
            if isinstance(value, int | float) and not isinstance(value, bool) and \
                    not (isinstance(value, float) and not math.isfinite(value)):
                if value > limit.value:
                    raise FileFormatError(place(("data", "params", key)),
                                          f"{short(value)} is more than the {limit.name} "
                                          f"limit of {limit.value:,}")


# ---------------------------------------------------------------------------- numbers

def number_problem(value: Any) -> str | None:
    """Why `value` is not a finite JSON number, or None if it is one."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return f"must be a number, not {json_type(value)}"
    if isinstance(value, float) and not math.isfinite(value):
        return f"must be a finite number, not {value}"
    if isinstance(value, int) and abs(value) > 1e300:
        return "is too large a number"
    return None


def _check_numbers(items: list, path: Where, nullable: bool = False) -> None:
    for i, v in enumerate(items):
        t = type(v)
        # Exact type tests: fast, and they keep true/false out of number arrays.
        if t is float and math.isfinite(v) or (t is int and abs(v) <= 1e300):
            continue
        if v is None and nullable:
            continue
        raise FileFormatError(place((*path, i)), number_problem(v) or "must be a number")


def _check_steps(items: list, path: Where) -> None:
    """Every entry a whole step count from 0 to the step limit, as the schema says of the
    first ones: a later 2.5 or 1e300 must not pass because only a sample was validated."""
    most = limits.STEPS.value
    for i, v in enumerate(items):
        if type(v) is int and 0 <= v <= most:
            continue
        if isinstance(v, float) and v.is_integer() and 0 <= v <= most:
            continue
        where = place((*path, i))
        if isinstance(v, float) and not v.is_integer():
            raise FileFormatError(where, f"must be a whole number, not {short(v)}")
        raise FileFormatError(where, f"must be a step count from 0 to {most:,}, "
                                     f"not {short(v)}")


def _check_rows(items: list, path: Where) -> None:
    """Every entry a row number of inline data, increasing (each row at most once)."""
    most = limits.INLINE_POINTS.value - 1
    before = -1
    for i, v in enumerate(items):
        if type(v) is not int or not 0 <= v <= most:
            raise FileFormatError(place((*path, i)), f"must be a row number from 0 to "
                                                     f"{most:,}, not {short(v)}")
        if v <= before:
            raise FileFormatError(place((*path, i)), f"row {v} comes after row {before}: "
                                                     "the rows must be increasing")
        before = v


def check_matrix(rows: Any, path: Where) -> None:
    """A non-empty list of equally long non-empty lists of finite numbers."""
    if not isinstance(rows, list):
        raise FileFormatError(place(path), f"must be a list of rows, not {json_type(rows)}")
    width = None
    for i, row in enumerate(rows):
        if not isinstance(row, list):
            raise FileFormatError(place((*path, i)), f"must be a list of numbers, "
                                                     f"not {json_type(row)}")
        if width is None:
            width = len(row)
        elif len(row) != width:
            raise FileFormatError(place((*path, i)), f"has {len(row)} values; the rows before "
                                                     f"have {width}")
        _check_numbers(row, (*path, i))


def check_heavy_arrays(tree: dict) -> None:
    """Check the long number arrays (data, history, optimizer state) with a plain loop."""
    for path in HEAVY_MATRICES:
        rows = _get(tree, path)
        if rows is not None:
            check_matrix(rows, path)
    for path in HEAVY_LISTS:
        items = _get(tree, path)
        if isinstance(items, list):
            _check_numbers(items, path, nullable=path[-1].endswith("loss"))
            if path[-1].endswith("steps"):
                _check_steps(items, path)
    rows = _get(tree, TEST_ROWS)
    if isinstance(rows, list):
        _check_rows(rows, TEST_ROWS)
    buffers = _get(tree, ("run", "optimizer_state", "buffers"))
    if isinstance(buffers, dict):
        for name, values in buffers.items():
            if isinstance(values, list):
                _check_numbers(values, ("run", "optimizer_state", "buffers", name))


def light_copy(tree: dict) -> dict:
    """The tree with its long arrays cut to two items (checked in full by plain loops)."""
    light = dict(tree)
    if isinstance(light.get("connections"), list):
        light["connections"] = light["connections"][:2]
    for path in (*HEAVY_MATRICES, *HEAVY_LISTS, TEST_ROWS):
        parent = _get(light, path[:-1])
        if isinstance(parent, dict) and isinstance(parent.get(path[-1]), list):
            _set(light, path, parent[path[-1]][:2])
    buffers = _get(light, ("run", "optimizer_state", "buffers"))
    if isinstance(buffers, dict):
        _set(light, ("run", "optimizer_state", "buffers"),
             {k: v[:2] if isinstance(v, list) else v for k, v in buffers.items()})
    return light


def _set(tree: dict, path: Where, value: Any) -> None:
    """Set tree[path] = value, copying the dicts on the way so the original is unchanged."""
    node = tree
    for key in path[:-1]:
        node[key] = dict(node[key])
        node = node[key]
    node[path[-1]] = value


def check_finite(value: Any, path: Where) -> None:
    """Every number in the tree is finite and fits a float (NaN, 1e999 are refused), and
    every string and key is text that can be written back (no lone surrogate)."""
    if isinstance(value, dict):
        for k, v in value.items():
            if isinstance(k, str):
                text_problem(k, path, key=True)
            check_finite(v, (*path, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            check_finite(v, (*path, i))
    elif isinstance(value, str):
        text_problem(value, path)
    elif isinstance(value, int | float) and not isinstance(value, bool):
        problem = number_problem(value)
        if problem:
            raise FileFormatError(place(path), problem)


def text_problem(text: str, path: Where, key: bool = False) -> None:
    """FileFormatError naming the place of a lone surrogate (JSON's "\\ud800"), which no
    file can hold as UTF-8, so the document could never be saved again."""
    if text.isascii():
        return
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as e:
        bad = text[e.start].encode("unicode_escape").decode("ascii")
        what = "a key here" if key else "the text"
        raise FileFormatError(place(path), f"{what} has a lone surrogate {bad} at character "
                                            f"{e.start + 1}, which is not text a file can "
                                            "hold") from None


# ---------------------------------------------------------------------------- connections

_ID = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}")
_CONNECTION_KEYS = {"from", "to", "weight"}


def connection_ok(c: Any) -> bool:
    """What the schema's `connection` says, as one fast test (plus a finite weight)."""
    if type(c) is not dict or c.keys() != _CONNECTION_KEYS:
        return False
    src, dst, w = c["from"], c["to"], c["weight"]
    return (type(src) is str and type(dst) is str and _ID.fullmatch(src) is not None
            and _ID.fullmatch(dst) is not None
            and (type(w) is float and math.isfinite(w) or type(w) is int and abs(w) <= 1e300))


def check_connections(connections: Any) -> None:
    """Every connection, in a plain loop: jsonschema takes ~0.1 ms per object, too slow here.

    A connection that fails the fast test is run through the schema itself, so
    the message is the one the schema would give.
    """
    if not isinstance(connections, list):
        return
    for i, c in enumerate(connections):
        if connection_ok(c):
            continue
        sub = _validator().evolve(schema={**schema()["$defs"]["connection"],
                                          "$defs": schema()["$defs"]})
        error = next(iter(sub.iter_errors(c)), None)
        if error is not None:
            error.path.extendleft(reversed(("connections", i)))
            raise schema_error(error)
        check_finite(c, ("connections", i))
        raise FileFormatError(place(("connections", i)), "is not a valid connection")


# ---------------------------------------------------------------------------- JSON Schema

@cache
def schema() -> dict:
    """The JSON Schema shipped in resources/."""
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@cache
def _validator() -> Any:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(schema())


_PATTERN_HELP = {
    schema_pattern: "use letters, digits, _ . and - only (not starting with . or -)"
    for schema_pattern in ("^[A-Za-z0-9_][A-Za-z0-9_.-]*$",)
}


def check_schema(tree: dict) -> None:
    """Validate against the JSON Schema; the first error becomes one FileFormatError."""
    error = next(iter(_validator().iter_errors(tree)), None)
    if error is not None:
        raise schema_error(error)


def schema_error(error: Any) -> FileFormatError:
    """One readable message for a jsonschema ValidationError."""
    path = tuple(error.absolute_path)
    where = place(path)
    kind, expected, value = error.validator, error.validator_value, error.instance
    if kind == "required":
        missing = next((k for k in expected if k not in value), expected[0])
        return FileFormatError(place((*path, missing)), "is missing")
    if kind == "additionalProperties":
        allowed = list(error.schema.get("properties", {}))
        extra = next((k for k in value if k not in allowed), "?")
        hint = f"; allowed keys: {', '.join(allowed)}" if allowed else ""
        return FileFormatError(place((*path, extra)), f"unknown key{hint}")
    if kind == "type":
        types = expected if isinstance(expected, list) else [expected]
        words = {"number": "a number", "integer": "a whole number", "string": "a string",
                 "array": "a list", "object": "an object", "boolean": "true or false",
                 "null": "null"}
        wanted = " or ".join(words.get(t, t) for t in types)
        return FileFormatError(where, f"must be {wanted}, not {json_type(value)}"
                                      + (f" ({short(value)})" if isinstance(value, int | float)
                                         and not isinstance(value, bool) else ""))
    if kind == "enum":
        options = ", ".join("null" if o is None else str(o) for o in expected)
        return FileFormatError(where, f"{short(value)} is not one of: {options}")
    if kind == "const":
        return FileFormatError(where, f"must be {short(expected)}, not {short(value)}")
    if kind in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        word = {"minimum": "at least", "maximum": "at most",
                "exclusiveMinimum": "more than", "exclusiveMaximum": "less than"}[kind]
        bound = f"{expected:,}" if isinstance(expected, int) else f"{expected}"
        return FileFormatError(where, f"must be {word} {bound}, not {short(value)}")
    if kind in ("minItems", "maxItems"):
        word = "at least" if kind == "minItems" else "at most"
        return FileFormatError(where, f"must have {word} {expected} item(s), not {len(value)}")
    if kind in ("minLength", "maxLength"):
        if kind == "minLength" and expected == 1:
            return FileFormatError(where, "must not be empty")
        word = "at least" if kind == "minLength" else "at most"
        return FileFormatError(where, f"must have {word} {expected} characters")
    if kind == "pattern":
        help_ = _PATTERN_HELP.get(expected, f"must match {expected}")
        return FileFormatError(where, f"{short(value)} is not allowed here: {help_}")
    message = " ".join(str(error.message).split())
    return FileFormatError(where, message[:200])
