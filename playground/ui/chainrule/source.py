"""What the chain-rule views compute from: the window's network, its data, the newest parameters.

The views never touch the live run. `ChainRuleSource` compiles its own copy of
the document's network (once per document, on first use, in whichever thread
asks first) and takes parameters from the training snapshots, which are
copies. While training runs it announces new parameters at most five times a
second; when training pauses it announces the final ones at once.
"""

from __future__ import annotations

import html
import threading
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Signal, Slot
from PySide6.QtWidgets import QLabel, QSizePolicy, QSpinBox, QWidget

from playground.engine.compiled import CompiledNetwork
from playground.engine.function import function_dataset
from playground.engine.network import Network
from playground.engine.optimizers import Optimizer, make_optimizer
from playground.engine.training import TrainingConfig, prepare
from playground.io.document import Document
from playground.ui.chainrule.jobs import StaleRequest
from playground.ui.throttle import Throttle
from playground.ui.training.worker import Snapshot, TrainingController
from playground.workspace.formulas import num
from playground.workspace.problem import Problem as BuiltProblem

LIVE_INTERVAL = 0.2  # seconds between updates while training runs (≤ 5 Hz)
HEAVY_WORK = 400_000  # samples × parameters above which a job runs in the worker thread
HEAVY_PARAMETERS = 400  # parameters above which laying out every step is slow too


@dataclass(frozen=True, eq=False)
class Problem:
    """One document's compiled network and training data, shared read-only by the views."""

    version: int
    compiled: CompiledNetwork
    x: np.ndarray  # (n, inputs) training inputs, in the network's input order
    y: np.ndarray  # (n, outputs)
    training: TrainingConfig

    @property
    def n_samples(self) -> int:
        return len(self.x)

    def sample_text(self, sample: int | None) -> str:
        """Plain text naming a sample and its numbers, or the whole training set."""
        if sample is None:
            return QCoreApplication.translate("Problem", "all {n_samples} training samples").format(
                n_samples=self.n_samples
            )
        xs = ", ".join(f"{v:.4g}" for v in self.x[sample])
        ys = ", ".join(f"{v:.4g}" for v in self.y[sample])
        return QCoreApplication.translate(
            "Problem", "sample {sample}: x = ({xs}), y = ({ys})"
        ).format(sample=sample, xs=xs, ys=ys)

    def sample_html(self, sample: int | None) -> str:
        """HTML of the same, with the network's input and output ids."""
        if sample is None:
            text = QCoreApplication.translate("Problem", "all {n_samples} training samples").format(
                n_samples=self.n_samples
            )
            b = self.training.batch_size
            if b and 0 < b < self.n_samples:
                text += QCoreApplication.translate(
                    "Problem", " (training itself uses mini-batches of {b})"
                ).format(b=b)
            return text
        c = self.compiled
        ins = ", ".join(f"{html.escape(i)} = {num(v)}" for i, v in zip(c.input_ids,
                                                                     self.x[sample]))
        outs = ", ".join(f"y<sub>{html.escape(o)}</sub> = {num(v)}"
                         for o, v in zip(c.output_ids, self.y[sample]))
        return QCoreApplication.translate(
            "Problem", "sample {sample}: {ins}; target {outs}"
        ).format(sample=sample, ins=ins, outs=outs)

    def optimizer(self, state: dict | None = None) -> Optimizer:
        """The document's optimizer, with the run's state when given."""
        opt = make_optimizer(self.training.optimizer, self.compiled.n_params,
                             **self.training.hyper)
        if state:
            try:
                opt.load_state_dict(state)
            except ValueError:
                pass  # a state of another network: the step is shown from a fresh optimizer
        return opt


FUNCTION_ELSEWHERE = QT_TRANSLATE_NOOP(
    "Source",
    "these views explain networks; a function's computational graph, its "
    "step-through and its gradient paths are in the Function graph dock",
)


def build_problem(document: Document, version: int) -> Problem:
    """Compile the document's network and prepare its training data (no Qt, any thread)."""
    data = function_dataset() if document.is_function else document.data.build()
    compiled, data = prepare(document.network, data, document.training.loss)
    x = np.ascontiguousarray(data.x_train, dtype=float)
    y = np.ascontiguousarray(data.y_train, dtype=float)
    return Problem(version, compiled, x, y, document.training)


