"""The lessons as a part of the main window: the Lessons dock and Help › Lessons."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget

from playground.ui.layout import WindowLayout
from playground.ui.lessons.actions import LessonTargets
from playground.ui.lessons.panel import LessonPanel
from playground.ui.shell import Shell
from playground.workspace.lessons import load_lessons

DOCK_WIDTH = 320  # pixels: a column of its own where the screen has room for one


class Lessons(QObject):
    """The Lessons dock (hidden until Help › Lessons opens it) and its menu entry."""

    def __init__(self, shell: Shell, targets: LessonTargets,
                 layout: WindowLayout | None = None):
        super().__init__(shell.window)
        self.window = window = shell.window
        self.layout = layout  # says whether a column of its own still fits the screen
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
            self._place()
        if lesson is not None:
            self.panel.open_lesson(lesson)
        return self.panel

    def _place(self) -> None:
        """A column on the right where the landscape keeps its room; else a tab beside the
        controls (the set-up changes the settings a lesson needs), given most of the
        left column's height the dock below it can spare: the text needs it most."""
        window = self.window
        layout = self.layout
        beside = layout.docks.get("network") if layout is not None else None
        if beside is not None and window.dockWidgetArea(beside) == window.dockWidgetArea(
                self.dock) and not beside.isFloating() and beside.isVisible():
            window.splitDockWidget(beside, self.dock, Qt.Orientation.Horizontal)
        window.resizeDocks([self.dock], [DOCK_WIDTH], Qt.Orientation.Horizontal)
        if layout is None:
            return
        window.layout().activate()
        too_wide = window.width() > layout.max_size().width()
        controls = layout.docks.get("controls")
        if (layout.fits() and not too_wide) or controls is None or controls.isHidden() \
                or controls.isFloating():
            return
        window.tabifyDockWidget(controls, self.dock)
        self.dock.show()
        self.dock.raise_()
        below = [d for d in layout.docks.values() if d.isVisible() and not d.isFloating()
                 and window.dockWidgetArea(d) == window.dockWidgetArea(controls)
                 and d is not controls and d not in window.tabifiedDockWidgets(controls)]
        if below:
            # Once the tab group has settled (resizing inside the same turn is undone).
            QTimer.singleShot(0, self.dock, lambda: self._share_height(below[0]))
        layout.keep_on_screen()

    def _share_height(self, other: QDockWidget) -> None:
        """As much of the column as the dock below lets go (its minimum stays)."""
        height = self.dock.height() + other.height()
        self.window.resizeDocks([self.dock, other], [height, 1], Qt.Orientation.Vertical)

    def shutdown(self) -> None:
        self.panel.shutdown()
