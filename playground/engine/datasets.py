"""Data sets: seeded generators, input features and train/test splits (numpy only).

Reading CSV files is the io layer's job (`playground.io.csv_import`)."""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

__all__ = [
    "DataError",
    "Dataset",
    "GeneratorInfo",
    "GENERATORS",
    "generate",
    "generated_sizes",
    "generated_shape",
    "from_arrays",
    "split_order",
    "split_rows",
    "one_hot",
    "linear_regression_problem",
    "FEATURES",
    "FEATURE_LABELS",
    "apply_features",
    "MAX_POINTS",
]

MAX_POINTS = 1_000_000
KINDS = ("classification", "regression")
# Caps the matrix of "linear-regression" so a typo cannot ask for gigabytes.
MAX_COLS = 1000
MAX_CELLS = 10_000_000
# Second entropy word for the split, so the split is independent of the points' draws.
_SPLIT_STREAM = 0x5EED


class DataError(ValueError):
    """A data set, its parameters or its CSV text is invalid."""


def _names(names: Sequence[str], what: str) -> tuple[str, ...]:
    """Validate a sequence of column names and return it as a tuple."""
    if isinstance(names, str):
        raise DataError(f"{what} must be a sequence of names, not the string {names!r}")
    out = tuple(names)
    for name in out:
        if not isinstance(name, str) or not name.strip():
            raise DataError(f"{what}: every name must be a non-empty string, got {name!r}")
    if len(set(out)) != len(out):
        dup = next(n for n in out if out.count(n) > 1)
        raise DataError(f"{what}: name {dup!r} appears more than once")
    return out


def _frozen_matrix(a: Any, what: str) -> np.ndarray:
    """Return a read-only float64 copy of a 2-D array."""
    arr = np.array(a, dtype=np.float64, copy=True)
    if arr.ndim != 2:
        raise DataError(f"{what} must be 2-D, got shape {arr.shape}")
    # Read-only so a frozen Dataset really cannot change under a running trainer.
    arr.setflags(write=False)
    return arr


@dataclass(frozen=True, eq=False)
class Dataset:
    """Train and test points with named input and output columns."""

    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    input_names: tuple[str, ...]
    output_names: tuple[str, ...]
    kind: str = "regression"
    # Class names of a classification: one per output (one-hot targets), or the names of
    # targets 0 and 1 for a single output; () for the default names (see `class_names`).
    classes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        """Check shapes, names and values; store read-only float64 copies."""
        for attr in ("x_train", "y_train", "x_test", "y_test"):
            object.__setattr__(self, attr, _frozen_matrix(getattr(self, attr), attr))
        object.__setattr__(self, "input_names", _names(self.input_names, "input_names"))
        object.__setattr__(self, "output_names", _names(self.output_names, "output_names"))
        if self.kind not in KINDS:
            raise DataError(f"kind must be one of {', '.join(KINDS)}; got {self.kind!r}")
        if self.x_train.shape[0] < 1:
            raise DataError("a data set needs at least one training point")
        for xs, ys, part in ((self.x_train, self.y_train, "train"),
                             (self.x_test, self.y_test, "test")):
            if xs.shape[0] != ys.shape[0]:
                raise DataError(f"x_{part} has {xs.shape[0]} rows but y_{part} has {ys.shape[0]}")
            if xs.shape[1] != len(self.input_names):
                raise DataError(f"x_{part} has {xs.shape[1]} columns but there are "
                                f"{len(self.input_names)} input names")
            if ys.shape[1] != len(self.output_names):
                raise DataError(f"y_{part} has {ys.shape[1]} columns but there are "
                                f"{len(self.output_names)} output names")
            if not (np.isfinite(xs).all() and np.isfinite(ys).all()):
                raise DataError(f"the {part} data contain NaN or infinite values")
            if self.kind == "classification":
                if not np.isin(ys, (0.0, 1.0)).all():
                    raise DataError("classification labels must be 0 or 1")
                if ys.shape[1] > 1 and not (ys.sum(axis=1) == 1.0).all():
                    row = int(np.argmax(ys.sum(axis=1) != 1.0))
                    raise DataError(f"{part} row {row + 1}: a classification with several "
                                    "outputs needs exactly one 1 per row (one-hot targets)")
        object.__setattr__(self, "classes", self._checked_classes())

    def _checked_classes(self) -> tuple[str, ...]:
        if not self.classes:
            return ()
        if self.kind != "classification":
            raise DataError("only a classification has class names")
        names = _names(self.classes, "classes")
        want = max(2, self.n_outputs)
        if len(names) != want:
            raise DataError(f"classes: {len(names)} name(s) for {want} classes")
        return names

    @property
    def class_names(self) -> tuple[str, ...]:
        """The name of each class (classification only): given, else "0", "1", ..."""
        if self.kind != "classification":
            return ()
        return self.classes or tuple(str(k) for k in range(max(2, self.n_outputs)))

    def class_index(self, y: np.ndarray) -> np.ndarray:
        """The class number of each target row (classification only)."""
        y = np.asarray(y, dtype=np.float64)
        if y.shape[1] == 1:
            return (y[:, 0] > 0.5).astype(np.intp)
        return np.argmax(y, axis=1)

    @property
    def n_inputs(self) -> int:
        """Number of input columns."""
        return self.x_train.shape[1]

    @property
    def n_outputs(self) -> int:
        """Number of output columns."""
        return self.y_train.shape[1]

    def with_features(self, features: Sequence[str]) -> Dataset:
        """Return this data set with its raw inputs replaced by derived features."""
        names = _feature_names(features)
        return Dataset(
            x_train=apply_features(self.x_train, names),
            y_train=self.y_train,
            x_test=apply_features(self.x_test, names),
            y_test=self.y_test,
            input_names=names,
            output_names=self.output_names,
            kind=self.kind,
            classes=self.classes,
        )


