"""The picture of an optimizer race: paths over the landscape and the loss curves, with a legend.

Built from a finished `engine.race.Race`, its `RaceView` and the surface on that
plane; shown by the race panel and saved by `render.render_race`
(`playground race --out`).
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QCoreApplication

# Distinct on the viridis heatmap and for colour-blind readers (Okabe–Ito, then extras).
COLOURS = ("#FF8C00", "#56B4E9", "#FF4FA3", "#00C08B", "#8060FF", "#F0E442", "#D55E00",
           "#0072B2", "#A0A0A0", "#A0FF60", "#00FFFF", "#000000")


def _shade(z: np.ndarray, log_color: bool) -> tuple[np.ndarray, str]:
    """What the heatmap colours: log10 of the height above the lowest point, or the loss."""
    finite = z[np.isfinite(z)]
    if not finite.size:
        return np.zeros_like(z), QCoreApplication.translate("RacePicture", "loss")
    lo, hi = float(finite.min()), float(finite.max())
    if not log_color:
        return np.clip(
            np.nan_to_num(z, nan=hi, posinf=hi, neginf=lo), lo, hi
        ), QCoreApplication.translate("RacePicture", "loss")
    clipped = np.clip(np.nan_to_num(z, nan=hi, posinf=hi), lo, hi)
    if lo > 0:
        return np.log10(clipped), QCoreApplication.translate("RacePicture", "log₁₀ loss")
    # Zero or negative somewhere: the log of the height above the lowest point instead.
    floor = max((hi - lo) * 1e-6, 1e-12)
    label = (
        QCoreApplication.translate("RacePicture", "log₁₀ loss")
        if lo == 0
        else QCoreApplication.translate("RacePicture", "log₁₀(loss − ({lo:.3g}))").format(lo=lo)
    )
    return np.log10(clipped - lo + floor), label


def nice_step(span: float) -> float:
    """The 1, 2 or 5 × 10ᵏ nearest above `span` (at least 1: steps are whole)."""
    if not span > 1:
        return 1.0
    power = 10.0 ** np.floor(np.log10(span))
    return float(next(m * power for m in (1, 2, 5, 10) if m * power >= span))


class RacePlots:
    """Two plots side by side, updated in place: the landscape with every runner's path, and
    loss by step. One item per curve, changed with `setData` (the race panel redraws them
    as the race plays); `names` label a legend below both plots, when given."""

    def __init__(self, n_runners: int, title: str = "", log_color: bool = True,
                 names: list[str] | None = None, plot_titles: bool = True):
        from playground.ui.qt import pg

        self.log_color = log_color
        self.widget = widget = pg.GraphicsLayoutWidget()
        widget.setBackground("w")
        if title:
            widget.addLabel(title, row=0, col=0, colspan=2, color="#222", size="12pt")
        self.land = land = widget.addPlot(row=1, col=0)
        self.loss = curves = widget.addPlot(row=1, col=1)
        widget.ci.layout.setColumnStretchFactor(0, 3)
        widget.ci.layout.setColumnStretchFactor(1, 2)
        self.image = pg.ImageItem(axisOrder="row-major")
        cmap = pg.colormap.get("viridis")
        self.image.setColorMap(cmap)
        land.addItem(self.image)
        self.bar = pg.ColorBarItem(
            values=(0.0, 1.0),
            colorMap=cmap,
            label=QCoreApplication.translate("RacePicture", "loss"),
            interactive=False,
        )
        self.bar_label = self.bar.getAxis("left")  # where ColorBarItem puts its label
        self.bar.setImageItem(self.image, insert_in=land)
        if plot_titles:
            land.setTitle(
                QCoreApplication.translate("RacePlots", "paths over the landscape"), color="#222"
            )
        self.key = None
        if names is not None:
            # Below both plots, so it never hides a path.
            self.key = pg.LegendItem(labelTextColor="#111", colCount=2)
            widget.addItem(self.key, row=2, col=0, colspan=2)
        self.paths, self.ends, self.curves = [], [], []
        for k in range(n_runners):
            colour = COLOURS[k % len(COLOURS)]
            # Earlier runners are drawn wider, so a later one on the same track leaves them seen.
            width = max(2.0, 2.0 + 1.2 * (n_runners - 1 - k))
            path = pg.PlotDataItem([], [], pen=pg.mkPen(colour, width=width))
            path.setZValue(10 + n_runners - k)
            land.addItem(path)
            end = pg.ScatterPlotItem([], [], size=11, brush=pg.mkBrush(colour),
                                     pen=pg.mkPen("#000", width=1))
            end.setZValue(30)
            land.addItem(end)
            self.paths.append(path)
            self.ends.append(end)
            self.curves.append(curves.plot([], [], pen=pg.mkPen(colour, width=2)))
            if self.key is not None and names is not None:
                self.key.addItem(path, names[k])
        self.start = pg.ScatterPlotItem([], [], size=13, symbol="o", brush=pg.mkBrush("#FFFFFF"),
                                        pen=pg.mkPen("#000", width=2))
        self.start.setZValue(40)
        land.addItem(self.start)
        self.stars = pg.ScatterPlotItem([], [], size=16, symbol="star",
                                        brush=pg.mkBrush("#FF3030"), pen=pg.mkPen("#FFFFFF"))
        self.stars.setZValue(35)
        land.addItem(self.stars)
        if self.key is not None:
            self.key.addItem(self.start, QCoreApplication.translate("RacePlots", "start"))
        if plot_titles:
            curves.setTitle(QCoreApplication.translate("RacePlots", "loss by step"), color="#222")
        curves.setLabel("bottom", QCoreApplication.translate("RacePicture", "step"))
        curves.setLabel("left", QCoreApplication.translate("RacePicture", "loss"))
        curves.getAxis("left").enableAutoSIPrefix(False)
        curves.showGrid(x=True, y=True, alpha=0.25)
        self._log_loss: bool | None = None
        self._step_spacing = 0.0
        for p in (land, curves):
            for side in ("left", "bottom"):
                p.getAxis(side).setTextPen("#222")
                p.getAxis(side).setPen("#444")
        self.bar.axis.setTextPen("#222")
        self.range: tuple[float, float, float, float] | None = None

    def set_surface(self, z: np.ndarray, range: tuple[float, float, float, float],
                    labels: tuple[str, str], minima=()) -> None:
        from playground.ui.qt import pg

        x0, x1, y0, y1 = range
        shade, label = _shade(np.asarray(z, dtype=float), self.log_color)
        self.image.setImage(shade, rect=pg.QtCore.QRectF(x0, y0, x1 - x0, y1 - y0),
                            autoLevels=False)
        lo, hi = float(shade.min()), float(shade.max())
        self.bar.setLevels((lo, hi if hi > lo else lo + 1.0))
        self.bar_label.setLabel(label)
        self.land.setLabel("bottom", labels[0])
        self.land.setLabel("left", labels[1])
        if tuple(range) != self.range:
            self.range = tuple(range)
            self.land.setXRange(x0, x1, padding=0)
            self.land.setYRange(y0, y1, padding=0)
        pts = np.asarray(minima, dtype=float).reshape(-1, 2) if len(minima) else np.empty((0, 2))
        self.stars.setData(pts[:, 0], pts[:, 1])
        if self.key is not None and len(pts) and not getattr(self, "_stars_named", False):
            self.key.addItem(self.stars, QCoreApplication.translate("RacePlots", "known minimum"))
            self._stars_named = True

    def set_paths(self, coords, diverged) -> None:
        """Each runner's path so far and its end (a cross once it diverged)."""
        for k, c in enumerate(coords):
            c = np.asarray(c, dtype=float).reshape(-1, 2)
            self.paths[k].setData(c[:, 0], c[:, 1])
            if len(c):
                self.ends[k].setData([c[-1, 0]], [c[-1, 1]],
                                     symbol="x" if diverged[k] else "o")
            else:
                self.ends[k].setData([], [])
        first = next((np.asarray(c) for c in coords if len(c)), None)
        if first is not None:
            self.start.setData([first[0, 0]], [first[0, 1]])

    def set_curves(self, curves) -> None:
        """Loss by step per runner: (steps, losses) pairs; a log axis while every loss > 0."""
        positive = all(not len(loss) or float(np.nanmin(loss)) > 0 for _, loss in curves)
        if positive != self._log_loss:
            self._log_loss = positive
            self.loss.setLogMode(False, positive)
        last = 0.0
        for item, (steps, losses) in zip(self.curves, curves):
            item.setData(np.asarray(steps, dtype=float), np.asarray(losses, dtype=float))
            if len(steps):
                last = max(last, float(np.max(steps)))
        # About three step numbers: in a narrow plot (the race dock) more ran together.
        spacing = nice_step(last / 3)
        if spacing != self._step_spacing:
            self._step_spacing = spacing
            self.loss.getAxis("bottom").setTickSpacing(spacing, spacing / 2)


def build_race_widget(race, view, surface, title: str = "", minima=(), log_color: bool = True,
                      legend: bool = True):
    """The picture of a finished race: paths over the landscape and loss by step (without
    `legend`, the caller names the colours, as the race panel's table does)."""
    results = race.results()
    names = None
    if legend:
        names = []
        for res in results:
            final = res["final_loss"]
            tail = (
                QCoreApplication.translate("RacePicture", "diverged")
                if res["diverged"]
                else QCoreApplication.translate("RacePicture", "loss {final:.3g}").format(
                    final=final
                )
                if final is not None
                else QCoreApplication.translate("RacePicture", "no loss")
            )
            names.append(f"{res['label']} — {tail}")
    plots = RacePlots(len(results), title, log_color, names)
    pts = np.asarray(minima, dtype=float)[:, :2] if len(minima) else ()
    plots.set_surface(surface.z, view.range, getattr(view.plane, "labels", ("", "")), pts)
    plots.set_paths(view.coords, [r["diverged"] for r in results])
    plots.set_curves([(np.asarray(h.steps, dtype=float), np.asarray(h.train_loss, dtype=float))
                      for h in race.histories])
    plots.widget.race_plots = plots  # kept alive with the widget
    return plots.widget
