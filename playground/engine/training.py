"""A training run: network, data, optimizer and a bounded history, stepped one update at a time."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from playground.engine.compiled import CompiledNetwork, compile_network
from playground.engine.datasets import Dataset
from playground.engine.losses import LossSpec
from playground.engine.network import Network
from playground.engine.optimizers import Optimizer, make_optimizer

Array = np.ndarray

DIVERGENCE_LIMIT = 1e12


@dataclass
class TrainingConfig:
    """How to train: loss, optimizer with its hyper-parameters, batch size, seed."""

    loss: LossSpec = field(default_factory=LossSpec)
    optimizer: str = "sgd"
    hyper: dict[str, float | bool] = field(default_factory=lambda: {"lr": 0.03})
    batch_size: int | None = None  # None: the whole training set
    seed: int = 0


class History:
    """Losses and the parameter path at recorded steps, decimated to stay bounded.

    Losses: every `stride`-th step is recorded; when `capacity` points are held,
    every other one is dropped and the stride doubles, so a run of any length keeps
    between capacity/2 and capacity points spread evenly over the whole run.

    The path: every step (`record_path`), the first `head` and the most recent
    `recent` points kept exactly, so the start of a run and the zig-zag of its last
    few thousand steps survive any pace; when
    `path_capacity` points are held, the older points are thinned to every
    `path_stride`-th step and the one after it, the stride doubling as needed, so they
    stay spread evenly over the whole run (the start always kept) and a zig-zag,
    which alternates sides every step, still alternates in what is kept.
    """

    def __init__(self, n_params: int, capacity: int = 4096, path_bytes: int = 32 << 20,
                 stride: int = 1, recent: int | None = None):
        self.capacity = max(8, capacity - capacity % 2)
        # Large networks keep a sparser path so its memory stays bounded too.
        self.path_capacity = max(8, min(self.capacity, path_bytes // max(8 * n_params, 1)))
        wanted = self.path_capacity // 2 if recent is None else int(recent)
        self.recent = max(1, min(wanted, self.path_capacity - 4))
        self.head = min(self.recent // 4, (self.path_capacity - self.recent) // 2)
        self.stride = max(1, stride)
        self.steps: list[int] = []
        self.train_loss: list[float] = []
        self.test_loss: list[float] = []
        self.path_steps: list[int] = []
        self.path: list[Array] = []
        self.path_stride = 1  # the older path's spacing; the recent path takes every step

    def due(self, step: int) -> bool:
        """Whether the losses of `step` are to be recorded (the path takes every step)."""
        return step % self.stride == 0

    def record(self, step: int, theta: Array, train: float, test: float,
               force: bool = False) -> None:
        """Keep the losses of `step` if it is due (or `force`d), and its parameters."""
        if (force or step % self.stride == 0) and (not self.steps or self.steps[-1] < step):
            self.steps.append(step)
            self.train_loss.append(train)
            self.test_loss.append(test)
            if len(self.steps) >= self.capacity:
                for name in ("steps", "train_loss", "test_loss"):
                    setattr(self, name, getattr(self, name)[::2])
                self.stride *= 2
        self.record_path(step, theta)

    def record_path(self, step: int, theta: Array) -> None:
        """Keep the parameters of `step` (a copy), thinning the older path when full."""
        if self.path_steps and self.path_steps[-1] >= step:
            return
        self.path_steps.append(step)
        self.path.append(theta.copy())
        if len(self.path) >= self.path_capacity:
            self._thin_older_path()

    def _thin_older_path(self) -> None:
        cut = len(self.path) - self.recent
        older = self.path_steps[:cut]
        head = min(self.head, cut)
        room = max(1, (self.path_capacity - self.recent - head) // 2)
        keep = [i for i in range(head, cut) if older[i] % self.path_stride < 2]
        while len(keep) > room:
            self.path_stride *= 2
            keep = [i for i in keep if older[i] % self.path_stride < 2]
        keep = list(range(head)) + keep
        self.path_steps = [older[i] for i in keep] + self.path_steps[cut:]
        self.path = [self.path[i] for i in keep] + self.path[cut:]

    def path_array(self) -> Array:
        """The recorded parameter vectors as one (points, params) array."""
        return np.array(self.path) if self.path else np.empty((0, 0))

    def to_dict(self) -> dict:
        return {
            "stride": self.stride, "steps": list(self.steps),
            "train_loss": list(self.train_loss), "test_loss": list(self.test_loss),
            "path_stride": self.path_stride, "path_steps": list(self.path_steps),
            "path": [p.tolist() for p in self.path],
        }

    def load_dict(self, d: dict) -> None:
        self.stride = int(d.get("stride", 1))
        self.steps = [int(s) for s in d.get("steps", [])]
        self.train_loss = [float(v) for v in d.get("train_loss", [])]
        self.test_loss = [float(v) for v in d.get("test_loss", [])]
        self.path_stride = int(d.get("path_stride", 1))
        self.path_steps = [int(s) for s in d.get("path_steps", [])]
        self.path = [np.array(p, dtype=float) for p in d.get("path", [])]


class TrainingRun:
    """One network training on one data set; `step()` makes one optimizer update."""

    def __init__(self, network: Network, dataset: Dataset,
                 config: TrainingConfig | None = None, history_capacity: int = 4096,
                 prepared: tuple[CompiledNetwork, Dataset] | None = None):
        """`prepared`: the network already compiled with the config's loss and the data
        in its features (`prepare`), owned by this run from now on."""
        self.config = config or TrainingConfig()
        self.network = network.copy()
        self.raw_dataset = dataset
        self.compiled: CompiledNetwork
        self.compiled, self.dataset = prepared if prepared is not None else \
            prepare(self.network, dataset, self.config.loss)
        self.x, self.y = self.dataset.x_train, self.dataset.y_train
        self.x_test, self.y_test = self.dataset.x_test, self.dataset.y_test
        self.theta = self.compiled.parameters_of(self.network)
        self.optimizer: Optimizer = make_optimizer(self.config.optimizer, self.compiled.n_params,
                                                   **self.config.hyper)
        n = len(self.x)
        b = self.config.batch_size
        self.batch_size = n if b is None or b <= 0 or b >= n else int(b)
        self.full_batch = self.batch_size == n
        self.batches_per_epoch = math.ceil(n / self.batch_size)
        self._history_capacity = history_capacity
        self.history = self._new_history()
        self.step_count = 0
        self.diverged: str | None = None
        self.last_loss = math.nan
        self.last_grad = np.zeros_like(self.theta)
        self._last_good = self.theta.copy()
        self._order_x = self.x
        self._order_y = self.y
        self._cursor = 0

    def _new_history(self) -> History:
        # A full batch gives the training loss of every step for free; mini-batches
        # would need an extra pass over the data, so they record once an epoch (and
        # whenever `record_now` is called, as the app does for each frame it draws).
        stride = 1 if self.full_batch else self.batches_per_epoch
        return History(self.compiled.n_params, self._history_capacity, stride=stride)

    # ------------------------------------------------------------------ state
    @property
    def epoch(self) -> float:
        """Epochs completed (fractional within an epoch)."""
        return self.step_count / self.batches_per_epoch

    @property
    def lr(self) -> float:
        return self.optimizer.lr

    @lr.setter
    def lr(self, value: float) -> None:
        if not (math.isfinite(value) and value > 0):
            raise ValueError(f"learning rate must be a positive number, got {value}")
        self.optimizer.lr = float(value)

    def current_network(self) -> Network:
        """A copy of the network holding the current parameters."""
        net = self.network.copy()
        self.compiled.write_parameters(net, self.theta)
        return net

    def train_loss(self) -> float:
        return float(self.compiled.loss(self.theta, self.x, self.y))

    def test_loss(self) -> float:
        if len(self.x_test) == 0:
            return math.nan
        return float(self.compiled.loss(self.theta, self.x_test, self.y_test))

    def gradient(self) -> Array:
        """dL/dθ over the whole training set at the current parameters."""
        return self.compiled.loss_and_grad(self.theta, self.x, self.y)[1]

    # ------------------------------------------------------------------ stepping
    def _next_batch(self) -> tuple[Array, Array]:
        if self.full_batch:
            return self.x, self.y
        if self._cursor == 0:
            self._shuffle(self.step_count // self.batches_per_epoch)
        start = self._cursor
        stop = start + self.batch_size
        self._cursor = 0 if stop >= len(self.x) else stop
        return self._order_x[start:stop], self._order_y[start:stop]

    def _shuffle(self, epoch: int) -> None:
        # Each epoch's order depends only on (seed, epoch), so a saved run resumes
        # exactly; batches are then contiguous views of the shuffled copy.
        perm = np.random.default_rng([self.config.seed, epoch]).permutation(len(self.x))
        self._order_x = self.x[perm]
        self._order_y = self.y[perm]

    def step(self) -> bool:
        """One optimizer update; False (and `diverged` set) if the loss blew up."""
        if self.diverged:
            return False
        xb, yb = self._next_batch()
        loss, grad = self.compiled.loss_and_grad(self.theta, xb, yb)
        loss = float(loss)
        # An overflowing gradient shows up as a non-finite loss one step later, when
        # the last good parameters are still at hand.
        if not math.isfinite(loss) or abs(loss) > DIVERGENCE_LIMIT:
            np.copyto(self.theta, self._last_good)
            if math.isnan(loss):
                what = "NaN"
            elif math.isinf(loss):
                what = "infinite"
            else:
                what = f"larger than {DIVERGENCE_LIMIT:g}"
            self.diverged = (f"loss became {what} at step {self.step_count}; "
                             "try a smaller learning rate")
            return False
        if self.history.due(self.step_count):
            # A full batch already gave the training loss at this point: record it for free.
            self._record(loss if self.full_batch else None)
        else:
            self.history.record_path(self.step_count, self.theta)
        np.copyto(self._last_good, self.theta)
        self.last_loss = loss
        self.last_grad = grad
        self.optimizer.step(self.theta, grad)
        self.step_count += 1
        return True

    def steps(self, n: int) -> int:
        """Up to `n` updates, stopping early on divergence; returns how many were made."""
        done = 0
        for _ in range(n):
            if not self.step():
                break
            done += 1
        return done

    def run_epoch(self) -> int:
        """Updates until the end of the current epoch."""
        left = self.batches_per_epoch - self.step_count % self.batches_per_epoch
        return self.steps(left)

    def _record(self, train: float | None, force: bool = False) -> None:
        loss = self.train_loss() if train is None else train
        if math.isfinite(loss):  # otherwise the next step reports the divergence
            self.history.record(self.step_count, self.theta, loss, self.test_loss(), force)

    def record_now(self) -> None:
        """Add the current point to the history (a run's last point, a paused view)."""
        self._record(None, force=True)

    # ------------------------------------------------------------------ changes
    def reset(self) -> None:
        """Start over from the starting network, clearing history and optimizer state."""
        self.theta = self.compiled.parameters_of(self.network)
        self._last_good = self.theta.copy()
        self.optimizer = make_optimizer(self.config.optimizer, self.compiled.n_params,
                                        **self.optimizer.hyper_params())
        self.history = self._new_history()
        self.diverged = None
        self.last_loss = math.nan
        self.last_grad = np.zeros_like(self.theta)
        self.resume_at(0)

    def resume_at(self, step: int) -> None:
        """Continue as if `step` updates had been made: same epoch and place in its batches."""
        self.step_count = int(step)
        self._cursor = 0
        within = self.step_count % self.batches_per_epoch
        if not self.full_batch and within:
            self._shuffle(self.step_count // self.batches_per_epoch)
            self._cursor = within * self.batch_size


def features_for(dataset: Dataset, features: list[str]) -> Dataset:
    """The data set with its inputs replaced by the network's input features."""
    if list(dataset.input_names) == list(features):
        return dataset
    return dataset.with_features(features)


def prepare(network: Network, dataset: Dataset, loss: LossSpec | None = None
            ) -> tuple[CompiledNetwork, Dataset]:
    """The compiled network and the data set in its input features, checked to fit
    together (ValueError naming the mismatch otherwise)."""
    compiled = compile_network(network, loss)
    data = features_for(dataset, compiled.input_features)
    if data.n_outputs != len(compiled.output_ids):
        raise ValueError(f"the data has {data.n_outputs} target column(s) but the network "
                         f"{len(compiled.output_ids)} output neuron(s)")
    if len(data.x_train) == 0:
        raise ValueError("the data has no training points")
    return compiled, data
