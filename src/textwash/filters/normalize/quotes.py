"""One quote style for the whole document: straight or curly (off by default).

What it changes
    ``style="straight"`` (the default): curly and low quotes become ASCII ones (``“ ” „ ‟``
    become ``"``, ``‘ ’ ‚ ‛`` become ``'``).

    ``style="curly"``: ASCII quotes become typographic ones, each decided by its
    neighbours: an apostrophe inside or at the end of a word is ``’`` (``don’t``, ``the
    Joneses’``), and so is one before a year or a shortened word (``’90s``, ``’em``,
    ``’tis``); a quote after a space, a line start or an opening bracket, before a word, is an
    opening quote (``“``, ``‘``); one after a word or punctuation is a closing quote (``”``,
    ``’``). A double quote after a digit closes a quotation open on its line and is otherwise
    an inch mark.

Why
    A corpus, an index or a style guide wants one form: ``don't`` and ``don’t`` are two
    tokens to most tokenizers. Converting to curly quotes by context, not by alternation,
    keeps apostrophes from turning into opening quotes (``‘90s`` is the classic mistake).

Leaves alone
    Primes and quotes in measurements: ``5'11"``, ``12" pizza``, ``40°26′46″`` (a straight
    quote after a digit stays straight in the curly style, unless it closes an open
    quotation); a quote with a space on both sides; guillemets (``« »``, ``‹ ›``: a
    language's quotation marks, not a typographic variant); the accents and backticks that
    stand for apostrophes (``apostrophes`` repairs those, earlier); and the prime
    characters themselves.

Example
    >>> Quotes().apply("“It’s over,” he said. „Ja“")
    '"It\\'s over," he said. "Ja"'
    >>> print(Quotes(style="curly").apply("\\"It's the '90s,\\" she said. 'Rock 'n' roll'. He's 5'11\\" tall."))
    “It’s the ’90s,” she said. ‘Rock ’n’ roll’. He’s 5'11" tall.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Literal

from textwash.filters.base import Change, Filter
from textwash.filters.normalize._edits import Edit, apply_edits, explain_edits

_TO_STRAIGHT = {
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u201f": '"',
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
}
OPEN_DOUBLE, CLOSE_DOUBLE, OPEN_SINGLE, APOSTROPHE = "\u201c", "\u201d", "\u2018", "\u2019"
#: Words that start with an apostrophe standing for dropped letters (``’em``, ``’tis``).
_ELISIONS = frozenset("em tis twas til cause cos bout n round neath ere twere twill im ol".split())
_KINDS = {OPEN_DOUBLE: "opening", CLOSE_DOUBLE: "closing", OPEN_SINGLE: "opening"}
#: After one of these (or a space or a line start) a quote opens.
_OPENERS = "([{\u2014\u2013-/" + OPEN_DOUBLE + OPEN_SINGLE


@dataclass(frozen=True)
class Quotes(Filter):
    """Make every quotation mark and apostrophe one style."""

    name: ClassVar[str] = "quotes"
    summary: ClassVar[str] = "quotes in one style"
    default_enabled: ClassVar[bool] = False
    order: ClassVar[int] = 860

    #: ``"straight"`` (``"`` and ``'``) or ``"curly"`` (``“ ” ‘ ’``, decided by context).
    style: Literal["straight", "curly"] = "straight"

    def __post_init__(self) -> None:
        if self.style not in ("straight", "curly"):
            raise ValueError(f"quotes: style must be 'straight' or 'curly', not {self.style!r}")

    def edits(self, text: str) -> list[Edit]:
        if self.style == "straight":
            return [
                Edit(i, i + 1, _TO_STRAIGHT[c], f"{c} to {_TO_STRAIGHT[c]} (straight quotes)")
                for i, c in enumerate(text)
                if c in _TO_STRAIGHT
            ]
        if '"' not in text and "'" not in text:
            return []
        edits: list[Edit] = []
        position = 0
        for line in text.split("\n"):
            edits.extend(_curly_line(line, position))
            position += len(line) + 1
        return edits

    def apply(self, text: str) -> str:
        return apply_edits(text, self.edits(text))

    def explain(self, text: str) -> tuple[str, list[Change]]:
        return explain_edits(self.name, text, self.edits(text))


def _curly_line(line: str, offset: int) -> list[Edit]:
    """The curly-quote edits of one line; a quotation does not run across lines here."""
    edits: list[Edit] = []
    double_open = False
    for i, c in enumerate(line):
        before = line[i - 1] if i else ""
        after = line[i + 1] if i + 1 < len(line) else ""
        new: str | None
        if c == OPEN_DOUBLE:
            double_open = True
            continue
        if c == CLOSE_DOUBLE:
            double_open = False
            continue
        if c == '"':
            new = _double(before, after, double_open)
            if new is not None:
                double_open = new == OPEN_DOUBLE
        elif c == "'":
            new = _single(line, i, before, after)
        else:
            continue
        if new is not None:
            what = _KINDS.get(new, "apostrophe or closing")
            edits.append(Edit(offset + i, offset + i + 1, new, f"{c} to {new} ({what} quote)"))
    return edits


def _opens(before: str, after: str) -> bool:
    return (
        (not before or before.isspace() or before in _OPENERS)
        and bool(after)
        and not after.isspace()
    )


def _double(before: str, after: str, quote_open: bool) -> str | None:
    if before.isdigit():
        return CLOSE_DOUBLE if quote_open else None  # an inch mark unless it closes a quote
    if _opens(before, after):
        return OPEN_DOUBLE
    if before and not before.isspace():
        return CLOSE_DOUBLE
    return None  # a space on both sides: nothing says which


def _single(line: str, i: int, before: str, after: str) -> str | None:
    if before.isdigit() and not after.isalpha():
        return None  # a foot mark or a minute: 5'11", 40°26'
    if before.isalnum() and after.isalnum():
        return APOSTROPHE  # don’t, rock’n’roll
    if _opens(before, after):
        j = i + 1
        while j < len(line) and line[j].isalpha():
            j += 1
        word = line[i + 1 : j].lower()
        if after.isdigit() or word in _ELISIONS:
            return APOSTROPHE  # ’90s, ’em, ’tis
        return OPEN_SINGLE
    if before and not before.isspace():
        return APOSTROPHE  # a closing quote, or the Joneses’
    return None
