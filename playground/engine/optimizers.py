"""Optimizers with torch.optim's update rules, stepping one flat float64 vector in place."""

import math
import numbers
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np


@dataclass(frozen=True)
class HyperParam:
    """A hyper-parameter: its label, the values it accepts and how the controls edit it."""

    name: str
    label: str
    accepts: Callable[[float], bool] | None = None  # None: a flag (true or false)
    wording: str = ""  # the accepted range in words, for the error message
    low: float = 0.0  # the controls' spin box range
    high: float = 1e6
    decimals: int = 4


# Ranges follow torch.optim's checks, tightened where torch accepts a value that makes the update
# meaningless (eps = 0 divides by zero, a decay rate of 1 never lets a new gradient in).
HYPER_PARAMS: dict[str, HyperParam] = {
    h.name: h
    for h in [
        HyperParam("lr", "learning rate", lambda v: v >= 0.0, ">= 0", 1e-5, 10.0, 5),
        HyperParam("weight_decay", "weight decay", lambda v: v >= 0.0, ">= 0"),
        HyperParam("momentum", "momentum", lambda v: v >= 0.0, ">= 0"),
        HyperParam("dampening", "dampening", lambda v: 0.0 <= v <= 1.0, "in [0, 1]", high=1.0),
        HyperParam("nesterov", "Nesterov"),
        HyperParam("lr_decay", "lr decay", lambda v: v >= 0.0, ">= 0"),
        HyperParam("initial_accumulator_value", "initial accumulator", lambda v: v >= 0.0,
                   ">= 0"),
        HyperParam("eps", "ε", lambda v: v > 0.0, "> 0", low=1e-10, decimals=10),
        HyperParam("alpha", "α (decay)", lambda v: 0.0 <= v < 1.0, "in [0, 1)", high=0.9999),
        HyperParam("beta1", "β₁", lambda v: 0.0 <= v < 1.0, "in [0, 1)", high=0.9999),
        HyperParam("beta2", "β₂", lambda v: 0.0 <= v < 1.0, "in [0, 1)", high=0.9999),
        HyperParam("amsgrad", "AMSGrad"),
        HyperParam("centered", "centred"),
    ]
}


def _const(value: float) -> np.ndarray:
    """Return value as a 0-d float64 array."""
    # A small ufunc call takes a 0-d array ~40% faster than a Python float, which numpy must
    # convert on every call; with a few dozen parameters that conversion dominates the arithmetic.
    return np.array(float(value))


def _resolve(
    name: str, defaults: dict[str, float | bool], hyper: dict[str, Any]
) -> dict[str, float | bool]:
    """Fill in defaults and check every hyper-parameter, naming the culprit on error."""
    unknown = sorted(set(hyper) - set(defaults))
    if unknown:
        raise ValueError(
            f"{name}: unknown hyper-parameter {unknown[0]!r}; valid ones are {', '.join(defaults)}"
        )
    resolved: dict[str, float | bool] = {}
    for key, default in defaults.items():
        value = hyper.get(key, default)
        if isinstance(default, bool):
            if not isinstance(value, bool | np.bool_):
                raise ValueError(f"{name}: {key} must be true or false, not {value!r}")
            resolved[key] = bool(value)
            continue
        if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Real):
            raise ValueError(f"{name}: {key} must be a number, not {value!r}")
        value = float(value)
        rule = HYPER_PARAMS[key]
        if not (math.isfinite(value) and rule.accepts(value)):
            raise ValueError(f"{name}: {key}={value!r} is invalid; it must be {rule.wording}")
        resolved[key] = value
    return resolved


