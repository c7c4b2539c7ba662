"""The numba kernels of the fast executor: one interpreter of `program` tables.

Every function takes the program's arrays, so one compiled machine code serves
every network (compiled once, kept on disk by `cache=True`). The kernels never
hold the GIL (`nogil=True`): the GUI thread paints while they compute.
Importing this module compiles (or loads from the cache) all of them.
"""

from __future__ import annotations

import math

import numpy as np
from llvmlite import ir
from numba import njit, types
from numba.extending import intrinsic, overload

from playground.engine.fast.program import (
    OP_ACTIVATE,
    OP_ADD,
    OP_AFFINE,
    OP_BIAS,
    OP_COLLECT,
    OP_LOSS,
    OP_PARAM,
    OP_PENALTY,
    OP_ZERO,
    WIDTH,
)

# error_model="numpy": 1/0 gives inf as in numpy (divergence is detected, not raised).
# The per-element helpers are inlined by numba itself: a call between compiled
# functions is not inlined by LLVM and costs more than the arithmetic.
_OPTS = {"nogil": True, "cache": True, "error_model": "numpy"}

# Control slots (int64 array `ctl`) shared with executor.py.
C_STEP, C_WANT, C_BATCH, C_BPE, C_FULL, C_PERM0, C_NPERM, C_T, C_DONE, C_STATUS = range(10)
C_NH, C_STRIDE, C_CAP, C_NP, C_PSTRIDE, C_PCAP, C_NTEST, C_OPT = range(10, 18)
C_PHEAD, C_PRECENT, C_LHEAD = 18, 19, 20
# C_KEY: a "splitmix" shuffle's splitmix.seed_key as int64 bits, drawn here (C_DRAW 1);
# with C_DRAW 0 the caller hands in blocks of permutations.
C_KEY, C_DRAW = 21, 22
N_CTL = 23
# Float slots (float64 array `fio`).
F_LR, F_LOSS, F_LIMIT = range(3)
N_FIO = 3
# Weight blocks with at least this many entries multiply through BLAS when it is
# available (numba's np.dot calls it through scipy). Measured here, float64, one thread:
# 128x128 by 128 samples BLAS 25-37 GMAC/s against ~5 for the loops below. Alone, BLAS
# was ahead down to 8x8 blocks (0.51 against 1.34 µs at 200 samples), but inside the
# kernels a threshold of 8x8 made R-full and R-20k no faster (benchmarks/engine.py, CPU
# 23.7 against 22.1-22.7 µs a step, 2.0 against 1.9 ms): the loops stay for small blocks.
# Defined here, not in program.py, so that changing it changes this file and numba's
# cache recompiles the kernels.
BLAS_MIN_ENTRIES = 24 * 24


def _blas_available() -> bool:
    try:
        import scipy.linalg.cython_blas  # noqa: F401  (numba's np.dot needs it)
    except ImportError:
        return False
    return True


BLAS = _blas_available()
# Status codes.
OK, DIVERGED, NEED_PERMS = 0, 1, 2
# Optimizer codes.
SGD, ADAGRAD, RMSPROP, ADAM = range(4)


@njit(inline="always", **_OPTS)
def _sigmoid(z):
    e = math.exp(-abs(z))
    return (1.0 if z >= 0 else e) / (1.0 + e)


_LOG2E = 1.4426950408889634
_LN2_HI = 6.93147180369123816490e-01  # ln 2 split so k·ln2 is exact for k < 2^20
_LN2_LO = 1.90821492927058770002e-10
# Taylor terms of exp(r) − 1 kept per precision (|r| ≤ ln2/2): r^13/13! for float64,
# r^7/7! for float32 (the next term is below float32's rounding).
_TANH_TERMS = {np.float64: 13, np.float32: 7}


@intrinsic
def _pow2neg(typingctx, k, like):
    """2^−k, for a whole-valued float k in [0, 126], in the float type of `like`: built
    from its exponent bits (a shift and a bitcast). A table lookup vectorises to a
    gather: float32 tanh took 0.88 ns a value with the table, 0.54 with this."""
    wide = like == types.float64
    width, mantissa, bias = (64, 52, 1023) if wide else (32, 23, 127)
    flt = ir.DoubleType() if wide else ir.FloatType()

    def codegen(context, builder, signature, args):
        ity = ir.IntType(width)
        e = builder.sub(ir.Constant(ity, bias), builder.fptosi(args[0], ity))
        return builder.bitcast(builder.shl(e, ir.Constant(ity, mantissa)), flt)

    return like(k, like), codegen


def _horner(coef: list):
    """p(r) = (…(coef[0]·r + coef[1])·r + …)·r + coef[-1], compiled straight-line."""
    last = coef[-1]
    if len(coef) == 1:
        def p(r):
            return last
    else:
        inner = _horner(coef[:-1])

        def p(r):
            return inner(r) * r + last
    return njit(inline="always", **_OPTS)(p)