def problem_from(built: BuiltProblem, version: int) -> Problem:
    """The chain-rule views' Problem from the workspace's (a copy this thread owns)."""
    x = np.ascontiguousarray(built.data.x_train, dtype=float)
    y = np.ascontiguousarray(built.data.y_train, dtype=float)
    return Problem(version, built.compiled, x, y, built.document.training)


def estimated_size(document: Document) -> tuple[int, int]:
    """(samples, parameters) of a document, counted without building anything."""
    net = document.network
    if document.is_function:
        return 1, len(net.variables)
    params = len(net.connections) + sum(n.bias is not None for n in net.neurons)
    try:
        samples = document.data.sizes()[0]
    except ValueError:
        samples = 0  # bad data: building it fails fast, whichever thread does it
    return samples, params


@dataclass(frozen=True, eq=False)
class Parameters:
    """The parameters a view shows, captured on the GUI thread for a job to use."""

    version: int  # the document they belong to
    theta: np.ndarray | None  # a snapshot's copy, None before the first snapshot
    names: tuple[str, ...]
    step: int | None  # training step of the snapshot
    network: Network | None  # the document's network: its values stand in for theta

    def resolve(self, problem: Problem) -> np.ndarray:
        """The parameter vector for `problem`'s network; StaleRequest if it is another's."""
        if problem.version != self.version:
            raise StaleRequest(QCoreApplication.translate("Parameters", "the network changed"))
        compiled = problem.compiled
        if self.theta is not None and self.names == tuple(compiled.parameter_names):
            return self.theta
        if self.network is None:
            raise ValueError(QCoreApplication.translate("Parameters", "no network is open"))
        return compiled.parameters_of(self.network)


class ChainRuleSource(QObject):
    """The document, its Problem (built lazily) and the newest parameters, for the views."""

    problem_changed = Signal()  # a new document: what was shown may no longer exist
    theta_changed = Signal()  # new parameters (throttled while training runs)
    running_changed = Signal(bool)

    def __init__(self, controller: TrainingController, parent: QObject | None = None):
        super().__init__(parent)
        self.controller = controller
        self.document: Document | None = None
        self.version = 0
        self.snapshot: Snapshot | None = None
        self.running = False
        self.force_heavy = False  # tests: run every job in the worker thread
        self._problem: Problem | None = None
        self._built: BuiltProblem | None = None
        self._lock = threading.Lock()
        self._live = Throttle(LIVE_INTERVAL, self._emit_theta, self)
        controller.document_changed.connect(self.set_document)
        controller.snapshot.connect(self.on_snapshot)
        if controller.document is not None:
            self.set_document(controller.document)
        if controller.latest is not None:
            self.on_snapshot(controller.latest)

    # ------------------------------------------------------------------ inputs
    @Slot(object)
    def set_document(self, document: Document) -> None:
        with self._lock:
            self.document = document
            self.version = self.controller.version
            self._problem = None
            self._built = self.controller.problem  # the one compilation of this version
        self.snapshot = None
        self._live.cancel()
        self.problem_changed.emit()

    @Slot(object)
    def on_snapshot(self, snap: Snapshot) -> None:
        if snap.version != self.controller.version:
            return
        self.snapshot = snap
        if snap.running != self.running:
            self.running = snap.running
            self.running_changed.emit(snap.running)
        if snap.running:
            self._live.request()
        else:
            self._live.fire_now()

    def pending_update(self) -> bool:
        """Whether newer parameters wait for the live interval to pass."""
        return self._live.pending

    @Slot()
    def _emit_theta(self) -> None:
        self.theta_changed.emit()

    # ------------------------------------------------------------------ outputs
    def network_problem(self) -> Problem:
        """`problem()` for the views that explain neurons; ValueError for a function."""
        problem = self.problem()
        if not problem.compiled.input_ids:
            raise ValueError(QCoreApplication.translate("Source", FUNCTION_ELSEWHERE))
        return problem

    def problem(self) -> Problem:
        """The current document's Problem, built on first use (safe from any thread)."""
        with self._lock:
            if self._problem is None:
                if self.document is None:
                    raise ValueError(self.tr("no network is open"))
                if self._built is not None:
                    self._problem = problem_from(self._built.for_thread(), self.version)
                else:
                    self._problem = build_problem(self.document, self.version)
            return self._problem

    def parameters(self) -> Parameters:
        """The newest parameters (call on the GUI thread; safe to hand to a job)."""
        snap = self.snapshot
        network = self.document.network if self.document is not None else None
        if snap is None:
            return Parameters(self.version, None, (), None, network)
        return Parameters(self.version, snap.theta, tuple(snap.parameter_names), snap.step,
                          network)

    def heavy(self) -> bool:
        """Whether jobs on this document should run in the worker thread."""
        if self.force_heavy:
            return True
        if self.document is None:
            return False
        samples, params = estimated_size(self.document)
        return samples * max(params, 1) > HEAVY_WORK or params > HEAVY_PARAMETERS


