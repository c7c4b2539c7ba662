"""Compile a drawn network to a graph of a few vectorised ops per topological level.

Neurons are grouped by level (inputs 0, every other neuron one past its highest
source). Each level is one `Affine` op over the activations it reads (gathered
by `Collect` when they come from several levels, as skip connections do) and one
`Activate` op. A level's weights form a dense block whose missing connections
are held at zero, so a training step is a few matrix products.

All parameters live in one flat vector `theta`, in `parameter_names` order. A
leading parameter-batch axis, theta of shape (K, P), evaluates K settings at
once and gives K losses (how the landscape is computed).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from playground.engine.autodiff import (
    Activate,
    Add,
    BackwardPlan,
    Graph,
    Op,
    Workspace,
    operands,
    unbroadcast,
)
from playground.engine.losses import DataLoss, LossSpec, Penalty
from playground.engine.network import Network, bias_name, topological_levels, weight_name

Array = np.ndarray


# ----------------------------------------------------------------------------- network ops

class Affine(Op):
    """z = a · Wᵀ + b for a weight block Wt of shape (dst, src)."""

    name = "affine"

    def forward(self, a, wt, b=None):
        z = a @ wt.mT
        if b is not None:
            z += b if b.ndim == 1 else b[..., None, :]
        return z

    def forward_into(self, work, key, a, wt, b=None):
        if a.ndim != 2 or wt.ndim != 2:
            return self.forward(a, wt, b)
        z = np.matmul(a, wt.mT, out=work.get((key, "z"), (a.shape[0], wt.shape[0]),
                                             np.result_type(a, wt)))
        if b is not None:
            z += b if b.ndim == 1 else b[..., None, :]
        return z

    def backward_into(self, work, key, g, out, xs, needs):
        a, wt = xs[0], xs[1]
        if not (needs[0] and g.ndim == 2 and a.ndim == 2 and wt.ndim == 2):
            return self.backward(g, out, xs, needs)
        ga = np.matmul(g, wt, out=work.get((key, "ga"), a.shape, np.result_type(g, wt)))
        rest = self.backward(g, out, xs, [False, *needs[1:]])
        return [ga, *rest[1:]]

    def backward(self, g, out, xs, needs):
        a, wt = xs[0], xs[1]
        grads: list[Array | None] = [None] * len(xs)
        # Without a parameter batch nothing was broadcast: skip the shape bookkeeping.
        plain = g.ndim == 2 and a.ndim == 2 and wt.ndim == 2
        if needs[0]:
            ga = g @ wt
            grads[0] = ga if plain else unbroadcast(ga, a.shape)
        if needs[1]:
            gw = g.mT @ a
            grads[1] = gw if plain else unbroadcast(gw, wt.shape)
        if len(xs) == 3 and needs[2]:
            gb = g.sum(axis=-2)
            grads[2] = gb if plain else unbroadcast(gb, xs[2].shape)
        return grads


class BiasOnly(Op):
    """z = b for neurons without inputs; `x` only donates the number of samples."""

    name = "bias"

    def forward(self, x, b):
        return np.broadcast_to(b[..., None, :], b.shape[:-1] + (x.shape[-2], b.shape[-1]))

    def backward(self, g, out, xs, needs):
        return [None, unbroadcast(g.sum(axis=-2), xs[1].shape)]


class Collect(Op):
    """Concatenate chosen columns of several activation matrices."""

    name = "collect"

    def __init__(self, columns: list[Array | None]):
        self.columns = columns  # per input: column indices, or None for all

    def forward(self, *xs):
        parts = [x if c is None else x[..., c] for x, c in zip(xs, self.columns)]
        lead = np.broadcast_shapes(*(p.shape[:-2] for p in parts))
        parts = [np.broadcast_to(p, lead + p.shape[-2:]) for p in parts]
        return np.concatenate(parts, axis=-1)

    def backward(self, g, out, xs, needs):
        grads: list[Array | None] = []
        start = 0
        for x, cols, need in zip(xs, self.columns, needs):
            k = x.shape[-1] if cols is None else len(cols)
            part = g[..., start:start + k]
            start += k
            if not need:
                grads.append(None)
            elif cols is None:
                grads.append(unbroadcast(part, x.shape))
            else:
                gx = np.zeros(x.shape, dtype=g.dtype)
                gx[..., cols] = unbroadcast(part, x.shape[:-1] + (k,))
                grads.append(gx)
        return grads


# ----------------------------------------------------------------------------- packing

@dataclass
class _Block:
    """Where one parameter leaf (weight block or bias vector) lives in theta."""

    leaf: int
    start: int
    stop: int
    shape: tuple[int, ...]  # shape of the leaf without the batch axes
    index: Array | None  # flat positions inside the leaf, None when dense

    def unpack(self, theta: Array) -> Array:
        lead = theta.shape[:-1]
        part = theta[..., self.start:self.stop]
        if self.index is None:
            return part.reshape(lead + self.shape)
        full = np.zeros(lead + (int(np.prod(self.shape)),), dtype=theta.dtype)
        full[..., self.index] = part
        return full.reshape(lead + self.shape)

    def pack(self, g: Array, out: Array) -> None:
        lead = out.shape[:-1]
        if g.shape != lead + self.shape:
            g = np.broadcast_to(g, lead + self.shape)
        flat = g.reshape(lead + (-1,))
        out[..., self.start:self.stop] = flat if self.index is None else flat[..., self.index]


@dataclass
class Level:
    """Neurons computed together: ids, their graph nodes and their sources."""

    ids: list[str]
    z: int  # graph node of the pre-activations (−1 for the input level)
    a: int  # graph node of the activations
    sources: list[str]  # neuron ids feeding this level, in weight-column order


@dataclass
class Trace:
    """Values and gradients of every graph node after one forward and backward."""

    compiled: CompiledNetwork
    values: list
    grads: list

    @property
    def loss(self) -> Array:
        return self.values[self.compiled.total]

    def _col(self, nid: str) -> tuple[Level, int]:
        lv, col = self.compiled.position[nid]
        return self.compiled.levels[lv], col

    def z(self, nid: str) -> Array:
        """Pre-activation of neuron `nid`, one value per sample."""
        level, col = self._col(nid)
        node = level.a if level.z < 0 else level.z
        return self.values[node][..., col]

    def a(self, nid: str) -> Array:
        """Activation of neuron `nid`, one value per sample."""
        level, col = self._col(nid)
        return self.values[level.a][..., col]

    def delta(self, nid: str) -> Array:
        """dL/dz of neuron `nid` per sample (zero when the loss does not depend on it)."""
        level, col = self._col(nid)
        g = self.grads[level.a if level.z < 0 else level.z]
        if g is None:
            return np.zeros_like(self.z(nid))
        return g[..., col]

    def dloss_da(self, nid: str) -> Array:
        """dL/da of neuron `nid` per sample."""
        level, col = self._col(nid)
        g = self.grads[level.a]
        return np.zeros_like(self.a(nid)) if g is None else g[..., col]

    def gradient(self) -> Array:
        """dL/dtheta as one flat vector."""
        return self.compiled._pack_grads(self.values, self.grads)


class CompiledNetwork:
    """A network and a loss compiled to one autodiff graph over a flat theta."""

    def __init__(self, net: Network, loss: LossSpec | None = None):
        net.validate()
        self.loss_spec = loss or LossSpec()
        self.input_ids = net.ids("input")
        self.output_ids = net.ids("output")
        self._neurons = {n.id: n for n in net.neurons}
        self.input_features = [self._neurons[i].feature or i for i in self.input_ids]
        self.activation = {n.id: n.activation for n in net.neurons}
        self.graph = g = Graph()
        self.x_leaf = g.leaf("x")
        self.y_leaf = g.leaf("y")
        self.blocks: list[_Block] = []
        self.parameter_names: list[str] = []
        self.weight_leaves: list[int] = []
        self.position: dict[str, tuple[int, int]] = {}
        self._zero_bias: tuple[int, int] | None = None

        levels_of = topological_levels(net)
        by_level: dict[int, list[str]] = {}
        for n in net.neurons:
            by_level.setdefault(levels_of[n.id], []).append(n.id)
        preds: dict[str, list[str]] = {n.id: [] for n in net.neurons}
        for c in net.connections:
            preds[c.dst].append(c.src)
        weights = {(c.src, c.dst): c.weight for c in net.connections}

        self.levels: list[Level] = [Level(list(self.input_ids), -1, self.x_leaf, [])]
        for k, nid in enumerate(self.input_ids):
            self.position[nid] = (0, k)
        for lv in sorted(k for k in by_level if k > 0):
            ids = by_level[lv]
            self._compile_level(net, ids, preds, weights)

        self.pred = self._collect(self.output_ids, "prediction")
        self.data_loss = g.add(DataLoss(self.loss_spec.kind, self.loss_spec.reduction),
                               self.pred, self.y_leaf, label="loss")
        total = self.data_loss
        spec = self.loss_spec
        if spec.regularizer != "none" and spec.rate > 0:
            for leaf in self.weight_leaves:
                pen = g.add(Penalty(spec.regularizer, spec.rate), leaf, label="penalty")
                total = g.add(Add(), total, pen, label="loss + penalty")
        self.total = total
        self.n_params = len(self.parameter_names)
        self.index = {name: i for i, name in enumerate(self.parameter_names)}
        # The zero pre-activation of a level without inputs or biases is no parameter, yet
        # the δ and dL/da of its neurons are shown: the backward walk must reach it.
        zero = () if self._zero_bias is None else (g.nodes[self._zero_bias[0]].inputs[1],)
        self._needs = g.needs_grad(also=zero)
        self._backward = BackwardPlan(g.nodes, self.total, self._needs)
        self._forward_steps = [(i, n.op.forward, operands(n.inputs))
                               for i, n in enumerate(g.nodes) if n.op is not None]
        self._forward_into = [(i, n.op.forward_into, operands(n.inputs))
                              for i, n in enumerate(g.nodes) if n.op is not None]
        self._masked_blocks = [b for b in self.blocks if b.index is not None]
        self._contiguous = not self._masked_blocks and all(
            b.start == (self.blocks[k - 1].stop if k else 0) for k, b in enumerate(self.blocks)
        ) and (self.blocks[-1].stop if self.blocks else 0) == self.n_params
        self._cache: tuple[Array | None, list] = (None, [])

    # ------------------------------------------------------------------ compilation
    def _compile_level(self, net: Network, ids: list[str], preds: dict[str, list[str]],
                       weights: dict[tuple[str, str], float]) -> None:
        g = self.graph
        level_index = len(self.levels)
        wanted = {p for nid in ids for p in preds[nid]}
        sources = sorted(wanted, key=lambda p: self.position[p])
        label = ", ".join(ids)
        bias_cols = [j for j, nid in enumerate(ids) if self._neurons[nid].bias is not None]
        b_leaf = None
        if bias_cols:
            b_leaf = g.leaf(f"b[{label}]", trainable=True)
        if sources:
            src_node = self._collect(sources, f"inputs of {label}")
            w_leaf = g.leaf(f"W[{label}]", trainable=True)
            start = len(self.parameter_names)
            flat = []
            for j, dst in enumerate(ids):
                for i, src in enumerate(sources):
                    if (src, dst) in weights:
                        flat.append(j * len(sources) + i)
                        self.parameter_names.append(weight_name(src, dst))
            dense = len(flat) == len(ids) * len(sources)
            self.blocks.append(_Block(w_leaf, start, len(self.parameter_names),
                                      (len(ids), len(sources)),
                                      None if dense else np.array(flat)))
            self.weight_leaves.append(w_leaf)
            ins = (src_node, w_leaf) + ((b_leaf,) if b_leaf is not None else ())
            z = g.add(Affine(), *ins, label=f"z[{label}]")
        elif b_leaf is not None:
            z = g.add(BiasOnly(), self.x_leaf, b_leaf, label=f"z[{label}]")
        else:
            z = g.add(BiasOnly(), self.x_leaf, g.leaf("zero bias"), label=f"z[{label}]")
            self._zero_bias = (z, len(ids))
        if b_leaf is not None:
            # Biases follow the level's weights so each weight block stays contiguous.
            start = len(self.parameter_names)
            self.parameter_names += [bias_name(ids[j]) for j in bias_cols]
            index = None if len(bias_cols) == len(ids) else np.array(bias_cols)
            self.blocks.append(_Block(b_leaf, start, len(self.parameter_names), (len(ids),),
                                      index))
        names = [self._neurons[nid].activation for nid in ids]
        if len(set(names)) == 1:
            groups = [(names[0], None)]
        else:
            groups = [(a, np.array([j for j, n in enumerate(names) if n == a]))
                      for a in dict.fromkeys(names)]
        a = g.add(Activate(groups), z, label=f"a[{label}]")
        self.levels.append(Level(list(ids), z, a, sources))
        for j, nid in enumerate(ids):
            self.position[nid] = (level_index, j)

    def _collect(self, ids: list[str], label: str) -> int:
        """A node holding the activations of `ids`, gathering across levels if needed."""
        first = self.position[ids[0]][0]
        if all(self.position[i][0] == first for i in ids) and \
                [self.position[i][1] for i in ids] == list(range(len(self.levels[first].ids))):
            return self.levels[first].a
        groups: dict[int, list[int]] = {}
        for i in ids:
            lv, col = self.position[i]
            groups.setdefault(lv, []).append(col)
        # Collect concatenates level by level; reorder afterwards only if ids interleave.
        lvls = list(groups)
        columns = [None if groups[lv] == list(range(len(self.levels[lv].ids)))
                   else np.array(groups[lv]) for lv in lvls]
        node = self.graph.add(Collect(columns), *(self.levels[lv].a for lv in lvls),
                              label=label)
        concat_order = [(lv, c) for lv in lvls for c in groups[lv]]
        wanted = [self.position[i] for i in ids]
        if concat_order != wanted:
            perm = np.array([concat_order.index(w) for w in wanted])
            node = self.graph.add(Collect([perm]), node, label=label)
        return node

    # ------------------------------------------------------------------ parameters
    def parameters_of(self, net: Network) -> Array:
        """The flat theta holding `net`'s current parameter values."""
        values = net.parameter_values()
        return np.array([values[n] for n in self.parameter_names], dtype=float)

    def write_parameters(self, net: Network, theta: Array) -> None:
        """Copy a flat theta back into the network's weights and biases."""
        net.set_parameters(dict(zip(self.parameter_names, np.asarray(theta, dtype=float).tolist())))

    # ------------------------------------------------------------------ evaluation
    def _leaves(self, theta: Array, x: Array, y: Array | None) -> list:
        """A fresh value list with the leaves filled in from theta and the data."""
        cached_theta, base = self._cache
        if theta is not cached_theta:
            theta = np.asarray(theta)
            if theta.shape[-1] != self.n_params:
                raise ValueError(f"theta has {theta.shape[-1]} values, the network "
                                 f"{self.n_params} parameters")
            base: list = [None] * len(self.graph.nodes)
            for b in self.blocks:
                if b.index is None:
                    base[b.leaf] = b.unpack(theta)
            if self._zero_bias is not None:
                node, width = self._zero_bias
                base[self.graph.nodes[node].inputs[1]] = np.zeros(theta.shape[:-1] + (width,),
                                                                   dtype=theta.dtype)
            # Dense blocks are views of theta: they stay valid while theta is updated in
            # place (as the optimizers do), so the same theta object reuses them. One
            # tuple assignment keeps the pair consistent if two threads share this object.
            self._cache = (theta, base)
        values = base.copy()
        for b in self._masked_blocks:
            values[b.leaf] = b.unpack(theta)
        values[self.x_leaf] = x
        values[self.y_leaf] = y
        return values

    def _run(self, theta: Array, x: Array, y: Array | None, upto: int,
             work: Workspace | None = None) -> list:
        values = self._leaves(theta, x, y)
        if work is not None:
            for i, forward_into, gather in self._forward_into:
                if i > upto:
                    break
                values[i] = forward_into(work, i, *gather(values))
            return values
        for i, forward, gather in self._forward_steps:
            if i > upto:
                break
            values[i] = forward(*gather(values))
        return values

    def forward(self, theta: Array, x: Array) -> Array:
        """Network outputs (…, n, outputs) for inputs x (n, inputs)."""
        return self._run(theta, x, None, self.pred)[self.pred]

    def activations(self, theta: Array, x: Array) -> dict[str, Array]:
        """Every neuron's activation (one value per sample of x (n, inputs)), by id, from
        one forward pass: the neuron pictures of a whole network cost one call."""
        last = max(level.a for level in self.levels)
        values = self._run(theta, x, None, last)
        return {nid: values[self.levels[lv].a][..., col]
                for nid, (lv, col) in self.position.items()}

    def loss(self, theta: Array, x: Array, y: Array) -> Array:
        """The loss (with penalty); shape (K,) for a parameter batch theta (K, P)."""
        return self._run(theta, x, y, self.total)[self.total]

    def trace(self, theta: Array, x: Array, y: Array) -> Trace:
        """Forward and backward, keeping every node's value and gradient."""
        values = self._run(theta, x, y, self.total)
        return Trace(self, values, self._backward.run(values))

    def loss_and_grad(self, theta: Array, x: Array, y: Array,
                      work: Workspace | None = None) -> tuple[Array, Array]:
        """The loss and dL/dtheta (same leading shape as theta); `work` lends reusable
        buffers to the pass (the same numbers; neither result lives in them)."""
        values = self._run(theta, x, y, self.total, work)
        grads = self._backward.run(values, work=work)
        loss = values[self.total]
        if work is not None:
            loss = np.array(loss, copy=True)
        return loss, self._pack_grads(values, grads)

    def _pack_grads(self, values: list, grads: list) -> Array:
        theta_lead = values[self.total].shape
        if self._contiguous and self.blocks and not theta_lead:
            # Dense blocks in parameter order: one concatenation builds the flat gradient.
            parts = [grads[b.leaf] for b in self.blocks]
            if all(p is not None for p in parts):
                return np.concatenate([p.ravel() for p in parts])
        out = np.zeros(theta_lead + (self.n_params,), dtype=np.result_type(values[self.total]))
        for b in self.blocks:
            gl = grads[b.leaf]
            if gl is not None:
                b.pack(gl, out)
        return out


def compile_network(net: Network, loss: LossSpec | None = None) -> CompiledNetwork:
    """Compile `net` with `loss` into a graph that evaluates and differentiates fast."""
    return CompiledNetwork(net, loss)
