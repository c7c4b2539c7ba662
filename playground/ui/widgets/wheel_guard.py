"""The mouse wheel changes a spin box, combo box or slider only once it has been clicked.

Scrolling a panel full of settings would otherwise change whichever control
passes under the pointer. `WheelGuard` gives those controls `Qt.StrongFocus`
(they no longer take focus from the wheel) and turns away wheel events that
reach one without focus, so the event goes on to the panel, which scrolls.
Controls added later (an optimizer's own settings, say) are guarded when their
container reports them.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QGraphicsView,
    QScrollBar,
    QWidget,
)

GUARDED = (QAbstractSpinBox, QComboBox, QAbstractSlider)


def is_guarded(widget: QObject) -> bool:
    # Scroll bars are how panels scroll: the wheel is theirs, focus or not.
    return isinstance(widget, GUARDED) and not isinstance(widget, QScrollBar)


def _in_graphics_view(widget: QWidget) -> bool:
    """Drawings hold no such controls, and their many paint events need no filter."""
    w: QWidget | None = widget
    while w is not None:
        if isinstance(w, QGraphicsView):
            return True
        w = w.parentWidget()
    return False


def _scroll_area_of(widget: QWidget) -> QAbstractScrollArea | None:
    w = widget.parentWidget()
    while w is not None:
        if isinstance(w, QAbstractScrollArea) and not is_guarded(w):
            return w
        w = w.parentWidget()
    return None


def _forward(event: QWheelEvent, target: QWidget) -> None:
    pos = target.mapFromGlobal(event.globalPosition())
    copy = QWheelEvent(pos, event.globalPosition(), event.pixelDelta(), event.angleDelta(),
                       event.buttons(), event.modifiers(), event.phase(), event.inverted())
    QApplication.sendEvent(target, copy)


class WheelGuard(QObject):
    """Guards every spin box, combo box and slider under the roots it watches."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._watched: set[int] = set()

    def watch(self, root: QWidget) -> None:
        """Guard the controls under `root` now, and those added under it later."""
        for widget in [root, *root.findChildren(QWidget)]:
            self._adopt(widget)

    def _adopt(self, widget: QWidget) -> None:
        if id(widget) in self._watched or _in_graphics_view(widget):
            return
        # Controls for their wheel events; containers tell when a child arrives.
        key = id(widget)
        self._watched.add(key)
        widget.destroyed.connect(lambda _=None: self._watched.discard(key))
        if is_guarded(widget):
            widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        widget.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802  (Qt override)
        kind = event.type()
        if kind == QEvent.Type.Wheel:
            if is_guarded(obj) and not obj.hasFocus():
                area = _scroll_area_of(obj)
                if area is None:
                    event.ignore()  # filtered and ignored: Qt offers it to the parent
                else:
                    # Handed to the panel itself: Qt does not pass a synthesised wheel
                    # event on to parents, and the panel is what the user means to move.
                    _forward(event, area.viewport())
                    event.accept()
                return True
        elif kind == QEvent.Type.ChildPolished:
            child = event.child()
            if isinstance(child, QWidget):
                self.watch(child)
        return False
