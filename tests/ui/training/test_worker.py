"""The training worker in its thread: play, pause, steps, learning rate, divergence, shutdown."""

from __future__ import annotations

import numpy as np
import pytest

from playground.ui.threads import running_threads
from playground.ui.training.worker import Snapshot, TrainingController
from tests.ui.conftest import xor_document


@pytest.fixture
def controller(qtbot, xor_doc):
    c = TrainingController()
    with qtbot.waitSignal(c.snapshot, timeout=5000):
        c.set_document(xor_doc)
    yield c
    c.shutdown()


def wait_for(qtbot, controller, check, timeout=5000) -> Snapshot:
    """Wait for a snapshot satisfying `check` and return it."""
    got: list[Snapshot] = []

    def ok(snap: Snapshot) -> bool:
        if check(snap):
            got.append(snap)
            return True
        return False

    if controller.latest is not None and check(controller.latest):
        return controller.latest
    qtbot.waitSignal(controller.snapshot, timeout=timeout, check_params_cb=ok).wait()
    return got[0]


def test_first_snapshot_describes_the_document(controller):
    snap = controller.latest
    assert snap.step == 0 and not snap.running
    assert snap.theta.shape == (len(snap.parameter_names),) == (17,)
    assert snap.path.shape == (1, 17)
    assert np.isfinite(snap.train_loss)


def test_play_trains_loss_falls_path_grows(qtbot, controller):
    first = controller.latest
    controller.set_speed(None)
    controller.play()
    snap = wait_for(qtbot, controller, lambda s: s.running and s.step >= 300)
    assert snap.train_loss < 0.8 * first.train_loss
    assert len(snap.path) > len(first.path)
    assert len(snap.history_steps) > 1
    assert np.array_equal(snap.path[-1], snap.theta)
    assert snap.steps_per_second > 0


def test_snapshots_arrive_at_most_about_thirty_a_second(qtbot, controller):
    seen: list[Snapshot] = []
    controller.snapshot.connect(seen.append)
    controller.set_speed(None)
    controller.play()
    wait_for(qtbot, controller, lambda s: s.step >= 2000, timeout=10000)
    controller.pause()
    wait_for(qtbot, controller, lambda s: not s.running)
    steps = [s.step for s in seen]
    assert steps == sorted(steps)
    # Thousands of steps, yet each snapshot covered many of them.
    assert len(seen) < steps[-1] / 5


def test_pause_stops_training(qtbot, controller):
    controller.set_speed(None)
    controller.play()
    wait_for(qtbot, controller, lambda s: s.step > 50)
    controller.pause()
    paused = wait_for(qtbot, controller, lambda s: not s.running)
    controller.refresh()
    later = wait_for(qtbot, controller, lambda s: s.sequence > paused.sequence)
    controller.refresh()
    latest = wait_for(qtbot, controller, lambda s: s.sequence > later.sequence)
    assert latest.step == paused.step
    assert not latest.running


def test_step_and_epoch(qtbot, controller):
    controller.step(3)
    snap = wait_for(qtbot, controller, lambda s: s.step >= 3)
    assert snap.step == 3 and not snap.running
    controller.epoch()
    snap = wait_for(qtbot, controller, lambda s: s.step > 3)
    assert snap.step == 4  # full batch: an epoch is one update


def test_lr_change_while_running_reaches_the_worker(qtbot, controller):
    controller.play()
    before = wait_for(qtbot, controller, lambda s: s.step > 20)
    assert before.lr == pytest.approx(0.1)
    controller.set_lr(0.0123)
    snap = wait_for(qtbot, controller, lambda s: s.lr == 0.0123 and s.step > before.step)
    assert snap.running
    controller.pause()
    paused = wait_for(qtbot, controller, lambda s: not s.running)
    controller.step(1)
    after = wait_for(qtbot, controller, lambda s: s.step == paused.step + 1)
    # Plain full-batch SGD: the next update is exactly -lr times the gradient.
    np.testing.assert_allclose(after.theta - paused.theta, -0.0123 * paused.gradient,
                               rtol=1e-9, atol=1e-12)


def test_reset_returns_to_start(qtbot, controller):
    start = controller.latest
    controller.step(10)
    wait_for(qtbot, controller, lambda s: s.step == 10)
    controller.reset()
    snap = wait_for(qtbot, controller, lambda s: s.step == 0)
    np.testing.assert_array_equal(snap.theta, start.theta)
    assert len(snap.path) == 1


