"""The operations a typed function compiles to, each with its local derivative beside it.

Add and the activations come from `autodiff`; these are the rest of the
expression whitelist (engine.expression): - * / **, unary minus, the
elementwise functions, min and max. Every backward is checked against finite
differences in tests/engine/test_function.py.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from playground.engine.autodiff import Op, unbroadcast

Array = np.ndarray


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


class Div(Op):
    name = "div"

    def forward(self, a, b):
        return a / b

    def backward(self, g, out, xs, needs):
        a, b = xs
        return [unbroadcast(g / b, np.shape(a)) if needs[0] else None,
                unbroadcast(-g * out / b, np.shape(b)) if needs[1] else None]


class Pow(Op):
    """a ** b with both sides variable: d/da = b·a^(b−1), d/db = a^b·log a."""

    name = "pow"

    def forward(self, a, b):
        return a ** b

    def backward(self, g, out, xs, needs):
        a, b = xs
        ga = gb = None
        if needs[0]:
            ga = unbroadcast(g * b * a ** (b - 1), np.shape(a))
        if needs[1]:
            # Where a^b is 0 its slope in b is 0 too (the limit of a^b·log a as a → 0+).
            with np.errstate(divide="ignore", invalid="ignore"):
                gb = unbroadcast(g * np.where(out == 0, 0.0, out * np.log(np.abs(a))),
                                 np.shape(b))
        return [ga, gb]


class Elementwise(Op):
    """A function of one argument with its derivative df(x, out) beside it."""

    def __init__(self, name: str, f: Callable[[Array], Array],
                 df: Callable[[Array, Array], Array],
                 d2f: Callable[[Array, Array], Array] | None = None):
        self.name = name
        self.f = f
        self.df = df
        self.d2f = d2f  # f″(x, out), for Hessian-vector products (engine.hvp)

    def forward(self, a):
        return self.f(a)

    def backward(self, g, out, xs, needs):
        return [g * self.df(xs[0], out)]


def _sec2(a: Array, out: Array) -> Array:
    return 1.0 + out * out


ELEMENTWISE: dict[str, tuple[Callable[[Array], Array], Callable[[Array, Array], Array]]] = {
    "exp": (np.exp, lambda a, out: out),
    "log": (np.log, lambda a, out: 1.0 / a),
    "sqrt": (np.sqrt, lambda a, out: 0.5 / out),
    "sin": (np.sin, lambda a, out: np.cos(a)),
    "cos": (np.cos, lambda a, out: -np.sin(a)),
    "tan": (np.tan, _sec2),
    # The subgradient 0 at the kink, as np.sign gives.
    "abs": (np.abs, lambda a, out: np.sign(a)),
}


# f″(x, out) of each elementwise function, beside ELEMENTWISE: curvature reads them.
SECOND_DERIVATIVES: dict[str, Callable[[Array, Array], Array]] = {
    "exp": lambda a, out: out,
    "log": lambda a, out: -1.0 / (a * a),
    "sqrt": lambda a, out: -0.25 / (out * out * out),
    "sin": lambda a, out: -out,
    "cos": lambda a, out: -out,
    "tan": lambda a, out: 2.0 * out * (1.0 + out * out),
    "abs": lambda a, out: np.zeros_like(a),
}


def elementwise(name: str) -> Elementwise:
    """The op applying the elementwise function `name` (see ELEMENTWISE)."""
    f, df = ELEMENTWISE[name]
    return Elementwise(name, f, df, SECOND_DERIVATIVES.get(name))


class Minimum(Op):
    """min(a, b); a tie sends the gradient to a, as a subgradient may."""

    name = "min"

    def forward(self, a, b):
        return np.minimum(a, b)

    def backward(self, g, out, xs, needs):
        a, b = xs
        first = a <= b
        return [unbroadcast(np.where(first, g, 0.0), np.shape(a)) if needs[0] else None,
                unbroadcast(np.where(first, 0.0, g), np.shape(b)) if needs[1] else None]


class Maximum(Op):
    """max(a, b); a tie sends the gradient to a."""

    name = "max"

    def forward(self, a, b):
        return np.maximum(a, b)

    def backward(self, g, out, xs, needs):
        a, b = xs
        first = a >= b
        return [unbroadcast(np.where(first, g, 0.0), np.shape(a)) if needs[0] else None,
                unbroadcast(np.where(first, 0.0, g), np.shape(b)) if needs[1] else None]
