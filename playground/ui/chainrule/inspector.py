"""The inspector: the chain rule behind the gradient of the selected connection or neuron.

A thin view over `playground.engine.chainrule`: every number is read from one
`CompiledNetwork.trace` of the window's network at the newest parameters. Select
a connection to see ∂L/∂w, its recursive form δ·a and, for small networks,
the sum over every path to the loss; select a neuron to see z, a, σ′(z) and δ.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shiboken6
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Signal, Slot
from PySide6.QtWidgets import (
    QGraphicsScene,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from playground.engine.chainrule import (
    MAX_PATHS,
    NeuronExplanation,
    Path,
    WeightExplanation,
    explain_neuron,
    explain_weight,
)
from playground.engine.parameters import ParameterRef, weight_name
from playground.ui.chainrule.formula_text import (
    SHARED_BG,
    check_mark,
    esc,
    formula_browser,
    nowrap,
    page,
    set_html_keeping_scroll,
    table,
)
from playground.ui.chainrule.jobs import JobRunner
from playground.ui.chainrule.source import ChainRuleSource, Problem, SampleChooser, SampleNote
from playground.workspace.explanations import (
    factor_formula,
    factor_label,
    neuron_formulas,
    short_symbol,
    weight_formula,
)
from playground.workspace.formulas import num, operand, sym, weight_sym

MAX_SAMPLE_ROWS = 12  # per-sample rows listed for a batch before "… and n more"

# The page shown while nothing is selected; its parts translated when shown.
HINT_PARTS = (
    QT_TRANSLATE_NOOP("Inspector", "<h2>Inspector</h2>"),
    QT_TRANSLATE_NOOP(
        "Inspector",
        "<p>Select a <b>connection</b> in the Network view to see how backpropagation computes "
        "its gradient ∂L/∂w by the chain rule: the recursive form δ·a, and for small "
        "networks every path from the weight to the loss as a product of local derivatives.</p>",
    ),
    QT_TRANSLATE_NOOP(
        "Inspector", "<p>Select a <b>neuron</b> to see its z, a, σ′(z) and δ = ∂L/∂z.</p>"
    ),
    QT_TRANSLATE_NOOP(
        "Inspector",
        '<p class="muted">Choose one training sample above to see every number plugged in, or '
        "all samples for the batch the gradient is taken over.</p>",
    ),
)


def hint_html() -> str:
    return page(*(QCoreApplication.translate("Inspector", part) for part in HINT_PARTS))


@dataclass(frozen=True)
class Target:
    """What the inspector explains: a connection (src, dst) or a neuron (src only)."""

    kind: str  # "connection" | "neuron"
    src: str
    dst: str = ""

    @property
    def name(self) -> str:
        return weight_name(self.src, self.dst) if self.kind == "connection" else self.src


@dataclass(frozen=True, eq=False)
class InspectorResult:
    """One explanation and its HTML, for the problem and parameters it was made from."""

    problem: Problem
    target: Target | None
    sample: int | None
    explanation: WeightExplanation | NeuronExplanation | None
    html: str


def target_of_item(item) -> Target | None:
    """The target a scene item stands for (a neuron or connection item), else None."""
    nid = getattr(item, "neuron_id", None)
    if isinstance(nid, str):
        return Target("neuron", nid)
    source, target = getattr(item, "source", None), getattr(item, "target", None)
    src, dst = getattr(source, "neuron_id", None), getattr(target, "neuron_id", None)
    if isinstance(src, str) and isinstance(dst, str):
        return Target("connection", src, dst)
    ref = ParameterRef.parse_or_none(getattr(item, "parameter", None))
    if ref is not None and ref.is_weight:
        return Target("connection", ref.src, ref.dst)
    return None


# ----------------------------------------------------------------------------- HTML

def _when(step: int | None) -> str:
    return (
        QCoreApplication.translate("Inspector", "the file's parameters")
        if step is None
        else QCoreApplication.translate("Inspector", "parameters at step {step:,}").format(
            step=step
        )
    )


def weight_html(problem: Problem, ex: WeightExplanation, step: int | None) -> str:
    """The inspector's page for a connection."""
    w = weight_sym(ex.src, ex.dst)
    parts = [
        QCoreApplication.translate("Inspector", "<h2>Connection {src} → {dst}</h2>").format(
            src=esc(ex.src), dst=esc(ex.dst)
        ),
        f'<p class="muted">{esc(ex.parameter)} · {_when(step)} · '
        f"{problem.sample_html(ex.sample)}</p>",
    ]
    rows = [
        [
            w,
            f'<span class="value big">{num(ex.weight)}</span>',
            QCoreApplication.translate("Inspector", "the weight"),
        ],
        [
            f"∂L/∂{w}",
            f'<span class="value big">{num(ex.gradient)}</span>',
            (QCoreApplication.translate("Inspector", "over the 1 training sample (what gradient "
                                        "descent uses)") if ex.n_samples == 1 else
             QCoreApplication.translate("Inspector", "over all {n} training samples (what "
                                        "gradient descent uses)").format(n=ex.n_samples)),
        ],
    ]
    if ex.sample is not None:
        rows.append(
            [
                f"{sym('δ', ex.dst)}·{sym('a', ex.src)}",
                f'<span class="value">{num(ex.contribution)}</span>',
                QCoreApplication.translate(
                    "Inspector", "sample {sample}'s share of ∂L/∂{w}"
                ).format(sample=ex.sample, w=w),
            ]
        )
    parts.append(table(rows, align=["left", "right", "left"]))
    parts.append(
        QCoreApplication.translate(
            "Inspector", "<h3>The chain rule, recursively (what backprop computes)</h3>"
        )
    )
    parts += [f'<p class="line">{line}</p>' for line in weight_formula(ex).split("<br>")]
    if ex.sample is None and ex.n_samples > 1:
        parts.append(_per_sample(ex))
    parts.append(_paths(ex))
    if ex.paths:
        parts.append(_factors(ex))
    return page(*parts)


