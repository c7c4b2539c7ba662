"""The Jacobian form of the chain rule: ∂a(later)/∂a(earlier) as a product of level Jacobians.

A thin view over `chainrule.jacobian_chain` and `chainrule.direct_jacobian`: for
two chosen levels and one training sample it shows each consecutive level's
Jacobian diag(σ′(z))·W, their product, and the same matrix computed directly by
reverse passes over the graph, so the two can be compared entry by entry.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QCoreApplication, Signal, Slot
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from playground.engine.chainrule import (
    JacobianChain,
    JacobianFactor,
    direct_jacobian,
    jacobian_chain,
)
from playground.ui.chainrule.formula_text import check_mark, esc, formula_browser, page
from playground.ui.chainrule.jobs import JobRunner
from playground.ui.chainrule.source import ChainRuleSource, Problem, SampleChooser
from playground.workspace.formulas import num

MAX_SHOWN = 10  # rows and columns of a matrix shown before "…"
MATRIX_BG = "#eef2f7"


@dataclass(frozen=True, eq=False)
class JacobianResult:
    """A chain of level Jacobians, its product and the direct Jacobian, with their HTML."""

    problem: Problem
    sample: int
    chain: JacobianChain
    direct: np.ndarray
    html: str


def level_name(problem: Problem, lv: int) -> str:
    """A level for a menu: its index and first few neuron ids, e.g. "1: h1, h2"."""
    ids = problem.compiled.levels[lv].ids
    return f"{lv}: " + ", ".join(ids[:3]) + (", …" if len(ids) > 3 else "")


def jsym(level: int) -> str:
    return f"a<sup>({level})</sup>"


def matrix_html(m: np.ndarray, rows: tuple[str, ...], cols: tuple[str, ...]) -> str:
    """A matrix as a small table with its row and column neuron ids."""
    r_shown, c_shown = min(len(rows), MAX_SHOWN), min(len(cols), MAX_SHOWN)
    head = "<tr><td></td>" + "".join(
        f'<td align="center" class="muted"><small>{esc(c)}</small></td>'
        for c in cols[:c_shown])
    head += "<td class='muted'>…</td>" if c_shown < len(cols) else ""
    out = [f'<table cellspacing="0" cellpadding="3">{head}</tr>']
    for i in range(r_shown):
        cells = "".join(f'<td align="right" bgcolor="{MATRIX_BG}">{num(m[i, j])}</td>'
                        for j in range(c_shown))
        more = f'<td bgcolor="{MATRIX_BG}">…</td>' if c_shown < len(cols) else ""
        out.append(f'<tr><td class="muted"><small>{esc(rows[i])}</small></td>{cells}{more}'
                   "</tr>")
    if r_shown < len(rows):
        out.append(
            QCoreApplication.translate(
                "JacobianView",
                "<tr><td></td><td colspan='{c_shown}' class='muted'>… {count} more rows</td></tr>",
            ).format(c_shown=c_shown, count=len(rows) - r_shown)
        )
    out.append("</table>")
    return "".join(out)


def _factor_html(problem: Problem, f: JacobianFactor) -> str:
    levels = problem.compiled.levels
    new = set(levels[f.level].ids)
    carried = [r for r in f.rows if r not in new]
    how = QCoreApplication.translate(
        "JacobianView",
        "diag(σ′(z<sup>({level})</sup>)) · W<sup>({level})</sup>: row j, "
        "column i is σ′(z<sub>j</sub>)·w<sub>i→j</sub>",
    ).format(level=f.level)
    if carried:
        how += QCoreApplication.translate(
            "JacobianView",
            "; identity rows carry {names} past this level (a later level still "
            "reads them: a skip connection)",
        ).format(names=esc(", ".join(carried)))
    previous = tuple(levels[f.level - 1].ids) if f.level > 0 else ()
    if not carried and f.columns == previous:
        what = f"∂{jsym(f.level)} / ∂{jsym(f.level - 1)}"
    else:
        what = QCoreApplication.translate(
            "JacobianView", "∂(state after level {level}) / ∂(state before)"
        ).format(level=f.level)
    return (f"<p><b>J<sub>{f.level}</sub></b> = {what} · {len(f.rows)}×{len(f.columns)}<br>"
            f'<span class="muted">{how}</span></p>' + matrix_html(f.matrix, f.rows, f.columns))


def jacobian_html(problem: Problem, chain: JacobianChain, direct: np.ndarray) -> str:
    """The Jacobian view's page."""
    c = problem.compiled
    fl, tl = chain.from_level, chain.to_level
    rows, cols = tuple(c.levels[tl].ids), tuple(c.levels[fl].ids)
    parts = [
        QCoreApplication.translate(
            "JacobianView", "<h2>∂{tl} / ∂{fl} at sample {sample}</h2>"
        ).format(tl=jsym(tl), fl=jsym(fl), sample=chain.sample),
        f'<p class="muted">{problem.sample_html(chain.sample)}</p>',
        QCoreApplication.translate(
            "JacobianView",
            '<p class="muted">Nudge the activations of level {fl}, recompute every '
            "later level (earlier ones held fixed): how does level {tl} move? The "
            "chain rule says: multiply one Jacobian per level in between.</p>",
        ).format(fl=fl, tl=tl),
    ]
    if not chain.factors:
        parts.append(
            QCoreApplication.translate("JacobianView", "<p>The same level: the identity.</p>")
        )
        parts.append(matrix_html(chain.product, rows, cols))
        return page(*parts)
    parts.append(QCoreApplication.translate("JacobianView", "<h3>One Jacobian per level</h3>"))
    parts += [_factor_html(problem, f) for f in chain.factors]
    names = " · ".join(f"J<sub>{f.level}</sub>" for f in reversed(chain.factors))
    shapes = "".join(f"({len(f.rows)}×{len(f.columns)})" for f in reversed(chain.factors))
    parts.append(
        QCoreApplication.translate("JacobianView", "<h3>Their product (the chain rule)</h3>")
    )
    parts.append(f"<p>∂{jsym(tl)}/∂{jsym(fl)} = {names} &nbsp; "
                 f'<span class="muted">shapes {shapes} = ({len(rows)}×{len(cols)})</span></p>')
    parts.append(matrix_html(chain.product, rows, cols))
    parts.append(
        QCoreApplication.translate("JacobianView", "<h3>Directly, by backpropagation</h3>")
    )
    parts.append(
        QCoreApplication.translate(
            "JacobianView",
            '<p class="muted">One reverse pass over the graph per row, seeded with '
            "a unit vector at {tl}, reading the gradient that reaches {fl}.</p>",
        ).format(tl=jsym(tl), fl=jsym(fl))
    )
    parts.append(matrix_html(direct, rows, cols))
    diff = float(np.max(np.abs(chain.product - direct), initial=0.0))
    scale = float(np.max(np.abs(direct), initial=0.0))
    parts.append(
        QCoreApplication.translate(
            "JacobianView", "<p>largest |difference| {diff} &nbsp; {check_mark}</p>"
        ).format(
            diff=num(diff),
            check_mark=check_mark(
                scale + diff, scale, QCoreApplication.translate("JacobianView", "the product")
            ),
        )
    )
    return page(*parts)


