"""Formulas as rich text: one style sheet and a few HTML helpers for the chain-rule views.

Qt's rich text understands sub/superscripts, tables and a little CSS, which is
all the formulas need: no LaTeX, nothing to install.
"""

from __future__ import annotations

import html
import math
import re

from PySide6.QtCore import QCoreApplication, QMimeData
from PySide6.QtGui import QTextOption
from PySide6.QtWidgets import QTextBrowser, QWidget

from playground.ui import style
from playground.workspace.formulas import num

SHARED_BG = "#fff2c2"  # a local derivative several paths share (computed once by backprop)
HEAD_BG = "#f1f3f6"
OK = "#2a7d2e"
BAD = "#c62828"
AGREE = 1e-9  # relative difference below which two ways of computing a number agree
WORD_JOINER = "\u2060"  # zero width, no line break: glues a symbol together

CSS = f"""
body {{ font-family: '{style.FONT_FAMILY}'; font-size: 10pt; color: {style.TEXT}; }}
h2 {{ font-size: 12.5pt; margin-top: 2px; margin-bottom: 2px; }}
h3 {{ font-size: 10.5pt; margin-top: 12px; margin-bottom: 4px; color: #1f3b63; }}
p {{ margin-top: 2px; margin-bottom: 2px; }}
td {{ padding: 2px 5px; vertical-align: middle; }}
th {{ padding: 3px 5px; background-color: {HEAD_BG}; font-weight: normal;
      color: {style.MUTED}; text-align: left; }}
.muted {{ color: {style.MUTED}; }}
.big {{ font-size: 12pt; }}
.value {{ font-weight: bold; }}
.ok {{ color: {OK}; }}
.bad {{ color: {BAD}; font-weight: bold; }}
.line {{ margin-left: 10px; }}
.sym {{ font-family: 'DejaVu Serif'; }}
"""


class FormulaBrowser(QTextBrowser):
    """A text browser whose copied text leaves out the word joiners of `nowrap`."""

    def plain_text(self) -> str:
        return self.toPlainText().replace(WORD_JOINER, "")

    def createMimeDataFromSelection(self) -> QMimeData:  # noqa: N802  (Qt override)
        data = QMimeData()
        cursor = self.textCursor()
        data.setText(cursor.selection().toPlainText().replace(WORD_JOINER, ""))
        data.setHtml(cursor.selection().toHtml().replace(WORD_JOINER, ""))
        return data


def formula_browser(parent: QWidget | None = None) -> FormulaBrowser:
    """A read-only text browser styled for formulas."""
    browser = FormulaBrowser(parent)
    browser.setOpenLinks(False)
    # Break lines between words only: a number split in two reads as two numbers.
    browser.setWordWrapMode(QTextOption.WrapMode.WordWrap)
    browser.document().setDefaultStyleSheet(CSS)
    browser.setStyleSheet("QTextBrowser { background: #ffffff; border: none; }")
    return browser


def set_html_keeping_scroll(browser: QTextBrowser, text: str) -> None:
    """Replace the text without jumping back to the top (live updates while reading)."""
    bar = browser.verticalScrollBar()
    at = bar.value()
    browser.setHtml(text)
    bar.setValue(min(at, bar.maximum()))


def esc(text: str) -> str:
    return html.escape(text)


def agree(a: float, b: float) -> bool:
    return abs(a - b) <= AGREE * max(1.0, abs(a), abs(b)) or (
        math.isnan(a) and math.isnan(b))


def check_mark(a: float, b: float, what: str) -> str:
    """"✓ equals <what>" when a and b agree, else a red note with the difference."""
    if agree(a, b):
        return QCoreApplication.translate(
            "FormulaText", '<span class="ok">✓ equals {what}</span>'
        ).format(what=what)
    return QCoreApplication.translate(
        "FormulaText", '<span class="bad">✗ differs from {what} by {num}</span>'
    ).format(what=what, num=num(a - b))


def table(rows: list[list[str]], header: list[str] | None = None,
          align: list[str] | None = None) -> str:
    """An HTML table of already-escaped cells."""
    out = ['<table cellspacing="0" cellpadding="3">']
    if header:
        out.append("<tr>" + "".join(f"<th>{h}</th>" for h in header) + "</tr>")
    for row in rows:
        cells = []
        for i, cell in enumerate(row):
            a = align[i] if align and i < len(align) else "left"
            cells.append(f'<td align="{a}">{cell}</td>')
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</table>")
    return "".join(out)


_TAG_OR_TEXT = re.compile(r"(<[^>]*>)|([^<]+)")


def nowrap(text: str) -> str:
    """HTML kept on one line: a symbol like σ′(z) or ∂a/∂z must not break inside.

    Qt ignores <nobr> in a table cell narrower than its text, so the characters are
    glued with word joiners (zero width, no break opportunity) as well.
    """
    def glue(m: re.Match) -> str:
        return m.group(1) or WORD_JOINER + WORD_JOINER.join(m.group(2)) + WORD_JOINER

    return "<nobr>" + _TAG_OR_TEXT.sub(glue, text) + "</nobr>"


def page(*parts: str) -> str:
    return "<html><body>" + "".join(parts) + "</body></html>"
