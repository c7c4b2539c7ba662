"""Drawn and typed data in files: the per-point split, typed functions and the data view's
settings read back exactly, bad ones are refused with their place, and files without them
keep their bytes."""

from __future__ import annotations

import json

import pytest

from playground.io.examples import example_path
from playground.io.files import dumps_document, loads_document
from playground.io.schema import FileFormatError
from playground.workspace import data_edits as de


def xor_text() -> str:
    return example_path("xor").read_text()


def drawn_tree() -> dict:
    doc = de.add_point(loads_document(xor_text()), [0.1, 0.2], [1.0])
    return json.loads(dumps_document(doc))


def test_files_without_the_new_keys_keep_their_bytes():
    text = xor_text()
    assert dumps_document(loads_document(text)) == text
    tree = json.loads(text)
    assert "data_view" not in tree and "test_rows" not in tree["data"]


def test_a_drawn_file_reopens_with_the_same_points_and_split_to_the_bit():
    tree = drawn_tree()
    text = json.dumps(tree)
    a = loads_document(text)
    b = loads_document(dumps_document(a))
    da, db = a.data.build(), b.data.build()
    for part in ("x_train", "y_train", "x_test", "y_test"):
        assert getattr(da, part).tobytes() == getattr(db, part).tobytes()
    assert tree["data"]["test_rows"] == b.data.test_rows
    # test_rows raise no version: older apps refuse the key rather than misread it
    assert tree["version"] == json.loads(xor_text())["version"]


@pytest.mark.parametrize("rows, where, message", [
    ([3, 3], "data.test_rows[1]", "row 3 comes after row 3"),
    ([5, 2], "data.test_rows[1]", "row 2 comes after row 5"),
    ([-1], "data.test_rows[0]", "must be a row number"),
    ([1.5], "data.test_rows[0]", "must be a row number"),
    ([100_000], "data.test_rows[0]", "row 100000 is not one of the 201 points"),
])
def test_bad_test_rows_are_refused_with_their_place(rows, where, message):
    tree = drawn_tree()
    tree["data"]["test_rows"] = rows
    with pytest.raises(FileFormatError, match=message) as info:
        loads_document(json.dumps(tree))
    assert str(info.value).startswith(where)


def test_holding_out_every_point_is_refused():
    tree = drawn_tree()
    tree["data"]["test_rows"] = list(range(len(tree["data"]["x"])))
    with pytest.raises(FileFormatError, match="holds out every point"):
        loads_document(json.dumps(tree))


def test_typed_data_need_a_good_expression():
    tree = json.loads(xor_text())
    tree["data"] = {"generator": "boundary", "n_points": 50, "seed": 0}
    with pytest.raises(FileFormatError, match='data.expression: is missing: "boundary" needs'):
        loads_document(json.dumps(tree))
    tree["data"]["expression"] = "sin(3*x)"
    with pytest.raises(FileFormatError, match='data.expression: line 1, column 7: unknown name'):
        loads_document(json.dumps(tree))
    tree["data"]["expression"] = "sin(3*x1)"
    doc = loads_document(json.dumps(tree))
    assert doc.data.build().kind == "classification"
    tree["data"] = {"generator": "xor", "expression": "x1"}
    with pytest.raises(FileFormatError, match='only the typed data sets'):
        loads_document(json.dumps(tree))


def test_data_view_settings_read_back_and_unknown_ones_are_refused():
    tree = json.loads(xor_text())
    tree["data_view"] = {"discretize": True}
    doc = loads_document(json.dumps(tree))
    assert doc.data_view.discretize and doc.data_view.show_test
    tree["data_view"] = {"discretise": True}
    with pytest.raises(FileFormatError, match="data_view"):
        loads_document(json.dumps(tree))
