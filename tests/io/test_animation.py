"""Animations from frames: GIF and APNG through Pillow, MP4 streamed to ffmpeg, checked
before anything is written and never left half-written."""

from __future__ import annotations

import os
import stat

import numpy as np
import pytest
from PIL import Image

from playground.io import animation, limits
from playground.io.animation import AnimationError, AnimationWriter, check_request


def frames(n: int, w: int = 40, h: int = 30) -> list[np.ndarray]:
    out = []
    for k in range(n):
        f = np.full((h, w, 3), 255, dtype=np.uint8)
        f[:, :, 0] = np.linspace(0, 255, w, dtype=np.uint8)  # a gradient the palette must fit
        f[5:8, 2 + 3 * k:5 + 3 * k] = (214, 39, 40)  # a red marker moving right
        out.append(f)
    return out


@pytest.mark.parametrize("suffix", [".gif", ".png", ".apng"])
def test_gif_and_apng_hold_every_frame_at_the_rate(tmp_path, suffix):
    out = tmp_path / f"run{suffix}"
    writer = AnimationWriter(out, fps=10, size=(40, 30), frames=5,
                             colours=((214, 39, 40),))
    for f in frames(5):
        writer.add(f)
    assert writer.finish() == out
    assert [p.name for p in tmp_path.iterdir()] == [out.name]  # no temporary left
    im = Image.open(out)
    assert im.n_frames == 5 and im.size == (40, 30)
    assert im.info["duration"] == 100
    im.seek(4)
    last = np.asarray(im.convert("RGB"))
    # The marker's colour is kept exactly (it is in the palette), where frame 4 put it.
    assert tuple(last[6, 14 + 1]) == (214, 39, 40)
    mode = stat.S_IMODE(os.stat(out).st_mode)
    umask = os.umask(0)
    os.umask(umask)
    assert mode == 0o666 & ~umask


def test_requests_are_checked_before_anything_is_written(tmp_path, monkeypatch):
    with pytest.raises(AnimationError, match="must end in .gif"):
        check_request(tmp_path / "x.avi", 10, (100, 100), 10)
    with pytest.raises(AnimationError, match="frames per second"):
        check_request(tmp_path / "x.gif", 10, (100, 100), 0.5)
    with pytest.raises(AnimationError, match="1 to 2,000 frames"):
        check_request(tmp_path / "x.gif", 0, (100, 100), 10)
    too_many = limits.ANIMATION_PIXELS.value // (800 * 600) + 1
    with pytest.raises(AnimationError, match="animation size limit"):
        check_request(tmp_path / "x.gif", too_many, (800, 600), 10)
    monkeypatch.setattr(animation, "ffmpeg", lambda: None)
    with pytest.raises(AnimationError, match="needs the ffmpeg program"):
        check_request(tmp_path / "x.mp4", 10, (100, 100), 10)
    assert ".mp4" not in animation.available_formats()
    assert list(tmp_path.iterdir()) == []


def test_a_wrong_frame_size_is_refused_and_cancel_leaves_nothing(tmp_path):
    writer = AnimationWriter(tmp_path / "x.gif", fps=5, size=(40, 30), frames=2)
    with pytest.raises(AnimationError, match="shape"):
        writer.add(np.zeros((10, 10, 3), dtype=np.uint8))
    writer.cancel()
    assert list(tmp_path.iterdir()) == []


def test_mp4_frames_stream_to_ffmpeg(tmp_path, monkeypatch):
    """A stand-in ffmpeg that copies its input to the output file shows what is sent."""
    fake = tmp_path / "bin" / "ffmpeg"
    fake.parent.mkdir()
    fake.write_text("#!/bin/sh\nfor last; do :; done\ncat > \"$last\"\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake.parent}{os.pathsep}{os.environ['PATH']}")
    out = tmp_path / "run.mp4"
    writer = AnimationWriter(out, fps=12, size=(40, 30), frames=3)
    for f in frames(3):
        writer.add(f)
    writer.finish()
    data = out.read_bytes()
    assert len(data) == 3 * 40 * 30 * 3
    assert data[:40 * 30 * 3] == frames(3)[0].tobytes()


def test_a_failing_ffmpeg_is_one_line_and_leaves_nothing(tmp_path, monkeypatch):
    fake = tmp_path / "bin" / "ffmpeg"
    fake.parent.mkdir()
    fake.write_text("#!/bin/sh\ncat > /dev/null\necho 'Unknown encoder libx264' >&2\nexit 1\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake.parent}{os.pathsep}{os.environ['PATH']}")
    writer = AnimationWriter(tmp_path / "run.mp4", fps=12, size=(40, 30), frames=1)
    writer.add(frames(1)[0])
    with pytest.raises(AnimationError, match="ffmpeg failed: Unknown encoder libx264"):
        writer.finish()
    assert [p.name for p in tmp_path.iterdir()] == ["bin"]
