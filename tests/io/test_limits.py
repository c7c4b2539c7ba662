"""Hostile files: odd file kinds, each size limit just crossed, unwritable text, history
entries past the first two, absurd view ranges, and saves that fail or go through links."""

from __future__ import annotations

import json
import os
import time

import pytest

from playground.io import files, limits, schema
from playground.io.examples import example_path
from playground.io.files import FileFormatError, load_document, loads_document, save_document
from tests.io.helpers import example_tree


def _text(tree) -> str:
    return json.dumps(tree)


def _trained_tree(name: str = "sigmoid-neuron", steps: int = 5) -> dict:
    """The tree of an example after a few steps: it has a run with a history."""
    from playground.io.codec import tree_from_document

    doc = load_document(example_path(name))
    run = doc.make_run()
    run.steps(steps)
    run.record_now()
    doc.capture(run)
    return json.loads(json.dumps(tree_from_document(doc)))


def _refused(tree, *words: str) -> str:
    with pytest.raises(FileFormatError) as e:
        loads_document(_text(tree))
    message = str(e.value)
    assert "\n" not in message and len(message) < 300, message
    for w in words:
        assert w in message, message
    return message


def _must_not_run(*args, **kwargs):
    raise AssertionError("the limit must be checked before this runs")


# ---------------------------------------------------------------------------- file kinds

def test_a_fifo_is_refused_without_opening_it(tmp_path):
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    started = time.monotonic()
    with pytest.raises(FileFormatError, match="named pipe"):
        load_document(fifo)
    assert time.monotonic() - started < 1


def test_a_device_and_a_folder_each_get_their_own_message(tmp_path):
    with pytest.raises(FileFormatError, match="is a device"):
        load_document("/dev/zero")
    with pytest.raises(FileFormatError, match="is a folder"):
        load_document(tmp_path)


def test_a_link_to_a_regular_file_loads(tmp_path):
    link = tmp_path / "link.json"
    link.symlink_to(example_path("xor"))
    assert load_document(link).name == "xor"


# ---------------------------------------------------------------------------- limits

def _big_net(n_neurons: int, n_connections: int) -> dict:
    tree = example_tree("bowl")
    tree.pop("run", None)
    tree["neurons"] = [{"id": f"n{i}", "role": "hidden", "activation": "linear", "bias": None}
                       for i in range(n_neurons)]
    tree["connections"] = [{"from": "a", "to": "b", "weight": 0.0}] * n_connections
    return tree


def test_one_neuron_over_the_limit_is_refused_naming_it():
    _refused(_big_net(limits.NEURONS.value + 1, 0), "neurons", f"{limits.NEURONS.value:,}",
             "neurons limit")


def test_one_connection_over_the_limit_is_refused_naming_it():
    _refused(_big_net(2, limits.CONNECTIONS.value + 1), "connections",
             f"{limits.CONNECTIONS.value:,}", "connections limit")


def test_one_inline_data_point_over_the_limit_is_refused_naming_it():
    tree = example_tree("bowl")
    n = limits.INLINE_POINTS.value + 1
    tree["data"] = {"generator": None, "x": [[0.0]] * n, "y": [[0.0]] * n}
    _refused(tree, "data.x", f"{limits.INLINE_POINTS.value:,}", "inline data points limit")


def test_one_generated_data_point_over_the_limit_is_refused_naming_it():
    tree = example_tree("xor")
    tree["data"]["n_points"] = limits.POINTS.value + 1
    _refused(tree, "data.n_points", f"{limits.POINTS.value:,}")


def test_one_history_entry_over_the_limit_is_refused_naming_it():
    tree = _trained_tree()
    n = limits.HISTORY.value + 1
    tree["run"]["history"].update(steps=list(range(n)), train_loss=[0.5] * n,
                                  test_loss=[None] * n)
    _refused(tree, "run.history.steps", f"{limits.HISTORY.value:,}", "history entries limit")


