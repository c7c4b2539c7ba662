"""The loss curve: train and test loss against step, with a log-y option and a readout."""

from __future__ import annotations

import math
import time

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QPointF, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from playground.io.document import Document
from playground.ui import style
from playground.ui.qt import pg
from playground.ui.training.worker import Snapshot
from playground.ui.views.axes import LinearAxis, LogAxis, plain_axes
from playground.ui.views.sharpness_plot import SharpnessPlot, edge_tooltip

TINY = 1e-12  # floor for a logarithmic axis: a loss of exactly 0 has no logarithm
ZERO_DECADES = 3  # how far below the smallest positive loss a loss of 0 is drawn
STEP_AXES = {
    "log": QT_TRANSLATE_NOOP("LossView", "log steps"),
    "linear": QT_TRANSLATE_NOOP("LossView", "all steps"),
    "recent": QT_TRANSLATE_NOOP("LossView", "recent steps"),
}
RECENT_STEPS = 1000  # the "recent" window: half a minute at the default pace
FIRST_STEP = 0.5  # where step 0 sits on a logarithmic step axis (it has no logarithm)
MAX_PACE_REDRAW_SECONDS = 0.1  # at Max pace thousands of steps pass a frame: 10 redraws/s do


def accuracy_text(snap: Snapshot) -> str:
    """'accuracy 98% / 95%' (train / test) for classification, '' otherwise."""
    if not math.isfinite(snap.train_accuracy):
        return ""
    text = QCoreApplication.translate("LossView", "accuracy {train:.0f}%").format(
        train=100 * snap.train_accuracy
    )
    if math.isfinite(snap.test_accuracy):
        text += QCoreApplication.translate("LossView", " / {test:.0f}%").format(
            test=100 * snap.test_accuracy
        )
    return text


def nice_ceiling(value: float) -> float:
    """The smallest of 1, 2, 5 times a power of ten that is at least `value` (> 0)."""
    if value <= 0:
        return 1.0
    decade = 10 ** math.floor(math.log10(value))
    for m in (1, 2, 5, 10):
        if m * decade >= value * (1 - 1e-12):
            return m * decade
    return 10 * decade


