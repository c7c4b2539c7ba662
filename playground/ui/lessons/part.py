"""The lessons as a part of the main window: the Lessons dock and Help › Lessons."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget

from playground.ui.lessons.actions import LessonTargets
from playground.ui.lessons.panel import LessonPanel
from playground.ui.shell import Shell
from playground.workspace.lessons import load_lessons

DOCK_WIDTH = 320  # pixels: room for a formula line beside a 1024-pixel window's landscape


class Lessons(QObject):
    """The Lessons dock (hidden until Help › Lessons opens it) and its menu entry."""

    def __init__(self, shell: Shell, targets: LessonTargets):
        super().__init__(shell.window)
        self.window = window = shell.window
        lessons, errors = load_lessons()
        self.panel = LessonPanel(lessons, errors, targets)
        self.dock: QDockWidget = shell.add_dock(self.tr("Lessons"), self.panel,
                                                Qt.DockWidgetArea.RightDockWidgetArea,
                                                "lessons")
        self.dock.hide()
        self.action = QAction(self.tr("&Lessons"), window)
        self.action.setShortcut(QKeySequence("F2"))
        self.action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.action.setStatusTip(self.tr("Short lessons on the ideas behind the views, each "
                                         "with a task to do in the app"))
        self.action.triggered.connect(lambda _=False: self.open())
        window.addAction(self.action)
        menu = shell.menus["help"]
        first = menu.actions()[0] if menu.actions() else None
        menu.insertAction(first, self.action)
        if first is not None:
            menu.insertSeparator(first)

    def open(self, lesson: str | None = None) -> LessonPanel:
        """Show the Lessons dock (on `lesson`'s first page, if given)."""
        opened = self.dock.isHidden()
        self.dock.show()
        self.dock.raise_()
        if opened and not self.dock.isFloating():
            self.window.resizeDocks([self.dock], [DOCK_WIDTH], Qt.Orientation.Horizontal)
        if lesson is not None:
            self.panel.open_lesson(lesson)
        return self.panel

    def shutdown(self) -> None:
        self.panel.shutdown()
