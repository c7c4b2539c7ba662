"""Worker objects in their own QThreads: start, stop by a queued command, join, and account."""

from __future__ import annotations

import weakref

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal, Slot

# Every thread started here, so tests can fail when one is left running.
_STARTED: weakref.WeakSet[QThread] = weakref.WeakSet()
# Threads that did not finish when asked; kept alive so Qt never destroys a running QThread.
_STUCK: list[QThread] = []
# Every owner still alive, so quitting the application can stop what its owner forgot to.
_OWNERS: weakref.WeakSet[WorkerThread] = weakref.WeakSet()
_hooked = False


class ThreadWorker(QObject):
    """A QObject that lives in its own thread and stops itself when told to."""

    stopped = Signal()

    def on_stop(self) -> None:
        """Stop timers and drop work; runs in the worker thread. Override as needed."""

    @Slot()
    def stop(self) -> None:
        """Finish in the worker thread: stop, hand the object back to the GUI thread, quit."""
        self.on_stop()
        app = QCoreApplication.instance()
        if app is not None:
            # Back on the GUI thread the object (and its timers) can be deleted without warnings.
            self.moveToThread(app.thread())
        self.stopped.emit()
        QThread.currentThread().quit()


class WorkerThread(QObject):
    """Owns one QThread running one ThreadWorker; `shutdown()` stops and joins it."""

    _stop = Signal()

    def __init__(self, worker: ThreadWorker, name: str, parent: QObject | None = None):
        super().__init__(parent)
        self.worker = worker
        self.thread = QThread()
        self.thread.setObjectName(name)
        worker.moveToThread(self.thread)
        self._stop.connect(worker.stop)
        _STARTED.add(self.thread)
        _OWNERS.add(self)
        _stop_all_on_quit()
        self.thread.start()

    def is_running(self) -> bool:
        return self.thread.isRunning()

    def shutdown(self, timeout_ms: int = 10_000) -> bool:
        """Ask the worker to stop after its current burst and wait for the thread to end."""
        if not self.thread.isRunning():
            return True
        self._stop.emit()
        if self.thread.wait(timeout_ms):
            return True
        _STUCK.append(self.thread)
        return False


def stop_all() -> None:
    """Stop and join every worker thread still running (the application is quitting)."""
    for owner in list(_OWNERS):
        owner.shutdown()


def _stop_all_on_quit() -> None:
    global _hooked
    app = QCoreApplication.instance()
    if app is not None and not _hooked:
        app.aboutToQuit.connect(stop_all)
        _hooked = True


def running_threads() -> list[QThread]:
    """Threads started by `WorkerThread` that are still running."""
    return [t for t in list(_STARTED) if t.isRunning()]
