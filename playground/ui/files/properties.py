"""File > Properties: the document's title and description, edited as one undoable command."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from playground.ui.shell import Shell
from playground.ui.training.worker import TrainingController


class SetPropertiesCommand(QUndoCommand):
    """Title and description of the shown document, from `before` to `after` and back."""

    def __init__(self, controller: TrainingController, before: tuple[str, str],
                 after: tuple[str, str], on_change=None):
        super().__init__(
            QCoreApplication.translate("SetPropertiesCommand", "Change title and description")
        )
        self.controller = controller
        self.before, self.after = before, after
        self.on_change = on_change

    def _apply(self, values: tuple[str, str]) -> None:
        document = self.controller.document  # the one shown now, whatever replaced it
        if document is None:
            return
        document.title, document.description = values
        if self.on_change is not None:
            self.on_change()

    def redo(self) -> None:
        self._apply(self.after)

    def undo(self) -> None:
        self._apply(self.before)


class PropertiesDialog(QDialog):
    """Title on one line, description below; OK applies both."""

    def __init__(self, title: str, description: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Properties"))
        self.title = QLineEdit(title)
        self.title.setPlaceholderText(self.tr("a human title, e.g. XOR with a 2-4-1 tanh network"))
        self.description = QPlainTextEdit(description)
        self.description.setPlaceholderText(self.tr("What the network shows and what to try"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("Title"), self.title)
        form.addRow(self.tr("Description"), self.description)
        form.addRow(buttons)
        self.resize(480, 260)

    def values(self) -> tuple[str, str]:
        return self.title.text().strip(), self.description.toPlainText().strip()


def change_properties(controller: TrainingController, stack: QUndoStack,
                      values: tuple[str, str], on_change=None) -> bool:
    """Push the change of title and description (False: nothing to change)."""
    document = controller.document
    if document is None:
        return False
    before = (document.title, document.description)
    if values == before:
        return False
    stack.push(SetPropertiesCommand(controller, before, values, on_change))
    return True


def edit_properties(shell: Shell, controller: TrainingController) -> bool:
    """Ask for the title and description and apply them undoably; True if they changed."""
    document = controller.document
    if document is None:
        return False
    dialog = PropertiesDialog(document.title, document.description, shell.window)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    return change_properties(controller, shell.undo_stack, dialog.values(), shell.file.renamed)
