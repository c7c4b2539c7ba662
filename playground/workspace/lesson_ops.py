"""The fixed registry of what a lesson page may do and check, by name.

A lesson file names operations; it never holds code. Set-up operations (also
used as a page's worked solution) are carried out by the window (`ui/lessons`),
which must implement every name listed here. Checks are pure functions of a
`LessonState`, a Qt-free picture of the app the window fills in, so they are
tested without a window.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

# ----------------------------------------------------------------------------- parameters


@dataclass(frozen=True)
class Param:
    """One parameter of an operation: its kind and whether it may be left out.

    kind: "str", "number", "int" (≥ 0), "positive" (a number > 0), "strings" (a list of
    strings), "numbers" (a table of name → number).
    """

    kind: str
    required: bool = True


@dataclass(frozen=True)
class Operation:
    """A named operation a lesson may use, with its parameters and what it means."""

    name: str
    params: Mapping[str, Param]
    doc: str
    test: Callable[[LessonState, Mapping[str, Any]], bool] | None = None  # checks only


# ----------------------------------------------------------------------------- the state


@dataclass(frozen=True)
class LessonState:
    """What the checks may read of the app, copied out of it at one moment."""

    document: str | None = None  # the open document's name (an example's file name)
    step: int = 0
    parameters: Mapping[str, float] = field(default_factory=dict)
    loss: float = math.nan  # training loss at the current parameters
    first_loss: float = math.nan  # training loss at step 0 of this run
    lr: float = math.nan  # the learning rate of the next step
    axes: tuple[str, str] | None = None  # the landscape's two parameter axes, when sliced so
    inspected: str | None = None  # the inspector's parameter (w:a->b) or neuron
    step_through: tuple[int, int] | None = None  # (index, count) while stepping through
    step_through_done: frozenset[str] = frozenset()  # parameters whose gradient it computed
    graph_steps: tuple[int, int] | None = None  # a function's graph step-through (index, count)
    answer: float | None = None  # the number typed into the page's answer box


# ----------------------------------------------------------------------------- checks


def _step_at_least(s: LessonState, p: Mapping[str, Any]) -> bool:
    return s.step >= p["n"]


def _point_near(s: LessonState, p: Mapping[str, Any]) -> bool:
    tol = p.get("tol", 1e-6)
    return all(name in s.parameters and abs(s.parameters[name] - value) <= tol
               for name, value in p["values"].items())


def _loss_below(s: LessonState, p: Mapping[str, Any]) -> bool:
    return math.isfinite(s.loss) and s.loss < p["value"]


def _loss_grew(s: LessonState, p: Mapping[str, Any]) -> bool:
    factor = p.get("factor", 1.0)
    return s.step > 0 and math.isfinite(s.first_loss) and \
        (not math.isfinite(s.loss) or s.loss > factor * s.first_loss)


def _lr_between(s: LessonState, p: Mapping[str, Any]) -> bool:
    low, high = p.get("min", -math.inf), p.get("max", math.inf)
    return math.isfinite(s.lr) and low <= s.lr <= high


def _axes_are(s: LessonState, p: Mapping[str, Any]) -> bool:
    return s.axes is not None and set(s.axes) == set(p["names"])


def _inspecting(s: LessonState, p: Mapping[str, Any]) -> bool:
    return s.inspected == p["name"]


def _step_through_computed(s: LessonState, p: Mapping[str, Any]) -> bool:
    return s.step_through is not None and set(p["names"]) <= s.step_through_done


def _step_through_at_end(s: LessonState, _p: Mapping[str, Any]) -> bool:
    return s.step_through is not None and s.step_through[0] == s.step_through[1] - 1


def _graph_steps_at_end(s: LessonState, _p: Mapping[str, Any]) -> bool:
    return s.graph_steps is not None and s.graph_steps[1] > 0 and \
        s.graph_steps[0] == s.graph_steps[1] - 1


def _answered(s: LessonState, p: Mapping[str, Any]) -> bool:
    return s.answer is not None and abs(s.answer - p["value"]) <= p.get("tol", 1e-9)


def _registry(*ops: Operation) -> dict[str, Operation]:
    return {op.name: op for op in ops}


P = Param
CHECKS = _registry(
    Operation("step_at_least", {"n": P("int")}, "the run has made at least n steps",
              _step_at_least),
    Operation("point_near", {"values": P("numbers"), "tol": P("positive", False)},
              "each named parameter is within tol (default 1e-6) of its value", _point_near),
    Operation("loss_below", {"value": P("positive")}, "the training loss is below value",
              _loss_below),
    Operation("loss_grew", {"factor": P("positive", False)},
              "the loss is above factor (default 1) times the loss at step 0, or not finite",
              _loss_grew),
    Operation("lr_between", {"min": P("number", False), "max": P("number", False)},
              "the learning rate is within [min, max]", _lr_between),
    Operation("axes_are", {"names": P("strings")},
              "the landscape's axes are these two parameters (either order)", _axes_are),
    Operation("inspecting", {"name": P("str")},
              "the inspector explains this parameter (w:a->b) or neuron", _inspecting),
    Operation("step_through_computed", {"names": P("strings")},
              "the step-through has computed these parameters' gradients",
              _step_through_computed),
    Operation("step_through_at_end", {}, "the step-through shows its last step",
              _step_through_at_end),
    Operation("graph_steps_at_end", {}, "a function's graph step-through shows its last step",
              _graph_steps_at_end),
    Operation("answered", {"value": P("number"), "tol": P("positive", False)},
              "the number in the page's answer box is value (within tol)", _answered),
)

# ----------------------------------------------------------------------------- set-up

SETUPS = _registry(
    Operation("open_example", {"name": P("str")}, "open a shipped example (asks about "
              "unsaved changes first)"),
    Operation("open_function", {"lines": P("strings"), "at": P("numbers"),
                                "lr": P("positive", False), "title": P("str", False)},
              "open a function document: its lines and where descent starts"),
    Operation("reset", {}, "back to the start of the run"),
    Operation("set_lr", {"value": P("positive")}, "set the learning rate (an undoable edit)"),
    Operation("set_pace", {"steps_per_second": P("positive", False)},
              "train at this pace; left out: as fast as possible"),
    Operation("set_axes", {"names": P("strings")},
              "slice the landscape along these two parameters"),
    Operation("show_inspector", {}, "show the Inspector dock"),
    Operation("inspect", {"name": P("str")}, "explain a parameter (w:a->b) or neuron in the "
              "Inspector"),
    Operation("start_step_through", {}, "open the step-through of one round of backprop"),
    Operation("step_through_to_end", {}, "show the step-through's last step"),
    Operation("graph_steps_to_end", {}, "walk a function's graph step-through to its end"),
    Operation("step", {"n": P("int")}, "make n training steps (then pause)"),
    Operation("step_to", {"n": P("int")}, "train (paused) up to step n, if not there yet"),
    Operation("type_answer", {"value": P("number")}, "type a number in the page's answer box"),
)


def check(state: LessonState, checks: list[tuple[str, Mapping[str, Any]]]) -> bool:
    """Whether every named check holds in `state` (names come validated from a lesson)."""
    return all(CHECKS[name].test(state, params) for name, params in checks)  # type: ignore[misc]
