"""Cost per point of a full-batch training step from 200 to 100,000 points, three widths.

Run: .venv/bin/python benchmarks/scaling.py [--rounds 3] [--quick] [--widths 8 32 128] [--json]

2-W-W-1 tanh networks (W = 8, 32, 128), linear output, the "circle" data, ½ squared
error averaged, Adam, full batch, float64, one thread. For every size the engines
take turns (interleaved rounds): the app's training run (whichever executor it picks),
the numpy reference path, and PyTorch eager when installed. Printed: median ns per
point and per step, the app/torch ratio per size, and how flat the app's cost per
point stays (largest over smallest, target ≤ 2) with the 20,000-point step time
(target ≤ 3 ms for 2-8-8-1).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from playground.engine import fast  # noqa: E402
from playground.engine.datasets import generate  # noqa: E402
from playground.engine.losses import LossSpec  # noqa: E402
from playground.engine.network import layered  # noqa: E402
from playground.engine.training import TrainingConfig, TrainingRun, warm_up  # noqa: E402

SIZES = (200, 1000, 5000, 20_000, 100_000)
WIDTHS = (8, 32, 128)
BLOCK_SECONDS = 0.15  # aim for blocks this long, at least one step


def engine(layers: str, n: int, use_fast: bool | None):
    data = generate("circle", n_points=n, train_fraction=1.0, seed=0)
    net = layered(layers, "tanh", "linear", seed=0)
    cfg = TrainingConfig(LossSpec("half_squared", "mean"), "adam", {"lr": 0.001})
    run = TrainingRun(net, data, cfg, fast=use_fast)
    return lambda k: run.steps(k), run


def torch_engine(layers: str, n: int):
    try:
        import torch
    except ImportError:
        return None
    torch.set_num_threads(1)
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
    opt = torch.optim.Adam(model.parameters(), lr=0.001)

    def steps(k: int) -> None:
        for _ in range(k):
            opt.zero_grad()
            loss = 0.5 * ((model(x) - y) ** 2).sum(dim=1).mean()
            loss.backward()
            opt.step()
    return steps


def measure(blocks: dict, rounds: int) -> dict[str, list[float]]:
    """Seconds per step of each engine per round, the engines taking turns."""
    per_block = {}
    for name, b in blocks.items():
        t0 = time.perf_counter()
        b(1)  # warm up, and size the blocks
        per_block[name] = max(1, int(BLOCK_SECONDS / max(time.perf_counter() - t0, 1e-6)))
    times: dict[str, list[float]] = {name: [] for name in blocks}
    for _ in range(rounds):
        for name, b in blocks.items():
            k = per_block[name]
            t0 = time.perf_counter()
            b(k)
            times[name].append((time.perf_counter() - t0) / k)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="2-8-8-1 only")
    parser.add_argument("--widths", type=int, nargs="+", default=list(WIDTHS),
                        help=f"hidden widths W of 2-W-W-1 (default {' '.join(map(str, WIDTHS))})")
    parser.add_argument("--json", action="store_true", help="also print one line of JSON")
    args = parser.parse_args()
    fast.load(warm_up)
    print(f"{time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} cores, load average "
          f"{os.getloadavg()[0]:.1f}; fast executor "
          f"{'loaded' if fast.reason() == '' else fast.reason()}")
    result: dict = {"date": time.strftime("%Y-%m-%d"), "load": os.getloadavg()[0], "rows": []}
    for width in (WIDTHS[:1] if args.quick else args.widths):
        layers = f"2-{width}-{width}-1"
        print(f"\n{layers}: ns per point (median of {args.rounds} interleaved rounds)")
        print(f"{'points':>8} {'app':>10} {'executor':>9} {'numpy':>10} {'torch':>10} "
              f"{'app ms/step':>12} {'torch/app':>10}")
        app_ns = []
        for n in SIZES:
            app, run = engine(layers, n, None)
            ref, _ = engine(layers, n, False)
            blocks = {"app": app, "numpy": ref}
            theirs = torch_engine(layers, n)
            if theirs:
                blocks["torch"] = theirs
            times = measure(blocks, args.rounds)
            med = {k: statistics.median(v) for k, v in times.items()}
            ratio = statistics.median(t / a for t, a in zip(times["torch"], times["app"])) \
                if "torch" in times else None
            app_ns.append(med["app"] / n * 1e9)
            print(f"{n:8d} {app_ns[-1]:10.1f} {run.executor:>9} "
                  f"{med['numpy'] / n * 1e9:10.1f} "
                  f"{med['torch'] / n * 1e9 if 'torch' in med else float('nan'):10.1f} "
                  f"{med['app'] * 1e3:12.3f} "
                  f"{f'{ratio:.2f}x' if ratio else '-':>10}")
            result["rows"].append({"layers": layers, "points": n, "executor": run.executor,
                                   "s_per_step": med, "torch_over_app": ratio})
        flat = max(app_ns) / min(app_ns)
        print(f"cost per point, largest over smallest: {flat:.2f} (target ≤ 2)")
        result.setdefault("flatness", {})[layers] = flat
    if args.json:
        print(json.dumps(result))


if __name__ == "__main__":
    main()
