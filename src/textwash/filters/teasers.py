"""Teasers of other stories and page furniture left after the article.

What it changes
    Lines at the very end of a document are removed when they are

    * page furniture: "Related stories" style headings, "Read more: ..." links, sign-up
      and subscription prompts, share and follow prompts, author contact lines, copyright
      and rights notices, comment-section furniture, tag lists, ad markers, footer links,
      separator lines;
    * the list under such a heading (headlines, their one-line summaries, short labels);
    * a block of teasers of other stories: at least three headline-shaped lines (by
      default) that are short, start with a capital, do not end like a sentence and name
      things (three content words or more), with the one-line summaries between them,
      which together use almost none of the article's content words (at most a quarter
      of theirs, by default, and at most half of any one line's).

    Every removed line is explained: which kind of furniture, which heading it was listed
    under, or how few of its content words the article uses.

Why
    Scrapers append the page's "More stories" rail, newsletter box and footer to the
    article. Those lines are not the story: they skew every count over the text, and a
    corpus built from many pages of one site repeats them thousands of times.

Leaves alone
    Anything followed by body text: only the tail of the document is looked at, and the cut
    stops at the first line that is neither furniture nor a teaser. A related story on the
    same subject (it shares the article's vocabulary, or is written in full paragraphs); a
    list that belongs to the article (introduced by a line ending in a colon or by a short
    label, or made of items from one template such as tour dates); the article's own
    closing lines (credits such as "Additional reporting by ..." and update notes end the
    tail; one or two stray short lines are kept too); a document with fewer than 40 words
    above the tail, against which relatedness means nothing; a document that is nothing
    but furniture.

Example
    >>> body = "Russia on Friday denied the claims made by the NATO commander about Taliban supply.\\n"
    >>> tail = ("Yoon has been stripped of his duties by parliament\\n"
    ...         "Public health activities can suffer as workers are furloughed\\n"
    ...         "President Biden took office pledging to ease immigration policies\\n"
    ...         "Sign up for our newsletter\\n")
    >>> print(Teasers(min_body_words=10).apply(body + tail), end="")
    Russia on Friday denied the claims made by the NATO commander about Taliban supply.
    >>> Teasers().apply("Intro paragraph.\\n\\nRead the full report.\\n")
    'Intro paragraph.\\n\\nRead the full report.\\n'
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import ClassVar

from textwash.filters.base import Change, Filter, Trigger
from textwash.structure import heuristics
from textwash.structure.heuristics import Furniture
from textwash.structure.lines import Edit, apply_edits, describe, last_text_lines, split

#: Line classes at the tail of a document.
_FURNITURE, _HEADING, _HEADLINE, _SUMMARY, _LABEL = (
    "furniture",
    "heading",
    "headline",
    "summary",
    "label",
)


@dataclass(frozen=True)
class Teasers(Filter):
    """Remove teasers of other stories and page furniture from the end of a document.

    The defaults were checked on the article-extraction benchmark (docs/evaluation.md):
    ``min_block=2`` loses body lines there, and neither threshold is sensitive.
    """

    name: ClassVar[str] = "teasers"
    summary: ClassVar[str] = "teasers of other stories and page furniture removed from the end"
    order: ClassVar[int] = 700

    #: Fewest headline-shaped lines, with no heading above them, that are cut as a teaser
    #: block; one or two unrelated short lines at the end are kept, because closing lines
    #: of the article look the same.
    min_block: int = 3
    #: The largest share of the block's content words, all lines together, that the article
    #: may use (more, and the lines are about this story, not teasers of others).
    max_shared: float = 0.25
    #: The same for any one line of the block (a teaser's summary often repeats a word or
    #: two of a story on the same beat).
    max_line_shared: float = 0.5
    #: Fewest words the text above the tail must have for relatedness to mean anything.
    min_body_words: int = 40

    def trigger(self) -> Trigger:
        """The last line of text: a tail starts only where it is furniture, a headline, a
        summary under one, or a label (the class of a line depends on it and the line
        above it alone)."""
        return _TRIGGER

    def apply(self, text: str) -> str:
        return apply_edits(text, self.edits(text))

    def explain(self, text: str) -> tuple[str, list[Change]]:
        edits = self.edits(text)
        return apply_edits(text, edits), describe(self.name, text, edits)

    def edits(self, text: str) -> list[Edit]:
        """Which lines at the end to remove, each with its reason."""
        lines = split(text)
        tail = _classify_tail(lines)
        if not tail:
            return []
        reasons: dict[int, str] = {}
        heading: int | None = None
        for index in sorted(tail):
            cls, found = tail[index]
            if found is not None:
                reasons[index] = f"furniture: {found.reason}"
                if cls == _HEADING:
                    heading = index
            elif heading is not None:
                title = lines[heading].strip()
                reasons[index] = f"teaser: listed under the heading {title!r} (line {heading + 1})"
        candidates = self._candidates(lines, tail, reasons)
        cut = _suffix(tail, reasons, candidates)
        teasers = sorted(i for i in cut if i in candidates)
        if teasers and not self._a_teaser_block(lines, teasers, candidates):
            cut = _suffix(tail, reasons, {})
        else:
            hits = sum(candidates[i][0] for i in teasers)
            total = sum(candidates[i][1] for i in teasers)
            for i in teasers:
                shape = "headline-shaped line" if tail[i][0] == _HEADLINE else "summary line"
                reasons[i] = (
                    f"teaser: {shape}, {candidates[i][0]} of its {candidates[i][1]} content "
                    f"words in the article ({hits} of {total} over the {len(teasers)} teaser "
                    "lines at the end)"
                )
        if cut and cut[-1] == _first_text_line(lines):
            return []  # the whole document would go: that is not a tail
        return [Edit(i, reasons[i]) for i in cut]

    def _candidates(
        self,
        lines: list[str],
        tail: dict[int, tuple[str, Furniture | None]],
        reasons: dict[int, str],
    ) -> dict[int, tuple[int, int]]:
        """Tail lines that may be teasers, with their shared-word counts.

        Headline-shaped lines and the one-sentence summaries between them qualify when at
        most ``max_line_shared`` of their content words are the article's.

        Not one under a list's introduction ("Tour dates:" above the tail, or a short label
        such as "Qualified teams" in it): the lines from there to the next separator or
        furniture line belong to the article.
        """
        region = sorted(tail)
        above = lines[: region[0]]
        if not _at_least_words(above, self.min_body_words):
            return {}
        protected: set[int] = set()
        intro = _last_text_line(above)
        listing = intro is not None and heuristics.introduces_list(intro)
        for i in region:
            cls = tail[i][0]
            if cls == _LABEL:
                listing = True  # a label introduces the lines under it
            elif cls in (_HEADLINE, _SUMMARY):
                if listing:
                    protected.add(i)
            else:
                listing = False
        open_lines = [
            i
            for i in region
            if tail[i][0] in (_HEADLINE, _SUMMARY) and i not in reasons and i not in protected
        ]
        if not open_lines:
            return {}
        vocab = heuristics.vocabulary(above)
        found = {}
        for i in open_lines:
            hits, total = heuristics.shared(lines[i], vocab)
            if hits <= self.max_line_shared * total:
                found[i] = (hits, total)
        return found

    def _a_teaser_block(
        self, lines: list[str], teasers: list[int], candidates: dict[int, tuple[int, int]]
    ) -> bool:
        """Whether the candidate lines at the end together look like other stories' teasers.

        At least ``min_block`` of them must be headlines that name things (three content
        words or more), and together they may share at most ``max_shared`` of their
        content words with the article.
        """
        headlines = [
            i
            for i in teasers
            if heuristics.headline_shaped(lines[i])
            and candidates[i][1] >= heuristics.MIN_TEASER_CONTENT_WORDS
        ]
        if len(headlines) < self.min_block:
            return False
        hits = sum(candidates[i][0] for i in teasers)
        total = sum(candidates[i][1] for i in teasers)
        if hits > self.max_shared * total:
            return False
        return not _one_template([lines[i] for i in teasers])


def _suffix(
    tail: dict[int, tuple[str, Furniture | None]],
    reasons: dict[int, str],
    teasers: dict[int, tuple[int, int]],
) -> list[int]:
    """The tail lines to cut, last first: up to the first line that has no reason to go."""
    cut = []
    for index in sorted(tail, reverse=True):
        if index not in reasons and index not in teasers:
            break
        cut.append(index)
    return cut


def _classify_tail(lines: list[str]) -> dict[int, tuple[str, Furniture | None]]:
    """Classes of the lines after the last body line (blank lines are left out).

    A short sentence belongs to the tail only as a teaser's summary, right under a
    headline-shaped line (so two sentences in a row end the tail). A label of one to three
    words belongs to it too, but goes only when listed under a heading. A line's class
    depends only on itself and the line above it, never on lines below that may be cut:
    that is what makes the filter idempotent.
    """
    tail: dict[int, tuple[str, Furniture | None]] = {}
    for index in range(len(lines) - 1, -1, -1):
        line = lines[index]
        if not line.strip():
            continue
        found = heuristics.furniture(line)
        if found is None and heuristics.is_credit(line):
            break  # the article's own last line
        if found is not None:
            cls = _HEADING if found.kind == "heading" else _FURNITURE
        elif heuristics.headline_shaped(line):
            cls = _HEADLINE
        elif heuristics.short_sentence(line) and _headline_above(lines, index):
            cls = _SUMMARY
        elif heuristics.short_label(line):
            cls = _LABEL
        else:
            break
        tail[index] = (cls, found)
    return tail


def _headline_above(lines: list[str], index: int) -> bool:
    for i in range(index - 1, -1, -1):
        if lines[i].strip():
            return heuristics.headline_shaped(lines[i])
    return False


def _one_template(items: list[str]) -> bool:
    """Whether most neighbouring items share their punctuation: a list, not teasers."""
    pairs = list(itertools.pairwise(items))
    same = sum(
        1
        for a, b in pairs
        if heuristics.skeleton(a) and heuristics.skeleton(a) == heuristics.skeleton(b)
    )
    return bool(pairs) and same * 2 >= len(pairs)


def _at_least_words(lines: list[str], count: int) -> bool:
    """Whether ``lines`` hold ``count`` words or more (counted from the end, stopping early)."""
    seen = 0
    for line in reversed(lines):
        seen += len(line.split())
        if seen >= count:
            return True
    return count <= 0


def _first_text_line(lines: list[str]) -> int | None:
    return next((i for i, line in enumerate(lines) if line.strip()), None)


def _last_text_line(lines: list[str]) -> str | None:
    return next((line for line in reversed(lines) if line.strip()), None)


def _may_have_tail(text: str) -> bool:
    """The trigger's test: whether the last line of text, with the line of text above it,
    is classed as part of a tail."""
    return bool(_classify_tail(last_text_lines(text, 2)))


_TRIGGER = Trigger(check=_may_have_tail)
