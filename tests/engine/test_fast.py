"""The fast executor runs the compiled graph to the numpy path's numbers (1e-12 per step).

Skipped, with the reason, where numba is not installed; the numpy path is tested
on its own elsewhere either way.
"""

import itertools

import numpy as np
import pytest

from playground.engine import fast, splitmix
from playground.engine.activations import ACTIVATIONS
from playground.engine.datasets import from_arrays, generate
from playground.engine.losses import LOSSES, LossSpec
from playground.engine.network import layered
from playground.engine.optimizers import OPTIMIZERS
from playground.engine.training import SHUFFLES, Permutations, TrainingConfig, TrainingRun
from tests.engine.netgen import random_dag
from tests.engine.test_compiled import data_for
from tests.engine.test_training import sigmoid_neuron

pytestmark = pytest.mark.skipif(not fast.installed(),
                                reason="numba is not installed: no fast executor to compare")

RTOL = 1e-12


@pytest.fixture(scope="module")
def kernels():
    before = fast._kernels
    k = fast.load()
    if k is None:
        pytest.skip(f"fast executor unavailable: {fast.reason()}")
    yield k
    # Other tests' runs (fast=None) use the kernels whenever they are loaded: keep those
    # tests on the numpy path they were written for.
    fast._kernels = before


def close(a, b, what: str) -> None:
    a, b = np.asarray(a, float), np.asarray(b, float)
    scale = max(float(np.max(np.abs(b), initial=0.0)), 1e-300)
    assert np.max(np.abs(a - b), initial=0.0) <= RTOL * scale, \
        f"{what}: {a} vs {b} differ by {np.max(np.abs(a - b)) / scale:.2e} relative"


def pair(net, data, cfg):
    ref = TrainingRun(net, data, cfg, fast=False)
    run = TrainingRun(net, data, cfg, fast=True)
    return ref, run


def lockstep(ref: TrainingRun, run: TrainingRun, steps: int) -> None:
    """Step both; after every step the parameters, loss and optimizer state agree."""
    for s in range(steps):
        ok_ref, ok_run = ref.step(), run.step()
        assert ok_ref == ok_run, f"step {s}: numpy {ok_ref}, fast {ok_run}"
        assert run.executor == "fast"
        close(run.theta, ref.theta, f"theta after step {s}")
        if not ok_ref:
            assert run.diverged == ref.diverged
            return
        close(run.last_loss, ref.last_loss, f"loss at step {s}")
        close(run.last_grad, ref.last_grad, f"gradient at step {s}")
        for key, buf in ref.optimizer.state_dict()["buffers"].items():
            close(run.optimizer.state_dict()["buffers"][key], buf, f"{key} after step {s}")
        assert run.optimizer.t == ref.optimizer.t
        # Take the reference's numbers, so each step is compared on its own.
        np.copyto(run.theta, ref.theta)
        run.optimizer.load_state_dict(ref.optimizer.state_dict())


CASES = [(seed, loss, red, reg, opt) for seed, (loss, red, reg), opt in zip(
    range(56),
    itertools.cycle(itertools.product(LOSSES, ("sum", "mean"), ("none", "l1", "l2"))),
    itertools.cycle(OPTIMIZERS))]


@pytest.mark.parametrize("seed,loss,reduction,reg,optimizer", CASES)
def test_random_dags_step_like_numpy(kernels, seed, loss, reduction, reg, optimizer):
    n_out = 2 if loss == "softmax_ce" else None
    net = random_dag(seed, n_out=n_out)
    inputs = net.ids("input")
    n_out = len(net.ids("output"))
    x, y = data_for(loss, len(inputs), n_out, seed, n=23)
    data = from_arrays(x, y, train_fraction=0.7, seed=seed, input_names=inputs)
    hyper = {"lr": 0.05}
    if optimizer in ("sgd", "rmsprop"):
        hyper["momentum"] = 0.5
    if seed % 3 == 0:
        hyper["weight_decay"] = 0.01
    batch = (None, 4, 7)[seed % 3]
    cfg = TrainingConfig(LossSpec(loss, reduction, reg, 0.03), optimizer, hyper, batch)
    lockstep(*pair(net, data, cfg), steps=8)


@pytest.mark.parametrize("activation", list(ACTIVATIONS))
def test_every_activation_steps_like_numpy(kernels, activation):
    net = random_dag(3, n_in=2, n_out=1, activations=[activation])
    x = np.random.default_rng(5).normal(0, 3, size=(40, 2))  # both sides of every kink
    data = from_arrays(x, np.sin(x[:, :1]), seed=1, input_names=net.ids("input"))
    cfg = TrainingConfig(LossSpec("squared", "mean"), "adam", {"lr": 0.01}, batch_size=8)
    lockstep(*pair(net, data, cfg), steps=10)


