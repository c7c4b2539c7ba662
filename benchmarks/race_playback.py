"""The race dock's playback: steps per second reached at each pace, and frames per second.

A race of three runners (SGD, momentum, Adam) on the XOR example's 2-4-1 network, played
by the race worker in its own thread, off screen, for a few seconds at each pace preset;
prints the pace asked for, the steps per second made and the frames that reached the
GUI per second (at most ~30). Finishes on its own.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/race_playback.py [--seconds 3]
"""

from __future__ import annotations

import argparse
import time

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication


def wait(ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    from playground.io.examples import example_path
    from playground.io.files import load_document
    from playground.ui.training.race_worker import RaceController, RaceSetup

    doc = load_document(example_path("xor"))
    races = RaceController()
    frames: list = []
    races.frame.connect(frames.append)
    print(f"{'pace':>10}  {'steps/s made':>12}  {'frames/s':>8}")
    try:
        for pace in (1.0, 10.0, 30.0, 100.0, 1000.0, None):
            setup = RaceSetup(doc, "sgd:lr=0.1,momentum:lr=0.1:momentum=0.9,adam:lr=0.05",
                              10_000_000)
            races.start(setup, pace)
            wait(300)  # the set-up (first surface) is not timed
            frames.clear()
            first = races.latest.step if races.latest is not None else 0
            t0 = time.perf_counter()
            wait(int(args.seconds * 1000))
            seconds = time.perf_counter() - t0
            last = races.latest.step if races.latest is not None else first
            label = "Max" if pace is None else f"{pace:g}"
            print(f"{label:>10}  {(last - first) / seconds:12.1f}  {len(frames) / seconds:8.1f}")
            races.pause()
    finally:
        races.shutdown()
    del app


if __name__ == "__main__":
    main()
