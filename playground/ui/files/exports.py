"""The Export menu: pictures of the window and of each view exactly as they are on screen,
the history as CSV, and the focused view copied to the clipboard.

A picture is the on-screen widget painted again (`render.save_picture`), so it
has the same range, colours and labels; a PNG may be painted at twice the size.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, Qt
from PySide6.QtGui import QAction, QActionGroup, QCursor, QImage, QKeySequence, QPen
from PySide6.QtWidgets import (
    QAbstractGraphicsShapeItem,
    QApplication,
    QFileDialog,
    QGraphicsView,
    QMessageBox,
    QWidget,
)

from playground.io.history_csv import write_history_csv
from playground.ui.files.animation_dialog import AnimationExport
from playground.ui.files.file_actions import CAPTURE_TIMEOUT_MS
from playground.ui.files.pictures import RenderError, picture_image, save_picture
from playground.ui.names import tr_name
from playground.ui.settings import app_settings
from playground.ui.shell import Shell
from playground.ui.training.worker import TrainingController
from playground.ui.views.landscape_view import LandscapeView
from playground.ui.views.registry import drawing
from playground.workspace import views as view_info

SCALES = (1, 2)
# File-dialog filters, translated where the dialog opens.
PNG_FILTER = QT_TRANSLATE_NOOP("Exports", "PNG image (*.png)")
SVG_FILTER = QT_TRANSLATE_NOOP("Exports", "SVG drawing (*.svg)")
FILTERS = {".png": PNG_FILTER, ".svg": SVG_FILTER}
CSV_FILTER = QT_TRANSLATE_NOOP("Exports", "CSV table (*.csv)")
SCALE_KEY = "export/scale"
FOLDER_KEY = "export/folder"


class Exports(QObject):
    """Pictures and tables of one main window."""

    def __init__(self, shell: Shell, controller: TrainingController, views: dict[str, QWidget],
                 landscape_view: LandscapeView):
        super().__init__(shell.window)
        self.shell = shell
        self.window = shell.window  # pictured whole, and the parent of dialogs
        self.controller = controller
        self.views = views  # by name, as in view_info.PANELS
        self.landscape_view = landscape_view
        self.actions: dict[str, QAction] = {}
        self.animation = AnimationExport(shell, controller, landscape_view)
        self._build_menu()

    def _build_menu(self) -> None:
        menu = self.shell.menus["export"]
        for info in view_info.VIEWS.values():
            formats = self.tr(" or ").join(f.lstrip(".").upper() for f in info.export_formats)
            mnemonic = "&" if info.name == view_info.WINDOW else ""
            self._add(
                menu,
                info.name,
                self.tr("{mnemonic}{title} as {formats}…").format(
                    mnemonic=mnemonic, title=tr_name(info.title), formats=formats
                ),
                lambda _=False, n=info.name: self.export_picture(n),
            )
            if info.name == view_info.WINDOW:
                menu.addSeparator()
        menu.addSeparator()
        self._add(menu, "history", self.tr("&History as CSV…"), self.export_history)
        self._add(menu, "animation", self.tr("&Animation of the run (GIF, APNG, MP4)…"),
                  self.animation.ask_and_export)
        menu.addSeparator()
        copy = self._add(
            menu, "copy", self.tr("&Copy focused view as image"), self.copy_focused_view
        )
        copy.setShortcut(QKeySequence("Ctrl+Shift+C"))
        copy.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        scale_menu = menu.addMenu(self.tr("PNG &scale"))
        group = QActionGroup(self)
        self.scale_actions: dict[int, QAction] = {}
        for s in SCALES:
            act = scale_menu.addAction(f"{s}×" + (self.tr(" (as on screen)") if s == 1 else ""))
            act.setCheckable(True)
            act.setChecked(s == self.scale())
            act.triggered.connect(lambda _=False, k=s: self.set_scale(k))
            group.addAction(act)
            self.scale_actions[s] = act

    def _add(self, menu, name: str, text: str, slot) -> QAction:
        act = QAction(text, self.window)
        act.triggered.connect(lambda _=False: slot())
        menu.addAction(act)
        self.actions[name] = act
        return act

    # ------------------------------------------------------------------ settings
    def scale(self) -> int:
        """How many pixels a PNG has per pixel on screen (1 or 2)."""
        try:
            value = int(app_settings().value(SCALE_KEY, 1))
        except (TypeError, ValueError):
            return 1
        return value if value in SCALES else 1

    def set_scale(self, scale: int) -> None:
        if scale not in SCALES:
            raise ValueError(f"PNG scale must be one of {SCALES}, got {scale!r}")
        app_settings().setValue(SCALE_KEY, scale)
        self.scale_actions[scale].setChecked(True)

    # ------------------------------------------------------------------ pictures
    def picture_widget(self, name: str) -> QWidget:
        """The widget a picture of `name` ("window" or a view) shows."""
        if view_info.get(name).name == view_info.WINDOW:  # get: ValueError naming the views
            return self.window
        return drawing(self.views[name], name)

    def write_picture(self, name: str, path: Path, scale: int | None = None) -> tuple[int, int]:
        """Write the picture of `name` to `path` (.png or .svg); returns its size in pixels."""
        path = Path(path)
        widget = self.picture_widget(name)
        suffix = path.suffix.lower()
        info = view_info.get(name)
        if suffix not in info.export_formats:
            raise RenderError(
                self.tr("cannot write {name!r}: choose a file ending in ").format(name=path.name)
                + self.tr(" or ").join(info.export_formats)
            )
        if not widget.isVisible() or widget.width() < 1 or widget.height() < 1:
            raise RenderError(
                self.tr("the {title} panel is hidden; show it (View menu) to export it").format(
                    title=tr_name(info.title)
                )
            )
        s = 1 if suffix == ".svg" else (scale or self.scale())
        size = (widget.width() * s, widget.height() * s)
        with drawn_for_export(widget, s, vector=suffix == ".svg"):
            save_picture(widget, path, size)
        return size

    def picture(self, name: str, scale: int | None = None) -> QImage:
        """The picture of `name` as an image, `scale` pixels per pixel on screen."""
        widget = self.picture_widget(name)
        s = scale or self.scale()
        with drawn_for_export(widget, s):
            return picture_image(widget, (widget.width() * s, widget.height() * s))

    def export_picture(self, name: str, path: Path | None = None) -> bool:
        """Ask where (unless `path` is given) and write the picture; errors go to a dialog."""
        label = tr_name(view_info.get(name).title)
        if path is None:
            filters = ";;".join(self.tr(FILTERS[f]) for f in view_info.get(name).export_formats)
            path = self._ask_path(
                self.tr("Export {lower}").format(lower=label.lower()), name, filters
            )
            if path is None:
                return False
        try:
            w, h = self.write_picture(name, path)
        except (RenderError, OSError) as e:
            QMessageBox.critical(self.window, self.tr("Cannot export the picture"), str(e))
            return False
        self.shell.status(
            self.tr("Exported {lower}, {w}×{h}, to {path}").format(
                lower=label.lower(), w=w, h=h, path=path
            ),
            5000,
        )
        return True

    def export_history(self, path: Path | None = None) -> bool:
        """The run's history as CSV: one row per recorded step."""
        if path is None:
            path = self._ask_path(self.tr("Export the history"), "history", self.tr(CSV_FILTER))
            if path is None:
                return False
        document = self.controller.capture_document(CAPTURE_TIMEOUT_MS)
        if document is None:
            QMessageBox.critical(
                self.window,
                self.tr("Cannot export the history"),
                self.tr("The training thread did not hand over the run; try again."),
            )
            return False
        try:
            write_history_csv(path, document, self.landscape_view.plane)
        except (OSError, ValueError) as e:
            QMessageBox.critical(self.window, self.tr("Cannot export the history"), str(e))
            return False
        self.shell.status(self.tr("Exported the history to {path}").format(path=path), 5000)
        return True

    def _ask_path(self, caption: str, what: str, filters: str) -> Path | None:
        document = self.controller.document
        stem = f"{document.name if document else 'untitled'}-{what}"
        folder = app_settings().value(FOLDER_KEY, "")
        folder = Path(folder) if isinstance(folder, str) and folder and Path(folder).is_dir() \
            else Path.home()
        first = filters.split(";;")[0]
        chosen, chosen_filter = QFileDialog.getSaveFileName(
            self.window, caption, str(folder / (stem + _suffix(first))), filters, first)
        if not chosen:
            return None
        path = Path(chosen)
        if path.suffix.lower() not in (".png", ".svg", ".csv"):
            path = path.with_name(path.name + _suffix(chosen_filter or first))
        app_settings().setValue(FOLDER_KEY, str(path.parent))
        return path

    # ------------------------------------------------------------------ clipboard
    def focused_view(self) -> str:
        """The view holding the keyboard focus, else the one under the mouse, else the landscape."""
        candidates = [QApplication.focusWidget(), QApplication.widgetAt(QCursor.pos())]
        for widget in candidates:
            for name in view_info.PANELS:
                owner = self.views[name]
                if widget is not None and (widget is owner or owner.isAncestorOf(widget)):
                    return name
        return "landscape"

    def copy_focused_view(self) -> str | None:
        """Put the focused view's picture on the clipboard; returns which view it was."""
        name = self.focused_view()
        widget = self.picture_widget(name)
        if not widget.isVisible():
            self.shell.status(
                self.tr("The {title} panel is hidden").format(
                    title=tr_name(view_info.get(name).title)
                ),
                5000,
            )
            return None
        QApplication.clipboard().setImage(self.picture(name))
        self.shell.status(
            self.tr("Copied the {lower} picture").format(
                lower=tr_name(view_info.get(name).title).lower()),
            5000,
        )
        return name