def test_divergence_stops_with_message_and_finite_parameters(qtbot):
    c = TrainingController()
    try:
        c.set_document(xor_document(lr=10.0))
        c.play()
        snap = wait_for(qtbot, c, lambda s: s.diverged is not None)
        assert not snap.running
        assert "at step" in snap.diverged and "smaller learning rate" in snap.diverged
        assert np.isfinite(snap.theta).all()
    finally:
        c.shutdown()


def test_keep_carries_parameters_into_a_changed_document(qtbot, controller):
    controller.step(5)
    trained = wait_for(qtbot, controller, lambda s: s.step == 5)
    doc = controller.document.copy()
    doc.training.optimizer = "adam"
    controller.set_document(doc, keep=True)
    snap = wait_for(qtbot, controller, lambda s: s.version == controller.version)
    np.testing.assert_array_equal(snap.theta, trained.theta)
    assert snap.step == 5


def test_refused_document_reports_and_keeps_training_the_old_one(qtbot, controller):
    errors: list[str] = []
    controller.failed.connect(errors.append)
    doc = controller.document.copy()
    doc.data.generator = "no-such-data"
    old = controller.version
    controller.set_document(doc)
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert "no-such-data" in errors[0]
    assert controller.version == old


def test_capture_document_holds_trained_parameters(qtbot, controller):
    controller.step(4)
    snap = wait_for(qtbot, controller, lambda s: s.step == 4)
    doc = controller.capture_document()
    assert doc.run.step == 4
    values = doc.network.parameter_values()
    assert [values[n] for n in snap.parameter_names] == pytest.approx(list(snap.theta))


def test_shutdown_while_running_joins_the_thread(qtbot, xor_doc):
    c = TrainingController(xor_doc)
    c.play()
    wait_for(qtbot, c, lambda s: s.running and s.step > 10)
    c.shutdown()
    assert not c.thread_running()
    assert not running_threads()


def test_speed_limit_paces_training(qtbot, controller):
    import time

    controller.set_speed(40)
    start = time.perf_counter()
    controller.play()
    snap = wait_for(qtbot, controller, lambda s: s.step >= 8)
    elapsed = time.perf_counter() - start
    assert snap.step <= 40 * elapsed + 3  # never faster than asked
    controller.set_speed(None)
    wait_for(qtbot, controller, lambda s: s.step >= snap.step + 500, timeout=10000)
    controller.pause()
    wait_for(qtbot, controller, lambda s: not s.running)


def test_right_after_play_at_a_slow_pace_the_rate_shown_is_the_pace(qtbot, controller):
    """The first step is due at once: counted from Play it took a few ms, and the status
    bar said 32 steps/s at a pace of 1 (new-user test)."""
    controller.set_speed(2)
    controller.play()
    first = wait_for(qtbot, controller, lambda s: s.running and s.step >= 1)
    assert first.steps_per_second == pytest.approx(2, rel=0.5)
    second = wait_for(qtbot, controller, lambda s: s.step >= 2, timeout=5000)
    assert 0 < second.steps_per_second <= 3
    controller.pause()
    wait_for(qtbot, controller, lambda s: not s.running)


def test_a_long_epoch_trains_in_bursts_and_pauses_midway(qtbot):
    doc = xor_document()
    doc.data.n_points = 200_000
    doc.training.batch_size = 1  # an epoch is 100,000 updates: seconds of work
    c = TrainingController()
    try:
        with qtbot.waitSignal(c.snapshot, timeout=5000):
            c.set_document(doc)
        c.epoch()
        midway = wait_for(qtbot, c, lambda s: s.step > 0, timeout=10000)
        assert midway.running  # the epoch is under way, not finished in one slot call
        c.pause()
        paused = wait_for(qtbot, c, lambda s: not s.running, timeout=10000)
        assert 0 < paused.step < 100_000
        captured = c.capture_document(timeout_ms=2000)
        assert captured is not None and captured.run.step == paused.step
    finally:
        c.shutdown()


def test_steps_add_up_and_stop_at_their_target(qtbot, controller):
    controller.step(3)
    controller.step(4)
    snap = wait_for(qtbot, controller, lambda s: not s.running and s.step >= 7)
    assert snap.step == 7
    controller.refresh()
    later = wait_for(qtbot, controller, lambda s: s.sequence > snap.sequence)
    assert later.step == 7 and not later.running


