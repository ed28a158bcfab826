"""A paragraph captured twice, kept once at its first place.

What it changes
    A paragraph (a line of at least 25 words, by default, ending like a sentence) that has
    already occurred earlier in the document is removed; copies are compared on their
    words, so case, spacing, punctuation and quote style do not matter. A repeated ad
    marker ("Advertisement", "Story continues below", in any case) goes whatever its
    length.

Why
    Extractors capture a block twice (a caption under the photo and in the gallery, a pull
    quote, a section the page renders for two layouts). The second copy adds nothing and
    counts twice in every statistic over the text.

Where the floor comes from
    Lines do repeat on purpose, and they are short or are not sentences: a chorus, a list
    marker, a table header, the question an interview series asks every guest, the
    ingredients a meal plan lists each day. On the 32 extractor outputs of the
    article-extraction benchmark (5,792 documents), the repeated lines the human gold text
    repeats too are list, table and recipe lines (up to 40 words, not ending like a
    sentence) and sentences of at most 21 words (an interview question). A floor of 20
    words would remove 262 of those body lines, 22 none; at 25, with a sentence end
    required of both copies, the filter removes 931 lines there and not one of them is
    body text. 25 keeps a margin above the longest legitimate repeat seen.

A page that repeats a paragraph itself
    A post quoted in a reply stands under a line that says so ("Jane wrote:", "Quote from:
    Jane", "Originally Posted by Jane"): that copy stays. A page that shows a paragraph twice
    with nothing around it to say so cannot be told from an extractor's second capture by
    the text alone, and the later copy goes: on the Readability test pages this removes 9
    lines the expected text keeps, all on the suite's synthetic lorem-ipsum pages, and on
    the article-extraction benchmark none (docs/evaluation.md).

Leaves alone
    The first occurrence; repeated lines shorter than the floor or not ending like a
    sentence (choruses, list items, recipe lines, table rows); a post quoted under an
    attribution line; text that is similar but not the same.

Example
    >>> para = "The ministry said on Friday that the talks would resume next week in Geneva, and that both delegations had already agreed on the agenda for the first day."
    >>> text = f"{para}\\n\\nA second paragraph.\\n\\n{para}\\n\\nAdvertisement\\n\\nEnd.\\n\\nAdvertisement\\n"
    >>> print(Repeats().apply(text), end="")
    The ministry said on Friday that the talks would resume next week in Geneva, and that both delegations had already agreed on the agenda for the first day.
    <BLANKLINE>
    A second paragraph.
    <BLANKLINE>
    Advertisement
    <BLANKLINE>
    End.
    >>> Repeats().apply("Let it be, let it be\\nWhisper words of wisdom\\nLet it be, let it be\\n")
    'Let it be, let it be\\nWhisper words of wisdom\\nLet it be, let it be\\n'
"""

from __future__ import annotations

import string
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import ClassVar

from textwash.filters.base import Change, ChangeKind, Filter, Trigger
from textwash.structure import heuristics, patterns
from textwash.structure.lines import Edit, apply_edits, describe

#: ASCII letters to lower case; every other byte but the line break deleted (the bytes of
#: UTF-8 beyond ASCII included).
_LOWER = bytes.maketrans(string.ascii_uppercase.encode(), string.ascii_lowercase.encode())
_NOT_ALNUM = bytes(c for c in range(256) if not (c < 128 and chr(c).isalnum()) and c != 10)


#: Non-ASCII characters whose case folding holds ASCII letters (``ß`` is ``ss``, the Kelvin
#: sign is ``k``, ``ﬁ`` is ``fi``); ``tests/test_triggers.py`` checks the list against the
#: Unicode data of the running Python.
FOLDS_TO_ASCII = (
    "\u00df\u0130\u0149\u017f\u01f0\u1e96\u1e97\u1e98\u1e99\u1e9a\u1e9e\u212a"
    "\ufb00\ufb01\ufb02\ufb03\ufb04\ufb05\ufb06"
)


