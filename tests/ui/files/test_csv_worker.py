"""The import preview's file is read by a worker: the GUI thread keeps turning its event loop
meanwhile, Cancel stops the job and joins its thread, and a bad file is refused with its
line."""

from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QPushButton, QWidget

from playground.io.csv_import import CsvError, read_table
from playground.ui.files import csv_worker
from playground.ui.files.csv_worker import load_table
from playground.ui.threads import running_threads

ROWS = 20_000


def big_csv(tmp_path):
    path = tmp_path / "big.csv"
    path.write_text("a,b,label\n" + "".join(f"{i * 0.001!r},{(i % 7) * 0.5!r},{'xy'[i % 2]}\n"
                                            for i in range(ROWS)))
    return path


def test_the_file_is_read_off_the_gui_thread_while_the_gui_keeps_turning(qtbot, tmp_path,
                                                                          monkeypatch):
    path = big_csv(tmp_path)
    parent = QWidget()
    qtbot.addWidget(parent)
    burst_threads, ticks = set(), []
    original = csv_worker.TableJob.burst

    def burst(self):
        burst_threads.add(threading.get_ident())
        time.sleep(0.002)  # a slow disk: the job surely outlasts many turns of the GUI loop
        return original(self)
    monkeypatch.setattr(csv_worker.TableJob, "burst", burst)
    monkeypatch.setattr(csv_worker, "ROWS_PER_CHECK", 50)  # many bursts on a small file
    monkeypatch.setattr(csv_worker, "BURST_SECONDS", 0.0)
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(0)
    loaded = load_table(parent, path, "big.csv")
    timer.stop()
    assert burst_threads and threading.get_ident() not in burst_threads
    assert len(ticks) > 10  # the GUI's event loop ran between the worker's bursts
    want = read_table(path.read_text())
    assert loaded.table == want
    assert loaded.columns.kind(2) == "classification"
    assert not running_threads()


def test_cancel_stops_the_job_and_joins_its_thread(qtbot, tmp_path, monkeypatch):
    path = big_csv(tmp_path)
    parent = QWidget()
    qtbot.addWidget(parent)
    monkeypatch.setattr(csv_worker, "ROWS_PER_CHECK", 50)
    monkeypatch.setattr(csv_worker, "BURST_SECONDS", 0.0)
    seen = []
    original = csv_worker._Waiter.on_progress

    def on_progress(self, what, share):
        seen.append(share)
        original(self, what, share)
        if len(seen) == 3:
            self.progress.findChild(QPushButton).click()  # the dialog's Cancel button
    monkeypatch.setattr(csv_worker._Waiter, "on_progress", on_progress)
    assert load_table(parent, path, "big.csv") is None
    assert len(seen) >= 3 and max(seen) < 1.0
    assert not running_threads()


def test_a_bad_file_is_refused_with_its_line(qtbot, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n3\n")
    with pytest.raises(CsvError, match="line 3: 1 values, but line 1 has 2 columns"):
        load_table(QWidget(), bad, "bad.csv")
    assert not running_threads()
