"""The JSON Schema in resources/ describes the real files and stays in step with the engine."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from playground.engine import activations, datasets, function_data, losses, network, optimizers
from playground.io import schema
from playground.io.examples import ORDER, example_path
from playground.io.files import FileFormatError, dumps_document, load_document, loads_document


def test_the_schema_is_a_valid_draft_2020_12_schema():
    Draft202012Validator.check_schema(schema.schema())


@pytest.mark.parametrize("name", ORDER)
def test_every_example_validates_in_full_against_the_schema(name):
    tree = json.loads(example_path(name).read_text(encoding="utf-8"))
    Draft202012Validator(schema.schema()).validate(tree)


def test_a_file_with_a_run_validates_in_full_against_the_schema():
    doc = load_document(example_path("xor"))
    run = doc.make_run()
    run.steps(20)
    doc.capture(run)
    Draft202012Validator(schema.schema()).validate(json.loads(dumps_document(doc)))


def _enum(*path: str) -> list:
    node = schema.schema()["$defs"]
    for key in path:
        node = node[key]
    return node["enum"]


def test_schema_choices_match_the_engine():
    assert _enum("neuron", "properties", "role") == list(network.ROLES)
    assert _enum("neuron", "properties", "activation") == list(activations.ACTIVATIONS)
    assert _enum("training", "properties", "loss") == list(losses.LOSSES)
    assert _enum("training", "properties", "reduction") == list(losses.REDUCTIONS)
    assert _enum("training", "properties", "regularizer") == list(losses.REGULARIZERS)
    assert _enum("training", "properties", "optimizer") == list(optimizers.OPTIMIZERS)
    assert _enum("data", "properties", "generator") == [None, *datasets.GENERATORS,
                                                         *function_data.TYPED]
    assert _enum("data", "properties", "kind") == [None, *datasets.KINDS]


def test_schema_limits_match_the_loader():
    props = schema.schema()["properties"]
    assert props["neurons"]["maxItems"] == schema.MAX_NEURONS
    assert props["connections"]["maxItems"] == schema.MAX_CONNECTIONS
    assert schema.schema()["$defs"]["matrix"]["maxItems"] == schema.MAX_INLINE_POINTS
    assert schema.MAX_POINTS == datasets.MAX_POINTS
    assert props["format"]["const"] == schema.FORMAT


@pytest.mark.parametrize("path, expected", [
    (("connections", 3, "to"), "connections[3].to"),
    (("run", "start", "w:a->b"), 'run.start["w:a->b"]'),
    (("data", "x", 0, 1), "data.x[0][1]"),
    ((), ""),
])
def test_places_read_as_a_person_writes_them(path, expected):
    assert schema.place(path) == expected


def test_file_format_error_is_a_value_error_with_where_and_problem():
    error = FileFormatError("neurons[2].bias", "must be a finite number, not nan")
    assert isinstance(error, ValueError)
    assert str(error) == "neurons[2].bias: must be a finite number, not nan"
    assert str(FileFormatError("", "the file is not UTF-8 text")) == "the file is not UTF-8 text"


def test_the_documented_example_is_a_file_as_the_app_writes_it():
    doc = Path(__file__).resolve().parents[2] / "docs" / "file-format.md"
    block = re.search(r"```json\n(.*?)```", doc.read_text(encoding="utf-8"), re.S)[1]
    assert dumps_document(loads_document(block)) == block
