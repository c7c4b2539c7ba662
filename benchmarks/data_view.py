"""The data view with many points: set_document (a new document, a run reset) and a repaint.

Every document change calls DataView.set_document, so its cost is a GUI freeze.
Printed per size: the first set_document, a second one with the same data (what a
run reset does), and one paint of the plot, for classification and regression data.

Run: .venv/bin/python benchmarks/data_view.py
"""

from __future__ import annotations

import os
import sys
import time

if sys.platform.startswith("linux") and not os.environ.get("DISPLAY") and \
        not os.environ.get("QT_QPA_PLATFORM"):
    os.environ["QT_QPA_PLATFORM"] = "offscreen"

import numpy as np  # noqa: E402

from playground.engine.network import layered  # noqa: E402
from playground.io.document import DataSpec, Document  # noqa: E402
from playground.ui.app import make_application, quiet_platform_notes  # noqa: E402


def inline_document(n: int, kind: str) -> Document:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(n, 2))
    y = (x[:, :1] * x[:, 1:] > 0).astype(float) if kind == "classification" \
        else np.sin(x[:, :1]) + x[:, 1:]
    return Document(layered("2-4-1"), DataSpec(None, x=x.tolist(), y=y.tolist(), kind=kind,
                                               train_fraction=0.8))


def seconds(action, *args) -> float:
    start = time.perf_counter()
    action(*args)
    return time.perf_counter() - start


def main() -> None:
    quiet_platform_notes()
    app = make_application([])
    from playground.ui.views.data_view import DataView

    for kind in ("classification", "regression"):
        for n in (20_000, 200_000):
            view = DataView()
            view.resize(500, 500)
            view.show()
            app.processEvents()
            doc = inline_document(n, kind)
            first = seconds(view.set_document, doc)
            again = seconds(view.set_document, doc.copy())
            paint = seconds(view.plot.grab)
            print(f"{kind:>14} {n:>7,} points: set_document {first * 1000:7.0f} ms, "
                  f"same data again {again * 1000:7.0f} ms, paint {paint * 1000:7.0f} ms")
            view.close()
            view.deleteLater()
            app.processEvents()


if __name__ == "__main__":
    main()
