"""A document on imported data: the network's inputs and outputs follow the columns."""

from __future__ import annotations

from playground.engine.network import layered
from playground.io.csv_import import import_table, read_table
from playground.io.document import Document
from playground.workspace.data_import import network_fits, with_data
from playground.workspace.problem import build_problem

IRIS_LIKE = ("sepal length,sepal width,species\n"
             "5.1,3.5,setosa\n4.9,3.0,setosa\n7.0,3.2,versicolor\n6.4,3.2,versicolor\n"
             "6.3,3.3,virginica\n5.8,2.7,virginica\n5.0,3.6,setosa\n6.9,3.1,versicolor\n")


def test_three_classes_rebuild_the_network_with_named_neurons():
    doc = Document(layered("2-4-4-1", "relu", "linear"))
    data = import_table(read_table(IRIS_LIKE))
    assert not network_fits(doc, data)
    new = with_data(doc, data, train_fraction=0.75, seed=3)
    assert new.network.ids("input") == ["sepal_length", "sepal_width"]
    assert [n.feature for n in new.network.neurons if n.role == "input"] == ["x1", "x2"]
    assert new.network.ids("output") == ["setosa", "versicolor", "virginica"]
    assert len(new.network.ids("hidden")) == 8  # the hidden layers are kept: 4-4
    assert {n.activation for n in new.network.neurons if n.role == "hidden"} == {"relu"}
    assert new.training.loss.kind == "softmax_ce"
    assert new.run is None and new.view.axes is None
    problem = build_problem(new)
    assert problem.dataset.class_names == ("setosa", "versicolor", "virginica")
    assert len(problem.dataset.x_train) == 6
    assert doc.network.ids("output") == ["o1"]  # the old document is untouched


def test_a_fitting_network_is_kept_and_regression_keeps_its_loss():
    doc = Document(layered("1-3-1", "tanh", "linear"))
    doc.training.loss = type(doc.training.loss)("squared")
    data = import_table(read_table("t,v\n0,0.5\n1,1.5\n2,2.25\n3,3.125\n"))
    assert data.kind == "regression" and network_fits(doc, data)
    new = with_data(doc, data, train_fraction=1.0)
    assert new.network.ids() == doc.network.ids()
    assert new.training.loss.kind == "squared"
    build_problem(new)


def test_two_classes_train_on_one_logit():
    doc = Document(layered("2-1", "tanh", "linear"))
    data = import_table(read_table("a,b,ok\n1,2,yes\n2,1,no\n0,0,no\n3,3,yes\n"))
    new = with_data(doc, data)
    assert new.training.loss.kind == "bce_logits"
    assert new.network.ids() == ["x1", "x2", "o1"]  # it fits: kept
    assert build_problem(new).dataset.class_names == ("no", "yes")
