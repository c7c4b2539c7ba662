"""Lessons: short pages of text, a set-up, a task checked from the app's state, a hint.

One TOML file per lesson in resources/lessons (see docs/lessons.md). A file is
read with the standard library's tomllib and checked against `LESSON`, a small
declarative schema: a bad file is refused with one line naming the file and the
field (`bowl.toml: pages[1].check[0].op: unknown operation "stepp"`). Set-up
and check operations come from the fixed registry in `lesson_ops`.
"""

from __future__ import annotations

import difflib
import html
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from playground.io.resources import RESOURCES_DIR
from playground.workspace.formulas import rich
from playground.workspace.lesson_ops import CHECKS, SETUPS, Operation

LESSONS_DIR = RESOURCES_DIR / "lessons"
LANGUAGES = ("en", "zh_CN")  # every text of a lesson is written in each of these
FALLBACK = "en"
_LANGUAGE = re.compile(r"^[a-z]{2,3}(_[A-Z]{2})?$")


class LessonError(ValueError):
    """A lesson file that cannot be used: the file, the field and what is wrong."""

    def __init__(self, file: str, where: str, message: str):
        self.file, self.where, self.message = file, where, message
        super().__init__(f"{file}: {where}: {message}" if where else f"{file}: {message}")


class _Bad(Exception):
    """Raised inside the schema walk; `LessonError` adds the file."""

    def __init__(self, where: str, message: str):
        super().__init__(message)
        self.where, self.message = where, message


# ----------------------------------------------------------------------------- the model


@dataclass(frozen=True)
class Text:
    """One text in several languages."""

    by_language: Mapping[str, str]

    def get(self, language: str) -> str:
        """The text in `language`, else in the same language of another region, else English."""
        if language in self.by_language:
            return self.by_language[language]
        base = language.split("_")[0]
        for code, text in self.by_language.items():
            if code.split("_")[0] == base:
                return text
        return self.by_language[FALLBACK]


@dataclass(frozen=True)
class Call:
    """An operation from the registry with its parameters."""

    op: str
    params: Mapping[str, Any]


@dataclass(frozen=True)
class Page:
    title: Text
    text: Text
    task: Text
    hint: Text
    setup: tuple[Call, ...]
    check: tuple[Call, ...]
    solution: tuple[Call, ...]  # what a learner would do; "Show me" and the tests run it

    @property
    def asks_answer(self) -> bool:
        """The task is a number to type in (the page shows an answer box)."""
        return any(c.op == "answered" for c in self.check)

    def checks(self) -> list[tuple[str, Mapping[str, Any]]]:
        return [(c.op, c.params) for c in self.check]


@dataclass(frozen=True)
class Lesson:
    name: str  # the file name without .toml
    order: int
    title: Text
    summary: Text
    pages: tuple[Page, ...]


# ----------------------------------------------------------------------------- the schema

Check = Callable[[Any, str], Any]  # (value, where) -> the value as the model holds it


@dataclass(frozen=True)
class Field:
    check: Check
    required: bool = True
    default: Any = None


def _kind(value: Any) -> str:
    return {str: "a string", int: "an integer", float: "a number", bool: "true/false",
            list: "a list", dict: "a table"}.get(type(value), type(value).__name__)


