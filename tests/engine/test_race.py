"""Optimizer races: one batched forward per step for all runners, each equal to its own run."""

import numpy as np
import pytest

from playground.engine.compiled import CompiledNetwork
from playground.engine.datasets import generate
from playground.engine.function import compile_function, function_dataset
from playground.engine.network import initialize, layered
from playground.engine.race import Race, RaceError, parse_optimizer, parse_runners
from playground.engine.schedules import Schedule
from playground.engine.testfunctions import TEST_FUNCTIONS
from playground.engine.training import SHUFFLES, TrainingConfig, TrainingRun, prepare


def network_2_4_1():
    net = layered("2-4-1", activation="tanh")
    initialize(net, seed=3)
    return net


def test_network_race_of_three_rates_is_one_forward_per_step_and_equals_single_runs(
        monkeypatch):
    net, data = network_2_4_1(), generate("xor", seed=1)
    compiled, fitted = prepare(net, data)
    calls = []
    original = CompiledNetwork.loss_and_grad

    def counting(self, theta, x, y):
        calls.append(np.shape(theta))
        return original(self, theta, x, y)

    monkeypatch.setattr(CompiledNetwork, "loss_and_grad", counting)
    rates = (0.05, 0.2, 0.8)
    race = Race(compiled, compiled.parameters_of(net), fitted.x_train, fitted.y_train,
                parse_runners(",".join(f"sgd:lr={r}" for r in rates)))
    assert race.run(30) == 30
    assert calls == [(3, compiled.n_params)] * 30  # one batched call per step, all runners
    monkeypatch.setattr(CompiledNetwork, "loss_and_grad", original)
    for k, lr in enumerate(rates):
        run = TrainingRun(net, data, TrainingConfig(hyper={"lr": lr}))
        run.steps(30)
        np.testing.assert_allclose(race.theta[k], run.theta, rtol=1e-12, atol=1e-14)
        assert race.results()[k]["final_loss"] == pytest.approx(run.train_loss(), rel=1e-12)


def test_rosenbrock_race_reports_settings_points_and_steps_to_tolerance():
    f = TEST_FUNCTIONS["rosenbrock"]
    model = f.model()
    c = compile_function(model)
    d = function_dataset()
    runners = parse_runners("sgd:lr=0.001,momentum:lr=0.001:momentum=0.9,adam:lr=0.05")
    race = Race(c, c.parameters_of(model), d.x_train, d.y_train, runners, tolerance=1e-4)
    race.run(1500)
    results = race.results()
    assert [r["optimizer"] for r in results] == ["sgd", "momentum", "adam"]
    assert results[1]["hyper"]["momentum"] == 0.9
    for r, theta in zip(results, race.theta):
        assert r["final_point"] == {"x": theta[0], "y": theta[1]}
        assert r["final_loss"] == pytest.approx(float(c.loss(theta)))
    assert results[0]["steps_to_tolerance"] is None  # plain SGD is still in the valley
    reached = results[1]["steps_to_tolerance"]
    assert reached is not None
    assert race.histories[1].train_loss[reached] <= 1e-4 < race.histories[1].train_loss[
        reached - 1]
    assert [len(p) for p in race.paths()] == [1501] * 3


def test_a_diverging_runner_stops_and_the_others_go_on():
    model = TEST_FUNCTIONS["bowl"].model()
    c = compile_function(model)
    d = function_dataset()
    race = Race(c, c.parameters_of(model), d.x_train, d.y_train,
                parse_runners("sgd:lr=0.1,sgd:lr=5"))
    race.run(200)
    res = race.results()
    assert res[0]["diverged"] is None and res[0]["final_loss"] < 1e-12
    assert "at step" in res[1]["diverged"]
    assert np.isfinite(race.theta[1]).all()


def test_runner_schedule_is_used():
    model = TEST_FUNCTIONS["bowl"].model()
    c = compile_function(model)
    d = function_dataset()
    runners = parse_runners("sgd:lr=0.5@step:every=1:gamma=0.5")
    assert runners[0].schedule == Schedule("step", {"every": 1, "gamma": 0.5})
    race = Race(c, np.array([1.0, 0.0]), d.x_train, d.y_train, runners)
    race.run(2)
    # x ← x(1 − 2·lr_t): lr 0.5 then 0.25
    assert race.theta[0][0] == pytest.approx((1 - 1.0) * (1 - 0.5))


@pytest.mark.parametrize("spec, what", [
    ("sgdd:lr=1", "unknown optimizer"), ("sgd:lr", "not key=value"),
    ("adam:beta1=2", "beta1"), ("sgd:lr=x", "not a number"), ("sgd,,adam", "empty"),
    ("sgd:speed=1", "unknown hyper-parameter"), (",".join(["sgd"] * 13), "1 to 12"),
    ("sgd@wobbly", "unknown schedule"),
])
def test_bad_runner_specs_are_refused(spec, what):
    with pytest.raises(RaceError, match=what):
        parse_runners(spec)


def test_parse_optimizer_reads_booleans():
    assert parse_optimizer("adam:lr=0.1:amsgrad=true") == ("adam", {"lr": 0.1, "amsgrad": True})


@pytest.mark.parametrize("shuffle", SHUFFLES)
def test_mini_batch_race_runners_equal_single_runs_of_that_batch_size_and_seed(shuffle):
    net, data = network_2_4_1(), generate("xor", seed=1)
    compiled, fitted = prepare(net, data)
    rates = (0.05, 0.3)
    race = Race(compiled, compiled.parameters_of(net), fitted.x_train, fitted.y_train,
                parse_runners(",".join(f"momentum:lr={r}" for r in rates)),
                batch_size=7, seed=5, shuffle=shuffle)
    assert not race.full_batch and race.batch_size == 7
    assert race.run(40) == 40  # several epochs: the order is drawn again each epoch
    for k, lr in enumerate(rates):
        run = TrainingRun(net, data, TrainingConfig(optimizer="momentum", hyper={"lr": lr},
                                                    batch_size=7, seed=5, shuffle=shuffle),
                          fast=False)
        run.steps(40)
        np.testing.assert_allclose(race.theta[k], run.theta, rtol=1e-12, atol=1e-14)
        # the loss a runner reports is the whole training set's, not its last batch's
        assert race.results()[k]["final_loss"] == pytest.approx(run.train_loss(), rel=1e-12)


def test_batch_size_over_the_data_is_the_full_batch_and_a_negative_one_is_refused():
    net, data = network_2_4_1(), generate("xor", seed=1)
    compiled, fitted = prepare(net, data)
    theta = compiled.parameters_of(net)
    race = Race(compiled, theta, fitted.x_train, fitted.y_train, parse_runners("sgd:lr=0.1"),
                batch_size=10_000)
    assert race.full_batch
    with pytest.raises(RaceError, match="batch size"):
        Race(compiled, theta, fitted.x_train, fitted.y_train, parse_runners("sgd:lr=0.1"),
             batch_size=-1)
