"""`playground render --animate`: the landscape with the growing path as a GIF/APNG/MP4."""

from __future__ import annotations

from PIL import Image

from tests.test_cli import SIGMOID, one_line_error, playground


def test_render_animate_writes_a_gif(tmp_path):
    out = tmp_path / "run.gif"
    result = playground("render", SIGMOID, "--view", "landscape", "--steps", "1000", "--animate",
                        "--out", str(out), "--fps", "10", "--frames", "5", "--size", "320x240")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert "saved an animation" in result.stdout
    im = Image.open(out)
    assert im.n_frames == 5 and im.size == (320, 240) and im.info["duration"] == 100


def test_render_animate_refusals_are_one_line(tmp_path):
    cases = [
        (["--view", "loss", "--animate", "--steps", "5", "--out", str(tmp_path / "a.gif")],
         "--animate draws the landscape"),
        (["--view", "landscape", "--fps", "5", "--out", str(tmp_path / "a.png")],
         "--fps goes with --animate"),
        (["--view", "landscape", "--animate", "--steps", "5", "--out", str(tmp_path / "a.avi")],
         "must end in .gif"),
        (["--view", "landscape", "--animate", "--out", str(tmp_path / "a.gif")],
         "--steps N of at least 1"),
        (["--view", "landscape", "--animate", "--steps", "5", "--fps", "500",
          "--out", str(tmp_path / "a.gif")], "frames per second must be from 1 to 60"),
    ]
    for args, expected in cases:
        result = playground("render", SIGMOID, *args)
        assert result.returncode != 0
        assert expected in one_line_error(result), args
    assert list(tmp_path.iterdir()) == []
