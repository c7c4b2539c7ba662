"""Loading, saving and refusing network files."""

from __future__ import annotations

import errno
import json
import math
import os
import stat
import sys

import numpy as np
import pytest

from playground.engine.network import layered
from playground.io import files, limits, schema
from playground.io.document import Document
from playground.io.examples import example_path
from playground.io.files import (
    FileFormatError,
    SaveError,
    dumps_document,
    load_document,
    loads_document,
    save_document,
)
from tests.io.helpers import example_text, example_tree, text_of

# ---------------------------------------------------------------------------- round trips


def test_a_run_round_trips_and_resumes_bit_for_bit():
    doc = load_document(example_path("xor"))
    run = doc.make_run()
    run.steps(57)
    run.record_now()
    doc.capture(run)
    text = dumps_document(doc)
    again = loads_document(text)
    assert dumps_document(again) == text
    resumed = again.make_run()
    assert resumed.step_count == 57
    resumed.steps(30)
    run.steps(30)
    assert np.array_equal(resumed.theta, run.theta)
    assert resumed.history.steps == run.history.steps


def saved_mid_epoch(shuffle: str):
    """(the run, the tree of its file) of xor in batches of 7 with `shuffle`, 45 steps in."""
    doc = load_document(example_path("xor"))
    doc.training.batch_size = 7
    doc.training.shuffle = shuffle
    run = doc.make_run()
    run.steps(45)  # mid-epoch
    doc.capture(run)
    return run, json.loads(dumps_document(doc))


def test_a_version_1_run_resumes_with_the_batches_it_had():
    """Version 1 drew a generator per epoch; its mini-batch runs keep that shuffle."""
    run, tree = saved_mid_epoch("epoch")
    tree["version"] = 1
    del tree["training"]["shuffle"]
    old = loads_document(json.dumps(tree))
    assert old.training.shuffle == "epoch"
    resumed = old.make_run()
    resumed.steps(40)
    run.steps(40)
    assert np.array_equal(resumed.theta, run.theta)
    assert json.loads(dumps_document(old))["version"] == 2
    del tree["run"]  # nothing to resume: the newest shuffle
    assert loads_document(json.dumps(tree)).training.shuffle == "splitmix"


def test_a_blocks_run_of_version_3_resumes_with_the_batches_it_had():
    """Versions 2 and 3 drew blocks of permutations; a run saved then resumes with them,
    whether the file names its shuffle or not. Without steps made it starts on splitmix,
    which is written as version 4."""
    run, tree = saved_mid_epoch("blocks")
    assert tree["version"] == 2
    tree["version"] = 3
    named = loads_document(json.dumps(tree))
    del tree["training"]["shuffle"]
    unnamed = loads_document(json.dumps(tree))
    run.steps(40)
    for old in (named, unnamed):
        assert old.training.shuffle == "blocks"
        resumed = old.make_run()
        resumed.steps(40)
        assert np.array_equal(resumed.theta, run.theta)
    del tree["run"]
    fresh = loads_document(json.dumps(tree))
    assert fresh.training.shuffle == "splitmix"
    assert json.loads(dumps_document(fresh))["version"] == 4


def test_history_without_a_test_set_writes_null_losses():
    doc = load_document(example_path("sigmoid-neuron"))
    run = doc.make_run()
    run.steps(3)
    run.record_now()
    doc.capture(run)
    tree = json.loads(dumps_document(doc))
    assert tree["run"]["history"]["test_loss"] == [None] * 4
    assert all(math.isnan(v) for v in loads_document(dumps_document(doc)).run.history["test_loss"])


@pytest.mark.parametrize("value", [0.1, 1 / 3, -0.0, 5e-324, 1e-300, 1.7976931348623157e308,
                                   2.0 ** 53 + 2, 123456789.12345679, -8.0])
def test_numbers_round_trip_exactly(value):
    doc = load_document(example_path("two-two-two"))
    doc.network.connections[0].weight = value
    doc.network.neurons[2].bias = value
    back = loads_document(dumps_document(doc))
    for got in (back.network.connections[0].weight, back.network.neurons[2].bias):
        assert got == value and math.copysign(1, got) == math.copysign(1, value)


def test_a_new_document_saves_and_loads_back_equal(tmp_path):
    doc = Document(layered("2-3-1", "tanh", seed=4), name="fresh")
    path = tmp_path / "fresh.json"
    save_document(doc, path)
    assert load_document(path) == doc
    assert path.read_text(encoding="utf-8") == dumps_document(doc)


def test_saving_is_deterministic():
    doc = load_document(example_path("spiral"))
    assert dumps_document(doc) == dumps_document(doc.copy())


