"""Accuracy of a classifier: the share of points whose predicted class is the target's."""

from __future__ import annotations

import math

import numpy as np

Array = np.ndarray


def accuracy(outputs: Array, y: Array, loss_kind: str) -> float:
    """Share of rows classified right (NaN without rows). One output is a yes/no
    answer: above 0 for logits, above ½ otherwise; several outputs: the largest wins."""
    out = np.asarray(outputs, dtype=float)
    y = np.asarray(y, dtype=float)
    if out.ndim == 1:
        out = out[:, None]
    if len(out) == 0:
        return math.nan
    if out.shape[1] == 1:
        threshold = 0.0 if loss_kind == "bce_logits" else 0.5
        right = (out[:, 0] > threshold) == (y.reshape(len(y), -1)[:, 0] > 0.5)
    else:
        right = np.argmax(out, axis=1) == np.argmax(y, axis=1)
    return float(np.mean(right))
