"""Reverse-mode autodiff over a graph of vectorised numpy operations.

Each `Op` defines its forward beside its local derivative (`backward`). A `Graph`
holds nodes in topological order; `backpropagate` is the grad_table algorithm of
Goodfellow et al. (ch. 6.5): walk the nodes in reverse order and give each input
the sum, over its consumers, of `grad[consumer] * d consumer / d input`.

Two front ends share that one backward: `Graph` (built once, run many times, as
compiled networks do) and `Tensor` (built on the fly, micrograd style, for
small formulas such as the articles' worked examples).
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from playground.engine import activations

Array = np.ndarray


def unbroadcast(g: Array, shape: tuple[int, ...]) -> Array:
    """Sum `g` down to `shape`, undoing numpy broadcasting."""
    if np.shape(g) == shape:
        return g
    g = np.asarray(g)
    extra = g.ndim - len(shape)
    if extra > 0:
        g = g.sum(axis=tuple(range(extra)))
    axes = tuple(i for i, n in enumerate(shape) if n == 1 and g.shape[i] != 1)
    if axes:
        g = g.sum(axis=axes, keepdims=True)
    return g.reshape(shape)


class Op:
    """One vectorised operation: its forward and its local derivative."""

    name = "op"

    def forward(self, *xs: Array) -> Array:
        raise NotImplementedError

    def backward(self, g: Array, out: Array, xs: Sequence[Array],
                 needs: Sequence[bool]) -> list[Array | None]:
        """Return dL/dx for each input that `needs` a gradient, given g = dL/dout."""
        raise NotImplementedError


# ----------------------------------------------------------------------------- generic ops

class Add(Op):
    name = "add"

    def forward(self, a, b):
        return a + b

    def backward(self, g, out, xs, needs):
        return [unbroadcast(g, np.shape(x)) if n else None for x, n in zip(xs, needs)]


class Sub(Op):
    name = "sub"

    def forward(self, a, b):
        return a - b

    def backward(self, g, out, xs, needs):
        a, b = xs
        return [unbroadcast(g, np.shape(a)) if needs[0] else None,
                unbroadcast(-g, np.shape(b)) if needs[1] else None]


class Mul(Op):
    name = "mul"

    def forward(self, a, b):
        return a * b

    def backward(self, g, out, xs, needs):
        a, b = xs
        return [unbroadcast(g * b, np.shape(a)) if needs[0] else None,
                unbroadcast(g * a, np.shape(b)) if needs[1] else None]


class Neg(Op):
    name = "neg"

    def forward(self, a):
        return -a

    def backward(self, g, out, xs, needs):
        return [-g]


class Power(Op):
    """x ** p for a constant exponent p."""

    name = "pow"

    def __init__(self, p: float):
        self.p = p

    def forward(self, a):
        return a ** self.p

    def backward(self, g, out, xs, needs):
        (a,) = xs
        return [g * self.p * a ** (self.p - 1)]


class MatMul(Op):
    name = "matmul"

    def forward(self, a, b):
        return a @ b

    def backward(self, g, out, xs, needs):
        a, b = (np.asarray(x) for x in xs)
        # Vectors are promoted to matrices the way np.matmul does, then restored.
        a2 = a[None, :] if a.ndim == 1 else a
        b2 = b[:, None] if b.ndim == 1 else b
        g2 = g
        if a.ndim == 1:
            g2 = np.expand_dims(g2, -2)
        if b.ndim == 1:
            g2 = np.expand_dims(g2, -1)
        ga = gb = None
        if needs[0]:
            ga = unbroadcast(g2 @ np.swapaxes(b2, -1, -2), a2.shape).reshape(a.shape)
        if needs[1]:
            gb = unbroadcast(np.swapaxes(a2, -1, -2) @ g2, b2.shape).reshape(b.shape)
        return [ga, gb]


class Sum(Op):
    name = "sum"

    def __init__(self, axis: int | tuple[int, ...] | None = None):
        self.axis = axis

    def forward(self, a):
        return np.sum(a, axis=self.axis)

    def backward(self, g, out, xs, needs):
        (a,) = xs
        if self.axis is not None:
            g = np.expand_dims(g, self.axis)
        return [np.broadcast_to(g, np.shape(a)).copy()]


class Mean(Op):
    name = "mean"

    def __init__(self, axis: int | tuple[int, ...] | None = None):
        self.axis = axis

    def forward(self, a):
        return np.mean(a, axis=self.axis)

    def backward(self, g, out, xs, needs):
        (a,) = xs
        count = np.size(a) // max(np.size(out), 1)
        if self.axis is not None:
            g = np.expand_dims(g, self.axis)
        return [np.broadcast_to(g / count, np.shape(a)).copy()]


class Transpose(Op):
    name = "transpose"

    def forward(self, a):
        return np.swapaxes(a, -1, -2)

    def backward(self, g, out, xs, needs):
        return [np.swapaxes(g, -1, -2)]


class Activate(Op):
    """Elementwise activation; `groups` gives one function per set of columns."""

    name = "activate"

    def __init__(self, groups: Sequence[tuple[str, Array | None]]):
        # groups: [(activation name, column indices or None for all columns)]
        self.groups = [(activations.get(n), cols) for n, cols in groups]
        self.single = len(self.groups) == 1 and self.groups[0][1] is None
        # A linear level passes values and gradients through untouched: no copies.
        self.identity = self.single and self.groups[0][0].name == "linear"
        self.name = "+".join(a.name for a, _ in self.groups)

    def forward(self, z):
        if self.identity:
            return z
        if self.single:
            return self.groups[0][0].f(z)
        out = np.empty_like(z)
        for act, cols in self.groups:
            out[..., cols] = act.f(z[..., cols])
        return out

    def backward(self, g, out, xs, needs):
        (z,) = xs
        if self.identity:
            return [g]
        if self.single:
            return [g * self.groups[0][0].df(z, out)]
        d = np.empty_like(z)
        for act, cols in self.groups:
            d[..., cols] = act.df(z[..., cols], out[..., cols])
        return [g * d]


def activation_op(name: str) -> Activate:
    """The op applying one activation to every element."""
    return Activate([(name, None)])


# ----------------------------------------------------------------------------- the graph

@dataclass(slots=True)
class Node:
    """A graph node: a leaf (op is None) or an op applied to earlier nodes."""

    op: Op | None
    inputs: tuple[int, ...]
    label: str = ""


class Graph:
    """A DAG of ops whose nodes are kept in topological order."""

    def __init__(self) -> None:
        self.nodes: list[Node] = []
        self.trainable: set[int] = set()

    def leaf(self, label: str = "", trainable: bool = False) -> int:
        """Add an input node; `trainable` leaves receive gradients."""
        self.nodes.append(Node(None, (), label))
        if trainable:
            self.trainable.add(len(self.nodes) - 1)
        return len(self.nodes) - 1

    def add(self, op: Op, *inputs: int, label: str = "") -> int:
        """Add `op` applied to earlier nodes; returns the new node's index."""
        if any(not 0 <= i < len(self.nodes) for i in inputs):
            raise ValueError(f"node inputs must be earlier nodes, got {inputs}")
        self.nodes.append(Node(op, tuple(inputs), label))
        return len(self.nodes) - 1

    def needs_grad(self) -> list[bool]:
        """For each node, whether a trainable leaf lies upstream of it."""
        needs = [False] * len(self.nodes)
        for i, node in enumerate(self.nodes):
            needs[i] = i in self.trainable or any(needs[j] for j in node.inputs)
        return needs


