"""Data from a typed function: a curve y = f(x) to fit, or a boundary to classify by
(class 1 where x2 > f(x1)). The text goes through the function documents' safe parser
(`engine.expression`): nothing typed is ever evaluated by Python."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from playground.engine import datasets
from playground.engine.datasets import DataError, Dataset
from playground.engine.function import FunctionModel, compile_function

RANGE = 3.0  # inputs uniform in [-RANGE, RANGE] (the plane [-3, 3]² for a boundary)


@dataclass(frozen=True)
class TypedGenerator:
    """A data set made from a typed function of one variable."""

    name: str
    variable: str  # what the typed text calls the input
    kind: str
    n_inputs: int
    example: str
    description: str
    defaults: dict[str, float]


TYPED: dict[str, TypedGenerator] = {g.name: g for g in (
    TypedGenerator("curve", "x", "regression", 1, "sin(3*x)",
                   "y = f(x) plus gaussian noise, x in [-3, 3]",
                   {"n_points": 60, "noise": 0.1, "train_fraction": 0.8}),
    TypedGenerator("boundary", "x1", "classification", 2, "x1**3 - x1",
                   "class 1 where x2 > f(x1), in the plane [-3, 3]²",
                   {"n_points": 200, "noise": 0.0, "train_fraction": 0.5}),
)}


def typed_function(name: str, text: str) -> Callable[[np.ndarray], np.ndarray]:
    """f as a numpy function of an array of inputs; ExpressionError (a ValueError, with its
    line, column and a caret) when the text is bad."""
    gen = TYPED[name]
    if "\n" in text or ";" in text:
        raise DataError("type one expression, such as " + gen.example)
    model = FunctionModel([text], {gen.variable: 0.0})
    compiled = compile_function(model)

    def f(u: np.ndarray) -> np.ndarray:
        return np.asarray(compiled.loss(np.asarray(u, dtype=float)[:, None]), dtype=float)
    return f


def generate_typed(name: str, text: str, *, n_points: int | None = None,
                   noise: float | None = None, train_fraction: float | None = None,
                   seed: int = 0) -> Dataset:
    """The data set of typed generator `name` with f given by `text`; the same arguments
    always give the same points. DataError (or ExpressionError) says what is wrong."""
    gen = TYPED.get(name)
    if gen is None:
        raise DataError(f"unknown typed data set {name!r}; choose one of: {', '.join(TYPED)}")
    f = typed_function(name, text)
    n = int(gen.defaults["n_points"] if n_points is None else n_points)
    datasets._check_int(n, "n_points", 1, datasets.MAX_POINTS)
    nz = datasets._check_real(gen.defaults["noise"] if noise is None else noise, "noise")
    if nz < 0 or (gen.kind == "classification" and nz > 1):
        hi = "1" if gen.kind == "classification" else "infinity"
        raise DataError(f"noise for {name!r} must be between 0 and {hi}, got {nz}")
    tf = gen.defaults["train_fraction"] if train_fraction is None else train_fraction
    rng = np.random.default_rng(datasets._check_seed(seed))
    x = rng.uniform(-RANGE, RANGE, (n, gen.n_inputs))
    if gen.kind == "regression":
        fx = _finite(f, x[:, 0], gen.variable)
        y = (fx + rng.normal(0.0, 1.0, n) * nz)[:, None]
    else:
        # As for xor: noise moves the point the label is taken at, so labels flip near the edge.
        shaken = x + rng.uniform(-RANGE, RANGE, (n, 2)) * nz
        fx = _finite(f, shaken[:, 0], gen.variable)
        y = (shaken[:, 1] > fx).astype(np.float64)[:, None]
    return datasets.from_arrays(x, y, train_fraction=tf, seed=seed, kind=gen.kind)


def _finite(f: Callable[[np.ndarray], np.ndarray], u: np.ndarray, variable: str) -> np.ndarray:
    with np.errstate(all="ignore"):
        out = f(u)
    bad = ~np.isfinite(out)
    if bad.any():
        at = float(u[np.argmax(bad)])
        raise DataError(f"f is not a finite number at {variable} = {at:.3g}: choose a function "
                        f"defined on all of [-{RANGE:g}, {RANGE:g}]")
    return out


def typed_sizes(name: str, n_points: int | None, train_fraction: float | None
                ) -> tuple[int, int]:
    """(points, training points) `generate_typed` would make, without making them."""
    gen = TYPED[name]
    n = int(gen.defaults["n_points"] if n_points is None else n_points)
    tf = gen.defaults["train_fraction"] if train_fraction is None else train_fraction
    return n, datasets.train_count(n, float(tf))
