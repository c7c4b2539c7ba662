"""numba kernels for the landscape's grids.

Two ways to run the landscape evaluator's steps (engine/landscape/evaluator.py):

- `program`: the whole chain (first layer, activations, affine levels, squared loss)
  for one grid point after another, every intermediate value in a small per-point
  workspace that stays in the L1 cache, one call per chunk of grid points. The
  evaluator compiles its steps into a program when every step has an instruction
  here and every activation a compiled form: activations apply kernels.py's `_act`
  forms (tanh in the grid's own precision: `_tanh32_form` for float32 grids), so an
  activation keeps its numpy definitions (the registry) and its compiled ones here.
- the step kernels (`linear3`, `affine`, `squared`): the linear algebra of single
  steps, between which the evaluator applies each activation's registry kernel
  (numpy) — for graphs the program cannot run (sigmoid, softplus, sine: numpy's SIMD
  exp, log and sin beat numba's scalar libm calls; Collect nodes; other losses).

Values are laid out (rows, samples) per grid point with samples contiguous so the
inner loops vectorise. Signatures are given, so importing this module compiles (or
loads from numba's on-disk cache) every kernel at once, for float32 and float64; the
kernels release the GIL. Results agree with the numpy steps to rounding (FMA
contraction, a reassociated sum, the compiled tanh within 5.3 float32 ulp), not to the
bit: tests/engine/test_landscape_fast.py. numba's own cache would notice a change to
this file only, not to the kernels.py forms inlined here; the package keys the cache
by all its sources (`fast.key_the_cache`), so either edit compiles afresh.
"""

from __future__ import annotations

import numpy as np
from numba import njit, types
from numba.extending import intrinsic

from playground.engine.fast.kernels import _act, tanh_in_kind

_OPTS = {"nogil": True, "cache": True, "error_model": "numpy"}
# Contraction (a·b + c as one FMA) only: no reassociation in the affine loops, and
# nothing that assumes finite values (a diverging grid point must stay inf/nan).
_CONTRACT = {"contract"}
_REDUCE = {"contract", "reassoc"}


@intrinsic
def _wide_vectors(typingctx):
    """Let LLVM vectorise the calling function with the CPU's widest vectors.

    LLVM targets 256-bit vectors on AVX-512 CPUs by default (older ones slow their
    clock for 512-bit work); the function attribute clang sets for
    -mprefer-vector-width=512 lifts that for this function alone. Measured here
    (AVX-512, float32, one thread): the 128² random plane 34-37 ms against 47 with
    256-bit vectors. Harmless without AVX-512 (the widest legal vectors are used).
    llvmlite accepts only a fixed list of attribute names, so the string attribute
    goes into its set directly; should that ever fail, the code stays 256-bit."""
    def codegen(context, builder, signature, args):
        try:
            set.add(builder.function.attributes, '"prefer-vector-width"="512"')
        except Exception:  # noqa: BLE001, S110  (an optimisation hint, nothing more)
            pass
        return context.get_dummy_value()

    return types.none(), codegen


def _sigs(make):
    return [make(types.float32), make(types.float64)]


def _linear_sig(f):
    v, m = f[::1], f[:, ::1]
    return types.void(v, v, v, v, v, m)


@njit(_sigs(_linear_sig), fastmath=_CONTRACT, **_OPTS)
def linear3(a, b, c0, cu, cv, out):
    """out[k] = c0 + a[k]·cu + b[k]·cv, everything flattened per grid point."""
    _wide_vectors()
    m = c0.shape[0]
    for k in range(a.shape[0]):
        ak = a[k]
        bk = b[k]
        for e in range(m):
            out[k, e] = c0[e] + ak * cu[e] + bk * cv[e]


_U0, _U1, _U2, _U3, _U4, _U5, _U6, _U7, _U8 = (np.uint64(v) for v in range(9))


