"""Axis items shared by the plots."""

from __future__ import annotations

import numpy as np
from PySide6.QtWidgets import QGraphicsItem

from playground.ui.qt import pg
from playground.ui.views.landscape_scale import loss_label

READABLE_MANTISSAS = (1, 2, 5)


class LogAxis(pg.AxisItem):
    """A log-mode axis that labels 1, 2 and 5 of each decade (not every minor tick)."""

    def logTickStrings(self, values, scale, spacing):  # noqa: N802  (pyqtgraph override)
        numbers = 10 ** np.asarray(values, dtype=float) * scale
        crowded = len(values) > 6
        out = []
        for v in numbers:
            mantissa = round(v / 10 ** np.floor(np.log10(v))) if v > 0 else 0
            out.append("" if crowded and mantissa not in READABLE_MANTISSAS else loss_label(v))
        return out


def plain_axes(item: pg.PlotItem) -> None:
    """Plain numbers (no "×0.001" SI rescaling), and axes repainted from a cached pixmap:
    a live plot repaints thirty times a second, its axes rarely change."""
    for name in ("left", "bottom", "right", "top"):
        axis = item.getAxis(name)
        if axis is not None:
            axis.enableAutoSIPrefix(False)
            axis.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)


class LinearAxis(pg.AxisItem):
    """An axis that stays linear when its plot switches to log mode (a second y axis
    of its own view box, such as λmax beside a logarithmic loss)."""

    def setLogMode(self, *args, **kwargs):  # noqa: N802  (pyqtgraph override)
        super().setLogMode(False, False)
