"""Resume: which inputs are already done under the current configuration.

The pattern is black's (``src/black/cache.py``): per input, its (mtime, size, sha256); an
input counts as done when its size matches and either its mtime matches or, if only the
mtime moved, its content hash still does. The cache is keyed by the configuration (the
pipeline's :meth:`~textwash.Pipeline.cache_key`, the textwash version and the reading
options), so a changed filter, option or release is never mistaken for work already done.

What "done" means depends on where the cache lives:

* **with -o OUTDIR** the cache is ``OUTDIR/.textwash-cache/``: an entry says "this input's
  output is in this OUTDIR, complete". It lives with the outputs it vouches for, so deleting
  or moving the output tree takes the cache along, and a run into another folder never
  trusts it. Only one configuration's cache is kept there: starting a run with another
  configuration deletes the others first (their outputs are about to be overwritten). An
  entry also records the output's size, and the output must still exist with that size.
* **with --in-place, --check or --diff** the cache is in the user cache folder
  (``$TEXTWASH_CACHE_DIR``, else ``$XDG_CACHE_HOME/textwash`` or the platform's equivalent),
  as black keeps its own: an entry says "this file, as it is now, is clean".

Entries are recorded only after the output is on disk, never for failed files. They are
appended to a journal (``KEY.log``, one JSON line each) as files finish, so a run killed at
any moment loses at most the line being written (a torn last line is ignored); at the end of
a run the journal is folded into a snapshot (``KEY.json``) written atomically. An unreadable
cache counts as empty.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from textwash.io.atomic import write_atomic

#: Name of the cache folder inside an output directory; never read as input.
CACHE_DIR_NAME = ".textwash-cache"

_SNAPSHOT_VERSION = 1


@dataclass(frozen=True)
class Fingerprint:
    """What identifies a file's content cheaply: mtime and size, and its hash to confirm."""

    mtime_ns: int
    size: int
    sha256: str


@dataclass(frozen=True)
class Entry:
    """One finished input: its fingerprint, format, and the output it produced (if any)."""

    fingerprint: Fingerprint
    format: str
    output: str | None = None
    output_size: int | None = None

    def to_json(self) -> list[Any]:
        fp = self.fingerprint
        return [fp.mtime_ns, fp.size, fp.sha256, self.format, self.output, self.output_size]

    @classmethod
    def from_json(cls, row: list[Any]) -> Entry:
        mtime, size, sha, fmt, output, output_size = row
        return cls(Fingerprint(int(mtime), int(size), str(sha)), str(fmt), output, output_size)


