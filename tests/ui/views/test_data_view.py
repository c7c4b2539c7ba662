"""The data view draws many points with a few shared styles and keeps them over a run reset."""

from __future__ import annotations

import re

import numpy as np
import pytest

from playground.engine.network import layered
from playground.io.document import DataSpec, Document
from playground.ui.chainrule.source import build_problem
from playground.ui.views.data_view import COLOUR_BINS, DataView
from playground.ui.views.landscape_worker import LandscapeProblem


def inline_document(n: int, kind: str) -> Document:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(n, 2))
    y = (x[:, :1] > 0).astype(float) if kind == "classification" else x[:, :1] * 3
    return Document(layered("2-3-1", seed=1),
                    DataSpec(None, x=x.tolist(), y=y.tolist(), kind=kind, train_fraction=0.75))


def drawn(view: DataView) -> list:
    return [it for it in view.point_items.values() if len(it.data) > 0]


@pytest.mark.parametrize("kind", ["classification", "regression"])
def test_points_share_a_few_styles_and_all_are_drawn(qapp, kind):
    doc = inline_document(3000, kind)
    view = DataView()
    view.set_document(doc)
    items = drawn(view)
    # One style per item: pyqtgraph then draws an item's points in one go.
    for it in items:
        assert all(b is None for b in it.data["brush"]) and all(p is None for p in it.data["pen"])
    assert len(items) <= (4 if kind == "classification" else 2 * COLOUR_BINS)
    ds = view.dataset
    assert sum(len(it.data) for it in items) == len(ds.x_train) + len(ds.x_test)


def test_same_data_again_neither_rebuilds_nor_redraws_the_points(qapp, monkeypatch):
    doc = inline_document(500, "classification")
    view = DataView()
    view.set_document(doc)
    dataset = view.dataset
    calls = []
    monkeypatch.setattr(view, "_draw_points", lambda theta: calls.append(theta))
    again = doc.copy()
    again.training.hyper["lr"] = 0.5  # a training edit or a run reset: same data
    view.set_document(again)
    assert calls == [] and view.dataset is dataset
    again.data.seed = 7  # another split: new points
    view.set_document(again)
    assert calls == [None] and view.dataset is not dataset


def test_training_and_every_view_refuse_misfitting_data_with_one_message(qapp):
    doc = Document(layered("2-3-2", seed=1), DataSpec("xor", n_points=40))
    expected = "the data has 1 target column(s) but the network 2 output neuron(s)"
    for make in (doc.make_run, lambda: build_problem(doc, 1), lambda: LandscapeProblem(doc)):
        with pytest.raises(ValueError, match=re.escape(expected)):
            make()
    view = DataView()
    view.set_document(doc)
    assert view.compiled is None and expected in view.message.text()
