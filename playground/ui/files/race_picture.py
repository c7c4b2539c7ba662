"""The picture of an optimizer race: paths over the landscape and the loss curves, with a legend.

Built from a finished `engine.race.Race`, its `RaceView` and the surface on that
plane; shown by the race panel and saved by `render.render_race`
(`playground race --out`).
"""

from __future__ import annotations

import numpy as np

# Distinct on the viridis heatmap and for colour-blind readers (Okabe–Ito, then extras).
COLOURS = ("#FF8C00", "#56B4E9", "#FF4FA3", "#00C08B", "#8060FF", "#F0E442", "#D55E00",
           "#0072B2", "#A0A0A0", "#A0FF60", "#00FFFF", "#000000")


def _shade(z: np.ndarray, log_color: bool) -> tuple[np.ndarray, str]:
    """What the heatmap colours: log10 of the height above the lowest point, or the loss."""
    finite = z[np.isfinite(z)]
    if not finite.size:
        return np.zeros_like(z), "loss"
    lo, hi = float(finite.min()), float(finite.max())
    if not log_color:
        return np.clip(np.nan_to_num(z, nan=hi, posinf=hi, neginf=lo), lo, hi), "loss"
    clipped = np.clip(np.nan_to_num(z, nan=hi, posinf=hi), lo, hi)
    if lo > 0:
        return np.log10(clipped), "log₁₀ loss"
    # Zero or negative somewhere: the log of the height above the lowest point instead.
    floor = max((hi - lo) * 1e-6, 1e-12)
    label = "log₁₀ loss" if lo == 0 else f"log₁₀(loss − ({lo:.3g}))"
    return np.log10(clipped - lo + floor), label


def build_race_widget(race, view, surface, title: str = "", minima=(), log_color: bool = True,
                      legend: bool = True):
    """Two plots side by side: the landscape with every runner's path, and loss by step
    (without `legend`, the caller names the colours, as the race panel's table does)."""
    from playground.ui.qt import pg

    widget = pg.GraphicsLayoutWidget()
    widget.setBackground("w")
    if title:
        widget.addLabel(title, row=0, col=0, colspan=2, color="#222", size="12pt")
    land = widget.addPlot(row=1, col=0)
    curves = widget.addPlot(row=1, col=1)
    widget.ci.layout.setColumnStretchFactor(0, 3)
    widget.ci.layout.setColumnStretchFactor(1, 2)

    x0, x1, y0, y1 = view.range
    shade, label = _shade(np.asarray(surface.z, dtype=float), log_color)
    image = pg.ImageItem(shade, axisOrder="row-major")
    image.setRect(pg.QtCore.QRectF(x0, y0, x1 - x0, y1 - y0))
    cmap = pg.colormap.get("viridis")
    image.setColorMap(cmap)
    land.addItem(image)
    bar = pg.ColorBarItem(values=(float(shade.min()), float(shade.max())), colorMap=cmap,
                          label=label, interactive=False)
    bar.setImageItem(image, insert_in=land)
    labels = getattr(view.plane, "labels", ("", ""))
    land.setLabel("bottom", labels[0])
    land.setLabel("left", labels[1])
    land.setXRange(x0, x1, padding=0)
    land.setYRange(y0, y1, padding=0)
    land.setTitle("paths over the landscape", color="#222")

    key = None
    if legend:
        # Below both plots, so it never hides a path.
        key = pg.LegendItem(labelTextColor="#111", colCount=2)
        widget.addItem(key, row=2, col=0, colspan=2)
    results = race.results()
    for k, (coords, res) in enumerate(zip(view.coords, results)):
        colour = COLOURS[k % len(COLOURS)]
        final = res["final_loss"]
        tail = "diverged" if res["diverged"] else f"loss {final:.3g}" if final is not None \
            else "no loss"
        name = f"{res['label']} — {tail}"
        # Earlier runners are drawn wider, so a later one on the same track leaves them seen.
        width = max(2.0, 2.0 + 1.2 * (len(view.coords) - 1 - k))
        item = pg.PlotDataItem(coords[:, 0], coords[:, 1], pen=pg.mkPen(colour, width=width),
                               name=name)
        land.addItem(item)
        if key is not None:
            key.addItem(item, name)
        end = pg.ScatterPlotItem([coords[-1, 0]], [coords[-1, 1]], size=11,
                                 symbol="x" if res["diverged"] else "o",
                                 brush=pg.mkBrush(colour), pen=pg.mkPen("#000", width=1))
        land.addItem(end)
    if view.coords:
        start = view.coords[0][0]
        land.addItem(pg.ScatterPlotItem([start[0]], [start[1]], size=13, symbol="o",
                                        brush=pg.mkBrush("#FFFFFF"),
                                        pen=pg.mkPen("#000", width=2)))
        if key is not None:
            key.addItem(pg.ScatterPlotItem(symbol="o", brush=pg.mkBrush("#FFFFFF"),
                                           pen=pg.mkPen("#000", width=2)), "start")
    if len(minima):
        pts = np.asarray(minima, dtype=float)[:, :2]
        stars = pg.ScatterPlotItem(pts[:, 0], pts[:, 1], size=16, symbol="star",
                                   brush=pg.mkBrush("#FF3030"), pen=pg.mkPen("#FFFFFF"))
        land.addItem(stars)
        if key is not None:
            key.addItem(stars, "known minimum")

    curves.setTitle("loss by step", color="#222")
    curves.setLabel("bottom", "step")
    curves.setLabel("left", "loss")
    positive = all(min(h.train_loss, default=1.0) > 0 for h in race.histories)
    curves.setLogMode(False, positive)
    curves.getAxis("left").enableAutoSIPrefix(False)
    curves.showGrid(x=True, y=True, alpha=0.25)
    for k, h in enumerate(race.histories):
        steps = np.asarray(h.steps, dtype=float)
        losses = np.asarray(h.train_loss, dtype=float)
        if len(steps):
            curves.plot(steps, losses, pen=pg.mkPen(COLOURS[k % len(COLOURS)], width=2))
    for p in (land, curves):
        for side in ("left", "bottom"):
            p.getAxis(side).setTextPen("#222")
            p.getAxis(side).setPen("#444")
    bar.axis.setTextPen("#222")
    return widget
