"""How big a chain-rule job is, judged without building its data."""

from __future__ import annotations

from playground.engine.network import layered
from playground.io.document import DataSpec, Document
from playground.ui.chainrule.source import estimated_size


def test_estimated_size_reads_linear_regressions_rows():
    doc = Document(layered("2-1", "linear", "linear"),
                   DataSpec("linear-regression", params={"n_rows": 500_000}))
    assert estimated_size(doc) == (500_000, 3)


def test_estimated_size_of_defaults_and_inline_points():
    assert estimated_size(Document(layered("2-1"), DataSpec("sine")))[0] == 50
    inline = DataSpec(None, x=[[0.0, 1.0]] * 7, y=[[1.0]] * 7)
    assert estimated_size(Document(layered("2-1"), inline))[0] == 7
    assert inline.sizes() == (7, 7)