def compute(problem: Problem, theta: np.ndarray, sample: int, from_level: int | None,
            to_level: int | None) -> JacobianResult:
    """Trace the sample at `theta` and build both Jacobians (any thread)."""
    count = len(problem.compiled.levels)
    fl = 0 if from_level is None or from_level >= count else from_level
    tl = count - 1 if to_level is None or to_level >= count else to_level
    fl = min(fl, tl)
    sample = sample if 0 <= sample < problem.n_samples else 0
    xs, ys = problem.x[sample:sample + 1], problem.y[sample:sample + 1]
    trace = problem.compiled.trace(theta, xs, ys)
    chain = jacobian_chain(problem.compiled, trace, 0, fl, tl)
    direct = direct_jacobian(problem.compiled, trace, 0, fl, tl)
    chain = JacobianChain(chain.from_level, chain.to_level, sample, chain.factors, chain.product)
    return JacobianResult(problem, sample, chain, direct, jacobian_html(problem, chain, direct))


class JacobianView(QWidget):
    """Choose a sample and two levels; see the level Jacobians, their product, the direct one."""

    updated = Signal()

    def __init__(self, source: ChainRuleSource, runner: JobRunner,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.source = source
        self.runner = runner
        self.result: JacobianResult | None = None
        self.error: str | None = None
        self._dirty = True
        self._levels_of: int = -1  # version the level menus were filled for
        self._pending_levels: tuple[int, int] | None = None
        self.chooser = SampleChooser(self, allow_all=False)
        self.from_box = QComboBox()
        self.to_box = QComboBox()
        for box in (self.from_box, self.to_box):
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            box.currentIndexChanged.connect(lambda _: self.refresh())
        self.chooser.valueChanged.connect(lambda _: self.refresh())
        self.browser = formula_browser(self)
        top = QHBoxLayout()
        top.setContentsMargins(6, 4, 6, 0)
        top.addWidget(QLabel(self.tr("Sample")))
        top.addWidget(self.chooser)
        top.addSpacing(8)
        top.addWidget(QLabel(self.tr("from level")))
        top.addWidget(self.from_box)
        top.addWidget(QLabel(self.tr("to level")))
        top.addWidget(self.to_box)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addWidget(self.browser, 1)
        source.problem_changed.connect(self.refresh)
        source.theta_changed.connect(self.refresh)

    def set_levels(self, from_level: int, to_level: int) -> None:
        """Choose the two levels (as indices into the compiled network's levels)."""
        self._pending_levels = (from_level, to_level)
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        if not self.isVisible():
            self._dirty = True
            return
        self._dirty = False
        if self.source.document is None:
            return
        source, params = self.source, self.source.parameters()
        sample = self.chooser.value()
        pending = self._pending_levels
        same = self._levels_of == source.version
        fl = self.from_box.currentIndex() if same else None
        tl = self.to_box.currentIndex() if same else None
        if pending is not None:
            fl, tl = pending

        def job() -> JacobianResult:
            problem = source.network_problem()
            return compute(problem, params.resolve(problem), sample, fl, tl)

        self.runner.submit("jacobian", job, self._show, self._fail, source.heavy())

    def _show(self, result: JacobianResult) -> None:
        if result.problem.version != self.source.version:
            return
        self._pending_levels = None
        self.result = result
        self.error = None
        self._fill_levels(result)
        self.chooser.blockSignals(True)
        self.chooser.set_problem(result.problem)
        self.chooser.setValue(result.sample)
        self.chooser.blockSignals(False)
        bar = self.browser.verticalScrollBar()
        at = bar.value()
        self.browser.setHtml(result.html)
        bar.setValue(min(at, bar.maximum()))
        self.updated.emit()

    def _fill_levels(self, result: JacobianResult) -> None:
        problem = result.problem
        names = [level_name(problem, lv) for lv in range(len(problem.compiled.levels))]
        for box, lv in ((self.from_box, result.chain.from_level),
                        (self.to_box, result.chain.to_level)):
            box.blockSignals(True)
            if [box.itemText(i) for i in range(box.count())] != names:
                box.clear()
                box.addItems(names)
            box.setCurrentIndex(lv)
            box.blockSignals(False)
        self._levels_of = problem.version

    def _fail(self, message: str) -> None:
        self.error = message
        self.result = None
        self.browser.setHtml(
            page(
                self.tr("<h2>Jacobians</h2>"),
                self.tr('<p class="bad">Cannot compute: {message}</p>').format(
                    message=esc(message)
                ),
            )
        )
        self.updated.emit()

    def showEvent(self, event) -> None:  # noqa: N802  (Qt override)
        super().showEvent(event)
        if self._dirty:
            self.refresh()
