"""How long the chain-rule views' computations take, and which of them leave the GUI thread.

For layered tanh networks of growing size on the xor data, prints the time of
one job of each view as the views run it (problem built once beforehand):

- inspector: trace of the training set + explanation of a first-layer weight + HTML
- neuron: the same for a first-layer neuron
- steps: laying out a whole step-through (all samples, with the SGD update)
- jacobian: level Jacobians from the inputs to the outputs, product and direct one
- gradcheck: finite differences of every parameter (run in its own thread always)

and whether `ChainRuleSource.heavy()` sends the jobs to the worker thread.
Target: a job kept on the GUI thread takes under a frame (16 ms).

Run: .venv/bin/python benchmarks/chainrule.py
"""

from __future__ import annotations

import os
import sys
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
if sys.platform.startswith("linux") and not os.environ.get("DISPLAY") and \
        not os.environ.get("QT_QPA_PLATFORM"):
    os.environ["QT_QPA_PLATFORM"] = "offscreen"

from playground.engine.gradcheck import numeric_gradient  # noqa: E402
from playground.engine.network import layered  # noqa: E402
from playground.engine.stepthrough import StepThrough  # noqa: E402
from playground.engine.training import TrainingConfig  # noqa: E402
from playground.io.document import DataSpec, Document  # noqa: E402
from playground.ui.chainrule.inspector import Target, explain  # noqa: E402
from playground.ui.chainrule.jacobian_view import compute  # noqa: E402
from playground.ui.chainrule.source import (  # noqa: E402
    HEAVY_PARAMETERS,
    HEAVY_WORK,
    build_problem,
    estimated_size,
)

CASES = (("2-4-1", 200), ("2-8-8-1", 200), ("2-8-8-1", 2000), ("2-16-16-1", 400),
         ("2-32-32-1", 400), ("2-64-64-1", 400), ("2-100-100-1", 400))


def best_of(fn, repeat: int = 3) -> float:
    """Fastest of `repeat` runs, in milliseconds."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return 1000 * min(times)


def main() -> None:
    print(f"jobs leave the GUI thread above {HEAVY_WORK:,} samples × parameters "
          f"or {HEAVY_PARAMETERS} parameters\n")
    head = (f"{'network':>12} {'points':>6} {'params':>6}  {'inspector':>9} {'neuron':>7} "
            f"{'steps':>8} {'jacobian':>8} {'gradcheck':>9}  where")
    print(head)
    print("-" * len(head))
    for spec, points in CASES:
        print(measure(spec, points))


def measure(spec: str, points: int) -> str:
    """One line of the table for a layered network on `points` xor points."""
    doc = Document(layered(spec, "tanh", "linear", seed=1),
                   DataSpec("xor", n_points=points, train_fraction=1.0),
                   TrainingConfig(hyper={"lr": 0.03}))
    problem = build_problem(doc, 1)
    c, x, y = problem.compiled, problem.x, problem.y
    theta = c.parameters_of(doc.network)
    first = c.levels[1].ids[0]
    weight = Target("connection", c.input_ids[0], first)
    inspector = best_of(lambda: explain(problem, theta, weight, None, 0))
    neuron = best_of(lambda: explain(problem, theta, Target("neuron", first), None, 0))
    steps = best_of(lambda: StepThrough(c, theta, x, y, problem.optimizer()), repeat=1)
    jac = best_of(lambda: compute(problem, theta, 0, 0, len(c.levels) - 1))
    check = best_of(lambda: numeric_gradient(lambda t: float(c.loss(t, x, y)), theta),
                    repeat=1)
    samples, params = estimated_size(doc)
    heavy = samples * params > HEAVY_WORK or params > HEAVY_PARAMETERS
    return (f"{spec:>12} {points:>6} {c.n_params:>6}  {inspector:7.1f}ms {neuron:5.1f}ms "
            f"{steps:6.1f}ms {jac:6.1f}ms {check:7.0f}ms  "
            f"{'worker thread' if heavy else 'GUI thread'}")

if __name__ == "__main__":
    main()
