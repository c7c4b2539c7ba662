"""SIGTERM and SIGINT quit like File > Quit: threads joined, layout remembered, unsaved work
kept in the autosave, and no crash-recovery offer on the next start."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from playground.ui.app import install_quit_signals
from playground.ui.files import file_actions
from playground.ui.files.autosave import find_recoverable
from playground.ui.main_window import MainWindow
from tests.ui.conftest import make_edit, xor_document

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")


def start(qtbot) -> MainWindow:
    w = MainWindow(xor_document())
    qtbot.addWidget(w)
    w.show()
    w.files.begin_session(None, recover=False)
    qtbot.waitUntil(lambda: w.controller.latest is not None, timeout=5000)
    return w


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_closes_the_window_without_asking(qtbot, message_boxes, sig):
    w = start(qtbot)
    folder = w.files.session.folder
    signals = install_quit_signals(w)
    try:
        w.controller.play()
        os.kill(os.getpid(), sig)
        qtbot.waitUntil(lambda: not w.isVisible(), timeout=5000)
    finally:
        signals.uninstall()
    assert message_boxes.calls == []
    assert not w.controller.thread_running()
    assert file_actions.app_settings().value(file_actions.STATE_KEY) is not None
    assert find_recoverable(folder) == [] and list(folder.iterdir()) == []


def test_unsaved_work_is_kept_and_offered_as_closed_not_crashed(qtbot, message_boxes):
    w = start(qtbot)
    folder = w.files.session.folder
    make_edit(w)
    signals = install_quit_signals(w)
    try:
        os.kill(os.getpid(), signal.SIGTERM)
        qtbot.waitUntil(lambda: not w.isVisible(), timeout=5000)
    finally:
        signals.uninstall()
    assert message_boxes.calls == []
    found = find_recoverable(folder)
    assert len(found) == 1 and found[0].closed_by == "SIGTERM"
    nxt = start(qtbot)
    try:
        message_boxes.answer = file_actions.Button.No
        assert not nxt.files.offer_recovery()
        text = message_boxes.calls[-1][2]
        assert "closed by SIGTERM" in text and "did not close properly" not in text
    finally:
        message_boxes.answer = None
        nxt.close()


def test_the_real_app_exits_cleanly_on_sigterm(tmp_path):
    """`playground` in a process of its own: SIGTERM, exit status 0, nothing to recover."""
    env = dict(os.environ, HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path / "config"),
               XDG_DATA_HOME=str(tmp_path / "data"), QT_QPA_PLATFORM="offscreen")
    proc = subprocess.Popen([sys.executable, "-m", "playground"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        locks: list[Path] = []
        while not locks and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.2)
            locks = list((tmp_path / "data").rglob("autosave-*.lock"))
        assert locks, "the app did not start its session"
        time.sleep(0.5)
        proc.send_signal(signal.SIGTERM)
        rc = proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    err = proc.stderr.read().decode(errors="replace")
    assert rc == 0, err
    assert "Traceback" not in err
    assert not list((tmp_path / "data").rglob("autosave-*"))  # no crash left behind