def _per_sample(ex: WeightExplanation) -> str:
    d, a = sym("δ", ex.dst), sym("a", ex.src)
    rows = []
    shown = min(ex.n_samples, MAX_SAMPLE_ROWS)
    for s in range(shown):
        rows.append([str(s), num(ex.delta_dst[s]), num(ex.a_src[s]),
                     num(ex.delta_dst[s] * ex.a_src[s])])
    if ex.n_samples > shown:
        rest = float(np.sum(ex.delta_dst[shown:] * ex.a_src[shown:]))
        rows.append(
            [
                "…",
                "",
                "",
                QCoreApplication.translate(
                    "Inspector", "{rest} <span class='muted'>(the other {count})</span>"
                ).format(rest=num(rest), count=ex.n_samples - shown),
            ]
        )
    rows.append(["<b>Σ</b>", "", "", f"<b>{num(ex.contribution)}</b>"])
    return QCoreApplication.translate("Inspector", "<h3>One term per sample</h3>") + table(
        rows,
        [QCoreApplication.translate("Inspector", "sample"), d, a, f"{d}·{a}"],
        ["left", "right", "right", "right"],
    )


def _route(ex: WeightExplanation, path: Path) -> str:
    return " → ".join(esc(n) for n in (ex.src,) + path.neurons)


