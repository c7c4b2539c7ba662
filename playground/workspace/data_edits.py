"""Drawing data: points added, moved, deleted or cleared, the split and the data view's
display settings, each an edit returning a new document (no Qt).

The first point edit turns any data into inline points with an explicit split
(`DataSpec.test_rows`): generated points keep their training order (training points
first, then the test points), inline points keep their file order, and every point keeps
its side of the split. From then on adding, moving or deleting a point leaves every
other point where it is, so the run carries over (workspace/run_policy.py) onto data
that differ by exactly the edit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from playground.engine.datasets import Dataset, split_order, split_rows
from playground.engine.function_data import TYPED
from playground.io.document import DataSpec, DataViewSettings, Document
from playground.io.limits import INLINE_POINTS
from playground.workspace.document_edits import (
    _fit_outputs,
    fitting_features,
    input_features,
    set_data,
    with_inputs,
)

TRAIN, TEST = "train", "test"
PointRef = tuple[str, int]  # ("train" or "test", position in that part of the Dataset)


@dataclass(frozen=True)
class Points:
    """Data as editable inline points: every row, the rows held out, and where each point
    of the built Dataset sits among the rows."""

    x: np.ndarray
    y: np.ndarray
    test_rows: list[int]  # increasing
    train_order: np.ndarray  # row of the Dataset's training point i
    test_order: np.ndarray  # row of the Dataset's test point j
    kind: str
    classes: list[str] | None

    def row(self, ref: PointRef) -> int:
        part, i = ref
        return int((self.train_order if part == TRAIN else self.test_order)[i])


def editable_points(spec: DataSpec, dataset: Dataset | None = None) -> Points:
    """`spec`'s points as rows (`dataset` is `spec` built, when at hand)."""
    if spec.generator is None and spec.x is not None and spec.y is not None:
        n = len(spec.x)
        x = np.asarray(spec.x, dtype=float).reshape(n, -1) if n else np.zeros((0, 0))
        y = np.asarray(spec.y, dtype=float).reshape(n, -1) if n else np.zeros((0, 0))
        if spec.test_rows is not None:
            test = np.asarray(spec.test_rows, dtype=np.int64)
            train = np.setdiff1d(np.arange(n), test)
        else:
            tf = 1.0 if spec.train_fraction is None else spec.train_fraction
            train, test = split_order(n, tf, spec.seed)
        return Points(x, y, sorted(int(i) for i in test), train, test,
                      spec.kind or "regression", spec.classes)
    # Checked before building anything: drawing stores every point in the file, and a
    # document with more inline points than the limit could never be saved.
    too_many = INLINE_POINTS.problem(spec.sizes()[0])
    if too_many:
        raise ValueError(f"cannot draw on these data: drawing stores every point in the "
                         f"file, and {too_many}; use fewer points first")
    ds = dataset if dataset is not None else spec.build()
    n_train, n_test = len(ds.x_train), len(ds.x_test)
    return Points(np.concatenate([ds.x_train, ds.x_test]),
                  np.concatenate([ds.y_train, ds.y_test]),
                  list(range(n_train, n_train + n_test)), np.arange(n_train),
                  np.arange(n_train, n_train + n_test), ds.kind,
                  list(ds.classes) if ds.classes else None)


def _with_points(doc: Document, p: Points, x: np.ndarray, y: np.ndarray,
                 test_rows: Sequence[int]) -> Document:
    new = doc.copy()
    old = doc.data
    tf = old.train_fraction
    if old.generator is not None:
        # The split the points were drawn with, kept for the train-ratio control.
        tf = doc.data.sizes()[1] / max(doc.data.sizes()[0], 1)
    new.data = DataSpec(None, {}, None, None, tf, int(old.seed),
                        x=x.tolist(), y=y.tolist(), kind=p.kind, classes=p.classes,
                        test_rows=[int(r) for r in test_rows])
    new.run = None  # the worker carries the run over
    return new


def add_point(doc: Document, x: Sequence[float], y: Sequence[float],
              dataset: Dataset | None = None) -> Document:
    """A new training point at raw inputs `x` with target row `y` (after the last row)."""
    p = editable_points(doc.data, dataset)
    xs, ys = np.asarray(x, dtype=float)[None, :], np.asarray(y, dtype=float)[None, :]
    if len(p.x):  # else the first point after a clear: it gives the widths
        xs, ys = np.vstack([p.x, xs]), np.vstack([p.y, ys])
    return _with_points(doc, p, xs, ys, p.test_rows)


