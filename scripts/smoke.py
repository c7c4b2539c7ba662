"""The real-window smoke test: `playground` in a real X server, driven by real key presses.

    .venv/bin/python scripts/smoke.py [--install] [--example xor] [--seconds 2] [--keep DIR]

Starts Xvfb, checks with `playground doctor` that Qt's xcb platform starts there, opens
`playground` on a copy of an example (platform xcb, not off-screen), waits for its
window, presses Space (Play), lets it train, takes a screenshot, presses Space again
(Pause), then checks that the picture is not blank, that the status bar changed, and
that the step counter moved: Ctrl+S saves the copy, whose run must be past the example's
step. Ctrl+Q closes the window through its close path: no dialog may be left waiting, the
app must exit 0 and write nothing to stderr (no traceback, no Qt warning).

Exit status 0 when every check passed, 1 otherwise, with one line per failure. With
--install, missing tools (Xvfb, xdotool) and system libraries are installed as root with
apt-get; without, the command to run is printed. --display uses an existing X server
instead of starting Xvfb; --command runs another program instead of `playground FILE`
(how the checks were shown to fail: a blank window must not pass).
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCREEN = (1920, 1080)
TITLE = "Backprop Playground"
TOOLS = {"Xvfb": "xvfb", "xdotool": "xdotool"}  # program -> Debian package
WINDOW_TIMEOUT = 30.0
EXIT_TIMEOUT = 20.0
MIN_COLOURS = 64  # a blank or single-colour window has a handful


class SmokeFailure(Exception):
    """A check that failed: one line."""


def say(message: str) -> None:
    print(f"smoke: {message}", flush=True)


# ---------------------------------------------------------------------------- tools

def ensure_tools(install: bool, need_xvfb: bool = True) -> None:
    missing = [tool for tool in TOOLS if shutil.which(tool) is None
               and (need_xvfb or tool != "Xvfb")]
    if not missing:
        return
    packages = [TOOLS[tool] for tool in missing]
    root = hasattr(os, "geteuid") and os.geteuid() == 0
    if install and root and shutil.which("apt-get"):
        say(f"installing {' '.join(packages)} with apt-get (running as root)")
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive", DEBCONF_NOWARNINGS="yes")
        lock = ["-o", "DPkg::Lock::Timeout=300"]
        for command in (["apt-get", *lock, "update", "-q"],
                        ["apt-get", *lock, "install", "-y", "-q", "--no-install-recommends",
                         *packages]):
            if subprocess.run(command, env=env, stdout=subprocess.DEVNULL).returncode != 0:
                raise SmokeFailure(f"{shlex.join(command)} failed")
        return
    sudo = "" if root else "sudo "
    raise SmokeFailure(f"{', '.join(missing)} not installed: {sudo}apt-get install -y "
                       f"{' '.join(packages)}")


def start_xvfb(tmp: Path) -> tuple[subprocess.Popen, str]:
    """Xvfb on a free display number (it picks one and tells it through a pipe)."""
    read, write = os.pipe()
    log = open(tmp / "xvfb.log", "wb")  # noqa: SIM115  (closed with the process)
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", f"{SCREEN[0]}x{SCREEN[1]}x24",
         "-nolisten", "tcp", "-noreset"], pass_fds=(write,), stdout=log, stderr=log)
    os.close(write)
    number = b""
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and not number.endswith(b"\n"):
        chunk = os.read(read, 16)
        if not chunk:
            break
        number += chunk
    os.close(read)
    if not number.strip().isdigit():
        server.kill()
        raise SmokeFailure(f"Xvfb did not start: {(tmp / 'xvfb.log').read_text()[-300:]}")
    return server, f":{number.decode().strip()}"


def xdotool(*args: str, env: dict[str, str], timeout: float = 10) -> str:
    result = subprocess.run(["xdotool", *args], env=env, capture_output=True, text=True,
                            timeout=timeout)
    return result.stdout.strip() if result.returncode == 0 else ""


# ---------------------------------------------------------------------------- pictures

class Screen:
    """Screenshots of the X server through Qt's xcb platform, in this process."""

    def __init__(self, display: str):
        os.environ["DISPLAY"] = display
        os.environ["QT_QPA_PLATFORM"] = "xcb"
        from PySide6.QtGui import QGuiApplication

        self.app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])

    def grab(self, x: int, y: int, w: int, h: int):
        import numpy as np
        from PySide6.QtGui import QImage

        image = self.app.primaryScreen().grabWindow(0, x, y, w, h).toImage()
        image = image.convertToFormat(QImage.Format.Format_RGB32)
        pixels = np.frombuffer(image.constBits(), dtype=np.uint8, count=image.sizeInBytes())
        rows = pixels.reshape(image.height(), image.bytesPerLine())[:, :image.width() * 4]
        return image, rows.reshape(image.height(), image.width(), 4)[..., :3].copy()


