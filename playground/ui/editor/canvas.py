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

import math
from collections.abc import Callable, Iterable

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
    QPolygonF,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QGraphicsEllipseItem,
    QGraphicsItem,
    QGraphicsLineItem,
    QGraphicsPathItem,
    QGraphicsPolygonItem,
    QGraphicsScene,
    QGraphicsSceneHoverEvent,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QStyle,
    QWidget,
)

from playground.engine.network import Network, Neuron, bias_name
from playground.io.document import Document
from playground.ui import style
from playground.ui.views.network_view import (
    MAX_ZOOM,
    NEURON_RADIUS,
    ConnectionItem,
    NetworkScene,
    NetworkView,
    NeuronItem,
)

PORT_RADIUS = 5.5
ARROW_LENGTH = 9.0  # arrowhead of the thinnest line, scene units; wider lines, wider heads
ARROW_HALF = 4.0
PORT_GRAB = 9.0  # how close to the port centre a press starts a connection (scene units)
SCENE_EXTENT = 100_000.0  # the scene is this big so the view can pan and place anywhere
MIN_SCALE, MAX_SCALE = 0.08, 8.0
ZOOM_STEP = 1.15  # per wheel notch
AXIS_COLOUR = "#e0a800"  # the landscape's two parameters
OK_COLOUR = style.START
REFUSED_COLOUR = style.CURRENT


def _no_selection_box(option) -> None:
    """Qt draws a dashed box round a selected item; the editor draws its own halo instead."""
    option.state = option.state & ~QStyle.StateFlag.State_Selected


def _decoration(item: QGraphicsItem) -> None:
    """A child drawn for looks only: it takes no clicks and no hover."""
    item.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
    item.setAcceptHoverEvents(False)
    item.setVisible(False)


class EditableNeuronItem(NeuronItem):
    """A neuron that can be selected and moved, with a port to drag connections from."""

    def __init__(self, neuron: Neuron):
        super().__init__(neuron)
        r = NEURON_RADIUS
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable, True)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsMovable, True)
        self.setCursor(Qt.CursorShape.SizeAllCursor)
        self.ring = QGraphicsEllipseItem(-r - 4, -r - 4, 2 * r + 8, 2 * r + 8, self)
        self.ring.setPen(QPen(QColor(style.SELECTION), 2.2))
        _decoration(self.ring)
        self.axis_halo = QGraphicsEllipseItem(-r - 7, -r - 7, 2 * r + 14, 2 * r + 14, self)
        self.axis_halo.setPen(QPen(Qt.PenStyle.NoPen))
        colour = QColor(AXIS_COLOUR)
        colour.setAlpha(110)
        self.axis_halo.setBrush(QBrush(colour))
        self.axis_halo.setFlag(QGraphicsItem.GraphicsItemFlag.ItemStacksBehindParent, True)
        _decoration(self.axis_halo)
        self.axis_tag = AxisBadge(self)
        self.axis_tag.setPos(r * 0.75, -r * 0.75)
        self.port: QGraphicsEllipseItem | None = None
        if self.role != "output":  # nothing may leave an output
            self.port = QGraphicsEllipseItem(-PORT_RADIUS, -PORT_RADIUS, 2 * PORT_RADIUS,
                                             2 * PORT_RADIUS, self)
            self.port.setPos(r, 0)
            self.port.setBrush(QBrush(QColor(style.BACKGROUND)))
            self.port.setPen(QPen(QColor(style.TEXT), 1.4))
            self.port.setCursor(Qt.CursorShape.CrossCursor)
            self.port.setToolTip("drag to another neuron to connect")
            _decoration(self.port)
        self.extra_lines: Callable[[], list[str]] | None = None

    def port_position(self) -> QPointF:
        """Where connections are dragged from, in scene coordinates."""
        return self.pos() + QPointF(NEURON_RADIUS, 0)

    @property
    def axis(self) -> str | None:
        """Which landscape axis this neuron's bias is ("x", "y"), or None."""
        return self.axis_tag.text.text() if self.axis_tag.isVisible() else None

    def show_axis(self, which: str | None) -> None:
        """Mark this neuron's bias as the landscape's x or y axis (None: neither)."""
        self.axis_halo.setVisible(which is not None)
        self.axis_tag.setVisible(which is not None)
        if which is not None:
            self.axis_tag.set_text(which)

    def paint(self, painter: QPainter, option, widget: QWidget | None = None) -> None:
        if self.isSelected():
            _no_selection_box(option)
        super().paint(painter, option, widget)

    def itemChange(self, change, value):  # noqa: N802  (Qt override)
        if change == QGraphicsItem.GraphicsItemChange.ItemSelectedHasChanged:
            self.ring.setVisible(self.isSelected())
        return super().itemChange(change, value)

    def hoverEnterEvent(self, event: QGraphicsSceneHoverEvent) -> None:  # noqa: N802
        super().hoverEnterEvent(event)
        if self.port is not None:
            self.port.setVisible(True)
        if self.extra_lines is not None:
            extra = self.extra_lines()
            if extra:
                self.setToolTip(self.toolTip() + "\n" + "\n".join(extra))

    def hoverLeaveEvent(self, event: QGraphicsSceneHoverEvent) -> None:  # noqa: N802
        if self.port is not None:
            self.port.setVisible(False)
        super().hoverLeaveEvent(event)


