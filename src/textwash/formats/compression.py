"""Compression codecs for shards and text files: none, gzip, zstd.

Outputs are reproducible: the same text always compresses to the same bytes (gzip headers
carry no timestamp and no file name), so a resumed run, a ``-j 1`` run and a ``-j 8`` run
produce identical files. zstd needs the ``zstandard`` package (``textwash[zstd]``); it is
imported only when a ``.zst`` file is met.
"""

from __future__ import annotations

import gzip
import io
import zlib
from collections.abc import Iterable, Iterator
from typing import Any, BinaryIO, cast

#: gzip level: 6 is gzip's own default, far faster than Python's 9 for about the same size.
GZIP_LEVEL = 6
#: zstd level: the library's default.
ZSTD_LEVEL = 3


class CodecError(Exception):
    """A compressed file that cannot be decompressed, or a codec that is not installed."""


def _zstandard() -> Any:
    try:
        import zstandard
    except ImportError:
        raise CodecError(
            "reading .zst files needs the zstandard package: pip install 'textwash[zstd]'"
        ) from None
    return zstandard


class Codec:
    """How a file's bytes are stored: ``none``, ``gzip`` or ``zstd``."""

    def __init__(self, name: str) -> None:
        if name not in ("none", "gzip", "zstd"):
            raise ValueError(f"unknown codec {name!r}")
        self.name = name

    def __repr__(self) -> str:
        return f"Codec({self.name!r})"

    # -- whole files (text formats) -------------------------------------------------------

    def decompress(self, data: bytes) -> bytes:
        try:
            if self.name == "gzip":
                return gzip.decompress(data)
            if self.name == "zstd":
                out = io.BytesIO()
                with (
                    _zstandard()
                    .ZstdDecompressor()
                    .stream_reader(io.BytesIO(data), read_across_frames=True) as reader
                ):
                    while chunk := reader.read(1 << 20):
                        out.write(chunk)
                return out.getvalue()
        except (OSError, EOFError, zlib.error) as error:
            raise CodecError(f"not valid {self.name} data: {error}") from None
        except CodecError:
            raise
        except Exception as error:  # zstandard.ZstdError and friends
            raise CodecError(f"not valid {self.name} data: {error}") from None
        return data

    def compress(self, data: bytes) -> bytes:
        if self.name == "gzip":
            return gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0)
        if self.name == "zstd":
            return cast(bytes, _zstandard().ZstdCompressor(level=ZSTD_LEVEL).compress(data))
        return data

    # -- streams (record formats) -------------------------------------------------------

    def reader(self, raw: BinaryIO) -> BinaryIO:
        """A buffered stream of the decompressed bytes of ``raw`` (iterate it for lines)."""
        if self.name == "gzip":
            return cast(BinaryIO, gzip.GzipFile(fileobj=raw, mode="rb"))
        if self.name == "zstd":
            stream = (
                _zstandard()
                .ZstdDecompressor()
                .stream_reader(raw, read_across_frames=True, closefd=False)
            )
            return cast(BinaryIO, io.BufferedReader(stream, 1 << 20))
        return raw

    def writer(self, raw: BinaryIO) -> BinaryIO:
        """A stream compressing into ``raw``; closing it finishes the data, not ``raw``."""
        if self.name == "gzip":
            # filename="" and mtime=0: the header is the same whatever the time and path.
            return cast(
                BinaryIO,
                gzip.GzipFile(
                    filename="", fileobj=raw, mode="wb", compresslevel=GZIP_LEVEL, mtime=0
                ),
            )
        if self.name == "zstd":
            compressor = _zstandard().ZstdCompressor(level=ZSTD_LEVEL)
            return cast(BinaryIO, compressor.stream_writer(raw, closefd=False))
        return cast(BinaryIO, _Uncloseable(raw))

    def lines(self, stream: Iterable[bytes]) -> Iterator[bytes]:
        """The lines of a decompressing stream (:meth:`reader`), with broken compressed data
        said as such (a disk error or a filter's failure is not relabelled)."""
        lines = iter(stream)
        while True:
            try:
                line = next(lines)
            except StopIteration:
                return
            except EOFError:
                raise CodecError(f"{self.name} data ends too early (truncated file)") from None
            except OSError as error:
                if error.errno is not None:
                    raise
                raise CodecError(f"not valid {self.name} data: {error}") from None
            except Exception as error:
                if type(error).__module__.split(".")[0] == "zstandard":
                    raise CodecError(f"not valid {self.name} data: {error}") from None
                raise
            yield line


class _Uncloseable(io.RawIOBase):
    """Writes through to a stream; closing it only flushes (the caller owns the stream)."""

    def __init__(self, raw: BinaryIO) -> None:
        self._raw = raw

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        return self._raw.write(data)

    def close(self) -> None:
        if not self.closed:
            self._raw.flush()
        super().close()
