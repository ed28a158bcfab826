"""Dashes and ellipses in one style: typographic or ASCII (off by default).

What it changes
    ``style="typographic"`` (the default): ``---`` and ``--`` between words become an em
    dash (``wait---no``, ``wait -- no``), ``--`` between digits an en dash (``1990--1995``
    becomes ``1990–1995``), a hyphen with a space on each side an en dash (``Paris - Berlin``
    becomes ``Paris – Berlin``), and three dots ``...`` an ellipsis ``…``.

    ``style="ascii"``: the reverse: ``—`` becomes ``--``, ``–`` becomes ``-``, ``…``
    becomes ``...``.

    ``ellipsis=False`` leaves dots and ``…`` as they are in either style.

Why
    Typewriter habits (``--``), word processors (``–``) and CMS editors (``…``) put three
    spellings of one mark into one corpus; matching, deduplication and typesetting want one.

Leaves alone
    Hyphens inside words (``well-known``) and before numbers (``-5``), a hyphen or dash
    starting a line (a list item: ``bullets`` handles those), command-line options
    (``--enable``), runs of four or more hyphens or dots (rules, ``....``), HTML comments
    (``<!--``), ``. . .`` spaced dots, and spaced hyphens between two numbers (``5 - 3``:
    arithmetic, or a score).

Example
    >>> Dashes().apply("1990--1995: Paris - Berlin, wait---no... maybe -- later; ls --all")
    '1990–1995: Paris – Berlin, wait—no… maybe — later; ls --all'
    >>> Dashes(style="ascii").apply("1990–1995 — wait…")
    '1990-1995 -- wait...'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar, Literal

from textwash.filters.base import Change, Filter
from textwash.filters.normalize._edits import Edit, apply_edits, explain_edits

EM, EN, ELLIPSIS = "\u2014", "\u2013", "\u2026"

_TYPOGRAPHIC = re.compile(
    r"(?P<em3>(?<=[^\W_])---(?=[^\W_])|(?<=[^\W_] )---(?= [^\W_]))"
    r"|(?P<range>(?<=\d)--(?=\d))"
    r"|(?P<em2>(?<=[^\W_])--(?=[^\W\d_])|(?<=[^\W_] )--(?= [^\W_]))"
    r"|(?P<spaced>(?<=[^\s-] )-(?= [^\s-]))"
    r"|(?P<dots>(?<!\.)\.\.\.(?!\.))"
)
_ASCII = re.compile(f"[{EM}{EN}{ELLIPSIS}]")


@dataclass(frozen=True)
class Dashes(Filter):
    """Make dashes and ellipses one style."""

    name: ClassVar[str] = "dashes"
    summary: ClassVar[str] = "dashes and ellipses in one style"
    default_enabled: ClassVar[bool] = False
    order: ClassVar[int] = 870

    #: ``"typographic"`` (``--`` to ``—``, ``...`` to ``…``) or ``"ascii"`` (the reverse).
    style: Literal["typographic", "ascii"] = "typographic"
    #: Whether ``...`` and ``…`` are changed too.
    ellipsis: bool = True

    def __post_init__(self) -> None:
        if self.style not in ("typographic", "ascii"):
            raise ValueError(f"dashes: style must be 'typographic' or 'ascii', not {self.style!r}")

    def edits(self, text: str) -> list[Edit]:
        if self.style == "ascii":
            table = {EM: "--", EN: "-", ELLIPSIS: "..." if self.ellipsis else ELLIPSIS}
            return [
                Edit(m.start(), m.end(), table[m.group()], f"{m.group()} to {table[m.group()]}")
                for m in _ASCII.finditer(text)
                if table[m.group()] != m.group()
            ]
        if "-" not in text and "..." not in text:
            return []
        edits: list[Edit] = []
        for match in _TYPOGRAPHIC.finditer(text):
            kind = match.lastgroup
            if kind == "dots" and not self.ellipsis:
                continue
            if kind == "spaced" and _between_numbers(text, match.start()):
                continue
            new = {"range": EN, "spaced": EN, "dots": ELLIPSIS}.get(kind or "", EM)
            edits.append(Edit(match.start(), match.end(), new, f"{match.group()} to {new}"))
        return edits

    def apply(self, text: str) -> str:
        return apply_edits(text, self.edits(text))

    def explain(self, text: str) -> tuple[str, list[Change]]:
        return explain_edits(self.name, text, self.edits(text))


def _between_numbers(text: str, hyphen: int) -> bool:
    return hyphen >= 2 and text[hyphen - 2].isdigit() and text[hyphen + 2 : hyphen + 3].isdigit()