class SampleChooser(QSpinBox):
    """Pick one training sample (0 … n−1) or the whole training set (shown as "all")."""

    problem_set = Signal()  # the samples on offer changed

    def __init__(self, parent: QWidget | None = None, allow_all: bool = True):
        super().__init__(parent)
        self.allow_all = allow_all
        self.setRange(-1 if allow_all else 0, 0)
        if allow_all:
            self.setSpecialValueText(self.tr("all samples"))
            self.setValue(-1)
        self.setKeyboardTracking(False)
        self.setToolTip(self.tr("Which training sample the numbers are for")
                        + (self.tr(" (all: the training set)") if allow_all else ""))
        self._problem: Problem | None = None
        self.valueChanged.connect(lambda _: self._describe())

    def set_count(self, n: int) -> None:
        """Allow samples 0 … n−1, keeping the choice when it still exists."""
        self.setMaximum(max(n - 1, 0))

    def set_problem(self, problem: Problem) -> None:
        """Offer the problem's samples; the tooltip shows the chosen one's numbers."""
        self._problem = problem
        self.set_count(problem.n_samples)
        self._describe()
        self.problem_set.emit()

    def _describe(self) -> None:
        problem = self._problem
        if problem is not None:
            sample = self.sample()
            if sample is None or sample < problem.n_samples:
                self.setToolTip(problem.sample_text(sample))

    def sample(self) -> int | None:
        v = self.value()
        return None if v < 0 else v

    def set_sample(self, sample: int | None) -> None:
        """Choose `sample` (None: all); the range grows to hold it until the data is known."""
        if sample is not None and sample > self.maximum():
            self.setMaximum(sample)
        self.setValue(-1 if sample is None else sample)

    def textFromValue(self, value: int) -> str:  # noqa: N802  (Qt override)
        return (
            self.tr("all samples") if value < 0 else self.tr("sample {value}").format(value=value)
        )

    def valueFromText(self, text: str) -> int:  # noqa: N802  (Qt override)
        digits = "".join(ch for ch in text if ch.isdigit())
        return int(digits) if digits else -1


def sample_meaning(sample: int | None, n_samples: int | None = None,
                   reduction: str = "mean") -> str:
    """One line saying what "one sample" or "all samples" means for the numbers shown."""
    mean = reduction == "mean"
    count = f"{n_samples} " if n_samples else ""
    if sample is None:
        text = (
            QCoreApplication.translate(
                "SampleNote",
                "All samples: each number is averaged over the {count}training samples, "
                "the gradient a full-batch step follows.",
            )
            if mean
            else QCoreApplication.translate(
                "SampleNote",
                "All samples: each number is summed over the {count}training samples, "
                "the gradient a full-batch step follows.",
            )
        )
        return text.format(count=count)
    text = (
        QCoreApplication.translate(
            "SampleNote",
            "One sample: the numbers for sample {sample} alone; training uses them "
            "averaged over all {count}samples.",
        )
        if mean
        else QCoreApplication.translate(
            "SampleNote",
            "One sample: the numbers for sample {sample} alone; training uses them "
            "summed over all {count}samples.",
        )
    )
    return text.format(sample=sample, count=count)


class SampleNote(QLabel):
    """Explains, in place, what the chooser beside it selects; follows its value."""

    def __init__(self, chooser: SampleChooser, parent: QWidget | None = None):
        super().__init__(parent)
        self.chooser = chooser
        self.setWordWrap(True)
        self.setStyleSheet("color: #777777; font-size: 8pt;")
        # Wraps rather than widening its panel.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        chooser.valueChanged.connect(lambda _: self.refresh())
        chooser.problem_set.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        problem = self.chooser._problem
        n = problem.n_samples if problem is not None else None
        reduction = problem.training.loss.reduction if problem is not None else "mean"
        self.setText(sample_meaning(self.chooser.sample(), n, reduction))
