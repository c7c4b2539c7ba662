"""Lesson files: the shipped ones load in both languages; a broken one is refused with the
file and the field named; the checks are pure functions of the app's state."""

from __future__ import annotations

import math

import pytest

from playground.workspace.lesson_ops import CHECKS, SETUPS, LessonState, check
from playground.workspace.lessons import (
    LANGUAGES,
    LessonError,
    Text,
    load_lesson,
    load_lessons,
    parse_lesson,
    text_html,
)

GOOD = '''
order = 9
title.en = "A lesson"
title.zh_CN = "一课"
summary.en = "What it is about."
summary.zh_CN = "内容。"

[[pages]]
title.en = "First"
title.zh_CN = "第一页"
text.en = "Some words."
text.zh_CN = "一些话。"
setup = [{ op = "open_example", name = "fn-article" }]
task.en = "Press S."
task.zh_CN = "按 S。"
hint.en = "S is Step."
hint.zh_CN = "S 是单步。"
check = [{ op = "step_at_least", n = 1 }]
solution = [{ op = "step", n = 1 }]
'''


def broken(old: str, new: str) -> str:
    assert old in GOOD
    return GOOD.replace(old, new)


def test_the_shipped_lessons_load_with_every_text_in_english_and_chinese():
    lessons, errors = load_lessons()
    assert errors == []
    assert len(lessons) >= 6
    assert [x.order for x in lessons] == sorted({x.order for x in lessons})
    for lesson in lessons:
        texts = [lesson.title, lesson.summary]
        for page in lesson.pages:
            texts += [page.title, page.text, page.task, page.hint]
        for text in texts:
            assert set(LANGUAGES) <= set(text.by_language), lesson.name
            assert text.get("en") != text.get("zh_CN"), (lesson.name, text.get("en"))
            # Chinese text is written in Chinese, not left in English.
            assert any("\u4e00" <= ch <= "\u9fff" for ch in text.get("zh_CN")), \
                (lesson.name, text.get("zh_CN"))


def test_a_good_lesson_parses():
    lesson = parse_lesson(GOOD, "good")
    assert lesson.name == "good" and lesson.order == 9
    page = lesson.pages[0]
    assert page.setup[0].op == "open_example" and page.setup[0].params == {"name": "fn-article"}
    assert page.checks() == [("step_at_least", {"n": 1})]


@pytest.mark.parametrize(("old", "new", "message"), [
    ('op = "step_at_least"', 'op = "step_atleast"',
     'bad.toml: pages[0].check[0].op: unknown operation "step_atleast" (did you mean '
     '"step_at_least"?)'),
    ('task.zh_CN = "按 S。"\n', "",
     "bad.toml: pages[0].task.zh_CN: missing (every text is written in en and zh_CN)"),
    ("n = 1 }]\nsolution", 'n = "one" }]\nsolution',
     "bad.toml: pages[0].check[0].n: expected a whole number ≥ 0, got 'one'"),
    ('hint.en = "S is Step."', 'hitn.en = "S is Step."',
     'bad.toml: pages[0].hitn: unknown field (did you mean "hint"?)'),
    ('name = "fn-article"', 'name = "fn-nowhere"',
     "bad.toml: pages[0].setup[0].name: no example called 'fn-nowhere'"),
    ('{ op = "open_example", name = "fn-article" }',
     '{ op = "open_function", lines = ["f = x +* y"], at = { x = 1.0, y = 2.0 } }',
     "bad.toml: pages[0].setup[0].lines: line 1, column"),
    ("solution = [{ op = \"step\", n = 1 }]", "solution = []",
     "bad.toml: pages[0].solution: expected a list of at least 1 operation(s)"),
    ("order = 9", "order = 9\norder = 10", "bad.toml: not valid TOML"),
    ('{ op = "step", n = 1 }', '{ op = "step", n = 1, m = 2 }',
     "bad.toml: pages[0].solution[0].m: unknown field"),
    ('check = [{ op = "step_at_least", n = 1 }]', 'check = [{ op = "step", n = 1 }]',
     'bad.toml: pages[0].check[0].op: unknown operation "step"'),
])
def test_a_broken_lesson_is_refused_naming_the_file_and_the_field(old, new, message):
    with pytest.raises(LessonError) as caught:
        parse_lesson(broken(old, new), "bad")
    assert str(caught.value).startswith(message), str(caught.value)
    assert len(str(caught.value).splitlines()) == 1


