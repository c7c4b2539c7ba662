"""Activation functions, each with its derivative beside it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

Array = np.ndarray

LEAKY_SLOPE = 0.01


@dataclass(frozen=True)
class Activation:
    """An elementwise function f and its derivative df(z, a) with a = f(z)."""

    name: str
    label: str
    f: Callable[[Array], Array]
    df: Callable[[Array, Array], Array]
    formula: str  # HTML, for the inspector


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


ACTIVATIONS: dict[str, Activation] = {
    a.name: a
    for a in [
        Activation("linear", "Linear", lambda z: z, lambda z, a: np.ones_like(z), "z"),
        Activation("sigmoid", "Sigmoid", sigmoid, lambda z, a: a * (1.0 - a),
                   "1 / (1 + e<sup>−z</sup>)"),
        Activation("tanh", "Tanh", np.tanh, lambda z, a: 1.0 - a * a, "tanh z"),
        Activation("relu", "ReLU", _relu, _drelu, "max(0, z)"),
        Activation("leaky_relu", "Leaky ReLU", _leaky, _dleaky,
                   f"max({LEAKY_SLOPE}z, z)"),
        Activation("softplus", "Softplus", softplus, lambda z, a: sigmoid(z),
                   "log(1 + e<sup>z</sup>)"),
        Activation("sine", "Sine", np.sin, lambda z, a: np.cos(z), "sin z"),
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