class AxisBadge(QGraphicsEllipseItem):
    """A small gold disc with "x" or "y": this parameter is an axis of the landscape."""

    RADIUS = 7.5

    def __init__(self, parent: QGraphicsItem):
        r = self.RADIUS
        super().__init__(-r, -r, 2 * r, 2 * r, parent)
        self.setBrush(QBrush(QColor(AXIS_COLOUR)))
        self.setPen(QPen(QColor(style.BACKGROUND), 1.2))
        self.setZValue(2)
        self.text = QGraphicsSimpleTextItem("x", self)
        font = QFont(style.FONT_FAMILY, 8)
        font.setBold(True)
        self.text.setFont(font)
        self.text.setBrush(QBrush(QColor(style.BACKGROUND)))
        _decoration(self)
        self.text.setVisible(True)

    def set_text(self, text: str) -> None:
        self.text.setText(text)
        b = self.text.boundingRect()
        self.text.setPos(-b.width() / 2, -b.height() / 2 - 0.5)


class EditableConnectionItem(ConnectionItem):
    """A connection that can be selected, drawn with an arrowhead at its target, with a
    halo and a badge when it is selected or a landscape axis.

    The arrowhead is a small child polygon (a line with a filled head as one path
    strokes and fills about eight times slower); halo and badge are made on first
    use, since even hidden children slow each repaint of a big network.
    """

    def __init__(self, source: NeuronItem, target: NeuronItem, weight: float):
        self.arrow: QGraphicsPolygonItem | None = None
        self.halo: QGraphicsPathItem | None = None
        self.axis_tag: AxisBadge | None = None
        self._axis: str | None = None
        super().__init__(source, target, weight)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable, True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.arrow = QGraphicsPolygonItem(self)
        self.arrow.setPen(QPen(Qt.PenStyle.NoPen))
        _decoration(self.arrow)
        self.arrow.setVisible(True)
        self._place_arrow()

    @property
    def axis(self) -> str | None:
        """Which landscape axis this weight is ("x", "y"), or None."""
        return self._axis

    def update_geometry(self) -> None:
        super().update_geometry()
        if self.arrow is not None:
            self._place_arrow()
            self._decorate()

    def set_weight(self, weight: float, scale: float, grad: float | None = None) -> None:
        look = self._style
        super().set_weight(weight, scale, grad)
        if self.arrow is not None and self._style != look:  # the pen changed
            self._place_arrow()
            self._decorate()

    def show_axis(self, which: str | None) -> None:
        """Mark this weight as the landscape's x or y axis (None: neither)."""
        if which == self._axis:
            return
        self._axis = which
        self._decorate()

    def _place_arrow(self) -> None:
        """An arrowhead at the target, as wide as the line, in the line's colour."""
        a, b = self.source.pos(), self.target.pos()
        d = b - a
        length = math.hypot(d.x(), d.y())
        if length <= 2 * NEURON_RADIUS:
            self.arrow.setPolygon(QPolygonF())
            return
        u = d / length
        n = QPointF(-u.y(), u.x())
        tip = b - u * NEURON_RADIUS
        half = max(ARROW_HALF, 0.5 * self.pen().widthF() + 2.5)
        base = tip - u * (ARROW_LENGTH / ARROW_HALF * half)
        self.arrow.setPolygon(QPolygonF([tip, base + n * half, base - n * half]))
        self.arrow.setBrush(QBrush(self.pen().color()))

    def _decorate(self) -> None:
        """Halo (selection or axis) and axis badge, made when first needed."""
        selected = self.isSelected()
        if selected or self._axis is not None:
            if self.halo is None:
                self.halo = QGraphicsPathItem(self)
                self.halo.setFlag(QGraphicsItem.GraphicsItemFlag.ItemStacksBehindParent, True)
                _decoration(self.halo)
            colour = QColor(style.SELECTION if selected else AXIS_COLOUR)
            colour.setAlpha(150 if selected else 120)
            pen = QPen(colour, self.pen().widthF() + (6 if selected else 9))
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            self.halo.setPen(pen)
            self.halo.setPath(self.path())
            self.halo.setVisible(True)
        elif self.halo is not None:
            self.halo.setVisible(False)
        if self._axis is not None:
            if self.axis_tag is None:
                self.axis_tag = AxisBadge(self)
            a, b = self.source.pos(), self.target.pos()
            self.axis_tag.setPos(a + (b - a) * 0.35)  # not the middle, where lines cross
            self.axis_tag.set_text(self._axis)
            self.axis_tag.setVisible(True)
        elif self.axis_tag is not None:
            self.axis_tag.setVisible(False)

    def paint(self, painter: QPainter, option, widget: QWidget | None = None) -> None:
        if self.isSelected():
            _no_selection_box(option)
        super().paint(painter, option, widget)

    def itemChange(self, change, value):  # noqa: N802  (Qt override)
        if change == QGraphicsItem.GraphicsItemChange.ItemSelectedHasChanged:
            self._decorate()
        return super().itemChange(change, value)


