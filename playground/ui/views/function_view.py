"""A function document in the Network dock: its text, its computational graph, backprop on it.

The graph shows one node per operation (a subexpression used twice is one node,
drawn once) with its value and its gradient at the current point. The
step-through walks the engine's grad_table order (`engine.function_steps`):
forward node by node, then backward, each node's gradient the sum over its
uses; the paths box writes ∂f/∂x as the sum over paths. Editing the text makes
an undoable edit that restarts from the variables' start values.
"""

from __future__ import annotations

import html
import math
import time

import numpy as np
from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QKeySequence,
    QPainter,
    QPainterPath,
    QPen,
    QShortcut,
    QUndoCommand,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QComboBox,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from playground.engine.expression import ExpressionError
from playground.engine.function import CompiledFunction, Constant, FunctionModel, parse_at
from playground.engine.function_steps import FunctionGraph, function_steps, gradient_paths
from playground.engine.optimizers import make_optimizer
from playground.io.document import Document
from playground.ui import style
from playground.ui.training.worker import Snapshot, TrainingController

NODE_W, NODE_H = 96.0, 46.0
GAP_X, GAP_Y = 30.0, 16.0
# 8-pt node text stays about 8 px high: below that a learner cannot read the numbers a
# lesson asks for (at 0.4 they were 4 px in the 1024x700 window); the graph scrolls instead.
MIN_SCALE = 0.75
REDRAW_SECONDS = 0.2  # while training, refresh the numbers five times a second
NOW = "#ffe066"  # the node the current step computes
READ = "#cfe8ff"  # the nodes it reads
VARIABLE = "#eef3f8"
OUTPUT = "#f6f1e7"


def graph_layout(compiled: CompiledFunction, shown: list[int]) -> dict[int, tuple[int, int]]:
    """(column, row) per node: the column is its depth from the variables."""
    depth: dict[int, int] = {}
    for i in shown:
        node = compiled.graph.nodes[i]
        ins = [j for j in node.inputs if j in depth]
        depth[i] = 1 + max((depth[j] for j in ins), default=-1)
    rows: dict[int, int] = {}
    out: dict[int, tuple[int, int]] = {}
    for i in shown:
        col = depth[i]
        out[i] = (col, rows.get(col, 0))
        rows[col] = rows.get(col, 0) + 1
    return out


class FunctionEditCommand(QUndoCommand):
    """Replace the function (its lines or its variables' start values); the run restarts."""

    def __init__(self, controller: TrainingController, before: Document, after: Document,
                 text: str):
        super().__init__(text)
        self.controller, self.before, self.after = controller, before, after

    def redo(self) -> None:
        self.controller.set_document(self.after.copy(), keep=False, mark=self.text())

    def undo(self) -> None:
        self.controller.set_document(
            self.before.copy(),
            keep=False,
            mark=QCoreApplication.translate("FunctionEditCommand", "Undo {text}").format(
                text=self.text()
            ),
        )


class GraphView(QGraphicsView):
    """The graph scaled to fit its panel (never above natural size), kept fitted on resize."""

    def fit(self) -> None:
        rect = self.scene().sceneRect() if self.scene() is not None else QRectF()
        if rect.isEmpty():
            return
        self.resetTransform()
        sx = self.viewport().width() / rect.width()
        sy = self.viewport().height() / rect.height()
        # Fit a small graph; a long one stays readable and scrolls.
        scale = max(MIN_SCALE, min(1.0, sx, sy))
        self.scale(scale, scale)
        self.centerOn(rect.center())

    resized = Signal()

    def resizeEvent(self, event) -> None:  # noqa: N802  (Qt override)
        super().resizeEvent(event)
        self.fit()
        self.resized.emit()


