"""Every shipped example says what to watch and shows it within a minute at the default pace."""

from __future__ import annotations

import math

import pytest

from playground.io.examples import list_examples
from playground.io.files import load_document

MINUTE_OF_STEPS = 1800  # 30 steps/s, the default pace


# The network examples; the function examples (fn-*) show saddles, local minima and
# divergence on purpose, so "the loss falls" is not their point.
NETWORK_EXAMPLES = [i for i in list_examples() if not i.name.startswith("fn-")]


@pytest.mark.parametrize("info", NETWORK_EXAMPLES, ids=lambda i: i.name)
def test_example_says_what_to_watch_and_shows_it_within_a_minute(info):
    doc = load_document(info.path)
    assert "watch" in doc.description.lower() or "press step" in doc.description.lower()
    run = doc.make_run()
    start = run.train_loss()
    run.steps(MINUTE_OF_STEPS)
    assert not run.diverged
    assert run.train_loss() < 0.1 * start  # the point of the example has played out


def test_xor_does_not_overfit_in_silence():
    doc = load_document(next(i.path for i in list_examples() if i.name == "xor"))
    assert doc.training.loss.regularizer == "l2" and "overfitting" in doc.description
    run = doc.make_run()
    run.steps(MINUTE_OF_STEPS)
    at_a_minute = run.test_loss()
    run.steps(8000)
    assert math.isfinite(at_a_minute)
    assert run.test_loss() < 1.05 * at_a_minute  # the test loss levels off, it does not climb


FUNCTION_EXAMPLES = [i for i in list_examples() if i.name.startswith("fn-")]


@pytest.mark.parametrize("info", FUNCTION_EXAMPLES, ids=lambda i: i.name)
def test_function_example_says_what_to_watch_and_it_happens_within_a_minute(info):
    doc = load_document(info.path)
    assert "Watch:" in doc.description
    run = doc.make_run()
    start = run.train_loss()
    run.steps(MINUTE_OF_STEPS)
    if "no minimum" in doc.description:
        # A saddle's point is the escape: the run stops, saying the function falls for ever.
        assert run.diverged and "no minimum" in run.diverged
    else:
        # Every other function settles within the minute (at a minimum, local or global).
        assert not run.diverged
        before = run.train_loss()
        run.steps(30)
        assert run.train_loss() < start and abs(run.train_loss() - before) <= 1e-3 * start
