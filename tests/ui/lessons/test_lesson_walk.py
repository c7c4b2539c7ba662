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


def test_the_panel_in_use(
        qtbot, window, tmp_path, monkeypatch, message_boxes):
    """The panel's behaviour, in one window (a window costs seconds; the walk is above)."""
    from PySide6.QtCore import QLocale
    from PySide6.QtWidgets import QMessageBox

    from playground.ui.lessons import part
    from playground.workspace import lessons as model

    # Help › Lessons opens the dock on the list.
    assert window.lessons.dock.isHidden()
    window.lessons.action.trigger()
    assert window.lessons.dock.isVisible()
    panel = window.lessons.panel
    assert panel.list.count() == len(LESSONS)
    assert panel.list.item(0).text().startswith("1. The chain rule")

    # Skip moves on without the task; the hint shows on demand, and not on the next page.
    window.lessons.open("2-gradient-descent")
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

    # The lesson's learning rate is unsaved work: Cancel keeps it, and the set-up says so.
    assert window.file.is_modified()
    message_boxes.answer = QMessageBox.StandardButton.Cancel
    window.lessons.open("3-network-function")
    qtbot.waitUntil(lambda: not panel.busy(), timeout=5000)
    assert window.controller.document.name == "fn-article"
    assert "was not opened" in (panel.setup_message or "")
    assert "Set-up stopped" in panel.status.text()
    assert message_boxes.kinds()[-1] == "question"
    message_boxes.answer = None

    # The locale's language, with English for what a lesson lacks.
    monkeypatch.setattr(QLocale, "name", lambda self: "zh_CN")
    chinese = part.Lessons(window.shell, panel.actions.t)
    try:
        assert chinese.panel.list.item(1).text().startswith("2. 在 x² + y² 上做梯度下降")
        chinese.panel.lesson = LESSONS[1]
        chinese.panel.index = 0
        chinese.panel.hint_button.setChecked(True)
        assert "碗形函数" in chinese.panel.text() and "S 就是" in chinese.panel.text()
    finally:
        chinese.shutdown()

    # A broken file is named with its field under the list; the other lessons still open.
    good = model.LESSONS_DIR / "2-gradient-descent.toml"
    text = good.read_text(encoding="utf-8")
    (tmp_path / "2-gradient-descent.toml").write_text(text, encoding="utf-8")
    (tmp_path / "7-broken.toml").write_text(
        text.replace('op = "step_at_least"', 'op = "stepp"'), encoding="utf-8")
    monkeypatch.setattr(part, "load_lessons", lambda: model.load_lessons(tmp_path))
    checked = part.Lessons(window.shell, panel.actions.t)
    try:
        shown = checked.open()
        assert shown.list.count() == 1
        assert shown.problems.isVisible()
        assert "7-broken.toml: pages[0].check[0].op: unknown operation" in \
            shown.problems.text()
    finally:
        checked.shutdown()