def test_a_broken_file_costs_only_itself(tmp_path):
    (tmp_path / "a.toml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.toml").write_text(broken('title.zh_CN = "一课"\n', ""), encoding="utf-8")
    (tmp_path / "c.toml").write_bytes(b"\xff\xfe not utf-8")
    lessons, errors = load_lessons(tmp_path)
    assert [x.name for x in lessons] == ["a"]
    assert [str(e).split(":")[0] for e in errors] == ["b.toml", "c.toml"]
    assert "title.zh_CN: missing" in str(errors[0])
    with pytest.raises(LessonError, match=r"^b\.toml: title\.zh_CN"):
        load_lesson(tmp_path / "b.toml")


def test_text_falls_back_to_the_same_language_then_to_english():
    text = Text({"en": "hello", "zh_CN": "你好"})
    assert text.get("zh_CN") == "你好"
    assert text.get("zh_TW") == "你好"  # the same language before English
    assert text.get("de_DE") == "hello"
    assert text.get("C") == "hello"


def test_text_html_has_paragraphs_formula_lines_bold_and_scripts():
    out = text_html("One **two** x_{1}.\nStill one.\n\n> f = x^{2}    a comment\n\n<b>")
    assert "<p>One <b>two</b> x<sub>1</sub>. Still one.</p>" in out
    assert '<p class="formula">f = x<sup>2</sup>\u2003\u2003a comment</p>' in out
    assert "<p>&lt;b&gt;</p>" in out  # text is text, never markup


def state(**kw) -> LessonState:
    return LessonState(**kw)


@pytest.mark.parametrize(("name", "params", "yes", "no"), [
    ("step_at_least", {"n": 3}, state(step=3), state(step=2)),
    ("point_near", {"values": {"x": 0.0, "y": 0.0}, "tol": 1e-6},
     state(parameters={"x": 1e-7, "y": 0.0}), state(parameters={"x": 0.1, "y": 0.0})),
    ("point_near", {"values": {"t": 0.7}}, state(parameters={"t": 0.7}), state(parameters={})),
    ("loss_below", {"value": 0.1}, state(loss=0.05), state(loss=math.nan)),
    ("loss_grew", {"factor": 10}, state(step=7, loss=600.0, first_loss=50.0),
     state(step=0, loss=600.0, first_loss=50.0)),
    ("loss_grew", {}, state(step=9, loss=math.inf, first_loss=50.0),
     state(step=9, loss=40.0, first_loss=50.0)),
    ("lr_between", {"min": 1.0001}, state(lr=1.1), state(lr=1.0)),
    ("axes_are", {"names": ("b:o1", "b:o2")}, state(axes=("b:o2", "b:o1")),
     state(axes=("b:o1", "w:x1->h1"))),
    ("inspecting", {"name": "w:x1->h1"}, state(inspected="w:x1->h1"),
     state(inspected="w:x1->h2")),
    ("step_through_computed", {"names": ("w:h1->o1",)},
     state(step_through=(5, 30), step_through_done=frozenset({"w:h1->o1", "b:o1"})),
     state(step_through=None, step_through_done=frozenset({"w:h1->o1"}))),
    ("step_through_at_end", {}, state(step_through=(29, 30)), state(step_through=(28, 30))),
    ("graph_steps_at_end", {}, state(graph_steps=(9, 10)), state(graph_steps=(-1, 10))),
    ("answered", {"value": 23}, state(answer=23.0), state(answer=None)),
])
def test_each_check_holds_in_one_state_and_not_in_another(name, params, yes, no):
    assert check(yes, [(name, params)])
    assert not check(no, [(name, params)])


def test_every_check_of_the_registry_is_tested_and_set_ups_and_checks_do_not_share_names():
    tested = {"step_at_least", "point_near", "loss_below", "loss_grew", "lr_between",
              "axes_are", "inspecting", "step_through_computed", "step_through_at_end",
              "graph_steps_at_end", "answered"}
    assert set(CHECKS) == tested
    assert not set(CHECKS) & set(SETUPS)
    assert all(op.test is not None for op in CHECKS.values())
    assert all(op.test is None for op in SETUPS.values())


def test_all_checks_of_a_page_must_hold():
    checks = [("step_at_least", {"n": 1}), ("point_near", {"values": {"x": 0.0}})]
    assert check(state(step=1, parameters={"x": 0.0}), checks)
    assert not check(state(step=1, parameters={"x": 2.0}), checks)
    assert not check(state(step=0, parameters={"x": 0.0}), checks)


def test_the_lesson_docs_list_every_operation():
    from pathlib import Path

    docs = (Path(__file__).resolve().parents[2] / "docs" / "lessons.md").read_text(
        encoding="utf-8")
    for name, op in {**SETUPS, **CHECKS}.items():
        assert f"| `{name}` |" in docs, name
        for param in op.params:
            assert f"`{param}`" in docs, (name, param)
