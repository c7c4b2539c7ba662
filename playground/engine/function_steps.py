"""Backprop on a function's computational graph, one node at a time, with the numbers.

Forward visits the operations in topological order; backward is the grad_table
walk: the output's gradient is 1, then each node, in reverse topological order,
gets the sum over its consumers c of grad[c] · ∂c/∂node. Each local derivative
is the node's own op `backward` called with a gradient of 1, so every number
here is the engine's (no second copy of the derivatives). `gradient_paths`
writes ∂f/∂x as the sum, over every path from x to f, of the product of the
local derivatives along it. Steps are keyed like the network step-through's:
"v:NODE", "grad:NODE", "new:VARIABLE"; their formula is plain text with the numbers.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

import numpy as np

from playground.engine.function import CompiledFunction, Constant
from playground.engine.optimizers import Optimizer

Array = np.ndarray
MAX_PATHS = 256  # paths listed by gradient_paths; the sum is exact either way


def fmt(v: float) -> str:
    return f"{float(v):.6g}"


@dataclass(frozen=True)
class Step:
    """One computation on the graph: what it produces, what it read, the numbers."""

    kind: str  # "forward", "loss" (the value of f), "backward" or "update"
    target: str  # the node index, or the variable name of an update
    title: str
    computes: tuple[str, ...]  # keys of the values produced
    uses: tuple[str, ...]  # keys of the values read
    formula: str  # plain text with the numbers, e.g. "grad[z] = … = 1·12 + 1·1 = 13"
    values: dict[str, float] = field(default_factory=dict)  # each computed key -> number
    note: str = ""


@dataclass(frozen=True)
class Term:
    """One consumer's share of a node's gradient: grad[consumer] · ∂consumer/∂node."""

    consumer: int
    upstream: float  # grad[consumer]
    local: float  # ∂consumer/∂node (all the consumer's inputs that are this node)

    @property
    def value(self) -> float:
        return self.upstream * self.local


class FunctionGraph:
    """A compiled function evaluated at one point: values, local derivatives, the grad table."""

    def __init__(self, compiled: CompiledFunction, theta: Array):
        self.compiled = compiled
        self.theta = np.asarray(theta, dtype=float)
        trace = compiled.trace(self.theta)
        self.values = trace.values
        self.grads = trace.grads
        nodes = compiled.graph.nodes
        self.nodes = nodes
        self.total = compiled.total
        # Nodes that matter: upstream of f and downstream of a variable (they carry gradient).
        needs = compiled._needs
        up = {self.total}
        for i in range(self.total, -1, -1):
            if i in up:
                up.update(nodes[i].inputs)
        self.shown = [i for i in range(len(nodes))
                      if i in up and i not in (compiled.x_leaf, compiled.y_leaf)]
        self.carries = [i for i in self.shown if needs[i]]
        self.consumers: dict[int, list[int]] = {i: [] for i in self.shown}
        for i in self.shown:
            for j in dict.fromkeys(nodes[i].inputs):
                if j in self.consumers and not isinstance(nodes[j].op, Constant):
                    self.consumers[j].append(i)

    def label(self, i: int) -> str:
        """A node's name: its line's name, a variable's name, or its subexpression."""
        for name, node in self.compiled.line_nodes.items():
            if node == i:
                return name
        return self.compiled.labels.get(i, f"node {i}")

    def value(self, i: int) -> float:
        return float(self.values[i])

    def grad(self, i: int) -> float:
        g = self.grads[i]
        return 0.0 if g is None else float(g)

    def local(self, consumer: int, node: int) -> float:
        """∂consumer/∂node from the consumer op's own backward, with an upstream gradient of 1."""
        n = self.nodes[consumer]
        xs = [self.values[j] for j in n.inputs]
        want = [j == node for j in n.inputs]
        with np.errstate(all="ignore"):
            parts = n.op.backward(np.float64(1.0), self.values[consumer], xs, want)
        return float(sum(float(p) for p, w in zip(parts, want) if w and p is not None))

    def terms(self, node: int) -> list[Term]:
        """grad[node] = Σ terms: one per consumer on the way to f."""
        return [Term(c, self.grad(c), self.local(c, node)) for c in self.consumers[node]
                if self.grads[c] is not None]


def _grouped(label: str) -> str:
    """A subexpression in brackets after ∂, so ∂(z**2)/∂z reads as one quotient."""
    return label if label.isidentifier() else f"({label})"


def _operand(g: FunctionGraph, j: int) -> str:
    op = g.nodes[j].op
    if isinstance(op, Constant):
        return fmt(op.value)
    return g.label(j)


