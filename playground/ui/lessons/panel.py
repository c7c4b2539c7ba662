"""The Lessons panel: the list of lessons, and for the open one its pages, one at a time.

A page shows its text, sets the app up when it opens, and watches the app's
state until its task is done; the learner can ask for the hint, let the panel
show the task done ("Show me"), or skip to the next page.
"""

from __future__ import annotations

from PySide6.QtCore import QLocale, Qt, QTimer, Signal
from PySide6.QtGui import QDoubleValidator
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from playground.ui.chainrule.formula_text import formula_browser
from playground.ui.lessons.actions import LessonActions, LessonTargets, Sequence
from playground.workspace.lesson_ops import check
from playground.workspace.lessons import Lesson, LessonError, Page, escape, inline_html, text_html

CHECK_MS = 250  # how often an open task is checked against the app's state
DONE = "#2a7d2e"
WAITING = "#8a5a00"
FORMULA_CSS = """
p.formula { margin-left: 14px; font-family: 'DejaVu Serif'; }
td.task { background-color: #f4f7fb; padding: 5px; }
td.hint { background-color: #fffbe8; padding: 5px; color: #444444; }
"""


def lesson_language() -> str:
    """The language lessons are shown in: the app's locale (the system's, or the one the
    Preferences set as Qt's default); each text falls back to English."""
    return QLocale().name()