def _tanh_form(ft):
    """tanh within 3 ulp of np.tanh, without branches or library calls, so loops over it
    vectorise: the training kernels' tanh in float64. The float type `ft` sets its
    constants; built in float32 it is what `_tanh32_form` was measured against.

    numba's math.tanh calls libm (several times slower than numpy's SIMD tanh). Here
    e = exp(−2|z|) = 2^−k·exp(r) with |r| ≤ ln2/2, exp(r) − 1 by its Taylor series,
    and tanh|z| = (1 − e)/(1 + e), taking 1 − e = −(exp(r) − 1) when k = 0 so small
    |z| keeps full relative precision."""
    f = ft
    cap, two, half, one, zero = f(22.0), f(2.0), f(0.5), f(1.0), f(0.0)  # tanh(22) rounds to 1
    log2e, ln2_hi, ln2_lo = f(_LOG2E), f(_LN2_HI), f(_LN2_LO)
    # 1/n! from n = terms down to 2 for Horner's rule, as straight-line code: a loop
    # inlined into the kernels' loops trips numba's SSA checks (warnings).
    horner = _horner([f(1.0 / math.factorial(n)) for n in range(_TANH_TERMS[ft], 1, -1)])

    def tanh(z):
        a = min(abs(z), cap)
        kf = np.floor(two * a * log2e + half)
        r = (kf * ln2_hi - two * a) + kf * ln2_lo
        em1 = r + r * r * horner(r)  # exp(r) − 1
        e = (one + em1) * _pow2neg(kf, a)
        num = -em1 if kf == zero else one - e
        t = num / (one + e)
        t = t if z >= zero else -t
        return t if z == z else z

    return tanh


# float64, the training kernels' tanh (inlined like the rest of `_act`).
_tanh = njit(inline="always", **_OPTS)(_tanh_form(np.float64))

# The landscape's float32 tanh: x·P(x²)/Q(x²), minimax in relative error (1.7e-9) on
# [0, 8], and ±tanh(8) from there, within 4 float32 ulp of ±1; scripts/fit_tanh32.py
# fits the coefficients (lowest degree first). Evaluated in float32 it is within 5.3
# ulp of tanh for every float32 (3.2e-7 relative) and never above 1, against 2.5 ulp
# for `_tanh_form` built in float32, at 0.20 ns a value against 0.39 (np.tanh: 0.26):
# no exponent to rebuild, a shorter polynomial (benchmarks/activation_kernels.py,
# 2026-12-05 17:41, AVX-512). tanh is most of a random plane's work: the 128² plane went
# from 28.6 to 19.9 ms (benchmarks/landscape.py), 4.7x to 7.1x batched PyTorch.
_TANH32_CLAMP = 8.0
_TANH32_P = (1.0, 0.13730423152446747, 0.003931949380785227, 2.9315204301383346e-05,
             3.385526881061196e-08, -1.47844219505755e-11)
_TANH32_Q = (1.0, 0.47063755989074707, 0.0274778064340353, 0.00040516004082746804,
             1.380275648443785e-06)


def _tanh32_form():
    """The float32 rational above, branch-free so loops over it vectorise. Odd by
    construction (x times a function of x²), so tanh(−0) is −0; from the clamp on it
    gives ±tanh(8) (making ±1 exact there took a sixth more time); a NaN stays NaN (a
    diverging grid point must show as one)."""
    f = np.float32
    cap = f(_TANH32_CLAMP)
    p = _horner([f(c) for c in reversed(_TANH32_P)])
    q = _horner([f(c) for c in reversed(_TANH32_Q)])

    def tanh(z):
        x = min(max(z, -cap), cap)
        u = x * x
        t = x * p(u) / q(u)
        return t if z == z else z

    return tanh


def tanh_in_kind(z):
    """tanh(z) in z's own float precision (float32 grids compute in float32); compiled
    only. Typed inlining of this overload into the big training kernels trips numba's
    SSA checks (warnings), so they use `_tanh`, the same form in float64."""
    raise NotImplementedError("tanh_in_kind runs only inside numba kernels")


@overload(tanh_in_kind, inline="always")
def _tanh_in_kind(z):
    if z == types.float32:
        return _tanh32_form()
    if isinstance(z, types.Float):
        return _tanh_form(np.float64)
    return None


@njit(fastmath={"contract"}, **_OPTS)
def _tanh_row(zin, act):
    """act = tanh(zin) for one row. A function of its own so that only this loop is
    compiled with fused multiply-adds: the polynomial in half the instructions, with
    the same accuracy (tests/engine/test_fast.py holds it to numpy's np.tanh)."""
    for r in range(zin.shape[0]):
        act[r] = _tanh(zin[r])


@njit(**_OPTS)
def _act_block(c, zin, act):
    """act = activation c of zin, elementwise."""
    if c == 0:
        act[:] = zin
    elif c == 2:
        _tanh_row(zin, act)
    elif c == 3:
        for r in range(zin.shape[0]):
            z = zin[r]
            act[r] = z if (z > 0.0 or z != z) else 0.0
    else:
        for r in range(zin.shape[0]):
            act[r] = _act(c, zin[r])


