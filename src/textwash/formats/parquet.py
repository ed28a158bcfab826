"""Parquet shards (as datatrove and Hugging Face datasets write them): one text column cleaned,
everything else kept.

:class:`ParquetReader` opens a shard and hands it out one row group at a time, each row as a
:class:`~textwash.document.Document` (``None`` where the text is null), so memory holds one
row group, never the shard. :class:`ParquetWriter` takes the documents back and writes the
row group again with only the text column replaced. What a writer keeps, as far as Parquet
records it:

* the Arrow schema: column order, types, nullability and the schema metadata (pandas' and
  Hugging Face's keys among them);
* the row groups: one written for each one read, with the same number of rows;
* per column, the compression codec, whether values were dictionary-encoded and whether
  statistics were written, and the file's format version. (Compression *levels* are not
  recorded in a Parquet file, so each codec writes at its default level.)

A document's id is the row's ``id`` value where the shard has that column, else
``NAME:row N`` (rows counted from 0, as pyarrow and pandas do); its metadata is the row's
``metadata`` value where that is a struct. pyarrow is needed (``textwash[parquet]``) and is
imported only when a Parquet file is met.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, BinaryIO

from textwash.document import Document
from textwash.formats import FormatError
from textwash.formats.base import DocumentReader, Item, ReadOptions
from textwash.formats.compression import Codec

INSTALL_HINT = "reading .parquet files needs pyarrow: pip install 'textwash[parquet]'"

#: Parquet's codec names, as pyarrow's writer takes them.
_CODECS = {
    "UNCOMPRESSED": "none",
    "SNAPPY": "snappy",
    "GZIP": "gzip",
    "BROTLI": "brotli",
    "ZSTD": "zstd",
    "LZ4": "lz4",
    "LZ4_RAW": "lz4",
}
_DICTIONARY_ENCODINGS = frozenset({"PLAIN_DICTIONARY", "RLE_DICTIONARY"})
_FORMAT_VERSIONS = ("1.0", "2.4", "2.6")


def _pyarrow() -> tuple[Any, Any]:
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:
        raise FormatError(INSTALL_HINT) from None
    return pyarrow, pyarrow.parquet


@dataclass(frozen=True)
class RowGroup:
    """One row group as read: its rows (a ``pyarrow.Table``) and their documents."""

    index: int
    #: The number of the group's first row in the file (from 0).
    first_row: int
    table: Any
    #: One per row: the document, or ``None`` where the text is null.
    documents: tuple[Document | None, ...]

    def row(self, offset: int) -> int:
        return self.first_row + offset


class ParquetReader:
    """A Parquet shard, read one row group at a time.

    Raises :class:`~textwash.formats.FormatError` (naming the column) when the shard has
    no text column or the column does not hold strings, and when it is not Parquet.
    """

    def __init__(
        self, source: BinaryIO | str, *, text_key: str, name: str, path: str | None = None
    ) -> None:
        pa, pq = _pyarrow()
        self.name = name
        self.path = path
        self.text_key = text_key
        try:
            self.file = pq.ParquetFile(source)
        except (pa.ArrowException, OSError) as error:
            raise FormatError(f"not a readable Parquet file: {error}") from None
        self.schema = self.file.schema_arrow
        self.text_index = self.schema.get_field_index(text_key)
        if self.text_index < 0:
            columns = ", ".join(repr(n) for n in self.schema.names[:12])
            more = ", ..." if len(self.schema.names) > 12 else ""
            raise FormatError(
                f"no column {text_key!r} (columns: {columns}{more}); "
                "name the text column with --text-key"
            )
        self.text_field = self.schema.field(self.text_index)
        kind = self.text_field.type
        is_view = getattr(pa.types, "is_string_view", lambda kind: False)  # pyarrow >= 16
        if not (pa.types.is_string(kind) or pa.types.is_large_string(kind) or is_view(kind)):
            raise FormatError(f"column {text_key!r} holds {kind}, not strings")
        self._id_index = self._index_of("id")
        self._metadata_index = self._index_of("metadata", struct=True)

    def _index_of(self, column: str, *, struct: bool = False) -> int | None:
        import pyarrow as pa

        index = self.schema.get_field_index(column)
        if index < 0 or column == self.text_key:
            return None
        if struct and not pa.types.is_struct(self.schema.field(index).type):
            return None
        return int(index)

    @property
    def num_row_groups(self) -> int:
        return int(self.file.metadata.num_row_groups)

    def row_groups(self, start: int = 0, end: int | None = None) -> Iterator[RowGroup]:
        """The row groups ``start`` to ``end`` (default: every one) in order, their documents
        made from their rows."""
        pa, _ = _pyarrow()
        metadata = self.file.metadata
        first = sum(metadata.row_group(i).num_rows for i in range(min(start, self.num_row_groups)))
        stop = self.num_row_groups if end is None else min(end, self.num_row_groups)
        for index in range(start, stop):
            try:
                table = self.file.read_row_group(index)
            except (pa.ArrowException, OSError) as error:
                raise FormatError(f"row group {index} cannot be read: {error}") from None
            yield RowGroup(index, first, table, self._documents(table, first))
            first += table.num_rows

    @property
    def has_ids(self) -> bool:
        """Whether documents take their ids from an ``id`` column."""
        return self._id_index is not None

    def _documents(self, table: Any, first: int) -> tuple[Document | None, ...]:
        texts = table.column(self.text_index).to_pylist()
        ids = (
            table.column(self._id_index).to_pylist()
            if self._id_index is not None
            else [None] * len(texts)
        )
        metadata = (
            table.column(self._metadata_index).to_pylist()
            if self._metadata_index is not None
            else [None] * len(texts)
        )
        documents: list[Document | None] = []
        for offset, (text, ident, meta) in enumerate(zip(texts, ids, metadata, strict=True)):
            if text is None:
                documents.append(None)
                continue
            documents.append(
                Document(
                    text,
                    str(ident) if ident is not None else f"{self.name}:row {first + offset}",
                    self.path,
                    meta if isinstance(meta, dict) else {},
                )
            )
        return tuple(documents)

    def writer_options(self) -> dict[str, Any]:
        """The options that make pyarrow write the shard as it was written (see above)."""
        return writer_options(self.file.metadata)


def writer_options(metadata: Any) -> dict[str, Any]:
    """The options that make pyarrow write a shard with this footer as it was written."""
    options: dict[str, Any] = {}
    version = str(metadata.format_version)
    options["version"] = version if version in _FORMAT_VERSIONS else "2.6"
    if metadata.num_row_groups == 0:
        return options
    group = metadata.row_group(0)
    columns = [group.column(j) for j in range(group.num_columns)]
    codecs = {c.path_in_schema: _CODECS.get(str(c.compression), "snappy") for c in columns}
    distinct = set(codecs.values())
    options["compression"] = distinct.pop() if len(distinct) == 1 else codecs
    dictionary = [c.path_in_schema for c in columns if _DICTIONARY_ENCODINGS & set(c.encodings)]
    options["use_dictionary"] = True if len(dictionary) == len(columns) else dictionary or False
    statistics = [c.path_in_schema for c in columns if c.is_stats_set]
    options["write_statistics"] = True if len(statistics) == len(columns) else statistics or False
    return options


def row_group_count(source: BinaryIO) -> int:
    """How many row groups a shard holds (its footer is read, nothing else)."""
    pa, pq = _pyarrow()
    try:
        return int(pq.ParquetFile(source).metadata.num_row_groups)
    except (pa.ArrowException, OSError) as error:
        raise FormatError(f"not a readable Parquet file: {error}") from None


def join_row_groups(original: BinaryIO, parts: Sequence[BinaryIO], sink: BinaryIO) -> None:
    """Write the row groups of ``parts`` (outputs of parts of ``original``), in order, as
    one shard with ``original``'s schema and writer options: what cleaning ``original``
    as one task writes, since each group is written again as it was."""
    _, pq = _pyarrow()
    source = pq.ParquetFile(original)
    writer = pq.ParquetWriter(sink, source.schema_arrow, **writer_options(source.metadata))
    try:
        for part in parts:
            shard = pq.ParquetFile(part)
            for index in range(shard.metadata.num_row_groups):
                table = shard.read_row_group(index)
                writer.write_table(table, row_group_size=max(1, table.num_rows))
    finally:
        writer.close()


class ParquetWriter:
    """Writes a shard read by ``reader`` again, row group by row group, into ``sink``.

    ``sink`` stays open (its owner closes it); :meth:`close` finishes the file's footer.
    """

    def __init__(self, sink: BinaryIO, reader: ParquetReader) -> None:
        _, pq = _pyarrow()
        self._reader = reader
        self._writer = pq.ParquetWriter(sink, reader.schema, **reader.writer_options())

    def write(self, group: RowGroup, documents: Sequence[Document | None] | None = None) -> None:
        """Write ``group`` as one row group, its texts taken from ``documents`` (``None``:
        the group as it was read)."""
        import pyarrow as pa

        table = group.table
        if documents is not None:
            texts = [None if doc is None else doc.text for doc in documents]
            column = pa.array(texts, type=self._reader.text_field.type)
            table = table.set_column(self._reader.text_index, self._reader.text_field, column)
        self._writer.write_table(table, row_group_size=max(1, table.num_rows))

    def close(self) -> None:
        self._writer.close()


# -- the format: rows in, rows out ----------------------------------------------------------


class ParquetDocuments:
    """The rows of a shard as items, row group by row group (a part: a range of groups).

    A row with a null text is an item without a document. A row group without rows is one
    item without a document either, so that the writer writes every group read.
    """

    def __init__(self, stream: BinaryIO, codec: Codec, options: ReadOptions) -> None:
        if options.html is not None and options.html.key is not None:
            raise FormatError(
                "--html-key reads HTML from JSON Lines records; a Parquet shard's text "
                "column must hold text"
            )
        self.options = options
        self.table = ParquetReader(
            stream, text_key=options.text_key, name=options.name, path=options.source
        )

    def __iter__(self) -> Iterator[Item]:
        part = self.options.part
        ids = self.table.has_ids
        for group in self.table.row_groups(part.start, part.end):
            if not group.documents:
                yield Item(None, raw=(group, None))
            for offset, doc in enumerate(group.documents):
                row = group.row(offset)
                given = doc.id if doc is not None and ids and doc.id is not None else None
                yield Item(doc, raw=(group, offset), row=row, given_id=given)


class ParquetDocumentWriter:
    """Collects a row group's cleaned documents and writes the group once it is complete,
    as it was read where none of its texts changed."""

    def __init__(self, sink: BinaryIO, reader: ParquetDocuments) -> None:
        self._writer = ParquetWriter(sink, reader.table)
        self._group: RowGroup | None = None
        self._documents: list[Document | None] = []
        self._changed = False

    def write(self, item: Item, cleaned: Document | None) -> None:
        group, offset = item.raw
        if group is not self._group:
            self._flush()
            self._group = group
        if offset is None:
            return
        if cleaned is not None and cleaned.text != item.document.text:  # type: ignore[union-attr]
            from textwash.formats.text import encode_text

            encode_text(cleaned.text)  # fail early on text that cannot be written
            self._changed = True
        self._documents.append(cleaned if cleaned is not None else item.document)

    def _flush(self) -> None:
        if self._group is not None:
            self._writer.write(self._group, self._documents if self._changed else None)
        self._group, self._documents, self._changed = None, [], False

    def close(self) -> None:
        self._flush()
        self._writer.close()


class ParquetHandler:
    """Parquet shards: read at random (a seekable stream), written row group by row group."""

    whole_file = False
    sequential = False

    def reader(self, stream: BinaryIO, codec: Codec, options: ReadOptions) -> ParquetDocuments:
        return ParquetDocuments(stream, codec, options)

    def writer(self, sink: BinaryIO, codec: Codec, reader: DocumentReader) -> ParquetDocumentWriter:
        assert isinstance(reader, ParquetDocuments)
        return ParquetDocumentWriter(sink, reader)

    def faithful(self, codec: Codec) -> bool:
        return False  # pyarrow writes its own bytes: an unchanged shard is copied instead


HANDLER = ParquetHandler()