def test_a_hand_written_minimal_file_gets_defaults_and_a_layout():
    text = json.dumps({
        "format": "backprop-playground-network", "version": 1,
        "neurons": [{"id": "a", "role": "input", "feature": "x1"},
                    {"id": "b", "role": "input", "feature": "x2"},
                    {"id": "out", "role": "output", "activation": "tanh", "bias": 0.5}],
        "connections": [{"from": "a", "to": "out", "weight": 1},
                        {"from": "b", "to": "out", "weight": -1}],
        "data": {"generator": "xor"},
        "training": {"loss": "half_squared", "optimizer": "sgd"},
    })
    doc = loads_document(text)
    assert doc.name == "untitled" and doc.run is None
    assert doc.network.neurons[0].feature == "x1"
    positions = {n.position for n in doc.network.neurons}
    assert len(positions) == 3  # laid out, not all at the origin
    assert doc.network.connections[0].weight == 1.0
    assert isinstance(doc.network.connections[0].weight, float)
    assert doc.make_run().train_loss() > 0


def test_an_input_neuron_must_read_a_column_or_a_feature():
    tree = example_tree("xor")
    tree["neurons"][0]["id"] = "a"
    tree["connections"] = [dict(c, **{"from": "a"}) if c["from"] == "x1" else c
                           for c in tree["connections"]]
    tree["view"]["axes"] = None
    error = _error(tree)
    assert error.where == "neurons[0].id" and 'reads "a"' in error.problem
    tree["neurons"][0]["feature"] = "x1^2"
    assert loads_document(text_of(tree)).make_run().x[0, 0] >= 0


def test_loads_accepts_bytes_with_a_byte_order_mark():
    raw = example_text("bowl").encode("utf-8")
    assert loads_document(b"\xef\xbb\xbf" + raw) == loads_document(raw)


# ---------------------------------------------------------------------------- refusals

def _error(tree_or_text) -> FileFormatError:
    text = tree_or_text if isinstance(tree_or_text, str | bytes) else text_of(tree_or_text)
    with pytest.raises(FileFormatError) as info:
        loads_document(text)
    error = info.value
    assert "\n" not in str(error)
    assert str(error) == (f"{error.where}: {error.problem}" if error.where else error.problem)
    return error


def test_a_dangling_connection_is_named_exactly():
    tree = example_tree("two-two-two")
    tree["connections"][3]["to"] = "h9"
    assert str(_error(tree)) == 'connections[3].to: no neuron "h9"'
    error = _error(tree)
    assert (error.where, error.problem) == ("connections[3].to", 'no neuron "h9"')


def _mutated(name, change):
    tree = example_tree(name)
    change(tree)
    return tree