@pytest.mark.parametrize("n_cols", [limits.GENERATOR_COLUMNS.value + 1, 1e9, 1e300])
def test_generator_columns_over_the_limit_are_refused_before_anything_is_built(
        n_cols, monkeypatch):
    from playground.io import codec

    monkeypatch.setattr(codec, "check_features", _must_not_run)
    tree = example_tree("linear-regression")
    tree["data"].setdefault("params", {})["n_cols"] = n_cols
    _refused(tree, "data.params.n_cols", "generator columns limit")


def test_a_wrong_count_of_many_columns_gets_a_short_message():
    tree = example_tree("linear-regression")
    tree["data"].setdefault("params", {})["n_cols"] = limits.GENERATOR_COLUMNS.value
    message = _refused(tree, "1,000 input columns")
    assert len(message) < 200


def test_work_over_the_limit_is_refused_before_the_data_are_built(monkeypatch):
    from playground.engine.network import layered
    from playground.io import codec
    from playground.io.document import DataSpec, Document

    net = layered("2-8-8-1", "tanh", "linear", seed=0)
    size = len(net.neurons) + len(net.connections)
    n = limits.WORK.value // size + 1
    assert n <= limits.POINTS.value
    doc = Document(net, DataSpec("xor", n_points=n, train_fraction=1.0))
    monkeypatch.setattr(codec, "check_trainable", _must_not_run)
    _refused(codec.tree_from_document(doc), "data", limits.WORK.name,
             f"{limits.WORK.value:,}")


def test_a_resolution_over_the_limit_is_refused():
    tree = example_tree("xor")
    tree["view"]["resolution"] = limits.RESOLUTION.value + 1
    _refused(tree, "view.resolution", f"{limits.RESOLUTION.value:,}")


def test_the_schema_states_the_same_limits_as_the_table():
    props = schema.schema()["properties"]
    assert props["neurons"]["maxItems"] == limits.NEURONS.value
    assert props["connections"]["maxItems"] == limits.CONNECTIONS.value
    view = schema.schema()["$defs"]["view"]["properties"]
    assert view["resolution"]["maximum"] == limits.RESOLUTION.value
    assert view["resolution"]["minimum"] == limits.MIN_RESOLUTION
    run = schema.schema()["$defs"]["run"]["properties"]
    assert run["step"]["maximum"] == limits.STEPS.value


def test_the_picture_size_limit_is_the_same_in_the_command_and_in_render():
    from playground import cli

    side = limits.PICTURE_SIDE.value
    assert cli._size(f"{side}x{side}") == (side, side)
    with pytest.raises(Exception, match=f"{side:,}"):
        cli._size(f"{side + 1}x16")


# ---------------------------------------------------------------------------- text

@pytest.mark.parametrize("where", ["title", "feature", "key"])
def test_a_lone_surrogate_is_refused_with_its_place(where):
    tree = example_tree("xor")
    if where == "title":
        tree["title"] = "XOR \ud800 net"
        place = "title"
    elif where == "feature":
        tree["neurons"][1]["feature"] = "x\udfff"
        place = "neurons[1].feature"
    else:
        tree["run"] = {"step": 0, "start": {"w:\ud800": 1.0}}
        place = "run.start"
    message = _refused(tree, place, "lone surrogate")
    message.encode("utf-8")  # the message itself can be printed


# ---------------------------------------------------------------------------- history

@pytest.mark.parametrize("bad,words", [(2.5, "whole number"), (1e300, "step count"),
                                       (-1, "step count")])
def test_every_history_step_is_validated_not_only_the_first_two(bad, words):
    tree = _trained_tree()
    tree["run"]["history"]["steps"][3] = bad
    _refused(tree, "run.history.steps[3]", words)
    tree = _trained_tree()
    tree["run"]["history"]["path_steps"][2] = bad
    _refused(tree, "run.history.path_steps[2]", words)


def test_a_run_step_beyond_exact_floats_is_refused():
    tree = _trained_tree()
    tree["run"]["step"] = 1e300
    _refused(tree, "run.step")


# ---------------------------------------------------------------------------- view range

@pytest.mark.parametrize("bounds", [[-1e308, 1e308, 0, 1], [0, 1, 5, 5 + 1e-15],
                                    [-1e13, 0, 0, 1]])
