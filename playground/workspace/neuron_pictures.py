"""What each neuron computes over the input plane, as small pictures (no Qt).

A picture is a neuron's activation on a grid over the data view's input range
(for an input neuron: its feature). All neurons come from one forward pass of
the compiled network over the grid's points. Colours follow the data view's
colour map: `colour_levels` says which value is the map's negative end and which
its positive end, `rgba` turns values into round, see-through-cornered pixels.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from playground.engine.compiled import CompiledNetwork
from playground.engine.datasets import Dataset, apply_features
from playground.engine.losses import LOSSES

PICTURE_GRID = 24  # cells per side of a neuron's picture
PICTURE_PIXELS = 3  # pixels per cell of the picture as drawn (round edge, crisp cells)
# Above this many neurons the discs are too small to read and a refresh costs tens of
# milliseconds (benchmarks/neuron_pictures.py): the neurons are drawn plain.
MAX_NEURONS = 100
PLANE_PAD = 0.08  # the plane reaches this share of the data's range past the data
LINE_PAD = 0.05  # the same for one input (the data view's curve)


def plane_range(x_all: np.ndarray, share: float = PLANE_PAD) -> tuple[np.ndarray, np.ndarray]:
    """(lo, hi) of the input plane the data view draws: the data's range, padded."""
    lo, hi = x_all.min(axis=0), x_all.max(axis=0)
    pad = share * np.maximum(hi - lo, 1e-6)
    return lo - pad, hi + pad


@dataclass(frozen=True, eq=False)
class PictureGrid:
    """The points a picture samples: rows follow x2 (bottom row first), columns x1."""

    features: np.ndarray  # (rows * cols, inputs) in the network's input features
    rows: int
    cols: int
    lo: tuple[float, ...]  # the plane's corner (x1, x2) or the line's start (x1,)
    hi: tuple[float, ...]


def grid_for(dataset: Dataset, features: list[str], n: int = PICTURE_GRID
             ) -> PictureGrid | None:
    """The grid over `dataset`'s input range (n × n for 2 raw inputs, n × 1 for one, as
    stripes); None when the data have no plane or line to draw over."""
    x_all = np.concatenate([dataset.x_train, dataset.x_test])
    n_raw = x_all.shape[1] if x_all.ndim == 2 else 0
    if n_raw not in (1, 2) or len(x_all) == 0:
        return None
    lo, hi = plane_range(x_all, PLANE_PAD if n_raw == 2 else LINE_PAD)
    if n_raw == 2:
        gx, gy = np.meshgrid(np.linspace(lo[0], hi[0], n), np.linspace(lo[1], hi[1], n))
        raw, rows = np.column_stack([gx.ravel(), gy.ravel()]), n
    else:
        raw, rows = np.linspace(lo[0], hi[0], n)[:, None], 1
    try:
        mapped = apply_features(raw, features)
    except ValueError:
        return None  # the network reads features these inputs cannot give
    return PictureGrid(mapped.astype(np.float32), rows, n, tuple(map(float, lo)),
                       tuple(map(float, hi)))


def neuron_values(compiled: CompiledNetwork, theta: np.ndarray, grid: PictureGrid
                  ) -> dict[str, np.ndarray]:
    """Every neuron's activation over `grid`, (rows, cols) each, from one forward call."""
    acts = compiled.activations(np.asarray(theta, dtype=np.float32), grid.features)
    return {nid: np.asarray(a, dtype=float).reshape(grid.rows, grid.cols)
            for nid, a in acts.items()}


@dataclass(frozen=True)
class Scale:
    """How a neuron's values map onto the colour map: `link` first (if any), then lo..hi."""

    lo: float
    hi: float
    link: bool = False


def output_scale(dataset: Dataset, loss_kind: str) -> Scale:
    """The data view's scale of a single output: probabilities 0..1 for a classifier,
    ± the largest target for a regression."""
    if dataset.kind == "classification":
        return Scale(0.0, 1.0, LOSSES[loss_kind].link is not None)
    y = np.concatenate([dataset.y_train, dataset.y_test]).ravel()
    half = float(np.abs(y).max()) if y.size else 0.0
    return Scale(-half, half) if half > 0 else Scale(-1.0, 1.0)


def colour_levels(values: np.ndarray, role: str, single_output: Scale | None) -> Scale:
    """The scale of one neuron's picture. A single output uses the data view's own scale,
    so its picture is the data view's heatmap in small; other neurons are white at 0 and
    full colour at ± their largest value (at least ±1 for hidden ones, so a nearly silent
    neuron stays pale instead of showing its noise at full strength)."""
    if role == "output" and single_output is not None:
        return single_output
    finite = values[np.isfinite(values)]
    peak = float(np.abs(finite).max()) if finite.size else 0.0
    if role != "input":
        peak = max(peak, 1.0)
    peak = peak or 1.0
    return Scale(-peak, peak)


