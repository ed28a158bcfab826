"""Stray tags in text, told apart from the tags that are part of the text.

Scrapers leave content markup in text: ``<br>``, ``<p>``, ``<b>…</b>``, ``<a href=…>``, an
inline ``<script>…</script>``. Documentation, tutorials and Q&A pages are also full of tags
that *are* the text: code samples, inline code, "put it in the ``<head>``". A tag is taken
for stray markup only when all of these hold:

* it names a known HTML element, and not, bare, one of a page's frame (``<html>``,
  ``<head>``, ``<body>``, ``<meta>``, ``<link>``, ``<title>``, ``<base>``): in text those
  are mentions (``<link rel=…>``, with attributes, is what a scraper leaves);
* it is not inside code: a fenced block (```` ``` ```` or ``~~~``), an inline code span
  (```` `<p>` ````), or an HTML sample (from a line that opens with ``<!doctype html>`` or
  ``<html>`` to its ``</html>``, or to the end of the text);
* it is not quoted (``"<p>"``) and not named as a tag in prose (``the <p> tag``,
  ``the <img>tag``);
* the text does not show it to its reader in a sample introduced by a colon, with all
  its other tags (:mod:`textwash.markup.shown`).

A stray tag is removed, a block element's leaving a line break. A stray ``<script>``,
``<style>`` (or ``<noscript>``, ``<template>``, ``<iframe>``, ``<svg>``) goes with its
content only when that content is code or markup (empty, or with braces, ``=``, ``);``
or a final ``;``) and no blank line lies between it and its closing tag (or code marks
are dense enough that it cannot be prose); otherwise only its tags go, so the words after a mention such as ``Use <script> to load it`` are never
lost. Every step is one pass over the text.

>>> clean_text("Tom &amp; Jerry<br>AT&T <b>rocks</b> <script>var x = 1;</script>&lt;3")
'Tom & Jerry\\nAT&T rocks <3'
>>> clean_text("Put it in the <head> (or use `<b>`), then <b>go</b>.")
'Put it in the <head> (or use `<b>`), then go.'
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable

from textwash.filters.whitespace import INVISIBLE
from textwash.markup.elements import (
    BLOCK_ELEMENTS,
    DROPPED_ELEMENTS,
    HTML_ELEMENTS,
    PAGE_FRAME_ELEMENTS,
)
from textwash.markup.entities import decode_entities
from textwash.markup.shown import shown_tags

_ATTRS = r"""(?:\s+[A-Za-z_:][-\w:.]*(?:\s*=\s*(?:"[^"<>]{0,2000}"|'[^'<>]{0,2000}'|[^\s"'=<>`]{1,2000}))?){0,64}"""
_TAG = re.compile(rf"<(/?)([A-Za-z][A-Za-z0-9]{{0,15}})({_ATTRS})\s*/?>|<!--[^<>]{{0,20000}}?-->")
_QUOTES_BEFORE = "`'\"“‘«"
_QUOTES_AFTER = "`'\"”’»"
#: "the <p> tag", "<img>tag" (a lost space: glued, the word is in lower case, no label)
_MENTION_WORD_AFTER = re.compile(r"\s{1,3}(?i:tags?|elements?)\b|(?:tags?|elements?)\b(?!:)")

_FENCE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})[^\n]*", re.MULTILINE)
_BACKTICKS_OR_LINE_END = re.compile(r"`+|\n")
_SAMPLE_OPENING = re.compile(r"<(?:!doctype\s+html|html[\s>])", re.IGNORECASE)
_SAMPLE_END = re.compile(r"</html\s*>", re.IGNORECASE)
#: What may stand before a sample's opening on its line: indentation, and the invisible
#: characters the whitespace filter removes.
_INDENT = frozenset(" \t" + INVISIBLE) - {"\n"}

#: Elements whose content goes with them in text; a page's <head> is never stray in text.
_DROPPED_IN_TEXT = DROPPED_ELEMENTS - PAGE_FRAME_ELEMENTS
_BLANK_LINE = re.compile(r"\n[ \t\r]*\n")
#: Code, not prose: braces, an assignment, a call ended by ``;``, or a final ``;``.
_CODE_MARK = re.compile(r"[{}=]|\)\s*;|;\s*$")
_CODE_MARKS = re.compile(r"[{}=;()]")

Span = tuple[int, int]


def _fenced_blocks(text: str) -> list[Span]:
    """Fenced code blocks: from an opening fence line to a closing one of the same kind."""
    spans: list[Span] = []
    # (A character is found many times faster than three: most text has neither.)
    if ("`" not in text or "```" not in text) and ("~" not in text or "~~~" not in text):
        return spans
    opening: re.Match[str] | None = None
    for fence in _FENCE.finditer(text):
        marks = fence.group(1)
        if opening is None:
            opening = fence
            continue
        opened = opening.group(1)
        # A closing fence is of the same kind, at least as long, and has no info string.
        if marks[0] == opened[0] and len(marks) >= len(opened) and fence.group().strip() == marks:
            spans.append((opening.start(), fence.end()))
            opening = None
    return spans


