"""Losses and optimizers are one registry entry each, complete and consistent."""

from dataclasses import fields

import numpy as np
import pytest

from playground.engine.losses import LOSSES, DataLoss, Loss
from playground.engine.optimizers import HYPER_PARAMS, OPTIMIZERS

RNG = np.random.default_rng(3)


@pytest.mark.parametrize("name", list(LOSSES))
def test_every_loss_entry_is_complete(name):
    loss = LOSSES[name]
    assert loss.name == name
    for f in fields(Loss):
        if f.name not in ("squared_scale", "link"):  # optional by design
            assert getattr(loss, f.name) not in (None, ""), f"{name}.{f.name} is empty"
    for text in (loss.label, loss.formula, loss.derivative):
        assert "<" not in text and "&" not in text, f"{name}: formula text holds markup"
    assert "_{o}" in loss.formula and "_{o}" in loss.derivative


@pytest.mark.parametrize("name", list(LOSSES))
def test_loss_derivative_matches_finite_differences(name):
    loss = LOSSES[name]
    p = RNG.normal(size=(5, 3))
    y = RNG.uniform(size=(5, 3)) if name != "softmax_ce" else np.eye(3)[RNG.integers(0, 3, 5)]
    h = 1e-6
    numeric = np.zeros_like(p)
    for i in np.ndindex(p.shape):
        e = np.zeros_like(p)
        e[i] = h
        numeric[i] = (loss.per_element(p + e, y).sum() - loss.per_element(p - e, y).sum()) / (2 * h)
    assert np.allclose(loss.dloss_dp(p, y), numeric, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("name", [n for n, loss in LOSSES.items() if loss.squared_scale])
def test_the_squared_fast_path_equals_the_per_element_sum(name):
    p, y = RNG.normal(size=(7, 2)), RNG.normal(size=(7, 2))
    op = DataLoss(name, "sum")
    assert op.forward(p, y) == pytest.approx(LOSSES[name].per_element(p, y).sum(), rel=1e-14)
    assert op.forward(p[None], y)[0] == pytest.approx(op.forward(p, y), rel=1e-14)


@pytest.mark.parametrize("name", list(OPTIMIZERS))
def test_every_optimizer_entry_is_complete(name):
    cls = OPTIMIZERS[name]
    assert cls.name == name and cls.label
    for key, default in cls.defaults.items():
        h = HYPER_PARAMS[key]  # every hyper-parameter is described once
        assert h.label
        if isinstance(default, bool):
            assert h.accepts is None
        else:
            assert h.accepts(default) and h.low <= default <= h.high, (name, key)


def test_the_controls_range_stays_inside_what_the_optimizer_accepts():
    for h in HYPER_PARAMS.values():
        if h.accepts is not None:
            assert h.accepts(h.high), h.name
            assert h.accepts(h.low), h.name


def test_only_stateless_gradient_descent_is_plain():
    plain = {name for name, cls in OPTIMIZERS.items() if cls(3).is_plain()}
    assert plain == {"sgd"}
    assert not OPTIMIZERS["sgd"](3, weight_decay=0.1).is_plain()
    assert OPTIMIZERS["momentum"](3, momentum=0.0).is_plain()
    p = np.array([1.0, -2.0, 0.5])
    g = np.array([0.3, 0.1, -0.2])
    expected = p - 0.1 * g
    OPTIMIZERS["momentum"](3, lr=0.1, momentum=0.0).step(p, g)
    assert np.array_equal(p, expected)  # what "plain" promises
