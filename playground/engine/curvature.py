"""Extreme eigenvalues of the loss Hessian by Lanczos on Hessian-vector products.

`spectrum(matvec, n)` runs Lanczos (with full reorthogonalisation: the models
here have at most a few thousand parameters) on any symmetric H·v, such as an
`engine.hvp.HessianOperator`, and returns the largest and smallest Ritz values
and their vectors. Warm-started from the last top eigenvector it converges in
a few products when the point moved little, which is what a training run that
tracks its sharpness does every few steps.

The stability edge: plain gradient descent on a quadratic converges exactly when
lr < 2/λmax (each eigen-direction is multiplied by 1 − lr·λ per step); heavy-ball
momentum β moves it to 2(1 + β)/lr. `edge` gives that threshold for an optimizer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from playground.engine.hvp import HessianOperator

Array = np.ndarray

# Lanczos stops on its own when H's Krylov space is exhausted; small models get
# every eigenvalue, larger ones the extremes to the tolerance below.
DEFAULT_STEPS = 80
TOLERANCE = 1e-10


@dataclass
class Spectrum:
    """What Lanczos found: the extreme eigenpairs and how far to trust them."""

    lam_max: float
    lam_min: float
    v_max: Array  # unit eigenvector of lam_max
    v_min: Array
    ritz: Array  # every Ritz value, ascending
    vectors: Array  # their unit vectors as columns (n, k), same order
    residual_max: float  # ‖H·v_max − lam_max·v_max‖
    residual_min: float
    products: int  # H·v products spent

    def top(self, k: int = 2) -> tuple[Array, Array]:
        """The k largest Ritz values (descending) and their vectors as columns."""
        order = np.argsort(self.ritz)[::-1][:k]
        return self.ritz[order], self.vectors[:, order]


def _unit(v: Array) -> Array | None:
    norm = float(np.linalg.norm(v))
    return v / norm if norm > 0 and np.isfinite(norm) else None


def lanczos(matvec: Callable[[Array], Array], n: int, steps: int = DEFAULT_STEPS,
            start: Array | None = None, seed: int = 0,
            tol: float = TOLERANCE) -> Spectrum:
    """Lanczos with full reorthogonalisation on the symmetric map `matvec` of size n.

    `start` warm-starts it (the last top eigenvector); a random vector otherwise.
    When the Krylov space closes early (an exact eigenvector as start) it carries
    on from a fresh direction orthogonal to the basis, so λmin is not missed.
    """
    if n == 0:
        empty = np.zeros(0)
        return Spectrum(0.0, 0.0, empty, empty, empty, np.zeros((0, 0)), 0.0, 0.0, 0)
    rng = np.random.default_rng(seed)
    steps = max(1, min(steps, n))
    q = _unit(np.asarray(start, dtype=float)) if start is not None else None
    if q is None:
        q = _unit(rng.normal(size=n))
    basis = np.zeros((n, steps))
    alphas: list[float] = []
    betas: list[float] = []  # betas[j] couples basis j and j+1; 0 where restarted
    products = 0
    scale = 0.0
    for j in range(steps):
        basis[:, j] = q
        w = np.asarray(matvec(q), dtype=float)
        products += 1
        if not np.all(np.isfinite(w)):
            raise FloatingPointError("the Hessian-vector product is not finite here")
        alpha = float(q @ w)
        alphas.append(alpha)
        scale = max(scale, abs(alpha), float(np.linalg.norm(w)))
        q_basis = basis[:, :j + 1]
        # Twice is enough (Kahan): keeps the basis orthogonal to rounding.
        w = w - q_basis @ (q_basis.T @ w)
        w = w - q_basis @ (q_basis.T @ w)
        beta = float(np.linalg.norm(w))
        if j == steps - 1:
            betas.append(beta)
            break
        if beta > tol * max(scale, 1.0):
            betas.append(beta)
            q = w / beta
            continue
        # The Krylov space closed: restart orthogonal to it (a block of T with no coupling).
        betas.append(0.0)
        fresh = None
        for _ in range(3):
            r = rng.normal(size=n)
            r = r - q_basis @ (q_basis.T @ r)
            r = r - q_basis @ (q_basis.T @ r)
            fresh = _unit(r)
            if fresh is not None and np.linalg.norm(r) > 1e-8:
                break
        if fresh is None:
            break
        q = fresh
    k = len(alphas)
    t = np.diag(alphas)
    if k > 1:
        off = np.array(betas[:k - 1])
        t += np.diag(off, 1) + np.diag(off, -1)
    ritz, s = np.linalg.eigh(t)
    vectors = basis[:, :k] @ s
    # The residual of each Ritz pair is |β_last · (last component of its T-eigenvector)|.
    last_beta = betas[k - 1] if len(betas) >= k else 0.0
    residuals = np.abs(last_beta * s[-1, :])
    return Spectrum(float(ritz[-1]), float(ritz[0]), vectors[:, -1], vectors[:, 0], ritz,
                    vectors, float(residuals[-1]), float(residuals[0]), products)


def hessian_spectrum(compiled, theta: Array, x: Array | None = None, y: Array | None = None,
                     steps: int = DEFAULT_STEPS, start: Array | None = None,
                     restarts: int = 4, tol: float = 1e-9) -> tuple[Spectrum, HessianOperator]:
    """λmax and λmin of the loss Hessian at theta, restarted until the residuals are small.

    Each restart begins at the last top Ritz vector; models with at most `steps`
    parameters are solved exactly (in one pass, up to rounding).
    """
    op = HessianOperator(compiled, theta, x, y)
    if not np.isfinite(op.loss):
        raise FloatingPointError("the loss is not finite here: no curvature to measure")
    spec = lanczos(op, op.n, steps, start)
    products = spec.products
    for k in range(restarts):
        size = max(1.0, abs(spec.lam_max), abs(spec.lam_min))
        if spec.residual_max <= tol * size and spec.residual_min <= tol * size:
            break
        # Alternate the start between the two ends so both converge.
        begin = spec.v_max if k % 2 == 0 else spec.v_min
        again = lanczos(op, op.n, steps, begin + 1e-3 * spec.v_min, seed=k + 1)
        products += again.products
        spec = _merge(spec, again)
    spec.products = products
    return spec, op


def _merge(a: Spectrum, b: Spectrum) -> Spectrum:
    """The better estimate at each end: Ritz values lie inside [λmin, λmax], so wider wins."""
    top = b if b.lam_max >= a.lam_max else a
    low = b if b.lam_min <= a.lam_min else a
    return Spectrum(top.lam_max, low.lam_min, top.v_max, low.v_min, top.ritz, top.vectors,
                    top.residual_max, low.residual_min, a.products + b.products)


# ----------------------------------------------------------------------------- the edge

def edge(optimizer: str, hyper: dict) -> float | None:
    """The largest λmax a run with these settings survives on a quadratic, or None.

    Plain gradient descent: 2/lr. Heavy-ball momentum μ: 2(1 + μ)/lr; Nesterov
    (PyTorch's form): 2(1 + μ)/((1 + 2μ)·lr); dampening d scales the step by
    (1 − d); weight decay wd adds wd to every eigenvalue, so the edge for the
    loss's own λmax is that much lower. Adaptive methods (Adam, RMSprop, AdaGrad)
    rescale each direction by the gradients they saw: no threshold in λmax alone.
    """
    if optimizer not in ("sgd", "momentum", "nesterov"):
        return None
    lr = float(hyper.get("lr", 0.0))
    mu = float(hyper.get("momentum", 0.0))
    keep = 1.0 - float(hyper.get("dampening", 0.0))
    if not (lr > 0 and keep > 0):
        return None
    if mu == 0.0:
        threshold = 2.0 / lr
    elif hyper.get("nesterov"):
        threshold = 2.0 * (1.0 + mu) / ((1.0 + 2.0 * mu) * lr)
    else:
        threshold = 2.0 * (1.0 + mu) / (keep * lr)
    return threshold - float(hyper.get("weight_decay", 0.0))


# ----------------------------------------------------------------------------- a run's sharpness

@dataclass
class Sharpness:
    """The curvature of a training run at one step, against its stability edge."""

    step: int
    loss: float
    lam_max: float
    lam_min: float
    edge: float | None  # the largest λmax this optimizer and rate survive; None: no such rule
    lr: float
    optimizer: str
    v_max: Array
    residual_max: float
    residual_min: float
    products: int

    @property
    def past_edge(self) -> bool | None:
        """λmax above the edge: on a quadratic this run would grow along v_max."""
        return None if self.edge is None else self.lam_max > self.edge


def run_sharpness(run, start: Array | None = None, steps: int = DEFAULT_STEPS,
                  restarts: int = 4) -> Sharpness:
    """λmax, λmin of the full training loss at the run's current parameters, and its edge.

    `steps`/`restarts` bound the cost (H·v products); a tracker passes a few steps,
    no restarts and the last `v_max` as `start`.
    """
    theta = np.array(run.theta, dtype=np.float64)
    hyper = {**run.optimizer.hyper_params(), "lr": run.current_lr}
    spec, op = hessian_spectrum(run.compiled, theta, run.x, run.y, steps=steps, start=start,
                                restarts=restarts)
    return Sharpness(run.step_count, op.loss, spec.lam_max, spec.lam_min,
                     edge(run.config.optimizer, hyper), run.current_lr, run.config.optimizer,
                     spec.v_max, spec.residual_max, spec.residual_min, spec.products)