# ---------------------------------------------------------------- input features

FEATURES: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "x1": lambda x: x[:, 0],
    "x2": lambda x: x[:, 1],
    "x1^2": lambda x: x[:, 0] ** 2,
    "x2^2": lambda x: x[:, 1] ** 2,
    "x1*x2": lambda x: x[:, 0] * x[:, 1],
    "sin(x1)": lambda x: np.sin(x[:, 0]),
    "sin(x2)": lambda x: np.sin(x[:, 1]),
}

FEATURE_LABELS: dict[str, str] = {
    "x1": "x₁",
    "x2": "x₂",
    "x1^2": "x₁²",
    "x2^2": "x₂²",
    "x1*x2": "x₁x₂",
    "sin(x1)": "sin(x₁)",
    "sin(x2)": "sin(x₂)",
}

_NEEDS_X2 = frozenset(name for name in FEATURES if "x2" in name)


def _feature_names(features: Sequence[str]) -> tuple[str, ...]:
    """Validate a list of feature names (known, non-empty, no repeats)."""
    if isinstance(features, str):
        # A bare string would otherwise be read as a list of one-letter features.
        raise DataError(f"features must be a list of names, not the string {features!r}")
    names = tuple(features)
    if not names:
        raise DataError("choose at least one input feature")
    for name in names:
        if name not in FEATURES:
            raise DataError(f"unknown feature {name!r}; choose from: {', '.join(FEATURES)}")
    if len(set(names)) != len(names):
        dup = next(n for n in names if names.count(n) > 1)
        raise DataError(f"feature {dup!r} is chosen more than once")
    return names


def apply_features(x: np.ndarray, features: Sequence[str]) -> np.ndarray:
    """Map raw inputs x of shape (n, 1) or (n, 2) to the columns of the named features."""
    names = _feature_names(features)
    x = np.asarray(x, dtype=np.float64)
    if x.ndim != 2 or x.shape[1] not in (1, 2):
        raise DataError(f"features need raw inputs of shape (n, 1) or (n, 2), got {x.shape}")
    if x.shape[1] == 1:
        missing = [n for n in names if n in _NEEDS_X2]
        if missing:
            raise DataError(f"feature {missing[0]!r} needs input x2, but the data have only x1")
    out = np.empty((x.shape[0], len(names)), dtype=np.float64)
    for j, name in enumerate(names):
        out[:, j] = FEATURES[name](x)
    return out


# ---------------------------------------------------------------- validation helpers

