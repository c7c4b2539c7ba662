"""The cost of one refresh of the neuron pictures: a 2-8-8-1 net, 24×24 cells per neuron.

One refresh is what the pictures thread does per request: every neuron's
activation on the 24×24 grid in one forward call, then each turned into a round
RGBA picture in the data view's colours. The target (issue 19) is ≤ 5 ms per
refresh. Also printed: the forward call alone, what the GUI thread then spends
putting the pictures into the drawing (QImage → QPixmap per neuron), and both
for the largest network that gets pictures (MAX_NEURONS neurons, no target).

Run: .venv/bin/python benchmarks/neuron_pictures.py [--rounds 200] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time

# One BLAS thread, as the other benchmarks: on a busy 2-core machine a threaded BLAS makes
# small products a hundred times slower.
os.environ.setdefault("OMP_NUM_THREADS", "1")

if sys.platform.startswith("linux") and not os.environ.get("DISPLAY") and \
        not os.environ.get("QT_QPA_PLATFORM"):
    os.environ["QT_QPA_PLATFORM"] = "offscreen"

import numpy as np  # noqa: E402

from playground.engine.network import layered  # noqa: E402
from playground.io.document import DataSpec, Document  # noqa: E402
from playground.workspace.neuron_pictures import (  # noqa: E402
    MAX_NEURONS,
    PICTURE_GRID,
    neuron_values,
    pictures,
)
from playground.workspace.problem import build_problem  # noqa: E402

TARGET_MS = 5.0
SPEC = "2-8-8-1"


def median_ms(action, rounds: int) -> float:
    times = []
    for k in range(rounds):
        start = time.perf_counter()
        action(k)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def measure(spec: str, rounds: int, app) -> dict:
    """Median forward, refresh and GUI-thread times (ms) for a layered `spec` network."""
    from playground.ui.views.data_view import heatmap_lut
    from playground.ui.views.network_view import NetworkView
    from playground.ui.views.neuron_pictures import source_of

    doc = Document(layered(spec, "tanh", "linear", ["x1", "x2"]), DataSpec("circle"))
    problem = build_problem(doc)
    source = source_of(problem)
    lut = heatmap_lut()
    rng = np.random.default_rng(0)
    thetas = [problem.compiled.parameters_of(doc.network) + 0.1 * rng.normal(
        size=problem.compiled.n_params) for _ in range(rounds)]
    forward = median_ms(lambda k: neuron_values(source.compiled, thetas[k], source.grid),
                        rounds)
    refresh = median_ms(lambda k: pictures(source, thetas[k], lut), rounds)
    ready = [pictures(source, thetas[k], lut) for k in range(min(rounds, 20))]
    view = NetworkView()
    view.resize(420, 360)
    view.set_document(doc)
    view.show()
    app.processEvents()
    gui = median_ms(lambda k: view.set_pictures(ready[k % len(ready)]), rounds)
    view.close()
    return {"spec": spec, "neurons": len(doc.network.neurons), "forward_ms": round(forward, 4),
            "refresh_ms": round(refresh, 4), "gui_ms": round(gui, 4)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200, help="refreshes timed (median)")
    parser.add_argument("--json", action="store_true", help="also print one line of JSON")
    args = parser.parse_args()
    rounds = max(1, args.rounds)

    from playground.ui.app import make_application, quiet_platform_notes

    quiet_platform_notes()
    app = make_application([])
    small = measure(SPEC, rounds, app)
    half = (MAX_NEURONS - 3) // 2
    big = measure(f"2-{half}-{MAX_NEURONS - 3 - half}-1", max(1, rounds // 10), app)
    met = small["refresh_ms"] <= TARGET_MS
    print(f"neuron pictures, {PICTURE_GRID}×{PICTURE_GRID} cells each, median of {rounds}:")
    print(f"  {SPEC} ({small['neurons']} neurons): forward call, all neurons at once "
          f"{small['forward_ms']:.3f} ms; one refresh (forward + colours) "
          f"{small['refresh_ms']:.3f} ms, target ≤ {TARGET_MS:g} ms: "
          f"{'met' if met else 'MISSED'}; GUI thread, pictures into the drawing "
          f"{small['gui_ms']:.3f} ms")
    print(f"  {big['spec']} ({big['neurons']} neurons, the most that get pictures): "
          f"forward {big['forward_ms']:.3f} ms, refresh {big['refresh_ms']:.3f} ms, "
          f"GUI thread {big['gui_ms']:.3f} ms")
    if args.json:
        print(json.dumps({"grid": PICTURE_GRID, "rounds": rounds, "target_ms": TARGET_MS,
                          "met": met, "small": small, "largest": big}))


if __name__ == "__main__":
    main()
