"""The Help menu: a shortcut table made from the actions, a page per view, About, What's This."""

from __future__ import annotations

import numpy
import PySide6
import pytest
from PySide6.QtCore import qVersion
from PySide6.QtGui import QAction, QKeySequence

from playground import __version__
from playground.ui.help.pages import PAGES
from playground.ui.help.shortcuts import shortcut_rows
from playground.ui.main_window import MainWindow
from playground.ui.qt import pg
from tests.ui.conftest import xor_document


@pytest.fixture
def window(qtbot):
    w = MainWindow(xor_document())
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.controller.latest is not None, timeout=5000)
    yield w
    w.close()


def test_help_menu_holds_the_four_entries(window):
    texts = [a.text().replace("&", "") for a in window.menus["help"].actions()
             if not a.isSeparator()]
    assert texts == ["Lessons", "Keyboard shortcuts", "What am I looking at?", "What's This?",
                     "About Backprop Playground"]


def test_shortcut_table_lists_every_menu_action_with_its_key(window):
    window.help.actions["shortcuts"].trigger()
    dialog = window.help.dialogs["shortcuts"]
    assert dialog.isVisible()
    text = dialog.text()
    rows = shortcut_rows(window)
    for menu_title in ("File", "Edit", "Run", "View", "Export", "Inspect", "Help"):
        assert any(m.startswith(menu_title) for m, _, _ in rows), menu_title
    by_action = {a: k for _, a, k in rows}
    assert by_action["Play / Pause"] == "Space"
    assert by_action["Save"].startswith(QKeySequence("Ctrl+S").toString(
        QKeySequence.SequenceFormat.NativeText))
    assert by_action["Reset layout"] == ""
    # Every action of every menu is in the table, keys or not.
    count = 0
    for top in window.menuBar().actions():
        stack = [top.menu()]
        while stack:
            for a in stack.pop().actions():
                if a.menu() is not None:
                    stack.append(a.menu())
                elif not a.isSeparator() and a.text():
                    count += 1
                    assert a.text().replace("&", "") in text, a.text()
    assert len(rows) >= count - 5  # an action in two menus (View and Inspect) counts once
    # A new action shows up the next time: the table is generated, not written.
    extra = QAction("Frobnicate", window)
    extra.setShortcut(QKeySequence("Ctrl+Alt+F"))
    window.menus["view"].addAction(extra)
    window.help.actions["shortcuts"].trigger()
    assert "Frobnicate" in dialog.text()


def test_what_am_i_looking_at_has_a_page_per_view(window):
    window.help.actions["views"].trigger()
    dialog = window.help.dialogs["views"]
    assert dialog.list.count() == len(PAGES)
    keys = {p.key for p in PAGES}
    assert {"landscape", "network", "data", "loss"} <= keys
    assert set(window.docks) <= keys
    dialog.select("Loss landscape")
    assert "arrow" in dialog.text().lower() and "contour" in dialog.text().lower()
    dialog.select("Network")
    assert "a negative one" in dialog.text()


def test_about_names_the_versions(window):
    window.help.actions["about"].trigger()
    text = window.help.dialogs["about"].text()
    for version in (__version__, qVersion(), PySide6.__version__, pg.__version__,
                    numpy.__version__):
        assert version in text
    assert "Licence" in text and "Home page" in text and "Python" in text


def test_controls_and_views_have_whats_this(window):
    c = window.controls
    for widget in (c.lr, c.speed, c.optimizer, c.batch, c.dataset, c.play):
        assert len(widget.whatsThis()) > 20
    assert "arrow" in window.landscape_view.whatsThis()
    for dock in window.docks.values():
        assert dock.whatsThis()
