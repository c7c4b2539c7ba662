"""The network drawing: neurons at their file positions, connections coloured by weight.

Built on QGraphicsScene so the editor can grow from it: `NeuronItem` and
`ConnectionItem` know their ids and keep their geometry in step when a neuron
moves; `NetworkScene.build` makes one item per neuron and connection.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
from PySide6.QtCore import QCoreApplication, QLineF, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QImage,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import (
    QGraphicsEllipseItem,
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsPixmapItem,
    QGraphicsScene,
    QGraphicsSceneHoverEvent,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QWidget,
)

from playground.engine.activations import ACTIVATIONS
from playground.engine.datasets import FEATURE_LABELS
from playground.engine.network import Network, Neuron
from playground.engine.parameters import bias_name, weight_name
from playground.io.document import Document
from playground.ui import style
from playground.ui.names import tr_name
from playground.ui.throttle import Throttle, redraw_now
from playground.ui.training.worker import EVERY_STEP_SPEED, Snapshot

NEURON_RADIUS = 18.0
MAX_WIDTH = 7.0  # pen width of the strongest connection
MIN_WIDTH = 0.6
HIT_WIDTH = 8.0  # how wide a connection is for the mouse
KEY_HEIGHT = 24  # pixels kept free at the bottom for the colour key
MAX_ZOOM = 1.6  # largest drawing scale when fitting a small network into its panel
REDRAW_SECONDS = 0.1  # while training, restyle the drawing ten times a second


WIDTH_STEPS = 32  # pen widths are quantised so a tiny weight change repaints nothing
MIN_ALPHA = 40  # the weakest connection's opacity (of 255): faint, still there
CLEARANCE = 1.45  # a routed connection passes other neurons' centres this many radii away
BEND_TRIES = 8  # bends tried on each side before a connection is drawn straight anyway
GLYPH_MIN_SCALE = 0.6  # below this drawing scale the activation inside a disc is unreadable
LABEL_ROOM = 16.0  # pixels a label needs between one neuron's disc and the next one's


def weight_style(weight: float, scale: float) -> tuple[bool, int]:
    """(positive, width step) of a connection's pen: colour by sign, width by magnitude."""
    share = min(abs(weight) / scale, 1.0) if scale > 0 else 0.0
    return weight >= 0, round(math.sqrt(share) * WIDTH_STEPS)


def weight_pen(weight: float, scale: float) -> QPen:
    """Pen for a connection: colour by sign, width and opacity by magnitude relative to
    `scale` (so in a big network the strong connections stand out of the weak ones)."""
    positive, step = weight_style(weight, scale)
    colour = QColor(style.POSITIVE if positive else style.NEGATIVE)
    colour.setAlpha(round(MIN_ALPHA + (255 - MIN_ALPHA) * step / WIDTH_STEPS))
    pen = QPen(colour, MIN_WIDTH + (MAX_WIDTH - MIN_WIDTH) * step / WIDTH_STEPS)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    return pen


