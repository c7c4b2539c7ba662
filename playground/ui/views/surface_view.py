"""The landscape in 3-D: the current loss grid as a surface to turn with the mouse, the
descent path as a line on it, in the colours of the 2-D view.

It draws what the 2-D landscape view has (its surface, plane, colour limits and
snapshot), so both always show the same slice. It needs OpenGL (PyOpenGL and a
context from the platform); where there is none (the off-screen platform, an X
server without GLX, PyOpenGL missing) the panel says so and the rest of the app
works as before.
"""

from __future__ import annotations

import functools

import numpy as np
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QVector3D
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from playground.io.document import Document
from playground.ui import style
from playground.ui.throttle import Throttle
from playground.ui.training.worker import Snapshot
from playground.ui.views import landscape_scale as scale
from playground.ui.views.landscape_view import BAD_COLOUR, LandscapeView, plane_coordinates

MAX_SIDE = 64  # grid points per side drawn: finer surfaces are thinned to this (software
# OpenGL, Mesa's llvmpipe, takes ~80 ms a paint at 128 a side on a busy machine)
RUNNING_REDRAW_SECONDS = 1.0  # while training, redrawn at most this often (see MAX_SIDE)
BOX = 10.0  # the surface spans −BOX..BOX across and 0..HEIGHT up (the camera's units)
HEIGHT = 8.0
LIFT = 0.08  # the path floats this far above the surface, so it is not buried in it


@functools.cache
def opengl_problem() -> str | None:
    """Why the 3-D view cannot draw here, or None when it can (asked once a process)."""
    try:
        import OpenGL.GL  # noqa: F401
        import pyqtgraph.opengl  # noqa: F401
    except Exception as e:  # noqa: BLE001  (ImportError, or PyOpenGL failing to load libGL)
        return f"PyOpenGL cannot load ({type(e).__name__}: {e})"
    from PySide6.QtGui import QGuiApplication, QOffscreenSurface, QOpenGLContext

    platform = QGuiApplication.platformName()
    context = QOpenGLContext()
    if not context.create():
        return f"the {platform} platform gives no OpenGL context"
    surface = QOffscreenSurface()
    surface.setFormat(context.format())
    surface.create()
    try:
        if not surface.isValid() or not context.makeCurrent(surface):
            return f"the {platform} platform's OpenGL context does not start"
        context.doneCurrent()
    finally:
        surface.destroy()
    return None


def _rgba(colour: str, alpha: float = 1.0) -> tuple[float, float, float, float]:
    return tuple(int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)) + (alpha,)


def bilinear(grid: np.ndarray, xs: np.ndarray, ys: np.ndarray, px: np.ndarray,
             py: np.ndarray) -> np.ndarray:
    """grid[y, x] sampled at points (px, py) between the grid's coordinates (clamped)."""
    fx = np.interp(px, xs, np.arange(len(xs)))
    fy = np.interp(py, ys, np.arange(len(ys)))
    x0 = np.clip(np.floor(fx).astype(int), 0, len(xs) - 2)
    y0 = np.clip(np.floor(fy).astype(int), 0, len(ys) - 2)
    tx, ty = fx - x0, fy - y0
    g = grid
    return ((1 - tx) * (1 - ty) * g[y0, x0] + tx * (1 - ty) * g[y0, x0 + 1]
            + (1 - tx) * ty * g[y0 + 1, x0] + tx * ty * g[y0 + 1, x0 + 1])


