"""ASCII transliteration with unidecode (off by default; needs ``textwash[ascii]``).

What it changes
    Every non-ASCII character becomes its closest ASCII spelling: ``café`` becomes
    ``cafe``, ``Москва`` becomes ``Moskva``, ``’`` becomes ``'``.

Why
    Some indexes, legacy systems and models take ASCII only. It is lossy, so it is never
    on unless asked for (``--enable transliterate``).

Leaves alone
    ASCII text, unchanged and without loading unidecode.

Example
    >>> Transliterate().apply("Café Москва – “quoted”")
    'Cafe Moskva - "quoted"'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textwash.filters.base import Filter


@dataclass(frozen=True)
class Transliterate(Filter):
    """Transliterate to ASCII with unidecode."""

    name: ClassVar[str] = "transliterate"
    summary: ClassVar[str] = "transliterated to ASCII (unidecode)"
    default_enabled: ClassVar[bool] = False
    order: ClassVar[int] = 350

    def apply(self, text: str) -> str:
        if text.isascii():
            return text
        try:
            from unidecode import unidecode
        except ImportError as error:  # pragma: no cover - depends on the environment
            raise ImportError(
                "the transliterate filter needs unidecode: pip install 'textwash[ascii]'"
            ) from error
        return str(unidecode(text))