@njit(inline="always", **_OPTS)
def _affine_rows(ak, bk, c, w0, wu, wv, moving, base, bu, bv, hx, h, ox, o, wx, w,
                 n_rows, n_in, n):
    """One grid point of `affine`, on flat arrays at offsets (array, offset pairs):
    ox[o:] (n_rows, n) = W·hx[h:] (n_in, n) + base + a·bu + b·bv, the weights W
    (n_rows, n_in), base (n_rows, n), bu and bv (n_rows) in c; wx[w:] is n_in scratch.

    Offsets and sizes are uint64. Offsets, not views: a view made per grid point costs
    a reference count (two atomic operations), more than a small layer's arithmetic.
    Unsigned, because numba wraps a negative signed index around (x[−1] is the last
    element): the check per access turns each vectorised load into a gather.
    Rows of out are built in place: the loop over samples is long, contiguous and
    vectorises, and out's row stays in the L1 cache across the sum."""
    for i in range(n_rows):
        r = i * n_in
        for j in range(n_in):
            wx[w + j] = (c[w0 + r + j] + ak * c[wu + r + j] + bk * c[wv + r + j] if moving
                         else c[w0 + r + j])
        move = ak * c[bu + i] + bk * c[bv + i]
        oi = o + i * n
        bi = base + i * n
        # Eight (or four) source rows per pass over the samples: one load and one store
        # of out's row for eight multiply-adds (four measured 15-25 % faster than one,
        # eight 30 % faster again), the first pass also writing the base.
        if n_in >= _U8:
            w_0, w_1, w_2, w_3 = wx[w], wx[w + _U1], wx[w + _U2], wx[w + _U3]
            w_4, w_5, w_6, w_7 = wx[w + _U4], wx[w + _U5], wx[w + _U6], wx[w + _U7]
            h1, h2, h3, h4, h5, h6, h7 = (h + n, h + _U2 * n, h + _U3 * n, h + _U4 * n,
                                          h + _U5 * n, h + _U6 * n, h + _U7 * n)
            for s in range(n):
                ox[oi + s] = c[bi + s] + move + (
                    (w_0 * hx[h + s] + w_1 * hx[h1 + s] + w_2 * hx[h2 + s]
                     + w_3 * hx[h3 + s]) + (w_4 * hx[h4 + s] + w_5 * hx[h5 + s]
                                            + w_6 * hx[h6 + s] + w_7 * hx[h7 + s]))
            j = _U8
        elif n_in >= _U4:
            w_0, w_1, w_2, w_3 = wx[w], wx[w + _U1], wx[w + _U2], wx[w + _U3]
            h1, h2, h3 = h + n, h + _U2 * n, h + _U3 * n
            for s in range(n):
                ox[oi + s] = c[bi + s] + move + (w_0 * hx[h + s] + w_1 * hx[h1 + s]
                                                 + w_2 * hx[h2 + s] + w_3 * hx[h3 + s])
            j = _U4
        elif n_in >= _U1:
            w_0 = wx[w]
            for s in range(n):
                ox[oi + s] = c[bi + s] + move + w_0 * hx[h + s]
            j = _U1
        else:
            for s in range(n):
                ox[oi + s] = c[bi + s] + move
            j = _U0
        while j + _U8 <= n_in:
            w_0, w_1, w_2, w_3 = wx[w + j], wx[w + j + _U1], wx[w + j + _U2], wx[w + j + _U3]
            w_4, w_5, w_6, w_7 = (wx[w + j + _U4], wx[w + j + _U5], wx[w + j + _U6],
                                  wx[w + j + _U7])
            h0 = h + j * n
            h1, h2, h3, h4, h5, h6, h7 = (h0 + n, h0 + _U2 * n, h0 + _U3 * n, h0 + _U4 * n,
                                          h0 + _U5 * n, h0 + _U6 * n, h0 + _U7 * n)
            for s in range(n):
                ox[oi + s] += ((w_0 * hx[h0 + s] + w_1 * hx[h1 + s] + w_2 * hx[h2 + s]
                                + w_3 * hx[h3 + s]) + (w_4 * hx[h4 + s] + w_5 * hx[h5 + s]
                                                       + w_6 * hx[h6 + s] + w_7 * hx[h7 + s]))
            j += _U8
        while j + _U4 <= n_in:
            w_0, w_1, w_2, w_3 = wx[w + j], wx[w + j + _U1], wx[w + j + _U2], wx[w + j + _U3]
            h0 = h + j * n
            h1, h2, h3 = h0 + n, h0 + _U2 * n, h0 + _U3 * n
            for s in range(n):
                ox[oi + s] += (w_0 * hx[h0 + s] + w_1 * hx[h1 + s]
                               + w_2 * hx[h2 + s] + w_3 * hx[h3 + s])
            j += _U4
        while j < n_in:
            w_0 = wx[w + j]
            h0 = h + j * n
            for s in range(n):
                ox[oi + s] += w_0 * hx[h0 + s]
            j += _U1


def _affine_sig(f):
    v = f[::1]
    return types.void(v, v, v, types.int64[::1], types.boolean, v, v, v,
                      types.int64, types.int64, types.int64)


