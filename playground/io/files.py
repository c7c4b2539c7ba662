"""Network files: load with one kind of error naming the place, save atomically.

A load reads bytes, decodes UTF-8, parses JSON, checks the structure
(`schema`) and the meaning (`codec`); every failure is a FileFormatError whose
message names the place, e.g. `connections[3].to: no neuron "h9"`. A save
writes a temporary file beside the target, flushes it to disk and renames it
over the target, so the old file stays whole whatever happens.
"""

from __future__ import annotations

import errno
import json
import os
import stat
import tempfile
from pathlib import Path

from playground.io import jsontext
from playground.io.codec import document_from_tree, tree_from_document
from playground.io.document import Document
from playground.io.schema import (
    MAX_FILE_BYTES,
    FileFormatError,
    check_finite,
    check_structure,
)

__all__ = ["FileFormatError", "SaveError", "load_document", "loads_document", "dumps_document",
           "save_document"]


class SaveError(OSError):
    """A save that failed (read-only folder, full disk); the old file is intact."""


class _DuplicateKey(Exception):
    pass


def _object(pairs: list[tuple[str, object]]) -> dict:
    out = dict(pairs)
    if len(out) != len(pairs):
        keys = [k for k, _ in pairs]
        raise _DuplicateKey(next(k for k in keys if keys.count(k) > 1))
    return out


def parse_json(text: str | bytes) -> object:
    """The JSON value of `text` (UTF-8 if bytes), or FileFormatError saying where it breaks."""
    if isinstance(text, bytes | bytearray):
        try:
            text = bytes(text).decode("utf-8-sig")
        except UnicodeDecodeError as e:
            raise FileFormatError(f"byte {e.start}", "the file is not UTF-8 text") from None
    if len(text) > MAX_FILE_BYTES:
        raise FileFormatError("", f"the file is larger than the {MAX_FILE_BYTES >> 20} MB limit")
    try:
        return json.loads(text, object_pairs_hook=_object)
    except json.JSONDecodeError as e:
        msg = e.msg.lower()
        # An unterminated string runs on to the end of the file, which also ends too early.
        cut = e.pos >= len(text.rstrip()) or msg.startswith("unterminated string")
        ending = " (the file ends too early: is it cut short?)" if cut else ""
        # json's messages end in "... starting at" and give the place apart: here the place
        # leads the message, so the sentence ends "here".
        msg = msg[:-3] + " here" if msg.endswith(" at") else msg
        raise FileFormatError(f"line {e.lineno}, column {e.colno}",
                              f"not valid JSON: {msg}{ending}") from None
    except _DuplicateKey as e:
        raise FileFormatError("", f'not valid here: the key "{e}" appears twice in one object') \
            from None
    except RecursionError:
        raise FileFormatError("", "the JSON is nested too deeply") from None
    except ValueError as e:  # e.g. an integer with more digits than Python converts
        raise FileFormatError("", f"not valid JSON: {e}") from None


def loads_document(text: str | bytes) -> Document:
    """The document in network-file text; FileFormatError if it is not a valid file."""
    tree = parse_json(text)
    try:
        check_structure(tree)
        return document_from_tree(tree)  # type: ignore[arg-type]
    except RecursionError:
        raise FileFormatError("", "the JSON is nested too deeply") from None


def file_kind_problem(mode: int) -> str | None:
    """Why a file of this `st_mode` is no network file to read, or None for a regular file.

    Opening a FIFO blocks until a writer appears, and a device may never end: both
    are refused before `open`, each with its own message.
    """
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "is a folder, not a network file"
    if stat.S_ISFIFO(mode):
        return "is a named pipe (FIFO), not a file: it is not read, as that could wait forever"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "is a device, not a file"
    if stat.S_ISSOCK(mode):
        return "is a socket, not a file"
    return "is not a regular file"


def check_regular_file(path: str | Path) -> None:
    """FileFormatError unless `path` is an existing regular file (symbolic links followed)."""
    try:
        mode = os.stat(path).st_mode
    except OSError as e:
        raise FileFormatError("", f"cannot read the file: {e.strerror or e}") from None
    problem = file_kind_problem(mode)
    if problem:
        raise FileFormatError("", problem)


