"""List bullets in one form (off by default).

What it changes
    A bullet glyph starting a line, after any indentation (``•``, ``◦``, ``▪``, ``▫``,
    ``■``, ``□``, ``●``, ``○``, ``‣``, ``⁃``, ``∙``, ``·``, ``►``, ``▸``, ``➢``, ``➤``,
    ``→``, ``✓``, ``✔``, and ``–``, ``*`` or ``-`` followed by a space), becomes ``bullet``
    (``"-"``, ``"*"`` or ``"•"``; default ``"-"``) followed by one space. A glyph glued to its
    item (``•Item``) gets its space.

Why
    Scraped lists keep whatever glyph the site's stylesheet drew; Markdown, a tokenizer or
    a list detector wants one. Only the line start counts, so a bullet is never confused with
    a dash inside a sentence.

Leaves alone
    Numbered items (``1.``, ``a)``), an em dash at a line start (``— John Smith``, an
    attribution or dialogue), ``-`` or ``*`` not followed by a space (``-5 degrees``,
    ``*emphasis*``), a line of bullet glyphs and spaces only (``* * *``, a section break),
    and every glyph inside a line.

Example
    >>> print(Bullets().apply("Key points:\\n• Rates rose\\n  ◦ twice\\n–\\u00a0in May\\n*Note\\n* * *"))
    Key points:
    - Rates rose
      - twice
    - in May
    *Note
    * * *
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar, Literal

from textwash.filters.base import Change, Filter
from textwash.filters.normalize._edits import Edit, apply_edits, explain_edits

#: Glyphs that are bullets even when glued to the item.
GLYPHS = "•◦▪▫■□●○‣⁃∙·►▸➢➤→✓✔"
#: Characters that are bullets only when a space follows (otherwise a sign or emphasis).
SPACED = "–*-"

_BULLET = re.compile(
    rf"^(?P<indent>[ \t]*)(?:(?P<glyph>[{GLYPHS}])[ \t\u00a0]*|(?P<spaced>[{re.escape(SPACED)}])[ \t\u00a0]+)"
    r"(?=\S)",
    re.MULTILINE,
)
_ONLY_BULLETS = re.compile(rf"[\s{GLYPHS}{re.escape(SPACED)}]*")


@dataclass(frozen=True)
class Bullets(Filter):
    """Make list bullets one glyph."""

    name: ClassVar[str] = "bullets"
    summary: ClassVar[str] = "list bullets in one form"
    default_enabled: ClassVar[bool] = False
    order: ClassVar[int] = 880

    #: The bullet every list item starts with, followed by one space.
    bullet: Literal["-", "*", "•"] = "-"

    def __post_init__(self) -> None:
        if self.bullet not in ("-", "*", "•"):
            raise ValueError(f"bullets: bullet must be '-', '*' or '•', not {self.bullet!r}")

    def edits(self, text: str) -> list[Edit]:
        edits: list[Edit] = []
        for match in _BULLET.finditer(text):
            line_end = text.find("\n", match.end())
            line = text[match.end() : len(text) if line_end < 0 else line_end]
            if _ONLY_BULLETS.fullmatch(line):
                continue  # a section break such as "* * *"
            start = match.end("indent")
            new = self.bullet + " "
            if text[start : match.end()] != new:
                old = match.group("glyph") or match.group("spaced")
                edits.append(Edit(start, match.end(), new, f"bullet {old!r} to {self.bullet!r}"))
        return edits

    def apply(self, text: str) -> str:
        return apply_edits(text, self.edits(text))

    def explain(self, text: str) -> tuple[str, list[Change]]:
        return explain_edits(self.name, text, self.edits(text))
