"""Responsiveness of the app while it trains R-full at full speed with every view live.

R-full: 2-8-8-1 tanh, linear output, 200 points, full batch, Adam (as in benchmarks/engine.py).
A precise 5 ms QTimer on the GUI thread probes the event loop: how late each tick
fires is the latency a click or a key press would see. Printed:

- event-loop latency p50 / p99 (target p99 ≤ 30 ms)
- snapshots drawn per second (target ≥ 25)
- training steps per second in the app as a share of headless (target ≥ 70%)

Run: .venv/bin/python benchmarks/gui_latency.py [--seconds 10]
Off-screen unless a display is available.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
if sys.platform.startswith("linux") and not os.environ.get("DISPLAY") and \
        not os.environ.get("QT_QPA_PLATFORM"):
    os.environ["QT_QPA_PLATFORM"] = "offscreen"

import numpy as np  # noqa: E402

from playground.engine.losses import LossSpec  # noqa: E402
from playground.engine.network import layered  # noqa: E402
from playground.engine.training import TrainingConfig  # noqa: E402
from playground.io.document import DataSpec, Document, ViewSettings  # noqa: E402
from playground.ui.app import make_application, quiet_platform_notes  # noqa: E402

PROBE_MS = 5


def r_full() -> Document:
    return Document(
        network=layered("2-8-8-1", "tanh", "linear", seed=0),
        data=DataSpec("circle", n_points=200, train_fraction=1.0, seed=0),
        training=TrainingConfig(LossSpec("half_squared", "mean"), "adam", {"lr": 0.01}),
        view=ViewSettings(mode="axes"), name="R-full")


def headless_rate(doc: Document, seconds: float) -> float:
    """Steps per second of the bare engine on the same problem."""
    run = doc.make_run()
    run.steps(200)
    t0 = time.perf_counter()
    n = 0
    while time.perf_counter() - t0 < seconds:
        n += run.steps(200)
    return n / (time.perf_counter() - t0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="how long to train live")
    args = parser.parse_args()

    app = make_application()
    quiet_platform_notes()
    from PySide6.QtCore import QEventLoop, Qt, QTimer

    from playground.ui.main_window import MainWindow

    draw_times: list[float] = []

    class TimedWindow(MainWindow):
        def _on_snapshot(self, snap):  # time every drawn snapshot
            t0 = time.perf_counter()
            super()._on_snapshot(snap)
            draw_times.append(time.perf_counter() - t0)

    doc = r_full()
    headless = headless_rate(doc, 3.0)

    window = TimedWindow(doc)
    window.resize(1440, 900)
    window.show()
    loop = QEventLoop()
    QTimer.singleShot(1000, loop.quit)  # settle: first snapshot, first full surface
    loop.exec()

    snaps: list[tuple[float, int]] = []
    window.controller.snapshot.connect(lambda s: snaps.append((time.perf_counter(), s.step)))
    ticks: list[float] = []
    probe = QTimer()
    probe.setTimerType(Qt.TimerType.PreciseTimer)
    probe.setInterval(PROBE_MS)
    probe.timeout.connect(lambda: ticks.append(time.perf_counter()))
    draw_times.clear()
    window.controller.play()
    probe.start()
    QTimer.singleShot(int(args.seconds * 1000), loop.quit)
    loop.exec()
    probe.stop()
    window.controller.pause()
    surfaces = window.landscape_view.result
    window.close()

    late = np.maximum(np.diff(ticks) * 1000 - PROBE_MS, 0.0)
    running = [(t, s) for t, s in snaps]
    (t0, s0), (t1, s1) = running[1], running[-1]
    in_app = (s1 - s0) / (t1 - t0)
    drawn = (len(running) - 2) / (t1 - t0)
    p50, p99 = np.percentile(late, [50, 99])

    def verdict(ok: bool) -> str:
        return "ok" if ok else "MISSED"

    print(f"R-full, {args.seconds:.0f} s at full speed, every view live "
          f"(platform {app.platformName()}, window 1440x900)")
    print(f"event-loop latency   p50 {p50:5.1f} ms   p99 {p99:5.1f} ms   max {late.max():5.1f} ms"
          f"   target p99 <= 30 ms: {verdict(p99 <= 30)}")
    print(f"snapshots drawn      {drawn:5.1f} /s   (drawing one: median "
          f"{1000 * np.median(draw_times):.1f} ms, p99 {1000 * np.percentile(draw_times, 99):.1f}"
          f" ms)   target >= 25/s: {verdict(drawn >= 25)}")
    print(f"training steps       {in_app:7.0f} /s in the app, {headless:7.0f} /s headless = "
          f"{100 * in_app / headless:4.0f}%   target >= 70%: {verdict(in_app >= 0.7 * headless)}")
    if surfaces is not None:
        print(f"landscape            last surface {surfaces.surface.z.shape[1]}x"
              f"{surfaces.surface.z.shape[0]} ({surfaces.plane.kind})")


if __name__ == "__main__":
    main()
