"""The loss landscape: the loss over a grid on a plane in parameter space.

Every leaf of the compiled graph (weight block, bias vector) is linear in theta,
so on a plane theta = origin + a·u + b·v it is c0 + a·cu + b·cv. `PlaneEvaluator`
walks the graph once per plane and sorts its nodes into three kinds:

- fixed: the same at every grid point (nothing upstream varies), computed once;
- linear: still c0 + a·cu + b·cv (the first layer's pre-activations, since x is
  fixed), kept as three unbatched arrays and expanded only where consumed;
- varying: batched over grid points, and only in the columns (neurons) that
  actually vary, so an axis slice over one neuron's weights batches that neuron
  alone until its fan-out mixes it into the next level.

The varying nodes become a list of steps run over chunks of grid points, in
float32 by default, each writing into a buffer allocated once per call and sized
to stay in the CPU caches. When the fast executor is loaded (engine/fast), the
steps compile into one fused numba program where they can (every activation with
a compiled form; a squared loss inside it, any other loss in numpy on its stored
outputs), which runs grid point by grid point in a small workspace (L1-sized on
the reference network); otherwise the linear algebra of
the heaviest steps runs in the numba grid kernels and activations in the
registry's own kernels. Batched per-sample values are laid out (K, neurons,
samples) so elementwise work runs along the long sample axis. Every grid point's
arithmetic is independent of the chunk it falls in, so results do not depend on
the chunk size. See docs/landscape.md.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

from playground.engine.autodiff import Activate, Add
from playground.engine.compiled import Affine, BiasOnly, Collect
from playground.engine.landscape.planes import LandscapeError, Plane
from playground.engine.losses import DataLoss

Array = np.ndarray
Range = tuple[float, float, float, float]
# Elements per batched buffer in one chunk: small enough to stay in the CPU caches.
CHUNK_ELEMENTS = 1 << 18
# With the grid kernels a step makes fewer passes, so less of its time hides cache
# misses: half the chunk measured 12-18 % faster (2-8-8-1, 200 points, 64² to 128²),
# a quarter no better again, twice as big 15 % slower.
KERNEL_CHUNK_ELEMENTS = 1 << 17
# A fused program keeps each grid point's values in a small workspace: its chunks only
# set how often the caller can cancel, and how many calls share the dispatch cost.
PROGRAM_CHUNK_ELEMENTS = 1 << 21
MAX_RESOLUTION = 2048


class Cancelled(Exception):
    """A landscape computation stopped between chunks because its caller asked it to."""


@dataclass(frozen=True, eq=False)
class Surface:
    """The loss on a grid over a plane: z[j, i] is the loss at (xs[i], ys[j])."""

    plane: Plane
    range: Range
    xs: Array  # (nx,)
    ys: Array  # (ny,)
    z: Array  # (ny, nx)


# ----------------------------------------------------------------------------- node kinds

@dataclass
class _Fixed:
    """The same value at every grid point."""

    value: Array


@dataclass
class _Linear:
    """c0 + a·cu + b·cv; `cols` are the last-axis columns that vary (None: all)."""

    c0: Array
    cu: Array
    cv: Array
    cols: Array | None


@dataclass
class _Varying:
    """Batched per chunk, in columns `cols` of the last axis only (None: all)."""

    cols: Array | None


# run(a, b, vals, out, tmp) -> the step's value for grid coordinates a, b (K,)
Run = Callable[[Array, Array, dict, Array | None, Array | None], Array]


@dataclass
class _Step:
    """One batched computation; `shape` and `tmp` are per grid point (None: allocates)."""

    key: object
    run: Run
    shape: tuple[int, ...] | None
    tmp: tuple[int, ...] | None = None
    # The same computation as an instruction of a fused program (grid.program), or
    # None when the program has no such instruction: (kind, source key, arrays...).
    fused: tuple | None = None


def _varying_columns(cu: Array, cv: Array) -> Array | None:
    """Last-axis columns where cu or cv is non-zero; None when all (or no axis)."""
    if np.ndim(cu) == 0:
        return None
    moves = (np.asarray(cu) != 0) | (np.asarray(cv) != 0)
    cols = np.flatnonzero(moves.reshape(-1, moves.shape[-1]).any(axis=0))
    return None if len(cols) == moves.shape[-1] else cols


# ----------------------------------------------------------------------------- the evaluator

class PlaneEvaluator:
    """The loss over one plane for one data set: set up once, then evaluated in chunks.

    Not thread-safe: use one evaluator per thread.
    """

    def __init__(self, compiled, plane: Plane, x: Array, y: Array, dtype=np.float32,
                 fast: bool | None = None):
        """`fast`: None uses the fast executor's grid kernels if they are loaded,
        True loads them (numpy when they cannot be), False never uses them."""
        self.compiled = compiled
        self.grid = _grid_kernels(fast)
        self.plane = plane
        self.dtype = np.dtype(dtype)
        if self.dtype not in (np.float32, np.float64):
            raise LandscapeError(f"dtype must be float32 or float64, got {self.dtype}")
        if plane.n_params != compiled.n_params:
            raise LandscapeError(f"the plane has {plane.n_params} parameters, the network "
                                 f"{compiled.n_params}")
        self.x, self.y = _check_data(compiled, x, y)
        self.kind: dict[int, object] = {}
        self.ref: dict[int, Array] = {}  # every node's float64 value at the plane's origin
        # Nodes with one row per sample; batched, they are stored (K, columns, samples).
        self.per_sample: set[int] = {compiled.x_leaf}
        self.steps: list[_Step] = []
        self._keys: set[object] = set()
        self._build()

    # ------------------------------------------------------------------ set-up
    def _cast(self, a: Array, per_sample: bool = False) -> Array:
        """a in the evaluation dtype; per-sample values transposed to (columns, samples)."""
        a = np.asarray(a)
        if a.ndim == 0:  # ascontiguousarray would make it 1-d: keep a function's scalars 0-d
            return a.astype(self.dtype)
        return np.ascontiguousarray(np.swapaxes(a, -1, -2) if per_sample else a, self.dtype)

    def _build(self) -> None:
        c = self.compiled
        nodes = c.graph.nodes
        leaves = [c._leaves(t, self.x, self.y) for t in
                  (self.plane.origin, self.plane.u, self.plane.v)]
        for i in sorted(_ancestors(nodes, c.total)):
            node = nodes[i]
            if node.op is None:
                self.ref[i] = leaves[0][i]
                self.kind[i] = self._leaf_kind(i, leaves)
                continue
            self.ref[i] = node.op.forward(*[self.ref[j] for j in node.inputs])
            if isinstance(node.op, Affine | BiasOnly | Activate | Collect) \
                    and node.inputs[0] in self.per_sample:
                self.per_sample.add(i)
            self.kind[i] = self._plan(i, node)
        total = self.kind[c.total]
        if isinstance(total, _Fixed):
            value = self._cast(total.value)
            self._add(("total",), lambda a, b, vals, out, tmp: np.broadcast_to(value, a.shape),
                      None)
            self.result_key: object = ("total",)
        else:
            self.result_key = self._source(c.total)
        width = max([int(np.prod(s.shape)) + int(np.prod(s.tmp or 0)) for s in self.steps
                     if s.shape is not None] + [self.ref[c.total].size], default=1)
        per_chunk = CHUNK_ELEMENTS if self.grid is None else KERNEL_CHUNK_ELEMENTS
        self.default_chunk = max(1, per_chunk // max(width, 1))
        self.program = self._fuse()
        if self.program is not None:
            self.default_chunk = max(1, PROGRAM_CHUNK_ELEMENTS // self.program.workspace)

    def _leaf_kind(self, i: int, leaves: list[dict]) -> object:
        c0, cu, cv = (np.asarray(lv[i], dtype=float) for lv in leaves)
        if i in (self.compiled.x_leaf, self.compiled.y_leaf) or not (cu.any() or cv.any()):
            return _Fixed(c0)
        return _Linear(c0, cu, cv, _varying_columns(cu, cv))

    def _add(self, key: object, run: Run, shape, tmp=None, fused: tuple | None = None) -> object:
        if key not in self._keys:
            self._keys.add(key)
            self.steps.append(_Step(key, run, None if shape is None else tuple(shape),
                                    None if tmp is None else tuple(tmp), fused))
        return key

    def _plan(self, i: int, node) -> object:
        op, inputs = node.op, node.inputs
        kinds = [self.kind[j] for j in inputs]
        if all(isinstance(k, _Fixed) for k in kinds):
            return _Fixed(self.ref[i])
        if not any(isinstance(k, _Varying) for k in kinds):
            lin = _linear_inputs(op, kinds)
            if {t for t, k in enumerate(kinds) if isinstance(k, _Linear)} <= lin:
                return self._plan_linear(i, op, inputs, kinds, lin)
        if i in self.per_sample:
            if isinstance(op, Activate):
                return self._plan_activate(i, op, inputs[0])
            if isinstance(op, Affine) and isinstance(kinds[0], _Varying) \
                    and isinstance(kinds[1], _Fixed):
                return self._plan_affine_fixed_weights(i, inputs)
            if isinstance(op, Affine) and isinstance(kinds[1], _Linear):
                return self._plan_affine_moving_weights(i, inputs)
            if isinstance(op, Collect) and all(j in self.per_sample for j in inputs):
                return self._plan_collect(i, op, inputs)
        if isinstance(op, DataLoss) and op.loss.squared_scale is not None \
                and inputs[0] in self.per_sample and isinstance(kinds[1], _Fixed):
            return self._plan_squared_loss(i, op, inputs)
        return self._plan_generic(i, op, inputs)

    def _plan_linear(self, i: int, op, inputs, kinds, lin: set[int]) -> object:
        """An op linear in its moving inputs maps c0, cu and cv separately."""
        def part(attr: str) -> list[Array]:
            args = []
            for t, (j, k) in enumerate(zip(inputs, kinds)):
                if isinstance(k, _Linear):
                    args.append(getattr(k, attr))
                else:
                    args.append(np.zeros_like(self.ref[j]) if t in lin else self.ref[j])
            return args

        cu, cv = (np.asarray(op.forward(*part(a)), dtype=float) for a in ("cu", "cv"))
        if not (cu.any() or cv.any()):
            return _Fixed(self.ref[i])
        return _Linear(self.ref[i], cu, cv, _varying_columns(cu, cv))

    # ------------------------------------------------------------------ per-op plans
    def _plan_activate(self, i: int, op: Activate, j: int) -> object:
        k = self.kind[j]
        if isinstance(k, _Varying) and all(act.name == "linear" for act, _ in op.groups):
            self._add(i, lambda a, b, vals, out, tmp: vals[j], None,  # the identity: no copy
                      fused=("alias", j))
            return _Varying(k.cols)
        src = self._source(j, k.cols)
        act = self._activation(op, self.ref[j].shape[-1], k.cols)
        rows = self.ref[j].shape[-1] if k.cols is None else len(k.cols)
        codes = None if self.grid is None else _activation_codes(
            op, self.ref[j].shape[-1], k.cols, self.grid.FUSED_ACTIVATIONS)
        self._add(i, lambda a, b, vals, out, tmp: act(vals[src], out),
                  (rows, self.ref[j].shape[-2]),
                  fused=None if codes is None else ("act", src, codes))
        return _Varying(k.cols)

    def _plan_affine_fixed_weights(self, i: int, inputs) -> object:
        """z = W·a + b with W fixed: only a's varying rows change z."""
        ja, jw = inputs[0], inputs[1]
        jb = inputs[2] if len(inputs) > 2 else None
        bias = self.kind[jb] if jb is not None else None
        w = self.ref[jw]
        n = self.ref[ja].shape[-2]
        cols = self.kind[ja].cols
        if cols is None:
            stacked = self._stacked(w)
            b0 = self._cast(self.ref[jb])[:, None] if jb is not None else None
            move = self._linear_bias(bias)

            def full(a, b, vals, out, tmp):
                np.matmul(stacked[:len(a)], vals[ja], out=out)
                if b0 is not None:
                    out += b0
                if move is not None:
                    out += move(a, b)
                return out

            args = self._affine_args(w, None, None, jb, np.arange(w.shape[0]), n)
            self._add(i, _either(self._affine_kernel(args), ja, full), (w.shape[0], n),
                      fused=_fused_affine(ja, args))
            return _Varying(None)
        wc = w[:, cols]
        rows = np.flatnonzero(wc.any(axis=1))
        if isinstance(bias, _Linear):
            rows = np.union1d(rows, np.arange(w.shape[0]) if bias.cols is None else bias.cols)
        if len(rows) == 0:
            return _Fixed(self.ref[i])
        a_ref = self._cast(self.ref[ja][..., cols], per_sample=True)
        z_ref = self._cast(self.ref[i][..., rows], per_sample=True)
        w_col = self._cast(wc[rows, :1])
        stacked = self._stacked(wc[rows])
        move = self._linear_bias(bias, rows)

        def delta(a, b, vals, out, tmp):
            np.subtract(vals[ja], a_ref, out=tmp)
            if len(cols) == 1:  # one varying source: each target row is a scaled copy
                np.multiply(w_col, tmp, out=out)
            else:
                np.matmul(stacked[:len(a)], tmp, out=out)
            out += z_ref
            if move is not None:
                out += move(a, b)
            return out

        args = self._affine_args(wc[rows], None, z_ref, jb, rows, n)
        kernel = self._affine_kernel(args)
        if kernel is not None:
            plain = delta

            def delta(a, b, vals, out, tmp):
                if not _fits(vals[ja], out):
                    return plain(a, b, vals, out, tmp)
                np.subtract(vals[ja], a_ref, out=tmp)
                return kernel(a, b, tmp, out)

        self._add(i, delta, (len(rows), n), (len(cols), n),
                  fused=_fused_affine(ja, args, a_ref))
        return _Varying(None if len(rows) == w.shape[0] else rows)

    def _plan_affine_moving_weights(self, i: int, inputs) -> object:
        """z = W(a, b)·a + b with weights that differ per grid point: one small matmul each."""
        ja, jw = inputs[0], inputs[1]
        jb = inputs[2] if len(inputs) > 2 else None
        wk = self.kind[jw]
        w0, wu, wv = (self._cast(m) for m in (wk.c0, wk.cu, wk.cv))
        move = self._linear_bias(self.kind[jb]) if jb is not None else None
        b0 = self._cast(self.ref[jb])[:, None] if jb is not None else None
        src = self._source(ja)

        def run(a, b, vals, out, tmp):
            w, scratch = tmp[:, 0], tmp[:, 1]
            np.multiply(a.reshape(-1, 1, 1), wu, out=w)
            np.multiply(b.reshape(-1, 1, 1), wv, out=scratch)
            w += scratch
            w += w0
            np.matmul(w, vals[src], out=out)
            if b0 is not None:
                out += b0
            if move is not None:
                out += move(a, b)
            return out

        args = self._affine_args(wk.c0, wk, None, jb, np.arange(w0.shape[0]),
                                 self.ref[ja].shape[-2])
        self._add(i, _either(self._affine_kernel(args), src, run),
                  (w0.shape[0], self.ref[ja].shape[-2]), (2,) + w0.shape,
                  fused=_fused_affine(src, args))
        return _Varying(None)

    def _plan_collect(self, i: int, op: Collect, inputs) -> object:
        """Stack the varying rows of each input; fixed ones stay in the reference value."""
        pieces: list[tuple[object, Array | None, slice]] = []
        positions: list[Array] = []
        start = 0
        for j, sel in zip(inputs, op.columns):
            m = self.ref[j].shape[-1]
            sel = np.arange(m) if sel is None else np.asarray(sel)
            k = self.kind[j]
            if not isinstance(k, _Fixed):
                moving = np.arange(m) if k.cols is None else k.cols
                pos = np.flatnonzero(np.isin(sel, moving))
                if len(pos):
                    cols = sel[pos]
                    if isinstance(k, _Linear):
                        src, idx = self._source(j, cols), None
                    else:  # its batched rows, which are k.cols when sparse
                        src = j
                        idx = cols if k.cols is None else np.searchsorted(k.cols, cols)
                    done = sum(len(p) for p in positions)
                    pieces.append((src, idx, slice(done, done + len(pos))))
                    positions.append(start + pos)
            start += len(sel)
        if not pieces:
            return _Fixed(self.ref[i])
        cols = np.concatenate(positions)

        def run(a, b, vals, out, tmp):
            for src, idx, where in pieces:
                out[:, where] = vals[src] if idx is None else vals[src][:, idx]
            return out

        self._add(i, run, (len(cols), self.ref[i].shape[-2]))
        return _Varying(None if len(cols) == start else cols)

    def _plan_squared_loss(self, i: int, op: DataLoss, inputs) -> object:
        """Σ (p − y)², scaled: one pass over the residuals, no per-element temporaries."""
        jp, jy = inputs
        src = self._source(jp)
        y = self._cast(self.ref[jy], per_sample=True)
        scale = op.loss.squared_scale / (
            y.shape[-1] if op.reduction == "mean" else 1.0)

        def run(a, b, vals, out, tmp):
            np.subtract(vals[src], y, out=tmp)
            r = tmp.reshape(len(a), -1)
            np.einsum("kj,kj->k", r, r, out=out)
            out *= scale
            return out

        if self.grid is not None:
            plain, y_flat, squared = run, _writable(y.ravel()), self.grid.squared

            def run(a, b, vals, out, tmp):
                p = vals[src]
                if not _fits(p, out):
                    return plain(a, b, vals, out, tmp)
                squared(p.reshape(len(a), -1), y_flat, scale, out)
                return out

        self._add(i, run, (), y.shape, fused=("squared", src, y.ravel(), scale))
        return _Varying(None)

    def _plan_generic(self, i: int, op, inputs) -> object:
        """Any other op: its own forward on whole batched values, in the graph's layout."""
        getters = [self._whole(j) for j in inputs]
        back = i in self.per_sample

        def run(a, b, vals, out, tmp):
            value = op.forward(*[g(vals) for g in getters])
            return np.swapaxes(value, -1, -2) if back else value

        # A fused program can end by handing this step the one batched value it reads.
        reads = tuple(self._source(j) for j in inputs if not isinstance(self.kind[j], _Fixed))
        self._add(i, run, None, fused=("host", None, reads))
        return _Varying(None)

    def _fuse(self) -> _Program | None:
        """The steps as one fused program (grid.program), or None when some step has no
        instruction there (or no grid kernels are loaded): then they run one by one.
        A last step without an instruction (a loss other than squared) may still
        finish a program that stores the one value it reads (`_Program.host`)."""
        steps = self.steps
        if self.grid is None or not steps or any(s.fused is None for s in steps) \
                or steps[-1].key != self.result_key:
            return None
        last = steps[-1].fused
        if last[0] != "squared" and not (last[0] == "host" and len(last[2]) == 1):
            return None
        if any(s.fused[0] == "host" for s in steps[:-1]):
            return None
        g = self.grid
        slots: dict[object, tuple[int, int]] = {}  # key -> (offset in ws, size)
        consts: list[Array] = []
        aux: list[int] = []
        scales: list[float] = []
        code: list[list[int]] = []
        used = [0, 0]  # elements of ws, of const

        def alloc(size: int) -> int:
            used[0] += size
            return used[0] - size

        def const(m: Array) -> int:
            m = np.ascontiguousarray(m, self.dtype).ravel()
            consts.append(m)
            used[1] += m.size
            return used[1] - m.size

        uses: dict[object, list[str]] = {}
        for step in steps:
            uses.setdefault(step.fused[1], []).append(step.fused[0])
            if step.fused[0] == "host":
                uses.setdefault(step.fused[2][0], []).append("host")
        shapes: dict[object, tuple] = {}  # per-point shape of each stored value
        linear: dict[object, tuple] = {}  # linear values only an activation reads
        for step in steps:
            kind, src = step.fused[0], step.fused[1]
            size = int(np.prod(step.shape)) if step.shape is not None else 0
            if step.shape is not None:
                shapes[step.key] = step.shape
            if kind == "alias":
                slots[step.key] = slots[src]
                shapes[step.key] = shapes.get(src)
            elif kind == "linear" and uses.get(step.key) == ["act"]:
                linear[step.key] = (step.fused[2:], size)  # fused into the activation
            elif kind == "linear":
                c0, cu, cv = step.fused[2:]
                slots[step.key] = (alloc(size), size)
                code.append([g.OP_LINEAR, slots[step.key][0], size, const(c0), const(cu),
                             const(cv)])
            elif kind == "act":
                rows, n = step.shape
                parts, have = linear[src] if src in linear else (None, slots[src][1])
                if have != size:
                    return None
                slots[step.key] = (alloc(size), size)
                if parts is None:
                    code.append([g.OP_ACT, slots[step.key][0], slots[src][0], rows, n,
                                 len(aux)])
                else:
                    code.append([g.OP_LINACT, slots[step.key][0], rows, n, len(aux)]
                                + [const(m) for m in parts])
                aux.extend(int(c) for c in step.fused[2])
            elif kind == "affine":
                (w0, wu, wv, moving, base, bu, bv), sub = step.fused[2], step.fused[3]
                rows, n_in = w0.shape
                n = base.shape[1]
                at, have = slots[src]
                if have != n_in * n or step.shape != (rows, n):
                    return None
                if sub is not None:
                    delta = alloc(have)
                    code.append([g.OP_SUB, delta, at, have, const(sub)])
                    at = delta
                slots[step.key] = (alloc(size), size)
                code.append([g.OP_AFFINE, slots[step.key][0], at, rows, n_in, n, const(w0),
                             const(wu), const(wv), int(moving), const(base), const(bu),
                             const(bv), alloc(n_in)])
            elif kind == "scatter":
                base, cols = step.fused[2:]
                at, have = slots[src]
                if have != len(cols) * base.shape[1]:
                    return None
                slots[step.key] = (alloc(size), size)
                code.append([g.OP_SCATTER, slots[step.key][0], at, size, const(base), len(cols),
                             base.shape[1], len(aux)])
                aux.extend(int(c) for c in cols)
            elif kind == "host":  # the caller finishes: hand it the value
                key = step.fused[2][0]
                if key not in slots or shapes.get(key) is None:
                    return None
                at, have = slots[key]
                code.append([g.OP_STORE, at, have])
                host = (step, key, shapes[key], have)
            else:  # squared
                y, scale = step.fused[2:]
                at, have = slots[src]
                if have != y.size:
                    return None
                code.append([g.OP_SQUARED, at, have, const(y), len(scales)])
                scales.append(float(scale))
        if steps[-1].fused[0] != "host":
            host = None
        table = np.zeros((len(code), g.WIDTH), np.int64)
        for q, row in enumerate(code):
            table[q, :len(row)] = row
        return _Program(table, np.array(aux + [0], np.int64),
                        np.concatenate(consts) if consts else np.zeros(1, self.dtype),
                        np.array(scales, np.float64), max(used[0], 1), host)

    # ------------------------------------------------------------------ sources
    def _source(self, j: int, cols: Array | None = None) -> object:
        """The key in `vals` of node j's batched value (rows `cols` for a linear node),
        in the internal layout, adding the step that expands it if needed."""
        k = self.kind[j]
        if isinstance(k, _Linear):
            return self._expand_linear(j, k, cols)
        if isinstance(k, _Varying) and k.cols is not None and cols is None:
            return self._expand_sparse(j, k)
        return j

    def _expand_linear(self, j: int, k: _Linear, cols: Array | None) -> object:
        per_sample = j in self.per_sample
        pick = (lambda m: m) if cols is None else (lambda m: m[..., cols])
        c0, cu, cv = (self._cast(pick(m), per_sample) for m in (k.c0, k.cu, k.cv))
        has_u, has_v = bool(cu.any()), bool(cv.any())
        shape = (-1,) + (1,) * c0.ndim

        def run(a, b, vals, out, tmp):
            if has_u:
                np.multiply(a.reshape(shape), cu, out=out)
                out += c0
            else:
                out[...] = c0
            if has_v:
                np.multiply(b.reshape(shape), cv, out=tmp)
                out += tmp
            return out

        if self.grid is not None:  # one fused pass: c0 + a·cu + b·cv
            flat, linear3 = [_writable(m.ravel()) for m in (c0, cu, cv)], self.grid.linear3

            def run(a, b, vals, out, tmp):
                linear3(a, b, *flat, out.reshape(len(a), -1))
                return out

        key = ("linear", j, None if cols is None else tuple(cols))
        return self._add(key, run, c0.shape, c0.shape if has_v else None,
                         fused=("linear", None, c0, cu, cv))

    def _expand_sparse(self, j: int, k: _Varying) -> object:
        base = self._cast(self.ref[j], per_sample=True)
        cols = k.cols

        def run(a, b, vals, out, tmp):
            out[...] = base
            out[:, cols] = vals[j]
            return out

        return self._add(("whole", j), run, base.shape,
                         fused=("scatter", j, base, cols) if base.ndim == 2 else None)

    def _whole(self, j: int) -> Callable[[dict], Array]:
        """Node j's whole value in the graph's own layout: unbatched if fixed, else (K, …)."""
        k = self.kind[j]
        if isinstance(k, _Fixed):
            v = self._cast(k.value)
            return lambda vals: v
        src = self._source(j)
        if j in self.per_sample:
            return lambda vals: np.swapaxes(vals[src], -1, -2)
        return lambda vals: vals[src]

    def _stacked(self, m: Array) -> Array:
        """m repeated (stride 0) along a grid axis: matmul then runs one small product per point."""
        m = self._cast(m)
        return np.broadcast_to(m, (1 << 30,) + m.shape)

    def _affine_args(self, w0: Array, moving: _Linear | None, base: Array | None,
                     jb: int | None, rows: Array, n: int) -> tuple | None:
        """The grid kernels' arguments for out = W(a, b)·h + bias(a, b) (+ base), for
        weights w0 (moving with `moving`'s cu, cv when given) and bias node jb's rows
        `rows`; base (rows, n) replaces the fixed bias when given: (w0, wu, wv, moving,
        base, bu, bv). None without kernels."""
        if self.grid is None:
            return None
        w0 = _writable(self._cast(w0))
        wu, wv = ((_writable(self._cast(moving.cu)), _writable(self._cast(moving.cv)))
                  if moving is not None else (w0, w0))
        k = self.kind[jb] if jb is not None else None
        zero = np.zeros(len(rows), self.dtype)
        bu, bv = ((self._cast(k.cu[rows]), self._cast(k.cv[rows])) if isinstance(k, _Linear)
                  else (zero, zero))
        if base is None:
            b0 = self._cast(self.ref[jb][rows]) if jb is not None else zero
            base = np.repeat(b0[:, None], n, axis=1)
        return w0, wu, wv, moving is not None, _writable(self._cast(base)), bu, bv

    def _affine_kernel(self, args: tuple | None) -> Callable | None:
        """f(a, b, h, out): the grid kernel `affine` with `_affine_args`' arguments."""
        if args is None:
            return None
        w0, wu, wv, moving, base, bu, bv = args
        parts = [m.ravel() for m in (w0, wu, wv, base, bu, bv)]
        at = np.cumsum([0] + [m.size for m in parts[:-1]]).astype(np.int64)
        c, w = np.concatenate(parts), np.empty(w0.shape[1], self.dtype)
        (rows, n_in), n, affine = w0.shape, base.shape[1], self.grid.affine

        def run(a, b, h, out):
            affine(a, b, c, at, moving, h.reshape(-1), out.reshape(-1), w, rows, n_in, n)
            return out

        return run

    def _linear_bias(self, k, rows: Array | None = None) -> Callable | None:
        """a·bu + b·bv as (K, |rows|, 1) for a moving bias vector, else None."""
        if not isinstance(k, _Linear):
            return None
        bu, bv = (self._cast(m if rows is None else m[rows])[:, None] for m in (k.cu, k.cv))

        def run(a, b):
            out = a[:, None, None] * bu
            out += b[:, None, None] * bv
            return out

        return run

    def _activation(self, op: Activate, m: int, cols: Array | None) -> Callable:
        """f(z, out): the op's activation on rows `cols` of an m-row (columns, samples) input."""
        cols = np.arange(m) if cols is None else cols
        parts = []
        for act, group in op.groups:
            member = np.ones(m, bool) if group is None else np.isin(np.arange(m), group)
            pos = np.flatnonzero(member[cols])
            if len(pos):
                fast = act.kernel32 if self.dtype == np.float32 else None
                parts.append((fast, act.f, pos))
        if len(parts) == 1 and len(parts[0][2]) == len(cols) and parts[0][0] is not None:
            return parts[0][0]

        def apply(z: Array, out: Array) -> Array:
            for fast, f, pos in parts:
                whole = len(pos) == len(cols)
                zp = z if whole else z[:, pos]
                if fast is not None and whole:
                    fast(zp, out)
                elif whole:
                    out[...] = f(zp)
                else:
                    out[:, pos] = fast(zp, np.empty_like(zp)) if fast else f(zp)
            return out

        return apply

    # ------------------------------------------------------------------ evaluation
    def losses(self, a: Array, b: Array, chunk: int | None = None, workers: int = 1,
               cancelled: Callable[[], bool] | None = None) -> Array:
        """The loss (K,) at plane coordinates (a[k], b[k]), evaluated chunk by chunk.

        workers > 1 splits the chunks among that many threads (numpy releases the GIL
        in its loops); the values are the same whatever the chunk size or worker count.
        `cancelled()` is asked between chunks (a few ms of work each, one grid point on
        the largest data); when it answers True, Cancelled is raised.
        """
        a = np.asarray(a, dtype=self.dtype).ravel()
        b = np.asarray(b, dtype=self.dtype).ravel()
        if a.shape != b.shape:
            raise LandscapeError(f"a and b must have the same length, got {a.size} and {b.size}")
        chunk = self.default_chunk if chunk is None else _check_count(chunk, "chunk", 1 << 30)
        workers = _check_count(workers, "workers", 64)
        chunk = min(chunk, max(len(a), 1))
        out = np.empty(a.shape, dtype=self.dtype)
        n_chunks = -(-len(a) // chunk)
        if workers == 1 or n_chunks < 2:
            self._fill(a, b, chunk, out, cancelled)
            return out
        cuts = [chunk * (n_chunks * w // workers) for w in range(workers)] + [len(a)]
        parts = [(lo, hi) for lo, hi in zip(cuts, cuts[1:]) if hi > lo]
        with ThreadPoolExecutor(len(parts), thread_name_prefix="landscape") as pool:
            for done in [pool.submit(self._fill, a[lo:hi], b[lo:hi], chunk, out[lo:hi],
                                     cancelled) for lo, hi in parts]:
                done.result()
        return out

    def _fill(self, a: Array, b: Array, chunk: int, out: Array,
              cancelled: Callable[[], bool] | None = None) -> None:
        """Write the loss at (a, b) into out, one chunk of grid points at a time."""
        if self.program is not None:
            self._fill_program(a, b, chunk, out, cancelled)
            return
        buffers = [(np.empty((chunk,) + s.shape, self.dtype) if s.shape is not None else None,
                    np.empty((chunk,) + s.tmp, self.dtype) if s.tmp is not None else None)
                   for s in self.steps]
        runs = [(s.key, s.run) for s in self.steps]
        with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
            for start in range(0, len(a), chunk):
                if cancelled is not None and cancelled():
                    raise Cancelled("the landscape was cancelled")
                ka, kb = a[start:start + chunk], b[start:start + chunk]
                n = len(ka)
                if n < chunk:  # the last chunk: views of the buffers' first n points
                    buffers = [(None if buf is None else buf[:n], None if tmp is None else tmp[:n])
                               for buf, tmp in buffers]
                vals: dict[object, Array] = {}
                for (key, run), (buf, tmp) in zip(runs, buffers):
                    vals[key] = run(ka, kb, vals, buf, tmp)
                out[start:start + n] = vals[self.result_key]

    def _fill_program(self, a: Array, b: Array, chunk: int, out: Array,
                      cancelled: Callable[[], bool] | None) -> None:
        """`_fill` with the fused program (and its host step, when it has one)."""
        p, run = self.program, self.grid.program
        ws = np.empty(p.workspace, self.dtype)
        values = np.empty(chunk * p.host[3] if p.host else 1, self.dtype)
        if p.host:
            step, key, shape, size = p.host
            buf = np.empty((chunk,) + step.tmp, self.dtype) if step.tmp is not None else None
        with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
            for start in range(0, len(a), chunk):
                if cancelled is not None and cancelled():
                    raise Cancelled("the landscape was cancelled")
                ka, kb = a[start:start + chunk], b[start:start + chunk]
                run(p.code, p.aux, p.const, ka, kb, ws, p.scale, out[start:start + chunk],
                    values)
                if p.host:
                    n = len(ka)
                    vals = {key: values[:n * size].reshape((n,) + shape)}
                    out[start:start + n] = step.run(ka, kb, vals, None,
                                                    None if buf is None else buf[:n])

    def surface(self, range: Range, resolution: int | tuple[int, int] = 64,
                chunk: int | None = None, workers: int = 1,
                cancelled: Callable[[], bool] | None = None) -> Surface:
        """The loss on an nx × ny grid spanning `range` = (x0, x1, y0, y1)."""
        rng = _check_range(range)
        nx, ny = _check_resolution(resolution)
        xs = np.linspace(rng[0], rng[1], nx)
        ys = np.linspace(rng[2], rng[3], ny)
        z = self.losses(np.tile(xs, ny), np.repeat(ys, nx), chunk, workers,
                        cancelled).reshape(ny, nx)
        return Surface(self.plane, rng, xs, ys, z)


@dataclass(frozen=True, eq=False)
class _Program:
    """The evaluator's steps as one grid.program: its arguments, and the per-point
    workspace it needs (elements)."""

    code: Array
    aux: Array
    const: Array
    scale: Array
    workspace: int
    # (step, key, shape, size): the program stores value `key` (per point `shape`,
    # `size` numbers) and this last step (a loss in numpy) finishes; None: it ends in
    # the squared loss itself.
    host: tuple | None = None


def _activation_codes(op: Activate, m: int, cols: Array | None,
                      fused: dict[str, int]) -> Array | None:
    """The fused program's activation code (`fused`: name -> code) for each of rows
    `cols` (all m when None) of an Activate op, or None when one has no fused form."""
    codes = np.full(m, -1, np.int64)
    for act, group in op.groups:
        if act.name not in fused:
            return None
        codes[slice(None) if group is None else np.asarray(group)] = fused[act.name]
    codes = codes if cols is None else codes[cols]
    return None if (codes < 0).any() else codes


def _fused_affine(src: object, args: tuple | None, sub: Array | None = None) -> tuple | None:
    """An affine step's fused instruction: h = vals[src] (minus `sub`), `_affine_args`."""
    return None if args is None else ("affine", src, args, sub)


def _grid_kernels(fast: bool | None):
    """The fast executor's grid kernels per the evaluator's `fast` argument, or None."""
    if fast is False:
        return None
    from playground.engine import fast as executor

    if fast:
        executor.load()
    return executor.grid_kernels()


def _writable(a: Array) -> Array:
    """a itself, or a copy where it is read-only (the kernels' signatures take writable
    arrays, and a float64 cast of a plane's vectors can be a read-only view)."""
    return a if a.flags.writeable else a.copy()


def _fits(h: Array, out: Array) -> bool:
    """Whether a kernel can take h and write out: both C-contiguous, one dtype."""
    return h.dtype == out.dtype and h.flags.c_contiguous and out.flags.c_contiguous


def _either(kernel: Callable | None, src: object, plain: Run) -> Run:
    """A step that runs `kernel` on vals[src] when it can, else the numpy `plain`."""
    if kernel is None:
        return plain

    def run(a, b, vals, out, tmp):
        h = vals[src]
        if not _fits(h, out):
            return plain(a, b, vals, out, tmp)
        return kernel(a, b, h, out)

    return run


def _ancestors(nodes, output: int) -> set[int]:
    """Nodes the output depends on, itself included."""
    seen = {output}
    stack = [output]
    while stack:
        for j in nodes[stack.pop()].inputs:
            if j not in seen:
                seen.add(j)
                stack.append(j)
    return seen


def _linear_inputs(op, kinds) -> set[int]:
    """Inputs in which `op` is jointly linear, given which inputs are fixed."""
    if isinstance(op, Collect | Add):
        return set(range(len(kinds)))
    if isinstance(op, BiasOnly):
        return {1}
    if isinstance(op, Affine):
        if isinstance(kinds[0], _Fixed):
            return {1, 2}
        if isinstance(kinds[1], _Fixed):
            return {0, 2}
        return set()
    if isinstance(op, Activate) and all(act.name == "linear" for act, _ in op.groups):
        return {0}
    return set()


# ----------------------------------------------------------------------------- checks

def _check_data(compiled, x: Array, y: Array) -> tuple[Array, Array]:
    xa = np.asarray(x, dtype=float)
    ya = np.asarray(y, dtype=float)
    n_in, n_out = len(compiled.input_ids), len(compiled.output_ids)
    if xa.ndim != 2 or xa.shape[1] != n_in:
        raise LandscapeError(f"x must be (points, {n_in}) for the network's {n_in} input(s), "
                             f"got shape {xa.shape}")
    if ya.ndim != 2 or ya.shape[1] != n_out:
        raise LandscapeError(f"y must be (points, {n_out}) for the network's {n_out} "
                             f"output(s), got shape {ya.shape}")
    if len(xa) != len(ya) or len(xa) == 0:
        raise LandscapeError(f"x and y must have the same number of points (at least one), "
                             f"got {len(xa)} and {len(ya)}")
    if not (np.isfinite(xa).all() and np.isfinite(ya).all()):
        raise LandscapeError("the data contain NaN or infinite values")
    return xa, ya


def _check_count(value, what: str, most: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer) \
            or not 1 <= value <= most:
        raise LandscapeError(f"{what} must be a whole number from 1 to {most}, got {value!r}")
    return int(value)


def _check_range(r) -> Range:
    try:
        x0, x1, y0, y1 = (float(v) for v in r)
    except (TypeError, ValueError):
        raise LandscapeError(f"range must be four numbers (x0, x1, y0, y1), got {r!r}") from None
    if not all(math.isfinite(v) for v in (x0, x1, y0, y1)):
        raise LandscapeError(f"range must be finite, got {r!r}")
    if not (x1 > x0 and y1 > y0):
        raise LandscapeError(f"range needs x0 < x1 and y0 < y1, got {(x0, x1, y0, y1)}")
    return x0, x1, y0, y1


def _check_resolution(resolution) -> tuple[int, int]:
    pair = (resolution, resolution) if isinstance(resolution, int | np.integer) else resolution
    try:
        nx, ny = pair
    except (TypeError, ValueError):
        raise LandscapeError(f"resolution must be a number or (nx, ny), got {resolution!r}") \
            from None
    for n in (nx, ny):
        if isinstance(n, bool) or not isinstance(n, int | np.integer) \
                or not 2 <= n <= MAX_RESOLUTION:
            raise LandscapeError(f"resolution must be whole numbers from 2 to {MAX_RESOLUTION}, "
                                 f"got {resolution!r}")
    return int(nx), int(ny)

