"""Closing the window: parts shut down only once the close is accepted."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from playground.ui.main_window import MainWindow
from playground.ui.threads import running_threads
from tests.ui.chainrule_fixtures import example_document
from tests.ui.conftest import make_edit


def _trained_window(qtbot) -> MainWindow:
    window = MainWindow(example_document("xor"))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.controller.latest is not None, timeout=5000)
    window.controller.step(3)
    qtbot.waitUntil(lambda: window.controller.latest.step == 3, timeout=5000)
    make_edit(window)  # unsaved work (training alone is none): closing asks Save / Discard
    assert window.is_modified()
    return window


def test_cancel_keeps_the_window_and_the_gradient_check_working(qtbot, message_boxes):
    window = _trained_window(qtbot)
    dialog = window.chain_rule.check_gradients()
    message_boxes.answer = QMessageBox.StandardButton.Cancel
    assert not window.close()
    assert message_boxes.kinds() == ["question"]
    assert window.isVisible()
    # The check was not shut down by the cancelled close: it finishes with a verdict.
    qtbot.waitUntil(lambda: dialog.result is not None or dialog.error is not None,
                    timeout=20_000)
    assert dialog.error is None and "Checking" not in dialog.verdict.text()
    assert window.controller.thread_running()
    # ... and it can run again.
    dialog.start()
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=20_000)
    assert dialog.result is not None
    message_boxes.answer = QMessageBox.StandardButton.Discard
    assert window.close()


def test_discard_stops_every_thread(qtbot, message_boxes):
    before = set(running_threads())
    window = _trained_window(qtbot)
    dialog = window.chain_rule.check_gradients()
    assert set(running_threads()) - before
    message_boxes.answer = QMessageBox.StandardButton.Discard
    assert window.close()
    assert not dialog.is_running()
    assert not (set(running_threads()) - before)
