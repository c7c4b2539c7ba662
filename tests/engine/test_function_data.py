"""Data from a typed function: the curve and the boundary follow the text, bad text is refused
with its place, and the same settings always give the same points."""

from __future__ import annotations

import numpy as np
import pytest

from playground.engine.datasets import DataError
from playground.engine.expression import ExpressionError
from playground.engine.function_data import RANGE, generate_typed


def test_a_curve_without_noise_lies_on_the_typed_function():
    ds = generate_typed("curve", "sin(3*x) + x**2/4", n_points=80, noise=0.0)
    x = np.concatenate([ds.x_train, ds.x_test])[:, 0]
    y = np.concatenate([ds.y_train, ds.y_test])[:, 0]
    assert np.allclose(y, np.sin(3 * x) + x ** 2 / 4, rtol=0, atol=1e-12)
    assert ds.kind == "regression" and np.abs(x).max() <= RANGE


@pytest.mark.parametrize("text, f", [("sin(3*x1)", lambda u: np.sin(3 * u)),
                                     ("x1**3 - x1", lambda u: u ** 3 - u),
                                     ("abs(x1)", np.abs)])
def test_a_boundary_labels_class_one_above_the_typed_curve(text, f):
    ds = generate_typed("boundary", text, n_points=300, noise=0.0, seed=3)
    x = np.concatenate([ds.x_train, ds.x_test])
    y = np.concatenate([ds.y_train, ds.y_test])[:, 0]
    assert np.array_equal(y, (x[:, 1] > f(x[:, 0])).astype(float))
    assert 0 < y.sum() < len(y)  # both classes


def test_noise_and_seed_are_reproducible_and_noise_moves_the_curve():
    a = generate_typed("curve", "x", n_points=50, noise=0.3, seed=1)
    b = generate_typed("curve", "x", n_points=50, noise=0.3, seed=1)
    assert a.y_train.tobytes() == b.y_train.tobytes()
    assert not np.allclose(a.y_train, a.x_train)


def test_bad_text_names_its_column_with_a_caret():
    with pytest.raises(ExpressionError) as info:
        generate_typed("boundary", "sin(3*x) + 1", n_points=10)
    text = info.value.render()
    assert 'column 7: unknown name "x"' in text
    assert text.splitlines()[-1] == "        ^"  # under the x of "  sin(3*x) + 1"
    with pytest.raises(ExpressionError, match="column"):
        generate_typed("curve", "x +* 2", n_points=10)
    with pytest.raises(ExpressionError):
        generate_typed("curve", "__import__('os')", n_points=10)


def test_a_function_undefined_somewhere_on_the_range_is_refused_with_the_place():
    with pytest.raises(DataError, match=r"not a finite number at x = -"):
        generate_typed("curve", "log(x)", n_points=100)