@pytest.mark.parametrize("layers,batch", [("3-30-26-2", None), ("2-40-25-1", 9)])
def test_wide_layers_step_like_numpy(kernels, layers, batch):
    """Weight blocks over kernels.BLAS_MIN_ENTRIES multiply through BLAS where scipy is
    installed (the loops otherwise); either way the numpy path's numbers, 1e-12."""
    net = layered(layers, "tanh", "linear", seed=2)
    n_in, n_out = int(layers.split("-")[0]), int(layers.split("-")[-1])
    rng = np.random.default_rng(7)
    x = rng.normal(size=(300, n_in))  # over one tile of samples: the sums run across tiles
    data = from_arrays(x, np.tanh(x[:, :n_out]), seed=3,
                       input_names=net.ids("input"))
    cfg = TrainingConfig(LossSpec("half_squared", "mean", "l2", 1e-3), "adam", {"lr": 0.01},
                         batch)
    lockstep(*pair(net, data, cfg), steps=6)
    if kernels.BLAS:
        assert 30 * 26 >= kernels.BLAS_MIN_ENTRIES and 40 * 25 >= kernels.BLAS_MIN_ENTRIES


@pytest.mark.parametrize("batch", [None, 300])
def test_wide_network_over_many_tiles_steps_like_numpy(kernels, batch):
    """2-128-128-1 (benchmarks/scaling.py's widest) on 700 points: batches of several
    128-sample tiles, the parameters unpacked on a batch's first tile and their gradient
    written on its last, the hidden nodes' gradients written outright (not cleared and
    added to), and an L2 penalty adding into the weight gradients before the products."""
    from playground.engine.fast import program as prog
    net = layered("2-128-128-1", "tanh", "linear", seed=4)
    data = generate("circle", n_points=700, train_fraction=1.0, seed=4)
    cfg = TrainingConfig(LossSpec("half_squared", "mean", "l2", 1e-3), "adam", {"lr": 0.01},
                         batch)
    ref, run = pair(net, data, cfg)
    lockstep(ref, run, steps=3)
    ex = run._fast.ex
    assert ex.rows == ex.p.tile == 128 < (batch or 700)
    ops = ex.p.code.reshape(-1, prog.WIDTH)
    assert ops[0, 0] == prog.OP_ZERO
    cleared = set(ex.p.aux[ops[0, 2]:ops[0, 2] + ops[0, 3]].tolist())
    acts = [op for op in ops if op[0] == prog.OP_ACTIVATE]  # two tanh, the linear output
    assert len(acts) == 3 and all(op[4] == 1 and op[2] not in cleared for op in acts)
    wide = [op for op in ops if op[0] == prog.OP_AFFINE and op[5] * op[6] == 128 * 128]
    assert len(wide) == 1 and wide[0][7] == 2 and wide[0][2] not in cleared


def test_nodes_with_several_consumers_keep_adding_their_gradients(kernels):
    """The random DAGs the lockstep tests run have row nodes read by several ops (skip
    connections): those are cleared each tile and added into. Only a node read by one
    activation, the loss or a level that writes its input's gradient outright skips
    that; and layers of mixed activations (a column at a time) occur too."""
    from playground.engine.compiled import compile_network
    from playground.engine.fast import program as prog
    seen = {"several": 0, "one": 0, "mixed": 0}
    for seed in range(56):
        c = compile_network(random_dag(seed), LossSpec("half_squared", "mean"))
        p = prog.build(c)
        ops = p.code.reshape(-1, prog.WIDTH)
        cleared = set(p.aux[ops[0, 2]:ops[0, 2] + ops[0, 3]].tolist())
        readers: dict[int, list[int]] = {}
        for i, node in enumerate(c.graph.nodes[:c.total + 1]):
            for j in node.inputs:
                readers.setdefault(j, []).append(i)
        writes_outright = {int(op[2]) for op in ops
                           if op[0] == prog.OP_ACTIVATE and op[4] == 1
                           or op[0] == prog.OP_LOSS and op[6] == 1
                           or op[0] == prog.OP_AFFINE and op[7] == 2}
        for i in np.flatnonzero(p.row_node):
            several = len(readers.get(i, [])) > 1
            assert not (several and i in writes_outright), f"dag {seed}, node {i}"
            assert (i in cleared) == (i not in writes_outright), f"dag {seed}, node {i}"
            seen["several"] += several
            seen["one"] += i in writes_outright
        for op in ops:
            if op[0] == prog.OP_ACTIVATE:
                seen["mixed"] += len(set(p.aux[op[3]:op[3] + p.width[op[1]]].tolist())) > 1
    assert all(seen.values()), seen


