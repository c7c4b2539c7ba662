"""The main window: the landscape in the middle, docks for the other views and the controls."""

from __future__ import annotations

import math
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QUndoStack
from PySide6.QtWidgets import (
    QDockWidget,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QScrollArea,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from playground.io.document import Document, ViewSettings
from playground.ui import style
from playground.ui.chainrule.tools import build_chain_rule_tools
from playground.ui.editor.canvas import EditableNetworkView
from playground.ui.editor.part import build_editor
from playground.ui.files.example_panel import ExamplePanel
from playground.ui.files.exports import Exports
from playground.ui.files.file_actions import FileActions
from playground.ui.files.import_dialog import ImportData
from playground.ui.help.menu import HelpMenu
from playground.ui.layout import StatusLabel, WindowLayout, dock_title
from playground.ui.lessons.actions import LessonTargets
from playground.ui.lessons.part import Lessons
from playground.ui.names import tr_name
from playground.ui.preferences import Preferences
from playground.ui.shell import DocumentFile, Part, Shell
from playground.ui.training.actions import RunActions
from playground.ui.training.controls import ControlsPanel
from playground.ui.training.pace import pace_text
from playground.ui.training.race_panel import RacePanel
from playground.ui.training.replay import Timeline
from playground.ui.training.start_point import StartPoint
from playground.ui.training.worker import Snapshot, TrainingController
from playground.ui.views.confusion_view import ConfusionView
from playground.ui.views.data_editing import DataEditing
from playground.ui.views.data_view import DataView
from playground.ui.views.function_view import FunctionPanel
from playground.ui.views.landscape_view import LandscapeView
from playground.ui.views.landscape_worker import LandscapeController
from playground.ui.views.line_view import LineView
from playground.ui.views.line_worker import LineController
from playground.ui.views.loss_view import LossView, accuracy_text
from playground.ui.views.neuron_pictures import NeuronPictures
from playground.ui.views.sharpness_plot import EDGE, edge_status, edge_tooltip
from playground.ui.views.surface_view import SurfaceView
from playground.ui.widgets.wheel_guard import WheelGuard
from playground.workspace import views as view_info

APP_NAME = "Backprop Playground"
FUNCTION_TITLE = QT_TRANSLATE_NOOP("MainWindow", "Function graph: values and gradients")
RACE_HEIGHT = 400  # pixels: the race dock's height when it opens


def format_loss(value: float) -> str:
    return "—" if not math.isfinite(value) else f"{value:.4g}"


class Banner(QFrame):
    """A coloured strip across the top of the central view for messages that matter."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("banner")
        self.setStyleSheet(f"#banner {{ background: {style.BANNER_BG}; "
                           f"border-bottom: 1px solid {style.BANNER_FG}; }}"
                           f"#banner QLabel {{ color: {style.BANNER_FG}; font-weight: bold; }}")
        self.label = QLabel("")
        self.label.setWordWrap(True)
        self.close_button = QToolButton()
        self.close_button.setText("×")
        self.close_button.setAutoRaise(True)
        self.close_button.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.close_button)
        self.hide()

    def show_message(self, text: str) -> None:
        self.label.setText(text)
        self.show()


class MainWindow(QMainWindow):
    """Network, landscape, loss curve, data view and controls around one training run.

    The window lays out the views and assembles the parts (run actions, editor, files,
    exports, chain-rule tools), each built with what it needs; it shuts them down only
    once a close has been accepted.
    """

    def __init__(self, document: Document, parent: QWidget | None = None):
        super().__init__(parent)
        self.resize(1440, 900)
        # Every edit, on the canvas or the panel, is a command here; clean means saved.
        self.undo_stack = QUndoStack(self)
        self.file = DocumentFile(self)
        self.menus = self._build_menus()
        self.shell = Shell(self, self.menus, self.undo_stack, self.file)
        self.controller = TrainingController(parent=self)
        self.landscape = LandscapeController(self)
        self.landscape_view = LandscapeView()
        self.network_view = EditableNetworkView()
        # The Network dock shows the drawn network, or a function document's graph.
        self.function_panel = FunctionPanel(self.controller, self.undo_stack)
        self.model_stack = QStackedWidget()
        self.model_stack.addWidget(self.network_view)
        self.model_stack.addWidget(self.function_panel)
        self.loss_view = LossView()
        self.line_view = LineView()  # the loss along a line: its own dock and thread
        self.line = LineController(self)
        self.data_view = DataView()
        self.confusion_view = ConfusionView()
        self.surface_view = SurfaceView(self.landscape_view)
        self.controls = ControlsPanel(self.controller, self.undo_stack)
        self.banner = Banner()
        self.timeline = Timeline(self.controller, self.show_views)
        self.example_panel = ExamplePanel()  # introduces an example when one opens
        self._diverged_shown: str | None = None
        self._hidden_for_function: set[str] = set()
        self.docks = self._build_layout()
        self._build_status()
        self.controller.document_changed.connect(self._on_document)
        self.controller.snapshot.connect(self._on_snapshot)
        self.controller.failed.connect(self._on_failed)
        self.controller.idle.connect(lambda why: self.statusBar().showMessage(why, 10_000))
        self.landscape.failed.connect(self._on_landscape_failed)
        self.landscape_view.requested.connect(self.landscape.compute)
        self.landscape.result.connect(self.landscape_view.show_result)
        self.landscape.result.connect(self.surface_view.on_result)  # after the 2-D view
        self.line_view.requested.connect(self.line.compute)
        self.line.result.connect(self.line_view.show_result)
        self.line.failed.connect(self.line_view.show_failure)
        self.landscape_view.settings_changed.connect(self._on_view_settings)
        # A picture in every neuron, computed on its own thread from the shown parameters.
        self.neuron_pictures = NeuronPictures(self)
        self.neuron_pictures.ready.connect(self.network_view.set_pictures)
        self.neuron_pictures.cleared.connect(self.network_view.clear_pictures)
        self.network_view.network_scene.parameters_shown.connect(self.neuron_pictures.request)
        self.network_view.wants_pictures.connect(self.neuron_pictures.request_now)
        self.network_view.pictures_coming = lambda: self.neuron_pictures.active
        self.neuron_pictures.skipped.connect(self.network_view.show_waiting)
        self.network_view.neuron_clicked.connect(self._show_neuron)
        self.file.changed.connect(self._update_title)

        self.run_actions = RunActions(self.shell, self.controller)
        self.actions_by_name = self.run_actions.actions
        self.shell.menus["run"].addSeparator()
        for act in self.controls.speed.actions_for_menu():  # Faster ] and Slower [
            self.shell.menus["run"].addAction(act)
            self.addAction(act)
        self.editor = build_editor(self.shell, self.controller, self.network_view,
                                   self.landscape_view)
        # Double-click (or "Start here" on) the landscape: descent starts there.
        self.start_point = StartPoint(self.controller, self.undo_stack, self)
        self.landscape_view.start_requested.connect(
            lambda values: self.start_point.start_at(values, self.landscape_view.axes_shown()))
        self.controller.set_document(document)
        # Docks placed for the screen (once every dock exists); View > Reset layout.
        self.window_layout = WindowLayout(self, self.docks, self.landscape_view.plot)
        self.files = FileActions(self.shell, self.controller, self.landscape_view,
                                 layout=self.window_layout, example_panel=self.example_panel)
        self.import_data = ImportData(self.shell, self.controller)
        self.data_editing = DataEditing(self.data_view, self.controller, self.undo_stack)
        views = {"landscape": self.landscape_view, "loss": self.loss_view,
                 "data": self.data_view, "network": self.network_view,
                 "surface": self.surface_view, "line": self.line_view}
        self.exports = Exports(self.shell, self.controller, views, self.landscape_view)
        self.chain_rule = build_chain_rule_tools(self.shell, self.controller,
                                                 self.network_view, self.docks)
        self.docks.update(self.chain_rule.docks)
        # A function's graph dock is where Inspect's views lead for a function document.
        self.chain_rule.route_functions(self.function_panel, self.docks["network"])
        view_menu = self.menus["view"]
        for key in ("controls", "network", "data", "loss", "surface"):
            view_menu.addAction(self.docks[key].toggleViewAction())
        self.race_panel = RacePanel(self.controller, pace=self.controls.speed)
        race_dock = self.add_dock(
            self.tr("Race"), self.race_panel, Qt.DockWidgetArea.BottomDockWidgetArea, "race"
        )
        self.docks["race"] = race_dock
        race_action = race_dock.toggleViewAction()
        race_action.setText(self.tr("Race optimizers"))
        self.menus["run"].addSeparator()
        self.menus["run"].addAction(race_action)
        view_menu.addAction(race_dock.toggleViewAction())
        view_menu.addAction(self.loss_view.show_sharpness)
        line_dock = self.add_dock(tr_name(view_info.get("line").title), self.line_view,
                                  Qt.DockWidgetArea.BottomDockWidgetArea, "line")
        self.docks["line"] = line_dock
        view_menu.addAction(line_dock.toggleViewAction())
        self.window_layout.apply_default()
        # The race's picture needs more height than the loss curve it sits beside.
        race_action.toggled.connect(lambda on: QTimer.singleShot(
            0, race_dock, lambda: self.resizeDocks([race_dock], [RACE_HEIGHT],
                                                   Qt.Orientation.Vertical))
            if on else self.race_panel.races.pause())  # closed: nobody watches it run
        view_menu.addSeparator()
        view_menu.addAction(self.window_layout.reset_action)
        # The wheel changes a setting only after a click on it; otherwise it scrolls.
        self.wheel_guard = WheelGuard(self)
        self.wheel_guard.watch(self)
        self.preferences = Preferences(self.shell)  # Edit > Preferences…: the language
        self.help = HelpMenu(self.shell, self.docks, self.controls, self.landscape_view)
        self.lessons = Lessons(self.shell, LessonTargets(
            self.controller, self.files, self.controls, self.landscape_view, self.chain_rule,
            self.function_panel), self.window_layout)
        if self.controller.document is not None:
            self._arrange_for_model(self.controller.document.is_function)
        # Shut down in this order: the tools' jobs read the training run.
        self._parts: list[Part] = [self.lessons, self.exports.animation, self.race_panel,
                                   self.chain_rule,
                                   self.landscape, self.neuron_pictures, self.line,
                                   self.controller]

    # ------------------------------------------------------------------ layout
    def _build_layout(self) -> dict[str, QDockWidget]:
        central = QWidget()
        v = QVBoxLayout(central)
        v.setContentsMargins(0, 0, 0, 0)
        v.setSpacing(0)
        v.addWidget(self.banner)
        v.addWidget(self.example_panel)
        v.addWidget(self.landscape_view, 1)
        v.addWidget(self.timeline)
        self.setCentralWidget(central)
        scroll = QScrollArea()
        scroll.setWidget(self.controls)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setMinimumWidth(self.controls.sizeHint().width() + 18)
        add = self.shell.add_dock
        docks = {
            "controls": add(self.tr("Controls"), scroll, Qt.DockWidgetArea.LeftDockWidgetArea,
                            "controls"),
            "network": add(tr_name(view_info.get("network").title), self.model_stack,
                           Qt.DockWidgetArea.RightDockWidgetArea, "network"),
            "data": add(tr_name(view_info.get("data").title), self.data_view,
                        Qt.DockWidgetArea.RightDockWidgetArea, "data"),
            "loss": add(tr_name(view_info.get("loss").title), self._loss_panel(),
                        Qt.DockWidgetArea.BottomDockWidgetArea, "loss"),
            # Hidden until opened (View menu): it joins the Data dock's tabs.
            "surface": add(tr_name(view_info.get("surface").title), self.surface_view,
                           Qt.DockWidgetArea.RightDockWidgetArea, "surface"),
        }
        self.setCorner(Qt.Corner.BottomLeftCorner, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.setCorner(Qt.Corner.BottomRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)
        self.resizeDocks([docks["network"], docks["data"]], [360, 440],
                         Qt.Orientation.Vertical)
        self.resizeDocks([docks["network"]], [420], Qt.Orientation.Horizontal)
        self.resizeDocks([docks["loss"]], [230], Qt.Orientation.Vertical)
        return docks

    def _loss_panel(self) -> QWidget:
        """The loss curve, and beside it a classifier's confusion table."""
        panel = QWidget()
        row = QHBoxLayout(panel)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.loss_view, 1)
        row.addWidget(self.confusion_view)
        return panel

    def add_dock(self, title: str, widget: QWidget, area: Qt.DockWidgetArea,
                 name: str | None = None) -> QDockWidget:
        """A movable, floatable, closable dock named `dock-NAME` for saveState()."""
        return self.shell.add_dock(title, widget, area, name)

    def _build_status(self) -> None:
        bar = self.statusBar()
        # Size hints from templates, not text: a label that resized with its text would
        # re-lay out the window on every snapshot (and none may force the window wider).
        templates = (
            ("status_state", self.tr("diverged")),
            ("status_step", self.tr("step 000,000,000")),
            ("status_epoch", self.tr("epoch 000,000.0")),
            ("status_train", self.tr("train 0.0000e-00")),
            ("status_test", self.tr("test 0.0000e-00")),
            ("status_accuracy", self.tr("accuracy 100% / 100%")),
            ("status_speed", self.tr("000,000 steps/s")),
            ("status_pace", self.tr("pace 1,000 steps/s")),
            ("status_lr", self.tr("lr 0.000e-00")),
            ("status_edge", self.tr("past edge: λmax 00.0 > 2/lr 00.0")),
        )
        for name, template in templates:
            label = StatusLabel(template)
            setattr(self, name, label)
            bar.addPermanentWidget(label)
        self.status_state.setText(self.tr("paused"))
        # The state is never cut ("runnir"): on a narrow window the numbers give way first.
        self.status_state.setMinimumWidth(self.status_state.fontMetrics().horizontalAdvance(
            self.tr("diverged")) + 8)
        # Nor are the numbers a learner watches while training (at 1024 px "283,003 st…"
        # was: new-user test); the pace, rate and λmax, shown elsewhere too, give way.
        for label in (self.status_step, self.status_epoch, self.status_train,
                      self.status_test, self.status_accuracy, self.status_speed):
            label.keep_whole()
        self.status_edge.setToolTip(edge_tooltip())

    def _build_menus(self) -> dict[str, QMenu]:
        """The menu bar in its final order; parts fill the menus they own."""
        bar = self.menuBar()
        return {
            key: bar.addMenu(title)
            for key, title in (
                ("file", self.tr("&File")),
                ("edit", self.tr("&Edit")),
                ("run", self.tr("&Run")),
                ("view", self.tr("&View")),
                ("export", self.tr("E&xport")),
                ("inspect", self.tr("&Inspect")),
                ("help", self.tr("&Help")),
            )
        }

    # ------------------------------------------------------------------ document and run
    @property
    def document(self) -> Document | None:
        return self.controller.document

    @property
    def file_path(self) -> Path | None:
        """Where the open document is saved, or None for a new one or an example."""
        return self.file.path

    def is_modified(self) -> bool:
        return self.file.is_modified()

    def _update_title(self) -> None:
        doc = self.controller.document
        name = doc.name if doc is not None else self.tr("untitled")
        # Qt shows "*" for the [*] placeholder while the window is modified.
        self.setWindowTitle(f"{name}[*] — {APP_NAME}")
        self.setWindowModified(self.file.is_modified())

    def _on_document(self, document: Document) -> None:
        self._update_title()
        version = self.controller.version
        problem = self.controller.problem  # compiled once for this version, read by all
        self.line_view.set_document(document, version)
        if problem is not None:
            self.line.set_problem(problem, version)
            self.landscape.set_problem(problem, version)
            self.landscape_view.set_document(document, version, problem.parameter_names)
            self.data_view.set_document(document, problem)
            self.confusion_view.set_document(document, problem)
        else:  # a document that cannot train: the views say why
            self.landscape.set_document(document, version)
            self.landscape_view.set_document(document, version)
            self.data_view.set_document(document)
            self.confusion_view.set_document(document)
        self.neuron_pictures.set_problem(problem)
        self.network_view.set_document(document)
        self.surface_view.set_document(document, version)
        function = document.is_function
        self.model_stack.setCurrentWidget(self.function_panel if function else self.network_view)
        self._arrange_for_model(function)
        self.loss_view.set_document(document)
        self.banner.hide()
        self._diverged_shown = None

    def _arrange_for_model(self, function: bool) -> None:
        """A function has no data and no neurons to explain: the Data and chain-rule docks
        give their room to its graph, and come back for a network."""
        network = self.docks["network"]
        action = network.toggleViewAction()
        menu_text = action.text()  # the menu keeps its short name
        if function:
            network.setWindowTitle(self.tr(FUNCTION_TITLE))
        elif network.windowTitle() == self.tr(FUNCTION_TITLE):  # else the layout's title stands
            network.setWindowTitle(dock_title("network"))
        action.setText(menu_text)
        if function:
            for key, dock in self.docks.items():
                if key not in ("controls", "network", "loss", "race", "surface") \
                        and not dock.isHidden():
                    dock.hide()
                    self._hidden_for_function.add(key)
        else:
            for key in self._hidden_for_function:
                if key in self.docks:
                    self.docks[key].show()
            self._hidden_for_function.clear()

    def _on_snapshot(self, snap: Snapshot) -> None:
        self.show_views(snap)
        self._show_status(snap)
        self.timeline.on_snapshot(snap)  # after the live drawing: a replay stays on top

    def show_views(self, snap: Snapshot, replaying: bool = False) -> None:
        """Draw `snap` in every view: the live run's, or (`replaying`) an earlier step's
        from the timeline, marked on the loss curve."""
        self.landscape_view.show_snapshot(snap)
        self.network_view.show_snapshot(snap)
        self.loss_view.show_snapshot(snap)
        self.loss_view.show_marker(snap.step if replaying else None, snap.train_loss)
        self.line_view.show_snapshot(snap)
        self.data_view.show_snapshot(snap)
        self.confusion_view.show_snapshot(snap)
        self.surface_view.show_snapshot(snap)
        self.function_panel.show_snapshot(snap)  # (live, it has drawn it already: a no-op)

    def _show_status(self, snap: Snapshot) -> None:
        self.status_state.setText(self.tr("diverged") if snap.diverged else
                                  self.tr("running") if snap.running else self.tr("paused"))
        self.status_step.setText(self.tr("step {step:,}").format(step=snap.step))
        self.status_epoch.setText(self.tr("epoch {epoch:,.1f}").format(epoch=snap.epoch))
        self.status_train.setText(
            self.tr("train {train_loss}").format(train_loss=format_loss(snap.train_loss))
        )
        self.status_test.setText(
            self.tr("test {test_loss}").format(test_loss=format_loss(snap.test_loss))
        )
        self.status_speed.setText(
            self.tr("{steps_per_second:,.0f} steps/s").format(
                steps_per_second=snap.steps_per_second
            )
        )
        self.status_pace.setText(self.tr("pace {pace}").format(pace=pace_text(snap.pace)))
        self.status_accuracy.setText(accuracy_text(snap))
        self.status_lr.setText(self.tr("lr {current_lr:.3g}").format(current_lr=snap.current_lr))
        text, past = edge_status(snap.sharpness)
        if text != self.status_edge.text():
            self.status_edge.setText(text)
            # Never cut: the verdict matters more than spare room in the other labels. In
            # steps of 24 px, so changing digits re-lay out nothing.
            need = self.status_edge.fontMetrics().horizontalAdvance(text) + 8
            width = -(-need // 24) * 24 if text else 0
            if width != self.status_edge.minimumWidth():
                self.status_edge.setMinimumWidth(width)
        why_not = snap.sharpness.unavailable if snap.sharpness is not None else ""
        tip = why_not or edge_tooltip()
        if tip != self.status_edge.toolTip():
            self.status_edge.setToolTip(tip)
        style_sheet = f"color: {EDGE};" if past else ""
        if style_sheet != self.status_edge.styleSheet():
            self.status_edge.setStyleSheet(style_sheet)
        if snap.diverged:
            # The banner quotes the status bar's own numbers: the parameters shown are the
            # last good ones, whose loss is finite even though the next step's was not.
            self.banner.show_message(
                self.tr(
                    "Training stopped: {diverged}. Kept the last good parameters (step "
                    "{step:,}: train {train_loss}, test {test_loss})."
                ).format(
                    diverged=snap.diverged,
                    step=snap.step,
                    train_loss=format_loss(snap.train_loss),
                    test_loss=format_loss(snap.test_loss),
                )
            )
            # The banner has the whole sentence; the status bar's state label says "diverged"
            # (a passing message there would be cut off by the permanent labels).
            self._diverged_shown = snap.diverged
        elif self._diverged_shown is not None:
            self._diverged_shown = None
            self.banner.hide()

    def _show_neuron(self, nid: str) -> None:
        """A click on a neuron shows its picture large in the data view (on empty canvas:
        the output again), bringing the Data tab forward unless that would hide the
        network itself (a small screen, where they share one tab group)."""
        self.data_view.show_neuron(nid or None)
        data = self.docks["data"]
        if self.data_view.neuron is not None and data.toggleViewAction().isChecked() and \
                self.docks["network"] not in self.tabifiedDockWidgets(data):
            data.raise_()

    def _on_failed(self, message: str) -> None:
        self.banner.show_message(self.tr("Not applied: {message}").format(message=message))
        self.statusBar().showMessage(message, 10_000)

    def _on_landscape_failed(self, message: str) -> None:
        self.statusBar().showMessage(
            self.tr("Landscape: {message}").format(message=message), 10_000
        )

    def _on_view_settings(self, settings: ViewSettings) -> None:
        if self.controller.document is not None:
            self.controller.document.view = settings

    # ------------------------------------------------------------------ closing
    def shutdown(self) -> None:
        """Stop every part's threads and wait for them (safe to call twice)."""
        for part in self._parts:
            part.shutdown()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802  (Qt override)
        if not self.files.close_requested():  # Save / Discard / Cancel, autosave removed
            event.ignore()
            return
        self.shutdown()
        super().closeEvent(event)

