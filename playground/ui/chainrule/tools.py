"""The chain-rule tools as a part of the main window: docks, the Inspect menu, shutdown.

`build_chain_rule_tools` adds the Inspector (beside the Data view), the
step-through (beside the Loss view, shown while stepping), the Jacobian view
and the "Check gradients" dialog. It is given what it uses: the shell (menus,
docks, dialogs' parent), the training controller, the network drawing and the
docks it sits beside. The window calls `shutdown()` once a close is accepted.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QGraphicsView, QMainWindow, QWidget

from playground.ui.chainrule.gradcheck_dialog import GradCheckDialog
from playground.ui.chainrule.inspector import Inspector
from playground.ui.chainrule.jacobian_view import JacobianView
from playground.ui.chainrule.jobs import JobRunner
from playground.ui.chainrule.network_highlight import SceneHighlighter
from playground.ui.chainrule.source import ChainRuleSource
from playground.ui.chainrule.stepthrough_panel import StepThroughPanel
from playground.ui.shell import Shell
from playground.ui.training.worker import TrainingController

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
    loss_dock: QDockWidget | None = None  # the step-through opens as its tab
    docks: dict[str, QDockWidget] = field(default_factory=dict)
    actions: dict[str, QAction] = field(default_factory=dict)
    gradcheck: GradCheckDialog | None = None
    # A function document's graph, step-through and paths: one dock, where the Inspect
    # menu's views lead for a function (see `route_functions`).
    function_panel: QWidget | None = None
    function_dock: QDockWidget | None = None
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

    def route_functions(self, panel: QWidget, dock: QDockWidget) -> None:
        """For a function document the Inspector and the step-through open `panel` (the
        function's graph in `dock`) instead of the network's views; Jacobians by level
        are off (a function has no levels)."""
        self.function_panel, self.function_dock = panel, dock
        self.source.controller.document_changed.connect(self._on_document)
        self.docks["inspector"].toggleViewAction().toggled.connect(
            lambda on: self._open_function_view("inspector") if on and self.is_function()
            else None)
        document = self.source.controller.document
        if document is not None:
            self._on_document(document)

    def is_function(self) -> bool:
        document = self.source.controller.document
        return self.function_panel is not None and document is not None \
            and document.is_function

    def _on_document(self, document) -> None:
        function = self.function_panel is not None and document.is_function
        jac = self.actions.get("jacobians")
        if jac is not None:
            jac.setEnabled(not function)

    def _open_function_view(self, which: str) -> None:
        """Raise the function's dock and show `which` ("inspector" or "stepthrough")."""
        for key in ("inspector", "stepthrough", "jacobians"):
            # Not from inside the dock's own signal: Qt re-lays out docks after it.
            QTimer.singleShot(0, self.docks[key], self.docks[key].hide)
        dock, panel = self.function_dock, self.function_panel
        if dock is None or panel is None:
            return
        dock.show()
        dock.raise_()
        if which == "stepthrough":
            panel.start_step_through()
        else:
            panel.show_inspector()

    def start_step_through(self, sample: int | None | bool = False) -> None:
        """Show the step-through panel and start it (training pauses); for a function, its
        graph's own step-through."""
        if self.is_function():
            self._open_function_view("stepthrough")
            return
        dock = self.docks["stepthrough"]
        opened = not dock.isVisible()
        loss = self.loss_dock
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

    def on_step_through_exit(self) -> None:
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


def build_chain_rule_tools(shell: Shell, controller: TrainingController,
                           network_view: QGraphicsView,
                           docks: dict[str, QDockWidget]) -> ChainRuleTools:
    """The inspector, step-through, Jacobian view and gradient check, in docks beside `docks`
    ("data" and "loss") and in the Inspect and View menus."""
    window = shell.window
    source = ChainRuleSource(controller, window)
    runner = JobRunner(window)
    highlighter = SceneHighlighter(network_view)
    inspector = Inspector(source, runner)
    inspector.follow_scene(network_view.scene())
    stepthrough = StepThroughPanel(source, runner, controller, highlighter)
    jacobians = JacobianView(source, runner)
    tools = ChainRuleTools(window, source, runner, highlighter, inspector, stepthrough,
                           jacobians, loss_dock=docks.get("loss"))

    right, bottom = Area.RightDockWidgetArea, Area.BottomDockWidgetArea
    tools.docks["inspector"] = shell.add_dock(
        QCoreApplication.translate("Tools", "Inspector"), inspector, right, "inspector"
    )
    tools.docks["jacobians"] = shell.add_dock(
        QCoreApplication.translate("Tools", "Jacobians"), jacobians, right, "jacobians"
    )
    tools.docks["stepthrough"] = shell.add_dock(
        QCoreApplication.translate("Tools", "Step-through"), stepthrough, bottom, "step-through"
    )
    if "data" in docks:
        window.tabifyDockWidget(docks["data"], tools.docks["inspector"])
    window.tabifyDockWidget(tools.docks["inspector"], tools.docks["jacobians"])
    tools.docks["jacobians"].hide()
    tools.docks["stepthrough"].hide()
    if "data" in docks:
        docks["data"].raise_()

    _build_menu(shell, tools)
    inspector.target_changed.connect(lambda _: _raise_if_open(tools.docks["inspector"]))
    stepthrough.exited.connect(tools.on_step_through_exit)
    tools.docks["stepthrough"].toggleViewAction().toggled.connect(
        lambda on: None if on else stepthrough.exit())
    return tools


def _raise_if_open(dock: QDockWidget) -> None:
    if dock.toggleViewAction().isChecked():
        dock.raise_()


def _build_menu(shell: Shell, tools: ChainRuleTools) -> None:
    window = shell.window
    menu = shell.menus["inspect"]
    inspector = tools.docks["inspector"].toggleViewAction()
    inspector.setText(QCoreApplication.translate("Tools", "&Inspector"))
    inspector.setStatusTip(
        QCoreApplication.translate(
            "Tools", "The chain rule behind the selected connection's or neuron's gradient"
        )
    )
    step = QAction(QCoreApplication.translate("Tools", "&Step through backprop"), window)
    step.setStatusTip(
        QCoreApplication.translate(
            "Tools", "Pause training and follow forward, backward and update one step at a time"
        )
    )
    step.triggered.connect(lambda: tools.start_step_through())
    jac = tools.docks["jacobians"].toggleViewAction()
    jac.setText(QCoreApplication.translate("Tools", "&Jacobians"))
    jac.setStatusTip(
        QCoreApplication.translate(
            "Tools", "∂a(later level)/∂a(earlier level) as a product of level Jacobians"
        )
    )
    check = QAction(QCoreApplication.translate("Tools", "&Check gradients…"), window)
    check.setStatusTip(
        QCoreApplication.translate(
            "Tools", "Compare backprop with finite differences for every parameter"
        )
    )
    check.triggered.connect(lambda: tools.check_gradients())
    menu.addAction(inspector)
    menu.addAction(step)
    menu.addAction(jac)
    menu.addSeparator()
    menu.addAction(check)
    tools.actions.update(inspector=inspector, step_through=step, jacobians=jac,
                         check_gradients=check)
    view = shell.menus.get("view")
    if view is not None:
        view.addAction(inspector)
        view.addAction(tools.docks["stepthrough"].toggleViewAction())
        view.addAction(jac)
