"""Hashtags replaced by a placeholder (off by default).

What it changes
    ``#word`` tags (a letter after the ``#``, then letters, digits or ``_``) become
    ``<HASHTAG>`` (option ``replacement``; ``""`` removes them without leaving a double
    space).

Why
    Social text repeats tags that carry no sentence; a classifier or a deduplicator that
    should read the prose wants them out of the way, or at least all alike.

Leaves alone
    ``#1`` and ``# 5`` (numbers and rankings), ``C#`` and ``F#`` (a ``#`` after a letter),
    numeric character references (``&#39;``), URL fragments (``urls`` runs first), and a
    ``#`` heading at a line start followed by a space.

Example
    >>> Hashtags().apply("Protests grow #Iran #MahsaAmini, ranked #1 in C#.")
    'Protests grow <HASHTAG> <HASHTAG>, ranked #1 in C#.'
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import ClassVar

from textwash.filters.normalize._replace import ReplaceFilter

_HASHTAG = re.compile(r"(?<![\w#&/])[#＃][^\W\d_]\w*")


@dataclass(frozen=True)
class Hashtags(ReplaceFilter):
    """Replace ``#tags`` by a placeholder."""

    name: ClassVar[str] = "hashtags"
    summary: ClassVar[str] = "#hashtags replaced by a placeholder"
    default_enabled: ClassVar[bool] = False
    order: ClassVar[int] = 940
    kind: ClassVar[str] = "hashtag"

    #: What a hashtag becomes; ``""`` removes it (and the space it would leave).
    replacement: str = "<HASHTAG>"

    def find(self, text: str) -> Iterator[tuple[int, int]]:
        if "#" not in text and "＃" not in text:
            return
        for match in _HASHTAG.finditer(text):
            yield match.span()