def test_an_error_in_a_training_step_pauses_and_reaches_failed(qtbot, controller, monkeypatch):
    from playground.engine.training import TrainingRun

    def broken_step(self):
        raise RuntimeError("boom in step")

    monkeypatch.setattr(TrainingRun, "step", broken_step)
    errors: list[str] = []
    changed: list[object] = []
    controller.failed.connect(errors.append)
    controller.document_changed.connect(changed.append)
    version = controller.version
    controller.play()
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert "a training step failed" in errors[0] and "RuntimeError: boom in step" in errors[0]
    snap = wait_for(qtbot, controller, lambda s: not s.running and s.sequence > 1)
    assert snap.step == 0
    assert controller.version == version and not changed  # no document was refused
    assert len(errors) == 1  # paused: the failing step is not retried


def test_an_error_taking_a_snapshot_reaches_failed(qtbot, controller, monkeypatch):
    from playground.engine.training import TrainingRun

    def broken_loss(self):
        raise ValueError("bad test loss")

    errors: list[str] = []
    controller.failed.connect(errors.append)
    monkeypatch.setattr(TrainingRun, "test_loss", broken_loss)
    controller.refresh()
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert "drawing the run failed (ValueError: bad test loss)" in errors[0]
    monkeypatch.undo()
    controller.step(2)  # the worker still answers
    assert wait_for(qtbot, controller, lambda s: s.step == 2).step == 2


def test_an_error_capturing_answers_none_at_once(qtbot, controller, monkeypatch):
    from playground.io.document import Document

    def broken_capture(self, run):
        raise OSError("cannot capture")

    errors: list[str] = []
    controller.failed.connect(errors.append)
    monkeypatch.setattr(Document, "capture", broken_capture)
    assert controller.capture_document(timeout_ms=10_000) is None
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert "OSError: cannot capture" in errors[0]


def test_a_snapshot_makes_one_pass_over_the_training_set(xor_doc, monkeypatch):
    from playground.engine.compiled import CompiledNetwork
    from playground.ui.training.worker import take_snapshot

    run = xor_doc.make_run()
    run.steps(3)
    expected_loss, expected_grad = run.train_loss(), run.gradient()
    passes: list[str] = []
    for name in ("loss", "loss_and_grad"):
        original = getattr(CompiledNetwork, name)

        def counted(self, theta, x, y, _original=original, _name=name):
            if x is run.x:
                passes.append(_name)
            return _original(self, theta, x, y)

        monkeypatch.setattr(CompiledNetwork, name, counted)
    snap = take_snapshot(run, version=1)
    assert passes == ["loss_and_grad"]
    assert snap.train_loss == expected_loss
    np.testing.assert_array_equal(snap.gradient, expected_grad)


def test_a_capture_inside_another_capture_does_not_stall_it(qtbot, controller):
    from PySide6.QtCore import QTimer

    controller.step(2)
    wait_for(qtbot, controller, lambda s: s.step == 2)
    inner: list[object] = []
    stalled: list[bool] = []
    # Started from the outer capture's wait, as a timer or a repaint might.
    QTimer.singleShot(0, lambda: inner.append(controller.capture_document(4000)))
    watchdog = QTimer()
    watchdog.setSingleShot(True)
    watchdog.timeout.connect(lambda: stalled.append(True))
    watchdog.start(2000)  # far longer than two answers take; shorter than the timeout
    outer = controller.capture_document(4000)
    watchdog.stop()
    assert not stalled, "the outer capture waited for its timeout"
    assert outer is not None and outer.run.step == 2
    assert len(inner) == 1 and inner[0] is not None and inner[0].run.step == 2


def test_a_long_run_at_max_still_shows_the_zig_zag_of_lr_near_two_over_lambda_max():
    from playground.io.examples import list_examples
    from playground.io.files import load_document
    from playground.ui.training.worker import take_snapshot

    doc = load_document(next(i.path for i in list_examples() if i.name == "linear-regression"))
    run = doc.make_run()  # lr 0.1, just under 2/λmax ≈ 0.107
    run.steps(40_000)  # long enough for the start to be thinned out of the history
    snap = take_snapshot(run, version=1)
    _, vectors = np.linalg.eigh(run.x.T @ run.x)
    steep = vectors[:, -1]
    side = np.sign((snap.path - snap.theta) @ steep)
    steps = snap.path_steps.tolist()
    early = [i for i, s in enumerate(steps) if s < 30 and s + 1 in steps]
    assert len(early) == 30  # the start of the run is kept step by step
    # Each kept step and the one after it lie on opposite walls of the valley.
    assert all(side[i] == -side[steps.index(steps[i] + 1)] for i in early)
    assert steps[-2000:] == list(range(40_000 - 1999, 40_001))  # and the newest, every step


