"""Colours and fonts shared by every view, so the pictures read as one tool."""

from __future__ import annotations

FONT_FAMILY = "DejaVu Sans"
BACKGROUND = "#ffffff"
TEXT = "#222222"
MUTED = "#777777"
GRID = "#d8d8d8"
SELECTION = "#d62728"

# Sign of a weight (and the two classes of the data), as in TensorFlow Playground.
POSITIVE = "#0877bd"
NEGATIVE = "#f59322"

TRAIN = "#1f5fa8"  # train loss curve
TEST = "#e4572e"  # test loss curve
PATH = "#ffffff"  # descent path over the landscape's dark colours
PATH_EDGE = "#111111"
START = "#2ca02c"
CURRENT = "#d62728"
GRADIENT = "#ff4f9a"

BANNER_BG = "#fdecea"
BANNER_FG = "#8a1c12"

ROLE_FILL = {"input": "#eef3f8", "hidden": "#ffffff", "output": "#f6f1e7"}
