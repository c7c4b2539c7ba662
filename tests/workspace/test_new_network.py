"""File > New's network: any layer string whose ends the data can feed, after any document."""

from __future__ import annotations

import pytest

from playground.io.examples import list_examples
from playground.io.files import load_document
from playground.workspace.document_edits import input_features, set_features
from playground.workspace.new_network import new_document
from tests.ui.conftest import xor_document


@pytest.mark.parametrize("example", [e.name for e in list_examples()])
def test_2_2_1_works_after_every_example(example):
    template = load_document(next(e.path for e in list_examples() if e.name == example))
    new = new_document("2-2-1", template)
    assert input_features(new.network) == ["x1", "x2"]
    assert len(new.network.ids("hidden")) == 2 and len(new.network.ids("output")) == 1
    run = new.make_run()  # the worker would accept it: data and network agree
    assert run.steps(3) == 3 and run.step_count == 3


def test_features_made_to_fit_raw_first_then_derived():
    doc = xor_document()
    three = new_document("3-2-1", doc)
    assert input_features(three.network) == ["x1", "x2", "x1^2"]
    assert three.data.generator == "xor"  # the data could feed it: kept
    one = new_document("1-1", doc)
    assert input_features(one.network) == ["x1"]
    kept = new_document("2-4-1", set_features(doc, ["x1", "x1^2"]))
    assert input_features(kept.network) == ["x1", "x1^2"]  # same count: the features stay


def test_what_cannot_fit_says_why():
    doc = xor_document()
    with pytest.raises(ValueError, match="at most 7 input"):
        new_document("9-1", doc)
    with pytest.raises(ValueError, match="end the layers with 1"):
        new_document("2-2", doc)
