"""The `playground` command, run as a user runs it (subprocess) and in-process for the rest."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import types
from pathlib import Path

import pytest

from playground import __version__, cli
from playground.io.examples import example_path
from playground.io.files import load_document
from playground.workspace import views
from tests.io.helpers import example_tree, text_of

REPO = Path(__file__).resolve().parents[1]
SIGMOID = "resources/examples/sigmoid-neuron.json"


def playground(*args: str) -> subprocess.CompletedProcess:
    """`python -m playground ARGS` from the repository, as a user would type it."""
    return subprocess.run([sys.executable, "-m", "playground", *args], cwd=REPO,
                          capture_output=True, text=True, timeout=120)


def one_line_error(result: subprocess.CompletedProcess) -> str:
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


# ---------------------------------------------------------------------------- subprocess

def test_grad_of_the_sigmoid_neuron_matches_the_article():
    result = playground("grad", SIGMOID, "--json")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["loss"] == pytest.approx(0.4246312273, abs=1e-10)
    w, b = out["parameters"]["w:x1->o1"], out["parameters"]["b:o1"]
    assert w["gradient"] == pytest.approx(-7.874712603e-4, rel=1e-9)
    assert b["gradient"] == pytest.approx(-3.685365938e-4, rel=1e-9)
    assert w["numeric"] == pytest.approx(w["gradient"], rel=1e-6)
    assert max(w["relative_error"], b["relative_error"]) < 1e-6
    assert (w["value"], b["value"]) == (0.0, -8.0)


def test_grad_prints_an_aligned_table():
    result = playground("grad", SIGMOID)
    assert result.returncode == 0 and result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0].startswith("loss 0.4246312273")
    table = [line for line in lines[2:] if line]
    assert table[0].split()[0] == "parameter"
    assert "-7.874712603e-04" in table[1] and table[1].startswith("w:x1->o1")
    assert "-3.685365938e-04" in table[2] and table[2].startswith("b:o1")
    assert len({len(line) for line in table}) == 1  # right-aligned columns


def test_train_json_and_out(tmp_path):
    out = tmp_path / "trained.json"
    result = playground("train", SIGMOID, "--steps", "1000", "--json", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # no progress bar off a terminal
    report = json.loads(result.stdout)
    assert report["steps"] == 1000 and report["seconds"] > 0
    assert report["steps_per_second"] == pytest.approx(1000 / report["seconds"])
    assert report["loss"] == pytest.approx(0.0170468, abs=1e-6)
    assert report["parameters"]["w:x1->o1"] == pytest.approx(3.230394, abs=1e-6)
    assert report["parameters"]["b:o1"] == pytest.approx(-5.756507, abs=1e-6)
    saved = load_document(out)
    assert saved.run.step == 1000
    assert saved.network.parameter_values() == report["parameters"]
    # Training on from the saved file continues where it stopped.
    more = json.loads(playground("train", str(out), "--steps", "10", "--json").stdout)
    assert more["total_steps"] == 1010


def test_bad_file_exits_2_with_one_line_naming_the_place(tmp_path):
    tree = example_tree("two-two-two")
    tree["connections"][3]["to"] = "h9"
    bad = tmp_path / "bad.json"
    bad.write_text(text_of(tree), encoding="utf-8")
    result = playground("train", str(bad), "--steps", "5")
    assert result.returncode == 2
    assert one_line_error(result) == \
        f'playground train: {bad}: connections[3].to: no neuron "h9"'


def test_missing_file_and_bad_commands_exit_2_with_one_line():
    for args in (["grad", "no-such-file.json"], ["train", SIGMOID],
                 ["train", SIGMOID, "--steps", "ten"], ["frobnicate", "--now"],
                 ["render", SIGMOID, "--view", "landscape", "--out", "picture.jpg"]):
        result = playground(*args)
        assert result.returncode == 2, args
        assert one_line_error(result).startswith("playground"), args


def test_divergence_exits_3_naming_the_step(tmp_path):
    tree = example_tree("bowl")
    tree["training"]["hyper"]["lr"] = 10.0
    path = tmp_path / "steep.json"
    path.write_text(text_of(tree), encoding="utf-8")
    result = playground("train", str(path), "--steps", "100", "--json")
    assert result.returncode == 3
    message = result.stderr.strip()
    assert "\n" not in message and "Traceback" not in message
    assert "at step 5" in message and "smaller learning rate" in message
    assert json.loads(result.stdout)["diverged"].startswith("loss became")


def test_version_and_help():
    result = playground("--version")
    assert (result.returncode, result.stdout.strip()) == (0, f"playground {__version__}")
    for command in ([], ["train"], ["grad"], ["render"]):
        result = playground(*command, "--help")
        assert result.returncode == 0 and "usage: playground" in result.stdout


# ---------------------------------------------------------------------------- in process

def test_example_names_work_as_files(capsys):
    assert cli.main(["train", "bowl", "--epochs", "1", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["steps"] == 1 and report["parameters"] == {"w:x1->o1": 0.0, "w:x2->o1": 0.0}
    assert report["loss"] == 0.0


def test_train_text_report(capsys):
    assert cli.main(["train", "two-two-two", "--steps", "3", "--seed", "5"]) == 0
    out = capsys.readouterr().out
    assert "3 steps" in out and "w:x1->h1" in out and "loss 2.797073597 -> " in out


def test_a_run_that_already_diverged_exits_3(tmp_path, capsys):
    tree = example_tree("bowl")
    tree["run"] = {"step": 4, "diverged": "loss became infinite at step 4; try a smaller "
                                          "learning rate"}
    path = tmp_path / "done.json"
    path.write_text(text_of(tree), encoding="utf-8")
    assert cli.main(["train", str(path), "--steps", "1"]) == 3
    assert "already diverged" in capsys.readouterr().err


def test_progress_bar_draws_only_on_a_terminal():
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    run = load_document(example_path("xor")).make_run()
    stream = Terminal()
    bar = cli.ProgressBar(stream, 200, enabled=True)
    assert cli.train_steps(run, 200, bar) == 200
    bar.close()
    text = stream.getvalue()
    last = text.rstrip("\n").split("\r")[-1]  # what the terminal shows at the end
    assert last.startswith("100%") and "200/200" in last and "loss " in last
    assert text.endswith("\n") and "\n" not in text[:-1]  # one line, redrawn in place
    quiet = io.StringIO()
    bar = cli.ProgressBar(quiet, 10, enabled=False)
    cli.train_steps(load_document(example_path("xor")).make_run(), 10, bar)
    bar.close()
    assert quiet.getvalue() == ""


def _fake_module(monkeypatch, name: str, **attrs) -> list:
    calls: list = []
    module = types.ModuleType(name)
    for attr, value in attrs.items():
        setattr(module, attr, value(calls))
    monkeypatch.setitem(sys.modules, name, module)
    return calls


def test_no_command_opens_the_app_on_the_file_or_the_default(monkeypatch):
    calls = _fake_module(monkeypatch, "playground.ui.app",
                         run_app=lambda calls: lambda path: calls.append(path) or 0)
    assert cli.main([]) == 0
    assert cli.main([SIGMOID]) == 0
    assert cli.main(["spiral"]) == 0
    assert calls == [None, SIGMOID, str(example_path("spiral"))]


def test_opening_a_missing_file_exits_2_before_starting_qt(monkeypatch, capsys):
    calls = _fake_module(monkeypatch, "playground.ui.app",
                         run_app=lambda calls: lambda path: calls.append(path) or 0)
    assert cli.main(["nothing-here.json"]) == 2
    assert calls == [] and "no such file" in capsys.readouterr().err


def test_a_missing_interface_exits_1_with_a_message(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "playground.ui.app", None)
    monkeypatch.setitem(sys.modules, "playground.ui.files.render", None)
    assert cli.main([]) == 1
    assert cli.main(["render", "bowl", "--view", "loss", "--out", "x.png"]) == 1
    err = capsys.readouterr().err
    assert "cannot start" in err and "Qt interface" in err


def test_render_passes_view_steps_and_size(monkeypatch, tmp_path, capsys):
    def render_view(calls):
        def render(document, view, out, steps, size):
            calls.append((document.name, view, out, steps, size))
        return render

    calls = _fake_module(monkeypatch, "playground.ui.files.render", render_view=render_view)
    png, svg = tmp_path / "w.png", tmp_path / "l.svg"
    assert cli.main(["render", "xor", "--view", "window", "--out", str(png)]) == 0
    assert cli.main(["render", "bowl", "--view", "landscape", "--out", str(svg),
                     "--steps", "7"]) == 0
    assert cli.main(["render", "bowl", "--view", "data", "--out", str(svg),
                     "--size", "300x200"]) == 0
    assert calls == [("xor", "window", png, 0, (1280, 800)),
                     ("bowl", "landscape", svg, 7, (800, 600)),
                     ("bowl", "data", svg, 0, (300, 200))]
    assert cli.main(["render", "bowl", "--view", "data", "--out", str(svg),
                     "--size", "3x2"]) == 2
    assert cli.main(["render", "bowl", "--view", "data",
                     "--out", str(tmp_path / "missing" / "x.png")]) == 2
    assert f"16 to {views.MAX_SIDE:,}" in capsys.readouterr().err


def test_grad_refuses_parameters_where_the_loss_overflows(tmp_path):
    tree = example_tree("bowl")
    tree["connections"][0]["weight"] = 1e200
    path = tmp_path / "huge.json"
    path.write_text(json.dumps(tree))
    result = playground("grad", str(path), "--json")
    assert result.returncode == 3
    assert "overflows" in one_line_error(result)


# ---------------------------------------------------------------------------- hostile input

def test_a_fifo_as_file_is_refused_at_once_not_waited_on(tmp_path):
    import os

    fifo = tmp_path / "net.json"
    os.mkfifo(fifo)
    for command in (["train", str(fifo), "--steps", "1"], ["grad", str(fifo)], [str(fifo)]):
        result = playground(*command)
        assert result.returncode == 2
        assert "named pipe" in one_line_error(result)


def test_a_folder_as_file_is_called_a_folder(tmp_path):
    result = playground("train", str(tmp_path), "--steps", "1")
    assert result.returncode == 2
    assert "is a folder" in one_line_error(result)
    result = playground(str(tmp_path))
    assert result.returncode == 2
    assert "is a folder" in one_line_error(result)


def _diverging_bowl(tmp_path) -> Path:
    tree = example_tree("bowl")
    tree["training"]["hyper"]["lr"] = 1e3
    path = tmp_path / "diverging.json"
    path.write_text(text_of(tree), encoding="utf-8")
    return path


def test_train_out_on_divergence_saves_the_last_finite_state_and_says_so(tmp_path):
    out = tmp_path / "out.json"
    result = playground("train", str(_diverging_bowl(tmp_path)), "--steps", "500",
                        "--out", str(out))
    assert result.returncode == 3
    line = one_line_error(result)
    assert "diverged" in line and "saved the last finite state" in line and str(out) in line
    saved = load_document(out)
    assert saved.run is not None and saved.run.diverged
    assert all(abs(c.weight) < 1e300 for c in saved.network.connections)
    assert f"step {saved.run.step:,}" in line


def test_no_numpy_warning_reaches_the_user(tmp_path):
    tree = example_tree("bowl")
    tree["connections"][0]["weight"] = 1e200  # the squared error overflows at once
    path = tmp_path / "overflow.json"
    path.write_text(text_of(tree), encoding="utf-8")
    for command in (["train", str(path), "--steps", "5"], ["grad", str(path)]):
        result = playground(*command)
        assert result.returncode == 3, result.stderr
        assert "Warning" not in result.stderr
        assert "diverged" in one_line_error(result) or "overflows" in result.stderr


def test_grad_checks_a_sample_and_says_so_when_all_would_take_too_long(capsys, monkeypatch):
    from playground.io import limits

    monkeypatch.setattr(limits, "GRAD_CHECK_SECONDS",
                        limits.Limit("finite-difference check time", 1e-9, "seconds", ""))
    assert cli.main(["grad", "four-three-two"]) == 0
    out = capsys.readouterr().out
    assert "evenly spread sample" in out and "of 23 parameters" in out
    rows = [line for line in out.splitlines() if line.startswith(("w:", "b:"))]
    assert len(rows) == 23
    assert sum(line.rstrip().endswith("-") for line in rows) == 23 - 1  # one fits no budget
