"""Loss-landscape grids on the reference network: time, peak memory and baselines.

Run: .venv/bin/python benchmarks/landscape.py [--rounds 7] [--json]
(PLAYGROUND_FAST=0 runs the engine column without the numba grid kernels.)

Reference: a 2-8-8-1 tanh network with a linear output, 200 points of the
"circle" data, ½ squared error averaged. Rows: 128×128 axis-aligned slices over
two first-layer weights, and random (filter-normalised) and trajectory (PCA of a
path) planes at 64×64 and 128×128. Columns, measured in interleaved rounds on one
thread so they share the machine's load: this engine (float32, structure
exploited, with the fast executor's numba grid kernels when they load), the
same engine on numpy alone, the same grid through the compiled network's plain batched forward
(float32, numpy: the reference path), and, when PyTorch is importable, a batched
PyTorch float32 forward, with the median (and range) of the per-round ratios.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from playground.engine import fast, landscape  # noqa: E402
from playground.engine.compiled import compile_network  # noqa: E402
from playground.engine.datasets import generate  # noqa: E402
from playground.engine.network import layered  # noqa: E402

try:
    import torch
except ImportError:  # the comparison is optional
    torch = None

REPEATS = 7
BASELINE_CHUNK = 2048  # grid points per batched baseline call, so memory stays sane


def grid(plane: landscape.Plane, rng, n: int) -> tuple[np.ndarray, np.ndarray]:
    xs = np.linspace(rng[0], rng[1], n)
    ys = np.linspace(rng[2], rng[3], n)
    return np.tile(xs, n), np.repeat(ys, n)


def numpy_baseline(compiled, plane, rng, n, x, y) -> np.ndarray:
    """The compiled network's plain batched forward in float32, chunk by chunk."""
    a, b = grid(plane, rng, n)
    x32, y32 = x.astype(np.float32), y.astype(np.float32)
    out = []
    for s in range(0, len(a), BASELINE_CHUNK):
        theta = plane.points(a[s:s + BASELINE_CHUNK], b[s:s + BASELINE_CHUNK])
        out.append(compiled.loss(theta.astype(np.float32), x32, y32))
    return np.concatenate(out)


def torch_forward(compiled, plane, rng, n, x, y, chunk: int | None) -> np.ndarray:
    """A straightforward batched PyTorch float32 forward of a layered, dense network."""
    a, b = (torch.from_numpy(v.astype(np.float32)) for v in grid(plane, rng, n))
    origin, u, v = (torch.from_numpy(m.astype(np.float32)) for m in
                    (plane.origin, plane.u, plane.v))
    xt, yt = torch.from_numpy(x.astype(np.float32)), torch.from_numpy(y.astype(np.float32))
    layers = []  # (weight slice, shape, bias slice, activation) per level
    blocks = iter(compiled.blocks)
    for level in compiled.levels[1:]:
        w = next(blocks)
        bias = next(blocks)
        layers.append((slice(w.start, w.stop), w.shape, slice(bias.start, bias.stop),
                       compiled.activation[level.ids[0]]))
    acts = {"tanh": torch.tanh, "linear": lambda t: t}
    out = []
    step = chunk or len(a)
    with torch.inference_mode():
        for s in range(0, len(a), step):
            theta = origin + a[s:s + step, None] * u + b[s:s + step, None] * v
            h = xt.expand(theta.shape[0], *xt.shape)
            for ws, shape, bs, act in layers:
                w = theta[:, ws].reshape(theta.shape[0], *shape)
                h = acts[act](torch.baddbmm(theta[:, bs].unsqueeze(1), h, w.transpose(1, 2)))
            out.append(0.5 * ((h - yt) ** 2).sum(dim=(1, 2)) / xt.shape[0])
    return torch.cat(out).numpy()


def peak_mb(fn) -> float:
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 2**20


