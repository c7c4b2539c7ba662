"""The data view: what the model makes of its inputs, drawn over the data points.

2-D inputs: the model's output as a heatmap over the input plane, train points
filled and test points hollow. 1-D inputs: the points and the fitted curve.
Otherwise: predicted against target.

With editing on (the window's data-editing part), points are drawn in the plane or along
the curve: a click adds one, a drag moves one (or the selection), Delete removes the
selection. The view only asks, by signals; each edit is an undoable command elsewhere.
"""

from __future__ import annotations

import copy

import numpy as np
from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, Qt, Signal
from PySide6.QtWidgets import (
    QGraphicsItem,
    QHBoxLayout,
    QLabel,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from playground.engine.compiled import CompiledNetwork
from playground.engine.datasets import Dataset, apply_features
from playground.engine.losses import LOSSES
from playground.engine.training import prepare
from playground.io.document import DataSpec, Document
from playground.ui import style
from playground.ui.qt import pg
from playground.ui.throttle import Throttle, redraw_now
from playground.ui.training.worker import Snapshot
from playground.ui.views.axes import plain_axes
from playground.ui.views.class_colours import (
    class_colour,
    class_legend,
    class_lut,
    probabilities,
    region_colours,
)
from playground.ui.views.data_tools import DataTools
from playground.workspace.data_edits import TEST, TRAIN, PointRef, class_target
from playground.workspace.neuron_pictures import (
    Scale,
    colour_levels,
    output_scale,
    plane_range,
    scaled,
)
from playground.workspace.problem import Problem

GRID = 80  # heatmap cells per side
REDRAW_SECONDS = 0.1  # the model's picture changes slowly: ten redraws a second are plenty
PASTEL = 0.5  # how far the heatmap's colours are mixed towards white
CURVE_POINTS = 200
COLOUR_BINS = 32  # point colours: a few shared brushes draw far faster than one per point
PLAIN = -1  # the colour "bin" of points drawn in one plain colour
CLASS_BIN = 1000  # point colours CLASS_BIN + k: class k of several
HIT_PIXELS = 7  # a click this close to a point picks it instead of adding one
EMPTY_RANGE = 6.0  # the plane (or line) shown when there are no points to fit it to


class _Redraw:
    """The parts of a snapshot a redraw reads: the parameters, not running."""

    running = False
    pace = None

    def __init__(self, theta: np.ndarray):
        self.theta = theta


def padded(lo: float, hi: float, share: float = 0.08) -> tuple[float, float]:
    """lo..hi with a margin on each side (a unit range around a single value)."""
    if not hi > lo:
        return lo - 0.5, hi + 0.5
    pad = share * (hi - lo)
    return lo - pad, hi + pad


def class_colormap() -> pg.ColorMap:
    """Orange (class 0, negative) through white to blue (class 1, positive)."""
    return pg.ColorMap([0.0, 0.5, 1.0], [pg.mkColor(style.NEGATIVE), pg.mkColor("#ffffff"),
                                         pg.mkColor(style.POSITIVE)])


def heatmap_lut() -> np.ndarray:
    """The heatmap's colours (256, 3) uint8: the class colour map mixed towards white."""
    full = class_colormap().getLookupTable(nPts=256, alpha=False).astype(float)
    return (255 - (255 - full) * (1 - PASTEL)).astype(np.uint8)


class PassiveScatter(pg.ScatterPlotItem):
    """Points that let clicks through to the view box, which picks and adds points."""

    def mouseClickEvent(self, ev) -> None:  # noqa: N802  (pyqtgraph's name)
        ev.ignore()


class EditableViewBox(pg.ViewBox):
    """A view box that offers clicks and drags to the data view first (drawing points);
    what the view does not take pans and zooms as usual."""

    def __init__(self) -> None:
        super().__init__()
        self.handler: DataView | None = None

    def mouseClickEvent(self, ev) -> None:  # noqa: N802  (pyqtgraph's name)
        if self.handler is not None and self.handler.view_clicked(ev):
            ev.accept()
            return
        super().mouseClickEvent(ev)

    def mouseDragEvent(self, ev, axis=None) -> None:  # noqa: N802  (pyqtgraph's name)
        if self.handler is not None and self.handler.view_dragged(ev):
            ev.accept()
            return
        super().mouseDragEvent(ev, axis)


class DataView(QWidget):
    """Model output over the data, redrawn from each snapshot's parameters."""

    add_requested = Signal(object, object)  # raw inputs, target row
    move_requested = Signal(object, object, object)  # point refs, raw inputs, targets or None
    delete_requested = Signal(object)  # point refs

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.viewbox = EditableViewBox()
        self.plot = pg.PlotWidget(background=style.BACKGROUND, viewBox=self.viewbox)
        self.item: pg.PlotItem = self.plot.getPlotItem()
        plain_axes(self.item)
        self.item.setMenuEnabled(False)
        self.item.hideButtons()
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(f"color: {style.BANNER_FG};")
        self.message.hide()
        self.tools = DataTools()
        self.tools.hide()  # shown with editing on
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.message)
        layout.addWidget(self.tools)
        layout.addWidget(self._neuron_bar())
        layout.addWidget(self.plot, 1)
        self.cmap = class_colormap()
        self.lut = heatmap_lut()
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setZValue(-10)
        # Repaint from a cached pixmap unless the picture itself changed.
        self.image.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.curve = pg.PlotDataItem(pen=pg.mkPen(style.TEXT, width=2))
        self.diagonal = pg.PlotDataItem(pen=pg.mkPen(style.MUTED, width=1,
                                                     style=pg.QtCore.Qt.PenStyle.DashLine))
        # Points by (train?, colour bin): one style per item, drawn in one go.
        self.point_items: dict[tuple[bool, int], pg.ScatterPlotItem] = {}
        for it in (self.image, self.curve, self.diagonal):
            self.item.addItem(it)
        self.compiled: CompiledNetwork | None = None
        self.dataset: Dataset | None = None
        self.mode = "none"
        self.classification = False
        self.link = None  # the loss's map from an output to what it predicts (sigmoid of a logit)
        self.classes: tuple[str, ...] = ()  # names of several classes, drawn in class colours
        self.loss_kind = ""
        self.levels = (0.0, 1.0)
        self._grid_features: np.ndarray | None = None
        self._curve_x: np.ndarray | None = None
        self._redraw = Throttle(REDRAW_SECONDS)
        self._spec: DataSpec | None = None  # the data spec self.dataset was built from
        self._points_drawn: tuple | None = None  # what the drawn points show
        self._target_range: tuple[float, float] = (0.0, 1.0)  # the data's own value range
        self._shown_range: tuple[float, float] | None = None  # the value axis as set
        # Shared styles: pyqtgraph draws points of one brush and pen in one go, while a
        # brush per point costs a symbol per point (seconds for 100,000s of points).
        bins = self.cmap.map(np.linspace(0.0, 1.0, COLOUR_BINS), mode="qcolor")
        self._bin_brushes = [pg.mkBrush(c) for c in bins]
        self._bin_pens = [pg.mkPen(c, width=2) for c in bins]
        self._plain_brush = pg.mkBrush(style.POSITIVE)
        self._plain_pen = pg.mkPen(style.POSITIVE, width=2)
        self._hollow_brush = pg.mkBrush(255, 255, 255, 160)
        self.neuron: str | None = None  # the neuron drawn instead of the output, if any
        self._theta: np.ndarray | None = None  # the parameters drawn last
        self._roles: dict[str, str] = {}
        self._single_output: Scale | None = None
        # Drawing points: what is shown where (display coordinates per part), the selection,
        # a drag in progress and the display settings.
        self.editable = False
        self.discretize = False
        self.show_test = True
        self.n_outputs = 1
        self.kind = "regression"
        self._shown: dict[str, np.ndarray] = {}
        self.selected: list[PointRef] = []
        self._drag: dict | None = None
        self._tools_for: tuple | None = None  # what the quick controls were last loaded with
        self._extent: tuple | None = None  # the inputs' range shown (drawn points keep it)
        self._value_extent: tuple[float, float] | None = None  # a curve's value range shown
        self.selection_item = PassiveScatter(size=15, pxMode=True, brush=None,
                                             pen=pg.mkPen(style.TEXT, width=2))
        self.selection_item.setZValue(3)
        self.drag_item = PassiveScatter(size=10, pxMode=True, brush=pg.mkBrush(style.TEXT),
                                        pen=pg.mkPen("#ffffff", width=1))
        self.drag_item.setZValue(4)
        self.item.addItem(self.selection_item)
        self.item.addItem(self.drag_item)

    # ------------------------------------------------------------------ editing
    def enable_editing(self) -> None:
        """Clicks and drags draw points; the quick controls show above the plot."""
        self.editable = True
        self.viewbox.handler = self
        self.tools.show()
        self.plot.setToolTip(self.tools.hint)
        self.plot.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.plot.installEventFilter(self)
        self._load_tools()

    def apply_display(self, discretize: bool, show_test: bool) -> None:
        """Show the output discretized or not, the test points or not (no edit: the
        window's command calls this with the document's settings)."""
        changed = (discretize, show_test) != (self.discretize, self.show_test)
        self.discretize, self.show_test = discretize, show_test
        self.tools.load_display(discretize, show_test)
        if not changed or self.dataset is None or self.compiled is None:
            return
        self._set_title()
        if self.mode != "scatter":
            self._draw_points(None)
            self._points_drawn = None
            self._show_selection()
        if self._theta is not None and len(self._theta) == self.compiled.n_params:
            self._redraw.reset()
            self.show_snapshot(_Redraw(self._theta))

    def drawable(self) -> bool:
        return self.editable and self.mode in ("plane", "curve")

    def _value_is_y(self) -> bool:
        """Along a curve of a regression the clicked height is the target itself."""
        return self.mode == "curve" and self.kind != "classification"

    def _hit(self, scene_pos: QPointF) -> PointRef | None:
        """The shown point within HIT_PIXELS of `scene_pos`, nearest first."""
        pos = self.viewbox.mapSceneToView(scene_pos)
        pw, ph = self.viewbox.viewPixelSize()
        if not (pw > 0 and ph > 0):
            return None  # a plot with no size yet shows nothing to pick
        best, best_d = None, HIT_PIXELS ** 2
        for part, xy in self._shown.items():
            if not len(xy):
                continue
            d = ((xy[:, 0] - pos.x()) / pw) ** 2 + ((xy[:, 1] - pos.y()) / ph) ** 2
            i = int(np.argmin(d))
            if d[i] <= best_d:
                best, best_d = (part, i), float(d[i])
        return best

    def _shown_at(self, refs: list[PointRef]) -> np.ndarray:
        return np.array([self._shown[part][i] for part, i in refs], dtype=float).reshape(-1, 2)

    def _show_selection(self) -> None:
        self.selected = [r for r in self.selected if r[0] in self._shown
                         and r[1] < len(self._shown[r[0]])]
        xy = self._shown_at(self.selected)
        self.selection_item.setData(xy[:, 0], xy[:, 1])

    def _inputs_targets(self, xy: np.ndarray, right: bool = False
                        ) -> tuple[list[list[float]], list[list[float]] | None]:
        """Raw inputs (and targets, where the position gives them) of display positions."""
        if self.mode == "plane":
            return xy.tolist(), None
        if self._value_is_y():
            return xy[:, :1].tolist(), xy[:, 1:].tolist()
        return xy[:, :1].tolist(), None

    def view_clicked(self, ev) -> bool:
        """A click: pick a point, or add one (left: the chosen class, right: the next)."""
        buttons = (Qt.MouseButton.LeftButton, Qt.MouseButton.RightButton)
        if not self.drawable() or ev.button() not in buttons or ev.double():
            return False
        self.plot.setFocus(Qt.FocusReason.MouseFocusReason)
        hit = self._hit(ev.scenePos())
        adding = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
        if hit is not None and ev.button() == Qt.MouseButton.LeftButton:
            if ev.modifiers() & adding:
                if hit in self.selected:
                    self.selected.remove(hit)
                else:
                    self.selected.append(hit)
            else:
                self.selected = [hit]
            self._show_selection()
            return True
        pos = self.viewbox.mapSceneToView(ev.scenePos())
        right = ev.button() == Qt.MouseButton.RightButton
        self.add_point_at(pos.x(), pos.y(), right)
        return True

    def add_point_at(self, x: float, y: float, right: bool = False) -> None:
        """Ask for a point at display position (x, y): in the plane, its inputs; along a
        curve, its input (and, for a regression, its target)."""
        self.selected = []
        self._show_selection()
        inputs, targets = self._inputs_targets(np.array([[x, y]]))
        if targets is None:
            value = self.tools.new_point_value(right)
            targets = [class_target(self.kind, self.n_outputs, value)]
        self.add_requested.emit(inputs[0], targets[0])

    def view_dragged(self, ev) -> bool:
        """A drag that starts on a point moves it (or the selection it belongs to)."""
        if ev.isStart():
            if not self.drawable() or ev.button() != Qt.MouseButton.LeftButton:
                return False
            hit = self._hit(ev.buttonDownScenePos())
            if hit is None:
                return False  # a pan
            refs = list(self.selected) if hit in self.selected else [hit]
            start = self.viewbox.mapSceneToView(ev.buttonDownScenePos())
            self._drag = {"refs": refs, "start": (start.x(), start.y()),
                          "points": self._shown_at(refs)}
        if self._drag is None:
            return False
        now = self.viewbox.mapSceneToView(ev.scenePos())
        sx, sy = self._drag["start"]
        delta = np.array([now.x() - sx, now.y() - sy])
        if self.mode == "curve" and not self._value_is_y():
            delta[1] = 0.0  # a class sits at its own height
        moved = self._drag["points"] + delta
        self.drag_item.setData(moved[:, 0], moved[:, 1])
        if ev.isFinish():
            refs = self._drag["refs"]
            self._drag = None
            self.drag_item.setData([])
            if np.any(delta):
                inputs, targets = self._inputs_targets(moved)
                self.move_requested.emit(refs, inputs, targets)
        return True

    def delete_selected(self) -> bool:
        if not self.selected:
            return False
        refs, self.selected = list(self.selected), []
        self._show_selection()
        self.delete_requested.emit(refs)
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """Delete (or Backspace) removes the selected points, Escape forgets them; while
        points are selected these keys belong to the data view, not the network editor."""
        if watched is self.plot and event.type() in (QEvent.Type.ShortcutOverride,
                                                     QEvent.Type.KeyPress):
            keys = (Qt.Key.Key_Delete, Qt.Key.Key_Backspace, Qt.Key.Key_Escape)
            if event.key() in keys and self.selected:
                event.accept()
                if event.type() == QEvent.Type.KeyPress:
                    if event.key() == Qt.Key.Key_Escape:
                        self.selected = []
                        self._show_selection()
                    else:
                        self.delete_selected()
                return True
        return super().eventFilter(watched, event)


    # ------------------------------------------------------------------ document
    def set_document(self, document: Document, problem: Problem | None = None) -> None:
        """Show `document`'s data and model; `problem` is it already built and compiled
        (read here, on the GUI thread), else it is built here."""
        self.discretize = document.data_view.discretize
        self.show_test = document.data_view.show_test
        self.selected = []
        self._drag = None
        if document.is_function:
            self.compiled = None
            self.mode = "none"
            self.neuron = None
            self.neuron_bar.hide()
            self.message.setText(self.tr("a function document has no data: its value is the loss"))
            self.message.show()
            self.tools.setEnabled(False)
            return
        self.tools.setEnabled(True)
        if document.waits_for_points():
            self.neuron = None
            self.neuron_bar.hide()
            self._show_empty(document)
            return
        try:
            if problem is not None:
                self.dataset, self._spec = problem.dataset, copy.deepcopy(document.data)
                self.compiled = problem.compiled
            else:
                # A run reset or a training edit keeps the data: no rebuilding of points.
                if self.dataset is None or document.data != self._spec:
                    self.dataset, self._spec = None, copy.deepcopy(document.data)
                    self.dataset = document.data.build()
                # Only the check matters here: the view draws the raw inputs.
                self.compiled, _ = prepare(document.network, self.dataset,
                                           document.training.loss)
        except Exception as e:  # noqa: BLE001  (a bad document is reported, not raised)
            self.compiled = None
            self.mode = "none"
            self.neuron = None
            self.neuron_bar.hide()
            self.message.setText(self.tr("cannot show the data: {e}").format(e=e))
            self.message.show()
            self._show_selection()
            return
        self.message.hide()
        ds = self.dataset
        self.kind, self.n_outputs = ds.kind, ds.n_outputs
        self._single_output = output_scale(ds, document.training.loss.kind) \
            if len(self.compiled.output_ids) == 1 else None
        self._roles = {n.id: n.role for n in document.network.neurons}
        self.classification = ds.kind == "classification"
        self.link = LOSSES[document.training.loss.kind].link
        # Several classes: regions and points in class colours (two keep the colour scale).
        self.classes = ds.class_names if self.classification and ds.n_outputs > 1 else ()
        self.loss_kind = document.training.loss.kind
        features = self.compiled.input_features
        x_all = np.concatenate([ds.x_train, ds.x_test])
        y_all = np.concatenate([ds.y_train, ds.y_test]).ravel()
        if self.classification:
            self.levels = (0.0, 1.0)
        else:
            half = float(np.abs(y_all).max())
            self.levels = (-half, half) if half > 0 else (-1.0, 1.0)
        n_raw = ds.n_inputs
        can_map = self._features_apply(features, n_raw)
        # Drawn points keep the plane (or line) they are drawn in: it only grows to hold
        # them. Other data are shown as they fit.
        drawn_points = document.data.generator is None and document.data.test_rows is not None
        extent = self._extent if drawn_points else None
        self.image.setVisible(False)
        self.curve.setVisible(False)
        self.diagonal.setVisible(False)
        self.item.setAspectLocked(False)
        if n_raw == 2 and can_map:
            self.mode, was = "plane", self.mode
            self._setup_plane(x_all, features, ds, extent if was == "plane" else None)
        elif n_raw == 1 and can_map:
            self.mode, was = "curve", self.mode
            self._setup_curve(x_all, features, ds, extent if was == "curve" else None)
        else:
            self.mode = "scatter"
            self.item.setLabel("bottom", self.tr("target"))
            self.item.setLabel("left", self.tr("prediction"))
            lo, hi = float(y_all.min()), float(y_all.max())
            self.diagonal.setData([lo, hi], [lo, hi])
            self.diagonal.setVisible(True)
            self.item.setXRange(*padded(lo, hi), padding=0)
        # A new data set or network: the value axis starts again from the data's range.
        self._target_range = (float(y_all.min()), float(y_all.max())) if len(y_all) \
            else (0.0, 1.0)
        if extent is not None and self.mode == "curve" and self._value_extent is not None:
            self._target_range = (min(self._target_range[0], self._value_extent[0]),
                                  max(self._target_range[1], self._value_extent[1]))
        self._value_extent = self._target_range if self.mode == "curve" else None
        self._shown_range = None
        if self.mode != "plane":
            self._fit_values(np.empty(0))
        self._set_title()
        drawn = (self.dataset, self.mode, self.classification, self.levels, self.classes,
                 self.show_test)
        if self.mode == "scatter" or drawn != self._points_drawn:
            self._draw_points(None)
            self._points_drawn = drawn
        self._show_selection()
        self._tools_for = (document, ds.kind, ds.n_outputs, ds.class_names)
        self._load_tools()
        if self.neuron is not None and (self.neuron not in self.compiled.position
                                        or self.mode not in ("plane", "curve")):
            self.show_neuron(None)  # the neuron is gone, or there is no plane to draw on
    def _load_tools(self) -> None:
        if self._tools_for is not None:
            self.tools.load(*self._tools_for, self.drawable(), self._value_is_y())

    def _set_title(self) -> None:
        ds = self.dataset
        if ds is None:
            return
        has_test = len(ds.x_test) > 0 and self.show_test
        title = self.tr("train ●   test ○") if has_test else self.tr("train ●")
        if self.classification and self.mode != "scatter":
            title += "&nbsp;&nbsp;&nbsp;&nbsp;" + class_legend(ds.class_names)
        self.item.setTitle(title, size="9pt", color=style.MUTED)

    def _show_empty(self, document: Document) -> None:
        """Data cleared: the plane (or line) as it was, no points, no model picture (nothing
        trains until a point is drawn)."""
        d = document.data
        self.compiled = None
        self.dataset = None
        self._spec = copy.deepcopy(d)
        self._points_drawn = None
        self.kind = d.kind or "regression"
        self.classification = self.kind == "classification"
        self.n_outputs = max(len(document.network.ids("output")), 1)
        self.classes = tuple(d.classes or ()) if self.n_outputs > 1 else ()
        if self.mode not in ("plane", "curve"):
            features = [n.feature or n.id for n in document.network.neurons
                        if n.role == "input"]
            two = any("x2" in f for f in features)
            self.mode = "plane" if two else "curve"
            r = EMPTY_RANGE
            if two:
                self.item.setAspectLocked(True)
                self.item.setRange(xRange=(-r, r), yRange=(-r, r), padding=0)
                self._extent = (np.array([-r, -r]), np.array([r, r]))
            else:
                self.item.setRange(xRange=(-r / 2, r / 2), yRange=(-r / 4, r / 4), padding=0)
                self._extent = (np.array([-r / 2]), np.array([r / 2]))
                self._value_extent = (-r / 4, r / 4)
        self.image.setVisible(False)
        self.curve.setVisible(False)
        self.diagonal.setVisible(False)
        self._shown = {}
        for item in self.point_items.values():
            item.setData([])
        self._show_selection()
        self.message.hide()
        self.item.setTitle(self.tr("no points: click to add one"), size="9pt",
                           color=style.MUTED)
        names = tuple(d.classes or ()) or tuple(str(k) for k in range(max(2, self.n_outputs)))
        self._tools_for = (document, self.kind, self.n_outputs,
                           names if self.classification else ())
        self._load_tools()

    # ------------------------------------------------------------------ one neuron
    def _neuron_bar(self) -> QWidget:
        """'Neuron h1 over the inputs  [Show output]': shown while a neuron is drawn."""
        self.neuron_bar = QWidget()
        row = QHBoxLayout(self.neuron_bar)
        row.setContentsMargins(6, 2, 6, 2)
        self.neuron_label = QLabel("")
        self.neuron_label.setStyleSheet(f"color: {style.MUTED};")
        self.output_button = QToolButton()
        self.output_button.setText(self.tr("Show output"))
        self.output_button.setToolTip(self.tr("Back to the model's output over the data"))
        self.output_button.clicked.connect(lambda: self.show_neuron(None))
        row.addWidget(self.neuron_label, 1)
        row.addWidget(self.output_button)
        self.neuron_bar.hide()
        return self.neuron_bar

    def show_neuron(self, nid: str | None) -> None:
        """Draw neuron `nid`'s activation over the inputs, large, in place of the model's
        output (its picture in the network view, in the same colours); None: the output."""
        if nid is not None and (self.compiled is None or nid not in self.compiled.position
                                or self.mode not in ("plane", "curve")):
            nid = None
        self.neuron = nid
        self.neuron_bar.setVisible(nid is not None)
        if nid is not None:
            self.neuron_label.setText(self.tr("Neuron {id}: its activation over the inputs")
                                      .format(id=nid))
        if self._theta is not None and self.compiled is not None \
                and len(self._theta) == self.compiled.n_params:
            self._redraw.reset()
            self.show_snapshot(_Redraw(self._theta))

    def _draw_neuron(self) -> None:
        acts = self.compiled.activations(self._theta.astype(np.float32), self._grid_features)
        values = np.asarray(acts[self.neuron], dtype=float)
        role = self._roles.get(self.neuron, "hidden")
        if self.mode == "curve":
            self.curve.setData(self._curve_x, values)
            self._fit_values(values)
            return
        outputs = self.compiled.output_ids
        if self.classes and self.neuron in outputs:  # its class's probability, in its colour
            k = outputs.index(self.neuron)
            p = probabilities(np.stack([acts[o] for o in outputs], axis=1), self.loss_kind)
            t, lut = p[:, k].reshape(GRID, GRID), class_lut(k)
        else:
            scale = colour_levels(values, role, self._single_output)
            t, lut = scaled(values, scale, self.loss_kind).reshape(GRID, GRID), self.lut
        self.image.setImage(t, levels=(0.0, 1.0), lut=lut, rect=self._rect, autoLevels=False)

    @staticmethod
    def _features_apply(features: list[str], n_raw: int) -> bool:
        try:
            apply_features(np.zeros((1, n_raw)), features)
        except ValueError:
            return False
        return n_raw in (1, 2)

    def _grown(self, lo: np.ndarray, hi: np.ndarray, extent: tuple | None
               ) -> tuple[np.ndarray, np.ndarray]:
        """lo..hi grown to hold `extent` (what was shown), at least one unit wide, kept."""
        if extent is not None:
            lo, hi = np.minimum(lo, extent[0]), np.maximum(hi, extent[1])
        flat = hi - lo < 1e-9  # one point (or all in one place): a unit around it
        lo, hi = np.where(flat, lo - 1.0, lo), np.where(flat, hi + 1.0, hi)
        self._extent = (lo, hi)
        return lo, hi

    def _setup_plane(self, x_all: np.ndarray, features: list[str], ds: Dataset,
                     extent: tuple | None = None) -> None:
        # The neuron pictures cover the same plane (drawn points may have grown it).
        lo, hi = self._grown(*plane_range(x_all), extent)
        xs = np.linspace(lo[0], hi[0], GRID)
        ys = np.linspace(lo[1], hi[1], GRID)
        gx, gy = np.meshgrid(xs, ys)  # rows follow y, as the image's rows
        raw = np.column_stack([gx.ravel(), gy.ravel()])
        self._grid_features = apply_features(raw, features).astype(np.float32)
        self._rect = QRectF(lo[0], lo[1], hi[0] - lo[0], hi[1] - lo[1])
        self.image.setVisible(True)
        self.item.setLabel("bottom", ds.input_names[0])
        self.item.setLabel("left", ds.input_names[1])
        self.item.setAspectLocked(True)
        self.item.setRange(xRange=(lo[0], hi[0]), yRange=(lo[1], hi[1]), padding=0)

    def _setup_curve(self, x_all: np.ndarray, features: list[str], ds: Dataset,
                     extent: tuple | None = None) -> None:
        lo, hi = float(x_all.min()), float(x_all.max())
        pad = 0.05 * max(hi - lo, 1e-6)
        grown = self._grown(np.array([lo - pad]), np.array([hi + pad]), extent)
        lo, hi = float(grown[0][0]) + pad, float(grown[1][0]) - pad
        self._curve_x = np.linspace(lo - pad, hi + pad, CURVE_POINTS)
        self._grid_features = apply_features(self._curve_x[:, None], features).astype(np.float32)
        self.curve.setVisible(True)
        self.item.setXRange(lo - 2 * pad, hi + 2 * pad, padding=0)
        self.item.setLabel("bottom", ds.input_names[0])
        self.item.setLabel("left", ds.output_names[0])

    # ------------------------------------------------------------------ drawing
    def _outputs(self, theta: np.ndarray, x: np.ndarray) -> np.ndarray:
        # float32 halves the cost; a picture does not need float64.
        out = np.asarray(self.compiled.forward(theta.astype(np.float32), x), dtype=float)[:, 0]
        return out if self.link is None else self.link(out)

    def _all_outputs(self, theta: np.ndarray, x: np.ndarray) -> np.ndarray:
        out = np.asarray(self.compiled.forward(theta, x), dtype=float)
        return out if self.link is None else self.link(out)

    def _colour_bins(self, y: np.ndarray) -> np.ndarray | None:
        """Each target's colour bin (0/1 classes land on the end bins), None for one colour."""
        if not self.classification and self.mode != "plane":
            return None  # the y axis already shows the target; one colour reads best
        lo, hi = self.levels
        t = np.clip((y - lo) / (hi - lo), 0.0, 1.0)
        return np.rint(t * (COLOUR_BINS - 1)).astype(int)

    def _points_item(self, train: bool, colour: int) -> pg.ScatterPlotItem:
        key = (train, colour)
        if key not in self.point_items:
            item = PassiveScatter(size=8, pxMode=True)
            item.setZValue(1 if train else 2)  # hollow test points on top
            self.item.addItem(item)
            self.point_items[key] = item
        return self.point_items[key]

    def _draw_points(self, theta: np.ndarray | None) -> None:
        ds = self.dataset
        if ds is None or self.mode == "none":
            return
        used: set[tuple[bool, int]] = set()
        predictions: list[np.ndarray] = []
        if self.mode != "scatter":
            self._shown = {}
        for x, y, train in ((ds.x_train, ds.y_train, True), (ds.x_test, ds.y_test, False)):
            if len(x) == 0 or (self.mode == "scatter" and theta is None):
                continue
            if not train and not self.show_test:
                continue
            target = y[:, 0]
            if self.mode == "scatter":
                feats = apply_features(x, self.compiled.input_features) \
                    if self._features_apply(self.compiled.input_features, x.shape[1]) else x
                # Every output: targets against predictions, column by column.
                target = y.ravel()
                px, py = target, self._all_outputs(theta, feats).ravel()
                predictions.append(py)
            elif self.mode == "curve":
                px, py = x[:, 0], target
            else:
                px, py = x[:, 0], x[:, 1]
            if self.mode != "scatter":
                self._shown[TRAIN if train else TEST] = np.column_stack([px, py])
            # Several classes in the plane or along a line: one colour per class.
            bins = CLASS_BIN + np.argmax(y, axis=1) if self.classes and \
                self.mode != "scatter" else self._colour_bins(target)
            groups = [(PLAIN, slice(None))] if bins is None else \
                [(int(b), bins == b) for b in np.unique(bins)]
            for colour, pick in groups:
                used.add((train, colour))
                self._points_item(train, colour).setData(px[pick], py[pick],
                                                         **self._point_style(train, colour))
        for key, item in self.point_items.items():
            if key not in used:
                item.setData([])
        if predictions:
            self._fit_values(np.concatenate(predictions))

    def _point_style(self, train: bool, colour: int) -> dict:
        if colour >= CLASS_BIN:
            c = class_colour(colour - CLASS_BIN)
            if train:
                return {"brush": pg.mkBrush(c), "pen": pg.mkPen("#ffffff", width=1)}
            return {"brush": self._hollow_brush, "pen": pg.mkPen(c, width=2)}
        if train:
            # White rims read on class colours; regression colours can be near white.
            rim = "#ffffff" if self.classification else "#444444"
            brush = self._plain_brush if colour == PLAIN else self._bin_brushes[colour]
            return {"brush": brush, "pen": pg.mkPen(rim, width=1)}
        pen = self._plain_pen if colour == PLAIN else self._bin_pens[colour]
        return {"brush": self._hollow_brush, "pen": pen}

    def show_snapshot(self, snap: Snapshot) -> None:
        if self.compiled is None or self._grid_features is None and self.mode != "scatter":
            return
        if len(snap.theta) != self.compiled.n_params:
            return
        if not redraw_now(self._redraw, snap.running, snap.pace):
            return
        self._theta = snap.theta
        if self.neuron is not None and self.mode in ("plane", "curve"):
            self._draw_neuron()
        elif self.mode == "plane" and self.classes:
            out = self.compiled.forward(snap.theta.astype(np.float32), self._grid_features)
            rgb = region_colours(np.asarray(out, dtype=float), self.loss_kind, self.discretize)
            self.image.setImage(rgb.reshape(GRID, GRID, 3), levels=(0, 255), lut=None,
                                rect=self._rect, autoLevels=False)
        elif self.mode == "plane":
            z = self._outputs(snap.theta, self._grid_features).reshape(GRID, GRID)
            if self.discretize:
                z = self._discrete(z)
            self.image.setImage(z, levels=self.levels, lut=self.lut, rect=self._rect,
                                autoLevels=False)
        elif self.mode == "curve":
            out = self._outputs(snap.theta, self._grid_features)
            if self.discretize:
                out = self._discrete(out)
            self.curve.setData(self._curve_x, out)
            self._fit_values(out)
        else:
            self._draw_points(snap.theta)

    def _discrete(self, out: np.ndarray) -> np.ndarray:
        """What the model says rather than how strongly: the class (outputs through the
        loss's link, split at ½), or the sign of a regression's output."""
        if self.classification:
            return (out > 0.5).astype(float)
        lo, hi = self.levels
        return np.where(out >= 0.0, hi, lo) if self.mode == "plane" else np.sign(out)

    def _fit_values(self, outputs: np.ndarray) -> None:
        """The value axis (y) covers the data and the model's outputs; it is set again when
        they leave it or shrink to well under it (a flat line or a wild curve stays in view)."""
        lo, hi = self._target_range
        out = np.asarray(outputs, dtype=float)
        out = out[np.isfinite(out)]
        if out.size:
            lo, hi = min(lo, float(out.min())), max(hi, float(out.max()))
        wanted = padded(lo, hi)
        shown = self._shown_range
        if shown is not None and shown[0] <= wanted[0] and wanted[1] <= shown[1] and \
                (wanted[1] - wanted[0]) > 0.6 * (shown[1] - shown[0]):
            return
        self._shown_range = wanted
        self.item.setYRange(*wanted, padding=0)
