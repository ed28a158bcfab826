"""The file formats ``clean`` reads and writes, chosen by file name (or ``--format``).

Two kinds of format:

* **document** formats hold one text per file: ``.txt``, ``.txt.gz``, ``.html``/``.htm``
  and ``.html.gz``/``.htm.gz`` (the text is extracted, see :mod:`.html`, and written as
  ``.txt``, or ``.txt.gz`` from a compressed page);
* **record** formats hold one JSON object per line, datatrove/dolma style
  (``{"id", "text", "metadata", ...}``): ``.jsonl`` (also ``.ndjson``), ``.jsonl.gz`` (also
  ``.json.gz``, ``.ndjson.gz``) and ``.jsonl.zst`` (also ``.json.zst``, ``.ndjson.zst``). They are streamed record by record and written back
  in the same format; see :mod:`.jsonl`.

A **table** format holds rows with a text column among others: ``.parquet`` (with
pyarrow, ``textwash[parquet]``). It is read and written back one row group at a time, the
other columns and the schema kept; see :mod:`.parquet`.

Each format's module has a ``HANDLER`` that reads its files into documents and writes them
back (:mod:`.base` says what one provides); compression (:mod:`.compression`) wraps any of
them. A new format is one module here and one line in :data:`FORMATS`. Handlers are
imported when a file of their format is met, so ``import textwash`` stays light.

>>> detect("shard_00.json.gz").name, detect("page.HTM").name, detect("notes.md")
('jsonl.gz', 'html', None)
>>> output_name("page.html", FORMATS["html"]), output_name("a.jsonl.zst", FORMATS["jsonl.zst"])
('page.txt', 'a.jsonl.zst')
>>> output_name("page.HTM.gz", FORMATS["html.gz"])
'page.txt.gz'

"""

from __future__ import annotations

import functools
import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textwash.formats.compression import Codec

if TYPE_CHECKING:
    from textwash.formats.base import Handler


class FormatError(Exception):
    """A file that cannot be read as its format; the message is the cause, for the report."""


@dataclass(frozen=True)
class Format:
    """A file format: its name (as ``--format`` takes it), kind, codec, file suffixes, and
    the module (of this package) whose ``HANDLER`` reads and writes it."""

    name: str
    kind: str  # "document", "records" or "table"
    codec: str  # "none", "gzip" or "zstd"
    suffixes: tuple[str, ...]
    module: str
    #: The text is extracted from HTML; the output is a ``.txt`` file.
    html: bool = False

    @property
    def decoder(self) -> Codec:
        return Codec(self.codec)

    @property
    def handler(self) -> Handler:
        """How files of this format are read and written (imported on first use)."""
        return _handler(self.module)

    @property
    def in_place(self) -> bool:
        """Whether the output can replace the input (not when the format changes)."""
        return not self.html


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("txt", "document", "none", (".txt",), "text"),
        Format("txt.gz", "document", "gzip", (".txt.gz",), "text"),
        Format("html", "document", "none", (".html", ".htm"), "html", html=True),
        Format("html.gz", "document", "gzip", (".html.gz", ".htm.gz"), "html", html=True),
        Format("jsonl", "records", "none", (".jsonl", ".ndjson"), "jsonl"),
        Format("jsonl.gz", "records", "gzip", (".jsonl.gz", ".json.gz", ".ndjson.gz"), "jsonl"),
        Format("jsonl.zst", "records", "zstd", (".jsonl.zst", ".json.zst", ".ndjson.zst"), "jsonl"),
        Format("parquet", "table", "none", (".parquet",), "parquet"),
    )
}


@functools.cache
def _handler(module: str) -> Handler:
    handler: Handler = importlib.import_module(f"{__name__}.{module}").HANDLER
    return handler


#: Every known suffix, longest first, so ``.jsonl.gz`` wins over a shorter match.
_SUFFIXES = sorted(
    ((suffix, f) for f in FORMATS.values() for suffix in f.suffixes),
    key=lambda item: -len(item[0]),
)

#: The include globs used when neither flags nor configuration give any: the known formats,
#: in the table's order.
DEFAULT_INCLUDE: tuple[str, ...] = tuple(
    f"*{suffix}" for fmt in FORMATS.values() for suffix in fmt.suffixes
)


def detect(name: str) -> Format | None:
    """The format a file name's suffix stands for (case-insensitive), or ``None``."""
    lower = name.lower()
    for suffix, fmt in _SUFFIXES:
        if lower.endswith(suffix) and len(lower) > len(suffix):
            return fmt
    return None


#: What a compressed output's name ends in, after ``.txt``.
_CODEC_SUFFIX = {"none": "", "gzip": ".gz", "zstd": ".zst"}


def output_name(name: str, fmt: Format) -> str:
    """The name of the cleaned file: the same, except HTML becomes ``.txt`` (``.txt.gz``
    when the page was compressed: the text is written with the page's compression)."""
    if not fmt.html:
        return name
    text = ".txt" + _CODEC_SUFFIX[fmt.codec]
    lower = name.lower()
    for suffix in fmt.suffixes:
        if lower.endswith(suffix):
            return name[: -len(suffix)] + text
    return name + text
