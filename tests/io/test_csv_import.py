"""CSV import: the dialect sniffed, roles, classes, every refusal named by line and column,
and the imported points saved inline so the file reopens with the same bits."""

from __future__ import annotations

import numpy as np
import pytest

from playground.engine.network import layered
from playground.io import csv_import
from playground.io.csv_import import (
    CsvError,
    default_roles,
    guess_kind,
    import_table,
    load_csv,
    read_table,
    roles_with_target,
)
from playground.io.document import Document
from playground.io.files import load_document, save_document


def test_comma_file_with_header_and_comments():
    text = "# points\nx1, x2, y\n\n1.5, -2, 1\n  # skip me\n0,3e-1,0\n-1 , 2 , 1\n"
    table = read_table(text)
    assert table.delimiter == "," and table.header
    assert table.columns == ("x1", "x2", "y")
    assert table.lines == (4, 6, 7)
    data = import_table(table)
    assert data.kind == "classification" and data.classes == ("0", "1")
    np.testing.assert_array_equal(data.x, [[1.5, -2], [0, 0.3], [-1, 2]])
    np.testing.assert_array_equal(data.y, [[1], [0], [1]])


@pytest.mark.parametrize("delimiter", ["\t", ";", "|"])
def test_other_delimiters_are_sniffed(delimiter):
    rows = ["a", "b", "label"], ["1.5", "2", "cat"], ["3", "4.25", "dog"], ["5", "6", "cat"]
    table = read_table("\n".join(delimiter.join(r) for r in rows) + "\n")
    assert table.delimiter == delimiter and table.header
    assert table.columns == ("a", "b", "label")


def test_quotes_and_a_delimiter_at_the_end_of_every_line():
    table = read_table('name,x,y,\n"Smith, J",1.5,0,\n"Doe, A",2.5,1,\n"X, Y",3,1,\n')
    assert table.columns == ("name", "x", "y")
    assert table.rows[0] == ("Smith, J", "1.5", "0")
    assert "line 3: 4 values" in _error("a,b,c,\n1,2,x,\n3,4,y,5\n")


def test_file_without_header_gets_numbered_columns():
    table = read_table("1,2,0\n3,4,1\n5,6,1\n7,8,0\n")
    assert not table.header
    assert table.columns == ("column 1", "column 2", "column 3")
    assert len(table.rows) == 4
    assert read_table("1,2,0\n3,4,1\n", header=True).columns == ("1", "2", "0")


def test_words_in_the_target_are_classes_in_order():
    table = read_table("x,y,species\n1,2,setosa\n3,4,virginica\n5,6,versicolor\n7,8,setosa\n")
    data = import_table(table)
    assert data.kind == "classification"
    assert data.classes == ("setosa", "versicolor", "virginica")
    np.testing.assert_array_equal(data.y, [[1, 0, 0], [0, 0, 1], [0, 1, 0], [1, 0, 0]])


def test_few_integers_are_classes_and_many_values_a_regression():
    assert guess_kind(["1", "2", "3.0", "2"]) == "classification"
    assert guess_kind(["0.5", "1", "2"]) == "regression"
    assert guess_kind([str(k) for k in range(11)]) == "regression"
    table = read_table("x,k\n1,1\n2,2.0\n3,3\n")
    data = import_table(table)
    assert data.classes == ("1", "2", "3")  # 2 and 2.0 are one class
    assert import_table(table, kind="regression").y.tolist() == [[1.0], [2.0], [3.0]]


def test_roles_choose_inputs_targets_and_ignored_columns():
    table = read_table("id,name,a,b,t\n1,ann,0.5,1,2.5\n2,bob,1.5,2,3.5\n")
    assert default_roles(table) == ("input", "ignore", "input", "input", "target")
    data = import_table(table, ["ignore", "ignore", "input", "target", "target"])
    assert data.kind == "regression"
    assert data.input_names == ("a",) and data.target_names == ("b", "t")
    np.testing.assert_array_equal(data.y, [[1, 2.5], [2, 3.5]])
    assert roles_with_target(table, "a") == ("input", "ignore", "target", "input", "input")
    assert roles_with_target(table, "5")[4] == "target"