class Optimizer(ABC):
    """Base class: hyper-parameters, step count, named state buffers and their (de)serialisation."""

    name: ClassVar[str]  # the file format's name
    label: ClassVar[str]  # shown in the controls
    defaults: ClassVar[dict[str, float | bool]]  # every hyper-parameter (see HYPER_PARAMS)

    def __init__(self, n_params: int, **hyper: float | bool) -> None:
        """Resolve hyper-parameters against the defaults and allocate all state up front."""
        if isinstance(n_params, bool) or not isinstance(n_params, numbers.Integral) or n_params < 0:
            raise ValueError(f"{self.name}: n_params must be an integer >= 0, not {n_params!r}")
        self.n_params = int(n_params)
        self.hyper = _resolve(self.name, self.defaults, hyper)
        # Only lr may change during a run; the others are read once, by _setup.
        self.lr = float(self.hyper["lr"])
        self.t = 0
        self._buffers: dict[str, np.ndarray] = {}
        self._initial: dict[str, float] = {}
        self._tmp = np.empty(self.n_params)
        # Every optimizer here has weight_decay; its decayed gradient gets its own scratch.
        self._weight_decay = _const(self.hyper["weight_decay"])
        self._g = np.empty(self.n_params) if self.hyper["weight_decay"] else None
        self._scale = _const(0.0)
        self._setup()
        self.reset()

    @abstractmethod
    def _setup(self) -> None:
        """Read hyper-parameters into attributes and register state buffers."""

    def _buffer(
        self, name: str, initial: float = 0.0, array: np.ndarray | None = None
    ) -> np.ndarray:
        """Register a named state buffer (a fresh one unless given) and return it."""
        if array is None:
            array = np.empty(self.n_params)
        self._buffers[name] = array
        self._initial[name] = initial
        return array

    def _decayed(self, params: np.ndarray, grad: np.ndarray) -> np.ndarray:
        """Return grad + weight_decay * params in a scratch buffer, leaving grad untouched."""
        g = np.multiply(params, self._weight_decay, self._g)
        g += grad
        return g

    def _scaled(self, value: float) -> np.ndarray:
        """Return the per-step scalar value in a reused 0-d array."""
        scale = self._scale
        scale[()] = value
        return scale

    def is_plain(self) -> bool:
        """Whether a step is plain gradient descent, θ ← θ − lr·∂L/∂θ, with no state."""
        return False

    def hyper_params(self) -> dict[str, float | bool]:
        """Return the current hyper-parameters, lr included."""
        self.hyper["lr"] = self.lr
        return dict(self.hyper)

    @abstractmethod
    def step(self, params: np.ndarray, grad: np.ndarray) -> None:
        """Update the 1-D float64 params in place from grad."""

    def state_dict(self) -> dict[str, Any]:
        """Return the step count and buffers as plain JSON-ready Python values."""
        return {"t": self.t, "buffers": {k: b.tolist() for k, b in self._buffers.items()}}

    def load_state_dict(self, state: dict[str, Any]) -> None:
        """Restore a state_dict, refusing (and changing nothing) if it does not fit."""
        where = f"{self.name} state"
        if not isinstance(state, dict) or set(state) != {"t", "buffers"}:
            got = sorted(state) if isinstance(state, dict) else type(state).__name__
            raise ValueError(f"{where}: expected keys 't' and 'buffers', got {got}")
        t, buffers = state["t"], state["buffers"]
        if isinstance(t, bool) or not isinstance(t, numbers.Integral) or t < 0:
            raise ValueError(f"{where}: t must be an integer >= 0, not {t!r}")
        if not isinstance(buffers, dict) or set(buffers) != set(self._buffers):
            got = sorted(buffers) if isinstance(buffers, dict) else type(buffers).__name__
            raise ValueError(f"{where}: expected buffers {sorted(self._buffers)}, got {got}")
        arrays = {}
        for key, values in buffers.items():
            array = np.asarray(values)
            if array.ndim != 1 or array.dtype.kind not in "fiu":
                raise ValueError(f"{where}: buffer {key!r} must be a flat list of numbers")
            if len(array) != self.n_params:
                raise ValueError(
                    f"{where}: buffer {key!r} has {len(array)} values, expected {self.n_params}"
                )
            arrays[key] = array
        # Copy into the existing arrays: steps write through views made in _setup.
        for key, array in arrays.items():
            self._buffers[key][...] = array
        self.t = int(t)

    def __deepcopy__(self, memo: dict) -> "Optimizer":
        """An independent copy; rebuilt so buffers that are views of one array stay so."""
        clone = type(self)(self.n_params, **self.hyper_params())
        clone.load_state_dict(self.state_dict())
        return clone

    def reset(self) -> None:
        """Forget the step count and all accumulated state."""
        self.t = 0
        for key, buffer in self._buffers.items():
            buffer.fill(self._initial[key])

    def __repr__(self) -> str:
        """Show the name, size and hyper-parameters."""
        hyper = ", ".join(f"{k}={v!r}" for k, v in self.hyper_params().items())
        return f"{type(self).__name__}(n_params={self.n_params}, {hyper})"


