"""The editor's items: neurons that move and have a port to connect from, connections
with arrowheads, halos for selection and badges for the landscape's axes."""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QPointF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QPainter,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import (
    QGraphicsEllipseItem,
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsPolygonItem,
    QGraphicsSceneHoverEvent,
    QGraphicsSimpleTextItem,
    QStyle,
    QWidget,
)

from playground.engine.network import Neuron
from playground.ui import style
from playground.ui.views.network_view import (
    NEURON_RADIUS,
    ConnectionItem,
    NeuronItem,
)

PORT_RADIUS = 5.5
ARROW_LENGTH = 9.0  # arrowhead of the thinnest line, scene units; wider lines, wider heads
ARROW_HALF = 4.0
AXIS_COLOUR = "#e0a800"  # the landscape's two parameters


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
            self.port.setToolTip(
                QCoreApplication.translate(
                    "EditableNeuronItem", "drag to another neuron to connect"
                )
            )
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
        """An arrowhead at the target, as wide as the line, in the line's colour, along
        the line's last stretch (a routed connection arrives curved)."""
        path = self.path()
        if path.isEmpty():
            self.arrow.setPolygon(QPolygonF())
            return
        tip = path.pointAtPercent(1.0)
        d = tip - path.pointAtPercent(0.97)
        length = math.hypot(d.x(), d.y())
        if length == 0:
            self.arrow.setPolygon(QPolygonF())
            return
        u = d / length
        n = QPointF(-u.y(), u.x())
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
            self.axis_tag.setPos(self.path().pointAtPercent(0.35))  # not the middle
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


def owner_of(item: QGraphicsItem | None) -> QGraphicsItem | None:
    """The neuron or connection an item belongs to (itself, or a parent of a label or halo)."""
    while item is not None and not isinstance(item, NeuronItem | ConnectionItem):
        item = item.parentItem()
    return item
