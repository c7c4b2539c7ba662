"""The numpy path's reusable buffers (autodiff.Workspace) change no number, not one bit."""

import itertools

import numpy as np
import pytest

from playground.engine.activations import ACTIVATIONS
from playground.engine.autodiff import Workspace
from playground.engine.compiled import compile_network
from playground.engine.datasets import from_arrays
from playground.engine.losses import LOSSES, LossSpec
from playground.engine.network import layered
from playground.engine.training import TrainingConfig, TrainingRun
from tests.engine.netgen import random_dag
from tests.engine.test_compiled import data_for

CASES = list(zip(range(30), itertools.cycle(
    itertools.product(LOSSES, ("sum", "mean"), ("none", "l1", "l2")))))


@pytest.mark.parametrize("seed,spec", CASES)
def test_loss_and_grad_with_a_workspace_are_bit_identical(seed, spec):
    kind, reduction, reg = spec
    net = random_dag(seed, n_out=2 if kind == "softmax_ce" else None)
    compiled = compile_network(net, LossSpec(kind, reduction, reg, 0.05))
    theta = compiled.parameters_of(net)
    work = Workspace()
    for n in (7, 3, 7):  # two batch sizes: buffers of both shapes, reused
        x, y = data_for(kind, len(compiled.input_ids), len(compiled.output_ids), seed + n, n)
        loss, grad = compiled.loss_and_grad(theta, x, y)
        loss_w, grad_w = compiled.loss_and_grad(theta, x, y, work=work)
        assert np.array_equal(loss_w, loss) and np.array_equal(grad_w, grad)
        assert not any(np.shares_memory(grad_w, b) for b in work._buffers.values())


@pytest.mark.parametrize("activation", list(ACTIVATIONS))
def test_training_steps_are_bit_identical_for_every_activation(activation):
    """A run steps with its workspace; the same steps without one give the same bits."""
    net = layered("2-6-5-1", activation, "linear", seed=4)
    x = np.random.default_rng(2).normal(0, 2, size=(50, 2))
    data = from_arrays(x, np.sin(x[:, :1]), input_names=net.ids("input"))
    cfg = TrainingConfig(LossSpec("half_squared", "mean"), "adam", {"lr": 0.01},
                         batch_size=16)  # 16, 16, 16, 2: two batch shapes
    run = TrainingRun(net, data, cfg, fast=False)
    plain = TrainingRun(net, data, cfg, fast=False)
    plain._work = None  # allocates every array, as before the workspace
    for _ in range(12):
        assert run.step() and plain.step()
        assert np.array_equal(run.theta, plain.theta)
        assert np.array_equal(run.last_grad, plain.last_grad)
        assert run.last_loss == plain.last_loss
    assert run._work.size > 0  # the buffers were used


def test_a_full_workspace_hands_out_fresh_arrays():
    work = Workspace(limit=1000)
    a = work.get((1, "z"), (10, 10), float)  # 800 bytes: kept
    assert work.get((1, "z"), (10, 10), float) is a
    b = work.get((2, "z"), (10, 10), float)  # would pass the limit: fresh each time
    assert work.get((2, "z"), (10, 10), float) is not b and work.size == 800