class SGD(Optimizer):
    """Stochastic gradient descent with optional momentum, dampening, Nesterov and L2 decay."""

    name = "sgd"
    label = "SGD"
    # PyTorch's default since 2.2 (before, torch.optim.SGD had none); the momentum and
    # Nesterov presets inherit it, as torch.optim.SGD(momentum=0.9) would.
    defaults = {
        "lr": 1e-3,
        "momentum": 0.0,
        "dampening": 0.0,
        "weight_decay": 0.0,
        "nesterov": False,
    }

    def _setup(self) -> None:
        """Read hyper-parameters; keep a momentum buffer only when momentum is on."""
        h = self.hyper
        if h["nesterov"] and (h["momentum"] <= 0.0 or h["dampening"] != 0.0):
            raise ValueError(f"{self.name}: nesterov needs momentum > 0 and dampening = 0")
        self._decay = h["weight_decay"] != 0.0
        self._momentum = _const(h["momentum"])
        self._damped = h["dampening"] != 0.0
        self._keep = _const(1.0 - h["dampening"])
        self._nesterov = h["nesterov"]
        self._buf = self._buffer("momentum_buffer") if h["momentum"] != 0.0 else None

    def is_plain(self) -> bool:
        return not self.hyper["momentum"] and not self.hyper["weight_decay"]

    def step(self, params: np.ndarray, grad: np.ndarray) -> None:
        """Apply one SGD step in place."""
        self.t += 1
        g = grad
        if self._decay:
            g = self._decayed(params, grad)
        tmp, buf = self._tmp, self._buf
        if buf is not None:
            if self.t == 1:
                np.copyto(buf, g)
            else:
                buf *= self._momentum
                if self._damped:
                    buf += np.multiply(g, self._keep, tmp)
                else:
                    buf += g
            if self._nesterov:
                np.multiply(buf, self._momentum, tmp)
                tmp += g
                g = tmp
            else:
                g = buf
        np.multiply(g, self._scaled(self.lr), tmp)
        np.subtract(params, tmp, params)


class Momentum(SGD):
    """SGD with heavy-ball momentum 0.9 by default."""

    name = "momentum"
    label = "Momentum"
    defaults = {**SGD.defaults, "momentum": 0.9}


class Nesterov(SGD):
    """SGD with Nesterov momentum 0.9 by default."""

    name = "nesterov"
    label = "Nesterov"
    defaults = {**SGD.defaults, "momentum": 0.9, "nesterov": True}


class Adagrad(Optimizer):
    """Adagrad: per-parameter steps shrink with the running sum of squared gradients."""

    name = "adagrad"
    label = "Adagrad"
    defaults = {
        "lr": 0.01,
        "lr_decay": 0.0,
        "weight_decay": 0.0,
        "initial_accumulator_value": 0.0,
        "eps": 1e-10,
    }

    def _setup(self) -> None:
        """Read hyper-parameters and register the squared-gradient sum."""
        h = self.hyper
        self._lr_decay = h["lr_decay"]
        self._decay = h["weight_decay"] != 0.0
        self._eps = _const(h["eps"])
        self._sum = self._buffer("sum", h["initial_accumulator_value"])

    def step(self, params: np.ndarray, grad: np.ndarray) -> None:
        """Apply one Adagrad step in place."""
        self.t += 1
        g = grad
        if self._decay:
            g = self._decayed(params, grad)
        tmp, total = self._tmp, self._sum
        np.multiply(g, g, tmp)
        total += tmp
        np.sqrt(total, tmp)
        tmp += self._eps
        np.divide(g, tmp, tmp)
        tmp *= self._scaled(self.lr / (1.0 + (self.t - 1) * self._lr_decay))
        np.subtract(params, tmp, params)


class RMSprop(Optimizer):
    """RMSprop, optionally centred and with momentum."""

    name = "rmsprop"
    label = "RMSprop"
    defaults = {
        "lr": 0.01,
        "alpha": 0.99,
        "eps": 1e-8,
        "weight_decay": 0.0,
        "momentum": 0.0,
        "centered": False,
    }

    def _setup(self) -> None:
        """Read hyper-parameters; keep momentum and mean-gradient buffers only when used."""
        h = self.hyper
        self._alpha = _const(h["alpha"])
        self._gain = _const(1.0 - h["alpha"])
        self._eps = _const(h["eps"])
        self._decay = h["weight_decay"] != 0.0
        self._momentum = _const(h["momentum"])
        self._square_avg = self._buffer("square_avg")
        self._buf = self._buffer("momentum_buffer") if h["momentum"] != 0.0 else None
        self._grad_avg = self._buffer("grad_avg") if h["centered"] else None

    def step(self, params: np.ndarray, grad: np.ndarray) -> None:
        """Apply one RMSprop step in place."""
        self.t += 1
        g = grad
        if self._decay:
            g = self._decayed(params, grad)
        tmp, square_avg, grad_avg, buf = self._tmp, self._square_avg, self._grad_avg, self._buf
        np.multiply(g, self._gain, tmp)
        if grad_avg is not None:
            grad_avg *= self._alpha
            grad_avg += tmp
        tmp *= g
        square_avg *= self._alpha
        square_avg += tmp
        if grad_avg is not None:
            np.multiply(grad_avg, grad_avg, tmp)
            np.subtract(square_avg, tmp, tmp)
            # v - mean(g)^2 >= 0 in exact arithmetic; rounding can dip below 0 and give NaN.
            np.maximum(tmp, 0.0, out=tmp)
            np.sqrt(tmp, tmp)
        else:
            np.sqrt(square_avg, tmp)
        tmp += self._eps
        np.divide(g, tmp, tmp)
        if buf is not None:
            buf *= self._momentum
            buf += tmp
            np.multiply(buf, self._scaled(self.lr), tmp)
        else:
            tmp *= self._scaled(self.lr)
        np.subtract(params, tmp, params)


