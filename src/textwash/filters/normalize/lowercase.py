"""Lower case for the whole text (off by default).

What it changes
    Every letter becomes lower case, the Unicode way (``ÉCOLE`` becomes ``école``,
    ``ΣΟΦΙΑ`` becomes ``σοφια``). ``method="casefold"`` folds case instead, for matching:
    ``Straße`` becomes ``strasse`` and final ``ς`` becomes ``σ``.

Why
    A classifier or a search index that ignores case wants one case; ``str.lower`` and
    ``str.casefold`` know every script's case rules, which an ASCII lower-casing does not.

Leaves alone
    Placeholders that other filters put in (``<URL>``, ``<NUMBER>``): they stay upper case,
    so they cannot be mistaken for words and a second run finds them again.

Example
    >>> Lowercase().apply("NATO Chief in ZÜRICH: <URL>")
    'nato chief in zürich: <URL>'
    >>> Lowercase(method="casefold").apply("Die Straße")
    'die strasse'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Literal

from textwash.filters.base import Change, Filter, diff_changes
from textwash.filters.normalize._edits import outside_placeholders


@dataclass(frozen=True)
class Lowercase(Filter):
    """Lower-case (or case-fold) the text."""

    name: ClassVar[str] = "lowercase"
    summary: ClassVar[str] = "lower-cased"
    default_enabled: ClassVar[bool] = False
    order: ClassVar[int] = 900

    #: ``"lower"`` (``str.lower``) or ``"casefold"`` (``str.casefold``: also ``ß`` to
    #: ``ss``, for caseless matching).
    method: Literal["lower", "casefold"] = "lower"

    def __post_init__(self) -> None:
        if self.method not in ("lower", "casefold"):
            raise ValueError(
                f"lowercase: method must be 'lower' or 'casefold', not {self.method!r}"
            )

    def apply(self, text: str) -> str:
        fold = str.casefold if self.method == "casefold" else str.lower
        stretches = outside_placeholders(text)
        if len(stretches) == 1:
            return fold(text)
        parts: list[str] = []
        position = 0
        for start, end in stretches:
            parts.append(text[position:start])
            parts.append(fold(text[start:end]))
            position = end
        return "".join(parts)

    def explain(self, text: str) -> tuple[str, list[Change]]:
        out = self.apply(text)
        return out, diff_changes(self.name, text, out, f"lower case ({self.method})")
