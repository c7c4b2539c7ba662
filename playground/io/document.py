"""A document: everything a network file holds, in memory, with no Qt and no files."""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass, field, fields
from typing import Any

import numpy as np

from playground.engine import datasets
from playground.engine.compiled import CompiledNetwork
from playground.engine.datasets import Dataset
from playground.engine.function import FunctionModel, function_dataset
from playground.engine.function_data import TYPED, generate_typed, typed_sizes
from playground.engine.landscape.planes import landscape_axes
from playground.engine.model import compile_model
from playground.engine.network import Network
from playground.engine.training import TrainingConfig, TrainingRun
from playground.io import limits


@dataclass
class DataSpec:
    """Where the data comes from: a named generator with settings, or inline points."""

    generator: str | None = "xor"
    params: dict[str, Any] = field(default_factory=dict)  # generator-specific extras
    n_points: int | None = None
    noise: float | None = None
    train_fraction: float | None = None
    seed: int = 0
    # Inline data (generator None): points and their split.
    x: list[list[float]] | None = None
    y: list[list[float]] | None = None
    kind: str | None = None  # inline data: "classification" (0/1 targets) or "regression"
    classes: list[str] | None = None  # inline classification: the class names (see Dataset)
    # Inline data: the rows held out for testing, increasing. None splits by train_fraction
    # and seed (a seeded shuffle); a list keeps every other point's side when points are
    # drawn, moved or deleted.
    test_rows: list[int] | None = None
    # A typed generator ("curve", "boundary"): f as typed (engine.function_data).
    expression: str | None = None

    def __deepcopy__(self, memo: dict[int, Any]) -> DataSpec:
        """A deep copy that shares the inline points (x, y, test_rows): they can be large, and
        nothing changes them in place (an edit assigns new lists)."""
        out = copy.copy(self)
        memo[id(self)] = out
        for f in fields(self):
            if f.name not in ("x", "y", "test_rows"):
                setattr(out, f.name, copy.deepcopy(getattr(self, f.name), memo))
        return out

    def sizes(self) -> tuple[int, int]:
        """(points, training points) of the data, counted without building it."""
        if self.generator is None:
            n = len(self.x) if self.x is not None else 0
            if self.test_rows is not None:
                return n, n - len(self.test_rows)
            return n, datasets.train_count(n, 1.0 if self.train_fraction is None
                                           else self.train_fraction) if n else 0
        if self.generator in TYPED:
            return typed_sizes(self.generator, self.n_points, self.train_fraction)
        return datasets.generated_sizes(self.generator, n_points=self.n_points,
                                        train_fraction=self.train_fraction, **self.params)

    def is_empty(self) -> bool:
        """Inline data without a single point (cleared, waiting for points to be drawn)."""
        return self.generator is None and self.x is not None and len(self.x) == 0

    def build(self) -> Dataset:
        """The data set this spec describes (deterministic)."""
        if self.generator is None:
            if self.x is None or self.y is None:
                raise datasets.DataError("inline data needs both x and y")
            if self.is_empty():
                raise datasets.DataError("no points yet: click in the data view to add some")
            return datasets.from_arrays(
                np.asarray(self.x, float), np.asarray(self.y, float),
                train_fraction=1.0 if self.train_fraction is None else self.train_fraction,
                seed=self.seed, kind=self.kind or "regression", classes=self.classes or (),
                test_rows=self.test_rows)
        if self.generator in TYPED:
            if not self.expression:
                raise datasets.DataError(f'data set "{self.generator}" needs a function: '
                                         f"type one, such as {TYPED[self.generator].example}")
            return generate_typed(self.generator, self.expression, n_points=self.n_points,
                                  noise=self.noise, train_fraction=self.train_fraction,
                                  seed=self.seed)
        return datasets.generate(self.generator, n_points=self.n_points, noise=self.noise,
                                 train_fraction=self.train_fraction, seed=self.seed,
                                 **self.params)


@dataclass
class ViewSettings:
    """The landscape view: which plane, which axes, what range and resolution."""

    mode: str = "axes"  # "axes" (two parameters), "random" (random plane), "pca" (trajectory),
    # "hessian" / "hessian-filter" (top two Hessian eigenvectors, plain or filter-normalised)
    axes: tuple[str, str] | None = None  # parameter names for mode "axes"
    range: tuple[float, float, float, float] | None = None  # x0, x1, y0, y1; None = automatic
    resolution: int = 64
    log_color: bool = True
    seed: int = 0  # for the random plane


