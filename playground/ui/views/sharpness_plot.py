"""λmax along the run on the loss plot's right axis, with the stability edge, and its words.

The loss plot's own view box keeps the loss; a second view box, linked to its
step axis, carries λmax (solid) and the edge 2/lr (dashed) on a linear right
axis. The status bar's sentence (`edge_status`) comes from the same reading.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
from PySide6.QtCore import QCoreApplication, Qt

from playground.ui.qt import pg
from playground.workspace.sharpness import SharpnessReading

LAMBDA = "#7b3fa0"  # λmax curve
MAX_DOTS = 150  # readings drawn as dots up to this many (more make a solid line anyway)
EDGE = "#b22222"  # the edge line, and the status text past it


def number(value: float) -> str:
    return f"{value:.4g}"


def edge_status(reading: SharpnessReading | None) -> tuple[str, bool]:
    """The status bar's words for a reading, and whether the run is past the edge."""
    if reading is not None and reading.unavailable and not reading.measured:
        # Said, not left blank: the tooltip gives the reason (reading.unavailable).
        return QCoreApplication.translate("Sharpness", "λmax not tracked"), False
    if reading is None or not reading.measured:
        return "", False
    lam = number(reading.lam_max_now)
    if reading.edge_now is None:
        return QCoreApplication.translate("Sharpness", "λmax {lam}").format(lam=lam), False
    values = {"lam": lam, "name": reading.edge_name, "edge": number(reading.edge_now)}
    if reading.past_edge:
        return QCoreApplication.translate(
            "Sharpness", "past edge: λmax {lam} > {name} {edge}"
        ).format(**values), True
    return QCoreApplication.translate("Sharpness", "λmax {lam} ≤ {name} {edge}").format(
        **values
    ), False


def edge_tooltip() -> str:
    return QCoreApplication.translate(
        "Sharpness",
        "Sharpness: the largest eigenvalue λmax of the loss's Hessian at the current "
        "parameters, measured every few steps. Gradient descent with rate lr settles "
        "along the sharpest direction only while λmax < 2/lr (momentum moves this "
        "edge); past it every step overshoots further and the run diverges.",
    )


class SharpnessPlot:
    """λmax and the edge drawn on a right axis of `item`, sharing its step axis."""

    def __init__(self, item: pg.PlotItem, legend: pg.LegendItem,
                 x_of: Callable[[np.ndarray], np.ndarray]):
        self.item = item
        self.x_of = x_of  # steps -> the step axis's coordinates (log10 on a log axis)
        self.box = pg.ViewBox(enableMouse=False)
        self.box.setMenuEnabled(False)
        item.showAxis("right")
        axis = item.getAxis("right")
        axis.setLabel(QCoreApplication.translate("Sharpness", "λmax (sharpness)"), color=LAMBDA)
        axis.enableAutoSIPrefix(False)
        axis.linkToView(self.box)
        item.scene().addItem(self.box)
        self.box.setXLink(item.getViewBox())
        self.curve = pg.PlotDataItem([], [], pen=pg.mkPen(LAMBDA, width=2))
        self.edge = pg.PlotDataItem([], [], pen=pg.mkPen(EDGE, width=1,
                                                          style=Qt.PenStyle.DashLine))
        # Each reading as a dot while they are few: at Max pace readings come every few
        # frames, thousands of steps apart, and the line between them is only a guess.
        self.dots = pg.ScatterPlotItem([], [], size=5, pen=None, brush=pg.mkBrush(LAMBDA))
        self.box.addItem(self.curve)
        self.box.addItem(self.dots)
        self.box.addItem(self.edge)
        self.legend = legend
        self._in_legend = False
        self._edge_label: str | None = None  # the edge's legend entry, None when not listed
        self._reading: SharpnessReading | None = None
        self._dots_key: tuple | None = None
        self._y_top = 0.0
        item.getViewBox().sigResized.connect(self._follow)
        self._follow()
        self.set_visible(False)

    def _follow(self) -> None:
        self.box.setGeometry(self.item.getViewBox().sceneBoundingRect())

    def set_visible(self, on: bool) -> None:
        self.box.setVisible(on)
        self.item.getAxis("right").setVisible(on)
        if on != self._in_legend:
            self._in_legend = on
            if on:
                self.legend.addItem(
                    self.curve, QCoreApplication.translate("Sharpness", "λmax (right axis)")
                )
            else:
                self.legend.removeItem(self.curve)
                self._legend_edge(None)

    def _legend_edge(self, name: str | None) -> None:
        """List the edge line as `name` ("2/lr" or "edge"), or not at all (None)."""
        if name == self._edge_label:
            return
        if self._edge_label is not None:
            self.legend.removeItem(self.edge)
        if name is not None:
            self.legend.addItem(self.edge, name)
        self._edge_label = name

    def clear(self) -> None:
        self._reading = None
        self._y_top = 0.0
        self.curve.setData([], [])
        self.dots.setData([], [])
        self._dots_key = None
        self.edge.setData([], [])

    def show(self, reading: SharpnessReading | None, current_step: int, enabled: bool) -> None:
        self._reading = reading
        has = reading is not None and reading.measured and len(reading.steps) > 0
        self.set_visible(bool(enabled and has))
        if not has or not enabled:
            return
        self.redraw(current_step)

    def redraw(self, current_step: int | None = None) -> None:
        reading = self._reading
        if reading is None or not len(reading.steps):
            return
        steps = reading.steps
        last = float(max(current_step if current_step is not None else steps[-1], steps[-1]))
        lam = reading.lam_max
        xs = self.x_of(np.append(steps, last))
        self.curve.setData(xs, np.append(lam, lam[-1]))
        # The dots change only with a new reading (every few frames at Max), or the axis.
        key = (len(steps), float(steps[-1]), float(xs[0]))
        if key != self._dots_key:
            self._dots_key = key
            few = len(steps) <= MAX_DOTS
            self.dots.setData(xs[:-1] if few else [], lam if few else [])
        edges = reading.edges
        if reading.edge_now is not None:
            edges = np.append(edges, reading.edge_now)
            self.edge.setData(xs, edges, connect="finite")
        else:
            self.edge.setData([], [])
        if self._in_legend:
            self._legend_edge(reading.edge_name if reading.edge_now is not None else None)
        finite = np.concatenate([lam, edges[np.isfinite(edges)]])
        top = float(np.nanmax(finite)) if len(finite) else 1.0
        top = max(top, 1e-12)
        # Re-range in readable jumps, as the loss axis does.
        if top > self._y_top or top < self._y_top / 4:
            self._y_top = _nice(1.15 * top)
            low = min(0.0, float(np.nanmin(lam)) * 1.15)
            self.box.setYRange(low, self._y_top, padding=0.0)


def _nice(value: float) -> float:
    decade = 10 ** math.floor(math.log10(value))
    for m in (1, 1.5, 2, 3, 5, 7.5, 10):
        if m * decade >= value:
            return m * decade
    return 10 * decade
