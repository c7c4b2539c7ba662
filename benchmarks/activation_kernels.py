"""Speed and accuracy of the float32 activation kernels the landscape evaluates grids with.

For each activation in the registry: time of its float32 kernel on a 4096×200 grid
of pre-activations (about one landscape chunk), and its largest relative error
against the float64 function at chosen points, near 0 included. For tanh and
sigmoid it also times the alternatives they were chosen over:

- tanh as 1 − 2/(e^{2z} + 1) (the kernel before the activation registry);
- sigmoid by the stable float64 formula cast to float32, and as ½(1 + tanh(z/2)).

Run: .venv/bin/python benchmarks/activation_kernels.py
"""

from __future__ import annotations

import os
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402

from playground.engine.activations import ACTIVATIONS, sigmoid  # noqa: E402

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


if __name__ == "__main__":
    main()
