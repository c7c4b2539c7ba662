"""Translate a compiled network's autodiff graph into flat integer/float arrays.

The fast executor does not know networks: it runs the very graph the numpy path
runs (`CompiledNetwork.graph`), node by node, from a table built here. Each graph
node becomes one instruction; an op this table has no code for makes the whole
program `Unsupported`, and training stays on the numpy path.

Node values live in one flat float64 workspace: a node of width w takes
`rows × w` slots (row-major), a parameter leaf its dense block, a scalar one
slot. Gradients use a second workspace with the same layout.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from playground.engine.autodiff import Activate, Add
from playground.engine.compiled import Affine, BiasOnly, Collect, CompiledNetwork
from playground.engine.losses import DataLoss, Penalty

# Instruction codes (the kernels switch on these).
OP_COLLECT = 1
OP_AFFINE = 2
OP_BIAS = 3
OP_ACTIVATE = 4
OP_LOSS = 5
OP_PENALTY = 6
OP_ADD = 7
OP_PARAM = 8  # a parameter leaf: unpack from theta before the forward pass
OP_ZERO = 9  # first instruction: the row nodes whose gradient a tile must clear first

WIDTH = 8  # ints per instruction: op, out, then up to six operands

ACTIVATION_CODES = {"linear": 0, "sigmoid": 1, "tanh": 2, "relu": 3, "leaky_relu": 4,
                    "softplus": 5, "sine": 6}
LOSS_CODES = {"half_squared": 0, "squared": 1, "bce_logits": 2, "softmax_ce": 3}
PENALTY_CODES = {"l1": 0, "l2": 1}


class Unsupported(ValueError):
    """The graph uses something the fast executor has no kernel for."""


@dataclass
class Program:
    """The arrays the kernels read, and the sizes to allocate work buffers by."""

    code: np.ndarray  # (n_instr * WIDTH,) int64
    aux: np.ndarray  # int64: column maps, activation codes, theta positions
    consts: np.ndarray  # float64: penalty rates
    offset: np.ndarray  # (n_nodes,) start of each node in the workspace (per row of `rows`)
    width: np.ndarray  # (n_nodes,) columns of each node (0: not a row node)
    row_node: np.ndarray  # (n_nodes,) 1 where the node holds one row per sample
    x_node: int
    y_node: int
    total: int
    n_params: int
    n_inputs: int
    n_outputs: int
    row_width: int  # Σ widths of row nodes: workspace slots per sample
    fixed_size: int  # slots of parameter leaves and scalars (the scalars last)
    scalar_start: int  # where the scalars begin among the fixed slots (after the leaves)

    @property
    def tile(self) -> int:
        """Samples per tile: values and gradients of a tile take about 256 KiB.

        Wide programs get 128 samples (2-128-128-1 holds 517 values a sample). Tiles of
        192-1024 samples made its BLAS products faster but the step no faster: the
        passes between the products then miss the core's cache."""
        return max(128, min(2048, (16 << 10) // max(self.row_width, 1)))

    def workspace_size(self, rows: int) -> int:
        """Row nodes, then parameter leaves and scalars, then the scratch the backward
        pass of an affine level may write partial products into (when it uses BLAS:
        kernels.BLAS_MIN_ENTRIES decides, so the scratch fits every level)."""
        return self.fixed_size + rows * self.row_width + self.scratch_size(rows)

    def scratch_size(self, rows: int) -> int:
        ops = self.code.reshape(-1, WIDTH)
        sizes = [m * max(kk, rows) for op, kk, m in zip(ops[:, 0], ops[:, 5], ops[:, 6])
                 if op == OP_AFFINE]
        return int(max(sizes, default=0))

    def offsets_for(self, rows: int) -> np.ndarray:
        """Node offsets for a workspace laid out for up to `rows` samples."""
        return np.where(self.row_node == 1, self.offset * rows,
                        rows * self.row_width + self.offset)


def build(compiled: CompiledNetwork) -> Program:
    """The program for `compiled`'s graph; `Unsupported` when some op has no kernel."""
    nodes = compiled.graph.nodes
    n = len(nodes)
    width = np.zeros(n, dtype=np.int64)
    row_node = np.zeros(n, dtype=np.int64)
    size = np.zeros(n, dtype=np.int64)  # fixed slots of non-row nodes
    scalar = np.zeros(n, dtype=bool)
    code: list[list[int]] = []
    aux: list[int] = []
    consts: list[float] = []
    blocks = {b.leaf: b for b in compiled.blocks}
    x, y = compiled.x_leaf, compiled.y_leaf
    width[x], row_node[x] = len(compiled.input_ids), 1
    width[y], row_node[y] = len(compiled.output_ids), 1
    # How many nodes (up to the total) take each node as an input: an affine level that
    # is the only consumer of its input may write that input's gradient outright.
    consumers = np.zeros(n, dtype=np.int64)
    for node in nodes[:compiled.total + 1]:
        for j in node.inputs:
            consumers[j] += 1
    zero_bias = None
    if compiled._zero_bias is not None:
        zero_bias = nodes[compiled._zero_bias[0]].inputs[1]

    def emit(*fields: int) -> None:
        row = list(fields) + [0] * (WIDTH - len(fields))
        code.append(row)

    # Every row node's gradient starts each tile at zero, and the backward pass adds
    # into it. A node whose only consumer writes its whole gradient at once (an
    # activation, the loss, a wide level through BLAS) skips both the clearing and
    # the addition: `overwrite` marks them, OP_ZERO lists the others.
    overwrite = np.zeros(n, dtype=bool)
    emit(OP_ZERO, 0)  # filled in below

    for i, node in enumerate(nodes):
        op = node.op
        if op is None:
            if i in blocks:
                b = blocks[i]
                full = int(np.prod(b.shape))
                size[i] = full
                positions = np.full(full, -1, dtype=np.int64)
                where = np.arange(full) if b.index is None else b.index
                positions[where] = np.arange(b.start, b.stop)
                if len(b.shape) == 2:  # weights are kept transposed, (src, dst)
                    positions = positions.reshape(b.shape).T.ravel()
                emit(OP_PARAM, i, full, len(aux))
                aux.extend(positions.tolist())
            elif i == zero_bias:
                size[i] = compiled._zero_bias[1]
            elif i not in (x, y):
                raise Unsupported(f"leaf {node.label!r} is neither data nor a parameter")
            continue
        if isinstance(op, Collect):
            start = len(aux)
            for src, cols in zip(node.inputs, op.columns):
                picked = range(int(width[src])) if cols is None else [int(c) for c in cols]
                for c in picked:
                    aux.extend((src, c))
            width[i], row_node[i] = (len(aux) - start) // 2, 1
            emit(OP_COLLECT, i, start, width[i])
        elif isinstance(op, Affine):
            src, w = node.inputs[0], node.inputs[1]
            bias = node.inputs[2] if len(node.inputs) == 3 else -1
            k, m = blocks[w].shape
            if m != width[src]:
                raise Unsupported("weight block does not match its inputs")
            width[i], row_node[i] = k, 1
            need = 0 if not compiled._needs[src] else (2 if consumers[src] == 1 else 1)
            overwrite[src] = need == 2
            emit(OP_AFFINE, i, src, w, bias, k, m, need)
        elif isinstance(op, BiasOnly):
            b = node.inputs[1]
            if b in blocks:
                width[i] = blocks[b].shape[0]
                emit(OP_BIAS, i, b, width[i])
            elif b == zero_bias:
                width[i] = compiled._zero_bias[1]
                emit(OP_BIAS, i, -1, width[i])
            else:
                raise Unsupported("bias of unknown origin")
            row_node[i] = 1
        elif isinstance(op, Activate):
            src = node.inputs[0]
            cols = np.zeros(int(width[src]), dtype=np.int64)
            for act, which in op.groups:
                if act.name not in ACTIVATION_CODES:
                    raise Unsupported(f"activation {act.name!r}")
                cols[slice(None) if which is None else which] = ACTIVATION_CODES[act.name]
            width[i], row_node[i] = width[src], 1
            overwrite[src] = consumers[src] == 1
            emit(OP_ACTIVATE, i, src, len(aux), int(overwrite[src]))
            aux.extend(cols.tolist())
        elif isinstance(op, DataLoss):
            if op.kind not in LOSS_CODES:
                raise Unsupported(f"loss {op.kind!r}")
            size[i], scalar[i] = 1, True
            p = node.inputs[0]
            overwrite[p] = consumers[p] == 1 and p not in (x, y)
            emit(OP_LOSS, i, p, node.inputs[1], LOSS_CODES[op.kind],
                 int(op.reduction == "mean"), int(overwrite[p]))
        elif isinstance(op, Penalty):
            if op.kind not in PENALTY_CODES:
                raise Unsupported(f"regulariser {op.kind!r}")
            w = node.inputs[0]
            size[i], scalar[i] = 1, True
            emit(OP_PENALTY, i, w, int(size[w]), PENALTY_CODES[op.kind], len(consts))
            consts.append(float(op.rate))
        elif isinstance(op, Add):
            a, b = node.inputs
            if size[a] != 1 or size[b] != 1:
                raise Unsupported("addition of non-scalars")
            size[i], scalar[i] = 1, True
            emit(OP_ADD, i, a, b)
        else:
            raise Unsupported(f"op {type(op).__name__}")
        if i == compiled.total:
            break
    # Row nodes first (offset counted in rows of width), fixed nodes after them.
    offset = np.zeros(n, dtype=np.int64)
    row_width = 0
    fixed = 0
    for i in range(n):
        if row_node[i]:
            offset[i] = row_width
            row_width += int(width[i])
        else:
            offset[i] = fixed
            fixed += int(size[i])
    cleared = [i for i in range(n) if row_node[i] and not overwrite[i]]
    code[0] = [OP_ZERO, 0, len(aux), len(cleared)] + [0] * (WIDTH - 4)
    aux.extend(cleared)
    scalar_start = min((int(offset[i]) for i in range(n) if scalar[i]), default=fixed)
    if any(offset[i] >= scalar_start for i in range(n) if size[i] and not scalar[i]):
        raise Unsupported("parameter leaf after the loss")  # tiles would clear its gradient
    return Program(
        code=np.array(code, dtype=np.int64).reshape(-1),
        aux=np.array(aux or [0], dtype=np.int64),
        consts=np.array(consts or [0.0], dtype=np.float64),
        offset=offset, width=width, row_node=row_node,
        x_node=x, y_node=y, total=compiled.total, n_params=compiled.n_params,
        n_inputs=int(width[x]), n_outputs=int(width[y]),
        row_width=row_width, fixed_size=fixed, scalar_start=scalar_start)
