"""Hook the network editor into a main window."""

from __future__ import annotations

from typing import TYPE_CHECKING

from playground.ui.editor.editor import Editor

if TYPE_CHECKING:
    from playground.ui.main_window import MainWindow


def install_editor(window: MainWindow) -> Editor:
    """Make the window's network view an editor: undoable commands, Edit menu, toolbar."""
    return Editor(window)