def test_view_ranges_are_finite_and_sane(bounds):
    tree = example_tree("sigmoid-neuron")
    tree["view"]["range"] = bounds
    _refused(tree, "view.range")


# ---------------------------------------------------------------------------- saves

def _doc():
    return load_document(example_path("bowl"))


def _temporaries(folder):
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@pytest.mark.parametrize("where,error", [("fsync", OSError(28, "No space left on device")),
                                         ("replace", OSError(13, "Permission denied")),
                                         ("replace", KeyboardInterrupt()),
                                         ("chmod", OSError(1, "Operation not permitted"))])
def test_a_failed_save_leaves_no_temporary_file(tmp_path, monkeypatch, where, error):
    target = tmp_path / "net.json"
    save_document(_doc(), target)
    before = target.read_bytes()

    def fail(*args, **kwargs):
        raise error

    monkeypatch.setattr(files.os, where, fail)
    with pytest.raises(OSError if isinstance(error, OSError) else type(error)):
        save_document(_doc(), target)
    monkeypatch.undo()
    assert _temporaries(tmp_path) == []
    assert target.read_bytes() == before


def test_temporaries_of_a_killed_save_are_removed_by_the_next_save(tmp_path):
    target = tmp_path / "net.json"
    stale = tmp_path / ".net.json.abc123.tmp"
    stale.write_text("half a file")
    old = time.time() - 2 * files.STALE_SECONDS
    os.utime(stale, (old, old))
    fresh = tmp_path / ".net.json.def456.tmp"  # maybe another save under way: kept
    fresh.write_text("another save")
    other = tmp_path / ".other.json.abc.tmp"
    other.write_text("not ours")
    os.utime(other, (old, old))
    save_document(_doc(), target)
    assert _temporaries(tmp_path) == [".net.json.def456.tmp", ".other.json.abc.tmp"]


def test_saving_through_a_link_writes_the_target_and_keeps_the_link(tmp_path):
    real = tmp_path / "real" / "net.json"
    real.parent.mkdir()
    save_document(_doc(), real)
    link = tmp_path / "link.json"
    link.symlink_to(real)
    doc = _doc()
    doc.title = "saved through the link"
    save_document(doc, link)
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert load_document(real).title == "saved through the link"
    assert _temporaries(tmp_path) == [] and _temporaries(real.parent) == []


def test_saving_over_a_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    with pytest.raises(files.SaveError, match="named pipe"):
        save_document(_doc(), fifo)
    assert _temporaries(tmp_path) == []


def test_a_run_longer_than_the_path_limit_saves_thinned_and_loads_back(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "PATH_NUMBERS",
                        limits.Limit("path numbers", 40, "numbers", ""))
    doc = load_document(example_path("sigmoid-neuron"))  # 2 parameters: 20 rows fit
    run = doc.make_run()
    run.steps(100)
    run.record_now()
    doc.capture(run)
    path = doc.run.history["path"]
    assert 10 <= len(path) <= 20
    assert doc.run.history["path_steps"][-1] == 100 and path[-1] == list(run.theta)
    save_document(doc, tmp_path / "thin.json")
    again = load_document(tmp_path / "thin.json")
    assert again.run.history["path"] == path


def test_docs_list_every_limit_of_the_table():
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2] / "docs" / "file-format.md").read_text()
    section = text[text.index("## Limits"):]
    shown = {limits.FILE_BYTES: f"{limits.FILE_BYTES.value >> 20} MB", limits.STEPS: "2⁵³",
             limits.GRAD_CHECK_SECONDS: "30 s"}
    for limit in limits.TABLE:
        assert shown.get(limit, f"{limit.value:,}") in section, limit.name


def test_an_edited_document_over_a_limit_does_not_train():
    from playground.engine.network import layered

    doc = load_document(example_path("xor"))
    doc.network = layered("2-110-110-1", "tanh", "linear", seed=0)  # 12,430 connections
    with pytest.raises(ValueError, match=f"connections limit of {limits.CONNECTIONS.value:,}"):
        doc.make_run()
