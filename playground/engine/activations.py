"""Activation functions: each one is a single registry entry with everything known about it.

An entry holds the function, its derivative beside it, the float32 kernel the
landscape evaluates grids with, the formula text the chain-rule views show, and
the glyph drawn on a neuron. Adding an activation is adding one entry here (and
its name to the file format's JSON Schema, which a test keeps in step).

Formula text is markup-free: `_{…}` marks a subscript and `^{…}` a superscript;
`playground.workspace.formulas` turns it into rich text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

Array = np.ndarray

LEAKY_SLOPE = 0.01


@dataclass(frozen=True)
class Activation:
    """An elementwise function f and its derivative df(z, a) with a = f(z)."""

    name: str  # the file format's name
    label: str  # shown in menus and combo boxes
    f: Callable[[Array], Array]
    df: Callable[[Array, Array], Array]
    kernel32: Callable[[Array, Array], Array]  # f(z, out) for float32 grids, writes into out
    formula: str  # f(z), e.g. "1 / (1 + e^{−z})"
    derivative: str  # f′ in terms of z and a = f(z), e.g. "a(1 − a)"
    glyph: str  # short mark drawn inside a neuron
    # f″(z, a), for Hessian-vector products (engine.hvp); None: curvature is refused.
    d2f: Callable[[Array, Array], Array] | None = None


def sigmoid(z: Array) -> Array:
    """Logistic function, computed without overflow for any |z|."""
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0, e) / (1.0 + e)


def softplus(z: Array) -> Array:
    """log(1 + e^z) without overflow."""
    return np.logaddexp(0.0, z)


def _relu(z):
    return np.maximum(z, 0.0)


def _drelu(z, a):
    return (z > 0).astype(z.dtype)


def _leaky(z):
    return np.where(z > 0, z, LEAKY_SLOPE * z)


def _dleaky(z, a):
    return np.where(z > 0, 1.0, LEAKY_SLOPE).astype(z.dtype)


# ----------------------------------------------------------------------------- float32 kernels
# Each writes f(z) into `out` (never z itself) without float64 temporaries.

def _linear32(z: Array, out: Array) -> Array:
    np.copyto(out, z)
    return out


def _sigmoid32(z: Array, out: Array) -> Array:
    """1/(1 + e^{−z}); an overflowing exponential correctly gives 0."""
    np.negative(z, out=out)
    np.exp(out, out=out)
    out += 1.0
    np.reciprocal(out, out=out)
    return out


def _tanh32(z: Array, out: Array) -> Array:
    return np.tanh(z, out=out)


def _relu32(z: Array, out: Array) -> Array:
    return np.maximum(z, np.float32(0.0), out=out)


def _leaky32(z: Array, out: Array) -> Array:
    # max(z, s·z) is z for z > 0 and s·z below, as long as the slope s is under 1.
    np.multiply(z, np.float32(LEAKY_SLOPE), out=out)
    return np.maximum(z, out, out=out)


def _softplus32(z: Array, out: Array) -> Array:
    # max(z, 0) + log(1 + e^{−|z|}): about 5x faster than float32 logaddexp, as accurate.
    positive = np.maximum(z, np.float32(0.0))
    np.abs(z, out=out)
    np.negative(out, out=out)
    np.exp(out, out=out)
    np.log1p(out, out=out)
    out += positive
    return out


def _sine32(z: Array, out: Array) -> Array:
    return np.sin(z, out=out)


ACTIVATIONS: dict[str, Activation] = {
    a.name: a
    for a in [
        Activation("linear", "Linear", lambda z: z, lambda z, a: np.ones_like(z), _linear32,
                   "z", "1", "lin", d2f=lambda z, a: np.zeros_like(z)),
        Activation("sigmoid", "Sigmoid", sigmoid, lambda z, a: a * (1.0 - a), _sigmoid32,
                   "1 / (1 + e^{−z})", "a(1 − a)", "σ",
                   d2f=lambda z, a: a * (1.0 - a) * (1.0 - 2.0 * a)),
        Activation("tanh", "Tanh", np.tanh, lambda z, a: 1.0 - a * a, _tanh32,
                   "tanh z", "1 − a^{2}", "tanh", d2f=lambda z, a: -2.0 * a * (1.0 - a * a)),
        Activation("relu", "ReLU", _relu, _drelu, _relu32,
                   "max(0, z)", "1 if z > 0, else 0", "ReLU",
                   d2f=lambda z, a: np.zeros_like(z)),  # piecewise linear: 0 off the kink
        Activation("leaky_relu", "Leaky ReLU", _leaky, _dleaky, _leaky32,
                   f"max({LEAKY_SLOPE}z, z)", f"1 if z > 0, else {LEAKY_SLOPE}", "LReLU",
                   d2f=lambda z, a: np.zeros_like(z)),
        Activation("softplus", "Softplus", softplus, lambda z, a: sigmoid(z), _softplus32,
                   "log(1 + e^{z})", "1 / (1 + e^{−z})", "s+",
                   d2f=lambda z, a: sigmoid(z) * (1.0 - sigmoid(z))),
        Activation("sine", "Sine", np.sin, lambda z, a: np.cos(z), _sine32,
                   "sin z", "cos z", "sin", d2f=lambda z, a: -a),
    ]
}


def get(name: str) -> Activation:
    """The activation called `name`; ValueError listing the valid names otherwise."""
    try:
        return ACTIVATIONS[name]
    except KeyError:
        raise ValueError(
            f"unknown activation {name!r}; choose one of {', '.join(ACTIVATIONS)}"
        ) from None
