"""How long importing a CSV file takes: reading the cells, turning them into numbers and
classes, a change of roles in the preview afterwards (its columns already converted), and
making the document's inline data, for 10,000 to 250,000 rows.

Each case is run three times; the fastest run is printed (the machine is shared).

Run: .venv/bin/python benchmarks/csv_import.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from playground.io.csv_import import Columns, import_table, read_table  # noqa: E402

ROWS = (10_000, 50_000, 250_000)
REPEATS = 3
ROLE_CHANGE = ["input", "input", "ignore", "input", "target"]  # column c left out


def table_text(n: int) -> str:
    """n rows of four numbers (as repr writes them) and a word of three classes."""
    rng = np.random.default_rng(0)
    x = rng.normal(size=(n, 4))
    words = np.array(["setosa", "versicolor", "virginica"])[rng.integers(0, 3, n)]
    return "a,b,c,d,species\n" + "".join(
        f"{p!r},{q!r},{r!r},{s!r},{w}\n" for (p, q, r, s), w in zip(x.tolist(), words))


def best(fn) -> tuple[float, object]:
    times, out = [], None
    for _ in range(REPEATS):
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
    return min(times), out


def main() -> None:
    print(f"{'rows':>8} {'MB':>6} {'read s':>8} {'numbers s':>10} {'role change s':>14} "
          f"{'inline s':>9}")
    for n in ROWS:
        text = table_text(n)
        read, table = best(lambda t=text: read_table(t))
        numbers, data = best(lambda t=table: import_table(t))
        columns = Columns(table)
        import_table(table, columns=columns)
        change, _ = best(lambda t=table, c=columns: import_table(t, ROLE_CHANGE, columns=c))
        inline, _ = best(lambda d=data: d.spec(0.8, 0))
        print(f"{n:>8,} {len(text) / 1e6:>6.1f} {read:>8.3f} {numbers:>10.3f} {change:>14.3f} "
              f"{inline:>9.3f}")


if __name__ == "__main__":
    main()
