"""The small +/− buttons drawn on the network canvas (the layer edits' per-layer buttons).

Kept apart from the code that places them so the canvas can recognise them
without importing the editor.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRectF, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QFont, QPainterPath, QPen
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsSceneMouseEvent,
    QGraphicsSimpleTextItem,
)

from playground.ui import style

BUTTON = 18.0  # pixels, side of a per-layer button
GAP = 3.0  # pixels between the two buttons of a layer
LIFT = 6.0  # pixels between the buttons and the top neuron's disc


class LayerButton(QGraphicsPathItem):
    """A small "+" or "−" drawn at a fixed size in pixels whatever the zoom."""

    def __init__(self, sign: str, tip: str, action: Callable[[], None], left: float):
        super().__init__()
        path = QPainterPath()
        path.addRoundedRect(QRectF(left, -BUTTON - LIFT, BUTTON, BUTTON), 4, 4)
        self.setPath(path)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations, True)
        self.setBrush(QBrush(QColor(style.BACKGROUND)))
        self.setPen(QPen(QColor(style.MUTED), 1))
        self.setZValue(4)
        self.setToolTip(tip)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setAcceptedMouseButtons(Qt.MouseButton.LeftButton)
        self.action = action
        self.text = QGraphicsSimpleTextItem(sign, self)
        self.text.setFont(QFont(style.FONT_FAMILY, 11, QFont.Weight.Bold))
        self.text.setBrush(QBrush(QColor(style.TEXT)))
        r = self.text.boundingRect()
        self.text.setPos(left + (BUTTON - r.width()) / 2,
                         -BUTTON - LIFT + (BUTTON - r.height()) / 2)
        self.text.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802
        event.accept()

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802
        if self.contains(event.pos()):
            # After this event: the edit rebuilds the buttons, this one among them.
            QTimer.singleShot(0, self.action)
        event.accept()


def control_of(item: QGraphicsItem | None) -> LayerButton | None:
    """The layer button an item belongs to (itself or its text), if any."""
    while item is not None and not isinstance(item, LayerButton):
        item = item.parentItem()
    return item