@pytest.mark.parametrize("n", [0, 1, 299, 2301, 2400, 9000])
@pytest.mark.parametrize("with_current", [False, True])
def test_a_snapshots_path_is_the_head_the_thinned_middle_and_the_recent_points(
        n, with_current):
    from playground.ui.training import worker

    rng = np.random.default_rng(n)
    steps = np.arange(n, dtype=np.int64) * 3 + 7
    path = rng.normal(size=(n, 5))
    current = (rng.normal(size=5), 3 * n + 7) if with_current else None
    rows, rows_steps = worker.recent_path(path, steps, 5, current)
    cut = max(0, n - worker.RECENT_PATH_POINTS)
    head = min(worker.HEAD_PATH_POINTS, cut)
    keep = np.concatenate([np.arange(head),
                           head + worker.thinned_pairs(steps[head:cut], worker.MAX_PATH_POINTS),
                           np.arange(cut, n)]).astype(np.int64)
    want_rows, want_steps = path[keep], steps[keep]
    if with_current:
        want_rows = np.concatenate([want_rows, current[0][None]])
        want_steps = np.append(want_steps, current[1])
    np.testing.assert_array_equal(rows, want_rows)
    np.testing.assert_array_equal(rows_steps, want_steps)
    assert len(rows) <= worker.HEAD_PATH_POINTS + worker.MAX_PATH_POINTS + 2 \
        + worker.RECENT_PATH_POINTS + 1


# thinned and thinned_pairs as first written (np.unique): the faster forms must pick the
# very same indices.
def _thinned_before(n, limit):
    return np.arange(n) if n <= limit else \
        np.unique(np.linspace(0, n - 1, limit).round().astype(np.int64))


def _pairs_before(steps, limit):
    n = len(steps)
    if n <= limit:
        return np.arange(n)
    even = np.flatnonzero(steps % 2 == 0)
    anchors = even[_thinned_before(len(even), max(limit // 2, 1))]
    return np.unique(np.concatenate([anchors, np.minimum(anchors + 1, n - 1)]))


def test_thinning_picks_the_same_indices_as_before():
    from playground.ui.training.worker import MAX_PATH_POINTS, thinned, thinned_pairs

    for n, limit in ((0, 5), (1, 1), (7, 1), (7, 2), (1000, 3), (1000, 999), (10**6, 250)):
        assert thinned(n, limit).tolist() == _thinned_before(n, limit).tolist()
    # All even: an anchor's neighbour can be the next anchor or the last index, twice.
    for n, limit in ((12, 10), (13, 4), (3, 2), (40, 4)):
        evens = np.arange(0, 2 * n, 2, dtype=np.int64)
        assert thinned_pairs(evens, limit).tolist() == _pairs_before(evens, limit).tolist()
        mixed = np.cumsum(np.arange(n) % 3 + 1).astype(np.int64)
        assert thinned_pairs(mixed, limit).tolist() == _pairs_before(mixed, limit).tolist()
    # Steps as a long run's history keeps them: pairs, gaps and runs of evens.
    rng = np.random.default_rng(0)
    for n in (501, 1660, 5000):
        steps = np.cumsum(rng.choice([1, 1, 2, 3, 64, 1023], size=n)).astype(np.int64)
        assert thinned_pairs(steps, MAX_PATH_POINTS).tolist() == \
            _pairs_before(steps, MAX_PATH_POINTS).tolist()


def test_a_snapshot_due_when_a_burst_starts_goes_before_the_burst(qtbot):
    # A burst that ends just short of the snapshot time leaves the snapshot to its timer;
    # when the next burst and that timer come due together, the burst must not run a
    # whole frame first (that dropped every few frames to 15 a second).
    import time

    from playground.ui.training.worker import TrainingWorker
    from playground.workspace.problem import build_problem

    worker = TrainingWorker()  # not started: its slots run here, in the test's thread
    sent: list[int] = []
    worker.snapshot_ready.connect(lambda snap: sent.append(snap.step))
    worker.set_document(build_problem(xor_document()), 1, False, "")
    worker.set_speed(0)  # Max
    worker.play()
    worker.unschedule()  # bursts by hand below
    worker.run.steps(3)
    worker._dirty = True
    worker._snapshots._last = time.perf_counter() - 1.0  # the next snapshot is due
    sent.clear()
    worker._train_burst()
    assert sent and sent[0] == 3  # sent at once, before the burst's steps
    assert worker.run.step_count > 3
    worker.cancel()
    worker.deleteLater()