def _error(text: str, **kwargs) -> str:
    with pytest.raises(CsvError) as info:
        roles = kwargs.pop("roles", None)
        kind = kwargs.pop("kind", None)
        import_table(read_table(text, **kwargs), roles, kind)
    return str(info.value)


@pytest.mark.parametrize(("text", "kwargs", "message"), [
    # ragged rows
    ("x1,x2,y\n1,2,3\n\n1,2\n", {}, "line 4: 2 values, but line 1 has 3 columns"),
    ("x1,x2,y\n1,2,3\n1,2,3,4\n", {}, "line 3: 4 values, but line 1 has 3 columns"),
    # empty cells
    ("x1,x2,y\n1,2,3.5\n4,,6.5\n7,8,9.5\n", {},
     "line 3, column 2 (x2): empty cell (an input column)"),
    ("x1,x2,y\n1,2,a\n4,5,\n", {}, "line 3, column 3 (y): empty cell (the target column)"),
    # non-numbers in an input column
    ("# c\nx1,x2,y\n1,2,3\n4,5,6\n\n\n7,abc,8\n", {},
     "line 7, column 2 (x2): 'abc' is not a number (an input column)"),
    ("x1,name,y\n1,ann,2\n2,bob,3\n", {"roles": ["input", "input", "target"]},
     "line 2, column 2 (name): 'ann' is not a number (an input column)"),
    ("x1,y\n1,2\nnan,2\n", {}, "line 3, column 1 (x1): 'nan' is not a finite number"),
    ("x,y\n1,a\n2,b\n", {"kind": "regression"},
     "line 2, column 2 (y): 'a' is not a number (the target of a regression column)"),
    # a single class
    ("x1,x2,label\n1,2,cat\n3,4,cat\n", {},
     "column 3 (label): every row has the class 'cat': a classification needs at least two"),
    # too many classes
    ("x,y\n" + "".join(f"{k},c{k}\n" for k in range(21)), {},
     "column 2 (y): 21 different values is more than 20 classes"),
    # the header
    ("x1,x1,y\n1,2,3\n", {}, "line 1, column 2: the name 'x1' is also column 1"),
    ("x1,,y\n1,2,3\n", {}, "line 1, column 2: the header has no name here"),
    ("x1,x2,y\n", {}, "line 1: no data rows after the header"),
    ("# only a comment\n\n", {}, "the file is empty"),
    ("", {}, "the file is empty"),
    ("x\n1\n2\n", {}, "found no delimiter"),
    ("a;b;c\n1,5;2,5;x\n3,5;4,25;y\n", {},
     "choose at least one input column; '1,5' has a decimal comma"),
    ("a;b;c\n1.5;2,5;x\n3.5;4.25;y\n", {"roles": ["input", "input", "target"]},
     "line 2, column 2 (b): '2,5' is not a number (an input column); '2,5' has a decimal"),
    # roles
    ("a,b\n1,2\n", {"roles": ["target", "target"]}, "choose at least one input column"),
    ("a,b\n1,2\n", {"roles": ["input", "ignore"]}, "choose a target column"),
    ("a,b\n1,2\n", {"roles": ["input", "output"]}, "column 2 (b): unknown role 'output'"),
    ("a,b,c\n1,2,1\n2,3,0\n", {"roles": ["input", "target", "target"],
                               "kind": "classification"},
     "a classification has one target column; 2 are chosen"),
])
def test_bad_csv_is_named_by_line_and_column(text, kwargs, message):
    assert message in _error(text, **kwargs)


def test_too_many_rows_names_the_line(monkeypatch):
    monkeypatch.setattr(csv_import, "MAX_ROWS", 5)
    text = "x,y\n" + "1,2\n" * 6
    assert "line 7: more than 5 data rows (the limit)" in _error(text)


