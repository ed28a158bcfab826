"""Atomic file replacement: an output is either absent, the old file, or complete.

Every file ``clean`` writes goes through here: it is written to a temporary file in the
same folder as its target (so :func:`os.replace` is a rename within one file system),
flushed, made durable, and only then renamed over the target. A process killed at any
moment (``kill -9`` included) leaves at most a temporary file behind, never a truncated
output.

The temporary name is derived from the target's (``.NAME.textwash-tmp``) rather than
random: a run that was killed leaves one stale temp per unfinished output, and the run that
redoes that output reuses, and so removes, it. Only one ``clean`` writes to a folder at a
time (the command holds a lock), so two writers never share a temp name.

Durability (what survives a power cut) is a barrier per :class:`AtomicBatch`, in one of
three modes (:data:`FSYNC_MODES`, ``clean --fsync``):

* ``batch`` (the default): the batch's outputs are written, then made durable at once by
  one ``syncfs(2)`` of each file system they are on (Linux; elsewhere, or where it fails,
  one ``fsync`` per file, run in parallel threads), then renamed. One wait for the disk per
  batch instead of one per file;
* ``always``: each output is ``fsync``-ed on its own as soon as it is written (in a
  background thread, while the next file is cleaned), and renamed once its sync is done;
* ``never``: outputs are renamed without waiting for the disk. Still all-or-nothing for a
  killed process (the kernel keeps what was written); after a power cut, an output renamed
  in the last seconds may be empty or hold old data.

In every mode an output is renamed only after its data is written, and the resume cache
records a batch only after its renames.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> write_atomic(folder / "a.txt", b"hello\\n")
>>> (folder / "a.txt").read_bytes(), sorted(p.name for p in folder.iterdir())
(b'hello\\n', ['a.txt'])
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import stat
import sys
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import BinaryIO

#: How outputs are made durable before they are renamed (see the module docstring).
FSYNC_MODES = ("batch", "always", "never")

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
    return Path(_temp_name(os.fspath(target)))


def _temp_name(target: str) -> str:
    folder, name = os.path.split(target)
    if len(name) > 200:  # keep within NAME_MAX (255 bytes on common file systems)
        name = hashlib.sha256(os.fsencode(name)).hexdigest()[:32]
    return os.path.join(folder, f".{name}{TEMP_SUFFIX}")


def _unlink_quietly(path: str | Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)


class AtomicFile:
    """One output being written: a temp file beside ``target``, replaced over it on commit.

    ``like`` is the stat of a file being rewritten in place: its permission bits (and, where
    allowed, its owner) are copied, so an in-place rewrite changes only the content.

    An output made in memory is written with :meth:`write` (one system call, no buffer); an
    output that streams uses :attr:`file`, a buffered binary file made on first use.
    """

    def __init__(self, target: Path | str, *, like: os.stat_result | None = None) -> None:
        # (kept as strings: a batch opens thousands, and paths are parsed only when asked for)
        self._target = os.fspath(target)
        self._temp = _temp_name(self._target)
        mode = 0o600 if like is not None else 0o666
        try:
            fd = os.open(self._temp, _OPEN_FLAGS, mode)
        except FileExistsError:  # a stale temp from a killed run
            _unlink_quietly(self._temp)
            fd = os.open(self._temp, _OPEN_FLAGS, mode)
        try:
            if like is not None and hasattr(os, "fchmod"):
                os.fchmod(fd, stat.S_IMODE(like.st_mode))
                if hasattr(os, "fchown") and (like.st_uid, like.st_gid) != _owner(fd):
                    with contextlib.suppress(OSError):  # may not give it away: keep ours
                        os.fchown(fd, like.st_uid, like.st_gid)
        except BaseException:
            os.close(fd)
            _unlink_quietly(self._temp)
            raise
        self._fd = fd
        self._file: BinaryIO | None = None
        self.done = False

    @property
    def file(self) -> BinaryIO:
        """The output as a buffered binary file, for formats that stream their output."""
        if self._file is None:
            self._file = os.fdopen(self._fd, "wb")
        return self._file

    @property
    def target(self) -> Path:
        return Path(self._target)

    @property
    def temp(self) -> Path:
        return Path(self._temp)

    def fileno(self) -> int:
        return self._fd

    def write(self, data: bytes) -> None:
        """Write ``data`` whole: straight to the file, unless :attr:`file` is in use."""
        if self._file is not None:
            self._file.write(data)
            return
        view = memoryview(data)
        while view:
            view = view[os.write(self._fd, view) :]

    def flush(self) -> None:
        """Hand what :attr:`file` buffers to the operating system."""
        if self._file is not None:
            self._file.flush()

    def sync(self) -> None:
        """Flush Python's buffer and the operating system's to the disk."""
        self.flush()
        os.fsync(self._fd)

    def _close(self) -> None:
        if self._file is not None:
            self._file.close()
        else:
            os.close(self._fd)

    def commit(self, *, fsync: bool = True) -> None:
        """Make the output visible under its name (after syncing it, unless told not to)."""
        if fsync:
            self.sync()
        self._close()
        os.replace(self._temp, self._target)
        self.done = True

    def discard(self) -> None:
        """Drop the output; the target stays as it was. Safe to call more than once."""
        if self.done:
            return
        self.done = True
        try:
            self._close()
        finally:
            _unlink_quietly(self._temp)

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
        out.write(data)
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
    """Outputs written one after another, made durable together, and made visible together.

    :meth:`open` starts an output; the caller writes it, then calls :meth:`ready` or
    :meth:`AtomicFile.discard`. :meth:`commit` makes every ready output durable as the mode
    says (see the module docstring), then renames each over its target. Each rename is
    atomic on its own, and happens only once its file's data is written (and, unless the
    mode is ``never``, on disk).
    """

    def __init__(self, *, fsync: str | bool = "batch") -> None:
        if isinstance(fsync, bool):
            fsync = "always" if fsync else "never"
        if fsync not in FSYNC_MODES:
            raise ValueError(f"unknown fsync mode {fsync!r} (modes: {', '.join(FSYNC_MODES)})")
        self.fsync = fsync
        self._files: list[AtomicFile] = []
        self._syncs: dict[int, Future[OSError | None]] = {}

    def open(self, target: Path | str, *, like: os.stat_result | None = None) -> AtomicFile:
        out = AtomicFile(target, like=like)
        self._files.append(out)
        return out

    def ready(self, out: AtomicFile) -> None:
        """``out`` is written (with ``always``, its sync starts now, in the background)."""
        if self.fsync == "always" and not out.done and id(out) not in self._syncs:
            out.flush()
            self._syncs[id(out)] = _sync_pool().submit(_sync, out)

    def __len__(self) -> int:
        return sum(not f.done for f in self._files)

    def _wait(self) -> dict[int, OSError | None]:
        results = {key: future.result() for key, future in self._syncs.items()}
        self._syncs = {}
        return results

    def _sync_batch(self, pending: Sequence[AtomicFile]) -> None:
        """Make ``pending`` durable at once: ``syncfs`` where it works, else ``fsync`` each."""
        for out in pending:
            out.flush()
        if not _sync_file_systems(pending):
            for out in pending:
                self._syncs[id(out)] = _sync_pool().submit(_sync, out)

    def commit(self) -> dict[Path, OSError]:
        """Make durable and rename every pending output; return the targets that failed,
        with why."""
        pending = [f for f in self._files if not f.done]
        if self.fsync == "always":
            for out in pending:
                self.ready(out)
        elif self.fsync == "batch" and pending:
            self._sync_batch(pending)
        synced = self._wait()
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


@functools.cache
def _syncfs() -> Callable[[int], int] | None:
    """Linux's ``syncfs(2)`` through ctypes (``None`` where there is none)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        function = libc.syncfs
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int]
    function.restype = ctypes.c_int
    return function


def _sync_file_systems(pending: Sequence[AtomicFile]) -> bool:
    """``syncfs`` each file system the outputs are on (one file per folder tells which);
    false when that is not possible or fails (the caller then syncs file by file, which
    also says which file could not be written)."""
    syncfs = _syncfs()
    if syncfs is None:
        return False
    devices: dict[int, int] = {}
    folders: set[str] = set()
    for out in pending:
        folder = os.path.dirname(out._temp)
        if folder in folders:
            continue
        folders.add(folder)
        fd = out.fileno()
        devices.setdefault(os.fstat(fd).st_dev, fd)
    return all(syncfs(fd) == 0 for fd in devices.values())


def _sync(out: AtomicFile) -> OSError | None:
    try:
        os.fsync(out.fileno())
    except OSError as error:
        return error
    return None
