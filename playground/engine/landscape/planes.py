"""Planes through parameter space: axis pairs, random filter-normalised directions, PCA of a
path, and the top two Hessian eigenvectors (the curvature plane).

A plane is an origin and two directions in the flat parameter vector theta; the
landscape is the loss at origin + a·u + b·v over a grid of (a, b). See
docs/landscape.md for the maths.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from playground.engine.curvature import lanczos
from playground.engine.hvp import CurvatureError, HessianOperator
from playground.engine.parameters import BIAS, WEIGHT, ParameterRef, kind_of

Array = np.ndarray

BIAS_MODES = ("zero", "keep")
# Random directions closer than this (|cos|) are made orthogonal: their plane is a line.
PARALLEL_COS = 0.9
# Below this many rows or columns the path's exact SVD is cheap; above it a few
# rounds of subspace iteration find the two leading directions much faster.
_EXACT_SVD_LIMIT = 160


class LandscapeError(ValueError):
    """A plane, range or grid that cannot be built, with the reason."""


TOO_FEW_PARAMETERS = "the landscape needs a network with at least two parameters"


def landscape_axes(parameter_names: Sequence[str],
                   requested: Sequence[str] | None = None) -> tuple[str, str]:
    """The two parameters a landscape shows: `requested` if valid, else the first two
    weights in compiled order, else the first two parameters (LandscapeError if < 2)."""
    names = list(parameter_names)
    if requested and len(requested) == 2 and requested[0] != requested[1] and \
            all(a in names for a in requested):
        return requested[0], requested[1]
    weights = [n for n in names if kind_of(n) == WEIGHT]
    picks = (weights + [n for n in names if kind_of(n) != WEIGHT])[:2]
    if len(picks) < 2:
        raise LandscapeError(TOO_FEW_PARAMETERS)
    return picks[0], picks[1]


@dataclass(frozen=True, eq=False)
class Plane:
    """A 2-D plane in parameter space: origin + a·u + b·v."""

    origin: Array  # (P,) point at plane coordinates (0, 0)
    u: Array  # (P,) first direction
    v: Array  # (P,) second direction
    labels: tuple[str, str]  # axis labels
    kind: str  # "axes" | "random" | "pca" | "hessian"
    explained: tuple[float, float] | None = None  # PCA explained-variance ratios
    eigenvalues: tuple[float, float] | None = None  # curvature plane: λ along u and along v

    def __post_init__(self) -> None:
        vectors = [_frozen(getattr(self, k), k) for k in ("origin", "u", "v")]
        if len({a.shape for a in vectors}) != 1:
            raise LandscapeError("origin, u and v must have the same length, got "
                                 + ", ".join(str(a.shape[0]) for a in vectors))
        for key, arr in zip(("origin", "u", "v"), vectors):
            object.__setattr__(self, key, arr)

    @property
    def n_params(self) -> int:
        return self.origin.shape[0]

    def point(self, a: float, b: float) -> Array:
        """The parameter vector at plane coordinates (a, b)."""
        return self.origin + a * self.u + b * self.v

    def points(self, a: Array, b: Array) -> Array:
        """Parameter vectors (K, P) at K plane coordinates."""
        a = np.asarray(a, dtype=float).reshape(-1, 1)
        b = np.asarray(b, dtype=float).reshape(-1, 1)
        return self.origin + a * self.u + b * self.v


def _frozen(a: Array, what: str) -> Array:
    arr = np.array(a, dtype=float, copy=True)
    if arr.ndim != 1:
        raise LandscapeError(f"{what} must be a vector of parameters, got shape {arr.shape}")
    if not np.isfinite(arr).all():
        raise LandscapeError(f"{what} contains NaN or infinite values")
    arr.setflags(write=False)
    return arr


def _theta(compiled, theta: Array) -> Array:
    """theta as a finite float vector of the network's length, or a clear error."""
    t = np.asarray(theta, dtype=float)
    if t.shape != (compiled.n_params,):
        raise LandscapeError(f"theta must hold the network's {compiled.n_params} parameters, "
                             f"got shape {t.shape}")
    if not np.isfinite(t).all():
        raise LandscapeError("theta contains NaN or infinite values")
    return t


