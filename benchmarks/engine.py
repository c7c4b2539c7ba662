"""Training speed: the fast executor, the numpy reference path and PyTorch, in interleaved rounds.

R-full: 2-8-8-1 tanh, linear output, 200 points, full batch, Adam, float64.
R-mini: 2-4-2-1 tanh, linear output, 200 points, batch 10, SGD lr 0.03: one epoch is
        20 updates (reported per epoch).
R-20k:  2-8-8-1 as R-full on 20,000 points.

Run: .venv/bin/python benchmarks/engine.py [--rounds 7] [--json] [--profile]

Every round times a block of steps of each engine in turn (fast, numpy, torch), so
all of them see the same machine load; the table gives each engine's median and
the median (and range) of the per-round ratios. Also printed: how much of an R-mini
step the bookkeeping takes (history, shuffling, the app's snapshots). `--json` adds
one line of JSON with every figure. One thread everywhere.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import platform
import pstats
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402

from playground.engine import fast  # noqa: E402
from playground.engine.datasets import generate  # noqa: E402
from playground.engine.losses import LossSpec  # noqa: E402
from playground.engine.network import layered  # noqa: E402
from playground.engine.training import (  # noqa: E402
    Permutations,
    TrainingConfig,
    TrainingRun,
    warm_up,
)

PROBLEMS = {  # name: (layers, points, batch, optimizer, lr, steps per timed block)
    "R-full": ("2-8-8-1", 200, None, "adam", 0.01, 400),
    "R-mini": ("2-4-2-1", 200, 10, "sgd", 0.03, 2000),
    "R-20k": ("2-8-8-1", 20_000, None, "adam", 0.01, 10),
}
TARGETS = {"R-mini epoch µs": 100.0, "R-20k ms/step": 3.0, "bookkeeping share": 0.10}


def make_run(problem: str, use_fast: bool) -> TrainingRun:
    layers, n, batch, opt, lr, _ = PROBLEMS[problem]
    data = generate("circle", n_points=n, train_fraction=1.0, seed=0)
    net = layered(layers, "tanh", "linear", seed=0)
    cfg = TrainingConfig(LossSpec("half_squared", "mean"), opt, {"lr": lr}, batch_size=batch)
    return TrainingRun(net, data, cfg, fast=use_fast)


def engine_block(problem: str, use_fast: bool):
    run = make_run(problem, use_fast)
    run.steps(20)
    if use_fast and run.executor != "fast":
        raise SystemExit(f"the fast executor did not take {problem}: "
                         f"{run.fast_refused or fast.reason()}")

    def block(n: int) -> None:
        if run.steps(n) != n:
            raise SystemExit(f"{problem} diverged: {run.diverged}")
    return block


def torch_block(problem: str):
    """The same model, data, loss and optimizer in PyTorch eager (None without torch)."""
    try:
        import torch
    except ImportError:
        return None
    torch.set_num_threads(1)
    layers, n, batch, opt, lr, _ = PROBLEMS[problem]
    data = generate("circle", n_points=n, train_fraction=1.0, seed=0)
    x = torch.tensor(data.x_train, dtype=torch.float64)
    y = torch.tensor(data.y_train, dtype=torch.float64)
    sizes = [int(s) for s in layers.split("-")]
    mods = []
    for i, (a, b) in enumerate(zip(sizes, sizes[1:])):
        mods.append(torch.nn.Linear(a, b, dtype=torch.float64))
        if i < len(sizes) - 2:
            mods.append(torch.nn.Tanh())
    model = torch.nn.Sequential(*mods)
    optim = (torch.optim.Adam if opt == "adam" else torch.optim.SGD)(model.parameters(), lr=lr)
    gen = torch.Generator().manual_seed(0)
    state = {"perm": torch.randperm(n, generator=gen), "cursor": 0}

    def step() -> None:
        if batch is None:
            xb, yb = x, y
        else:
            if state["cursor"] == 0:
                state["perm"] = torch.randperm(n, generator=gen)
            idx = state["perm"][state["cursor"]:state["cursor"] + batch]
            state["cursor"] = (state["cursor"] + batch) % n
            xb, yb = x[idx], y[idx]
        optim.zero_grad()
        loss = 0.5 * ((model(xb) - yb) ** 2).sum(dim=1).mean()
        loss.backward()
        optim.step()

    def block(k: int) -> None:
        for _ in range(k):
            step()
    return block


def interleaved(blocks: dict, steps: int, rounds: int) -> tuple[dict, dict]:
    """Wall-clock and CPU seconds per step of every engine in every round, the engines
    taking turns. CPU time (this thread's) is what a step costs when the machine is not
    shared; on a busy machine wall-clock time also counts the waits for a core."""
    for b in blocks.values():
        b(max(1, steps // 10))  # warm up
    times: dict[str, list[float]] = {name: [] for name in blocks}
    cpu: dict[str, list[float]] = {name: [] for name in blocks}
    for _ in range(rounds):
        for name, b in blocks.items():
            t0, c0 = time.perf_counter(), time.thread_time()
            b(steps)
            times[name].append((time.perf_counter() - t0) / steps)
            cpu[name].append((time.thread_time() - c0) / steps)
    return times, cpu


def bookkeeping(rounds: int) -> dict[str, float]:
    """Shares of an R-mini step spent on history, shuffling and the app's snapshots."""
    from playground.ui.training.worker import take_snapshot

    with_history = make_run("R-mini", True)
    bare = make_run("R-mini", True)
    bare.history.stride = bare.history.path_stride = 1 << 60  # nothing is ever due
    steps = 20 * PROBLEMS["R-mini"][5]
    per_step = {"history": [], "bare": []}
    # CPU time of this thread: the difference is small, and other processes' load
    # would swamp it in wall-clock time.
    for _ in range(rounds):
        for name, run in (("history", with_history), ("bare", bare)):
            t0 = time.thread_time()
            run.steps(steps)
            per_step[name].append((time.thread_time() - t0) / steps)
    history_share = statistics.median(
        (h - b) / h for h, b in zip(per_step["history"], per_step["bare"]))
    # Shuffling: drawing a block of permutations, per epoch, over an epoch's 20 steps.
    perms = Permutations("blocks", 0, 200)
    t0 = time.thread_time()
    for block in range(200):
        perms.block(block * perms.per_block)
    per_epoch = (time.thread_time() - t0) / (200 * perms.per_block)
    step = statistics.median(per_step["history"])  # CPU seconds
    shuffle_share = per_epoch / (20 * step + per_epoch)
    # Snapshots: the app takes at most 30 a second, whatever the step rate.
    t0 = time.thread_time()
    for _ in range(200):
        take_snapshot(with_history, 1)
    snapshot = (time.thread_time() - t0) / 200
    snapshot_share = 30 * snapshot
    return {"step_us": step * 1e6, "history_share": history_share,
            "shuffle_share": shuffle_share, "snapshot_ms": snapshot * 1e3,
            "snapshot_share": snapshot_share,
            "total_share": history_share + shuffle_share + snapshot_share}


def where_time_goes(problem: str, use_fast: bool, steps: int) -> str:
    run = make_run(problem, use_fast)
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


def spread(values: list[float]) -> str:
    return f"{statistics.median(values):.1f}x ({min(values):.1f}–{max(values):.1f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--json", action="store_true", help="also print one line of JSON")
    parser.add_argument("--profile", action="store_true", help="show where the time goes")
    args = parser.parse_args()
    t0 = time.perf_counter()
    kernels = fast.load(warm_up)
    loaded = time.perf_counter() - t0
    state = f"loaded in {loaded:.1f} s" if kernels else f"unavailable: {fast.reason()}"
    print(f"{time.strftime('%Y-%m-%d %H:%M')}  {platform.processor() or platform.machine()}, "
          f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}; numpy "
          f"{np.__version__}; fast executor {state}")
    result: dict = {"date": time.strftime("%Y-%m-%d"), "load": os.getloadavg()[0],
                    "problems": {}}
    unit = {"R-mini": ("µs/epoch", 20 * 1e6), "R-full": ("µs/step", 1e6),
            "R-20k": ("ms/step", 1e3)}
    print(f"{'problem':8} {'fast':>12} {'numpy':>12} {'torch':>12} {'numpy/fast':>18} "
          f"{'torch/fast':>18} {'fast CPU':>10}")
    for problem in PROBLEMS:
        blocks = {}
        if kernels:
            blocks["fast"] = engine_block(problem, True)
        blocks["numpy"] = engine_block(problem, False)
        theirs = torch_block(problem)
        if theirs:
            blocks["torch"] = theirs
        times, cpu = interleaved(blocks, PROBLEMS[problem][5], args.rounds)
        name, scale = unit[problem]
        med = {k: statistics.median(v) * scale for k, v in times.items()}
        med_cpu = {k: statistics.median(v) * scale for k, v in cpu.items()}
        ratios = {}
        if "fast" in times:
            for other in ("numpy", "torch"):
                if other in times:
                    ratios[other] = [o / f for o, f in zip(times[other], times["fast"])]
        cells = [f"{med[k]:10.1f}" if k in med else f"{'-':>10}" for k in ("fast", "numpy",
                                                                           "torch")]
        print(f"{problem:8} " + " ".join(f"{c:>12}" for c in cells) + " " +
              " ".join(f"{spread(ratios[k]) if k in ratios else '-':>18}"
                       for k in ("numpy", "torch")) +
              f" {med_cpu.get('fast', float('nan')):10.1f}  ({name})")
        result["problems"][problem] = {"unit": name, "median": med, "median_cpu": med_cpu,
                                       "ratio_median": {k: statistics.median(v)
                                                        for k, v in ratios.items()}}
    if kernels:
        b = bookkeeping(args.rounds)
        result["bookkeeping"] = b
        print(f"R-mini bookkeeping, share of a {b['step_us']:.2f} µs step: history "
              f"{100 * b['history_share']:.1f} %, shuffling {100 * b['shuffle_share']:.1f} %, "
              f"snapshots (30/s at {b['snapshot_ms']:.2f} ms) "
              f"{100 * b['snapshot_share']:.1f} %: total {100 * b['total_share']:.1f} % "
              f"(target ≤ {100 * TARGETS['bookkeeping share']:.0f} %)")
        mini = result["problems"]["R-mini"]
        big = result["problems"]["R-20k"]
        print(f"targets: R-mini epoch {mini['median']['fast']:.0f} µs wall, "
              f"{mini['median_cpu']['fast']:.0f} µs CPU (≤ {TARGETS['R-mini epoch µs']:.0f}); "
              f"20,000 points {big['median']['fast']:.2f} ms/step wall, "
              f"{big['median_cpu']['fast']:.2f} ms CPU (≤ {TARGETS['R-20k ms/step']:.0f})")
    if args.profile:
        for problem in PROBLEMS:
            for use_fast in (True, False):
                print(f"\nwhere the time goes, {problem}, "
                      f"{'fast' if use_fast else 'numpy'}:")
                print(where_time_goes(problem, use_fast, 200))
    if args.json:
        print(json.dumps(result))


if __name__ == "__main__":
    main()
