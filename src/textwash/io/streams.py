"""Stream wrappers the runner puts between a file and a format: hashing on the way through,
and writing every byte to a pipe or failing.

The resume cache needs the sha256 of each input (and of each file rewritten in place).
:class:`HashingReader` and :class:`HashingWriter` compute it from the bytes the format
reads or writes anyway, so no file is read a second time to hash it.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterator
from typing import Any, BinaryIO


class HashingReader(io.RawIOBase):
    """Reads through to a raw stream, hashing and counting every byte that passes."""

    def __init__(self, raw: BinaryIO) -> None:
        self._raw = raw
        self.digest = hashlib.sha256()
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        n = self._raw.readinto(buffer)  # type: ignore[attr-defined]
        if n:
            self.digest.update(memoryview(buffer)[:n])
            self.count += n
        return int(n or 0)

    def readall(self) -> bytes:
        data = self._raw.read()
        self.digest.update(data)
        self.count += len(data)
        return data


class CountingReader:
    """Reads through to a stream as it is read (line by line, or in blocks), counting the
    bytes: a pipe's lines come through as soon as they arrive, not once a buffer is full."""

    def __init__(self, raw: BinaryIO) -> None:
        self._raw = raw
        self.count = 0

    def read(self, size: int = -1) -> bytes:
        data = self._raw.read(size)
        self.count += len(data)
        return data

    def read1(self, size: int = -1) -> bytes:
        data = self._raw.read1(size)  # type: ignore[attr-defined]
        self.count += len(data)
        return bytes(data)

    def readinto(self, buffer: Any) -> int:
        n = int(self._raw.readinto(buffer) or 0)  # type: ignore[attr-defined]
        self.count += n
        return n

    def readline(self, size: int = -1) -> bytes:
        line = self._raw.readline(size)
        self.count += len(line)
        return line

    def __iter__(self) -> Iterator[bytes]:
        while line := self.readline():
            yield line

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    @property
    def closed(self) -> bool:
        return bool(self._raw.closed)


class HashingWriter(io.RawIOBase):
    """Writes through to a stream, hashing every byte that passes; closing it flushes the
    stream and leaves it open."""

    def __init__(self, raw: BinaryIO) -> None:
        self._raw = raw
        self.digest = hashlib.sha256()

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self.digest.update(data)
        return self._raw.write(data)

    def flush(self) -> None:
        if not self.closed:
            self._raw.flush()

    def close(self) -> None:
        if not self.closed:
            self._raw.flush()
        super().close()


class FullWriter(io.RawIOBase):
    """Writes every byte or raises: a buffered stdout whose reader has gone may accept part
    of a write and say so only in the count it returns, which callers (gzip) ignore.

    Closing it leaves the stream it writes to as it is (its owner flushes and closes it).
    """

    def __init__(self, raw: BinaryIO) -> None:
        self._raw = raw
        self._released = False

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        view = memoryview(data).cast("B")
        total = len(view)
        while view:
            written = self._raw.write(view)
            if not written:
                raise BrokenPipeError("the output accepts no more data")
            view = view[written:]
        return total

    def flush(self) -> None:
        if not self._released:
            self._raw.flush()

    def close(self) -> None:
        self._released = True
        super().close()
