"""Stray HTML tags and entities left in text.

What it changes
    HTML entities (``&amp;``, ``&nbsp;``, ``&#8217;``, ``&rsquo;``) become the characters
    they name; HTML tags are removed, block-level ones (``<p>``, ``<br>``, ``<div>``,
    ``<li>``…) leaving a line break, and the contents of ``<script>`` and ``<style>`` go
    with them. Tags are handled by beautifulsoup4, and only when the text holds some.

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
_AMP_OR_ENTITY = re.compile(r"&(?:#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{1,31};)?")
_MAYBE_MARKUP = re.compile(r"<[A-Za-z!/]|&[#A-Za-z]")
_QUOTES_BEFORE = "`'\"“‘«"
_QUOTES_AFTER = "`'\"”’»"
_MENTION_WORD_AFTER = re.compile(r"\s{1,3}(?:tags?|elements?)\b", re.IGNORECASE)
_LT, _GT, _AMP = "<", ">", "&"

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
    """Remove ``tags`` from ``text`` with beautifulsoup4; every other ``<`` and ``&`` stays."""
    from bs4 import BeautifulSoup

    # Escape everything that is not one of the chosen tags, so the parser sees exactly
    # them as markup and gives the rest back as it was.
    parts, pos = [], 0
    for match in tags:
        parts.append(_escape(text[pos : match.start()]))
        parts.append(match.group())
        pos = match.end()
    parts.append(_escape(text[pos:]))
    soup = BeautifulSoup("".join(parts), "html.parser")
    for element in soup.find_all(DROPPED_ELEMENTS):
        element.decompose()
    for element in soup.find_all(BLOCK_ELEMENTS):
        if element.name == "br":
            element.replace_with("\n")
        else:
            element.insert_before("\n")
            element.insert_after("\n")
    return str(soup.get_text())


def _escape(fragment: str) -> str:
    """Escape ``&`` and ``<`` that are not entities, so a parser keeps them as text."""
    fragment = _AMP_OR_ENTITY.sub(_escape_unless_entity, fragment)
    return fragment.replace(_LT, "&lt;").replace(_GT, "&gt;")


def _escape_unless_entity(match: re.Match[str]) -> str:
    found = match.group()
    if found.startswith("&#") or found[1:] in html5_entities:
        return found
    return "&amp;" + found[1:]


def _clean_once(text: str) -> str:
    if (_LT not in text and _AMP not in text) or not _MAYBE_MARKUP.search(text):
        return text
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
