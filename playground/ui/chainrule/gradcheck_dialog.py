"""Check gradients: backprop against finite differences for every parameter, in a table.

The check runs in its own thread, a slice of parameters per turn of the
thread's event loop, so a big network shows progress and can be cancelled.
Backprop is the engine's `loss_and_grad`; the finite differences are
`gradcheck.numeric_gradient` of the engine's loss: the same pieces
`gradcheck.check_network` puts together.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from playground.engine.gradcheck import GradCheck, numeric_gradient, relative_error
from playground.ui.chainrule.formula_text import esc
from playground.ui.chainrule.jobs import describe_error
from playground.ui.chainrule.source import ChainRuleSource, Parameters, Problem
from playground.ui.threads import BurstWorker, WorkerThread

TOLERANCE = 1e-5
EPS = 1e-4
SLICE_SECONDS = 0.05  # work per turn of the worker's event loop
FAILED_BG = "#fbe0df"
OK_FG = "#2a7d2e"
BAD_FG = "#c62828"


def sci(v: float) -> str:
    """A number in scientific notation with a true minus sign, e.g. 3.1e−11."""
    if v == 0:
        return "0"
    return f"{v:.2e}".replace("-", "−")


def plain(v: float) -> str:
    return f"{v:.8g}".replace("-", "−")


@dataclass(frozen=True, eq=False)
class CheckRequest:
    """What to check: the source's problem at these parameters."""

    source: ChainRuleSource
    params: Parameters


# ----------------------------------------------------------------------------- worker

class GradCheckWorker(BurstWorker):
    """Computes one gradient check a slice of parameters at a time."""

    progress = Signal(int, int)  # parameters done, parameters in all
    done = Signal(object, object)  # Problem, GradCheck
    failed = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self._job: tuple | None = None

    @Slot(object)
    def check(self, request: CheckRequest) -> None:
        try:
            problem = request.source.problem()
            theta = np.array(request.params.resolve(problem), dtype=float)
            c = problem.compiled
            _, grad = c.loss_and_grad(theta, problem.x, problem.y)
        except Exception as e:  # noqa: BLE001  (shown in the dialog)
            self.failed.emit(describe_error(e))
            return
        numeric = np.zeros(c.n_params)
        self._job = (problem, theta, np.asarray(grad, dtype=float), numeric, 0, 1)
        self.progress.emit(0, c.n_params)
        self.schedule()

    def cancel(self) -> None:
        self._job = None

    def burst(self) -> bool:
        """Finite differences for a slice of parameters sized to take ~SLICE_SECONDS."""
        if self._job is None:
            return False
        problem, theta, grad, numeric, start, chunk = self._job
        c, x, y = problem.compiled, problem.x, problem.y
        n = c.n_params
        began = time.perf_counter()
        try:
            stop = min(start + chunk, n)
            numeric[start:stop] = _numeric_slice(c, theta, x, y, start, stop)
        except Exception as e:  # noqa: BLE001
            self._job = None
            self.failed.emit(describe_error(e))
            return False
        spent = time.perf_counter() - began
        # Size the next slice to take about SLICE_SECONDS.
        chunk = max(1, int((stop - start) * SLICE_SECONDS / max(spent, 1e-6)))
        self.progress.emit(stop, n)
        if stop < n:
            self._job = (problem, theta, grad, numeric, stop, chunk)
            return True
        self._job = None
        self.done.emit(problem, GradCheck(list(c.parameter_names), grad, numeric,
                                          relative_error(grad, numeric)))
        return False


def _numeric_slice(compiled, theta: np.ndarray, x: np.ndarray, y: np.ndarray, start: int,
                   stop: int) -> np.ndarray:
    """Finite differences of the loss for parameters start … stop−1 (the rest held fixed)."""
    full = theta.copy()

    def loss(part: np.ndarray) -> float:
        full[start:stop] = part
        return float(compiled.loss(full, x, y))

    return numeric_gradient(loss, theta[start:stop], EPS)


# ----------------------------------------------------------------------------- table

