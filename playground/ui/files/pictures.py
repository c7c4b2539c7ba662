"""A widget as a picture: painted again into a PNG image or an SVG drawing.

Used by the Export menu and by `playground render`; Qt is imported only when a
picture is made, so the CLI can load this module without it.
"""

from __future__ import annotations

from pathlib import Path


class RenderError(ValueError):
    """A picture that cannot be made, with the reason."""


def save_picture(widget, out: Path, size: tuple[int, int]) -> None:
    """Write `widget` as it is drawn now, `size` pixels, to a PNG or SVG file."""
    from PySide6.QtCore import QRect, QSize
    from PySide6.QtGui import QPainter

    w, h = size
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.suffix.lower() == ".svg":
        from PySide6.QtSvg import QSvgGenerator

        from playground.ui.files.vector import drawn_as_vectors

        # SVG 1.1 keeps clip paths: what lies outside a plot (an arrow, a path) stays out.
        gen = QSvgGenerator(QSvgGenerator.SvgVersion.Svg11)
        gen.setFileName(str(out))
        gen.setSize(QSize(w, h))
        gen.setViewBox(QRect(0, 0, w, h))
        gen.setTitle("Backprop Playground")
        gen.setResolution(widget.logicalDpiX())  # text and page size as on screen, not 72 dpi
        with drawn_as_vectors(widget):
            painter = QPainter(gen)
            _paint(widget, painter, w, h)
            painter.end()
        if not out.is_file():
            raise RenderError(f"could not write {out}")
        return
    if not picture_image(widget, (w, h)).save(str(out), "PNG"):
        raise RenderError(f"could not write {out}")


def picture_image(widget, size: tuple[int, int]):
    """`widget` as it is drawn now, as a QImage of `size` pixels (scaled, not cropped)."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter

    w, h = size
    image = QImage(w, h, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    _paint(widget, painter, w, h)
    painter.end()
    return image


def _paint(widget, painter, w: int, h: int) -> None:
    """Render the widget into the painter, scaled if Qt would not size it as asked."""
    ww, wh = widget.width(), widget.height()
    if (ww, wh) != (w, h) and ww > 0 and wh > 0:
        painter.scale(w / ww, h / wh)
    from PySide6.QtCore import QPoint
    from PySide6.QtWidgets import QWidget

    # QWidget's render, not QGraphicsView's (which would draw the scene, not the widget).
    QWidget.render(widget, painter, QPoint(0, 0))
