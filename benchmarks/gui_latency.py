"""Responsiveness of the app while it trains R-full at Max pace with every view live.

R-full: 2-8-8-1 tanh, linear output, 200 points, full batch, Adam (as in benchmarks/engine.py).
Every dock is shown, the pace is Max (as fast as possible) and the landscape keeps
refining (coarse to 96×96 twice a second while training). A precise 5 ms QTimer on
the GUI thread probes the event loop: how late each tick fires is the latency a
click or a key press would see. Prints ONE JSON line on stdout:

- p50_ms, p99_ms, max_ms: event-loop latency (target p99 <= 30 ms)
- frames_per_second: snapshots drawn per second (target >= 25)
- training_fraction: training steps/s in the app over headless (target >= 0.85, issue 17;
  headless is measured before and after the app and averaged, so a machine whose load
  drifts does not tilt the ratio)
- threads_cpu_share: the busiest threads of the app while it trains (CPU seconds per
  second, Linux), by name and id: the training thread, the GUI thread, the workers
- headless_beside_a_busy_core: headless speed while another process keeps a second core
  busy, over headless alone: where cores share resources, the app cannot beat this
- paint_ms_per_second: the GUI thread's painting of each view, by dock (the central
  widget is the landscape): [ms a second, paints a second]
- training_thread: where the app's training thread spent the timed seconds (Linux: from
  /proc/self/task/TID/schedstat): on a core, waiting for a core, and blocked (waiting for
  the GIL, which the GUI thread holds while it paints)

and a readable summary on stderr. It finishes on its own: settings and autosaves go
to a temporary folder and no dialog can wait for an answer.

Run: .venv/bin/python benchmarks/gui_latency.py [--seconds 10]
Off-screen unless a display is available.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import sys
import tempfile
import threading
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
if sys.platform.startswith("linux") and not os.environ.get("DISPLAY") and \
        not os.environ.get("QT_QPA_PLATFORM"):
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
# The window remembers its layout and autosaves: keep that out of the user's folders.
_HOME = tempfile.mkdtemp(prefix="playground-bench-")
for _var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
    os.environ[_var] = os.path.join(_HOME, _var.lower())

import numpy as np  # noqa: E402

from playground.engine import fast  # noqa: E402
from playground.engine.losses import LossSpec  # noqa: E402
from playground.engine.network import layered  # noqa: E402
from playground.engine.training import TrainingConfig, warm_up  # noqa: E402
from playground.io.document import DataSpec, Document, ViewSettings  # noqa: E402
from playground.ui.app import make_application, quiet_platform_notes  # noqa: E402

PROBE_MS = 5


def r_full() -> Document:
    return Document(
        network=layered("2-8-8-1", "tanh", "linear", seed=0),
        data=DataSpec("circle", n_points=200, train_fraction=1.0, seed=0),
        training=TrainingConfig(LossSpec("half_squared", "mean"), "adam", {"lr": 0.01}),
        view=ViewSettings(mode="axes"), name="R-full")


def headless_rate(doc: Document, seconds: float) -> tuple[float, str]:
    """Steps per second of the bare engine on the same problem, and which executor ran."""
    run = doc.make_run()
    run.steps(200)
    t0 = time.perf_counter()
    n = 0
    while time.perf_counter() - t0 < seconds:
        n += run.steps(200)
    return n / (time.perf_counter() - t0), run.executor


NEIGHBOUR = "import numpy as np\na = np.ones((300, 300))\nwhile True:\n    a @ a\n"


def headless_beside_a_neighbour(doc: Document, seconds: float) -> float:
    """Steps per second of the bare engine while another process keeps the other core
    busy with numpy: on a machine whose cores share resources this is a ceiling for the
    app, whose GUI, X server and landscape worker fill the other core while it trains."""
    import subprocess

    neighbour = subprocess.Popen([sys.executable, "-c", NEIGHBOUR],
                                 env={**os.environ, "OPENBLAS_NUM_THREADS": "1"})
    try:
        time.sleep(0.3)
        rate, _ = headless_rate(doc, seconds)
    finally:
        neighbour.kill()
        neighbour.wait()
    return rate


def thread_times(ids: list[int]) -> tuple[float, float, float] | None:
    """(wall, on-core, waiting-for-a-core) seconds so far of the thread ids[0] (Linux)."""
    if not ids:
        return None
    try:
        with open(f"/proc/self/task/{ids[0]}/schedstat") as f:
            on_core, waiting, _ = (int(v) for v in f.read().split())
    except OSError:
        return None
    return time.perf_counter(), on_core * 1e-9, waiting * 1e-9


def process_threads() -> dict[str, float]:
    """CPU seconds so far of each of this process's threads, by name (Linux)."""
    ticks = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    out: dict[str, float] = {}
    try:
        tasks = os.listdir("/proc/self/task")
    except OSError:
        return out
    for tid in tasks:
        try:
            with open(f"/proc/self/task/{tid}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        name = stat[stat.index("(") + 1:stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2:].split()
        key = f"{name} {tid}"
        out[key] = (int(fields[11]) + int(fields[12])) / ticks  # utime + stime
    return out


def thread_split(before, after) -> dict[str, float] | None:
    """Shares of the wall time between two thread_times: the rest is blocked time."""
    if before is None or after is None:
        return None
    wall = after[0] - before[0]
    on_core, waiting = after[1] - before[1], after[2] - before[2]
    return {"on_core": round(on_core / wall, 3), "waiting_for_core": round(waiting / wall, 3),
            "blocked": round(max(wall - on_core - waiting, 0.0) / wall, 3)}


PAINTS: dict[str, list[float]] = {}  # view: [seconds painting, paints]


def time_paints() -> None:
    """Time every paint of the plots (pyqtgraph) and of the network view, by dock."""
    import pyqtgraph as pg
    from PySide6.QtWidgets import QDockWidget

    from playground.ui.views.network_view import NetworkView

    def dock_of(widget) -> str:
        w = widget
        while w is not None and not isinstance(w, QDockWidget):
            w = w.parentWidget()
        return w.objectName().removeprefix("dock-") if w is not None else "landscape"

    def timed(cls) -> None:
        paint = cls.paintEvent

        def paint_event(self, event) -> None:  # noqa: N802  (Qt override)
            t0 = time.perf_counter()
            paint(self, event)
            took = time.perf_counter() - t0
            spent = PAINTS.setdefault(dock_of(self), [0.0, 0])
            spent[0] += took
            spent[1] += 1
        cls.paintEvent = paint_event

    timed(pg.GraphicsView)
    timed(NetworkView)


def never_ask() -> None:
    """Every message box answers at once (Discard, No or Ok): a benchmark must not wait."""
    from PySide6.QtWidgets import QMessageBox

    def answer(*args, **kwargs):
        B = QMessageBox.StandardButton
        offered = args[3] if len(args) > 3 else kwargs.get("buttons", B.Ok)
        return next((b for b in (B.Discard, B.No, B.Ok) if offered & b), B.NoButton)

    for kind in ("question", "warning", "critical", "information"):
        setattr(QMessageBox, kind, staticmethod(answer))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="how long to train live")
    parser.add_argument("--surface", action="store_true",
                        help="open the 3-D surface dock too (OpenGL: run on a display, e.g. "
                             "under xvfb-run, for it to draw)")
    parser.add_argument("--profile", type=int, default=0, metavar="N",
                        help="profile the GUI thread while training and print its N costliest "
                             "functions (own time) on stderr; the profiler slows the GUI "
                             "thread, so the run's other figures do not count")
    args = parser.parse_args()

    app = make_application()
    quiet_platform_notes()
    never_ask()
    time_paints()
    from PySide6.QtCore import QEventLoop, Qt, QTimer

    from playground.ui.main_window import MainWindow

    draw_times: list[float] = []

    class TimedWindow(MainWindow):
        def _on_snapshot(self, snap):  # time every drawn snapshot
            t0 = time.perf_counter()
            super()._on_snapshot(snap)
            draw_times.append(time.perf_counter() - t0)

    doc = r_full()
    # The fast executor's kernels loaded now (compiled or from numba's cache), so the app
    # and the headless run train on the same executor.
    fast.load(warm_up)
    headless_before, executor = headless_rate(doc, 3.0)

    window = TimedWindow(doc)
    window.resize(1440, 900)
    window.show()
    # Every view's dock shown and on top (the chain-rule tools stay as the window starts
    # them: the step-through pauses training, the Jacobians are opened on demand).
    for name in ("controls", "network", "data", "loss") + (("surface",) if args.surface else ()):
        window.docks[name].show()
        window.docks[name].raise_()
    window.controls.speed.set_value(None)
    window.controller.set_speed(None)  # Max: as fast as possible
    loop = QEventLoop()
    QTimer.singleShot(1000, loop.quit)  # settle: first snapshot, first full surface
    loop.exec()

    snaps: list[tuple[float, int]] = []
    window.controller.snapshot.connect(lambda s: snaps.append((time.perf_counter(), s.step)))
    # The training thread's id, from a slot run in that thread (a direct connection).
    worker_ids: list[int] = []
    window.controller.worker.snapshot_ready.connect(
        lambda _s: worker_ids.append(threading.get_native_id()),
        Qt.ConnectionType.DirectConnection)
    window.controller.refresh()
    deadline = time.perf_counter() + 2.0
    while not worker_ids and time.perf_counter() < deadline:
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
    sizes: list[int] = []
    def surface_made(result) -> None:
        sizes.append(int(result.surface.z.shape[1]))

    window.landscape.result.connect(surface_made)
    ticks: list[float] = []
    probe = QTimer()
    probe.setTimerType(Qt.TimerType.PreciseTimer)
    probe.setInterval(PROBE_MS)
    probe.timeout.connect(lambda: ticks.append(time.perf_counter()))
    draw_times.clear()
    PAINTS.clear()
    window.controller.play()
    probe.start()
    thread_before = thread_times(worker_ids)
    cpu_before = process_threads()
    profiler = None
    if args.profile:
        import cProfile
        profiler = cProfile.Profile()
        profiler.enable()  # this thread only: the GUI thread
    QTimer.singleShot(int(args.seconds * 1000), loop.quit)
    loop.exec()
    probe.stop()
    paints = {view: [round(1000 * t / args.seconds, 1), round(n / args.seconds, 1)]
              for view, (t, n) in sorted(PAINTS.items(), key=lambda kv: -kv[1][0])}
    if profiler is not None:
        import pstats
        profiler.disable()
        pstats.Stats(profiler, stream=sys.stderr).sort_stats("tottime").print_stats(args.profile)
    thread_after = thread_times(worker_ids)
    cpu_after = process_threads()
    busiest = sorted(((cpu_after[k] - cpu_before.get(k, 0.0)) / args.seconds, k)
                     for k in cpu_after)[::-1][:6]
    window.landscape.result.disconnect(surface_made)  # only surfaces made while training
    window.controller.pause()
    window.shell.file.set_modified(False)  # nothing to save: closing asks nothing
    window.close()
    window.shutdown()
    headless_after, _ = headless_rate(doc, 3.0)
    headless = (headless_before + headless_after) / 2
    beside = headless_beside_a_neighbour(doc, 3.0) if (os.cpu_count() or 1) >= 2 else None

    late = np.maximum(np.diff(ticks) * 1000 - PROBE_MS, 0.0)
    (t0, s0), (t1, s1) = snaps[1], snaps[-1]
    in_app = (s1 - s0) / (t1 - t0)
    drawn = (len(snaps) - 2) / (t1 - t0)
    p50, p99 = np.percentile(late, [50, 99])
    figures = {
        "benchmark": "gui_latency", "date": datetime.date.today().isoformat(),
        "seconds": args.seconds, "platform": app.platformName(), "window": "1440x900",
        "pace": "max", "p50_ms": round(float(p50), 1), "p99_ms": round(float(p99), 1),
        "max_ms": round(float(late.max()), 1), "frames_per_second": round(drawn, 1),
        "draw_median_ms": round(1000 * float(np.median(draw_times)), 1),
        "draw_p99_ms": round(1000 * float(np.percentile(draw_times, 99)), 1),
        "steps_per_second_app": round(in_app), "steps_per_second_headless": round(headless),
        "steps_per_second_headless_before_after": [round(headless_before),
                                                   round(headless_after)],
        "training_fraction": round(in_app / headless, 3), "executor": executor,
        "paint_ms_per_second": paints,
        "training_thread": thread_split(thread_before, thread_after),
        "threads_cpu_share": {k: round(v, 2) for v, k in busiest if v > 0.01},
        "headless_beside_a_busy_core": None if beside is None else round(beside / headless, 3),
        "landscape_surfaces": len(sizes), "landscape_largest": max(sizes, default=0),
        "targets_met": bool(p99 <= 30 and drawn >= 25 and in_app >= 0.85 * headless),
    }
    split = figures["training_thread"]
    where = "" if split is None else (
        f"; training thread on a core {split['on_core']:.0%}, waiting for a core "
        f"{split['waiting_for_core']:.0%}, blocked {split['blocked']:.0%}")
    if beside is not None:
        where += f"; headless beside a busy core: {beside / headless:.0%} of alone"
    where += "; painting ms a second: " + ", ".join(f"{v} {t[0]:.0f}" for v, t in paints.items())
    print(f"R-full, {args.seconds:.0f} s at Max pace, every dock shown, landscape refining to "
          f"{figures['landscape_largest']}x{figures['landscape_largest']} "
          f"({len(sizes)} surfaces): p99 {p99:.1f} ms (<= 30), {drawn:.1f} frames/s (>= 25), "
          f"{100 * in_app / headless:.0f}% of headless (>= 85%){where}", file=sys.stderr)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