def file_sha256(path: str | Path) -> str:
    """The SHA-256 of a file's bytes, read in chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def user_cache_dir() -> Path:
    """Where the in-place/check cache lives: ``$TEXTWASH_CACHE_DIR`` or the user cache."""
    if override := os.environ.get("TEXTWASH_CACHE_DIR"):
        return Path(override)
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
        return base / "textwash" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "textwash"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "textwash"


class CacheLockedError(Exception):
    """Another ``clean`` is writing to the same output directory."""


class Cache:
    """Finished inputs under one configuration key, in one folder.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> src = folder / "a.txt"
    >>> _ = src.write_text("hello")
    >>> cache = Cache.open(folder / "cache", "k1")
    >>> cache.done(str(src), "txt")
    False
    >>> cache.record(str(src), Entry(fingerprint_of(src), "txt"))
    >>> cache.close()
    >>> Cache.open(folder / "cache", "k1").done(str(src), "txt")
    True
    >>> Cache.open(folder / "cache", "k2").done(str(src), "txt")
    False
    """

    def __init__(self, folder: Path, key: str, entries: dict[str, Entry]) -> None:
        self.folder = folder
        self.key = key
        self.entries = entries
        self._journal: IO[bytes] | None = None
        self._new: dict[str, Entry] = {}
        self._lock: IO[bytes] | None = None

    # -- opening and closing ------------------------------------------------------------

    @classmethod
    def open(cls, folder: Path, key: str, *, exclusive: bool = False, wait: float = 10.0) -> Cache:
        """Load the cache for ``key`` in ``folder``.

        ``exclusive`` (an output directory's cache): hold a lock for the whole run, so a
        second ``clean`` into the same folder waits or stops, and delete the caches of other
        configurations.
        """
        folder.mkdir(parents=True, exist_ok=True)
        lock = _acquire(folder / "lock", wait) if exclusive else None
        if exclusive:
            for path in folder.iterdir():
                if path.suffix in (".json", ".log") and path.stem != key:
                    with contextlib.suppress(OSError):
                        path.unlink()
        cache = cls(folder, key, _load(folder, key))
        cache._lock = lock
        return cache

    def close(self) -> None:
        """Fold the journal into the snapshot and release the folder."""
        try:
            if self._journal is not None:
                self._journal.close()
                self._journal = None
                with _locked(self.folder / "lock", shared_with=self._lock):
                    merged = _load(self.folder, self.key)
                    merged.update(self._new)
                    self.entries = merged
                    snapshot = {
                        "version": _SNAPSHOT_VERSION,
                        "key": self.key,
                        "entries": {path: e.to_json() for path, e in merged.items()},
                    }
                    data = json.dumps(snapshot, separators=(",", ":")).encode("utf-8")
                    write_atomic(self._path(".json"), data)
                    with open(self._path(".log"), "wb"):
                        pass  # the journal is in the snapshot now
        finally:
            if self._lock is not None:
                self._lock.close()
                self._lock = None

    def __enter__(self) -> Cache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _path(self, suffix: str) -> Path:
        return self.folder / f"{self.key}{suffix}"

    # -- using it -----------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.entries)

    def done(self, path: str, fmt: str, output: str | None = None) -> bool:
        """Whether ``path`` is finished: unchanged since, same format, output still there."""
        entry = self.entries.get(path)
        if entry is None or entry.format != fmt or entry.output != output:
            return False
        try:
            st = os.stat(path)
            if output is not None and os.stat(output).st_size != entry.output_size:
                return False
        except OSError:
            return False
        fp = entry.fingerprint
        if st.st_size != fp.size:
            return False
        if st.st_mtime_ns == fp.mtime_ns:
            return True
        try:
            return file_sha256(path) == fp.sha256
        except OSError:
            return False

    def record(self, path: str, entry: Entry) -> None:
        """Remember ``path`` as finished (call only once its output is on disk)."""
        self.entries[path] = entry
        self._new[path] = entry
        if self._journal is None:
            self._journal = open(self._path(".log"), "ab")  # noqa: SIM115 (closed in close)
        line = json.dumps([path, *entry.to_json()], separators=(",", ":"))
        self._journal.write(line.encode("utf-8") + b"\n")
        self._journal.flush()


def fingerprint_of(path: str | Path) -> Fingerprint:
    """The fingerprint of a file as it is now."""
    st = os.stat(path)
    return Fingerprint(st.st_mtime_ns, st.st_size, file_sha256(path))


def _load(folder: Path, key: str) -> dict[str, Entry]:
    entries: dict[str, Entry] = {}
    try:
        snapshot = json.loads((folder / f"{key}.json").read_bytes())
        if snapshot.get("version") == _SNAPSHOT_VERSION and snapshot.get("key") == key:
            for path, row in snapshot["entries"].items():
                entries[path] = Entry.from_json(row)
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        entries = {}  # no snapshot, or an unreadable one: start from nothing
    try:
        with open(folder / f"{key}.log", "rb") as journal:
            for line in journal:
                try:
                    path, *row = json.loads(line)
                    entries[str(path)] = Entry.from_json(row)
                except (ValueError, TypeError):
                    continue  # a line torn by a kill
    except OSError:
        pass
    return entries


def _acquire(path: Path, wait: float) -> IO[bytes]:
    """Hold an exclusive lock on ``path`` (waiting up to ``wait`` seconds)."""
    handle = open(path, "a+b")  # noqa: SIM115 (kept open while the lock is held)
    try:
        import fcntl
    except ImportError:  # no advisory locks here: run without
        return handle
    deadline = time.monotonic() + wait
    while True:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            return handle
        except BlockingIOError:
            if time.monotonic() >= deadline:
                handle.close()
                raise CacheLockedError(
                    f"another clean is writing to {path.parent.parent} (lock {path})"
                ) from None
            time.sleep(0.1)


@contextlib.contextmanager
def _locked(path: Path, *, shared_with: IO[bytes] | None) -> Iterator[None]:
    """Hold the folder's lock while compacting (already held by an exclusive cache)."""
    if shared_with is not None:
        yield
        return
    handle = _acquire(path, wait=30.0)
    try:
        yield
    finally:
        handle.close()
