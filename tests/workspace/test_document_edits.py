"""What the controls do to a document: inputs rebuilt for features and data sets."""

from __future__ import annotations

import pytest

from playground.engine.network import layered
from playground.io.document import DataSpec, Document
from playground.ui.training.controls import LR_MAX, LR_MIN, LR_TICKS, lr_to_tick, tick_to_lr
from playground.workspace import document_edits as edits


def doc() -> Document:
    return Document(network=layered("2-3-1", "tanh", seed=2), data=DataSpec("xor"))


def test_features_add_inputs_connected_like_the_others_and_keep_old_weights():
    d = doc()
    new = edits.set_features(d, ["x1", "x2", "x1*x2"])
    inputs = [n for n in new.network.neurons if n.role == "input"]
    assert [n.feature or n.id for n in inputs] == ["x1", "x2", "x1*x2"]
    assert inputs[2].id == "x1x2"  # a valid id for the file format
    targets = {c.dst for c in new.network.connections if c.src == "x1x2"}
    assert targets == {"h1_1", "h1_2", "h1_3"}
    old = d.network.parameter_values()
    kept = new.network.parameter_values()
    assert all(kept[k] == v for k, v in old.items())
    new.make_run()  # trains: the data set provides the feature


def test_features_remove_inputs_and_their_connections():
    new = edits.set_features(doc(), ["x2"])
    assert new.network.ids("input") == ["x2"]
    assert not [c for c in new.network.connections if c.src == "x1"]
    new.make_run()


def test_one_dimensional_data_rebuilds_inputs_and_back():
    one_d = edits.set_data(doc(), generator="sine")
    assert [n.feature or n.id for n in one_d.network.neurons if n.role == "input"] == ["x1"]
    one_d.make_run()
    two_d = edits.set_data(one_d, generator="circle")
    assert edits.input_features(two_d.network) == ["x1"]  # x1 still fits the new data
    two_d.make_run()


def test_data_changes_and_settings_copy_the_document():
    d = doc()
    noisy = edits.set_data(d, noise=0.3)
    assert noisy.data.noise == 0.3 and d.data.noise is None
    assert edits.set_data(d, reseed=True).data.seed == d.data.seed + 1
    adam = edits.set_optimizer(d, "adam")
    assert adam.training.optimizer == "adam" and adam.training.hyper["lr"] == 0.03
    assert "beta1" in adam.training.hyper
    relu = edits.set_activation(d, "hidden", "relu")
    assert {n.activation for n in relu.network.neurons if n.role == "hidden"} == {"relu"}
    assert {n.activation for n in d.network.neurons if n.role == "hidden"} == {"tanh"}
    assert edits.set_batch_size(d, 0).training.batch_size is None
    assert edits.set_loss(d, regularizer="l2", rate=0.01).training.loss.rate == 0.01


def test_no_features_is_refused():
    with pytest.raises(ValueError, match="at least one"):
        edits.with_inputs(doc().network, [])


def test_learning_rate_slider_is_logarithmic_end_to_end():
    assert lr_to_tick(LR_MIN) == 0 and lr_to_tick(LR_MAX) == LR_TICKS
    assert tick_to_lr(0) == LR_MIN and tick_to_lr(LR_TICKS) == LR_MAX
    assert tick_to_lr(lr_to_tick(0.03)) == pytest.approx(0.03, rel=0.03)
    assert lr_to_tick(1e-3) == LR_TICKS // 3  # one third of the way: two of six decades


def test_a_multi_class_data_set_gets_one_output_per_class_and_softmax():
    d = doc()
    blobs = edits.set_data(d, generator="quadrants")
    assert len(blobs.network.ids("output")) == 4
    assert blobs.training.loss.kind == "softmax_ce"
    run = blobs.make_run()
    # three new outputs, each with three weights from the hidden neurons and a bias
    assert run.compiled.n_params == d.make_run().compiled.n_params + 3 * (3 + 1)
    back = edits.set_data(blobs, generator="xor")
    assert back.network.ids("output") == d.network.ids("output")
    assert back.training.loss.kind == "bce_logits"
    back.make_run()
    sine = edits.set_data(blobs, generator="sine")
    assert sine.training.loss.kind == "half_squared"
    sine.make_run()
