"""A strip above the landscape that introduces the example just opened: what it shows and
what to try. It folds to one line and closes; opening anything else hides it."""

from __future__ import annotations

import html

from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from playground.io.examples import ExampleInfo

SHORT_SCREEN = 800  # pixels of available height below which the description starts folded


class ExamplePanel(QFrame):
    """The open example's title, description and suggestions, collapsible."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("examplePanel")
        self.setStyleSheet("#examplePanel { background: #eef3f8; border-bottom: 1px solid "
                           "#c9d6e3; } #examplePanel QLabel { color: #1f3b63; }")
        self.info: ExampleInfo | None = None
        self.heading = QLabel("")
        self.heading.setWordWrap(True)
        self.toggle = QToolButton()
        self.toggle.setAutoRaise(True)
        self.toggle.setCheckable(True)
        self.toggle.setChecked(True)
        self.toggle.setToolTip(self.tr("Show or hide the description"))
        self.toggle.toggled.connect(self.set_expanded)
        self.close_button = QToolButton()
        self.close_button.setText("×")
        self.close_button.setAutoRaise(True)
        self.close_button.setToolTip(self.tr("Close the introduction"))
        self.close_button.clicked.connect(self.hide)
        self.body = QLabel("")
        self.body.setWordWrap(True)
        for label in (self.heading, self.body):  # they wrap; they never widen the window
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            label.setMinimumWidth(120)
        head = QHBoxLayout()
        head.setContentsMargins(0, 0, 0, 0)
        head.addWidget(self.toggle)
        head.addWidget(self.heading, 1)
        head.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 2, 4, 4)
        layout.setSpacing(0)
        layout.addLayout(head)
        layout.addWidget(self.body)
        self.set_expanded(True)
        self.hide()

    def show_example(self, info: ExampleInfo) -> None:
        self.info = info
        self.heading.setText(
            self.tr(
                "<b>Example: {title}</b> — an untitled copy; Save asks where to keep it"
            ).format(title=html.escape(info.title))
        )
        tip = (
            self.tr("<br><b>Try:</b> {try_this}").format(try_this=html.escape(info.try_this))
            if info.try_this
            else ""
        )
        self.body.setText(f"{html.escape(info.description)}{tip}")
        # On a short screen the text opens folded (its heading stays, ▸ unfolds it): open,
        # it would push the landscape's axis out of sight.
        screen = self.screen()
        short = screen is not None and screen.availableGeometry().height() < SHORT_SCREEN
        self.toggle.setChecked(not short)
        self.set_expanded(not short)
        self.show()

    def set_expanded(self, expanded: bool) -> None:
        self.body.setVisible(expanded)
        self.toggle.setText("▾" if expanded else "▸")
        if self.toggle.isChecked() != expanded:
            self.toggle.setChecked(expanded)

    def is_expanded(self) -> bool:
        return self.body.isVisible() or (not self.isVisible() and self.toggle.isChecked())

    def text(self) -> str:
        return f"{self.heading.text()}\n{self.body.text()}"