def repeat_candidates(text: str) -> list[int]:
    """The lines (0-based, in order) that may be copies of one another as the rules compare
    them: every line the filter can remove, and the line each one repeats.

    Copies have the same case-folded words, or (short lines) the same case-folded text,
    so they have the same ASCII letters and digits, case-folded, in the same order: that
    is each line's hash, computed for the whole text by passes over its UTF-8 bytes
    (encode, then one ``bytes.translate`` to lower case keeping letters and digits). A
    line that has none, but is not blank (a line in another script), is compared on its
    words instead. Only lines whose hash another line shares are candidates.
    """
    return _candidates(text)[0]


def _candidates(text: str) -> tuple[list[int], list[str] | None]:
    """:func:`repeat_candidates`, and the text's lines where finding them split it."""
    encoded = text.encode("utf-8", "surrogatepass")
    # (One ``in`` a character: a text whose characters are all narrower costs nothing.)
    if not text.isascii() and any(char in text for char in FOLDS_TO_ASCII):
        # Case-folded first where that gives ASCII letters: "Straße" meets "STRASSE".
        encoded = text.casefold().encode("utf-8", "surrogatepass")
    keys = encoded.translate(_LOWER, _NOT_ALNUM).split(b"\n")
    empty = keys.count(b"")  # blank lines, and lines without ASCII letters or digits
    distinct = len(set(keys)) - (1 if empty else 0)
    others: dict[int, str] = {}  # the latter, by their words
    lines = None
    if empty:
        lines = text.split("\n")
        if lines.count("") < empty:
            for index in [i for i, key in enumerate(keys) if not key]:
                line = lines[index]
                if line.strip():
                    others[index] = heuristics.key(line) or "\0" + line.strip().casefold()
    if distinct == len(keys) - empty and len(set(others.values())) == len(others):
        return [], lines
    counts = Counter(keys)
    other_counts = Counter(others.values())
    found = [i for i, key in enumerate(keys) if key and counts[key] > 1]
    found += (i for i, key in others.items() if other_counts[key] > 1)
    return sorted(found), lines


