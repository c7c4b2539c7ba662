"""Optimizer races: one batched step for K runners against K separate training runs.

Network: 2-8-8-1 tanh, linear output, the spiral data (200 points), full batch, SGD at
K learning rates. Function: Rosenbrock with K optimizers. Each row prints the median
time per race step (all K runners) and per step of K separate `TrainingRun`s.

Run: .venv/bin/python benchmarks/race.py [--repeat 5] [--steps 200]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from playground.engine.datasets import generate  # noqa: E402
from playground.engine.function import function_dataset  # noqa: E402
from playground.engine.network import layered  # noqa: E402
from playground.engine.race import Race, parse_runners  # noqa: E402
from playground.engine.testfunctions import TEST_FUNCTIONS  # noqa: E402
from playground.engine.training import TrainingConfig, TrainingRun, prepare  # noqa: E402


def median_seconds(setup, work, repeat: int) -> float:
    """Median seconds of `work(setup())` over `repeat` runs after a warm-up; the set-up
    (compiling, allocating) is not timed."""
    work(setup())
    times = []
    for _ in range(repeat):
        state = setup()
        t0 = time.perf_counter()
        work(state)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def compare(model, data, specs: str, steps: int, repeat: int) -> tuple[float, float]:
    """(seconds per race step, seconds per step of the same runners run one by one)."""
    compiled, fitted = prepare(model, data)
    runners = parse_runners(specs)
    theta = compiled.parameters_of(model)

    def new_race() -> Race:
        return Race(compiled, theta, fitted.x_train, fitted.y_train, runners)

    def new_runs() -> list[TrainingRun]:
        return [TrainingRun(model, data, TrainingConfig(optimizer=r.optimizer,
                                                        hyper=dict(r.hyper)))
                for r in runners]

    def race_steps(race: Race) -> None:
        for _ in range(steps):
            race.step()

    def separate_steps(runs: list[TrainingRun]) -> None:
        for run in runs:
            run.steps(steps)

    return (median_seconds(new_race, race_steps, repeat) / steps,
            median_seconds(new_runs, separate_steps, repeat) / steps)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--steps", type=int, default=200)
    args = parser.parse_args()
    net = layered("2-8-8-1", "tanh", "linear", seed=0)
    spiral = generate("spiral", n_points=200, seed=0)
    print(f"{'problem':<28}{'K':>3}{'race µs/step':>15}{'separate µs/step':>19}{'ratio':>8}")
    for k in (1, 3, 6):
        specs = ",".join(f"sgd:lr={0.01 * (i + 1):g}" for i in range(k))
        race, separate = compare(net, spiral, specs, args.steps, args.repeat)
        print(f"{'2-8-8-1 spiral, SGD rates':<28}{k:>3}{race * 1e6:>15.0f}"
              f"{separate * 1e6:>19.0f}{separate / race:>8.2f}")
    rosen = TEST_FUNCTIONS["rosenbrock"].model()
    for k, specs in ((3, "sgd:lr=0.001,momentum:lr=0.001:momentum=0.9,adam:lr=0.05"),
                     (6, "sgd:lr=0.001,momentum:lr=0.001:momentum=0.9,adam:lr=0.05,"
                         "rmsprop:lr=0.01,adagrad:lr=0.1,nesterov:lr=0.001:momentum=0.9")):
        race, separate = compare(rosen, function_dataset(), specs, args.steps, args.repeat)
        print(f"{'Rosenbrock, optimizers':<28}{k:>3}{race * 1e6:>15.0f}"
              f"{separate * 1e6:>19.0f}{separate / race:>8.2f}")


if __name__ == "__main__":
    main()