def operands(inputs: tuple[int, ...]) -> Callable[[Sequence], tuple]:
    """A fast getter of the values at `inputs`, always returning a tuple."""
    if len(inputs) == 1:
        (j,) = inputs
        return lambda values: (values[j],)
    return operator.itemgetter(*inputs)


class BackwardPlan:
    """The grad_table walk for one output, with its static bookkeeping done once.

    Which inputs need a gradient depends only on the graph, so a compiled network
    builds its plan once and `run`s it every step.
    """

    def __init__(self, nodes: Sequence[Node], output: int, needs: Sequence[bool]):
        self.size = len(nodes)
        self.output = output
        self.steps: list[tuple[int, Op, tuple[int, ...], list[bool], Callable]] = []
        for i in range(output, -1, -1):
            node = nodes[i]
            if node.op is None:
                continue
            want = [needs[j] for j in node.inputs]
            if any(want):
                self.steps.append((i, node.op, node.inputs, want, operands(node.inputs)))

    def run(self, values: Sequence[Array], seed: Array | float = 1.0) -> list[Array | None]:
        """dL/d(node) for every node upstream of the output (None where not needed)."""
        grads: list[Array | None] = [None] * self.size
        out = values[self.output]
        grads[self.output] = seed if np.ndim(out) == 0 else np.ones_like(out) * seed
        for i, op, inputs, want, gather in self.steps:
            g = grads[i]
            if g is None:
                continue
            local = op.backward(g, values[i], gather(values), want)
            for j, gj, w in zip(inputs, local, want):
                if w and gj is not None:
                    # The sum over consumers: a node used twice gets both contributions.
                    grads[j] = gj if grads[j] is None else grads[j] + gj
        return grads


