"""Step-through backprop: forward neuron by neuron, the loss, backward, the update.

A thin view over `playground.engine.stepthrough.StepThrough`: the panel shows
one step's formula with its numbers, fills the gradient table as the backward
steps reach each parameter, and marks on the network drawing the values the
step computes (green) and the values it reads (purple). Training pauses while
stepping; starting it again ends the step-through.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from playground.engine.network import Network
from playground.engine.parameters import WEIGHT, ParameterRef, kind_of
from playground.engine.stepthrough import KINDS, Step, StepThrough, split_key
from playground.ui.chainrule.formula_text import esc, formula_browser, page
from playground.ui.chainrule.jobs import JobRunner
from playground.ui.chainrule.network_highlight import COMPUTED, USED, Highlight, SceneHighlighter
from playground.ui.chainrule.source import ChainRuleSource, Problem, SampleChooser, SampleNote
from playground.ui.training.worker import TrainingController
from playground.workspace.explanations import step_formula
from playground.workspace.formulas import num, sym, weight_sym

PHASE_TITLES = {
    "forward": QT_TRANSLATE_NOOP("StepthroughPanel", "Forward"),
    "loss": QT_TRANSLATE_NOOP("StepthroughPanel", "Loss"),
    "backward": QT_TRANSLATE_NOOP("StepthroughPanel", "Backward"),
    "update": QT_TRANSLATE_NOOP("StepthroughPanel", "Update"),
}
COMPUTED_BG = "#dcf1e0"
USED_BG = "#ece2f7"

# The page before Start; its parts translated when shown.
IDLE_PARTS = (
    QT_TRANSLATE_NOOP("StepthroughPanel", "<h2>Step through backpropagation</h2>"),
    QT_TRANSLATE_NOOP(
        "StepthroughPanel",
        "<p>Follow one round of training on the network you drew, one computation at a time:</p>",
    ),
    QT_TRANSLATE_NOOP(
        "StepthroughPanel",
        "<p class='line'><b>Forward</b>: each neuron's z and a, in topological order.<br>"
        "<b>Loss</b>: how far the outputs are from the targets.<br>"
        "<b>Backward</b>: each neuron's δ = ∂L/∂z in reverse order, and from it the gradient of "
        "every incoming weight and bias.<br>"
        "<b>Update</b>: the optimizer's step, old value → new value.</p>",
    ),
    QT_TRANSLATE_NOOP(
        "StepthroughPanel",
        "<p class='muted'>Choose one training sample to see every number plugged in, or all "
        "samples for the batch gradient, then press Start. Training pauses while you step.</p>",
    ),
)


def idle_html() -> str:
    return page(*(QCoreApplication.translate("StepthroughPanel", part) for part in IDLE_PARTS))


def plain(v: float | None) -> str:
    """A number for a table cell: 4 significant digits, a true minus sign, short exponents."""
    if v is None:
        return ""
    text = f"{v:.4g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        text = f"{mantissa}e{int(exponent)}"
    return text.replace("-", "−")


def key_html(key: str) -> str:
    """A value key of a step as a symbol: "a:h1" -> a_h1, "grad:w:x1->h1" -> ∂L/∂w_x1→h1."""
    kind, rest = split_key(key)
    if kind in ("a", "z", "y"):
        return sym(kind, rest)
    if kind == "delta":
        return sym("δ", rest)
    if kind == "loss":
        return "L"
    if (ref := ParameterRef.parse_or_none(key)) is not None:
        return weight_sym(ref.src, ref.dst) if ref.is_weight else sym("b", ref.src)
    if kind in ("grad", "new"):
        inner = key_html(rest)
        return f"∂L/∂{inner}" if kind == "grad" else f"{inner}′"
    return esc(key)


def parameter_label(name: str) -> str:
    """Plain text of a parameter name for the table: "w x1→h1", "b h1"."""
    ref = ParameterRef.parse_or_none(name)
    return name if ref is None else f"{ref.kind}  {ref.label}"


# ----------------------------------------------------------------------------- table

class GradientTableModel(QAbstractTableModel):
    """Every parameter with its value, dL/dθ once the backward pass reaches it, its new value."""

    HEADERS = (
        QT_TRANSLATE_NOOP("GradientTableModel", "parameter"),
        QT_TRANSLATE_NOOP("GradientTableModel", "value"),
        "∂L/∂θ",
        QT_TRANSLATE_NOOP("GradientTableModel", "new value"),
    )

    def __init__(self, parent=None):
        super().__init__(parent)
        self.names: list[str] = []
        self.values: dict[str, float] = {}
        self.grads: dict[str, float] = {}
        self.new: dict[str, float] = {}
        self.computed: set[str] = set()
        self.used: set[str] = set()
        self._row: dict[str, int] = {}

    def set_parameters(self, names: list[str], values: dict[str, float]) -> None:
        self.beginResetModel()
        self.names = list(names)
        self._row = {n: i for i, n in enumerate(self.names)}
        self.values = dict(values)
        self.grads, self.new, self.computed, self.used = {}, {}, set(), set()
        self.endResetModel()

    def set_state(self, grads: dict[str, float], new: dict[str, float], computed: set[str],
                  used: set[str]) -> None:
        self.grads, self.new, self.computed, self.used = grads, new, computed, used
        if self.names:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self.names) - 1, len(self.HEADERS) - 1))

    def row_of(self, name: str) -> int:
        return self._row.get(name, -1)

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802, B008  (Qt override)
        return 0 if parent.isValid() else len(self.names)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.tr(self.HEADERS[section])
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        name = self.names[index.row()]
        col = index.column()
        value = (None, self.values.get(name), self.grads.get(name), self.new.get(name))[col]
        if role == Qt.ItemDataRole.DisplayRole:
            return parameter_label(name) if col == 0 else plain(value)
        if role == Qt.ItemDataRole.ToolTipRole:
            return name if col == 0 else (None if value is None else repr(value))
        if role == Qt.ItemDataRole.TextAlignmentRole and col > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole:
            if name in self.computed:
                return QColor(COMPUTED_BG)
            if name in self.used:
                return QColor(USED_BG)
        return None


# ----------------------------------------------------------------------------- highlights

def neuron_of(key: str) -> str | None:
    """The neuron a value key belongs to (a bias's neuron too), else None."""
    kind, rest = split_key(key)
    if kind in ("a", "z", "y", "delta", "b"):
        return rest
    if kind in ("grad", "new") and (ref := ParameterRef.parse_or_none(rest)) and ref.is_bias:
        return ref.src
    return None


def connection_of(key: str) -> str | None:
    """The weight a value key belongs to, else None."""
    kind, rest = split_key(key)
    if kind == "w":
        return key
    if kind in ("grad", "new") and kind_of(rest) == WEIGHT:
        return rest
    return None


@dataclass(frozen=True, eq=False)
class PausedState:
    """The run where training paused: its parameters, optimizer state and step count."""

    network: Network
    optimizer_state: dict
    step: int

    def fits(self, problem: Problem) -> bool:
        """Whether the run trains the problem's network (same parameters)."""
        values = self.network.parameter_values()
        return set(values) == set(problem.compiled.parameter_names)


@dataclass(frozen=True, eq=False)
class StepsResult:
    """A computed step-through and the problem it was computed on."""

    problem: Problem
    steps: StepThrough
    step_count: int | None  # training step the parameters are from


def highlight_at(steps: StepThrough, index: int) -> Highlight:
    """The drawing's marks after step `index`: values so far, what it computes and reads."""
    step = steps[index]
    h = Highlight()
    batch = steps.n_samples > 1
    # One line per neuron: z and a while going forward, δ once the backward pass is there.
    labels: dict[str, str] = {}
    for s in steps.steps[:index + 1]:
        nid = s.target
        if s.kind == "forward":
            a = f"{'ā' if batch else 'a'} = {num(s.values[f'a:{nid}'])}"
            labels[nid] = a if f"z:{nid}" not in s.values else \
                f"{'z̄' if batch else 'z'} = {num(s.values[f'z:{nid}'])}, {a}"
        elif s.kind == "backward":
            labels[nid] = f"{'Σδ' if batch else 'δ'} = {num(s.values[f'delta:{nid}'])}"
    h.labels = labels
    for key in step.computes:
        if (n := neuron_of(key)) is not None:
            h.computed_neurons.add(n)
        if (c := connection_of(key)) is not None:
            h.computed_connections.add(c)
    for key in step.uses:
        if (n := neuron_of(key)) is not None:
            h.used_neurons.add(n)
        if (c := connection_of(key)) is not None:
            h.used_connections.add(c)
    if step.kind == "loss":
        h.loss_label = f"L = {num(step.values['loss'])}"
    elif index > steps.first("loss") >= 0:
        h.loss_label = f"L = {num(steps[steps.first('loss')].values['loss'])}"
    if step.kind == "update":
        name = step.target
        i = steps.compiled.index[name]
        change = f"{num(steps.theta[i])} → {num(step.values[f'new:{name}'])}"
        ref = ParameterRef.parse(name, steps.compiled.activation)
        if ref.is_weight:
            h.connection_labels[name] = change
        else:
            nid = ref.src
            h.labels[nid] = h.labels.get(nid, "") + f"<br>b: {change}"
    return h


def table_state(steps: StepThrough, index: int) -> tuple[dict, dict, set[str], set[str]]:
    """(gradients filled, new values, parameters computed, parameters used) after a step."""
    step = steps[index]
    grads = steps.table_at(index)
    new = {}
    for s in steps.steps[:index + 1]:
        if s.kind == "update":
            new[s.target] = s.values[f"new:{s.target}"]
    computed = {split_key(k)[1] for k in step.computes if split_key(k)[0] in ("grad", "new")}
    used = {k for k in step.uses if split_key(k)[0] in ("w", "b")}
    used |= {split_key(k)[1] for k in step.uses if split_key(k)[0] == "grad"}
    return grads, new, computed, used


def step_html(steps: StepThrough, index: int, problem: Problem) -> str:
    """The panel's page for one step: where we are, the formula with numbers, what it read."""
    step = steps[index]
    kind_count = sum(1 for s in steps if s.kind == step.kind)
    kind_index = sum(1 for s in steps.steps[:index + 1] if s.kind == step.kind)
    where = QCoreApplication.translate(
        "StepthroughPanel", "{phase} {kind_index} of {kind_count} · step {index} of {steps}"
    ).format(
        phase=QCoreApplication.translate("StepthroughPanel", PHASE_TITLES[step.kind]),
        kind_index=kind_index,
        kind_count=kind_count,
        index=index + 1,
        steps=len(steps),
    )
    parts = [f"<h2>{esc(step.title)}</h2>",
             f'<p class="muted">{where} · {problem.sample_html(steps.sample)}</p>']
    parts += [f'<p class="line big">{line}</p>' for line in step_formula(step).split("<br>")]
    if step.note:
        parts.append(
            QCoreApplication.translate("StepthroughPanel", '<p class="muted">({note})</p>').format(
                note=esc(step.note)
            )
        )
    computes = ", ".join(key_html(k) for k in step.computes)
    uses = ", ".join(key_html(k) for k in step.uses)
    parts.append(
        QCoreApplication.translate(
            "StepthroughPanel",
            '<p style="margin-top:8px"><span style="color:{COMPUTED}">■</span> '
            "computes {computes}</p>",
        ).format(COMPUTED=COMPUTED, computes=computes)
    )
    if uses:
        parts.append(
            QCoreApplication.translate(
                "StepthroughPanel", '<p><span style="color:{USED}">■</span> from {uses}</p>'
            ).format(USED=USED, uses=uses)
        )
    return page(*parts)


# ----------------------------------------------------------------------------- panel

class StepThroughPanel(QWidget):
    """Previous / Next / Run to end / Exit through the steps of one round of backprop."""

    started = Signal()
    exited = Signal()
    moved = Signal(int)  # index of the step now shown

    def __init__(self, source: ChainRuleSource, runner: JobRunner,
                 controller: TrainingController, highlighter: SceneHighlighter,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.source = source
        self.runner = runner
        self.controller = controller
        self.highlighter = highlighter
        self.result: StepsResult | None = None
        self.index = -1
        self.error: str | None = None
        self._build()
        self._resume_at = 0  # the step to show once the steps are laid out
        source.running_changed.connect(self._on_running)
        source.problem_changed.connect(self._on_problem)
        source.theta_changed.connect(self._on_theta)
        self.chooser.valueChanged.connect(self._on_sample)
        self._show_idle()

    # ------------------------------------------------------------------ layout
    def _build(self) -> None:
        self.chooser = SampleChooser(self)
        self.start_button = QPushButton(self.tr("Start"))
        self.start_button.setToolTip(
            self.tr("Pause training and step through one round of backprop")
        )
        self.start_button.clicked.connect(lambda: self.start())
        self.phase_buttons = QButtonGroup(self)
        self.phase_buttons.setExclusive(True)
        phases = QHBoxLayout()
        phases.setSpacing(0)
        for i, kind in enumerate(KINDS):
            b = QToolButton()
            b.setText(QCoreApplication.translate("StepthroughPanel", PHASE_TITLES[kind]))
            b.setCheckable(True)
            b.setToolTip(
                self.tr("Go to the first {phase} step").format(
                phase=QCoreApplication.translate("StepthroughPanel", PHASE_TITLES[kind]))
            )
            b.setStyleSheet("QToolButton { padding: 3px 10px; border: 1px solid #c8c8c8; "
                            "background: #fafafa; } QToolButton:checked { "
                            "background: #1f3b63; color: white; border-color: #1f3b63; }"
                            "QToolButton:disabled { color: #bbbbbb; }")
            self.phase_buttons.addButton(b, i)
            phases.addWidget(b)
        self.phase_buttons.idClicked.connect(self._go_phase)
        self.position = QLabel("")
        self.position.setStyleSheet("color: #777777;")
        # Its text grows with the step's name; it must not widen the dock (and the window).
        self.position.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.position.setMinimumWidth(40)
        self.sample_note = SampleNote(self.chooser)
        # Two rows, so a small screen's bottom dock holds them without widening the window.
        first = QHBoxLayout()
        first.addWidget(QLabel(self.tr("Numbers for")))
        first.addWidget(self.chooser)
        first.addWidget(self.start_button)
        first.addWidget(self.sample_note, 1)
        second = QHBoxLayout()
        second.addLayout(phases)
        second.addSpacing(12)
        second.addWidget(self.position, 1)
        top = QVBoxLayout()
        top.setContentsMargins(6, 4, 6, 0)
        top.setSpacing(2)
        top.addLayout(first)
        top.addLayout(second)

        self.browser = formula_browser(self)
        self.model = GradientTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(20)
        header = self.table.horizontalHeader()
        # Numbers get a fixed width that fits them; the names take the rest. (Sizing to
        # contents would scan thousands of rows on every step of a big network.)
        width = self.table.fontMetrics().horizontalAdvance("−0.0001234") + 12
        for col in range(1, len(GradientTableModel.HEADERS)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(col, width)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(False)
        self.table.setShowGrid(False)
        self.table.setMinimumWidth(300)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # "w h1_…h2_14", not "w …"
        table_box = QWidget()
        tv = QVBoxLayout(table_box)
        tv.setContentsMargins(0, 0, 0, 0)
        tv.setSpacing(2)
        caption = QLabel(self.tr("Gradient table"))
        caption.setStyleSheet("color: #1f3b63; font-weight: bold; padding-left: 4px;")
        tv.addWidget(caption)
        tv.addWidget(self.table, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.browser)
        self.splitter.addWidget(table_box)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)

        self.prev_button = QPushButton(self.tr("◀ Previous"))
        self.next_button = QPushButton(self.tr("Next ▶"))
        self.end_button = QPushButton(self.tr("Run to end"))
        self.exit_button = QPushButton(self.tr("Exit"))
        self.prev_button.clicked.connect(self.previous)
        self.next_button.clicked.connect(self.next)
        self.end_button.clicked.connect(self.run_to_end)
        self.exit_button.clicked.connect(self.exit)
        self.next_button.setDefault(True)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(6, 0, 6, 4)
        buttons.addWidget(self.prev_button)
        buttons.addWidget(self.next_button)
        buttons.addWidget(self.end_button)
        buttons.addStretch(1)
        buttons.addWidget(self.exit_button)
        for keys, slot in (("Left", self.previous), ("Right", self.next),
                           ("End", self.run_to_end), ("Escape", self.exit)):
            sc = QShortcut(QKeySequence(keys), self)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(slot)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)
        layout.addLayout(buttons)

    # ------------------------------------------------------------------ state
    @property
    def steps(self) -> StepThrough | None:
        return None if self.result is None else self.result.steps

    def is_active(self) -> bool:
        return self.result is not None

    def current(self) -> Step | None:
        steps = self.steps
        return None if steps is None or self.index < 0 else steps[self.index]

    # ------------------------------------------------------------------ commands
    def start(self, sample: int | None | bool = False) -> None:
        """Pause training and lay out the steps for the chosen sample (or `sample`)."""
        if sample is not False:
            self.chooser.blockSignals(True)  # this start is the restart a change would ask
            self.chooser.set_sample(sample)  # type: ignore[arg-type]
            self.chooser.blockSignals(False)
        if self.source.document is None:
            return
        self._clear()
        self.error = None
        self.started.emit()
        state = self._paused_state()
        source, params = self.source, self.source.parameters()
        chosen = self.chooser.sample()

        def job() -> StepsResult:
            problem = source.network_problem()
            theta, opt_state, step_count = params.resolve(problem), None, params.step
            if state is not None and state.fits(problem):
                theta = problem.compiled.parameters_of(state.network)
                opt_state, step_count = state.optimizer_state, state.step
            sample_used = chosen if chosen is None or chosen < problem.n_samples else None
            steps = StepThrough(problem.compiled, theta, problem.x, problem.y,
                                problem.optimizer(opt_state), sample_used)
            return StepsResult(problem, steps, step_count)

        self.browser.setHtml(page(self.tr("<h2>Laying out the steps…</h2>")))
        self._enable(False)
        self.runner.submit("steps", job, self._on_steps, self._on_failed, source.heavy())

    def _paused_state(self) -> PausedState | None:
        """Pause training and capture where it stopped (None without a run)."""
        self.controller.pause()
        captured = self.controller.capture_document()
        if captured is None or captured.run is None:
            return None
        return PausedState(captured.network, captured.run.optimizer_state, captured.run.step)

    def go(self, index: int) -> None:
        """Show step `index` (clamped to the steps there are)."""
        steps = self.steps
        if steps is None:
            return
        self.index = max(0, min(int(index), len(steps) - 1))
        self._show_step()
        self.moved.emit(self.index)

    @Slot()
    def next(self) -> None:
        if self.steps is not None and self.index < len(self.steps) - 1:
            self.go(self.index + 1)

    @Slot()
    def previous(self) -> None:
        if self.steps is not None and self.index > 0:
            self.go(self.index - 1)

    @Slot()
    def run_to_end(self) -> None:
        if self.steps is not None:
            self.go(len(self.steps) - 1)

    @Slot()
    def exit(self) -> None:
        """Leave the step-through: marks off the drawing, the panel back to its start page."""
        was_active = self.is_active()
        self.runner.cancel("steps")
        self._clear()
        self._show_idle()
        if was_active:
            self.exited.emit()

    def _go_phase(self, i: int) -> None:
        steps = self.steps
        if steps is not None:
            first = steps.first(KINDS[i])
            if first >= 0:
                self.go(first)
        self._sync_phase()

    # ------------------------------------------------------------------ results
    def _on_steps(self, result: StepsResult) -> None:
        if result.problem.version != self.source.version:
            return
        self.result = result
        steps = result.steps
        order = [n for s in steps if s.kind == "backward"
                 for n in (split_key(k)[1] for k in s.computes) if n in steps.compiled.index]
        seen = set(order)
        order += [n for n in steps.compiled.parameter_names if n not in seen]
        self.model.set_parameters(order, dict(zip(steps.compiled.parameter_names,
                                                  steps.theta.tolist())))
        self.chooser.set_problem(result.problem)
        at, self._resume_at = self._resume_at, 0
        self.go(at)

    def _on_failed(self, message: str) -> None:
        self.error = message
        self._clear()
        self.browser.setHtml(
            page(
                self.tr("<h2>Step through backpropagation</h2>"),
                self.tr('<p class="bad">Cannot lay out the steps: {message}</p>').format(
                    message=esc(message)
                ),
            )
        )
        self._enable(False)
        self.start_button.setEnabled(True)

    @Slot(bool)
    def _on_running(self, running: bool) -> None:
        if running and self.is_active():
            self.exit()  # training resumed: the steps describe parameters that are gone

    @Slot(int)
    def _on_sample(self, _value: int) -> None:
        """Another sample (or all of them) while stepping: the same step for it."""
        if self.is_active() and self.steps.sample != self.chooser.sample():
            self._resume_at = self.index
            self.start()

    @Slot()
    def _on_theta(self) -> None:
        """An edit changed a parameter while paused: lay the steps out again, same place."""
        snap, steps = self.source.snapshot, self.steps
        if snap is None or steps is None or snap.running or self.runner.busy("steps"):
            return
        if tuple(snap.parameter_names) != tuple(steps.compiled.parameter_names):
            return
        if not np.array_equal(snap.theta, steps.theta):
            self._resume_at = self.index
            self.start()

    @Slot()
    def _on_problem(self) -> None:
        if self.is_active() or self.runner.busy("steps"):
            self.exit()

    # ------------------------------------------------------------------ drawing
    def _clear(self) -> None:
        self.result = None
        self.index = -1
        self.highlighter.clear()
        self.model.set_parameters([], {})

    def _show_idle(self) -> None:
        self.browser.setHtml(idle_html())
        self.position.setText("")
        self._enable(False)
        self.start_button.setText(self.tr("Start"))
        self.start_button.setEnabled(True)
        self._sync_phase()

    def _enable(self, active: bool) -> None:
        for b in (self.prev_button, self.next_button, self.end_button, self.exit_button):
            b.setEnabled(active)
        for b in self.phase_buttons.buttons():
            b.setEnabled(active)
        self.exit_button.setEnabled(True)

    def _show_step(self) -> None:
        steps, result = self.steps, self.result
        assert steps is not None and result is not None
        self._enable(True)
        self.start_button.setText(self.tr("Restart"))
        for i, kind in enumerate(KINDS):
            self.phase_buttons.button(i).setEnabled(steps.first(kind) >= 0)
        self.prev_button.setEnabled(self.index > 0)
        self.next_button.setEnabled(self.index < len(steps) - 1)
        self.end_button.setEnabled(self.index < len(steps) - 1)
        self.browser.setHtml(step_html(steps, self.index, result.problem))
        grads, new, computed, used = table_state(steps, self.index)
        self.model.set_state(grads, new, computed, used)
        rows = sorted(self.model.row_of(n) for n in (computed or used))
        if rows and rows[0] >= 0:
            self.table.scrollTo(self.model.index(rows[0], 0))
        when = self.tr("the file's parameters") if result.step_count is None else \
            self.tr("paused at step {step_count:,}").format(step_count=result.step_count)
        self.position.setText(
            self.tr("step {index} / {steps} · {when}").format(
                index=self.index + 1, steps=len(steps), when=when
            )
        )
        self.highlighter.show(highlight_at(steps, self.index))
        self._sync_phase()

    def _sync_phase(self) -> None:
        step = self.current()
        group = self.phase_buttons
        group.setExclusive(False)
        for i, kind in enumerate(KINDS):
            group.button(i).setChecked(step is not None and step.kind == kind)
        group.setExclusive(True)

