"""A headline repeated at the top of a document, kept once.

What it changes
    When the first line of a document is a headline and the lines right after it (blank
    lines between them allowed) are copies of it, the copies are removed. Copies may differ
    in case, spacing, quote style or a site name after the title (``Title | Site``,
    ``Title - Site News``); the copy without the site name is the one kept, at the first
    copy's place. When the next line starts with one more copy glued to the first sentence
    of the body (``Title Russia on March 24 denied ...``), the copy is cut from that line
    and the body sentence stays.

Why
    Extractors take the headline from the page title, the ``<h1>`` and the article's first
    block alike, and glue blocks together without a break: one story ends up with its
    headline two or three times, once fused into the lede. The copies inflate every count
    over the text and make near-identical documents look different.

Leaves alone
    A lede that merely starts with the headline's words (``Fire hits mill`` then
    ``Fire hits mill in the north ...``: what follows the copy must begin a new sentence,
    with a capital, at least four words long and not a day or month name); a document
    whose first line is not followed by a copy; a title-like line repeated further down
    (that is the ``repeats`` filter's business); a first line that is a paragraph or a
    verse, not a headline: more than 30 words, a sentence of more than 20 words or of two
    sentences, a short word like "Oh", or a line ending in a comma.

Example
    >>> text = "NATO claim denied\\n\\nNATO claim denied\\n\\nNATO claim denied Russia on Friday denied it.\\n"
    >>> print(Headline().apply(text), end="")
    NATO claim denied
    <BLANKLINE>
    Russia on Friday denied it.
    >>> Headline().apply("Fire hits mill\\n\\nFire hits mill in the north of the city.\\n")
    'Fire hits mill\\n\\nFire hits mill in the north of the city.\\n'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textwash.filters.base import Change, Filter, Trigger
from textwash.structure import heuristics, patterns
from textwash.structure.lines import Edit, apply_edits, describe, first_text_lines, split


def _may_repeat_headline(text: str) -> bool:
    """The trigger's test: only the first two lines of text are read.

    The next line's first word is compared as the rules see it: a token of the case-folded
    line (:func:`heuristics.tokens`) and a token of the line, case-folded
    (:func:`heuristics.copy_ends`). A long next line is read only as far as that word.
    """
    head = first_text_lines(text, 2)
    if len(head) < 2 or not heuristics.is_headline_candidate(head[0]):
        return False
    words = heuristics.tokens(head[0])
    if not words:
        return False
    line = head[1]
    window = line[: 4 * len(words[0]) + 64]
    cut = len(window) < len(line)
    for found in (patterns.TOKEN.search(window.casefold()), patterns.TOKEN.search(window)):
        if found is None or (found.end() == len(found.string)):
            if cut:
                return True  # the first word may lie, or go on, past the window
            if found is None:
                continue
        if found.group().casefold() == words[0]:
            return True
    return False


_TRIGGER = Trigger(check=_may_repeat_headline)


@dataclass(frozen=True)
class Headline(Filter):
    """Keep a headline repeated at the top of a document once."""

    name: ClassVar[str] = "headline"
    summary: ClassVar[str] = "copies of the headline at the top of the document removed"
    order: ClassVar[int] = 500

    def trigger(self) -> Trigger:
        """The first two lines of text: a headline candidate, and a line that starts with
        the same word (every copy, glued or not, starts with the headline's first word)."""
        return _TRIGGER

    def apply(self, text: str) -> str:
        return apply_edits(text, self.edits(text))

    def explain(self, text: str) -> tuple[str, list[Change]]:
        edits = self.edits(text)
        return apply_edits(text, edits), describe(self.name, text, edits)

    def edits(self, text: str) -> list[Edit]:
        """What to remove or rewrite, line by line, with reasons."""
        lines = split(text)
        first = _next_text_line(lines, 0)
        if first is None or not heuristics.is_headline_candidate(lines[first]):
            return []
        head = lines[first]
        forms = heuristics.HeadlineForms(head)
        edits: list[Edit] = []
        copies: list[int] = []
        j = _next_text_line(lines, first + 1)
        while j is not None:
            line = lines[j]
            if forms.same(line):
                copies.append(j)
                j = _next_text_line(lines, j + 1)
                continue
            ends = heuristics.copy_ends(line, head)
            if ends and not line[ends[-1] :].strip():
                copies.append(j)  # nothing but copies on the line
                j = _next_text_line(lines, j + 1)
                continue
            rest = heuristics.glued_remainder(line, head)
            if rest is not None and forms.same(rest):
                copies.append(j)  # copies glued to one more copy (with a site name, say)
                j = _next_text_line(lines, j + 1)
                continue
            if rest is not None:
                reason = f"copy of the headline on line {first + 1} glued to the lede"
                edits.append(Edit(j, reason, rest))
            break
        if not copies:
            return edits
        keep = _preferred_copy(lines, [first, *copies])
        if keep != first:
            site = heuristics.split_site_suffix(head)
            reason = "headline kept once, in its copy without the site name"
            if site is not None:
                reason += f" {site[1]!r}"
            edits.append(Edit(first, reason, lines[keep].strip()))
        for index in copies:
            edits.append(Edit(index, f"copy of the headline on line {first + 1}"))
        return edits


def _next_text_line(lines: list[str], start: int) -> int | None:
    for i in range(start, len(lines)):
        if lines[i].strip():
            return i
    return None


def _preferred_copy(lines: list[str], indexes: list[int]) -> int:
    """The first copy without a site name after the title, else the first copy."""
    for i in indexes:
        if heuristics.split_site_suffix(lines[i]) is None:
            return i
    return indexes[0]
