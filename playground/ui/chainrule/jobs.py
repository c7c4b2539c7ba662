"""Computations for the chain-rule views: small ones at once, big ones in a worker thread.

A job is a function of no arguments; its result reaches a callback on the GUI
thread. Jobs share keys ("inspector", "jacobian", ...): a newer job of a key
replaces one still waiting and makes an older result stale, so the views always
show the newest request, and a slow network never queues up work.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from playground.ui.threads import BurstWorker, WorkerThread

Done = Callable[[Any], None]
Failed = Callable[[str], None]


class StaleRequest(Exception):
    """The document changed while a job waited: its result would describe another network."""


def describe_error(error: BaseException) -> str:
    """A one-line message for the user (never a traceback)."""
    return str(error) or type(error).__name__


class JobWorker(BurstWorker):
    """Runs the newest job of each key, one per turn of its thread's event loop."""

    finished = Signal(str, int, object, str)  # key, serial, result, error ("" if none)

    def __init__(self) -> None:
        super().__init__()
        self._pending: dict[str, tuple[int, Callable[[], Any]]] = {}

    @Slot(str, int, object)
    def submit(self, key: str, serial: int, job: Callable[[], Any]) -> None:
        self._pending[key] = (serial, job)
        self.schedule()

    def cancel(self) -> None:
        self._pending.clear()

    def burst(self) -> bool:
        """The oldest waiting key's newest job; the next key's turn comes after."""
        if not self._pending:
            return False
        key = next(iter(self._pending))
        serial, job = self._pending.pop(key)
        try:
            result, error = job(), ""
        except StaleRequest:
            return bool(self._pending)  # the view has asked again for the new network
        except Exception as e:  # noqa: BLE001  (shown in the view that asked, never raised)
            result, error = None, describe_error(e)
        self.finished.emit(key, serial, result, error)
        return bool(self._pending)


class JobRunner(QObject):
    """Runs jobs inline or in a lazily started worker thread; newest job of a key wins."""

    _do_submit = Signal(str, int, object)  # queued to the worker's thread

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._serial = 0
        self._latest: dict[str, int] = {}
        self._callbacks: dict[str, tuple[int, Done, Failed]] = {}
        self._thread: WorkerThread | None = None

    def submit(self, key: str, job: Callable[[], Any], done: Done, failed: Failed,
               heavy: bool = False) -> None:
        """Run `job`; `done(result)` or `failed(message)` follows unless a newer job came."""
        self._serial += 1
        serial = self._serial
        self._latest[key] = serial
        if not heavy:
            self._callbacks.pop(key, None)
            try:
                result = job()
            except StaleRequest:
                return
            except Exception as e:  # noqa: BLE001
                failed(describe_error(e))
                return
            done(result)
            return
        self._callbacks[key] = (serial, done, failed)
        self._start_thread()
        self._do_submit.emit(key, serial, job)

    def cancel(self, key: str) -> None:
        """Forget the job of `key`: its result, if any arrives, is dropped."""
        self._latest.pop(key, None)
        self._callbacks.pop(key, None)

    def busy(self, key: str) -> bool:
        """A heavy job of `key` is still running or waiting."""
        return key in self._callbacks

    def thread_running(self) -> bool:
        return self._thread is not None and self._thread.is_running()

    def shutdown(self) -> None:
        """Stop the worker thread, if one was started, and drop what is pending."""
        self._callbacks.clear()
        if self._thread is not None:
            thread, self._thread = self._thread, None
            self._do_submit.disconnect(thread.worker.submit)
            thread.shutdown()
            thread.worker.finished.disconnect(self._on_finished)
            thread.deleteLater()

    def _start_thread(self) -> None:
        if self._thread is None:
            worker = JobWorker()
            worker.finished.connect(self._on_finished)
            self._do_submit.connect(worker.submit)
            self._thread = WorkerThread(worker, "chain rule", self)

    @Slot(str, int, object, str)
    def _on_finished(self, key: str, serial: int, result: Any, error: str) -> None:
        entry = self._callbacks.get(key)
        if entry is None or entry[0] != serial or self._latest.get(key) != serial:
            return  # a newer job replaced it, or it was cancelled
        del self._callbacks[key]
        _, done, failed = entry
        if error:
            failed(error)
        else:
            done(result)

