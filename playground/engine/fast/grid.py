"""numba kernels for the landscape's grids: the linear algebra between activations.

The landscape evaluator (engine/landscape/evaluator.py) runs a list of steps over
chunks of grid points; these kernels replace its numpy matmuls and elementwise
chains for the steps that dominate (a first layer linear in the plane
coordinates, an affine map whose weights move with the grid point, the squared
loss) with one pass each, fused, in the evaluator's layout (K grid points,
rows, samples) with samples contiguous so the inner loops vectorise.
Activations are NOT here: the evaluator applies each activation's registry
kernel (`Activation.kernel32`, numpy) between these steps, so an activation
keeps exactly one definition.

Signatures are given, so importing this module compiles (or loads from numba's
on-disk cache) every kernel at once, for float32 and float64; the kernels
release the GIL. Results agree with the numpy steps to rounding (FMA contraction
and a reassociated sum), not to the bit: tests/engine/test_landscape_fast.py.
"""

from __future__ import annotations

import numpy as np
from numba import njit, types

_OPTS = {"nogil": True, "cache": True, "error_model": "numpy"}
# Contraction (a·b + c as one FMA) only: no reassociation in the affine loops, and
# nothing that assumes finite values (a diverging grid point must stay inf/nan).
_CONTRACT = {"contract"}
_REDUCE = {"contract", "reassoc"}


def _sigs(make):
    return [make(types.float32), make(types.float64)]


def _linear_sig(f):
    v, m = f[::1], f[:, ::1]
    return types.void(v, v, v, v, v, m)


@njit(_sigs(_linear_sig), fastmath=_CONTRACT, **_OPTS)
def linear3(a, b, c0, cu, cv, out):
    """out[k] = c0 + a[k]·cu + b[k]·cv, everything flattened per grid point."""
    m = c0.shape[0]
    for k in range(a.shape[0]):
        ak = a[k]
        bk = b[k]
        for e in range(m):
            out[k, e] = c0[e] + ak * cu[e] + bk * cv[e]


def _affine_sig(f):
    v, m, t = f[::1], f[:, ::1], f[:, :, ::1]
    return types.void(v, v, m, m, m, types.boolean, t, m, v, v, t)


@njit(_sigs(_affine_sig), fastmath=_CONTRACT, **_OPTS)
def affine(a, b, w0, wu, wv, moving, h, base, bu, bv, out):
    """out[k, i, s] = base[i, s] + a[k]·bu[i] + b[k]·bv[i] + Σ_j W[i, j]·h[k, j, s]

    with W = w0 + a[k]·wu + b[k]·wv when `moving`, else w0. Rows of out are built in
    place: the loop over samples is long, contiguous and vectorises, and out's row
    stays in the L1 cache across the sum. Keep each inner loop to a few arrays: with
    nine (an optional h − h_ref inside) LLVM gave up its aliasing checks and stopped
    vectorising, at half the speed."""
    n_rows, n_in = w0.shape
    n = h.shape[2]
    w = np.empty(n_in, dtype=w0.dtype)
    for k in range(a.shape[0]):
        ak = a[k]
        bk = b[k]
        hk = h[k]
        for i in range(n_rows):
            for j in range(n_in):
                w[j] = w0[i, j] + ak * wu[i, j] + bk * wv[i, j] if moving else w0[i, j]
            move = ak * bu[i] + bk * bv[i]
            o = out[k, i]
            base_i = base[i]
            # Four source rows per pass over the samples: one load and one store of
            # out's row for four multiply-adds (measured 15-25 % faster than one), the
            # first pass also writing the base.
            if n_in >= 4:
                w_0, w_1, w_2, w_3 = w[0], w[1], w[2], w[3]
                h0, h1, h2, h3 = hk[0], hk[1], hk[2], hk[3]
                for s in range(n):
                    o[s] = base_i[s] + move + (w_0 * h0[s] + w_1 * h1[s]
                                               + w_2 * h2[s] + w_3 * h3[s])
                j = 4
            elif n_in >= 1:
                w_0 = w[0]
                h0 = hk[0]
                for s in range(n):
                    o[s] = base_i[s] + move + w_0 * h0[s]
                j = 1
            else:
                for s in range(n):
                    o[s] = base_i[s] + move
                j = 0
            while j + 4 <= n_in:
                w_0, w_1, w_2, w_3 = w[j], w[j + 1], w[j + 2], w[j + 3]
                h0, h1, h2, h3 = hk[j], hk[j + 1], hk[j + 2], hk[j + 3]
                for s in range(n):
                    o[s] += w_0 * h0[s] + w_1 * h1[s] + w_2 * h2[s] + w_3 * h3[s]
                j += 4
            while j < n_in:
                w_0 = w[j]
                h0 = hk[j]
                for s in range(n):
                    o[s] += w_0 * h0[s]
                j += 1


def _squared_sig(f):
    return types.void(f[:, ::1], f[::1], types.float64, f[::1])


@njit(_sigs(_squared_sig), fastmath=_REDUCE, **_OPTS)
def squared(p, y, scale, out):
    """out[k] = scale · Σ_e (p[k, e] − y[e])², per grid point, summed in float64."""
    m = y.shape[0]
    for k in range(p.shape[0]):
        acc = 0.0  # float64: the sum of a few hundred float32 squares loses nothing
        for e in range(m):
            r = p[k, e] - y[e]
            acc += r * r
        out[k] = acc * scale
