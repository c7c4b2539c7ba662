"""Pictures of the app's views without a screen: PNG or SVG, after some training.

Training runs synchronously here (no worker); the views are then built, shown
off-screen, laid out, fed the run's snapshot and surface, and grabbed. The
window picture runs the real window, threads and all, and waits until its
landscape has reached full resolution.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

from playground.ui.files.pictures import (  # noqa: F401  (re-exported for the CLI and tests)
    RenderError,
    picture_image,
    save_picture,
)
from playground.workspace import views

WINDOW_TIMEOUT = 60.0  # seconds to wait for the window's threads to draw everything




def use_offscreen_if_headless() -> None:
    """Draw off-screen when there is no display to draw on."""
    if sys.platform.startswith("linux") and not os.environ.get("DISPLAY") and \
            not os.environ.get("WAYLAND_DISPLAY") and not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"


def check_request(view: str, out: Path, size: tuple[int, int] | None) -> tuple[int, int]:
    """The picture size, after checking the view name, format and size."""
    try:
        info = views.get(view)
        if out.suffix.lower() not in views.RENDER_FORMATS:
            raise ValueError(f"cannot write {out.name!r}: the picture must end in "
                             f"{' or '.join(views.RENDER_FORMATS)}")
        return views.check_size(*(size if size is not None else info.default_size))
    except ValueError as e:
        raise RenderError(str(e)) from None


def render_view(document, view: str, out: Path, steps: int = 0,
                size: tuple[int, int] | None = None) -> None:
    """Write a picture of `view` of `document` after `steps` training steps to `out`."""
    out = Path(out)
    w, h = check_request(view, out, size)
    if not isinstance(steps, int) or steps < 0:
        raise RenderError(f"steps must be a whole number ≥ 0, got {steps!r}")
    use_offscreen_if_headless()
    from playground.ui.app import make_application, quiet_platform_notes

    quiet_platform_notes()

    app = make_application()
    trained, snap = train(document, steps)
    if view == views.WINDOW:
        widget, cleanup = _window(trained, (w, h))
    else:
        widget, cleanup = _single_view(trained, snap, view, (w, h))
    try:
        app.processEvents()
        save_picture(widget, out, (w, h))
    finally:
        cleanup()


SHARPNESS_READINGS = 50  # λmax measured this many times along a headless run (the loss plot)


def train(document, steps: int):
    """The document after `steps` steps (its run state captured) and a snapshot of the run,
    with λmax measured along the way as the app's training worker does."""
    from playground.ui.training.worker import take_snapshot
    from playground.workspace.sharpness import SharpnessTracker

    run = document.make_run()
    tracker = SharpnessTracker(budget=1.0)
    tracker.measure(run)
    chunk = max(1, steps // SHARPNESS_READINGS)
    done = 0
    while done < steps and not run.diverged:
        made = run.steps(min(chunk, steps - done))
        done += made
        tracker.measure(run)
        if made == 0:
            break
    run.record_now()
    trained = document.copy()
    trained.capture(run)
    return trained, take_snapshot(run, version=1, sharpness=tracker.reading(run))


def _single_view(document, snap, view: str, size: tuple[int, int]):
    from playground.ui.views.registry import widget_of

    spec = widget_of(view)
    owner = spec.make()
    why = spec.unavailable(owner)
    if why:
        owner.deleteLater()
        raise RenderError(why)
    spec.load(owner, document, snap.version)
    picture = spec.drawing(owner)
    picture.setParent(None)
    picture.resize(*size)
    picture.show()
    _settle()
    owner.show_snapshot(snap)
    _settle()
    owner.show_snapshot(snap)  # again, now that the axes have their final extent
    _settle()

    def cleanup() -> None:
        picture.close()
        picture.deleteLater()
        owner.deleteLater()

    return picture, cleanup


def _window(document, size: tuple[int, int]):
    from playground.ui.main_window import MainWindow

    window = MainWindow(document)
    window.resize(*size)
    window.show()
    _settle()

    def ready() -> bool:
        lv = window.landscape_view
        return window.controller.latest is not None and lv.result is not None and \
            lv.result.final and lv.snap is not None and \
            (not window.neuron_pictures.active or window.network_view.has_pictures())
    try:
        wait_until(ready, WINDOW_TIMEOUT)
    except RenderError:
        window.close()
        raise
    window.landscape_view.show_snapshot(window.controller.latest)  # final arrow geometry
    _settle()

    def cleanup() -> None:
        window.close()
        window.deleteLater()

    return window, cleanup


def _settle() -> None:
    """Let Qt lay out and paint what is pending."""
    from PySide6.QtWidgets import QApplication

    for _ in range(3):
        QApplication.processEvents()


def wait_until(done: Callable[[], bool], timeout: float) -> None:
    """Run the event loop until `done()` holds; RenderError after `timeout` seconds."""
    from PySide6.QtCore import QEventLoop, QTimer

    deadline = time.monotonic() + timeout
    loop = QEventLoop()
    timer = QTimer()
    timer.setInterval(10)

    def check() -> None:
        if done() or time.monotonic() > deadline:
            loop.quit()

    timer.timeout.connect(check)
    timer.start()
    if not done():
        loop.exec()
    timer.stop()
    if not done():
        raise RenderError(f"the views were not ready within {timeout:.0f} s")


def run_to_end(job, timeout: float) -> Path:
    """Run `job` in a local event loop until it ends (the CLI); AnimationError on failure."""
    from playground.io.animation import AnimationError

    job.start()
    wait_until(lambda: not job.is_active(), timeout)
    if not isinstance(job.outcome, Path):
        raise AnimationError(str(job.outcome))
    return job.outcome


def render_animation(document, out: Path, steps: int, fps: float | None = None,
                     frames: int | None = None, size: tuple[int, int] | None = None,
                     with_loss: bool = False, first: int = 0, timeout: float = 600.0) -> Path:
    """Train `steps` steps headless, then write the landscape with the path growing from
    step `first` to the last as an animation (`frames` frames at most) to `out`."""
    from playground.io.animation import (
        DEFAULT_FPS,
        DEFAULT_FRAMES,
        DEFAULT_SIZE,
        WITH_LOSS_SIZE,
        AnimationError,
    )
    from playground.ui.app import make_application, quiet_platform_notes
    from playground.ui.files.animation import AnimationJob, AnimationRequest
    from playground.workspace.problem import ProblemError, build_problem
    from playground.workspace.replay import frame_steps

    use_offscreen_if_headless()
    quiet_platform_notes()
    make_application()
    size = size or (WITH_LOSS_SIZE if with_loss else DEFAULT_SIZE)
    fps = DEFAULT_FPS if fps is None else fps
    frames = DEFAULT_FRAMES if frames is None else frames
    trained, snap = train(document, steps)
    if first > snap.step:
        raise AnimationError(f"the first step {first:,} is past the run's last, {snap.step:,}")
    try:
        problem = build_problem(trained)
    except ProblemError as e:
        raise AnimationError(str(e)) from None
    chosen = frame_steps(first, snap.step, max(2, min(frames, snap.step - first + 1)))
    request = AnimationRequest(trained, snap, chosen, Path(out), fps, size, with_loss, problem)
    return run_to_end(AnimationJob(request), timeout)


RACE_SIZE = (1200, 560)


def render_race(race, view, surface, out: Path, size: tuple[int, int] | None = None,
                title: str = "", minima=(), log_color: bool = True) -> None:
    """Write the race picture (landscape with paths | loss curves) to a PNG or SVG file."""
    from playground.ui.files.race_picture import build_race_widget

    out = Path(out)
    if out.suffix.lower() not in (".png", ".svg"):
        raise RenderError(f"cannot write {out.name!r}: the picture must end in .png or .svg")
    w, h = size or RACE_SIZE
    use_offscreen_if_headless()
    from playground.ui.app import make_application, quiet_platform_notes

    quiet_platform_notes()
    make_application()
    widget = build_race_widget(race, view, surface, title, minima, log_color)
    try:
        widget.resize(w, h)
        widget.show()
        _settle()
        save_picture(widget, out, (w, h))
    finally:
        widget.close()
        widget.deleteLater()
