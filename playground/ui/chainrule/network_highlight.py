"""Highlights drawn over the network drawing: halos, glowing connections, value labels.

Overlay items only: the neuron and connection items (and the editor's styling
of them) are left untouched. Overlays take no mouse input and are removed by
`clear()`; a scene rebuilt under them (a new document) is handled too.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import shiboken6
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPen
from PySide6.QtWidgets import (
    QGraphicsEllipseItem,
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsTextItem,
    QGraphicsView,
)

from playground.engine.parameters import WEIGHT, kind_of
from playground.ui import style

COMPUTED = "#1a9641"  # the value a step produces (green: red already means "selected")
USED = "#7b3fbf"  # the values it reads
LABEL_BORDER = "#b8b8b8"
HALO_GAP = 4.0
MAX_LABELLED = 24  # beyond this many neurons only the neurons a step computes get labels


@dataclass
class Highlight:
    """What to mark: neuron ids and parameter names, strongly (computed) or softly (used)."""

    computed_neurons: set[str] = field(default_factory=set)
    used_neurons: set[str] = field(default_factory=set)
    computed_connections: set[str] = field(default_factory=set)  # parameter names w:…
    used_connections: set[str] = field(default_factory=set)
    labels: dict[str, str] = field(default_factory=dict)  # neuron id -> HTML above it
    connection_labels: dict[str, str] = field(default_factory=dict)  # parameter -> HTML
    loss_label: str | None = None  # HTML right of the outputs


def _inert(item: QGraphicsItem) -> QGraphicsItem:
    """An overlay item the mouse passes through and the editor cannot select."""
    item.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
    item.setAcceptHoverEvents(False)
    item.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable, False)
    item.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsFocusable, False)
    return item


def scene_items(scene: QGraphicsScene) -> tuple[dict[str, QGraphicsItem], dict[str, QGraphicsItem]]:
    """(neuron id -> item, parameter name -> connection item) of a network scene."""
    neurons = getattr(scene, "neurons", None)
    connections = getattr(scene, "connections", None)
    if isinstance(neurons, dict) and isinstance(connections, dict):
        return neurons, connections
    neurons, connections = {}, {}
    for item in scene.items():
        nid = getattr(item, "neuron_id", None)
        if isinstance(nid, str):
            neurons[nid] = item
        param = getattr(item, "parameter", None)
        if kind_of(param) == WEIGHT:
            connections[param] = item
    return neurons, connections


class SceneHighlighter:
    """Draws a `Highlight` over a network view's scene and takes it away again."""

    def __init__(self, view: QGraphicsView):
        self.view = view
        self._items: list[QGraphicsItem] = []
        self._scene: QGraphicsScene | None = None

    @property
    def items(self) -> list[QGraphicsItem]:
        """The overlay items currently shown."""
        return [i for i in self._items if shiboken6.isValid(i)]

    def clear(self) -> None:
        for item in self._items:
            if shiboken6.isValid(item) and item.scene() is not None:
                item.scene().removeItem(item)
        self._items = []

    def show(self, highlight: Highlight) -> None:
        """Replace the overlays with those of `highlight`."""
        self.clear()
        scene = self.view.scene()
        if scene is None:
            return
        self._scene = scene
        neurons, connections = scene_items(scene)
        for names, colour, width in ((highlight.used_connections, USED, 9.0),
                                     (highlight.computed_connections, COMPUTED, 11.0)):
            for name in names:
                item = connections.get(name)
                if item is not None:
                    self._glow(scene, item, colour, width)
        for ids, colour in ((highlight.used_neurons - highlight.computed_neurons, USED),
                            (highlight.computed_neurons, COMPUTED)):
            for nid in ids:
                item = neurons.get(nid)
                if item is not None:
                    self._halo(scene, item, colour)
        taken: list[QRectF] = []  # callouts placed so far, in viewport pixels
        labelled = dict(sorted(highlight.labels.items(),  # what the step computes first
                               key=lambda kv: kv[0] not in highlight.computed_neurons))
        if len(neurons) > MAX_LABELLED:  # a big drawing: label only what the step computes
            labelled = {k: v for k, v in labelled.items() if k in highlight.computed_neurons}
        for nid, text in labelled.items():
            item = neurons.get(nid)
            if item is not None:
                top, bottom = _above_and_below(item)
                self._label(scene, text, top, bottom,
                            COMPUTED if nid in highlight.computed_neurons else LABEL_BORDER,
                            taken=taken)
        for name, text in highlight.connection_labels.items():
            item = connections.get(name)
            if item is not None:
                mid = item.mapToScene(item.path().pointAtPercent(0.5))
                self._label(scene, text, mid, None, COMPUTED, centred=True, taken=taken)
        if highlight.loss_label is not None:
            outputs = [i for i in neurons.values() if getattr(i, "role", "") == "output"]
            if outputs:
                low = max(outputs, key=lambda i: (i.scenePos().y(), i.scenePos().x()))
                _, bottom = _above_and_below(low)
                self._label(scene, highlight.loss_label, bottom, None, COMPUTED, below=True,
                            taken=taken)

    # ------------------------------------------------------------------ items
    def _add(self, scene: QGraphicsScene, item: QGraphicsItem) -> None:
        scene.addItem(_inert(item))
        self._items.append(item)

    def _glow(self, scene: QGraphicsScene, item: QGraphicsItem, colour: str,
              width: float) -> None:
        glow = QGraphicsPathItem(item.path())
        glow.setPos(item.pos())
        c = QColor(colour)
        c.setAlpha(95)
        pen = QPen(c, width)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        glow.setPen(pen)
        glow.setZValue(item.zValue() - 0.5)
        self._add(scene, glow)

    def _halo(self, scene: QGraphicsScene, item: QGraphicsItem, colour: str) -> None:
        rect = item.boundingRect()
        r = min(rect.width(), rect.height()) / 2 + HALO_GAP
        halo = QGraphicsEllipseItem(-r, -r, 2 * r, 2 * r)
        halo.setPos(item.scenePos())
        halo.setPen(QPen(QColor(colour), 3.5))
        halo.setBrush(Qt.BrushStyle.NoBrush)
        halo.setZValue(item.zValue() - 0.1)  # under the neuron, so its id label stays on top
        self._add(scene, halo)

    def _label(self, scene: QGraphicsScene, text: str, anchor: QPointF,
               fallback: QPointF | None, border: str, below: bool = False,
               centred: bool = False, taken: list[QRectF] | None = None) -> bool:
        """A boxed HTML label of constant screen size: above `anchor` (below it if `below`,
        on it if `centred`), moved to below `fallback` or sideways to stay in the view,
        and clear of the callouts in `taken` (moved up or down, or left out when there is
        no room: never drawn over another). False if it was left out."""
        box = QGraphicsRectItem()
        box.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations, True)
        label = QGraphicsTextItem(box)
        label.setFont(QFont(style.FONT_FAMILY, 8))
        label.setDefaultTextColor(QColor(style.TEXT))
        label.setHtml(text)
        label.document().setDocumentMargin(2)
        r = label.boundingRect()
        w, h = r.width(), r.height()
        x = -w / 2
        y = -h / 2 if centred else (0.0 if below else -h)
        view, area = self.view, self.view.viewport().rect()
        at = view.mapFromScene(anchor)
        if not centred and not below and fallback is not None and at.y() - h < area.top() + 2:
            anchor, y = fallback, 0.0  # no room above: hang it under the neuron's name
            at = view.mapFromScene(anchor)
        # Pixels: the box ignores the view's scale, so offsets are screen distances.
        x = min(max(x, area.left() + 2 - at.x()), area.right() - 2 - w - at.x())
        y = min(y, area.bottom() - 2 - h - at.y())
        if taken is not None:
            spot = _free_spot(QRectF(at.x() + x, at.y() + y, w, h), taken, QRectF(area))
            if spot is None:
                box.setParentItem(None)
                return False
            x, y = spot.x() - at.x(), spot.y() - at.y()
            taken.append(QRectF(spot.x(), spot.y(), w, h))
        label.setPos(x, y)
        box.setRect(x, y, w, h)
        box.setBrush(QBrush(QColor(255, 255, 255, 235)))
        box.setPen(QPen(QColor(border), 1))
        box.setPos(anchor)
        box.setZValue(5)
        _inert(label)
        self._add(scene, box)
        self._items.append(label)  # PySide does not hand a child item to its parent: keep it
        return True


