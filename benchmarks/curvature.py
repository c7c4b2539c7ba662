"""Curvature costs: a Hessian-vector product against a gradient, a full λmax/λmin solve,
one tracking measurement, and the share of a max-speed run the tracker takes.

Run: .venv/bin/python benchmarks/curvature.py [--seconds 2] [--json]

Per example (the shipped files, float64, full batch): the median time of one
gradient (numpy graph) and of one H·v from an operator already at the point (the
tracker's case), their ratio; `hessian_spectrum` (restarted Lanczos, as
`playground curvature` runs it) with its product count; one warm-started
measurement of `SharpnessTracker` (8 Lanczos steps). Then a run trains at full
speed for --seconds with the tracker asked before every ~1/30 s snapshot, as the
training worker does, and prints how much of the wall time the measurements took
against the budget (15%). One thread everywhere.
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

import numpy as np  # noqa: E402

from playground.engine.curvature import hessian_spectrum  # noqa: E402
from playground.engine.hvp import HessianOperator  # noqa: E402
from playground.io.examples import EXAMPLES_DIR  # noqa: E402
from playground.io.files import load_document  # noqa: E402
from playground.workspace.sharpness import BUDGET, SharpnessTracker  # noqa: E402

EXAMPLES = ("fn-elongated-bowl-10", "linear-regression", "sigmoid-neuron", "xor", "two-two-two",
            "spiral")
SNAPSHOT = 1 / 30


def median_time(fn, repeat: int = 7, number: int = 5) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        for _ in range(number):
            fn()
        times.append((time.perf_counter() - t0) / number)
    return statistics.median(times)


def bench(name: str, seconds: float) -> dict:
    doc = load_document(EXAMPLES_DIR / f"{name}.json")
    run = doc.make_run()
    c, theta, x, y = run.compiled, run.theta.copy(), run.x, run.y
    rng = np.random.default_rng(0)
    v = rng.normal(size=theta.shape)
    grad = median_time(lambda: c.loss_and_grad(theta, x, y))
    op = HessianOperator(c, theta, x, y)
    product = median_time(lambda: op(v))
    setup = median_time(lambda: HessianOperator(c, theta, x, y))
    t0 = time.perf_counter()
    spec, _ = hessian_spectrum(c, theta, x, y)
    solve = time.perf_counter() - t0
    tracker = SharpnessTracker()
    tracker.measure(run)
    run.steps(1)
    t0 = time.perf_counter()
    tracker.measure(run)
    measurement = time.perf_counter() - t0
    # A max-speed run: train between snapshots, ask the tracker at each, as the worker does.
    tracker = SharpnessTracker()
    start = time.perf_counter()
    spent = 0.0
    readings = 0
    steps0 = run.step_count
    with np.errstate(all="ignore"):
        while time.perf_counter() - start < seconds and not run.diverged:
            run.train_for(SNAPSHOT, 1 << 30)
            if tracker.due(run):
                t0 = time.perf_counter()
                tracker.measure(run)
                spent += time.perf_counter() - t0
                readings += 1
    wall = time.perf_counter() - start
    return {"example": name, "parameters": c.n_params, "points": len(x),
            "gradient_ms": grad * 1e3, "hvp_ms": product * 1e3,
            "hvp_per_gradient": product / grad, "operator_setup_ms": setup * 1e3,
            "lambda_max": spec.lam_max, "lambda_min": spec.lam_min,
            "solve_ms": solve * 1e3, "solve_products": spec.products,
            "measurement_ms": measurement * 1e3, "run_seconds": wall,
            "run_steps": run.step_count - steps0, "readings": readings,
            "curvature_share": spent / wall}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=2.0)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    rows = [bench(name, args.seconds) for name in EXAMPLES]
    print(f"{'example':<22}{'P':>5}{'grad ms':>9}{'H·v ms':>8}{'H·v/grad':>9}"
          f"{'solve ms':>9}{'prods':>6}{'meas ms':>8}{'readings':>9}{'share':>7}")
    for r in rows:
        print(f"{r['example']:<22}{r['parameters']:>5}{r['gradient_ms']:>9.3f}"
              f"{r['hvp_ms']:>8.3f}{r['hvp_per_gradient']:>9.2f}{r['solve_ms']:>9.1f}"
              f"{r['solve_products']:>6}{r['measurement_ms']:>8.2f}{r['readings']:>9}"
              f"{100 * r['curvature_share']:>6.1f}%")
    print(f"budget: curvature may take {100 * BUDGET:.0f}% of the worker's time; "
          f"share = measured time / wall time of a {args.seconds:g} s max-speed run")
    if args.json:
        print(json.dumps(rows))


if __name__ == "__main__":
    main()