def scaled(values: np.ndarray, scale: Scale, loss_kind: str) -> np.ndarray:
    """Values as positions 0..1 on the colour map (NaN goes to the middle)."""
    v = LOSSES[loss_kind].link(values) if scale.link else values
    t = (np.asarray(v, dtype=float) - scale.lo) / (scale.hi - scale.lo)
    return np.clip(np.nan_to_num(t, nan=0.5), 0.0, 1.0)


@functools.cache
def disc_alpha(size: int) -> np.ndarray:
    """(size, size) uint8 opacity of a disc filling the square, antialiased at its rim."""
    c = (size - 1) / 2
    y, x = np.mgrid[0:size, 0:size]
    cover = np.clip(size / 2 - np.hypot(x - c, y - c), 0.0, 1.0)
    out = (cover * 255).astype(np.uint8)
    out.flags.writeable = False  # shared by every picture
    return out


def rgba(t: np.ndarray, lut: np.ndarray, pixels: int = PICTURE_PIXELS) -> np.ndarray:
    """Round pictures (…, h*pixels, w*pixels, 4) uint8 of positions `t` (…, h, w) through
    `lut` (256, 3): each cell `pixels` square, top row = the plane's top (largest x2); a
    single row (a line) is drawn as stripes filling the disc."""
    index = np.rint(t * (len(lut) - 1)).astype(np.intp)
    rows, cols = t.shape[-2:]
    if rows == 1:
        index = np.repeat(index, cols, axis=-2)
    img = lut[index[..., ::-1, :]]  # image rows run downwards, the plane's x2 upwards
    img = np.repeat(np.repeat(img, pixels, axis=-3), pixels, axis=-2)
    size = img.shape[-2]
    alpha = np.broadcast_to(disc_alpha(size), img.shape[:-1])
    return np.concatenate([img, alpha[..., None]], axis=-1)


@dataclass(frozen=True, eq=False)
class PictureSource:
    """What the pictures of one problem are computed from (built once per document)."""

    compiled: CompiledNetwork
    grid: PictureGrid
    roles: dict[str, str]
    single_output: Scale | None
    loss_kind: str


def picture_grid(compiled: CompiledNetwork, dataset: Dataset) -> PictureGrid | None:
    """The grid a network's pictures are drawn over, or None when it has none: more than
    `MAX_NEURONS` neurons, or data that give no plane or line."""
    if len(compiled.position) > MAX_NEURONS:
        return None
    return grid_for(dataset, compiled.input_features)


def picturable(compiled: CompiledNetwork, dataset: Dataset) -> bool:
    """Whether a network has pictures (see `picture_grid`)."""
    return picture_grid(compiled, dataset) is not None


def picture_source(compiled: CompiledNetwork, dataset: Dataset, roles: dict[str, str],
                   loss_kind: str) -> PictureSource | None:
    """The source of a network's pictures, or None when it is not `picturable`."""
    grid = picture_grid(compiled, dataset)
    if grid is None:
        return None
    single = output_scale(dataset, loss_kind) if len(compiled.output_ids) == 1 else None
    return PictureSource(compiled, grid, roles, single, loss_kind)


@dataclass(frozen=True, eq=False)
class ClassTint:
    """How the data view colours several classes, for the output neurons' pictures: each
    output's probability of its class, from white to that class's colour."""

    probabilities: Callable[[np.ndarray], np.ndarray]  # (n, k) outputs -> (n, k), rows sum 1
    luts: tuple[np.ndarray, ...]  # (256, 3) uint8 per class: white .. its colour


def class_positions(values: dict[str, np.ndarray], output_ids: list[str], tint: ClassTint
                    ) -> dict[str, np.ndarray]:
    """Each output's probability of its class over the grid (same shape as its values)."""
    shape = values[output_ids[0]].shape
    outputs = np.stack([values[o].ravel() for o in output_ids], axis=1)
    p = tint.probabilities(outputs)
    return {o: p[:, k].reshape(shape) for k, o in enumerate(output_ids)}


def pictures(source: PictureSource, theta: np.ndarray, lut: np.ndarray,
             tint: ClassTint | None = None) -> dict[str, np.ndarray]:
    """Every neuron's round RGBA picture for parameters `theta`; with `tint` (several
    classes) the outputs show their class's probability in its colour."""
    values = neuron_values(source.compiled, theta, source.grid)
    ids = list(values)
    t = np.stack([scaled(v, colour_levels(v, source.roles.get(nid, "hidden"),
                                          source.single_output), source.loss_kind)
                  for nid, v in values.items()])
    images = rgba(t, lut)  # all neurons at once: one colouring, not one per neuron
    out = {nid: images[k] for k, nid in enumerate(ids)}
    outputs = source.compiled.output_ids
    if tint is not None and len(outputs) == len(tint.luts) > 1:
        for k, (nid, p) in enumerate(class_positions(values, outputs, tint).items()):
            out[nid] = rgba(p, tint.luts[k])
    return out
