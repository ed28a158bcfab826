"""Stray HTML tags and entities left in text, and whole pages turned into their text.

What it changes
    HTML entities (``&amp;``, ``&nbsp;``, ``&#8217;``, ``&rsquo;``) become the characters
    they name, however many times over they were escaped (``&amp;amp;lt;`` is ``<``), and
    also with an invisible character inside that the whitespace filter would remove
    (``&n\u200bbsp;``). Stray tags are removed, block-level ones (``<p>``, ``<br>``,
    ``<div>``, ``<li>``…) leaving a line break; a stray ``<script>`` or ``<style>`` goes
    with its content when that content is code. A text that is a whole HTML page (it
    opens with ``<!DOCTYPE html>`` or ``<html>`` and markup dominates it: nothing but
    markup follows its ``</html>``, or, cut short, 60% of its characters are tags and
    scripts) is parsed with lxml and becomes its visible text, ``<head>``, scripts,
    styles and comments dropped. Text without ``<`` or ``&`` costs two substring tests;
    everything else is linear in the text, however hostile (thousands of unterminated
    ``<!--``, nesting thousands deep, entity chains).

Why
    Extractors and CMS exports leave ``&nbsp;``, ``<br>`` and ``&#8217;`` in text that is
    otherwise clean; they are noise to every later step.

Leaves alone
    Ampersands and angle brackets that are not markup: ``AT&T``, ``R&D``, ``a < b``, ``<3``,
    ``<username>`` (not an HTML element). Tags that are part of the text: code in fenced
    blocks and in backticks, HTML samples (from a ``<!doctype html>`` or ``<html>`` line to
    its ``</html>``), a page's frame named bare in prose (``<head>``, ``<body>``, ``<meta>``…;
    with attributes, as in ``<link rel=…>``, they are stray), a tag in quotes (``"<p>"``) or
    followed by the word *tag* or *element* (also glued, as in ``<img>tag``). HTML samples
    that a post about HTML shows its reader, where the text has no other stray tag: on
    lines of their own after a line ending in a colon, each showing an element whole
    (``add this line to your page:`` then ``<script src="a.js"></script>``). One tag
    outside such a sample, or a lone image after an introduction, makes the text one a
    scraper left markup in, and every stray tag goes. Text that opens with an HTML sample
    and goes on in prose is not a page: no word after the sample is lost. A page the parser rejects is cleaned as text (``explain`` says why),
    and a text whose tags and entities keep revealing new ones after eight rounds of
    cleaning (only contrived text does) is left as it is, so the filter stays idempotent.

Example
    >>> Markup().apply("Tom &amp; Jerry&nbsp;<br>AT&T <b>rocks</b> &amp;lt;3")
    'Tom & Jerry\\xa0\\nAT&T rocks <3'
    >>> Markup().apply("Use the <p> element; a < b and R&D <3; put CSS in the <head>")
    'Use the <p> element; a < b and R&D <3; put CSS in the <head>'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar

from textwash.filters.base import Change, ChangeKind, Filter, Trigger, diff_changes
from textwash.filters.whitespace import INVISIBLE

#: A tag or an entity may start here (an entity may hide an invisible character).
_MAYBE_MARKUP = re.compile("<[A-Za-z!/]|&[#A-Za-z" + re.escape(INVISIBLE) + "]")


def _may_hold_entity(text: str) -> bool:
    """Whether ``text`` holds what may be an entity: ``&``, a name or number, ``;``."""
    from textwash.markup.entities import ENTITY_LIKE

    return "&" in text and ENTITY_LIKE.search(text) is not None


#: Tags and pages start with ``<``; entities need ``&`` and ``;`` (``AT&T`` is left alone).
_TRIGGER = Trigger(chars="<", check=_may_hold_entity)

#: Rounds of cleaning at most while looking for a fixed point. One round decodes entities
#: to the end and removes the tags that shows; a second finds a tag it revealed
#: (``&lt;b&gt;`` after a page is rendered). Text still changing after eight rounds is
#: built to (tags whose removal joins the halves of new ones) and is left alone.
_MAX_ROUNDS = 8

_TEXT_REASON = "HTML entities decoded and stray tags removed"
_PAGE_REASON = "a whole HTML page: its visible text (lxml)"
_REJECTED = "starts like an HTML page, but the parser rejected it"


def _clean_once(text: str) -> tuple[str, str]:
    """One round of cleaning, and what it did (``""`` when it had nothing to say)."""
    from textwash.markup.page import PageRejected, is_page, page_text
    from textwash.markup.stray import clean_text

    if ("<" not in text and "&" not in text) or not _MAYBE_MARKUP.search(text):
        return text, ""
    if is_page(text):
        try:
            return page_text(text), _PAGE_REASON
        except PageRejected as error:
            return clean_text(text), f"{_REJECTED} ({error}): read as text"
    return clean_text(text), _TEXT_REASON


def _clean(text: str) -> tuple[str, list[str]]:
    """The fixed point of :func:`_clean_once`, and what the rounds on the way did."""
    reasons: list[str] = []
    current = text
    for _ in range(_MAX_ROUNDS):
        cleaned, reason = _clean_once(current)
        if reason and reason not in reasons and (cleaned != current or _REJECTED in reason):
            reasons.append(reason)
        if cleaned == current:
            return current, reasons
        current = cleaned
    return text, []  # no fixed point: leaving the text alone is one


@dataclass(frozen=True)
class Markup(Filter):
    """Decode HTML entities and remove stray tags; render whole pages to their text."""

    name: ClassVar[str] = "markup"
    summary: ClassVar[str] = _TEXT_REASON
    order: ClassVar[int] = 100
    #: A tag, an entity or a fenced block does not end at a line break that ends the text.
    keeps_after_final_newline: ClassVar[bool] = True
    #: An entity holds no space, tab or line break: taking out lines, or spaces and tabs
    #: before a line break, cannot complete one.
    check_silent_after: ClassVar[frozenset[ChangeKind]] = frozenset(ChangeKind)

    def trigger(self) -> Trigger:
        """Every tag starts with ``<``; every entity is ``&``, a name or number, ``;``."""
        return _TRIGGER

    def apply(self, text: str) -> str:
        return _clean(text)[0]

    def explain(self, text: str) -> tuple[str, list[Change]]:
        """The cleaned text and its changes; a rejected page is noted even if unchanged."""
        cleaned, reasons = _clean(text)
        changes = diff_changes(self.name, text, cleaned, "; ".join(reasons))
        if not changes and reasons:  # a page the parser would not read, left as text
            number, line = _first_markup_line(text)
            changes = [Change(self.name, number, line, line, "; ".join(reasons))]
        return cleaned, changes


def _first_markup_line(text: str) -> tuple[int, str]:
    """The 1-based number and the text of the first line with a ``<`` in it."""
    start = text.rfind("\n", 0, max(0, text.find("<"))) + 1
    end = text.find("\n", start)
    return text.count("\n", 0, start) + 1, text[start : end if end >= 0 else len(text)]
