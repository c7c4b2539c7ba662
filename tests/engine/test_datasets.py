"""Tests for seeded data sets, input features, classes and splits."""

import numpy as np
import pytest

from playground.engine.datasets import (
    FEATURE_LABELS,
    FEATURES,
    GENERATORS,
    DataError,
    Dataset,
    apply_features,
    from_arrays,
    generate,
    generated_sizes,
    linear_regression_problem,
    one_hot,
)

CLASSIFIERS = ["circle", "xor", "gaussians", "spiral"]


def _all_x(ds: Dataset) -> np.ndarray:
    return np.concatenate([ds.x_train, ds.x_test])


def _all_y(ds: Dataset) -> np.ndarray:
    return np.concatenate([ds.y_train, ds.y_test])


# ---------------------------------------------------------------- generators


@pytest.mark.parametrize("name", sorted(GENERATORS))
def test_same_seed_same_data(name):
    a, b = generate(name, seed=3), generate(name, seed=3)
    for attr in ("x_train", "y_train", "x_test", "y_test"):
        np.testing.assert_array_equal(getattr(a, attr), getattr(b, attr))


@pytest.mark.parametrize("name", sorted(set(GENERATORS) - {"sigmoid-neuron"}))
def test_different_seed_different_data(name):
    a, b = generate(name, seed=1), generate(name, seed=2)
    assert not np.array_equal(a.x_train, b.x_train)


@pytest.mark.parametrize("name", sorted(GENERATORS))
def test_shapes_match_generator_info(name):
    info = GENERATORS[name]
    ds = generate(name)
    assert ds.kind == info.kind
    assert ds.n_inputs == info.n_inputs == len(ds.input_names)
    assert ds.n_outputs == info.n_outputs == len(ds.output_names)
    assert ds.x_train.dtype == np.float64 and ds.y_train.dtype == np.float64
    assert ds.x_test.shape[1] == ds.n_inputs and ds.y_test.shape[1] == ds.n_outputs
    assert ds.input_names == tuple(f"x{i + 1}" for i in range(ds.n_inputs))
    assert ds.output_names == ("y",) if ds.n_outputs == 1 else \
        tuple(f"y{k + 1}" for k in range(ds.n_outputs))


@pytest.mark.parametrize("name", CLASSIFIERS + ["plane", "multi-gaussian", "sine"])
@pytest.mark.parametrize(("n", "fraction", "n_train"), [(200, 0.5, 100), (101, 0.3, 30),
                                                         (10, 1.0, 10), (7, 0.8, 6)])
def test_split_sizes(name, n, fraction, n_train):
    ds = generate(name, n_points=n, train_fraction=fraction, seed=5)
    assert ds.x_train.shape[0] == ds.y_train.shape[0] == n_train
    assert ds.x_test.shape[0] == ds.y_test.shape[0] == n - n_train


def test_split_is_a_partition_of_the_points():
    whole = generate("circle", n_points=60, train_fraction=1.0, seed=4)
    split = generate("circle", n_points=60, train_fraction=0.5, seed=4)
    rows = lambda a: sorted(map(tuple, a))  # noqa: E731
    assert rows(_all_x(split)) == rows(whole.x_train)


def test_defaults():
    assert generate("circle").x_train.shape == (100, 2)
    assert generate("sine").x_train.shape[0] + generate("sine").x_test.shape[0] == 50
    assert generate("linear-regression").x_train.shape == (20, 2)
    assert generate("linear-regression").x_test.shape == (0, 2)


@pytest.mark.parametrize("name", CLASSIFIERS)
@pytest.mark.parametrize("noise", [0.0, 0.3])
def test_classification_labels_are_balanced_binary(name, noise):
    y = _all_y(generate(name, n_points=400, noise=noise, seed=7))
    assert set(np.unique(y)) == {0.0, 1.0}
    assert 0.35 < y.mean() < 0.65


@pytest.mark.parametrize("name", CLASSIFIERS)
def test_classification_inputs_in_playground_range(name):
    x = _all_x(generate(name, n_points=1000, seed=2))
    assert np.abs(x).max() <= 6.0 + 1e-9 or name == "gaussians"
    assert np.abs(x).max() > 3.0


def test_circle_labels_follow_radius_when_noiseless():
    ds = generate("circle", n_points=500, noise=0.0, seed=11)
    x, y = _all_x(ds), _all_y(ds)[:, 0]
    r = np.hypot(x[:, 0], x[:, 1])
    np.testing.assert_array_equal(y, (r < 2.5).astype(float))
    assert r[y == 0].min() >= 3.5 and r.max() <= 5.0


def test_circle_noise_flips_some_labels():
    ds = generate("circle", n_points=500, noise=0.5, seed=11)
    x, y = _all_x(ds), _all_y(ds)[:, 0]
    assert np.any(y != (np.hypot(x[:, 0], x[:, 1]) < 2.5))