def _suffix(file_filter: str) -> str:
    """'.png' for 'PNG image (*.png)'."""
    start = file_filter.rfind("*.")
    return file_filter[start + 1:file_filter.find(")", start)] if start >= 0 else ""


@contextmanager
def drawn_for_export(widget: QWidget, factor: float, vector: bool = False) -> Iterator[None]:
    """Paint `widget`'s plots for a picture `factor` times the size on screen, or for a
    `vector` drawing; at 1× a bitmap is painted exactly as the screen is.

    Lines of fixed on-screen width (cosmetic pens) get `factor` times wider, so
    the picture looks like the screen, only sharper; pyqtgraph items draw in
    their export mode (scatter symbols as shapes, not pixmaps that would blur).
    """
    if factor == 1 and not vector:
        yield
        return
    restore: list[Callable[[], None]] = []
    views = ([widget] if isinstance(widget, QGraphicsView) else []) + \
        widget.findChildren(QGraphicsView)
    for view in views:
        if view.scene() is None:
            continue
        for item in view.scene().items():
            if isinstance(item, pg.GraphicsItem):
                aa = getattr(item, "opts", {}).get("antialias", True)
                # resolutionScale 1: the painter's transform already scales the picture.
                item.setExportMode(True, {"antialias": aa, "resolutionScale": 1.0})
                restore.append(lambda i=item: i.setExportMode(False))
            if factor != 1:
                restore += _widen(item, factor)
            item.update()  # drops a cached picture drawn the screen's way
            restore.append(item.update)
    try:
        yield
    finally:
        for undo in reversed(restore):
            undo()


def _widen(item, factor: float) -> list[Callable[[], None]]:
    """Make the item's cosmetic pens `factor` times wider; returns how to undo it."""
    undo: list[Callable[[], None]] = []
    if isinstance(item, pg.PlotCurveItem):
        for key in ("pen", "shadowPen"):
            pen = item.opts.get(key)
            if isinstance(pen, QPen) and pen.isCosmetic():
                # Set directly: setPen() would re-measure the bounds and could move an
                # auto-ranged view.
                item.opts[key] = _wider(pen, factor)
                undo.append(lambda k=key, p=pen: item.opts.__setitem__(k, p))
    elif isinstance(item, QAbstractGraphicsShapeItem) and item.pen().isCosmetic():
        pen = item.pen()
        item.setPen(_wider(pen, factor))
        undo.append(lambda: item.setPen(pen))
    return undo


def _wider(pen: QPen, factor: float) -> QPen:
    wide = QPen(pen)
    wide.setWidthF(max(pen.widthF(), 1.0) * factor)  # width 0 draws one pixel wide
    return wide
