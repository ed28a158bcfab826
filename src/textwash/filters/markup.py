"""Stray HTML tags and entities left in text.

What it changes
    HTML entities (``&amp;``, ``&nbsp;``, ``&#8217;``, ``&rsquo;``) become the characters
    they name; HTML tags are removed, block-level ones (``<p>``, ``<br>``, ``<div>``,
    ``<li>``…) leaving a line break, and the contents of ``<script>`` and ``<style>`` go
    with them. Stray tags in text are removed in one pass over the tags found; a text that
    is a whole HTML page (it opens with ``<!DOCTYPE html>`` or ``<html>``) is parsed with
    beautifulsoup4, which copes with everything real pages contain. Text without ``<`` or
    ``&`` costs two substring tests.

Why
    Extractors and CMS exports leave ``&nbsp;``, ``<br>`` and ``&#8217;`` in text that is
    otherwise clean; they are noise to every later step.

Leaves alone
    Ampersands and angle brackets that are not markup: ``AT&T``, ``R&D``, ``a < b``, ``<3``,
    ``<username>`` (not an HTML element), and prose that mentions a tag: a tag in quotes or
    backticks (``"<p>"``, ```<br>```) or followed by the word *tag* or *element*
    (``the <p> tag``).

Example
    >>> Markup().apply("Tom &amp; Jerry&nbsp;<br>AT&T <b>rocks</b> &lt;3")
    'Tom & Jerry\\xa0\\nAT&T rocks <3'
    >>> Markup().apply("Use the <p> element; a < b and R&D <3")
    'Use the <p> element; a < b and R&D <3'
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from html.entities import html5 as html5_entities
from typing import ClassVar

from textwash.filters.base import Filter

#: HTML element names: a ``<name>`` outside this list is prose (``<username>``), not markup.
HTML_ELEMENTS = frozenset(
    "a abbr address area article aside audio b base bdi bdo blockquote body br button "
    "canvas caption center cite code col colgroup data datalist dd del details dfn dialog "
    "div dl dt em embed fieldset figcaption figure font footer form h1 h2 h3 h4 h5 h6 head "
    "header hgroup hr html i iframe img input ins kbd label legend li link main map mark "
    "meta meter nav noscript object ol optgroup option output p param picture pre progress "
    "q rp rt ruby s samp script section select small source span strike strong style sub "
    "summary sup svg table tbody td template textarea tfoot th thead time title tr track tt "
    "u ul var video wbr".split()
)
#: Elements whose end or start is a line break in the text.
BLOCK_ELEMENTS = frozenset(
    "address article aside blockquote body br center dd details dialog div dl dt fieldset "
    "figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html li main nav ol p "
    "pre section summary table tbody tfoot thead tr ul".split()
)
#: Elements whose content is not text.
DROPPED_ELEMENTS = ("script", "style", "noscript", "template", "head", "iframe", "svg")

_ATTRS = r"""(?:\s+[A-Za-z_:][-\w:.]*(?:\s*=\s*(?:"[^"<>]{0,2000}"|'[^'<>]{0,2000}'|[^\s"'=<>`]{1,2000}))?){0,64}"""
_TAG = re.compile(rf"<(/?)([A-Za-z][A-Za-z0-9]{{0,15}})({_ATTRS})\s*/?>|<!--[^<>]{{0,20000}}?-->")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_AMP_CHAIN = re.compile(
    r"&(?:amp;)+(?=(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});)"
)
_HTML_DOCUMENT = re.compile(r"\s{0,100}<(?:!doctype\s+html|html[\s>])", re.IGNORECASE)
_MAYBE_MARKUP = re.compile(r"<[A-Za-z!/]|&[#A-Za-z]")
_QUOTES_BEFORE = "`'\"“‘«"
_QUOTES_AFTER = "`'\"”’»"
_MENTION_WORD_AFTER = re.compile(r"\s{1,3}(?:tags?|elements?)\b", re.IGNORECASE)
_LT, _AMP = "<", "&"

#: Passes to a fixed point; decoding ``&lt;b&gt;`` can reveal a tag for the next pass.
_MAX_PASSES = 4


def _markup_tags(text: str) -> list[re.Match[str]]:
    """Tags that are markup: known elements, not quoted and not named as a tag in prose."""
    tags = []
    for match in _TAG.finditer(text):
        name = match.group(2)
        if name is not None and name.lower() not in HTML_ELEMENTS:
            continue
        start, end = match.span()
        quoted = (start > 0 and text[start - 1] in _QUOTES_BEFORE) or (
            end < len(text) and text[end] in _QUOTES_AFTER
        )
        if quoted or _MENTION_WORD_AFTER.match(text, end):
            continue
        tags.append(match)
    return tags


def _decode_entity(match: re.Match[str]) -> str:
    entity = match.group()
    if entity.startswith("&#"):
        return html.unescape(entity)
    # Only a whole known name: html.unescape would turn "&notanentity;" into "¬anentity;".
    return html5_entities.get(entity[1:], entity)


def _decode_entities(text: str) -> str:
    text = _AMP_CHAIN.sub(_AMP, text)
    return _ENTITY.sub(_decode_entity, text)


def _strip_tags(text: str, tags: list[re.Match[str]]) -> str:
    """Remove stray ``tags`` from text, decoding entities in the text between them.

    The tags were already told apart from prose by :func:`_markup_tags`, so this is a walk
    over them: a block element's tag becomes a line break, an inline one disappears, and a
    ``<script>``/``<style>`` element goes with its content. Every other ``<`` and ``&``
    stays as it was.
    """
    parts: list[str] = []
    pos = 0
    skip_until = -1  # inside a dropped element: nothing before this offset is kept
    unclosed: set[str] = set()  # dropped elements with no closing tag further on
    for match in tags:
        start, end = match.span()
        if start < skip_until:
            continue
        parts.append(_decode_entities(text[pos:start]))
        pos = end
        closing, name = match.group(1), (match.group(2) or "").lower()
        if name in DROPPED_ELEMENTS and not closing and name not in unclosed:
            close = re.compile(rf"</{name}\s*>", re.IGNORECASE).search(text, end)
            if close:
                skip_until = pos = close.end()
            else:
                unclosed.add(name)  # searching again from a later tag would fail too
        elif name in BLOCK_ELEMENTS:
            parts.append("\n")
    parts.append(_decode_entities(text[pos:]))
    return "".join(parts)


def _html_document_text(text: str) -> str:
    """The text of a whole HTML page, parsed with beautifulsoup4 (robust on real pages)."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(text, "html.parser")
    for element in soup.find_all(True):
        if element.decomposed:
            continue  # inside an element already dropped
        if element.name in DROPPED_ELEMENTS:
            element.decompose()
        elif element.name == "br":
            element.replace_with("\n")
        elif element.name in BLOCK_ELEMENTS:
            element.insert_before("\n")
            element.insert_after("\n")
    return str(soup.get_text())


def _clean_once(text: str) -> str:
    if (_LT not in text and _AMP not in text) or not _MAYBE_MARKUP.search(text):
        return text
    if _HTML_DOCUMENT.match(text):
        return _html_document_text(text)
    tags = _markup_tags(text) if _LT in text else []
    if tags:
        return _strip_tags(text, tags)
    return _decode_entities(text) if _AMP in text else text


@dataclass(frozen=True)
class Markup(Filter):
    """Decode HTML entities and remove stray tags (beautifulsoup4, only when present)."""

    name: ClassVar[str] = "markup"
    summary: ClassVar[str] = "HTML entities decoded and stray tags removed"
    order: ClassVar[int] = 100

    def apply(self, text: str) -> str:
        for _ in range(_MAX_PASSES):
            cleaned = _clean_once(text)
            if cleaned == text:
                break
            text = cleaned
        return text
