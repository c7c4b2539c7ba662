"""The optimizer race panel: several optimizer settings from the document's current point.

The race runs in a worker thread (`engine.race.Race`, one batched forward per
step for all runners); the result shows as the paths over the shared plane's
landscape, the loss curves and a table of final loss, steps to tolerance and
divergence per runner.
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from playground.engine import landscape
from playground.engine.race import Race, RaceError, parse_runners, race_view
from playground.io.document import Document
from playground.ui.chainrule.jobs import JobRunner
from playground.ui.files.race_picture import COLOURS, build_race_widget
from playground.ui.training.worker import TrainingController

MAX_STEPS = 20_000  # a race is one job in a worker thread: keep it to seconds
COLUMNS = ("runner", "final loss", "steps to tolerance", "diverged")


def default_runners(document: Document) -> str:
    """SGD, momentum and Adam at the document's learning rate."""
    lr = float(document.training.hyper.get("lr", 0.01))
    return f"sgd:lr={lr:g},momentum:lr={lr:g}:momentum=0.9,adam:lr={lr:g}"


def run_race(document: Document, spec: str, steps: int, tolerance: float):
    """The finished race, its shared plane and the surface on it (any thread, no Qt)."""
    runners = parse_runners(spec, document.training.schedule)
    run = document.make_run()
    race = Race(run.compiled, run.theta, run.x, run.y, runners, tolerance)
    race.run(steps)
    function = document.is_function
    view = race_view(race, None, document.view.range if function else None)
    with np.errstate(all="ignore"):
        surface = landscape.evaluate(run.compiled, view.plane, run.x, run.y, view.range,
                                     96 if function else 64)
    minima = list(getattr(document.network, "minima", [])) if function else []
    return race, view, surface, minima


class RacePanel(QWidget):
    """Pick runners, run them side by side, compare their paths, losses and arrival."""

    def __init__(self, controller: TrainingController, parent: QWidget | None = None):
        super().__init__(parent)
        self.controller = controller
        self.runner = JobRunner(self)
        self.result = None
        self.spec = QLineEdit()
        self.spec.setToolTip("Comma-separated NAME[:key=value...]; end one with @SCHEDULE to "
                             "give it its own learning-rate schedule")
        self.steps = QSpinBox()
        self.steps.setRange(1, MAX_STEPS)
        self.steps.setValue(500)
        self.steps.setKeyboardTracking(False)
        self.tolerance = QDoubleSpinBox()
        self.tolerance.setDecimals(8)
        self.tolerance.setRange(0.0, 1e6)
        self.tolerance.setValue(1e-4)
        self.tolerance.setToolTip("A runner has arrived when its loss is at most this")
        self.go = QPushButton("Race")
        self.status = QLabel("")
        self.status.setWordWrap(True)
        form = QFormLayout()
        form.addRow("runners", self.spec)
        row = QHBoxLayout()
        row.addWidget(QLabel("steps"))
        row.addWidget(self.steps)
        row.addWidget(QLabel("tolerance"))
        row.addWidget(self.tolerance)
        row.addWidget(self.go)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setMaximumHeight(150)
        self.picture: QWidget | None = None
        self.layout_ = QVBoxLayout(self)
        self.layout_.addLayout(form)
        self.layout_.addLayout(row)
        self.layout_.addWidget(self.status)
        self.layout_.addWidget(self.table)
        self.go.clicked.connect(self.start)
        self.spec.returnPressed.connect(self.start)
        controller.document_changed.connect(self._on_document)
        if controller.document is not None:
            self._on_document(controller.document)

    def _on_document(self, document: Document) -> None:
        if not self.spec.text():
            self.spec.setText(default_runners(document))

    def start(self) -> None:
        """Race the runners from the document's current point, in the worker thread."""
        document = self.controller.document
        if document is None:
            return
        latest = self.controller.latest
        doc = document.copy()
        if latest is not None and latest.version == self.controller.version:
            # From where training is now: the runners start at the current parameters.
            doc.network.set_parameters(dict(zip(latest.parameter_names,
                                                latest.theta.tolist())))
        doc.run = None
        spec, steps, tolerance = self.spec.text(), self.steps.value(), self.tolerance.value()
        try:
            parse_runners(spec)
        except RaceError as e:
            self.status.setText(f"Not raced: {e}")
            return
        self.go.setEnabled(False)
        self.status.setText(f"Racing {steps:,} steps…")
        self.runner.submit("race", lambda: run_race(doc, spec, steps, tolerance), self._show,
                           self._failed, heavy=True)

    def _failed(self, message: str) -> None:
        self.go.setEnabled(True)
        self.status.setText(f"Not raced: {message}")

    def _show(self, result) -> None:
        self.go.setEnabled(True)
        race, view, surface, minima = result
        self.result = result
        if self.picture is not None:
            self.layout_.removeWidget(self.picture)
            self.picture.deleteLater()
        self.picture = build_race_widget(race, view, surface, minima=minima,
                                         log_color=self.controller.document.view.log_color
                                         if self.controller.document else True, legend=False)
        self.picture.setMinimumHeight(260)
        self.layout_.insertWidget(3, self.picture, 1)
        rows = race.results()
        self.table.setRowCount(len(rows))
        for k, r in enumerate(rows):
            loss = r["final_loss"]
            cells = (r["label"], "—" if loss is None or not math.isfinite(loss) else f"{loss:.6g}",
                     "—" if r["steps_to_tolerance"] is None else f"{r['steps_to_tolerance']:,}",
                     r["diverged"] or "")
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                if c == 0:
                    item.setForeground(Qt.GlobalColor.black)
                    item.setBackground(_colour(k))
                self.table.setItem(k, c, item)
        self.table.resizeColumnsToContents()
        arrived = sum(r["steps_to_tolerance"] is not None for r in rows)
        self.status.setText(f"{len(rows)} runners, {race.step_count:,} steps; {arrived} reached "
                            f"the tolerance")

    def shutdown(self) -> None:
        self.runner.shutdown()


def _colour(k: int):
    from PySide6.QtGui import QColor

    c = QColor(COLOURS[k % len(COLOURS)])
    c.setAlpha(140)
    return c
