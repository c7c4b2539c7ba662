"""One rule for "at most so often": snapshots, redraws, landscape requests, live inspection.

A burst of events (thirty snapshots a second, a drag) must not become a burst
of work. A `Throttle` lets the first event through at once and then at most one
per `interval`:

- without a callback, `ready()` says whether this event may go ahead and
  `mark()` counts it; events in between are dropped (a view that redraws the
  newest snapshot: the next one comes soon anyway);
- with a callback (`fire`), `request()` calls it at once when allowed, else once
  when the interval is over, however many requests came in between (the newest
  state wins, nothing is lost). That needs a Qt timer, parented to `parent` so
  it lives in the thread of the object that owns the throttle.

`fire_now()` goes ahead whatever the clock (a paused run's last state must show).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer


class Throttle:
    """At most one event per `interval` seconds; see the module's docstring."""

    def __init__(self, interval: float, fire: Callable[[], None] | None = None,
                 parent: QObject | None = None,
                 clock: Callable[[], float] = time.perf_counter, keep_pace: bool = False):
        if not interval >= 0:
            raise ValueError(f"a throttle's interval is a time ≥ 0, got {interval!r}")
        self.interval = float(interval)
        self.keep_pace = keep_pace  # how `mark()` counts an event (see there)
        self._fire = fire
        self._clock = clock
        self._last = -math.inf
        self._timer: QTimer | None = None
        if fire is not None:
            self._timer = QTimer(parent)
            self._timer.setSingleShot(True)
            self._timer.timeout.connect(self.fire_now)

    # ------------------------------------------------------------------ the clock
    @property
    def due_at(self) -> float:
        """When, on the throttle's clock, the next event may go ahead."""
        return self._last + self.interval

    def wait(self) -> float:
        """Seconds until the next event may go ahead (≤ 0: now)."""
        return self.due_at - self._clock()

    def ready(self) -> bool:
        return self.wait() <= 0

    def mark(self) -> None:
        """Count an event as gone ahead now.

        With `keep_pace`, an event late by less than half an interval counts as gone
        ahead when it was due, so a producer that is always a little late (a training
        burst ending just past the snapshot time) still keeps one event per interval on
        average; two events stay at least half an interval apart."""
        now = self._clock()
        due = self.due_at
        late = due <= now < due + self.interval / 2
        self._last = due if self.keep_pace and late else now

    def reset(self) -> None:
        """Forget the last event (the next goes ahead at once) and drop a scheduled one."""
        self._last = -math.inf
        self.cancel()

    # ------------------------------------------------------------------ coalescing
    def request(self) -> bool:
        """Fire now if allowed (True), else make sure one firing is scheduled (False)."""
        if self._timer is None:
            raise TypeError("request() needs a throttle made with a callback")
        wait = self.wait()
        if wait <= 0:
            self.fire_now()
            return True
        if not self._timer.isActive():
            self._timer.start(max(1, math.ceil(wait * 1000)))
        return False

    def fire_now(self) -> None:
        """Fire at once, whatever the clock; a scheduled firing is dropped."""
        self.cancel()
        self.mark()
        if self._fire is not None:
            self._fire()

    def cancel(self) -> None:
        """Drop a scheduled firing."""
        if self._timer is not None:
            self._timer.stop()

    @property
    def pending(self) -> bool:
        """Whether a firing is scheduled for the end of the interval."""
        return self._timer is not None and self._timer.isActive()


def redraw_now(throttle: Throttle, running: bool, pace: float | None) -> bool:
    """Whether a view redraws a snapshot now, counting it if so: always at rest; while
    running at most once per interval, unless the pace (steps a second aimed for, None
    at Max) is slow enough that every step may show. Dropping a step there would leave
    it undrawn until the next one, a whole second later at 1 step a second."""
    if running and not (pace is not None and pace * throttle.interval <= 1.0) \
            and not throttle.ready():
        return False
    throttle.mark()
    return True
