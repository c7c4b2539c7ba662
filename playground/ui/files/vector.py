"""Drawing a view into an SVG: every item as vectors (no cached pixmaps), clipped to its plot.

Views repaint live from cached pixmaps (axes, contours, the background); painted
into an SVG those would become embedded images. While an SVG is written, every
item draws itself afresh in pyqtgraph's export mode (scatter symbols as shapes),
so only what is an image on screen (the heatmap, the colour bar's gradient)
stays an image.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from PySide6.QtWidgets import QGraphicsItem, QGraphicsView, QWidget

from playground.ui.qt import pg


@contextmanager
def drawn_as_vectors(widget: QWidget) -> Iterator[None]:
    """Within the block, `widget`'s graphics draw without caches, in export mode."""
    restore: list[Callable[[], None]] = []
    views = ([widget] if isinstance(widget, QGraphicsView) else []) + \
        widget.findChildren(QGraphicsView)
    for view in views:
        mode = view.cacheMode()
        view.setCacheMode(QGraphicsView.CacheModeFlag.CacheNone)
        view.resetCachedContent()
        restore.append(lambda v=view, m=mode: v.setCacheMode(m))
        if view.scene() is None:
            continue
        for item in view.scene().items():
            cache = item.cacheMode()
            if cache != QGraphicsItem.CacheMode.NoCache:
                item.setCacheMode(QGraphicsItem.CacheMode.NoCache)
                restore.append(lambda i=item, c=cache: i.setCacheMode(c))
            if isinstance(item, pg.GraphicsItem):
                aa = getattr(item, "opts", {}).get("antialias", True)
                item.setExportMode(True, {"antialias": aa, "resolutionScale": 1.0})
                restore.append(lambda i=item: i.setExportMode(False))
            item.update()
            restore.append(item.update)
    try:
        yield
    finally:
        for undo in reversed(restore):
            undo()