def _check_int(value: Any, what: str, lo: int, hi: int) -> int:
    """Return value as an int in [lo, hi] or raise DataError."""
    # bool is an Integral, but n_points=True is a bug, not a request for one point.
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise DataError(f"{what} must be a whole number, got {value!r}")
    if not lo <= int(value) <= hi:
        raise DataError(f"{what} must be between {lo:,} and {hi:,}, got {int(value):,}")
    return int(value)


def _check_real(value: Any, what: str) -> float:
    """Return value as a finite float or raise DataError."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise DataError(f"{what} must be a number, got {value!r}")
    if not math.isfinite(float(value)):
        raise DataError(f"{what} must be finite, got {value!r}")
    return float(value)


def _check_fraction(train_fraction: Any) -> float:
    """Return train_fraction if it lies in (0, 1]."""
    tf = _check_real(train_fraction, "train_fraction")
    if not 0.0 < tf <= 1.0:
        raise DataError(f"train_fraction must be in (0, 1], got {tf}")
    return tf


def _check_seed(seed: Any) -> int:
    """Return seed if it is a non-negative integer (numpy refuses negative seeds)."""
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or seed < 0:
        raise DataError(f"seed must be a non-negative whole number, got {seed!r}")
    return int(seed)


def train_count(n: int, train_fraction: float) -> int:
    """How many of `n` points a split with `train_fraction` trains on."""
    # At least one training point: a run with nothing to train on is never what was meant.
    return min(n, max(1, round(n * train_fraction)))


def _split(x: np.ndarray, y: np.ndarray, train_fraction: float, seed: int
           ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Split rows into train and test by a seeded permutation."""
    train, test = split_order(x.shape[0], train_fraction, seed)
    if len(test) == 0:
        return x, y, x[:0], y[:0]
    return x[train], y[train], x[test], y[test]


