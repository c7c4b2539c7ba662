"""Several classes: the generators' one-hot targets, and the confusion table and accuracy."""

from __future__ import annotations

import math

import numpy as np
import pytest

from playground.engine.confusion import confusion, predicted_classes, target_classes
from playground.engine.datasets import SHAPES, DataError, generate, generated_shape, one_hot


def _all(ds):
    return np.concatenate([ds.x_train, ds.x_test]), np.concatenate([ds.y_train, ds.y_test])


@pytest.mark.parametrize(("name", "params", "k"), [
    ("blobs", {}, 3), ("blobs", {"n_classes": 4}, 4), ("blobs", {"n_classes": 5}, 5),
    ("spiral3", {}, 3), ("quadrants", {}, 4)])
def test_generators_make_balanced_one_hot_classes(name, params, k):
    ds = generate(name, n_points=300, seed=2, **params)
    x, y = _all(ds)
    assert ds.kind == "classification" and ds.n_outputs == k
    assert generated_shape(name, params) == (2, k)
    assert y.shape == (300, k) and (y.sum(axis=1) == 1).all()
    counts = y.sum(axis=0)
    if name != "quadrants":  # the quadrants are uniform, the others dealt in turn
        assert counts.max() - counts.min() <= 1
    assert (counts > 0).all()
    assert ds.class_names == tuple(str(c) for c in range(k))
    again = generate(name, n_points=300, seed=2, **params)
    assert ds.x_train.tobytes() == again.x_train.tobytes()
    assert ds.x_train.tobytes() != generate(name, n_points=300, seed=3, **params).x_train.tobytes()


def test_blob_points_lie_near_their_own_centre():
    ds = generate("blobs", n_points=500, noise=0.0, n_classes=5, seed=0)
    x, y = _all(ds)
    labels = np.argmax(y, axis=1)
    angle = 2 * np.pi * np.arange(5) / 5 + np.pi / 2
    centres = 4 * np.column_stack([np.cos(angle), np.sin(angle)])
    nearest = np.argmin(((x[:, None, :] - centres[None]) ** 2).sum(axis=2), axis=1)
    assert np.mean(nearest == labels) > 0.97


def test_quadrants_label_by_quadrant_without_noise():
    x, y = _all(generate("quadrants", n_points=400, noise=0.0, seed=1))
    labels = np.argmax(y, axis=1)
    want = np.select([(x[:, 0] > 0) & (x[:, 1] > 0), (x[:, 0] < 0) & (x[:, 1] > 0),
                      (x[:, 0] < 0) & (x[:, 1] < 0)], [0, 1, 2], 3)
    np.testing.assert_array_equal(labels, want)
    assert (np.abs(x) >= 0.3).all()


def test_spiral_arms_turn_with_the_radius():
    x, y = _all(generate("spiral3", n_points=300, noise=0.0, train_fraction=1.0))
    r = np.hypot(x[:, 0], x[:, 1])
    assert r.max() < 5.0 and r.min() >= 0.0
    for k in range(3):
        arm = x[np.argmax(y, axis=1) == k]
        assert len(arm) == 100


@pytest.mark.parametrize("n", [2, 6, 3.5])
def test_blobs_refuse_other_class_counts(n):
    with pytest.raises(DataError, match="n_classes must"):
        generate("blobs", n_classes=n)


def test_one_hot_keeps_two_classes_in_one_column():
    np.testing.assert_array_equal(one_hot([1, 0, 1], 2), [[1], [0], [1]])
    np.testing.assert_array_equal(one_hot([2, 0], 3), [[0, 0, 1], [1, 0, 0]])


def test_predicted_classes_follow_the_loss():
    logits = np.array([[-0.2], [0.3]])
    np.testing.assert_array_equal(predicted_classes(logits, "bce_logits"), [0, 1])
    np.testing.assert_array_equal(predicted_classes(logits, "half_squared"), [0, 0])
    np.testing.assert_array_equal(predicted_classes([[1, 3, 2], [5, 0, 0]], "softmax_ce"), [1, 0])
    np.testing.assert_array_equal(target_classes([[0, 0, 1], [0, 1, 0]]), [2, 1])


def test_confusion_table_counts_accuracy_and_per_class():
    y = one_hot([0, 0, 1, 1, 1, 2], 3)
    outputs = np.array([[9, 0, 0], [0, 9, 0], [0, 9, 0], [0, 9, 0], [0, 0, 9], [0, 0, 9]])
    table = confusion(outputs, y, "softmax_ce", ("a", "b", "c"))
    np.testing.assert_array_equal(table.counts, [[1, 1, 0], [0, 2, 1], [0, 0, 1]])
    assert table.accuracy == pytest.approx(4 / 6)
    assert table.per_class == pytest.approx({"a": 0.5, "b": 2 / 3, "c": 1.0})
    absent = confusion(outputs[:2], y[:2], "softmax_ce", ("a", "b", "c"))
    assert math.isnan(absent.per_class["c"])
    assert absent.to_dict()["per_class"]["c"] is None
    assert math.isnan(confusion(np.empty((0, 3)), np.empty((0, 3)), "softmax_ce",
                                ("a", "b", "c")).accuracy)


# ---------------------------------------------------------------- data from a function

@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_boundary_classes_lie_on_their_side_of_the_curve(shape):
    f = SHAPES[shape][0]
    x, y = _all(generate(f"boundary-{shape}", n_points=400, noise=0.0, seed=4))
    above = x[:, 1] > 4.0 * f(x[:, 0] / 5.0)
    np.testing.assert_array_equal(y[:, 0], above)
    assert 0.2 < y.mean() < 0.8  # both classes are there
    noisy = _all(generate(f"boundary-{shape}", n_points=400, noise=0.3, seed=4))[1]
    assert 0 < np.mean(noisy != y) < 0.5  # noise flips labels near the boundary


@pytest.mark.parametrize("shape", sorted(set(SHAPES) - {"sine"}))
def test_curves_follow_their_function_plus_noise(shape):
    f = SHAPES[shape][0]
    x, y = _all(generate(f"curve-{shape}", n_points=200, noise=0.0, seed=1))
    np.testing.assert_allclose(y[:, 0], f(x[:, 0] / 3.0))
    x, y = _all(generate(f"curve-{shape}", n_points=2000, noise=0.1, seed=1))
    assert np.std(y[:, 0] - f(x[:, 0] / 3.0)) == pytest.approx(0.1, rel=0.1)
