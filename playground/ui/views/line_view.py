"""The loss along a line: from the start to the current point, or along the sharpest
direction through it (the top Hessian eigenvector), live while training."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from playground.io.document import Document
from playground.ui import style
from playground.ui.qt import pg
from playground.ui.throttle import Throttle
from playground.ui.training.worker import Snapshot
from playground.ui.views.axes import LogAxis, plain_axes
from playground.ui.views.line_worker import LineRequest, LineResult

REFRESH_SECONDS = 0.25  # while training: a new line at most four times a second
MODEL = "#7b3fa0"  # the quadratic model, in the sharpness colour of the loss plot


class LineView(QWidget):
    """loss(θ(α)) over α, the start and the current point marked."""

    requested = Signal(object)  # LineRequest

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.version = -1
        self.headless = False  # a picture's view computes although it is not shown
        self.snap: Snapshot | None = None
        self.result: LineResult | None = None
        self._asked: LineRequest | None = None
        self._serial = 0
        self._refresh = Throttle(REFRESH_SECONDS)
        self.mode = QComboBox()
        self.mode.addItem(self.tr("start → current point"), "start")
        self.mode.addItem(self.tr("sharpest direction (top Hessian eigenvector)"), "eigen")
        self.mode.setToolTip(self.tr(
            "start → current point: θ(α) = θ₀ + α(θ − θ₀), α from −0.5 to 1.5 (Goodfellow et "
            "al. 2015). Sharpest direction: θ(α) = θ + α·d·v along the Hessian's top "
            "eigenvector v, with d = √(2L/λ) (where the curvature alone would double the "
            "loss) and the quadratic model the curvature predicts."))
        # The long entry must not set the dock's width: tabbed into the 1024-px window's
        # narrow column it pushed the window past the screen (the popup shows it whole).
        self.mode.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.mode.setMinimumContentsLength(18)
        self.log_y = QCheckBox(self.tr("log scale"))
        self.message = QLabel("")
        self.message.setStyleSheet(f"color: {style.MUTED};")
        self.message.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        bar = QHBoxLayout()
        bar.setContentsMargins(4, 2, 4, 0)
        bar.addWidget(QLabel(self.tr("line:")))
        bar.addWidget(self.mode)
        bar.addWidget(self.message, 1)
        bar.addWidget(self.log_y)
        self.plot = pg.PlotWidget(background=style.BACKGROUND,
                                  axisItems={"left": LogAxis("left")})
        self.item: pg.PlotItem = self.plot.getPlotItem()
        plain_axes(self.item)
        self.item.setMenuEnabled(False)
        self.item.hideButtons()
        self.item.showGrid(x=True, y=True, alpha=0.25)
        self.item.setLabel("left", self.tr("loss"))
        self.legend = self.item.addLegend(offset=(-8, 8), labelTextSize="8pt")
        self.curve = self.item.plot([], [], pen=pg.mkPen(style.TRAIN, width=2),
                                    name=self.tr("loss along the line"))
        self.model = pg.PlotDataItem([], [], pen=pg.mkPen(MODEL, width=1.5,
                                                           style=Qt.PenStyle.DashLine))
        self.item.addItem(self.model)
        self._model_in_legend = False
        self.markers = pg.ScatterPlotItem(size=11, pen=pg.mkPen("#ffffff", width=1.5))
        self.item.addItem(self.markers)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(bar)
        layout.addWidget(self.plot, 1)
        self.mode.currentIndexChanged.connect(self._on_choice)
        self.log_y.toggled.connect(self._on_log)

    # ------------------------------------------------------------------ document and run
    def set_document(self, document: Document, version: int = 0) -> None:
        self.version = version
        self.snap = None
        self.result = None
        self._asked = None
        self.curve.setData([], [])
        self.model.setData([], [])
        self.markers.setData([], [])
        self.message.setText("")
        self.item.setTitle(None)

    def show_snapshot(self, snap: Snapshot) -> None:
        self.snap = snap
        if not (self.isVisible() or self.headless):
            return  # a hidden dock computes nothing; showing it asks
        asked = self._asked
        if asked is not None and np.array_equal(asked.theta, snap.theta) and \
                asked.mode == self.mode.currentData():
            return
        if snap.running and not self._refresh.ready():
            return
        self._ask()

    def showEvent(self, event) -> None:  # noqa: N802  (Qt override)
        super().showEvent(event)
        if self.snap is not None and self._asked is None:
            self._ask()

    def _ask(self) -> None:
        snap = self.snap
        if snap is None or not len(snap.path):
            return
        self._serial += 1
        sharp = snap.sharpness
        request = LineRequest(self.version, self.mode.currentData(), snap.theta,
                              np.asarray(snap.path[0], dtype=float),
                              None if sharp is None else sharp.v_max, self._serial)
        self._asked = request
        self._refresh.mark()
        self.requested.emit(request)

    def _on_choice(self) -> None:
        self._asked = None
        if self.snap is not None:
            self._ask()

    def show_failure(self, message: str) -> None:
        self.message.setText(message)

    # ------------------------------------------------------------------ drawing
    def show_result(self, result: LineResult) -> None:
        if result.request.version != self.version:
            return
        self.result = result
        self.message.setText("")
        self._draw()

    def _on_log(self, on: bool) -> None:
        self.item.setLogMode(y=on)
        self.item.setLabel("left", self.tr("loss (log scale)") if on else self.tr("loss"))
        self._draw()

    def _draw(self) -> None:
        result = self.result
        if result is None:
            return
        line = result.line
        a = line.alphas
        loss = np.where(np.isfinite(result.losses), result.losses, np.nan)
        log = self.log_y.isChecked()
        if log:
            loss = np.where(loss > 0, loss, np.nan)
        self.curve.setData(a, loss, connect="finite")
        model = result.model
        if model is not None:
            shown = np.where(model > 0, model, np.nan) if log else model
            self.model.setData(a, shown, connect="finite")
        else:
            self.model.setData([], [])
        self._legend_model(model is not None, line.curvature)
        spots = []
        for alpha, kind in line.marks:
            y = float(np.interp(alpha, a, np.nan_to_num(loss, nan=np.inf)))
            colour = style.START if kind == "start" else style.CURRENT
            spots.append({"pos": (alpha, y), "brush": pg.mkBrush(colour)})
        self.markers.setData(spots)
        self.item.setLabel("bottom", self._x_label(line))
        self.item.setTitle(self._title(line), size="9pt", color=style.MUTED)
        finite = loss[np.isfinite(loss)]
        if len(finite) < len(loss):
            self.message.setText(self.tr("no value where the loss overflows"))
        self.item.enableAutoRange()

    def _legend_model(self, on: bool, curvature: float | None) -> None:
        if self._model_in_legend:
            self.legend.removeItem(self.model)
            self._model_in_legend = False
        if on and curvature is not None:
            self.legend.addItem(self.model, self.tr("quadratic model, λ = {lam}").format(
                lam=f"{curvature:.4g}"))
            self._model_in_legend = True

    def _x_label(self, line) -> str:
        if line.mode == "eigen":
            return self.tr("α (θ + α·d·v, d = {d})").format(d=f"{line.scale:.3g}")
        return self.tr("α (θ₀ + α·(θ − θ₀): 0 the start, 1 the current point)")

    def _title(self, line) -> str:
        if line.mode == "eigen":
            return self.tr("loss along the sharpest direction through the current point "
                           "(λmax = {lam})").format(lam=f"{line.curvature:.4g}")
        return self.tr("loss on the straight line from the start to the current point")
