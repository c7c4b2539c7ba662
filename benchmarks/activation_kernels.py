"""Speed and accuracy of the float32 activation kernels the landscape evaluates grids with.

For each activation in the registry: time of its float32 kernel on a 4096×200 grid
of pre-activations (about one landscape chunk), and its largest relative error
against the float64 function at chosen points, near 0 included. For tanh and
sigmoid it also times the alternatives they were chosen over:

- tanh as 1 − 2/(e^{2z} + 1) (the kernel before the activation registry);
- sigmoid by the stable float64 formula cast to float32, and as ½(1 + tanh(z/2)).

Then the landscape benchmark's reference grids (2-8-8-1 tanh, 200 circle points,
one thread) with the registry's tanh kernel and with the old exp form, runs
interleaved so machine load hits both alike.

Last, where numba is installed, the compiled float32 tanh forms the landscape's grid
program could use (kernels.py): ns a value in a vectorised loop over 16,384 values
(best of 3,000 passes), and the largest error in float32 ulp over every 7th float32
from 2⁻¹⁰ to 12 (tests/engine/test_landscape_fast.py checks all of them), beside
np.tanh in float32.

Run: .venv/bin/python benchmarks/activation_kernels.py
"""

from __future__ import annotations

import os
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")

import statistics  # noqa: E402
from dataclasses import replace  # noqa: E402

import numpy as np  # noqa: E402

from playground.engine import activations, landscape  # noqa: E402
from playground.engine.activations import ACTIVATIONS, sigmoid  # noqa: E402
from playground.engine.compiled import compile_network  # noqa: E402
from playground.engine.datasets import generate  # noqa: E402
from playground.engine.network import layered  # noqa: E402

POINTS = np.array([1e-6, -1e-6, 1e-3, 0.1, 1.0, -1.0, 5.0, -20.0, -80.0, 20.0, 90.0])


def tanh_exp_form(z, out):
    np.multiply(z, 2.0, out=out)
    np.exp(out, out=out)
    out += 1.0
    np.divide(-2.0, out, out=out)
    out += 1.0
    return out


def sigmoid_stable(z, out):
    out[...] = sigmoid(z)
    return out


def sigmoid_tanh_form(z, out):
    np.multiply(z, 0.5, out=out)
    np.tanh(out, out=out)
    out *= 0.5
    out += 0.5
    return out


def ms(kernel, z, out, repeat=40) -> float:
    kernel(z, out)
    start = time.perf_counter()
    for _ in range(repeat):
        kernel(z, out)
    return (time.perf_counter() - start) / repeat * 1e3


def worst_relative_error(kernel, f64) -> float:
    z32 = POINTS.astype(np.float32)
    ref = f64(z32.astype(np.float64))
    with np.errstate(all="ignore"):
        got = kernel(z32, np.empty_like(z32)).astype(np.float64)
        rel = np.abs(got - ref) / np.maximum(np.abs(ref), np.finfo(np.float32).tiny)
    return float(rel.max())


def main() -> None:
    z = np.random.default_rng(0).normal(0, 3, (4096, 200)).astype(np.float32)
    out = np.empty_like(z)
    rows = [(name, act.kernel32, act.f) for name, act in ACTIVATIONS.items()]
    rows += [("tanh (old exp form)", tanh_exp_form, np.tanh),
             ("sigmoid (stable, cast)", sigmoid_stable, sigmoid),
             ("sigmoid (tanh form)", sigmoid_tanh_form, sigmoid)]
    print(f"{'kernel':24} {'ms / 4096x200':>14} {'worst rel. error':>17}")
    with np.errstate(all="ignore"):
        for name, kernel, f64 in rows:
            print(f"{name:24} {ms(kernel, z, out):14.3f} {worst_relative_error(kernel, f64):17.2e}")
    print("points:", ", ".join(f"{p:g}" for p in POINTS))
    landscapes()
    compiled_tanh()