@njit(**_OPTS)
def _dact_block(c, zin, act, ga, gz, add):
    """gz += ga · activation c's derivative, elementwise (gz = ... when not add)."""
    if not add:
        if c == 2:  # the common case: no clearing, no load of gz
            for r in range(zin.shape[0]):
                gz[r] = ga[r] * (1.0 - act[r] * act[r])
            return
        gz[:] = 0.0
    if c == 0:
        for r in range(zin.shape[0]):
            gz[r] += ga[r]
    elif c == 2:
        for r in range(zin.shape[0]):
            gz[r] += ga[r] * (1.0 - act[r] * act[r])
    else:
        for r in range(zin.shape[0]):
            gz[r] += ga[r] * _dact(c, zin[r], act[r])


@njit(**_OPTS)
def _one_code(aux, start, w):
    """The activation code all w columns share, or -1."""
    c = aux[start]
    for j in range(1, w):
        if aux[start + j] != c:
            return -1
    return c


@njit(**_OPTS)
def _add_into(dst, src):
    """dst += src, both flat (the 2-D `+=` of numba does not vectorise)."""
    for e in range(dst.shape[0]):
        dst[e] += src[e]


@njit(inline="always", **_OPTS)
def _act(c, z):
    if c == 0:
        return z
    if c == 1:
        return _sigmoid(z)
    if c == 2:
        return _tanh(z)
    if c == 3:
        return z if (z > 0.0 or z != z) else 0.0
    if c == 4:
        return z if z > 0.0 else 0.01 * z
    if c == 5:
        return max(z, 0.0) + math.log1p(math.exp(-abs(z)))
    return math.sin(z)


@njit(inline="always", **_OPTS)
def _dact(c, z, a):
    if c == 0:
        return 1.0
    if c == 1:
        return a * (1.0 - a)
    if c == 2:
        return 1.0 - a * a
    if c == 3:
        return 1.0 if z > 0.0 else 0.0
    if c == 4:
        return 1.0 if z > 0.0 else 0.01
    if c == 5:
        return _sigmoid(z)
    return math.cos(z)


@njit(**_OPTS)
def load_rows(ws, off, width, node, src, rows, start, stop):
    """Copy rows[start:stop] of `src` (all rows in order when rows is empty) into `node`.

    Row nodes are stored feature-major: column c of n samples is ws[o + c*n : o + (c+1)*n],
    so every inner loop below runs over samples, long and contiguous."""
    o = off[node]
    w = width[node]
    n = stop - start
    # Column by column: each inner loop writes one contiguous run (vectorised); row by
    # row, narrow rows (two inputs, one target) made it a scalar loop.
    if rows.shape[0] == 0:
        for c in range(w):
            col = ws[o + c * n:o + (c + 1) * n]
            for r in range(n):
                col[r] = src[start + r, c]
    else:
        for c in range(w):
            col = ws[o + c * n:o + (c + 1) * n]
            for r in range(n):
                col[r] = src[rows[start + r], c]


@njit(fastmath={"reassoc"}, **_OPTS)
def _dot(a, b):
    # Reassociation lets LLVM vectorise this one reduction (rounding differs from
    # numpy's own pairwise/BLAS order by a few ulps, as any other order would).
    s = 0.0
    for r in range(a.shape[0]):
        s += a[r] * b[r]
    return s


@njit(fastmath={"reassoc"}, **_OPTS)
def _dot4(a, g0, g1, g2, g3):
    """Four dot products sharing `a`: one pass over it instead of four."""
    s0 = s1 = s2 = s3 = 0.0
    for r in range(a.shape[0]):
        ar = a[r]
        s0 += ar * g0[r]
        s1 += ar * g1[r]
        s2 += ar * g2[r]
        s3 += ar * g3[r]
    return s0, s1, s2, s3


@njit(fastmath={"reassoc"}, **_OPTS)
def _sum(a):
    s = 0.0
    for r in range(a.shape[0]):
        s += a[r]
    return s


if BLAS:
    @njit(**_OPTS)
    def _gemm(a, b, out):
        """out = a @ b through BLAS; True when done. (Compiled only where scipy is
        installed: numba's np.dot refuses to compile without it. A kernel cached with
        BLAS needs scipy at run time too.)"""
        np.dot(a, b, out)
        return True
else:
    @njit(**_OPTS)
    def _gemm(a, b, out):
        """No BLAS here: False, and the caller runs its loops."""
        return False


