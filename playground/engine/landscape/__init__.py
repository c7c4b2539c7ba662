"""The loss landscape: the loss over a grid on a plane in parameter space.

`planes` chooses the plane (two parameter axes, a filter-normalised random plane,
the PCA plane of a path, the top two Hessian eigenvectors), `evaluator` computes
the loss over a grid on it, and `levels` picks readable contour levels. See docs/landscape.md.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import numpy as np

from playground.engine.landscape.evaluator import (
    MAX_RESOLUTION,
    Cancelled,
    PlaneEvaluator,
    Range,
    Surface,
    _check_count,
    _check_range,
    _check_resolution,
)
from playground.engine.landscape.levels import LOG_SPREAD, contour_levels
from playground.engine.landscape.planes import (
    TOO_FEW_PARAMETERS,
    LandscapeError,
    Plane,
    auto_range,
    axes_plane,
    hessian_plane,
    landscape_axes,
    project,
    random_plane,
    trajectory_plane,
)

__all__ = [
    "LOG_SPREAD", "MAX_RESOLUTION", "TOO_FEW_PARAMETERS", "Cancelled", "LandscapeError",
    "Plane",
    "PlaneEvaluator", "Surface", "auto_range", "axes_plane", "contour_levels", "evaluate",
    "hessian_plane",
    "landscape_axes", "project", "random_plane", "refine", "trajectory_plane",
]

Array = np.ndarray


# ----------------------------------------------------------------------------- public API

def evaluate(compiled, plane: Plane, x: Array, y: Array, range: Range,
             resolution: int | tuple[int, int] = 64, *, dtype=np.float32,
             chunk: int | None = None, workers: int = 1,
             cancelled: Callable[[], bool] | None = None) -> Surface:
    """The loss over `plane` on a grid spanning `range`, for data x, y; Cancelled when
    `cancelled()` answers True between chunks."""
    return PlaneEvaluator(compiled, plane, x, y, dtype).surface(range, resolution, chunk,
                                                                 workers, cancelled)


def refine(compiled, plane: Plane, x: Array, y: Array, range: Range,
           resolutions=(16, 32, 64, 128), *, dtype=np.float32, chunk: int | None = None,
           workers: int = 1, cancelled: Callable[[], bool] | None = None
           ) -> Iterator[Surface]:
    """Surfaces at increasing resolutions, coarse first, sharing one set-up.

    Arguments are checked at the call; each surface is computed when it is asked for,
    and raises Cancelled when `cancelled()` answers True between chunks.
    """
    evaluator = PlaneEvaluator(compiled, plane, x, y, dtype)
    rng = _check_range(range)
    sizes = [_check_resolution(r) for r in resolutions]
    if not sizes:
        raise LandscapeError("refine needs at least one resolution")
    if chunk is not None:
        _check_count(chunk, "chunk", 1 << 30)
    _check_count(workers, "workers", 64)
    return (evaluator.surface(rng, r, chunk, workers, cancelled) for r in sizes)


