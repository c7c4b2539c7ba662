"""Reading a CSV file for the import preview off the GUI thread: the text, its cells and
each column's numbers are read in short bursts by a worker (`ui.threads.BurstWorker`),
with a progress dialog that can cancel; the GUI keeps drawing meanwhile."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop, QMetaObject, QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from playground.io.csv_import import Columns, CsvError, Table, TableReader, read_text
from playground.ui.threads import BurstWorker, WorkerThread

BURST_SECONDS = 0.01  # the one worker pattern's burst
ROWS_PER_CHECK = 500  # rows read between looks at the clock
SHOW_AFTER_MS = 300  # a quick read shows no progress dialog at all


@dataclass(frozen=True)
class LoadedTable:
    """What the preview needs: the text (for a re-read), its cells and converted columns."""

    text: str
    table: Table
    columns: Columns


class TableJob(BurstWorker):
    """Reads one file (or text) into a table and converts its columns, burst by burst."""

    progressed = Signal(str, float)  # what is being done, share done (0 to 1)
    done = Signal(object)  # LoadedTable
    refused = Signal(str)

    def __init__(self, source: Path | str, delimiter: str | None = None,
                 header: bool | None = None):
        super().__init__()
        self.source = source
        self.delimiter = delimiter
        self.header = header
        self.text: str | None = None
        self.reader: TableReader | None = None
        self.loaded: LoadedTable | None = None
        self._todo: list[int] = []

    @Slot()
    def start(self) -> None:
        self.schedule()

    def burst(self) -> bool:
        try:
            return self._burst()
        except CsvError as e:
            self.refused.emit(str(e))
            return False

    def _burst(self) -> bool:
        if self.text is None:
            self.text = read_text(self.source) if isinstance(self.source, Path) \
                else self.source
            self.progressed.emit(QCoreApplication.translate("TableJob", "reading"), 0.0)
            return True
        if self.reader is None:
            self.reader = TableReader(self.text, delimiter=self.delimiter, header=self.header)
            return True
        if self.loaded is None:
            end = time.perf_counter() + BURST_SECONDS
            more = self.reader.feed(ROWS_PER_CHECK)
            while more and time.perf_counter() < end:
                more = self.reader.feed(ROWS_PER_CHECK)
            self.progressed.emit(QCoreApplication.translate("TableJob", "{n} rows read").format(
                n=f"{self.reader.rows_read:,}"), 0.8 * self.reader.progress)
            if more:
                return True
            table = self.reader.table()
            self.loaded = LoadedTable(self.text, table, Columns(table))
            self._todo = list(range(len(table.columns)))
            return True
        if self._todo:
            j = self._todo.pop(0)
            n = len(self.loaded.table.columns)
            self.loaded.columns.prepare(j, target=j == n - 1)
            self.progressed.emit(QCoreApplication.translate(
                "TableJob", "converting column {j} of {n}").format(j=j + 1, n=n),
                0.8 + 0.2 * (n - len(self._todo)) / n)
            return True
        self.done.emit(self.loaded)
        return False


class _Waiter(QObject):
    """Takes the job's signals on the GUI thread (queued): the progress dialog and the wait."""

    def __init__(self, progress: QProgressDialog, name: str):
        super().__init__()
        self.progress = progress
        self.name = name
        self.loop = QEventLoop()
        self.answer: dict[str, object] = {}

    @Slot(str, float)
    def on_progress(self, what: str, share: float) -> None:
        self.progress.setLabelText(f"{self.name}: {what}")
        self.progress.setValue(round(100 * share))

    @Slot(object)
    def on_done(self, loaded: object) -> None:
        self.finish("done", loaded)

    @Slot(str)
    def on_refused(self, message: str) -> None:
        self.finish("refused", message)

    @Slot()
    def on_cancel(self) -> None:
        self.finish("cancelled", True)

    def finish(self, key: str, value: object) -> None:
        if not self.answer:  # the first answer counts (closing the dialog cancels too)
            self.answer[key] = value
        self.loop.quit()


def load_table(parent: QWidget, source: Path | str, name: str, delimiter: str | None = None,
               header: bool | None = None) -> LoadedTable | None:
    """`source` (a path, or text already read) read by a worker while a progress dialog
    shows; None when cancelled, CsvError when the file is refused. The GUI goes on drawing
    (this waits in a local event loop, as a modal dialog would)."""
    job = TableJob(source, delimiter, header)
    thread = WorkerThread(job, "csv import")
    progress = QProgressDialog(QCoreApplication.translate("TableJob", "Reading {name}…")
                               .format(name=name),
                               QCoreApplication.translate("TableJob", "Cancel"), 0, 100, parent)
    progress.setWindowTitle(QCoreApplication.translate("TableJob", "Import data"))
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(SHOW_AFTER_MS)
    progress.setAutoClose(False)
    progress.setAutoReset(False)
    waiter = _Waiter(progress, name)
    job.progressed.connect(waiter.on_progress)
    job.done.connect(waiter.on_done)
    job.refused.connect(waiter.on_refused)
    progress.canceled.connect(waiter.on_cancel)
    QMetaObject.invokeMethod(job, "start", Qt.ConnectionType.QueuedConnection)
    try:
        waiter.loop.exec()
    finally:
        thread.shutdown()  # a cancel stops the job between bursts; the thread is joined
        progress.close()
        progress.deleteLater()
    answer = waiter.answer
    if "cancelled" in answer:
        return None
    if "refused" in answer:
        raise CsvError(str(answer["refused"]))
    loaded = answer.get("done")
    return loaded if isinstance(loaded, LoadedTable) else None
