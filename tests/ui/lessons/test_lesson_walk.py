"""Every lesson walked in the window: each page's set-up, its check not yet satisfied, the
page's own solution done through the app, then its check satisfied."""

from __future__ import annotations

import pytest

from playground.ui.lessons.actions import implemented
from playground.ui.main_window import MainWindow
from playground.workspace.lesson_ops import SETUPS
from playground.workspace.lessons import load_lessons
from tests.ui.conftest import xor_document

LESSONS, ERRORS = load_lessons()


@pytest.fixture
def window(qtbot):
    w = MainWindow(xor_document())
    qtbot.addWidget(w)
    w.resize(1200, 800)
    w.show()
    qtbot.waitUntil(lambda: w.controller.latest is not None, timeout=5000)
    yield w
    w.close()


def test_the_window_does_every_set_up_operation_of_the_registry():
    assert implemented() == set(SETUPS)


def test_the_shipped_lessons_all_load():
    assert not ERRORS
    assert len(LESSONS) >= 6


def settled(window, panel) -> bool:
    """The set-up is done and the run shown is the current document's."""
    latest = window.controller.latest
    return not panel.busy() and latest is not None and latest.version == window.controller.version


def test_every_page_is_unsatisfied_after_its_set_up_and_satisfied_after_its_task(
        qtbot, window):
    """One window walks every lesson in order, as a learner going through them would."""
    window.controls.speed.slider.setValue(window.controls.speed.slider.maximum())  # Max pace
    panel = window.lessons.panel
    for lesson in LESSONS:
        window.lessons.open(lesson.name)
        assert window.lessons.dock.isVisible()
        for index in range(len(lesson.pages)):
            where = (lesson.name, index)
            if index:
                panel.show_page(index)
            qtbot.waitUntil(lambda: settled(window, panel), timeout=20_000)
            assert panel.setup_message is None, (where, panel.setup_message)
            # The app's state caught up with the set-up, and the task is not done yet.
            qtbot.wait(100)
            assert not panel.satisfied(), (where, panel.actions.state())
            assert "✓" not in panel.status.text(), where
            panel.show_me()
            qtbot.waitUntil(panel.satisfied, timeout=30_000)
            assert panel.setup_message is None, (where, panel.setup_message)
            qtbot.waitUntil(lambda: "✓" in panel.status.text(), timeout=5000)
        panel.show_list()


def test_help_lessons_opens_the_dock_with_the_list(qtbot, window):
    assert window.lessons.dock.isHidden()
    window.lessons.action.trigger()
    assert window.lessons.dock.isVisible()
    panel = window.lessons.panel
    assert panel.list.count() == len(LESSONS)
    assert panel.list.item(0).text().startswith("1. The chain rule")


def test_skip_moves_on_without_the_task_and_hint_shows_on_demand(qtbot, window):
    panel = window.lessons.open("2-gradient-descent")
    qtbot.waitUntil(lambda: settled(window, panel), timeout=20_000)
    assert panel.next_button.text().startswith("Skip")
    assert "Press S once" in panel.text() and "Run › Step" not in panel.text()
    panel.hint_button.click()
    assert "Hint: S is Run › Step" in panel.text()
    panel.next_button.click()
    assert panel.index == 1 and "Hint:" not in panel.text()
    assert ("2-gradient-descent", 0) not in panel.done
    qtbot.waitUntil(lambda: settled(window, panel), timeout=20_000)
    assert window.controller.document.training.hyper["lr"] == pytest.approx(0.9)


def test_a_lesson_shows_in_the_language_of_the_locale(qtbot, window, monkeypatch):
    from PySide6.QtCore import QLocale

    from playground.ui.lessons import part

    monkeypatch.setattr(QLocale, "name", lambda self: "zh_CN")
    lessons = part.Lessons(window.shell, window.lessons.panel.actions.t)
    try:
        panel = lessons.open("2-gradient-descent")
        assert "碗形函数" in panel.browser.toPlainText()
        assert panel.list.item(1).text().startswith("2. 在 x² + y² 上做梯度下降")
        qtbot.waitUntil(lambda: settled(window, panel), timeout=20_000)
    finally:
        lessons.shutdown()


def test_a_broken_lesson_file_is_named_in_the_panel_and_the_others_still_open(
        qtbot, window, tmp_path, monkeypatch):
    from playground.ui.lessons import part
    from playground.workspace import lessons as model

    good = model.LESSONS_DIR / "2-gradient-descent.toml"
    (tmp_path / "2-gradient-descent.toml").write_text(good.read_text(encoding="utf-8"),
                                                      encoding="utf-8")
    (tmp_path / "7-broken.toml").write_text(
        good.read_text(encoding="utf-8").replace('op = "step_at_least"', 'op = "stepp"'),
        encoding="utf-8")
    monkeypatch.setattr(part, "load_lessons", lambda: model.load_lessons(tmp_path))
    lessons = part.Lessons(window.shell, window.lessons.panel.actions.t)
    panel = lessons.open()
    assert panel.list.count() == 1
    assert panel.problems.isVisible()
    assert "7-broken.toml: pages[0].check[0].op: unknown operation" in panel.problems.text()
    lessons.shutdown()