def load_document(path: str | Path) -> Document:
    """The document in the file at `path`; FileFormatError if it cannot be read or is invalid."""
    path = Path(path)
    check_regular_file(path)
    try:
        # O_NONBLOCK: if the path was swapped for a FIFO since the check, open returns
        # at once and the fstat below refuses it, instead of blocking for a writer.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as e:
        reason = e.strerror or str(e)
        raise FileFormatError("", f"cannot read the file: {reason}") from None
    try:
        with os.fdopen(fd, "rb") as f:
            info = os.fstat(f.fileno())
            problem = file_kind_problem(info.st_mode)
            if problem:
                raise FileFormatError("", problem)
            size = info.st_size
            if size > MAX_FILE_BYTES:
                raise FileFormatError("", f"the file is {size / (1 << 20):.0f} MB, more than "
                                          f"the {MAX_FILE_BYTES >> 20} MB file size limit")
            data = f.read(MAX_FILE_BYTES + 1)
    except OSError as e:
        reason = e.strerror or str(e)
        raise FileFormatError("", f"cannot read the file: {reason}") from None
    return loads_document(data)


def dumps_document(doc: Document) -> str:
    """The network-file text of `doc` (deterministic: same document, same text)."""
    return _text(tree_from_document(doc))


def _text(tree: dict) -> str:
    try:
        return jsontext.dumps(tree)
    except ValueError:
        check_finite(tree, ())  # names the offending number
        raise


def save_document(doc: Document, path: str | Path) -> None:
    """Write `doc` to `path` atomically; on failure the old file is left as it was.

    Raises FileFormatError if the document would not load back (nothing is
    written), SaveError (an OSError) if the file system refuses.
    """
    path = Path(path)
    tree = tree_from_document(doc)
    text = _text(tree)
    # Never write a file that cannot be opened again: check the tree as a load would.
    check_structure(tree)
    document_from_tree(tree)
    write_atomically(path, text.encode("utf-8"))


def write_atomically(path: Path, data: bytes) -> None:
    """Temporary file in the same folder, flush + fsync, then rename over `path`.

    A symbolic link is saved through: the file it points to is replaced, the link
    stays. The temporary file is removed on every failure, interruptions included.
    """
    path = Path(os.path.realpath(path)) if os.path.islink(path) else Path(path)
    folder = path.parent
    try:
        info = path.stat()
    except OSError:
        info = None
    if info is not None and not stat.S_ISREG(info.st_mode):
        kind = file_kind_problem(info.st_mode) or "is not a regular file"
        raise SaveError(f"cannot save {path}: it {kind}; nothing was written")
    mode = None if info is None else stat.S_IMODE(info.st_mode)
    remove_stale_temporaries(path)
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as e:
        raise _save_error(e, path) from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except OSError as e:
        _remove(tmp)
        raise _save_error(e, path) from None
    except BaseException:
        _remove(tmp)
        raise
    _sync_folder(folder)


STALE_SECONDS = 60.0


def remove_stale_temporaries(path: Path, older_than: float = STALE_SECONDS) -> list[Path]:
    """Remove temporary files an earlier save of `path` left behind when its process was
    killed outright (`kill -9`, a power cut), which no handler can clean up; a file
    younger than `older_than` seconds may be another save under way and is kept."""
    import time

    removed = []
    now = time.time()
    try:
        leftovers = list(path.parent.glob(f".{glob_escape(path.name)}.*.tmp"))
    except OSError:
        return removed
    for tmp in leftovers:
        try:
            info = tmp.lstat()
            if stat.S_ISREG(info.st_mode) and now - info.st_mtime > older_than:
                tmp.unlink()
                removed.append(tmp)
        except OSError:
            pass
    return removed


def glob_escape(name: str) -> str:
    """`name` with glob's special characters taken literally."""
    return "".join(f"[{c}]" if c in "*?[" else c for c in name)


def _save_error(e: OSError, path: Path) -> SaveError:
    reason = e.strerror or str(e)
    if e.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        reason += " (is the folder read-only?)"
    elif e.errno == errno.ENOSPC:
        reason += " (the disk is full)"
    error = SaveError(f"cannot save {path}: {reason}; the old file is unchanged")
    error.errno = e.errno
    return error


def _remove(tmp: str) -> None:
    try:
        os.unlink(tmp)
    except OSError:
        pass


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); harmless to skip where unsupported."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
