"""The loss landscape: a heatmap with contours, the descent path, and the way downhill.

The view asks for surfaces (`requested`) and draws what comes back
(`show_result`); it never computes one itself. It follows the current point:
when the point nears an edge the range grows (or recentres after a jump) and a
surface for the new range is asked for, coarse first. Mouse zoom and pan, "Fit
to path" and "Reset view" ask for the range shown. While training it asks a few
times a second for a slice through the current point (up to 96×96); paused,
for 128×128. Colours come from robust percentiles of the grid, the colour bar
reads in loss values, and the gradient arrow has one stated scale per view
(see landscape_scale).
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QFontMetricsF
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGraphicsItem,
    QHBoxLayout,
    QLabel,
    QMenu,
    QToolButton,
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
from playground.ui.training.worker import (
    EVERY_STEP_SPEED,
    HEAD_PATH_POINTS,
    Snapshot,
    thinned_pairs,
)
from playground.ui.views import landscape_scale as scale
from playground.ui.views.axes import plain_axes
from playground.ui.views.landscape_worker import (
    FILTERED_CURVATURE,
    FULL_RESOLUTIONS,
    MODE_LABELS,
    MODES,
    RUNNING_RESOLUTIONS,
    LandscapeRequest,
    LandscapeResult,
)

REFRESH_SECONDS = 0.5  # while training, how often to ask for a new slice
MAX_PACE_REFRESH_SECONDS = 1.0  # at Max: the training thread needs the CPU more
ZOOM_SETTLE_MS = 150  # after the mouse zoomed or panned, wait this long, then ask
STEP_DOTS = 60  # at a watchable pace the newest steps are drawn as dots too
BAD_COLOUR = (255, 0, 255, 255)  # cells with no readable loss (not finite, overflow)
DRAWN_RECENT = 800  # the newest path points drawn (a zig-zag at any pace), and the
# snapshot's first HEAD_PATH_POINTS too: exactly at rest and at a watchable pace, to the
# half pixel while running faster (`pixel_thinned`)
DRAWN_OLDER = 400  # older ones drawn, in pairs of neighbours: stroking costs ~6 µs a point
# The legend's corners in order of preference (pyqtgraph offsets: + from the left or top,
# − from the right or bottom); the top right holds the resolution caption.
LEGEND_CORNERS = ((8, -8), (8, 8), (-8, -8))
MIN_ARROW_PIXELS = 8.0  # a shorter arrow hides under the current point's dot: not drawn
# The widest texts a clipped end of the colour bar shows (exponents of three digits,
# below 1e-99, are left to be dropped rather than narrow every plot for them).
WIDEST_END_LABELS = ("≤ -0.00082", "≤ -8.8e-88", "≥ -8.8e+88")


def pixel_thinned(x: np.ndarray, y: np.ndarray, px: float, py: float) -> np.ndarray:
    """Indices of the points worth stroking at pixel size (px, py): of consecutive points
    in one half-pixel cell only the first, and the last point always. The line drawn moves
    by under a pixel; at a fast pace a frame's path holds hundreds of steps inside a few pixels,
    and stroking each took most of the landscape's paint time."""
    n = len(x)
    if n < 3 or not (px > 0 and py > 0 and math.isfinite(px) and math.isfinite(py)):
        return np.arange(n)
    with np.errstate(invalid="ignore", over="ignore"):
        cx, cy = np.floor(x / (0.5 * px)), np.floor(y / (0.5 * py))
    moved = (cx[1:] != cx[:-1]) | (cy[1:] != cy[:-1])  # NaN compares unequal: kept
    moved[-1] = True
    return np.flatnonzero(np.concatenate(([True], moved)))


def plane_coordinates(plane: landscape.Plane, points: np.ndarray) -> np.ndarray:
    """(N, 2) coordinates of parameter vectors on the plane; a column pick for axis planes."""
    if plane.kind == "axes":
        return points[:, [int(np.argmax(plane.u)), int(np.argmax(plane.v))]]
    return landscape.project(plane, points)[0]