def test_xor_labels_follow_sign_rule_when_noiseless():
    ds = generate("xor", n_points=500, noise=0.0, seed=12)
    x, y = _all_x(ds), _all_y(ds)[:, 0]
    np.testing.assert_array_equal(y, (x[:, 0] * x[:, 1] > 0).astype(float))
    assert np.abs(x).min() >= 0.3  # padded away from the axes


def test_gaussians_classes_sit_on_their_centres():
    ds = generate("gaussians", n_points=2000, seed=1)
    x, y = _all_x(ds), _all_y(ds)[:, 0]
    np.testing.assert_allclose(x[y == 1].mean(axis=0), [2, 2], atol=0.15)
    np.testing.assert_allclose(x[y == 0].mean(axis=0), [-2, -2], atol=0.15)


@pytest.mark.parametrize(("noise", "std"), [(0.0, np.sqrt(0.5)), (0.5, 2.0)])
def test_gaussians_spread_follows_playground_variance(noise, std):
    ds = generate("gaussians", n_points=4000, noise=noise, seed=1)
    x, y = _all_x(ds), _all_y(ds)[:, 0]
    np.testing.assert_allclose(x[y == 1].std(axis=0), [std, std], rtol=0.06)


def test_spiral_classes_are_point_reflections_when_noiseless():
    x = _all_x(generate("spiral", n_points=100, train_fraction=1.0, seed=0))
    y = _all_y(generate("spiral", n_points=100, train_fraction=1.0, seed=0))[:, 0]
    a = sorted(map(tuple, np.round(x[y == 1], 9)))
    b = sorted(map(tuple, np.round(-x[y == 0], 9) + 0.0))
    assert a == b


def test_sigmoid_neuron_exact_values():
    ds = generate("sigmoid-neuron", n_points=99, noise=0.5, train_fraction=0.5, seed=9)
    np.testing.assert_array_equal(ds.x_train, [[0.5], [2.5]])
    np.testing.assert_array_equal(ds.y_train, [[0.2], [0.9]])
    assert ds.x_test.shape == (0, 1) and ds.y_test.shape == (0, 1)
    assert ds.kind == "regression"


def test_plane_is_linear_and_scaled():
    ds = generate("plane", n_points=300, noise=0.0)
    x, y = _all_x(ds), _all_y(ds)[:, 0]
    np.testing.assert_allclose(y, (x[:, 0] + x[:, 1]) / 10)
    assert np.abs(x).max() <= 6 and np.abs(y).max() <= 1.2


def test_multi_gaussian_has_signed_bumps_in_unit_range():
    ds = generate("multi-gaussian", n_points=2000, noise=0.0)
    y = _all_y(ds)
    assert y.min() < -0.5 and y.max() > 0.5 and np.abs(y).max() <= 1.0 + 1e-9


@pytest.mark.parametrize("name", ["plane", "multi-gaussian", "sine"])
def test_regression_noise_changes_only_y(name):
    clean = generate(name, noise=0.0, seed=3)
    noisy = generate(name, noise=0.2, seed=3)
    np.testing.assert_array_equal(clean.x_train, noisy.x_train)
    diff = noisy.y_train - clean.y_train
    assert 0.1 < diff.std() < 0.3


def test_sine_values():
    ds = generate("sine", noise=0.0, n_points=80)
    x, y = _all_x(ds), _all_y(ds)
    assert x.shape == (80, 1) and np.abs(x).max() <= 3
    np.testing.assert_allclose(y, np.sin(x))


def test_linear_regression_exact_without_noise():
    a, b, x_true = linear_regression_problem(20, 3, noise=0.0, seed=4)
    assert a.shape == (20, 3) and b.shape == (20,) and x_true.shape == (3,)
    np.testing.assert_allclose(b, a @ x_true, rtol=0, atol=1e-12)


def test_linear_regression_dataset_matches_problem():
    a, b, _ = linear_regression_problem(15, 4, noise=0.1, seed=6)
    ds = generate("linear-regression", n_rows=15, n_cols=4, noise=0.1, seed=6)
    np.testing.assert_array_equal(ds.x_train, a)
    np.testing.assert_array_equal(ds.y_train[:, 0], b)
    assert ds.input_names == ("x1", "x2", "x3", "x4")


def test_linear_regression_loss_is_half_squared_residual():
    # A linear neuron without bias, summed loss ½Σ(ŷ−y)², equals ½‖Ax−b‖².
    ds = generate("linear-regression", noise=0.5, seed=2)
    w = np.array([0.3, -1.2])
    half_sum = 0.5 * np.sum((ds.x_train @ w - ds.y_train[:, 0]) ** 2)
    a, b, _ = linear_regression_problem(noise=0.5, seed=2)
    assert half_sum == pytest.approx(0.5 * np.linalg.norm(a @ w - b) ** 2)


