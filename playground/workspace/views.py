"""The app's views as one registry: names, titles and picture rules, without Qt.

`playground render`, the View menu, the docks and the exports all read this
table; the widgets behind the names are in `playground.ui.views.registry`.
"""

from __future__ import annotations

from dataclasses import dataclass

from playground.io import limits

RENDER_FORMATS = (".png", ".svg")  # what `playground render` writes, for every view
MIN_SIDE = limits.MIN_PICTURE_SIDE  # smallest picture side in pixels
MAX_SIDE = limits.PICTURE_SIDE.value  # largest picture side in pixels (io/limits.py)
WINDOW = "window"


@dataclass(frozen=True)
class ViewInfo:
    """One view: what it is called and how its pictures are made."""

    name: str  # the name `playground render --view` takes
    title: str  # shown in menus, docks and messages
    export_formats: tuple[str, ...]  # what the Export menu writes it as
    default_size: tuple[int, int]  # of a headless picture, in pixels


VIEWS: dict[str, ViewInfo] = {
    v.name: v
    for v in [
        # On screen the window is a screenshot: its panels are exported as SVG one by one.
        ViewInfo(WINDOW, "Window", (".png",), (1280, 800)),
        ViewInfo("landscape", "Landscape", (".png", ".svg"), (800, 600)),
        ViewInfo("loss", "Loss curve", (".png", ".svg"), (800, 600)),
        ViewInfo("network", "Network", (".png", ".svg"), (800, 600)),
        ViewInfo("data", "Data", (".png", ".svg"), (800, 600)),
        # OpenGL draws pixels only: no SVG of the 3-D view.
        ViewInfo("surface", "3-D surface", (".png",), (800, 600)),
        ViewInfo("line", "Loss along a line", (".png", ".svg"), (800, 500)),
    ]
}
PANELS = tuple(name for name in VIEWS if name != WINDOW)  # the views that are one panel


def get(name: str) -> ViewInfo:
    """The view called `name`; ValueError listing the valid names otherwise."""
    try:
        return VIEWS[name]
    except (KeyError, TypeError):
        raise ValueError(f"unknown view {name!r}; choose one of {', '.join(VIEWS)}") from None


def check_size(w: object, h: object) -> tuple[int, int]:
    """A picture size in pixels, or ValueError saying the allowed range."""
    if not (isinstance(w, int) and isinstance(h, int) and not isinstance(w, bool)
            and not isinstance(h, bool) and MIN_SIDE <= w <= MAX_SIDE
            and MIN_SIDE <= h <= MAX_SIDE):
        raise ValueError(f"size must be two whole numbers from {MIN_SIDE} to {MAX_SIDE:,} "
                         f"(the {limits.PICTURE_SIDE.name} limit), got {w}x{h}")
    return w, h
