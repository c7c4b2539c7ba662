"""Worker objects in their own QThreads: start, stop by a queued command, join, and account."""

from __future__ import annotations

import weakref

from PySide6.QtCore import QCoreApplication, QObject, QThread, QTimer, Signal, Slot

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


class BurstWorker(ThreadWorker):
    """The one worker pattern: the job runs in short bursts (up to a frame), one per turn of the
    thread's event loop, so commands queued in between (a newer request, pause, stop)
    are taken before the next burst. Results leave as copies through queued signals.

    A subclass does one burst in `burst()` and returns True while work remains (the
    next burst comes at once), and drops its work in `cancel()`. `schedule(ms,
    repeat=True)` instead runs a burst every `ms` (a paced training).
    """

    def __init__(self) -> None:
        super().__init__()
        self._turns = QTimer(self)
        self._turns.setSingleShot(True)
        self._turns.timeout.connect(self._turn)

    def schedule(self, delay_ms: int = 0, repeat: bool = False) -> None:
        """Run a burst after `delay_ms` (and every `delay_ms` when `repeat`)."""
        if not repeat and self._turns.isActive() and self._turns.isSingleShot():
            return  # a burst is already due
        self._turns.setSingleShot(not repeat)
        self._turns.start(delay_ms)

    def unschedule(self) -> None:
        self._turns.stop()

    def scheduled(self) -> bool:
        return self._turns.isActive()

    def burst(self) -> bool:
        """Do one short piece of the job; True when more is to be done at once."""
        raise NotImplementedError

    def cancel(self) -> None:
        """Drop the work in hand (the worker stops, or a newer request replaced it)."""

    def on_stop(self) -> None:
        self._turns.stop()
        self.cancel()

    @Slot()
    def _turn(self) -> None:
        if QThread.currentThread().isInterruptionRequested():
            self._turns.stop()
            return
        if self.burst() and self._turns.isSingleShot():
            self._turns.start(0)


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
        # Long bursts look at this flag between chunks; the queued stop comes after.
        self.thread.requestInterruption()
        self._stop.emit()
        if self.thread.wait(timeout_ms):
            return True
        _STUCK.append(self.thread)
        return False


class ResultController(QObject):
    """The GUI side of a worker that answers requests with results: the document (as a
    thread's own copy of a compiled problem) and requests go in; the newest result of the
    current version comes out, at most one per turn of the GUI's event loop.

    The worker has slots `set_document(object, int)` and `compute(object)` and signals
    `result_ready(result)` (a result with `.request.version`) and `failed(serial, message)`.
    """

    result = Signal(object)
    failed = Signal(str)

    _do_set_document = Signal(object, int)
    _do_compute = Signal(object)

    def __init__(self, worker: ThreadWorker, name: str, parent: QObject | None = None):
        super().__init__(parent)
        self.worker = worker
        self._do_set_document.connect(worker.set_document)
        self._do_compute.connect(worker.compute)
        worker.result_ready.connect(self._on_result)
        worker.failed.connect(self._on_failed)
        self._thread = WorkerThread(worker, name, self)
        self._pending = None
        self._deliver_timer = QTimer(self)
        self._deliver_timer.setSingleShot(True)
        self._deliver_timer.timeout.connect(self._deliver)
        self.version = -1

    def set_problem(self, problem, version: int) -> None:
        """Results for an already compiled problem (the thread gets its own copy)."""
        self.version = version
        self._do_set_document.emit(problem.for_thread(), version)

    def compute(self, request) -> None:
        self._do_compute.emit(request)

    def shutdown(self) -> None:
        self._deliver_timer.stop()
        self._thread.shutdown()

    def thread_running(self) -> bool:
        return self._thread.is_running()

    @Slot(object)
    def _on_result(self, result) -> None:
        if result.request.version != self.version:
            return
        self._pending = result
        if not self._deliver_timer.isActive():
            self._deliver_timer.start(0)

    @Slot()
    def _deliver(self) -> None:
        result, self._pending = self._pending, None
        if result is not None and result.request.version == self.version:
            self.result.emit(result)

    @Slot(int, str)
    def _on_failed(self, _serial: int, message: str) -> None:
        self.failed.emit(message)


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
