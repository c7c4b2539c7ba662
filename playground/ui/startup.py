"""Turn Qt's platform-plugin failure at start-up into one line and exit status 1.

When no platform plugin can start (no X server behind DISPLAY, a missing xcb
library), Qt prints a page of hints, one of them misleading ("xcb-cursor0 or
libxcb-cursor0 is needed" even when that library is there), and aborts the process
with SIGABRT. A message handler installed before the QApplication sees that fatal
message first: it prints the real reason in one line and exits.
"""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QtMsgType, qInstallMessageHandler

EXIT_CANNOT_START = 1
# Qt's generic advice, printed whatever the cause: no use in a one-line reason.
_GENERIC = ("xcb-cursor0 or libxcb-cursor0 is needed", "Reinstalling the application")


def _reason(notes: list[tuple[str, str]], fatal: str) -> str:
    for category, message in notes:
        if category.startswith("qt.qpa") and not any(g in message for g in _GENERIC):
            return message.strip().splitlines()[0]
    return fatal.strip().splitlines()[0]


def guard_platform_start(prog: str = "playground") -> None:
    """Until a QApplication replaces this handler: hold Qt's start-up notes; on a fatal
    message print one line naming the cause and `playground doctor`, and exit 1."""
    notes: list[tuple[str, str]] = []

    def handler(mode: QtMsgType, context, message: str) -> None:
        category = getattr(context, "category", None) or ""
        if mode == QtMsgType.QtFatalMsg:
            sys.stderr.write(f"{prog}: the app cannot start: {_reason(notes, message)} "
                             f"(run `{prog} doctor` to see what is missing)\n")
            sys.stderr.flush()
            # Qt aborts the process as soon as this handler returns.
            os._exit(EXIT_CANNOT_START)
        if category.startswith("qt.qpa"):
            # Notes of plugins tried before one that works (wayland before xcb) are noise
            # once the window opens; they only explain a failure.
            notes.append((category, message))
            return
        sys.stderr.write(message + "\n")

    qInstallMessageHandler(handler)
