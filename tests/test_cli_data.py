"""`playground train` on classification data: accuracy, per class and the confusion table."""

from __future__ import annotations

import json

import numpy as np
import pytest

from playground import cli
from playground.io.files import load_document


def run_json(capsys, *args: str) -> dict:
    assert cli.main(list(args)) == 0
    return json.loads(capsys.readouterr().out)


def test_three_blobs_train_to_95_percent_with_a_2_8_3_softmax_net(capsys):
    before = run_json(capsys, "train", "blobs", "--steps", "0", "--json")
    assert before["test_accuracy"] < 0.9  # untrained, the net guesses
    out = run_json(capsys, "train", "blobs", "--steps", "300", "--json")
    assert out["test_accuracy"] >= 0.95
    assert out["classes"] == ["0", "1", "2"] and out["scored_on"] == "test"
    assert all(v >= 0.9 for v in out["per_class_accuracy"].values())
    table = out["confusion"]
    assert len(table) == 3 and sum(map(sum, table)) == 150  # the test half of 300 points
    right = sum(table[k][k] for k in range(3))
    assert out["test_accuracy"] == pytest.approx(right / 150)
    assert len([p for p in out["parameters"] if p.startswith("w:")]) == 2 * 8 + 8 * 3


def test_text_report_names_the_accuracy(capsys):
    assert cli.main(["train", "xor", "--steps", "5"]) == 0
    assert "accuracy " in capsys.readouterr().out


def test_regression_reports_no_accuracy(capsys):
    out = run_json(capsys, "train", "sigmoid-neuron", "--steps", "3", "--json")
    assert "accuracy" not in out


# ---------------------------------------------------------------------------- --data


def _points_csv(path, seed=0):
    """Three labelled clusters in a semicolon file with an id column the import ignores."""
    rng = np.random.default_rng(seed)
    names = ["north", "south west", "south east"]
    centres = np.array([[0.0, 4.0], [-3.5, -2.0], [3.5, -2.0]])
    lines = ["id;kind;width;height"]
    rows = []
    for i in range(120):
        k = i % 3
        p = centres[k] + rng.normal(size=2)
        rows.append((float(p[0]), float(p[1])))
        lines.append(f"r{i};{names[k]};{float(p[0])!r};{float(p[1])!r}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return np.array(rows)


def test_train_on_a_csv_saves_the_points_inline(capsys, tmp_path):
    points = _points_csv(tmp_path / "pts.csv")
    out_file = tmp_path / "trained.json"
    out = run_json(capsys, "train", "xor", "--data", str(tmp_path / "pts.csv"),
                   "--target", "kind", "--steps", "300", "--out", str(out_file), "--json")
    assert out["classes"] == ["north", "south east", "south west"]
    assert out["test_accuracy"] >= 0.95
    doc = load_document(out_file)
    assert doc.data.generator is None and doc.data.classes == out["classes"]
    assert doc.network.ids("input") == ["width", "height"]
    assert doc.network.ids("output") == ["north", "south_east", "south_west"]
    ds = doc.data.build()
    stored = np.concatenate([ds.x_train, ds.x_test])
    order = np.lexsort(stored.T[::-1])
    want = points[np.lexsort(points.T[::-1])]
    assert stored[order].tobytes() == want.tobytes()  # the same points to the last bit
    # the saved file trains on as it is
    again = run_json(capsys, "train", str(out_file), "--steps", "1", "--json")
    assert again["total_steps"] == 301


def test_grad_and_render_take_data_too(capsys, tmp_path):
    _points_csv(tmp_path / "pts.csv")
    out = run_json(capsys, "grad", "xor", "--data", str(tmp_path / "pts.csv"),
                   "--target", "2", "--json")
    assert out["loss_kind"] == "softmax_ce" and out["max_relative_error"] < 1e-5
    picture = tmp_path / "data.png"
    assert cli.main(["render", "xor", "--data", str(tmp_path / "pts.csv"), "--target", "kind",
                     "--view", "data", "--out", str(picture)]) == 0
    assert picture.stat().st_size > 1000


@pytest.mark.parametrize(("text", "args", "message"), [
    ("a,b,c\n1,2,x\n3,,y\n", [], "pts.csv: line 3, column 2 (b): empty cell"),
    ("a,b,c\n1,2,x\n3,4\n", [], "pts.csv: line 3: 2 values, but line 1 has 3 columns"),
    ("a,b,c\n1,2,x\n3,4,x\n", [], "every row has the class 'x'"),
    ("a,b,c\n1,2,x\n3,4,y\n", ["--target", "d"], "no column 'd'; the columns are a, b, c"),
])
def test_bad_csv_is_one_line_and_exit_2(capsys, tmp_path, text, args, message):
    (tmp_path / "pts.csv").write_text(text)
    status = cli.main(["train", "xor", "--steps", "1", "--data", str(tmp_path / "pts.csv"),
                       *args])
    err = capsys.readouterr().err
    assert status == 2 and len(err.splitlines()) == 1
    assert message in err and err.startswith("playground train: ")


def test_target_without_data_is_refused(capsys):
    assert cli.main(["grad", "xor", "--target", "y"]) == 2
    assert "--target names a column of --data" in capsys.readouterr().err


def test_race_takes_data_too(capsys, tmp_path):
    _points_csv(tmp_path / "pts.csv")
    out = run_json(capsys, "race", "xor", "--data", str(tmp_path / "pts.csv"), "--target",
                   "kind", "--optimizers", "sgd:lr=0.1,adam:lr=0.05", "--steps", "20", "--json")
    # the network refitted to the file's columns: two inputs, three classes out
    assert any(p.startswith("w:width->") for p in out["parameters"])
    assert sum(p.startswith("b:north") for p in out["parameters"]) == 1
    assert [r["label"] for r in out["runners"]] == ["sgd:lr=0.1", "adam:lr=0.05"]
    assert all(r["final_loss"] is not None for r in out["runners"])


def test_race_on_a_function_refuses_data(capsys, tmp_path):
    _points_csv(tmp_path / "pts.csv")
    assert cli.main(["race", "--expr", "x**2 + y**2", "--at", "x=1,y=1", "--data",
                     str(tmp_path / "pts.csv"), "--optimizers", "sgd:lr=0.1",
                     "--steps", "2"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("playground race: --data: a function document has no data")


def test_race_batch_option_sets_points_per_step(capsys):
    out = run_json(capsys, "race", "xor", "--optimizers", "sgd:lr=0.1", "--steps", "3",
                   "--batch", "8", "--json")
    assert out["batch_size"] == 8
    full = run_json(capsys, "race", "xor", "--optimizers", "sgd:lr=0.1", "--steps", "3",
                    "--batch", "0", "--json")
    assert full["batch_size"] > 8 and full["runners"] != out["runners"]