class Adam(Optimizer):
    """Adam with L2 weight decay added to the gradient, optionally AMSGrad."""

    name = "adam"
    label = "Adam"
    defaults = {
        "lr": 1e-3,
        "beta1": 0.9,
        "beta2": 0.999,
        "eps": 1e-8,
        "weight_decay": 0.0,
        "amsgrad": False,
    }
    decoupled: ClassVar[bool] = False

    def _setup(self) -> None:
        """Read hyper-parameters and lay out the moment buffers."""
        h = self.hyper
        n = self.n_params
        self._beta1, self._beta2, self._eps = h["beta1"], h["beta2"], h["eps"]
        self._decay = h["weight_decay"] != 0.0
        self._decoupled_rate = h["weight_decay"]
        # m and v sit end to end in one array, so each line of their update is one ufunc call;
        # full-length coefficient rows are much faster than broadcasting a (2, 1) column.
        self._moments = np.empty(2 * n)
        self._m = self._buffer("exp_avg", array=self._moments[:n])
        self._v = self._buffer("exp_avg_sq", array=self._moments[n:])
        self._betas = np.repeat([self._beta1, self._beta2], n)
        self._gains = np.repeat([1.0 - self._beta1, 1.0 - self._beta2], n)
        self._incr = np.empty(2 * n)
        self._incr_m, self._incr_v = self._incr[:n], self._incr[n:]
        self._v_max = self._buffer("max_exp_avg_sq") if h["amsgrad"] else None
        self._eps_hat = _const(0.0)

    def step(self, params: np.ndarray, grad: np.ndarray) -> None:
        """Apply one Adam step in place."""
        self.t += 1
        t, lr = self.t, self.lr
        g = grad
        if self._decay:
            if self.decoupled:
                params *= self._scaled(1.0 - lr * self._decoupled_rate)
            else:
                g = self._decayed(params, grad)
        moments, incr = self._moments, self._incr
        np.copyto(self._incr_m, g)
        np.multiply(g, g, self._incr_v)
        incr *= self._gains
        moments *= self._betas
        moments += incr
        v = self._v
        if self._v_max is not None:
            # As torch does: the maximum is taken of the raw v, before bias correction.
            v = np.maximum(self._v_max, v, out=self._v_max)
        sqrt_bc2 = math.sqrt(1.0 - self._beta2**t)
        # m_hat / (sqrt(v_hat) + eps) == m * (sqrt_bc2 / bc1) / (sqrt(v) + eps * sqrt_bc2):
        # folding both bias corrections into scalars saves a pass over the arrays.
        eps_hat = self._eps_hat
        eps_hat[()] = self._eps * sqrt_bc2
        tmp = self._tmp
        np.sqrt(v, tmp)
        tmp += eps_hat
        np.divide(self._m, tmp, tmp)
        tmp *= self._scaled(lr * sqrt_bc2 / (1.0 - self._beta1**t))
        np.subtract(params, tmp, params)


class AdamW(Adam):
    """Adam with decoupled weight decay (0.01 by default), optionally AMSGrad."""

    name = "adamw"
    label = "AdamW"
    defaults = {**Adam.defaults, "weight_decay": 0.01}
    decoupled = True


OPTIMIZERS: dict[str, type[Optimizer]] = {
    cls.name: cls for cls in (SGD, Momentum, Nesterov, Adagrad, RMSprop, Adam, AdamW)
}


def make_optimizer(name: str, n_params: int, **hyper: float | bool) -> Optimizer:
    """Build the optimizer called name for n_params parameters."""
    try:
        cls = OPTIMIZERS[name]
    except (KeyError, TypeError):
        raise ValueError(
            f"unknown optimizer {name!r}; valid ones are {', '.join(OPTIMIZERS)}"
        ) from None
    return cls(n_params, **hyper)
