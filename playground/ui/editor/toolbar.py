"""The editor's actions: the Edit menu (undo, redo, delete, add, quick build, layout) and the
network toolbar."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QToolBar,
    QToolButton,
)

from playground.engine.datasets import FEATURE_LABELS
from playground.engine.network import INITIALIZERS
from playground.ui.editor.editor import Editor
from playground.ui.shell import Shell
from playground.workspace import network_edits as ne

INITIALIZER_LABELS = {
    "glorot_uniform": QT_TRANSLATE_NOOP("Toolbar", "Glorot uniform"),
    "he": QT_TRANSLATE_NOOP("Toolbar", "He normal"),
    "uniform": QT_TRANSLATE_NOOP("Toolbar", "uniform ±0.5"),
    "zeros": QT_TRANSLATE_NOOP("Toolbar", "zeros"),
}


def _keys(*standard: QKeySequence.StandardKey, extra: tuple[str, ...] = ()) -> list[QKeySequence]:
    """The platform's bindings for standard keys, plus `extra` ones, without repeats."""
    keys: list[QKeySequence] = []
    for key in standard:
        keys += QKeySequence.keyBindings(key)
    for text in extra:
        seq = QKeySequence(text)
        if seq not in keys:
            keys.append(seq)
    return keys


class EditorActions(QObject):
    """Every editor action, in the window's Edit menu and on a "Network" toolbar."""

    def __init__(self, editor: Editor, shell: Shell):
        super().__init__(editor)
        self.editor = editor
        self.window = window = shell.window
        stack = editor.undo_stack
        self.undo = stack.createUndoAction(window, self.tr("&Undo"))
        self.undo.setShortcuts(_keys(QKeySequence.StandardKey.Undo, extra=("Ctrl+Z",)))
        self.redo = stack.createRedoAction(window, self.tr("&Redo"))
        self.redo.setShortcuts(_keys(QKeySequence.StandardKey.Redo, extra=("Ctrl+Shift+Z",)))
        self.delete = self._action(self.tr("&Delete"), editor.delete_selected,
                                   _keys(QKeySequence.StandardKey.Delete, extra=("Backspace",)),
                                   self.tr("Delete the selected neurons (with their connections) "
                                           "and connections"))
        self.select_all = self._action(self.tr("Select &All"), editor.select_all,
                                       _keys(QKeySequence.StandardKey.SelectAll),
                                       self.tr("Select every neuron and connection"))
        self.add_input = self._action(
            self.tr("Add &Input Neuron"),
            lambda: editor.add_neuron("input"),
            tip=self.tr("An input neuron reading the next free feature"),
        )
        self.add_hidden = self._action(
            self.tr("Add &Hidden Neuron"),
            lambda: editor.add_neuron("hidden"),
            tip=self.tr("A hidden neuron in the middle of the view (or double-click empty canvas)"),
        )
        self.add_output = self._action(
            self.tr("Add &Output Neuron"),
            lambda: editor.add_neuron("output"),
            tip=self.tr("An output neuron in the right-hand column"),
        )
        self.quick_build = self._action(self.tr("&Quick Build…"), self._ask_quick_build,
                                        [QKeySequence("Ctrl+B")],
                                        self.tr("Replace the network by a fully connected one, "
                                                "e.g. 2-4-4-1"))
        self.auto_layout = self._action(self.tr("Auto &Layout"), editor.auto_layout,
                                        [QKeySequence("Ctrl+L")],
                                        self.tr("Arrange the neurons in columns by level"))
        self.fit = self._action(self.tr("&Fit Network to View"), editor.view.fit_to_view,
                                [QKeySequence("Ctrl+0")], self.tr("Show the whole network"))
        self.feature_menu = QMenu(self.tr("Input feature"), window)
        self.feature_menu.aboutToShow.connect(self._fill_features)
        self.add_input.setMenu(self.feature_menu)
        for act in (self.undo, self.redo):
            act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            window.addAction(act)
        self._fill_edit_menu(shell.menus["edit"])
        self.toolbar = self._build_toolbar(window)
        editor.scene.selectionChanged.connect(self._update_enabled)
        editor.changed.connect(self._update_enabled)
        self._update_enabled()

    def _action(self, text: str, slot, keys: list[QKeySequence] | None = None,
                tip: str = "") -> QAction:
        act = QAction(text, self.window)
        if keys:
            act.setShortcuts(keys)
            act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        if tip:
            act.setStatusTip(tip)
            act.setToolTip(tip)
        act.triggered.connect(lambda _checked=False: slot())
        self.window.addAction(act)
        return act

    def _fill_edit_menu(self, menu: QMenu) -> None:
        menu.addAction(self.undo)
        menu.addAction(self.redo)
        menu.addSeparator()
        menu.addAction(self.delete)
        menu.addAction(self.select_all)
        menu.addSeparator()
        menu.addAction(self.add_input)
        menu.addAction(self.add_hidden)
        menu.addAction(self.add_output)
        menu.addAction(self.quick_build)
        menu.addAction(self.auto_layout)
        menu.addSeparator()
        menu.addAction(self.fit)

    def _build_toolbar(self, window: QMainWindow) -> QToolBar:
        bar = QToolBar(self.tr("Network"))
        bar.setObjectName("toolbar-network")  # saveState() needs names
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.undo.setIconText(self.tr("undo"))  # the tooltip keeps the full "Undo Add Connection"
        self.redo.setIconText(self.tr("redo"))
        bar.addAction(self.undo)
        bar.addAction(self.redo)
        bar.addSeparator()
        bar.addWidget(QLabel(self.tr(" add: ")))
        bar.addAction(self.add_input)
        button = bar.widgetForAction(self.add_input)
        if isinstance(button, QToolButton):
            button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        self.add_input.setIconText(self.tr("input"))
        self.add_hidden.setIconText(self.tr("hidden"))
        self.add_output.setIconText(self.tr("output"))
        bar.addAction(self.add_hidden)
        bar.addAction(self.add_output)
        bar.addSeparator()
        self.layers = QLineEdit()
        self.layers.setPlaceholderText(self.tr("layers, e.g. 2-4-4-1"))
        self.layers.setToolTip(
            self.tr("Quick build: a fully connected network from a layer string; Enter builds it")
        )
        self.layers.setMaximumWidth(self.layers.fontMetrics().horizontalAdvance("0" * 18))
        self.layers.returnPressed.connect(self._quick_build_from_field)
        bar.addWidget(self.layers)
        build = QAction(self.tr("build"), self)
        build.setToolTip(self.layers.toolTip())
        build.triggered.connect(self._quick_build_from_field)
        bar.addAction(build)
        bar.addSeparator()
        self.auto_layout.setIconText(self.tr("layout"))
        self.fit.setIconText(self.tr("fit"))
        bar.addAction(self.auto_layout)
        bar.addAction(self.fit)
        bar.addSeparator()
        bar.addWidget(QLabel(self.tr(" new weights: ")))
        self.initializer = QComboBox()
        for key in INITIALIZERS:
            self.initializer.addItem(
                QCoreApplication.translate("Toolbar", INITIALIZER_LABELS.get(key, key)), key)
        self.initializer.setToolTip(self.tr("How a new connection's weight is drawn"))
        self.initializer.setCurrentIndex(self.initializer.findData(self.editor.initializer))
        self.initializer.currentIndexChanged.connect(
            lambda: setattr(self.editor, "initializer", self.initializer.currentData()))
        bar.addWidget(self.initializer)
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
        return bar

    def _fill_features(self) -> None:
        """The Add Input menu: every feature the data allow; those in use are greyed."""
        e = self.editor
        self.feature_menu.clear()
        doc = e.controller.document
        allowed = ne.allowed_features(doc.data) if doc is not None else []
        used = set(ne.input_features(e.network))
        for f in allowed:
            act = self.feature_menu.addAction(FEATURE_LABELS.get(f, f))
            act.setEnabled(f not in used)
            act.triggered.connect(lambda _=False, f=f: e.add_neuron("input", feature=f))

    def _quick_build_from_field(self) -> None:
        text = self.layers.text().strip()
        if not text:
            self.editor.say(self.tr("Type a layer string such as 2-4-4-1 first"))
            return
        self.editor.quick_build(text)

    def _ask_quick_build(self) -> None:
        text = self.editor.ask_text(
            self.tr("Quick build"),
            self.tr("Layers (inputs-hidden…-outputs):"),
            self.layers.text() or "2-4-1",
        )
        if text:
            self.layers.setText(text)
            self.editor.quick_build(text)

    def _update_enabled(self) -> None:
        scene = self.editor.scene
        if not shiboken6.isValid(scene):
            return  # the window is being torn down
        doc = self.editor.controller.document
        # A function document has no network to draw: its graph has its own panel, and the
        # Edit menu's network edits (and their keys) would change nothing anyone can see.
        network = doc is None or not doc.is_function
        self.toolbar.setEnabled(network)
        for act in (self.select_all, self.add_hidden, self.add_output, self.quick_build,
                    self.auto_layout, self.fit):
            act.setEnabled(network)
        self.delete.setEnabled(network and bool(scene.selectedItems()))
        allowed = ne.allowed_features(doc.data) if doc is not None else []
        used = set(ne.input_features(self.editor.network))
        self.add_input.setEnabled(network and any(f not in used for f in allowed))