# ----------------------------------------------------------------------------- axis pairs

def axes_plane(compiled, theta: Array, p1: str, p2: str) -> Plane:
    """The slice over parameters p1 and p2, every other parameter held at theta.

    Coordinates are the parameters' absolute values: the origin is theta with p1
    and p2 set to 0 and u, v are their unit vectors.
    """
    t = _theta(compiled, theta)
    for p in (p1, p2):
        if p not in compiled.index:
            names = list(compiled.parameter_names)
            shown = ", ".join(names[:8]) + (", …" if len(names) > 8 else "")
            raise LandscapeError(f"no parameter {p!r}; the network's parameters are {shown}")
    if p1 == p2:
        raise LandscapeError(f"choose two different parameters (both axes are {p1!r})")
    i, j = compiled.index[p1], compiled.index[p2]
    origin = t.copy()
    origin[[i, j]] = 0.0
    u = np.zeros_like(t)
    v = np.zeros_like(t)
    u[i] = 1.0
    v[j] = 1.0
    return Plane(origin, u, v, (p1, p2), "axes")


# ----------------------------------------------------------------------------- random planes

def weight_rows(compiled) -> dict[str, list[int]]:
    """Positions in theta of each neuron's incoming weights, by destination neuron."""
    ids = set(compiled.activation)
    rows: dict[str, list[int]] = {}
    for k, name in enumerate(compiled.parameter_names):
        if kind_of(name) == WEIGHT:
            rows.setdefault(ParameterRef.parse(name, ids).dst, []).append(k)
    return rows


def filter_normalize(direction: Array, theta: Array, rows: dict[str, list[int]],
                     biases: Array, bias: str) -> Array:
    """Scale each neuron's row of `direction` to the norm of its weights in theta."""
    d = np.array(direction, dtype=float)
    for idx in rows.values():
        norm = np.linalg.norm(d[idx])
        d[idx] = d[idx] * (np.linalg.norm(theta[idx]) / norm) if norm > 0 else 0.0
    # Li et al.'s code: a bias is a one-element filter; "keep" copies it, "zero" freezes it.
    d[biases] = theta[biases] if bias == "keep" else 0.0
    return d


def random_plane(compiled, theta: Array, seed: int = 0, bias: str = "zero") -> Plane:
    """Two seeded gaussian directions, filter-normalised (Li et al. 2018), through theta.

    bias "zero": biases do not move (the paper's `biasbn` option); "keep": each
    bias's direction entry is the bias itself.
    """
    t = _theta(compiled, theta)
    if bias not in BIAS_MODES:
        raise LandscapeError(f"bias must be 'zero' or 'keep', got {bias!r}")
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise LandscapeError(f"seed must be a whole number ≥ 0, got {seed!r}")
    rng = np.random.default_rng(int(seed))
    rows = weight_rows(compiled)
    biases = np.array([k for k, n in enumerate(compiled.parameter_names)
                       if kind_of(n) == BIAS], dtype=int)
    u, v = (filter_normalize(rng.standard_normal(t.shape), t, rows, biases, bias)
            for _ in range(2))
    if not (u.any() and v.any()):
        raise LandscapeError(
            "the random directions are zero: filter normalisation scales each neuron's "
            "direction to the norm of its weights, and they are all zero here")
    v = _apart_from(u, v, rng, t, rows, biases, bias)
    return Plane(t, u, v, ("random direction 1", "random direction 2"), "random")


def _abs_cos(a: Array, b: Array) -> float:
    return abs(float(a @ b)) / (float(np.linalg.norm(a) * np.linalg.norm(b)) or 1.0)