def _paths(ex: WeightExplanation) -> str:
    title = QCoreApplication.translate(
        "Inspector", "<h3>Every path from {src} to the loss ({n_paths})</h3>"
    ).format(src=weight_sym(ex.src, ex.dst), n_paths=ex.n_paths)
    if ex.paths is None:
        return title + QCoreApplication.translate(
            "Inspector",
            '<p class="muted">{n_paths} paths lead from this weight to the loss: '
            "too many to list (more than {MAX_PATHS}). The recursive form above "
            "sums them without listing them: each δ is computed once and reused by "
            "every path through its neuron.</p>",
        ).format(n_paths=ex.n_paths, MAX_PATHS=MAX_PATHS)
    if not ex.paths:
        return title + QCoreApplication.translate(
            "Inspector", '<p class="muted">No path reaches the loss: ∂L/∂w is 0.</p>'
        )
    one = ex.sample is not None
    shared = set(ex.shared_factors)
    width = 2 * max(len(p.factors) for p in ex.paths) + 1  # factors, dots, "=" and total
    rows = []
    for p in ex.paths:
        syms, vals = [], []
        for i, f in enumerate(p.factors):
            bg = f' bgcolor="{SHARED_BG}"' if f.key in shared else ""
            if i:
                syms.append("<td>·</td>")
                vals.append("<td>·</td>")
            syms.append(f'<td align="center"{bg}>{nowrap(short_symbol(f))}</td>')
            vals.append(f'<td align="center"{bg}>{nowrap(operand(f.values[0]))}</td>')
        pad = "<td></td>" * (width - len(syms) - 1)
        total = f'<td align="right"><b>{nowrap(num(p.total))}</b></td>'
        rows.append(
            f'<tr><td colspan="{width + 1}" class="muted" style="padding-top:6px">'
            + QCoreApplication.translate("Inspector", "path {route}").format(route=_route(ex, p))
            + "</td></tr>"
        )
        if one:
            rows.append(f"<tr>{''.join(syms)}{pad}<td></td><td></td></tr>")
            rows.append(f"<tr>{''.join(vals)}{pad}<td>=</td>{total}</tr>")
        else:
            rows.append(f"<tr>{''.join(syms)}{pad}<td>{nowrap('Σ<sub>s</sub> =')}</td>{total}</tr>")
    path_sum = float(sum(p.total for p in ex.paths))
    w = weight_sym(ex.src, ex.dst)
    what = (f"{sym('δ', ex.dst)}·{sym('a', ex.src)}" if one
            else f"Σ<sub>s</sub> {sym('δ', ex.dst)}·{sym('a', ex.src)}")
    head = (
        QCoreApplication.translate(
            "Inspector",
            '<p class="muted">Each path multiplies the local derivatives along it, from the '
            "loss back to the weight",
        )
        + (
            ""
            if one
            else QCoreApplication.translate(
                "Inspector", "; for the batch each product is summed over the samples s"
            )
        )
        + ".</p>"
    )
    body = '<table cellspacing="0" cellpadding="3">' + "".join(rows) + "</table>"
    n = len(ex.paths)
    total = '<p class="line">' + (
        QCoreApplication.translate("Inspector", "Σ over the 1 path = <b>{sum}</b> &nbsp; {check}")
        if n == 1
        else QCoreApplication.translate(
            "Inspector", "Σ over the {n} paths = <b>{sum}</b> &nbsp; {check}"
        )
    ).format(n=n, sum=num(path_sum), check=check_mark(path_sum, ex.contribution, what))
    if not one:
        if ex.penalty:
            total += QCoreApplication.translate(
                "Inspector", "<br>plus the penalty's {penalty} = {num} &nbsp; {check_mark}"
            ).format(
                penalty=num(ex.penalty),
                num=num(path_sum + ex.penalty),
                check_mark=check_mark(path_sum + ex.penalty, ex.gradient, f"∂L/∂{w}"),
            )
        else:
            total += f" &nbsp; {check_mark(path_sum, ex.gradient, f'∂L/∂{w}')}"
    total += "</p>"
    note = ""
    if shared:
        note = QCoreApplication.translate(
            "Inspector",
            '<p class="muted"><span '
            'style="background-color:{SHARED_BG}">&nbsp;Shaded&nbsp;</span> '
            "factors are shared by several paths: backpropagation computes them "
            "once (inside the δ of a later neuron) and reuses them.</p>",
        ).format(SHARED_BG=SHARED_BG)
    return title + head + body + total + note


def _factors(ex: WeightExplanation) -> str:
    one = ex.sample is not None
    rows = [[nowrap(factor_label(f)), factor_formula(f), num(f.value)]
            for f in ex.factors.values()]
    return QCoreApplication.translate("Inspector", "<h3>The local derivatives</h3>") + table(
        rows,
        [
            QCoreApplication.translate("Inspector", "factor"),
            QCoreApplication.translate("Inspector", "equals"),
            QCoreApplication.translate("Inspector", "value")
            if one
            else QCoreApplication.translate("Inspector", "mean"),
        ],
        ["left", "left", "right"],
    )


