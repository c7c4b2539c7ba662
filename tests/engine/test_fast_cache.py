"""numba's on-disk cache is keyed by every source of the fast package (stale code never loads)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from playground.engine import fast

pytest.importorskip("numba", reason="the cache key only matters where numba is installed")


@pytest.fixture
def package(tmp_path, monkeypatch):
    """A copy of the fast package's sources standing in for the real one."""
    from numba.core import config

    copy = tmp_path / "fast"
    copy.mkdir()
    for source in fast._HERE.glob("*.py"):
        shutil.copy(source, copy / source.name)
    monkeypatch.setattr(fast, "_HERE", copy)
    monkeypatch.setattr(config, "CACHE_DIR", "")
    return copy


def test_an_edit_of_any_source_changes_the_key(package):
    before = fast.source_key(package)
    assert fast.source_key(package) == before
    kernels = package / "kernels.py"
    kernels.write_text(kernels.read_text() + "\n# an edit\n")
    assert fast.source_key(package) != before


def test_the_cache_goes_to_the_keys_folder_and_other_keys_are_removed(package):
    from numba.core import config

    pycache = package / "__pycache__"
    (pycache / "numba-0123456789abcdef").mkdir(parents=True)
    (pycache / "grid.affine-56.py311.nbi").write_bytes(b"stale")
    (pycache / "training.cpython-311.pyc").write_bytes(b"kept")
    fast.key_the_cache()
    assert Path(config.CACHE_DIR) == pycache / f"numba-{fast.source_key(package)}"
    assert not (pycache / "numba-0123456789abcdef").exists()
    assert not (pycache / "grid.affine-56.py311.nbi").exists()
    assert (pycache / "training.cpython-311.pyc").exists()


def test_a_users_own_cache_folder_is_kept(package, monkeypatch, tmp_path):
    from numba.core import config

    monkeypatch.setattr(config, "CACHE_DIR", str(tmp_path / "mine"))
    fast.key_the_cache()
    assert config.CACHE_DIR == str(tmp_path / "mine")