class NeuronItem(QGraphicsEllipseItem):
    """One neuron: a disc with its activation and id, filled by role, ringed by its bias.

    Drawn by Qt itself (no Python paint), so redrawing a network costs no GIL time
    that training could use.
    """

    def __init__(self, neuron: Neuron, parent: QGraphicsItem | None = None):
        r = NEURON_RADIUS
        super().__init__(-r, -r, 2 * r, 2 * r, parent)
        self.neuron_id = neuron.id
        self.role = neuron.role
        self.connections: list[ConnectionItem] = []
        self.bias: float | None = None
        self.bias_grad: float | None = None
        self.activation = neuron.activation
        self.feature = neuron.feature
        self._ring: tuple[int, int] | None = None
        self.setPos(QPointF(*neuron.position))
        self.setZValue(1)
        self.setAcceptHoverEvents(True)
        # Geometry changes must reach the connections (the editor moves neurons).
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemSendsGeometryChanges, True)
        self.setBrush(QBrush(QColor(style.ROLE_FILL.get(self.role, "#ffffff"))))
        act = ACTIVATIONS.get(self.activation)
        self.glyph = QGraphicsSimpleTextItem(act.glyph if act else self.activation, self)
        self.glyph.setFont(QFont(style.FONT_FAMILY, 7))
        self.glyph.setBrush(QBrush(QColor(style.TEXT)))
        g = self.glyph.boundingRect()
        self.glyph.setPos(-g.width() / 2, -g.height() / 2)
        self.label = QGraphicsSimpleTextItem(self.caption(), self)
        self.label.setFont(QFont(style.FONT_FAMILY, 8))
        self.label.setBrush(QBrush(QColor(style.TEXT)))
        self._label_shown = True
        self._glyph_wanted = True
        self._place_label()
        self.set_bias(neuron.bias)
        self.picture: QGraphicsPixmapItem | None = None

    def set_picture(self, pixels: np.ndarray | None) -> None:
        """Show a round RGBA picture (h, w, 4) uint8 inside the disc, under its ring;
        None: the plain disc again."""
        if pixels is None:
            if self.picture is not None:
                self.picture.setVisible(False)
                self.setBrush(QBrush(QColor(style.ROLE_FILL.get(self.role, "#ffffff"))))
                self.glyph.setVisible(self._glyph_wanted)
            return
        h, w = pixels.shape[:2]
        image = QImage(pixels.data, w, h, 4 * w, QImage.Format.Format_RGBA8888)
        pixmap = QPixmap.fromImage(image)  # a copy: the array may go
        if self.picture is None:
            self.picture = QGraphicsPixmapItem(self)
            # Behind the disc, whose fill goes: the bias ring is drawn over the picture.
            self.picture.setFlag(QGraphicsItem.GraphicsItemFlag.ItemStacksBehindParent, True)
            self.picture.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
            self.picture.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self.picture.setPixmap(pixmap)
        self.picture.setOffset(-w / 2, -h / 2)
        self.picture.setScale(2 * NEURON_RADIUS / max(w, h))
        if not self.picture.isVisible() or self.brush().style() != Qt.BrushStyle.NoBrush:
            self.picture.setVisible(True)
            self.setBrush(QBrush(Qt.BrushStyle.NoBrush))
            # The picture says more than the activation's name (the tooltip keeps that).
            self.glyph.setVisible(False)

    def has_picture(self) -> bool:
        return self.picture is not None and self.picture.isVisible()

    def caption(self) -> str:
        if self.role == "input" and self.feature:
            return FEATURE_LABELS.get(self.feature, self.feature)
        return self.neuron_id

    def _place_label(self) -> None:
        r = self.label.boundingRect()
        self.label.setPos(-r.width() / 2, NEURON_RADIUS + 2)

    def set_detail(self, label: bool, glyph: bool, label_scale: float = 1.0) -> None:
        """Show or hide the id below and the activation inside (hidden ones show on hover).

        The label is drawn at `label_scale`, the inverse of the drawing's scale, so it
        reads the same at any zoom."""
        self._label_shown = label
        self.label.setScale(label_scale)
        r = self.label.boundingRect()
        self.label.setPos(-r.width() * label_scale / 2, NEURON_RADIUS + 2)
        self.label.setVisible(label or self.isUnderMouse())
        self._glyph_wanted = glyph
        self.glyph.setVisible(glyph and not self.has_picture())

    def itemChange(self, change, value):  # noqa: N802  (Qt override)
        if change == QGraphicsItem.GraphicsItemChange.ItemPositionHasChanged:
            for c in self.connections:
                c.update_geometry()
        return super().itemChange(change, value)

    def set_bias(self, value: float | None, grad: float | None = None) -> None:
        """Ring colour by the bias's sign, width by its size (quantised: restyle on change)."""
        self.bias = value
        self.bias_grad = grad
        sign = 0 if not value else (1 if value > 0 else -1)
        step = 0 if not value else round(min(abs(value), 3.0) * 4)
        if (sign, step) == self._ring:
            return
        self._ring = (sign, step)
        colour = {0: style.TEXT, 1: style.POSITIVE, -1: style.NEGATIVE}[sign]
        self.setPen(QPen(QColor(colour), 1.2 + step / 4))

    def hoverEnterEvent(self, event: QGraphicsSceneHoverEvent) -> None:  # noqa: N802
        lines = [f"{self.neuron_id} ({tr_name(self.role)}, {self.activation})"]
        if self.feature:
            lines.append(
                QCoreApplication.translate("NeuronItem", "feature {feature}").format(
                    feature=self.feature
                )
            )
        if self.bias is not None:
            lines.append(f"{bias_name(self.neuron_id)} = {self.bias:.4g}")
            if self.bias_grad is not None:
                lines.append(f"∂L/∂b = {self.bias_grad:.4g}")
        self.setToolTip("\n".join(lines))
        if not self._label_shown:  # too small to show always: show it while pointed at
            self.label.setVisible(True)
            self.setZValue(2)
        super().hoverEnterEvent(event)

    def hoverLeaveEvent(self, event: QGraphicsSceneHoverEvent) -> None:  # noqa: N802
        if not self._label_shown:
            self.label.setVisible(False)
            self.setZValue(1)
        super().hoverLeaveEvent(event)


