"""JSON Lines shards in datatrove/dolma layout, read and written one record at a time.

Each line is a JSON object with the text under a key (``"text"`` unless ``--text-key`` says
otherwise), usually an ``"id"``, and any other fields (``"metadata"``, ``"source"``,
``"added"``...). Cleaning changes the text and nothing else, down to the byte:

* a record whose text the filters leave alone is written back as the very line it was;
* a record whose text changes has only that value replaced in the line (:func:`splice`):
  key order, spacing, number formatting and every other field stay as they were. The new
  value is written with non-ASCII characters as they are, unless the line escaped them
  (``\\u00e9``), in which case it escapes them too;
* a line that is not a JSON object with a string text (malformed JSON, invalid UTF-8, a
  missing key) is reported by line number and kept exactly as it was, so the shard loses
  nothing; blank lines are kept too.

>>> record = parse_line(b'{"id": "a", "text": "caf\\\\u00e9  ", "n": 1.50}\\n', 1, "text")
>>> record.text, record.id
('café  ', 'a')
>>> splice(record.raw, "text", "café")
b'{"id": "a", "text": "caf\\\\u00e9", "n": 1.50}\\n'
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from json.decoder import scanstring  # type: ignore[attr-defined]
from typing import TYPE_CHECKING, Any, BinaryIO

from textwash.document import Document
from textwash.formats import FormatError
from textwash.formats.base import DocumentReader, Item, ReadOptions
from textwash.formats.compression import Codec

if TYPE_CHECKING:
    from textwash.formats.html import HtmlOptions

_WS = re.compile(r"[ \t\n\r]*")
#: A ``\\uXXXX`` escape of a non-ASCII character.
_NON_ASCII_ESCAPE = re.compile(r"\\u(?:00[89a-fA-F]|0[1-9a-fA-F]|[1-9a-fA-F])")
_DECODER = json.JSONDecoder()


@dataclass(frozen=True)
class Record:
    """One line of a shard: its number, its bytes, and its text (or why it has none)."""

    line: int
    raw: bytes
    text: str | None = None
    id: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    error: str | None = None
    #: The string value of the ``output_key`` asked for (``None``: missing or not a string).
    output: str | None = None

    @property
    def blank(self) -> bool:
        return self.text is None and self.error is None


def parse_line(raw: bytes, line: int, text_key: str, output_key: str | None = None) -> Record:
    """Read one line of a shard (``line`` is 1-based, for messages); ``output_key`` names
    a second field to read, where the cleaned text goes when it is not ``text_key``."""
    if not raw.strip():
        return Record(line, raw)
    try:
        obj = json.loads(raw)
    except UnicodeDecodeError as error:
        return Record(line, raw, error=f"invalid UTF-8 (byte offset {error.start})")
    except json.JSONDecodeError as error:
        return Record(line, raw, error=f"malformed JSON: {error.msg} (column {error.colno})")
    except RecursionError:
        return Record(line, raw, error="malformed JSON: nested too deeply")
    if not isinstance(obj, dict):
        return Record(line, raw, error=f"a JSON {type(obj).__name__}, not an object")
    if text_key not in obj:
        return Record(line, raw, error=f"no {text_key!r} field")
    text = obj[text_key]
    if not isinstance(text, str):
        return Record(line, raw, error=f"{text_key!r} is not a string")
    ident = obj.get("id")
    metadata = obj.get("metadata")
    output = obj.get(output_key) if output_key is not None else None
    return Record(
        line,
        raw,
        text=text,
        id=None if ident is None else str(ident),
        metadata=metadata if isinstance(metadata, dict) else {},
        output=output if isinstance(output, str) else None,
    )


def splice(raw: bytes, key: str, text: str) -> bytes:
    """``raw`` with the value of its top-level ``key`` replaced by ``text``, nothing else;
    a record without ``key`` gets it as its last field.

    >>> splice(b'{"html": "<p>A</p>"}\\n', "text", "A")
    b'{"html": "<p>A</p>", "text": "A"}\\n'
    """
    line = raw.decode("utf-8")
    try:
        start, end = _value_span(line, key)
    except KeyError:
        close = line.rstrip().rindex("}")
        empty = not line[line.index("{") + 1 : close].strip()
        field_start = ("" if empty else ", ") + json.dumps(key, ensure_ascii=False) + ": "
        line = line[:close] + field_start + line[close:]
        start = end = close + len(field_start)
    ascii_only = line.isascii() and _NON_ASCII_ESCAPE.search(line) is not None
    value = json.dumps(text, ensure_ascii=ascii_only)
    try:
        return (line[:start] + value + line[end:]).encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: only an escape can carry it
        value = json.dumps(text, ensure_ascii=True)
        return (line[:start] + value + line[end:]).encode("utf-8")


def _value_span(line: str, key: str) -> tuple[int, int]:
    """Where the value of top-level ``key`` sits in ``line`` (the last one, as json does)."""
    i = _WS.match(line, 0).end()  # type: ignore[union-attr]
    if line[i : i + 1] != "{":
        raise ValueError("not a JSON object")
    i += 1
    span: tuple[int, int] | None = None
    while True:
        i = _WS.match(line, i).end()  # type: ignore[union-attr]
        if line[i : i + 1] == "}":
            break
        if line[i : i + 1] != '"':
            raise ValueError(f"expected a key at column {i + 1}")
        name, i = scanstring(line, i + 1)
        i = _WS.match(line, i).end()  # type: ignore[union-attr]
        if line[i : i + 1] != ":":
            raise ValueError(f"expected ':' at column {i + 1}")
        i = _WS.match(line, i + 1).end()  # type: ignore[union-attr]
        _, end = _DECODER.raw_decode(line, i)
        if name == key:
            span = (i, end)
        i = _WS.match(line, end).end()  # type: ignore[union-attr]
        if line[i : i + 1] == ",":
            i += 1
            continue
        if line[i : i + 1] == "}":
            break
        raise ValueError(f"expected ',' or '}}' at column {i + 1}")
    if span is None:
        raise KeyError(key)
    return span


# -- the format: records in, records out ----------------------------------------------------


class JsonlReader:
    """The records of a shard, one :class:`~textwash.formats.base.Item` per line.

    A record's document has the record's ``"id"`` (else ``NAME:LINE``) and its
    ``"metadata"``; a blank line, or a line that is not a record (``problem`` says why), is
    an item without a document, written back as it was. A part of a shard is a byte range
    on line boundaries of an uncompressed file (its lines numbered from ``first_line``).
    """

    def __init__(self, stream: BinaryIO, codec: Codec, options: ReadOptions) -> None:
        if not options.part.everything and codec.name != "none":
            raise FormatError(f"a {codec.name} shard cannot be read in parts, only whole")
        self._stream = stream
        self._codec = codec
        self.options = options

    def __iter__(self) -> Iterator[Item]:
        options, part = self.options, self.options.part
        stream = self._stream
        if part.start:
            stream.seek(part.start)
        left = None if part.end is None else part.end - part.start
        name, source, key = options.name, options.source, options.text_key
        html = options.html if options.html is not None and options.html.key else None
        lines = self._codec.lines(self._codec.reader(stream))
        for number, raw in enumerate(lines, part.first_line):
            if left is not None:
                if left <= 0:
                    return
                left -= len(raw)
            if html is not None:
                yield _html_item(raw, number, options, html)
                continue
            record = parse_line(raw, number, key)
            if record.text is None:
                yield Item(None, raw, line=number, problem=record.error)
                continue
            ident = record.id if record.id is not None else f"{name}:{number}"
            doc = Document(record.text, ident, source, record.metadata)
            yield Item(doc, raw, line=number, given_id=record.id)


def _html_item(raw: bytes, number: int, options: ReadOptions, html: HtmlOptions) -> Item:
    """A record whose ``html.key`` field is a page: its document is the page's text, to be
    cleaned and written to the text field."""
    from textwash.formats.html import page_text

    assert html.key is not None
    record = parse_line(raw, number, html.key, output_key=options.text_key)
    if record.text is None:
        return Item(None, raw, line=number, problem=record.error)
    try:
        text = page_text(record.text, html)
    except FormatError as error:
        return Item(None, raw, line=number, problem=str(error))
    ident = record.id if record.id is not None else f"{options.name}:{number}"
    doc = Document(text, ident, options.source, record.metadata)
    return Item(
        doc, raw, line=number, given_id=record.id, extracted=True, output_text=record.output
    )


class JsonlWriter:
    """Writes each record's line back, with only its text replaced where that changed."""

    def __init__(self, sink: BinaryIO, codec: Codec, text_key: str) -> None:
        self._out = codec.writer(sink)
        self._key = text_key

    def write(self, item: Item, cleaned: Document | None) -> None:
        if cleaned is None or not item.changes(cleaned.text):
            self._out.write(item.raw)
            return
        from textwash.formats.text import encode_text

        encode_text(cleaned.text)  # fail early on text that cannot be written
        self._out.write(splice(item.raw, self._key, cleaned.text))

    def close(self) -> None:
        self._out.close()


class JsonlHandler:
    """JSON Lines shards, plain or compressed (``.jsonl``, ``.jsonl.gz``, ``.jsonl.zst``)."""

    whole_file = False
    sequential = True

    def reader(self, stream: BinaryIO, codec: Codec, options: ReadOptions) -> JsonlReader:
        return JsonlReader(stream, codec, options)

    def writer(self, sink: BinaryIO, codec: Codec, reader: DocumentReader) -> JsonlWriter:
        assert isinstance(reader, JsonlReader)
        return JsonlWriter(sink, codec, reader.options.text_key)

    def faithful(self, codec: Codec) -> bool:
        # unchanged lines are written as read; compressed again, they need not be the
        # same bytes
        return codec.name == "none"


HANDLER = JsonlHandler()
