"""Installed like an app: resources in the wheel, a desktop entry, icons in every size."""

from __future__ import annotations

import struct
import subprocess
import sys
from pathlib import Path

from playground import desktop
from playground.io.examples import EXAMPLES_DIR
from playground.io.resources import RESOURCES_DIR
from playground.io.schema import SCHEMA_PATH

ROOT = Path(__file__).resolve().parents[1]
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n" and head[12:16] == b"IHDR", path
    return struct.unpack(">II", head[16:24])


def test_resources_are_found_in_the_checkout():
    assert RESOURCES_DIR == ROOT / "resources"
    assert (EXAMPLES_DIR / "xor.json").is_file() and SCHEMA_PATH.is_file()


def test_icons_are_the_sizes_their_names_say():
    for size in ICON_SIZES:
        assert png_size(RESOURCES_DIR / "icons" / f"backprop-playground-{size}.png") == \
            (size, size)
    assert (RESOURCES_DIR / "icons" / "backprop-playground.svg").read_text().startswith("<svg")


def test_install_desktop_writes_the_entry_and_the_icon_theme(tmp_path):
    written = desktop.install(tmp_path, "/opt/my env/bin/playground")
    entry = (tmp_path / "applications" / "backprop-playground.desktop").read_text()
    assert 'Exec="/opt/my env/bin/playground" %f' in entry.splitlines()
    assert "TryExec=/opt/my env/bin/playground" in entry.splitlines()
    assert "Icon=backprop-playground" in entry.splitlines()
    assert entry.startswith("[Desktop Entry]\n")
    for size in ICON_SIZES:
        icon = tmp_path / "icons" / "hicolor" / f"{size}x{size}" / "apps" / \
            "backprop-playground.png"
        assert icon in written and png_size(icon) == (size, size)
    assert (tmp_path / "icons" / "hicolor" / "scalable" / "apps" /
            "backprop-playground.svg").is_file()


def test_the_wheel_carries_examples_schema_icons_and_desktop_entry(tmp_path):
    # What `pip install .` copies: setup.py's build_py output.
    result = subprocess.run([sys.executable, "setup.py", "-q", "build_py", "--build-lib",
                             str(tmp_path)], cwd=ROOT, capture_output=True, text=True,
                            timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    packaged = tmp_path / "playground" / "resources"
    shipped = sorted(p.relative_to(RESOURCES_DIR) for p in RESOURCES_DIR.rglob("*")
                     if p.is_file() and p.suffix != ".py" and "__pycache__" not in p.parts)
    assert sorted(p.relative_to(packaged) for p in packaged.rglob("*") if p.is_file()) == \
        shipped
    assert Path("examples/xor.json") in shipped and Path("network.schema.json") in shipped
    assert (tmp_path / "playground" / "io" / "resources.py").is_file()
