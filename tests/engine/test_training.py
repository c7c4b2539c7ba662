"""Training runs: the article's sigmoid neuron, divergence, history bounds, mini-batches."""

import numpy as np
import pytest

from playground.engine.datasets import generate
from playground.engine.losses import LossSpec
from playground.engine.network import Connection, Network, Neuron, layered
from playground.engine.training import History, TrainingConfig, TrainingRun, prepare


def sigmoid_neuron() -> Network:
    return Network([Neuron("x1", "input", bias=None, feature="x1"),
                    Neuron("o1", "output", "sigmoid", -8.0)],
                   [Connection("x1", "o1", 0.0)])


def sigmoid_run(lr: float = 1.0) -> TrainingRun:
    return TrainingRun(sigmoid_neuron(), generate("sigmoid-neuron"),
                       TrainingConfig(LossSpec("half_squared", "sum"), "sgd", {"lr": lr}))


def test_example2_sigmoid_neuron_after_1000_epochs():
    run = sigmoid_run()
    assert run.train_loss() == pytest.approx(0.4246312, abs=1e-7)
    assert run.steps(1000) == 1000
    w, b = run.theta
    assert w == pytest.approx(3.230394, abs=1e-6)
    assert b == pytest.approx(-5.756507, abs=1e-6)
    assert run.train_loss() == pytest.approx(0.0170468, abs=1e-7)


def test_history_records_the_path_of_every_full_batch_step():
    run = sigmoid_run()
    run.steps(10)
    run.record_now()
    assert run.history.steps == list(range(11))
    path = run.history.path_array()
    np.testing.assert_array_equal(path[-1], run.theta)
    np.testing.assert_array_equal(path[0], [0.0, -8.0])
    assert run.history.train_loss[0] == pytest.approx(0.4246312273, abs=1e-10)


def test_divergence_stops_with_a_reason_and_keeps_finite_parameters():
    net = layered("1-1", activation="linear", output_activation="linear", seed=0)
    data = generate("sine", n_points=50, noise=0.0)
    run = TrainingRun(net, data, TrainingConfig(LossSpec("squared", "sum"), "sgd", {"lr": 10.0}))
    made = run.steps(10_000)
    assert made < 10_000
    assert run.diverged and "smaller learning rate" in run.diverged
    assert f"at step {made}" in run.diverged
    assert np.isfinite(run.theta).all()
    assert np.isfinite(run.train_loss())
    assert run.step() is False  # stays stopped


def test_history_stays_bounded_and_spans_the_whole_run():
    h = History(n_params=3, capacity=64)
    theta = np.zeros(3)
    for step in range(100_000):
        if h.due(step):
            h.record(step, theta, 1.0, 1.0)
    assert 32 <= len(h.steps) < 64
    assert len(h.path) < 64
    assert h.steps[0] == 0 and h.steps[-1] > 90_000
    # The first steps exactly (on a log step axis they take as much room as the end)...
    assert h.loss_head == 8 and h.steps[:8] == list(range(8))
    # ...the rest evenly spaced after decimation.
    gaps = np.diff(h.steps[8:])
    assert gaps.min() == gaps.max() == h.stride


def test_history_keeps_the_recent_path_exactly_and_the_older_thinned():
    h = History(n_params=2, capacity=256, recent=100)
    for step in range(50_000):
        theta = np.array([step, -step], dtype=float)
        if h.due(step):
            h.record(step, theta, 1.0, 1.0)
        else:
            h.record_path(step, theta)
    assert len(h.path) < 256 and len(h.path) == len(h.path_steps)
    assert h.path_steps[-100:] == list(range(49_900, 50_000))  # every recent step
    assert h.path_steps[:h.head] == list(range(h.head)) and h.head >= 20  # the start, exactly
    older = h.path_steps[h.head:-100]
    assert older[-1] > 40_000  # the whole run spanned
    # Thinned evenly: the points on the older stride leave no gap wider than it.
    on_stride = [s for s in older if s % h.path_stride == 0]
    assert h.path_stride > 1 and np.diff(on_stride).max() == h.path_stride
    assert len(older) <= 256 - 100
    # Each kept step on the stride keeps its successor: a zig-zag survives the thinning.
    pairs = set(older)
    assert all(s + 1 in pairs for s in on_stride if s + 1 < 49_900 - 200)
    np.testing.assert_array_equal([p[0] for p in h.path], h.path_steps)



