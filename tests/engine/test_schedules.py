"""Learning-rate schedules and their use by training runs."""

import math

import numpy as np
import pytest

from playground.engine.datasets import generate
from playground.engine.function import FunctionModel
from playground.engine.schedules import Schedule, ScheduleError, parse_schedule
from playground.engine.training import TrainingConfig, TrainingRun


def test_kinds_give_their_factors():
    assert Schedule().preview(0.1, 3) == [0.1, 0.1, 0.1]
    step = Schedule("step", {"every": 2, "gamma": 0.5})
    assert [step.factor(s) for s in range(5)] == [1, 1, 0.5, 0.5, 0.25]
    exp = Schedule("exponential", {"gamma": 0.9})
    assert exp.factor(3) == pytest.approx(0.9 ** 3)
    cos = Schedule("cosine", {"period": 10, "floor": 0.1})
    assert cos.factor(0) == 1.0
    assert cos.factor(5) == pytest.approx(0.55)
    assert cos.factor(10) == pytest.approx(0.1) and cos.factor(50) == pytest.approx(0.1)


def test_warmup_climbs_linearly_then_runs_the_kind_from_its_start():
    s = Schedule("exponential", {"gamma": 0.5}, warmup=3)
    assert [s.factor(k) for k in range(6)] == [0.25, 0.5, 0.75, 1.0, 0.5, 0.25]


def test_parse_and_describe_round_trip():
    s = parse_schedule("cosine:period=200:floor=0.1:warmup=20")
    assert s == Schedule("cosine", {"period": 200, "floor": 0.1}, 20)
    assert parse_schedule(s.describe()) == s
    assert parse_schedule("constant").is_constant


@pytest.mark.parametrize("spec, what", [
    ("linear", "unknown schedule"), ("step:gamma=2", "gamma must be"),
    ("step:every=0", "every must be"), ("cosine:speed=3", "unknown setting 'speed'"),
    ("cosine:period", "not key=value"), ("exponential:gamma=x", "not a number"),
    ("constant:warmup=-1", "warmup"), ("cosine:period=nan", "must be"),
])
def test_bad_schedules_are_refused_with_the_reason(spec, what):
    with pytest.raises(ScheduleError, match=what):
        parse_schedule(spec)


def test_training_run_steps_with_the_scheduled_rate_and_keeps_the_base():
    # f = x²/2: one SGD step multiplies x by (1 − lr_t), so x after k steps is the product.
    model = FunctionModel("x**2/2", {"x": 1.0})
    config = TrainingConfig(hyper={"lr": 0.5},
                            schedule=Schedule("step", {"every": 1, "gamma": 0.5}))
    run = TrainingRun(model, generate("xor"), config)
    assert run.current_lr == 0.5
    run.steps(3)
    assert run.theta[0] == pytest.approx((1 - 0.5) * (1 - 0.25) * (1 - 0.125))
    assert run.lr == 0.5 and run.optimizer.hyper_params()["lr"] == 0.5
    assert run.current_lr == pytest.approx(0.0625)


def test_constant_schedule_leaves_training_unchanged():
    model = FunctionModel("x**2 + y**2", {"x": -5.0, "y": -5.0})
    run = TrainingRun(model, generate("xor"), TrainingConfig(hyper={"lr": 0.5}))
    run.step()
    assert run.theta.tolist() == [0.0, 0.0]
    assert math.isfinite(run.current_lr) and np.all(run.last_grad == -10.0)


def test_a_schedule_or_a_function_trains_on_numpy_with_the_fast_path_asked_for():
    from playground.engine.network import layered

    net = layered("2-3-1", "tanh", "linear", seed=0)
    config = TrainingConfig(hyper={"lr": 0.1}, schedule=Schedule("exponential", {"gamma": 0.5}))
    run = TrainingRun(net, generate("xor"), config, fast=True)
    run.steps(3)
    assert run.executor == "numpy" and "schedule" in run.fast_refused
    ref = TrainingRun(net, generate("xor"), config, fast=False)
    ref.steps(3)
    assert run.theta.tolist() == ref.theta.tolist()
    fn = TrainingRun(FunctionModel("x**2", {"x": 1.0}), generate("xor"), TrainingConfig(),
                     fast=True)
    fn.steps(2)
    assert fn.executor == "numpy" and "function" in fn.fast_refused