class LandscapeView(QWidget):
    """Heatmap, colour bar and contours of a loss slice; the path and the gradient on top."""

    requested = Signal(object)  # LandscapeRequest
    settings_changed = Signal(object)  # ViewSettings
    # Double-click or "Start here": the parameter values (name -> value) at that point.
    start_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.settings = ViewSettings()
        self.version = -1
        self.names: list[str] = []
        self.exact = False
        self.plane: landscape.Plane | None = None
        self.result: LandscapeResult | None = None
        self.snap: Snapshot | None = None
        # The range shown and asked for: on the two parameters' axes (absolute values);
        # on a random or trajectory plane only once the user zoomed (else the path's).
        self.view_range: scale.Range | None = None
        self.arrow_scale: float | None = None  # one per view range: arrow = −scale·∇L
        self._arrow_key: tuple | None = None
        self._colour: tuple[float, float, bool, bool] | None = None
        self._colour_key: tuple | None = None
        self._serial = 0
        self._asked: LandscapeRequest | None = None
        self._asked_full = False
        self._refresh = Throttle(REFRESH_SECONDS)
        self._labels: tuple[str, ...] = ()
        self._arrow_angle = math.inf
        self._rect: QRectF | None = None
        self._bar: tuple | None = None  # what the colour bar shows
        self._axes_key: tuple | None = None
        self._axes_cached: tuple[str, str] | None = None
        self._zoom_timer = QTimer(self)
        self._zoom_timer.setSingleShot(True)
        self._zoom_timer.timeout.connect(self._zoom_settled)
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
            if m != FILTERED_CURVATURE:  # the View menu's option of the curvature plane
                self.mode.addItem(
                    QCoreApplication.translate("LandscapeWorker", MODE_LABELS[m]), m)
        # Filter normalisation of the curvature plane: a menu option, not a longer combo
        # entry (the toolbar has no width to spare in a 1024- or 1366-pixel window).
        self.filter_curvature = QAction(self.tr("Filter-normalise the curvature plane"), self)
        self.filter_curvature.setCheckable(True)
        self.filter_curvature.setToolTip(self.tr(
            "Scale each neuron's part of the two eigenvectors to the size of its weights, as "
            "the random plane does (Li et al. 2018)"))
        self.x_param = QComboBox()
        self.y_param = QComboBox()
        for combo in (self.x_param, self.y_param):
            combo.setMinimumContentsLength(10)
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
        self.log_color = QCheckBox(self.tr("log colour"))
        # Follow, Fit to path and Reset view in one small menu button: the toolbar has to
        # fit a 1024-pixel window beside the docks.
        self.follow = QAction(self.tr("Follow the current point"), self)
        self.follow.setCheckable(True)
        self.follow.setChecked(True)
        self.follow.setToolTip(
            self.tr(
                "Keep the current point in sight: the view grows or moves "
                "when the point nears an edge (zooming with the mouse stops it)"
            )
        )
        self.fit = QAction(self.tr("Fit to path"), self)
        self.fit.setToolTip(self.tr("Show the whole descent path"))
        self.reset_view = QAction(self.tr("Reset view"), self)
        self.reset_view.setToolTip(self.tr("Back to the file's range, following the point "
                                           "(the mouse wheel zooms, dragging pans)"))
        self.view_menu = QMenu(self)
        self.view_menu.setToolTipsVisible(True)
        for act in (self.follow, self.fit, self.reset_view):
            self.view_menu.addAction(act)
        self.view_menu.addSeparator()
        self.view_menu.addAction(self.filter_curvature)
        self.view_button = QToolButton()
        self.view_button.setText(self.tr("View"))
        self.view_button.setToolTip(self.tr("Follow the point, fit to the path, reset the view "
                                            "(double-click the landscape: start there)"))
        self.view_button.setMenu(self.view_menu)
        self.view_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.toolbar = QHBoxLayout()
        self.toolbar.setContentsMargins(4, 2, 4, 0)
        self.toolbar.addWidget(QLabel(self.tr("slice:")))
        self.toolbar.addWidget(self.mode)
        self.toolbar.addWidget(QLabel("x"))
        self.toolbar.addWidget(self.x_param)
        self.toolbar.addWidget(QLabel("y"))
        self.toolbar.addWidget(self.y_param)
        self.toolbar.addWidget(self.log_color)
        self.toolbar.addStretch(1)
        self.toolbar.addWidget(self.view_button)
        self.mode.currentIndexChanged.connect(self._on_choice)
        self.filter_curvature.toggled.connect(self._on_choice)
        self.x_param.currentIndexChanged.connect(self._on_choice)
        self.y_param.currentIndexChanged.connect(self._on_choice)
        self.log_color.toggled.connect(self._on_log_color)
        self.follow.toggled.connect(self._on_follow)
        self.fit.triggered.connect(self.fit_to_path)
        self.reset_view.triggered.connect(self.reset_range)

    def _build_plot(self) -> None:
        self.plot = pg.PlotWidget(background=style.BACKGROUND)
        self.item: pg.PlotItem = self.plot.getPlotItem()
        plain_axes(self.item)
        self.item.setMenuEnabled(False)
        self.item.hideButtons()
        self.vb = self.item.getViewBox()
        self.vb.setDefaultPadding(0)
        self.vb.sigRangeChangedManually.connect(self._on_manual_range)
        self.plot.scene().sigMouseClicked.connect(self._on_click)
        self.start_here = QAction(self.tr("Start here"), self)
        self.start_here.setToolTip(self.tr("Start descent from this point (undoable); "
                                           "double-clicking the landscape does the same"))
        self._clicked_at: tuple[float, float] | None = None
        self.start_here.triggered.connect(self._start_at_clicked)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.item.addItem(self.image)
        # Cells with no readable loss, on top of the heatmap in their own colour.
        self.bad = pg.ImageItem(axisOrder="row-major")
        self.cmap = pg.colormap.get("viridis")
        self.colorbar = pg.ColorBarItem(values=(0, 1), colorMap=self.cmap, interactive=False,
                                        width=14, colorMapMenu=False,
                                        pen=style.MUTED)
        self.colorbar.setImageItem(self.image, insert_in=self.item)
        self.colorbar.axis.enableAutoSIPrefix(False)
        # pyqtgraph drops a tick label that does not fit the axis: room for the widest a
        # clipped end's label can be ("≤ 0.00082", "≤ -3.2e-12"), a negative loss included.
        axis = self.colorbar.axis
        metrics = QFontMetricsF(axis.style.get("tickFont") or axis.font())
        widest = max(metrics.horizontalAdvance(text) for text in WIDEST_END_LABELS)
        axis.setWidth(math.ceil(max(0, axis.style["tickLength"]) + axis.style["tickTextOffset"][0]
                                + widest) + 3)
        # Triangles inside the bar's ends where colours are clipped (more lies beyond).
        self.clip_marks = pg.ScatterPlotItem(size=9, pen=pg.mkPen(style.TEXT, width=1),
                                             brush=pg.mkBrush("#ffffff"))
        self.colorbar.addItem(self.clip_marks)
        self.contours = pg.PlotCurveItem(pen=pg.mkPen(255, 255, 255, 110, width=1),
                                         connect="pairs", antialias=True)
        self.path = pg.PlotCurveItem(pen=pg.mkPen(style.PATH, width=1.5),
                                     shadowPen=pg.mkPen(style.PATH_EDGE, width=3.5))
        # Segments, not one polyline: ten times cheaper to stroke, thirty times a second.
        self.path.setSegmentedLineMode("on")
        self.step_dots = pg.ScatterPlotItem(size=4, pen=None, brush=pg.mkBrush(style.PATH))
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
        for it in (self.image, self.bad, self.contours):
            it.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        for z, it in enumerate((self.bad, self.contours, self.minima_item, self.path,
                                self.step_dots, self.arrow_line, self.arrow_head,
                                self.markers), start=1):
            it.setZValue(z)
            self.item.addItem(it, ignoreBounds=True)
        self.arrow_line.setVisible(False)
        self.arrow_head.setVisible(False)
        # A small legend: the arrow's scale, and the colour of cells without a value.
        self.legend = pg.LegendItem(offset=(8, -8), labelTextSize="8pt",
                                    brush=pg.mkBrush(255, 255, 255, 200),
                                    pen=pg.mkPen(style.GRID))
        self.legend.setParentItem(self.vb)
        self._arrow_sample = pg.PlotDataItem(pen=pg.mkPen(style.GRADIENT, width=2.5))
        self._curvature_sample = pg.PlotDataItem(pen=None)  # words only: the eigenvalues
        self._bad_sample = pg.ScatterPlotItem(symbol="s", size=10, pen=None,
                                              brush=pg.mkBrush(*BAD_COLOUR))
        self._legend_entries: tuple[str, ...] = ()
        self._has_bad = self._flat = False
        # The surface's resolution, small in the plot's top-right corner (in the toolbar it
        # would widen a view that has to fit a 1024-pixel window).
        self.caption = pg.TextItem("", color=style.MUTED, anchor=(1, 0),
                                   fill=pg.mkBrush(255, 255, 255, 170))
        self.caption.setParentItem(self.vb)
        self.caption.setZValue(20)
        self.vb.sigResized.connect(self._place_caption)
        self.legend.setVisible(False)

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
        self.view_range = None
        self._arrow_key = self._colour_key = None
        try:
            self.names = list(names if names is not None
                              else compile_model(document.network).parameter_names)
        except ValueError:
            self.names = []
        self.exact = len(self.names) == 2
        known = getattr(document.network, "minima", None) if document.is_function else None
        self.minima = np.array(known, dtype=float) if known else np.empty((0, 0))
        self.minima_item.setData([], [])
        for combo in (self.mode, self.x_param, self.y_param, self.log_color,
                      self.filter_curvature):
            combo.blockSignals(True)
        self.x_param.clear()
        self.y_param.clear()
        self.x_param.addItems(self.names)
        self.y_param.addItems(self.names)
        axes = self._axes()
        if axes:
            self.x_param.setCurrentText(axes[0])
            self.y_param.setCurrentText(axes[1])
        filtered = self.settings.mode == FILTERED_CURVATURE
        self.filter_curvature.setChecked(filtered)
        shown = "hessian" if filtered else self.settings.mode
        self.mode.setCurrentIndex(max(self.mode.findData(shown), 0))
        self.mode.setEnabled(not self.exact)
        self.log_color.setChecked(bool(self.settings.log_color))
        for combo in (self.mode, self.x_param, self.y_param, self.log_color,
                      self.filter_curvature):
            combo.blockSignals(False)
        self._enable_axes()
        self.image.clear()
        self.bad.clear()
        self.contours.setData([], [])
        self.path.setData([], [])
        self.step_dots.setData([], [])
        self.markers.setData([], [])
        self.arrow_line.setVisible(False)
        self.arrow_head.setVisible(False)
        self.legend.setVisible(False)
        self.caption.setText("")
        self._place_caption()
        # Nothing to slice: say so where the surface would be, and ask for none.
        self._labels = ()
        self.item.setTitle(TOO_FEW_PARAMETERS if len(self.names) < 2 else None, size="9pt",
                           color=style.MUTED)

    def _axes(self) -> tuple[str, str] | None:
        key = (tuple(self.names), tuple(self.settings.axes or ()))
        if key != self._axes_key:  # asked for several times a frame: remember the answer
            try:
                self._axes_cached = landscape_axes(self.names, self.settings.axes)
            except landscape.LandscapeError:
                self._axes_cached = None
            self._axes_key = key
        return self._axes_cached

    def _on_axes(self) -> bool:
        """The slice is over two parameters: its coordinates are their values."""
        return self.exact or self.mode.currentData() == "axes"

    def _enable_axes(self) -> None:
        on = self.mode.currentData() == "axes" or self.exact
        self.x_param.setEnabled(on and not self.exact)
        self.y_param.setEnabled(on and not self.exact)

    def _on_choice(self) -> None:
        mode = self.mode.currentData()
        if mode == "hessian" and self.filter_curvature.isChecked():
            mode = FILTERED_CURVATURE
        x, y = self.x_param.currentText(), self.y_param.currentText()
        self.settings.mode = mode
        if x and y and x != y:
            self.settings.axes = (x, y)
        self.settings.range = None  # the old range belongs to the old axes
        self._enable_axes()
        self.settings_changed.emit(self.settings)
        self._asked = None
        self.view_range = None  # another slice: a range of its own, the surface recomputed
        if self.snap is not None:
            self.show_snapshot(self.snap)

    def _on_log_color(self, on: bool) -> None:
        self.settings.log_color = on
        self.settings_changed.emit(self.settings)
        self._colour_key = None
        if self.result is not None:
            self._draw_surface(self.result)

    # ------------------------------------------------------------------ the start point
    def point_values(self, x: float, y: float) -> dict[str, float] | None:
        """The parameters (name -> value) at plane coordinates (x, y) of the surface shown;
        None when no surface of this document is shown."""
        plane = self.plane
        if plane is None or plane.n_params != len(self.names) or \
                not (math.isfinite(x) and math.isfinite(y)):
            return None
        return dict(zip(self.names, (float(v) for v in plane.point(x, y))))

    def axes_shown(self) -> tuple[str, ...]:
        """The two parameters the surface is drawn over, or () on another kind of plane."""
        axes = self._axes()
        return tuple(axes) if axes and self._on_axes() else ()

    def request_start(self, x: float, y: float) -> bool:
        """Ask for descent to start at plane coordinates (x, y); False if nothing is shown."""
        values = self.point_values(x, y)
        if values is None:
            return False
        self.start_requested.emit(values)
        return True

    def _on_click(self, event) -> None:
        if not self.vb.sceneBoundingRect().contains(event.scenePos()):
            return
        where = self.vb.mapSceneToView(event.scenePos())
        button = event.button()
        if button == Qt.MouseButton.LeftButton and event.double():
            event.accept()
            self.request_start(where.x(), where.y())
        elif button == Qt.MouseButton.RightButton and self.plane is not None:
            event.accept()
            self._clicked_at = (where.x(), where.y())
            menu = QMenu(self)
            menu.setToolTipsVisible(True)
            menu.addAction(self.start_here)
            menu.addSeparator()
            for act in (self.follow, self.fit, self.reset_view):
                menu.addAction(act)
            menu.popup(event.screenPos().toPoint())

    def _start_at_clicked(self) -> None:
        if self._clicked_at is not None:
            self.request_start(*self._clicked_at)

    # ------------------------------------------------------------------ the range shown
    def _on_follow(self, on: bool) -> None:
        if on and self.snap is not None:
            self.show_snapshot(self.snap)

    def fit_to_path(self) -> None:
        """Show the whole path (and keep following the point)."""
        self.follow.setChecked(True)
        if self.snap is None:
            return
        if self._on_axes():
            self.view_range = scale.fit_range(self._axis_coords(self.snap.path))
            self._apply_range()
        else:
            self.view_range = None  # a plane's own range covers the path
        self._ask(self.snap, full=not self.snap.running)

    def reset_range(self) -> None:
        """Back to the file's range (or the path's), following the point."""
        self.follow.setChecked(True)
        self.view_range = None
        if self.snap is not None:
            self.show_snapshot(self.snap)

    def _on_manual_range(self, *_args) -> None:
        """The mouse zoomed or panned: the user leads now; ask once it settles."""
        self.follow.blockSignals(True)
        self.follow.setChecked(False)
        self.follow.blockSignals(False)
        self._zoom_timer.start(ZOOM_SETTLE_MS)

    def _zoom_settled(self) -> None:
        (x0, x1), (y0, y1) = self.vb.viewRange()
        self.view_range = (float(x0), float(x1), float(y0), float(y1))
        if self.snap is not None:
            self._ask(self.snap, full=not self.snap.running)

    def _axis_coords(self, points: np.ndarray) -> np.ndarray:
        i, j = (self.names.index(a) for a in self._axes() or self.names[:2])
        return points[:, [i, j]]

    def _home_range(self) -> scale.Range | None:
        r = self.settings.range
        return tuple(float(v) for v in r) if r is not None else None  # type: ignore[return-value]

    def _update_range(self, snap: Snapshot) -> bool:
        """On two parameters' axes: the range to show for this snapshot; True if it moved."""
        if not self._on_axes() or self._axes() is None:
            return False
        if self.view_range is None:
            new = scale.cover_range(self._home_range(), self._axis_coords(snap.path))
        elif self.follow.isChecked():
            new = scale.follow_range(self.view_range, self._axis_coords(snap.theta[None, :])[0])
        else:
            return False
        if new == self.view_range:
            return False
        self.view_range = new
        self._apply_range()
        return True

    def _apply_range(self) -> None:
        if self.view_range is None:
            return
        x0, x1, y0, y1 = self.view_range
        self._rect = QRectF(x0, y0, x1 - x0, y1 - y0)
        self.vb.setRange(rect=self._rect, padding=0)

    # ------------------------------------------------------------------ requests
    def show_snapshot(self, snap: Snapshot) -> None:
        if snap.version != self.version or len(snap.theta) != len(self.names) or \
                len(self.names) < 2:
            return
        self.snap = snap
        if self._update_range(snap):
            self._ask(snap, full=not snap.running)
        else:
            self._maybe_ask(snap)
        self._draw_path()

    def _maybe_ask(self, snap: Snapshot) -> None:
        asked = self._asked
        if asked is None:
            self._ask(snap, full=not snap.running)
        elif self.exact:
            return  # the whole surface: it changes only with the range
        elif snap.running:
            self._refresh.interval = REFRESH_SECONDS if snap.pace is not None \
                else MAX_PACE_REFRESH_SECONDS
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
        rng = self.view_range
        shown = self._shown_resolution(mode, rng)
        if shown:
            # A like surface is on screen: no coarse step back, straight to the finer ones.
            ladder = tuple(r for r in ladder if r > shown) or ladder[-1:]
        request = LandscapeRequest(
            version=self.version, mode=mode, theta=snap.theta, path=snap.path,
            axes=self._axes(), seed=int(self.settings.seed), range=rng,
            resolutions=ladder, serial=self._serial)
        self._asked = request
        self._asked_full = full
        self._refresh.mark()
        self.requested.emit(request)

    def _shown_resolution(self, mode: str, rng: scale.Range | None) -> int:
        """The resolution of the surface on screen if it shows the same slice over the same
        range, else 0 (a new range starts coarse, so it is filled at once)."""
        r = self.result
        if r is None or r.request.mode != mode or (mode == "axes" and
                                                   r.request.axes != self._axes()):
            return 0
        if rng is not None and tuple(r.surface.range) != tuple(rng):
            return 0
        return int(r.surface.z.shape[1])

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
        lo, hi, clip_lo, clip_hi = self._colour_limits(result, z, log)
        shown = scale.colour_values(z, log)
        bad = scale.bad_cells(z)
        xs, ys = np.asarray(s.xs, float), np.asarray(s.ys, float)
        dx = (xs[-1] - xs[0]) / max(len(xs) - 1, 1)
        dy = (ys[-1] - ys[0]) / max(len(ys) - 1, 1)
        rect = QRectF(xs[0] - dx / 2, ys[0] - dy / 2, xs[-1] - xs[0] + dx, ys[-1] - ys[0] + dy)
        self.image.setImage(np.where(bad, hi, np.clip(shown, lo, hi)), rect=rect,
                            autoLevels=False, levels=(lo, hi))
        if bad.any():
            rgba = np.zeros(bad.shape + (4,), dtype=np.uint8)
            rgba[bad] = BAD_COLOUR
            self.bad.setImage(rgba, rect=rect, autoLevels=False)
            self.bad.setVisible(True)
        else:
            self.bad.setVisible(False)
        bar = (lo, hi, log, clip_lo, clip_hi)
        if bar != self._bar:  # the colour bar re-lays out its axis: only when it changed
            self._bar = bar
            self.colorbar.setLevels((lo, hi))
            self.colorbar.axis.setTicks([scale.colour_ticks(lo, hi, log, clip_lo, clip_hi), []])
            marks = [(0.5, 4.0)] * clip_lo + [(0.5, 252.0)] * clip_hi
            self.clip_marks.setData([m[0] for m in marks], [m[1] for m in marks],
                                    symbol=["t"] * clip_lo + ["t1"] * clip_hi)
        self.contours.setData(result.contour_x, result.contour_y)
        self._update_arrow_scale(result, z)
        self._update_legend(has_bad=bool(bad.any()))
        # Labels, title and range only when they change: each re-lays out the plot.
        labels = (result.plane.labels[0], result.plane.labels[1],
                  self.tr("loss (log colour)") if log else self.tr("loss"), self._title(result))
        if labels != self._labels:
            self._labels = labels
            self.item.setLabel("bottom", labels[0])
            self.item.setLabel("left", labels[1])
            self.colorbar.axis.setLabel(labels[2])
            self.item.setTitle(labels[3], size="9pt", color=style.MUTED)
        if result.request.range is None and rect != self._rect:
            self._rect = rect  # a plane's own range: show what was computed
            self.vb.setRange(rect=rect, padding=0)
        self.caption.setText(f"{len(xs)}×{len(ys)}" + ("" if result.final else " …"))
        self._place_caption()

    def _colour_limits(self, result: LandscapeResult, z: np.ndarray, log: bool
                       ) -> tuple[float, float, bool, bool]:
        """Robust limits, kept while a new surface of the same view is close to them, so
        the colours do not flicker with every refresh."""
        new = scale.colour_limits(z, log)
        key = (log, result.plane.kind, result.plane.labels, tuple(result.surface.range))
        old = self._colour
        if old is not None and key == self._colour_key:
            span = old[1] - old[0]
            if abs(new[0] - old[0]) < 0.15 * span and abs(new[1] - old[1]) < 0.15 * span:
                return old[0], old[1], new[2] or old[2], new[3] or old[3]
        self._colour, self._colour_key = new, key
        return new

    def colour_range(self) -> tuple[float, float, bool, bool] | None:
        """The colour bar's (lo, hi, clipped below, clipped above) in colour units, as drawn."""
        return self._colour

    def _update_arrow_scale(self, result: LandscapeResult, z: np.ndarray) -> None:
        """One arrow scale per view: chosen from the first surface of a range, then kept."""
        key = (result.plane.kind, result.plane.labels, tuple(result.surface.range))
        if key == self._arrow_key and self.arrow_scale is not None:
            return
        k = scale.arrow_scale(z, result.surface.xs, result.surface.ys)
        if k is not None:
            self.arrow_scale, self._arrow_key = k, key

    def _update_legend(self, has_bad: bool | None = None, flat: bool | None = None) -> None:
        self._has_bad = self._has_bad if has_bad is None else has_bad
        self._flat = self._flat if flat is None else flat
        entries = []
        if self.arrow_scale is not None:
            entries.append((self._arrow_sample,
                            self.tr("arrow: −{arrow_scale} × gradient").format(
                                arrow_scale=scale.loss_label(self.arrow_scale))
                            + (self.tr(" (too short to show here)") if self._flat else "")))
        if self._has_bad:
            entries.append((self._bad_sample, self.tr("no value (overflow)")))
        values = None if self.plane is None else self.plane.eigenvalues
        if values is not None:
            entries.append((self._curvature_sample, self.tr(
                "curvature λ₁ = {a} along x, λ₂ = {b} along y").format(
                    a=f"{values[0]:.4g}", b=f"{values[1]:.4g}")))
        texts = tuple(text for _, text in entries)
        if texts == self._legend_entries:
            return
        self._legend_entries = texts
        self.legend.clear()
        for sample, text in entries:
            self.legend.addItem(sample, text)
        self.legend.setVisible(bool(entries))

    def _keep_legend_clear(self, points) -> None:
        """Move the legend to a corner where it hides neither the start nor the current
        point (the article's start (−5, −5) sat under it, bottom left)."""
        if not self.legend.isVisible():
            return
        box = self.vb.boundingRect()
        size = self.legend.boundingRect().size()
        shown = [self.vb.mapFromView(QPointF(float(px), float(py))) for px, py in points]
        for offset in LEGEND_CORNERS:
            left = offset[0] if offset[0] > 0 else box.width() + offset[0] - size.width()
            top = offset[1] if offset[1] > 0 else box.height() + offset[1] - size.height()
            area = QRectF(left, top, size.width(), size.height()).adjusted(-8, -8, 8, 8)
            if not any(area.contains(p) for p in shown):
                break
        else:
            offset = LEGEND_CORNERS[0]
        if tuple(self.legend.opts['offset']) != offset:
            self.legend.setOffset(offset)

    def _place_caption(self, *_args) -> None:
        r = self.vb.boundingRect()
        self.caption.setPos(r.right() - 2, r.top() + 2)

    def _title(self, result: LandscapeResult) -> str:
        kind = result.plane.kind
        if self.exact:
            return self.tr("loss over both parameters (the whole surface)")
        if kind == "axes":
            return self.tr("loss over two parameters, the others held at the current point")
        if kind == "pca":
            return self.tr("loss on the plane of the path's two principal directions")
        if kind == "hessian":
            return self.tr("loss on the plane of the Hessian's top two eigenvectors at the "
                           "current point")
        return self.tr("loss on a random plane (filter-normalised) through the current point")

    def _draw_path(self) -> None:
        snap, plane = self.snap, self.plane
        if snap is None or plane is None or plane.n_params != len(snap.theta):
            return
        coords = plane_coordinates(plane, snap.path)
        x, y = coords[:, 0], coords[:, 1]
        cut = max(len(x) - DRAWN_RECENT, 0)
        head = min(HEAD_PATH_POINTS, cut)
        px, py = x, y
        if cut - head > DRAWN_OLDER:
            # The first and newest steps exactly (a zig-zag at the start or now), the ones
            # between thinned in pairs of neighbours.
            keep = np.concatenate([np.arange(head),
                                   head + thinned_pairs(snap.path_steps[head:cut], DRAWN_OLDER),
                                   np.arange(cut, len(x))])
            px, py = x[keep], y[keep]
        watchable = snap.pace is not None and snap.pace <= EVERY_STEP_SPEED
        if snap.running and not watchable:  # frames replaced many times a second
            size = self.vb.viewPixelSize()
            keep = pixel_thinned(px, py, size[0], size[1])
            px, py = px[keep], py[keep]
        self.path.setData(px, py)
        if watchable:
            self.step_dots.setData(x[-STEP_DOTS:], y[-STEP_DOTS:])
        elif len(self.step_dots.data):
            self.step_dots.setData([], [])
        self.markers.setData([x[0], x[-1]], [y[0], y[-1]], brush=self._marker_brushes)
        self._keep_legend_clear(((x[0], y[0]), (x[-1], y[-1])))
        if plane.kind == "axes" and self.minima.shape[1:] == (plane.n_params,):
            where = plane_coordinates(plane, self.minima)
            self.minima_item.setData(where[:, 0], where[:, 1])
        self._draw_arrow(x[-1], y[-1], snap.gradient)

    def arrow_vector(self, gradient: np.ndarray) -> np.ndarray | None:
        """The arrow as drawn before capping: −scale × the gradient on the shown axes."""
        plane = self.plane
        if plane is None or self.arrow_scale is None:
            return None
        return -self.arrow_scale * np.array([plane.u @ gradient, plane.v @ gradient])

    def _hide_arrow(self) -> None:
        self.arrow_line.setVisible(False)
        self.arrow_head.setVisible(False)

    def _draw_arrow(self, x: float, y: float, gradient: np.ndarray) -> None:
        """The way downhill at the current point, as long as −scale·∇L, capped and clipped."""
        d = self.arrow_vector(gradient)
        if d is None or not np.isfinite(d).all():
            self._hide_arrow()
            return
        (x0, x1), (y0, y1) = self.vb.viewRange()
        if not scale.contains((x0, x1, y0, y1), (x, y)):
            self._hide_arrow()
            return
        (ex, ey), _cut = scale.arrow_end(np.array([x, y]), d, (x0, x1, y0, y1))
        a = self.vb.mapViewToScene(pg.Point(x, y))
        b = self.vb.mapViewToScene(pg.Point(ex, ey))
        flat = math.hypot(b.x() - a.x(), b.y() - a.y()) < MIN_ARROW_PIXELS
        if flat != self._flat:
            self._update_legend(flat=flat)
        if flat:
            self._hide_arrow()  # (nearly) a stationary point: no way downhill to show
            return
        self.arrow_line.setData([x, ex], [y, ey])
        angle = 180.0 + math.degrees(math.atan2(b.y() - a.y(), b.x() - a.x()))
        if abs(angle - self._arrow_angle) > 0.5:  # rebuilding the arrow's path is not free
            self._arrow_angle = angle
            self.arrow_head.setStyle(angle=angle)
        self.arrow_head.setPos(ex, ey)
        self.arrow_line.setVisible(True)
        self.arrow_head.setVisible(True)
