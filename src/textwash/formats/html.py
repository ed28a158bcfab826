"""HTML pages: the visible text, one line per block, for the filters to clean.

beautifulsoup4 parses the page (with lxml, a dependency; Python's own ``html.parser``
only where lxml cannot be imported) and detects its encoding from the bytes and
``<meta charset>``. The text is then collected the way a browser lays it out, roughly:

* block elements (``<p>``, ``<div>``, ``<li>``, ``<h1>``, ``<tr>``…) and ``<br>`` start a
  new line; paragraphs, headings, lists, tables and quotes are set off by a blank line;
* runs of spaces and line breaks inside a line collapse to one space, except in ``<pre>``;
* ``<script>``, ``<style>``, ``<noscript>`` and ``<template>`` are dropped, and so are
  comments and doctypes; the ``<title>`` is kept as the first line.

The tree is walked with an explicit stack, never by recursion, so a page nested a hundred
thousand elements deep is read like any other.

>>> extract_html(b"<html><head><title>T</title><style>p{}</style></head>"
...              b"<body><p>One  <b>two</b>\\n three</p><div>Four<br>five</div></body></html>").text
'T\\n\\nOne two three\\n\\nFour\\nfive\\n'
"""

from __future__ import annotations

import importlib.util
import re
from dataclasses import dataclass
from functools import cache
from typing import Any, BinaryIO

from textwash.formats import FormatError
from textwash.formats.base import DocumentReader, ReadOptions
from textwash.formats.compression import Codec
from textwash.formats.legacy import is_windows_1252
from textwash.formats.text import Decoded, WholeFileReader, WholeFileWriter, decode_text

#: Elements that stand on their own lines.
LINE_ELEMENTS = frozenset(
    "address article aside body center dd details dialog div dl dt fieldset figcaption "
    "footer form header hgroup html li main nav option section summary td th tr "
    "caption legend".split()
)
#: Elements set off by a blank line, like paragraphs.
PARAGRAPH_ELEMENTS = frozenset(
    "p h1 h2 h3 h4 h5 h6 blockquote pre ul ol table figure hr title".split()
)
#: Elements whose content is not text.
DROPPED_ELEMENTS = frozenset("script style noscript template".split())

_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_SPACES = re.compile(r"[ \t\n\r\f\v]+")

# Events on the walking stack besides elements: leaving a block, leaving a <pre>.
_END_LINE, _END_PARAGRAPH, _END_PRE = 1, 2, 3


@dataclass(frozen=True)
class HtmlOptions:
    """What an HTML page becomes (``clean --html``, ``--html-title``).

    ``article``: only the page's main content, as trafilatura finds it (the ``html`` extra),
    instead of all its visible text; a page where it finds none gives its visible text.
    ``title``: with ``article``, the page's title (``og:title``, else ``<title>`` or the
    main heading, as trafilatura finds it) as the first line, set off by a blank line (the
    visible text already starts with the ``<title>``). It is off by default: the gold
    article bodies of the benchmark carry none, and a title is not part of the article.
    """

    article: bool = False
    title: bool = False
    #: JSON Lines records: the field that holds a page's HTML (``--html-key``); its text
    #: is cleaned and written to the text field (``--text-key``), the HTML kept as it is.
    #: ``None``: records hold text.
    key: str | None = None


#: Text is all the page's visible text, as by default.
VISIBLE_TEXT = HtmlOptions()


def article_extractor_installed() -> bool:
    """Whether ``--html article`` can run (``pip install 'textwash[html]'``)."""
    return importlib.util.find_spec("trafilatura") is not None


@cache
def parser_name() -> str:
    """``lxml`` when it is installed (faster, more forgiving), else ``html.parser``."""
    return "lxml" if importlib.util.find_spec("lxml") is not None else "html.parser"


def extract_html(
    data: bytes, encoding: str | None = None, options: HtmlOptions = VISIBLE_TEXT
) -> Decoded:
    """The text of an HTML page; ``encoding`` names the page's encoding if not UTF-8.

    A page that declares its encoding (``<meta charset>``, a byte-order mark) is decoded
    as declared; any other is read as a text file is (UTF-8, else decided, see
    :mod:`.text`). ``encoding`` forces one, whatever the page says.
    """
    from bs4 import BeautifulSoup
    from bs4.dammit import EncodingDetector

    markup: bytes | str = data
    guessed = False
    declared = EncodingDetector.find_declared_encoding(data, is_html=True)
    if declared is not None and encoding is None and is_windows_1252(declared):
        encoding = declared  # "iso-8859-1" means Windows-1252 on the web, as browsers read it
    if encoding is not None or declared is None or data.startswith(_UTF16_BOMS):
        decoded = decode_text(data, encoding)
        markup, encoding, guessed = decoded.text, decoded.encoding, decoded.guessed
    if options.article:
        # decoded as the parser would (the declared encoding), without parsing the page twice
        if isinstance(markup, bytes):
            from bs4.dammit import UnicodeDammit

            dammit = UnicodeDammit(data, is_html=True)
            markup = str(dammit.unicode_markup)
            found = dammit.original_encoding
            encoding = None if found in (None, "utf-8", "ascii") else str(found)
        article = article_text(markup, title=options.title)
        if article:
            return Decoded(article, encoding, guessed)
    try:
        soup = BeautifulSoup(markup, parser_name())
    except RecursionError:
        raise FormatError("HTML nested too deeply to parse") from None
    if isinstance(markup, bytes):
        found = soup.original_encoding
        encoding = None if found in (None, "utf-8", "ascii") else str(found)
    return Decoded(_visible_text(soup), encoding, guessed)


