"""How a classifier does, class by class: predicted classes, the confusion table, accuracy."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

Array = np.ndarray


def predicted_classes(outputs: Array, loss_kind: str) -> Array:
    """The class each output row says: one output is a yes/no answer (above 0 for logits,
    above ½ otherwise); with several outputs the largest wins."""
    out = np.asarray(outputs, dtype=float)
    if out.ndim == 1:
        out = out[:, None]
    if out.shape[1] == 1:
        threshold = 0.0 if loss_kind == "bce_logits" else 0.5
        return (out[:, 0] > threshold).astype(np.intp)
    return np.argmax(out, axis=1)


def target_classes(y: Array) -> Array:
    """The class of each target row: 0/1 for one column, the hot column of one-hot rows."""
    y = np.asarray(y, dtype=float)
    if y.ndim == 1:
        y = y[:, None]
    return (y[:, 0] > 0.5).astype(np.intp) if y.shape[1] == 1 else np.argmax(y, axis=1)


@dataclass(frozen=True)
class Confusion:
    """counts[t, p]: how many points of class t the model put in class p."""

    counts: Array
    classes: tuple[str, ...]

    @property
    def total(self) -> int:
        return int(self.counts.sum())

    @property
    def accuracy(self) -> float:
        """Share of points classified right (NaN without points)."""
        return float(np.trace(self.counts) / self.total) if self.total else math.nan

    @property
    def per_class(self) -> dict[str, float]:
        """Each class's share of its points classified right (NaN for a class with none)."""
        rows = self.counts.sum(axis=1)
        return {name: float(self.counts[k, k] / rows[k]) if rows[k] else math.nan
                for k, name in enumerate(self.classes)}

    def to_dict(self) -> dict:
        """Plain numbers for JSON: accuracy, per-class accuracy (None for no points), counts."""
        def finite(v: float) -> float | None:
            return v if math.isfinite(v) else None
        return {"accuracy": finite(self.accuracy),
                "per_class": {k: finite(v) for k, v in self.per_class.items()},
                "classes": list(self.classes), "confusion": self.counts.tolist()}


def confusion(outputs: Array, y: Array, loss_kind: str, classes: tuple[str, ...]) -> Confusion:
    """The confusion table of `outputs` (the network's, before any link) against targets `y`."""
    k = len(classes)
    truth = target_classes(y)
    said = predicted_classes(outputs, loss_kind)
    counts = np.zeros((k, k), dtype=np.int64)
    np.add.at(counts, (truth, said), 1)
    return Confusion(counts, tuple(classes))
