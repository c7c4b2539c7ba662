"""The optimizer race panel: several optimizer settings from one start, played side by side.

The race runs in its own worker thread (`race_worker`, one batched forward per
step for all runners) at the pace chosen here, the same control and presets as
a single run's: the paths grow over the shared plane's landscape, the loss
curves beside them, and the table of loss, steps to tolerance and divergence
fills in as the runners go. Pause, Play and Step work as for a single run.
"""

from __future__ import annotations

import math

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from playground.engine.race import RaceError, parse_runners
from playground.io.document import Document
from playground.ui.files.race_picture import COLOURS, RacePlots
from playground.ui.training.pace import PaceControl
from playground.ui.training.race_worker import PCA, RaceController, RaceFrame, RaceSetup
from playground.ui.training.worker import TrainingController

MAX_STEPS = 1_000_000  # played at a pace, paused at will: no need for a small cap
TWO_AXES = "axes"
DEFAULT_AXES = "default"
RUNNER_COLUMN = 140  # pixels at most for the runner's label in the table
FOLD_HEIGHT = 420  # pixels: a shorter panel folds its settings away while a race plays


def default_runners(document: Document) -> str:
    """SGD, momentum and Adam at the document's learning rate."""
    lr = float(document.training.hyper.get("lr", 0.01))
    return f"sgd:lr={lr:g},momentum:lr={lr:g}:momentum=0.9,adam:lr={lr:g}"


def start_document(document: Document, current=None) -> Document:
    """The document to race from: its start point (where Reset returns), or `current`
    parameter values (name -> value) when given; no run."""
    doc = document.copy()
    if current is not None:
        doc.network.set_parameters(dict(current))
    elif doc.run is not None and doc.run.start:
        doc.network.set_parameters(dict(doc.run.start))
    doc.run = None
    return doc


