"""Crash recovery: this session's autosave file, and the ones a crashed session left behind.

Each running app holds a lock file beside its autosave. A clean exit removes
both; after a crash the autosave stays and its lock goes stale (its process is
gone), which is how the next start tells a crashed session's work from the
work of another app still running.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLockFile, QObject, QStandardPaths, Signal

from playground.io.document import Document
from playground.io.files import load_document, save_document, write_atomically

PREFIX = "autosave-"


def recovery_folder() -> Path:
    """Where autosaves live: the application data folder's `recovery` folder."""
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(base) / "recovery"


def _lock(path: Path) -> QLockFile:
    lock = QLockFile(str(path))
    # Only a dead owner makes a lock stale: by default an old lock counts too, and a
    # session that runs for hours would lose its autosave to the next start.
    lock.setStaleLockTime(0)
    return lock


@dataclass(frozen=True)
class Recoverable:
    """An autosave a crashed session left: the document file, the file it came from, when."""

    path: Path
    original: Path | None
    saved_at: float
    name: str
    closed_by: str | None = None  # a quit signal's name when the app was closed, not crashed

    def load(self) -> Document:
        return load_document(self.path)


class AutosaveSession(QObject):
    """This session's autosave: written off the GUI thread, removed on a clean exit."""

    written = Signal(str)  # "" when the autosave is on disk, else why it failed

    def __init__(self, folder: Path | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.folder = folder or recovery_folder()
        self.folder.mkdir(parents=True, exist_ok=True)
        key = uuid.uuid4().hex[:12]
        self.path = self.folder / f"{PREFIX}{key}.json"
        self.meta_path = self.folder / f"{PREFIX}{key}.meta"
        self.lock = _lock(self.folder / f"{PREFIX}{key}.lock")
        self.lock.tryLock(0)
        self._thread: threading.Thread | None = None

    def busy(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def write(self, document: Document, original: Path | None,
              closed_by: str | None = None) -> bool:
        """Start writing `document` in the background; False if the last write is still going.

        `closed_by` names the signal that is closing the app (the next start says so)."""
        if self.busy():
            return False
        self._thread = threading.Thread(target=self._write, args=(document, original, closed_by),
                                        name="autosave", daemon=True)
        self._thread.start()
        return True

    def _write(self, document: Document, original: Path | None,
               closed_by: str | None = None) -> None:
        try:
            meta = {"original": str(original) if original else None, "name": document.name,
                    "closed_by": closed_by}
            write_atomically(self.meta_path, json.dumps(meta).encode("utf-8"))
            save_document(document, self.path)
        except (OSError, ValueError) as e:
            self.written.emit(str(e) or type(e).__name__)
            return
        self.written.emit("")

    def wait(self) -> None:
        """Let a write in progress finish."""
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def discard(self) -> None:
        """No unsaved work any more: remove the autosave."""
        self.wait()
        for p in (self.path, self.meta_path):
            p.unlink(missing_ok=True)

    def close(self) -> None:
        """A clean exit: remove the autosave and release the lock."""
        self.discard()
        self.lock.unlock()

    def keep(self) -> None:
        """Exit keeping the autosave (unsaved work when a signal closes the app)."""
        self.wait()
        self.lock.unlock()


def find_recoverable(folder: Path | None = None) -> list[Recoverable]:
    """Autosaves whose session is gone, newest first (another running app's are left alone)."""
    folder = folder or recovery_folder()
    _sweep_stale_locks(folder)
    found = []
    for path in sorted(folder.glob(f"{PREFIX}*.json")):
        lock = _lock(path.with_suffix(".lock"))
        if not lock.tryLock(0):
            continue  # its app is still running
        lock.unlock()
        meta = _meta(path.with_suffix(".meta"))
        original = meta.get("original")
        closed_by = meta.get("closed_by")
        found.append(Recoverable(path, Path(original) if isinstance(original, str) else None,
                                 path.stat().st_mtime, str(meta.get("name") or path.stem),
                                 closed_by if isinstance(closed_by, str) else None))
    return sorted(found, key=lambda r: r.saved_at, reverse=True)


def _sweep_stale_locks(folder: Path) -> None:
    """Remove the locks of sessions that died with nothing unsaved (no autosave beside them)."""
    for path in folder.glob(f"{PREFIX}*.lock"):
        if path.with_suffix(".json").exists():
            continue
        lock = _lock(path)
        if lock.tryLock(0):
            lock.unlock()  # removes the file
            path.with_suffix(".meta").unlink(missing_ok=True)


def _meta(path: Path) -> dict:
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return meta if isinstance(meta, dict) else {}


def forget(recoverable: Recoverable) -> None:
    """Remove a crashed session's autosave (restored, or declined)."""
    for p in (recoverable.path, recoverable.path.with_suffix(".meta"),
              recoverable.path.with_suffix(".lock")):
        p.unlink(missing_ok=True)


def describe(recoverable: Recoverable) -> str:
    """'xor, autosaved 14:02 on 3 May' for the restore question."""
    stamp = time.strftime(
        QCoreApplication.translate("Autosave", "%H:%M on %d %b"),
        time.localtime(recoverable.saved_at),
    )
    where = (
        QCoreApplication.translate("Autosave", " (from {original})").format(
            original=recoverable.original
        )
        if recoverable.original
        else ""
    )
    return QCoreApplication.translate("Autosave", "“{name}”{where}, autosaved at {stamp}").format(
        name=recoverable.name, where=where, stamp=stamp
    )


__all__ = ["AutosaveSession", "Recoverable", "describe", "find_recoverable", "forget",
           "recovery_folder"]
