"""The gradient check dialog: every example passes, a wrong derivative is flagged."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from PySide6.QtCore import Qt

from playground.engine import activations
from playground.io.examples import list_examples
from playground.io.files import load_document
from playground.ui.chainrule.gradcheck_dialog import FAILED_BG, TOLERANCE, sci
from tests.ui.chainrule_fixtures import example_document, open_window


def run_check(qtbot, window):
    dialog = window.chain_rule.check_gradients()
    qtbot.waitUntil(lambda: dialog.result is not None or dialog.error is not None,
                    timeout=10_000)
    assert dialog.error is None
    assert not dialog.is_running()
    return dialog


def test_every_example_passes(qtbot):
    examples = list_examples()
    assert len(examples) >= 9
    with open_window(qtbot, example_document("two-two-two")) as window:
        for info in examples:
            window.controller.set_document(load_document(info.path))
            qtbot.waitUntil(lambda: window.controller.latest is not None, timeout=5000)
            dialog = run_check(qtbot, window)
            result = dialog.result
            assert result.names == dialog.problem.compiled.parameter_names, info.name
            assert result.failures(TOLERANCE) == [], info.name
            assert "✓ All" in dialog.verdict.text(), info.name
            assert dialog.model.rowCount() == len(result.names)
        dialog.close()


def test_a_wrong_derivative_is_flagged(qtbot, monkeypatch):
    tanh = activations.ACTIVATIONS["tanh"]
    # d tanh/dz is 1 − a²; this "derivative" forgets the square.
    monkeypatch.setitem(activations.ACTIVATIONS, "tanh", replace(tanh, df=lambda z, a: 1 - a))
    with open_window(qtbot, example_document("xor")) as window:
        dialog = run_check(qtbot, window)
        result = dialog.result
        failures = result.failures(TOLERANCE)
        # Every parameter feeding a tanh neuron gets a wrong gradient; the output's own
        # parameters (after the last tanh) are still right.
        assert failures and all(not n.startswith("b:o") for n in failures)
        assert {n for n in result.names if n.startswith("w:x")} <= set(failures)
        assert "disagree" in dialog.verdict.text()
        model = dialog.model
        rows = [i for i, n in enumerate(result.names) if n in failures]
        assert all(model.data(model.index(i, 0), Qt.ItemDataRole.BackgroundRole).name()
                   == FAILED_BG for i in rows)
        top = dialog.proxy.index(0, 0)  # sorted by relative error, largest first
        assert dialog.proxy.data(top) in failures
        assert np.max(result.relative_error) > 1e-3
        dialog.close()


def test_closing_the_window_mid_check_stops_its_thread(qtbot):
    with open_window(qtbot, example_document("spiral")) as window:
        dialog = window.chain_rule.check_gradients()
        assert dialog.is_running()
    assert not dialog.is_running()


def test_relative_errors_are_shown_in_scientific_notation():
    assert [sci(v) for v in (0.0, 1.234e-12, 3.5e-7)] == ["0", "1.23e−12", "3.50e−07"]
