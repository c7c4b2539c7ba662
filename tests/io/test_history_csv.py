"""The history CSV: one row per recorded step, the right columns, exact numbers."""

from __future__ import annotations

import csv
import io

import numpy as np
import pytest

from playground.engine.compiled import compile_network
from playground.engine.landscape.planes import trajectory_plane
from playground.engine.network import layered
from playground.engine.training import TrainingConfig
from playground.io.document import DataSpec, Document
from playground.io.examples import example_path
from playground.io.files import SaveError, load_document
from playground.io.history_csv import history_csv_text, write_history_csv


def trained(doc: Document, steps: int) -> Document:
    run = doc.make_run()
    run.steps(steps)
    run.record_now()
    out = doc.copy()
    out.capture(run)
    return out


def parse(text: str) -> tuple[list[str], list[dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(text))
    return list(reader.fieldnames or []), list(reader)


def test_sigmoid_neuron_rows_match_the_run():
    doc = trained(load_document(example_path("sigmoid-neuron")), 5)
    header, rows = parse(history_csv_text(doc))
    assert header == ["step", "train_loss", "test_loss", "landscape_x", "landscape_y",
                      "w:x1->o1", "b:o1"]
    h = doc.run.history
    assert [int(r["step"]) for r in rows] == h["steps"] == list(range(6))
    assert [float(r["train_loss"]) for r in rows] == h["train_loss"]  # exact round trip
    assert rows[0]["train_loss"] == repr(0.4246312273161969)
    assert all(r["test_loss"] == "" for r in rows)  # no test data: empty, not "nan"
    # The view's axes are (w, b): the landscape coordinates are the parameters themselves.
    for r, p in zip(rows, h["path"]):
        assert [float(r["w:x1->o1"]), float(r["b:o1"])] == p
        assert [float(r["landscape_x"]), float(r["landscape_y"])] == p
    assert rows[0]["w:x1->o1"] == "0.0" and rows[0]["b:o1"] == "-8.0"


def test_every_parameter_has_a_column_and_a_plane_gives_the_coordinates(tmp_path):
    doc = Document(network=layered("2-3-1", seed=2), data=DataSpec("xor", n_points=40),
                   training=TrainingConfig(hyper={"lr": 0.1}))
    doc = trained(doc, 12)
    names = list(compile_network(doc.network).parameter_names)
    path = np.array(doc.run.history["path"])
    plane = trajectory_plane(path, path[-1])
    out = tmp_path / "history.csv"
    write_history_csv(out, doc, plane)
    header, rows = parse(out.read_text(encoding="utf-8"))
    assert header[5:] == names and len(names) == 13
    assert len(rows) == len(doc.run.history["steps"]) == 13
    assert all(r["test_loss"] != "" for r in rows)  # xor keeps a test split
    coords = np.array([[float(r["landscape_x"]), float(r["landscape_y"])] for r in rows])
    expected = (path - plane.origin) @ np.stack([plane.u, plane.v], axis=1)
    np.testing.assert_allclose(coords, expected, atol=1e-12)


def test_a_plane_of_another_network_falls_back_to_the_view_axes():
    doc = trained(load_document(example_path("sigmoid-neuron")), 2)
    other = trajectory_plane(np.zeros((2, 5)), np.ones(5))
    _, rows = parse(history_csv_text(doc, other))
    assert [float(rows[-1]["landscape_x"]), float(rows[-1]["landscape_y"])] == \
        doc.run.history["path"][-1]


def test_thinned_path_leaves_parameter_cells_empty():
    doc = trained(load_document(example_path("sigmoid-neuron")), 3)
    h = doc.run.history
    h["path_steps"] = [0, 3]
    h["path"] = [h["path"][0], h["path"][3]]
    _, rows = parse(history_csv_text(doc))
    assert [r["step"] for r in rows] == ["0", "1", "2", "3"]
    assert rows[1]["w:x1->o1"] == rows[1]["landscape_x"] == ""
    assert rows[3]["b:o1"] != "" and rows[1]["train_loss"] != ""


def test_no_run_gives_the_header_alone():
    doc = load_document(example_path("sigmoid-neuron"))
    doc.run = None
    header, rows = parse(history_csv_text(doc))
    assert header[0] == "step" and rows == []


def test_an_unwritable_place_raises_save_error(tmp_path):
    doc = trained(load_document(example_path("sigmoid-neuron")), 1)
    with pytest.raises(SaveError, match="cannot save"):
        write_history_csv(tmp_path / "missing-folder" / "h.csv", doc)