def test_a_run_at_any_length_keeps_its_last_steps_for_the_zig_zag():
    run = sigmoid_run()
    run.steps(10_000)
    steps = run.history.path_steps
    assert steps[-run.history.recent:] == list(range(10_000 - run.history.recent, 10_000))
    assert run.history.recent >= 1000



def test_history_of_a_large_network_keeps_its_path_memory_bounded():
    h = History(n_params=200_000, capacity=4096)
    assert 8 <= h.path_capacity < 4096
    assert h.path_capacity * 8 * 200_000 <= 32 << 20


def test_learning_rate_changes_between_steps_keep_optimizer_state():
    data = generate("xor", seed=1)
    net = layered("2-3-1", seed=1)
    cfg = TrainingConfig(LossSpec(), "adam", {"lr": 0.01})
    a, b = TrainingRun(net, data, cfg), TrainingRun(net, data, cfg)
    a.steps(5)
    b.steps(5)
    a.lr = 0.05
    b.optimizer.reset()
    b.lr = 0.05
    a.steps(3)
    b.steps(3)
    assert a.optimizer.state_dict()["t"] == 8
    assert not np.allclose(a.theta, b.theta)
    with pytest.raises(ValueError):
        a.lr = -1.0


def test_mini_batches_cover_each_epoch_once_and_are_seeded():
    data = generate("circle", n_points=40, train_fraction=1.0, seed=3)
    net = layered("2-3-1", seed=0)
    cfg = TrainingConfig(LossSpec(), "sgd", {"lr": 0.1}, batch_size=7, seed=5)
    run = TrainingRun(net, data, cfg)
    assert run.batches_per_epoch == 6
    seen = []
    for _ in range(run.batches_per_epoch):
        xb, _ = run._next_batch()
        seen.extend(map(tuple, xb))
    assert sorted(seen) == sorted(map(tuple, run.x))
    r1, r2 = TrainingRun(net, data, cfg), TrainingRun(net, data, cfg)
    r1.steps(20)
    r2.steps(20)
    np.testing.assert_array_equal(r1.theta, r2.theta)
    assert r1.run_epoch() == 4 and r1.epoch == 4.0


def test_xor_loss_falls():
    run = TrainingRun(layered("2-4-1", seed=2), generate("xor", seed=2),
                      TrainingConfig(LossSpec("half_squared", "mean"), "adam", {"lr": 0.03}))
    start = run.train_loss()
    run.steps(300)
    assert run.train_loss() < 0.5 * start


def test_reset_returns_to_the_start_and_clears_history():
    run = sigmoid_run()
    run.steps(50)
    run.reset()
    np.testing.assert_array_equal(run.theta, [0.0, -8.0])
    assert run.step_count == 0 and not run.history.steps


def test_mismatched_data_is_refused():
    with pytest.raises(ValueError, match="target column"):
        TrainingRun(layered("2-3-2"), generate("xor"))


def test_a_mini_batch_run_resumed_mid_epoch_continues_exactly():
    data = generate("xor", seed=4)
    net = layered("2-3-1", seed=4)
    cfg = TrainingConfig(LossSpec(), "sgd", {"lr": 0.1}, batch_size=7, seed=9)
    whole = TrainingRun(net, data, cfg)
    whole.steps(23)
    first = TrainingRun(net, data, cfg)
    first.steps(5)
    resumed = TrainingRun(first.current_network(), data, cfg)
    resumed.resume_at(first.step_count)
    resumed.steps(18)
    np.testing.assert_array_equal(resumed.theta, whole.theta)