def _distance_to_segment(p: QPointF, a: QPointF, b: QPointF) -> tuple[float, float]:
    """(distance from p to the segment ab, where along it: 0 at a, 1 at b)."""
    dx, dy = b.x() - a.x(), b.y() - a.y()
    length2 = dx * dx + dy * dy
    t = 0.0 if length2 == 0 else ((p.x() - a.x()) * dx + (p.y() - a.y()) * dy) / length2
    t = min(max(t, 0.0), 1.0)
    return math.hypot(p.x() - a.x() - t * dx, p.y() - a.y() - t * dy), t


def _quad(p0: QPointF, c: QPointF, p2: QPointF, t: float) -> QPointF:
    u = 1.0 - t
    return p0 * (u * u) + c * (2 * u * t) + p2 * (t * t)


def _clear(points: list[QPointF], others: list[QPointF], room: float) -> bool:
    return all(math.hypot(p.x() - o.x(), p.y() - o.y()) >= room
               for o in others for p in points)


def _leave(a: QPointF, c: QPointF, b: QPointF, centre: QPointF, radius: float,
           inside: float, outside: float) -> float:
    """Where the curve crosses the circle around `centre`, between the parameters `inside`
    (in the circle) and `outside` (out of it), by bisection."""
    for _ in range(24):
        t = (inside + outside) / 2
        if QLineF(_quad(a, c, b, t), centre).length() < radius:
            inside = t
        else:
            outside = t
    return outside


def route(a: QPointF, b: QPointF, others: list[QPointF],
          radius: float = NEURON_RADIUS) -> QPainterPath:
    """A connection from disc a to disc b: straight when no other neuron is in the way,
    else a curve bent just far enough to pass them (a skip connection goes around the
    neurons of the levels it skips). Trimmed to start and end at the discs' edges."""
    d = b - a
    length = math.hypot(d.x(), d.y())
    path = QPainterPath()
    if length <= 2 * radius:
        return path
    room = CLEARANCE * radius
    near = []
    for o in others:
        gap, along = _distance_to_segment(o, a, b)
        if gap < room and 0.0 < along < 1.0:
            near.append(o)
    control = None
    if near:
        n = QPointF(-d.y() / length, d.x() / length)
        mid = (a + b) * 0.5
        # Bend away from the middle of what is in the way (outwards, for a layered net).
        centre = QPointF(sum(o.x() for o in near) / len(near),
                         sum(o.y() for o in near) / len(near))
        away = 1.0 if QPointF.dotProduct(mid - centre, n) >= 0 else -1.0
        step = 2.2 * radius
        samples = [k / 16 for k in range(1, 16)]
        for k in range(1, BEND_TRIES + 1):
            for side in (away, -away):
                c = mid + n * (side * k * step)
                curve = [_quad(a, c, b, t) for t in samples]
                if _clear(curve, near, room):
                    control = c
                    break
            if control is not None:
                break
    if control is None:
        off = d * (radius / length)
        path.moveTo(a + off)
        path.lineTo(b - off)
        return path
    # Trim the curve to the discs' edges: the part between t0 and t1 is again a
    # quadratic Bézier, with the control point given by the blossom at (t0, t1).
    t0 = _leave(a, control, b, a, radius, 0.0, 0.5)
    t1 = _leave(a, control, b, b, radius, 1.0, 0.5)
    q1 = a * ((1 - t0) * (1 - t1)) + control * ((1 - t0) * t1 + t0 * (1 - t1)) \
        + b * (t0 * t1)
    path.moveTo(_quad(a, control, b, t0))
    path.quadTo(q1, _quad(a, control, b, t1))
    return path


