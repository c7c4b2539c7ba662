"""Losses and regularisation penalties as autodiff ops.

A per-sample loss sums over the outputs; the reduction then sums or averages the
per-sample losses over the samples (the articles sum: Σ ½(ŷ − y)²). Predictions
may carry a leading parameter-batch axis (K, n, m); the loss is then (K,).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from playground.engine.activations import sigmoid
from playground.engine.autodiff import Op

Array = np.ndarray


@dataclass(frozen=True)
class Loss:
    """One per-sample loss: its value, its derivative beside it, and how the views show it.

    Formula text is markup-free (`_{…}` subscript, `^{…}` superscript, `o` the output);
    `playground.workspace.formulas` turns it into rich text.
    """

    name: str  # the file format's name
    label: str  # shown in the controls
    per_element: Callable[[Array, Array], Array]  # loss of each sample and output
    dloss_dp: Callable[[Array, Array], Array]  # its derivative by the prediction p
    formula: str  # per-sample loss of output o, e.g. "½(a_{o} − y_{o})^{2}"
    derivative: str  # ∂(per-sample loss)/∂a_{o}
    squared_scale: float | None = None  # c when the loss is c·(p − y)²: a faster path
    link: Callable[[Array], Array] | None = None  # maps an output to what it predicts
    # Softmax over a single output is always 1: its loss is 0 and nothing would learn.
    min_outputs: int = 1
    # (p, y, dp) -> the second derivative by p applied to the direction dp, for
    # Hessian-vector products (engine.hvp); None: curvature is refused.
    d2loss_dp: Callable[[Array, Array, Array], Array] | None = None


def _log_softmax(p: Array) -> Array:
    shifted = p - p.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


def _half_squared(p: Array, y: Array) -> Array:
    r = p - y
    return 0.5 * r * r


def _squared(p: Array, y: Array) -> Array:
    r = p - y
    return r * r


def _bce_logits(p: Array, y: Array) -> Array:
    # max(p, 0) − p·y + log(1 + e^−|p|): exact and never overflows.
    return np.maximum(p, 0.0) - p * y + np.log1p(np.exp(-np.abs(p)))


def _dsoftmax_ce(p: Array, y: Array) -> Array:
    return np.exp(_log_softmax(p)) * y.sum(axis=-1, keepdims=True) - y


def _d2bce_logits(p: Array, y: Array, dp: Array) -> Array:
    s = sigmoid(p)
    return s * (1.0 - s) * dp


def _d2softmax_ce(p: Array, y: Array, dp: Array) -> Array:
    # (diag(s) − s sᵀ)·dp, scaled by Σy as the gradient is: the outputs are coupled.
    s = np.exp(_log_softmax(p))
    sdp = s * dp
    return (sdp - s * sdp.sum(axis=-1, keepdims=True)) * y.sum(axis=-1, keepdims=True)


LOSSES: dict[str, Loss] = {
    loss.name: loss
    for loss in [
        Loss("half_squared", "½ squared error", _half_squared,
             lambda p, y: p - y, "½(a_{o} − y_{o})^{2}", "a_{o} − y_{o}", squared_scale=0.5,
             d2loss_dp=lambda p, y, dp: dp),
        Loss("squared", "squared error", _squared,
             lambda p, y: 2.0 * (p - y), "(a_{o} − y_{o})^{2}", "2(a_{o} − y_{o})",
             squared_scale=1.0, d2loss_dp=lambda p, y, dp: 2.0 * dp),
        Loss("bce_logits", "binary cross-entropy (on logits)", _bce_logits,
             lambda p, y: sigmoid(p) - y, "BCE(σ(a_{o}), y_{o})", "σ(a_{o}) − y_{o}",
             link=sigmoid, d2loss_dp=_d2bce_logits),
        Loss("softmax_ce", "softmax cross-entropy", lambda p, y: -y * _log_softmax(p),
             _dsoftmax_ce, "−y_{o} log softmax(a)_{o}", "softmax(a)_{o}·Σy − y_{o}",
             min_outputs=2, d2loss_dp=_d2softmax_ce),
    ]
}
REDUCTIONS = ("sum", "mean")
REGULARIZERS = ("none", "l1", "l2")


@dataclass(frozen=True)
class LossSpec:
    """Which loss, how it is reduced over samples, and the weight penalty."""

    kind: str = "half_squared"
    reduction: str = "mean"
    regularizer: str = "none"  # "l1": rate·Σ|w|; "l2": ½·rate·Σw² (weights only, not biases)
    rate: float = 0.0

    def __post_init__(self) -> None:
        if self.kind not in LOSSES:
            raise ValueError(f"unknown loss {self.kind!r}; choose one of {', '.join(LOSSES)}")
        if self.reduction not in REDUCTIONS:
            raise ValueError(f"unknown reduction {self.reduction!r}; choose sum or mean")
        if self.regularizer not in REGULARIZERS:
            raise ValueError(
                f"unknown regularizer {self.regularizer!r}; choose one of "
                f"{', '.join(REGULARIZERS)}")
        if not (np.isfinite(self.rate) and self.rate >= 0):
            raise ValueError(f"regularisation rate must be finite and ≥ 0, got {self.rate}")


class DataLoss(Op):
    """loss(prediction, target) reduced to one number per parameter setting."""

    def __init__(self, kind: str, reduction: str):
        self.kind = kind
        self.loss = LOSSES[kind]
        self.reduction = reduction
        self.name = f"{kind}/{reduction}"

    def per_element(self, p: Array, y: Array) -> Array:
        """The loss of each sample and output before any reduction."""
        return self.loss.per_element(p, y)

    def forward(self, p, y):
        scale = self.loss.squared_scale
        if p.ndim == 2 and scale is not None:
            r = (p - y).ravel()
            total = np.dot(r, r) * scale
        else:
            total = self.per_element(p, y).sum(axis=(-2, -1))
        if self.reduction == "mean":
            total = total / p.shape[-2]
        return total

    def dloss_dp(self, p: Array, y: Array) -> Array:
        """d(sum of per-element losses)/dp."""
        return self.loss.dloss_dp(p, y)

    def backward(self, g, out, xs, needs):
        p, y = xs
        d = self.dloss_dp(p, y)
        scale = 1.0 / p.shape[-2] if self.reduction == "mean" else 1.0
        g = np.asarray(g)
        if g.ndim:
            return [(scale * g)[..., None, None] * d, None]
        return [d * (scale * float(g)) if scale != 1.0 or g != 1.0 else d, None]


class Penalty(Op):
    """Regularisation of one weight block: rate·Σ|w| (l1) or ½·rate·Σw² (l2)."""

    def __init__(self, kind: str, rate: float):
        self.kind = kind
        self.rate = rate
        self.name = kind

    def forward(self, w):
        if self.kind == "l1":
            return self.rate * np.abs(w).sum(axis=(-2, -1))
        return 0.5 * self.rate * (w * w).sum(axis=(-2, -1))

    def backward(self, g, out, xs, needs):
        (w,) = xs
        d = np.sign(w) if self.kind == "l1" else w
        return [self.rate * np.asarray(g)[..., None, None] * d]
