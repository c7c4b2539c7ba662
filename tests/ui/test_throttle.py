"""The one throttle: the first event at once, then at most one per interval."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QObject

from playground.ui.throttle import Throttle


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def allow(t: Throttle) -> bool:
    """What a dropping user does: go ahead (and count it) only when ready."""
    if t.ready():
        t.mark()
        return True
    return False


def test_one_event_goes_ahead_per_interval_and_the_rest_are_dropped():
    clock = Clock()
    t = Throttle(0.1, clock=clock)
    assert allow(t)  # the first at once
    assert not allow(t) and not t.ready()
    clock.now += 0.06
    assert not allow(t)
    assert t.wait() == pytest.approx(0.04)
    clock.now += 0.04
    assert allow(t)  # a dropped event does not push the next one back
    assert t.due_at == pytest.approx(clock.now + 0.1)


def test_mark_counts_an_event_that_went_ahead_and_reset_forgets_it():
    clock = Clock()
    t = Throttle(0.5, clock=clock)
    assert t.ready()
    t.mark()
    clock.now += 0.2
    assert not t.ready()
    t.reset()
    assert t.ready() and t.wait() < 0


def test_a_bad_interval_or_a_request_without_callback_is_refused():
    with pytest.raises(ValueError, match="interval"):
        Throttle(-1.0)
    with pytest.raises(ValueError, match="interval"):
        Throttle(float("nan"))
    with pytest.raises(TypeError, match="callback"):
        Throttle(0.1).request()


def test_requests_in_a_burst_fire_once_now_and_once_when_the_interval_ends(qtbot):
    owner = QObject()
    fired = []
    t = Throttle(0.05, lambda: fired.append(1), owner)
    assert t.request() is True and fired == [1]
    for _ in range(50):
        assert t.request() is False
    assert fired == [1] and t.pending
    qtbot.waitUntil(lambda: len(fired) == 2, timeout=2000)
    assert not t.pending
    qtbot.wait(120)  # nothing else was asked for: nothing else fires
    assert len(fired) == 2


def test_fire_now_goes_ahead_and_drops_the_scheduled_firing(qtbot):
    owner = QObject()
    fired = []
    t = Throttle(0.05, lambda: fired.append(1), owner)
    t.request()
    t.request()
    assert t.pending
    t.fire_now()  # e.g. the run paused: its last state shows at once
    assert fired == [1, 1] and not t.pending
    assert t.request() is False and t.pending  # fire_now counts as the interval's event
    t.cancel()
    qtbot.wait(120)
    assert fired == [1, 1]


def test_keep_pace_counts_a_slightly_late_event_when_it_was_due():
    clock = Clock()
    t = Throttle(0.1, clock=clock, keep_pace=True)
    t.mark()  # the first: no schedule yet, counted now
    assert t.due_at == pytest.approx(100.1)
    clock.now = 100.13  # late by 0.03: the next is still due a whole interval after 100.1
    t.mark()
    assert t.due_at == pytest.approx(100.2)
    clock.now = 100.27  # late by 0.07, more than half an interval: the pace restarts now
    t.mark()
    assert t.due_at == pytest.approx(100.37)
    clock.now = 100.30  # early (a forced event): counted now
    t.mark()
    assert t.due_at == pytest.approx(100.40)
    plain = Throttle(0.1, clock=clock)
    plain.mark()
    clock.now = 100.43
    plain.mark()  # without keep_pace: always now
    assert plain.due_at == pytest.approx(100.53)


def test_keep_pace_holds_for_requests_that_fire_a_little_late(qtbot):
    clock = Clock()
    fired: list[float] = []
    owner = QObject()
    t = Throttle(0.1, lambda: fired.append(clock.now), owner, clock=clock, keep_pace=True)
    assert t.request()  # the first fires at once
    clock.now += 0.104  # a producer that comes back a little after each due time
    assert t.request() and t.due_at == pytest.approx(100.2)
    clock.now = 100.207
    assert t.request() and t.due_at == pytest.approx(100.3)
    assert fired == pytest.approx([100.0, 100.104, 100.207])
