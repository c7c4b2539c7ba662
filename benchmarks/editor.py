"""How long one edit in the network editor keeps the GUI thread busy, by network size.

For fully connected tanh networks of growing size in the real main window,
paused, each figure is the median wall time of the editor call (the command is
pushed, the check that the network can train, the document sent, every view
rebuilt, one pass of the event loop), the app idle before each:

- connect: a structural edit (new connection, the run rebuilt with its weights kept)
- undo connect: the same structural change backwards
- set weight: a value edit (goes to the live run, no rebuild)
- move: a position edit
- hover: the pre-activation / activation / delta figures of a hidden neuron

Target: for a classroom-sized network (a few hundred parameters) a structural
edit under 100 ms, a value edit, a move or a hover under 15 ms. Bigger networks
are dominated by copying the document and rebuilding the other views.

Run: .venv/bin/python benchmarks/editor.py [--repeat 5]
Off-screen unless a display is available.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

if sys.platform.startswith("linux") and not os.environ.get("DISPLAY") and \
        not os.environ.get("QT_QPA_PLATFORM"):
    os.environ["QT_QPA_PLATFORM"] = "offscreen"

from playground.engine.losses import LossSpec  # noqa: E402
from playground.engine.network import layered  # noqa: E402
from playground.engine.training import TrainingConfig  # noqa: E402
from playground.io.document import DataSpec, Document  # noqa: E402
from playground.ui.app import make_application, quiet_platform_notes  # noqa: E402

SIZES = ("2-4-1", "2-16-16-1", "2-64-64-1", "2-200-200-1")
KEYS = ("connect", "undo connect", "set weight", "move", "hover")


def document(spec: str) -> Document:
    return Document(network=layered(spec, "tanh", "linear", seed=0),
                    data=DataSpec("xor", n_points=200),
                    training=TrainingConfig(LossSpec("bce_logits"), "adam", {"lr": 0.01}))


def settle(app, seconds: float = 0.4) -> None:
    """Let the views finish what an earlier edit set off (landscapes, snapshots)."""
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        app.processEvents()
        time.sleep(0.005)


def timed(app, call) -> float:
    settle(app)
    start = time.perf_counter()
    call()
    app.processEvents()
    return (time.perf_counter() - start) * 1000


def measure(app, spec: str, repeat: int) -> dict[str, float]:
    from playground.ui.main_window import MainWindow

    w = MainWindow(document(spec))
    w.resize(1400, 900)
    w.show()
    for _ in range(20):
        app.processEvents()
    e = w.editor
    out: dict[str, list[float]] = {k: [] for k in KEYS}
    h = e.network.ids("hidden")[0]
    weight = f"w:x1->{h}"
    try:
        for k in range(repeat):
            x, y = e.network.neuron(h).position
            calls = {"connect": lambda: e.connect("x1", "o1"),
                     "undo connect": e.undo_stack.undo,
                     "set weight": lambda k=k: e.set_value(weight, 0.1 * k),
                     "move": lambda x=x, y=y: e.move({h: ((x, y), (x + 10.0, y))}),
                     "hover": lambda: e.describe_neuron(h)}
            for key in KEYS:
                out[key].append(timed(app, calls[key]))
    finally:
        w.shutdown()
        w.hide()  # not close(): that would offer to save the edits
        w.deleteLater()
        app.processEvents()
    return {k: statistics.median(v) for k, v in out.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    quiet_platform_notes()
    app = make_application()
    print(f"{'network':>14} {'params':>7} " + " ".join(f"{k:>13}" for k in KEYS))
    for spec in SIZES:
        n = len(document(spec).network.parameter_values())
        figures = measure(app, spec, args.repeat)
        print(f"{spec:>14} {n:>7} " + " ".join(f"{figures[k]:>10.1f} ms" for k in KEYS))


if __name__ == "__main__":
    main()
