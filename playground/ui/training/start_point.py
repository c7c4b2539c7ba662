"""Start here: a point picked on the landscape becomes where descent starts.

For a function the variables' start values, for a network the parameters at that
point of the plane shown (the two on its axes, the others as the slice holds
them). The run starts afresh there, as one undoable command; undo brings the run
back as it was. A race started afterwards starts from the same point.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QUndoStack

from playground.ui.training.commands import StartHereCommand
from playground.ui.training.worker import TrainingController
from playground.workspace.document_edits import start_at


def describe(values: dict[str, float], limit: int = 2) -> str:
    """"x = −1.2, y = 0.5" for the first `limit` values."""
    shown = ", ".join(f"{k} = {v:.4g}" for k, v in list(values.items())[:limit])
    return shown + (", …" if len(values) > limit else "")


class StartPoint(QObject):
    """Turns the landscape's start requests into undoable commands."""

    def __init__(self, controller: TrainingController, undo_stack: QUndoStack,
                 parent: QObject | None = None):
        super().__init__(parent)
        self.controller = controller
        self.undo_stack = undo_stack

    def start_at(self, values: dict[str, float], shown: tuple[str, ...] = ()) -> bool:
        """Push the command that starts descent at `values`; `shown`: the names to put in
        the command's text (the plane's axes). False if there is no document."""
        document = self.controller.document
        if document is None:
            return False
        try:
            after = start_at(document, values)
        except ValueError as e:
            self.controller.failed.emit(str(e))
            return False
        # The run as it is now, so undo can give it back (None if the worker is busy).
        before = self.controller.capture_document(timeout_ms=2000) or document.copy()
        named = {k: values[k] for k in shown if k in values} or values
        text = QCoreApplication.translate("StartPoint", "Start at {point}").format(
            point=describe(named))
        self.undo_stack.push(StartHereCommand(self.controller, before, after, text))
        return True
