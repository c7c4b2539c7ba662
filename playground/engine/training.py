"""A training run: network, data, optimizer and a bounded history, stepped one update at a time."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

import numpy as np

from playground.engine import fast, splitmix
from playground.engine.autodiff import Workspace
from playground.engine.compiled import CompiledNetwork, compile_network
from playground.engine.datasets import Dataset
from playground.engine.function import FunctionModel, compile_function, function_dataset
from playground.engine.losses import LOSSES, LossSpec
from playground.engine.network import Network
from playground.engine.optimizers import Optimizer, make_optimizer
from playground.engine.schedules import Schedule

Array = np.ndarray

DIVERGENCE_LIMIT = 1e12
SHUFFLES = ("splitmix", "blocks", "epoch")  # newest first, see `Permutations`
NEWEST_SHUFFLE = SHUFFLES[0]


@dataclass
class TrainingConfig:
    """How to train: loss, optimizer with its hyper-parameters, batch size, seed."""

    loss: LossSpec = field(default_factory=LossSpec)
    optimizer: str = "sgd"
    hyper: dict[str, float | bool] = field(default_factory=lambda: {"lr": 0.03})
    batch_size: int | None = None  # None: the whole training set
    seed: int = 0
    shuffle: str = NEWEST_SHUFFLE  # how epochs' orders are drawn, see `Permutations`
    schedule: Schedule = field(default_factory=Schedule)  # multiplies hyper["lr"] per step


def thin_path(steps: Array, path: Array, n: int, head: int, recent: int, stride: int,
              capacity: int) -> tuple[int, int]:
    """Thin a full path in place: the first `head` and last `recent` points stay, those
    between keep the steps s with s % stride < 2 (a step and its successor), the stride
    doubling until they fill at most half the room left. Returns (points, stride).
    engine/fast/kernels.py does the same inside its training loop."""
    cut = n - recent
    first = min(head, cut)
    room = max(1, (capacity - recent - first) // 2)
    middle = steps[first:cut]
    keep = np.flatnonzero(middle % stride < 2)
    while len(keep) > room:
        stride *= 2
        keep = keep[middle[keep] % stride < 2]
    keep = np.concatenate([np.arange(first), first + keep, np.arange(cut, n)])
    steps[:len(keep)] = steps[keep]
    path[:len(keep)] = path[keep]
    return len(keep), stride


def thin_losses(steps: Array, columns: tuple[Array, ...], n: int, head: int,
                stride: int) -> tuple[int, int]:
    """Thin a full loss history in place: the first `head` points stay, those after keep
    the steps on a stride twice `stride` (doubling again until at most half of them
    are left), so they stay evenly spaced. Returns (points, stride).
    engine/fast/kernels.py does the same inside its training loop."""
    middle = steps[head:n]
    room = (n - head) // 2
    stride *= 2
    keep = np.flatnonzero(middle % stride == 0)
    while len(keep) > room:
        stride *= 2
        keep = keep[middle[keep] % stride == 0]
    keep = np.concatenate([np.arange(head), head + keep])
    for a in (steps, *columns):
        a[:len(keep)] = a[keep]
    return len(keep), stride


class History:
    """Losses and the parameter path at recorded steps, decimated to stay bounded.

    Losses: every `stride`-th step is recorded; when `capacity` points are held, the
    stride doubles and the points after the first `loss_head` keep only the steps on it
    (`thin_losses`), so a run of any length keeps between capacity/2 and capacity points
    spread evenly over the whole run, and its first points exactly: the loss plot's
    default step axis is logarithmic, where the start of a long run takes as much room
    as its end.

    The path: every step (`record_path`), the first `head` and the most recent
    `recent` points kept exactly, so the start of a run and the zig-zag of its last
    few thousand steps survive any pace; when `path_capacity` points are held, the
    points between are thinned to every `path_stride`-th step and the one after it,
    the stride doubling as needed (`thin_path`), so they stay spread evenly over the
    run and a zig-zag, which changes side every step, still does.
    The points live in arrays allocated once (the fast executor writes them too).
    """

    def __init__(self, n_params: int, capacity: int = 4096, path_bytes: int = 32 << 20,
                 stride: int = 1, recent: int | None = None):
        self.capacity = max(8, capacity - capacity % 2)
        # Large networks keep a sparser path so its memory stays bounded too.
        self.path_capacity = max(8, min(self.capacity, path_bytes // max(8 * n_params, 1)))
        wanted = self.path_capacity // 2 if recent is None else int(recent)
        self.recent = max(1, min(wanted, self.path_capacity - 4))
        self.head = min(self.recent // 4, (self.path_capacity - self.recent) // 2)
        self.loss_head = self.capacity // 8
        self.stride = max(1, stride)
        self.path_stride = 1  # the thinned middle's spacing; the ends take every step
        self.n_params = n_params
        self.n = 0
        self.n_path = 0
        self._allocate(self.capacity, self.path_capacity)

    def _allocate(self, size: int, path_size: int) -> None:
        # One spare slot: a record lands before the thinning that makes room.
        self._steps = np.zeros(size + 1, dtype=np.int64)
        self._train = np.zeros(size + 1)
        self._test = np.zeros(size + 1)
        self._path_steps = np.zeros(path_size + 1, dtype=np.int64)
        self._path = np.zeros((path_size + 1, self.n_params))

    def reserve(self) -> None:
        """Make sure one more point fits in each array (after loading a long history)."""
        if self.n >= len(self._steps) or self.n_path >= len(self._path_steps):
            self._grow(self.n + 1, self.n_path + 1)

    def _grow(self, size: int, path_size: int) -> None:
        old = (self._steps, self._train, self._test, self._path_steps, self._path)
        self._allocate(max(size, self.capacity), max(path_size, self.path_capacity))
        for new, was in zip((self._steps, self._train, self._test), old[:3]):
            new[:self.n] = was[:self.n]
        self._path_steps[:self.n_path] = old[3][:self.n_path]
        self._path[:self.n_path] = old[4][:self.n_path]

    @property
    def steps(self) -> list[int]:
        return self._steps[:self.n].tolist()

    @property
    def train_loss(self) -> list[float]:
        return self._train[:self.n].tolist()

    @property
    def test_loss(self) -> list[float]:
        return self._test[:self.n].tolist()

    # Setting the losses (an edit that changes the parameters keeps the loss curve but
    # not the path) replaces the recorded points; each list holds one value per point.
    @steps.setter
    def steps(self, values: list[int]) -> None:
        self._set("_steps", values)

    @train_loss.setter
    def train_loss(self, values: list[float]) -> None:
        self._set("_train", values)

    @test_loss.setter
    def test_loss(self, values: list[float]) -> None:
        self._set("_test", values)

    def _set(self, name: str, values: list) -> None:
        if len(values) >= len(self._steps):
            self._grow(len(values) + 1, self.n_path + 1)
        getattr(self, name)[:len(values)] = values
        self.n = len(values)

    @property
    def path_steps(self) -> list[int]:
        return self._path_steps[:self.n_path].tolist()

    @property
    def path(self) -> list[Array]:
        return list(self._path[:self.n_path])

    def arrays(self) -> tuple[Array, Array, Array, Array, Array]:
        """Views (steps, train, test, path_steps, path): valid until the next record."""
        n, m = self.n, self.n_path
        return (self._steps[:n], self._train[:n], self._test[:n], self._path_steps[:m],
                self._path[:m])

    def due(self, step: int) -> bool:
        """Whether the losses of `step` are to be recorded (the path takes every step)."""
        return step % self.stride == 0

    def record(self, step: int, theta: Array, train: float, test: float,
               force: bool = False) -> None:
        """Keep the losses and parameters of `step` if it is due (or `force`d)."""
        self.reserve()
        n = self.n
        if (force or step % self.stride == 0) and (not n or self._steps[n - 1] < step):
            self._steps[n], self._train[n], self._test[n] = step, train, test
            self.n = n = n + 1
            if n >= self.capacity:
                self.n, self.stride = thin_losses(
                    self._steps, (self._train, self._test), n, self.loss_head, self.stride)
        self.record_path(step, theta)

    def record_path(self, step: int, theta: Array) -> None:
        """Keep the parameters of `step` (a copy), thinning the middle of the path when full."""
        self.reserve()
        m = self.n_path
        if m and self._path_steps[m - 1] >= step:
            return
        self._path_steps[m] = step
        self._path[m] = theta
        self.n_path = m = m + 1
        if m >= self.path_capacity:
            self.n_path, self.path_stride = thin_path(
                self._path_steps, self._path, m, self.head, self.recent, self.path_stride,
                self.path_capacity)

    def path_array(self) -> Array:
        """The recorded parameter vectors as one (points, params) array (a copy)."""
        return self._path[:self.n_path].copy() if self.n_path else np.empty((0, 0))

    def to_dict(self) -> dict:
        return {
            "stride": self.stride, "steps": self.steps,
            "train_loss": self.train_loss, "test_loss": self.test_loss,
            "path_stride": self.path_stride, "path_steps": self.path_steps,
            "path": self._path[:self.n_path].tolist(),
        }

    def load_dict(self, d: dict) -> None:
        steps = [int(s) for s in d.get("steps", [])]
        path_steps = [int(s) for s in d.get("path_steps", [])]
        path = np.array(d.get("path", []), dtype=float).reshape(len(path_steps), self.n_params)
        self.n = self.n_path = 0
        self._allocate(max(self.capacity, len(steps)), max(self.path_capacity, len(path_steps)))
        self.stride = int(d.get("stride", 1))
        self.path_stride = int(d.get("path_stride", 1))
        self.n, self.n_path = len(steps), len(path_steps)
        self._steps[:self.n] = steps
        self._train[:self.n] = [float(v) for v in d.get("train_loss", [])]
        self._test[:self.n] = [float(v) for v in d.get("test_loss", [])]
        self._path_steps[:self.n_path] = path_steps
        self._path[:self.n_path] = path


EPOCHS_PER_BLOCK = 64
BLOCK_NUMBERS = 1 << 16  # a block of permutations holds about this many indices


class Permutations:
    """The order of the training points in every epoch, drawn a block of epochs at a time.

    "splitmix" (format version 4 on): Fisher–Yates driven by a SplitMix64 stream
    seeded by (seed, epoch), see `splitmix`; the fast executor draws the same orders
    inside its kernel, where numpy's generators cost 6-7 % of an R-mini step.
    "blocks" (versions 2 and 3): one numpy generator per block of epochs, seeded by
    (seed, block), draws all of the block's permutations in one call. "epoch"
    (version 1): a generator per epoch seeded by (seed, epoch). The older two are
    kept so runs saved then resume exactly as they would have.
    """

    def __init__(self, scheme: str, seed: int, n: int):
        if scheme not in SHUFFLES:
            raise ValueError(f"unknown shuffle {scheme!r}; choose one of {', '.join(SHUFFLES)}")
        self.scheme, self.seed, self.n = scheme, seed, n
        self.per_block = 1 if scheme != "blocks" else \
            max(1, min(EPOCHS_PER_BLOCK, BLOCK_NUMBERS // max(n, 1)))
        self._first = -1
        self._block = np.zeros((0, n), dtype=np.int64)

    def block(self, epoch: int) -> tuple[int, Array]:
        """(first epoch, permutations (epochs, n)) of the block holding `epoch`."""
        first = epoch - epoch % self.per_block
        if first != self._first:
            if self.scheme == "splitmix":
                perms = self._splitmix(epoch)
            elif self.scheme == "epoch":
                perms = np.random.default_rng([self.seed, epoch]).permutation(self.n)[None]
            else:
                rng = np.random.default_rng([self.seed, 0x5EED, first // self.per_block])
                perms = np.tile(np.arange(self.n, dtype=np.int64), (self.per_block, 1))
                rng.permuted(perms, axis=1, out=perms)
            self._block = perms
            self._first = first
        return self._first, self._block

    def of(self, epoch: int) -> Array:
        first, perms = self.block(epoch)
        return perms[epoch - first]

    def _splitmix(self, epoch: int) -> Array:
        kernels = fast.loaded()
        if kernels is None or self.n == 0:
            return splitmix.permutation(self.seed, epoch, self.n)[None]
        # The kernel's Fisher–Yates draws the same order about 50 times faster than the
        # reference's Python loop (17 ms at 100,000 points): numpy runs with a schedule,
        # races and walks use it too.
        order = np.empty((1, self.n), dtype=np.int64)
        kernels.splitmix_order(order[0], splitmix.kernel_key(self.seed), epoch)
        return order


def divergence_message(loss: float, step: int) -> str:
    """Why a run stopped at `step` with `loss`: too large, or (a function with no
    minimum, such as a saddle) falling without end."""
    if math.isnan(loss):
        return f"loss became NaN at step {step}; try a smaller learning rate"
    if loss < 0:
        what = "to −∞" if math.isinf(loss) else f"below {-DIVERGENCE_LIMIT:g}"
        return (f"loss fell {what} at step {step}: the function has no minimum "
                "in that direction")
    what = "infinite" if math.isinf(loss) else f"larger than {DIVERGENCE_LIMIT:g}"
    return f"loss became {what} at step {step}; try a smaller learning rate"


class TrainingRun:
    """One network training on one data set; `step()` makes one optimizer update.

    Updates run on the fast executor (numba kernels interpreting the same compiled
    graph) once its kernels are loaded and when it supports the run, on numpy
    otherwise; both give the same numbers. `fast`: None switches over when the
    kernels become ready (they load in the background), True loads them now,
    False keeps to numpy.
    """

    limit = DIVERGENCE_LIMIT

    def __init__(self, network: Network, dataset: Dataset,
                 config: TrainingConfig | None = None, history_capacity: int = 4096,
                 prepared: tuple[CompiledNetwork, Dataset] | None = None,
                 fast: bool | None = None):
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
        self._permutations = Permutations(self.config.shuffle, self.config.seed, n)
        self._no_perms = np.zeros((1, 1), dtype=np.int64)
        self._fast_mode = fast
        self._fast = None
        # The numpy path's reusable buffers (a function model's ops take none).
        self._work = Workspace() if isinstance(self.compiled, CompiledNetwork) else None
        self._resync = False
        self._step_seconds: float | None = None  # measured by train_for
        self.fast_refused = ""  # why this run cannot use the fast executor

    @property
    def executor(self) -> str:
        """Which executor made the last updates: "fast" or "numpy"."""
        return "fast" if self._fast is not None else "numpy"

    def _fast_trainer(self):
        if self._fast is not None or self._fast_mode is False or self.fast_refused:
            return self._fast
        if not self.config.schedule.is_constant:
            # The kernels step at one rate; a schedule changes it every step.
            self.fast_refused = "a learning-rate schedule trains on numpy"
            return None
        if not isinstance(self.compiled, CompiledNetwork):
            self.fast_refused = "a function trains on numpy"  # its ops have no kernels
            return None
        kernels = fast.load(warm_up) if self._fast_mode else fast.poll(warm_up)
        if kernels is None:
            return None
        from playground.engine.fast.executor import FastTraining
        from playground.engine.fast.program import Unsupported
        try:
            self._fast = FastTraining(kernels, self)
        except Unsupported as e:
            self.fast_refused = str(e)
        return self._fast

    def permutations_at(self, step: int) -> tuple[int, Array]:
        """(first epoch, permutations) of the block holding step's epoch; a dummy when
        training on the full batch."""
        if self.full_batch:
            return 0, self._no_perms
        return self._permutations.block(step // self.batches_per_epoch)

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

    @property
    def current_lr(self) -> float:
        """The learning rate the next step uses: the base `lr` times the schedule's factor."""
        return self.config.schedule.lr_at(self.optimizer.lr, self.step_count)

    def current_network(self) -> Network:
        """A copy of the network holding the current parameters."""
        net = self.network.copy()
        self.compiled.write_parameters(net, self.theta)
        return net

    def train_loss(self) -> float:
        trainer = self._fast_trainer()
        if trainer is not None:
            return float(trainer.ex.loss(self.theta, trainer.x, trainer.y))
        return float(self.compiled.loss(self.theta, self.x, self.y))

    def test_loss(self) -> float:
        if len(self.x_test) == 0:
            return math.nan
        trainer = self._fast_trainer()
        if trainer is not None:
            return float(trainer.ex.loss(self.theta, trainer.xt, trainer.yt))
        return float(self.compiled.loss(self.theta, self.x_test, self.y_test))

    def loss_and_gradient(self) -> tuple[float, Array]:
        """The training loss and dL/dθ over the whole training set, in one pass."""
        trainer = self._fast_trainer()
        if trainer is not None:
            return trainer.ex.loss_and_grad(self.theta, trainer.x, trainer.y)
        loss, grad = self.compiled.loss_and_grad(self.theta, self.x, self.y)
        return float(loss), grad

    def gradient(self) -> Array:
        """dL/dθ over the whole training set at the current parameters."""
        return self.loss_and_gradient()[1]

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
        perm = self._permutations.of(epoch)
        self._order_x = self.x[perm]
        self._order_y = self.y[perm]

    def _diverge(self, loss: float) -> None:
        self.diverged = divergence_message(loss, self.step_count)

    def step(self) -> bool:
        """One optimizer update; False (and `diverged` set) if the loss blew up."""
        if self.diverged:
            return False
        trainer = self._fast_trainer()
        if trainer is not None:
            return self._fast_steps(trainer, 1) == 1
        return self._numpy_step()

    def _fast_steps(self, trainer, n: int) -> int:
        made = trainer.steps(self, n)
        self._resync = True  # the numpy path's batch cursor follows when next needed
        return made

    def _numpy_step(self) -> bool:
        if self._resync:
            self.resume_at(self.step_count)
        xb, yb = self._next_batch()
        if self._work is not None:
            loss, grad = self.compiled.loss_and_grad(self.theta, xb, yb, work=self._work)
        else:
            loss, grad = self.compiled.loss_and_grad(self.theta, xb, yb)
        loss = float(loss)
        # An overflowing gradient shows up as a non-finite loss one step later, when
        # the last good parameters are still at hand.
        if not math.isfinite(loss) or abs(loss) > DIVERGENCE_LIMIT:
            np.copyto(self.theta, self._last_good)
            self._diverge(loss)
            return False
        if self.history.due(self.step_count):
            # A full batch already gave the training loss at this point: record it for free.
            self._record(loss if self.full_batch else None)
        else:
            self.history.record_path(self.step_count, self.theta)
        np.copyto(self._last_good, self.theta)
        self.last_loss = loss
        self.last_grad = grad
        self._update(grad)
        self.step_count += 1
        return True

    def _update(self, grad: Array) -> None:
        schedule = self.config.schedule
        if schedule.is_constant:
            self.optimizer.step(self.theta, grad)
            return
        # The optimizer keeps the base rate between steps (it is what is saved and what
        # the lr control sets); only this step sees the scheduled one.
        base = self.optimizer.lr
        self.optimizer.lr = schedule.lr_at(base, self.step_count)
        try:
            self.optimizer.step(self.theta, grad)
        finally:
            self.optimizer.lr = base

    def steps(self, n: int) -> int:
        """Up to `n` updates, stopping early on divergence; returns how many were made."""
        if self.diverged or n <= 0:
            return 0
        trainer = self._fast_trainer()
        if trainer is not None:
            return self._fast_steps(trainer, n)
        done = 0
        for _ in range(n):
            if not self.step():
                break
            done += 1
        return done

    def train_for(self, seconds: float, limit: int) -> int:
        """Updates for about `seconds` (at least one), at most `limit`; stops on divergence.

        Steps go in chunks sized from the measured speed, so the fast executor makes
        many updates per call while the caller still gets control back in time."""
        deadline = time.perf_counter() + seconds
        done = 0
        # One call fills the time at the last call's speed: in the app every return from
        # a kernel has to win the GIL back, waiting while the GUI thread paints. The first
        # call of a run starts with one step; a remainder under a tenth is left over.
        per_step = self._step_seconds
        chunk = 1 if per_step is None else max(1, int(seconds / per_step))
        while done < limit:
            t0 = time.perf_counter()
            want = min(chunk, limit - done)
            made = self.steps(want)
            done += made
            now = time.perf_counter()
            if made:  # slower steps too: a call that overran sizes the next one down
                per_step = self._step_seconds = max((now - t0) / made, 1e-9)
            if made < want or deadline - now < 0.1 * seconds:
                break
            chunk = max(1, min(4 * chunk, int((deadline - now) / per_step)))
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
        self._resync = False
        self._cursor = 0
        within = self.step_count % self.batches_per_epoch
        if not self.full_batch and within:
            self._shuffle(self.step_count // self.batches_per_epoch)
            self._cursor = within * self.batch_size


def warm_up(kernels) -> None:
    """Run the fast kernels once on a small problem that uses every kind of step
    (compiles them, or loads them from numba's cache)."""
    from playground.engine.datasets import generate
    from playground.engine.fast.executor import Executor, FastTraining
    from playground.engine.network import layered

    data = generate("circle", n_points=40, train_fraction=0.5, seed=0)
    net = layered("2-3-1", "tanh", "linear", seed=0)
    cfg = TrainingConfig(LossSpec("half_squared", "mean", "l2", 1e-3), "adam", {"lr": 0.01},
                         batch_size=5)
    run = TrainingRun(net, data, cfg, fast=False)
    FastTraining(kernels, run).steps(run, 10)
    ex = Executor(kernels, run.compiled, 20)
    ex.loss_and_grad(run.theta, run.x, run.y)
    ex.loss(run.theta, run.x, run.y)


def features_for(dataset: Dataset, features: list[str]) -> Dataset:
    """The data set with its inputs replaced by the network's input features."""
    if list(dataset.input_names) == list(features):
        return dataset
    return dataset.with_features(features)


def prepare(network: Network | FunctionModel, dataset: Dataset, loss: LossSpec | None = None
            ) -> tuple[CompiledNetwork, Dataset]:
    """The compiled network and the data set in its input features, checked to fit
    together (ValueError naming the mismatch otherwise). A function needs no data:
    it compiles to its own graph and gets the empty data set."""
    if isinstance(network, FunctionModel):
        return compile_function(network), function_dataset()
    compiled = compile_network(network, loss)
    kind = LOSSES[compiled.loss_spec.kind]
    if len(compiled.output_ids) < kind.min_outputs:
        raise ValueError(f"{kind.label} needs at least {kind.min_outputs} output neurons (one "
                         f"per class); this network has {len(compiled.output_ids)} — for one "
                         "output use binary cross-entropy")
    data = features_for(dataset, compiled.input_features)
    if data.n_outputs != len(compiled.output_ids):
        raise ValueError(f"the data has {data.n_outputs} target column(s) but the network "
                         f"{len(compiled.output_ids)} output neuron(s)")
    if len(data.x_train) == 0:
        raise ValueError("the data has no training points")
    return compiled, data
