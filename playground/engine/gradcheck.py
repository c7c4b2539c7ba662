"""Check backprop against central finite differences, parameter by parameter."""

from __future__ import annotations

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
                     progress: Callable[[int, int], None] | None = None) -> Array:
    """Central differences of fourth order, one parameter at a time.

    (−f(θ+2ε) + 8f(θ+ε) − 8f(θ−ε) + f(θ−2ε)) / 12ε: its truncation error is O(ε⁴), so
    a larger ε keeps rounding noise near 1e-12 and small gradients stay checkable.
    `indices` limits the check to those parameters (the result has one value each);
    `progress(done, total)` is called after each.
    """
    theta = np.array(theta, dtype=float)
    which = range(theta.size) if indices is None else list(indices)
    out = np.empty(len(which))
    for n, i in enumerate(which):
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
                    progress: Callable[[int, int], None] | None = None) -> GradCheck:
    """Compare a backprop gradient with finite differences of `f` at `theta` (at the
    parameters `indices` only, if given: the result then holds just those)."""
    numeric = numeric_gradient(f, theta, eps, indices, progress)
    grad = np.asarray(grad, dtype=float)
    names = names or [f"p{i}" for i in range(theta.size)]
    if indices is not None:
        grad = grad[list(indices)]
        names = [names[i] for i in indices]
    return GradCheck(list(names), grad, numeric, relative_error(grad, numeric))


def check_network(compiled, theta: Array, x: Array, y: Array, eps: float = 1e-4,
                  indices: Sequence[int] | None = None,
                  progress: Callable[[int, int], None] | None = None) -> GradCheck:
    """Gradient check of a compiled network's loss at `theta` on data (x, y)."""
    _, grad = compiled.loss_and_grad(theta, x, y)
    return check_gradients(lambda t: compiled.loss(t, x, y), grad, theta,
                           compiled.parameter_names, eps, indices, progress)


def sample_indices(n_params: int, seconds_per_loss: float, budget: float) -> list[int] | None:
    """Parameters to check by finite differences within `budget` seconds (4 losses each):
    None for all of them when they fit, else an evenly spread sample (at least one)."""
    fits = int(budget / max(4 * seconds_per_loss, 1e-9))
    if fits >= n_params:
        return None
    k = max(1, fits)
    return sorted({int(round(v)) for v in np.linspace(0, n_params - 1, k)})
