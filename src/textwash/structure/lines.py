"""Removing and rewriting whole lines while keeping the blank-line layout tidy.

The structure filters decide per line (an :class:`Edit`: remove line *i*, or replace it,
for a reason) and this module carries the decisions out, the same way for ``apply`` and
``explain``. A text is split on ``"\\n"``; a final newline ends the text rather than
opening an empty last line.

Removing lines must not leave the layout worse than it was: where a removal would put
two blank lines next to each other, one goes; blank lines left at the end of the text by
a removal go; the text keeps its final newline. So a whitespace-normalised text (LF only,
at most one blank line in a row, no blank line at either end, one final newline) stays
normalised.

>>> apply_edits("A\\n\\nB\\n\\nA\\n\\nC\\n", [Edit(4, "repeat")])
'A\\n\\nB\\n\\nC\\n'
>>> apply_edits("Body\\n\\nTeaser one\\nTeaser two\\n", [Edit(2, "t"), Edit(3, "t")])
'Body\\n'
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from textwash.changes import Change


@dataclass(frozen=True, slots=True)
class Edit:
    """Remove line ``index`` (0-based), or replace it by ``replacement``, for ``reason``."""

    index: int
    reason: str
    replacement: str | None = None


def split(text: str) -> list[str]:
    """The lines of ``text``; a final newline does not open an empty last line."""
    lines = text.split("\n")
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()
    return lines


def lines_from_top(text: str) -> Iterator[str]:
    """The lines of ``text`` from the top, blank ones too, read as they are asked for
    without splitting the rest of the text (a final newline opens an empty last line).

    >>> list(lines_from_top("Title\\n\\nBody"))
    ['Title', '', 'Body']
    """
    start = 0
    while start <= len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        yield text[start:end]
        start = end + 1


def first_text_lines(text: str, count: int) -> list[str]:
    """The first ``count`` lines of ``text`` that are not blank (fewer if it has fewer),
    read from the start without splitting the rest of the text.

    >>> first_text_lines("\\n  \\nTitle\\n\\nBody\\nMore\\n", 2)
    ['Title', 'Body']
    """
    return list(itertools.islice((line for line in lines_from_top(text) if line.strip()), count))


def end_of_text(text: str, count: int) -> str:
    """``text`` from the start of its ``count``-th line of text from the end (all of it
    when it has fewer), found without splitting the rest.

    >>> end_of_text("Body\\nMore\\n\\nEnd\\n", 2)
    'More\\n\\nEnd\\n'
    """
    found = 0
    end = len(text)
    while end >= 0:
        start = text.rfind("\n", 0, end) + 1
        if text[start:end].strip():
            found += 1
            if found == count:
                return text[start:]
        end = start - 1
    return text


def last_text_line(text: str) -> str | None:
    """The last line of ``text`` that is not blank, or ``None``, found without splitting
    the rest.

    >>> last_text_line("Body\\n\\nEnd  \\n\\n"), last_text_line(" \\n") is None
    ('End  ', True)
    """
    end = len(text)
    while end >= 0:
        start = text.rfind("\n", 0, end) + 1
        if text[start:end].strip():
            return text[start:end]
        end = start - 1
    return None


def _blank(line: str) -> bool:
    return not line.strip()


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    """Carry out ``edits`` on ``text`` (see the module docstring for the layout rules)."""
    if not edits:
        return text
    new = split(text)
    removed = [False] * len(new)
    for edit in edits:
        if edit.replacement is None:
            removed[edit.index] = True
        else:
            new[edit.index] = edit.replacement
    # The lines above the first edit are kept as they are (no removal before them can
    # leave a gap): copied at once, not walked, since an edit is often near the end.
    first = min(edit.index for edit in edits)
    out: list[str] = new[:first]
    gap = False  # a removed line since the last kept one
    for i in range(first, len(new)):
        line = new[i]
        if removed[i]:
            gap = True
            continue
        if gap and _blank(line) and (not out or _blank(out[-1])):
            continue  # would make two blank lines in a row, or a blank first line
        out.append(line)
        gap = False
    if gap:
        while out and _blank(out[-1]):
            out.pop()
    result = "\n".join(out)
    if result and text.endswith("\n"):
        result += "\n"
    return result


def describe(name: str, text: str, edits: Sequence[Edit]) -> list[Change]:
    """One :class:`Change` per edit, numbered by the line of ``text`` it concerns."""
    lines = split(text)
    return [
        Change(name, e.index + 1, lines[e.index], e.replacement or "", e.reason)
        for e in sorted(edits, key=lambda e: e.index)
    ]