def test_too_many_columns_names_the_line():
    from playground.io.csv_import import MAX_COLUMNS
    n = MAX_COLUMNS + 1
    header = ",".join(f"c{k}" for k in range(n))
    assert f"line 1: {n:,} columns is more than the limit of {MAX_COLUMNS:,}" in \
        _error(header + "\n" + ",".join("1" * n) + "\n")


def test_a_file_that_is_not_utf8(tmp_path):
    path = tmp_path / "latin.csv"
    path.write_bytes(b"x,y\n1,caf\xe9\n")
    with pytest.raises(CsvError, match="byte 9: the file is not UTF-8 text"):
        load_csv(path)
    with pytest.raises(CsvError, match="No such file"):
        load_csv(tmp_path / "missing.csv")


def test_target_by_name_on_a_file(tmp_path):
    path = tmp_path / "points.tsv"
    path.write_text("\ufeffy\tx\n0.25\t1\n0.5\t2\n0.75\t3\n1.25\t4\n", encoding="utf-8")
    data = load_csv(path, target="y", kind="regression")
    assert data.input_names == ("x",) and data.target_names == ("y",)
    with pytest.raises(CsvError, match="no column 'z'; the columns are y, x"):
        load_csv(path, target="z")


def test_the_saved_file_reopens_with_the_same_bits(tmp_path):
    rng = np.random.default_rng(1)
    x = rng.normal(size=(40, 2)) * 1e3
    labels = rng.choice(["red", "green", "blue"], 40)
    # repr writes the shortest text that reads back as the same float
    text = "a,b,colour\n" + "".join(f"{float(p)!r},{float(q)!r},{c}\n"
                                 for (p, q), c in zip(x, labels))
    data = import_table(read_table(text))
    assert data.classes == ("blue", "green", "red")
    assert data.x.tobytes() == x.tobytes()
    doc = Document(layered("2-4-3", "tanh", "linear"), data=data.spec(0.75, seed=7))
    path = tmp_path / "imported.json"
    save_document(doc, path)
    again = load_document(path)
    assert again.data.classes == ["blue", "green", "red"]
    a, b = doc.data.build(), again.data.build()
    for part in ("x_train", "y_train", "x_test", "y_test"):
        assert getattr(a, part).tobytes() == getattr(b, part).tobytes()
    assert np.concatenate([a.x_train, a.x_test]).shape == (40, 2)
    assert b.class_names == ("blue", "green", "red")
    assert a.x_train.tobytes() != x[:30].tobytes()  # the split did shuffle
    save_document(again, tmp_path / "again.json")
    assert (tmp_path / "again.json").read_bytes() == path.read_bytes()


def test_class_names_need_classification_data(tmp_path):
    data = import_table(read_table("x,y\n1,a\n2,b\n3,a\n"))
    doc = Document(layered("1-2-1", "tanh", "linear"), data=data.spec(1.0))
    path = tmp_path / "binary.json"
    save_document(doc, path)
    assert '"classes": ["a", "b"]' in path.read_text()
    broken = path.read_text().replace('"classes": ["a", "b"]', '"classes": ["a", "b", "c"]')
    path.write_text(broken)
    from playground.io.files import FileFormatError

    with pytest.raises(FileFormatError, match="classes: 3 name.* for 2 classes"):
        load_document(path)


def test_columns_are_converted_once_whatever_the_roles(monkeypatch):
    table = read_table("a,b,c,k\n1,2,3,x\n4,5,6,y\n7,8,9,x\n")
    calls = []
    real = csv_import._column_numbers
    monkeypatch.setattr(csv_import, "_column_numbers", lambda cells: calls.append(cells)
                        or real(cells))
    columns = csv_import.Columns(table)
    first = import_table(table, ["input", "input", "ignore", "target"], columns=columns)
    again = import_table(table, ["input", "input", "input", "target"], columns=columns)
    assert len(calls) == 4  # k (for its kind), a, b, then c: each once
    assert again.x[:, :2].tobytes() == first.x.tobytes()
    with pytest.raises(CsvError, match="every row has the class"):
        import_table(read_table("a,k\n1,x\n2,x\n"), columns=None)
