"""The widget side of the views registry: how each view is built, fed and pictured.

Names and titles live in `playground.workspace.views`; this adds, per view,
the widget class, how a headless picture feeds it a document, and which part
of it a picture shows (the drawing without its toolbar).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QWidget

from playground.io.document import Document
from playground.ui.views.data_view import DataView, heatmap_lut
from playground.ui.views.landscape_view import LandscapeView
from playground.ui.views.landscape_worker import LandscapeProblem, compute_now
from playground.ui.views.line_view import LineView
from playground.ui.views.line_worker import compute_line
from playground.ui.views.loss_view import LossView
from playground.ui.views.network_view import NetworkView
from playground.ui.views.neuron_pictures import source_of, tint_of
from playground.ui.views.surface_view import SurfaceView
from playground.workspace import views
from playground.workspace.neuron_pictures import pictures
from playground.workspace.problem import ProblemError, build_problem


@dataclass(frozen=True)
class ViewWidget:
    """How one panel view is made and pictured."""

    name: str
    make: Callable[[], QWidget]
    load: Callable[[QWidget, Document, int], None]  # (view, document, version), headless
    drawing: Callable[[QWidget], QWidget]  # the part a picture shows
    # Why the view cannot draw here (a picture of it would only say so), or None.
    unavailable: Callable[[QWidget], str | None] = lambda view: None


def _load_landscape(view: LandscapeView, document: Document, version: int) -> None:
    # Headless: the surface is computed on this thread as soon as the view asks for it.
    problem = LandscapeProblem(document)
    view.requested.connect(lambda req: view.show_result(compute_now(problem, req)))
    view.set_document(document, version)


def _load_network(view: NetworkView, document: Document, version: int) -> None:
    # Headless: each shown theta's neuron pictures are computed on this thread.
    view.set_document(document)
    try:
        problem = build_problem(document)
    except ProblemError:
        return  # no training, no pictures: the plain network is drawn
    source, tint = source_of(problem), tint_of(problem)
    if source is not None:
        lut = heatmap_lut()
        view.pictures_for = lambda theta: pictures(source, theta, lut, tint)


def _load_surface(view: SurfaceView, document: Document, version: int) -> None:
    # Headless: it follows a landscape view of its own, computed on this thread.
    view.set_document(document, version)
    _load_landscape(view.source, document, version)


def _load_line(view: LineView, document: Document, version: int) -> None:
    # Headless: the line is computed on this thread when the view asks for it.
    problem = LandscapeProblem(document)
    view.headless = True
    view.requested.connect(lambda req: view.show_result(compute_line(problem, req)))
    view.set_document(document, version)


def _load(view: QWidget, document: Document, version: int) -> None:
    view.set_document(document)


def _plot(view: QWidget) -> QWidget:
    return view.plot


WIDGETS: dict[str, ViewWidget] = {
    w.name: w
    for w in [
        ViewWidget("landscape", LandscapeView, _load_landscape, _plot),
        ViewWidget("loss", LossView, _load, _plot),
        ViewWidget("network", NetworkView, _load_network, lambda view: view),
        ViewWidget("data", DataView, _load, _plot),
        ViewWidget("surface", SurfaceView, _load_surface, lambda view: view.drawing(),
                   lambda view: None if view.available else
                   f"the 3-D surface needs OpenGL, which is not available here ({view.problem});"
                   " run it on a display, e.g. under xvfb-run"),
        ViewWidget("line", LineView, _load_line, _plot),
    ]
}


def widget_of(name: str) -> ViewWidget:
    """The widget side of panel view `name`; ValueError naming the panels otherwise."""
    if name not in WIDGETS:
        raise ValueError(f"no view called {name!r}; choose {views.WINDOW} or "
                         + ", ".join(WIDGETS))
    return WIDGETS[name]


def drawing(owner: QWidget, name: str) -> QWidget:
    """The widget whose picture is view `name`: the drawing alone, without the toolbar."""
    return widget_of(name).drawing(owner)
