"""A window picture whose landscape is not ready in time: a clear RenderError, and the
landscape job under way is cancelled and its thread joined (no thread left running)."""

from __future__ import annotations

import pytest

from playground.io.document import DataSpec
from playground.io.examples import example_path
from playground.io.files import load_document
from playground.ui.files import render
from playground.ui.files.render import RenderError, render_view


def test_a_window_picture_that_times_out_cancels_its_landscape(qapp, tmp_path, monkeypatch):
    doc = load_document(example_path("xor"))
    # 200,000 points: the finest landscape takes far longer than the timeout below.
    doc.data = DataSpec("xor", n_points=200_000, noise=0.1, train_fraction=1.0, seed=0)
    monkeypatch.setattr(render, "WINDOW_TIMEOUT", 1.0)
    with pytest.raises(RenderError, match="not ready within 1 s"):
        render_view(doc, view="window", out=tmp_path / "w.png")
    assert not (tmp_path / "w.png").exists()
    # The autouse fixtures then fail the test if a QThread or thread is left running.