def interleaved(fns: dict, rounds: int) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """Wall and this thread's CPU milliseconds of each function per round, the functions
    taking turns (CPU time is what a call costs without waiting for a busy core)."""
    for fn in fns.values():
        fn()  # warm up
    times: dict[str, list[float]] = {name: [] for name in fns}
    cpu: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(rounds):
        for name, fn in fns.items():
            t, c = time.perf_counter(), time.thread_time()
            fn()
            times[name].append(1e3 * (time.perf_counter() - t))
            cpu[name].append(1e3 * (time.thread_time() - c))
    return times, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=REPEATS)
    parser.add_argument("--json", action="store_true", help="also print one line of JSON")
    args = parser.parse_args()
    if torch is not None:
        torch.set_num_threads(1)
    t0 = time.perf_counter()
    kernels = fast.load() is not None
    loaded = (f"numba grid kernels loaded in {time.perf_counter() - t0:.1f} s" if kernels
              else f"no numba grid kernels ({fast.reason()}): the engine runs on numpy")
    net = layered("2-8-8-1", "tanh", "linear")
    compiled = compile_network(net)
    data = generate("circle", n_points=200, train_fraction=1.0)
    x, y = data.x_train, data.y_train
    theta = compiled.parameters_of(net)
    # A made-up descent path for the trajectory plane: theta drifting with noise.
    walk = np.random.default_rng(1).normal(0, 0.05, (60, len(theta))).cumsum(axis=0)
    path = theta + walk + np.linspace(0, 1, 60)[:, None] * np.random.default_rng(2).normal(
        0, 0.3, len(theta))
    cases = [  # name, size, target ms, plane, range
        ("axis slice w:x1->h1_1, w:x2->h1_1", 128, 30.0,
         landscape.axes_plane(compiled, theta, "w:x1->h1_1", "w:x2->h1_1"), (-4, 4, -4, 4)),
        ("axis slice w:x1->h1_1, w:x1->h1_2", 128, 30.0,
         landscape.axes_plane(compiled, theta, "w:x1->h1_1", "w:x1->h1_2"), (-4, 4, -4, 4)),
        ("random plane", 64, 12.0, landscape.random_plane(compiled, theta, seed=0),
         (-1, 1, -1, 1)),
        ("random plane", 128, 45.0, landscape.random_plane(compiled, theta, seed=0),
         (-1, 1, -1, 1)),
        ("trajectory plane", 64, 12.0, landscape.trajectory_plane(path, path[-1]),
         (-1, 1, -1, 1)),
        ("trajectory plane", 128, 45.0, landscape.trajectory_plane(path, path[-1]),
         (-1, 1, -1, 1)),
    ]
    print(f"{time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} cores, load average "
          f"{os.getloadavg()[0]:.1f}; reference: 2-8-8-1 tanh/linear, {len(x)} points, "
          f"{compiled.n_params} parameters; medians of {args.rounds} interleaved rounds, "
          f"one thread")
    print(loaded)
    print(f"PyTorch {torch.__version__} (batched float32)" if torch is not None else
          "PyTorch is not importable: no PyTorch column")
    head = (f"{'grid':<34} {'size':>7} {'engine ms':>9} {'CPU ms':>7} {'target':>6} "
            f"{'eng/np ms':>9} {'numpy ms':>9} {'torch ms':>9} {'torch/engine':>18} "
            f"{'CPU ratio':>9}")
    print(head)
    print("-" * len(head))
    rows = []
    for name, n, target, plane, rng in cases:
        evaluator = landscape.PlaneEvaluator(compiled, plane, x, y)
        plain = landscape.PlaneEvaluator(compiled, plane, x, y, fast=False)
        z = evaluator.surface(rng, n).z.ravel()
        assert np.allclose(z, plain.surface(rng, n).z.ravel(), rtol=1e-5), \
            "engine with and without the grid kernels disagree"
        check = numpy_baseline(compiled, plane, rng, n, x, y)
        assert np.allclose(z, check, rtol=1e-4), "engine and baseline disagree"
        fns = {"engine": lambda: evaluator.surface(rng, n),  # noqa: B023
               "engine_numpy": lambda: plain.surface(rng, n),  # noqa: B023
               "numpy": lambda: numpy_baseline(compiled, plane, rng, n, x, y)}  # noqa: B023
        if torch is not None:
            assert np.allclose(torch_forward(compiled, plane, rng, n, x, y, None), z, rtol=1e-4)
            fns["torch"] = lambda: torch_forward(compiled, plane, rng, n, x, y,  # noqa: B023
                                                 BASELINE_CHUNK)
        times, cpu = interleaved(fns, args.rounds)
        med = {k: statistics.median(v) for k, v in times.items()}
        med_cpu = {k: statistics.median(v) for k, v in cpu.items()}
        ratios = [t / e for t, e in zip(times.get("torch", []), times["engine"])]
        ratio = (f"{statistics.median(ratios):.1f}x ({min(ratios):.1f}–{max(ratios):.1f})"
                 if ratios else "-")
        cpu_ratio = (f"{med_cpu['torch'] / med_cpu['engine']:.1f}x" if "torch" in med_cpu
                     else "-")
        print(f"{name:<34} {f'{n}x{n}':>7} {med['engine']:>9.1f} {med_cpu['engine']:>7.1f} "
              f"{'≤' + f'{target:.0f}':>6} {med['engine_numpy']:>9.1f} {med['numpy']:>9.1f} "
              f"{med.get('torch', float('nan')):>9.1f} {ratio:>18} {cpu_ratio:>9}")
        rows.append({"grid": name, "size": n, "target_ms": target, "median_ms": med,
                     "median_cpu_ms": med_cpu,
                     "torch_over_engine": statistics.median(ratios) if ratios else None})
    plane = cases[0][3]
    mb = peak_mb(lambda: landscape.evaluate(compiled, plane, x, y, (-4, 4, -4, 4), 128))
    print("targets: axis slice 128² ≤ 30 ms; random and trajectory planes 64² ≤ 12 ms, "
          "128² ≤ 45 ms and ≥ 6x PyTorch (ratio: median of per-round wall ratios; CPU "
          "ratio: of the median CPU times)")
    print(f"peak traced memory, 128x128 axis slice (evaluate): {mb:.1f} MB (target ≤ 300 MB)")
    if args.json:
        print(json.dumps({"date": time.strftime("%Y-%m-%d %H:%M"), "load": os.getloadavg()[0],
                          "grid_kernels": kernels, "rows": rows, "peak_mb": mb}))


if __name__ == "__main__":
    main()
