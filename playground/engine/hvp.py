"""Hessian-vector products from the engine's own graph, forward-over-reverse.

`HessianOperator(compiled, theta)` runs the graph forward and backward once (the
grad_table walk of `autodiff`), keeping every node's value and gradient. Each
product H·v is then the directional derivative of that backward pass along v:
one tangent sweep forward (how every node's value moves when theta moves along
v) and one tangent sweep along the same backward walk (how every node's
gradient moves). The result is exact to rounding, not a finite difference.

Each op's tangent rules live here, keyed by op type, beside the names of the
registry entries they read: activations' `d2f`, losses' `d2loss_dp`, the
elementwise functions' `SECOND_DERIVATIVES`. A graph holding an op without
rules is refused with a message naming it (tests check every op has them).

Works on compiled networks (`engine.compiled`) and compiled function documents
(`engine.function`); one parameter setting (theta of shape (P,)), float64.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from playground.engine.autodiff import Activate, Add, BackwardPlan, Op, unbroadcast
from playground.engine.compiled import Affine, BiasOnly, Collect
from playground.engine.function import Constant
from playground.engine.function_ops import (
    Div,
    Elementwise,
    Maximum,
    Minimum,
    Mul,
    Neg,
    Pow,
    Power,
    Sub,
)
from playground.engine.losses import DataLoss, Penalty

Array = np.ndarray


class CurvatureError(ValueError):
    """The model holds something whose second derivative is unknown."""


# ----------------------------------------------------------------------------- tangent rules
# tangent(op, xs, dxs, out) -> d out: the forward pass differentiated along v.
# cotangent(op, g, dg, out, dout, xs, dxs, needs) -> d(dL/dx) for each input: the
# local backward differentiated along v. A missing tangent is passed as zeros of
# the input's shape (None only for data leaves that hold no array).

def _sum(terms: list) -> Array | None:
    terms = [t for t in terms if t is not None]
    if not terms:
        return None
    total = terms[0]
    for t in terms[1:]:
        total = total + t
    return total


def _add_t(op, xs, dxs, out):
    return _sum(list(dxs))


def _add_c(op, g, dg, out, dout, xs, dxs, needs):
    return [unbroadcast(dg, np.shape(x)) if n else None for x, n in zip(xs, needs)]


def _activate_parts(op: Activate, z: Array, out: Array) -> tuple[Array, Array]:
    """f′(z) and f″(z) of every column."""
    for act, _ in op.groups:
        if act.d2f is None:
            raise CurvatureError(f"activation {act.name!r} has no second derivative; "
                                 "curvature cannot be computed")
    if op.single:
        act = op.groups[0][0]
        return act.df(z, out), act.d2f(z, out)
    d1, d2 = np.empty_like(z), np.empty_like(z)
    for act, cols in op.groups:
        d1[..., cols] = act.df(z[..., cols], out[..., cols])
        d2[..., cols] = act.d2f(z[..., cols], out[..., cols])
    return d1, d2


def _activate_t(op, xs, dxs, out):
    if op.identity:
        return dxs[0]
    d1, _ = _activate_parts(op, xs[0], out)
    return d1 * dxs[0]


def _activate_c(op, g, dg, out, dout, xs, dxs, needs):
    if op.identity:
        return [dg]
    d1, d2 = _activate_parts(op, xs[0], out)
    return [dg * d1 + g * d2 * dxs[0]]


def _affine_t(op, xs, dxs, out):
    a, wt = xs[0], xs[1]
    da, dwt = dxs[0], dxs[1]
    terms = [None if da is None else da @ wt.mT, a @ dwt.mT]
    if len(xs) == 3:
        db = dxs[2]
        terms.append(db if db.ndim == 1 else db[..., None, :])
    return _sum(terms)


def _affine_c(op, g, dg, out, dout, xs, dxs, needs):
    a, wt = xs[0], xs[1]
    da, dwt = dxs[0], dxs[1]
    grads: list[Array | None] = [None] * len(xs)
    if needs[0]:
        grads[0] = unbroadcast(dg @ wt + g @ dwt, np.shape(a))
    if needs[1]:
        terms = [dg.mT @ a, None if da is None else g.mT @ da]
        grads[1] = unbroadcast(_sum(terms), wt.shape)
    if len(xs) == 3 and needs[2]:
        grads[2] = unbroadcast(dg.sum(axis=-2), xs[2].shape)
    return grads


def _bias_only_t(op, xs, dxs, out):
    return op.forward(xs[0], dxs[1])


def _bias_only_c(op, g, dg, out, dout, xs, dxs, needs):
    return [None, unbroadcast(dg.sum(axis=-2), xs[1].shape)]


def _collect_t(op, xs, dxs, out):
    return op.forward(*dxs)


def _collect_c(op, g, dg, out, dout, xs, dxs, needs):
    return op.backward(dg, out, xs, needs)  # linear: the same map applied to dg


def _expand(g: Array) -> Array:
    """A per-setting scalar (or batch of them) broadcast over samples and outputs."""
    g = np.asarray(g)
    return g[..., None, None] if g.ndim else g


def _loss_second(op: DataLoss) -> Callable[[Array, Array, Array], Array]:
    if op.loss.d2loss_dp is None:
        raise CurvatureError(f"loss {op.kind!r} has no second derivative; "
                             "curvature cannot be computed")
    return op.loss.d2loss_dp


def _scale(op: DataLoss, p: Array) -> float:
    return 1.0 / p.shape[-2] if op.reduction == "mean" else 1.0


def _data_loss_t(op, xs, dxs, out):
    p, y = xs
    return _scale(op, p) * (op.dloss_dp(p, y) * dxs[0]).sum(axis=(-2, -1))


def _data_loss_c(op, g, dg, out, dout, xs, dxs, needs):
    p, y = xs
    d2 = _loss_second(op)(p, y, dxs[0])
    s = _scale(op, p)
    return [s * (_expand(dg) * op.dloss_dp(p, y) + _expand(g) * d2), None]


def _penalty_t(op, xs, dxs, out):
    (w,), (dw,) = xs, dxs
    d = np.sign(w) if op.kind == "l1" else w
    return op.rate * (d * dw).sum(axis=(-2, -1))


def _penalty_c(op, g, dg, out, dout, xs, dxs, needs):
    (w,), (dw,) = xs, dxs
    if op.kind == "l1":  # piecewise linear: no curvature off the kinks
        return [op.rate * _expand(dg) * np.sign(w)]
    return [op.rate * (_expand(dg) * w + _expand(g) * dw)]


def _sub_t(op, xs, dxs, out):
    return dxs[0] - dxs[1]


def _sub_c(op, g, dg, out, dout, xs, dxs, needs):
    a, b = xs
    return [unbroadcast(dg, np.shape(a)) if needs[0] else None,
            unbroadcast(-dg, np.shape(b)) if needs[1] else None]


def _mul_t(op, xs, dxs, out):
    (a, b), (da, db) = xs, dxs
    return da * b + a * db


def _mul_c(op, g, dg, out, dout, xs, dxs, needs):
    (a, b), (da, db) = xs, dxs
    return [unbroadcast(dg * b + g * db, np.shape(a)) if needs[0] else None,
            unbroadcast(dg * a + g * da, np.shape(b)) if needs[1] else None]


def _neg_t(op, xs, dxs, out):
    return -dxs[0]


def _neg_c(op, g, dg, out, dout, xs, dxs, needs):
    return [-dg]


def _power_parts(p: float, a: Array) -> tuple[Array, Array]:
    first = p * a ** (p - 1)
    # p(p−1)a^(p−2) is exactly 0 for p in {0, 1}, even at a = 0 where a^(p−2) is infinite.
    second = np.zeros_like(np.asarray(a, dtype=float)) if p in (0.0, 1.0) \
        else p * (p - 1) * a ** (p - 2)
    return first, second


def _power_t(op, xs, dxs, out):
    return _power_parts(op.p, xs[0])[0] * dxs[0]


def _power_c(op, g, dg, out, dout, xs, dxs, needs):
    first, second = _power_parts(op.p, xs[0])
    return [dg * first + g * second * dxs[0]]


def _div_t(op, xs, dxs, out):
    (_, b), (da, db) = xs, dxs
    return (da - out * db) / b


def _div_c(op, g, dg, out, dout, xs, dxs, needs):
    (a, b), (_, db) = xs, dxs
    ga = gb = None
    if needs[0]:
        ga = unbroadcast(dg / b - g * db / (b * b), np.shape(a))
    if needs[1]:
        # gb = −g·out/b, so its tangent is −(dg·out + g·dout − g·out·db/b)/b.
        gb = unbroadcast(-(dg * out + g * dout - g * out * db / b) / b, np.shape(b))
    return [ga, gb]


def _log_abs(a: Array, out: Array) -> Array:
    """log|a| where a^b is not 0 (the backward's convention: no slope in b at a^b = 0)."""
    return np.where(out == 0, 0.0, np.log(np.abs(a)))


def _pow_t(op, xs, dxs, out):
    (a, b), (da, db) = xs, dxs
    return b * a ** (b - 1) * da + out * _log_abs(a, out) * db


def _pow_c(op, g, dg, out, dout, xs, dxs, needs):
    (a, b), (da, db) = xs, dxs
    ga = gb = None
    log_a = _log_abs(a, out)
    if needs[0]:
        # ga = g·b·a^(b−1); a^(b−1) moves by a^(b−1)·((b−1)/a·da + log a·db).
        amb = a ** (b - 1)
        dpow = (b - 1) * a ** (b - 2) * da + amb * log_a * db
        ga = unbroadcast(dg * b * amb + g * db * amb + g * b * dpow, np.shape(a))
    if needs[1]:
        # gb = g·a^b·log a; the product moves by dout·log a + a^b·da/a.
        term = np.where(out == 0, 0.0, dout * log_a + out * da / a)
        gb = unbroadcast(dg * out * log_a + g * term, np.shape(b))
    return [ga, gb]


def _elementwise_parts(op: Elementwise, a: Array, out: Array) -> tuple[Array, Array]:
    if op.d2f is None:
        raise CurvatureError(f"function {op.name!r} has no second derivative; "
                             "curvature cannot be computed")
    return op.df(a, out), op.d2f(a, out)


def _elementwise_t(op, xs, dxs, out):
    return _elementwise_parts(op, xs[0], out)[0] * dxs[0]


def _elementwise_c(op, g, dg, out, dout, xs, dxs, needs):
    d1, d2 = _elementwise_parts(op, xs[0], out)
    return [dg * d1 + g * d2 * dxs[0]]


def _choose_t(first_of: Callable[[Array, Array], Array]):
    def tangent(op, xs, dxs, out):
        (a, b), (da, db) = xs, dxs
        return np.where(first_of(a, b), da, db)
    return tangent


def _choose_c(first_of: Callable[[Array, Array], Array]):
    def cotangent(op, g, dg, out, dout, xs, dxs, needs):
        a, b = xs
        first = first_of(a, b)
        return [unbroadcast(np.where(first, dg, 0.0), np.shape(a)) if needs[0] else None,
                unbroadcast(np.where(first, 0.0, dg), np.shape(b)) if needs[1] else None]
    return cotangent


def _constant_t(op, xs, dxs, out):
    return None


def _constant_c(op, g, dg, out, dout, xs, dxs, needs):
    return [None]


RULES: dict[type[Op], tuple[Callable, Callable]] = {
    Add: (_add_t, _add_c),
    Activate: (_activate_t, _activate_c),
    Affine: (_affine_t, _affine_c),
    BiasOnly: (_bias_only_t, _bias_only_c),
    Collect: (_collect_t, _collect_c),
    DataLoss: (_data_loss_t, _data_loss_c),
    Penalty: (_penalty_t, _penalty_c),
    Sub: (_sub_t, _sub_c),
    Mul: (_mul_t, _mul_c),
    Neg: (_neg_t, _neg_c),
    Power: (_power_t, _power_c),
    Div: (_div_t, _div_c),
    Pow: (_pow_t, _pow_c),
    Elementwise: (_elementwise_t, _elementwise_c),
    Minimum: (_choose_t(lambda a, b: a <= b), _choose_c(lambda a, b: a <= b)),
    Maximum: (_choose_t(lambda a, b: a >= b), _choose_c(lambda a, b: a >= b)),
    Constant: (_constant_t, _constant_c),
}


def _rules(op: Op) -> tuple[Callable, Callable]:
    try:
        return RULES[type(op)]
    except KeyError:
        raise CurvatureError(f"operation {op.name!r} has no second-order rule; "
                             "curvature cannot be computed") from None


# ----------------------------------------------------------------------------- the operator

class HessianOperator:
    """H(theta)·v for one compiled model at one point, forward-over-reverse.

    `compiled` is a `CompiledNetwork` or a `CompiledFunction`; `x`, `y` the data
    the loss is taken over (None for a function document). Building it runs one
    forward and one backward pass; each call `op(v)` costs one tangent sweep of
    each (about two gradients' worth of work).
    """

    def __init__(self, compiled, theta: Array, x: Array | None = None,
                 y: Array | None = None):
        theta = np.array(theta, dtype=np.float64)
        if theta.ndim != 1 or theta.shape[0] != compiled.n_params:
            raise ValueError(f"theta must hold the {compiled.n_params} parameters as one "
                             f"vector, got shape {theta.shape}")
        self.compiled = compiled
        self.theta = theta
        self.n = compiled.n_params
        self.x = None if x is None else np.asarray(x, dtype=np.float64)
        self.y = None if y is None else np.asarray(y, dtype=np.float64)
        graph = compiled.graph
        self._nodes = graph.nodes[:compiled.total + 1]
        for node in self._nodes:
            if node.op is not None:
                _rules(node.op)  # refuse an unknown op now, not halfway through a product
        self._plan = BackwardPlan(graph.nodes, compiled.total, graph.needs_grad())
        with np.errstate(all="ignore"):  # a non-finite loss shows as one, reported
            self._values = self._forward(compiled._leaves(theta, self.x, self.y))
            self._grads = self._plan.run(self._values)
        self.loss = float(self._values[compiled.total])
        self.gradient = compiled._pack_grads(self._values, self._grads)
        self.products = 0  # how many H·v were taken (the cost of an eigen-solve)

    def _forward(self, values: list) -> list:
        for i, node in enumerate(self._nodes):
            if node.op is not None:
                values[i] = node.op.forward(*(values[j] for j in node.inputs))
        return values

    def _tangent_leaves(self, v: Array) -> list:
        """Each leaf's tangent along v: leaves are linear in theta, data leaves constant."""
        dvalues = self.compiled._leaves(v, None, None)
        dvalues[self.compiled.x_leaf] = None
        dvalues[self.compiled.y_leaf] = None
        return dvalues

    def __call__(self, v: Array) -> Array:
        """H·v, a vector like theta."""
        v = np.asarray(v, dtype=np.float64)
        if v.shape != (self.n,):
            raise ValueError(f"v must have shape ({self.n},), got {v.shape}")
        self.products += 1
        values, grads = self._values, self._grads
        with np.errstate(all="ignore"):
            dvalues = self._tangent_leaves(v.copy())
            for i, node in enumerate(self._nodes):
                if node.op is None:
                    continue
                dxs = [dvalues[j] for j in node.inputs]
                if all(d is None for d in dxs):
                    continue
                xs = [values[j] for j in node.inputs]
                out = _rules(node.op)[0](node.op, xs, _fill(dxs, xs), values[i])
                if out is not None and np.shape(out) != np.shape(values[i]):
                    out = np.broadcast_to(out, np.shape(values[i]))
                dvalues[i] = out
            dgrads: list[Array | None] = [None] * len(values)
            for i, op, inputs, want, gather in self._plan.steps:
                g = grads[i]
                if g is None:
                    continue
                dg = dgrads[i]
                if dg is None:
                    dg = np.zeros_like(np.asarray(g, dtype=np.float64))
                xs = list(gather(values))
                dxs = _fill([dvalues[j] for j in inputs], xs)
                dout = dvalues[i]
                if dout is None:
                    dout = np.zeros_like(np.asarray(values[i], dtype=np.float64))
                local = _rules(op)[1](op, g, dg, values[i], dout, xs, dxs, want)
                for j, dj, w in zip(inputs, local, want):
                    if w and dj is not None:
                        dgrads[j] = dj if dgrads[j] is None else dgrads[j] + dj
            return np.asarray(self.compiled._pack_grads(values, dgrads), dtype=np.float64)

    matvec = __call__

    def dense(self) -> Array:
        """The whole Hessian, one product per column (for small models and tests)."""
        eye = np.eye(self.n)
        h = np.column_stack([self(eye[k]) for k in range(self.n)]) if self.n else eye
        return 0.5 * (h + h.T)


def _fill(dxs: Sequence[Array | None], xs: Sequence) -> list:
    """Zeros for the missing tangents of array inputs (None stays for absent data)."""
    return [d if d is not None else (None if x is None else np.zeros(np.shape(x)))
            for d, x in zip(dxs, xs)]


def hvp(compiled, theta: Array, v: Array, x: Array | None = None,
        y: Array | None = None) -> Array:
    """H(theta)·v of `compiled`'s loss over the data (x, y); exact, not a difference."""
    return HessianOperator(compiled, theta, x, y)(v)