def compiled_tanh() -> None:
    """The float32 rational the grid program uses against the training kernels' exp form
    built in float32 (what the program used before) and np.tanh."""
    from playground.engine import fast
    if not fast.installed():
        print("\ncompiled tanh forms: numba is not installed")
        return
    from numba import njit, types

    from playground.engine.fast import kernels as k
    from playground.engine.fast.grid import _wide_vectors

    opts = {"nogil": True, "error_model": "numpy"}
    sig = types.void(types.float32[::1], types.float32[::1])

    def loop(form):
        one = njit(inline="always", **opts)(form)

        @njit(sig, fastmath={"contract"}, **opts)
        def run(z, out):
            _wide_vectors()
            for i in range(z.shape[0]):
                out[i] = one(z[i])
        return run

    forms = {"rational (grid program)": loop(k._tanh32_form()),
             "exp form in float32 (before)": loop(k._tanh_form(np.float32)),
             "np.tanh": lambda z, out: np.tanh(z, out=out)}
    rng = np.random.default_rng(0)
    z = rng.normal(0, 2, 1 << 14).astype(np.float32)
    lo, hi = (int(np.float32(v).view(np.int32)) for v in (2.0 ** -10, 12.0))
    sweep = np.arange(lo, hi, 7, dtype=np.int32).view(np.float32)  # every 7th float32
    ref = np.tanh(sweep.astype(np.float64))
    spacing = np.spacing(np.abs(ref).astype(np.float32)).astype(np.float64)
    print(f"\n{'compiled float32 tanh':30} {'ns a value':>10} {'max ulp':>8}")
    for name, run in forms.items():
        out = np.empty_like(z)
        run(z, out)
        best = min(_seconds(run, z, out) for _ in range(3000))
        swept = np.empty_like(sweep)
        run(sweep, swept)
        ulps = np.max(np.abs(swept.astype(np.float64) - ref) / spacing)
        print(f"{name:30} {best / z.size * 1e9:10.3f} {ulps:8.2f}")


def _seconds(run, z, out) -> float:
    start = time.perf_counter()
    run(z, out)
    return time.perf_counter() - start


def landscapes(repeats: int = 9) -> None:
    """Median ms of the reference grids, registry tanh kernel vs the old exp form."""
    net = layered("2-8-8-1", "tanh", "linear")
    data = generate("circle", n_points=200, train_fraction=1.0)
    x, y = data.x_train, data.y_train
    compiled = {"np.tanh (registry)": compile_network(net)}
    registry_tanh = ACTIVATIONS["tanh"]
    # Compiled ops bind the entry they find, so compile once more with the old kernel.
    activations.ACTIVATIONS["tanh"] = replace(registry_tanh, kernel32=tanh_exp_form)
    try:
        compiled["exp form (old)"] = compile_network(net)
    finally:
        activations.ACTIVATIONS["tanh"] = registry_tanh
    theta = compiled["np.tanh (registry)"].parameters_of(net)
    print(f"\n{'landscape grid (one thread)':36} " + " ".join(f"{k:>20}" for k in compiled))
    for name, n, rng, make in [
            ("axis slice w:x1->h1_1, w:x2->h1_1", 128, (-4, 4, -4, 4),
             lambda c: landscape.axes_plane(c, theta, "w:x1->h1_1", "w:x2->h1_1")),
            ("random plane", 64, (-1, 1, -1, 1),
             lambda c: landscape.random_plane(c, theta, seed=0))]:
        evals = {k: landscape.PlaneEvaluator(c, make(c), x, y) for k, c in compiled.items()}
        times: dict[str, list[float]] = {k: [] for k in evals}
        for _ in range(repeats):
            for k, ev in evals.items():
                start = time.perf_counter()
                ev.surface(rng, n)
                times[k].append((time.perf_counter() - start) * 1e3)
        print(f"{name + f' {n}x{n}':36} "
              + " ".join(f"{statistics.median(t):>17.1f} ms" for t in times.values()))


if __name__ == "__main__":
    main()
