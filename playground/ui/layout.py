"""Where the docks go and how big the window is, for the screen the window is on.

Two arrangements: on a roomy screen the controls sit left, the network and data
right and the loss curve below; on a small one (narrower than `ROOMY_WIDTH`) the
network, data and inspector share a tabbed column under the controls, so the
landscape in the middle keeps its room. Either way every chain-rule view that
opens later joins a tab group rather than widening the window, and the window
never grows past the screen's available geometry. A remembered layout that does
not fit the screen it is restored on is ignored.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QByteArray,
    QCoreApplication,
    QEvent,
    QObject,
    QRect,
    QSize,
    Qt,
    QTimer,
    Slot,
)
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow, QTabBar, QWidget

Area = Qt.DockWidgetArea
ROOMY_WIDTH = 1280  # pixels of available width from which the right dock column opens
PREFERRED = QSize(1440, 900)  # the window's size when the screen has room for it
LANDSCAPE_MIN = QSize(480, 360)  # the landscape plot with its colour bar never gets smaller

# Dock titles say what each view shows (keys are the window's `docks` names).
DOCK_TITLES = {
    "controls": QT_TRANSLATE_NOOP("WindowLayout", "Controls: run, optimizer, data"),
    "network": QT_TRANSLATE_NOOP("WindowLayout", "Network: weights and biases"),
    "data": QT_TRANSLATE_NOOP("WindowLayout", "Data: model output"),
    "loss": QT_TRANSLATE_NOOP("WindowLayout", "Loss per step"),
    "inspector": QT_TRANSLATE_NOOP("WindowLayout", "Inspector: chain rule"),
    "jacobians": QT_TRANSLATE_NOOP("WindowLayout", "Jacobians by level"),
    "stepthrough": QT_TRANSLATE_NOOP("WindowLayout", "Step-through: backprop"),
    "line": QT_TRANSLATE_NOOP("WindowLayout", "Loss along a line"),
}
# Views opened now and then: they open as a tab beside this partner.
PARTNERS = {"stepthrough": "loss", "jacobians": "loss", "race": "loss", "surface": "data",
            "line": "loss"}
# What each view shows, at more length (the dock's tooltip).
DOCK_TIPS = {
    "controls": QT_TRANSLATE_NOOP(
        "WindowLayout",
        "Run buttons, learning rate and speed, loss, optimizer, network and data settings",
    ),
    "network": QT_TRANSLATE_NOOP(
        "WindowLayout", "The network: colour is a weight's sign, width its size, the ring a bias"
    ),
    "data": QT_TRANSLATE_NOOP(
        "WindowLayout",
        "The model's output over the input plane; train points filled, test points hollow",
    ),
    "loss": QT_TRANSLATE_NOOP("WindowLayout", "Training and test loss after each step"),
    "inspector": QT_TRANSLATE_NOOP(
        "WindowLayout", "dL/dw for the selected connection or neuron, as the chain rule computes it"
    ),
    "jacobians": QT_TRANSLATE_NOOP(
        "WindowLayout",
        "How each level's activations change with an earlier level's, and their product",
    ),
    "stepthrough": QT_TRANSLATE_NOOP(
        "WindowLayout", "Forward, loss, backward and update, one operation at a time"
    ),
    "line": QT_TRANSLATE_NOOP(
        "WindowLayout",
        "The loss on the straight line from the start to the current point, or along "
        "the sharpest direction (top Hessian eigenvector) through it",
    ),
}


def dock_title(key: str) -> str:
    """The title of the dock called `key`, in the interface's language."""
    return QCoreApplication.translate("WindowLayout", DOCK_TITLES[key])