def split_order(n: int, train_fraction: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """(train rows, test rows) of a seeded split of `n` rows, each in the order the data
    set holds them (what `from_arrays` does without `test_rows`)."""
    n_train = train_count(n, _check_fraction(train_fraction))
    if n_train == n:
        # Keep the given order when nothing is held out, so worked examples read as written.
        return np.arange(n), np.arange(0)
    perm = np.random.default_rng([_check_seed(seed), _SPLIT_STREAM]).permutation(n)
    return perm[:n_train], perm[n_train:]


def split_rows(n: int, train_fraction: float, seed: int) -> list[int]:
    """The rows a seeded split holds out for testing, increasing (as a file stores them)."""
    return sorted(int(i) for i in split_order(n, train_fraction, seed)[1])


def _split_by_rows(x: np.ndarray, y: np.ndarray, test_rows: Sequence[int]
                   ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Rows `test_rows` test, every other row trains, each part in the given order: adding,
    moving or deleting one point leaves every other point where it was."""
    n = x.shape[0]
    rows = np.asarray(list(test_rows), dtype=np.int64)
    if rows.size and (rows.min() < 0 or rows.max() >= n):
        bad = int(rows[(rows < 0) | (rows >= n)][0])
        raise DataError(f"test row {bad} is not one of the {n:,} points (rows 0 to {n - 1:,})")
    if rows.size and (np.diff(rows) <= 0).any():
        raise DataError("test rows must be increasing, each at most once")
    test = np.zeros(n, dtype=bool)
    test[rows] = True
    return x[~test], y[~test], x[test], y[test]


def _default_output_names(n_outputs: int) -> tuple[str, ...]:
    """Return ("y",) for one output, else ("y1", "y2", ...)."""
    return ("y",) if n_outputs == 1 else tuple(f"y{i + 1}" for i in range(n_outputs))


# ---------------------------------------------------------------- arrays

def from_arrays(x: Any, y: Any, *, train_fraction: float = 1.0, seed: int = 0,
                kind: str = "regression", input_names: Sequence[str] | None = None,
                output_names: Sequence[str] | None = None,
                classes: Sequence[str] = (), test_rows: Sequence[int] | None = None) -> Dataset:
    """Build a Dataset from raw arrays (1-D arrays count as one column), split by seed, or
    by `test_rows` when given (the rows held out for testing; train_fraction is unused)."""
    tf = _check_fraction(train_fraction)
    seed = _check_seed(seed)
    arrays = []
    for a, what in ((x, "x"), (y, "y")):
        if np.iscomplexobj(a):
            raise DataError(f"{what} must be real numbers, not complex")
        try:
            arr = np.asarray(a, dtype=np.float64)
        except (TypeError, ValueError) as exc:
            raise DataError(f"{what} must be an array of numbers: {exc}") from None
        if arr.ndim == 1:
            arr = arr[:, None]
        if arr.ndim != 2 or arr.shape[1] < 1:
            raise DataError(f"{what} must be 1-D or 2-D with at least one column, "
                            f"got shape {arr.shape}")
        if not np.isfinite(arr).all():
            row = int(np.argwhere(~np.isfinite(arr))[0][0])
            raise DataError(f"{what} row {row + 1} contains NaN or infinite values")
        arrays.append(arr)
    xa, ya = arrays
    if xa.shape[0] != ya.shape[0]:
        raise DataError(f"x has {xa.shape[0]} rows but y has {ya.shape[0]}")
    if xa.shape[0] < 1:
        raise DataError("no data points")
    if xa.shape[0] > MAX_POINTS:
        raise DataError(f"too many points: {xa.shape[0]:,} (at most {MAX_POINTS:,})")
    if input_names is None:
        input_names = tuple(f"x{i + 1}" for i in range(xa.shape[1]))
    if output_names is None:
        output_names = _default_output_names(ya.shape[1])
    if test_rows is None:
        x_tr, y_tr, x_te, y_te = _split(xa, ya, tf, seed)
    else:
        x_tr, y_tr, x_te, y_te = _split_by_rows(xa, ya, test_rows)
    return Dataset(x_tr, y_tr, x_te, y_te, tuple(input_names), tuple(output_names), kind,
                   tuple(classes))


def one_hot(labels: Any, n_classes: int) -> np.ndarray:
    """Class numbers 0..n_classes-1 as one-hot rows; two classes stay one 0/1 column."""
    labels = np.asarray(labels, dtype=np.intp).ravel()
    if n_classes <= 2:
        return labels.astype(np.float64)[:, None]
    out = np.zeros((labels.size, n_classes))
    out[np.arange(labels.size), labels] = 1.0
    return out


# ---------------------------------------------------------------- generators
# Each maker returns raw (x, y) before the split. The 2-D shapes follow TensorFlow
# Playground (inputs in about [-6, 6]); noise is its noise fraction (its slider's 0-50 %
# is 0-0.5 here), allowed up to 1 for heavier noise.

Arrays = tuple[np.ndarray, np.ndarray]


def _two_classes(n: int) -> tuple[int, int]:
    """Split n points into (class 1, class 0) counts, class 1 taking any odd point."""
    return n - n // 2, n // 2


def _shuffled(rng: np.random.Generator, x: np.ndarray, y: np.ndarray) -> Arrays:
    """Shuffle rows so the classes are not in two blocks when nothing is held out."""
    order = rng.permutation(x.shape[0])
    return x[order], y[order]


def _sigmoid_neuron(rng: np.random.Generator, n: int, noise: float) -> Arrays:
    """The article's two points for one sigmoid neuron."""
    return np.array([[0.5], [2.5]]), np.array([[0.2], [0.9]])


def _circle(rng: np.random.Generator, n: int, noise: float) -> Arrays:
    """Class 1 inside radius 2.5, class 0 on the ring 3.5..5."""
    radius = 5.0
    n_in, n_out = _two_classes(n)
    r = np.concatenate([rng.uniform(0.0, radius * 0.5, n_in),
                        rng.uniform(radius * 0.7, radius, n_out)])
    angle = rng.uniform(0.0, 2.0 * np.pi, n)
    x = np.column_stack([r * np.sin(angle), r * np.cos(angle)])
    # Noise moves the point used for the label, not the point drawn: labels flip near the edge.
    shaken = x + rng.uniform(-radius, radius, (n, 2)) * noise
    y = (np.hypot(shaken[:, 0], shaken[:, 1]) < radius * 0.5).astype(np.float64)
    return _shuffled(rng, x, y[:, None])


def _xor(rng: np.random.Generator, n: int, noise: float) -> Arrays:
    """Class 1 where x1*x2 >= 0, with points kept 0.3 away from the axes."""
    x = rng.uniform(-5.0, 5.0, (n, 2))
    x += np.where(x > 0, 0.3, -0.3)
    shaken = x + rng.uniform(-5.0, 5.0, (n, 2)) * noise
    y = (shaken[:, 0] * shaken[:, 1] >= 0).astype(np.float64)
    return x, y[:, None]


def _gaussians(rng: np.random.Generator, n: int, noise: float) -> Arrays:
    """Class 1 around (2, 2), class 0 around (-2, -2); noise widens both blobs."""
    n1, n0 = _two_classes(n)
    # TF Playground maps noise 0..0.5 linearly to variance 0.5..4; extended past 0.5.
    std = math.sqrt(0.5 + 7.0 * noise)
    centres = np.concatenate([np.full((n1, 2), 2.0), np.full((n0, 2), -2.0)])
    x = centres + rng.normal(0.0, std, (n, 2))
    y = np.concatenate([np.ones(n1), np.zeros(n0)])[:, None]
    return _shuffled(rng, x, y)


def _spiral(rng: np.random.Generator, n: int, noise: float) -> Arrays:
    """Two interleaved spirals of 1.75 turns out to radius 5."""
    parts = []
    n1, n0 = _two_classes(n)
    for count, phase, label in ((n1, 0.0, 1.0), (n0, np.pi, 0.0)):
        i = np.arange(count) / max(count, 1)
        r = 5.0 * i
        t = 1.75 * 2.0 * np.pi * i + phase
        xs = np.column_stack([r * np.sin(t), r * np.cos(t)])
        xs += rng.uniform(-1.0, 1.0, (count, 2)) * noise
        parts.append((xs, np.full((count, 1), label)))
    x = np.concatenate([p[0] for p in parts])
    y = np.concatenate([p[1] for p in parts])
    return _shuffled(rng, x, y)


def _plane(rng: np.random.Generator, n: int, noise: float) -> Arrays:
    """y = (x1 + x2) / 10 on [-6, 6]^2, so y lies in about [-1, 1]."""
    x = rng.uniform(-6.0, 6.0, (n, 2))
    y = (x[:, 0] + x[:, 1]) / 10.0 + rng.normal(0.0, 1.0, n) * noise
    return x, y[:, None]


_BUMPS = np.array([[-4.0, 2.5, 1.0], [0.0, 2.5, -1.0], [4.0, 2.5, 1.0],
                   [-4.0, -2.5, -1.0], [0.0, -2.5, 1.0], [4.0, -2.5, -1.0]])


def _multi_gaussian(rng: np.random.Generator, n: int, noise: float) -> Arrays:
    """Sum of six unit-height gaussian bumps of alternating sign (TF Playground's layout)."""
    x = rng.uniform(-6.0, 6.0, (n, 2))
    d2 = ((x[:, None, :] - _BUMPS[None, :, :2]) ** 2).sum(axis=2)
    # Width 1: neighbours are 4 apart, so the bumps barely overlap and y stays in [-1, 1].
    y = (_BUMPS[:, 2] * np.exp(-d2 / 2.0)).sum(axis=1) + rng.normal(0.0, 1.0, n) * noise
    return x, y[:, None]


def _sine(rng: np.random.Generator, n: int, noise: float) -> Arrays:
    """y = sin(x) + gaussian noise for x uniform in [-3, 3]."""
    x = rng.uniform(-3.0, 3.0, (n, 1))
    return x, np.sin(x) + rng.normal(0.0, 1.0, (n, 1)) * noise


# Several classes: the targets are one-hot rows, one output per class.

def _blobs(rng: np.random.Generator, n: int, noise: float, n_classes: int = 3) -> Arrays:
    """n_classes gaussian blobs on a circle of radius 4; noise widens them."""
    k = _check_int(n_classes, "n_classes", 3, 5)
    labels = np.arange(n) % k
    angle = 2.0 * np.pi * labels / k + np.pi / 2.0
    centres = 4.0 * np.column_stack([np.cos(angle), np.sin(angle)])
    # Unit variance at noise 0 keeps neighbours (4.7 apart for five) well separated.
    x = centres + rng.normal(0.0, math.sqrt(0.5 + 7.0 * noise), (n, 2))
    return _shuffled(rng, x, one_hot(labels, k))


def _spiral3(rng: np.random.Generator, n: int, noise: float) -> Arrays:
    """Three interleaved spiral arms, one per class, of 1.25 turns out to radius 5."""
    labels = np.arange(n) % 3
    i = (np.arange(n) // 3) / max((n + 2) // 3, 1)
    r = 5.0 * i
    t = 1.25 * 2.0 * np.pi * i + 2.0 * np.pi * labels / 3.0
    x = np.column_stack([r * np.sin(t), r * np.cos(t)])
    x += rng.uniform(-1.0, 1.0, (n, 2)) * noise
    return _shuffled(rng, x, one_hot(labels, 3))


def _quadrants(rng: np.random.Generator, n: int, noise: float) -> Arrays:
    """Four classes, one per quadrant (counter-clockwise from x1, x2 > 0), kept 0.3 off the axes."""
    x = rng.uniform(-5.0, 5.0, (n, 2))
    x += np.where(x > 0, 0.3, -0.3)
    shaken = x + rng.uniform(-5.0, 5.0, (n, 2)) * noise
    right, up = shaken[:, 0] >= 0, shaken[:, 1] >= 0
    labels = np.select([right & up, ~right & up, ~right & ~up], [0, 1, 2], 3)
    return x, one_hot(labels, 4)


# Data from a function: a curve y = f(x) to fit, or a boundary x2 = f(x1) to classify by.
# Each shape maps u in [-1, 1] to about [-1, 1]; the makers scale it to their ranges.
SHAPES: dict[str, tuple[Callable[[np.ndarray], np.ndarray], str]] = {
    "sine": (lambda u: np.sin(np.pi * u), "sin(π·u)"),
    "step": (lambda u: np.where(u >= 0.0, 0.5, -0.5), "½ where u ≥ 0, else −½"),
    "abs": (lambda u: 2.0 * np.abs(u) - 1.0, "2|u| − 1"),
    "cubic": (lambda u: 2.5 * (u ** 3 - u), "2.5(u³ − u)"),
}
_CURVE_X = 3.0  # curves: x in [-3, 3], u = x / 3
_PLANE = 5.0  # boundaries: x in [-5, 5]², the boundary x2 = 4 f(x1 / 5)


def _curve_maker(shape: str) -> Callable[[np.random.Generator, int, float], Arrays]:
    f = SHAPES[shape][0]

    def make(rng: np.random.Generator, n: int, noise: float) -> Arrays:
        x = rng.uniform(-_CURVE_X, _CURVE_X, (n, 1))
        return x, f(x / _CURVE_X) + rng.normal(0.0, 1.0, (n, 1)) * noise
    return make


def _boundary_maker(shape: str) -> Callable[[np.random.Generator, int, float], Arrays]:
    f = SHAPES[shape][0]

    def make(rng: np.random.Generator, n: int, noise: float) -> Arrays:
        x = rng.uniform(-_PLANE, _PLANE, (n, 2))
        # As for xor: noise moves the point the label is taken at, so labels flip near the edge.
        shaken = x + rng.uniform(-_PLANE, _PLANE, (n, 2)) * noise
        above = shaken[:, 1] > 0.8 * _PLANE * f(shaken[:, 0] / _PLANE)
        return x, above.astype(np.float64)[:, None]
    return make


def linear_regression_problem(n_rows: int = 20, n_cols: int = 2, *, noise: float = 0.0,
                              seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return (A, b, x_true) with A (n_rows, n_cols), b = A @ x_true + noise * N(0, 1)."""
    n_rows = _check_int(n_rows, "n_rows", 1, MAX_POINTS)
    n_cols = _check_int(n_cols, "n_cols", 1, MAX_COLS)
    if n_rows * n_cols > MAX_CELLS:
        raise DataError(f"n_rows * n_cols must be at most {MAX_CELLS:,}, "
                        f"got {n_rows * n_cols:,}")
    noise = _check_real(noise, "noise")
    if noise < 0:
        raise DataError(f"noise must be >= 0, got {noise}")
    rng = np.random.default_rng(_check_seed(seed))
    a = rng.normal(0.0, 1.0, (n_rows, n_cols))
    x_true = rng.normal(0.0, 1.0, n_cols)
    b = a @ x_true + rng.normal(0.0, 1.0, n_rows) * noise
    return a, b, x_true


@dataclass(frozen=True)
class GeneratorInfo:
    """What a named generator makes and its default settings."""

    name: str
    description: str
    kind: str
    n_inputs: int
    n_outputs: int
    defaults: dict[str, Any] = field(default_factory=dict)


_STANDARD = ("n_points", "noise", "train_fraction")
_TF_DEFAULTS = {"n_points": 200, "noise": 0.0, "train_fraction": 0.5}

_MAKERS: dict[str, Callable[[np.random.Generator, int, float], Arrays]] = {
    "sigmoid-neuron": _sigmoid_neuron,
    "circle": _circle,
    "xor": _xor,
    "gaussians": _gaussians,
    "spiral": _spiral,
    "plane": _plane,
    "multi-gaussian": _multi_gaussian,
    "sine": _sine,
    "blobs": _blobs,
    "spiral3": _spiral3,
    "quadrants": _quadrants,
    **{f"curve-{k}": _curve_maker(k) for k in SHAPES if k != "sine"},
    **{f"boundary-{k}": _boundary_maker(k) for k in SHAPES},
}

GENERATORS: dict[str, GeneratorInfo] = {
    info.name: info for info in (
        GeneratorInfo("sigmoid-neuron",
                      "The article's two points x = 0.5, 2.5 with targets 0.2, 0.9 "
                      "(fixed: n_points, noise and train_fraction are ignored).",
                      "regression", 1, 1,
                      {"n_points": 2, "noise": 0.0, "train_fraction": 1.0}),
        GeneratorInfo("circle", "A disk of class 1 inside a ring of class 0.",
                      "classification", 2, 1, dict(_TF_DEFAULTS)),
        GeneratorInfo("xor", "Class 1 where x1 and x2 have the same sign (XOR of the signs).",
                      "classification", 2, 1, dict(_TF_DEFAULTS)),
        GeneratorInfo("gaussians", "Two gaussian blobs, class 1 at (2, 2), class 0 at (-2, -2).",
                      "classification", 2, 1, dict(_TF_DEFAULTS)),
        GeneratorInfo("spiral", "Two interleaved spirals, one per class.",
                      "classification", 2, 1, dict(_TF_DEFAULTS)),
        GeneratorInfo("plane", "y = (x1 + x2) / 10, a tilted plane, plus gaussian noise.",
                      "regression", 2, 1, dict(_TF_DEFAULTS)),
        GeneratorInfo("multi-gaussian",
                      "Sum of six gaussian bumps of alternating sign, plus gaussian noise.",
                      "regression", 2, 1, dict(_TF_DEFAULTS)),
        GeneratorInfo("sine", "y = sin(x) plus gaussian noise, x in [-3, 3].",
                      "regression", 1, 1, {"n_points": 50, "noise": 0.1, "train_fraction": 0.8}),
        GeneratorInfo("blobs", "Three to five gaussian blobs on a circle, one class each "
                      "(params: n_classes).", "classification", 2, 3,
                      {**_TF_DEFAULTS, "n_classes": 3}),
        GeneratorInfo("spiral3", "Three interleaved spiral arms, one class each.",
                      "classification", 2, 3, dict(_TF_DEFAULTS)),
        GeneratorInfo("quadrants", "Four classes, one per quadrant of the plane.",
                      "classification", 2, 4, dict(_TF_DEFAULTS)),
        *(GeneratorInfo(f"curve-{k}", f"y = f(x) plus gaussian noise, x in [-3, 3], with "
                        f"f = {text} at u = x/3.", "regression", 1, 1,
                        {"n_points": 50, "noise": 0.1, "train_fraction": 0.8})
          for k, (_, text) in SHAPES.items() if k != "sine"),
        *(GeneratorInfo(f"boundary-{k}", f"Class 1 where x2 > 4 f(x1/5) with f = {text}, "
                        "x in [-5, 5].", "classification", 2, 1, dict(_TF_DEFAULTS))
          for k, (_, text) in SHAPES.items()),
        GeneratorInfo("linear-regression",
                      "Rows of a random matrix A as inputs, b = A x_true + noise as the output. "
                      "A linear neuron without bias and loss 1/2 sum (y_hat - y)^2 gives exactly "
                      "1/2 ||Ax - b||^2, whose gradient is A^T (Ax - b).",
                      "regression", 2, 1,
                      {"n_rows": 20, "n_cols": 2, "noise": 0.0, "train_fraction": 1.0}),
    )
}


def generate(name: str, *, n_points: int | None = None, noise: float | None = None,
             train_fraction: float | None = None, seed: int = 0, **params: Any) -> Dataset:
    """Make the named data set; the same arguments always give the same points."""
    info = GENERATORS.get(name)
    if info is None:
        raise DataError(f"unknown data set {name!r}; choose one of: {', '.join(GENERATORS)}")
    extra = [k for k in info.defaults if k not in _STANDARD]
    for key in params:
        if key not in extra:
            valid = ", ".join([*_STANDARD, "seed", *extra])
            raise DataError(f"unknown parameter {key!r} for data set {name!r}; valid: {valid}")
    seed = _check_seed(seed)
    tf = _check_fraction(info.defaults["train_fraction"] if train_fraction is None
                         else train_fraction)
    nz = _check_real(info.defaults["noise"] if noise is None else noise, "noise")
    if nz < 0 or (info.kind == "classification" and nz > 1):
        hi = "1" if info.kind == "classification" else "infinity"
        raise DataError(f"noise for {name!r} must be between 0 and {hi}, got {nz}")
    if n_points is not None:
        _check_int(n_points, "n_points", 1, MAX_POINTS)

    n = _point_count(info, n_points, params)
    if name == "linear-regression":
        if n_points is not None and "n_rows" in params and params["n_rows"] != n_points:
            raise DataError(f"n_points ({n_points}) and n_rows ({params['n_rows']}) disagree")
        n_cols = params.get("n_cols", info.defaults["n_cols"])
        a, b, _ = linear_regression_problem(n, n_cols, noise=nz, seed=seed)
        return from_arrays(a, b, train_fraction=tf, seed=seed, kind=info.kind)
    x, y = _MAKERS[name](np.random.default_rng(seed), n, nz, **params)
    return from_arrays(x, y, train_fraction=_used_fraction(info, tf), seed=seed, kind=info.kind)


def generated_shape(name: str, params: dict[str, Any] | None = None) -> tuple[int, int]:
    """(inputs, outputs) of the named generator with these extra parameters."""
    info = GENERATORS[name]
    params = params or {}
    if name == "linear-regression":
        return int(params.get("n_cols", info.defaults["n_cols"])), 1
    if name == "blobs":
        return 2, int(params.get("n_classes", info.defaults["n_classes"]))
    return info.n_inputs, info.n_outputs


def _point_count(info: GeneratorInfo, n_points: int | None, params: dict[str, Any]) -> Any:
    if info.name == "linear-regression":
        # n_points is accepted as another name for n_rows, so a generic UI can set it.
        return params.get("n_rows", n_points if n_points is not None else info.defaults["n_rows"])
    if info.name == "sigmoid-neuron":
        return info.defaults["n_points"]  # its two points are fixed
    return info.defaults["n_points"] if n_points is None else n_points


def _used_fraction(info: GeneratorInfo, train_fraction: float) -> float:
    # The worked example must reproduce exactly, whatever a generic caller passes.
    return 1.0 if info.name == "sigmoid-neuron" else train_fraction


def generated_sizes(name: str, *, n_points: int | None = None,
                    train_fraction: float | None = None, **params: Any) -> tuple[int, int]:
    """(points, training points) `generate` would make with these settings, without making them."""
    info = GENERATORS.get(name)
    if info is None:
        raise DataError(f"unknown data set {name!r}; choose one of: {', '.join(GENERATORS)}")
    n = int(_point_count(info, n_points, params))
    tf = info.defaults["train_fraction"] if train_fraction is None else train_fraction
    return n, train_count(n, _used_fraction(info, float(tf)))
