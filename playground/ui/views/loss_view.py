"""The loss curve: train and test loss against step, with a log-y option and a readout."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from playground.io.document import Document
from playground.ui import style
from playground.ui.qt import pg
from playground.ui.views.axes import LogAxis, plain_axes
from playground.ui.worker import Snapshot

TINY = 1e-12  # floor for a logarithmic axis: a loss of exactly 0 has no logarithm


class LossView(QWidget):
    """Train (solid) and test (dashed) loss curves; the value under the mouse on top."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.plot = pg.PlotWidget(background=style.BACKGROUND,
                                  axisItems={"left": LogAxis("left")})
        self.item: pg.PlotItem = self.plot.getPlotItem()
        plain_axes(self.item)
        self.item.setLabel("bottom", "step")
        self.item.setLabel("left", "loss")
        self.item.showGrid(x=True, y=True, alpha=0.25)
        self.item.setMenuEnabled(False)
        self.legend = self.item.addLegend(offset=(-8, 8), labelTextSize="8pt")
        self.train = self.item.plot([], [], pen=pg.mkPen(style.TRAIN, width=2), name="train")
        self.test = self.item.plot([], [], pen=pg.mkPen(style.TEST, width=2,
                                                        style=pg.QtCore.Qt.PenStyle.DashLine),
                                   name="test")
        self.cursor = pg.InfiniteLine(angle=90, pen=pg.mkPen(style.MUTED, width=1))
        self.cursor.setVisible(False)
        self.item.addItem(self.cursor, ignoreBounds=True)
        self.log_y = QCheckBox("log scale")
        self.log_y.setChecked(True)
        self.log_y.toggled.connect(self._set_log)
        self.readout = QLabel(" ")
        self.readout.setStyleSheet(f"color: {style.MUTED};")
        bar = QHBoxLayout()
        bar.setContentsMargins(4, 0, 4, 0)
        bar.addWidget(self.readout, 1)
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
        self.plot.scene().sigMouseMoved.connect(self._mouse_moved)
        self._set_log(True)

    def set_document(self, document: Document) -> None:
        self._steps = np.zeros(0)
        self._train = self._test = np.zeros(0)
        self.train.setData([], [])
        self.test.setData([], [])
        self.readout.setText(" ")

    def show_snapshot(self, snap: Snapshot) -> None:
        steps = snap.history_steps.astype(float)
        train, test = snap.history_train, snap.history_test
        if len(steps) == 0 or steps[-1] < snap.step:
            steps = np.append(steps, snap.step)
            train = np.append(train, snap.train_loss)
            test = np.append(test, snap.test_loss)
        self._steps, self._train, self._test = steps, train, test
        self._draw()

    def _draw(self) -> None:
        floor = TINY if self.log_y.isChecked() else -np.inf
        self.train.setData(self._steps, np.maximum(self._train, floor))
        has_test = bool(np.isfinite(self._test).any())
        self.test.setVisible(has_test)
        if has_test != self._legend_has_test:
            self._legend_has_test = has_test
            if has_test:
                self.legend.addItem(self.test, "test")
            else:
                self.legend.removeItem(self.test)
        if has_test:
            self.test.setData(self._steps, np.maximum(self._test, floor), connect="finite")

    def _set_log(self, on: bool) -> None:
        self.item.setLogMode(y=on)
        self.item.setLabel("left", "loss (log scale)" if on else "loss")
        self._draw()

    def _mouse_moved(self, pos: QPointF) -> None:
        vb = self.item.getViewBox()
        if not len(self._steps) or not vb.sceneBoundingRect().contains(pos):
            self.cursor.setVisible(False)
            return
        x = vb.mapSceneToView(pos).x()
        i = int(np.clip(np.searchsorted(self._steps, x), 0, len(self._steps) - 1))
        if i > 0 and abs(self._steps[i - 1] - x) < abs(self._steps[i] - x):
            i -= 1
        self.cursor.setPos(self._steps[i])
        self.cursor.setVisible(True)
        text = f"step {int(self._steps[i])}: train {self._train[i]:.5g}"
        if np.isfinite(self._test[i]):
            text += f", test {self._test[i]:.5g}"
        self.readout.setText(text)
