"""What the main window lends the parts it is built from, and nothing more.

A part (the editor, the File menu, the exports, the chain-rule tools) is built
with a `Shell` plus the collaborators it needs (the training controller, a
view), fills the menus it owns, and has a `shutdown()` the window calls once a
close is accepted. Parts never reach into the window or into each other.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu, QWidget


class Part(Protocol):
    """A piece of the main window that owns threads, timers or sessions."""

    def shutdown(self) -> None:
        """Stop what the part started and wait for it (safe to call twice)."""


class DocumentFile(QObject):
    """Where the open document lives on disk and whether it differs from that file."""

    changed = Signal()  # the path, the name or the modified flag changed
    modified_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._path: Path | None = None
        self._modified = False

    @property
    def path(self) -> Path | None:
        return self._path

    def set_path(self, path: Path | str | None) -> None:
        self._path = None if path is None else Path(path).resolve()
        self.changed.emit()

    def is_modified(self) -> bool:
        return self._modified

    def set_modified(self, modified: bool) -> None:
        if modified != self._modified:
            self._modified = modified
            self.changed.emit()
            self.modified_changed.emit(modified)

    def renamed(self) -> None:
        """The document's name changed (the title shows it)."""
        self.changed.emit()


@dataclass(frozen=True, eq=False)
class Shell:
    """The window's shared furniture: a parent for dialogs and docks, its menus, the undo
    stack every edit goes on, the status bar, and the open document's file."""

    window: QMainWindow
    menus: dict[str, QMenu]
    undo_stack: QUndoStack
    file: DocumentFile

    def status(self, text: str, ms: int = 5000) -> None:
        """A passing message in the status bar."""
        self.window.statusBar().showMessage(text, ms)

    def add_dock(self, title: str, widget: QWidget, area: Qt.DockWidgetArea,
                 name: str | None = None) -> QDockWidget:
        """A movable, floatable, closable dock named `dock-NAME` for saveState()."""
        dock = QDockWidget(title, self.window)
        dock.setObjectName(f"dock-{name or title.lower()}")
        dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable
                         | QDockWidget.DockWidgetFeature.DockWidgetClosable)
        self.window.addDockWidget(area, dock)
        return dock
