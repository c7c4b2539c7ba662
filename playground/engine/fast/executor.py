"""Bind a training run's arrays (theta, optimizer state, history, data) to the kernels."""

from __future__ import annotations

import numpy as np

from playground.engine import splitmix
from playground.engine.fast import program as prog
from playground.engine.optimizers import SGD, Adagrad, Adam, Optimizer, RMSprop

Array = np.ndarray
_EMPTY = np.zeros(0)


def optimizer_args(k, opt: Optimizer) -> tuple[int, Array, Array, Array, Array]:
    """(code, hyper, buffer0, buffer1, buffer2) for the kernel; Unsupported otherwise."""
    h = opt.hyper
    if isinstance(opt, SGD):
        hyper = [h["weight_decay"], h["momentum"], 1.0 - h["dampening"],
                 float(h["dampening"] != 0.0), float(h["nesterov"]), float(opt._buf is not None)]
        bufs = (opt._buf, None, None)
        code = k.SGD
    elif isinstance(opt, Adagrad):
        hyper = [h["weight_decay"], h["lr_decay"], h["eps"]]
        bufs = (opt._sum, None, None)
        code = k.ADAGRAD
    elif isinstance(opt, RMSprop):
        hyper = [h["weight_decay"], h["alpha"], 1.0 - h["alpha"], h["eps"], h["momentum"],
                 float(opt._buf is not None), float(opt._grad_avg is not None)]
        bufs = (opt._square_avg, opt._buf, opt._grad_avg)
        code = k.RMSPROP
    elif isinstance(opt, Adam):
        hyper = [h["weight_decay"], h["beta1"], h["beta2"], h["eps"], float(opt.decoupled),
                 float(opt._v_max is not None), 1.0 - h["beta1"], 1.0 - h["beta2"]]
        bufs = (opt._m, opt._v, opt._v_max)
        code = k.ADAM
    else:
        raise prog.Unsupported(f"optimizer {opt.name!r}")
    b0, b1, b2 = (_EMPTY if b is None else b for b in bufs)
    return code, np.array(hyper, dtype=np.float64), b0, b1, b2


def _rows(a: Array) -> Array:
    return np.ascontiguousarray(a, dtype=np.float64)


class Executor:
    """The program of one compiled network with work buffers for one tile of samples."""

    def __init__(self, kernels, compiled, rows: int):
        self.k = kernels
        self.p = p = prog.build(compiled)
        self.rows = rows = max(1, min(int(rows), p.tile))
        self.off = p.offsets_for(rows)
        self.ws = np.zeros(p.workspace_size(rows))
        self.gs = np.zeros_like(self.ws)
        self.grad = np.zeros(p.n_params)
        zero_from = rows * p.row_width
        self.cfg = np.array([p.x_node, p.y_node, zero_from, zero_from + p.scalar_start, rows,
                             zero_from + p.fixed_size], dtype=np.int64)

    def _args(self, theta: Array) -> tuple:
        p = self.p
        return (p.code, p.aux, p.consts, self.off, p.width, self.ws, self.gs,
                np.ascontiguousarray(theta, dtype=np.float64))

    def loss(self, theta: Array, x: Array, y: Array) -> float:
        return self.k.evaluate(*self._args(theta), self.grad, _rows(x), _rows(y), self.cfg)

    def loss_and_grad(self, theta: Array, x: Array, y: Array) -> tuple[float, Array]:
        grad = np.empty(self.p.n_params)
        loss = self.k.loss_and_grad(*self._args(theta), grad, _rows(x), _rows(y), self.cfg)
        return loss, grad


class FastTraining:
    """Steps a TrainingRun with the `train` kernel; the run's own arrays are updated."""

    def __init__(self, kernels, run):
        self.k = kernels
        n = len(run.x)
        rows = max(run.batch_size, 0 if run.full_batch else n, len(run.x_test))
        self.ex = Executor(kernels, run.compiled, rows)
        optimizer_args(kernels, run.optimizer)  # Unsupported now rather than later
        self.x, self.y = _rows(run.x), _rows(run.y)
        self.xt, self.yt = _rows(run.x_test), _rows(run.y_test)
        self.ctl = np.zeros(kernels.N_CTL, dtype=np.int64)
        self.fio = np.zeros(kernels.N_FIO)
        # A "splitmix" run's epochs are shuffled inside the kernel, into `order`.
        self.draws = run.config.shuffle == "splitmix" and not run.full_batch
        self.order = np.zeros((1, n if self.draws else 1), dtype=np.int64)
        self.order_epoch = -1  # the epoch `order` holds
        self.key = splitmix.kernel_key(run.config.seed)

    def steps(self, run, want: int) -> int:
        """Up to `want` updates of `run`; returns how many were made (fewer on divergence)."""
        k, ex, p, ctl, fio = self.k, self.ex, self.ex.p, self.ctl, self.fio
        code, hyper, b0, b1, b2 = optimizer_args(k, run.optimizer)
        h = run.history
        h.reserve()
        ctl[:] = 0
        ctl[k.C_STEP], ctl[k.C_BATCH] = run.step_count, run.batch_size
        ctl[k.C_BPE], ctl[k.C_FULL] = run.batches_per_epoch, int(run.full_batch)
        ctl[k.C_T], ctl[k.C_NTEST], ctl[k.C_OPT] = run.optimizer.t, len(self.xt), code
        ctl[k.C_NH], ctl[k.C_STRIDE], ctl[k.C_CAP] = h.n, h.stride, h.capacity
        ctl[k.C_NP], ctl[k.C_PSTRIDE], ctl[k.C_PCAP] = h.n_path, h.path_stride, h.path_capacity
        ctl[k.C_PHEAD], ctl[k.C_PRECENT], ctl[k.C_LHEAD] = h.head, h.recent, h.loss_head
        fio[k.F_LR], fio[k.F_LOSS], fio[k.F_LIMIT] = run.optimizer.lr, np.nan, run.limit
        ctl[k.C_DRAW], ctl[k.C_KEY] = int(self.draws), self.key
        done = 0
        while done < want:
            ctl[k.C_WANT] = want - done
            if self.draws:
                perms = self.order
                ctl[k.C_PERM0], ctl[k.C_NPERM] = self.order_epoch, int(self.order_epoch >= 0)
            else:
                first, perms = run.permutations_at(int(ctl[k.C_STEP]))
                ctl[k.C_PERM0], ctl[k.C_NPERM] = first, len(perms)
            k.train(p.code, p.aux, p.consts, ex.off, p.width, ex.ws, ex.gs, run.theta, ex.grad,
                    run._last_good, self.x, self.y, self.xt, self.yt, ex.cfg, perms, hyper,
                    b0, b1, b2, h._steps, h._train, h._test, h._path_steps, h._path, ctl, fio)
            done += int(ctl[k.C_DONE])
            if self.draws:
                self.order_epoch = int(ctl[k.C_PERM0])
            if ctl[k.C_STATUS] != k.NEED_PERMS:
                break
        run.step_count = int(ctl[k.C_STEP])
        run.optimizer.t = int(ctl[k.C_T])
        h.n, h.stride = int(ctl[k.C_NH]), int(ctl[k.C_STRIDE])
        h.n_path, h.path_stride = int(ctl[k.C_NP]), int(ctl[k.C_PSTRIDE])
        if ctl[k.C_STATUS] == k.DIVERGED:
            run._diverge(float(fio[k.F_LOSS]))
        elif done:
            run.last_loss = float(fio[k.F_LOSS])
            run.last_grad = ex.grad.copy()
        return done