def move_points(doc: Document, refs: Sequence[PointRef], x: Sequence[Sequence[float]],
                y: Sequence[Sequence[float]] | None = None,
                dataset: Dataset | None = None) -> Document:
    """Points `refs` moved to raw inputs `x` (and targets `y`, when given); each keeps its
    side of the split."""
    p = editable_points(doc.data, dataset)
    xs, ys = p.x.copy(), p.y.copy()
    for k, ref in enumerate(refs):
        r = p.row(ref)
        xs[r] = np.asarray(x[k], dtype=float)
        if y is not None:
            ys[r] = np.asarray(y[k], dtype=float)
    return _with_points(doc, p, xs, ys, p.test_rows)


def delete_points(doc: Document, refs: Sequence[PointRef],
                  dataset: Dataset | None = None) -> Document:
    """Points `refs` removed; the others keep their order and their side of the split."""
    p = editable_points(doc.data, dataset)
    gone = np.zeros(len(p.x), dtype=bool)
    gone[[p.row(r) for r in refs]] = True
    shift = np.cumsum(gone)  # rows removed at or before each row
    test = [int(r - shift[r]) for r in p.test_rows if not gone[r]]
    return _with_points(doc, p, p.x[~gone], p.y[~gone], test)


def clear_points(doc: Document, dataset: Dataset | None = None) -> Document:
    """No points at all: the data view waits for the first one to be drawn."""
    p = editable_points(doc.data, dataset)
    return _with_points(doc, p, p.x[:0], p.y[:0], [])


def set_train_fraction(doc: Document, train_fraction: float) -> Document:
    """Another train/test ratio: generated data by their setting; drawn points split anew
    by the data's seed (the same ratio and seed always give the same split)."""
    d = doc.data
    if d.generator is not None or d.test_rows is None:
        return set_data(doc, train_fraction=train_fraction)
    new = doc.copy()
    n = len(d.x or [])
    tf = float(train_fraction)
    new.data = replace(d, train_fraction=tf, test_rows=split_rows(n, tf, d.seed) if n else [])
    new.run = None
    return new


def set_display(doc: Document, discretize: bool | None = None,
                show_test: bool | None = None) -> Document:
    """The data view's settings; the rest of the document is shared, not copied."""
    old = doc.data_view
    new = replace(doc, data_view=DataViewSettings(
        old.discretize if discretize is None else bool(discretize),
        old.show_test if show_test is None else bool(show_test)))
    return new


def class_target(kind: str, n_outputs: int, value: float) -> list[float]:
    """The target row of a new point: class `value` as one-hot (several classes) or 0/1,
    or a regression value itself."""
    if kind != "classification":
        return [float(value)] * n_outputs
    k = int(value)
    if n_outputs == 1:
        return [float(k > 0)]
    row = [0.0] * n_outputs
    row[min(max(k, 0), n_outputs - 1)] = 1.0
    return row


def set_typed_data(doc: Document, name: str, expression: str, noise: float | None = None,
                   n_points: int | None = None) -> Document:
    """Data from a typed function (`engine.function_data`): the network's inputs and outputs
    follow (one input for a curve, two for a boundary; one output), as for a generator.
    The expression is checked here: ExpressionError or DataError says what is wrong."""
    spec = DataSpec(name, {}, n_points, noise, doc.data.train_fraction
                    if doc.data.generator == name else None, int(doc.data.seed),
                    expression=expression.strip())
    spec.build()  # refuse a bad function before anything changes
    gen = TYPED[name]
    new = doc.copy()
    new.data = spec
    new.run = None
    current = input_features(new.network)
    wanted = fitting_features(current, gen.n_inputs)
    if gen.n_inputs == 2 and not any("x2" in f for f in wanted):
        wanted = [*wanted, "x2"]  # a boundary x2 > f(x1) cannot be told without x2
    if wanted != current:
        new.network = with_inputs(new.network, wanted, new.training.seed)
        new.view.axes = None
        new.view.range = None
    _fit_outputs(new, 1, gen.kind)
    return new
