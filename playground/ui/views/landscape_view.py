"""The loss landscape: a heatmap with contours, the descent path, and the way downhill.

The view asks for surfaces (`requested`) and draws what comes back
(`show_result`); it never computes one itself. While training it asks a few
times a second for a quick slice through the current point; when paused, once
for the full resolution; for a two-parameter model, once for the exact surface.
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QRectF, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGraphicsItem,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from playground.engine import landscape
from playground.engine.landscape.planes import TOO_FEW_PARAMETERS, landscape_axes
from playground.engine.model import compile_model
from playground.io.document import Document, ViewSettings
from playground.ui import style
from playground.ui.qt import pg
from playground.ui.throttle import Throttle
from playground.ui.training.worker import Snapshot, thinned
from playground.ui.views.axes import plain_axes
from playground.ui.views.landscape_worker import (
    FULL_RESOLUTIONS,
    MODE_LABELS,
    MODES,
    RUNNING_RESOLUTIONS,
    LandscapeRequest,
    LandscapeResult,
)

REFRESH_SECONDS = 0.5  # while training, how often to ask for a new slice
ARROW_SHARE = 0.12  # the gradient arrow's length as a share of the view
MAX_DRAWN_PATH = 400  # path points drawn: more are invisible at this size and cost time
TINY = 1e-12  # floor before a logarithm


def plane_coordinates(plane: landscape.Plane, points: np.ndarray) -> np.ndarray:
    """(N, 2) coordinates of parameter vectors on the plane; a column pick for axis planes."""
    if plane.kind == "axes":
        return points[:, [int(np.argmax(plane.u)), int(np.argmax(plane.v))]]
    return landscape.project(plane, points)[0]


class LandscapeView(QWidget):
    """Heatmap, colour bar and contours of a loss slice; the path and the gradient on top."""

    requested = Signal(object)  # LandscapeRequest
    settings_changed = Signal(object)  # ViewSettings

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.settings = ViewSettings()
        self.version = -1
        self.names: list[str] = []
        self.exact = False
        self.plane: landscape.Plane | None = None
        self.result: LandscapeResult | None = None
        self.snap: Snapshot | None = None
        self._serial = 0
        self._asked: LandscapeRequest | None = None
        self._asked_full = False
        self._refresh = Throttle(REFRESH_SECONDS)
        self._labels: tuple[str, ...] = ()
        self._arrow_angle = math.inf
        self._rect: QRectF | None = None
        self._build_toolbar()
        self._build_plot()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(self.toolbar)
        layout.addWidget(self.plot, 1)

    # ------------------------------------------------------------------ widgets
    def _build_toolbar(self) -> None:
        self.mode = QComboBox()
        for m in MODES:
            self.mode.addItem(MODE_LABELS[m], m)
        self.x_param = QComboBox()
        self.y_param = QComboBox()
        for combo in (self.x_param, self.y_param):
            combo.setMinimumContentsLength(10)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.log_color = QCheckBox("log colour")
        self.caption = QLabel("")
        self.caption.setStyleSheet(f"color: {style.MUTED};")
        self.caption.setFixedWidth(self.caption.fontMetrics().horizontalAdvance("000×000 …") + 8)
        self.toolbar = QHBoxLayout()
        self.toolbar.setContentsMargins(4, 2, 4, 0)
        self.toolbar.addWidget(QLabel("slice:"))
        self.toolbar.addWidget(self.mode)
        self.toolbar.addWidget(QLabel("x"))
        self.toolbar.addWidget(self.x_param)
        self.toolbar.addWidget(QLabel("y"))
        self.toolbar.addWidget(self.y_param)
        self.toolbar.addWidget(self.log_color)
        self.toolbar.addStretch(1)
        self.toolbar.addWidget(self.caption)
        self.mode.currentIndexChanged.connect(self._on_choice)
        self.x_param.currentIndexChanged.connect(self._on_choice)
        self.y_param.currentIndexChanged.connect(self._on_choice)
        self.log_color.toggled.connect(self._on_log_color)

    def _build_plot(self) -> None:
        self.plot = pg.PlotWidget(background=style.BACKGROUND)
        self.item: pg.PlotItem = self.plot.getPlotItem()
        plain_axes(self.item)
        self.item.setMenuEnabled(False)
        self.item.hideButtons()
        self.vb = self.item.getViewBox()
        self.vb.setDefaultPadding(0)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.item.addItem(self.image)
        self.cmap = pg.colormap.get("viridis")
        self.colorbar = pg.ColorBarItem(values=(0, 1), colorMap=self.cmap, interactive=False,
                                        width=14, colorMapMenu=False,
                                        pen=style.MUTED)
        self.colorbar.setImageItem(self.image, insert_in=self.item)
        self.contours = pg.PlotCurveItem(pen=pg.mkPen(255, 255, 255, 110, width=1),
                                         connect="pairs", antialias=True)
        self.path = pg.PlotCurveItem(pen=pg.mkPen(style.PATH, width=1.5),
                                     shadowPen=pg.mkPen(style.PATH_EDGE, width=3.5))
        # Segments, not one polyline: ten times cheaper to stroke, thirty times a second.
        self.path.setSegmentedLineMode("on")
        # Start and current point in one item: one paint instead of two, thirty times a second.
        self.markers = pg.ScatterPlotItem(size=12, symbol="o", pen=pg.mkPen("w", width=1.5))
        self._marker_brushes = [pg.mkBrush(style.START), pg.mkBrush(style.CURRENT)]
        # A function document's known minima, as stars.
        self.minima_item = pg.ScatterPlotItem(size=15, symbol="star", brush=pg.mkBrush("#ff3030"),
                                              pen=pg.mkPen("w", width=1))
        self.minima = np.empty((0, 0))
        self.arrow_line = pg.PlotCurveItem(pen=pg.mkPen(style.GRADIENT, width=2.5))
        self.arrow_head = pg.ArrowItem(pxMode=True, headLen=12, tipAngle=40, tailLen=None,
                                       pen=pg.mkPen(style.GRADIENT), brush=style.GRADIENT)
        # The surface and its contours change a few times a second, the path thirty:
        # repaint the static pair from cached pixmaps.
        for it in (self.image, self.contours):
            it.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        for z, it in enumerate((self.contours, self.minima_item, self.path, self.arrow_line,
                                self.arrow_head, self.markers), start=1):
            it.setZValue(z)
            self.item.addItem(it, ignoreBounds=True)
        self.arrow_line.setVisible(False)
        self.arrow_head.setVisible(False)

    # ------------------------------------------------------------------ document
    def set_document(self, document: Document, version: int,
                     names: tuple[str, ...] | None = None) -> None:
        """A new network or run: new parameter lists, forget the old surface. `names`: the
        compiled network's parameter names, when the caller has compiled it already."""
        self.version = version
        self.settings = document.view
        self.snap = None
        self.result = None
        self.plane = None
        self._asked = None
        try:
            self.names = list(names if names is not None
                              else compile_model(document.network).parameter_names)
        except ValueError:
            self.names = []
        self.exact = len(self.names) == 2
        known = getattr(document.network, "minima", None) if document.is_function else None
        self.minima = np.array(known, dtype=float) if known else np.empty((0, 0))
        self.minima_item.setData([], [])
        for combo in (self.mode, self.x_param, self.y_param, self.log_color):
            combo.blockSignals(True)
        self.x_param.clear()
        self.y_param.clear()
        self.x_param.addItems(self.names)
        self.y_param.addItems(self.names)
        axes = self._axes()
        if axes:
            self.x_param.setCurrentText(axes[0])
            self.y_param.setCurrentText(axes[1])
        self.mode.setCurrentIndex(max(MODES.index(self.settings.mode)
                                      if self.settings.mode in MODES else 0, 0))
        self.mode.setEnabled(not self.exact)
        self.log_color.setChecked(bool(self.settings.log_color))
        for combo in (self.mode, self.x_param, self.y_param, self.log_color):
            combo.blockSignals(False)
        self._enable_axes()
        self.image.clear()
        self.contours.setData([], [])
        self.path.setData([], [])
        self.markers.setData([], [])
        self.arrow_line.setVisible(False)
        self.arrow_head.setVisible(False)
        self.caption.setText("")
        # Nothing to slice: say so where the surface would be, and ask for none.
        self._labels = ()
        self.item.setTitle(TOO_FEW_PARAMETERS if len(self.names) < 2 else None, size="9pt",
                           color=style.MUTED)

    def _axes(self) -> tuple[str, str] | None:
        try:
            return landscape_axes(self.names, self.settings.axes)
        except landscape.LandscapeError:
            return None

    def _enable_axes(self) -> None:
        on = self.mode.currentData() == "axes" or self.exact
        self.x_param.setEnabled(on and not self.exact)
        self.y_param.setEnabled(on and not self.exact)

    def _on_choice(self) -> None:
        mode = self.mode.currentData()
        x, y = self.x_param.currentText(), self.y_param.currentText()
        self.settings.mode = mode
        if x and y and x != y:
            self.settings.axes = (x, y)
        self.settings.range = None  # the old range belongs to the old axes
        self._enable_axes()
        self.settings_changed.emit(self.settings)
        self._asked = None
        if self.snap is not None:
            self._ask(self.snap, not self.snap.running)

    def _on_log_color(self, on: bool) -> None:
        self.settings.log_color = on
        self.settings_changed.emit(self.settings)
        if self.result is not None:
            self._draw_surface(self.result)

    # ------------------------------------------------------------------ requests
    def show_snapshot(self, snap: Snapshot) -> None:
        if snap.version != self.version or len(snap.theta) != len(self.names) or \
                len(self.names) < 2:
            return
        self.snap = snap
        self._maybe_ask(snap)
        self._draw_path()

    def _maybe_ask(self, snap: Snapshot) -> None:
        asked = self._asked
        if asked is None:
            self._ask(snap, full=not snap.running)
        elif self.exact:
            if self._path_left_range(snap):
                self._ask(snap, full=True)
        elif snap.running:
            if self._refresh.ready():
                self._ask(snap, full=False)
        elif not self._asked_full or not np.array_equal(asked.theta, snap.theta):
            self._ask(snap, full=True)

    def _full(self) -> tuple[int, ...]:
        res = int(self.settings.resolution or 0)
        return FULL_RESOLUTIONS + ((res,) if res > FULL_RESOLUTIONS[-1] else ())

    def _ask(self, snap: Snapshot, full: bool) -> None:
        self._serial += 1
        mode = "axes" if self.exact else self.settings.mode
        full = full or self.exact
        ladder = self._full() if full else RUNNING_RESOLUTIONS
        shown = self._shown_resolution(mode)
        if shown:
            # A like surface is on screen: no coarse step back, straight to the finer ones.
            ladder = tuple(r for r in ladder if r > shown) or ladder[-1:]
        request = LandscapeRequest(
            version=self.version, mode=mode, theta=snap.theta, path=snap.path,
            axes=self._axes(), seed=int(self.settings.seed), range=self._range_for(snap, mode),
            resolutions=ladder, serial=self._serial)
        self._asked = request
        self._asked_full = full
        self._refresh.mark()
        self.requested.emit(request)

    def _shown_resolution(self, mode: str) -> int:
        """The resolution of the surface on screen if it shows the same kind of slice, else 0."""
        r = self.result
        if r is None or r.request.mode != mode or (mode == "axes" and
                                                   r.request.axes != self._axes()):
            return 0
        return int(r.surface.z.shape[1])

    def _range_for(self, snap: Snapshot, mode: str) -> tuple[float, float, float, float] | None:
        """Keep a two-parameter slice's range while the path stays inside it."""
        if mode != "axes":
            return None
        if self.settings.range is not None:
            return tuple(self.settings.range)  # type: ignore[return-value]
        if self.result is None or self.result.plane.kind != "axes" or \
                self.result.plane.labels != self._axes() or self._path_left_range(snap):
            return None
        return tuple(self.result.surface.range)  # type: ignore[return-value]

    def _path_left_range(self, snap: Snapshot) -> bool:
        if self.result is None or self.settings.range is not None:
            return False
        x0, x1, y0, y1 = self.result.surface.range
        coords, _ = landscape.project(self.result.plane, snap.theta[None, :])
        a, b = coords[0]
        return not (x0 <= a <= x1 and y0 <= b <= y1)

    # ------------------------------------------------------------------ drawing
    def show_result(self, result: LandscapeResult) -> None:
        if result.request.version != self.version:
            return
        self.result = result
        self.plane = result.plane
        self._draw_surface(result)
        self._draw_path()

    def _draw_surface(self, result: LandscapeResult) -> None:
        s = result.surface
        z = np.asarray(s.z, dtype=float)
        log = self.log_color.isChecked()
        shown = np.log10(np.maximum(z, TINY)) if log else z
        finite = shown[np.isfinite(shown)]
        lo, hi = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
        if hi <= lo:
            hi = lo + 1e-9
        xs, ys = np.asarray(s.xs, float), np.asarray(s.ys, float)
        dx = (xs[-1] - xs[0]) / max(len(xs) - 1, 1)
        dy = (ys[-1] - ys[0]) / max(len(ys) - 1, 1)
        rect = QRectF(xs[0] - dx / 2, ys[0] - dy / 2, xs[-1] - xs[0] + dx, ys[-1] - ys[0] + dy)
        self.image.setImage(np.nan_to_num(shown, nan=hi, posinf=hi, neginf=lo), rect=rect,
                            autoLevels=False, levels=(lo, hi))
        self.colorbar.setLevels((lo, hi))
        self.contours.setData(result.contour_x, result.contour_y)
        # Labels, title and range only when they change: each re-lays out the plot.
        labels = (result.plane.labels[0], result.plane.labels[1],
                  "log₁₀ loss" if log else "loss", self._title(result))
        if labels != self._labels:
            self._labels = labels
            self.item.setLabel("bottom", labels[0])
            self.item.setLabel("left", labels[1])
            self.colorbar.axis.setLabel(labels[2])
            self.item.setTitle(labels[3], size="9pt", color=style.MUTED)
        if rect != self._rect:
            self._rect = rect
            self.vb.setRange(rect=rect, padding=0)
        self.caption.setText(f"{len(xs)}×{len(ys)}" + ("" if result.final else " …"))

    def _title(self, result: LandscapeResult) -> str:
        kind = result.plane.kind
        if self.exact:
            return "loss over both parameters (the whole surface)"
        if kind == "axes":
            return "loss over two parameters, the others held at the current point"
        if kind == "pca":
            return "loss on the plane of the path's two principal directions"
        return "loss on a random plane (filter-normalised) through the current point"

    def _draw_path(self) -> None:
        snap, plane = self.snap, self.plane
        if snap is None or plane is None or plane.n_params != len(snap.theta):
            return
        coords = plane_coordinates(plane, snap.path)
        x, y = coords[:, 0], coords[:, 1]
        keep = thinned(len(x), MAX_DRAWN_PATH)
        self.path.setData(x[keep], y[keep])
        self.markers.setData([x[0], x[-1]], [y[0], y[-1]], brush=self._marker_brushes)
        if plane.kind == "axes" and self.minima.shape[1:] == (plane.n_params,):
            where = plane_coordinates(plane, self.minima)
            self.minima_item.setData(where[:, 0], where[:, 1])
        self._draw_arrow(x[-1], y[-1], snap.gradient)

    def _draw_arrow(self, x: float, y: float, gradient: np.ndarray) -> None:
        """A short arrow along the negative gradient of the surface at the current point."""
        plane = self.plane
        d = -np.array([plane.u @ gradient, plane.v @ gradient])
        (x0, x1), (y0, y1) = self.vb.viewRange()
        wx, wy = x1 - x0, y1 - y0
        dn = np.array([d[0] / wx, d[1] / wy]) if wx > 0 and wy > 0 else np.zeros(2)
        norm = float(np.hypot(*dn))
        if not np.isfinite(norm) or norm == 0:
            self.arrow_line.setVisible(False)
            self.arrow_head.setVisible(False)
            return
        ex = x + dn[0] / norm * ARROW_SHARE * wx
        ey = y + dn[1] / norm * ARROW_SHARE * wy
        self.arrow_line.setData([x, ex], [y, ey])
        a = self.vb.mapViewToScene(pg.Point(x, y))
        b = self.vb.mapViewToScene(pg.Point(ex, ey))
        angle = 180.0 + math.degrees(math.atan2(b.y() - a.y(), b.x() - a.x()))
        if abs(angle - self._arrow_angle) > 0.5:  # rebuilding the arrow's path is not free
            self._arrow_angle = angle
            self.arrow_head.setStyle(angle=angle)
        self.arrow_head.setPos(ex, ey)
        self.arrow_line.setVisible(True)
        self.arrow_head.setVisible(True)