def test_linear_regression_n_points_is_n_rows():
    assert generate("linear-regression", n_points=7).x_train.shape == (7, 2)
    with pytest.raises(DataError, match="disagree"):
        generate("linear-regression", n_points=7, n_rows=8)


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"name": "moons"}, "unknown data set 'moons'; choose one of: sigmoid-neuron, circle"),
    ({"name": "circle", "radius": 3}, "unknown parameter 'radius'.*valid: n_points, noise"),
    ({"name": "linear-regression", "n_colz": 3}, "valid: .*n_rows, n_cols"),
    ({"name": "circle", "noise": 1.5}, "noise for 'circle' must be between 0 and 1"),
    ({"name": "xor", "noise": -0.1}, "noise"),
    ({"name": "plane", "noise": -0.1}, "noise"),
    ({"name": "circle", "noise": float("nan")}, "noise must be finite"),
    ({"name": "circle", "n_points": 0}, "n_points must be between 1 and 1,000,000"),
    ({"name": "circle", "n_points": 1_000_001}, "n_points must be between"),
    ({"name": "circle", "n_points": 2.5}, "n_points must be a whole number"),
    ({"name": "circle", "train_fraction": 0.0}, r"train_fraction must be in \(0, 1\]"),
    ({"name": "circle", "train_fraction": 1.01}, "train_fraction"),
    ({"name": "circle", "seed": -1}, "seed"),
    ({"name": "linear-regression", "n_cols": 0}, "n_cols"),
])
def test_generate_refuses_bad_arguments(kwargs, message):
    with pytest.raises(DataError, match=message):
        generate(**kwargs)


def test_data_error_is_a_value_error():
    assert issubclass(DataError, ValueError)


# ---------------------------------------------------------------- Dataset and from_arrays


def test_dataset_is_frozen_and_read_only():
    ds = generate("circle")
    with pytest.raises(AttributeError):
        ds.kind = "regression"
    with pytest.raises(ValueError):
        ds.x_train[0, 0] = 1.0


def test_from_arrays_defaults_and_one_d_inputs():
    ds = from_arrays([1.0, 2.0, 3.0], [[1, 2], [3, 4], [5, 6]])
    assert ds.x_train.shape == (3, 1) and ds.y_train.shape == (3, 2)
    assert ds.input_names == ("x1",) and ds.output_names == ("y1", "y2")
    np.testing.assert_array_equal(ds.x_train[:, 0], [1, 2, 3])  # order kept when all train


def test_from_arrays_split_is_seeded():
    x = np.arange(20.0)
    a = from_arrays(x, x, train_fraction=0.5, seed=1)
    b = from_arrays(x, x, train_fraction=0.5, seed=1)
    c = from_arrays(x, x, train_fraction=0.5, seed=2)
    np.testing.assert_array_equal(a.x_train, b.x_train)
    assert not np.array_equal(a.x_train, c.x_train)
    np.testing.assert_array_equal(a.x_train, a.y_train)  # rows stay paired


@pytest.mark.parametrize(("args", "kwargs", "message"), [
    (([1, 2], [1]), {}, "x has 2 rows but y has 1"),
    (([1, np.nan], [1, 2]), {}, "x row 2 contains NaN"),
    (([1, 2], [1, np.inf]), {}, "y row 2"),
    (([], []), {}, "no data points"),
    ((np.zeros((2, 2, 2)), [1, 2]), {}, "must be 1-D or 2-D"),
    ((["a", "b"], [1, 2]), {}, "x must be an array of numbers"),
    (([1j, 2], [1, 2]), {}, "complex"),
    (([1, 2], [0, 2]), {"kind": "classification"}, "labels must be 0 or 1"),
    (([1, 2], [0, 1]), {"kind": "clustering"}, "kind must be one of"),
    (([1, 2], [0, 1]), {"input_names": ("a", "b")}, "x_train has 1 columns but there are 2"),
    (([1, 2], [0, 1]), {"output_names": ("y", "y")}, "input_names|appears more than once"),
    (([1, 2], [0, 1]), {"train_fraction": 0}, "train_fraction"),
])
def test_from_arrays_refuses_bad_input(args, kwargs, message):
    with pytest.raises(DataError, match=message):
        from_arrays(*args, **kwargs)


def test_from_arrays_refuses_too_many_points():
    with pytest.raises(DataError, match="too many points"):
        from_arrays(np.zeros(1_000_001), np.zeros(1_000_001))


# ---------------------------------------------------------------- features