def _code_spans(text: str) -> list[Span]:
    """Inline code: a backtick run up to the next run of the same length on its line.

    The opening run may not follow a letter and the closing one may not precede one, so
    backticks used as apostrophes (``don`t``) never open a span.
    """
    if "`" not in text:
        return []
    lines: list[list[re.Match[str]]] = [[]]
    for token in _BACKTICKS_OR_LINE_END.finditer(text):
        if token.group() == "\n":
            if lines[-1]:
                lines.append([])
        else:
            lines[-1].append(token)
    spans: list[Span] = []
    for runs in lines:
        following: list[int | None] = [None] * len(runs)
        last_of_length: dict[int, int] = {}
        for i in range(len(runs) - 1, -1, -1):
            length = len(runs[i].group())
            following[i] = last_of_length.get(length)
            last_of_length[length] = i
        i = 0
        while i < len(runs):
            j = following[i]
            start, end = runs[i].start(), runs[j].end() if j is not None else -1
            opens = start == 0 or not text[start - 1].isalnum()
            closes = end >= 0 and (end == len(text) or not text[end].isalnum())
            if j is not None and opens and closes:
                spans.append((start, end))
                i = j + 1
            else:
                i += 1
    return spans


def _html_samples(text: str) -> list[Span]:
    """HTML documents quoted in text: from a doctype or ``<html>`` line to ``</html>``."""
    spans: list[Span] = []
    pos = 0
    while opening := _SAMPLE_OPENING.search(text, pos):
        start = opening.start()
        while start > 0 and text[start - 1] in _INDENT:
            start -= 1
        if start > 0 and text[start - 1] != "\n":
            pos = opening.end()  # not at the start of its line
            continue
        end = _SAMPLE_END.search(text, opening.end())
        spans.append((start, end.end() if end else len(text)))
        if not end:
            break
        pos = end.end()
    return spans


def protected_spans(text: str) -> list[Span]:
    """Sorted, disjoint spans of ``text`` that are code, where nothing is markup."""
    spans = sorted(_fenced_blocks(text) + _code_spans(text) + _html_samples(text))
    merged: list[Span] = []
    for start, end in spans:
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _outside(text: str, spans: list[Span], function: Callable[[str], str]) -> str:
    """``function`` applied to every stretch of ``text`` outside ``spans``."""
    parts: list[str] = []
    pos = 0
    for start, end in spans:
        parts += [function(text[pos:start]), text[start:end]]
        pos = end
    parts.append(function(text[pos:]))
    return "".join(parts)


def _is_stray(text: str, tag: re.Match[str]) -> bool:
    name = tag.group(2)
    if name is not None:
        name = name.lower()
        if name not in HTML_ELEMENTS:
            return False
        if name in PAGE_FRAME_ELEMENTS and not tag.group(3).strip():
            return False  # "<head>" named in prose; <link rel=…> left by a scraper is stray
    start, end = tag.span()
    quoted = (start > 0 and text[start - 1] in _QUOTES_BEFORE) or (
        end < len(text) and text[end] in _QUOTES_AFTER
    )
    return not quoted and not _MENTION_WORD_AFTER.match(text, end)


def stray_tags(text: str, spans: list[Span]) -> list[re.Match[str]]:
    """The tags of ``text`` that are stray markup, in order (none inside ``spans``)."""
    tags = []
    span = 0
    for tag in _TAG.finditer(text):
        while span < len(spans) and spans[span][1] <= tag.start():
            span += 1
        if span < len(spans) and spans[span][0] < tag.end():
            continue  # inside code, or running into it
        if _is_stray(text, tag):
            tags.append(tag)
    return tags


def _droppable(content: str) -> bool:
    """Whether the content of a stray ``<script>``-like element is code to drop with it.

    Markup only, or code: a code mark and no blank line, or, across blank lines, code
    marks dense enough (one in 40 characters) that it cannot be prose.
    """
    if not _TAG.sub("", content).strip():
        return True
    marks = len(_CODE_MARKS.findall(content))
    if not marks or not _CODE_MARK.search(content):
        return False
    return not _BLANK_LINE.search(content) or marks * 40 >= len(content)


def strip_tags(text: str, tags: list[re.Match[str]]) -> str:
    """``text`` without ``tags``: a block element's tag becomes a line break.

    A dropped element (``<script>``…) pairs with the next stray closing tag of its name;
    the first opening tag to reach a closing tag decides whether the content goes with
    them, so every stretch of text is looked at once.
    """
    closings: dict[str, list[int]] = {}
    for index, tag in enumerate(tags):
        name = (tag.group(2) or "").lower()
        if tag.group(1) and name in _DROPPED_IN_TEXT:
            closings.setdefault(name, []).append(index)
    decided: set[int] = set()
    parts: list[str] = []
    pos = 0
    skip_until = -1  # inside a dropped element: nothing before this offset is kept
    for index, tag in enumerate(tags):
        start, end = tag.span()
        if start < skip_until:
            continue
        parts.append(text[pos:start])
        pos = end
        closing, name = tag.group(1), (tag.group(2) or "").lower()
        if name in _DROPPED_IN_TEXT and not closing:
            candidates = closings.get(name, [])
            after = bisect_right(candidates, index)
            if after < len(candidates) and candidates[after] not in decided:
                close = tags[candidates[after]]
                decided.add(candidates[after])
                if _droppable(text[end : close.start()]):
                    skip_until = pos = close.end()
        elif name in BLOCK_ELEMENTS:
            parts.append("\n")
    parts.append(text[pos:])
    return "".join(parts)


def clean_text(text: str) -> str:
    """Entities decoded and stray tags removed, outside code; one pass."""
    spans = protected_spans(text)
    decoded = _outside(text, spans, decode_entities) if "&" in text else text
    if "<" not in decoded:
        return decoded
    if decoded != text:
        spans = protected_spans(decoded)
    tags = stray_tags(decoded, spans)
    if tags and shown_tags(decoded, tags):
        return decoded  # prose about HTML: every tag is shown to the reader
    return strip_tags(decoded, tags)
