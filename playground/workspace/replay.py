"""Looking back at a recorded run: which recorded point shows a step, which steps make a movie.

The history keeps the parameters of every step of a recent window and a thinned
sample further back (engine/training.py `History`); replaying a step shows the
newest recorded point at or before it. Nothing here rewinds a run.
"""

from __future__ import annotations

import numpy as np

from playground.io.animation import MAX_FRAMES


def point_at(path_steps: np.ndarray, step: int) -> int:
    """Index of the newest recorded point at or before `step` (the first point before the
    record starts); ValueError for an empty record."""
    steps = np.asarray(path_steps)
    if not len(steps):
        raise ValueError("nothing recorded yet: train a step first")
    return max(int(np.searchsorted(steps, step, side="right")) - 1, 0)


def frame_steps(first: int, last: int, frames: int) -> np.ndarray:
    """At most `frames` steps from `first` to `last`, both included, evenly spread."""
    first, last, frames = int(first), int(last), int(frames)
    if first < 0 or last < first:
        raise ValueError(f"the step range must run forwards from 0 or more, got {first}..{last}")
    if not 2 <= frames <= MAX_FRAMES:
        raise ValueError(f"frames must be from 2 to {MAX_FRAMES:,}, got {frames}")
    return np.unique(np.linspace(first, last, frames).round().astype(np.int64))
