"""A function document's model: f over 1–3 variables, compiled to the engine's graph.

`FunctionModel` is the typed text and the variables' start values; it answers
the same parameter questions a `Network` does (the variables are its
parameters), so a training run, the optimizers and the file format handle it
unchanged. `CompiledFunction` builds one autodiff `Graph` from the parsed
lines — one node per operation, a subexpression used twice is one node — and
offers the interface of a compiled network (`loss`, `loss_and_grad`, `trace`,
`_leaves`), with a leading parameter-batch axis, so the landscape evaluator
and races run on it as they do on a network.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from playground.engine import expression
from playground.engine.autodiff import Activate, Add, BackwardPlan, Graph, Op, operands
from playground.engine.datasets import Dataset
from playground.engine.expression import Apply, Expr, ExpressionError, Num, Program, Var
from playground.engine.function_ops import (
    Div,
    Maximum,
    Minimum,
    Mul,
    Neg,
    Pow,
    Power,
    Sub,
    elementwise,
)
from playground.engine.losses import LossSpec

Array = np.ndarray


@dataclass
class FunctionModel:
    """The function's lines and its variables with their current values, in order."""

    lines: list[str]
    variables: dict[str, float] = field(default_factory=dict)
    # Known minima, marked on the landscape (the built-in test functions have them).
    minima: list[tuple[float, ...]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.lines = expression.split_lines(self.lines) if isinstance(self.lines, str) \
            else [str(t).strip() for t in self.lines if str(t).strip()]
        self.variables = {str(k): float(v) for k, v in self.variables.items()}

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    def program(self) -> Program:
        """The parsed, checked lines; ExpressionError when they are bad."""
        return expression.parse(self.lines, list(self.variables))

    def validate(self) -> None:
        self.program()

    def copy(self) -> FunctionModel:
        return FunctionModel(list(self.lines), dict(self.variables), list(self.minima))

    def parameter_values(self) -> dict[str, float]:
        return dict(self.variables)

    def set_parameters(self, values: dict[str, float]) -> None:
        for name, value in values.items():
            self.set_parameter(name, value)

    def set_parameter(self, name: str, value: float) -> None:
        if name not in self.variables:
            raise ValueError(f'no variable "{name}" (the variables are '
                             f"{', '.join(self.variables)})")
        self.variables[name] = float(value)

    def ids(self, role: str | None = None) -> list[str]:
        """No neurons: a function has no inputs or outputs to feed data through."""
        return []


def parse_at(spec: str) -> dict[str, float]:
    """`x=-5,y=-5` as {"x": -5.0, "y": -5.0}; ExpressionError naming the bad part."""
    out: dict[str, float] = {}
    for part in (p.strip() for p in spec.split(",")):
        name, eq, value = part.partition("=")
        name = name.strip()
        if not eq or not name:
            raise ExpressionError(f'"{part}" is not NAME=VALUE (write e.g. x=-5,y=-5)')
        try:
            number = float(value)
        except ValueError:
            raise ExpressionError(f'"{value.strip()}" is not a number (in "{part}")') from None
        if not np.isfinite(number):
            raise ExpressionError(f'the start value of "{name}" must be finite')
        if name in out:
            raise ExpressionError(f'"{name}" is given twice')
        out[name] = number
    expression.check_variables(list(out))
    return out


def function_dataset() -> Dataset:
    """The data of a function document: none. One empty point keeps the run's shapes valid."""
    return Dataset(np.zeros((1, 0)), np.zeros((1, 0)), np.zeros((0, 0)), np.zeros((0, 0)),
                   (), ())


# ----------------------------------------------------------------------------- compiling

def _op_for(expr: Apply) -> tuple[Op, tuple]:
    """The graph op of one operation and the key that identifies it (for sharing)."""
    op = expr.op
    if op == "**" and isinstance(expr.args[1], Num):
        p = expr.args[1].value
        return Power(p), ("pow", p)
    simple = {"+": Add, "-": Sub, "*": Mul, "/": Div, "**": Pow, "neg": Neg,
              "min": Minimum, "max": Maximum}
    if op in simple:
        return simple[op](), (op,)
    if op in ("tanh", "sigmoid", "relu", "softplus"):
        return Activate([(op, None)]), (op,)
    return elementwise(op), (op,)


class Constant(Op):
    """A number written in the function; its input only anchors it in the graph."""

    name = "const"

    def __init__(self, value: float):
        self.value = np.float64(value)

    def forward(self, anchor):
        return self.value

    def backward(self, g, out, xs, needs):
        return [None]


@dataclass
class FunctionTrace:
    """Values and gradients of every graph node after one forward and backward."""

    compiled: CompiledFunction
    values: list
    grads: list

    @property
    def loss(self) -> Array:
        return self.values[self.compiled.total]

    def gradient(self) -> Array:
        return self.compiled._pack_grads(self.values, self.grads)


class CompiledFunction:
    """A function compiled to one autodiff graph over theta = its variables' values."""

    def __init__(self, model: FunctionModel):
        self.program = model.program()
        self.source = model.copy()
        self.loss_spec = LossSpec()
        self.input_ids: list[str] = []
        self.output_ids: list[str] = []
        self.input_features: list[str] = []
        self.parameter_names = list(self.program.variables)
        self.n_params = len(self.parameter_names)
        self.index = {name: i for i, name in enumerate(self.parameter_names)}
        self.graph = g = Graph()
        # The data leaves a compiled network has; a function reads neither.
        self.x_leaf = g.leaf("x data")
        self.y_leaf = g.leaf("y data")
        self.variable_leaves = [g.leaf(v, trainable=True) for v in self.parameter_names]
        self.constants: dict[int, float] = {}  # constant node -> its value
        self.labels: dict[int, str] = {}  # node -> the subexpression it computes
        self.line_nodes: dict[str, int] = {}  # line name -> its node
        self._shared: dict[tuple, int] = {}
        names = dict(zip(self.parameter_names, self.variable_leaves))
        for leaf, v in zip(self.variable_leaves, self.parameter_names):
            self.labels[leaf] = v
        for line in self.program.lines:
            node = self._build(line.expr, names)
            names[line.name] = node
            self.line_nodes[line.name] = node
        self.total = names[self.program.output]
        self._needs = g.needs_grad()
        self._backward = BackwardPlan(g.nodes, self.total, self._needs)
        self._forward_steps = [(i, n.op.forward, operands(n.inputs))
                               for i, n in enumerate(g.nodes) if n.op is not None]

    def _build(self, expr: Expr, names: dict[str, int]) -> int:
        g = self.graph
        if isinstance(expr, Var):
            return names[expr.name]
        if isinstance(expr, Num):
            key = ("const", expr.value)
            if key not in self._shared:
                # An op, not a leaf: every leaf is linear in theta, as the landscape assumes.
                node = g.add(Constant(expr.value), self.x_leaf, label=expression.to_text(expr))
                self.constants[node] = expr.value
                self.labels[node] = expression.to_text(expr)
                self._shared[key] = node
            return self._shared[key]
        op, op_key = _op_for(expr)
        args = expr.args[:1] if isinstance(op, Power) else expr.args
        inputs = tuple(self._build(a, names) for a in args)
        key = (*op_key, inputs)
        if key not in self._shared:
            node = g.add(op, *inputs, label=expression.to_text(expr))
            self.labels[node] = expression.to_text(expr)
            self._shared[key] = node
        return self._shared[key]

    # ------------------------------------------------------------------ parameters
    def parameters_of(self, model: FunctionModel) -> Array:
        values = model.parameter_values()
        return np.array([values[n] for n in self.parameter_names], dtype=float)

    def write_parameters(self, model: FunctionModel, theta: Array) -> None:
        model.set_parameters(dict(zip(self.parameter_names,
                                      np.asarray(theta, dtype=float).tolist())))

    # ------------------------------------------------------------------ evaluation
    def _leaves(self, theta: Array, x: Array | None = None, y: Array | None = None) -> list:
        theta = np.asarray(theta)
        if theta.shape[-1:] != (self.n_params,):
            raise ValueError(f"theta has {theta.shape[-1:] or 'no'} values, the function "
                             f"{self.n_params} variables")
        values: list = [None] * len(self.graph.nodes)
        for k, leaf in enumerate(self.variable_leaves):
            values[leaf] = theta[..., k]
        values[self.x_leaf] = x
        values[self.y_leaf] = y
        return values

    def _run(self, theta: Array, x=None, y=None) -> list:
        values = self._leaves(theta, x, y)
        with np.errstate(all="ignore"):  # an overflow shows as a non-finite loss, reported
            for i, forward, gather in self._forward_steps:
                if i > self.total:
                    break
                values[i] = forward(*gather(values))
        return values

    def _value(self, values: list, theta: Array) -> Array:
        out = np.asarray(values[self.total], dtype=float)
        lead = np.shape(theta)[:-1]
        return np.broadcast_to(out, lead).copy() if out.shape != lead else out

    def loss(self, theta: Array, x=None, y=None) -> Array:
        """f at theta; shape (K,) for a parameter batch theta (K, variables)."""
        return self._value(self._run(theta, x, y), theta)

    def trace(self, theta: Array, x=None, y=None) -> FunctionTrace:
        values = self._run(theta, x, y)
        with np.errstate(all="ignore"):
            grads = self._backward.run(values)
        return FunctionTrace(self, values, grads)

    def loss_and_grad(self, theta: Array, x=None, y=None) -> tuple[Array, Array]:
        """f and df/dtheta (same leading shape as theta)."""
        values = self._run(theta, x, y)
        with np.errstate(all="ignore"):
            grads = self._backward.run(values)
        return self._value(values, theta), self._pack_grads(values, grads)

    def _pack_grads(self, values: list, grads: list) -> Array:
        lead = np.shape(values[self.total])
        for leaf in self.variable_leaves:
            lead = np.broadcast_shapes(lead, np.shape(values[leaf]))
        out = np.zeros(lead + (self.n_params,))
        for k, leaf in enumerate(self.variable_leaves):
            if grads[leaf] is not None:
                out[..., k] = grads[leaf]
        return out


def compile_function(model: FunctionModel) -> CompiledFunction:
    """Compile `model`; ExpressionError when its lines are bad."""
    return CompiledFunction(model)
