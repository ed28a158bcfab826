"""Currency symbols replaced by a placeholder (off by default).

What it changes
    Every currency symbol, as Unicode classes them (category Sc: ``$``, ``€``, ``£``,
    ``¥``, ``₹``, ``₽``, ``₿`` …), becomes ``<CUR>`` (option ``replacement``; ``""``
    removes it). The amount stays: ``$5`` becomes ``<CUR>5``, which the ``numbers`` filter
    (it runs later) can turn into ``<CUR><NUMBER>``.

Why
    Prices in many currencies are one idea to a classifier; one token for the symbol keeps
    the amount and drops the spelling.

Leaves alone
    Currency codes and words (``USD``, ``euros``: they are words), the cent and the
    generic currency sign are replaced like the rest (they are category Sc), and
    placeholders.

Example
    >>> Currency().apply("It cost $5, €4.50 or ₹300.")
    'It cost <CUR>5, <CUR>4.50 or <CUR>300.'
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import ClassVar

from textwash.filters.normalize._replace import ReplaceFilter


@cache
def _symbols() -> re.Pattern[str]:
    """One character class of every Sc character this Python's Unicode data knows."""
    chars = (chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Sc")
    return re.compile("[" + re.escape("".join(chars)) + "]")


@dataclass(frozen=True)
class Currency(ReplaceFilter):
    """Replace currency symbols by a placeholder."""

    name: ClassVar[str] = "currency"
    summary: ClassVar[str] = "currency symbols replaced by a placeholder"
    default_enabled: ClassVar[bool] = False
    order: ClassVar[int] = 960
    kind: ClassVar[str] = "currency symbol"

    #: What a currency symbol becomes; ``""`` removes it.
    replacement: str = "<CUR>"

    def find(self, text: str) -> Iterator[tuple[int, int]]:
        for match in _symbols().finditer(text):
            yield match.span()
