"""Punctuation removed, as Unicode classes it (off by default).

What it changes
    Every punctuation character (Unicode categories Pc, Pd, Ps, Pe, Pi, Pf, Po: ``.,;:!?``,
    quotes, brackets, dashes, ``…``, ``¿``, ``。``, ``«»``) is removed. Between two letters
    or digits an apostrophe disappears (``don't`` becomes ``dont``) and other punctuation
    becomes a space (``well-known`` becomes ``well known``, so the words stay apart);
    elsewhere it goes with the space it would leave (``Yes, he said.`` becomes
    ``Yes he said``). Characters listed in ``keep`` stay.

Why
    Bag-of-words models, keyword matching and some classifiers want words only; removing by
    category instead of ``string.punctuation`` also catches the curly quotes, dashes and
    CJK punctuation that an ASCII list misses.

Leaves alone
    Symbols that are not punctuation (``$``, ``%``, ``+``, ``<``, ``©``, emoji: use
    ``currency`` or ``emoji`` for some of those), line breaks, and placeholders that
    other filters put in (``<URL>``, ``<USER_ID>``).

Example
    >>> Punctuation().apply("“Well-known,” she said… (don't ask) <URL>!")
    'Well known she said dont ask <URL>'
    >>> Punctuation(keep="'-").apply("It's a well-known fact.")
    "It's a well-known fact"
"""

from __future__ import annotations

import re
import sys
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import ClassVar

from textwash.filters.base import Change, Filter
from textwash.filters.normalize._edits import (
    Edit,
    apply_edits,
    explain_edits,
    outside_placeholders,
    removal_edits,
)

_APOSTROPHES = "'\u2019"


@cache
def _punctuation() -> str:
    """Every character of a P* category that this Python's Unicode data knows."""
    return "".join(
        chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)).startswith("P")
    )


@cache
def _runs(keep: str) -> re.Pattern[str]:
    chars = "".join(c for c in _punctuation() if c not in keep)
    return re.compile("[" + re.escape(chars) + "]+")


@dataclass(frozen=True)
class Punctuation(Filter):
    """Remove punctuation by Unicode category."""

    name: ClassVar[str] = "punctuation"
    summary: ClassVar[str] = "punctuation removed"
    default_enabled: ClassVar[bool] = False
    order: ClassVar[int] = 990

    #: Punctuation characters to leave in place (``"'-"`` keeps apostrophes and hyphens).
    keep: str = ""

    def edits(self, text: str) -> list[Edit]:
        runs = _runs(self.keep)
        inner: list[Edit] = []
        outer: list[tuple[int, int, str]] = []
        for start, end in outside_placeholders(text):
            for match in runs.finditer(text, start, end):
                s, e = match.span()
                reason = f"punctuation {match.group()!r} removed"
                if s > 0 and e < len(text) and text[s - 1].isalnum() and text[e].isalnum():
                    joiner = "" if all(c in _APOSTROPHES for c in match.group()) else " "
                    inner.append(Edit(s, e, joiner, reason))
                else:
                    outer.append((s, e, reason))
        return sorted([*inner, *removal_edits(text, outer)], key=lambda edit: edit.start)

    def apply(self, text: str) -> str:
        return apply_edits(text, self.edits(text))

    def explain(self, text: str) -> tuple[str, list[Change]]:
        return explain_edits(self.name, text, self.edits(text))