class GradCheckModel(QAbstractTableModel):
    """Parameter, backprop, finite difference, relative error; rows over tolerance in red."""

    HEADERS = (
        QT_TRANSLATE_NOOP("GradCheckModel", "parameter"),
        QT_TRANSLATE_NOOP("GradCheckModel", "backprop"),
        QT_TRANSLATE_NOOP("GradCheckModel", "finite difference"),
        QT_TRANSLATE_NOOP("GradCheckModel", "relative error"),
    )

    def __init__(self, parent=None):
        super().__init__(parent)
        self.result: GradCheck | None = None
        self.tolerance = TOLERANCE

    def set_result(self, result: GradCheck | None) -> None:
        self.beginResetModel()
        self.result = result
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802, B008  (Qt override)
        return 0 if parent.isValid() or self.result is None else len(self.result.names)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.tr(self.HEADERS[section])
        return None

    def failed(self, row: int) -> bool:
        r = self.result
        return r is not None and not bool(r.relative_error[row] <= self.tolerance)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        r = self.result
        if r is None or not index.isValid():
            return None
        row, col = index.row(), index.column()
        values = (r.names[row], float(r.backprop[row]), float(r.numeric[row]),
                  float(r.relative_error[row]))
        if role == Qt.ItemDataRole.DisplayRole:
            v = values[col]
            return v if col == 0 else (sci(v) if col == 3 else plain(v))
        if role == Qt.ItemDataRole.UserRole:  # what the columns sort by
            return row if col == 0 else values[col]
        if role == Qt.ItemDataRole.ToolTipRole and col:
            return repr(values[col])
        if role == Qt.ItemDataRole.TextAlignmentRole and col:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and self.failed(row):
            return QColor(FAILED_BG)
        if role == Qt.ItemDataRole.ForegroundRole and col == 3:
            return QColor(BAD_FG if self.failed(row) else OK_FG)
        return None


# ----------------------------------------------------------------------------- dialog

