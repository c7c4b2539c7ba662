"""Quick +/− edits on the network drawing, as in the browser playground.

Above each hidden layer a "−" and a "+" take a neuron away or add one; in the
drawing's top-right corner a "−" and a "+" remove the last hidden layer or add
one before the outputs. Each click is one command on the window's undo stack
(the editor's `edit_layers`). A network that is not in layers (a free DAG: a
skip connection, say) has no per-layer buttons, and the corner says why its
buttons are off.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QObject, QPointF
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QWidget

from playground.ui import style
from playground.ui.editor.canvas import EditableNetworkView
from playground.ui.editor.controls import BUTTON, GAP, LIFT, LayerButton
from playground.ui.editor.editor import Editor
from playground.ui.views.network_view import NEURON_RADIUS
from playground.workspace.layer_edits import Layers

TOP_ROOM = BUTTON + LIFT + 4  # pixels the drawing keeps free above its top for the buttons

class LayerHeader(QWidget):
    """"2 hidden layers [−] [+]" in the drawing's top-right corner."""

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.setAutoFillBackground(False)
        row = QHBoxLayout(self)
        row.setContentsMargins(6, 2, 2, 2)
        row.setSpacing(3)
        self.label = QLabel("")
        self.label.setStyleSheet(f"color: {style.MUTED};")
        self.remove = QToolButton()
        self.remove.setText("−")
        self.add = QToolButton()
        self.add.setText("+")
        for b in (self.remove, self.add):
            b.setAutoRaise(False)
            b.setFixedSize(22, 22)
        row.addWidget(self.label)
        row.addWidget(self.remove)
        row.addWidget(self.add)


class LayerButtons(QObject):
    """Keeps the +/− buttons in step with the editor's drawn network."""

    def __init__(self, editor: Editor, view: EditableNetworkView):
        super().__init__(editor)
        self.editor = editor
        self.view = view
        self.items: list[LayerButton] = []
        # A child of the view, not of its viewport: a viewport scrolls its children along.
        self.header = LayerHeader(view)
        self.header.add.clicked.connect(lambda: editor.edit_layers("add layer"))
        self.header.remove.clicked.connect(lambda: editor.edit_layers("remove layer"))
        view.viewport().installEventFilter(self)
        editor.changed.connect(self.refresh)
        self.refresh()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Resize:
            self._place_header()
        return False

    def _place_header(self) -> None:
        self.header.adjustSize()
        vp = self.view.viewport().geometry()
        self.header.move(vp.right() - self.header.width() - 5, vp.top() + 6)
        self.header.raise_()
        self.view.notice_right = self.header.width() + 12

    def refresh(self) -> None:
        """Buttons for the network drawn now (none for a free DAG, which the corner explains)."""
        for item in self.items:
            if shiboken6.isValid(item) and item.scene() is not None:
                item.scene().removeItem(item)
        self.items = []
        layers = self.editor.layers()
        header = self.header
        if isinstance(layers, str):
            free = bool(self.editor.network.neurons)
            header.label.setText(self.tr("free network") if free else "")
            why = self.tr("+/− work on a network in layers; this one is not: {why}").format(
                why=layers)
            for b in (header.add, header.remove):
                b.setEnabled(False)
                b.setToolTip(why)
            header.label.setToolTip(why)
            header.setVisible(free)
            top_room = 0.0
        else:
            self._layer_buttons(layers)
            n = len(layers.hidden)
            header.label.setText(self.tr("{n} hidden layers").format(n=n) if n != 1
                                 else self.tr("1 hidden layer"))
            header.label.setToolTip("")
            header.add.setEnabled(True)
            header.add.setToolTip(self.tr("Add a hidden layer before the outputs"))
            header.remove.setEnabled(n > 0)
            header.remove.setToolTip(self.tr("Remove the last hidden layer") if n else
                                     self.tr("There is no hidden layer to remove"))
            header.setVisible(True)
            top_room = TOP_ROOM if n else 0.0
        self._place_header()
        if top_room != self.view.top_room:  # the fitted drawing makes room, or takes it back
            self.view.top_room = top_room
            self.view.refit()

    def _layer_buttons(self, layers: Layers) -> None:
        scene = self.view.network_scene
        for k, column in enumerate(layers.hidden, start=1):
            items = [scene.neurons[nid] for nid in column if nid in scene.neurons]
            if not items:
                continue
            top = min(items, key=lambda i: i.pos().y())
            anchor = QPointF(top.pos().x(), top.pos().y() - NEURON_RADIUS)
            size = len(column)
            for sign, left, tip, kind in (
                    ("−", -BUTTON - GAP / 2,
                     self.tr("Remove a neuron from hidden layer {k} ({n} now)"), "remove neuron"),
                    ("+", GAP / 2, self.tr("Add a neuron to hidden layer {k} ({n} now)"),
                     "add neuron")):
                button = LayerButton(sign, tip.format(k=k, n=size),
                                     lambda kind=kind, k=k: self.editor.edit_layers(kind, k),
                                     left)
                button.setPos(anchor)
                scene.addItem(button)
                if sign == "−" and size == 1:
                    button.setEnabled(False)
                    button.setOpacity(0.4)
                    button.setToolTip(self.tr("Hidden layer {k} has one neuron; − above the "
                                              "drawing removes the whole layer").format(k=k))
                self.items.append(button)