class LessonPanel(QWidget):
    """A list of lessons; once one is open, its pages with set-up, task, hint and skip."""

    page_shown = Signal(int)  # index of the page now shown (after its set-up started)
    task_done = Signal(int)  # the page whose task was found done

    def __init__(self, lessons: list[Lesson], errors: list[LessonError],
                 targets: LessonTargets, parent: QWidget | None = None):
        super().__init__(parent)
        self.lessons = lessons
        self.errors = errors
        self.language = lesson_language()
        self.actions = LessonActions(targets, self._set_answer, self.answer)
        self.lesson: Lesson | None = None
        self.index = -1
        self.done: set[tuple[str, int]] = set()  # (lesson, page) tasks found done
        self.setup_message: str | None = None  # why the last set-up stopped, if it did
        self._sequence: Sequence | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(CHECK_MS)
        self._timer.timeout.connect(self.update_status)
        self._build()
        self.show_list()

    # ------------------------------------------------------------------ layout
    def _build(self) -> None:
        self.stack = QStackedWidget()
        # The list of lessons.
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setSpacing(2)
        self.list.itemActivated.connect(self._open_item)
        self.list.itemClicked.connect(self._open_item)
        self.problems = QLabel("")
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet("color: #c62828;")
        choose = QWidget()
        col = QVBoxLayout(choose)
        col.setContentsMargins(6, 6, 6, 6)
        intro = QLabel(self.tr("Each lesson is a few short pages: read, then do the task; "
                               "the page notices when it is done."))
        intro.setWordWrap(True)
        col.addWidget(intro)
        col.addWidget(self.list, 1)
        col.addWidget(self.problems)
        # One lesson, one page at a time.
        self.back_to_list = QPushButton(self.tr("All lessons"))
        self.back_to_list.clicked.connect(self.show_list)
        self.where = QLabel("")
        self.where.setStyleSheet("color: #777777;")
        self.prev_button = QPushButton("◀")
        self.prev_button.setToolTip(self.tr("The previous page"))
        self.prev_button.setMaximumWidth(36)
        self.prev_button.clicked.connect(lambda: self.show_page(self.index - 1))
        self.next_button = QPushButton("")
        self.next_button.clicked.connect(self._forward)
        # One row for all the moving around: on a small screen the text needs the height.
        top = QHBoxLayout()
        top.addWidget(self.back_to_list)
        top.addWidget(self.where)
        top.addStretch(1)
        top.addWidget(self.prev_button)
        top.addWidget(self.next_button)
        # The text, the task and the hint scroll together: on a small screen (or with a
        # CJK font's taller lines) only the status and the buttons below keep a fixed place.
        self.browser = formula_browser(self)
        self.browser.setMinimumHeight(60)
        self.browser.document().setDefaultStyleSheet(
            self.browser.document().defaultStyleSheet() + FORMULA_CSS)
        self.task_box = QFrame()
        self.task_box.setObjectName("task")
        self.task_box.setStyleSheet("#task { background: #f4f7fb; border: 1px solid #c9d6e6; "
                                    "border-radius: 4px; }")
        self.answer_edit = QLineEdit()
        self.answer_edit.setPlaceholderText(self.tr("your answer"))
        self.answer_edit.setValidator(QDoubleValidator(self))
        self.answer_edit.setMaximumWidth(140)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.hint_button = QPushButton(self.tr("Hint"))
        self.hint_button.setCheckable(True)
        self.hint_button.toggled.connect(self._show_hint)
        self.show_me_button = QPushButton(self.tr("Show me"))
        self.show_me_button.setToolTip(self.tr("Do the task for me, then I watch"))
        self.show_me_button.clicked.connect(self.show_me)
        self.setup_button = QPushButton(self.tr("Set up again"))
        self.setup_button.setToolTip(self.tr("Put the app back the way this page starts"))
        self.setup_button.clicked.connect(self.set_up)
        task_col = QVBoxLayout(self.task_box)
        task_col.setContentsMargins(6, 4, 6, 4)
        task_col.setSpacing(3)
        state_row = QHBoxLayout()
        state_row.addWidget(self.answer_edit)
        state_row.addWidget(self.status, 1)
        task_col.addLayout(state_row)
        buttons = QHBoxLayout()
        buttons.addWidget(self.hint_button)
        buttons.addWidget(self.show_me_button)
        buttons.addWidget(self.setup_button)
        buttons.addStretch(1)
        task_col.addLayout(buttons)
        reading = QWidget()
        col = QVBoxLayout(reading)
        col.setContentsMargins(4, 4, 4, 4)
        col.setSpacing(4)
        col.addLayout(top)
        col.addWidget(self.browser, 1)
        col.addWidget(self.task_box)
        self.stack.addWidget(choose)
        self.stack.addWidget(reading)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self._fill_list()

    def _fill_list(self) -> None:
        self.list.clear()
        for lesson in self.lessons:
            item = QListWidgetItem(f"{lesson.order}. {lesson.title.get(self.language)}\n"
                                   f"{lesson.summary.get(self.language)}")
            item.setData(Qt.ItemDataRole.UserRole, lesson.name)
            self.list.addItem(item)
        self.problems.setText("\n".join(
            self.tr("Not shown: {error}").format(error=str(e)) for e in self.errors))
        self.problems.setVisible(bool(self.errors))

    # ------------------------------------------------------------------ moving around
    def show_list(self) -> None:
        self._stop()
        self.lesson, self.index = None, -1
        self.stack.setCurrentIndex(0)

    def open_lesson(self, name: str, page: int = 0) -> Lesson:
        """Open the lesson called `name` at `page` (its set-up runs)."""
        lesson = next(x for x in self.lessons if x.name == name)
        self.lesson = lesson
        self.stack.setCurrentIndex(1)
        self.show_page(page)
        return lesson

    def _open_item(self, item: QListWidgetItem) -> None:
        self.open_lesson(item.data(Qt.ItemDataRole.UserRole))

    @property
    def page(self) -> Page | None:
        if self.lesson is None or not 0 <= self.index < len(self.lesson.pages):
            return None
        return self.lesson.pages[self.index]

    def show_page(self, index: int) -> None:
        """Show page `index` of the open lesson and set the app up for it."""
        if self.lesson is None or not 0 <= index < len(self.lesson.pages):
            return
        self._stop()
        self.index = index
        page = self.lesson.pages[index]
        lang = self.language
        self.where.setText(self.tr("Lesson {lesson} · {page}/{pages}").format(
            lesson=self.lesson.order, page=index + 1, pages=len(self.lesson.pages)))
        self.where.setToolTip(self.lesson.title.get(lang))
        self.hint_button.blockSignals(True)
        self.hint_button.setChecked(False)
        self.hint_button.blockSignals(False)
        self._render()
        self.browser.verticalScrollBar().setValue(0)
        self.answer_edit.clear()
        self.answer_edit.setVisible(page.asks_answer)
        self.prev_button.setEnabled(index > 0)
        self.set_up()
        self.page_shown.emit(index)

    def _render(self) -> None:
        """The page's text, then its task (and the hint, once asked for)."""
        page, lang = self.page, self.language
        if page is None:
            return
        # The words outside the f-strings: lupdate does not look inside them.
        task_word, hint_word = escape(self.tr("Task")), escape(self.tr("Hint"))
        task = (f'<tr><td class="task"><b>{task_word}:</b> '
                f"{inline_html(page.task.get(lang))}</td></tr>")
        hint = (f'<tr><td class="hint"><b>{hint_word}:</b> '
                f"{inline_html(page.hint.get(lang))}</td></tr>") if self.hint_shown() else ""
        bar = self.browser.verticalScrollBar()
        at = bar.value()
        self.browser.setHtml(
            f"<html><body><h2>{escape(page.title.get(lang))}</h2>"
            f"{text_html(page.text.get(lang))}"
            f'<table width="100%" cellspacing="0" style="margin-top: 8px;">{task}{hint}'
            "</table></body></html>")
        bar.setValue(bar.maximum() if hint else at)

    def hint_shown(self) -> bool:
        return self.hint_button.isChecked()

    def _show_hint(self, _on: bool) -> None:
        self._render()

    def text(self) -> str:
        """What the page shows, as plain text."""
        return self.browser.plain_text()

    def _forward(self) -> None:
        if self.lesson is not None and self.index < len(self.lesson.pages) - 1:
            self.show_page(self.index + 1)
        else:
            self.show_list()

    # ------------------------------------------------------------------ set-up and checks
    def set_up(self) -> None:
        """Run the page's set-up (the app the way the page starts)."""
        page = self.page
        if page is None:
            return
        self._run(page.setup)

    def show_me(self) -> None:
        """Do the page's task the way a learner would."""
        page = self.page
        if page is not None:
            self._run(page.solution)

    def _run(self, calls) -> None:
        if self._sequence is not None:
            self._sequence.cancel()
        self.setup_message = None
        self._sequence = Sequence(self.actions, calls, self)
        self._sequence.finished.connect(self._on_sequence)
        self._timer.start()
        self._sequence.start()
        self.update_status()

    def _on_sequence(self, message: str) -> None:
        if message:
            self.setup_message = message
        self.update_status()

    def busy(self) -> bool:
        """A set-up or "Show me" is still under way."""
        return self._sequence is not None and self._sequence.running

    def satisfied(self) -> bool:
        """Whether the open page's task is done in the app's state now."""
        page = self.page
        return page is not None and check(self.actions.state(), page.checks())

    def update_status(self) -> None:
        page = self.page
        if page is None or self.lesson is None:
            self._timer.stop()
            return
        key = (self.lesson.name, self.index)
        if not self.busy() and key not in self.done and self.satisfied():
            self.done.add(key)
            self.task_done.emit(self.index)
        if key in self.done and not self.busy():
            self._timer.stop()  # done stays done: nothing left to watch
        last = self.index == len(self.lesson.pages) - 1
        if key in self.done:
            self.status.setText(self.tr("✓ Done."))
            self.status.setStyleSheet(f"color: {DONE}; font-weight: bold;")
            self.next_button.setText(self.tr("Finish") if last else self.tr("Next ▶"))
        else:
            text = self.tr("Setting up…") if self.busy() else self.tr("Not done yet.")
            if self.setup_message:
                text = self.tr("Set-up stopped: {why}").format(why=self.setup_message)
            self.status.setText(text)
            self.status.setStyleSheet(f"color: {WAITING};")
            self.next_button.setText(self.tr("Skip, finish") if last else self.tr("Skip ▶"))

    def _stop(self) -> None:
        if self._sequence is not None:
            self._sequence.cancel()
            self._sequence = None
        self._timer.stop()

    # ------------------------------------------------------------------ the answer box
    def answer(self) -> float | None:
        if self.page is None or not self.page.asks_answer:
            return None
        text = self.answer_edit.text().strip()
        value, ok = QLocale().toDouble(text)
        if not ok:
            try:
                value, ok = float(text), True
            except ValueError:
                return None
        return value

    def _set_answer(self, value: float) -> None:
        self.answer_edit.setText(f"{value:g}")

    def showEvent(self, event) -> None:  # noqa: N802  (Qt override)
        super().showEvent(event)
        if self.page is not None:
            self._timer.start()  # watch the task again (a closed panel checks nothing)

    def hideEvent(self, event) -> None:  # noqa: N802  (Qt override)
        super().hideEvent(event)
        if not self.busy():
            self._timer.stop()

    def shutdown(self) -> None:
        self._stop()
