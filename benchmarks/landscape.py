"""Loss-landscape grids on the reference network: time, peak memory and baselines.

Run: .venv/bin/python benchmarks/landscape.py

Reference: a 2-8-8-1 tanh network with a linear output, 200 points of the
"circle" data, ½ squared error averaged. Rows: a 128×128 axis-aligned slice over
two first-layer weights and a 64×64 random (filter-normalised) plane. Columns:
this engine (float32, structure exploited; one thread, then two), the same grid
through the compiled network's plain batched forward (float32, numpy), and, when
PyTorch is importable, a straightforward batched PyTorch float32 forward on one
and two threads, with the ratios at equal thread counts. Times are the median of
several runs; on a shared machine the two-thread figures vary the most.
"""

from __future__ import annotations

import statistics
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from playground.engine import landscape  # noqa: E402
from playground.engine.compiled import compile_network  # noqa: E402
from playground.engine.datasets import generate  # noqa: E402
from playground.engine.network import layered  # noqa: E402

try:
    import torch
except ImportError:  # the comparison is optional
    torch = None

REPEATS = 7
BASELINE_CHUNK = 2048  # grid points per batched baseline call, so memory stays sane


def median_ms(fn, repeats: int = REPEATS) -> float:
    fn()  # warm up
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return 1e3 * statistics.median(times)


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


def torch_ms(compiled, plane, rng, n, x, y, threads: int) -> float:
    """The faster of one whole-grid batch and cache-sized chunks, to be fair to torch."""
    before = torch.get_num_threads()
    torch.set_num_threads(threads)
    try:
        return min(median_ms(lambda c=c: torch_forward(compiled, plane, rng, n, x, y, c), 5)
                   for c in (None, BASELINE_CHUNK))
    finally:
        torch.set_num_threads(before)


def peak_mb(fn) -> float:
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 2**20


def main() -> None:
    net = layered("2-8-8-1", "tanh", "linear")
    compiled = compile_network(net)
    data = generate("circle", n_points=200, train_fraction=1.0)
    x, y = data.x_train, data.y_train
    theta = compiled.parameters_of(net)
    cases = [
        ("axis slice w:x1->h1_1, w:x2->h1_1", 128, 120.0,
         landscape.axes_plane(compiled, theta, "w:x1->h1_1", "w:x2->h1_1"), (-4, 4, -4, 4)),
        ("axis slice w:x1->h1_1, w:x1->h1_2", 128, 120.0,
         landscape.axes_plane(compiled, theta, "w:x1->h1_1", "w:x1->h1_2"), (-4, 4, -4, 4)),
        ("random plane", 64, 60.0, landscape.random_plane(compiled, theta, seed=0),
         (-1, 1, -1, 1)),
        ("random plane", 128, None, landscape.random_plane(compiled, theta, seed=0),
         (-1, 1, -1, 1)),
    ]
    print(f"reference: 2-8-8-1 tanh/linear, {len(x)} points, {compiled.n_params} parameters; "
          f"median of {REPEATS} runs")
    if torch is not None:
        print(f"PyTorch {torch.__version__}")
    else:
        print("PyTorch is not importable: no PyTorch column")
    head = (f"{'grid':<36} {'size':>7} {'engine ms':>10} {'target':>7} {'2 threads':>9} "
            f"{'numpy ms':>9}")
    if torch is not None:
        head += f" {'torch 1 thr':>11} {'torch 2 thr':>11} {'ratio 1 thr':>11} {'ratio 2 thr':>11}"
    print(head)
    print("-" * len(head))
    for name, n, target, plane, rng in cases:
        evaluator = landscape.PlaneEvaluator(compiled, plane, x, y)
        engine = median_ms(lambda: evaluator.surface(rng, n))  # noqa: B023
        two = median_ms(lambda: evaluator.surface(rng, n, workers=2))  # noqa: B023
        plain = median_ms(lambda: numpy_baseline(compiled, plane, rng, n, x, y), 3)  # noqa: B023
        z = evaluator.surface(rng, n).z.ravel()
        check = numpy_baseline(compiled, plane, rng, n, x, y)
        assert np.allclose(z, check, rtol=1e-4), "engine and baseline disagree"
        row = (f"{name:<36} {f'{n}x{n}':>7} {engine:>10.1f} "
               f"{'≤' + format(target, '.0f') if target else '':>7} {two:>9.1f} {plain:>9.1f}")
        if torch is not None:
            assert np.allclose(torch_forward(compiled, plane, rng, n, x, y, None), z, rtol=1e-4)
            t1, t2 = (torch_ms(compiled, plane, rng, n, x, y, threads) for threads in (1, 2))
            row += f" {t1:>11.1f} {t2:>11.1f} {t1 / engine:>10.1f}x {t2 / two:>10.1f}x"
        print(row)
    plane = cases[0][3]
    mb = peak_mb(lambda: landscape.evaluate(compiled, plane, x, y, (-4, 4, -4, 4), 128))
    if torch is not None:
        print("ratio: torch ms / engine ms with the same number of threads (target ≥ 3x)")
    print(f"peak traced memory, 128x128 axis slice (evaluate): {mb:.1f} MB (target ≤ 300 MB)")


if __name__ == "__main__":
    main()
