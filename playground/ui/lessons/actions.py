"""The window's side of the lesson registry: each set-up operation done as a person would
(through the same controls and menus' code), and the app's state read for the checks.

An operation is a method named after it. One that must wait for the app (the
step-through laying out its steps, the first snapshot of a run) is a generator:
it yields until it can go on, and `Sequence` resumes it on a short timer.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from playground.engine.function import FunctionModel
from playground.engine.parameters import ParameterRef
from playground.engine.training import TrainingConfig
from playground.io.document import Document, ViewSettings
from playground.io.examples import list_examples
from playground.ui.chainrule.inspector import Target
from playground.ui.chainrule.tools import ChainRuleTools
from playground.ui.files.file_actions import FileActions
from playground.ui.training.controls import ControlsPanel
from playground.ui.training.pace import preset_index
from playground.ui.training.worker import TrainingController
from playground.ui.views.function_view import FunctionPanel
from playground.ui.views.landscape_view import LandscapeView
from playground.workspace.lesson_ops import SETUPS, LessonState
from playground.workspace.lessons import Call

POLL_MS = 50  # how often a waiting operation is resumed
WAIT_MS = 20_000  # a set-up that waits longer than this has failed (a job that never ends)


class SetupError(Exception):
    """A set-up that could not be done; the message is for the learner."""


@dataclass(eq=False)
class LessonTargets:
    """The parts of the window a lesson sets up and reads."""

    controller: TrainingController
    files: FileActions
    controls: ControlsPanel
    landscape: LandscapeView
    chain_rule: ChainRuleTools
    function_panel: FunctionPanel


class LessonActions:
    """Set-up operations by name, and the state the checks read."""

    def __init__(self, targets: LessonTargets, set_answer: Callable[[float], None],
                 answer: Callable[[], float | None]):
        self.t = targets
        self._set_answer = set_answer
        self._answer = answer

    def run(self, call: Call) -> Iterator[None] | None:
        """Start `call`: None when done at once, else a generator to resume until done."""
        method = getattr(self, f"op_{call.op}", None)
        if method is None or call.op not in SETUPS:
            raise SetupError(QCoreApplication.translate(
                "LessonActions", "unknown operation {op}").format(op=call.op))
        return method(**call.params)

    # ------------------------------------------------------------------ documents
    def op_open_example(self, name: str) -> None:
        info = next((e for e in list_examples() if e.name == name), None)
        if info is None:
            raise SetupError(QCoreApplication.translate(
                "LessonActions", "there is no example called {name}").format(name=name))
        if not self.t.files.open_example(info):
            raise SetupError(QCoreApplication.translate(
                "LessonActions", "the example {name} was not opened").format(name=name))

    def op_open_function(self, lines: tuple[str, ...], at: dict[str, float],
                         lr: float = 0.1, title: str = "") -> None:
        model = FunctionModel(list(lines), dict(at))
        names = list(model.variables)
        axes = (names[0], names[1]) if len(names) >= 2 else None
        document = Document(model, training=TrainingConfig(optimizer="sgd", hyper={"lr": lr}),
                            view=ViewSettings(axes=axes), name="lesson",
                            title=title or model.lines[-1])
        if not self.t.files.open_document(document, "opening the lesson's function"):
            raise SetupError(QCoreApplication.translate(
                "LessonActions", "the lesson's function was not opened"))

    def op_reset(self) -> None:
        self.t.controller.reset()

    # ------------------------------------------------------------------ settings
    def op_set_lr(self, value: float) -> None:
        # The spin box is what a person types into: the change is an undoable edit.
        self.t.controls.lr.spin.setValue(value)

    def op_set_pace(self, steps_per_second: float | None = None) -> None:
        self.t.controls.speed.slider.setValue(preset_index(steps_per_second))

    def op_set_axes(self, names: tuple[str, str]) -> None:
        view = self.t.landscape
        if view.exact:
            return  # two parameters: the view is already over both
        known = view.names
        missing = [n for n in names if n not in known]
        if missing:
            raise SetupError(QCoreApplication.translate(
                "LessonActions", "the network has no parameter {name}").format(name=missing[0]))
        view.mode.setCurrentIndex(view.mode.findData("axes"))
        view.x_param.setCurrentText(names[0])
        view.y_param.setCurrentText(names[1])

    # ------------------------------------------------------------------ chain-rule tools
    def op_show_inspector(self) -> None:
        dock = self.t.chain_rule.docks["inspector"]
        dock.show()
        dock.raise_()

    def op_inspect(self, name: str) -> None:
        self.op_show_inspector()
        ref = ParameterRef.parse_or_none(name)
        target = Target("connection", ref.src, ref.dst) if ref is not None and ref.kind == "w" \
            else Target("neuron", ref.src if ref is not None else name)
        self.t.chain_rule.inspector.inspect(target)

    def op_start_step_through(self) -> None:
        self.t.chain_rule.start_step_through()

    def op_step_through_to_end(self) -> Iterator[None]:
        panel = self.t.chain_rule.stepthrough
        if not panel.is_active():
            self.t.chain_rule.start_step_through()
        while panel.steps is None:
            if panel.error:
                raise SetupError(panel.error)
            yield
        panel.run_to_end()

    def op_graph_steps_to_end(self) -> Iterator[None]:
        panel = self.t.function_panel
        while not getattr(panel, "steps", None):
            if self.t.controller.document is None or not self.t.controller.document.is_function:
                raise SetupError(QCoreApplication.translate(
                    "LessonActions", "the open document is not a function"))
            yield
        panel.go(len(panel.steps) - 1)

    # ------------------------------------------------------------------ training
    def op_step(self, n: int) -> None:
        self.t.controller.step(n)

    def op_step_to(self, n: int) -> Iterator[None]:
        while self.t.controller.latest is None:
            yield
        left = n - self.t.controller.latest.step
        if left > 0:
            self.t.controller.step(left)

    def op_type_answer(self, value: float) -> None:
        self._set_answer(value)

    # ------------------------------------------------------------------ state
    def state(self) -> LessonState:
        """The app as the checks see it, now."""
        t = self.t
        doc = t.controller.document
        snap = t.controller.latest
        if snap is not None:
            parameters = dict(zip(snap.parameter_names, snap.theta.tolist()))
            step, loss = snap.step, snap.train_loss
            first = float(snap.history_train[0]) if len(snap.history_steps) and \
                snap.history_steps[0] == 0 else math.nan
        else:
            parameters = doc.network.parameter_values() if doc is not None else {}
            step, loss, first = 0, math.nan, math.nan
        lr = float(doc.training.hyper.get("lr", math.nan)) if doc is not None else math.nan
        view = t.landscape
        axes = None
        if view.exact or view.mode.currentData() == "axes":
            x, y = view.x_param.currentText(), view.y_param.currentText()
            axes = (x, y) if x and y else None
        target = t.chain_rule.inspector.target
        panel = t.chain_rule.stepthrough
        steps = panel.steps
        through, done = None, frozenset()
        if steps is not None and panel.index >= 0:
            through = (panel.index, len(steps))
            done = frozenset(steps.table_at(panel.index))
        graph = None
        fp = t.function_panel
        if doc is not None and doc.is_function and getattr(fp, "steps", None):
            graph = (fp.index, len(fp.steps))
        return LessonState(document=doc.name if doc is not None else None, step=step,
                           parameters=parameters, loss=loss, first_loss=first, lr=lr,
                           axes=axes, inspected=target.name if target is not None else None,
                           step_through=through, step_through_done=done, graph_steps=graph,
                           answer=self._answer())


class Sequence(QObject):
    """Runs a page's operations in order, waiting where one must; `finished` says how it
    went (an empty message: every operation done)."""

    finished = Signal(str)

    def __init__(self, actions: LessonActions, calls: tuple[Call, ...],
                 parent: QObject | None = None):
        super().__init__(parent)
        self.actions = actions
        self.calls = list(calls)
        self.running = False
        self._waiting: Iterator[None] | None = None
        self._waited = 0
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._resume)

    def start(self) -> None:
        self.running = True
        self._next()

    def cancel(self) -> None:
        self._timer.stop()
        self._waiting = None
        self.calls = []
        self.running = False

    def _next(self) -> None:
        while self.calls:
            call = self.calls.pop(0)
            try:
                waiting = self.actions.run(call)
                if waiting is not None:
                    self._waiting, self._waited = waiting, 0
                    if not self._step_waiting():
                        self._timer.start()
                        return
            except (SetupError, ValueError) as e:
                self._end(str(e))
                return
        self._end("")

    def _step_waiting(self) -> bool:
        """Resume the waiting operation once; True when it is done."""
        try:
            next(self._waiting)  # type: ignore[arg-type]
        except StopIteration:
            self._waiting = None
            return True
        return False

    def _resume(self) -> None:
        if self._waiting is None:
            self._timer.stop()
            return
        self._waited += POLL_MS
        try:
            done = self._step_waiting()
        except (SetupError, ValueError) as e:
            self._end(str(e))
            return
        if done:
            self._timer.stop()
            self._next()
        elif self._waited >= WAIT_MS:
            self._end(QCoreApplication.translate(
                "LessonActions", "the app did not get ready in time"))

    def _end(self, message: str) -> None:
        self._timer.stop()
        self._waiting = None
        self.calls = []
        self.running = False
        self.finished.emit(message)


def implemented() -> set[str]:
    """The set-up operations this module can do (a test holds it equal to the registry)."""
    return {name[3:] for name in dir(LessonActions) if name.startswith("op_")}

