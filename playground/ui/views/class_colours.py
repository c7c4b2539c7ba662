"""Colours of classes: one hue per class, and a region's lightness from the model's confidence."""

from __future__ import annotations

import html

import numpy as np
from PySide6.QtCore import QCoreApplication

from playground.ui import style

# Classes 0 and 1 keep the two-class colours; the rest follow the usual categorical palette.
PALETTE = (style.NEGATIVE, style.POSITIVE, "#2ca02c", "#d62728", "#9467bd", "#8c564b",
           "#e377c2", "#7f7f7f", "#bcbd22", "#17becf")
STRONGEST = 0.55  # how far a fully confident region goes from white towards its class colour


def class_colour(k: int) -> str:
    """The colour of class `k` (the palette repeats after ten classes)."""
    return PALETTE[k % len(PALETTE)]


def _rgb(colour: str) -> np.ndarray:
    return np.array([int(colour[i:i + 2], 16) for i in (1, 3, 5)], dtype=float)


def probabilities(outputs: np.ndarray, loss_kind: str) -> np.ndarray:
    """Each row's class probabilities: softmax of logits for softmax cross-entropy, else the
    outputs clipped to [0, 1] and normalised (a squared loss on one-hot targets)."""
    out = np.asarray(outputs, dtype=float)
    if loss_kind == "softmax_ce":
        e = np.exp(out - out.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)
    p = np.clip(out, 0.0, 1.0)
    total = p.sum(axis=1, keepdims=True)
    return np.where(total > 0, p / np.where(total > 0, total, 1.0), 1.0 / out.shape[1])


def region_colours(outputs: np.ndarray, loss_kind: str, discrete: bool = False) -> np.ndarray:
    """(n, 3) uint8: each point in its predicted class's colour, white where the model cannot
    tell the classes apart, as strong as STRONGEST where it is sure (everywhere when
    `discrete`: only the class said shows)."""
    p = probabilities(outputs, loss_kind)
    k = p.shape[1]
    said = np.argmax(p, axis=1)
    confidence = np.ones(len(p)) if discrete else \
        np.clip((p.max(axis=1) - 1.0 / k) / (1.0 - 1.0 / k), 0.0, 1.0)
    colours = np.array([_rgb(class_colour(c)) for c in range(k)])
    white = np.full(3, 255.0)
    mix = (STRONGEST * confidence)[:, None]
    return np.rint(white + (colours[said] - white) * mix).astype(np.uint8)


def class_lut(k: int) -> np.ndarray:
    """(256, 3) uint8 from white to class `k`'s region colour at full confidence (STRONGEST)."""
    white = np.full(3, 255.0)
    share = np.linspace(0.0, STRONGEST, 256)[:, None]
    return np.rint(white + (_rgb(class_colour(k)) - white) * share).astype(np.uint8)


LEGEND_CLASSES = 10  # more names than this do not fit above a plot
LEGEND_CHARS = 16


def class_legend(names: tuple[str, ...]) -> str:
    """Rich text naming each class beside a dot of its colour."""
    parts = []
    for k, name in enumerate(names[:LEGEND_CLASSES]):
        short = name if len(name) <= LEGEND_CHARS else name[:LEGEND_CHARS - 1] + "…"
        parts.append(f"<span style='color: {class_colour(k)}'>●</span> {html.escape(short)}")
    if len(names) > LEGEND_CLASSES:
        parts.append(
            QCoreApplication.translate("ClassColours", "… {count} more").format(
                count=len(names) - LEGEND_CLASSES
            )
        )
    return "&nbsp;&nbsp;".join(parts)
