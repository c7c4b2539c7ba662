"""The Help menu: keyboard shortcuts, what each view shows, What's This, about."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QHBoxLayout,
    QListWidget,
    QTextBrowser,
    QVBoxLayout,
    QWhatsThis,
    QWidget,
)

from playground.ui.help.about import about_html
from playground.ui.help.pages import PAGES, page_html, page_title
from playground.ui.help.shortcuts import shortcuts_html
from playground.ui.help.whats_this import apply_whats_this
from playground.ui.shell import Shell


class HelpDialog(QDialog):
    """A non-modal window with one or more pages of help."""

    def __init__(self, title: str, pages: list[tuple[str, str]], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.pages = pages
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(True)
        self.list = QListWidget()
        for name, _ in pages:
            self.list.addItem(name)
        self.list.currentRowChanged.connect(self.show_page)
        self.list.setVisible(len(pages) > 1)
        self.list.setMaximumWidth(180)
        row = QHBoxLayout()
        row.addWidget(self.list)
        row.addWidget(self.browser, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addLayout(row, 1)
        layout.addWidget(buttons)
        self.resize(640 if len(pages) > 1 else 520, 460)
        self.list.setCurrentRow(0)
        self.show_page(0)

    def show_page(self, row: int) -> None:
        if 0 <= row < len(self.pages):
            self.browser.setHtml(self.pages[row][1])

    def select(self, name: str) -> None:
        for row, (title, _) in enumerate(self.pages):
            if title == name:
                self.list.setCurrentRow(row)

    def text(self) -> str:
        return self.browser.toPlainText()


class HelpMenu(QObject):
    """Fills the window's Help menu; each dialog is made on first use and then reused.

    Built last, so the shortcut table sees every other part's actions."""

    def __init__(self, shell: Shell, docks: dict[str, QDockWidget], controls: QWidget,
                 landscape_view: QWidget):
        super().__init__(shell.window)
        self.window = window = shell.window
        self.dialogs: dict[str, HelpDialog] = {}
        menu = shell.menus["help"]
        self.actions: dict[str, QAction] = {}
        for name, text, keys, slot in (
                ("shortcuts", self.tr("&Keyboard shortcuts"), "Ctrl+/", self.show_shortcuts),
                ("views", self.tr("&What am I looking at?"), "F1", self.show_views)):
            act = QAction(text, window)
            act.setShortcut(QKeySequence(keys))
            act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            act.triggered.connect(lambda _=False, s=slot: s())
            menu.addAction(act)
            window.addAction(act)
            self.actions[name] = act
        whats_this = QWhatsThis.createAction(window)
        whats_this.setText(self.tr("What's &This?"))
        menu.addAction(whats_this)
        self.actions["whats_this"] = whats_this
        menu.addSeparator()
        about = QAction(self.tr("&About Backprop Playground"), window)
        about.setMenuRole(QAction.MenuRole.AboutRole)
        about.triggered.connect(lambda _=False: self.show_about())
        menu.addAction(about)
        self.actions["about"] = about
        apply_whats_this(controls, landscape_view, docks)

    def _open(self, key: str, title: str, pages: list[tuple[str, str]]) -> HelpDialog:
        dialog = self.dialogs.get(key)
        if dialog is None:
            dialog = self.dialogs[key] = HelpDialog(title, pages, self.window)
        else:  # the window's actions may have changed since: show what is there now
            dialog.pages = pages
            dialog.show_page(max(dialog.list.currentRow(), 0))
        dialog.show()
        dialog.raise_()
        return dialog

    def show_shortcuts(self) -> HelpDialog:
        return self._open("shortcuts", self.tr("Keyboard shortcuts"),
                          [(self.tr("Shortcuts"), shortcuts_html(self.window))])

    def show_views(self) -> HelpDialog:
        return self._open("views", self.tr("What am I looking at?"),
                          [(page_title(p), page_html(p)) for p in PAGES])

    def show_about(self) -> HelpDialog:
        return self._open(
            "about", self.tr("About Backprop Playground"), [(self.tr("About"), about_html())]
        )
