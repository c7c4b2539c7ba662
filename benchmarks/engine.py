"""Training speed: the fast executor, the numpy reference path and PyTorch, in interleaved rounds.

R-full: 2-8-8-1 tanh, linear output, 200 points, full batch, Adam, float64.
R-mini: 2-4-2-1 tanh, linear output, 200 points, batch 10, SGD lr 0.03: one epoch is
        20 updates (reported per epoch).
R-20k:  2-8-8-1 as R-full on 20,000 points.

Run: .venv/bin/python benchmarks/engine.py [--rounds 7] [--json] [--profile]

Every round times a block of steps of each engine in turn (fast, numpy, torch), so
all of them see the same machine load; the table gives each engine's median and
the median (and range) of the per-round ratios. Also printed: how much of R-mini's
training time the bookkeeping takes (the loss curve, the recorded path, shuffling,
the app's snapshots) over the first 280,000 steps of a run, and over its first
40,000 alone (`bookkeeping`). `--json` adds one line of JSON with every figure;
`--bookkeeping-only` skips the speed table. One thread everywhere.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import math
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


BOOK_WINDOW = 280_000  # steps of a fresh R-mini run the bookkeeping is measured over
BOOK_EARLY = 40_000  # its first part, where the loss curve takes a point every epoch


class _SameBlock:
    """Stands in for a run's `Permutations`: hands out one block drawn in advance, so
    a run trains exactly as much but draws no permutations."""

    def __init__(self, perms: Permutations):
        self.per_block = perms.per_block
        self._block = perms.block(0)[1]

    def block(self, epoch: int):
        return epoch - epoch % self.per_block, self._block

    def of(self, epoch: int):
        return self._block[epoch % self.per_block]


def _book_variant(parts: tuple[str, ...]) -> TrainingRun:
    """A fresh R-mini run on the fast executor that skips the bookkeeping in `parts`:
    "loss" (the loss curve: no step is ever due), "path" (the recorded parameters: the
    last recorded step is pushed past any step trained here) or "shuffle"."""
    run = make_run("R-mini", True)
    run.steps(1)  # binds the fast executor; step 0 is recorded in every variant
    h = run.history
    if "loss" in parts:
        h.stride = 1 << 60
    if "path" in parts:
        h._path_steps[h.n_path - 1] = 1 << 62
    if not run._fast.draws:
        raise SystemExit(f"R-mini's {run.config.shuffle!r} shuffle is not drawn in the kernel")
    if "shuffle" in parts:  # the kernel draws no orders, it is handed one block
        run._fast.draws = False
        run._permutations = _SameBlock(Permutations("blocks", 0, len(run.x)))
    return run


def loss_points(steps: int, stride: int, capacity: int) -> int:
    """How many loss points a run records in its first `steps` steps (History's rule:
    every stride-th step, the stride doubling each time `capacity` points are held)."""
    count = held = 0
    s = 0
    while s < steps:
        count += 1
        held += 1
        if held >= capacity:
            held = (held + 1) // 2
            stride *= 2
        s = (s // stride + 1) * stride
    return count


def bookkeeping(rounds: int) -> dict[str, float]:
    """Shares of R-mini training time spent on the loss curve, the recorded path,
    shuffling and the app's snapshots, over the first BOOK_WINDOW steps of a run.

    Every round trains a fresh run of each variant through the same window (the loss
    curve's stride doubles as a run goes on, so the window matters); each variant
    leaves one part out, "bare" leaves all three out. CPU time of this thread: the
    differences are small and other processes' load would swamp them in wall-clock
    time. Each share is (full - variant) / full, the median over rounds."""
    from playground.ui.training.worker import take_snapshot

    variants = {"full": (), "bare": ("loss", "path", "shuffle"), "no loss": ("loss",),
                "no path": ("path",), "no shuffle": ("shuffle",)}
    early = {name: [] for name in variants}
    whole = {name: [] for name in variants}
    chunks = [BOOK_EARLY - 1] + [BOOK_EARLY] * ((BOOK_WINDOW - BOOK_EARLY) // BOOK_EARLY)
    for _ in range(rounds):
        runs = {name: _book_variant(parts) for name, parts in variants.items()}
        before = {name: (run.history.n, run.history.n_path) for name, run in runs.items()}
        cpu = {name: [] for name in variants}
        for chunk in chunks:  # the variants take turns chunk by chunk: they share the load
            for name, run in runs.items():
                t0 = time.thread_time()
                run.steps(chunk)
                cpu[name].append(time.thread_time() - t0)
        for name, run in runs.items():
            if run.step_count != BOOK_WINDOW:
                raise SystemExit(f"R-mini stopped at step {run.step_count}: {run.diverged}")
            n, m = before[name]
            recorded = (run.history.n > n, run.history.n_path > m)
            parts = variants[name]
            if recorded != ("loss" not in parts, "path" not in parts):
                raise SystemExit(f"bookkeeping variant {name!r} recorded {recorded}")
            early[name].append(cpu[name][0] / chunks[0])
            whole[name].append(sum(cpu[name]) / sum(chunks))

    def share(times: dict, name: str) -> float:
        return statistics.median((f - v) / f for f, v in zip(times["full"], times[name]))

    # Shuffling measured directly too: the kernel drawing an epoch's order (a call
    # from Python each, so this is an upper bound).
    order, draw = np.empty(200, dtype=np.int64), fast.load().splitmix_order
    t0 = time.thread_time()
    for epoch in range(20_000):
        draw(order, 12345, epoch)
    per_epoch = (time.thread_time() - t0) / 20_000
    step = statistics.median(whole["full"])  # CPU seconds
    # Snapshots: the app takes at most 30 a second, whatever the step rate; measured on
    # a run at the end of the window (full history and path).
    run = _book_variant(())
    run.steps(BOOK_WINDOW - 1)
    take_snapshot(run, 1)
    snaps = []
    for _ in range(rounds):
        t0 = time.thread_time()
        for _ in range(30):
            take_snapshot(run, 1)
        snaps.append((time.thread_time() - t0) / 30)
    snapshot = statistics.median(snaps)
    # One loss point alone: the kernel's full forward pass over the 200 training rows,
    # called from Python (a one-row call shows what the call itself costs).
    ex, tr = run._fast.ex, run._fast
    point = {}
    for rows in (1, 200):
        x, y = tr.x[:rows].copy(), tr.y[:rows].copy()
        ex.loss(run.theta, x, y)
        best = math.inf
        for _ in range(rounds):
            t0 = time.thread_time()
            for _ in range(1000):
                ex.loss(run.theta, x, y)
            best = min(best, (time.thread_time() - t0) / 1000)
        point[rows] = best
    points = loss_points(BOOK_WINDOW, run.batches_per_epoch, run.history.capacity)
    result = {"window_steps": BOOK_WINDOW, "early_steps": BOOK_EARLY,
              "loss_points": points, "loss_point_us": point[200] * 1e6,
              "loss_call_us": point[1] * 1e6,
              "permutation_ns_per_index": per_epoch / 200 * 1e9,
              "step_us": step * 1e6, "bare_step_us": statistics.median(whole["bare"]) * 1e6,
              "step_us_early": statistics.median(early["full"]) * 1e6,
              "loss_share": share(whole, "no loss"), "path_share": share(whole, "no path"),
              "shuffle_share": share(whole, "no shuffle"),
              "shuffle_direct_share": per_epoch / (20 * step),
              "bookkeeping_share": share(whole, "bare"),
              "bookkeeping_share_early": share(early, "bare"),
              "loss_share_early": share(early, "no loss"),
              "snapshot_ms": snapshot * 1e3, "snapshot_share": 30 * snapshot}
    result["total_share"] = result["bookkeeping_share"] + result["snapshot_share"]
    result["total_share_early"] = result["bookkeeping_share_early"] + result["snapshot_share"]
    return result


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
    parser.add_argument("--bookkeeping-only", action="store_true",
                        help="measure only R-mini's bookkeeping")
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
    for problem in () if args.bookkeeping_only else PROBLEMS:
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
        pct = {k: f"{100 * v:.1f} %" for k, v in b.items() if k.endswith("share")
               or k.endswith("share_early")}
        print(f"R-mini bookkeeping over steps 0-{b['window_steps']:,} of a run (CPU "
              f"{b['step_us']:.2f} µs a step, {b['bare_step_us']:.2f} without): loss curve "
              f"{pct['loss_share']}, path {pct['path_share']}, shuffling "
              f"{pct['shuffle_share']} ({pct['shuffle_direct_share']} timed alone); all "
              f"three {pct['bookkeeping_share']} + snapshots (30/s at "
              f"{b['snapshot_ms']:.2f} ms) {pct['snapshot_share']} = total "
              f"{pct['total_share']} (target ≤ {100 * TARGETS['bookkeeping share']:.0f} %)")
        print(f"  first {b['early_steps']:,} steps alone (a loss point every epoch): loss "
              f"curve {pct['loss_share_early']}, all three {pct['bookkeeping_share_early']}, "
              f"total with snapshots {pct['total_share_early']}")
        per_point = b["loss_share"] * b["step_us"] * b["window_steps"] / b["loss_points"]
        print(f"  {b['loss_points']:,} loss points in the window: {per_point:.1f} µs each in "
              f"training; alone, one takes {b['loss_point_us']:.1f} µs ({b['loss_call_us']:.1f}"
              f" µs for one row); permutations {b['permutation_ns_per_index']:.1f} ns an index")
    if kernels and not args.bookkeeping_only:
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
