"""Document.copy() with large inline data: the GUI copies a document several times per change.

Run: .venv/bin/python benchmarks/document_copy.py
"""

from __future__ import annotations

import time

import numpy as np

from playground.engine.network import layered
from playground.io.document import DataSpec, Document


def inline_document(n: int) -> Document:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(n, 2)).tolist()
    y = (rng.random((n, 1)) > 0.5).astype(float).tolist()
    return Document(layered("2-4-1"), DataSpec(None, x=x, y=y, kind="classification"))


def main() -> None:
    for n in (20_000, 200_000):
        doc = inline_document(n)
        repeats = 5
        start = time.perf_counter()
        for _ in range(repeats):
            doc.copy()
        ms = (time.perf_counter() - start) / repeats * 1000
        print(f"Document.copy() with {n:>7,} inline points: {ms:8.2f} ms")


if __name__ == "__main__":
    main()
