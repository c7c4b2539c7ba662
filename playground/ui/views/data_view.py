"""The data view: what the model makes of its inputs, drawn over the data points.

2-D inputs: the model's output as a heatmap over the input plane, train points
filled and test points hollow. 1-D inputs: the points and the fitted curve.
Otherwise: predicted against target.
"""

from __future__ import annotations

import copy

import numpy as np
from PySide6.QtCore import QRectF
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
from playground.ui.throttle import Throttle
from playground.ui.training.worker import Snapshot
from playground.ui.views.axes import plain_axes
from playground.ui.views.class_colours import (
    class_colour,
    class_legend,
    class_lut,
    probabilities,
    region_colours,
)
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


class _Redraw:
    """The parts of a snapshot a redraw reads: the parameters, not running."""

    running = False

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


class DataView(QWidget):
    """Model output over the data, redrawn from each snapshot's parameters."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.plot = pg.PlotWidget(background=style.BACKGROUND)
        self.item: pg.PlotItem = self.plot.getPlotItem()
        plain_axes(self.item)
        self.item.setMenuEnabled(False)
        self.item.hideButtons()
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(f"color: {style.BANNER_FG};")
        self.message.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.message)
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

    # ------------------------------------------------------------------ document
    def set_document(self, document: Document, problem: Problem | None = None) -> None:
        """Show `document`'s data and model; `problem` is it already built and compiled
        (read here, on the GUI thread), else it is built here."""
        if document.is_function:
            self.compiled = None
            self.mode = "none"
            self.neuron = None
            self.neuron_bar.hide()
            self.message.setText("a function document has no data: its value is the loss")
            self.message.show()
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
            self.message.setText(f"cannot show the data: {e}")
            self.message.show()
            return
        self.message.hide()
        ds = self.dataset
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
        self.image.setVisible(False)
        self.curve.setVisible(False)
        self.diagonal.setVisible(False)
        self.item.setAspectLocked(False)
        if n_raw == 2 and can_map:
            self.mode = "plane"
            self._setup_plane(x_all, features, ds)
        elif n_raw == 1 and can_map:
            self.mode = "curve"
            self._setup_curve(x_all, features, ds)
        else:
            self.mode = "scatter"
            self.item.setLabel("bottom", "target")
            self.item.setLabel("left", "prediction")
            lo, hi = float(y_all.min()), float(y_all.max())
            self.diagonal.setData([lo, hi], [lo, hi])
            self.diagonal.setVisible(True)
            self.item.setXRange(*padded(lo, hi), padding=0)
        # A new data set or network: the value axis starts again from the data's range.
        self._target_range = (float(y_all.min()), float(y_all.max())) if len(y_all) \
            else (0.0, 1.0)
        self._shown_range = None
        if self.mode != "plane":
            self._fit_values(np.empty(0))
        has_test = len(ds.x_test) > 0
        title = "train ●   test ○" if has_test else "train ●"
        if self.classification and self.mode != "scatter":
            title += "&nbsp;&nbsp;&nbsp;&nbsp;" + class_legend(ds.class_names)
        self.item.setTitle(title, size="9pt", color=style.MUTED)
        drawn = (self.dataset, self.mode, self.classification, self.levels, self.classes)
        if self.mode == "scatter" or drawn != self._points_drawn:
            self._draw_points(None)
            self._points_drawn = drawn
        if self.neuron is not None and (self.neuron not in self.compiled.position
                                        or self.mode not in ("plane", "curve")):
            self.show_neuron(None)  # the neuron is gone, or there is no plane to draw on

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

    def _setup_plane(self, x_all: np.ndarray, features: list[str], ds: Dataset) -> None:
        lo, hi = plane_range(x_all)  # the neuron pictures cover the same plane
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

    def _setup_curve(self, x_all: np.ndarray, features: list[str], ds: Dataset) -> None:
        lo, hi = float(x_all.min()), float(x_all.max())
        pad = 0.05 * max(hi - lo, 1e-6)
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
            item = pg.ScatterPlotItem(size=8, pxMode=True)
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
        for x, y, train in ((ds.x_train, ds.y_train, True), (ds.x_test, ds.y_test, False)):
            if len(x) == 0 or (self.mode == "scatter" and theta is None):
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
        if snap.running and not self._redraw.ready():
            return
        self._redraw.mark()
        self._theta = snap.theta
        if self.neuron is not None and self.mode in ("plane", "curve"):
            self._draw_neuron()
        elif self.mode == "plane" and self.classes:
            out = self.compiled.forward(snap.theta.astype(np.float32), self._grid_features)
            rgb = region_colours(np.asarray(out, dtype=float), self.loss_kind)
            self.image.setImage(rgb.reshape(GRID, GRID, 3), levels=(0, 255), lut=None,
                                rect=self._rect, autoLevels=False)
        elif self.mode == "plane":
            z = self._outputs(snap.theta, self._grid_features).reshape(GRID, GRID)
            self.image.setImage(z, levels=self.levels, lut=self.lut, rect=self._rect,
                                autoLevels=False)
        elif self.mode == "curve":
            out = self._outputs(snap.theta, self._grid_features)
            self.curve.setData(self._curve_x, out)
            self._fit_values(out)
        else:
            self._draw_points(snap.theta)

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