def neuron_html(problem: Problem, ex: NeuronExplanation, step: int | None) -> str:
    """The inspector's page for a neuron."""
    nid = ex.neuron
    head = f"{ex.role}, {ex.activation}"
    if ex.bias is not None:
        head += QCoreApplication.translate("Inspector", ", bias {bias}").format(bias=num(ex.bias))
    parts = [QCoreApplication.translate("Inspector", "<h2>Neuron {nid}</h2>").format(nid=esc(nid)),
             f'<p class="muted">{esc(head)} · {_when(step)} · '
             f"{problem.sample_html(ex.sample)}</p>"]
    if ex.sample is None and problem.n_samples > 1:
        parts.append(
            QCoreApplication.translate(
                "Inspector",
                '<p class="muted">Values are means over the {n_samples} samples; Σδ is a sum.</p>',
            ).format(n_samples=problem.n_samples)
        )
    f = neuron_formulas(ex)
    zs, as_ = sym("z", nid), sym("a", nid)
    if ex.role == "input":
        rows = [[f"{zs} = {as_}", f["z"], num(ex.a)],
                ["δ", f["delta"], "—"]]
        parts.append(
            table(
                rows,
                [
                    QCoreApplication.translate("Inspector", "quantity"),
                    QCoreApplication.translate("Inspector", "how"),
                    QCoreApplication.translate("Inspector", "value"),
                ],
                ["left", "left", "right"],
            )
        )
        return page(*parts)
    z_how = f["z"]
    numbers = [f"{operand(w)}·{operand(a)}" for _, w, a in ex.incoming]
    if ex.bias is not None:
        numbers.append(operand(ex.bias))
    if numbers:
        z_how += f"<br>= {' + '.join(numbers)}"
    succ = " + ".join(f"{weight_sym(nid, t.neuron)}{sym('δ', t.neuron)}" for t in ex.successors)
    da_how = (
        QCoreApplication.translate("Inspector", "the loss's own factor")
        if ex.role == "output"
        else f"Σ<sub>k</sub> w<sub>{esc(nid)}k</sub> δ<sub>k</sub> = {succ}"
        if succ
        else QCoreApplication.translate("Inspector", "no path to the loss")
    )
    rows = [[zs, z_how, num(ex.z)],
            [as_, f["a"], num(ex.a)],
            [f"σ′({zs})", f["slope"], num(ex.slope)],
            [f"∂L/∂{as_}", da_how, num(ex.dloss_da)],
            [f"δ<sub>{esc(nid)}</sub> = ∂L/∂{zs}", f["delta"], f"<b>{num(ex.delta)}</b>"]]
    if ex.bias is not None:
        rows.append([f"∂L/∂{sym('b', nid)}", f"Σ<sub>samples</sub> {sym('δ', nid)}",
                     f"<b>{num(ex.delta_sum)}</b>"])
    parts.append(
        table(
            rows,
            [
                QCoreApplication.translate("Inspector", "quantity"),
                QCoreApplication.translate("Inspector", "how"),
                QCoreApplication.translate("Inspector", "value"),
            ],
            ["left", "left", "right"],
        )
    )
    if ex.successors:
        rows = [[esc(t.neuron), num(t.weight), num(float(np.mean(t.delta)))]
                for t in ex.successors]
        parts.append(
            QCoreApplication.translate("Inspector", "<h3>What δ reads: the neurons it feeds</h3>")
            + table(
                rows, ["k", f"{weight_sym(nid, 'k')}", "δ<sub>k</sub>"], ["left", "right", "right"]
            )
        )
    return page(*parts)


def explain(problem: Problem, theta: np.ndarray, target: Target | None, sample: int | None,
            step: int | None) -> InspectorResult:
    """Trace the network on the training data at `theta` and explain `target` (any thread)."""
    if sample is not None and sample >= problem.n_samples:
        sample = None
    if target is None:
        return InspectorResult(problem, None, sample, None, hint_html())
    c = problem.compiled
    missing = [n for n in (target.src, target.dst) if n and n not in c.position]
    if missing or (target.kind == "connection" and target.name not in c.index):
        what = (
            QCoreApplication.translate("Inspector", "connection")
            if target.kind == "connection"
            else QCoreApplication.translate("Inspector", "neuron")
        )
        gone = page(
            QCoreApplication.translate(
                "Inspector",
                "<h2>Inspector</h2><p>The {what} {name} is no longer in the network. "
                "Select another connection or neuron.</p>",
            ).format(what=what, name=esc(target.name))
        )
        return InspectorResult(problem, target, sample, None, gone)
    trace = c.trace(theta, problem.x, problem.y)
    if target.kind == "connection":
        ex = explain_weight(c, trace, target.src, target.dst, sample)
        return InspectorResult(problem, target, sample, ex, weight_html(problem, ex, step))
    nex = explain_neuron(c, trace, target.src, sample)
    return InspectorResult(problem, target, sample, nex, neuron_html(problem, nex, step))


# ----------------------------------------------------------------------------- widget