class _Answers:
    """What is known of one text: its candidates, its lines, the edits per filter."""

    __slots__ = ("edits", "found", "lines", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.found, self.lines = _candidates(text)
        self.edits: dict[Repeats, list[Edit]] = {}


class _LastAnswer:
    """The answers about the last text asked about: the trigger and the rules ask about
    the same text one after the other, and each is computed once (a cache of pure
    functions, keyed on the very string object and the filter's options; each call reads
    the cache once, so threads sharing it get answers about their own text)."""

    def __init__(self) -> None:
        self._state = _Answers("")

    def _about(self, text: str) -> _Answers:
        state = self._state
        if state.text is not text:
            state = self._state = _Answers(text)
        return state

    def candidates(self, text: str) -> list[int]:
        return self._about(text).found

    def lines(self, text: str) -> list[str]:
        """The lines of ``text``, as :func:`~textwash.structure.lines.split` gives them."""
        state = self._about(text)
        if state.lines is None:
            state.lines = text.split("\n")
        lines = state.lines
        return lines[:-1] if len(lines) > 1 and lines[-1] == "" else lines

    def edits(self, f: Repeats, text: str) -> list[Edit]:
        state = self._about(text)
        found = state.edits.get(f)
        if found is None:
            found = state.edits[f] = f.edits(text)
        return found


_LAST = _LastAnswer()


def may_repeat(text: str) -> bool:
    """Whether two lines of ``text`` may be copies (:func:`repeat_candidates`)."""
    return bool(_LAST.candidates(text))


@dataclass(frozen=True)
class Repeats(Filter):
    """Remove later copies of a paragraph that already occurred in the document."""

    name: ClassVar[str] = "repeats"
    summary: ClassVar[str] = "later copies of a repeated paragraph removed"
    order: ClassVar[int] = 600
    #: A line goes only for a copy of it above: taking lines out of a text with no such
    #: pair cannot make one.
    keeps_after_line_removal: ClassVar[bool] = True
    #: It only takes lines out.
    adds_chars: ClassVar[frozenset[str] | None] = frozenset()
    #: Its trigger is exact: a line it removes.
    silent_on_own_output: ClassVar[bool] = True
    change_kind: ClassVar[ChangeKind | None] = ChangeKind.LINES_OUT

    #: Fewest words (``\w+`` tokens) a repeated line needs to be removed; it must also end
    #: like a sentence. Shorter repeats are too often legitimate (see *Why* for why 25).
    min_words: int = 25

    def trigger(self) -> Trigger:
        """A line the filter removes (:meth:`removes_a_line`): the trigger is exact, so it
        is silent on the filter's own output, and a second look costs one hash per line."""
        return Trigger(check=self.removes_a_line)

    def removes_a_line(self, text: str) -> bool:
        """Whether :meth:`edits` finds a copy to remove. One hash per line finds the lines
        that may be copies (:func:`may_repeat`); the rules look at those alone, and a
        text without any costs nothing more. The answer is kept for :meth:`apply`."""
        return bool(_LAST.candidates(text)) and bool(_LAST.edits(self, text))

    def apply(self, text: str) -> str:
        return apply_edits(text, _LAST.edits(self, text))

    def explain(self, text: str) -> tuple[str, list[Change]]:
        edits = self.edits(text)
        return apply_edits(text, edits), describe(self.name, text, edits)

    def edits(self, text: str) -> list[Edit]:
        """The later copies to remove, each naming the line it repeats."""
        first_seen: dict[str, int] = {}  # paragraphs, by their words
        short_seen: dict[str, int] = {}  # short lines, by their case-folded text
        # What each line is compared on, once per distinct line: most candidates are exact
        # copies of another (a caption, a credit, a recipe line printed every day).
        compared: dict[str, tuple[str, int] | None] = {}
        edits: list[Edit] = []
        candidates = _LAST.candidates(text)
        if not candidates:
            return edits
        lines = _LAST.lines(text)
        for index in candidates:  # the other lines have no copy
            line = lines[index]
            found = compared.get(line, _UNSEEN)
            if found is _UNSEEN:
                found = compared[line] = self._compared_on(line)
            if found is None:
                continue
            key, words = found
            if words < 0:  # a short line
                if key not in short_seen:
                    short_seen[key] = index
                    continue
                if _is_ad_marker(line.strip()):
                    first = short_seen[key] + 1
                    edits.append(Edit(index, f"repeated ad marker, a copy of line {first}"))
            elif key not in first_seen:
                first_seen[key] = index
            elif not _quoted(lines, index):  # a post quoted in a reply stays
                edits.append(
                    Edit(
                        index,
                        f"repeated paragraph ({words} words), a copy of line {first_seen[key] + 1}",
                    )
                )
        return edits

    def _compared_on(self, line: str) -> tuple[str, int] | None:
        """What a line is compared on: a short line (shorter than ``min_words`` words can
        be: only an ad marker goes whatever its length) on its case-folded text, with
        ``-1``; a paragraph on its words, with their count; ``None``: neither (a blank
        line; a long line that does not end like a sentence, such as a list line or a table
        row; one of fewer words than the floor)."""
        # A line of n words has at least 2n - 1 characters: shorter lines can only be ads.
        if len(line) < 2 * self.min_words - 1:
            short = line.strip().casefold()
            return (short, -1) if short else None
        if not heuristics.ends_sentence(line):
            return None
        words = heuristics.tokens(line)
        if len(words) < self.min_words:
            return None
        return " ".join(words), len(words)


#: :func:`~textwash.structure.heuristics.is_ad_marker`, remembered across documents: most
#: short lines a document repeats are its site's furniture ("Share", "Read more", a
#: section name), which every page of the site repeats too, and the ad pattern's
#: case-blind search costs more than the rest of the look at such a line.
_is_ad_marker = lru_cache(maxsize=1 << 14)(heuristics.is_ad_marker)

#: A line not yet looked at (``None`` is an answer).
_UNSEEN = ("", -2)


def _quoted(lines: list[str], index: int) -> bool:
    """Whether the nearest text line above line ``index`` introduces a quotation
    ("Jane wrote:", "Quote from: Jane", "Originally Posted by Jane")."""
    for i in range(index - 1, -1, -1):
        above = lines[i].strip()
        if above:
            return (
                len(above) <= patterns.MAX_FURNITURE_CHARS
                and patterns.QUOTE_ATTRIBUTION.search(above) is not None
            )
    return False