@njit(**_OPTS)
def forward(code, aux, consts, off, width, ws, theta, n, n_total, first):
    """Run the program forward over the n samples loaded, one tile of n_total; returns
    the tile's share of the last scalar (penalties count in the first tile only)."""
    total = 0.0
    for k in range(code.shape[0] // WIDTH):
        b = k * WIDTH
        op = code[b]
        out = code[b + 1]
        o = off[out]
        if op == OP_ZERO:
            continue
        if op == OP_PARAM:
            # The leaves sit after the row nodes, which is all a tile overwrites: the
            # first tile's copy serves the others (wide blocks re-copied every tile were
            # a visible share of a 2-128-128-1 step).
            size, start = code[b + 2], code[b + 3]
            for e in range(size if first else 0):
                p = aux[start + e]
                ws[o + e] = theta[p] if p >= 0 else 0.0
        elif op == OP_COLLECT:
            start, w = code[b + 2], code[b + 3]
            for c in range(w):
                so = off[aux[start + 2 * c]] + aux[start + 2 * c + 1] * n
                ws[o + c * n:o + (c + 1) * n] = ws[so:so + n]
        elif op == OP_AFFINE:
            src, wl, bl, kk, m = code[b + 2], code[b + 3], code[b + 4], code[b + 5], code[b + 6]
            a = ws[off[src]:off[src] + m * n].reshape((m, n))
            wt = ws[off[wl]:off[wl] + m * kk].reshape((m, kk))
            z = ws[o:o + kk * n].reshape((kk, n))
            if m * kk >= BLAS_MIN_ENTRIES and _gemm(wt.T, a, z):
                if bl >= 0:
                    for j in range(kk):
                        bj = ws[off[bl] + j]
                        zj = z[j]
                        for r in range(n):
                            zj[r] += bj
                continue
            for j in range(kk):
                zj = z[j]
                zj[:] = 0.0
                # Four inputs per pass: a quarter of the loads and stores of zj (wide
                # layers are bound by them).
                i = 0
                while i + 4 <= m:
                    w0, w1, w2, w3 = wt[i, j], wt[i + 1, j], wt[i + 2, j], wt[i + 3, j]
                    a0, a1, a2, a3 = a[i], a[i + 1], a[i + 2], a[i + 3]
                    for r in range(n):
                        zj[r] += a0[r] * w0 + a1[r] * w1 + a2[r] * w2 + a3[r] * w3
                    i += 4
                rest = i
                for i in range(rest, m):
                    wij = wt[i, j]
                    ai = a[i]
                    for r in range(n):
                        zj[r] += ai[r] * wij
                if bl >= 0:
                    bj = ws[off[bl] + j]
                    for r in range(n):
                        zj[r] += bj
        elif op == OP_BIAS:
            bl, w = code[b + 2], code[b + 3]
            for j in range(w):
                ws[o + j * n:o + (j + 1) * n] = ws[off[bl] + j] if bl >= 0 else 0.0
        elif op == OP_ACTIVATE:
            src, start = code[b + 2], code[b + 3]
            so, w = off[src], width[out]
            # Views, not offsets into ws: LLVM then checks overlap once and vectorises.
            # A layer of one activation goes in one pass (a view per column costs two
            # atomic reference counts, and short loops).
            c = _one_code(aux, start, w)
            if c >= 0:
                _act_block(c, ws[so:so + w * n], ws[o:o + w * n])
            else:
                for j in range(w):
                    _act_block(aux[start + j], ws[so + j * n:so + (j + 1) * n],
                               ws[o + j * n:o + (j + 1) * n])
        elif op == OP_LOSS:
            p, yn, kind, mean = code[b + 2], code[b + 3], code[b + 4], code[b + 5]
            m = width[p]
            po, yo = off[p], off[yn]
            s = 0.0
            if kind == 3:
                for r in range(n):
                    mx = -np.inf
                    for j in range(m):
                        mx = max(mx, ws[po + j * n + r])
                    se = 0.0
                    for j in range(m):
                        se += math.exp(ws[po + j * n + r] - mx)
                    lse = math.log(se)
                    for j in range(m):
                        s += -ws[yo + j * n + r] * ((ws[po + j * n + r] - mx) - lse)
            else:
                for e in range(m * n):
                    pv = ws[po + e]
                    yv = ws[yo + e]
                    if kind == 2:
                        s += max(pv, 0.0) - pv * yv + math.log1p(math.exp(-abs(pv)))
                    else:
                        d = pv - yv
                        s += d * d
            if kind == 0:
                s *= 0.5
            if mean:
                s = s / n_total
            ws[o] = s
            total = s
        elif op == OP_PENALTY:
            wl, size, kind, ci = code[b + 2], code[b + 3], code[b + 4], code[b + 5]
            w0 = off[wl]
            s = 0.0
            for e in range(size if first else 0):
                v = ws[w0 + e]
                s += abs(v) if kind == 0 else v * v
            s = consts[ci] * s if kind == 0 else 0.5 * consts[ci] * s
            ws[o] = s
            total = s
        else:  # OP_ADD
            ws[o] = ws[off[code[b + 2]]] + ws[off[code[b + 3]]]
            total = ws[o]
    return total


@njit(**_OPTS)
def backward(code, aux, consts, off, width, ws, gs, grad, n, n_total, first, final, zero_from,
             scalar_from, scalar_end):
    """Add one tile's dtotal/dtheta to the parameter leaves' gradients (the first tile
    starts from zero), from the values `forward` left in ws; the final tile writes
    their sums into `grad`."""
    # Parameter leaves, then scalars, sit after all row nodes: parameter gradients
    # sum over the tiles, everything else is the tile's own. Row nodes that the
    # backward pass overwrites are not cleared (program.build lists the others).
    gs[zero_from if first else scalar_from:scalar_end] = 0.0
    for q in range(code[3]):  # code[0] is OP_ZERO
        i = aux[code[2] + q]
        gs[off[i]:off[i] + n * width[i]] = 0.0
    n_instr = code.shape[0] // WIDTH
    last = code[(n_instr - 1) * WIDTH + 1]
    gs[off[last]] = 1.0
    for k in range(n_instr - 1, -1, -1):
        b = k * WIDTH
        op = code[b]
        out = code[b + 1]
        o = off[out]
        if op == OP_ZERO:
            continue
        if op == OP_PARAM:
            # Only the sum over all tiles is wanted (scattering a 128x128 block into grad
            # every tile was the largest cost outside BLAS in a 2-128-128-1 step).
            size, start = code[b + 2], code[b + 3]
            for e in range(size if final else 0):
                p = aux[start + e]
                if p >= 0:
                    grad[p] = gs[o + e]
        elif op == OP_ADD:
            g = gs[o]
            gs[off[code[b + 2]]] += g
            gs[off[code[b + 3]]] += g
        elif op == OP_PENALTY:
            wl, size, kind, ci = code[b + 2], code[b + 3], code[b + 4], code[b + 5]
            w0 = off[wl]
            scale = consts[ci] * gs[o]
            for e in range(size if first else 0):
                v = ws[w0 + e]
                if kind == 0:
                    d = 1.0 if v > 0 else (-1.0 if v < 0 else (0.0 if v == 0 else v))
                else:
                    d = v
                gs[w0 + e] += scale * d
        elif op == OP_LOSS:
            p, yn, kind, mean = code[b + 2], code[b + 3], code[b + 4], code[b + 5]
            m = width[p]
            po, yo = off[p], off[yn]
            scale = gs[o] / n_total if mean else gs[o]
            if code[b + 6]:  # the loss is the prediction's only consumer: not cleared
                gs[po:po + m * n] = 0.0
            if kind == 3:
                for r in range(n):
                    mx = -np.inf
                    for j in range(m):
                        mx = max(mx, ws[po + j * n + r])
                    se = 0.0
                    sy = 0.0
                    for j in range(m):
                        se += math.exp(ws[po + j * n + r] - mx)
                        sy += ws[yo + j * n + r]
                    lse = math.log(se)
                    for j in range(m):
                        q = j * n + r
                        soft = math.exp((ws[po + q] - mx) - lse)
                        gs[po + q] += (soft * sy - ws[yo + q]) * scale
            else:
                for e in range(m * n):
                    pv = ws[po + e]
                    yv = ws[yo + e]
                    if kind == 0:
                        d = pv - yv
                    elif kind == 1:
                        d = 2.0 * (pv - yv)
                    else:
                        d = _sigmoid(pv) - yv
                    gs[po + e] += d * scale
        elif op == OP_ACTIVATE:
            src, start = code[b + 2], code[b + 3]
            so, w = off[src], width[out]
            c = _one_code(aux, start, w)
            add = code[b + 4] == 0  # 1: the only consumer of src, which is not cleared
            if c >= 0:
                hi = w * n
                _dact_block(c, ws[so:so + hi], ws[o:o + hi], gs[o:o + hi], gs[so:so + hi],
                            add)
            else:
                for j in range(w):
                    lo, hi = j * n, (j + 1) * n
                    _dact_block(aux[start + j], ws[so + lo:so + hi], ws[o + lo:o + hi],
                                gs[o + lo:o + hi], gs[so + lo:so + hi], add)
        elif op == OP_BIAS:
            bl, w = code[b + 2], code[b + 3]
            if bl >= 0:
                for j in range(w):
                    gs[off[bl] + j] += _sum(gs[o + j * n:o + (j + 1) * n])
        elif op == OP_AFFINE:
            src, wl, bl, kk, m = code[b + 2], code[b + 3], code[b + 4], code[b + 5], code[b + 6]
            # 0: the input needs no gradient (data, at the first level); 2: this is its
            # only consumer, so its gradient (zeroed for the tile) is this product alone.
            need = code[b + 7]
            need_a = need != 0
            a = ws[off[src]:off[src] + m * n].reshape((m, n))
            ga = gs[off[src]:off[src] + m * n].reshape((m, n))
            wt = ws[off[wl]:off[wl] + m * kk].reshape((m, kk))
            gw = gs[off[wl]:off[wl] + m * kk].reshape((m, kk))
            g = gs[o:o + kk * n].reshape((kk, n))
            if bl >= 0:
                for j in range(kk):
                    gs[off[bl] + j] += _sum(g[j])
            if m * kk >= BLAS_MIN_ENTRIES:
                # Partial products go to the scratch at the end of ws (Program.scratch_size):
                # a fresh 128 KiB array per call would be an mmap and page faults each time.
                top = ws.shape[0]
                part = ws[top - m * kk:top].reshape((m, kk))
                if _gemm(a, g.T, part):
                    _add_into(gs[off[wl]:off[wl] + m * kk], ws[top - m * kk:top])
                    if need == 2:
                        _gemm(wt, g, ga)
                    elif need_a:
                        part = ws[top - m * n:top].reshape((m, n))
                        _gemm(wt, g, part)
                        _add_into(gs[off[src]:off[src] + m * n], ws[top - m * n:top])
                    continue
            j = 0
            while j + 4 <= kk:
                for i in range(m):
                    d0, d1, d2, d3 = _dot4(a[i], g[j], g[j + 1], g[j + 2], g[j + 3])
                    gw[i, j] += d0
                    gw[i, j + 1] += d1
                    gw[i, j + 2] += d2
                    gw[i, j + 3] += d3
                j += 4
            rest = j
            for j in range(rest, kk):
                for i in range(m):
                    gw[i, j] += _dot(a[i], g[j])
            if need == 2:  # not cleared: this level is its only consumer
                gs[off[src]:off[src] + m * n] = 0.0
            if need_a:
                for i in range(m):
                    gai = ga[i]
                    j = 0
                    while j + 4 <= kk:  # four outputs per pass, as in the forward
                        w0, w1, w2, w3 = wt[i, j], wt[i, j + 1], wt[i, j + 2], wt[i, j + 3]
                        g0, g1, g2, g3 = g[j], g[j + 1], g[j + 2], g[j + 3]
                        for r in range(n):
                            gai[r] += g0[r] * w0 + g1[r] * w1 + g2[r] * w2 + g3[r] * w3
                        j += 4
                    rest = j
                    for j in range(rest, kk):
                        wij = wt[i, j]
                        gj = g[j]
                        for r in range(n):
                            gai[r] += gj[r] * wij
        elif op == OP_COLLECT:
            start, w = code[b + 2], code[b + 3]
            for c in range(w):
                so = off[aux[start + 2 * c]] + aux[start + 2 * c + 1] * n
                for r in range(n):
                    gs[so + r] += gs[o + c * n + r]


@njit(**_OPTS)
def optimizer_step(kind, h, theta, grad, b0, b1, b2, t, lr):
    """One update in place, the same arithmetic in the same order as optimizers.py."""
    wd = h[0]
    decay = wd != 0.0
    if kind == SGD:
        mom, keep, damped, nesterov, has_buf = h[1], h[2], h[3] != 0, h[4] != 0, h[5] != 0
        for i in range(theta.shape[0]):
            g = theta[i] * wd + grad[i] if decay else grad[i]
            if has_buf:
                if t == 1:
                    b0[i] = g
                else:
                    b0[i] = b0[i] * mom + (g * keep if damped else g)
                g = b0[i] * mom + g if nesterov else b0[i]
            theta[i] = theta[i] - g * lr
    elif kind == ADAGRAD:
        clr = lr / (1.0 + (t - 1) * h[1])
        eps = h[2]
        for i in range(theta.shape[0]):
            g = theta[i] * wd + grad[i] if decay else grad[i]
            b0[i] = b0[i] + g * g
            theta[i] = theta[i] - (g / (math.sqrt(b0[i]) + eps)) * clr
    elif kind == RMSPROP:
        alpha, gain, eps, mom = h[1], h[2], h[3], h[4]
        has_buf, centered = h[5] != 0, h[6] != 0
        for i in range(theta.shape[0]):
            g = theta[i] * wd + grad[i] if decay else grad[i]
            u = g * gain
            if centered:
                b2[i] = b2[i] * alpha + u
            b0[i] = b0[i] * alpha + u * g
            if centered:
                d = b0[i] - b2[i] * b2[i]
                d = math.sqrt(d if (d >= 0.0 or d != d) else 0.0)
            else:
                d = math.sqrt(b0[i])
            u = g / (d + eps)
            if has_buf:
                b1[i] = b1[i] * mom + u
                u = b1[i] * lr
            else:
                u = u * lr
            theta[i] = theta[i] - u
    else:  # ADAM
        beta1, beta2, eps, decoupled, ams, gain1, gain2 = h[1], h[2], h[3], h[4] != 0, \
            h[5] != 0, h[6], h[7]
        sqrt_bc2 = math.sqrt(1.0 - beta2 ** float(t))
        eps_hat = eps * sqrt_bc2
        step = lr * sqrt_bc2 / (1.0 - beta1 ** float(t))
        shrink = 1.0 - lr * wd
        for i in range(theta.shape[0]):
            g = grad[i]
            if decay:
                if decoupled:
                    theta[i] = theta[i] * shrink
                else:
                    g = theta[i] * wd + grad[i]
            b0[i] = b0[i] * beta1 + g * gain1
            b1[i] = b1[i] * beta2 + (g * g) * gain2
            v = b1[i]
            if ams:
                if not (b2[i] >= v):  # np.maximum, NaN included
                    b2[i] = v
                v = b2[i]
            theta[i] = theta[i] - (b0[i] / (math.sqrt(v) + eps_hat)) * step


# Layout slots of the int64 array `cfg` (see executor.Executor).
G_X, G_Y, G_ZERO, G_SCALAR, G_TILE, G_END = range(6)


@njit(**_OPTS)
def batch(code, aux, consts, off, width, ws, gs, theta, grad, x, y, rows, start, stop, cfg,
          want_grad):
    """The loss over rows[start:stop] of (x, y) (in order when rows is empty), and with
    want_grad its gradient in `grad`, a tile of samples at a time so the work buffers
    stay in cache however large the batch."""
    n_total = stop - start
    tile = cfg[G_TILE]
    total = 0.0
    t0 = start
    while t0 < stop:
        t1 = min(t0 + tile, stop)
        first = t0 == start
        load_rows(ws, off, width, cfg[G_X], x, rows, t0, t1)
        load_rows(ws, off, width, cfg[G_Y], y, rows, t0, t1)
        total += forward(code, aux, consts, off, width, ws, theta, t1 - t0, n_total, first)
        if want_grad:
            backward(code, aux, consts, off, width, ws, gs, grad, t1 - t0, n_total, first,
                     t1 == stop, cfg[G_ZERO], cfg[G_SCALAR], cfg[G_END])
        t0 = t1
    return total


@njit(**_OPTS)
def evaluate(code, aux, consts, off, width, ws, gs, theta, grad, x, y, cfg):
    """The loss at theta over all rows of (x, y)."""
    return batch(code, aux, consts, off, width, ws, gs, theta, grad, x, y,
                 np.empty(0, dtype=np.int64), 0, x.shape[0], cfg, False)


@njit(**_OPTS)
def loss_and_grad(code, aux, consts, off, width, ws, gs, theta, grad, x, y, cfg):
    """Loss and gradient over all rows of (x, y): what one full-batch step computes."""
    return batch(code, aux, consts, off, width, ws, gs, theta, grad, x, y,
                 np.empty(0, dtype=np.int64), 0, x.shape[0], cfg, True)


@njit(**_OPTS)
def _fitting_stride(steps, lo, hi, stride, room, width):
    """The first of stride, 2·stride, 4·stride… at which at most `room` of steps[lo:hi]
    have s % stride < width (1: the steps on the stride; 2: those and their successors)."""
    while True:
        count = 0
        for i in range(lo, hi):
            if steps[i] % stride < width:
                count += 1
        if count <= room:
            return stride
        stride *= 2


@njit(**_OPTS)
def _thin_losses(h_steps, h_train, h_test, n, ctl):
    """training.thin_losses in place: the first C_LHEAD points kept, those after on a
    stride (C_STRIDE) doubled until at most half of them are left."""
    head = ctl[C_LHEAD]
    stride = _fitting_stride(h_steps, head, n, ctl[C_STRIDE] * 2, (n - head) // 2, 1)
    ctl[C_STRIDE] = stride
    w = head
    for i in range(head, n):
        if h_steps[i] % stride == 0:
            h_steps[w], h_train[w], h_test[w] = h_steps[i], h_train[i], h_test[i]
            w += 1
    return w


@njit(inline="always", **_OPTS)
def _copy_row(src, dst):
    # A plain loop: a slice assignment (dst[:] = src) first checks the two for overlap,
    # which took 10 ns of a 25-number copy here against 4 for the loop.
    for j in range(src.shape[0]):
        dst[j] = src[j]


@njit(**_OPTS)
def _thin_path(p_steps, path, n, ctl):
    """training.thin_path in place: first C_PHEAD and last C_PRECENT points kept, those
    between at s % stride < 2, the stride (C_PSTRIDE) doubling until they fit."""
    recent = ctl[C_PRECENT]
    cut = n - recent
    first = min(ctl[C_PHEAD], cut)
    room = max(1, (ctl[C_PCAP] - recent - first) // 2)
    stride = _fitting_stride(p_steps, first, cut, ctl[C_PSTRIDE], room, 2)
    ctl[C_PSTRIDE] = stride
    w = first
    for i in range(first, cut):
        if p_steps[i] % stride < 2:
            if w != i:
                p_steps[w] = p_steps[i]
                _copy_row(path[i], path[w])
            w += 1
    # The recent points move as one block (the bulk of the work: half the path, moved
    # at every thinning); row by row it cost 2 % of an R-mini step.
    if w != cut:
        p_steps[w:w + n - cut] = p_steps[cut:n]
        path[w:w + n - cut] = path[cut:n]
    return w + (n - cut)


_GAMMA = np.uint64(0x9E3779B97F4A7C15)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)
_LOW32 = np.uint64(0xFFFFFFFF)


@njit(inline="always", **_OPTS)
def _mix(z):
    z = (z ^ (z >> np.uint64(30))) * _MIX1
    z = (z ^ (z >> np.uint64(27))) * _MIX2
    return z ^ (z >> np.uint64(31))


@njit(**_OPTS)
def splitmix_order(order, key, epoch):
    """splitmix.permutation(seed, epoch, len(order)) into `order`, with key
    splitmix.kernel_key(seed): the same draws, the same swaps."""
    n = order.shape[0]
    for i in range(n):
        order[i] = i
    state = _mix(np.uint64(key) + np.uint64(epoch + 1) * _GAMMA)
    for i in range(n - 1, 0, -1):
        state += _GAMMA
        r = _mix(state)
        b = np.uint64(i + 1)
        j = ((r >> np.uint64(32)) * b + (((r & _LOW32) * b) >> np.uint64(32))) >> np.uint64(32)
        k = np.int64(j)
        t = order[i]
        order[i] = order[k]
        order[k] = t


@njit(**_OPTS)
def train(code, aux, consts, off, width, ws, gs, theta, grad, last_good, x, y, xt, yt,
          cfg, perms, opt_h, b0, b1, b2,
          h_steps, h_train, h_test, p_steps, path, ctl, fio):
    """Up to ctl[C_WANT] steps of TrainingRun.step, history recording included.

    Stops early on divergence (theta restored to the last good point) or when the
    next epoch's permutation is not in `perms` (with C_DRAW, it is drawn into perms[0]
    instead); ctl and fio carry the state back.
    """
    none = np.empty(0, dtype=np.int64)
    n_data = x.shape[0]
    size, bpe, full = ctl[C_BATCH], ctl[C_BPE], ctl[C_FULL] != 0
    lr, limit = fio[F_LR], fio[F_LIMIT]
    done = 0
    ctl[C_STATUS] = OK
    while done < ctl[C_WANT]:
        s = ctl[C_STEP]
        if full:
            loss = batch(code, aux, consts, off, width, ws, gs, theta, grad, x, y, none, 0,
                         n_data, cfg, True)
        else:
            epoch = s // bpe
            e = epoch - ctl[C_PERM0]
            if e < 0 or e >= ctl[C_NPERM]:
                if ctl[C_DRAW] == 0:
                    ctl[C_STATUS] = NEED_PERMS
                    break
                splitmix_order(perms[0], ctl[C_KEY], epoch)
                ctl[C_PERM0], ctl[C_NPERM], e = epoch, 1, 0
            start = (s % bpe) * size
            stop = min(start + size, n_data)
            loss = batch(code, aux, consts, off, width, ws, gs, theta, grad, x, y, perms[e],
                         start, stop, cfg, True)
        if not (abs(loss) <= limit):  # NaN, ±inf or too large
            theta[:] = last_good
            fio[F_LOSS] = loss
            ctl[C_STATUS] = DIVERGED
            break
        stride = ctl[C_STRIDE]
        path_ok = True
        if s % stride == 0:
            train_loss = loss
            if not full:
                train_loss = evaluate(code, aux, consts, off, width, ws, gs, theta, grad,
                                      x, y, cfg)
            if math.isfinite(train_loss):
                test_loss = np.nan
                if ctl[C_NTEST] > 0:
                    test_loss = evaluate(code, aux, consts, off, width, ws, gs, theta, grad,
                                         xt, yt, cfg)
                nh = ctl[C_NH]
                if nh == 0 or h_steps[nh - 1] < s:
                    h_steps[nh], h_train[nh], h_test[nh] = s, train_loss, test_loss
                    nh += 1
                    if nh >= ctl[C_CAP]:
                        nh = _thin_losses(h_steps, h_train, h_test, nh, ctl)
                    ctl[C_NH] = nh
            else:
                path_ok = False  # as TrainingRun._record: a non-finite loss records nothing
        npth = ctl[C_NP]
        if path_ok and (npth == 0 or p_steps[npth - 1] < s):
            p_steps[npth] = s
            _copy_row(theta, path[npth])
            npth += 1
            if npth >= ctl[C_PCAP]:
                npth = _thin_path(p_steps, path, npth, ctl)
            ctl[C_NP] = npth
        _copy_row(theta, last_good)
        fio[F_LOSS] = loss
        ctl[C_T] += 1
        optimizer_step(ctl[C_OPT], opt_h, theta, grad, b0, b1, b2, ctl[C_T], lr)
        ctl[C_STEP] = s + 1
        done += 1
    ctl[C_DONE] = done