@njit(_sigs(_affine_sig), fastmath=_CONTRACT, **_OPTS)
def affine(a, b, c, at, moving, h, out, w, n_rows, n_in, n):
    """out[k, i, s] = base[i, s] + a[k]·bu[i] + b[k]·bv[i] + Σ_j W[i, j]·h[k, j, s]

    with W = w0 + a[k]·wu + b[k]·wv when `moving`, else w0: h (K, n_in, n) and out
    (K, n_rows, n) flattened, w0, wu, wv, base, bu, bv in c at offsets `at`, w scratch."""
    _wide_vectors()
    u = at.astype(np.uint64)
    rows, width, m = np.uint64(n_rows), np.uint64(n_in), np.uint64(n)
    for k in range(a.shape[0]):
        uk = np.uint64(k)
        _affine_rows(a[k], b[k], c, u[0], u[1], u[2], moving, u[3], u[4], u[5],
                     h, uk * width * m, out, uk * rows * m, w, _U0, rows, width, m)


def _squared_sig(f):
    return types.void(f[:, ::1], f[::1], types.float64, f[::1])


@njit(_sigs(_squared_sig), fastmath=_REDUCE, **_OPTS)
def squared(p, y, scale, out):
    """out[k] = scale · Σ_e (p[k, e] − y[e])², per grid point, summed in float64."""
    _wide_vectors()
    m = y.shape[0]
    for k in range(p.shape[0]):
        acc = 0.0  # float64: the sum of a few hundred float32 squares loses nothing
        for e in range(m):
            r = p[k, e] - y[e]
            acc += r * r
        out[k] = acc * scale


# ----------------------------------------------------------------------------- fused programs
# A program runs a whole chain of steps for one grid point after another, every
# intermediate value in a small per-point workspace `ws` that stays in the L1 cache,
# in one call per chunk. Each row of `code` is one instruction: the op, then offsets
# (in elements) into ws or into `const` (every constant array, flattened end to end).
OP_LINEAR, OP_ACT, OP_LINACT, OP_SUB, OP_SCATTER, OP_AFFINE, OP_SQUARED, OP_STORE = range(8)
WIDTH = 14
# Activation codes the program applies itself (kernels.py's `_act` forms); a graph with
# any other activation runs step by step with the registry's numpy kernels, which are
# faster than numba's scalar libm calls for exp, log and sin.
FUSED_ACTIVATIONS = {"linear": 0, "tanh": 2, "relu": 3, "leaky_relu": 4}


@njit(fastmath=_REDUCE, **_OPTS)
def _squares(p, po, y, yo, size):
    """Σ (p[po:] − y[yo:])² over size elements, in float64. Its own function, not
    inlined, so that reassociating this sum (which vectorises it) does not reassociate
    the program's other loops."""
    _wide_vectors()
    acc = 0.0
    for e in range(size):
        r = np.float64(p[po + e] - y[yo + e])
        acc += r * r
    return acc


@njit(fastmath=_CONTRACT, **_OPTS)
def _act_run(act, out, o, z, zi, m):
    """out[o:o+m] = act(z[zi:zi+m]) for one activation code: a loop per code, each
    `_act` form inlined with a constant code so it vectorises. A function of its own:
    inlined into the program's loops, the tanh form trips numba's SSA checks."""
    _wide_vectors()
    if act == 2:  # `_act`'s tanh, in the grid's precision
        for s in range(m):
            out[o + s] = tanh_in_kind(z[zi + s])
    elif act == 3:
        for s in range(m):
            out[o + s] = _act(3, z[zi + s])
    elif act == 4:
        for s in range(m):
            out[o + s] = _act(4, z[zi + s])
    else:
        for s in range(m):
            out[o + s] = z[zi + s]


@njit(fastmath=_CONTRACT, **_OPTS)
def _linact_run(act, out, o, c, i0, iu, iv, ak, bk, m):
    """out[o:o+m] = act(c[i0:] + a·c[iu:] + b·c[iv:]), like `_act_run`."""
    _wide_vectors()
    if act == 2:
        for s in range(m):
            out[o + s] = tanh_in_kind(c[i0 + s] + ak * c[iu + s] + bk * c[iv + s])
    elif act == 3:
        for s in range(m):
            out[o + s] = _act(3, c[i0 + s] + ak * c[iu + s] + bk * c[iv + s])
    elif act == 4:
        for s in range(m):
            out[o + s] = _act(4, c[i0 + s] + ak * c[iu + s] + bk * c[iv + s])
    else:
        for s in range(m):
            out[o + s] = c[i0 + s] + ak * c[iu + s] + bk * c[iv + s]


