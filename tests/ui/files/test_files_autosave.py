"""Autosave and crash recovery: written while modified, removed on a clean exit, offered
(and restored) after an unclean one, never taken from an app that is still running."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSysInfo
from PySide6.QtWidgets import QMessageBox

from playground.io.files import load_document, save_document
from playground.ui.files import file_actions
from playground.ui.files.autosave import AutosaveSession, find_recoverable
from playground.ui.main_window import MainWindow
from tests.ui.conftest import make_edit, xor_document

Button = QMessageBox.StandardButton


def start(qtbot, document=None, path=None) -> MainWindow:
    """A window as the app starts it (no recovery offer: the tests ask for it)."""
    w = MainWindow(document or xor_document())
    qtbot.addWidget(w)
    w.show()
    w.files.begin_session(path, recover=False)
    qtbot.waitUntil(lambda: w.controller.latest is not None, timeout=5000)
    return w


def train(qtbot, w: MainWindow, steps: int) -> None:
    """Train, and make an edit: training alone is not unsaved work."""
    target = w.controller.latest.step + steps
    w.controller.step(steps)
    qtbot.waitUntil(lambda: w.controller.latest.step == target, timeout=5000)
    make_edit(w)


def autosave(qtbot, w: MainWindow) -> None:
    with qtbot.waitSignal(w.files.session.written, timeout=5000) as written:
        assert w.files.autosave_now()
    assert written.args == [""]
    w.files.session.wait()


def crash(w: MainWindow) -> None:
    """What an unclean exit leaves: the autosave on disk, its lock stale (owner gone)."""
    session = w.files.session
    session.wait()
    session.lock.unlock()
    w.files.session = None  # the process is gone: nothing removes the autosave
    w.files._closed = True
    w.close()


@pytest.fixture
def window(qtbot, message_boxes):
    w = start(qtbot)
    yield w
    message_boxes.answer = None
    w.close()


def test_the_recovery_folder_is_private_to_the_test(window, tmp_path):
    assert str(window.files.session.folder).startswith(str(tmp_path))


def test_autosave_runs_every_minute_while_modified(qtbot, window):
    files = window.files
    assert files.autosave_timer.interval() == 60_000 == file_actions.AUTOSAVE_MS
    assert not files.autosave_timer.isActive() and not files.autosave_now()
    train(qtbot, window, 3)
    assert files.autosave_timer.isActive()
    with qtbot.waitSignal(files.session.written, timeout=5000):
        files.autosave_timer.timeout.emit()  # the minute is up
    files.session.wait()
    saved = load_document(files.session.path)
    assert saved.run.step == 3 and saved.name == "xor test"


def test_saving_stops_autosave_and_removes_the_file(qtbot, window, tmp_path):
    train(qtbot, window, 2)
    autosave(qtbot, window)
    path = window.files.session.path
    assert path.is_file()
    assert window.files.save_to(tmp_path / "saved.json")
    assert not window.files.autosave_timer.isActive() and not path.exists()


def test_a_clean_exit_leaves_nothing_to_recover(qtbot, window):
    train(qtbot, window, 2)
    autosave(qtbot, window)
    folder = window.files.session.folder
    assert window.close()  # prompt answered Discard
    assert list(folder.iterdir()) == []
    assert find_recoverable(folder) == []


def test_an_app_still_running_keeps_its_autosave(qtbot, window, message_boxes):
    train(qtbot, window, 2)
    autosave(qtbot, window)
    assert find_recoverable(window.files.session.folder) == []
    other = start(qtbot)
    try:
        assert not other.files.offer_recovery()
        assert message_boxes.calls == []
    finally:
        other.close()
    assert window.files.session.path.is_file()


def test_restore_after_an_unclean_exit(qtbot, tmp_path, message_boxes):
    original = tmp_path / "work.json"
    save_document(xor_document(), original)
    first = start(qtbot, load_document(original), original)
    train(qtbot, first, 6)
    first.landscape_view.y_param.setCurrentText("b:h1_1")
    autosave(qtbot, first)
    theta = first.controller.latest.theta.copy()
    folder = first.files.session.folder
    crash(first)
    assert [r.original for r in find_recoverable(folder)] == [original.resolve()]

    second = start(qtbot)  # the next start, on the default document
    try:
        message_boxes.answer = Button.Yes
        assert second.files.offer_recovery()
        kind, title, text = message_boxes.calls[-1]
        assert kind == "question" and "did not close properly" in text and "work.json" in text
        qtbot.waitUntil(lambda: second.controller.latest is not None
                        and second.controller.latest.step == 6, timeout=5000)
        assert (second.controller.latest.theta == theta).all()
        assert second.controller.document.view.axes == ("w:x1->h1_1", "b:h1_1")
        # Restored work is unsaved work: the title says so and Save goes to the original.
        assert second.is_modified() and second.file_path == original.resolve()
        assert find_recoverable(folder) == []
        assert second.files.session.path.is_file()  # already autosaved again
        assert second.files.save()
        assert load_document(original).run.step == 6
        assert not second.is_modified()
    finally:
        message_boxes.answer = None
        second.close()


def test_declining_the_restore_removes_the_autosave(qtbot, message_boxes):
    first = start(qtbot)
    train(qtbot, first, 2)
    autosave(qtbot, first)
    folder = first.files.session.folder
    crash(first)
    second = start(qtbot)
    try:
        before = second.controller.document
        message_boxes.answer = Button.No
        assert not second.files.offer_recovery()
        assert second.controller.document is before and not second.is_modified()
        assert find_recoverable(folder) == []
        own = second.files.session.path.stem
        assert all(p.name.startswith(own) for p in folder.iterdir())  # only its own lock
    finally:
        message_boxes.answer = None
        second.close()


def test_a_broken_autosave_is_reported_and_removed(qtbot, tmp_path, message_boxes):
    folder = tmp_path / "recovery"
    session = AutosaveSession(folder)
    session.path.write_text("{ not json", encoding="utf-8")
    session.lock.unlock()
    w = start(qtbot)
    try:
        w.files.session.folder = folder
        message_boxes.answer = Button.Yes
        assert not w.files.offer_recovery()
        assert message_boxes.kinds() == ["question", "critical"]
        assert "could not be read" in message_boxes.calls[-1][2]
        assert find_recoverable(folder) == [] and not session.path.exists()
    finally:
        message_boxes.answer = None
        w.close()


def test_locks_of_sessions_that_ended_with_nothing_unsaved_are_swept(tmp_path):
    folder = tmp_path / "recovery"
    live = AutosaveSession(folder)
    dead = folder / "autosave-dead.lock"  # a process id no process has
    dead.write_text(f"2147483646\npython3\n{QSysInfo.machineHostName()}\n", encoding="utf-8")
    try:
        assert find_recoverable(folder) == []
        assert not dead.exists()
        assert Path(live.lock.fileName()).exists()  # a running session keeps its lock
    finally:
        live.close()
    assert list(folder.iterdir()) == []
