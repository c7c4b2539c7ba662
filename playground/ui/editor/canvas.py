"""The editable network drawing: select, move, connect, zoom and pan.

The canvas turns mouse gestures into requests (signals) and draws what it is
given; the editor decides what a request does and puts every change on the
undo stack. Gestures: drag a neuron to move it (with the rest of the
selection); drag from the small port on a neuron's right edge to another
neuron to connect them; drag empty space (or with the middle button) to pan,
Shift- or Ctrl-drag it for a rubber band; Ctrl-click adds to the selection;
the wheel zooms; double-click empty space for a hidden neuron.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QLineF, QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPen,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsLineItem,
    QGraphicsView,
    QWidget,
)

from playground.engine.network import Network
from playground.io.document import Document
from playground.ui import style
from playground.ui.editor.controls import control_of
from playground.ui.editor.items import EditableNeuronItem, owner_of
from playground.ui.editor.scene import EditableNetworkScene
from playground.ui.views.network_view import (
    MAX_ZOOM,
    ConnectionItem,
    NetworkView,
    NeuronItem,
)

SCENE_EXTENT = 100_000.0  # the scene is this big so the view can pan and place anywhere
MIN_SCALE, MAX_SCALE = 0.08, 8.0
ZOOM_STEP = 1.15  # per wheel notch
FIT_PASSES = 8  # at most, while the fitted scale still moves
CLICK_SLOP = 4  # pixels a press may move and still be a click
OK_COLOUR = style.START
REFUSED_COLOUR = style.CURRENT


def key_command(event: QKeyEvent) -> str | None:
    """The editing command a key press asks for: "undo", "redo", "delete", or None."""
    keys = QKeySequence.StandardKey
    if event.matches(keys.Redo) or (event.key() == Qt.Key.Key_Z and event.modifiers() ==
                                    Qt.KeyboardModifier.ControlModifier
                                    | Qt.KeyboardModifier.ShiftModifier):
        return "redo"
    if event.matches(keys.Undo):
        return "undo"
    if event.matches(keys.Delete) or event.key() == Qt.Key.Key_Backspace:
        return "delete"
    return None


class EditableNetworkView(NetworkView):
    """The network drawing as an editor: gestures become signals the editor acts on."""

    add_requested = Signal(QPointF)  # double-click on empty canvas, scene position
    connect_requested = Signal(str, str)  # source id, target id
    moved = Signal(object)  # {id: ((x0, y0), (x1, y1))} after a drag moved neurons
    neuron_menu = Signal(str, QPoint)  # id, global position
    connection_menu = Signal(str, QPoint)  # parameter name, global position
    canvas_menu = Signal(QPointF, QPoint)  # scene position, global position
    message = Signal(str)  # for the status bar
    # "undo", "redo" or "delete" typed on the canvas while no window shortcut took the key
    # (a floating dock is a window of its own, where the main window's shortcuts are deaf).
    key_command = Signal(str)
    # A press on a neuron: its id; a click (no pan) on empty canvas: "" (the output again).
    neuron_clicked = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        scene = EditableNetworkScene()
        super().__init__(parent, scene)
        scene.setParent(self)
        self.network_scene: EditableNetworkScene = scene
        # The editor says which network to draw for a document (the drawing may be ahead
        # of what trains) and whether the zoom stays: (network, keep_view).
        self.network_for: Callable[[Document], tuple[Network, bool]] | None = None
        # Why a connection would be refused, or None: asked while a connection is dragged.
        self.can_connect: Callable[[str, str], str | None] | None = None
        self.notice = ""
        self._user_view = False  # the user zoomed or panned: resizing keeps the view
        self._pan_from: QPointF | None = None
        self._panning = False  # a left drag that started on empty space
        self._press_positions: dict[str, QPointF] | None = None
        self._connect_from: EditableNeuronItem | None = None
        self._connect_line: QGraphicsLineItem | None = None
        self._connect_target: NeuronItem | None = None
        self._click: tuple[str, QPointF] | None = None  # a press that may become a click
        self.top_room = 0.0  # pixels kept free above the drawing (the layer buttons)
        self.notice_right = 0  # pixels the notice leaves free at the right (the layer header)
        self.setSceneRect(QRectF(-SCENE_EXTENT, -SCENE_EXTENT, 2 * SCENE_EXTENT,
                                 2 * SCENE_EXTENT))
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        # Only what lies wholly inside the band: not every line that crosses it.
        self.setRubberBandSelectionMode(Qt.ItemSelectionMode.ContainsItemShape)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setToolTip("")

    # ------------------------------------------------------------------ document
    def set_document(self, document: Document) -> None:
        self._cancel_connect()
        self._waiting = None  # weights of the old document's run
        if self.network_for is None:
            network, keep = document.network, False
        else:
            network, keep = self.network_for(document)
        if keep:
            self.network_scene.update_to(network)
        else:
            self.network_scene.build(network)
            self._user_view = False
            self.fit()

    def show_network(self, network: Network) -> None:
        """Draw `network` (a structural edit) without touching the zoom."""
        self._cancel_connect()
        self.network_scene.update_to(network)

    def set_notice(self, text: str) -> None:
        """A line of text over the drawing, e.g. why the drawn network does not train."""
        if text != self.notice:
            self.notice = text
            self.viewport().update()

    # ------------------------------------------------------------------ view
    def fit(self) -> None:
        """Show the whole network, no bigger than the largest fitting scale."""
        # The labels keep their size on screen, so the drawing's extent depends on the
        # scale; with room kept above it (in pixels) that feedback matters: a few passes
        # settle it, so fitting twice gives the same view.
        for _ in range(FIT_PASSES if self.top_room else 1):
            before = self.transform().m11()
            self._fit_once()
            if abs(self.transform().m11() - before) <= 1e-9 * before:
                break

    def _fit_once(self) -> None:
        rect = self.network_scene.drawing_rect()
        if rect.isEmpty():
            rect = QRectF(-120, -90, 240, 180)
        margin = 12.0
        rect = rect.adjusted(-margin, -margin, margin, margin + 24)  # room for the key
        self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
        if self.top_room:  # room in pixels: in scene units it depends on the scale
            rect = rect.adjusted(0, -self.top_room / max(self.transform().m11(), 1e-3), 0, 0)
            self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
        if self.transform().m11() > MAX_ZOOM:  # a tiny network should not fill a big panel
            self.resetTransform()
            self.scale(MAX_ZOOM, MAX_ZOOM)
        self.centerOn(rect.center())
        self.network_scene.set_detail(self.transform().m11())

    def refit(self) -> None:
        """Fit the drawing again, unless the user has zoomed or panned it."""
        if not self._user_view:
            self.fit()

    def fit_to_view(self) -> None:
        """The Fit action: show everything and follow the widget's size again."""
        self._user_view = False
        self.fit()

    def zoom(self, factor: float) -> None:
        """Scale the drawing by `factor`, within limits, around the point under the mouse."""
        current = self.transform().m11()
        target = min(max(current * factor, MIN_SCALE), MAX_SCALE)
        if current > 0 and target != current:
            self.scale(target / current, target / current)
            self.network_scene.set_detail(target)  # labels come back as the drawing grows
        self._user_view = True

    def resizeEvent(self, event) -> None:  # noqa: N802  (Qt override)
        QGraphicsView.resizeEvent(self, event)
        if not self._user_view:
            self.fit()

    def showEvent(self, event) -> None:  # noqa: N802  (Qt override)
        QGraphicsView.showEvent(self, event)
        if not self._user_view:
            self.fit()

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802  (Qt override)
        notches = event.angleDelta().y() / 120
        if notches:
            self.zoom(ZOOM_STEP ** notches)
            event.accept()
        else:
            super().wheelEvent(event)

    def drawForeground(self, painter: QPainter, rect: QRectF) -> None:  # noqa: N802
        super().drawForeground(painter, rect)
        if not self.notice:
            return
        painter.save()
        painter.resetTransform()
        font = QFont(style.FONT_FAMILY, 9)
        painter.setFont(font)
        width = self.viewport().width() - 16 - self.notice_right
        metrics = QFontMetrics(font)
        text = metrics.elidedText(self.notice, Qt.TextElideMode.ElideRight, width - 12)
        box = QRectF(8, 8, metrics.horizontalAdvance(text) + 12, metrics.height() + 8)
        painter.setPen(QPen(QColor(style.BANNER_FG)))
        painter.setBrush(QBrush(QColor(style.BANNER_BG)))
        painter.drawRoundedRect(box, 4, 4)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
        painter.restore()

    # ------------------------------------------------------------------ mouse
    def _scene_pos(self, event: QMouseEvent) -> QPointF:
        return self.mapToScene(event.position().toPoint())

    def _owner_at(self, point: QPoint) -> QGraphicsItem | None:
        return owner_of(self.itemAt(point))

    def _on_control(self, event: QMouseEvent) -> bool:
        """Whether the mouse is on a +/− layer button (which handles its own clicks)."""
        return control_of(self.itemAt(event.position().toPoint())) is not None

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802  (Qt override)
        if event.button() == Qt.MouseButton.MiddleButton:
            self._pan_from = event.position()
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
            event.accept()
            return
        self._panning = False
        self._click = None
        if self._on_control(event):
            self.setDragMode(QGraphicsView.DragMode.NoDrag)
            super().mousePressEvent(event)
            return
        if event.button() == Qt.MouseButton.LeftButton:
            pos = self._scene_pos(event)
            source = self.network_scene.port_at(pos)
            if source is not None:
                self._start_connect(source, pos)
                event.accept()
                return
            owner = self._owner_at(event.position().toPoint())
            if owner is None and not event.modifiers():
                self._click = ("", event.position())  # a click, if no pan follows
            if owner is None:
                modifiers = event.modifiers()
                band = modifiers & (Qt.KeyboardModifier.ShiftModifier
                                    | Qt.KeyboardModifier.ControlModifier)
                self.setDragMode(QGraphicsView.DragMode.RubberBandDrag if band
                                 else QGraphicsView.DragMode.ScrollHandDrag)
                self._panning = not band
            elif isinstance(owner, NeuronItem):
                self._press_positions = {nid: item.pos()
                                         for nid, item in self.network_scene.neurons.items()}
                if not event.modifiers():
                    super().mousePressEvent(event)  # selects it (the inspector may show)
                    # At the press, after the selection: what the press shows comes
                    # forward, and a tab raised by the selection cannot swallow a release.
                    self.neuron_clicked.emit(owner.neuron_id)
                    return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802  (Qt override)
        if self._pan_from is not None:
            delta = event.position() - self._pan_from
            self._pan_from = event.position()
            h, v = self.horizontalScrollBar(), self.verticalScrollBar()
            h.setValue(h.value() - round(delta.x()))
            v.setValue(v.value() - round(delta.y()))
            self._user_view = True
            event.accept()
            return
        if self._connect_from is not None:
            self._drag_connect(self._scene_pos(event))
            event.accept()
            return
        if self._panning and event.buttons() & Qt.MouseButton.LeftButton:
            self._user_view = True  # panning by dragging empty space
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802  (Qt override)
        if event.button() == Qt.MouseButton.MiddleButton and self._pan_from is not None:
            self._pan_from = None
            self._restore_cursor()
            event.accept()
            return
        if event.button() == Qt.MouseButton.LeftButton and self._connect_from is not None:
            self._finish_connect(self._scene_pos(event))
            event.accept()
            return
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton:
            click, self._click = self._click, None
            if click is not None and \
                    (event.position() - click[1]).manhattanLength() < CLICK_SLOP:
                self.neuron_clicked.emit(click[0])
            self._panning = False
            self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
            before, self._press_positions = self._press_positions, None
            if before:
                self._report_moves(before)

    def _report_moves(self, before: dict[str, QPointF]) -> None:
        moves = {}
        for nid, item in self.network_scene.neurons.items():
            old = before.get(nid)
            if old is not None and item.pos() != old:
                moves[nid] = ((old.x(), old.y()), (item.pos().x(), item.pos().y()))
        if moves:
            self.moved.emit(moves)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self._on_control(event):  # a quick second click on + or − is another click
            self.setDragMode(QGraphicsView.DragMode.NoDrag)
            super().mouseDoubleClickEvent(event)
            return
        if event.button() == Qt.MouseButton.LeftButton and \
                self._owner_at(event.position().toPoint()) is None:
            self.add_requested.emit(self._scene_pos(event))
            event.accept()
            return
        super().mouseDoubleClickEvent(event)

    def contextMenuEvent(self, event) -> None:  # noqa: N802  (Qt override)
        owner = self._owner_at(event.pos())
        if owner is not None and not owner.isSelected():
            self.network_scene.clearSelection()
            owner.setSelected(True)
        if isinstance(owner, NeuronItem):
            self.neuron_menu.emit(owner.neuron_id, event.globalPos())
        elif isinstance(owner, ConnectionItem):
            self.connection_menu.emit(owner.parameter, event.globalPos())
        else:
            self.canvas_menu.emit(self.mapToScene(event.pos()), event.globalPos())
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802  (Qt override)
        if event.key() == Qt.Key.Key_Escape and self._connect_from is not None:
            self._cancel_connect()
            event.accept()
            return
        command = key_command(event)
        if command is not None:
            self.key_command.emit(command)
            event.accept()
            return
        super().keyPressEvent(event)

    # ------------------------------------------------------------------ connecting
    def _start_connect(self, source: EditableNeuronItem, pos: QPointF) -> None:
        self._connect_from = source
        line = QGraphicsLineItem(QLineF(source.port_position(), pos))
        pen = QPen(QColor(style.MUTED), 1.6, Qt.PenStyle.DashLine)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        line.setPen(pen)
        line.setZValue(3)
        self.scene().addItem(line)
        self._connect_line = line
        self._connect_target = None
        self.viewport().setCursor(Qt.CursorShape.CrossCursor)

    def _drag_connect(self, pos: QPointF) -> None:
        source = self._connect_from
        target = self.network_scene.neuron_at(pos, exclude=source)
        self._connect_line.setLine(QLineF(source.port_position(),
                                          target.pos() if target is not None else pos))
        if target is self._connect_target:
            return
        self._connect_target = target
        colour = style.MUTED
        if target is not None:
            why = self.can_connect(source.neuron_id, target.neuron_id) \
                if self.can_connect is not None else None
            colour = OK_COLOUR if why is None else REFUSED_COLOUR
            self.message.emit(f"{source.neuron_id} → {target.neuron_id}"
                              + (self.tr(": refused, {why}").format(why=why) if why else ""))
        pen = self._connect_line.pen()
        pen.setColor(QColor(colour))
        self._connect_line.setPen(pen)

    def _finish_connect(self, pos: QPointF) -> None:
        source = self._connect_from
        target = self.network_scene.neuron_at(pos, exclude=source)
        self._cancel_connect()
        if target is not None:
            self.connect_requested.emit(source.neuron_id, target.neuron_id)
        else:
            self.message.emit(self.tr("To connect, release the drag on another neuron"))

    def _cancel_connect(self) -> None:
        if self._connect_line is not None:
            self.scene().removeItem(self._connect_line)
        self._connect_line = None
        self._connect_from = None
        self._connect_target = None
        self._restore_cursor()

    def _restore_cursor(self) -> None:
        if self.dragMode() == QGraphicsView.DragMode.ScrollHandDrag:
            self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
        else:
            self.viewport().unsetCursor()