def function_steps(compiled: CompiledFunction, theta: Array,
                   optimizer: Optimizer | None = None) -> list[Step]:
    """Forward node by node, the value of f, backward node by node, then the update."""
    g = FunctionGraph(compiled, theta)
    steps: list[Step] = []
    for i in g.shown:
        node = g.nodes[i]
        if node.op is None or isinstance(node.op, Constant):
            continue
        args = ", ".join(f"{_operand(g, j)} = {fmt(g.value(j))}" for j in dict.fromkeys(
            node.inputs) if not isinstance(g.nodes[j].op, Constant))
        label = g.label(i)
        expr = compiled.labels.get(i, label)
        head = f"{label} = {expr}" if label != expr else expr
        steps.append(Step("forward", str(i), f"forward: {head}", (f"v:{i}",),
                          tuple(f"v:{j}" for j in node.inputs),
                          f"{head} = {fmt(g.value(i))}" + (f" (with {args})" if args else ""),
                          {f"v:{i}": g.value(i)}))
    steps.append(Step("loss", "", "the value of f", (f"v:{g.total}",), (),
                      f"f = {fmt(g.value(g.total))}; backward starts with grad[f] = 1",
                      {f"v:{g.total}": g.value(g.total), f"grad:{g.total}": 1.0}))
    for i in reversed(g.carries):
        if i == g.total:
            continue
        terms = g.terms(i)
        label = g.label(i)
        parts = [f"grad[{g.label(t.consumer)}]·∂{_grouped(g.label(t.consumer))}/∂"
                 f"{_grouped(label)}" for t in terms]
        numbers = [f"{fmt(t.upstream)}·{fmt(t.local)}" for t in terms]
        total = sum(t.value for t in terms)
        formula = (f"grad[{label}] = {' + '.join(parts) or '0'} = "
                   f"{' + '.join(numbers) or '0'} = {fmt(total)}")
        note = f"{label} is used {len(terms)} times: the sum is over its uses" \
            if len(terms) > 1 else ""
        steps.append(Step("backward", str(i), f"backward: grad[{label}]", (f"grad:{i}",),
                          tuple(f"grad:{t.consumer}" for t in terms), formula,
                          {f"grad:{i}": g.grad(i)}, note=note))
    if optimizer is not None:
        opt = copy.deepcopy(optimizer)
        new = g.theta.copy()
        grad = np.array([g.grad(leaf) for leaf in compiled.variable_leaves])
        base = opt.lr
        opt.step(new, grad)
        for k, name in enumerate(compiled.parameter_names):
            rule = f"{name} − lr·grad[{name}] = {fmt(g.theta[k])} − {fmt(base)}·{fmt(grad[k])}" \
                if optimizer.name == "sgd" and not opt.hyper.get("momentum") else \
                f"{optimizer.name} step from {fmt(g.theta[k])} with grad {fmt(grad[k])}"
            steps.append(Step("update", name, f"update {name}", (f"new:{name}",),
                              (f"grad:{compiled.variable_leaves[k]}",),
                              f"{name} ← {rule} = {fmt(new[k])}", {f"new:{name}": float(new[k])}))
    return steps


@dataclass(frozen=True)
class Path:
    """One path from a variable to f: its nodes and the local derivative along each edge."""

    nodes: tuple[int, ...]
    factors: tuple[float, ...]

    @property
    def product(self) -> float:
        return float(np.prod(self.factors)) if self.factors else 1.0


def gradient_paths(compiled: CompiledFunction, theta: Array, variable: str,
                   limit: int = MAX_PATHS) -> tuple[list[Path], float, int]:
    """Up to `limit` paths from `variable` to f, their sum over all paths (= ∂f/∂variable)
    and how many paths there are."""
    g = FunctionGraph(compiled, theta)
    start = compiled.variable_leaves[compiled.index[variable]]
    # Count and sum over all paths by dynamic programming (paths can be exponentially many).
    total: dict[int, float] = {g.total: 1.0}
    count: dict[int, int] = {g.total: 1}
    for i in reversed(g.shown):
        if i == g.total:
            continue
        total[i] = sum(total.get(c, 0.0) * g.local(c, i) for c in g.consumers[i])
        count[i] = sum(count.get(c, 0) for c in g.consumers[i])
    paths: list[Path] = []
    stack: list[tuple[int, tuple[int, ...], tuple[float, ...]]] = [(start, (start,), ())]
    while stack and len(paths) < limit:
        node, nodes, factors = stack.pop()
        if node == g.total:
            paths.append(Path(nodes, factors))
            continue
        for c in reversed(g.consumers.get(node, [])):
            stack.append((c, nodes + (c,), factors + (g.local(c, node),)))
    return paths, float(total.get(start, 0.0)), int(count.get(start, 0))
