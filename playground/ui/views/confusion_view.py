"""The confusion table beside the loss curve: for a classifier, how many points of each class
the model puts in each class, and each class's accuracy (hidden for a regression)."""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from playground.engine.confusion import Confusion, confusion
from playground.io.document import Document
from playground.ui import style
from playground.ui.throttle import Throttle, redraw_now
from playground.workspace.problem import Problem

REDRAW_SECONDS = 0.25
MAX_WIDTH = 320  # the loss curve beside it keeps the room


class ConfusionView(QWidget):
    """Rows: the true class; columns: the class the model says; last column: right share."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.title = QLabel("")
        self.title.setStyleSheet(f"color: {style.MUTED};")
        self.title.setWordWrap(True)
        self.setToolTip(
            self.tr(
                "Confusion table: rows are the true classes, columns the classes the "
                "model says; 'right' is each class's accuracy"
            )
        )
        self.table = QTableWidget()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.table, 1)
        self.setMaximumWidth(MAX_WIDTH)
        self.problem: Problem | None = None
        self.result: Confusion | None = None
        self._redraw = Throttle(REDRAW_SECONDS)
        self.hide()

    def set_document(self, document: Document, problem: Problem | None = None) -> None:
        """Shown for classification data that trains; hidden otherwise."""
        ok = problem is not None and problem.dataset.kind == "classification"
        self.problem = problem if ok else None
        self.result = None
        self.setVisible(ok)

    def show_snapshot(self, snap) -> None:
        problem = self.problem
        if problem is None or len(snap.theta) != problem.compiled.n_params:
            return
        if not redraw_now(self._redraw, snap.running, snap.pace):
            return
        data = problem.data
        part, x, y = (self.tr("test"), data.x_test, data.y_test) if len(data.x_test) else \
            (self.tr("train"), data.x_train, data.y_train)
        with np.errstate(all="ignore"):
            outputs = problem.compiled.forward(snap.theta, x)
        self.result = confusion(outputs, y, problem.compiled.loss_spec.kind,
                                problem.dataset.class_names)
        self._show(self.result, part)

    def _show(self, result: Confusion, part: str) -> None:
        names = list(result.classes)
        k = len(names)
        accuracy = result.accuracy
        self.title.setText(
            self.tr(
                "accuracy {accuracy} on {total:,} {part} points; rows: true, columns: said"
            ).format(
                accuracy="—" if math.isnan(accuracy) else f"{accuracy:.1%}",
                total=result.total,
                part=part,
            )
        )
        if self.table.rowCount() != k or self.table.columnCount() != k + 1:
            self.table.setRowCount(k)
            self.table.setColumnCount(k + 1)
        self.table.setHorizontalHeaderLabels([*names, self.tr("right")])
        self.table.setVerticalHeaderLabels(names)
        rows = result.counts.sum(axis=1)
        per_class = list(result.per_class.values())
        for t in range(k):
            for p in range(k):
                n = int(result.counts[t, p])
                share = n / rows[t] if rows[t] else 0.0
                item = QTableWidgetItem(f"{n:,}")
                # Right answers shade blue, wrong ones orange, by their share of the row.
                base = QColor(style.POSITIVE if t == p else style.NEGATIVE)
                base.setAlphaF(0.6 * share)
                item.setBackground(QBrush(base))
                self.table.setItem(t, p, item)
            right = per_class[t]
            self.table.setItem(t, k, QTableWidgetItem("—" if math.isnan(right)
                                                      else f"{right:.0%}"))
        self.table.resizeColumnsToContents()