@pytest.mark.parametrize("variant", [
    ("sgd", {"momentum": 0.9, "dampening": 0.3}), ("nesterov", {"weight_decay": 0.1}),
    ("adagrad", {"lr_decay": 0.1, "initial_accumulator_value": 0.2}),
    ("rmsprop", {"centered": True, "momentum": 0.3}), ("adam", {"amsgrad": True}),
    ("adamw", {"amsgrad": True, "weight_decay": 0.05}),
])
def test_optimizer_variants_step_like_numpy(kernels, variant):
    name, hyper = variant
    net = layered("2-5-3-1", "tanh", "linear", seed=2)
    data = generate("spiral", n_points=60, train_fraction=0.8, seed=3)
    cfg = TrainingConfig(LossSpec("half_squared", "mean", "l1", 0.01), name,
                         {"lr": 0.02, **hyper}, batch_size=16)
    lockstep(*pair(net, data, cfg), steps=12)


def test_many_steps_agree_with_history_and_thinning(kernels):
    net = random_dag(11, n_in=2, n_out=1)
    data = generate("xor", n_points=50, train_fraction=0.6, seed=0)
    for batch in (None, 7):
        cfg = TrainingConfig(LossSpec("half_squared", "mean"), "momentum", {"lr": 0.05},
                             batch_size=batch)
        ref = TrainingRun(net, data, cfg, history_capacity=16, fast=False)
        run = TrainingRun(net, data, cfg, history_capacity=16, fast=True)
        assert ref.steps(300) == run.steps(300) == 300
        assert run.executor == "fast"
        close(run.theta, ref.theta, "theta after 300 steps")
        h, g = run.history, ref.history
        assert (h.steps, h.path_steps, h.stride, h.path_stride) == \
            (g.steps, g.path_steps, g.stride, g.path_stride)
        assert h.stride > 1  # thinning happened inside the kernel
        close(h.train_loss, g.train_loss, "recorded train losses")
        close(h.test_loss, g.test_loss, "recorded test losses")
        close(h.path_array(), g.path_array(), "recorded path")


def test_tiles_of_a_large_batch_add_up_like_one_pass(kernels, monkeypatch):
    from playground.engine.fast.program import Program
    monkeypatch.setattr(Program, "tile", property(lambda self: 3))
    net = random_dag(5, n_in=2, n_out=2)
    data = from_arrays(*data_for("softmax_ce", 2, 2, 5, n=40), train_fraction=0.75,
                       input_names=net.ids("input"))
    for batch in (None, 8):
        cfg = TrainingConfig(LossSpec("softmax_ce", "mean", "l2", 0.05), "adam", {"lr": 0.02},
                             batch_size=batch)
        ref, run = pair(net, data, cfg)
        lockstep(ref, run, steps=6)
        assert run._fast.ex.rows == 3


def test_divergence_is_reported_like_numpy(kernels):
    net = layered("1-1", activation="linear", output_activation="linear", seed=0)
    data = generate("sine", n_points=50, noise=0.0)
    cfg = TrainingConfig(LossSpec("squared", "sum"), "sgd", {"lr": 10.0})
    ref, run = pair(net, data, cfg)
    assert ref.steps(10_000) == run.steps(10_000) < 10_000
    assert run.diverged == ref.diverged
    close(run.theta, ref.theta, "theta restored at divergence")
    assert run.steps(5) == 0


@pytest.mark.parametrize("shuffle", SHUFFLES)
def test_every_shuffle_orders_epochs_like_numpy(kernels, shuffle):
    """700 epochs of 2 batches: splitmix orders drawn in the kernel, blocks of 64 epochs
    handed in 11 times, a generator per epoch handed in every epoch."""
    net = layered("2-3-1", "tanh", "linear", seed=1)
    data = generate("circle", n_points=20, train_fraction=1.0, seed=2)
    cfg = TrainingConfig(LossSpec("half_squared", "mean"), "sgd", {"lr": 0.05},
                         batch_size=10, seed=2**32 - 1, shuffle=shuffle)
    ref, run = pair(net, data, cfg)
    assert ref.steps(1400) == run.steps(1400) == 1400
    assert run.executor == "fast" and run._fast.draws == (shuffle == "splitmix")
    close(run.theta, ref.theta, f"theta after 700 epochs, {shuffle} shuffle")
    assert run.history.steps == ref.history.steps