def _apart_from(u: Array, v: Array, rng: np.random.Generator, theta: Array,
                rows: dict[str, Array], biases: Array, bias: str) -> Array:
    """v, or a direction orthogonal to u when filter normalisation made them nearly parallel.

    A one-weight filter normalises to ±|w|, so in a network of such neurons u and
    v agree up to signs. Gram-Schmidt (from a fresh draw if v is exactly ±u), then
    filter normalisation again if that keeps the two apart, else the plain orthogonal
    direction scaled to ‖u‖.
    """
    if _abs_cos(u, v) <= PARALLEL_COS:
        return v
    along = u / float(u @ u)
    r = v - float(v @ u) * along
    if np.linalg.norm(r) <= 1e-9 * np.linalg.norm(u):
        r = np.where(u != 0, rng.standard_normal(u.shape), 0.0)
        r = r - float(r @ u) * along
    if np.linalg.norm(r) <= 1e-9 * np.linalg.norm(u):
        return v  # a single parameter moves: there is no second direction to find
    normalised = filter_normalize(r, theta, rows, biases, bias)
    if normalised.any() and _abs_cos(u, normalised) <= PARALLEL_COS:
        return normalised
    return r * (np.linalg.norm(u) / np.linalg.norm(r))


# ----------------------------------------------------------------------------- PCA of a path

def trajectory_plane(path: Array, theta: Array) -> Plane:
    """The two principal directions of the path relative to theta, through theta."""
    t = np.asarray(theta, dtype=float)
    m = np.asarray(path, dtype=float)
    if t.ndim != 1:
        raise LandscapeError(f"theta must be a vector, got shape {t.shape}")
    if m.ndim != 2 or m.shape[1] != t.shape[0] or m.shape[0] == 0:
        raise LandscapeError(f"the path must be (points, {t.shape[0]}) parameters, "
                             f"got shape {m.shape}")
    if t.shape[0] < 2:
        raise LandscapeError("a plane needs a network with at least two parameters")
    if not (np.isfinite(m).all() and np.isfinite(t).all()):
        raise LandscapeError("the path or theta contains NaN or infinite values")
    m = m - t
    total = float(np.einsum("ij,ij->", m, m))
    if total == 0.0:
        raise LandscapeError("the path has not moved away from the current point yet")
    dirs, sv = _leading_directions(m)
    u = dirs[0]
    if len(sv) < 2 or sv[1] <= sv[0] * 1e-12:
        v, s2 = _orthogonal_unit(u), 0.0
    else:
        v, s2 = dirs[1], sv[1]
    # Orient both axes so the start of the path lies at negative coordinates.
    u = -u if m[0] @ u > 0 else u
    v = -v if m[0] @ v > 0 else v
    e1, e2 = sv[0] ** 2 / total, s2 ** 2 / total
    labels = (f"PCA 1 ({100 * e1:.0f}%)", f"PCA 2 ({100 * e2:.0f}%)")
    return Plane(t, u, v, labels, "pca", (float(e1), float(e2)))


def _leading_directions(m: Array) -> tuple[Array, Array]:
    """Up to two leading right singular vectors of m and their singular values."""
    if min(m.shape) <= _EXACT_SVD_LIMIT:
        _, s, vt = np.linalg.svd(m, full_matrices=False)
        return vt[:2], s[:2]
    # Subspace iteration on mᵀm with a few spare vectors: the top two converge fast.
    rng = np.random.default_rng(0)
    q = np.linalg.qr(rng.standard_normal((m.shape[1], 8)))[0]
    for _ in range(12):
        q = np.linalg.qr(m.T @ (m @ q))[0]
    _, s, vt = np.linalg.svd(m @ q, full_matrices=False)
    return (q @ vt[:2].T).T, s[:2]


def _orthogonal_unit(u: Array) -> Array:
    """A unit vector orthogonal to unit vector u (the basis axis u leans on least)."""
    k = int(np.argmin(np.abs(u)))
    w = -u[k] * u
    w[k] += 1.0
    return w / np.linalg.norm(w)


# ----------------------------------------------------------------------------- curvature

