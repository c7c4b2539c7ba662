"""Reverse-mode autodiff over a graph of vectorised numpy operations.

Each `Op` defines its forward beside its local derivative (`backward`). A `Graph`
holds nodes in topological order; `backpropagate` is the grad_table algorithm of
Goodfellow et al. (ch. 6.5): walk the nodes in reverse order and give each input
the sum, over its consumers, of `grad[consumer] * d consumer / d input`.

A `Graph` is built once and run many times (compiled networks, chain-rule
traces); the ops a network needs (`Affine`, `Collect`, the losses) live beside
the code that builds them.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Sequence
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


class Workspace:
    """Reusable output buffers for the large arrays of repeated forward/backward passes.

    A training run's numpy steps write each node's big values into the same memory
    step after step instead of fresh arrays (at 100,000 points the page faults of
    fresh arrays cost more than the arithmetic). Buffers are keyed by (node, role,
    shape, dtype), so mini-batches of two sizes keep two sets. Whatever was computed
    into a buffer is overwritten by the next pass: only callers that keep nothing
    (`CompiledNetwork.loss_and_grad`) pass a workspace. Not thread-safe: one per run.
    Past `limit` bytes it stops keeping buffers and hands out fresh arrays.
    """

    def __init__(self, limit: int = 256 << 20):
        self.limit = limit
        self.size = 0
        self._buffers: dict[tuple, Array] = {}

    def get(self, key: tuple, shape: tuple[int, ...], dtype) -> Array:
        """An array of `shape` and `dtype` (contents undefined) kept under `key`."""
        dtype = np.dtype(dtype)
        full = (key, shape, dtype)
        buf = self._buffers.get(full)
        if buf is None:
            buf = np.empty(shape, dtype)
            if self.size + buf.nbytes <= self.limit:
                self._buffers[full] = buf
                self.size += buf.nbytes
        return buf


class Op:
    """One vectorised operation: its forward and its local derivative."""

    name = "op"

    def forward(self, *xs: Array) -> Array:
        raise NotImplementedError

    def backward(self, g: Array, out: Array, xs: Sequence[Array],
                 needs: Sequence[bool]) -> list[Array | None]:
        """Return dL/dx for each input that `needs` a gradient, given g = dL/dout."""
        raise NotImplementedError

    # An op whose big results can go into a workspace's buffers overrides these; the
    # numbers must be bit for bit those of forward/backward.
    def forward_into(self, work: Workspace, key: int, *xs: Array) -> Array:
        return self.forward(*xs)

    def backward_into(self, work: Workspace, key: int, g: Array, out: Array,
                      xs: Sequence[Array], needs: Sequence[bool]) -> list[Array | None]:
        return self.backward(g, out, xs, needs)


# ----------------------------------------------------------------------------- generic ops

class Add(Op):
    name = "add"

    def forward(self, a, b):
        return a + b

    def backward(self, g, out, xs, needs):
        return [unbroadcast(g, np.shape(x)) if n else None for x, n in zip(xs, needs)]


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

    def forward_into(self, work, key, z):
        f = self.groups[0][0].f
        if self.single and not self.identity and isinstance(f, np.ufunc):
            return f(z, out=work.get((key, "f"), z.shape, z.dtype))  # np.tanh, np.sin
        return self.forward(z)

    def backward_into(self, work, key, g, out, xs, needs):
        (z,) = xs
        if not self.single or self.identity:
            return self.backward(g, out, xs, needs)
        d = self.groups[0][0].df(z, out)
        if d.shape == g.shape and d.dtype == np.result_type(g, d) and d.flags.owndata \
                and d is not z and d is not out:
            return [np.multiply(g, d, out=d)]  # the derivative is a fresh array: reuse it
        return [g * d]


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

    def needs_grad(self, also: Iterable[int] = ()) -> list[bool]:
        """For each node, whether a trainable leaf (or a leaf in `also`) lies upstream of it.

        `also` names leaves that are no parameters but whose downstream gradients are
        still wanted, such as the constant zero pre-activation of neurons with neither
        inputs nor a bias: their δ is shown even though nothing there is trained.
        """
        wanted = self.trainable | set(also)
        needs = [False] * len(self.nodes)
        for i, node in enumerate(self.nodes):
            needs[i] = i in wanted or any(needs[j] for j in node.inputs)
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

    def run(self, values: Sequence[Array], seed: Array | float = 1.0,
            work: Workspace | None = None) -> list[Array | None]:
        """dL/d(node) for every node upstream of the output (None where not needed);
        with `work`, big gradients go into its buffers (see Workspace)."""
        grads: list[Array | None] = [None] * self.size
        out = values[self.output]
        grads[self.output] = seed if np.ndim(out) == 0 else np.ones_like(out) * seed
        for i, op, inputs, want, gather in self.steps:
            g = grads[i]
            if g is None:
                continue
            if work is None:
                local = op.backward(g, values[i], gather(values), want)
            else:
                local = op.backward_into(work, i, g, values[i], gather(values), want)
            for j, gj, w in zip(inputs, local, want):
                if w and gj is not None:
                    # The sum over consumers: a node used twice gets both contributions.
                    grads[j] = gj if grads[j] is None else grads[j] + gj
        return grads


def backpropagate(nodes: Sequence[Node], values: Sequence[Array], output: int,
                  needs: Sequence[bool], seed: Array | float = 1.0) -> list[Array | None]:
    """The grad_table algorithm: dL/d(node) for every node upstream of `output`."""
    return BackwardPlan(nodes, output, needs).run(values, seed)