def test_a_network_without_parameters_trains_as_a_constant():
    net = Network([Neuron("x1", "input", bias=None, feature="x1"),
                   Neuron("o1", "output", "linear", None)], [])
    run = TrainingRun(net, generate("sine", n_points=10))
    assert run.gradient().shape == (0,)
    assert run.steps(3) == 3 and np.isfinite(run.train_loss())


def test_prepare_compiles_and_checks_the_data_once_for_everyone():
    data = generate("xor", n_points=30)
    compiled, fitted = prepare(layered("2-3-1", seed=1), data)
    assert compiled.n_params == 13 and fitted.x_train.shape == data.x_train.shape
    with pytest.raises(ValueError, match=r"1 target column\(s\) but the network 2 output"):
        prepare(layered("2-3-2", seed=1), data)


def test_history_losses_can_be_replaced_beyond_capacity():
    # An edit that changes the parameters keeps the loss curve (workspace.run_policy).
    h = History(n_params=2, capacity=8)
    h.steps = list(range(20))
    h.train_loss = [float(s) for s in range(20)]
    h.test_loss = [0.5] * 20
    assert h.steps == list(range(20)) and h.train_loss[-1] == 19.0 and h.n == 20
    h.record(20, np.zeros(2), 1.0, 2.0)  # the next point thins the long curve
    assert h.stride == 2 and h.steps[:3] == [0, 2, 4] and h.steps[-1] == 20


class _Clock:
    """perf_counter for train_for: every step costs `per_step` seconds."""

    def __init__(self, per_step: float):
        self.now, self.per_step = 0.0, per_step

    def __call__(self) -> float:
        return self.now


def _clocked_run(monkeypatch, per_step: float):
    from playground.engine import training

    clock = _Clock(per_step)
    monkeypatch.setattr(training.time, "perf_counter", clock)
    run = TrainingRun(layered("2-3-1", "tanh", "linear", seed=0),
                      generate("circle", n_points=40, seed=0), TrainingConfig(), fast=False)
    calls: list[int] = []
    inner = run.steps

    def steps(n: int) -> int:
        calls.append(n)
        made = inner(n)
        clock.now += made * clock.per_step
        return made

    monkeypatch.setattr(run, "steps", steps)
    return run, calls


def test_train_for_fills_a_burst_in_one_call_at_a_known_speed(monkeypatch):
    # In the app each return from a kernel has to win the GIL back from the GUI thread,
    # so a burst should be one call once the speed is known.
    run, calls = _clocked_run(monkeypatch, 1e-3)
    assert run.train_for(0.05, 10_000) >= 1 and calls[0] == 1  # a run's first call: one step
    calls.clear()
    made = run.train_for(0.05, 10_000)
    assert calls == [50] and made == 50
    calls.clear()
    assert run.train_for(0.05, 20) == 20 and calls == [20]  # the limit holds


def test_train_for_keeps_going_when_it_undershoots(monkeypatch):
    run, calls = _clocked_run(monkeypatch, 1e-3)
    run.train_for(0.05, 10_000)
    run._step_seconds = 1e-2  # a stale, pessimistic speed: the first call falls short
    calls.clear()
    made = run.train_for(0.05, 10_000)
    assert calls[0] == 5 and len(calls) >= 2 and 45 <= made <= 50


def test_train_for_sizes_down_after_the_steps_got_slower(monkeypatch):
    run, calls = _clocked_run(monkeypatch, 1e-3)
    from playground.engine import training

    run.train_for(0.05, 10_000)
    run.train_for(0.05, 10_000)
    training.time.perf_counter.per_step = 4e-3  # the steps get four times slower
    calls.clear()
    assert run.train_for(0.05, 10_000) == 50  # one call sized at the old speed overruns...
    assert run._step_seconds == pytest.approx(4e-3)
    calls.clear()
    assert run.train_for(0.05, 10_000) == 12 and calls == [12]  # ...the next fits