class EditableNetworkScene(NetworkScene):
    """The network's items, selectable and movable, keeping selection and axis marks
    across rebuilds."""

    def __init__(self, parent=None):
        super().__init__(parent)
        # Items change shape all the time (pens follow the weights, neurons move): keeping
        # a BSP index up to date costs milliseconds per change in a big network.
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
        self.axes: tuple[str, ...] = ()  # the landscape's parameters, x then y
        self.describe_neuron: Callable[[str], list[str]] | None = None

    def make_neuron(self, neuron: Neuron) -> NeuronItem:
        item = EditableNeuronItem(neuron)
        item.extra_lines = lambda nid=neuron.id: (
            self.describe_neuron(nid) if self.describe_neuron is not None else [])
        return item

    def make_connection(self, source: NeuronItem, target: NeuronItem,
                        weight: float) -> ConnectionItem:
        return EditableConnectionItem(source, target, weight)

    def build(self, network: Network) -> None:
        keys = self.selected_keys()
        super().build(network)
        self.select_keys(keys)
        self.show_axes(self.axes)

    def update_to(self, network: Network) -> None:
        """Show `network` by changing only the items that differ (after an edit), so an
        edit of a big network costs what it changes, not a rebuild."""
        wanted = {n.id: n for n in network.neurons}
        for nid, item in list(self.neurons.items()):
            n = wanted.get(nid)
            if n is None or (item.role, item.activation, item.feature, item.bias is None) != \
                    (n.role, n.activation, n.feature, n.bias is None):
                self._remove_neuron(nid)  # gone, or drawn differently now: made again
        for n in network.neurons:
            item = self.neurons.get(n.id)
            if item is None:
                item = self.make_neuron(n)
                self.neurons[n.id] = item
                self.addItem(item)
            elif (item.pos().x(), item.pos().y()) != tuple(n.position):
                item.setPos(QPointF(*n.position))
        by_name = {c.parameter: c for c in network.connections}
        for name in list(self.connections):
            if name not in by_name:
                self._remove_connection(name)
        scale = max((abs(c.weight) for c in self.connections.values()), default=0.0)
        scale = max(scale, max((abs(c.weight) for c in network.connections), default=1.0))
        for c in network.connections:
            if c.parameter not in self.connections:
                item = self.make_connection(self.neurons[c.src], self.neurons[c.dst], c.weight)
                item.set_weight(c.weight, scale)
                self.connections[item.parameter] = item
                self.addItem(item)
        self._names = ()  # the parameters' order may have changed
        self.show_axes(self.axes)

    def _remove_neuron(self, nid: str) -> None:
        item = self.neurons.pop(nid)
        for c in list(item.connections):
            self._remove_connection(c.parameter)
        self.removeItem(item)

    def _remove_connection(self, name: str) -> None:
        item = self.connections.pop(name)
        for end in (item.source, item.target):
            if item in end.connections:
                end.connections.remove(item)
        self.removeItem(item)

    # ------------------------------------------------------------------ selection
    def selected_keys(self) -> set[str]:
        """Ids of the selected neurons and parameter names of the selected connections."""
        keys: set[str] = set()
        for item in self.selectedItems():
            if isinstance(item, NeuronItem):
                keys.add(item.neuron_id)
            elif isinstance(item, ConnectionItem):
                keys.add(item.parameter)
        return keys

    def select_keys(self, keys: Iterable[str]) -> None:
        keys = set(keys)
        for nid, item in self.neurons.items():
            item.setSelected(nid in keys)
        for name, item in self.connections.items():
            item.setSelected(name in keys)

    def selected_neurons(self) -> list[str]:
        return [nid for nid, item in self.neurons.items() if item.isSelected()]

    def selected_connections(self) -> list[tuple[str, str]]:
        return [(item.source.neuron_id, item.target.neuron_id)
                for item in self.connections.values() if item.isSelected()]

    # ------------------------------------------------------------------ looks
    def show_axes(self, names: tuple[str, ...]) -> None:
        """Highlight the landscape's two parameters (weights or biases)."""
        self.axes = tuple(names)
        which = {name: label for name, label in zip(self.axes, ("x", "y"))}
        for name, item in self.connections.items():
            item.show_axis(which.get(name))
        for nid, item in self.neurons.items():
            item.show_axis(which.get(bias_name(nid)))

    def show_values(self, values: dict[str, float]) -> None:
        """New values for some weights and biases (an edit, before the run reports them)."""
        scale = max((abs(c.weight) for c in self.connections.values()), default=0.0)
        scale = max([scale] + [abs(v) for k, v in values.items() if k in self.connections])
        for name, value in values.items():
            if name in self.connections:
                self.connections[name].set_weight(value, scale)
        for nid, item in self.neurons.items():
            value = values.get(bias_name(nid))
            if value is not None:
                item.set_bias(value)

    def show_positions(self, network: Network) -> None:
        """Move the items to the positions `network` gives (same neurons)."""
        for n in network.neurons:
            item = self.neurons.get(n.id)
            if item is not None and (item.pos().x(), item.pos().y()) != tuple(n.position):
                item.setPos(QPointF(*n.position))

    # ------------------------------------------------------------------ finding items
    def neuron_at(self, pos: QPointF, exclude: NeuronItem | None = None) -> NeuronItem | None:
        """The neuron whose disc holds `pos` (the nearest, if discs overlap)."""
        best, best_d = None, NEURON_RADIUS + 2
        for item in self.neurons.values():
            if item is exclude:
                continue
            d = QLineF(item.pos(), pos).length()
            if d <= best_d:
                best, best_d = item, d
        return best

    def port_at(self, pos: QPointF) -> EditableNeuronItem | None:
        """The neuron whose connection port is at `pos`, if any."""
        for item in self.neurons.values():
            if isinstance(item, EditableNeuronItem) and item.port is not None and \
                    QLineF(item.port_position(), pos).length() <= PORT_GRAB:
                return item
        return None

    def drawing_rect(self) -> QRectF:
        """The neurons with their labels, in scene coordinates."""
        rect = QRectF()
        for item in self.neurons.values():
            rect = rect.united(item.sceneBoundingRect().united(item.label.sceneBoundingRect()))
        return rect


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


