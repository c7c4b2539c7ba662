"""The pace: watchable by default, presets with keys, every step drawn up to 100 steps/s."""

from __future__ import annotations

import time

import numpy as np
import pytest
from PySide6.QtGui import QKeySequence

from playground.ui.main_window import MainWindow
from playground.ui.training.pace import PRESETS, PaceControl, pace_text, preset_index
from playground.ui.training.worker import DEFAULT_SPEED, Snapshot, TrainingController
from tests.ui.conftest import xor_document


def test_presets_read_as_paces_and_snap_to_the_nearest():
    assert [pace_text(p) for p in PRESETS] == ["1 step/s", "3 steps/s", "10 steps/s",
                                               "30 steps/s", "100 steps/s", "1,000 steps/s",
                                               "Max"]
    assert preset_index(30) == 3 and preset_index(None) == 6 and preset_index(0) == 6
    assert preset_index(2000) == 5 and preset_index(40) == 3 and preset_index(5000) == 6


def test_faster_and_slower_step_through_the_presets(qapp):
    pace = PaceControl()
    got: list = []
    pace.changed.connect(got.append)
    assert pace.value() == DEFAULT_SPEED == 30
    pace.faster()
    pace.faster()
    pace.faster()
    pace.faster()  # already at Max: stays
    assert got == [100.0, 1000.0, None] and pace.label.text() == "Max"
    assert not pace.faster_action.isEnabled() and pace.slower_action.isEnabled()
    for _ in range(8):
        pace.slower()
    assert pace.value() == 1.0 and not pace.slower_action.isEnabled()


def collect(qtbot, controller: TrainingController, seconds: float) -> list[Snapshot]:
    seen: list[Snapshot] = []
    controller.snapshot.connect(seen.append)
    controller.play()
    qtbot.wait(int(seconds * 1000))
    controller.pause()
    qtbot.waitUntil(lambda: controller.latest is not None and not controller.latest.running,
                    timeout=5000)
    controller.snapshot.disconnect(seen.append)
    return seen


def test_default_pace_is_at_most_thirty_steps_a_second(qtbot, xor_doc):
    c = TrainingController()
    try:
        with qtbot.waitSignal(c.snapshot, timeout=5000):
            c.set_document(xor_doc)
        assert c.pace == DEFAULT_SPEED <= 30
        start = time.perf_counter()
        seen = collect(qtbot, c, 1.0)
        elapsed = time.perf_counter() - start
        steps = c.latest.step
        assert 5 <= steps <= 30 * elapsed + 2
        assert all(s.pace == 30 for s in seen)
    finally:
        c.shutdown()


@pytest.fixture
def window(qtbot):
    w = MainWindow(xor_document())
    qtbot.addWidget(w)
    w.resize(1200, 800)
    w.show()
    qtbot.waitUntil(lambda: w.controller.latest is not None, timeout=5000)
    yield w
    w.shell.file.set_modified(False)
    w.close()


def test_every_step_is_drawn_at_thirty_steps_a_second(qtbot, window):
    seen = collect(qtbot, window.controller, 1.0)
    last = window.controller.latest
    n = last.step
    assert n >= 10
    # Each snapshot carried every step since the one before: no step is skipped.
    covered = set()
    for snap in seen:
        covered.update(int(s) for s in snap.path_steps)
        covered.update(int(s) for s in snap.history_steps)
    assert covered >= set(range(n + 1))
    # On screen: a path point and a loss-curve point for every step.
    assert last.path_steps.tolist() == list(range(n + 1))
    path_x, _ = window.landscape_view.path.getData()
    assert len(path_x) == n + 1
    curve_x, _ = window.loss_view.train.getData()
    assert len(curve_x) == n + 1
    assert window.status_pace.text() == "pace 30 steps/s"


def test_mini_batches_at_a_watchable_pace_record_every_step(qtbot):
    doc = xor_document()
    doc.training.batch_size = 10  # 5 updates an epoch: normally one loss a epoch
    c = TrainingController()
    try:
        with qtbot.waitSignal(c.snapshot, timeout=5000):
            c.set_document(doc)
        c.set_speed(100)
        collect(qtbot, c, 0.5)
        snap = c.latest
        assert snap.history_steps.tolist() == list(range(snap.step + 1))
        assert np.isfinite(snap.history_train).all()
    finally:
        c.shutdown()


def test_pace_keys_live_in_the_run_menu_and_show_in_the_status_bar(qtbot, window):
    actions = {a.text(): a for a in window.menus["run"].actions()}
    faster, slower = actions["Faster"], actions["Slower"]
    assert faster.shortcut() == QKeySequence("]") and slower.shortcut() == QKeySequence("[")
    faster.trigger()
    qtbot.waitUntil(lambda: window.controller.latest.pace == 100, timeout=3000)
    assert window.status_pace.text() == "pace 100 steps/s"
    assert window.controls.speed.label.text() == "100 steps/s"
    for _ in range(3):
        faster.trigger()
    qtbot.waitUntil(lambda: window.controller.latest.pace is None, timeout=3000)
    assert window.status_pace.text() == "pace Max"


def test_accuracy_shows_beside_the_loss_for_classification(qtbot, window):
    window.controller.step(5)
    qtbot.waitUntil(lambda: window.controller.latest.step == 5, timeout=5000)
    assert window.status_accuracy.text().startswith("accuracy ")
    assert window.loss_view.accuracy.text() == window.status_accuracy.text()
    assert 0.0 <= window.controller.latest.train_accuracy <= 1.0
