"""Every size and count limit of the app, in one table.

Each limit is checked before anything that depends on it is allocated, and each
is chosen so the app still works at the limit (`benchmarks/limits.py` measures
load, one training step, `grad` and the network view there; docs/file-format.md
lists them). The limits the engine enforces by itself (points, generator
columns) are defined there, as the engine cannot import this layer, and only
named here, so every number has one definition.
"""

from __future__ import annotations

from dataclasses import dataclass

from playground.engine import datasets
from playground.engine.landscape.evaluator import MAX_RESOLUTION as ENGINE_MAX_RESOLUTION


@dataclass(frozen=True)
class Limit:
    """One limit: its name in messages, the largest allowed value and what is counted."""

    name: str
    value: int
    counts: str
    why: str

    def problem(self, count: int) -> str | None:
        """The one-line reason `count` is refused, or None when it is within the limit."""
        if count <= self.value:
            return None
        return f"{count:,} {self.counts} is more than the {self.name} limit of {self.value:,}"


FILE_BYTES = Limit("file size", 64 << 20, "bytes",
                   "a file is read whole before parsing; a 127 MB file of inline numbers "
                   "loaded in 2.8 s, so the limit is 64 MB (a load stays <= 2 s)")
NEURONS = Limit("neurons", 700, "neurons",
                "the network view draws each neuron and its level; its time grows faster "
                "than the count (a 2,000-neuron chain drew in 27 s, 800 in 4.9 s), so "
                "700 keeps it <= 5 s")
CONNECTIONS = Limit("connections", 3_000, "connections",
                    "the network view draws each connection (<= 5 s within 1 GB at the limit)")
POINTS = Limit("data points", datasets.MAX_POINTS, "data points",
               "the data view and the landscape evaluate every training point")
INLINE_POINTS = Limit("inline data points", 250_000, "data points",
                      "rows written in the file itself are parsed and checked one by one "
                      "(a load stays <= 2 s); generated data can have up to the points limit")
# A full-batch training step and every loss evaluation cost about
# training points x (connections + neurons); this caps it at ~1 s a step.
WORK = Limit("points x (connections + neurons)", 25_000_000, "point-connections",
             "one full-batch training step stays under ~1 s")
GENERATOR_COLUMNS = Limit("generator columns", datasets.MAX_COLS, "columns",
                          "a generator's n_cols makes one input neuron per column")
GENERATOR_CELLS = Limit("generated values", datasets.MAX_CELLS, "values",
                        "n_rows x n_cols numbers are generated")
HISTORY = Limit("history entries", 100_000, "history entries",
                "histories are decimated; a file holds at most this many")
PATH_NUMBERS = Limit("path numbers", 1_000_000, "numbers",
                     "history path rows x parameters: a saved run's path is thinned to "
                     "fit, so the largest file still loads in <= 2 s")
STEPS = Limit("step count", 2**53, "steps", "a step count stays exact as a float64")
RESOLUTION = Limit("landscape resolution", 1024, "grid points per side",
                   "the landscape evaluates resolution² grid points")
PICTURE_SIDE = Limit("picture side", 8000, "pixels",
                     "an 8000x8000 ARGB picture takes 256 MB")
ANIMATION_PIXELS = Limit("animation size", 60_000_000, "pixels (frames x width x height)",
                         "a GIF or APNG holds every frame in memory (3 bytes a pixel) "
                         "until it is written: 180 MB at the limit")
GRAD_CHECK_SECONDS = Limit("finite-difference check time", 30, "seconds",
                           "`playground grad` checks an evenly spread sample of the "
                           "parameters when all of them would take longer, and says so")

MIN_RESOLUTION = 8
MIN_PICTURE_SIDE = 16
# A view range: finite, a width of at least this much (float32 grids need distinct
# points) and at most this much (beyond it no loss is meaningful and axes overflow).
MIN_SPAN = 1e-9
MAX_SPAN = 1e12

TABLE: tuple[Limit, ...] = (FILE_BYTES, NEURONS, CONNECTIONS, POINTS, INLINE_POINTS, WORK,
                            GENERATOR_COLUMNS, GENERATOR_CELLS, HISTORY, PATH_NUMBERS, STEPS,
                            RESOLUTION, PICTURE_SIDE, ANIMATION_PIXELS, GRAD_CHECK_SECONDS)

assert RESOLUTION.value <= ENGINE_MAX_RESOLUTION


def network_problem(n_neurons: int, n_connections: int, n_train: int) -> str | None:
    """Why a network of this size training on `n_train` points is over a limit, or None."""
    for limit, count in ((NEURONS, n_neurons), (CONNECTIONS, n_connections)):
        problem = limit.problem(count)
        if problem:
            return f"the network has {problem}"
    problem = WORK.problem(n_train * (n_connections + n_neurons))
    if problem:
        return (f"{n_train:,} training points x {n_connections + n_neurons:,} connections and "
                f"neurons: {problem}")
    return None


def span_problem(lo: float, hi: float) -> str | None:
    """Why [lo, hi] is no usable view range, or None."""
    import math

    if not (math.isfinite(lo) and math.isfinite(hi)):
        return f"must be finite numbers, not {lo!r} and {hi!r}"
    if not lo < hi:
        return f"needs the first value below the second, got {lo!r} and {hi!r}"
    if abs(lo) > MAX_SPAN or abs(hi) > MAX_SPAN:
        return f"must lie within ±{MAX_SPAN:g}, got [{lo:g}, {hi:g}]"
    if hi - lo < MIN_SPAN * max(1.0, abs(lo), abs(hi)):
        return f"is too narrow to draw ([{lo:g}, {hi:g}]; at least {MIN_SPAN:g} wide)"
    return None
