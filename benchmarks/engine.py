"""Training speed of the engine on two reference problems, and PyTorch's when installed.

R-full: 2-8-8-1 tanh, linear output, 200 points, full batch, Adam, float64.
R-mini: 2-4-2-1 tanh, linear output, 200 points, batch 10, SGD lr 0.03: one epoch is
20 updates.

Run: .venv/bin/python benchmarks/engine.py [--repeat 5]
Prints the median of several timed blocks; everything is measured in one run.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import statistics
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402

from playground.engine.datasets import generate  # noqa: E402
from playground.engine.losses import LossSpec  # noqa: E402
from playground.engine.network import layered  # noqa: E402
from playground.engine.training import TrainingConfig, TrainingRun  # noqa: E402


def median_step_time(step, steps: int, repeat: int) -> float:
    """Median seconds per call of `step` over `repeat` blocks of `steps`, after a warm-up."""
    for _ in range(steps // 10):
        step()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        for _ in range(steps):
            step()
        times.append((time.perf_counter() - t0) / steps)
    return statistics.median(times)


def make_run(problem: str) -> TrainingRun:
    data = generate("circle", n_points=200, train_fraction=1.0, seed=0)
    if problem == "R-full":
        net = layered("2-8-8-1", "tanh", "linear", seed=0)
        cfg = TrainingConfig(LossSpec("half_squared", "mean"), "adam", {"lr": 0.01})
    else:
        net = layered("2-4-2-1", "tanh", "linear", seed=0)
        cfg = TrainingConfig(LossSpec("half_squared", "mean"), "sgd", {"lr": 0.03},
                             batch_size=10)
    return TrainingRun(net, data, cfg)


def time_engine(problem: str, steps: int, repeat: int) -> float:
    """Median seconds per update."""
    run = make_run(problem)
    run.steps(steps // 10)  # warm up
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        run.steps(steps)
        times.append((time.perf_counter() - t0) / steps)
    return statistics.median(times)


def time_torch(problem: str, steps: int, repeat: int) -> float | None:
    """Median seconds per update of the same model in PyTorch eager, or None."""
    try:
        import torch
    except ImportError:
        return None
    torch.set_num_threads(1)
    data = generate("circle", n_points=200, train_fraction=1.0, seed=0)
    x = torch.tensor(data.x_train, dtype=torch.float64)
    y = torch.tensor(data.y_train, dtype=torch.float64)
    sizes = [2, 8, 8, 1] if problem == "R-full" else [2, 4, 2, 1]
    layers = []
    for i, (a, b) in enumerate(zip(sizes, sizes[1:])):
        layers.append(torch.nn.Linear(a, b, dtype=torch.float64))
        if i < len(sizes) - 2:
            layers.append(torch.nn.Tanh())
    model = torch.nn.Sequential(*layers)
    if problem == "R-full":
        opt = torch.optim.Adam(model.parameters(), lr=0.01)
        batch = 200
    else:
        opt = torch.optim.SGD(model.parameters(), lr=0.03)
        batch = 10
    gen = torch.Generator().manual_seed(0)
    perm = torch.randperm(200, generator=gen)
    cursor = [0]

    def step() -> None:
        if batch == 200:
            xb, yb = x, y
        else:
            if cursor[0] == 0:
                perm[:] = torch.randperm(200, generator=gen)
            idx = perm[cursor[0]:cursor[0] + batch]
            cursor[0] = (cursor[0] + batch) % 200
            xb, yb = x[idx], y[idx]
        opt.zero_grad()
        loss = 0.5 * ((model(xb) - yb) ** 2).sum(dim=1).mean()
        loss.backward()
        opt.step()

    return median_step_time(step, steps, repeat)


def time_plain_numpy(problem: str, steps: int, repeat: int) -> float:
    """Median seconds per update of a hand-written per-layer numpy loop (a baseline only).

    This is the "plain per-layer numpy loop" the targets compare against; the app never
    uses it: it trains through the compiled graph.
    """
    run = make_run(problem)
    sizes = [2, 8, 8, 1] if problem == "R-full" else [2, 4, 2, 1]
    rng = np.random.default_rng(0)
    ws = [rng.uniform(-0.5, 0.5, (a, b)) for a, b in zip(sizes, sizes[1:])]
    bs = [np.zeros(b) for b in sizes[1:]]
    x, y = run.x, run.y
    adam = problem == "R-full"
    params = ws + bs
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    batch = 200 if adam else 10
    state = {"t": 0, "cursor": 0, "xs": x, "ys": y}

    def step() -> None:
        if batch == 200:
            xb, yb = x, y
        else:
            if state["cursor"] == 0:
                perm = rng.permutation(200)
                state["xs"], state["ys"] = x[perm], y[perm]
            c = state["cursor"]
            xb, yb = state["xs"][c:c + batch], state["ys"][c:c + batch]
            state["cursor"] = (c + batch) % 200
        acts = [xb]
        for i, (w, b) in enumerate(zip(ws, bs)):
            z = acts[-1] @ w + b
            acts.append(np.tanh(z) if i < len(ws) - 1 else z)
        g = (acts[-1] - yb) / len(xb)
        grads_w, grads_b = [None] * len(ws), [None] * len(ws)
        for i in range(len(ws) - 1, -1, -1):
            grads_w[i] = acts[i].T @ g
            grads_b[i] = g.sum(axis=0)
            if i:
                g = (g @ ws[i].T) * (1 - acts[i] * acts[i])
        grads = grads_w + grads_b
        if adam:
            state["t"] += 1
            t = state["t"]
            for p, gr, mm, vv in zip(params, grads, m, v):
                mm *= 0.9
                mm += 0.1 * gr
                vv *= 0.999
                vv += 0.001 * gr * gr
                p -= 0.01 * (mm / (1 - 0.9 ** t)) / (np.sqrt(vv / (1 - 0.999 ** t)) + 1e-8)
        else:
            for p, gr in zip(params, grads):
                p -= 0.03 * gr

    return median_step_time(step, steps, repeat)


def where_time_goes(problem: str, steps: int) -> str:
    """The top functions by own time for `steps` updates."""
    run = make_run(problem)
    run.steps(100)
    prof = cProfile.Profile()
    prof.enable()
    run.steps(steps)
    prof.disable()
    out = io.StringIO()
    pstats.Stats(prof, stream=out).sort_stats("tottime").print_stats(8)
    lines = [ln for ln in out.getvalue().splitlines() if ln.strip()]
    start = next(i for i, ln in enumerate(lines) if ln.lstrip().startswith("ncalls"))
    return "\n".join(lines[start:start + 9])


def numpy_op_cost() -> float:
    """Seconds for one tiny numpy ufunc call: the floor under every op."""
    a = np.zeros(10)
    n = 100_000
    t0 = time.perf_counter()
    for _ in range(n):
        np.tanh(a)
    return (time.perf_counter() - t0) / n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--profile", action="store_true", help="show where the time goes")
    args = parser.parse_args()
    print(f"numpy {np.__version__}; one tiny numpy call: {numpy_op_cost() * 1e6:.2f} µs")
    print(f"{'problem':8} {'engine µs/step':>15} {'steps/s':>8} {'plain numpy µs':>15} "
          f"{'torch µs/step':>14} {'torch/engine':>13}")
    for problem, steps in (("R-full", 2000), ("R-mini", 4000)):
        mine = time_engine(problem, steps, args.repeat)
        plain = time_plain_numpy(problem, steps, args.repeat)
        theirs = time_torch(problem, steps // 2, args.repeat)
        ratio = f"{theirs / mine:12.2f}x" if theirs else "  (no torch)"
        torch_us = f"{theirs * 1e6:14.1f}" if theirs else f"{'-':>14}"
        print(f"{problem:8} {mine * 1e6:15.1f} {1 / mine:8.0f} {plain * 1e6:15.1f} "
              f"{torch_us} {ratio}")
        if problem == "R-mini":
            print(f"R-mini per epoch (20 updates): engine {mine * 20 * 1e6:.0f} µs, "
                  f"plain numpy loop {plain * 20 * 1e6:.0f} µs (target 300 µs)")
    if args.profile:
        for problem in ("R-full", "R-mini"):
            print(f"\nwhere the time goes, {problem}:")
            print(where_time_goes(problem, 2000))


if __name__ == "__main__":
    main()
