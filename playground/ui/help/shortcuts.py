"""The table of keyboard shortcuts, generated from the window's actions (never written by hand)."""

from __future__ import annotations

import html
import re

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu


def _keys(action: QAction) -> str:
    return ", ".join(s.toString(QKeySequence.SequenceFormat.NativeText)
                     for s in action.shortcuts() if not s.isEmpty())


def plain(text: str) -> str:
    """A menu text without its mnemonic: "&File" -> "File", "文件(&F)" -> "文件"."""
    text = re.sub(r"\(&\w\)", "", text)
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def _walk(menu: QMenu, path: str, rows: list[tuple[str, str, str]], seen: set[int]) -> None:
    for action in menu.actions():
        if action.isSeparator():
            continue
        sub = action.menu()
        text = plain(action.text())
        if sub is not None:
            _walk(sub, f"{path} › {text}", rows, seen)
            continue
        if id(action) in seen or not text:
            continue
        seen.add(id(action))
        rows.append((path, text, _keys(action)))


def shortcut_rows(window: QMainWindow) -> list[tuple[str, str, str]]:
    """(menu, action, keys) for every action in the menus, then those only on the window."""
    rows: list[tuple[str, str, str]] = []
    seen: set[int] = set()
    for top in window.menuBar().actions():
        menu = top.menu()
        if menu is not None:
            _walk(menu, plain(top.text()), rows, seen)
    for action in window.actions():  # keys with no menu entry
        if id(action) not in seen and _keys(action):
            seen.add(id(action))
            rows.append(
                (
                    QCoreApplication.translate("Shortcuts", "(window)"),
                    plain(action.text()),
                    _keys(action),
                )
            )
    return rows


def shortcuts_html(window: QMainWindow) -> str:
    rows = shortcut_rows(window)
    cells = "".join(
        f"<tr><td>{html.escape(menu)}</td><td>{html.escape(text)}</td>"
        f"<td><b>{html.escape(keys) if keys else '—'}</b></td></tr>"
        for menu, text, keys in rows)
    return QCoreApplication.translate(
        "Shortcuts",
        "<h3>Keyboard shortcuts</h3><table cellspacing='0' cellpadding='3' "
        "border='0'><tr><th align='left'>Menu</th><th "
        "align='left'>Action</th><th "
        "align='left'>Keys</th></tr>{cells}</table><p>In the step-through: ← "
        "previous step, → next, End runs to the end, Esc leaves.</p>",
    ).format(cells=cells)