class RacePanel(QWidget):
    """Pick runners, play them side by side, compare their paths, losses and arrival."""

    def __init__(self, controller: TrainingController, parent: QWidget | None = None,
                 pace: PaceControl | None = None):
        """`pace`: the single run's pace control; given, the race shares it (one pace for
        both, its Faster/Slower keys included), shown here too."""
        super().__init__(parent)
        self.controller = controller
        self.shared_pace = pace
        self.races = RaceController(self)
        self.frame: RaceFrame | None = None
        self.plots: RacePlots | None = None
        self._surface = None
        self.spec = QLineEdit()
        self.spec.setToolTip(self.tr("Comma-separated NAME[:key=value...]; end one with "
                                     "@SCHEDULE to give it its own learning-rate schedule"))
        self.steps = QSpinBox()
        self.steps.setRange(1, MAX_STEPS)
        self.steps.setValue(500)
        self.steps.setKeyboardTracking(False)
        self.steps.setToolTip(self.tr("How many steps each runner makes"))
        self.tolerance = QDoubleSpinBox()
        self.tolerance.setDecimals(8)
        self.tolerance.setRange(0.0, 1e6)
        self.tolerance.setValue(1e-4)
        self.tolerance.setToolTip(self.tr("A runner has arrived when its loss is at most this"))
        self.batch = QSpinBox()
        self.batch.setRange(0, 1_000_000)
        self.batch.setSpecialValueText(self.tr("all points"))
        self.batch.setToolTip(self.tr("Points per step, the same batch for every runner "
                                      "(all points: full-batch descent)"))
        self.origin = QComboBox()
        self.origin.addItem(self.tr("the start point"), "start")
        self.origin.addItem(self.tr("where training is now"), "now")
        self.origin.setToolTip(self.tr("Where every runner starts: the run's start point (set "
                                       "it by double-clicking the landscape) or the current "
                                       "parameters"))
        self.plane = QComboBox()
        self.plane.setToolTip(self.tr("The plane the paths are drawn on"))
        self.x_axis = QComboBox()
        self.y_axis = QComboBox()
        for combo in (self.x_axis, self.y_axis):
            combo.setMinimumContentsLength(8)
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.go = QPushButton(self.tr("Race"))
        self.go.setToolTip(self.tr("Start the race from the start (training pauses)"))
        self.play = QPushButton(self.tr("Pause"))
        self.play.setEnabled(False)
        self.step_button = QPushButton(self.tr("Step"))
        self.step_button.setToolTip(self.tr("One step of every runner"))
        self.step_button.setEnabled(False)
        self.pace = PaceControl()
        self.pace.set_value(controller.pace)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.status.setMinimumWidth(40)

        # One narrow column (settings, buttons, table) beside the picture, which takes the
        # rest; the settings fold away while a race plays in a short dock (a 1024×700
        # window), and come back with the Settings button.
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("runners"), self.spec)
        form.addRow(self.tr("steps"), self.steps)
        form.addRow(self.tr("tolerance"), self.tolerance)
        form.addRow(self.tr("batch"), self.batch)
        form.addRow(self.tr("from"), self.origin)
        form.addRow(self.tr("plane"), self.plane)
        axes = QHBoxLayout()
        axes.addWidget(QLabel("x"))
        axes.addWidget(self.x_axis, 1)
        axes.addWidget(QLabel("y"))
        axes.addWidget(self.y_axis, 1)
        form.addRow(axes)
        self.settings = QWidget()
        self.settings.setLayout(form)
        self.settings_button = QToolButton()
        self.settings_button.setText(self.tr("Settings"))
        self.settings_button.setCheckable(True)
        self.settings_button.setChecked(True)
        self.settings_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.settings_button.setArrowType(Qt.ArrowType.DownArrow)
        self.settings_button.setAutoRaise(True)
        self.settings_button.toggled.connect(self._show_settings)
        buttons = QHBoxLayout()
        buttons.addWidget(self.go)
        buttons.addWidget(self.play)
        buttons.addWidget(self.step_button)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([
            self.tr("runner"), self.tr("loss"), self.tr("steps to tolerance"),
            self.tr("diverged")])
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setMinimumHeight(70)
        column = QWidget()
        left = QVBoxLayout(column)
        left.setContentsMargins(0, 0, 4, 0)
        left.addWidget(self.settings_button)
        left.addWidget(self.settings)
        left.addLayout(buttons)
        left.addWidget(self.pace)
        left.addWidget(self.status)
        left.addWidget(self.table, 1)
        scroll = QScrollArea()
        scroll.setWidget(column)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setMinimumWidth(min(column.sizeHint().width(), 330) + 16)
        scroll.setMaximumWidth(440)
        self.picture_box = QVBoxLayout()
        self.layout_ = QHBoxLayout(self)
        self.layout_.setContentsMargins(4, 4, 4, 4)
        self.layout_.addWidget(scroll)
        self.layout_.addLayout(self.picture_box, 1)

        self.go.clicked.connect(self.start)
        self.spec.returnPressed.connect(self.start)
        self.play.clicked.connect(self.toggle)
        self.step_button.clicked.connect(lambda: self.races.step(1))
        if pace is None:
            self.pace.changed.connect(self.races.set_speed)
        else:
            # One pace: a change here moves the run's control, whose change moves both.
            self.pace.set_value(pace.value())
            self.pace.changed.connect(
                lambda _v: pace.slider.setValue(self.pace.slider.value()))
            pace.changed.connect(self._follow_pace)
        self.plane.currentIndexChanged.connect(self._enable_axes)
        self.races.frame.connect(self.show_frame)
        self.races.failed.connect(self._failed)
        controller.document_changed.connect(self._on_document)
        if controller.document is not None:
            self._on_document(controller.document)

    # ------------------------------------------------------------------ settings
    def _on_document(self, document: Document) -> None:
        if not self.spec.text():
            self.spec.setText(default_runners(document))
        problem = self.controller.problem
        names = list(problem.parameter_names) if problem is not None else []
        function = document.is_function
        keep = (self.plane.currentData(), self.x_axis.currentText(), self.y_axis.currentText())
        for combo in (self.plane, self.x_axis, self.y_axis):
            combo.blockSignals(True)
            combo.clear()
        if function:
            first = ", ".join(names[:2])
            self.plane.addItem(self.tr("the variables {names}").format(names=first),
                               DEFAULT_AXES)
        self.plane.addItem(self.tr("PCA plane of all paths"), PCA)
        if len(names) >= 2:
            self.plane.addItem(self.tr("two parameters"), TWO_AXES)
        self.x_axis.addItems(names)
        self.y_axis.addItems(names)
        if len(names) >= 2:  # the landscape's own axes to begin with
            shown = tuple(document.view.axes or ())
            first = shown if len(shown) == 2 and all(a in names for a in shown) \
                and shown[0] != shown[1] else tuple(names[:2])
            self.x_axis.setCurrentText(first[0])
            self.y_axis.setCurrentText(first[1])
        at = self.plane.findData(keep[0])
        self.plane.setCurrentIndex(max(at, 0))
        if keep[1] in names and keep[2] in names and keep[1] != keep[2]:
            self.x_axis.setCurrentText(keep[1])
            self.y_axis.setCurrentText(keep[2])
        for combo in (self.plane, self.x_axis, self.y_axis):
            combo.blockSignals(False)
        self._enable_axes()
        n_points = 0 if function or problem is None else len(problem.data.x_train)
        self.batch.setEnabled(n_points > 1)
        self.batch.setMaximum(max(n_points, 0))
        size = document.training.batch_size
        self.batch.setValue(0 if not size or size >= n_points else int(size))

    def _follow_pace(self, value: float | None) -> None:
        self.pace.set_value(value)
        self.races.set_speed(value)

    def _show_settings(self, on: bool) -> None:
        self.settings.setVisible(on)
        self.settings_button.setArrowType(Qt.ArrowType.DownArrow if on
                                          else Qt.ArrowType.RightArrow)

    def _enable_axes(self) -> None:
        on = self.plane.currentData() == TWO_AXES
        self.x_axis.setEnabled(on)
        self.y_axis.setEnabled(on)

    def axes_choice(self) -> tuple[str, str] | str | None:
        """What the race is drawn on: two parameters, "pca", or None (a function's own)."""
        kind = self.plane.currentData()
        if kind == TWO_AXES:
            return (self.x_axis.currentText(), self.y_axis.currentText())
        return PCA if kind == PCA else None

    # ------------------------------------------------------------------ the race
    def start(self) -> None:
        """Race the runners from the start point, played in the worker thread at the pace."""
        document = self.controller.document
        if document is None:
            return
        spec = self.spec.text()
        try:
            parse_runners(spec)
        except RaceError as e:
            self.status.setText(self.tr("Not raced: {why}").format(why=e))
            return
        axes = self.axes_choice()
        if isinstance(axes, tuple) and axes[0] == axes[1]:
            self.status.setText(self.tr("Not raced: choose two different parameters for the "
                                        "plane"))
            return
        current = None
        latest = self.controller.latest
        if self.origin.currentData() == "now" and latest is not None \
                and latest.version == self.controller.version:
            current = dict(zip(latest.parameter_names, latest.theta.tolist()))
        setup = RaceSetup(start_document(document, current), spec, self.steps.value(),
                          self.tolerance.value(), axes, self.batch.value() or None)
        self.controller.pause()  # one thing at a time on the CPU, and in the learner's eye
        if self.height() < FOLD_HEIGHT:
            self.settings_button.setChecked(False)  # the table gets the room
        self.frame = None
        self._clear_picture(len(parse_runners(spec)))
        self.status.setText(self.tr("Racing…"))
        self.races.start(setup, self.pace.value())

    def toggle(self) -> None:
        frame = self.frame
        if frame is None:
            return
        if frame.running:
            self.races.pause()
        else:
            self.races.play()

    def _failed(self, message: str) -> None:
        self.status.setText(self.tr("Not raced: {why}").format(why=message))
        self.play.setEnabled(False)
        self.step_button.setEnabled(False)

    def _clear_picture(self, n_runners: int) -> None:
        if self.plots is not None:
            self.picture_box.removeWidget(self.plots.widget)
            self.plots.widget.deleteLater()
        document = self.controller.document
        # No plot titles: the axes say what each plot is, and the dock is short.
        self.plots = RacePlots(n_runners, log_color=document.view.log_color
                               if document is not None else True, plot_titles=False)
        self.plots.widget.setMinimumSize(280, 120)
        self.picture_box.addWidget(self.plots.widget)
        self._surface = None
        self.table.setRowCount(0)

    def show_frame(self, frame: RaceFrame) -> None:
        """Draw the race as it is now: paths, loss curves, table, buttons."""
        self.frame = frame
        plots = self.plots
        if plots is None or len(plots.paths) != len(frame.labels):
            self._clear_picture(len(frame.labels))
            plots = self.plots
        if frame.surface is not None and frame.surface is not self._surface:
            self._surface = frame.surface
            s = frame.surface
            plots.set_surface(s.z, s.range, s.labels, s.minima)
        plots.set_paths(frame.coords, [r["diverged"] for r in frame.results])
        plots.set_curves(frame.curves)
        self._fill_table(frame)
        finished = frame.finished
        self.play.setEnabled(not finished)
        self.step_button.setEnabled(not finished)
        self.play.setText(self.tr("Pause") if frame.running else self.tr("Play"))
        arrived = sum(r["steps_to_tolerance"] is not None for r in frame.results)
        state = self.tr("finished") if finished else self.tr("racing") if frame.running \
            else self.tr("paused")
        self.status.setText(self.tr("{state}: step {step:,} of {target:,}; {n} runners, {k} "
                                    "reached the tolerance").format(
            state=state, step=frame.step, target=frame.target, n=len(frame.results),
            k=arrived))

    def _fill_table(self, frame: RaceFrame) -> None:
        rows = frame.results
        if self.table.rowCount() != len(rows):
            self.table.setRowCount(len(rows))
        for k, r in enumerate(rows):
            loss = r["final_loss"]
            cells = (r["label"],
                     "—" if loss is None or not math.isfinite(loss) else f"{loss:.6g}",
                     "—" if r["steps_to_tolerance"] is None else f"{r['steps_to_tolerance']:,}",
                     r["diverged"] or "")
            for c, text in enumerate(cells):
                item = self.table.item(k, c)
                if item is None:
                    item = QTableWidgetItem(text)
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                    if c == 0:
                        item.setForeground(Qt.GlobalColor.black)
                        item.setBackground(_colour(k))
                        item.setToolTip(text)  # the column may be too narrow for it
                    self.table.setItem(k, c, item)
                elif item.text() != text:
                    item.setText(text)
        if frame.step == 0 or frame.finished:
            self.table.resizeColumnsToContents()
            # A long runner label is elided (its tooltip has it): the numbers stay in sight.
            self.table.setColumnWidth(0, min(self.table.columnWidth(0), RUNNER_COLUMN))
            # Room for any loss to come (at step 0 the numbers are still short).
            room = self.table.fontMetrics().horizontalAdvance("−8.88888e+88") + 12
            self.table.setColumnWidth(1, max(self.table.columnWidth(1), room))

    def shutdown(self) -> None:
        self.races.shutdown()


def _colour(k: int):
    from PySide6.QtGui import QColor

    c = QColor(COLOURS[k % len(COLOURS)])
    c.setAlpha(140)
    return c