def article_text(page: str, *, title: bool = False) -> str:
    """The main content of a page as trafilatura extracts it ("" where it finds none),
    the title first when asked for."""
    from trafilatura import bare_extraction

    try:
        found = bare_extraction(page, with_metadata=title, include_comments=False)
    except (ValueError, TypeError, RecursionError):
        return ""
    text = (getattr(found, "text", None) or "").strip()
    if not text:
        return ""
    heading = (getattr(found, "title", None) or "").strip() if title else ""
    return f"{heading}\n\n{text}\n" if heading else f"{text}\n"


def page_text(markup: str, options: HtmlOptions = VISIBLE_TEXT) -> str:
    """The text of a page held as a string (a record's HTML field), as ``options`` say:
    its article (where the extractor finds one) or all its visible text."""
    if options.article:
        article = article_text(markup, title=options.title)
        if article:
            return article
    from bs4 import BeautifulSoup

    try:
        soup = BeautifulSoup(markup, parser_name())
    except RecursionError:
        raise FormatError("HTML nested too deeply to parse") from None
    return _visible_text(soup)


def _visible_text(soup: Any) -> str:
    from bs4.element import NavigableString, PreformattedString, Tag

    out = _Lines()
    pre = 0
    stack: list[Any] = [soup]
    while stack:
        node = stack.pop()
        if isinstance(node, int):
            if node == _END_PRE:
                pre -= 1
            out.end_block(paragraph=node != _END_LINE)
            continue
        if isinstance(node, NavigableString):
            if not isinstance(node, PreformattedString):  # comments, doctypes, CDATA...
                out.text(str(node), pre > 0)
            continue
        if not isinstance(node, Tag):
            continue
        name = (node.name or "").lower()
        if name in DROPPED_ELEMENTS:
            continue
        if name == "br":
            out.end_block(paragraph=False)
            continue
        if name == "pre":
            pre += 1
            stack.append(_END_PRE)
        elif name in PARAGRAPH_ELEMENTS:
            stack.append(_END_PARAGRAPH)
        elif name in LINE_ELEMENTS:
            stack.append(_END_LINE)
        if name in PARAGRAPH_ELEMENTS or name in LINE_ELEMENTS or name == "pre":
            out.end_block(paragraph=name in PARAGRAPH_ELEMENTS or name == "pre")
        stack.extend(reversed(node.contents))
    return out.result()


class _Lines:
    """Collects text pieces and line breaks, trimming spaces at line ends as it goes."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pending = 0  # 0: none, 1: line break, 2: blank line

    def text(self, value: str, pre: bool) -> None:
        if not pre:
            value = _SPACES.sub(" ", value)
            if self.pending or not self.parts or self.parts[-1].endswith(("\n", " ")):
                value = value.lstrip(" ")
        if not value:
            return
        if self.pending and self.parts:
            self.parts.append("\n" * self.pending)
        self.pending = 0
        self.parts.append(value)

    def end_block(self, *, paragraph: bool) -> None:
        if self.parts and not self.pending:
            self.parts[-1] = self.parts[-1].rstrip(" ")
        self.pending = max(self.pending, 2 if paragraph else 1)

    def result(self) -> str:
        text = "".join(self.parts).strip("\n")
        return text + "\n" if text else ""


# -- the format: a page in, its text out -----------------------------------------------------


def _decode_page(data: bytes, options: ReadOptions) -> Decoded:
    return extract_html(data, options.encoding, options.html or VISIBLE_TEXT)


class HtmlHandler:
    """HTML pages: one document each, the page's text; written out as that text (UTF-8),
    so an output is never the page's bytes."""

    whole_file = True
    sequential = True

    def reader(self, stream: BinaryIO, codec: Codec, options: ReadOptions) -> WholeFileReader:
        return WholeFileReader(stream, codec, options, _decode_page, keeps_bytes=False)

    def writer(self, sink: BinaryIO, codec: Codec, reader: DocumentReader) -> WholeFileWriter:
        return WholeFileWriter(sink, codec)

    def faithful(self, codec: Codec) -> bool:
        return True


HANDLER = HtmlHandler()