class ConnectionItem(QGraphicsPathItem):
    """A connection drawn from its source neuron's edge to its target's, pen by weight."""

    def __init__(self, source: NeuronItem, target: NeuronItem, weight: float):
        super().__init__()
        self.source = source
        self.target = target
        self.weight = weight
        self.grad: float | None = None
        self._style: tuple[bool, int] | None = None
        source.connections.append(self)
        target.connections.append(self)
        self.setZValue(0)
        self.setAcceptHoverEvents(True)
        self.update_geometry()

    @property
    def parameter(self) -> str:
        return weight_name(self.source.neuron_id, self.target.neuron_id)

    def update_geometry(self) -> None:
        scene = self.source.scene()
        others = [n.pos() for n in getattr(scene, "neurons", {}).values()
                  if n is not self.source and n is not self.target] if scene else []
        self.setPath(route(self.source.pos(), self.target.pos(), others))

    def set_weight(self, weight: float, scale: float, grad: float | None = None) -> None:
        self.weight = weight
        self.grad = grad
        look = weight_style(weight, scale)
        if look != self._style:  # restyling costs a repaint and a re-index: only on change
            self._style = look
            self.setPen(weight_pen(weight, scale))

    def hoverEnterEvent(self, event: QGraphicsSceneHoverEvent) -> None:  # noqa: N802
        text = f"{self.parameter} = {self.weight:.4g}"
        if self.grad is not None:
            text += f"\n∂L/∂w = {self.grad:.4g}"
        self.setToolTip(text)
        super().hoverEnterEvent(event)

    def shape(self) -> QPainterPath:
        # A wider hit area than the drawn line, so thin connections can be pointed at.
        stroker = QPainterPathStroker()
        stroker.setWidth(max(self.pen().widthF(), HIT_WIDTH))
        return stroker.createStroke(self.path())