def test_the_kernel_draws_splitmix_orders_like_the_reference(kernels):
    for seed in (0, 7, 2**32 - 1, 2**63 + 5, 2**64 - 1):  # keys above 2^63 too
        key = splitmix.kernel_key(seed)
        for n in (1, 2, 3, 10, 257):
            for epoch in (0, 1, 64, 10**9):
                order = np.full(n, -1, dtype=np.int64)
                kernels.splitmix_order(order, key, epoch)
                np.testing.assert_array_equal(order, splitmix.permutation(seed, epoch, n),
                                              err_msg=f"seed {seed}, n {n}, epoch {epoch}")
    # With the kernels loaded the numpy path's orders come from them (the reference's
    # Python loop is 50 times slower): still the reference's orders.
    assert fast.loaded() is kernels
    drawn = Permutations("splitmix", 2**63 + 5, 257)
    for epoch in (3, 0, 10**9):
        np.testing.assert_array_equal(drawn.of(epoch), splitmix.permutation(2**63 + 5, epoch, 257))


@pytest.mark.parametrize("shuffle", SHUFFLES)
def test_switching_executors_mid_epoch_changes_nothing(kernels, shuffle):
    net = layered("2-4-2-1", "tanh", "linear", seed=0)
    data = generate("circle", n_points=200, train_fraction=1.0, seed=0)
    cfg = TrainingConfig(LossSpec("half_squared", "mean"), "sgd", {"lr": 0.03}, batch_size=10,
                         shuffle=shuffle)
    ref = TrainingRun(net, data, cfg, fast=False)
    mixed = TrainingRun(net, data, cfg, fast=False)
    ref.steps(95)
    mixed.steps(33)  # numpy, stopping mid-epoch
    mixed._fast_mode = True
    mixed.steps(41)  # fast, from the middle of an epoch to the middle of another
    assert mixed.executor == "fast"
    mixed._fast, mixed._fast_mode = None, False
    mixed.steps(21)  # numpy again
    close(mixed.theta, ref.theta, "theta after mixed executors")
    assert mixed.history.steps == ref.history.steps


def test_example2_sigmoid_neuron_reproduces_on_the_fast_path(kernels):
    run = TrainingRun(sigmoid_neuron(), generate("sigmoid-neuron"),
                      TrainingConfig(LossSpec("half_squared", "sum"), "sgd", {"lr": 1.0}),
                      fast=True)
    assert run.steps(1000) == 1000
    assert run.executor == "fast"
    w, b = run.theta
    assert w == pytest.approx(3.230394, abs=1e-6)
    assert b == pytest.approx(-5.756507, abs=1e-6)
    assert run.train_loss() == pytest.approx(0.0170468, abs=1e-7)


def test_unsupported_graphs_fall_back_to_numpy(kernels, monkeypatch):
    from playground.engine.fast import program
    monkeypatch.delitem(program.ACTIVATION_CODES, "sine")
    net = layered("2-3-1", "sine", "linear", seed=0)
    data = generate("circle", n_points=30, seed=0)
    run = TrainingRun(net, data, TrainingConfig(), fast=True)
    assert run.steps(5) == 5
    assert run.executor == "numpy"
    assert "sine" in run.fast_refused


def test_executor_loss_and_gradient_match_the_graph_on_random_dags(kernels):
    from playground.engine.compiled import compile_network
    from playground.engine.fast.executor import Executor
    for seed in range(20):
        net = random_dag(seed)
        c = compile_network(net, LossSpec("half_squared", "mean", "l2", 0.1))
        n_in, n_out = len(c.input_ids), len(c.output_ids)
        x, y = data_for("half_squared", n_in, n_out, seed, n=9)
        theta = c.parameters_of(net)
        ex = Executor(kernels, c, 4)  # the 9 rows go in tiles of 4
        loss, grad = ex.loss_and_grad(theta, x, y)
        ref_loss, ref_grad = c.loss_and_grad(theta, x, y)
        close(loss, ref_loss, f"loss of dag {seed}")
        close(grad, ref_grad, f"gradient of dag {seed}")


def test_block_permutations_are_permutations_and_reproducible():
    a = Permutations("blocks", 7, 50)
    b = Permutations("blocks", 7, 50)
    for epoch in (0, 1, 63, 64, 200):
        pa = a.of(epoch)
        np.testing.assert_array_equal(np.sort(pa), np.arange(50))
        np.testing.assert_array_equal(pa, b.of(epoch))
    assert not np.array_equal(a.of(0), a.of(1))
    legacy = Permutations("epoch", 7, 50)
    np.testing.assert_array_equal(legacy.of(5),
                                  np.random.default_rng([7, 5]).permutation(50))
