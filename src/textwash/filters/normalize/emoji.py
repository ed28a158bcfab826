"""Emoji removed, as the ``emoji`` package's Unicode data knows them (off by default).

What it changes
    Every emoji, whole sequences included (skin tones ``👍🏽``, families joined by ZWJ
    ``👨‍👩‍👧``, flags ``🇺🇸``, keycaps ``1️⃣``), is removed without leaving a double or
    trailing space, or becomes ``replacement`` (default ``""``). The set is the ``emoji``
    package's copy of the Unicode emoji data, not a hand list of ranges. Needs
    ``pip install 'textwash[normalize]'``.

Why
    Emoji carry tone for a reader and noise for a search index, a parser or a model trained
    on prose; scraped comments and social posts are full of them.

Leaves alone
    Characters that are emoji only when asked to be (followed by U+FE0F) and are ordinary
    text otherwise: ``©``, ``®``, ``™``, arrows, ``‼``, digits, ``#`` and ``*``; and the
    text around, placeholders included.

Example
    >>> Emoji().apply("Great game 👍🏽🇺🇸 — © 2024 Example 😀")
    'Great game — © 2024 Example'
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, ClassVar

from textwash.filters.normalize._edits import Edit, apply_edits
from textwash.filters.normalize._extras import require
from textwash.filters.normalize._replace import ReplaceFilter

#: Below this code point a lone character is text unless U+FE0F (above it) asks for an
#: emoji (``©``, ``™``, ``↔``); the pictographs start above it.
_TEXT_BELOW = 0x2300
#: Text without any character at or above it cannot hold an emoji; most news text has
#: none, and the ``emoji`` package's scan costs far more than this check.
_VARIATIONS = "\ufe0f\ufe0e"
_MAYBE_EMOJI = re.compile("[\u2300-\U0010ffff]")


@dataclass(frozen=True)
class Emoji(ReplaceFilter):
    """Remove emoji (or replace them by a placeholder)."""

    name: ClassVar[str] = "emoji"
    summary: ClassVar[str] = "emoji removed"
    default_enabled: ClassVar[bool] = False
    order: ClassVar[int] = 980
    kind: ClassVar[str] = "emoji"

    #: What an emoji becomes; ``""`` (the default) removes it and the space it would leave.
    replacement: str = ""

    def __post_init__(self) -> None:
        require("emoji", self.name)  # missing: say so when the pipeline is built

    def find(self, text: str) -> Iterator[tuple[int, int]]:
        if text.isascii() or not _MAYBE_EMOJI.search(text):
            return
        emoji: Any = require("emoji", self.name)
        for found in emoji.emoji_list(text):
            start, end = found["match_start"], found["match_end"]
            if end - start == 1 and ord(text[start]) < _TEXT_BELOW:
                continue
            while end < len(text) and text[end] in _VARIATIONS:
                end += 1  # ``⭐️``: the package knows ``⭐`` and would leave the selector
            yield start, end

    def edits(self, text: str) -> list[Edit]:
        """Removing one emoji can join its neighbours into a new one (``🇺😀🇸``): the
        edits are repeated on their own result until none is found, then given as one."""
        edits = super().edits(text)
        out = apply_edits(text, edits)
        rounds = 0
        while edits and rounds < 8:
            rounds += 1
            more = super().edits(out)
            if not more:
                break
            out = apply_edits(out, more)
        if rounds <= 1:
            return edits
        reason = "; ".join(dict.fromkeys(e.reason for e in edits))
        return [Edit(0, len(text), out, reason)]