class GradCheckDialog(QDialog):
    """The "Check gradients" window: progress, the table, and a one-line verdict."""

    finished_check = Signal(object)  # GradCheck
    failed = Signal(str)

    _do_check = Signal(object)

    def __init__(self, source: ChainRuleSource, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Check gradients"))
        self.setObjectName("gradcheck-dialog")
        self.resize(640, 520)
        self.source = source
        self.result: GradCheck | None = None
        self.problem: Problem | None = None
        self.error: str | None = None
        self._thread: WorkerThread | None = None
        self.intro = QLabel("")
        self.intro.setWordWrap(True)
        self.intro.setTextFormat(Qt.TextFormat.RichText)
        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self.verdict = QLabel("")
        self.verdict.setWordWrap(True)
        self.verdict.setTextFormat(Qt.TextFormat.RichText)
        self.model = GradCheckModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(Qt.ItemDataRole.UserRole)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(20)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setShowGrid(False)
        self.method = QLabel(
            self.tr(
                "Backprop: the engine's reverse pass. Finite difference, one parameter at a "
                "time: (−L(θ+2ε) + 8L(θ+ε) − 8L(θ−ε) + L(θ−2ε)) / 12ε with ε = 10<sup>−4</sup>. "
                "Relative error: |a − b| / max(|a|, |b|, 10<sup>−4</sup>). Rows above "
                "10<sup>−5</sup> are marked."
            )
        )
        self.method.setWordWrap(True)
        self.method.setTextFormat(Qt.TextFormat.RichText)
        self.method.setStyleSheet("color: #777777;")
        self.again = QPushButton(self.tr("Check again"))
        self.again.clicked.connect(self.start)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.again, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.progress)
        layout.addWidget(self.verdict)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.method)
        layout.addWidget(buttons)

    # ------------------------------------------------------------------ checking
    def is_running(self) -> bool:
        return self._thread is not None

    @Slot()
    def start(self) -> None:
        """Check the current network at the newest parameters (restarts a running check)."""
        self.stop()
        if self.source.document is None:
            self._fail(QCoreApplication.translate("GradCheckDialog", "no network is open"))
            return
        params = self.source.parameters()
        name = self.source.document.name
        when = (
            QCoreApplication.translate("GradCheckDialog", "with the file's parameters")
            if params.step is None
            else QCoreApplication.translate("GradCheckDialog", "at training step {step:,}").format(
                step=params.step
            )
        )
        self.intro.setText(
            QCoreApplication.translate(
                "GradCheckDialog",
                "<b>{name}</b> {when}: ∂L/∂θ of every parameter over all training "
                "samples, by backprop and by finite differences.",
            ).format(name=esc(name), when=when)
        )
        self.result = None
        self.error = None
        self.model.set_result(None)
        self.verdict.setText(QCoreApplication.translate("GradCheckDialog", "Checking…"))
        self.progress.setRange(0, 0)
        self.progress.show()
        self.again.setEnabled(False)
        worker = GradCheckWorker()
        worker.progress.connect(self._on_progress)
        worker.done.connect(self._on_done)
        worker.failed.connect(self._fail)
        self._do_check.connect(worker.check)
        self._thread = WorkerThread(worker, "gradient check", self)
        self._do_check.emit(CheckRequest(self.source, params))

    def stop(self) -> None:
        """Cancel a running check and join its thread."""
        thread, self._thread = self._thread, None
        if thread is None:
            return
        self._do_check.disconnect(thread.worker.check)
        for signal, slot in ((thread.worker.progress, self._on_progress),
                             (thread.worker.done, self._on_done),
                             (thread.worker.failed, self._fail)):
            signal.disconnect(slot)
        thread.shutdown()
        thread.deleteLater()
        self.again.setEnabled(True)

    @Slot(int, int)
    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        self.progress.setFormat(
            QCoreApplication.translate(
                "GradCheckDialog", "{done:,} of {total:,} parameters"
            ).format(done=done, total=total)
        )

    @Slot(object, object)
    def _on_done(self, problem: Problem, result: GradCheck) -> None:
        self.stop()
        self.problem = problem
        self.result = result
        self.model.set_result(result)
        self.progress.hide()
        failures = result.failures(TOLERANCE)
        n = len(result.names)
        if not failures:
            self.verdict.setText(
                QCoreApplication.translate(
                    "GradCheckDialog",
                    '<span style="color:{OK_FG}; font-weight:bold">✓ All {n} parameters '
                    "agree</span> — largest relative error {max_error}, tolerance "
                    "10<sup>−5</sup>.",
                ).format(OK_FG=OK_FG, n=n, max_error=sci(result.max_error))
            )
        else:
            listed = ", ".join(failures[:6])
            if len(failures) > 6:
                listed += QCoreApplication.translate("GradCheckDialog", " and {count} more").format(
                    count=len(failures) - 6
                )
            self.verdict.setText(
                QCoreApplication.translate(
                    "GradCheckDialog",
                    '<span style="color:{BAD_FG}; font-weight:bold">✗ {failures} of {n} '
                    "parameters disagree</span> by more than 10<sup>−5</sup>: {listed}. A "
                    "derivative in the graph does not match its function.",
                ).format(BAD_FG=BAD_FG, failures=len(failures), n=n, listed=esc(listed))
            )
            self.table.sortByColumn(3, Qt.SortOrder.DescendingOrder)
        self.finished_check.emit(result)

    @Slot(str)
    def _fail(self, message: str) -> None:
        self.stop()
        self.error = message
        self.progress.hide()
        self.verdict.setText(
            QCoreApplication.translate(
                "GradCheckDialog", '<span style="color:{BAD_FG}">Cannot check: {message}</span>'
            ).format(BAD_FG=BAD_FG, message=message)
        )
        self.failed.emit(message)

    def closeEvent(self, event) -> None:  # noqa: N802  (Qt override)
        self.stop()
        super().closeEvent(event)

    def done(self, r: int) -> None:
        self.stop()
        super().done(r)