class Inspector(QWidget):
    """The inspector panel: a sample chooser over the explanation of the selected item."""

    target_changed = Signal(object)  # Target or None
    updated = Signal()  # a new explanation is shown

    def __init__(self, source: ChainRuleSource, runner: JobRunner,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.source = source
        self.runner = runner
        self.target: Target | None = None
        self.result: InspectorResult | None = None
        self.error: str | None = None
        self._dirty = True
        self._scene: QGraphicsScene | None = None
        self._selected: set[Target] = set()
        self.chooser = SampleChooser(self)
        self.status = QLabel("")
        self.status.setStyleSheet("color: #777777;")
        self.browser = formula_browser(self)
        self.browser.setHtml(hint_html())
        top = QHBoxLayout()
        top.setContentsMargins(6, 4, 6, 0)
        top.addWidget(QLabel(self.tr("Numbers for")))
        top.addWidget(self.chooser)
        top.addStretch(1)
        top.addWidget(self.status)
        self.sample_note = SampleNote(self.chooser)
        self.sample_note.setContentsMargins(6, 0, 6, 0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addWidget(self.sample_note)
        layout.addWidget(self.browser, 1)
        self.chooser.valueChanged.connect(lambda _: self.refresh())
        source.problem_changed.connect(self._on_problem)
        source.theta_changed.connect(self.refresh)
        source.running_changed.connect(lambda _: self._show_status())

    # ------------------------------------------------------------------ targets
    @property
    def explanation(self) -> WeightExplanation | NeuronExplanation | None:
        return None if self.result is None else self.result.explanation

    def html(self) -> str:
        return self.browser.toHtml()

    def text(self) -> str:
        """What the inspector shows, as plain text."""
        return self.browser.plain_text()

    def inspect(self, target: Target | None) -> None:
        """Explain `target` (None: the hint) for the chosen sample."""
        self._dirty = True
        if target != self.target:
            self.target = target
            self.target_changed.emit(target)  # may show the dock, which refreshes
        if self._dirty:
            self.refresh()

    def inspect_connection(self, src: str, dst: str) -> None:
        self.inspect(Target("connection", src, dst))

    def set_sample(self, sample: int | None) -> None:
        self.chooser.set_sample(sample)

    def follow_scene(self, scene: QGraphicsScene) -> None:
        """Inspect whatever is selected in `scene` (the network view's)."""
        if self._scene is not None:
            self._scene.selectionChanged.disconnect(self._on_selection)
        self._scene = scene
        scene.selectionChanged.connect(self._on_selection)

    @Slot()
    def _on_selection(self) -> None:
        scene = self._scene
        if scene is None or not shiboken6.isValid(scene):
            return  # the window is being torn down
        selected = {t for t in (target_of_item(i) for i in scene.selectedItems()) if t}
        added = selected - self._selected
        self._selected = selected
        if len(added) == 1:
            self.inspect(next(iter(added)))
        elif added:
            self.inspect(sorted(added, key=lambda t: (t.kind != "connection", t.name))[0])
        elif not selected and self.target is not None:
            # Nothing selected, nothing explained: a stale page would read as the answer
            # for whatever the user looks at next.
            self.inspect(None)

    # ------------------------------------------------------------------ computing
    @Slot()
    def _on_problem(self) -> None:
        self._selected = set()
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        """Recompute for the current target, sample and parameters (when shown)."""
        if not self.isVisible():
            self._dirty = True
            return
        self._dirty = False
        if self.source.document is None:
            return
        source, params = self.source, self.source.parameters()
        target, sample = self.target, self.chooser.sample()

        def job() -> InspectorResult:
            problem = source.network_problem()
            return explain(problem, params.resolve(problem), target, sample, params.step)

        self.runner.submit("inspector", job, self._show, self._fail, source.heavy())
        self._show_status()

    def _show(self, result: InspectorResult) -> None:
        if result.problem.version != self.source.version:
            return
        self.result = result
        self.error = None
        self.chooser.set_problem(result.problem)
        set_html_keeping_scroll(self.browser, result.html)
        self._show_status()
        self.updated.emit()

    def _fail(self, message: str) -> None:
        self.error = message
        self.result = None
        self.browser.setHtml(
            page(
                self.tr("<h2>Inspector</h2>"),
                self.tr('<p class="bad">Cannot explain: {message}</p>').format(
                    message=esc(message)
                ),
            )
        )
        self._show_status()
        self.updated.emit()

    def _show_status(self) -> None:
        if self.runner.busy("inspector"):
            text = self.tr("computing…")
        elif self.source.running:
            text = self.tr("● live while training")
        else:
            snap = self.source.snapshot
            text = self.tr("paused") + (
                self.tr(" at step {step:,}").format(step=snap.step) if snap is not None else ""
            )
        self.status.setText(text)

    def showEvent(self, event) -> None:  # noqa: N802  (Qt override)
        super().showEvent(event)
        if self._dirty:
            self.refresh()