class StatusLabel(QLabel):
    """A status-bar label as wide as `template` when there is room, narrower when not.

    Its size hint never depends on its text, so new numbers re-lay out nothing,
    and its minimum width is zero, so it never forces the window wider.
    """

    def __init__(self, template: str, parent: QWidget | None = None):
        super().__init__("", parent)
        self._width = self.fontMetrics().horizontalAdvance(template) + 12
        self._full = ""

    def setText(self, text: str) -> None:  # noqa: N802  (Qt override)
        self._full = text
        self._show()

    def text(self) -> str:
        """The whole text, also while it is shown shortened."""
        return self._full

    def resizeEvent(self, event) -> None:  # noqa: N802  (Qt override)
        super().resizeEvent(event)
        self._show()

    def _show(self) -> None:
        # Squeezed by a narrow window, a number ends in "…" rather than being cut off
        # mid-digit into the next label ("accuracy 100% / 9" read as 9 %).
        room = self.contentsRect().width()
        shown = self._full
        # A pixel or two off the last glyph reads fine; an ellipsis there would not.
        if 0 < room < self.fontMetrics().horizontalAdvance(shown) - 2:
            shown = self.fontMetrics().elidedText(shown, Qt.TextElideMode.ElideRight, room)
            if self._full.split(" ")[0].startswith(shown.rstrip("…").rstrip()):
                shown = ""  # only (part of) the name is left ("pace…"): say nothing
        super().setText(shown)

    def sizeHint(self) -> QSize:  # noqa: N802  (Qt override)
        return QSize(self._width, super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802  (Qt override)
        return QSize(0, super().minimumSizeHint().height())

    def keep_whole(self) -> None:
        """Never narrower than the template: on a narrow window the others give way."""
        self.setMinimumWidth(self._width)


def available_geometry(window: QWidget) -> QRect:
    """The part of the window's screen that windows may use (the primary one before it shows)."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1024, 700)


def _frame_extra(window: QWidget) -> QSize:
    """How much the window manager's frame adds to the window's size."""
    frame, inner = window.frameGeometry(), window.geometry()
    return QSize(max(frame.width() - inner.width(), 0), max(frame.height() - inner.height(), 0))


class WindowLayout(QObject):
    """Arranges the window's docks for the screen, keeps the window on it, offers a reset.

    `docks` is the window's dict of docks by name ("controls", "network", …); docks
    added to it later (the chain-rule tools') are arranged too. `landscape` is the
    plot that keeps `LANDSCAPE_MIN` whatever the screen."""

    def __init__(self, window: QMainWindow, docks: dict[str, QDockWidget],
                 landscape: QWidget | None = None, available: QRect | None = None):
        super().__init__(window)
        self.window = window
        self.docks = docks
        self._available = available  # fixed for tests; None follows the window's screen
        self.compact = False
        self.reset_action = QAction(self.tr("&Reset layout"), window)
        self.reset_action.setStatusTip(
            self.tr("Every panel back where it starts, sized for this screen")
        )
        self.reset_action.triggered.connect(self.reset)
        self._watched: set[QDockWidget] = set()
        self._arranging = False  # docks move by our hand: no reaction to their signals
        if landscape is not None:
            landscape.setMinimumSize(LANDSCAPE_MIN)  # docks give way (tabs) before it
        window.installEventFilter(self)
        self._clamp_timer = QTimer(self)
        self._clamp_timer.setSingleShot(True)
        self._clamp_timer.setInterval(0)
        self._clamp_timer.timeout.connect(self.keep_on_screen)

    # ------------------------------------------------------------------ geometry
    def available(self) -> QRect:
        return QRect(self._available) if self._available is not None \
            else available_geometry(self.window)

    def set_available(self, rect: QRect | None) -> None:
        """Pretend the screen offers `rect` (None: the real screen again)."""
        self._available = rect
        self.keep_on_screen()

    def max_size(self) -> QSize:
        """The largest the window's contents may be on this screen."""
        return self.available().size() - _frame_extra(self.window)

    def fits(self) -> bool:
        """True if the window's smallest possible size fits the screen."""
        need = self.window.minimumSizeHint().expandedTo(self.window.minimumSize())
        limit = self.max_size()
        return need.width() <= limit.width() and need.height() <= limit.height()

    # ------------------------------------------------------------------ arrangements
    def titles(self) -> None:
        for key, dock in self.docks.items():
            if key in DOCK_TITLES and dock.windowTitle() != dock_title(key):
                action = dock.toggleViewAction()
                menu_text = action.text()  # menus keep their short names
                dock.setWindowTitle(dock_title(key))
                action.setText(menu_text)
                dock.setToolTip(QCoreApplication.translate("WindowLayout", DOCK_TIPS[key]))
            self._watch(dock)

    def _watch(self, dock: QDockWidget) -> None:
        if dock in self._watched:
            return
        self._watched.add(dock)
        dock.visibilityChanged.connect(lambda _=False: self._clamp_timer.start())
        dock.topLevelChanged.connect(lambda _=False: self._clamp_timer.start())
        # Opened (menu, code): not merely brought to the front of its tab group.
        dock.toggleViewAction().toggled.connect(
            lambda on, d=dock: self._on_dock_opened(d) if on else None)

    def apply_default(self) -> None:
        """The starting arrangement for this screen: docks placed, sized, the window fitted."""
        self._arranging = True
        try:
            self._apply_default()
        finally:
            self._arranging = False
        self._clamp_timer.start()
        QTimer.singleShot(0, self, self.hide_stray_tab_bars)

    def hide_stray_tab_bars(self) -> None:
        """Hide tab bars Qt left from an earlier arrangement (they sit in the window's corner).

        QMainWindow keeps a tab group's bar when its docks are re-arranged; one in use
        sits against a dock it names, a leftover does not.
        """
        self.window.layout().activate()
        shown = [d for d in self.docks.values() if d.isVisible() and not d.isFloating()]
        for bar in self.window.findChildren(QTabBar):
            if bar.parent() is not self.window or not bar.isVisible():
                continue
            names = {bar.tabText(i) for i in range(bar.count())}
            area = bar.geometry().adjusted(-4, -4, 4, 4)
            if not any(d.windowTitle() in names and area.intersects(d.geometry())
                       for d in shown):
                bar.hide()

    def _apply_default(self) -> None:
        win, docks = self.window, self.docks
        room = self.available()
        self.compact = room.width() < ROOMY_WIDTH
        self.titles()
        size = PREFERRED.boundedTo(self.max_size())
        win.setMaximumSize(self.max_size())
        win.resize(size)
        left, right, bottom = Area.LeftDockWidgetArea, Area.RightDockWidgetArea, \
            Area.BottomDockWidgetArea
        for dock in docks.values():  # from scratch: no tab group or split left over
            dock.setFloating(False)
            win.removeDockWidget(dock)
        place = {"controls": left, "loss": bottom, "stepthrough": bottom, "jacobians": bottom,
                 "race": bottom, "line": bottom}
        side = left if self.compact else right
        for key in ("network", "data", "inspector"):
            place[key] = side
        for key, dock in docks.items():
            win.addDockWidget(place.get(key, side), dock)
        if self.compact:
            win.splitDockWidget(docks["controls"], docks["network"], Qt.Orientation.Vertical)
            self._tabify(["network", "data", "inspector"])
        else:
            win.splitDockWidget(docks["network"], docks["data"], Qt.Orientation.Vertical)
            self._tabify(["data", "inspector"])
        for key, dock in docks.items():
            # Hidden docks join their partner's tabs when they open: tabified while hidden,
            # a dock leaves a stray tab bar in the window's corner.
            dock.setVisible(key not in PARTNERS)
        for key in ("data", "network", "loss"):  # the network's tab in front when they share
            if key in docks:
                docks[key].raise_()
        self._size_docks(size)
        self.place_on_screen()

    def _tabify(self, keys: list[str]) -> None:
        docks = [self.docks[k] for k in keys if k in self.docks]
        for first, second in zip(docks, docks[1:]):
            self.window.tabifyDockWidget(first, second)

    def _size_docks(self, size: QSize) -> None:
        win, docks = self.window, self.docks
        h = size.height()
        loss_h = max(140, min(230, h // 4))
        win.resizeDocks([docks["loss"]], [loss_h], Qt.Orientation.Vertical)
        if self.compact:
            controls_w = docks["controls"].minimumSizeHint().width()
            win.resizeDocks([docks["controls"]], [controls_w], Qt.Orientation.Horizontal)
            # The drawing gets the larger share: a 16-neuron column needs the height; the
            # controls scroll.
            win.resizeDocks([docks["controls"], docks["network"]],
                            [int(h * 0.45), int(h * 0.55)], Qt.Orientation.Vertical)
        else:
            right_w = max(300, min(440, size.width() // 4))
            win.resizeDocks([docks["network"]], [right_w], Qt.Orientation.Horizontal)
            win.resizeDocks([docks["network"], docks["data"]], [h // 2, h // 2],
                            Qt.Orientation.Vertical)

    def place_on_screen(self) -> None:
        """Move the window so all of it is on the screen."""
        room = self.available()
        frame = self.window.frameGeometry()
        x = min(max(frame.x(), room.left()), max(room.right() - frame.width() + 1, room.left()))
        y = min(max(frame.y(), room.top()), max(room.bottom() - frame.height() + 1, room.top()))
        if (x, y) != (frame.x(), frame.y()):
            self.window.move(x, y)

    @Slot()
    def reset(self) -> None:
        """View > Reset layout."""
        self.apply_default()

    # ------------------------------------------------------------------ remembered layouts
    def restore(self, geometry: QByteArray | None, state: QByteArray | None,
                version: int) -> bool:
        """Apply a remembered layout if it fits this screen; otherwise keep the default."""
        win = self.window
        if not geometry or not state:
            return False
        before = win.saveState(version)
        before_geometry = win.saveGeometry()
        # Rearranging docks from inside restoreState's own signals crashes Qt: hold off.
        self._arranging = True
        try:
            ok = win.restoreGeometry(geometry) and win.restoreState(state, version)
            if not ok:
                win.restoreState(before, version)
                win.restoreGeometry(before_geometry)
        finally:
            self._arranging = False
        if not ok:
            return False
        room = self.available()
        frame = win.frameGeometry()
        if not self.fits() or frame.width() > room.width() or frame.height() > room.height():
            self.apply_default()  # made for another screen: start from this one's layout
            return False
        self.place_on_screen()
        return True

    # ------------------------------------------------------------------ keeping it on screen
    def _on_dock_opened(self, dock: QDockWidget) -> None:
        if self._arranging:
            return
        # Not from inside the signal: re-arranging docks there crashes Qt.
        QTimer.singleShot(0, dock, lambda: self._settle_opened(dock))

    def _settle_opened(self, dock: QDockWidget) -> None:
        if self._arranging or dock.isFloating() or dock.isHidden() \
                or not self.window.isVisible():
            return  # the window's own first show opens every dock: nothing to settle
        self._join_partner(dock)
        self.window.layout().activate()
        core = {self.docks.get(k) for k in ("controls", "network", "data", "loss")}
        if dock not in core and not self.fits():
            self._tabify_away(dock)
        self.keep_on_screen()

    def _join_partner(self, dock: QDockWidget) -> None:
        """An occasional view opens as a tab beside the view it belongs with."""
        docks = self.docks
        key = next((k for k, d in docks.items() if d is dock), None)
        partner = docks.get(PARTNERS.get(key, ""))
        if partner is None or partner.isHidden() or partner.isFloating() \
                or partner in self.window.tabifiedDockWidgets(dock):
            return
        self.window.tabifyDockWidget(partner, dock)
        dock.raise_()

    def _tabify_away(self, dock: QDockWidget) -> None:
        """A dock that does not fit beside the others joins the biggest visible one's tabs."""
        others = [d for d in self.docks.values()
                  if d is not dock and d.isVisible() and not d.isFloating()]
        if not others:
            return
        target = max(others, key=lambda d: d.width() * d.height())
        self.window.tabifyDockWidget(target, dock)
        dock.raise_()

    @Slot()
    def keep_on_screen(self) -> None:
        """Shrink the window to the screen's available geometry if it grew past it."""
        limit = self.max_size()
        self.window.setMaximumSize(limit)
        size = self.window.size()
        if size.width() > limit.width() or size.height() > limit.height():
            self.window.resize(size.boundedTo(limit))
        if self.window.isVisible():
            self.place_on_screen()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802  (Qt override)
        kind = event.type()
        if obj is self.window and kind in (QEvent.Type.Show, QEvent.Type.ScreenChangeInternal,
                                           QEvent.Type.LayoutRequest):
            self._clamp_timer.start()
        return False
