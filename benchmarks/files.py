"""How long network files take to save and open, from the examples up to the size limits.

Cases: every shipped example; the widest 2-H-H-1 network within the connections
limit; inline data points at their limit; the time to refuse a file one point
over the limit and one with 2,001 neurons (limits: playground/io/limits.py).

Run: .venv/bin/python benchmarks/files.py
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from playground.engine.network import layered  # noqa: E402
from playground.io import limits  # noqa: E402
from playground.io.document import DataSpec, Document  # noqa: E402
from playground.io.examples import list_examples  # noqa: E402
from playground.io.files import (  # noqa: E402
    FileFormatError,
    dumps_document,
    load_document,
    loads_document,
    save_document,
)


def seconds(action: Callable[[], object], repeat: int = 3) -> float:
    """Median wall time of `action` over `repeat` runs."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def refusal(text: str) -> float:
    def load() -> None:
        try:
            loads_document(text)
        except FileFormatError:
            return
        raise AssertionError("the file should have been refused")

    return seconds(load)


def main() -> None:
    total = sum(seconds(lambda p=e.path: load_document(p), 5) for e in list_examples())
    print(f"open all {len(list_examples())} examples:            {total * 1e3:8.1f} ms")
    spiral = load_document(next(e.path for e in list_examples() if e.name == "spiral"))
    text_ms = seconds(lambda: dumps_document(spiral)) * 1e3
    print(f"spiral (337 parameters) as text:    {text_ms:8.1f} ms")

    h = int((limits.CONNECTIONS.value / 1.0) ** 0.5)
    while 2 * h + h * h + h > limits.CONNECTIONS.value:
        h -= 1
    big = Document(layered(f"2-{h}-{h}-1", "tanh", "linear", seed=0), DataSpec("xor"))
    text = dumps_document(big)
    print(f"2-{h}-{h}-1 ({len(big.network.connections):,} connections, "
          f"{len(text) / 1e6:.1f} MB): text {seconds(lambda: dumps_document(big)):.2f} s, "
          f"open {seconds(lambda: loads_document(text)):.2f} s")

    n = limits.INLINE_POINTS.value
    x = np.random.default_rng(0).uniform(-1, 1, (n, 2))
    points = Document(layered("2-1", "tanh", "linear"),
                      DataSpec(None, x=x.tolist(), y=(x[:, :1] > 0).astype(float).tolist(),
                               kind="classification"))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "points.json"
        save = seconds(lambda: save_document(points, path), 1)
        size = path.stat().st_size / 1e6
        load = seconds(lambda: load_document(path), 1)
    print(f"{n:,} inline points ({size:.0f} MB): save {save:.2f} s, open {load:.2f} s")

    small = dumps_document(spiral)
    over = small.replace('"neurons": [', '"neurons": [' + '{"id": "n", "role": "hidden"}, ' * 2001,
                         1)
    print(f"refuse 2,001 + neurons:             {refusal(over) * 1e3:8.1f} ms")
    rows = ", ".join(["[0.0, 0.0]"] * (n + 1))
    over = dumps_document(points.copy()).split('"x": [')[0] + f'"x": [{rows}], "y": [[0.0]]}}}}'
    print(f"refuse {n + 1:,} points:            {refusal(over) * 1e3:8.1f} ms "
          f"(mostly parsing {len(over) / 1e6:.0f} MB of JSON)")


if __name__ == "__main__":
    main()