def _string(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _Bad(where, f"expected a non-empty string, got {_kind(value)}"
                   if not isinstance(value, str) else "is empty")
    return value


def _number(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _Bad(where, f"expected a number, got {_kind(value)}")
    return float(value)


def _positive(value: Any, where: str) -> float:
    v = _number(value, where)
    if not v > 0:
        raise _Bad(where, f"expected a number above 0, got {v:g}")
    return v


def _count(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise _Bad(where, f"expected a whole number ≥ 0, got {value!r}")
    return value


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        raise _Bad(where, f"expected a non-empty list of strings, got {_kind(value)}")
    return tuple(_string(v, f"{where}[{i}]") for i, v in enumerate(value))


def _numbers(value: Any, where: str) -> dict[str, float]:
    if not isinstance(value, dict) or not value:
        raise _Bad(where, f"expected a table of names and numbers, got {_kind(value)}")
    return {k: _number(v, f"{where}.{k}") for k, v in value.items()}


PARAM_KINDS: dict[str, Check] = {"str": _string, "number": _number, "positive": _positive,
                                 "int": _count, "strings": _strings, "numbers": _numbers}


def _text(value: Any, where: str) -> Text:
    if not isinstance(value, dict):
        raise _Bad(where, f"expected a table of languages ({', '.join(LANGUAGES)}), "
                          f"got {_kind(value)}")
    for code in value:
        if not _LANGUAGE.match(code):
            raise _Bad(f"{where}.{code}", "not a language code such as en or zh_CN")
    for code in LANGUAGES:
        if code not in value:
            raise _Bad(f"{where}.{code}", "missing (every text is written in "
                                          f"{' and '.join(LANGUAGES)})")
    return Text({code: _string(v, f"{where}.{code}") for code, v in value.items()})


def _table(fields: Mapping[str, Field], value: Any, where: str) -> dict[str, Any]:
    """The table `value` checked field by field: no unknown keys, none missing."""
    if not isinstance(value, dict):
        raise _Bad(where, f"expected a table, got {_kind(value)}")
    prefix = f"{where}." if where else ""
    for key in value:
        if key not in fields:
            close = difflib.get_close_matches(key, list(fields), n=1)
            hint = f' (did you mean "{close[0]}"?)' if close else \
                f" (the fields are {', '.join(fields)})"
            raise _Bad(f"{prefix}{key}", f"unknown field{hint}")
    out = {}
    for key, spec in fields.items():
        if key in value:
            out[key] = spec.check(value[key], f"{prefix}{key}")
        elif spec.required:
            raise _Bad(f"{prefix}{key}", "missing")
        else:
            out[key] = spec.default
    return out


def _call(registry: Mapping[str, Operation], value: Any, where: str) -> Call:
    if not isinstance(value, dict):
        raise _Bad(where, f"expected a table such as {{ op = \"...\" }}, got {_kind(value)}")
    name = value.get("op")
    if not isinstance(name, str):
        raise _Bad(f"{where}.op", "missing: the name of an operation")
    op = registry.get(name)
    if op is None:
        close = difflib.get_close_matches(name, list(registry), n=1)
        hint = f'did you mean "{close[0]}"?' if close else f"known: {', '.join(registry)}"
        raise _Bad(f"{where}.op", f'unknown operation "{name}" ({hint})')
    fields = {"op": Field(_string)} | {
        key: Field(PARAM_KINDS[p.kind], p.required) for key, p in op.params.items()}
    params = _table(fields, value, where)
    params.pop("op")
    return Call(name, {k: v for k, v in params.items() if v is not None})


def _calls(registry: Mapping[str, Operation], least: int) -> Check:
    def check(value: Any, where: str) -> tuple[Call, ...]:
        if not isinstance(value, list) or len(value) < least:
            raise _Bad(where, f"expected a list of at least {least} operation(s), "
                              f"got {_kind(value) if not isinstance(value, list) else value}")
        return tuple(_call(registry, v, f"{where}[{i}]") for i, v in enumerate(value))
    return check


PAGE = {
    "title": Field(_text),
    "text": Field(_text),
    "setup": Field(_calls(SETUPS, 0), required=False, default=()),
    "task": Field(_text),
    "hint": Field(_text),
    "check": Field(_calls(CHECKS, 1)),
    "solution": Field(_calls(SETUPS, 1)),
}


def _pages(value: Any, where: str) -> tuple[Page, ...]:
    if not isinstance(value, list) or not value:
        raise _Bad(where, "expected at least one [[pages]] table")
    return tuple(Page(**_table(PAGE, v, f"{where}[{i}]")) for i, v in enumerate(value))


LESSON = {
    "order": Field(_count),
    "title": Field(_text),
    "summary": Field(_text),
    "pages": Field(_pages),
}


# ----------------------------------------------------------------------------- loading


def _check_references(lesson: Lesson) -> None:
    """What the schema cannot see: named examples exist, typed functions parse, and a page
    that asks for a number has a set answer operation in its solution."""
    from playground.engine.expression import ExpressionError
    from playground.engine.function import FunctionModel
    from playground.io.examples import example_path

    for i, page in enumerate(lesson.pages):
        for part in ("setup", "solution"):
            for j, call in enumerate(getattr(page, part)):
                where = f"pages[{i}].{part}[{j}]"
                if call.op == "open_example":
                    try:
                        example_path(call.params["name"])
                    except ValueError as e:
                        raise _Bad(f"{where}.name", str(e)) from None
                elif call.op == "open_function":
                    try:
                        FunctionModel(list(call.params["lines"]), dict(call.params["at"])
                                      ).validate()
                    except (ExpressionError, ValueError) as e:
                        raise _Bad(f"{where}.lines", str(e).splitlines()[0]) from None


def parse_lesson(text: str, name: str, file: str | None = None) -> Lesson:
    """The lesson in TOML `text` (from the file `file`); LessonError naming the field."""
    file = file or f"{name}.toml"
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise LessonError(file, "", f"not valid TOML: {e}") from None
    try:
        lesson = Lesson(name=name, **_table(LESSON, data, ""))
        _check_references(lesson)
    except _Bad as e:
        raise LessonError(file, e.where, e.message) from None
    return lesson


def load_lesson(path: Path) -> Lesson:
    """The lesson in the file `path`; LessonError (naming the file) when it is bad."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise LessonError(path.name, "", f"cannot be read: {e}") from None
    return parse_lesson(text, path.stem, path.name)


def load_lessons(folder: Path = LESSONS_DIR) -> tuple[list[Lesson], list[LessonError]]:
    """Every lesson in `folder` in order, and the errors of the files that were refused
    (a broken file costs only itself)."""
    lessons, errors = [], []
    for path in sorted(Path(folder).glob("*.toml")):
        try:
            lessons.append(load_lesson(path))
        except LessonError as e:
            errors.append(e)
    return sorted(lessons, key=lambda lesson: (lesson.order, lesson.name)), errors


# ----------------------------------------------------------------------------- showing

_BOLD = re.compile(r"\*\*(.+?)\*\*")


def text_html(text: str) -> str:
    """A lesson text as HTML: blank lines part paragraphs, a line starting with "> " is a
    formula on a line of its own, **bold**, and _{…} / ^{…} sub- and superscripts."""
    blocks = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = [line.strip() for line in block.strip().splitlines()]
        if lines and all(line.startswith(">") for line in lines):
            for line in lines:
                # Runs of spaces in a formula line keep it apart from its comment.
                shown = re.sub(r" {2,}", "\u2003\u2003", line[1:].strip())
                blocks.append(f'<p class="formula">{_inline(shown)}</p>')
        else:
            blocks.append(f"<p>{_inline(' '.join(lines))}</p>")
    return "\n".join(blocks)


def inline_html(text: str) -> str:
    """A short lesson text (a task, a hint) as one paragraph's HTML."""
    return _inline(" ".join(line.strip() for line in text.strip().splitlines()))


def _inline(text: str) -> str:
    return _BOLD.sub(lambda m: f"<b>{m[1]}</b>", rich(text))


def escape(text: str) -> str:
    return html.escape(text, quote=False)
