"""The Run menu: play, step, one epoch and reset, with their keys."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence

from playground.ui.shell import Shell
from playground.ui.training.worker import TrainingController


class RunActions(QObject):
    """The training controller's commands as window-wide actions in the Run menu."""

    def __init__(self, shell: Shell, controller: TrainingController):
        super().__init__(shell.window)
        self.actions: dict[str, QAction] = {}
        specs = (("play", self.tr("Play / Pause"), "Space", controller.toggle),
                 ("step", self.tr("Step"), "S", lambda: controller.step(1)),
                 ("epoch", self.tr("One epoch"), "Shift+Space", controller.epoch),
                 ("reset", self.tr("Reset"), "R", controller.reset))
        menu = shell.menus["run"]
        for name, text, keys, slot in specs:
            act = QAction(text, shell.window)
            act.setShortcut(QKeySequence(keys))
            act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            act.triggered.connect(lambda _=False, f=slot: f())
            menu.addAction(act)
            shell.window.addAction(act)
            self.actions[name] = act
