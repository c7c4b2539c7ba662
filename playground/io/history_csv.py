"""A run's history as CSV: one row per recorded step, with losses, plane coordinates and
every parameter (no Qt).

The history keeps losses and parameter vectors at recorded steps; for large
networks the parameter path is thinned more than the losses, so a row may have
losses but no parameters (those cells are empty), and the other way round.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from playground.engine.landscape.planes import (
    LandscapeError,
    Plane,
    axes_plane,
    landscape_axes,
    project,
)
from playground.engine.model import compile_model
from playground.io.document import Document
from playground.io.files import write_atomically

LEADING_COLUMNS = ("step", "train_loss", "test_loss", "landscape_x", "landscape_y")


def history_columns(parameter_names: Sequence[str]) -> list[str]:
    """The CSV header: the leading columns, then one column per parameter."""
    return [*LEADING_COLUMNS, *parameter_names]


def history_rows(history: dict, parameter_names: Sequence[str],
                 plane: Plane | None) -> list[list[float | int | None]]:
    """One row per step recorded in `history` (a RunState history dict), in step order.

    Missing values (a step with losses but no recorded parameters, a test loss
    without test data, coordinates without a plane) are None.
    """
    n = len(parameter_names)
    losses = {int(s): (_number(tr), _number(te)) for s, tr, te in
              zip(history.get("steps", []), history.get("train_loss", []),
                  history.get("test_loss", []))}
    path_steps = [int(s) for s in history.get("path_steps", [])]
    path = np.asarray(history.get("path", []), dtype=float).reshape(len(path_steps), n) \
        if path_steps else np.empty((0, n))
    coords = _coordinates(plane, path)
    by_step = {s: i for i, s in enumerate(path_steps)}
    rows = []
    for step in sorted(set(losses) | set(by_step)):
        train, test = losses.get(step, (None, None))
        i = by_step.get(step)
        xy = [None, None] if i is None or coords is None else [float(v) for v in coords[i]]
        params = [None] * n if i is None else [float(v) for v in path[i]]
        rows.append([step, train, test, *xy, *params])
    return rows


def _coordinates(plane: Plane | None, path: np.ndarray) -> np.ndarray | None:
    if plane is None or plane.n_params != path.shape[1]:
        return None
    coords, _ = project(plane, path)
    return coords


def _number(value: float | None) -> float | None:
    return None if value is None or not math.isfinite(value) else float(value)


def default_plane(document: Document) -> Plane | None:
    """The two-parameter plane of the document's view axes (or its default axes)."""
    compiled = compile_model(document.network)
    try:
        axes = landscape_axes(compiled.parameter_names, document.view.axes)
        return axes_plane(compiled, compiled.parameters_of(document.network), *axes)
    except LandscapeError:
        return None

def history_csv_text(document: Document, plane: Plane | None = None) -> str:
    """The CSV of `document`'s run so far; `plane` gives the landscape coordinates
    (default: the two-parameter plane of the view's axes)."""
    names = list(compile_model(document.network).parameter_names)
    if plane is None or plane.n_params != len(names):
        plane = default_plane(document)
    history = document.run.history if document.run is not None else {}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(history_columns(names))
    for row in history_rows(history, names, plane):
        # repr() round-trips every float exactly; empty cells for missing values.
        writer.writerow(["" if v is None else repr(v) if isinstance(v, float) else v
                         for v in row])
    return out.getvalue()


def write_history_csv(path: str | Path, document: Document, plane: Plane | None = None) -> None:
    """Write the CSV of `document`'s run to `path` atomically (SaveError if refused)."""
    write_atomically(Path(path), history_csv_text(document, plane).encode("utf-8"))
