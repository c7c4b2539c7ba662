"""Accuracy: thresholds for logits and probabilities, argmax for several outputs."""

import math

import numpy as np

from playground.engine.metrics import accuracy


def test_logits_are_split_at_zero_and_probabilities_at_a_half():
    y = np.array([[0.0], [1.0], [1.0], [0.0]])
    assert accuracy(np.array([[-1.0], [0.2], [-0.1], [0.3]]), y, "bce_logits") == 0.5
    assert accuracy(np.array([[0.4], [0.6], [0.9], [0.1]]), y, "half_squared") == 1.0


def test_several_outputs_take_the_largest_and_no_rows_give_nan():
    y = np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]])
    assert accuracy(np.array([[2.0, 1.0, 0.0], [0.0, 3.0, 1.0]]), y, "softmax_ce") == 0.5
    assert math.isnan(accuracy(np.empty((0, 1)), np.empty((0, 1)), "bce_logits"))
