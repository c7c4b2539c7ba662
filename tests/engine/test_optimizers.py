"""Optimizers against hand-written scalar versions of the torch.optim pseudo-code."""

import json
import math

import numpy as np
import pytest

from playground.engine.optimizers import OPTIMIZERS, Optimizer, make_optimizer

# f(p) = 1/2 p^T diag(D) p, so grad f = D * p, coordinate by coordinate.
D = [1.0, 4.0, 0.25]
P0 = [1.0, -2.0, 3.0]


def grad_f(p: np.ndarray) -> np.ndarray:
    """Gradient of the diagonal quadratic."""
    return np.array(D) * p


# Reference implementations: one scalar at a time, the torch.optim documentation's algorithm
# boxes transcribed line by line. Each returns the parameters after every step, one lr per step.


def ref_sgd(lrs, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
    """torch.optim.SGD."""
    traj = [[] for _ in lrs]
    for d, theta in zip(D, P0, strict=True):
        b = 0.0
        for t, gamma in enumerate(lrs, start=1):
            g = d * theta
            if weight_decay != 0:
                g = g + weight_decay * theta
            if momentum != 0:
                if t > 1:
                    b = momentum * b + (1 - dampening) * g
                else:
                    b = g
                if nesterov:
                    g = g + momentum * b
                else:
                    g = b
            theta = theta - gamma * g
            traj[t - 1].append(theta)
    return traj


def ref_adagrad(lrs, lr_decay=0.0, weight_decay=0.0, initial_accumulator_value=0.0, eps=1e-10):
    """torch.optim.Adagrad."""
    traj = [[] for _ in lrs]
    for d, theta in zip(D, P0, strict=True):
        state_sum = initial_accumulator_value
        for t, gamma in enumerate(lrs, start=1):
            g = d * theta
            gamma_tilde = gamma / (1 + (t - 1) * lr_decay)
            if weight_decay != 0:
                g = g + weight_decay * theta
            state_sum = state_sum + g * g
            theta = theta - gamma_tilde * g / (math.sqrt(state_sum) + eps)
            traj[t - 1].append(theta)
    return traj


def ref_rmsprop(lrs, alpha=0.99, eps=1e-8, weight_decay=0.0, momentum=0.0, centered=False):
    """torch.optim.RMSprop."""
    traj = [[] for _ in lrs]
    for d, theta in zip(D, P0, strict=True):
        v = b = g_ave = 0.0
        for t, gamma in enumerate(lrs, start=1):
            g = d * theta
            if weight_decay != 0:
                g = g + weight_decay * theta
            v = alpha * v + (1 - alpha) * g * g
            v_tilde = v
            if centered:
                g_ave = g_ave * alpha + (1 - alpha) * g
                v_tilde = v_tilde - g_ave * g_ave
            if momentum > 0:
                b = momentum * b + g / (math.sqrt(v_tilde) + eps)
                theta = theta - gamma * b
            else:
                theta = theta - gamma * g / (math.sqrt(v_tilde) + eps)
            traj[t - 1].append(theta)
    return traj


def ref_adam(
    lrs, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.0, amsgrad=False, decoupled=False
):
    """torch.optim.Adam, or AdamW when decoupled (AMSGrad keeps the max of the raw v)."""
    traj = [[] for _ in lrs]
    for d, theta in zip(D, P0, strict=True):
        m = v = v_max = 0.0
        for t, gamma in enumerate(lrs, start=1):
            g = d * theta
            if decoupled:
                theta = theta - gamma * weight_decay * theta
            elif weight_decay != 0:
                g = g + weight_decay * theta
            m = beta1 * m + (1 - beta1) * g
            v = beta2 * v + (1 - beta2) * g * g
            m_hat = m / (1 - beta1**t)
            if amsgrad:
                v_max = max(v_max, v)
                v_hat = v_max / (1 - beta2**t)
            else:
                v_hat = v / (1 - beta2**t)
            theta = theta - gamma * m_hat / (math.sqrt(v_hat) + eps)
            traj[t - 1].append(theta)
    return traj


def ref_adamw(lrs, weight_decay=0.01, **hyper):
    """torch.optim.AdamW."""
    return ref_adam(lrs, weight_decay=weight_decay, decoupled=True, **hyper)


# (optimizer name, hyper-parameters, reference, reference's extra arguments)
CASES = [
    ("sgd", {}, ref_sgd, {}),
    ("sgd", {"lr": 0.1, "weight_decay": 0.3}, ref_sgd, {"weight_decay": 0.3}),
    ("sgd", {"lr": 0.1, "momentum": 0.5}, ref_sgd, {"momentum": 0.5}),
    ("momentum", {}, ref_sgd, {"momentum": 0.9}),
    (
        "momentum",
        {"lr": 0.1, "dampening": 0.3, "weight_decay": 0.2},
        ref_sgd,
        {"momentum": 0.9, "dampening": 0.3, "weight_decay": 0.2},
    ),
    ("nesterov", {}, ref_sgd, {"momentum": 0.9, "nesterov": True}),
    (
        "nesterov",
        {"lr": 0.1, "momentum": 0.7, "weight_decay": 0.2},
        ref_sgd,
        {"momentum": 0.7, "nesterov": True, "weight_decay": 0.2},
    ),
    ("adagrad", {}, ref_adagrad, {}),
    (
        "adagrad",
        {"lr": 0.5, "lr_decay": 0.4, "weight_decay": 0.2, "initial_accumulator_value": 0.3},
        ref_adagrad,
        {"lr_decay": 0.4, "weight_decay": 0.2, "initial_accumulator_value": 0.3},
    ),
    ("rmsprop", {}, ref_rmsprop, {}),
    ("rmsprop", {"lr": 0.05, "momentum": 0.6}, ref_rmsprop, {"momentum": 0.6}),
    ("rmsprop", {"alpha": 0.8, "centered": True}, ref_rmsprop, {"alpha": 0.8, "centered": True}),
    (
        "rmsprop",
        {
            "lr": 0.05,
            "alpha": 0.9,
            "eps": 1e-6,
            "momentum": 0.5,
            "centered": True,
            "weight_decay": 0.1,
        },
        ref_rmsprop,
        {"alpha": 0.9, "eps": 1e-6, "momentum": 0.5, "centered": True, "weight_decay": 0.1},
    ),
    ("adam", {}, ref_adam, {}),
    ("adam", {"lr": 0.1, "weight_decay": 0.2}, ref_adam, {"weight_decay": 0.2}),
    (
        "adam",
        {"lr": 0.5, "beta1": 0.5, "beta2": 0.6, "amsgrad": True},
        ref_adam,
        {"beta1": 0.5, "beta2": 0.6, "amsgrad": True},
    ),
    ("adamw", {}, ref_adamw, {}),
    (
        "adamw",
        {"lr": 0.5, "beta2": 0.6, "eps": 1e-3, "weight_decay": 0.3, "amsgrad": True},
        ref_adamw,
        {"beta2": 0.6, "eps": 1e-3, "weight_decay": 0.3, "amsgrad": True},
    ),
]
IDS = [f"{name}-{'-'.join(hyper) or 'defaults'}" for name, hyper, _, _ in CASES]

# PyTorch 2.2+'s defaults, written out from its documentation: torch.optim.SGD's lr is
# 1e-3 since PyTorch 2.2 (pytorch/pytorch#114467; before that it had no default). Torch
# has no "momentum" or "nesterov" optimizer: those two are SGD with torch's defaults
# except momentum 0.9 (and nesterov=True), the playground's presets.
PYTORCH_2_DEFAULTS = {
    "sgd": {"lr": 1e-3, "momentum": 0.0, "dampening": 0.0, "weight_decay": 0.0, "nesterov": False},
    "momentum": {
        "lr": 1e-3,
        "momentum": 0.9,
        "dampening": 0.0,
        "weight_decay": 0.0,
        "nesterov": False,
    },
    "nesterov": {
        "lr": 1e-3,
        "momentum": 0.9,
        "dampening": 0.0,
        "weight_decay": 0.0,
        "nesterov": True,
    },
    "adagrad": {
        "lr": 0.01,
        "lr_decay": 0.0,
        "weight_decay": 0.0,
        "initial_accumulator_value": 0.0,
        "eps": 1e-10,
    },
    "rmsprop": {
        "lr": 0.01,
        "alpha": 0.99,
        "eps": 1e-8,
        "weight_decay": 0.0,
        "momentum": 0.0,
        "centered": False,
    },
    "adam": {
        "lr": 1e-3,
        "beta1": 0.9,
        "beta2": 0.999,
        "eps": 1e-8,
        "weight_decay": 0.0,
        "amsgrad": False,
    },
    "adamw": {
        "lr": 1e-3,
        "beta1": 0.9,
        "beta2": 0.999,
        "eps": 1e-8,
        "weight_decay": 0.01,
        "amsgrad": False,
    },
}


def run(opt: Optimizer, lrs, p=None):
    """Step opt on the quadratic once per lr; return the parameters after each step."""
    p = np.array(P0) if p is None else p
    traj = []
    for lr in lrs:
        opt.lr = lr
        opt.step(p, grad_f(p))
        traj.append(p.copy())
    return traj


def assert_close(actual, expected):
    np.testing.assert_allclose(np.array(actual), np.array(expected), rtol=1e-12, atol=1e-12)


def test_defaults_are_pytorch_2s_as_documented():
    assert set(OPTIMIZERS) == set(PYTORCH_2_DEFAULTS)
    for name, defaults in PYTORCH_2_DEFAULTS.items():
        assert OPTIMIZERS[name].name == name
        assert OPTIMIZERS[name].defaults == defaults
        assert make_optimizer(name, 3).hyper_params() == defaults


@pytest.mark.parametrize(("name", "hyper", "ref", "ref_hyper"), CASES, ids=IDS)
def test_matches_hand_computed(name, hyper, ref, ref_hyper):
    opt = make_optimizer(name, 3, **hyper)
    lrs = [opt.lr] * 5
    expected = ref(lrs, **ref_hyper)
    assert_close(run(opt, lrs), expected)
    # The steps must actually move every coordinate, or the comparison proves little.
    assert np.all(np.abs(np.array(expected[-1]) - P0) > 1e-4)


@pytest.mark.parametrize(("name", "hyper", "ref", "ref_hyper"), CASES, ids=IDS)
def test_lr_change_keeps_state(name, hyper, ref, ref_hyper):
    lrs = [0.1, 0.1, 0.02, 0.3, 0.05]
    opt = make_optimizer(name, 3, **hyper)
    assert_close(run(opt, lrs), ref(lrs, **ref_hyper))
    assert opt.hyper_params()["lr"] == 0.05
    assert opt.hyper["lr"] == 0.05


def test_amsgrad_case_exercises_the_maximum():
    lrs = [0.5] * 5
    hyper = {"beta1": 0.5, "beta2": 0.6}
    assert not np.allclose(ref_adam(lrs, amsgrad=True, **hyper), ref_adam(lrs, **hyper))
    hyper = {"beta2": 0.6, "eps": 1e-3, "weight_decay": 0.3}
    assert not np.allclose(ref_adamw(lrs, amsgrad=True, **hyper), ref_adamw(lrs, **hyper))


def test_centered_rmsprop_survives_rounding_below_zero():
    # With alpha ~ 0 and equal gradients, v - mean(g)^2 is 0 exactly but rounds to -2e-15.
    opt = make_optimizer("rmsprop", 1, alpha=1e-12, centered=True)
    p = np.array([1.0])
    with np.errstate(invalid="raise"):
        opt.step(p, np.array([-2.9]))
        opt.step(p, np.array([-2.9]))
    assert np.isfinite(p).all()


def test_gradient_descent_example_lands_on_minimum():
    # DESIGN.md example 1: f = x^2 + y^2 from (-5, -5), lr 0.5: one step reaches (0, 0).
    p = np.array([-5.0, -5.0])
    make_optimizer("sgd", 2, lr=0.5).step(p, 2 * p)
    assert p.tolist() == [0.0, 0.0]


@pytest.mark.parametrize(("name", "hyper", "ref", "ref_hyper"), CASES, ids=IDS)
def test_step_is_in_place_and_leaves_grad_alone(name, hyper, ref, ref_hyper):
    opt = make_optimizer(name, 3, **hyper)
    p = np.array(P0)
    view = p[1:]
    for _ in range(3):
        grad = grad_f(p)
        grad_before = grad.copy()
        opt.step(p, grad)
        assert np.array_equal(grad, grad_before)
    assert_close(view, ref([opt.lr] * 3, **ref_hyper)[-1][1:])


@pytest.mark.parametrize(("name", "hyper", "ref", "ref_hyper"), CASES, ids=IDS)
def test_state_dict_round_trip_continues_identically(name, hyper, ref, ref_hyper):
    lrs = [0.1, 0.05, 0.2, 0.1, 0.03]
    opt = make_optimizer(name, 3, **hyper)
    p = np.array(P0)
    run(opt, lrs[:2], p)
    state = json.loads(json.dumps(opt.state_dict()))
    assert state["t"] == 2
    assert all(len(b) == 3 for b in state["buffers"].values())

    clone = make_optimizer(name, 3, **hyper)
    clone.load_state_dict(state)
    assert clone.state_dict() == opt.state_dict()
    rest = run(opt, lrs[2:], p.copy())
    assert np.array_equal(run(clone, lrs[2:], p.copy()), rest)
    assert_close(rest, ref(lrs, **ref_hyper)[2:])


@pytest.mark.parametrize(
    ("name", "hyper", "buffers"),
    [
        ("sgd", {}, set()),
        ("momentum", {}, {"momentum_buffer"}),
        ("nesterov", {}, {"momentum_buffer"}),
        ("adagrad", {}, {"sum"}),
        ("rmsprop", {}, {"square_avg"}),
        (
            "rmsprop",
            {"momentum": 0.5, "centered": True},
            {"square_avg", "momentum_buffer", "grad_avg"},
        ),
        ("adam", {}, {"exp_avg", "exp_avg_sq"}),
        ("adamw", {"amsgrad": True}, {"exp_avg", "exp_avg_sq", "max_exp_avg_sq"}),
    ],
)
def test_state_dict_names_torchs_buffers(name, hyper, buffers):
    state = make_optimizer(name, 4, **hyper).state_dict()
    assert set(state) == {"t", "buffers"}
    assert state["t"] == 0
    assert set(state["buffers"]) == buffers
    assert all(len(b) == 4 for b in state["buffers"].values())


def test_state_dict_floats_survive_json_exactly():
    opt = make_optimizer("adam", 3)
    p = np.array(P0)
    run(opt, [0.1 / 3] * 3, p)
    state = opt.state_dict()
    clone = make_optimizer("adam", 3)
    clone.load_state_dict(json.loads(json.dumps(state)))
    for key, values in opt.state_dict()["buffers"].items():
        assert clone.state_dict()["buffers"][key] == values
        assert all(type(x) is float for x in values)


@pytest.mark.parametrize(
    ("state", "words"),
    [
        ({"t": 1, "buffers": {"exp_avg": [0.0] * 2, "exp_avg_sq": [0.0] * 3}}, ["exp_avg", "2"]),
        ({"t": 1, "buffers": {"exp_avg": [0.0] * 3}}, ["exp_avg_sq"]),
        (
            {"t": 1, "buffers": {"exp_avg": [0.0] * 3, "exp_avg_sq": [0.0] * 3, "x": [1.0] * 3}},
            ["'x'"],
        ),
        ({"t": -1, "buffers": {"exp_avg": [0.0] * 3, "exp_avg_sq": [0.0] * 3}}, ["t"]),
        ({"t": 1.5, "buffers": {"exp_avg": [0.0] * 3, "exp_avg_sq": [0.0] * 3}}, ["t"]),
        ({"t": 1, "buffers": {"exp_avg": ["a"] * 3, "exp_avg_sq": [0.0] * 3}}, ["exp_avg"]),
        ({"t": 1, "buffers": {"exp_avg": [[0.0]] * 3, "exp_avg_sq": [0.0] * 3}}, ["exp_avg"]),
        ({"buffers": {}}, ["'t'"]),
        ([1, 2], ["buffers"]),
    ],
)
def test_load_state_dict_refuses_bad_state_and_changes_nothing(state, words):
    opt = make_optimizer("adam", 3)
    run(opt, [0.1, 0.1])
    before = opt.state_dict()
    with pytest.raises(ValueError) as info:
        opt.load_state_dict(state)
    for word in words:
        assert word in str(info.value)
    assert opt.state_dict() == before


@pytest.mark.parametrize(("name", "hyper", "ref", "ref_hyper"), CASES, ids=IDS)
def test_reset_clears_state(name, hyper, ref, ref_hyper):
    opt = make_optimizer(name, 3, **hyper)
    fresh = make_optimizer(name, 3, **hyper)
    initial = fresh.state_dict()
    run(opt, [0.1] * 3)
    opt.lr = 0.07
    opt.reset()
    assert opt.state_dict() == initial
    assert opt.lr == 0.07
    assert np.array_equal(run(opt, [0.1] * 3), run(fresh, [0.1] * 3))


def test_reset_refills_adagrad_accumulator():
    opt = make_optimizer("adagrad", 2, initial_accumulator_value=0.25)
    opt.step(np.ones(2), np.ones(2))
    opt.reset()
    assert opt.state_dict() == {"t": 0, "buffers": {"sum": [0.25, 0.25]}}


def test_unknown_optimizer_names_it_and_the_valid_ones():
    with pytest.raises(ValueError) as info:
        make_optimizer("adamax", 3)
    assert "adamax" in str(info.value)
    for name in OPTIMIZERS:
        assert name in str(info.value)


def test_unknown_hyper_parameter_names_it_and_the_valid_ones():
    with pytest.raises(ValueError) as info:
        make_optimizer("adam", 3, momentum=0.9)
    message = str(info.value)
    assert "momentum" in message
    for key in ("lr", "beta1", "beta2", "eps", "weight_decay", "amsgrad"):
        assert key in message


@pytest.mark.parametrize(
    ("name", "key", "value"),
    [
        ("sgd", "lr", -0.1),
        ("sgd", "lr", float("nan")),
        ("sgd", "lr", "0.1"),
        ("sgd", "momentum", -0.5),
        ("momentum", "dampening", 1.5),
        ("sgd", "nesterov", 1),
        ("adagrad", "eps", 0.0),
        ("adagrad", "lr_decay", -1.0),
        ("adagrad", "initial_accumulator_value", -0.1),
        ("rmsprop", "alpha", 1.0),
        ("rmsprop", "eps", -1e-8),
        ("rmsprop", "weight_decay", -0.01),
        ("adam", "eps", 0.0),
        ("adam", "beta1", 1.0),
        ("adam", "beta2", -0.1),
        ("adam", "beta2", float("inf")),
        ("adamw", "weight_decay", True),
        ("adamw", "amsgrad", "yes"),
    ],
)
def test_bad_hyper_value_names_it(name, key, value):
    with pytest.raises(ValueError, match=key):
        make_optimizer(name, 3, **{key: value})


def test_nesterov_needs_momentum_and_no_dampening():
    with pytest.raises(ValueError, match="nesterov"):
        make_optimizer("sgd", 3, nesterov=True)
    with pytest.raises(ValueError, match="nesterov"):
        make_optimizer("nesterov", 3, dampening=0.1)


def test_bad_n_params():
    with pytest.raises(ValueError, match="n_params"):
        make_optimizer("sgd", -1)
    with pytest.raises(ValueError, match="n_params"):
        make_optimizer("adam", 2.5)


def test_integer_hypers_become_floats():
    opt = make_optimizer("sgd", 3, lr=1, momentum=0)
    assert opt.hyper_params()["lr"] == 1.0
    assert type(opt.lr) is float
    assert type(opt.hyper_params()["momentum"]) is float


@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
def test_deepcopy_steps_exactly_like_the_original(name):
    import copy

    rng = np.random.default_rng(0)
    opt = make_optimizer(name, 4, lr=0.1)
    p = rng.normal(size=4)
    for _ in range(3):
        opt.step(p, rng.normal(size=4))
    clone = copy.deepcopy(opt)
    g = rng.normal(size=4)
    p1, p2 = p.copy(), p.copy()
    opt.step(p1, g)
    clone.step(p2, g)
    np.testing.assert_array_equal(p1, p2)
    assert clone.state_dict() == opt.state_dict()
