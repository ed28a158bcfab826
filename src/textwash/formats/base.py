"""What every format provides: a reader of :class:`~textwash.Document` s and a writer of them.

The runner walks every file the same way: open a binary stream, let the format's reader
turn it into :class:`Item` s, clean each item's document, hand item and cleaned document to
the format's writer, which writes bytes to an opened binary sink. Nothing in a reader or a
writer knows about paths, output folders, caches or the pipeline, so the same reader serves
a local file, standard input, or (later) an object in a bucket opened through fsspec.

A format is one module of this package with a :class:`Handler` (how to read and write it)
and one line in :data:`textwash.formats.FORMATS` naming that handler and the compression it
sits on (:mod:`.compression`).

An item carries, besides its document, what the writer needs to write it back as it was
(the JSONL line, the Parquet row group and row, the file's bytes), so that an unchanged
document is written back byte for byte and a changed one changes only its text.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, BinaryIO, Protocol

from textwash.document import Document
from textwash.formats.compression import Codec

if TYPE_CHECKING:
    from textwash.formats.html import HtmlOptions


@dataclass(frozen=True)
class Part:
    """Which part of a file to read; the default is the whole file.

    The unit is the format's: bytes for record formats (``start`` and ``end`` on line
    boundaries; lines are numbered from ``first_line`` in messages), row groups for table
    formats. Whole-file formats and compressed files can only be read whole. ``end`` ``None``:
    to the end of the file.
    """

    start: int = 0
    end: int | None = None
    first_line: int = 1

    @property
    def everything(self) -> bool:
        return self.start == 0 and self.end is None


#: The whole file.
EVERYTHING = Part()


@dataclass(frozen=True)
class ReadOptions:
    """How to read documents out of any file, whatever its format.

    ``name`` is how the file is named in ids and messages (the path as the user gave it),
    ``source`` is what a document's :attr:`~textwash.Document.source` says (``None``: a
    stream); ``text_key``: the field or column holding the text; ``encoding``: the encoding
    of text and HTML files (``None``: decided per file); ``html``: what a page becomes.
    """

    name: str
    source: str | None = None
    text_key: str = "text"
    encoding: str | None = None
    html: HtmlOptions | None = None
    part: Part = EVERYTHING


@dataclass(frozen=True)
class Item:
    """One piece of a file as read: a document to clean, or something to pass through.

    ``document`` is ``None`` for what is written back untouched and never cleaned (a blank
    line, a null text, a record that cannot be read: then ``problem`` says why, and the
    runner reports it). ``line`` and ``row`` place the item in its file for messages.
    ``raw`` is the format's own: what its writer needs to write the item back as it was.
    """

    document: Document | None
    raw: Any = None
    line: int | None = None
    row: int | None = None
    problem: str | None = None
    #: The id the file itself gives the document (``None``: the id was made up from the
    #: file's name and the item's place).
    given_id: str | None = None
    #: Whole files converted to UTF-8: the encoding they were read in (``None``: UTF-8),
    #: whether it was guessed, and the bytes as read (for diffs that show them).
    encoding: str | None = None
    guessed: bool = False
    data: bytes = b""
    #: The output differs from the input even where the text does not (a file converted
    #: to UTF-8).
    converted: bool = False
    #: The document's text was extracted from another field (a record's HTML, see
    #: ``--html-key``); ``output_text`` is what the field the cleaned text goes to holds
    #: now (``None``: the record has no such field yet).
    extracted: bool = False
    output_text: str | None = None

    @property
    def before(self) -> str:
        """What the output holds for this document before it is cleaned."""
        if self.extracted:
            return self.output_text or ""
        assert self.document is not None
        return self.document.text

    def changes(self, cleaned: str) -> bool:
        """Whether writing ``cleaned`` for this item changes what the output holds."""
        if self.extracted:
            return cleaned != self.output_text
        assert self.document is not None
        return cleaned != self.document.text

    @property
    def where(self) -> str:
        """The item's place in words: ``line 3``, ``row 7``, or ``""`` for a whole file."""
        if self.line is not None:
            return f"line {self.line}"
        if self.row is not None:
            return f"row {self.row}"
        return ""


class DocumentReader(Protocol):
    """The items of one opened file, in order."""

    def __iter__(self) -> Iterator[Item]: ...


class DocumentWriter(Protocol):
    """Writes items back, each as it was read or with its cleaned text, to an opened sink.

    ``write(item, None)`` writes the item as it was read; :meth:`close` finishes the data
    (a compressed stream's end, a Parquet footer) and leaves the sink open.
    """

    def write(self, item: Item, cleaned: Document | None) -> None: ...

    def close(self) -> None: ...


class Handler(Protocol):
    """How one format is read and written.

    ``whole_file``: one document per file, cleaned as a whole file (final newline); the
    other formats hold many documents. ``sequential``: the reader reads its stream once,
    front to back (so the bytes it reads can be hashed on the way); a random-access format
    (Parquet) needs a seekable stream. ``faithful(codec)``: the writer writes an input in which
    nothing changed back byte for byte (false where it recompresses or re-encodes; the
    runner then copies the input instead).
    """

    whole_file: bool
    sequential: bool

    def reader(self, stream: BinaryIO, codec: Codec, options: ReadOptions) -> DocumentReader: ...

    def writer(self, sink: BinaryIO, codec: Codec, reader: DocumentReader) -> DocumentWriter: ...

    def faithful(self, codec: Codec) -> bool: ...