class SurfaceView(QWidget):
    """The 2-D landscape view's surface and path in 3-D (drag turns it, the wheel zooms).

    `source` is the landscape view it follows; without one (a headless picture) it
    makes its own, hidden, and feeds it the snapshots it gets.
    """

    def __init__(self, source: LandscapeView | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.owns_source = source is None
        self.source = source if source is not None else LandscapeView()
        self.gl = None  # made when first shown: an OpenGL widget in a window switches the
        # whole window to OpenGL compositing, which a hidden panel should not cost
        self.snap: Snapshot | None = None
        self.geometry: SurfaceGeometry | None = None  # of the surface drawn
        self._drawn_key: tuple | None = None
        self._redraw = Throttle(RUNNING_REDRAW_SECONDS, self._draw, self)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(2)
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.caption.setStyleSheet(f"color: {style.MUTED};")
        self._layout.addWidget(self.caption)

    @property
    def problem(self) -> str | None:
        """Why this view cannot draw here, or None."""
        return opengl_problem()

    @property
    def available(self) -> bool:
        return self.problem is None

    def _ensure_built(self) -> None:
        """On first show: the OpenGL view, or the sentence saying why there is none."""
        if self.gl is not None or self.caption.text():
            return
        if self.problem is not None:
            self.caption.setText(self.tr(
                "The 3-D view needs OpenGL, which is not available here ({why}). Every other "
                "view works without it.").format(why=self.problem))
            self.caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self._layout.setStretch(0, 1)
            return
        self.caption.setText(self.tr("Drag to turn, wheel to zoom, double-click to reset."))
        self._build_gl()
        self.picture = SurfacePicture(self._turn, self._zoom, self._reset_camera,
                                      self._resized)
        self._layout.insertWidget(0, self.picture, 1)
        self._drawn_key = None  # whatever happened meanwhile, the next refresh draws it all

    def _build_gl(self) -> None:
        import pyqtgraph.opengl as gl

        # Drawn off-screen and shown as a picture: an OpenGL widget inside the window would
        # switch the whole window to OpenGL compositing for good, which with software OpenGL
        # (Mesa's llvmpipe) slowed every repaint of the window tenfold.
        self.gl = gl.GLViewWidget(self, Qt.WindowType.Window)
        self.gl.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
        self.gl.setBackgroundColor(style.BACKGROUND)
        self._reset_camera(render=False)
        self.gl.resize(400, 300)
        self.gl.show()  # never mapped on a screen; shown, it gets its OpenGL context
        grid = gl.GLGridItem(color=(0, 0, 0, 40))
        grid.setSize(2 * BOX, 2 * BOX)
        grid.setSpacing(BOX / 5, BOX / 5)
        self.gl.addItem(grid)
        self.mesh = gl.GLSurfacePlotItem(shader=None, smooth=False, computeNormals=False,
                                         glOptions="opaque")
        self.gl.addItem(self.mesh)
        self.contours = gl.GLLinePlotItem(mode="lines", color=(1, 1, 1, 0.45), width=1,
                                          antialias=True, glOptions="translucent")
        self.gl.addItem(self.contours)
        from OpenGL import GL

        # The path and its ends stay in sight even where the surface rises in front of them
        # (drawn in this order: the dark edge, the white line, the points).
        on_top = {GL.GL_DEPTH_TEST: False, GL.GL_BLEND: True, GL.GL_CULL_FACE: False,
                  "glBlendFunc": (GL.GL_SRC_ALPHA, GL.GL_ONE_MINUS_SRC_ALPHA)}
        self.path_edge = gl.GLLinePlotItem(color=_rgba(style.PATH_EDGE), width=4,
                                           antialias=True, glOptions=on_top)
        self.path = gl.GLLinePlotItem(color=_rgba(style.PATH), width=2, antialias=True,
                                      glOptions=on_top)
        self.markers = gl.GLScatterPlotItem(size=12, pxMode=True, glOptions=on_top)
        for item in (self.path_edge, self.path, self.markers):
            self.gl.addItem(item)
        font = QFont(style.FONT_FAMILY, 10)
        self.labels = [gl.GLTextItem(color=(60, 60, 60, 255), font=font) for _ in range(3)]
        for item in self.labels:
            self.gl.addItem(item)

    def drawing(self) -> QWidget:
        """What a picture of the view shows: the surface and the caption naming its axes."""
        return self

    # ------------------------------------------------------------------ the camera
    def _render_scene(self) -> None:
        """Draw the scene off-screen at the picture's size and show it."""
        if self.gl is None:
            return
        size = self.picture.size()
        if size.width() < 2 or size.height() < 2:
            return
        if self.gl.size() != size:
            self.gl.resize(size)
        self.picture.set_image(self.gl.grabFramebuffer())

    def _turn(self, dx: float, dy: float) -> None:
        self.gl.orbit(-dx, dy)  # as pyqtgraph's own view turns for a drag
        self._render_scene()

    def _zoom(self, steps: float) -> None:
        self.gl.opts["distance"] *= 0.999 ** steps
        self._render_scene()

    def _reset_camera(self, render: bool = True) -> None:
        self.gl.setCameraPosition(pos=QVector3D(0, 0, HEIGHT / 3), distance=32, elevation=30,
                                  azimuth=-60)
        if render:
            self._render_scene()

    def _resized(self) -> None:
        self._render_scene()

    # ------------------------------------------------------------------ feeding
    def set_document(self, document: Document, version: int) -> None:
        """A new document: forget the drawn surface (a headless view loads its source)."""
        self.snap = None
        self.geometry = None
        self._drawn_key = None
        if self.gl is not None:
            for item in (self.mesh,):
                item.setData(z=np.zeros((2, 2)), x=np.array([-BOX, BOX]),
                             y=np.array([-BOX, BOX]), colors=np.zeros((4, 4)))
            for item in (self.path, self.path_edge, self.contours):
                item.setData(pos=np.zeros((0, 3)))
            self.markers.setData(pos=np.zeros((0, 3)))

    def show_snapshot(self, snap: Snapshot) -> None:
        if self.owns_source:
            self.source.show_snapshot(snap)
        self.snap = snap
        self.refresh()

    def on_result(self, *_args) -> None:
        """The source drew a new surface."""
        self.refresh()

    def showEvent(self, event) -> None:  # noqa: N802  (Qt override)
        self._ensure_built()
        super().showEvent(event)
        self.refresh()

    def refresh(self) -> None:
        """Draw what the source shows now (only while visible: hidden, it costs nothing);
        while training at most once every RUNNING_REDRAW_SECONDS, the newest state."""
        if self.gl is None or not (self.isVisible() or self.owns_source):
            return
        snap = self.source.snap if self.source.snap is not None else self.snap
        if snap is not None and snap.running:
            self._redraw.request()
        else:
            self._redraw.fire_now()

    def _draw(self) -> None:
        if self.gl is None:
            return
        result = self.source.result
        if result is None or self.source.plane is None:
            return
        self._draw_surface(result)
        snap = self.source.snap if self.source.snap is not None else self.snap
        if snap is not None and snap.version == result.request.version:
            self._draw_path(snap)
        self._render_scene()

    # ------------------------------------------------------------------ drawing
    def _draw_surface(self, result) -> None:
        log = self.source.log_color.isChecked()
        colour = self.source.colour_range()
        key = (id(result), log, colour)
        if key == self._drawn_key:
            return
        self._drawn_key = key
        geo = self.geometry = SurfaceGeometry(result, log, colour, self.source.cmap)
        bx, by = geo.to_box(geo.xs, geo.ys)
        # GLSurfacePlotItem wants z[x, y] (the grid is z[y, x]) and one colour per vertex
        # in the same order, flat.
        self.mesh.setData(x=bx, y=by, z=np.ascontiguousarray(geo.heights.T),
                          colors=np.ascontiguousarray(geo.rgba.transpose(1, 0, 2)).reshape(-1, 4))
        cx, cy = np.asarray(result.contour_x, float), np.asarray(result.contour_y, float)
        self.contours.setData(pos=geo.points(cx, cy, LIFT / 2) if len(cx) else np.zeros((0, 3)))
        labels = result.plane.labels
        loss = self.tr("loss {lo} to {hi}{log}").format(
            lo=scale.loss_label(10 ** geo.lo if log else geo.lo),
            hi=scale.loss_label(10 ** geo.hi if log else geo.hi),
            log=self.tr(" (log)") if log else "")
        axis = [(labels[0], (0, -BOX * 1.15, 0)), (labels[1], (BOX * 1.15, 0, 0)),
                (self.tr("loss (log)") if log else self.tr("loss"), (-BOX, BOX, HEIGHT))]
        for item, (text, pos) in zip(self.labels, axis):
            item.setData(text=text, pos=pos)
        self.caption.setText(self.tr(
            "x: {x}, y: {y}; height and colour: {loss}. Drag to turn, wheel to zoom.").format(
                x=labels[0], y=labels[1], loss=loss))

    def _draw_path(self, snap: Snapshot) -> None:
        plane, geo = self.source.plane, self.geometry
        if geo is None or plane is None or plane.n_params != len(snap.theta):
            return
        pos, ends = geo.path(plane_coordinates(plane, snap.path))
        self.path_edge.setData(pos=pos)
        self.path.setData(pos=pos)
        colours = [_rgba(style.START), _rgba(style.CURRENT)]
        self.markers.setData(pos=pos[[i for i, _ in ends]].reshape(-1, 3),
                             color=np.array([colours[k] for _, k in ends]).reshape(-1, 4))


class SurfaceGeometry:
    """Where the 3-D view puts things (numpy only): the grid in a box −BOX..BOX across and
    0..HEIGHT up, height and colour both the 2-D view's colour scale, clipped alike."""

    def __init__(self, result, log: bool, colour: tuple | None, cmap):
        s = result.surface
        xs, ys = np.asarray(s.xs, float), np.asarray(s.ys, float)
        z = np.asarray(s.z, dtype=float)
        step = max(1, int(np.ceil(max(len(xs), len(ys)) / MAX_SIDE)))
        self.xs, self.ys, z = xs[::step], ys[::step], z[::step, ::step]
        lo, hi = colour[:2] if colour is not None else scale.colour_limits(z, log)[:2]
        self.lo, self.hi = float(lo), float(hi)
        bad = scale.bad_cells(z)
        shown = np.where(bad, hi, np.clip(scale.colour_values(z, log), lo, hi))
        self.level = (shown - lo) / (hi - lo) if hi > lo else np.zeros_like(shown)
        rgba = cmap.map(self.level.ravel(), mode="float").reshape(self.level.shape + (4,))
        rgba[bad] = np.array(BAD_COLOUR) / 255
        self.rgba = rgba
        self.heights = HEIGHT * self.level

    def to_box(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        xs, ys = self.xs, self.ys
        sx = (xs[-1] - xs[0]) / 2 or 1.0
        sy = (ys[-1] - ys[0]) / 2 or 1.0
        return (BOX * (np.asarray(x) - (xs[0] + sx)) / sx,
                BOX * (np.asarray(y) - (ys[0] + sy)) / sy)

    def points(self, x: np.ndarray, y: np.ndarray, lift: float) -> np.ndarray:
        """(N, 3) box positions of points on the plane, on the drawn surface (+ lift)."""
        h = bilinear(self.heights, self.xs, self.ys, x, y) + lift
        bx, by = self.to_box(x, y)
        return np.column_stack([bx, by, h]).astype(np.float32)

    def path(self, coords: np.ndarray) -> tuple[np.ndarray, list[tuple[int, int]]]:
        """The path's (N, 3) points on the surface, those off it left out (the 2-D view clips
        them too), and [(index, 0 start / 1 current)] of the ends that are on it."""
        xs, ys = self.xs, self.ys
        inside = (coords[:, 0] >= xs[0]) & (coords[:, 0] <= xs[-1]) & \
            (coords[:, 1] >= ys[0]) & (coords[:, 1] <= ys[-1])
        pos = self.points(coords[inside, 0], coords[inside, 1], LIFT)
        ends = []
        if len(pos) and inside[0]:
            ends.append((0, 0))
        if len(pos) and inside[-1]:
            ends.append((len(pos) - 1, 1))
        return pos, ends


class SurfacePicture(QWidget):
    """The rendered scene; a drag turns it, the wheel zooms, a double-click resets."""

    def __init__(self, turn, zoom, reset, resized, parent: QWidget | None = None):
        super().__init__(parent)
        self._turn, self._zoom, self._reset, self._resized = turn, zoom, reset, resized
        self._image: QImage | None = None
        self._last: QPointF | None = None
        self.setMinimumSize(200, 150)
        self.setCursor(Qt.CursorShape.OpenHandCursor)

    def set_image(self, image: QImage) -> None:
        self._image = image
        self.update()

    def paintEvent(self, event) -> None:  # noqa: N802  (Qt override)
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(style.BACKGROUND))
        if self._image is not None:
            painter.drawImage(self.rect(), self._image)
        painter.end()

    def resizeEvent(self, event) -> None:  # noqa: N802  (Qt override)
        super().resizeEvent(event)
        self._resized()

    def mousePressEvent(self, event) -> None:  # noqa: N802  (Qt override)
        self._last = event.position()
        self.setCursor(Qt.CursorShape.ClosedHandCursor)

    def mouseMoveEvent(self, event) -> None:  # noqa: N802  (Qt override)
        if self._last is None:
            return
        pos = event.position()
        dx, dy = pos.x() - self._last.x(), pos.y() - self._last.y()
        self._last = pos
        self._turn(dx, dy)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802  (Qt override)
        self._last = None
        self.setCursor(Qt.CursorShape.OpenHandCursor)

    def mouseDoubleClickEvent(self, event) -> None:  # noqa: N802  (Qt override)
        self._reset()

    def wheelEvent(self, event) -> None:  # noqa: N802  (Qt override)
        delta = event.angleDelta()
        self._zoom(delta.y() if delta.y() else delta.x())
        event.accept()