def _free_spot(rect: QRectF, taken: list[QRectF], area: QRectF) -> QPointF | None:
    """The top-left corner nearest `rect`'s where it overlaps none of `taken` and stays in
    `area`: tried up and down in small steps, then sideways."""
    gap = 3.0
    step = rect.height() / 2 + gap
    shifts = [(0.0, 0.0)]
    for k in range(1, 13):
        shifts += [(0.0, -k * step), (0.0, k * step)]
    for k in range(1, 4):
        for side in (1.0, -1.0):
            shifts += [(side * k * (rect.width() / 2 + gap), dy) for dy in (0.0, -step, step)]
    for dx, dy in shifts:
        moved = rect.translated(dx, dy)
        if not area.contains(moved):
            continue
        padded = moved.adjusted(-gap, -gap, gap, gap)
        if not any(padded.intersects(t) for t in taken):
            return moved.topLeft()
    return None


def _above_and_below(item: QGraphicsItem) -> tuple[QPointF, QPointF]:
    """Scene points just above a neuron's disc and just below its id label."""
    rect = item.rect() if isinstance(item, QGraphicsEllipseItem) else item.boundingRect()
    pos = item.scenePos()
    top = pos + QPointF(0, rect.top() - 3)
    bottom = pos + QPointF(0, rect.bottom() + 3)
    label = getattr(item, "label", None)
    if isinstance(label, QGraphicsItem) and label.isVisible():
        bottom = QPointF(pos.x(), label.sceneBoundingRect().bottom() + 4)
    return top, bottom