def test_features_are_numerically_correct():
    x = np.array([[0.5, -2.0], [3.0, 0.25]])
    expected = {
        "x1": [0.5, 3.0],
        "x2": [-2.0, 0.25],
        "x1^2": [0.25, 9.0],
        "x2^2": [4.0, 0.0625],
        "x1*x2": [-1.0, 0.75],
        "sin(x1)": [np.sin(0.5), np.sin(3.0)],
        "sin(x2)": [np.sin(-2.0), np.sin(0.25)],
    }
    assert list(FEATURES) == list(expected)
    for name, values in expected.items():
        np.testing.assert_allclose(FEATURES[name](x), values, rtol=0, atol=1e-15)
    out = apply_features(x, list(expected))
    np.testing.assert_allclose(out, np.array(list(expected.values())).T, rtol=0, atol=1e-15)


def test_feature_labels_cover_every_feature():
    assert set(FEATURE_LABELS) == set(FEATURES)
    assert FEATURE_LABELS["x1^2"] == "x₁²"
    assert FEATURE_LABELS["x1*x2"] == "x₁x₂"
    assert FEATURE_LABELS["sin(x1)"] == "sin(x₁)"


def test_features_on_one_d_data():
    x = np.array([[1.0], [2.0]])
    np.testing.assert_allclose(apply_features(x, ["x1^2", "sin(x1)"]),
                               [[1.0, np.sin(1.0)], [4.0, np.sin(2.0)]])
    with pytest.raises(DataError, match="'x1\\*x2' needs input x2"):
        apply_features(x, ["x1", "x1*x2"])


@pytest.mark.parametrize(("features", "message"), [
    (["x3"], "unknown feature 'x3'; choose from: x1, x2"),
    ([], "at least one"),
    (["x1", "x1"], "more than once"),
    ("x1", "not the string"),
])
def test_apply_features_refuses_bad_names(features, message):
    with pytest.raises(DataError, match=message):
        apply_features(np.zeros((3, 2)), features)


def test_apply_features_refuses_wide_inputs():
    with pytest.raises(DataError, match=r"shape \(n, 1\) or \(n, 2\)"):
        apply_features(np.zeros((3, 3)), ["x1"])


def test_with_features_shapes_and_values():
    ds = generate("circle", n_points=40, train_fraction=0.75, seed=1)
    feats = ["x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)"]
    fd = ds.with_features(feats)
    assert fd.x_train.shape == (30, 6) and fd.x_test.shape == (10, 6)
    assert fd.input_names == tuple(feats) and fd.n_inputs == 6
    assert fd.output_names == ds.output_names and fd.kind == ds.kind
    np.testing.assert_array_equal(fd.y_train, ds.y_train)
    np.testing.assert_allclose(fd.x_test[:, 4], ds.x_test[:, 0] * ds.x_test[:, 1])


def test_with_features_keeps_empty_test_set():
    fd = generate("sine", train_fraction=1.0).with_features(["x1", "sin(x1)"])
    assert fd.x_test.shape == (0, 2)
    with pytest.raises(DataError, match="needs input x2"):
        generate("sine").with_features(["x2"])


# ---------------------------------------------------------------- classes


def test_class_names_default_and_given():
    ds = from_arrays([[0.0], [1.0]], [[0.0], [1.0]], kind="classification")
    assert ds.class_names == ("0", "1")
    named = from_arrays([[0.0], [1.0], [2.0]], one_hot([0, 1, 2], 3), kind="classification",
                        classes=("a", "b", "c"))
    assert named.class_names == ("a", "b", "c")
    np.testing.assert_array_equal(named.class_index(named.y_train), [0, 1, 2])
    assert named.with_features(["x1"]).classes == ("a", "b", "c")
    assert from_arrays([1.0], [2.0]).class_names == ()


@pytest.mark.parametrize(("y", "kwargs", "message"), [
    ([[1.0, 1.0], [0.0, 1.0]], {"kind": "classification"}, "train row 1: .*one-hot"),
    ([[0.0], [1.0]], {"kind": "classification", "classes": ("a", "b", "c")},
     "3 name.* for 2 classes"),
    ([[0.0], [1.0]], {"classes": ("a", "b")}, "only a classification has class names"),
    ([[0.0], [1.0]], {"kind": "classification", "classes": ("a", "a")}, "appears more"),
])
def test_class_checks(y, kwargs, message):
    with pytest.raises(DataError, match=message):
        from_arrays([[0.0], [1.0]], y, **kwargs)


@pytest.mark.parametrize("name", sorted(GENERATORS))
@pytest.mark.parametrize("settings", [{}, {"n_points": 37, "train_fraction": 0.3}])
def test_generated_sizes_count_what_generate_makes(name, settings):
    ds = generate(name, **settings)
    assert generated_sizes(name, **settings) == (len(ds.x_train) + len(ds.x_test),
                                                 len(ds.x_train))


def test_generated_sizes_read_linear_regressions_n_rows():
    assert generated_sizes("linear-regression", n_rows=500_000) == (500_000, 500_000)