class NetworkScene(QGraphicsScene):
    """Items for one network, with live weights from snapshots."""

    # The flat parameters the drawing now shows (live, or a replayed step): the neuron
    # pictures follow them. (At a fast pace the view asks for the pictures first and
    # restyles when they come, without announcing: see NetworkView.wants_pictures.)
    parameters_shown = Signal(object)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.neurons: dict[str, NeuronItem] = {}
        self.connections: dict[str, ConnectionItem] = {}  # by parameter name
        self._index: dict[str, int] = {}
        self._names: tuple[str, ...] = ()
        self._detail: tuple[bool, bool, float] | None = None  # (labels, glyphs, label scale)

    def build(self, network: Network) -> None:
        """Replace every item with the neurons and connections of `network`."""
        self.clear()
        self.neurons = {}
        self.connections = {}
        self._names = ()
        for n in network.neurons:
            item = self.make_neuron(n)
            self.neurons[n.id] = item
            self.addItem(item)
        scale = max((abs(c.weight) for c in network.connections), default=1.0)
        for c in network.connections:
            item = self.make_connection(self.neurons[c.src], self.neurons[c.dst], c.weight)
            item.set_weight(c.weight, scale)
            self.connections[item.parameter] = item
            self.addItem(item)
            item.update_geometry()  # now the other neurons are known: route around them

    def addItem(self, item: QGraphicsItem) -> None:  # noqa: N802  (Qt override)
        super().addItem(item)
        if isinstance(item, NeuronItem) and self._detail is not None:
            item.set_detail(*self._detail)  # a neuron added later matches the others

    def set_detail(self, scale: float) -> None:
        """Labels and activation glyphs only where the drawing, at `scale` pixels per unit,
        leaves room to read them; the rest show when the pointer is on their neuron."""
        gap = self.closest_gap()
        label = gap * scale - 2 * NEURON_RADIUS * scale >= LABEL_ROOM
        glyph = scale >= GLYPH_MIN_SCALE
        # Labels keep their 8 points on screen at any zoom (up to 4x the drawing's size).
        label_scale = min(1.0 / max(scale, 1e-3), 4.0)
        self._detail = (label, glyph, label_scale)
        for item in self.neurons.values():
            item.set_detail(label, glyph, label_scale)

    def closest_gap(self) -> float:
        """The smallest distance between two neurons' centres (scene units)."""
        points = sorted((i.pos().x(), i.pos().y()) for i in self.neurons.values())
        best = math.inf
        for k, (x, y) in enumerate(points):  # sorted by x: stop once x alone is too far
            for x2, y2 in points[k + 1:]:
                if x2 - x >= best:
                    break
                best = min(best, math.hypot(x2 - x, y2 - y))
        return best if math.isfinite(best) else 4 * NEURON_RADIUS

    def make_neuron(self, neuron: Neuron) -> NeuronItem:
        """The item drawing `neuron` (an editor subclass may return its own)."""
        return NeuronItem(neuron)

    def make_connection(self, source: NeuronItem, target: NeuronItem,
                        weight: float) -> ConnectionItem:
        """The item drawing a connection (an editor subclass may return its own)."""
        return ConnectionItem(source, target, weight)

    def show_parameters(self, names: tuple[str, ...], theta: np.ndarray,
                        gradient: np.ndarray | None = None, announce: bool = True) -> None:
        """Restyle every connection and neuron from flat parameters named `names`;
        `announce`: say so (parameters_shown), which asks for their pictures."""
        if names != self._names:
            self._names = names
            self._index = {n: i for i, n in enumerate(names)}
        idx = self._index
        weights = [abs(theta[idx[p]]) for p in self.connections if p in idx]
        scale = max(max(weights, default=0.0), 1e-12)
        for name, item in self.connections.items():
            i = idx.get(name)
            if i is not None:
                item.set_weight(float(theta[i]), scale,
                                None if gradient is None else float(gradient[i]))
        for nid, item in self.neurons.items():
            i = idx.get(bias_name(nid))
            if i is not None:
                item.set_bias(float(theta[i]), None if gradient is None else float(gradient[i]))
        if announce:
            self.parameters_shown.emit(theta)

    def set_pictures(self, pictures: dict[str, np.ndarray]) -> None:
        """Each neuron's picture by id (a neuron left out shows its plain disc)."""
        for nid, item in self.neurons.items():
            item.set_picture(pictures.get(nid))


