"""Whole HTML pages: telling one from text about HTML, and rendering one to its text.

A text is a page when it starts as one (``<!DOCTYPE html>`` or ``<html>``, after spaces,
invisible characters, comments or an XML declaration) **and** markup dominates it: it ends as a
page ends (nothing but markup after its last ``</html>``) or, cut short, at least 60% of
its visible characters are tags and scripts. Documentation that opens with a code sample
(``<!doctype html><html><head>…``) and goes on in prose passes the first test and fails
the second; every page of the readability and article-extraction test sets passes both.

A page is parsed by lxml (libxml2's HTML parser) in its event mode: the text is built from
the start, end and text events as they come, so no tree is built, nothing is searched or
mutated, and the time is linear in the page whatever its nesting (the standard library's
parser rescans the rest of the page at every unterminated ``<!--``, ``<a`` or ``</``, and
rewriting a beautifulsoup4 tree element by element is quadratic in nesting and in runs of
siblings). The rules are the ones the filter always had: block elements start and end a
line, ``<br>`` is a line break, ``<script>``, ``<style>``, ``<head>`` and the other dropped
elements go with their content, comments go, and entities are decoded by the parser.

>>> page_text("<!DOCTYPE html><html><head><title>T</title></head>"
...           "<body><p>One &amp; <b>two</b><br>three</p><script>x()</script></body></html>")
'\\n\\n\\nOne & two\\nthree\\n\\n\\n'
>>> is_page("<!doctype html><html><head><meta charset='UTF-8'></head>" + " Prose about it." * 20)
False
"""

from __future__ import annotations

import re

from textwash.filters.whitespace import INVISIBLE
from textwash.markup.elements import BLOCK_ELEMENTS, DROPPED_ELEMENTS


class PageRejected(ValueError):
    """The parser would not read the text as a page; the message says why."""


_PAGE_OPENING = re.compile(r"<(?:!doctype\s+html|html[\s>])", re.IGNORECASE)
#: Before a page's opening: spaces, and the invisible characters the whitespace filter
#: removes (a page behind a zero-width space is a page on the next run).
_LEADING_SPACE = re.compile("[\\s" + re.escape(INVISIBLE) + "]*")
_TAG_LIKE = re.compile(r"<[!?/]?[A-Za-z][^<>]*>|<!--[^<>]*-->")
_PAGE_END = re.compile(r"</html\s*>", re.IGNORECASE)
_SPACE = re.compile(r"\s+")
_RAW_TEXT_OPENING = re.compile(r"<(script|style)\b[^<>]*>", re.IGNORECASE)
_RAW_TEXT_CLOSING = {
    name: re.compile(rf"</{name}\s*>", re.IGNORECASE) for name in ("script", "style")
}

#: Share of a text's non-space characters inside tags and scripts from which markup
#: dominates it. It decides only for pages cut short (no ``</html>``): of the 311 real pages
#: in the test data, 310 end as pages, and the one that does not has a share of 1.0; the
#: news pages' shares start at 0.39 and are mostly above 0.7.
MARKUP_SHARE = 0.6


def _opening_end(text: str) -> int:
    """Where the first real tag starts, past spaces, a BOM, comments and ``<?xml …?>``."""
    pos = _LEADING_SPACE.match(text).end()  # type: ignore[union-attr]
    while text.startswith(("<!--", "<?"), pos):
        end = "-->" if text.startswith("<!--", pos) else ">"
        close = text.find(end, pos)
        if close < 0:
            return -1
        pos = _LEADING_SPACE.match(text, close + len(end)).end()  # type: ignore[union-attr]
    return pos


def _script_length(text: str) -> int:
    """Characters inside ``<script>`` and ``<style>`` elements, found in one pass."""
    total, pos = 0, 0
    unclosed: set[str] = set()  # no closing tag further on: searching again would fail too
    while opening := _RAW_TEXT_OPENING.search(text, pos):
        name, pos = opening.group(1).lower(), opening.end()
        closing = None if name in unclosed else _RAW_TEXT_CLOSING[name].search(text, pos)
        if closing is None:
            unclosed.add(name)
            continue
        total += closing.start() - pos
        pos = closing.end()
    return total


def markup_share(text: str) -> float:
    """The share of ``text``'s non-space characters inside tags, comments and scripts."""
    visible = len(text) - sum(len(m) for m in _SPACE.findall(text))
    inside = sum(m.end() - m.start() for m in _TAG_LIKE.finditer(text)) + _script_length(text)
    return min(1.0, inside / visible) if visible else 0.0


def _ends_as_page(text: str) -> bool:
    last = None
    for last in _PAGE_END.finditer(text):  # noqa: B007 (only the last one matters)
        pass
    return last is not None and not _TAG_LIKE.sub("", text[last.end() :]).strip()


def is_page(text: str) -> bool:
    """Whether ``text`` is a whole HTML page, not text that mentions or quotes HTML."""
    pos = _opening_end(text)
    if pos < 0 or not _PAGE_OPENING.match(text, pos):
        return False
    return _ends_as_page(text) or markup_share(text) >= MARKUP_SHARE


class _TextCollector:
    """lxml parser target: collects the text of a page as the parser reports it."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.dropped = 0  # how many dropped elements are open around the current event

    def start(self, tag: str, attrib: object) -> None:
        name = tag.lower()
        if name in DROPPED_ELEMENTS:
            self.dropped += 1
        elif not self.dropped and name in BLOCK_ELEMENTS:
            self.parts.append("\n")

    def end(self, tag: str) -> None:
        name = tag.lower()
        if name in DROPPED_ELEMENTS:
            self.dropped = max(0, self.dropped - 1)
        elif not self.dropped and name in BLOCK_ELEMENTS and name != "br":
            self.parts.append("\n")

    def data(self, data: str) -> None:
        if not self.dropped:
            self.parts.append(data)

    def close(self) -> str:
        return "".join(self.parts)


def page_text(text: str) -> str:
    """The visible text of an HTML page; :class:`PageRejected` if it cannot be read as one."""
    from lxml import etree

    try:
        # libxml2 reads a NUL as U+FFFD; the whitespace filter removes it from text anyway.
        data = text.replace("\x00", "").encode("utf-8")
    except UnicodeEncodeError as error:
        raise PageRejected(f"not valid Unicode: {error.reason} at {error.start}") from None
    collector = _TextCollector()
    # The text is already decoded: the bytes are UTF-8 whatever <meta charset> says.
    parser = etree.HTMLParser(target=collector, encoding="utf-8", no_network=True)
    try:
        parser.feed(data)
        result: str = parser.close()
    except (etree.LxmlError, ValueError) as error:
        raise PageRejected(str(error) or type(error).__name__) from None
    return result
