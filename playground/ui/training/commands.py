"""Edits of the training settings as undoable commands (the same stack as canvas edits).

Both kinds go through `TrainingController.set_document(..., keep=True)`, so they follow
the one rule of docs/architecture.md: the run goes on from the same step with every
parameter that still exists, and the edit is marked on the loss curve.
"""

from __future__ import annotations

import time
from typing import Protocol

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoCommand

from playground.io.document import Document
from playground.ui.training.worker import TrainingController

LR_MERGE_ID = 0x4C52
# Learning-rate changes this close together (a slider drag, a held arrow key) are one command.
LR_MERGE_SECONDS = 1.5


class ShowsRate(Protocol):
    def set_value(self, lr: float) -> None: ...


class DocumentEditCommand(QUndoCommand):
    """Replace the training settings (or data, or activations) by an edited document."""

    def __init__(self, controller: TrainingController, before: Document, after: Document,
                 text: str):
        super().__init__(text)
        self.controller = controller
        self.before = before
        self.after = after

    def redo(self) -> None:
        if self.controller.set_document(self.after.copy(), keep=True,
                                        mark=self.text()) is None:
            # Refused (the banner says why): nothing changed, so nothing to undo.
            self.setObsolete(True)

    def undo(self) -> None:
        self.controller.set_document(
            self.before.copy(),
            keep=True,
            mark=QCoreApplication.translate("DocumentEditCommand", "Undo {what}").format(
                what=self.text()[:1].lower() + self.text()[1:]
            ),
        )


class LearningRateCommand(QUndoCommand):
    """A new learning rate for the running training, from the next step on."""

    def __init__(self, controller: TrainingController, shown: ShowsRate, old: float,
                 new: float):
        super().__init__(
            QCoreApplication.translate(
                "LearningRateCommand", "Set learning rate to {new:.4g}"
            ).format(new=new)
        )
        self.controller = controller
        self.shown = shown
        self.old = old
        self.new = new
        self.when = time.monotonic()

    def id(self) -> int:  # noqa: A003  (Qt's name)
        return LR_MERGE_ID

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802  (Qt override)
        if not isinstance(other, LearningRateCommand) or other.controller is not self.controller \
                or other.when - self.when > LR_MERGE_SECONDS:
            return False
        self.new = other.new
        self.when = other.when
        self.setText(
            QCoreApplication.translate(
                "LearningRateCommand", "Set learning rate to {new:.4g}"
            ).format(new=self.new)
        )
        # Back where it started: the stack drops the command (and may be clean again).
        self.setObsolete(self.new == self.old)
        return True

    def redo(self) -> None:
        self.controller.set_lr(self.new)
        self.shown.set_value(self.new)

    def undo(self) -> None:
        self.controller.set_lr(self.old)
        self.shown.set_value(self.old)


class StartHereCommand(QUndoCommand):
    """Start descent afresh from a point picked on the landscape; undo brings back the run
    as it was (its step, path and optimizer state)."""

    def __init__(self, controller: TrainingController, before: Document, after: Document,
                 text: str):
        super().__init__(text)
        self.controller = controller
        self.before = before
        self.after = after

    def redo(self) -> None:
        if self.controller.set_document(self.after.copy(), keep=False) is None:
            self.setObsolete(True)

    def undo(self) -> None:
        self.controller.set_document(self.before.copy(), keep=False)
