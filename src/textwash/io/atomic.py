"""Atomic file replacement: an output is either absent, the old file, or complete.

Every file ``clean`` writes goes through here: it is written to a temporary file in the
same folder as its target (so :func:`os.replace` is a rename within one file system),
flushed, ``fsync``-ed, and only then renamed over the target. A process killed at any
moment leaves at most a temporary file behind, never a truncated output.

The temporary name is derived from the target's (``.NAME.textwash-tmp``) rather than
random: a run that was killed leaves one stale temp per unfinished output, and the run that
redoes that output reuses, and so removes, it. Only one ``clean`` writes to a folder at a
time (the command holds a lock), so two writers never share a temp name.

``fsync`` is what makes the output survive a power cut, and it is slow one file at a time
(each call waits for a journal commit). :class:`AtomicBatch` therefore syncs each output in
a background thread as soon as it is written, while the next file is being cleaned, and
renames the outputs of a group once their syncs are done: the same guarantee per file, and
on the benchmark corpus no measurable cost over not syncing at all.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> write_atomic(folder / "a.txt", b"hello\\n")
>>> (folder / "a.txt").read_bytes(), sorted(p.name for p in folder.iterdir())
(b'hello\\n', ['a.txt'])
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import BinaryIO

#: Suffix of the temporary files; :mod:`textwash.io.files` never treats them as inputs.
TEMP_SUFFIX = ".textwash-tmp"

_OPEN_FLAGS = (
    os.O_WRONLY
    | os.O_CREAT
    | os.O_EXCL
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


def temp_path(target: Path) -> Path:
    """The temporary file an output is written to before it replaces ``target``.

    >>> temp_path(Path("out/a.txt")).as_posix()
    'out/.a.txt.textwash-tmp'
    """
    name = target.name
    if len(name) > 200:  # keep within NAME_MAX (255 bytes on common file systems)
        name = hashlib.sha256(os.fsencode(name)).hexdigest()[:32]
    return target.with_name(f".{name}{TEMP_SUFFIX}")


def _unlink_quietly(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)


class AtomicFile:
    """One output being written: a temp file beside ``target``, replaced over it on commit.

    ``like`` is the stat of a file being rewritten in place: its permission bits (and, where
    allowed, its owner) are copied, so an in-place rewrite changes only the content.
    """

    def __init__(self, target: Path, *, like: os.stat_result | None = None) -> None:
        self.target = target
        self.temp = temp_path(target)
        _unlink_quietly(self.temp)  # a stale temp from a killed run
        fd = os.open(self.temp, _OPEN_FLAGS, 0o600 if like is not None else 0o666)
        try:
            if like is not None and hasattr(os, "fchmod"):
                os.fchmod(fd, stat.S_IMODE(like.st_mode))
                if hasattr(os, "fchown") and (like.st_uid, like.st_gid) != _owner(fd):
                    with contextlib.suppress(OSError):  # may not give it away: keep ours
                        os.fchown(fd, like.st_uid, like.st_gid)
            self.file: BinaryIO = os.fdopen(fd, "wb")
        except BaseException:
            os.close(fd)
            _unlink_quietly(self.temp)
            raise
        self.done = False

    def sync(self) -> None:
        """Flush Python's buffer and the operating system's to the disk."""
        self.file.flush()
        os.fsync(self.file.fileno())

    def commit(self, *, fsync: bool = True) -> None:
        """Make the output visible under its name (after syncing it, unless told not to)."""
        if fsync:
            self.sync()
        self.file.close()
        os.replace(self.temp, self.target)
        self.done = True

    def discard(self) -> None:
        """Drop the output; the target stays as it was. Safe to call more than once."""
        if self.done:
            return
        self.done = True
        try:
            self.file.close()
        finally:
            _unlink_quietly(self.temp)

    def __enter__(self) -> AtomicFile:
        return self

    def __exit__(self, kind: object, value: object, traceback: object) -> None:
        if kind is None:
            self.commit()
        else:
            self.discard()


def _owner(fd: int) -> tuple[int, int]:
    st = os.fstat(fd)
    return st.st_uid, st.st_gid


def write_atomic(target: Path, data: bytes, *, fsync: bool = True) -> None:
    """Replace ``target`` by ``data`` atomically."""
    out = AtomicFile(target)
    try:
        out.file.write(data)
    except BaseException:
        out.discard()
        raise
    out.commit(fsync=fsync)


_pool_lock = threading.Lock()
_pool: tuple[int, ThreadPoolExecutor] | None = None


def _sync_pool() -> ThreadPoolExecutor:
    """Threads for fsync, created once per process (a forked child makes its own)."""
    global _pool
    with _pool_lock:
        if _pool is None or _pool[0] != os.getpid():
            _pool = (os.getpid(), ThreadPoolExecutor(8, thread_name_prefix="textwash-fsync"))
        return _pool[1]


class AtomicBatch:
    """Outputs written one after another and made visible together.

    :meth:`open` starts an output; the caller writes it, then calls :meth:`ready` (its sync
    starts in the background while the caller goes on with the next file) or
    :meth:`AtomicFile.discard`. :meth:`commit` waits for every sync (the file system folds
    concurrent ones into few journal commits), then renames each output over its target.
    Each rename is still atomic on its own, and happens only once its file is on disk;
    what is shared is the wait for the disk.
    """

    def __init__(self, *, fsync: bool = True) -> None:
        self.fsync = fsync
        self._files: list[AtomicFile] = []
        self._syncs: dict[int, Future[OSError | None]] = {}

    def open(self, target: Path, *, like: os.stat_result | None = None) -> AtomicFile:
        out = AtomicFile(target, like=like)
        self._files.append(out)
        return out

    def ready(self, out: AtomicFile) -> None:
        """``out`` is written: start syncing it to disk now, in the background."""
        if self.fsync and not out.done and id(out) not in self._syncs:
            out.file.flush()
            self._syncs[id(out)] = _sync_pool().submit(_sync, out)

    def __len__(self) -> int:
        return sum(not f.done for f in self._files)

    def _wait(self) -> dict[int, OSError | None]:
        results = {key: future.result() for key, future in self._syncs.items()}
        self._syncs = {}
        return results

    def commit(self) -> dict[Path, OSError]:
        """Sync and rename every pending output; return the targets that failed, with why."""
        for out in self._files:
            if not out.done:
                self.ready(out)
        synced = self._wait()
        pending = [f for f in self._files if not f.done]
        self._files = []
        failed: dict[Path, OSError] = {}
        for out in pending:
            error = synced.get(id(out))
            if error is None:
                try:
                    out.commit(fsync=False)
                    continue
                except OSError as rename_error:
                    error = rename_error
            failed[out.target] = error
            out.discard()
        return failed

    def abort(self) -> None:
        """Drop every pending output."""
        self._wait()
        for out in self._files:
            out.discard()
        self._files = []


def _sync(out: AtomicFile) -> OSError | None:
    try:
        os.fsync(out.file.fileno())
    except OSError as error:
        return error
    return None
