"""The loss along a straight line through parameter space (Goodfellow, Vinyals & Saxe 2015).

Two lines: from the start θ₀ to the current point θ, θ(α) = θ₀ + α·(θ − θ₀), over
α ∈ [−0.5, 1.5] (α = 0 the start, 1 the current point, both ends extended past);
and through θ along the Hessian's top eigenvector v, θ(α) = θ + α·d·v over
α ∈ [−1, 1]. Along v the loss's quadratic model is L(θ) + α·d·(∇L·v) + ½·(α·d)²·λ,
λ = vᵀHv; comparing the two shows how far the curvature at θ explains the loss
around it. The length d = √(2|L|/λ) is where the model's curvature term alone
reaches the loss itself (on a quadratic bowl with minimum 0: about the distance
to the minimum along v), so the line shows the bowl at the scale of the loss
left; without positive curvature or loss, d is the distance travelled ‖θ − θ₀‖
(1 before the run moved).
The losses are one vectorised call over a parameter batch, in chunks.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from playground.engine.curvature import lanczos
from playground.engine.hvp import CurvatureError, HessianOperator
from playground.engine.landscape.planes import LandscapeError

Array = np.ndarray

LINE_MODES = ("start", "eigen")
START_RANGE = (-0.5, 1.5)
EIGEN_RANGE = (-1.0, 1.0)
POINTS = 201
CHUNK = 64  # parameter settings per vectorised call


@dataclass(frozen=True, eq=False)
class Line:
    """A line θ(α) = origin + α·direction and where its marked points sit."""

    mode: str  # "start" | "eigen"
    origin: Array
    direction: Array
    alphas: Array
    marks: tuple[tuple[float, str], ...]  # (α, "start" | "current")
    scale: float  # d: the direction's length (‖θ − θ₀‖, or √(2|L|/λ) along v)
    curvature: float | None = None  # λ = vᵀHv along the eigenvector
    slope: float | None = None  # ∇L·v along the eigenvector
    loss_here: float | None = None  # L(θ), the quadratic model's value at α = 0

    def quadratic(self) -> Array | None:
        """The loss's second-order model along the eigenvector line, or None."""
        if self.curvature is None or self.slope is None or self.loss_here is None:
            return None
        t = self.alphas * self.scale
        return self.loss_here + t * self.slope + 0.5 * t * t * self.curvature


def start_line(start: Array, theta: Array, points: int = POINTS) -> Line:
    """The line from the start θ₀ (α = 0) to the current point θ (α = 1), extended past both."""
    s = _vector(start, "the start")
    t = _vector(theta, "the current point")
    if s.shape != t.shape:
        raise LandscapeError(f"the start has {s.shape[0]} parameters, the current point "
                             f"{t.shape[0]}")
    alphas = np.linspace(*START_RANGE, points)
    return Line("start", s, t - s, alphas, ((0.0, "start"), (1.0, "current")),
                float(np.linalg.norm(t - s)))


def eigen_line(compiled, theta: Array, x: Array | None, y: Array | None,
               start: Array | None = None, v_max: Array | None = None,
               points: int = POINTS) -> Line:
    """The line through θ along the top Hessian eigenvector (found here if not given)."""
    t = _vector(theta, "the current point")
    try:
        op = HessianOperator(compiled, t, x, y)
        if not np.isfinite(op.loss):
            raise LandscapeError("the loss is not finite here: no curvature to follow")
        v = None if v_max is None else np.asarray(v_max, dtype=float)
        if v is None or v.shape != t.shape or not np.linalg.norm(v) > 0:
            v = lanczos(op, op.n, steps=min(op.n, 40)).v_max
        v = v / np.linalg.norm(v)
        curvature = float(v @ op(v))
    except (CurvatureError, FloatingPointError) as e:
        raise LandscapeError(str(e)) from None
    travelled = 0.0 if start is None else float(np.linalg.norm(t - _vector(start, "the start")))
    scale = travelled if travelled > 0 else 1.0
    if curvature > 0 and op.loss != 0 and np.isfinite(op.loss):
        scale = float(np.sqrt(2.0 * abs(op.loss) / curvature))
    if start is not None and float((np.asarray(start, dtype=float) - t) @ v) > 0:
        v = -v  # the start's side at negative α, as on the curvature plane
    alphas = np.linspace(*EIGEN_RANGE, points)
    return Line("eigen", t, scale * v, alphas, ((0.0, "current"),), scale, curvature,
                float(op.gradient @ v), op.loss)


def line_losses(compiled, line: Line, x: Array | None, y: Array | None,
                chunk: int = CHUNK) -> Array:
    """The loss at every α of `line` (float64; +inf where it overflows)."""
    out = np.empty(len(line.alphas))
    with np.errstate(all="ignore"):
        for k in range(0, len(line.alphas), chunk):
            a = line.alphas[k:k + chunk, None]
            thetas = line.origin + a * line.direction
            values = np.asarray(compiled.loss(thetas, x, y), dtype=float).reshape(-1)
            out[k:k + chunk] = np.where(np.isfinite(values), values, np.inf)
    return out


def _vector(a: Array, what: str) -> Array:
    v = np.asarray(a, dtype=float)
    if v.ndim != 1:
        raise LandscapeError(f"{what} must be a vector of parameters, got shape {v.shape}")
    if not np.isfinite(v).all():
        raise LandscapeError(f"{what} contains NaN or infinite values")
    return v