def _program_sig(f):
    i2, i1, v = types.int64[:, ::1], types.int64[::1], f[::1]
    return types.void(i2, i1, v, v, v, v, types.float64[::1], v, v)


@njit(_sigs(_program_sig), fastmath=_CONTRACT, **_OPTS)
def program(code, aux, const, a, b, ws, scale, out, values):
    """out[k] = the program's loss at grid point (a[k], b[k]), for every k.

    OP_LINEAR  dst, size, c0, cu, cv: ws[dst] = c0 + a·cu + b·cv
    OP_ACT     dst, src, rows, n, codes (in aux): ws[dst] = act(ws[src]) row by row
    OP_LINACT  dst, rows, n, codes, c0, cu, cv: ws[dst] = act(c0 + a·cu + b·cv)
    OP_SUB     dst, src, size, ref: ws[dst] = ws[src] − const[ref]
    OP_SCATTER dst, src, size, base, rows, n, cols (in aux): ws[dst] = base (size) with
               rows cols[r] replaced by row r of ws[src] (rows × n)
    OP_AFFINE  dst, src, rows, n_in, n, w0, wu, wv, moving, base, bu, bv, scratch:
               `_affine_rows` with weights and biases in const, h = ws[src]
    OP_SQUARED src, size, y, which: out[k] = scale[which] · Σ (ws[src] − y)², in float64
    OP_STORE   src, size: values[k·size:(k+1)·size] = ws[src] (for a loss the caller
               computes itself, in numpy)
    Everything is an offset into ws or const (no views: see `_affine_rows`).
    """
    _wide_vectors()
    ucode = code.astype(np.uint64)  # unsigned offsets: see `_affine_rows`
    for k in range(a.shape[0]):
        ak = a[k]
        bk = b[k]
        for q in range(code.shape[0]):
            op = code[q, 0]
            c = ucode[q]
            if op == OP_LINEAR:
                dst, size, c0, cu, cv = c[1], c[2], c[3], c[4], c[5]
                for e in range(size):
                    ws[dst + e] = const[c0 + e] + ak * const[cu + e] + bk * const[cv + e]
            elif op == OP_ACT:
                dst, src, rows, n, start = c[1], c[2], c[3], c[4], c[5]
                r = _U0
                while r < rows:  # a run of rows with one activation: one loop
                    act = aux[start + r]
                    end = r + _U1
                    while end < rows and aux[start + end] == act:
                        end += _U1
                    zi = src + r * n
                    oi = dst + r * n
                    m = (end - r) * n
                    _act_run(act, ws, oi, ws, zi, m)
                    r = end
            elif op == OP_LINACT:
                dst, rows, n, start, c0, cu, cv = c[1], c[2], c[3], c[4], c[5], c[6], c[7]
                r = _U0
                while r < rows:  # as OP_ACT, of c0 + a·cu + b·cv (never stored)
                    act = aux[start + r]
                    end = r + _U1
                    while end < rows and aux[start + end] == act:
                        end += _U1
                    e0 = r * n
                    oi, i0, iu, iv = dst + e0, c0 + e0, cu + e0, cv + e0
                    m = (end - r) * n
                    _linact_run(act, ws, oi, const, i0, iu, iv, ak, bk, m)
                    r = end
            elif op == OP_SUB:
                dst, src, size, ref = c[1], c[2], c[3], c[4]
                for e in range(size):
                    ws[dst + e] = ws[src + e] - const[ref + e]
            elif op == OP_SCATTER:
                dst, src, size, base, n_rows, n, start = c[1], c[2], c[3], c[4], c[5], c[6], \
                    c[7]
                for e in range(size):
                    ws[dst + e] = const[base + e]
                for r in range(n_rows):
                    oi = dst + np.uint64(aux[start + r]) * n
                    zi = src + r * n
                    for s in range(n):
                        ws[oi + s] = ws[zi + s]
            elif op == OP_AFFINE:
                _affine_rows(ak, bk, const, c[6], c[7], c[8], c[9] != _U0, c[10], c[11], c[12],
                             ws, c[2], ws, c[1], ws, c[13], c[3], c[4], c[5])
            elif op == OP_STORE:
                src, size = c[1], c[2]
                at = np.uint64(k) * size
                for e in range(size):
                    values[at + e] = ws[src + e]
            else:  # OP_SQUARED
                out[k] = _squares(ws, c[1], const, c[3], c[2]) * scale[code[q, 4]]