def colours(pixels) -> int:
    import numpy as np

    flat = pixels.reshape(-1, 3).astype(np.uint32)
    return len(np.unique((flat[:, 0] << 16) | (flat[:, 1] << 8) | flat[:, 2]))


# ---------------------------------------------------------------------------- the test

def window_of(process: subprocess.Popen, env: dict[str, str], err: Path) -> str:
    deadline = time.monotonic() + WINDOW_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SmokeFailure(f"the app exited with status {process.returncode} before its "
                               f"window opened: {err.read_text().strip()[-500:]}")
        found = xdotool("search", "--onlyvisible", "--name", TITLE, env=env).split()
        if found:
            return found[0]
        time.sleep(0.2)
    raise SmokeFailure(f"no window titled “{TITLE}” within {WINDOW_TIMEOUT:.0f} s")


def wait_saved(path: Path, written: int, timeout: float) -> None:
    """Wait until `path` is written again (its modification time changes)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if path.stat().st_mtime_ns != written:
            time.sleep(0.2)  # the rename is atomic; let the app finish its reply
            return
        time.sleep(0.1)
    raise SmokeFailure(f"{path.name} was not written within {timeout:.0f} s")


def geometry(window: str, env: dict[str, str]) -> tuple[int, int, int, int]:
    shell = dict(line.split("=", 1) for line in
                 xdotool("getwindowgeometry", "--shell", window, env=env).splitlines()
                 if "=" in line)
    x, y = max(0, int(shell["X"])), max(0, int(shell["Y"]))
    return x, y, min(int(shell["WIDTH"]), SCREEN[0] - x), min(int(shell["HEIGHT"]),
                                                              SCREEN[1] - y)


def saved_step(path: Path) -> int:
    run = json.loads(path.read_text(encoding="utf-8")).get("run") or {}
    return int(run.get("step", 0))


def smoke(args: argparse.Namespace, tmp: Path) -> list[str]:
    """Run the checks; returns what failed (empty: all passed)."""
    failures: list[str] = []
    env = {k: v for k, v in os.environ.items() if k not in ("WAYLAND_DISPLAY", "DISPLAY")}
    for name in ("home", "config", "data", "cache", "runtime"):
        (tmp / name).mkdir(mode=0o700)
    # A fresh home: no remembered layout, recent files or autosave to offer back.
    env.update(HOME=str(tmp / "home"), XDG_CONFIG_HOME=str(tmp / "config"),
               XDG_DATA_HOME=str(tmp / "data"), XDG_CACHE_HOME=str(tmp / "cache"),
               XDG_RUNTIME_DIR=str(tmp / "runtime"), QT_QPA_PLATFORM="xcb")
    server = None
    if args.display:
        display = args.display
    else:
        server, display = start_xvfb(tmp)
    env["DISPLAY"] = display
    app = None
    try:
        doctor = [sys.executable, "-m", "playground", "doctor", "--quiet"]
        if args.install:
            doctor.append("--install")
        check = subprocess.run(doctor, env=env, cwd=tmp, capture_output=True, text=True,
                               timeout=300)
        if check.returncode != 0:
            raise SmokeFailure("the app cannot start on xcb here:\n" +
                               (check.stdout + check.stderr).strip())
        if check.stdout.strip():  # what the doctor installed
            print(check.stdout.strip(), flush=True)
        example = ROOT / "resources" / "examples" / f"{args.example}.json"
        if not example.is_file():
            from playground.io.examples import example_path  # an installed package's

            example = example_path(args.example)
        # A copy in the temporary folder: the trained run is saved there, not into the
        # shipped example, and the close path has no reason to ask anything.
        document = tmp / example.name
        shutil.copyfile(example, document)
        start_step = saved_step(document)
        command = shlex.split(args.command) if args.command else [
            sys.executable, "-m", "playground", str(document)]
        out, err = tmp / "app.out", tmp / "app.err"
        with open(out, "wb") as o, open(err, "wb") as e:
            app = subprocess.Popen(command, env=env, cwd=tmp, stdout=o, stderr=e,
                                   stdin=subprocess.DEVNULL)
        started = time.monotonic()
        window = window_of(app, env, err)
        say(f"window {window} “{xdotool('getwindowname', window, env=env)}” on {display} "
            f"after {time.monotonic() - started:.1f} s")
        xdotool("windowfocus", "--sync", window, env=env)
        time.sleep(0.5)  # the first paint
        screen = Screen(display)
        box = geometry(window, env)
        say(f"window geometry {box[2]}x{box[3]} at ({box[0]}, {box[1]})")
        _, before = screen.grab(*box)
        xdotool("key", "space", env=env)
        time.sleep(args.seconds)
        picture, during = screen.grab(*box)
        xdotool("key", "space", env=env)
        shot = (Path(args.keep) if args.keep else tmp) / "smoke-training.png"
        shot.parent.mkdir(parents=True, exist_ok=True)
        picture.save(str(shot))

        n = colours(during)
        say(f"screenshot {box[2]}x{box[3]} after {args.seconds:g} s of training: "
            f"{n} colours ({shot})")
        if n < MIN_COLOURS:
            failures.append(f"the window looks blank: {n} colours (at least {MIN_COLOURS})")
        status = slice(max(0, box[3] - 26), box[3])
        if (before[status] == during[status]).all():
            failures.append("the status bar did not change while training")
        # Training alone does not mark a document modified; the saved run tells how far it
        # went: Ctrl+S writes the copy, whose step must be past the example's.
        written = document.stat().st_mtime_ns
        xdotool("key", "ctrl+s", env=env)
        try:
            wait_saved(document, written, timeout=10)
            steps = saved_step(document)
            say(f"saved the copy at step {steps:,} (the example was at step {start_step:,})")
            if steps <= start_step:
                failures.append(f"the step counter did not move: the saved run is at step "
                                f"{steps}, not past {start_step}")
        except SmokeFailure as e:
            failures.append(f"Ctrl+S did not save: {e}")
        xdotool("key", "ctrl+q", env=env)
        try:
            code = app.wait(EXIT_TIMEOUT)
        except subprocess.TimeoutExpired:
            dialogs = [xdotool("getwindowname", w, env=env) for w in
                       xdotool("search", "--onlyvisible", "--name", ".", env=env).split()
                       if w != window]
            failures.append(f"the app did not exit within {EXIT_TIMEOUT:.0f} s of Ctrl+Q; "
                            f"windows still open: {dialogs or 'none'}")
        else:
            say(f"closed: exit status {code}")
            if code != 0:
                failures.append(f"the app exited with status {code}")
        text = err.read_text(errors="replace").strip()
        if text:
            failures.append("the app wrote to stderr: " + " | ".join(text.splitlines()[:5]))
    finally:
        if app is not None and app.poll() is None:
            app.kill()
            app.wait()
        if server is not None:
            server.terminate()
            try:
                server.wait(5)
            except subprocess.TimeoutExpired:
                server.kill()
    return failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--install", action="store_true",
                        help="install missing tools and libraries as root with apt-get")
    parser.add_argument("--example", default="xor", help="example to open (default xor)")
    parser.add_argument("--seconds", type=float, default=2.0, help="training time")
    parser.add_argument("--display", help="use this X display instead of starting Xvfb")
    parser.add_argument("--command", help="run this instead of `playground FILE`")
    parser.add_argument("--keep", metavar="DIR", help="save the screenshot in DIR")
    args = parser.parse_args(argv)
    started = time.monotonic()
    try:
        ensure_tools(args.install, need_xvfb=not args.display)
        with tempfile.TemporaryDirectory(prefix="playground-smoke-") as tmp:
            failures = smoke(args, Path(tmp))
    except SmokeFailure as e:
        failures = [str(e)]
    took = time.monotonic() - started
    if failures:
        for failure in failures:
            print(f"smoke: FAILED: {failure}", file=sys.stderr)
        print(f"smoke: took {took:.1f} s", file=sys.stderr)
        print("smoke: 0 passed, 1 failed", file=sys.stderr)
        return 1
    print(f"smoke: took {took:.1f} s")
    print("smoke: 1 passed, 0 failed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
