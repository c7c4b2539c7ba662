"""SIGINT and SIGTERM (Ctrl+C in the terminal, a desktop logout) quit the app the way the
File menu does, instead of killing it mid-write.

Python runs signal handlers only when the interpreter gets control, and Qt's
event loop may sleep in C for a long time. `signal.set_wakeup_fd` makes the
signal write a byte into a socket; a QSocketNotifier on the other end wakes the
loop and calls `on_signal` from the GUI thread, with the signal's name.
"""

from __future__ import annotations

import signal
import socket
from collections.abc import Callable

from PySide6.QtCore import QObject, QSocketNotifier

QUIT_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class QuitSignals(QObject):
    """While it lives, SIGINT and SIGTERM call `on_signal(name)` in the GUI thread."""

    def __init__(self, on_signal: Callable[[str], None], parent: QObject | None = None):
        super().__init__(parent)
        self.on_signal = on_signal
        self._reader, self._writer = socket.socketpair()
        for s in (self._reader, self._writer):
            s.setblocking(False)
        self._previous_fd = signal.set_wakeup_fd(self._writer.fileno(),
                                                 warn_on_full_buffer=False)
        # A Python-level handler must exist for the wakeup byte to be written; the work
        # happens in the notifier's slot, where Qt may be called safely.
        self._previous = {s: signal.signal(s, lambda *_: None) for s in QUIT_SIGNALS}
        self.notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        self.notifier.activated.connect(self._drain)

    def _drain(self, *_) -> None:
        try:
            data = self._reader.recv(64)
        except (BlockingIOError, InterruptedError):
            return
        for number in dict.fromkeys(data):  # each signal once, in the order they came
            if number in {int(s) for s in QUIT_SIGNALS}:
                self.on_signal(signal.Signals(number).name)
                return

    def uninstall(self) -> None:
        """Put back the handlers that were there before (safe to call twice)."""
        if self._previous is None:
            return
        self.notifier.setEnabled(False)
        signal.set_wakeup_fd(self._previous_fd)
        for s, handler in self._previous.items():
            signal.signal(s, handler if handler is not None else signal.SIG_DFL)
        self._previous = None
        self._reader.close()
        self._writer.close()
