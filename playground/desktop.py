"""`make install-desktop`: put Backprop Playground in the user's applications menu.

Copies resources/backprop-playground.desktop to ~/.local/share/applications (its Exec
line pointing at this environment's `playground`, which is rarely on PATH when it lives
in a venv) and the icons into the hicolor theme under ~/.local/share/icons.

    python -m playground.desktop [--prefix DIR]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from playground.io.resources import RESOURCES_DIR

APP_ID = "backprop-playground"


def data_home() -> Path:
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")


def playground_command() -> str:
    """The `playground` script of the running environment, or the bare name."""
    folder = Path(sys.executable).parent
    for name in ("playground", "playground.exe"):
        if (folder / name).is_file():
            return str(folder / name)
    return shutil.which("playground") or "playground"


def desktop_entry(command: str) -> str:
    """The shipped desktop entry with Exec and TryExec set to `command`."""
    text = (RESOURCES_DIR / f"{APP_ID}.desktop").read_text(encoding="utf-8")
    quoted = f'"{command}"' if re.search(r"\s", command) else command
    text = re.sub(r"(?m)^Exec=\S+", lambda _: f"Exec={quoted}", text)
    return re.sub(r"(?m)^TryExec=.*$", lambda _: f"TryExec={command}", text)


def install(prefix: Path, command: str) -> list[Path]:
    """Write the desktop entry and the icons under `prefix`; the files written."""
    written: list[Path] = []
    apps = prefix / "applications"
    apps.mkdir(parents=True, exist_ok=True)
    entry = apps / f"{APP_ID}.desktop"
    entry.write_text(desktop_entry(command), encoding="utf-8")
    written.append(entry)
    icons = RESOURCES_DIR / "icons"
    for png in sorted(icons.glob(f"{APP_ID}-*.png")):
        size = png.stem.rsplit("-", 1)[1]
        target = prefix / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(png, target)
        written.append(target)
    svg = prefix / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"
    svg.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(icons / f"{APP_ID}.svg", svg)
    written.append(svg)
    return written


def refresh_caches(prefix: Path) -> None:
    """Tell the desktop about the new entry where the tools for it are installed."""
    for command in (["update-desktop-database", str(prefix / "applications")],
                    ["gtk-update-icon-cache", "-q", "-t", str(prefix / "icons" / "hicolor")]):
        if shutil.which(command[0]):
            subprocess.run(command, check=False, capture_output=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m playground.desktop",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--prefix", type=Path, default=None,
                        help="data folder to install into (default ~/.local/share)")
    args = parser.parse_args(argv)
    prefix = args.prefix or data_home()
    try:
        written = install(prefix, playground_command())
    except OSError as e:
        print(f"install-desktop: {e}", file=sys.stderr)
        return 1
    refresh_caches(prefix)
    print(f"installed {written[0]} (runs {playground_command()}) and {len(written) - 1} "
          f"icons under {prefix / 'icons' / 'hicolor'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
