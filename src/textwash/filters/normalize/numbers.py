"""Numbers replaced by a placeholder (off by default).

What it changes
    A number standing as a word of its own, with its sign, thousands separators and decimal
    part (``42``, ``-3.5``, ``1,250,000``, ``3,5``, ``٣٤``), becomes ``<NUMBER>`` (option
    ``replacement``; ``""`` removes it without leaving a double space). Each part of a date
    or a score is a number of its own (``2024-03-15`` becomes
    ``<NUMBER>-<NUMBER>-<NUMBER>``).

Why
    A classifier or a topic model gains nothing from each distinct figure; one token for
    "a number was here" keeps the vocabulary small.

Leaves alone
    Digits inside a word (``COVID-19``'s ``19`` is part of a name, like ``G7``, ``3rd``,
    ``MP3``, ``x86_64``, ``1990’s``), and the digits of URLs, e-mail addresses and phone numbers when
    those filters run (they run first), and placeholders.

Example
    >>> Numbers().apply("Shares fell 3.5% to $1,250,000 on 2024-03-15 in COVID-19 trading.")
    'Shares fell <NUMBER>% to $<NUMBER> on <NUMBER>-<NUMBER>-<NUMBER> in COVID-19 trading.'
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import ClassVar

from textwash.filters.normalize._replace import ReplaceFilter

#: Not after a word character or a separator (``v2``, ``1.5``'s second part), nor after a
#: word and a hyphen (``COVID-19``); a sign only where a word could start.
_NUMBER = re.compile(
    r"(?<![\w.,])(?<![^\W\d_][-‐])(?:(?<![^\s(\[])[−+-])?\d+(?:[.,]\d+)*(?![\w.,]*\w)(?!['’][^\W\d_])"
)


@dataclass(frozen=True)
class Numbers(ReplaceFilter):
    """Replace numbers by a placeholder."""

    name: ClassVar[str] = "numbers"
    summary: ClassVar[str] = "numbers replaced by a placeholder"
    default_enabled: ClassVar[bool] = False
    order: ClassVar[int] = 970
    kind: ClassVar[str] = "number"

    #: What a number becomes; ``""`` removes it (and the space it would leave).
    replacement: str = "<NUMBER>"

    def find(self, text: str) -> Iterator[tuple[int, int]]:
        for match in _NUMBER.finditer(text):
            yield match.span()
