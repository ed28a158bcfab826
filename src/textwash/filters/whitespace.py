"""Invisible and odd spaces, line ends and blank lines.

What it changes
    No-break and other odd spaces become plain spaces; zero-width characters, soft
    hyphens and control characters are removed; CRLF, CR and Unicode line separators become
    LF; spaces at line ends are removed; runs of blank lines become one, and blank lines at
    either end go (an empty or all-blank text becomes ""). The text keeps its own ending:
    one that ended in a line break ends in exactly one newline, one that did not gets none
    (a JSONL record's ``"title"`` stays ``"title"``). ``final_newline=True`` always ends the
    text in one newline, as POSIX text files do: the ``clean`` command asks for that on
    whole-file formats (``.txt``) through :meth:`Whitespace.for_whole_files`;
    ``final_newline=False`` never leaves one.

Why
    Scraped text carries the page's layout characters (``&nbsp;`` at line ends, zero-width
    spaces from CMS editors, Windows line ends). They are invisible to a reader but split
    tokens, break deduplication and make identical documents hash differently.

Leaves alone
    Paragraph breaks (one blank line), indentation at line starts, tabs inside lines, C1
    control characters (U+0080 to U+009F: clues to mojibake that the ``mojibake`` filter
    repairs where it can, so removing them here would hide damage from it), and the
    joiners that scripts need: ZERO WIDTH JOINER (emoji sequences, Indic scripts), ZERO
    WIDTH NON-JOINER (Persian), and the bidirectional marks of right-to-left text.

Example
    >>> Whitespace().apply("Title\\u00a0\\r\\n\\r\\n\\r\\nBody\\u200b text.  \\n")
    'Title\\n\\nBody text.\\n'
    >>> Whitespace().apply("")
    ''
    >>> Whitespace().apply("title  "), Whitespace(final_newline=True).apply("title  ")
    ('title', 'title\\n')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import ClassVar

from textwash.filters.base import ChangeKind, Filter, Trigger

#: Characters that end a line in some convention other than LF.
LINE_BREAKS = "\r\u2028\u2029\x85\x0b\x0c"

#: Spaces of other widths and no-break spaces: all become U+0020.
ODD_SPACES = (
    "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u202f\u205f\u3000"
)

#: Invisible characters with no place in clean text. ZWJ (U+200D), ZWNJ (U+200C) and the
#: bidirectional marks are deliberately absent: scripts and emoji need them.
INVISIBLE = (
    "".join(chr(c) for c in range(0x00, 0x20) if chr(c) not in "\t\n" + LINE_BREAKS)
    + "\x7f"
    + "\u00ad"  # soft hyphen
    + "\u200b"  # zero width space
    + "\u2060\u2061\u2062\u2063\u2064"  # word joiner, invisible math operators
    + "\ufeff"  # byte order mark / zero width no-break space
)

#: One character-class scan finds which of these characters the text holds; most text has
#: none. The replacements themselves are ``str.replace`` calls for those characters only,
#: which cost far less than a regex pass over the text, or a search for every character.
_UNUSUAL = re.compile("[" + re.escape(LINE_BREAKS + ODD_SPACES + INVISIBLE) + "]")
_REPLACEMENTS = (
    ("\r\n", "\n"),
    *((char, "\n") for char in LINE_BREAKS),
    *((char, " ") for char in ODD_SPACES),
    *((char, "") for char in INVISIBLE),
)

#: Three line breaks or more. Spelled with a literal start, so that the regex engine skips
#: to each run with a substring search instead of trying a repeat at every character.
_BLANK_LINE_RUN = re.compile(r"\n\n\n+")

#: A line break after a space or a tab, or before two more line breaks: one search that
#: stops only at line breaks, where three substring searches would read the text thrice.
_LINE_END_WORK = re.compile(r"\n(?:(?<=[ \t]\n)|(?=\n\n))")
_TRAILING_SPACE = re.compile(r"\n(?<=[ \t]\n)")
#: In the reversed text, the spaces and tabs that end a line follow its line break: a regex
#: with a literal start skips from line break to line break, where the forward one
#: (``[ \t]+\n``) starts a match at every space of the text.
_SPACES_AFTER_BREAK = re.compile(r"\n[ \t]+")


def _without_trailing_spaces(text: str) -> str:
    """Every line of ``text`` without the spaces and tabs at its end.

    >>> _without_trailing_spaces("a \\t\\n \\nb  ")
    'a\\n\\nb'
    """
    return _SPACES_AFTER_BREAK.sub("\n", text.rstrip(" \t")[::-1])[::-1]


@dataclass(frozen=True)
class Whitespace(Filter):
    """Normalise spaces, invisible characters, line ends and blank lines."""

    name: ClassVar[str] = "whitespace"
    summary: ClassVar[str] = (
        "odd spaces to plain spaces, invisible characters removed, line ends and blank lines tidied"
    )
    order: ClassVar[int] = 400
    #: Odd spaces become spaces, other line ends line breaks; the rest is taken out.
    adds_chars: ClassVar[frozenset[str] | None] = frozenset(" \n")
    #: With none of the characters it replaces or removes, what is left to do is at line
    #: ends: spaces before them, blank lines, the text's two ends.
    silent_on_own_output: ClassVar[bool] = True
    change_kind_without_chars: ClassVar[ChangeKind | None] = ChangeKind.LINE_ENDS
    #: With odd spaces alone, it makes them plain spaces and tidies line ends.
    change_kind_with_only: ClassVar[tuple[frozenset[str], ChangeKind] | None] = (
        frozenset(ODD_SPACES),
        ChangeKind.SPACES,
    )

    #: ``None``: keep the text's own ending (one newline if it had a line break at the end,
    #: none otherwise); ``True``: always end in one newline; ``False``: never.
    final_newline: bool | None = None

    def trigger(self) -> Trigger:
        """The characters it replaces or removes, spaces before a line end, three line
        breaks in a row, and the text's two ends (:meth:`_ends_need_work`). Silent on the
        filter's own output. Lines cut off the end of a text it was silent on leave work
        only at the new end."""
        return Trigger(
            chars=LINE_BREAKS + ODD_SPACES + INVISIBLE,
            check=self._lines_need_work,
            after=((ChangeKind.CUT_AT_END, self._ends_need_work),),
        )

    def _lines_need_work(self, text: str) -> bool:
        """Whether a line ends in a space or a tab, two blank lines follow each other, or
        an end of the text needs work."""
        return _LINE_END_WORK.search(text) is not None or self._ends_need_work(text)

    def _ends_need_work(self, text: str) -> bool:
        """Whether the start or the end of ``text`` is not as :meth:`apply` leaves it: no
        line break first, and the ending this filter gives (one newline or none)."""
        if not text:
            return False
        body = text.rstrip(" \t\n")
        if not body or text[0] == "\n":
            return True
        ending = self.final_newline
        if ending is None:
            ending = text.rstrip(" \t").endswith("\n")
        return text[len(body) :] != ("\n" if ending else "")

    def for_whole_files(self) -> Whitespace:
        """A whole text file ends in a newline, unless the user chose otherwise."""
        return self if self.final_newline is not None else replace(self, final_newline=True)

    def apply(self, text: str) -> str:
        first = _UNUSUAL.search(text)
        if first is not None:  # (replacements make only spaces and line breaks)
            present = set(_UNUSUAL.findall(text, first.start()))
            for old, new in _REPLACEMENTS:
                if old[0] in present:
                    text = text.replace(old, new)
        if _TRAILING_SPACE.search(text) is not None:
            text = _without_trailing_spaces(text)
        ending = self.final_newline
        if ending is None:
            ending = text.rstrip(" \t").endswith("\n")
        text = text.rstrip(" \t\n").lstrip("\n")
        if "\n\n\n" in text:
            text = _BLANK_LINE_RUN.sub("\n\n", text)
        return text + "\n" if text and ending else text
