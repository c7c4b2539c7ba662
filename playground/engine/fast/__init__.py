"""The fast executor: the compiled graph run by numba kernels instead of numpy ops.

Compiling the kernels takes seconds and holds the GIL, so it never happens in
the app's process while the user waits: the first training run starts a child
process (`python -m playground.engine.fast.warm`) that compiles them into
numba's on-disk cache, and training goes on with numpy meanwhile. Once the
child is done, the next `poll()` loads the cached machine code (no compiling;
a fraction of a second) and runs switch over at their next step. Afterwards
every launch finds the cache warm.

Only the app asks for that (`enable_background()`); elsewhere (the command
line, tests) runs use the fast executor when something loaded it (`load()`,
`TrainingRun(..., fast=True)`). `PLAYGROUND_FAST=0` turns it off everywhere,
`=1` loads it at the first run. Without numba (a platform with no wheel)
everything runs on numpy.

The same switch serves the landscape: once loaded, `grid_kernels()` gives the numba
kernels its evaluator runs grids with (`grid.py`, compiled with the rest).
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

_HERE = Path(__file__).resolve().parent
_kernels: ModuleType | None = None
_grid: ModuleType | None = None
_child: subprocess.Popen | None = None
_reason = "not loaded yet"
_next_poll = 0.0
_background = False
POLL_INTERVAL = 0.25  # seconds between looks at the compiling child
_polling = threading.Lock()  # the training and the landscape workers both poll


def mode() -> str:
    value = os.environ.get("PLAYGROUND_FAST", "auto").strip().lower()
    return {"0": "off", "false": "off", "no": "off", "1": "on", "true": "on"}.get(value, value)


@functools.cache
def installed() -> bool:
    """Whether numba can be imported here."""
    return importlib.util.find_spec("numba") is not None


def reason() -> str:
    """Why the fast executor is not in use (empty when it is)."""
    return "" if _kernels is not None else _reason


def loaded() -> ModuleType | None:
    """The kernels if they are loaded already; never loads or compiles them."""
    return _kernels


def grid_kernels() -> ModuleType | None:
    """The landscape's grid kernels if the fast executor is loaded; in the app (background
    mode) this also makes progress toward loading it, like `poll()`, without blocking, and
    with PLAYGROUND_FAST=1 it loads it."""
    if _kernels is None and (_background or mode() == "on"):
        poll()
    return _grid if _kernels is not None else None


def load(warm: Callable[[ModuleType], None] | None = None) -> ModuleType | None:
    """Load the kernels now, in this thread; `warm` runs them once (which compiles them,
    or loads them from the on-disk cache) before they count as loaded."""
    global _kernels, _grid, _reason
    if _kernels is not None or _reason.startswith("numba failed"):
        return _kernels
    if mode() == "off":
        _reason = "turned off (PLAYGROUND_FAST=0)"
        return None
    if not installed():
        _reason = "numba is not installed"
        return None
    try:
        key_the_cache()
        from playground.engine.fast import grid, kernels  # compiled (or loaded) on import

        if warm is not None:
            warm(kernels)
    except Exception as e:  # noqa: BLE001  (numba refusing this platform must not stop training)
        _reason = f"numba failed: {e}"
        return None
    _grid = grid
    _kernels = kernels
    return kernels


def source_key(folder: Path) -> str:
    """A digest of every module of the fast package: changes with any edit of any of them."""
    digest = hashlib.sha256()
    for source in sorted(folder.glob("*.py")):
        digest.update(source.name.encode() + b"\0" + source.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def key_the_cache() -> None:
    """Point numba's on-disk cache at a folder named by `source_key()`.

    numba checks only the file a cached kernel is defined in, but the grid kernels
    inline kernels.py's activation forms: after an edit of kernels.py alone (or an
    update that rewrote only some files) they would load stale machine code. Keyed by
    every source of the package, any change compiles afresh; the folders of other
    keys are removed. A NUMBA_CACHE_DIR of the user's own is left as it is."""
    from numba.core import config

    if config.CACHE_DIR:
        return
    base = _HERE / "__pycache__"
    try:
        base.mkdir(exist_ok=True)
        writable = os.access(base, os.W_OK)
    except OSError:
        writable = False
    if not writable:  # an installation the user cannot write to: numba's user cache folder
        from numba.misc.appdirs import AppDirs

        base = Path(AppDirs("backprop-playground", appauthor=False).user_cache_dir)
    folder = base / f"numba-{source_key(_HERE)}"
    for old in base.glob("numba-*"):
        if old != folder:
            shutil.rmtree(old, ignore_errors=True)
    for old in base.glob("*.nb[ic]"):  # numba's own in-tree files from before the keys
        old.unlink(missing_ok=True)
    config.CACHE_DIR = str(folder)


def enable_background() -> None:
    """Let `poll()` compile the kernels in a child process and then load them (the app)."""
    global _background
    _background = True


def poll(warm: Callable[[ModuleType], None] | None = None) -> ModuleType | None:
    """The kernels if ready; otherwise make progress toward them without blocking
    (another thread polling at the same moment gets None)."""
    if _kernels is not None:
        return _kernels
    if not _polling.acquire(blocking=False):
        return None
    try:
        return _poll(warm)
    finally:
        _polling.release()


def _poll(warm: Callable[[ModuleType], None] | None) -> ModuleType | None:
    global _child, _reason, _next_poll
    now = time.monotonic()
    if now < _next_poll:  # every training step asks: answer at once
        return None
    _next_poll = now + POLL_INTERVAL
    m = mode()
    if m == "on" or m == "off" or not installed():
        return load(warm)  # loads, or says why not
    if not _background:
        return None
    if _child is None:
        _reason = "compiling in the background"
        try:
            _child = subprocess.Popen([sys.executable, "-m", "playground.engine.fast.warm"],
                                      stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                      stderr=subprocess.PIPE)
        except OSError as e:
            _reason = f"could not start the compiler process: {e}"
            _child = _FAILED
        return None
    if _child is _FAILED:
        return None
    code = _child.poll()
    if code is None:
        return None
    if code != 0:
        err = (_child.stderr.read() or b"").decode(errors="replace").strip().splitlines()
        _reason = f"compiling failed: {err[-1] if err else f'exit code {code}'}"
        _child.stderr.close()
        _child = _FAILED
        return None
    _child.stderr.close()
    return load(warm)  # the cache is warm: this only loads machine code


class _Failed:
    def poll(self) -> int:
        return 1


_FAILED = _Failed()
