"""The shipped examples: each loads, saves to the same text, trains, and reproduces its article."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest

from playground.io.examples import (
    DEFAULT_EXAMPLE,
    EXAMPLES_DIR,
    ORDER,
    example_path,
    list_examples,
)
from playground.io.files import dumps_document, load_document

NAMES = list(ORDER)


def test_examples_dir_is_the_repositorys_resources_folder():
    repo = Path(__file__).resolve().parents[2]
    assert EXAMPLES_DIR == repo / "resources" / "examples"
    assert sorted(p.stem for p in EXAMPLES_DIR.glob("*.json")) == sorted(NAMES)


def test_list_examples_in_menu_order_with_one_line_descriptions():
    infos = list_examples()
    assert [i.name for i in infos] == NAMES
    for info in infos:
        head = json.loads(info.path.read_text(encoding="utf-8"))
        assert head["name"] == info.name == info.path.stem
        assert info.title == head["title"] and info.title
        assert info.description == head["description"]
        assert info.description and "\n" not in info.description


def test_default_example_is_small_and_shipped():
    doc = load_document(example_path(DEFAULT_EXAMPLE))
    assert len(doc.network.neurons) <= 10
    assert doc.view.axes is not None and all(a.startswith("w:x") for a in doc.view.axes)


def test_example_path_names_the_choices_for_an_unknown_name():
    with pytest.raises(ValueError, match="sigmoid-neuron"):
        example_path("no-such-example")
    with pytest.raises(ValueError):
        example_path("../examples/xor")


@pytest.mark.parametrize("name", NAMES)
def test_example_loads_saves_identically_and_trains(name):
    path = example_path(name)
    doc = load_document(path)
    assert doc.name == name
    assert dumps_document(doc) == path.read_text(encoding="utf-8")
    run = doc.make_run()
    before = run.train_loss()
    assert run.steps(100) == 100 and run.diverged is None
    after = run.train_loss()
    assert math.isfinite(after) and after < before


def test_sigmoid_neuron_reproduces_the_article():
    doc = load_document(example_path("sigmoid-neuron"))
    assert doc.view.axes == ("w:x1->o1", "b:o1")
    assert doc.view.range == (-2.0, 6.0, -10.0, 2.0)
    assert (doc.training.loss.kind, doc.training.loss.reduction) == ("half_squared", "sum")
    assert doc.training.optimizer == "sgd" and doc.training.hyper == {"lr": 1.0}
    assert doc.training.batch_size is None
    run = doc.make_run()
    assert run.train_loss() == pytest.approx(0.4246312, abs=1e-7)
    run.steps(1000)
    w, b = (run.theta[run.compiled.index[n]] for n in ("w:x1->o1", "b:o1"))
    assert w == pytest.approx(3.230394, abs=1e-6)
    assert b == pytest.approx(-5.756507, abs=1e-6)
    assert run.train_loss() == pytest.approx(0.0170468, abs=1e-6)


def test_bowl_is_x_squared_plus_y_squared_and_one_step_lands_on_the_minimum():
    doc = load_document(example_path("bowl"))
    run = doc.make_run()
    assert list(run.theta) == [-5.0, -5.0]
    assert run.train_loss() == 50.0
    assert list(run.gradient()) == [-10.0, -10.0]
    # The loss is exactly w1² + w2² anywhere, not only at the start.
    for w in ([1.5, -2.0], [0.25, 3.0]):
        assert run.compiled.loss(np.array(w), run.x, run.y) == w[0] ** 2 + w[1] ** 2
    run.steps(1)
    assert list(run.theta) == [0.0, 0.0]
    assert run.train_loss() == 0.0
    assert list(run.gradient()) == [0.0, 0.0]


def test_four_three_two_has_18_weights_and_5_biases():
    net = load_document(example_path("four-three-two")).network
    params = net.parameter_values()
    assert sum(n.startswith("w:") for n in params) == 18
    assert sum(n.startswith("b:") for n in params) == 5
    assert [len(net.ids(r)) for r in ("input", "hidden", "output")] == [4, 3, 2]


def test_two_two_two_is_two_sigmoids_into_two_linear_outputs_summed():
    doc = load_document(example_path("two-two-two"))
    net = doc.network
    assert [net.neuron(i).activation for i in net.ids("hidden")] == ["sigmoid", "sigmoid"]
    assert [net.neuron(i).activation for i in net.ids("output")] == ["linear", "linear"]
    assert (doc.training.loss.kind, doc.training.loss.reduction) == ("half_squared", "sum")


def test_linear_regression_learning_rate_is_below_two_over_lambda_max():
    doc = load_document(example_path("linear-regression"))
    assert all(n.bias is None for n in doc.network.neurons)
    run = doc.make_run()
    a = run.x
    lam_max = np.linalg.eigvalsh(a.T @ a).max()
    assert doc.training.hyper["lr"] < 2 / lam_max
    run.steps(2000)
    least_squares = np.linalg.lstsq(a, run.y[:, 0], rcond=None)[0]
    assert np.allclose(run.theta, least_squares, atol=1e-8)


@pytest.mark.parametrize("name", ["xor", "circle", "spiral"])
def test_classifiers_learn_within_a_few_hundred_steps(name):
    run = load_document(example_path(name)).make_run()
    run.steps(500)
    logits = run.compiled.forward(run.theta, run.x_test)[:, 0]
    accuracy = ((logits > 0) == (run.y_test[:, 0] > 0.5)).mean()
    assert accuracy >= 0.9
