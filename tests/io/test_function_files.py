"""Function documents in files: the examples, save and reopen, old files, bad functions."""

import json

import numpy as np
import pytest

from playground.engine.function import FunctionModel, compile_function
from playground.engine.schedules import Schedule
from playground.engine.testfunctions import TEST_FUNCTIONS
from playground.io.document import Document
from playground.io.examples import (
    article_function_document,
    example_path,
    function_example_document,
    list_examples,
)
from playground.io.files import FileFormatError, dumps_document, load_document, loads_document
from tests.io.helpers import example_tree


@pytest.mark.parametrize("name", list(TEST_FUNCTIONS))
def test_test_function_example_is_its_registry_entry_saved(name):
    path = example_path(f"fn-{name}")
    assert path.read_text(encoding="utf-8") == dumps_document(function_example_document(name))
    doc = load_document(path)
    assert doc.is_function and doc.view.axes == ("x", "y")
    f = TEST_FUNCTIONS[name]
    c = compile_function(doc.network)
    for point in f.minima:
        value, grad = c.loss_and_grad(np.array(point))
        assert float(value) == pytest.approx(f.min_value, abs=1e-12)
        if name != "ackley":  # a cone tip: no gradient at the minimum
            assert np.abs(grad).max() < 1e-9
    x0, x1, y0, y1 = f.range
    assert all(x0 <= p[0] <= x1 and y0 <= p[1] <= y1 for p in [*f.minima, f.start])
    run = doc.make_run()
    before = run.train_loss()
    assert run.steps(50) == 50 and run.train_loss() < before


def test_every_example_is_listed():
    names = {e.name for e in list_examples()}
    assert {f"fn-{n}" for n in TEST_FUNCTIONS} | {"fn-article"} <= names


def test_article_example_lands_on_the_minimum_in_one_step():
    path = example_path("fn-article")
    assert path.read_text(encoding="utf-8") == dumps_document(article_function_document())
    run = load_document(path).make_run()
    run.step()
    assert run.theta.tolist() == [0.0, 0.0] and run.train_loss() == 0.0


def function_example_document_with_run_and_schedule_saves_and_reopens_identically():
    doc = Document(FunctionModel("z = x*y\nf = sin(z) + z**2 + 0.1*y**2", {"x": 1.0, "y": 2.0}))
    doc.training.schedule = Schedule("cosine", {"period": 50}, warmup=5)
    run = doc.make_run()
    run.steps(7)
    doc.capture(run)
    text = dumps_document(doc)
    again = loads_document(text)
    assert dumps_document(again) == text
    assert again.training.schedule == doc.training.schedule
    assert again.run.step == 7 and again.network.variables == doc.network.variables
    resumed = again.make_run()
    resumed.step()
    run.step()
    assert resumed.theta.tolist() == run.theta.tolist()


def test_network_files_without_new_features_keep_version_2():
    doc = load_document(example_path("xor"))
    assert '"version": 4,' in dumps_document(doc)  # the splitmix shuffle
    doc.training.shuffle = "blocks"
    assert '"version": 2,' in dumps_document(doc)
    doc.training.schedule = Schedule("exponential", {"gamma": 0.9})
    text = dumps_document(doc)
    assert '"version": 3,' in text
    assert loads_document(text).training.schedule == doc.training.schedule


def function_tree():
    return {"format": "backprop-playground-network", "version": 3,
            "function": {"lines": ["f = x**2 + y**2"],
                         "variables": [{"name": "x", "value": 1.0}, {"name": "y", "value": 2}]},
            "training": {"loss": "half_squared", "optimizer": "sgd"}}


@pytest.mark.parametrize("change, where, words", [
    (lambda t: t.update(version=2), "function", "version 3"),
    (lambda t: t.update(data={"generator": "xor"}), "data", "either a network or a function"),
    (lambda t: t["function"].update(lines=["f = x +* y"]), "function.lines[0]",
     "invalid syntax (column"),
    (lambda t: t["function"].update(lines=["__import__('os')"]), "function.lines[0]",
     'unknown function "__import__"'),
    (lambda t: t["function"].update(lines=["f = x + q"]), "function.lines[0]",
     'unknown name "q"'),
    (lambda t: t["function"]["variables"].append({"name": "x", "value": 0}),
     "function.variables[2].name", "already"),
    (lambda t: t["function"].update(minima=[[1.0]]), "function.minima[0]", "1 values"),
    (lambda t: t["training"].update(schedule={"kind": "cosine", "params": {"period": 0}}),
     "training.schedule", "period"),
    (lambda t: t["training"].update(schedule={"kind": "wobbly"}), "training.schedule.kind",
     "not one of"),
])
def test_bad_function_files_are_refused_with_the_place(change, where, words):
    tree = function_tree()

    assert loads_document(json.dumps(tree)).is_function
    change(tree)
    with pytest.raises(FileFormatError) as info:
        loads_document(json.dumps(tree))
    assert info.value.where == where, str(info.value)
    assert words in info.value.problem, str(info.value)


def test_old_version_2_file_opens():
    tree = example_tree("xor")
    tree["version"], tree["training"]["shuffle"] = 2, "blocks"

    doc = loads_document(json.dumps(tree))
    assert not doc.is_function and doc.training.schedule.is_constant
