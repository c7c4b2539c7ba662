"""The cost of one refresh of the neuron pictures: a 2-8-8-1 net, 24×24 cells per neuron.

One refresh is what the pictures thread does per request: every neuron's
activation on the 24×24 grid in one forward call, then each turned into a round
RGBA picture in the data view's colours. The target (issue 19) is ≤ 5 ms per
refresh. Also printed: the forward call alone, and what the GUI thread then
spends putting the pictures into the drawing (QImage → QPixmap per neuron).

Run: .venv/bin/python benchmarks/neuron_pictures.py [--rounds 200] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time

if sys.platform.startswith("linux") and not os.environ.get("DISPLAY") and \
        not os.environ.get("QT_QPA_PLATFORM"):
    os.environ["QT_QPA_PLATFORM"] = "offscreen"

import numpy as np  # noqa: E402

from playground.engine.network import layered  # noqa: E402
from playground.io.document import DataSpec, Document  # noqa: E402
from playground.workspace.neuron_pictures import (  # noqa: E402
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200, help="refreshes timed (median)")
    parser.add_argument("--json", action="store_true", help="also print one line of JSON")
    args = parser.parse_args()
    rounds = max(1, args.rounds)

    from playground.ui.app import make_application, quiet_platform_notes
    from playground.ui.views.data_view import heatmap_lut
    from playground.ui.views.network_view import NetworkView
    from playground.ui.views.neuron_pictures import source_of

    quiet_platform_notes()
    app = make_application([])
    doc = Document(layered(SPEC, "tanh", "linear", ["x1", "x2"]), DataSpec("circle"))
    problem = build_problem(doc)
    source = source_of(problem)
    lut = heatmap_lut()
    rng = np.random.default_rng(0)
    thetas = [problem.compiled.parameters_of(doc.network) + 0.1 * rng.normal(
        size=problem.compiled.n_params) for _ in range(rounds)]
    n_neurons = len(doc.network.neurons)

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

    print(f"neuron pictures, {SPEC} ({n_neurons} neurons), {PICTURE_GRID}×{PICTURE_GRID} "
          f"cells each, median of {rounds}:")
    print(f"  forward call, all neurons at once: {forward:7.3f} ms")
    print(f"  one refresh (forward + colours):   {refresh:7.3f} ms   target ≤ {TARGET_MS:g} ms"
          f"  {'met' if refresh <= TARGET_MS else 'MISSED'}")
    print(f"  GUI thread, pictures into drawing: {gui:7.3f} ms")
    if args.json:
        print(json.dumps({"spec": SPEC, "neurons": n_neurons, "grid": PICTURE_GRID,
                          "rounds": rounds, "forward_ms": round(forward, 4),
                          "refresh_ms": round(refresh, 4), "gui_ms": round(gui, 4),
                          "target_ms": TARGET_MS, "met": refresh <= TARGET_MS}))


if __name__ == "__main__":
    main()