CASES = [
    # (example, mutation, where, words in the problem)
    ("two-two-two", lambda t: t["neurons"][3].update(id="h1"), "neurons[3].id", "duplicate"),
    ("two-two-two", lambda t: t["connections"].append({"from": "h1", "to": "h1", "weight": 1}),
     "connections[8]", "itself"),
    ("four-three-two", lambda t: (t["neurons"][5].update(role="hidden"),
                                  t["connections"].append({"from": "h3", "to": "h1",
                                                           "weight": 0.5}),
                                  t["connections"].append({"from": "h1", "to": "h3",
                                                           "weight": 0.5})),
     "connections", "cycle"),
    ("bowl", lambda t: t["connections"][0].pop("weight"), "connections[0].weight", "missing"),
    ("bowl", lambda t: t["connections"][0].update(weight="1"), "connections[0].weight",
     "must be a number, not a string"),
    ("bowl", lambda t: t["connections"][1].update(colour="red"), "connections[1].colour",
     "unknown key"),
    ("bowl", lambda t: t["connections"][1].update(weight=float("nan")),
     "connections[1].weight", "finite"),
    ("bowl", lambda t: t["neurons"][2].update(bias=float("inf")), "neurons[2].bias", "finite"),
    ("bowl", lambda t: t["neurons"][2].update(activation="relux"), "neurons[2].activation",
     "relux"),
    ("bowl", lambda t: t["neurons"][0].update(bias=0.0), "neurons[0].bias", "input neuron"),
    ("bowl", lambda t: t["neurons"][2].pop("bias"), "neurons[2].bias", "missing"),
    ("bowl", lambda t: t["neurons"][0].update(id="a->b"), "neurons[0].id", "letters, digits"),
    ("bowl", lambda t: t["data"]["y"].__setitem__(1, [0.0, 1.0]), "data.y[1]", "rows before"),
    ("bowl", lambda t: t["data"]["y"].append([1.0]), "data.y", "rows"),
    ("bowl", lambda t: t["data"].update(y=[[0.0, 0.0], [1.0, 1.0]]), "data.y",
     "1 output neuron"),
    ("bowl", lambda t: t["data"]["x"][0].__setitem__(1, True), "data.x[0][1]",
     "must be a number"),
    ("xor", lambda t: t["data"].update(generator="sigmoid-neuron"), "neurons[1].id",
     "needs input x2"),
    ("xor", lambda t: t["neurons"][1].update(feature="x1"), "neurons[1].feature",
     "read by two input neurons"),
    ("xor", lambda t: t["data"].update(noise=7.0), "data", "noise"),
    ("xor", lambda t: t["data"].update(x=[[1.0, 2.0]]), "data.x", "inline"),
    ("xor", lambda t: t["view"].update(axes=["w:x1->h1", "w:x9->h1"]), "view.axes[1]",
     'no parameter "w:x9->h1"'),
    ("xor", lambda t: t["view"].update(axes=["w:x1->h1", "x1->h1"]), "view.axes[1]",
     '"x1->h1" is not a parameter name: expected w:SRC->DST or b:NEURON'),
    ("xor", lambda t: t["view"].update(axes=["w:x1-h1", "b:h1"]), "view.axes[0]",
     'a weight is w:SRC->DST with both neuron ids'),
    ("xor", lambda t: t["view"].update(range=[1.0, 0.0, 0.0, 1.0]), "view.range", "x0 < x1"),
    ("xor", lambda t: t["training"]["hyper"].update(speed=1.0), "training.hyper.speed",
     "no such hyper-parameter"),
    ("xor", lambda t: t["training"]["hyper"].update(lr=-1.0), "training.hyper.lr", "lr"),
    ("xor", lambda t: t["training"].update(optimizer="newton"), "training.optimizer", "adam"),
    ("xor", lambda t: t["training"].update(batch_size=0), "training.batch_size", "at least 1"),
    ("xor", lambda t: t.pop("neurons"), "neurons", "missing"),
    ("xor", lambda t: t.update(neurons=[]), "neurons", "at least 1"),
    ("xor", lambda t: t.update(format="something-else"), "format", "not a Backprop Playground"),
    ("xor", lambda t: t.update(version="1"), "version", "whole number"),
    ("xor", lambda t: t.update(version=10 ** 400), "version", "newer"),
    ("xor", lambda t: t.update(run={"step": 3, "start": {"w:x1->h9": 1.0}}),
     'run.start["w:x1->h9"]', "no such parameter"),
    ("xor", lambda t: t.update(run={"step": 3, "start": {"h1": 1.0}}),
     'run.start.h1', '"h1" is not a parameter name'),
    ("xor", lambda t: t.update(run={"step": 3, "optimizer_state": {"t": 1, "buffers": {}}}),
     "run.optimizer_state", "buffers"),
    ("xor", lambda t: t.update(run={"step": 3, "history": {"steps": [0, 1], "train_loss": [1.0],
                                                         "test_loss": [1.0, 2.0]}}),
     "run.history.train_loss", "has 1 values"),
]


@pytest.mark.parametrize("name, change, where, words", CASES)
def test_bad_files_are_refused_with_the_place_and_the_problem(name, change, where, words):
    error = _error(_mutated(name, change))
    assert error.where == where, str(error)
    assert words in error.problem, str(error)


def test_a_newer_version_says_so():
    tree = example_tree("bowl")
    tree["version"] = 5
    tree["something_new"] = {"from": "the future"}
    error = _error(tree)
    assert error.where == "version"
    assert "newer" in error.problem and "version 5" in error.problem


@pytest.mark.parametrize("text, where, words", [
    ("", "line 1, column 1", "not valid JSON"),
    ('{"format": "backprop-playground-network", "version": 1,', "line 1, column 56",
     "ends too early"),
    ("[1, 2]", "", "JSON object, not a list"),
    ('{"a": 1, "a": 2}', "", 'key "a" appears twice'),
    ("[" * 100_000, "", "nested too deeply"),
    ("1" * 5000, "", "not valid JSON"),
    ('{"version": NaN}', "format", "not a Backprop Playground"),
])
def test_broken_json_is_refused(text, where, words):
    error = _error(text)
    assert error.where == where, str(error)
    assert words in error.problem, str(error)


