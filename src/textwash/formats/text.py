"""Plain text: bytes to ``str``, UTF-8 first, a legacy encoding decided only when it is not.

UTF-8 is read as it is (a byte-order mark stays a character; the filters decide about it),
at the cost of one decode. Bytes that are not UTF-8 are read as :mod:`.legacy` decides:
Windows-1252 when it reads as plausible text, else the least implausible of the detector's
candidates. A UTF-16 or UTF-32 byte-order mark is obeyed. ``encoding=`` forces one
encoding instead (``clean --encoding``). The output is UTF-8: :attr:`Decoded.encoding`
names the source encoding, so the report can list every converted file, and
:attr:`Decoded.guessed` says whether it was guessed. Binary files (a NUL byte outside
UTF-16/32, or bytes no encoding reads as text) are refused rather than "cleaned".

>>> decode_text("café\\n".encode("utf-8"))
Decoded(text='café\\n', encoding=None, guessed=False)
>>> decode_text("caf\\xe9 \\x93cr\\xe8me\\x94\\n".encode("latin-1"))
Decoded(text='café “crème”\\n', encoding='windows-1252', guessed=True)
>>> decode_text("Привет".encode("koi8-r"), encoding="KOI8_R")
Decoded(text='Привет', encoding='koi8-r', guessed=False)
>>> decode_text(b"\\x00\\x01PNG")
Traceback (most recent call last):
...
textwash.formats.FormatError: binary file (NUL byte at offset 0), not text
"""

from __future__ import annotations

import codecs
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from textwash.document import Document
from textwash.formats import FormatError
from textwash.formats.base import DocumentReader, Item, ReadOptions
from textwash.formats.compression import Codec
from textwash.formats.legacy import canonical_name, decode_as, guess


@dataclass(frozen=True)
class Decoded:
    """A file's text, and the encoding it was converted from (``None``: it was UTF-8).

    ``guessed`` is true when nothing declared the encoding (no byte-order mark, no
    ``--encoding``, no ``<meta charset>``): the report lists such files for a person to
    check.
    """

    text: str
    encoding: str | None = None
    guessed: bool = False


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_text(data: bytes, encoding: str | None = None) -> Decoded:
    """Decode a text file's bytes: UTF-8 as is, other encodings decided and converted.

    ``encoding`` (any name Python knows; ``latin-1`` and ``cp1252`` mean the WHATWG
    Windows-1252) skips the decision. An unknown name raises ``LookupError``; bytes
    that do not decode as the named encoding raise :class:`FormatError`.
    """
    if encoding is not None:
        return _decode_forced(data, canonical_name(encoding))
    for bom, wide in _BOMS:  # UTF-32 first: its LE mark starts with UTF-16's
        if data.startswith(bom):
            try:
                return Decoded(data.decode(wide), wide)
            except UnicodeDecodeError as error:
                raise FormatError(f"starts with a {wide} mark but is not {wide}: {error}") from None
    _refuse_binary(data)
    try:
        return Decoded(data.decode("utf-8"))
    except UnicodeDecodeError as error:
        bad = error.start
    found = guess(data)
    if found is None:
        raise FormatError(
            f"not UTF-8 (byte 0x{data[bad]:02x} at offset {bad}) and no other encoding fits"
        )
    return Decoded(found.text, found.encoding, guessed=True)


def _decode_forced(data: bytes, encoding: str) -> Decoded:
    if not encoding.startswith(("utf-16", "utf-32")):
        _refuse_binary(data)
    try:
        text = decode_as(data, encoding)
    except UnicodeDecodeError as error:
        raise FormatError(
            f"not {encoding}, the encoding given (byte 0x{data[error.start]:02x} "
            f"at offset {error.start}: {error.reason})"
        ) from None
    if text.encode("utf-8", errors="surrogatepass") == data:
        return Decoded(text)  # nothing to convert: the bytes are already the UTF-8 output
    return Decoded(text, encoding)


def _refuse_binary(data: bytes) -> None:
    nul = data.find(b"\x00")
    if nul >= 0:
        raise FormatError(f"binary file (NUL byte at offset {nul}), not text")


