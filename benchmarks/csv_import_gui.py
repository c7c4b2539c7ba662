"""Does importing a large CSV freeze the window? The import preview's file is read by a
worker (ui/files/csv_worker.py); a timer on the GUI thread ticks every 5 ms meanwhile, and
the longest gap between its ticks is how long the GUI could not draw. For comparison, the
same work done on the GUI thread (as before) stalls it for the whole read. The first line is
the floor on this machine: the longest gap while another thread only runs plain Python (no
long C call holding the interpreter) for two seconds.

Run (no window needed): QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/csv_import_gui.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from benchmarks.csv_import import table_text  # noqa: E402
from playground.io.csv_import import Columns, read_table  # noqa: E402
from playground.ui.files.csv_worker import load_table  # noqa: E402

ROWS = (50_000, 250_000)


def longest_gap(work) -> tuple[float, float]:
    """(seconds the work took, longest gap in seconds between GUI timer ticks meanwhile)."""
    ticks: list[float] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start(5)
    start = time.perf_counter()
    ticks.append(start)
    work()
    end = time.perf_counter()
    ticks.append(end)
    timer.stop()
    gaps = [b - a for a, b in zip(ticks, ticks[1:])]
    return end - start, max(gaps)


def busy_python(seconds: float = 2.0) -> None:
    """Another thread running plain Python for `seconds`, waited for by the GUI's loop."""
    import threading

    from PySide6.QtCore import QEventLoop

    loop = QEventLoop()
    done = threading.Event()

    def spin() -> None:
        end = time.perf_counter() + seconds
        k = 0
        while time.perf_counter() < end:
            k += 1
        done.set()

    threading.Thread(target=spin).start()
    poll = QTimer()
    poll.timeout.connect(lambda: loop.quit() if done.is_set() else None)
    poll.start(5)
    loop.exec()
    poll.stop()


def on_gui_thread(path: Path) -> None:
    table = read_table(path.read_text())
    columns = Columns(table)
    for j in range(len(table.columns)):
        columns.prepare(j, target=j == len(table.columns) - 1)


def main() -> None:
    app = QApplication.instance() or QApplication([])
    parent = QWidget()
    print(f"{'rows':>8} {'worker s':>9} {'GUI stall ms':>13} {'GUI thread s':>13} "
          f"{'GUI stall ms':>13}")
    floor_s, floor_gap = longest_gap(busy_python)
    print(f"{'floor':>8} {floor_s:>9.2f} {1000 * floor_gap:>13.0f}")
    with tempfile.TemporaryDirectory() as folder:
        for n in ROWS:
            path = Path(folder) / f"{n}.csv"
            path.write_text(table_text(n))
            worker_s, worker_gap = longest_gap(lambda p=path: load_table(parent, p, p.name))
            gui_s, gui_gap = longest_gap(lambda p=path: on_gui_thread(p))
            print(f"{n:>8,} {worker_s:>9.2f} {1000 * worker_gap:>13.0f} {gui_s:>13.2f} "
                  f"{1000 * gui_gap:>13.0f}")
    app.processEvents()


if __name__ == "__main__":
    main()