class NetworkView(QGraphicsView):
    """The network drawing, fitted to its widget, updated live from snapshots."""

    # While training with pictures from a worker (`pictures_coming`): the
    # parameters whose pictures to compute; the drawing restyles when they arrive.
    wants_pictures = Signal(object)

    def __init__(self, parent: QWidget | None = None, scene: NetworkScene | None = None):
        super().__init__(parent)
        self.network_scene = scene or NetworkScene(self)
        self.setScene(self.network_scene)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        self.setBackgroundBrush(QBrush(QColor(style.BACKGROUND)))
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.BoundingRectViewportUpdate)
        self.setMinimumSize(160, 120)
        self._redraw = Throttle(REDRAW_SECONDS)
        # Pictures computed here, on this thread, from the shown parameters (a headless
        # picture); the app computes them on a worker thread and calls set_pictures.
        self.pictures_for: Callable[[np.ndarray], dict[str, np.ndarray]] | None = None
        # The app's pictures come from a worker a few ms after a restyle; the pictures'
        # repaint covers every arrow, so restyling first painted the whole network twice
        # per update (half the GUI thread's painting here at Max). While pictures will
        # come (`pictures_coming`, the app asks its pictures thread), a snapshot's weights
        # at a fast pace wait for their pictures and both show in one paint.
        self.pictures_coming: Callable[[], bool] = lambda: False
        self._waiting: tuple[tuple[str, ...], np.ndarray, np.ndarray | None] | None = None

    @property
    def restyle_with_pictures(self) -> bool:
        """Whether running snapshots' weights wait for their pictures."""
        return self.pictures_coming()

    def set_document(self, document: Document) -> None:
        self._waiting = None
        self.network_scene.build(document.network)
        self.fit()

    def show_snapshot(self, snap: Snapshot) -> None:
        if not redraw_now(self._redraw, snap.running, snap.pace):
            return
        # Weights still waiting had no pictures in a whole redraw interval (a slow
        # picture): they show now, without.
        self.show_waiting()
        # Only at a fast pace: at a watchable one a learner reads the weights step by step,
        # and a double paint a few times a second costs nothing.
        fast_pace = snap.pace is None or snap.pace > EVERY_STEP_SPEED
        if snap.running and fast_pace and self.restyle_with_pictures:
            self._waiting = (snap.parameter_names, snap.theta, snap.gradient)
            self.wants_pictures.emit(snap.theta)
            return
        self.network_scene.show_parameters(snap.parameter_names, snap.theta, snap.gradient)
        if self.pictures_for is not None:
            self.set_pictures(self.pictures_for(snap.theta))

    def show_waiting(self) -> None:
        """Restyle with the weights that wait for pictures (none will come for them)."""
        if self._waiting is not None:
            names, theta, gradient = self._waiting
            self._waiting = None
            self.network_scene.show_parameters(names, theta, gradient, announce=False)

    def set_pictures(self, pictures: dict[str, np.ndarray]) -> None:
        """Each neuron's picture of what it computes over the inputs, by id (and the
        weights that waited for them)."""
        self.show_waiting()
        self.network_scene.set_pictures(pictures)

    def clear_pictures(self) -> None:
        self.show_waiting()
        self.network_scene.set_pictures({})

    def has_pictures(self) -> bool:
        """Whether any neuron shows a picture now."""
        return any(item.has_picture() for item in self.network_scene.neurons.values())

    def drawForeground(self, painter: QPainter, rect: QRectF) -> None:  # noqa: N802
        """A key in the bottom-left corner of the widget: what colour and width mean."""
        painter.save()
        painter.resetTransform()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = QFont(style.FONT_FAMILY, 8)
        painter.setFont(font)
        x, y = 8, self.viewport().height() - 10
        for colour, text in ((style.POSITIVE, "w > 0"), (style.NEGATIVE, "w < 0")):
            painter.setPen(QPen(QColor(colour), 3))
            painter.drawLine(x, y - 4, x + 18, y - 4)
            painter.setPen(QPen(QColor(style.MUTED)))
            painter.drawText(x + 22, y, text)
            x += 30 + painter.fontMetrics().horizontalAdvance(text)
        painter.drawText(x, y, self.tr("width ∝ |w| · ring: bias"))
        painter.restore()

    def fit(self) -> None:
        """Scale the drawing to fill the widget above the key, keeping its aspect ratio."""
        rect = self.network_scene.itemsBoundingRect()
        view = self.viewport().rect()
        if rect.isEmpty() or view.isEmpty():
            return
        margin, key = 10.0, float(KEY_HEIGHT)  # pixels
        scale = min((view.width() - 2 * margin) / rect.width(),
                    (view.height() - 2 * margin - key) / rect.height(), MAX_ZOOM)
        scale = max(scale, 1e-3)
        self.resetTransform()
        self.scale(scale, scale)
        self.network_scene.set_detail(scale)
        # A scene rect as big as the viewport, the drawing centred in the part above the key.
        w, h = view.width() / scale, view.height() / scale
        cx, cy = rect.center().x(), rect.center().y() + key / 2 / scale
        self.setSceneRect(QRectF(cx - w / 2, cy - h / 2, w, h))
        self.centerOn(cx, cy)

    def resizeEvent(self, event) -> None:  # noqa: N802  (Qt override)
        super().resizeEvent(event)
        self.fit()

    def showEvent(self, event) -> None:  # noqa: N802  (Qt override)
        super().showEvent(event)
        self.fit()