def hessian_plane(compiled, theta: Array, x: Array | None, y: Array | None,
                  path: Array | None = None, filter_normalized: bool = False,
                  bias: str = "zero", start: Array | None = None,
                  steps: int = 40) -> Plane:
    """The plane of the loss Hessian's top two eigenvectors at theta, through theta.

    Along u the loss curves most (λ1), along v next most (λ2): the directions a
    too-large learning rate blows up first. Signs are chosen so the path's start
    lies at negative coordinates (stable while training moves the point);
    `filter_normalized` rescales each neuron's entries to its weights' norm, as
    the random plane does (the eigenvalues stay those of the unit eigenvectors).
    `start` warm-starts Lanczos (the last plane's u + v).
    """
    t = _theta(compiled, theta)
    if t.shape[0] < 2:
        raise LandscapeError("a plane needs a network with at least two parameters")
    try:
        op = HessianOperator(compiled, t, x, y)
        if not np.isfinite(op.loss):
            raise LandscapeError("the loss is not finite here: no curvature to show")
        spec = lanczos(op, op.n, steps=min(op.n, steps), start=start)
    except (CurvatureError, FloatingPointError) as e:
        raise LandscapeError(str(e)) from None
    values, vectors = spec.top(2)
    if len(values) < 2:
        raise LandscapeError("the Hessian gave fewer than two directions here")
    u, v = vectors[:, 0].copy(), vectors[:, 1].copy()
    lead = None if path is None or len(path) == 0 else np.asarray(path[0], dtype=float) - t
    for d in (u, v):
        away = float(lead @ d) if lead is not None else 0.0
        if away > 0 or (away == 0 and d[int(np.argmax(np.abs(d)))] < 0):
            d *= -1.0
    labels = (f"Hessian eigenvector 1 (λ = {values[0]:.4g})",
              f"Hessian eigenvector 2 (λ = {values[1]:.4g})")
    if filter_normalized:
        rows = weight_rows(compiled) if hasattr(compiled, "activation") else {}
        biases = np.array([k for k, n in enumerate(compiled.parameter_names)
                           if kind_of(n) == BIAS], dtype=int)
        if rows:
            fu = filter_normalize(u, t, rows, biases, bias)
            fv = filter_normalize(v, t, rows, biases, bias)
            if fu.any() and fv.any() and _abs_cos(fu, fv) < 1.0 - 1e-9:
                u, v = fu, fv
                labels = (labels[0] + ", filter-normalised", labels[1] + ", filter-normalised")
    return Plane(t, u, v, labels, "hessian", eigenvalues=(float(values[0]), float(values[1])))


# ----------------------------------------------------------------------------- projection

def project(plane: Plane, points: Array) -> tuple[Array, Array]:
    """Least-squares plane coordinates (N, 2) of points (N, P) and their distance from it."""
    p = np.asarray(points, dtype=float)
    if p.size == 0:  # an empty history, whatever its shape
        return np.empty((0, 2)), np.empty(0)
    if p.ndim == 1:
        p = p[None, :]
    if p.ndim != 2 or p.shape[1] != plane.n_params:
        raise LandscapeError(f"points must be (N, {plane.n_params}) parameter vectors, "
                             f"got shape {np.shape(points)}")
    d = p - plane.origin
    basis = np.stack([plane.u, plane.v], axis=1)
    gram = basis.T @ basis
    if np.allclose(gram, np.eye(2), rtol=0.0, atol=1e-12):
        # Orthonormal (axes, PCA): plain dot products, exact for unit axis vectors.
        coords = d @ basis
    else:
        coords = np.linalg.lstsq(basis, d.T, rcond=None)[0].T
    residual = d - coords @ basis.T
    return coords, np.linalg.norm(residual, axis=1)


def auto_range(coords: Array, margin: float = 0.2,
               min_span: float = 1.0) -> tuple[float, float, float, float]:
    """(x0, x1, y0, y1) covering every finite point, widened by `margin` of the span per side."""
    c = np.asarray(coords, dtype=float).reshape(-1, 2) if np.size(coords) else np.empty((0, 2))
    if not (np.isfinite(margin) and margin >= 0):
        raise LandscapeError(f"margin must be a number ≥ 0, got {margin}")
    if not (np.isfinite(min_span) and min_span > 0):
        raise LandscapeError(f"min_span must be a positive number, got {min_span}")
    c = c[np.isfinite(c).all(axis=1)]
    out: list[float] = []
    for axis in (0, 1):
        lo, hi = (float(c[:, axis].min()), float(c[:, axis].max())) if len(c) else (0.0, 0.0)
        span = max(hi - lo, min_span)
        centre = 0.5 * (lo + hi)
        half = span * (0.5 + margin)
        out += [centre - half, centre + half]
    x0, x1, y0, y1 = out
    return x0, x1, y0, y1
