"""Puts the chain-rule tools into the main window: docks, the Inspect menu, clean shutdown.

`install_chain_rule(window)` adds the Inspector (beside the Data view), the
step-through (beside the Loss view, shown while stepping), the Jacobian view
and the "Check gradients" dialog. It relies only on the window's public parts:
`controller`, `network_view`, `docks`, `menus`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QDockWidget, QMainWindow

from playground.ui.chainrule.gradcheck_dialog import GradCheckDialog
from playground.ui.chainrule.inspector import Inspector
from playground.ui.chainrule.jacobian_view import JacobianView
from playground.ui.chainrule.jobs import JobRunner
from playground.ui.chainrule.network_highlight import SceneHighlighter
from playground.ui.chainrule.source import ChainRuleSource
from playground.ui.chainrule.stepthrough_panel import StepThroughPanel

Area = Qt.DockWidgetArea
STEP_HEIGHT = 360  # pixels: the step-through dock's height when it opens


@dataclass(eq=False)
class ChainRuleTools:
    """The chain-rule views of one window and what they share."""

    window: QMainWindow
    source: ChainRuleSource
    runner: JobRunner
    highlighter: SceneHighlighter
    inspector: Inspector
    stepthrough: StepThroughPanel
    jacobians: JacobianView
    docks: dict[str, QDockWidget] = field(default_factory=dict)
    actions: dict[str, QAction] = field(default_factory=dict)
    gradcheck: GradCheckDialog | None = None
    _tabified: bool = False
    _height_before: int = 0

    def check_gradients(self) -> GradCheckDialog:
        """Open the gradient check and start it at the newest parameters."""
        if self.gradcheck is None:
            self.gradcheck = GradCheckDialog(self.source, self.window)
        self.gradcheck.show()
        self.gradcheck.raise_()
        self.gradcheck.start()
        return self.gradcheck

    def start_step_through(self, sample: int | None | bool = False) -> None:
        """Show the step-through panel and start it (training pauses)."""
        dock = self.docks["stepthrough"]
        opened = not dock.isVisible()
        loss = self.window.docks.get("loss")
        if opened and not self._tabified and loss is not None and loss.isVisible() \
                and not loss.isFloating():
            # Tabified only once shown: a hidden dock tabified before the window is shown
            # leaves a stray tab bar over the loss curve.
            self.window.tabifyDockWidget(loss, dock)
            self._tabified = True
        dock.show()
        dock.raise_()
        if opened and not dock.isFloating():
            # The formula and the gradient table need more room than the loss curve.
            self._height_before = dock.height()
            QTimer.singleShot(0, dock, lambda: self.window.resizeDocks(
                [dock], [STEP_HEIGHT], Qt.Orientation.Vertical))  # dropped if dock is gone
        self.stepthrough.start(sample)

    def _on_step_through_exit(self) -> None:
        dock = self.docks["stepthrough"]
        dock.hide()
        if self._height_before and not dock.isFloating():
            others = [d for d in self.window.tabifiedDockWidgets(dock) if d.isVisible()]
            if others:  # give the loss curve its height back
                self.window.resizeDocks(others[:1], [self._height_before],
                                        Qt.Orientation.Vertical)
        self._height_before = 0

    def shutdown(self) -> None:
        """Stop every thread the tools started (safe to call twice)."""
        self.runner.shutdown()
        if self.gradcheck is not None:
            self.gradcheck.stop()


class _CloseWatcher(QObject):
    """Shuts the tools down when their window closes (before the window's own threads)."""

    def __init__(self, tools: ChainRuleTools):
        super().__init__(tools.window)
        self.tools = tools

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802  (Qt override)
        if event.type() == QEvent.Type.Close:
            self.tools.shutdown()
        return False

    @Slot()
    def on_quit(self) -> None:
        """The application quits (a QObject slot: gone with the window, no dangling call)."""
        self.tools.shutdown()


def install_chain_rule(window) -> ChainRuleTools:
    """Add the inspector, step-through, Jacobian view and gradient check to `window`."""
    source = ChainRuleSource(window.controller, window)
    runner = JobRunner(window)
    highlighter = SceneHighlighter(window.network_view)
    inspector = Inspector(source, runner)
    inspector.follow_scene(window.network_view.scene())
    stepthrough = StepThroughPanel(source, runner, window.controller, highlighter)
    jacobians = JacobianView(source, runner)
    tools = ChainRuleTools(window, source, runner, highlighter, inspector, stepthrough,
                           jacobians)

    docks = window.docks
    right, bottom = Area.RightDockWidgetArea, Area.BottomDockWidgetArea
    tools.docks["inspector"] = window.add_dock("Inspector", inspector, right, "inspector")
    tools.docks["jacobians"] = window.add_dock("Jacobians", jacobians, right, "jacobians")
    tools.docks["stepthrough"] = window.add_dock("Step-through", stepthrough, bottom,
                                                 "step-through")
    if "data" in docks:
        window.tabifyDockWidget(docks["data"], tools.docks["inspector"])
    window.tabifyDockWidget(tools.docks["inspector"], tools.docks["jacobians"])
    tools.docks["jacobians"].hide()
    tools.docks["stepthrough"].hide()
    if "data" in docks:
        docks["data"].raise_()
    for key, dock in tools.docks.items():
        docks[key] = dock

    _build_menu(window, tools)
    inspector.target_changed.connect(lambda _: _raise_if_open(tools.docks["inspector"]))
    stepthrough.exited.connect(tools._on_step_through_exit)
    tools.docks["stepthrough"].toggleViewAction().toggled.connect(
        lambda on: None if on else stepthrough.exit())
    watcher = _CloseWatcher(tools)
    window.installEventFilter(watcher)
    app = QApplication.instance()
    if app is not None:
        app.aboutToQuit.connect(watcher.on_quit)
    return tools


def _raise_if_open(dock: QDockWidget) -> None:
    if dock.toggleViewAction().isChecked():
        dock.raise_()


def _build_menu(window, tools: ChainRuleTools) -> None:
    menu = window.menus["inspect"]
    inspector = tools.docks["inspector"].toggleViewAction()
    inspector.setText("&Inspector")
    inspector.setStatusTip("The chain rule behind the selected connection's or neuron's gradient")
    step = QAction("&Step through backprop", window)
    step.setStatusTip("Pause training and follow forward, backward and update one step at a time")
    step.triggered.connect(lambda: tools.start_step_through())
    jac = tools.docks["jacobians"].toggleViewAction()
    jac.setText("&Jacobians")
    jac.setStatusTip("∂a(later level)/∂a(earlier level) as a product of level Jacobians")
    check = QAction("&Check gradients…", window)
    check.setStatusTip("Compare backprop with finite differences for every parameter")
    check.triggered.connect(lambda: tools.check_gradients())
    menu.addAction(inspector)
    menu.addAction(step)
    menu.addAction(jac)
    menu.addSeparator()
    menu.addAction(check)
    tools.actions.update(inspector=inspector, step_through=step, jacobians=jac,
                         check_gradients=check)
    view = window.menus.get("view")
    if view is not None:
        view.addAction(inspector)
        view.addAction(tools.docks["stepthrough"].toggleViewAction())
        view.addAction(jac)
