"""Animated pictures from frames: GIF and APNG with Pillow, MP4 through `ffmpeg` when it is
on the PATH. Frames are (height, width, 3) uint8 arrays; no Qt here.

A GIF or APNG keeps its frames until `finish` writes them (the GIF with one palette,
taken from the last frame, so colours do not flicker from frame to frame); an MP4
streams each frame to ffmpeg as it comes. The file appears only when complete: it
is written beside the target and renamed over it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import numpy as np

from playground.io import limits

FORMATS = {".gif": "animated GIF", ".png": "animated PNG (APNG)", ".apng": "animated PNG (APNG)",
           ".mp4": "MP4 video (ffmpeg)"}
MIN_FPS, MAX_FPS = 1.0, 60.0
MAX_FRAMES = 2000
DEFAULT_FPS = 15.0
DEFAULT_FRAMES = 100
DEFAULT_SIZE = (800, 600)  # the landscape alone
WITH_LOSS_SIZE = (1200, 500)  # the landscape and the loss curve beside it


class AnimationError(ValueError):
    """Why an animation cannot be written, in one line."""


def ffmpeg() -> str | None:
    """The ffmpeg program on the PATH, or None."""
    return shutil.which("ffmpeg")


def available_formats() -> tuple[str, ...]:
    """The suffixes that can be written here (.mp4 only with ffmpeg on the PATH)."""
    return tuple(s for s in FORMATS if s != ".mp4" or ffmpeg())


def check_request(path: str | Path, frames: int, size: tuple[int, int], fps: float) -> str:
    """The suffix of `path` once the format, frame count, size and rate are checked;
    AnimationError says what is wrong."""
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise AnimationError(f"cannot write {Path(path).name!r}: an animation must end in "
                             + ", ".join(FORMATS))
    if suffix == ".mp4" and not ffmpeg():
        raise AnimationError("an MP4 needs the ffmpeg program on the PATH; install it, or "
                             "write a .gif or an animated .png instead")
    if not (isinstance(fps, int | float) and MIN_FPS <= fps <= MAX_FPS):
        raise AnimationError(f"frames per second must be from {MIN_FPS:g} to {MAX_FPS:g}, "
                             f"got {fps}")
    if not 1 <= frames <= MAX_FRAMES:
        raise AnimationError(f"an animation has 1 to {MAX_FRAMES:,} frames, got {frames:,}")
    if suffix != ".mp4":
        problem = limits.ANIMATION_PIXELS.problem(frames * size[0] * size[1])
        if problem:
            raise AnimationError(f"{frames:,} frames of {size[0]}x{size[1]}: {problem}; "
                                 "use fewer frames or a smaller size")
    return suffix


class AnimationWriter:
    """Collects frames and writes them as one animation to `path`."""

    def __init__(self, path: str | Path, fps: float, size: tuple[int, int], frames: int,
                 colours: tuple[tuple[int, int, int], ...] = ()):
        """`colours`: (r, g, b) a GIF's palette must hold exactly (small markers, which a
        palette fitted to the picture would blur into their surroundings)."""
        self.path = Path(path)
        self.colours = tuple(colours)[:32]
        self.suffix = check_request(self.path, frames, size, fps)
        self.fps = float(fps)
        self.size = (int(size[0]), int(size[1]))  # width, height
        self.frames: list[np.ndarray] = []
        self.count = 0
        self._tmp = self._temporary()
        self._ffmpeg: subprocess.Popen | None = None
        if self.suffix == ".mp4":
            self._start_ffmpeg()

    def _temporary(self) -> Path:
        folder = self.path.parent if str(self.path.parent) else Path(".")
        try:
            fd, name = tempfile.mkstemp(prefix=f".{self.path.stem}.", suffix=self.suffix,
                                        dir=folder)
        except OSError as e:
            raise AnimationError(f"cannot write in {folder}: {e.strerror or e}") from None
        os.close(fd)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(name, 0o666 & ~umask)  # as a file the user saves, not mkstemp's 0600
        return Path(name)

    def _start_ffmpeg(self) -> None:
        w, h = self.size
        command = [ffmpeg() or "ffmpeg", "-y", "-loglevel", "error", "-f", "rawvideo",
                   "-pix_fmt", "rgb24", "-s", f"{w}x{h}", "-r", f"{self.fps:g}", "-i", "-",
                   # H.264 in yuv420p wants even sides: pad by a pixel where needed.
                   "-vf", "pad=ceil(iw/2)*2:ceil(ih/2)*2", "-c:v", "libx264",
                   "-pix_fmt", "yuv420p", "-movflags", "+faststart", str(self._tmp)]
        try:
            self._ffmpeg = subprocess.Popen(command, stdin=subprocess.PIPE,
                                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        except OSError as e:
            self._discard()
            raise AnimationError(f"cannot start ffmpeg: {e.strerror or e}") from None

    def add(self, frame: np.ndarray) -> None:
        """One more frame, (height, width, 3) uint8 at the writer's size."""
        frame = np.ascontiguousarray(frame, dtype=np.uint8)
        if frame.shape != (self.size[1], self.size[0], 3):
            raise AnimationError(f"a frame of shape {frame.shape} in an animation of "
                                 f"{self.size[0]}x{self.size[1]}")
        self.count += 1
        if self._ffmpeg is not None:
            try:
                self._ffmpeg.stdin.write(frame.tobytes())
            except OSError:
                raise AnimationError(self._ffmpeg_failure()) from None
        else:
            self.frames.append(frame)

    def finish(self) -> Path:
        """Write the file (a GIF or APNG may take a few seconds: any thread may call this)."""
        try:
            if self._ffmpeg is not None:
                self._ffmpeg.stdin.close()
                if self._ffmpeg.wait() != 0:
                    raise AnimationError(self._ffmpeg_failure())
            else:
                self._write_pillow()
            os.replace(self._tmp, self.path)
        except OSError as e:
            self._discard()
            raise AnimationError(f"cannot write {self.path}: {e.strerror or e}") from None
        except Exception:
            self._discard()
            raise
        self.frames = []
        return self.path

    def cancel(self) -> None:
        """Stop and leave no file behind."""
        if self._ffmpeg is not None:
            self._ffmpeg.kill()
            self._ffmpeg.wait()
        self.frames = []
        self._discard()

    def _discard(self) -> None:
        try:
            self._tmp.unlink()
        except OSError:
            pass

    def _ffmpeg_failure(self) -> str:
        proc = self._ffmpeg
        if proc is not None and proc.poll() is None:
            proc.kill()
        err = proc.stderr.read().decode(errors="replace").strip() if proc and proc.stderr else ""
        last = err.splitlines()[-1] if err else "no message"
        return f"ffmpeg failed: {last}"

    def _write_pillow(self) -> None:
        try:
            from PIL import Image
        except ImportError:
            raise AnimationError("writing a GIF or APNG needs Pillow "
                                 "(pip install pillow)") from None
        if not self.frames:
            raise AnimationError("no frames to write")
        duration = round(1000 / self.fps)
        frames, self.frames = self.frames, []
        if self.suffix == ".gif":
            # One palette for all frames (the last has the whole path drawn) and the marker
            # colours, no dithering: the surface does not shimmer from frame to frame.
            last = Image.fromarray(frames[-1], "RGB")
            fitted = last.quantize(colors=256 - len(self.colours),
                                   method=Image.Quantize.MEDIANCUT)
            entries = fitted.getpalette()[:3 * (256 - len(self.colours))]
            entries += [c for rgb in self.colours for c in rgb]
            palette = Image.new("P", (1, 1))
            palette.putpalette(entries + [0] * (768 - len(entries)))

            def convert(frame: np.ndarray) -> Image.Image:
                return Image.fromarray(frame, "RGB").quantize(palette=palette,
                                                              dither=Image.Dither.NONE)
        else:
            def convert(frame: np.ndarray) -> Image.Image:
                return Image.fromarray(frame, "RGB")
        # Each frame converted in turn and its array dropped: one copy of the frames at a time.
        images = []
        while frames:
            images.append(convert(frames.pop(0)))
        images[0].save(self._tmp, format="GIF" if self.suffix == ".gif" else "PNG",
                       save_all=True, append_images=images[1:], duration=duration, loop=0,
                       **({"optimize": False} if self.suffix == ".gif" else {}))