class LossView(QWidget):
    """Train (solid) and test (dashed) loss curves; the value under the mouse on top."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.plot = pg.PlotWidget(background=style.BACKGROUND,
                                  axisItems={"left": LogAxis("left"),
                                             "bottom": LogAxis("bottom"),
                                             "right": LinearAxis("right")})
        self.item: pg.PlotItem = self.plot.getPlotItem()
        plain_axes(self.item)
        self.item.setLabel("bottom", self.tr("step"))
        self.item.setLabel("left", self.tr("loss"))
        self.item.showGrid(x=True, y=True, alpha=0.25)
        # Thousands of history points on a few hundred pixels: draw the peaks only.
        self.item.setDownsampling(auto=True, mode="peak")
        self.item.setClipToView(True)
        # The range grows in readable jumps (see _fit_range): re-ranging every frame would
        # redraw both axes thirty times a second.
        self.item.disableAutoRange()
        self.item.setMouseEnabled(x=False, y=False)
        self.item.setMenuEnabled(False)
        self.legend = self.item.addLegend(offset=(-8, 8), labelTextSize="8pt")
        # One-pixel pens: Qt strokes thicker antialiased polylines about thirty times slower
        # (~15 ms a frame for a long curve), and this plot redraws thirty times a second.
        self.train = self.item.plot([], [], pen=pg.mkPen(style.TRAIN, width=1),
                                    name=self.tr("train"))
        self.test = self.item.plot([], [], pen=pg.mkPen(style.TEST, width=1),
                                   name=self.tr("test"))
        self.cursor = pg.InfiniteLine(angle=90, pen=pg.mkPen(style.MUTED, width=1))
        self._marks: tuple[tuple[int, str], ...] = ()
        self.mark_lines: list[pg.InfiniteLine] = []
        self.cursor.setVisible(False)
        self.item.addItem(self.cursor, ignoreBounds=True)
        # The step the timeline replays (None: the live run, no marker).
        self.marker_step: int | None = None
        self._marker_loss = math.nan
        self.marker_line = pg.InfiniteLine(angle=90, pen=pg.mkPen(style.CURRENT, width=1.5))
        self.marker_dot = pg.PlotDataItem([], [], pen=None, symbol="o", symbolSize=8,
                                          symbolBrush=style.CURRENT, symbolPen="w")
        self.marker_line.setVisible(False)
        self.item.addItem(self.marker_line, ignoreBounds=True)
        self.item.addItem(self.marker_dot, ignoreBounds=True)
        self.log_y = QCheckBox(self.tr("log scale"))
        self.log_y.setChecked(True)
        self.log_y.toggled.connect(self._set_log)
        self.step_axis = QComboBox()
        for key, text in STEP_AXES.items():
            self.step_axis.addItem(self.tr(text), key)
        self.step_axis.setToolTip(
            self.tr(
                "log steps: the first steps get as much room as the last; recent "
                "steps: the last {RECENT_STEPS:,}"
            ).format(RECENT_STEPS=RECENT_STEPS)
        )
        self.step_axis.currentIndexChanged.connect(self._set_step_axis)
        self.readout = QLabel(" ")
        self.readout.setStyleSheet(f"color: {style.MUTED};")
        self.accuracy = QLabel("")
        self.accuracy.setToolTip(self.tr("share of points classified right: train / test"))
        self.sharpness = SharpnessPlot(self.item, self.legend, self._step_xs)
        # A menu action (View menu), not a box in the bar: the bar has no width to spare at
        # 1024 pixels.
        self.show_sharpness = QAction(self.tr("Sharpness λmax on the loss plot"), self)
        self.show_sharpness.setCheckable(True)
        self.show_sharpness.setChecked(True)
        self.show_sharpness.setToolTip(edge_tooltip())
        self.show_sharpness.toggled.connect(self._redraw_sharpness)
        self._sharpness_reading = None
        bar = QHBoxLayout()
        bar.setContentsMargins(4, 0, 4, 0)
        bar.addWidget(self.readout, 1)
        bar.addWidget(self.accuracy)
        bar.addWidget(self.step_axis)
        bar.addWidget(self.log_y)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(bar)
        layout.addWidget(self.plot, 1)
        self._steps = np.zeros(0)
        self._train = np.zeros(0)
        self._test = np.zeros(0)
        self._legend_has_test = True
        self._x_max = 0.0
        self._y_range: tuple[float, float] | None = None
        self._x_min = 0.0
        self._drawn_at = -math.inf
        self._running = False
        self.plot.scene().sigMouseMoved.connect(self._mouse_moved)
        self._set_log(True)
        self._set_step_axis()

    def set_document(self, document: Document) -> None:
        self._steps = np.zeros(0)
        self._train = self._test = np.zeros(0)
        self.train.setData([], [])
        self.test.setData([], [])
        self.readout.setText(" ")
        self.accuracy.setText("")
        self._x_max = 0.0
        self._y_range = None
        self.show_marker(None)
        self._sharpness_reading = None
        self.sharpness.clear()
        self.sharpness.set_visible(False)

    def show_snapshot(self, snap: Snapshot) -> None:
        now = time.monotonic()
        if snap.running and snap.pace is None and now - self._drawn_at < MAX_PACE_REDRAW_SECONDS:
            return  # (up to 1000 steps/s every frame is drawn: every step is seen)
        self._drawn_at = now
        steps = snap.history_steps.astype(float)
        train, test = snap.history_train, snap.history_test
        if len(steps) == 0 or steps[-1] < snap.step:
            steps = np.append(steps, snap.step)
            train = np.append(train, snap.train_loss)
            test = np.append(test, snap.test_loss)
        self._steps, self._train, self._test = steps, train, test
        self._running = snap.running
        self.show_marks(snap.marks)
        self.accuracy.setText(accuracy_text(snap))
        self._sharpness_reading = snap.sharpness
        self._negative_losses_off_log()
        self._draw()

    def show_marks(self, marks: tuple[tuple[int, str], ...]) -> None:
        """A dashed vertical line at each step where an edit took effect, named on hover."""
        if marks == self._marks:
            return
        self._marks = marks
        for line in self.mark_lines:
            self.item.removeItem(line)
        self.mark_lines = []
        pen = pg.mkPen(style.MUTED, width=1, style=Qt.PenStyle.DashLine)
        for step, text in marks:
            line = pg.InfiniteLine(pos=self._mark_x(step), angle=90, pen=pen, movable=False)
            line.setToolTip(self.tr("step {step:,}: {text}").format(step=step, text=text))
            self.item.addItem(line, ignoreBounds=True)
            self.mark_lines.append(line)

    def _mark_x(self, step: int) -> float:
        """Where a step sits on the step axis (log₁₀ of it on a log axis)."""
        step = max(step, 0)
        return math.log10(max(step, FIRST_STEP)) if self._mode() == "log" else float(step)

    def _negative_losses_off_log(self) -> None:
        """A loss below 0 (a function with no lower bound) has no place on a log axis:
        switch to a linear one and say why, rather than draw it at the floor as if ≈ 0."""
        if not self.log_y.isChecked():
            return
        values = np.concatenate([self._train, self._test])
        values = values[np.isfinite(values)]
        if len(values) and values.min() < 0:
            self.log_y.setToolTip(
                self.tr("Off: the loss went below 0, which a log scale cannot show")
            )
            self.log_y.setChecked(False)

    def _floor(self) -> float:
        """Lowest value drawn: on a log scale a loss of 0 sits a few decades below the rest."""
        if not self.log_y.isChecked():
            return -np.inf
        values = np.concatenate([self._train, self._test])
        values = values[np.isfinite(values)]
        positive = values[values > 0]
        if len(positive) == len(values):
            return -np.inf  # every loss has a logarithm: draw them all where they are
        if not len(positive):
            return TINY
        return 10.0 ** (math.floor(math.log10(positive.min())) - ZERO_DECADES)

    def _mode(self) -> str:
        return self.step_axis.currentData() or "log"

    def _xs(self) -> np.ndarray:
        return np.maximum(self._steps, FIRST_STEP) if self._mode() == "log" else self._steps

    def _window(self) -> np.ndarray:
        """Which history points the y range has to show."""
        if self._mode() == "recent" and len(self._steps):
            return self._steps >= self._steps[-1] - RECENT_STEPS
        return np.ones(len(self._steps), dtype=bool)

    def _draw(self) -> None:
        floor = self._floor()
        xs = self._xs()
        self.train.setData(xs, np.maximum(self._train, floor))
        has_test = bool(np.isfinite(self._test).any())
        self.test.setVisible(has_test)
        if has_test != self._legend_has_test:
            self._legend_has_test = has_test
            if has_test:
                self.legend.addItem(self.test, self.tr("test"))
            else:
                self.legend.removeItem(self.test)
        if has_test:
            self.test.setData(xs, np.maximum(self._test, floor), connect="finite")
        self._fit_range(floor)
        self._draw_marker(floor)
        self._redraw_sharpness()

    def show_marker(self, step: int | None, loss: float = math.nan) -> None:
        """Mark `step` (and its training `loss`) on the curves; None removes the mark."""
        self.marker_step, self._marker_loss = step, float(loss)
        self._draw_marker(self._floor())

    def _draw_marker(self, floor: float) -> None:
        step = self.marker_step
        self.marker_line.setVisible(step is not None)
        if step is None:
            self.marker_dot.setData([], [])
            return
        self.marker_line.setPos(self._mark_x(step))
        x = max(step, FIRST_STEP) if self._mode() == "log" else float(step)
        loss = self._marker_loss
        if math.isfinite(loss):
            self.marker_dot.setData([x], [max(loss, floor)])
        else:
            self.marker_dot.setData([], [])

    def _step_xs(self, steps: np.ndarray) -> np.ndarray:
        """Steps as coordinates of the step axis (their logarithm on a log axis)."""
        steps = np.asarray(steps, dtype=float)
        return np.log10(np.maximum(steps, FIRST_STEP)) if self._mode() == "log" else steps

    def _redraw_sharpness(self) -> None:
        last = int(self._steps[-1]) if len(self._steps) else 0
        self.sharpness.show(self._sharpness_reading, last, self.show_sharpness.isChecked())

    def _fit_range(self, floor: float) -> None:
        """Widen the axes when the curves leave them, to round numbers (or decades)."""
        if not len(self._steps):
            return
        last = max(float(self._steps[-1]), 1.0)
        mode = self._mode()
        if mode == "recent":
            # Jump ahead a tenth of the window at a time, not every frame.
            if last > self._x_max or last < self._x_min:
                self._x_max = last + RECENT_STEPS / 10
                self._x_min = max(0.0, self._x_max - RECENT_STEPS)
                self.item.setXRange(self._x_min, self._x_max, padding=0.02)
        else:
            # Running: room to grow into. Paused: fit the run as it is.
            wanted = nice_ceiling(1.2 * last) if self._running else last
            if last > self._x_max or last < self._x_max / 8 or \
                    (not self._running and wanted != self._x_max):
                self._x_max = wanted
                if mode == "log":
                    self.item.setXRange(math.log10(FIRST_STEP), math.log10(max(wanted, 2.0)),
                                        padding=0.02)
                else:
                    self.item.setXRange(0, self._x_max, padding=0.02)
        shown = self._window()
        values = np.maximum(np.concatenate([self._train[shown], self._test[shown]]), floor)
        values = values[np.isfinite(values)]
        log = self.log_y.isChecked()
        if log:
            values = values[values > 0]
        if not len(values):
            return
        lo, hi = float(values.min()), float(values.max())
        if log:
            wanted = (math.floor(math.log10(lo)), math.ceil(math.log10(hi)))
            if wanted[0] == wanted[1]:
                wanted = (wanted[0], wanted[0] + 1)
        else:
            wanted = (min(0.0, -nice_ceiling(-lo)) if lo < 0 else 0.0, nice_ceiling(hi))
        current = self._y_range
        if current is None or wanted[0] < current[0] or wanted[1] > current[1] or \
                (wanted[1] - wanted[0]) < (current[1] - current[0]) / 4:
            self._y_range = wanted
            self.item.setYRange(*wanted, padding=0.02)

    def _set_step_axis(self) -> None:
        mode = self._mode()
        self._x_max = self._x_min = 0.0
        self._y_range = None
        self.item.setLogMode(x=mode == "log")
        self.item.setLabel(
            "bottom", self.tr("step (log scale)") if mode == "log" else self.tr("step")
        )
        for (step, _), line in zip(self._marks, self.mark_lines):
            line.setPos(self._mark_x(step))
        self._draw()

    def _set_log(self, on: bool) -> None:
        self._y_range = None
        self.item.setLogMode(y=on)
        self.item.setLabel("left", self.tr("loss (log scale)") if on else self.tr("loss"))
        self._draw()

    def _mouse_moved(self, pos: QPointF) -> None:
        vb = self.item.getViewBox()
        if not len(self._steps) or not vb.sceneBoundingRect().contains(pos):
            self.cursor.setVisible(False)
            return
        x = vb.mapSceneToView(pos).x()
        if self._mode() == "log":
            x = 10 ** x
        i = int(np.clip(np.searchsorted(self._steps, x), 0, len(self._steps) - 1))
        if i > 0 and abs(self._steps[i - 1] - x) < abs(self._steps[i] - x):
            i -= 1
        shown = self._steps[i]
        self.cursor.setPos(math.log10(max(shown, FIRST_STEP)) if self._mode() == "log" else shown)
        self.cursor.setVisible(True)
        text = self.tr("step {step}: train {loss:.5g}").format(
            step=int(self._steps[i]), loss=self._train[i]
        )
        if np.isfinite(self._test[i]):
            text += self.tr(", test {loss:.5g}").format(loss=self._test[i])
        self.readout.setText(text)
