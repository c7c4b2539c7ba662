"""Property tests: whatever is done to a valid file, the loader answers with a Document
or a one-line FileFormatError, never any other exception."""

from __future__ import annotations

from functools import cache

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from playground.io import schema
from playground.io.files import FileFormatError, dumps_document, loads_document
from tests.io.helpers import example_text, example_tree, text_of

SMALL = ["sigmoid-neuron", "bowl", "two-two-two", "xor", "linear-regression"]
FUZZ = settings(max_examples=150, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

json_scalars = (st.none() | st.booleans() | st.integers(-10 ** 30, 10 ** 30)
                | st.sampled_from([10 ** 400, -(10 ** 400), 2 ** 63, 0, -1, 1])
                | st.floats(allow_nan=True, allow_infinity=True)
                | st.text(max_size=12)
                | st.sampled_from(["x1", "h1", "h9", "o1", "w:x1->o1", "b:o1", "input", "hidden",
                                   "output", "sigmoid", "sgd", "adam", "xor", "sum", "mean"]))
json_values = st.recursive(json_scalars,
                           lambda inner: st.lists(inner, max_size=4)
                           | st.dictionaries(st.text(max_size=8), inner, max_size=4),
                           max_leaves=10)


def places(tree: object, path: tuple = ()) -> list[tuple]:
    """Every path into the tree, the root included."""
    out = [path]
    if isinstance(tree, dict):
        for k, v in tree.items():
            out += places(v, (*path, k))
    elif isinstance(tree, list):
        for i, v in enumerate(tree):
            out += places(v, (*path, i))
    return out


@cache
def _places(name: str) -> list[tuple]:
    return places(example_tree(name))


def node(tree: object, path: tuple) -> object:
    for key in path:
        tree = tree[key]
    return tree


def assert_loader_answers_properly(text: str | bytes) -> None:
    """A Document that round-trips and can train, or a one-line FileFormatError."""
    try:
        doc = loads_document(text)
    except FileFormatError as e:
        message = str(e)
        assert message and "\n" not in message
        assert e.problem and isinstance(e.where, str)
        return
    again = dumps_document(doc)
    assert dumps_document(loads_document(again)) == again
    run = doc.make_run()
    # Whatever loads must also train: one step either succeeds with finite numbers or
    # stops with a divergence message, never an exception.
    with np.errstate(all="ignore"):
        stepped = run.step()
        grad = run.gradient()
    assert grad.shape == run.theta.shape
    if stepped:
        assert np.isfinite(run.theta).all()
    else:
        assert run.diverged


@st.composite
def mutated_trees(draw):
    """A shipped example with one to three random edits anywhere in its tree."""
    name = draw(st.sampled_from(SMALL))
    tree = example_tree(name)
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(_places(name)))
        try:
            parent = node(tree, path[:-1]) if path else None
        except (KeyError, IndexError, TypeError):
            continue  # an earlier edit removed this place
        action = draw(st.sampled_from(["drop", "replace", "replace", "grow", "duplicate"]))
        if not path:
            tree = draw(json_values)
            continue
        key = path[-1]
        if isinstance(parent, dict) and key not in parent or \
                isinstance(parent, list) and not (isinstance(key, int) and key < len(parent)) or \
                not isinstance(parent, dict | list):
            continue
        if action == "drop":
            del parent[key]
        elif action == "replace":
            parent[key] = draw(json_values)
        elif action == "grow" and isinstance(parent[key], list) and parent[key]:
            parent[key] = parent[key] * draw(st.sampled_from([2, 50, 3000]))
        elif action == "duplicate" and isinstance(parent, list):
            parent.append(parent[key])
    return tree


@FUZZ
@given(mutated_trees())
def test_mutated_files_load_or_raise_file_format_error(tree):
    assert_loader_answers_properly(text_of(tree))


@st.composite
def broken_graphs(draw):
    """Dangling ids, cycles, duplicate ids and self-loops in a network's graph."""
    name = draw(st.sampled_from(["two-two-two", "xor", "four-three-two"]))
    tree = example_tree(name)
    neurons, connections = tree["neurons"], tree["connections"]
    ids = [n["id"] for n in neurons]
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["dangling", "reverse", "duplicate_id", "self", "rewire",
                                     "role"]))
        if kind == "dangling" and connections:
            c = draw(st.sampled_from(connections))
            c[draw(st.sampled_from(["from", "to"]))] = draw(st.sampled_from(["h9", "zz", "x0"]))
        elif kind == "reverse" and connections:
            c = draw(st.sampled_from(connections))
            connections.append({"from": c["to"], "to": c["from"], "weight": 0.5})
        elif kind == "duplicate_id":
            draw(st.sampled_from(neurons))["id"] = draw(st.sampled_from(ids))
        elif kind == "self":
            i = draw(st.sampled_from(ids))
            connections.append({"from": i, "to": i, "weight": 1.0})
        elif kind == "rewire":
            connections.append({"from": draw(st.sampled_from(ids)),
                                "to": draw(st.sampled_from(ids)), "weight": -1.0})
        elif kind == "role":
            draw(st.sampled_from(neurons))["role"] = draw(st.sampled_from(
                ["input", "hidden", "output"]))
    return tree


@FUZZ
@given(broken_graphs())
def test_broken_graphs_load_or_raise_file_format_error(tree):
    assert_loader_answers_properly(text_of(tree))


@FUZZ
@given(st.sampled_from(SMALL), st.data())
def test_damaged_bytes_load_or_raise_file_format_error(name, data):
    raw = example_text(name).encode("utf-8")
    how = data.draw(st.sampled_from(["truncate", "insert", "overwrite", "delete"]))
    at = data.draw(st.integers(0, len(raw)))
    if how == "truncate":
        raw = raw[:at]
    elif how == "delete":
        raw = raw[:at] + raw[at + data.draw(st.integers(1, 20)):]
    else:
        junk = data.draw(st.binary(min_size=1, max_size=8)
                         | st.sampled_from([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\x00", b"NaN",
                                            b"Infinity", b"}", b"]", b",", b'"']))
        end = at + (len(junk) if how == "overwrite" else 0)
        raw = raw[:at] + junk + raw[end:]
    assert_loader_answers_properly(raw)


# ---------------------------------------------------------------------------- the fast path

connection_like = st.fixed_dictionaries(
    {},
    optional={"from": json_scalars, "to": json_scalars, "weight": json_scalars,
              "extra": json_scalars},
) | json_values


@settings(max_examples=200, deadline=None)
@given(connection_like)
def test_fast_connection_check_agrees_with_the_schema(value):
    """connection_ok must accept exactly what the schema's `connection` accepts (if finite)."""
    validator = schema._validator().evolve(schema={**schema.schema()["$defs"]["connection"],
                                                   "$defs": schema.schema()["$defs"]})
    by_schema = validator.is_valid(value)
    finite = not isinstance(value, dict) or schema.number_problem(value.get("weight", 0)) is None
    assert schema.connection_ok(value) == (by_schema and finite)


@pytest.mark.parametrize("good", [{"from": "x1", "to": "o1", "weight": 0.5},
                                  {"from": "a.b-c_1", "to": "_z", "weight": -3}])
def test_fast_connection_check_accepts_valid_connections(good):
    assert schema.connection_ok(good)
