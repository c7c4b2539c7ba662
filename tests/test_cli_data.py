"""`playground train` on classification data: accuracy, per class and the confusion table."""

from __future__ import annotations

import json

import pytest

from playground import cli


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
