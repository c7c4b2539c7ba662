"""`playground curvature`: λmax, λmin and the stability edge from the command line."""

from __future__ import annotations

import json

import numpy as np
import pytest

from playground import cli
from playground.io.examples import EXAMPLES_DIR
from playground.io.files import load_document


def run_cli(capsys, *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_done_when_the_elongated_bowl_reports_exactly_ten(capsys):
    code, out, err = run_cli(capsys, "curvature", "--expr", "0.5*(x**2 + 10*y**2)",
                             "--at", "x=-4,y=1.5", "--lr", "0.1", "--json")
    assert code == 0, err
    report = json.loads(out)
    assert abs(report["lambda_max"] - 10.0) < 1e-6
    assert abs(report["lambda_min"] - 1.0) < 1e-6
    assert report["edge"] == pytest.approx(20.0) and report["past_edge"] is False
    assert report["expression"] == "0.5*(x**2 + 10*y**2)" and report["file"] is None


def test_done_when_linear_regression_reports_lambda_max_of_ata(capsys):
    doc = load_document(EXAMPLES_DIR / "linear-regression.json")
    run = doc.make_run()
    a = run.x  # a bias-free linear neuron: the Hessian of ½‖Ax − b‖² summed is AᵀA
    want = np.linalg.eigvalsh(a.T @ a)
    code, out, err = run_cli(capsys, "curvature", "linear-regression", "--json")
    assert code == 0, err
    report = json.loads(out)
    assert abs(report["lambda_max"] - want[-1]) < 1e-6
    assert abs(report["lambda_min"] - want[0]) < 1e-6
    assert report["lr"] == 0.1 and report["past_edge"] is False


def test_text_report_says_past_the_edge(capsys):
    code, out, _ = run_cli(capsys, "curvature", "linear-regression", "--lr", "0.11")
    assert code == 0
    assert "λmax = 18.6556" in out and "2/lr = 18.1818" in out
    assert "past the edge" in out


def test_after_training_steps_and_adaptive_optimizers(capsys):
    code, out, _ = run_cli(capsys, "curvature", "xor", "--steps", "20", "--json")
    report = json.loads(out)
    assert code == 0 and report["step"] == 20
    assert report["optimizer"] == "adam" and report["edge"] is None
    assert report["past_edge"] is None
    code, out, _ = run_cli(capsys, "curvature", "xor", "--steps", "20")
    assert "no edge in λmax alone" in out


def test_bad_input_is_one_line(capsys):
    code, _, err = run_cli(capsys, "curvature", "no-such-file")
    assert code == 2 and len(err.strip().splitlines()) == 1
    code, _, err = run_cli(capsys, "curvature", "linear-regression", "--lr", "0.2",
                           "--steps", "400")
    assert code == 3 and "diverged" in err and len(err.strip().splitlines()) == 1
