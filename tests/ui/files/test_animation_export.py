"""A run as a movie: frames drawn on the GUI thread one per event-loop turn, encoded on a
thread, from the CLI and from Export › Animation, with progress and cancel."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from playground.io.examples import example_path
from playground.io.files import load_document
from playground.ui.files.render import render_animation
from playground.ui.main_window import MainWindow


def gif_frames(path) -> list[np.ndarray]:
    im = Image.open(path)
    out = []
    for k in range(im.n_frames):
        im.seek(k)
        out.append(np.asarray(im.convert("RGB")))
    return out


def red_pixels(frame: np.ndarray) -> np.ndarray:
    """Where the current point's red (style.CURRENT, #d62728) is drawn."""
    return np.argwhere(np.all(frame == (0xD6, 0x27, 0x28), axis=-1))


def test_the_sigmoid_neuron_run_renders_as_a_gif_with_the_point_moving(qapp, tmp_path):
    out = tmp_path / "run.gif"
    render_animation(load_document(example_path("sigmoid-neuron")), out, steps=1000,
                     fps=10, frames=6, size=(800, 600))
    frames = gif_frames(out)
    assert len(frames) == 6 and frames[0].shape == (600, 800, 3)
    assert Image.open(out).info["duration"] == 100
    # The current point (red; at step 0 under the green start) moves right as w grows.
    assert all(len(red_pixels(f)) > 10 for f in frames[1:])
    centres = [red_pixels(f).mean(axis=0) for f in frames[1:]]
    assert centres[-1][1] > centres[0][1] + 20  # x (column) grew
    assert not np.array_equal(frames[0], frames[-1])
    assert [p.name for p in tmp_path.iterdir()] == ["run.gif"]


def test_the_loss_curve_comes_along_as_an_apng(qapp, tmp_path):
    out = tmp_path / "run.png"
    render_animation(load_document(example_path("sigmoid-neuron")), out, steps=50, fps=5,
                     frames=3, size=(600, 250), with_loss=True)
    im = Image.open(out)
    assert im.n_frames == 3 and im.size == (600, 250)


@pytest.fixture
def window(qtbot):
    w = MainWindow(load_document(example_path("sigmoid-neuron")))
    qtbot.addWidget(w)
    w.resize(1200, 800)
    w.show()
    qtbot.waitUntil(lambda: w.controller.latest is not None, timeout=5000)
    w.controller.step(120)
    qtbot.waitUntil(lambda: w.controller.latest.step == 120, timeout=10000)
    qtbot.waitUntil(lambda: w.landscape_view.result is not None, timeout=10000)
    yield w
    w.close()


def test_export_animation_from_the_window_reports_progress(qtbot, window, tmp_path):
    out = tmp_path / "movie.gif"
    seen: list[int] = []
    exports = window.exports.animation
    with qtbot.waitSignal(window.controller.snapshot, timeout=100, raising=False):
        pass
    job = exports.export(out, 20, 120, 8, 12.0)
    assert job is not None
    job.progress.connect(lambda done, total: seen.append(done))
    with qtbot.waitSignal(job.finished, timeout=30000) as blocker:
        pass
    assert blocker.args == [out]
    assert seen[-1] == 8 and seen == sorted(seen)
    assert Image.open(out).n_frames == 8
    assert "Exported the animation" in window.statusBar().currentMessage()


def test_cancel_leaves_no_file(qtbot, window, tmp_path):
    out = tmp_path / "movie.gif"
    job = window.exports.animation.export(out, 0, 120, 50, 12.0)
    with qtbot.waitSignal(job.failed, timeout=30000) as blocker:
        job.cancel()
    assert blocker.args == ["cancelled"]
    assert list(tmp_path.iterdir()) == []


def test_cancel_arriving_while_a_frame_is_drawn_ends_cleanly(qtbot, window, tmp_path,
                                                            monkeypatch):
    # Drawing a frame lets the event loop run: a click on Cancel lands in the middle of it.
    from PySide6.QtCore import QTimer

    from playground.ui.files import animation

    out = tmp_path / "movie.gif"
    job = window.exports.animation.export(out, 0, 120, 40, 12.0)
    drawn = animation.FrameView.show_step

    def show_step(view, snap, replaying=False):
        if job.done == 3:
            QTimer.singleShot(0, job.cancel)
        return drawn(view, snap, replaying)

    monkeypatch.setattr(animation.FrameView, "show_step", show_step)
    with qtbot.waitSignal(job.failed, timeout=30000) as blocker:
        pass
    assert blocker.args == ["cancelled"]
    qtbot.wait(200)  # a traceback from the interrupted frame would fail the test here
    assert job.view is None and list(tmp_path.iterdir()) == []


def test_a_bad_request_is_one_message(qtbot, window, tmp_path, message_boxes):
    assert window.exports.animation.export(tmp_path / "movie.avi", 0, 120, 8, 12.0) is None
    assert message_boxes.kinds() == ["critical"]
    assert "must end in .gif" in message_boxes.calls[0][2]