class FunctionPanel(QWidget):
    """Edit a function and watch backprop run over its computational graph."""

    def __init__(self, controller: TrainingController, undo_stack: QUndoStack,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.controller = controller
        self.undo_stack = undo_stack
        self.document: Document | None = None
        self.compiled: CompiledFunction | None = None
        self.theta: np.ndarray | None = None
        self.graph: FunctionGraph | None = None
        self.steps: list = []
        self.index = -1
        self.items: dict[int, tuple[QGraphicsRectItem, QGraphicsSimpleTextItem]] = {}
        self._down = False  # levels run top to bottom (else left to right)
        self._metrics = QFontMetricsF(QFont(style.FONT_FAMILY, 8))
        self._drawn_at = -1e9
        self._lr = math.nan  # the rate the update step was written with
        self._build()
        controller.document_changed.connect(self.set_document)
        controller.snapshot.connect(self.show_snapshot)
        if controller.document is not None:
            self.set_document(controller.document)

    # ------------------------------------------------------------------ widgets
    def _build(self) -> None:
        mono = QFont("DejaVu Sans Mono")
        self.text = QPlainTextEdit()
        self.text.setFont(mono)
        self.text.setPlaceholderText("z = x*y\nf = sin(z) + z**2 + 0.1*y**2")
        self.text.setToolTip(
            self.tr(
                "One line per name; the last line is f. Numbers, the variables, "
                "earlier names, + - * / **, sin cos tan exp log sqrt abs tanh "
                "sigmoid relu softplus min max, pi, e"
            )
        )
        self.text.setMaximumHeight(self.text.fontMetrics().lineSpacing() * 4 + 12)
        self.start = QLineEdit()
        self.start.setFont(mono)
        self.start.setToolTip(self.tr("The variables (1 to 3) and where descent starts"))
        self.start.setPlaceholderText("x=-5, y=-5")
        self.apply = QPushButton(self.tr("Apply"))
        self.apply.setToolTip(self.tr("Use this function; training restarts from the start values"))
        self.error = QLabel("")
        self.error.setFont(mono)
        self.error.setStyleSheet(f"color: {style.BANNER_FG};")
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error.hide()
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("start")))
        row.addWidget(self.start, 1)
        row.addWidget(self.apply)

        self.scene = QGraphicsScene(self)
        self.view = GraphView(self.scene)
        self.view.resized.connect(self._on_view_resized)

        self.view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.view.setBackgroundBrush(QBrush(QColor(style.BACKGROUND)))

        self.back = QPushButton("◀")
        self.back.setToolTip(self.tr("Previous step"))
        self.next = QPushButton(self.tr("Step ▶"))
        self.next.setToolTip(self.tr("Next step of backprop on this graph (forward, then the "
                                     "grad_table walk backward, then the update)"))
        self.restart = QPushButton(self.tr("Restart"))
        self.where = QLabel("")
        self.formula = QLabel("")
        self.formula.setWordWrap(True)
        self.formula.setTextFormat(Qt.TextFormat.PlainText)
        self.formula.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        steps_row = QHBoxLayout()
        for w in (self.back, self.next, self.restart):
            steps_row.addWidget(w)
        steps_row.addWidget(self.where, 1)

        self.variable = QComboBox()
        self.variable.setToolTip(self.tr("Which ∂f/∂variable to write as a sum over paths"))
        self.paths = QTextBrowser()
        self.paths.setMaximumHeight(90)
        paths_row = QHBoxLayout()
        paths_row.addWidget(QLabel(self.tr("paths to f from")))
        paths_row.addWidget(self.variable, 1)

        top = QWidget()
        tv = QVBoxLayout(top)
        tv.setContentsMargins(0, 0, 0, 0)
        tv.addWidget(self.text)
        tv.addLayout(row)
        tv.addWidget(self.error)
        bottom = QWidget()
        bv = QVBoxLayout(bottom)
        bv.setContentsMargins(0, 0, 0, 0)
        bv.addLayout(steps_row)
        bv.addWidget(self.formula)
        bv.addLayout(paths_row)
        bv.addWidget(self.paths)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(top)
        split.addWidget(self.view)
        split.addWidget(bottom)
        split.setStretchFactor(0, 0)
        split.setStretchFactor(1, 3)
        split.setStretchFactor(2, 1)
        split.setSizes([110, 400, 150])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(split)

        self.apply.clicked.connect(self.apply_text)
        self.start.returnPressed.connect(self.apply_text)
        self.next.clicked.connect(lambda: self.go(self.index + 1))
        self.back.clicked.connect(lambda: self.go(self.index - 1))
        self.restart.clicked.connect(lambda: self.go(-1))
        self.variable.currentIndexChanged.connect(lambda _: self._show_paths())
        # The keys of the network's step-through, here for the function's.
        for keys, slot in (("Left", lambda: self.go(self.index - 1)),
                           ("Right", lambda: self.go(self.index + 1)),
                           ("End", lambda: self.go(len(self.steps) - 1)),
                           ("Escape", lambda: self.go(-1))):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

    # ------------------------------------------------------------------ Inspect menu
    def start_step_through(self) -> None:
        """Inspect > Step through backprop on a function: training pauses, the walk starts
        at its first step (Right / Left step, End jumps to the update, Escape leaves)."""
        self.controller.pause()
        self.go(0)
        self.next.setFocus()

    def show_inspector(self) -> None:
        """Inspect > Inspector on a function: ∂f/∂variable as the sum over paths."""
        self.go(-1)
        self.paths.setFocus()

    # ------------------------------------------------------------------ document in
    def set_document(self, document: Document) -> None:
        if not document.is_function:
            self.document = None
            self.compiled = None
            return
        self.document = document
        model = document.network
        start = document.run.start if document.run is not None and document.run.start \
            else model.variables
        self.text.setPlainText(model.text)
        self.start.setText(", ".join(f"{k}={v:g}" for k, v in start.items()))
        self.error.hide()
        try:
            self.compiled = CompiledFunction(model)
        except ExpressionError as e:
            self._show_error(str(e))
            self.compiled = None
            return
        self.variable.blockSignals(True)
        self.variable.clear()
        self.variable.addItems(self.compiled.parameter_names)
        self.variable.blockSignals(False)
        self.theta = self.compiled.parameters_of(model)
        self._rebuild()

    def show_snapshot(self, snap: Snapshot) -> None:
        if self.compiled is None or len(snap.theta) != self.compiled.n_params:
            return
        now = time.monotonic()
        if snap.running and now - self._drawn_at < REDRAW_SECONDS:
            return
        self._drawn_at = now
        # A new rate at the same point (a paused run, a lesson's set-up) changes the update
        # step's numbers: evaluate again then too.
        if self.theta is not None and np.array_equal(self.theta, snap.theta) and \
                snap.lr == self._lr:
            return
        self.theta = np.array(snap.theta, dtype=float)
        self._lr = snap.lr
        self._evaluate()

    # ------------------------------------------------------------------ editing
    def apply_text(self) -> None:
        """Parse the text and the start values; an undoable edit if they are good."""
        if self.document is None:
            return
        try:
            start = parse_at(self.start.text().replace(" ", ""))
            model = FunctionModel(self.text.toPlainText(), start)
            model.validate()
        except ExpressionError as e:
            self._show_error(str(e))
            return
        self.error.hide()
        old = self.document.network
        if model.lines == old.lines and model.variables == old.variables and \
                self.document.run is None:
            return
        model.minima = list(old.minima) if list(model.variables) == list(old.variables) \
            and model.lines == old.lines else []
        before = self.document.copy()
        after = self.document.copy()
        after.network = model
        after.run = None
        if list(model.variables) != list(old.variables):
            names = list(model.variables)
            after.view.axes = (names[0], names[1]) if len(names) >= 2 else None
            after.view.range = None
        self.undo_stack.push(FunctionEditCommand(self.controller, before, after,
                                                 self.tr("Edit the function")))

    def _show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    # ------------------------------------------------------------------ graph
    def _rebuild(self) -> None:
        self.scene.clear()
        self.items = {}
        c = self.compiled
        if c is None:
            return
        graph = FunctionGraph(c, self.theta)
        shown = [i for i in graph.shown if not isinstance(c.graph.nodes[i].op, Constant)]
        places = graph_layout(c, shown)
        self._down = self._flows_down(places)
        pen = QPen(QColor(style.MUTED), 1.4)
        for i in shown:
            for j in dict.fromkeys(c.graph.nodes[i].inputs):
                if j in places:
                    a = self._anchor(places[j], out=True)
                    b = self._anchor(places[i], out=False)
                    path = QPainterPath(a)
                    skipped = places[i][0] - places[j][0] - 1
                    if skipped > 0 and self._down:
                        # An edge over other levels bows beside their nodes.
                        side = min(a.x(), b.x()) - NODE_W / 2 - GAP_X * skipped
                        path.cubicTo(QPointF(side, a.y() + GAP_Y), QPointF(side, b.y() - GAP_Y),
                                     b)
                    elif skipped > 0:
                        lift = min(a.y(), b.y()) - NODE_H - GAP_Y * skipped
                        path.cubicTo(QPointF(a.x() + GAP_X, lift), QPointF(b.x() - GAP_X, lift),
                                     b)
                    else:
                        path.lineTo(b)
                    self.scene.addPath(path, pen)
        font = QFont(style.FONT_FAMILY, 8)
        self._metrics = QFontMetricsF(font)
        for i in shown:
            rect = QGraphicsRectItem(QRectF(0, 0, NODE_W, NODE_H))
            rect.setPos(self._corner(places[i]))
            rect.setPen(QPen(QColor(style.TEXT), 1.0))
            rect.setToolTip(graph.label(i))  # the whole expression; the box may elide it
            text = QGraphicsSimpleTextItem(rect)
            text.setFont(font)
            text.setPos(5, 3)
            self.scene.addItem(rect)
            self.items[i] = (rect, text)
        self.scene.setSceneRect(self.scene.itemsBoundingRect().adjusted(-10, -10, 10, 10))
        self.view.fit()
        self._evaluate()

    def _flows_down(self, places: dict[int, tuple[int, int]]) -> bool:
        """Levels top to bottom when that shows the graph larger in this panel's shape."""
        if not places:
            return False
        levels = 1 + max(p[0] for p in places.values())
        across = 1 + max(p[1] for p in places.values())
        wide = (levels * (NODE_W + GAP_X), across * (NODE_H + GAP_Y))
        tall = (across * (NODE_W + GAP_X), levels * (NODE_H + GAP_Y))
        vw, vh = max(self.view.viewport().width(), 1), max(self.view.viewport().height(), 1)
        return min(vw / tall[0], vh / tall[1]) > min(vw / wide[0], vh / wide[1])

    def _corner(self, place: tuple[int, int]) -> QPointF:
        level, k = place
        if self._down:
            return QPointF(k * (NODE_W + GAP_X), level * (NODE_H + GAP_Y))
        return QPointF(level * (NODE_W + GAP_X), k * (NODE_H + GAP_Y))

    def _anchor(self, place: tuple[int, int], out: bool) -> QPointF:
        """Where an edge leaves (`out`) or enters a node: its right and left side when the
        levels run across, its bottom and top when they run down."""
        corner = self._corner(place)
        if self._down:
            return QPointF(corner.x() + NODE_W / 2, corner.y() + (NODE_H if out else 0.0))
        return QPointF(corner.x() + (NODE_W if out else 0.0), corner.y() + NODE_H / 2)

    def _on_view_resized(self) -> None:
        """A panel that changed shape may show the graph larger the other way round."""
        c = self.compiled
        if c is None or not self.items:
            return
        graph = FunctionGraph(c, self.theta)
        shown = [i for i in graph.shown if not isinstance(c.graph.nodes[i].op, Constant)]
        if self._flows_down(graph_layout(c, shown)) != self._down:
            index = self.index
            self._rebuild()
            self.go(index)

    def _evaluate(self) -> None:
        """Values and gradients at the current point; the step-through starts over there."""
        c = self.compiled
        if c is None or self.theta is None:
            return
        self.graph = FunctionGraph(c, self.theta)
        doc = self.document
        optimizer = None
        if doc is not None:
            try:
                optimizer = make_optimizer(doc.training.optimizer, c.n_params,
                                           **doc.training.hyper)
            except ValueError:
                optimizer = None
        self.steps = function_steps(c, self.theta, optimizer)
        self.index = min(self.index, len(self.steps) - 1)
        self._paint()
        self._show_paths()

    def _known(self) -> tuple[set[int], set[int]]:
        """Nodes whose value and whose gradient the step-through has reached (all when idle)."""
        if self.index < 0:
            everything = set(self.items)
            return everything, everything
        values: set[int] = set(self.compiled.variable_leaves)
        grads: set[int] = set()
        for step in self.steps[:self.index + 1]:
            for key in step.values:
                kind, _, rest = key.partition(":")
                if rest.isdigit():
                    (values if kind == "v" else grads).add(int(rest))
        return values, grads

    def _paint(self) -> None:
        g = self.graph
        if g is None:
            return
        values, grads = self._known()
        step = self.steps[self.index] if 0 <= self.index < len(self.steps) else None
        now = {int(k.partition(":")[2]) for k in (step.computes if step else ())
               if k.partition(":")[2].isdigit()}
        read = {int(k.partition(":")[2]) for k in (step.uses if step else ())
                if k.partition(":")[2].isdigit()}
        variables = set(self.compiled.variable_leaves)
        for i, (rect, text) in self.items.items():
            value = f"{g.value(i):.4g}" if i in values else "?"
            grad = f"{g.grad(i):.4g}" if i in grads else "?"
            room = NODE_W - 10  # the text stays inside its box, elided if need be
            lines = [self._metrics.elidedText(t, Qt.TextElideMode.ElideRight, room)
                     for t in (g.label(i), self.tr("value {value}").format(value=value),
                               self.tr("grad {grad}").format(grad=grad))]
            text.setText("\n".join(lines))
            fill = NOW if i in now else READ if i in read else \
                VARIABLE if i in variables else OUTPUT if i == g.total else style.BACKGROUND
            rect.setBrush(QBrush(QColor(fill)))
        n_steps = len(self.steps)
        if step is None:
            self.where.setText(
                self.tr("%n steps", "", n_steps)
            )
            self.formula.setText(self.tr("Step ▶ runs backprop on this graph one node at a time."))
        else:
            self.where.setText(
                self.tr("{index}/{steps}: {kind}").format(
                    index=self.index + 1, steps=len(self.steps), kind=step.kind
                )
            )
            self.formula.setText(step.formula + (f"\n{step.note}" if step.note else ""))
        self.back.setEnabled(self.index >= 0)
        self.next.setEnabled(self.index < len(self.steps) - 1)

    def go(self, index: int) -> None:
        """Show step `index` (−1: before the first step, every number shown)."""
        self.index = max(-1, min(index, len(self.steps) - 1))
        self._paint()

    def _show_paths(self) -> None:
        c = self.compiled
        name = self.variable.currentText()
        if c is None or self.theta is None or name not in c.index:
            self.paths.clear()
            return
        paths, total, count = gradient_paths(c, self.theta, name, limit=24)
        g = self.graph
        lines = []
        for p in paths:
            route = " → ".join(html.escape(g.label(i)) for i in p.nodes)
            factors = " · ".join(f"{v:.4g}" for v in p.factors)
            lines.append(f"{route}: {factors} = <b>{p.product:.6g}</b>")
        more = (
            self.tr("<br>… and {count} more paths").format(count=count - len(paths))
            if count > len(paths)
            else ""
        )
        self.paths.setHtml(
            self.tr("∂f/∂{name} = Σ over %n path(s) of the local derivatives' product "
                    "= <b>{total:.6g}</b><br>", "", count).format(name=html.escape(name),
                                                                 total=total)
            + "<br>".join(lines)
            + more
        )
