"""Fit the landscape's float32 tanh: tanh x ≈ x·P(x²)/Q(x²) on [0, CLAMP], minimax in
relative error, P of degree 5 and Q of degree 4 in x² (Q's constant term 1).

Run: .venv/bin/python scripts/fit_tanh32.py   (needs scipy; prints the coefficients
that engine/fast/kernels.py holds as _TANH32_P and _TANH32_Q, lowest degree first)

The differential-correction algorithm: with Q fixed from the last round in the
weights, the best P and Q for max |P − t·Q| / (t·Q_last) is a linear programme
(t = tanh(x)/x at the sample points); repeated, it converges to the minimax rational.
CLAMP: from 8 on, float32 tanh is within 4 ulp of 1 (tanh 8 = 1 − 2.3e-7), so the form
returns ±tanh(8) there; fitted up to 9 instead, where tanh rounds to 1, the rational's
own rounding lifted it above 1 just below 9 (5.4 ulp).
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import linprog

CLAMP = 8.0
DEGREES = (5, 4)


def fit(dp: int, dq: int, clamp: float, samples: int = 3000, rounds: int = 12):
    """(max relative error, P, Q) of the best rational found."""
    cheb = (0.5 - 0.5 * np.cos(np.linspace(0.0, np.pi, samples))) * clamp
    x = np.unique(np.concatenate([cheb, np.linspace(0.0, clamp, samples)]))
    x[0] = 1e-6  # tanh(x)/x → 1 at 0
    t = np.tanh(x) / x
    u = x * x
    up = u[:, None] ** np.arange(dp + 1)
    uq = u[:, None] ** np.arange(1, dq + 1)
    q_last = np.ones_like(u)
    best = None
    for _ in range(rounds):
        # Variables: P's dp + 1 coefficients, Q's dq, the bound e; minimise e subject to
        # ±(P(u) − t·Q(u)) ≤ e·t·Q_last(u).
        scale = (t * q_last)[:, None]
        above = np.hstack([up, -t[:, None] * uq, -scale])
        below = np.hstack([-up, t[:, None] * uq, -scale])
        cost = np.zeros(dp + dq + 2)
        cost[-1] = 1.0
        bounds = [(None, None)] * (dp + dq + 1) + [(0.0, None)]
        sol = linprog(cost, A_ub=np.vstack([above, below]), b_ub=np.concatenate([t, -t]),
                      bounds=bounds, method="highs").x
        p, q = sol[:dp + 1], np.concatenate([[1.0], sol[dp + 1:-1]])
        q_last = np.polyval(q[::-1], u)
        err = float(np.max(np.abs(np.polyval(p[::-1], u) / q_last / t - 1.0)))
        if best is None or err < best[0]:
            best = (err, p, q)
    return best


def main() -> None:
    err, p, q = fit(*DEGREES, CLAMP)
    as32 = lambda c: ", ".join(repr(float(np.float32(v))) for v in c)  # noqa: E731
    print(f"degrees {DEGREES}, clamp {CLAMP}: max relative error {err:.3g} before rounding")
    print(f"_TANH32_P = ({as32(p)})")
    print(f"_TANH32_Q = ({as32(q)})")


if __name__ == "__main__":
    main()
