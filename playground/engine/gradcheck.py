"""Check backprop against central finite differences, parameter by parameter."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

Array = np.ndarray


@dataclass(frozen=True)
class GradCheck:
    """Backprop and finite-difference derivatives side by side."""

    names: list[str]
    backprop: Array
    numeric: Array
    relative_error: Array

    @property
    def max_error(self) -> float:
        return float(self.relative_error.max(initial=0.0))

    def failures(self, tolerance: float = 1e-5) -> list[str]:
        """Names of the parameters whose relative error exceeds `tolerance`."""
        return [n for n, e in zip(self.names, self.relative_error) if e > tolerance]


def relative_error(a: Array, b: Array, floor: float = 1e-4) -> Array:
    """|a − b| / max(|a|, |b|, floor): relative for large values, absolute near zero.

    The floor keeps finite-difference noise (~1e-11) on a zero gradient from reading
    as a large relative error.
    """
    a, b = np.asarray(a, float), np.asarray(b, float)
    return np.abs(a - b) / np.maximum(np.maximum(np.abs(a), np.abs(b)), floor)


def numeric_gradient(f: Callable[[Array], float], theta: Array, eps: float = 1e-4,
                     indices: Sequence[int] | None = None,
                     progress: Callable[[int, int], None] | None = None,
                     deadline: float | None = None) -> Array:
    """Central differences of fourth order, one parameter at a time.

    (−f(θ+2ε) + 8f(θ+ε) − 8f(θ−ε) + f(θ−2ε)) / 12ε: its truncation error is O(ε⁴), so
    a larger ε keeps rounding noise near 1e-12 and small gradients stay checkable.
    `indices` limits the check to those parameters, in that order (one value each);
    `progress(done, total)` is called after each; past `deadline` (time.monotonic())
    it stops, and the result holds the parameters done so far (at least one).
    """
    theta = np.array(theta, dtype=float)
    which = range(theta.size) if indices is None else list(indices)
    out = np.empty(len(which))
    for n, i in enumerate(which):
        if n and deadline is not None and time.monotonic() > deadline:
            return out[:n]
        old = theta[i]
        vals = []
        for k in (2, 1, -1, -2):
            theta[i] = old + k * eps
            vals.append(float(f(theta)))
        theta[i] = old
        out[n] = (-vals[0] + 8 * vals[1] - 8 * vals[2] + vals[3]) / (12 * eps)
        if progress is not None:
            progress(n + 1, len(which))
    return out


def check_gradients(f: Callable[[Array], float], grad: Array, theta: Array,
                    names: list[str] | None = None, eps: float = 1e-4,
                    indices: Sequence[int] | None = None,
                    progress: Callable[[int, int], None] | None = None,
                    deadline: float | None = None) -> GradCheck:
    """Compare a backprop gradient with finite differences of `f` at `theta` (at the
    parameters `indices` only, if given, and only as many as the deadline allows: the
    result then holds just those)."""
    numeric = numeric_gradient(f, theta, eps, indices, progress, deadline)
    grad = np.asarray(grad, dtype=float)
    names = names or [f"p{i}" for i in range(theta.size)]
    if indices is not None or len(numeric) < theta.size:
        done = list(range(theta.size) if indices is None else indices)[:len(numeric)]
        grad = grad[done]
        names = [names[i] for i in done]
    return GradCheck(list(names), grad, numeric, relative_error(grad, numeric))


def check_network(compiled, theta: Array, x: Array, y: Array, eps: float = 1e-4,
                  indices: Sequence[int] | None = None,
                  progress: Callable[[int, int], None] | None = None,
                  deadline: float | None = None) -> GradCheck:
    """Gradient check of a compiled network's loss at `theta` on data (x, y)."""
    _, grad = compiled.loss_and_grad(theta, x, y)
    return check_gradients(lambda t: compiled.loss(t, x, y), grad, theta,
                           compiled.parameter_names, eps, indices, progress, deadline)


def spread_order(n: int) -> list[int]:
    """0..n-1 in bit-reversed order: every prefix is spread evenly over the range, so a
    check cut short by its deadline has still sampled all of the parameters' range."""
    bits = max(1, (n - 1).bit_length())
    return sorted(range(n), key=lambda i: int(format(i, f"0{bits}b")[::-1], 2))