@dataclass
class DataViewSettings:
    """How the data view shows the data (not the landscape's `ViewSettings`)."""

    discretize: bool = False  # the model's output as its class (or sign), not its value
    show_test: bool = True  # the held-out points, hollow


@dataclass
class RunState:
    """A run so far: steps made, optimizer state and history."""

    step: int = 0
    optimizer_state: dict[str, Any] = field(default_factory=dict)
    history: dict[str, Any] = field(default_factory=dict)
    diverged: str | None = None
    # Parameter values the run started from, so Reset can return to them.
    start: dict[str, float] = field(default_factory=dict)


@dataclass
class Document:
    """A model with its data, training settings, view and (optionally) its run.

    The model is a drawn network, or a typed function (then `data` is unused).
    """

    network: Network | FunctionModel
    data: DataSpec = field(default_factory=DataSpec)
    training: TrainingConfig = field(default_factory=TrainingConfig)
    view: ViewSettings = field(default_factory=ViewSettings)
    name: str = "untitled"
    description: str = ""
    run: RunState | None = None
    title: str = ""  # a human title for menus, e.g. "XOR with a 2-4-1 tanh net"
    data_view: DataViewSettings = field(default_factory=DataViewSettings)

    @property
    def is_function(self) -> bool:
        return isinstance(self.network, FunctionModel)

    def waits_for_points(self) -> bool:
        """A network whose data were cleared: nothing trains until a point is drawn."""
        return not self.is_function and self.data.is_empty()

    def copy(self) -> Document:
        """An independent copy (inline data points are shared, see DataSpec.__deepcopy__)."""
        return copy.deepcopy(self)

    def size_problem(self) -> str | None:
        """Why this network and data are over a size limit (io/limits.py), or None."""
        if self.is_function:
            return None  # a typed function: a few variables, no data
        _, n_train = self.data.sizes()
        return limits.network_problem(len(self.network.neurons),
                                      len(self.network.connections), n_train)

    def make_run(self, dataset: Dataset | None = None,
                 prepared: tuple[CompiledNetwork, Dataset] | None = None) -> TrainingRun:
        """A training run starting from this document (its saved run state restored);
        `dataset` is this document's data already built, `prepared` its network already
        compiled with that data (see `TrainingRun`). A function has no data to build.
        ValueError naming the limit when the network or data are too large to train."""
        problem = self.size_problem()
        if problem:
            raise ValueError(problem)
        if dataset is None:
            dataset = function_dataset() if self.is_function else self.data.build()
        run = TrainingRun(self.network, dataset, self.training, prepared=prepared)
        if self.run is not None:
            if self.run.start:
                start = self.network.copy()
                for name, value in self.run.start.items():
                    start.set_parameter(name, value)
                run.network = start
            run.resume_at(self.run.step)
            if self.run.optimizer_state:
                run.optimizer.load_state_dict(self.run.optimizer_state)
            if self.run.history:
                run.history.load_dict(self.run.history)
            run.diverged = self.run.diverged
        return run

    def capture(self, run: TrainingRun) -> None:
        """Store the run's current parameters and state in this document."""
        self.network = run.current_network()
        self.training.hyper = dict(run.optimizer.hyper_params())
        self.run = RunState(run.step_count, run.optimizer.state_dict(),
                            fit_path(run.history.to_dict(), run.compiled.n_params),
                            run.diverged, run.network.parameter_values())

    def default_axes(self) -> tuple[str, str]:
        """The landscape axes when the view names none (see `landscape_axes`);
        LandscapeError (a ValueError) when the network has fewer than two parameters."""
        names = compile_model(self.network).parameter_names
        return landscape_axes(names)


def fit_path(history: dict, n_params: int) -> dict:
    """The history with its descent path thinned to the file's path limit (every k-th
    row and always the last, the stride k times longer), so any run saves and loads back."""
    path = history.get("path", [])
    most = max(2, limits.PATH_NUMBERS.value // max(n_params, 1))
    if len(path) <= most:
        return history
    k = math.ceil(len(path) / (most - 1))
    keep = list(range(0, len(path) - 1, k)) + [len(path) - 1]
    return {**history, "path": [path[i] for i in keep],
            "path_steps": [history["path_steps"][i] for i in keep],
            "path_stride": int(history.get("path_stride", 1)) * k}