def test_truncated_example_is_refused_at_its_end():
    text = example_text("xor")
    error = _error(text[: len(text) // 2])
    assert error.where.startswith("line ") and "not valid JSON" in error.problem


def test_non_utf8_bytes_are_refused_with_the_byte_offset():
    raw = example_text("bowl").encode("utf-8")
    error = _error(raw[:40] + b"\xff\xfe" + raw[40:])
    assert (error.where, error.problem) == ("byte 40", "the file is not UTF-8 text")


def test_too_many_neurons_are_refused_before_the_slow_checks(monkeypatch):
    monkeypatch.setattr(schema, "check_schema", _must_not_run)
    tree = example_tree("bowl")
    n = len(tree["neurons"]) + limits.NEURONS.value
    tree["neurons"] += [{"id": f"n{i}", "role": "hidden"} for i in range(limits.NEURONS.value)]
    error = _error(tree)
    assert error.where == "neurons" and f"{n:,} neurons" in error.problem
    assert f"{limits.NEURONS.value:,}" in error.problem


def test_a_million_and_one_points_are_refused_before_the_slow_checks(monkeypatch):
    monkeypatch.setattr(schema, "check_heavy_arrays", _must_not_run)
    tree = example_tree("bowl")
    row = [0.0, 0.0]
    tree["data"]["x"] = [row] * 1_000_001  # one shared row: cheap to build
    with pytest.raises(FileFormatError) as info:
        schema.check_structure(tree)
    assert info.value.where == "data.x" and "1,000,001 data points" in info.value.problem


def _must_not_run(*args, **kwargs):
    raise AssertionError("a size limit must be checked before this")


def test_a_file_over_the_size_limit_is_not_read(tmp_path, monkeypatch):
    path = tmp_path / "big.json"
    path.write_text(example_text("xor"), encoding="utf-8")
    monkeypatch.setattr(files, "MAX_FILE_BYTES", 1000)
    monkeypatch.setattr(files, "loads_document", _must_not_run)
    with pytest.raises(FileFormatError, match="limit"):
        load_document(path)


def test_a_missing_file_is_a_file_format_error(tmp_path):
    with pytest.raises(FileFormatError, match="cannot read the file"):
        load_document(tmp_path / "absent.json")
    with pytest.raises(FileFormatError, match="is a folder, not a network file"):
        load_document(tmp_path)


# ---------------------------------------------------------------------------- saving

def _original(tmp_path):
    path = tmp_path / "net.json"
    path.write_text(example_text("bowl"), encoding="utf-8")
    return path, path.read_bytes()


def _trained_bowl():
    doc = load_document(example_path("bowl"))
    run = doc.make_run()
    run.steps(1)
    doc.capture(run)
    return doc


def test_an_interrupted_save_leaves_the_original_unchanged(tmp_path, monkeypatch):
    path, before = _original(tmp_path)

    def crash(src, dst):
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(files.os, "replace", crash)
    with pytest.raises(SaveError) as info:
        save_document(_trained_bowl(), path)
    assert isinstance(info.value, OSError) and info.value.errno == errno.EIO
    assert "unchanged" in str(info.value)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["net.json"]  # no temporary file left


def test_a_save_interrupted_by_the_user_leaves_no_trace(tmp_path, monkeypatch):
    path, before = _original(tmp_path)

    def interrupt(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(files.os, "replace", interrupt)
    with pytest.raises(KeyboardInterrupt):
        save_document(_trained_bowl(), path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["net.json"]


def test_a_read_only_folder_fails_clearly(tmp_path, monkeypatch):
    path, before = _original(tmp_path)

    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(files.tempfile, "mkstemp", refuse)
    with pytest.raises(SaveError, match="read-only") as info:
        save_document(_trained_bowl(), path)
    assert info.value.errno == errno.EACCES and str(path) in str(info.value)
    assert path.read_bytes() == before


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0,
                    reason="needs a user that file permissions apply to")
def test_a_really_read_only_folder_fails_clearly(tmp_path):
    path, before = _original(tmp_path)
    tmp_path.chmod(0o555)
    try:
        with pytest.raises(SaveError, match="read-only"):
            save_document(_trained_bowl(), path)
    finally:
        tmp_path.chmod(0o755)
    assert path.read_bytes() == before


def test_save_replaces_the_file_and_keeps_its_permissions(tmp_path):
    path, _ = _original(tmp_path)
    path.chmod(0o640)
    doc = _trained_bowl()
    save_document(doc, path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert load_document(path).run.step == 1


def test_a_document_that_would_not_load_is_not_saved(tmp_path):
    path, before = _original(tmp_path)
    doc = load_document(path)
    doc.network.neurons[2].bias = float("nan")
    with pytest.raises(FileFormatError) as info:
        save_document(doc, path)
    assert info.value.where == "neurons[2].bias"
    doc = load_document(path)
    doc.view.axes = ("w:x1->o1", "b:nothing")
    with pytest.raises(FileFormatError, match="b:nothing"):
        save_document(doc, path)
    assert path.read_bytes() == before


def test_a_cut_short_string_reads_as_a_whole_sentence():
    with pytest.raises(FileFormatError) as info:
        loads_document('{"format": "backprop-playground-network", "title": "unfinished')
    message = str(info.value)
    assert "unterminated string starting here" in message and not message.endswith(" at")
    assert "cut short" in message
