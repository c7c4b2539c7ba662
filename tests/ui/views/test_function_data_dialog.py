"""Data from a typed function in the window: the dialog shows a bad function's column with
a caret and keeps OK off; a good one becomes one undoable edit saved in the document."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from playground.io.document import DataSpec
from playground.io.files import load_document
from playground.ui.main_window import MainWindow
from playground.ui.views.function_data_dialog import FunctionDataDialog
from tests.ui.conftest import xor_document


def ok_enabled(dialog) -> bool:
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()


def test_the_dialog_points_at_a_bad_column_and_waits(qtbot):
    dialog = FunctionDataDialog(DataSpec("xor"))
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("boundary"))
    assert dialog.text.text() == "x1**3 - x1" and ok_enabled(dialog)
    dialog.text.setText("sin(3*x) + 1")
    assert not ok_enabled(dialog)
    lines = dialog.error.text().splitlines()
    assert lines[0].startswith('column 7: unknown name "x"')
    assert lines[1] == "  sin(3*x) + 1" and lines[2] == "        ^"
    dialog.text.setText("log(x1)")
    assert not ok_enabled(dialog) and "not a finite number at x1" in dialog.error.text()
    dialog.text.setText("sin(3*x1)")
    assert ok_enabled(dialog) and dialog.error.text() == ""


@pytest.fixture
def window(qtbot):
    w = MainWindow(xor_document(lr=0.1, optimizer="adam"))
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.controller.latest is not None, timeout=5000)
    yield w
    w.files.close_requested = lambda: True
    w.close()


def test_a_typed_boundary_trains_saves_and_undoes(qtbot, window, tmp_path):
    c = window.controller
    assert window.data_editing.use_function("boundary", "abs(x1)", noise=0.0, n_points=120)
    assert window.undo_stack.undoText() == "Data from f = abs(x1)"
    qtbot.waitUntil(lambda: c.latest is not None and c.latest.version == c.version, timeout=5000)
    ds = window.data_view.dataset
    assert len(ds.x_train) + len(ds.x_test) == 120 and window.data_view.mode == "plane"
    assert window.controls.dataset.currentData() == "boundary"
    path = tmp_path / "typed.json"
    assert window.files.save_to(path)
    saved = load_document(path)
    assert saved.data.generator == "boundary" and saved.data.expression == "abs(x1)"
    assert saved.data.build().x_train.tobytes() == ds.x_train.tobytes()
    window.undo_stack.undo()
    qtbot.waitUntil(lambda: c.document.data.generator == "xor", timeout=5000)


def test_a_bad_function_changes_nothing_and_says_why(qtbot, window):
    c = window.controller
    with qtbot.waitSignal(c.failed, timeout=5000) as blocker:
        assert not window.data_editing.use_function("curve", "sqrt(x")
    assert "column" in blocker.args[0] or "never closed" in blocker.args[0]
    assert window.undo_stack.count() == 0 and c.document.data.generator == "xor"
