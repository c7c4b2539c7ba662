"""Closing the window while a landscape of a million points is being computed: the job is
cancelled between chunks and its thread joined, the process exits 0 at once (no abort for
a QThread destroyed while running), in a subprocess as a user would see it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

SCRIPT = r"""
import sys, time
from PySide6.QtCore import QTimer
from playground.ui.app import make_application
from playground.io.document import DataSpec
from playground.io.examples import example_path
from playground.io.files import load_document
from playground.ui.main_window import MainWindow
from playground.ui.threads import running_threads

app = make_application()
doc = load_document(example_path("xor"))
doc.data = DataSpec("xor", n_points=1_000_000, noise=0.1, train_fraction=1.0, seed=0)
window = MainWindow(doc)
window.show()
state = {}

def busy():
    # The landscape worker has a job under way: a surface of a million points each.
    return window.landscape.worker._job is not None or window.landscape.worker._pending

def close():
    state["busy"] = bool(busy())
    started = time.monotonic()
    window.close()
    state["close_seconds"] = time.monotonic() - started
    state["left"] = [t.objectName() for t in running_threads()]
    app.quit()

def poll():
    if busy() or time.monotonic() - t0 > 200:
        QTimer.singleShot(300, close)  # well inside the first surface
    else:
        QTimer.singleShot(50, poll)

t0 = time.monotonic()
QTimer.singleShot(50, poll)
code = app.exec()
print(state["busy"], round(state["close_seconds"], 3), state["left"], code,
      round(time.monotonic() - t0, 2))
sys.exit(code)
"""


def test_closing_while_a_million_point_landscape_is_computed_exits_cleanly(tmp_path):
    env = {"QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path),
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, "-c", SCRIPT], cwd=REPO, env=env,
                            capture_output=True, text=True, timeout=400)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "QThread: Destroyed" not in result.stderr
    busy, seconds, left, code = result.stdout.split(maxsplit=3)
    assert busy == "True", result.stdout  # the close did interrupt a surface under way
    assert float(seconds) < 3.0, result.stdout  # cancelled between chunks, not awaited
    assert left.startswith("[]"), result.stdout
