"""Files dropped on the window: one watcher per kind of file, each with its own action."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QGraphicsView, QMainWindow


def dropped_file(mime, suffixes: tuple[str, ...]) -> Path | None:
    """The first local file in dragged data whose name ends in one of `suffixes`, if any."""
    if mime is None or not mime.hasUrls():
        return None
    for url in mime.urls():
        if url.isLocalFile() and url.toLocalFile().lower().endswith(suffixes):
            return Path(url.toLocalFile())
    return None


class DropWatcher(QObject):
    """Accepts drags of files ending in `suffixes` anywhere on `window` and hands a dropped
    one to `open_file` once the drop is over (a dialog inside the drop would hold the drag
    source waiting). Graphics views take drops themselves, so their viewports are watched
    too; views added after start-up are caught when the window shows."""

    def __init__(self, window: QMainWindow, suffixes: tuple[str, ...],
                 open_file: Callable[[Path], object]):
        super().__init__(window)
        self.window = window
        self.suffixes = suffixes
        self.open_file = open_file
        window.setAcceptDrops(True)
        window.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802  (Qt override)
        kind = event.type()
        if kind == QEvent.Type.Show and obj is self.window:
            for view in self.window.findChildren(QGraphicsView):
                view.viewport().installEventFilter(self)
        elif kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop):
            path = dropped_file(event.mimeData(), self.suffixes)
            if path is None:
                return False
            event.acceptProposedAction()
            if kind == QEvent.Type.Drop:
                QTimer.singleShot(0, lambda: self.open_file(path))
            return True
        return super().eventFilter(obj, event)