def is_ascii_compatible(encoding: str) -> bool:
    """Whether ASCII bytes mean ASCII in ``encoding`` (not so in UTF-16, UTF-32, EBCDIC).

    >>> is_ascii_compatible("shift_jis"), is_ascii_compatible("utf-16")
    (True, False)
    """
    probe = "Az09 .\n"
    try:
        return decode_as(probe.encode("ascii"), canonical_name(encoding)) == probe
    except (UnicodeDecodeError, LookupError):
        return False


def byte_view(data: bytes) -> str:
    """Bytes as a person can compare them with the decoded text: the UTF-8 in them as is,
    every other byte as ``\\xNN`` (what ``--diff`` and ``--explain`` show as the original).

    >>> byte_view(b"Bentley\\x92s caf\\xc3\\xa9")
    'Bentley\\\\x92s café'
    """
    return data.decode("utf-8", errors="backslashreplace")


def encode_text(text: str) -> bytes:
    """``text`` as UTF-8, or :class:`FormatError` for text no UTF-8 file can hold."""
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as error:
        raise FormatError(
            f"cleaned text holds an unpaired surrogate (U+{ord(text[error.start]):04X}) "
            "and cannot be written as UTF-8"
        ) from None


# -- whole files as documents (text here, HTML in .html) ----------------------------------

#: Bytes of a file to its text and the encoding read (``Decoded``), for one file's options.
Decoder = Callable[[bytes, ReadOptions], Decoded]


class WholeFileReader:
    """One document: the whole file, read at once, decompressed and decoded.

    An empty file (nothing after decompression) gives an item with no document. The item's
    ``raw`` is the file's bytes as read, written back as they are when nothing changes;
    ``None`` when the output is always the text (HTML becomes text).
    """

    def __init__(
        self,
        stream: BinaryIO,
        codec: Codec,
        options: ReadOptions,
        decode: Decoder,
        *,
        keeps_bytes: bool,
    ) -> None:
        if not options.part.everything:
            raise FormatError("a whole-file document cannot be read in parts")
        self._stream = stream
        self._codec = codec
        self.options = options
        self._decode = decode
        self._keeps_bytes = keeps_bytes

    def __iter__(self) -> Iterator[Item]:
        raw = self._stream.read()
        data = self._codec.decompress(raw)
        if not data:
            yield Item(None, raw=raw if self._keeps_bytes else b"")
            return
        decoded = self._decode(data, self.options)
        doc = Document(decoded.text, self.options.name, self.options.source)
        yield Item(
            doc,
            raw=raw if self._keeps_bytes else None,
            encoding=decoded.encoding,
            guessed=decoded.guessed,
            data=data,
            converted=decoded.encoding is not None and self._keeps_bytes,
        )


class WholeFileWriter:
    """Writes the file's bytes back where nothing changed, else the text as UTF-8
    (compressed as the file was)."""

    def __init__(self, sink: BinaryIO, codec: Codec) -> None:
        self._sink = sink
        self._codec = codec

    def write(self, item: Item, cleaned: Document | None) -> None:
        if cleaned is None:
            self._sink.write(item.raw or b"")
        elif item.raw is not None and not item.converted and cleaned.text == item.document.text:  # type: ignore[union-attr]
            self._sink.write(item.raw)
        else:
            self._sink.write(self._codec.compress(encode_text(cleaned.text)))

    def close(self) -> None:
        self._sink.flush()


def _decode_text(data: bytes, options: ReadOptions) -> Decoded:
    return decode_text(data, options.encoding)


class TextHandler:
    """Text files (``.txt``, ``.txt.gz``): one document each, decoded as above."""

    whole_file = True
    sequential = True

    def reader(self, stream: BinaryIO, codec: Codec, options: ReadOptions) -> WholeFileReader:
        return WholeFileReader(stream, codec, options, _decode_text, keeps_bytes=True)

    def writer(self, sink: BinaryIO, codec: Codec, reader: DocumentReader) -> WholeFileWriter:
        return WholeFileWriter(sink, codec)

    def faithful(self, codec: Codec) -> bool:
        return True


HANDLER = TextHandler()