def owner_of(item: QGraphicsItem | None) -> QGraphicsItem | None:
    """The neuron or connection an item belongs to (itself, or a parent of a label or halo)."""
    while item is not None and not isinstance(item, NeuronItem | ConnectionItem):
        item = item.parentItem()
    return item


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
        rect = self.network_scene.drawing_rect()
        if rect.isEmpty():
            rect = QRectF(-120, -90, 240, 180)
        margin = 12.0
        rect = rect.adjusted(-margin, -margin, margin, margin + 24)  # room for the key
        self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
        if self.transform().m11() > MAX_ZOOM:  # a tiny network should not fill a big panel
            self.resetTransform()
            self.scale(MAX_ZOOM, MAX_ZOOM)
        self.centerOn(rect.center())

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
        width = self.viewport().width() - 16
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

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802  (Qt override)
        if event.button() == Qt.MouseButton.MiddleButton:
            self._pan_from = event.position()
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
            event.accept()
            return
        self._panning = False
        if event.button() == Qt.MouseButton.LeftButton:
            pos = self._scene_pos(event)
            source = self.network_scene.port_at(pos)
            if source is not None:
                self._start_connect(source, pos)
                event.accept()
                return
            owner = self._owner_at(event.position().toPoint())
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
                              + (f": refused, {why}" if why else ""))
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
            self.message.emit("To connect, release the drag on another neuron")

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
