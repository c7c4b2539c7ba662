"""Edit > Preferences…: the interface language (System / English / 简体中文).

The choice is stored in QSettings (ui.i18n) and takes effect the next time the app
starts: widgets keep the texts they were built with, so the dialog says so.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from playground.ui import i18n
from playground.ui.shell import Shell


class PreferencesDialog(QDialog):
    """The language choice, with a note that it applies after a restart."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Preferences"))
        self.language = QComboBox()
        for value, label in i18n.CHOICES:
            self.language.addItem(QCoreApplication.translate("Preferences", label)
                                  if value == i18n.SYSTEM else label, value)
        self.language.setCurrentIndex(max(self.language.findData(i18n.chosen_language()), 0))
        self.note = QLabel(self.tr("The language changes when Backprop Playground starts "
                                   "again. System follows the desktop's language."))
        self.note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("Language"), self.language)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addWidget(buttons)

    def chosen(self) -> str:
        return self.language.currentData()


class Preferences(QObject):
    """The Preferences… action at the end of the Edit menu."""

    def __init__(self, shell: Shell):
        super().__init__(shell.window)
        self.shell = shell
        self.action = QAction(self.tr("&Preferences…"), shell.window)
        self.action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.action.setStatusTip(self.tr("The interface language"))
        self.action.triggered.connect(lambda _=False: self.open())
        menu = shell.menus["edit"]
        menu.addSeparator()
        menu.addAction(self.action)

    def open(self) -> PreferencesDialog:
        dialog = PreferencesDialog(self.shell.window)
        dialog.accepted.connect(lambda: self._apply(dialog.chosen()))
        dialog.open()
        return dialog

    def _apply(self, choice: str) -> None:
        if choice == i18n.chosen_language():
            return
        i18n.set_chosen_language(choice)
        self.shell.status(self.tr("Language saved: restart Backprop Playground to apply it."),
                          10_000)
