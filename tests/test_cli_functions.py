"""The command line with function documents (--expr/--at), training options and races."""

from __future__ import annotations

import csv
import json

import pytest

from playground import cli
from tests.engine.test_function import assert_caret_under_column
from tests.test_cli import playground


def run_cli(capsys, *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_done_when_one_step_of_the_article_lands_on_zero_exactly():
    result = playground("train", "--expr", "x**2 + y**2", "--at", "x=-5,y=-5", "--lr", "0.5",
                        "--steps", "1", "--json")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["parameters"] == {"x": 0.0, "y": 0.0}
    assert out["loss"] == 0.0 and out["initial_loss"] == 50.0
    assert out["lr"] == 0.5 and out["optimizer"] == "sgd"
    assert out["file"] is None and out["expression"] == "x**2 + y**2"


@pytest.mark.parametrize("expr, words", [
    ("__import__('os')", 'unknown function "__import__"'),
    ("x.y", "attribute access"),
    ("lambda: 0", "lambda is not allowed"),
    ("f = ", "needs an expression"),
    ("x +* y", "invalid syntax"),
    ("x + q", 'unknown name "q"'),
    ("(" * 10000 + "x" + ")" * 10000, "nested too deeply"),
    ("9**9**9**9", "overflows"),
])
def test_bad_expressions_get_one_message_and_nothing_runs(capsys, expr, words):
    code, out, err = run_cli(capsys, "train", "--expr", expr, "--at", "x=1,y=2", "--steps", "1",
                             "--json")
    assert code == 2 and out == ""
    first = err.splitlines()[0]
    assert first.startswith("playground train: --expr: ") and words in first
    assert "Traceback" not in err
    if "line 1, column" in first:  # the caret points at the column it names
        column = int(first.split("column ")[1].split(":")[0])
        assert_caret_under_column(err.rstrip("\n"), expr.strip(), column)


@pytest.mark.parametrize("args, words", [
    (["--at", "x=1"], "--at needs --expr"),
    (["--expr", "x**2"], "--expr needs --at"),
    (["xor", "--expr", "x**2", "--at", "x=1"], "not both"),
    (["--expr", "x**2", "--at", "x=one"], "not a number"),
    (["--expr", "x**2", "--at", "x=1", "--optimizer", "adam:beta1=3"], "beta1"),
    (["--expr", "x**2", "--at", "x=1", "--optimizer", "sgdx"], "unknown optimizer"),
    (["--expr", "x**2", "--at", "x=1", "--schedule", "cosine:period=0"], "period"),
    ([], "give a FILE or --expr"),
])
def test_bad_source_or_training_options_are_one_line(capsys, args, words):
    code, out, err = run_cli(capsys, "train", *args, "--steps", "1")
    assert code == 2 and out == ""
    assert len(err.splitlines()) == 1 and words in err


def test_train_takes_optimizer_lr_and_schedule(capsys, tmp_path):
    saved = tmp_path / "f.json"
    code, out, err = run_cli(capsys, "train", "--expr", "z = x*y; f = z**2 + x**2",
                             "--at", "x=1,y=2", "--optimizer", "momentum:lr=0.5:momentum=0.5",
                             "--lr", "0.01", "--schedule", "step:every=5:gamma=0.5",
                             "--steps", "10", "--json", "--out", str(saved))
    assert code == 0, err
    report = json.loads(out)
    assert report["optimizer"] == "momentum" and report["lr"] == 0.01
    assert report["schedule"] == "step:every=5:gamma=0.5"
    assert report["final_lr"] == pytest.approx(0.01 * 0.25)
    assert report["loss"] < report["initial_loss"]
    code, out, err = run_cli(capsys, "train", str(saved), "--steps", "1", "--json")
    assert code == 0, err
    assert json.loads(out)["schedule"] == "step:every=5:gamma=0.5"


def test_grad_of_a_function(capsys):
    code, out, err = run_cli(capsys, "grad", "--expr", "z = x*y; f = z + z**2", "--at",
                             "x=2,y=3", "--json")
    assert code == 0, err
    params = json.loads(out)["parameters"]
    # df/dz = 1 + 2z = 13 through both uses of z; dz/dx = y, dz/dy = x
    assert params["x"]["gradient"] == 39.0 and params["y"]["gradient"] == 26.0


def test_race_on_rosenbrock_renders_and_reports_every_runner(capsys, tmp_path):
    png, table = tmp_path / "race.png", tmp_path / "race.csv"
    code, out, err = run_cli(capsys, "race", "fn-rosenbrock", "--optimizers",
                             "sgd:lr=0.001,momentum:lr=0.001:momentum=0.9,adam:lr=0.05",
                             "--steps", "400", "--tolerance", "1e-2", "--out", str(png),
                             "--csv", str(table), "--json", "--size", "600x300")
    assert code == 0, err
    report = json.loads(out)
    runners = report["runners"]
    assert [r["optimizer"] for r in runners] == ["sgd", "momentum", "adam"]
    assert runners[1]["hyper"]["momentum"] == 0.9 and runners[2]["hyper"]["lr"] == 0.05
    for r in runners:
        assert set(r["final_point"]) == {"x", "y"} and r["final_loss"] >= 0
        assert r["steps_to_tolerance"] is None or 0 < r["steps_to_tolerance"] <= 400
    assert report["start"] == {"x": -1.2, "y": 1.0}
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    from PySide6.QtGui import QImage

    assert QImage(str(png)).size().toTuple() == (600, 300)
    rows = list(csv.reader(table.open()))
    assert rows[0] == ["runner", "label", "step", "loss", "x", "y"]
    assert len(rows) == 1 + 3 * 401


def test_race_of_three_rates_on_a_network_in_text(capsys):
    code, out, err = run_cli(capsys, "race", "xor", "--optimizers",
                             "sgd:lr=0.1,sgd:lr=0.3,sgd:lr=1", "--steps", "20")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith("xor: 3 runners, 20 steps")
    assert [line.split()[0] for line in lines[2:5]] == ["sgd:lr=0.1", "sgd:lr=0.3", "sgd:lr=1"]


@pytest.mark.parametrize("args, words", [
    (["--optimizers", "sgd,,adam"], "empty"),
    (["--optimizers", "sgd", "--out", "race.jpg"], ".png or .svg"),
    (["--optimizers", "sgd", "--axes", "x"], "two different"),
    (["--optimizers", "sgd:lr=1@cosine:period=0"], "period"),
])
def test_bad_race_arguments_are_one_line(capsys, args, words):
    code, out, err = run_cli(capsys, "race", "fn-bowl", "--steps", "3", *args)
    assert code == 2 and out == "" and len(err.splitlines()) == 1 and words in err