def backpropagate(nodes: Sequence[Node], values: Sequence[Array], output: int,
                  needs: Sequence[bool], seed: Array | float = 1.0) -> list[Array | None]:
    """The grad_table algorithm: dL/d(node) for every node upstream of `output`."""
    return BackwardPlan(nodes, output, needs).run(values, seed)


# ----------------------------------------------------------------------------- Tensor front end

class Tensor:
    """A value that records the ops applied to it, so `backward` can run."""

    __array_priority__ = 100  # so ndarray op Tensor defers to Tensor's operators

    def __init__(self, value, op: Op | None = None, parents: tuple[Tensor, ...] = (),
                 label: str = ""):
        self.value = np.asarray(value, dtype=float)
        self.op = op
        self.parents = parents
        self.label = label
        self.grad: Array | None = None

    def __repr__(self) -> str:
        return f"Tensor({self.value!r}{', ' + self.label if self.label else ''})"

    @property
    def shape(self) -> tuple[int, ...]:
        return self.value.shape

    def _apply(self, op: Op, *others) -> Tensor:
        parents = (self, *(o if isinstance(o, Tensor) else Tensor(o) for o in others))
        return Tensor(op.forward(*(p.value for p in parents)), op, parents)

    def __add__(self, o):
        return self._apply(Add(), o)

    def __radd__(self, o):
        return Tensor(o)._apply(Add(), self)

    def __sub__(self, o):
        return self._apply(Sub(), o)

    def __rsub__(self, o):
        return Tensor(o)._apply(Sub(), self)

    def __mul__(self, o):
        return self._apply(Mul(), o)

    def __rmul__(self, o):
        return Tensor(o)._apply(Mul(), self)

    def __truediv__(self, o):
        return self * (o ** -1 if isinstance(o, Tensor) else 1.0 / np.asarray(o, float))

    def __matmul__(self, o):
        return self._apply(MatMul(), o)

    def __rmatmul__(self, o):
        return Tensor(o)._apply(MatMul(), self)

    def __neg__(self):
        return self._apply(Neg())

    def __pow__(self, p: float):
        return self._apply(Power(p))

    def __getitem__(self, idx):
        return self._apply(Index(idx))

    @property
    def T(self) -> Tensor:
        return self._apply(Transpose())

    def sum(self, axis=None) -> Tensor:
        return self._apply(Sum(axis))

    def mean(self, axis=None) -> Tensor:
        return self._apply(Mean(axis))

    def act(self, name: str) -> Tensor:
        """Apply an activation by name (see `activations.ACTIVATIONS`)."""
        return self._apply(activation_op(name))

    def tanh(self) -> Tensor:
        return self.act("tanh")

    def sigmoid(self) -> Tensor:
        return self.act("sigmoid")

    def backward(self) -> None:
        """Fill `.grad` of every tensor this one depends on (d self / d tensor)."""
        order: list[Tensor] = []
        seen: set[int] = set()
        stack: list[tuple[Tensor, bool]] = [(self, False)]
        while stack:  # iterative post-order DFS: deep chains must not hit the recursion limit
            t, done = stack.pop()
            if done:
                order.append(t)
                continue
            if id(t) in seen:
                continue
            seen.add(id(t))
            stack.append((t, True))
            stack.extend((p, False) for p in t.parents if id(p) not in seen)
        index = {id(t): i for i, t in enumerate(order)}
        nodes = [Node(t.op, tuple(index[id(p)] for p in t.parents), t.label) for t in order]
        grads = backpropagate(nodes, [t.value for t in order], len(order) - 1,
                              [True] * len(order))
        for t, g in zip(order, grads):
            t.grad = g if g is not None else np.zeros_like(t.value)


class Index(Op):
    name = "index"

    def __init__(self, idx):
        self.idx = idx

    def forward(self, a):
        return np.asarray(a)[self.idx]

    def backward(self, g, out, xs, needs):
        ga = np.zeros_like(np.asarray(xs[0], dtype=float))
        np.add.at(ga, self.idx, g)
        return [ga]


def grad(fn: Callable[..., Tensor], *args: Array) -> list[Array]:
    """Gradient of a scalar function of tensors with respect to each argument."""
    ts = [Tensor(a) for a in args]
    fn(*ts).backward()
    return [t.grad for t in ts]


def jacobian(fn: Callable[[Tensor], Tensor], x: Array) -> Array:
    """The Jacobian d fn(x) / d x by one reverse pass per output element."""
    x = np.asarray(x, dtype=float)
    out = fn(Tensor(x)).value
    jac = np.empty(out.shape + x.shape)
    for k in np.ndindex(*out.shape) if out.shape else [()]:
        t = Tensor(x)
        y = fn(t)
        y[k].backward() if out.shape else y.backward()
        jac[k] = t.grad
    return jac
