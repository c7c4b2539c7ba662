"""The network editor as a part of the main window: the editor, its context menus and its
actions in the Edit menu and on the Network toolbar."""

from __future__ import annotations

from playground.ui.editor.canvas import EditableNetworkView
from playground.ui.editor.editor import Editor
from playground.ui.editor.layer_buttons import LayerButtons
from playground.ui.editor.menus import EditorMenus
from playground.ui.editor.toolbar import EditorActions
from playground.ui.shell import Shell
from playground.ui.training.worker import TrainingController
from playground.ui.views.landscape_view import LandscapeView


def build_editor(shell: Shell, controller: TrainingController, view: EditableNetworkView,
                 landscape_view: LandscapeView) -> Editor:
    """Make `view` an editor whose edits are commands on the shell's undo stack."""
    editor = Editor(shell, controller, view, landscape_view)
    editor.attach(EditorMenus(editor), EditorActions(editor, shell))
    editor.layer_buttons = LayerButtons(editor, view)  # + and − per layer and for layers
    return editor
