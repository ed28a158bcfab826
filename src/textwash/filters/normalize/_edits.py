"""Changes as spans of the text with a reason, applied and explained the same way.

A normalization filter finds what it changes as :class:`Edit` spans of the text it was given;
:func:`apply_edits` makes the new text and :func:`explain_edits` says, line by line, what was
changed and why, from the same spans (so ``explain`` cannot drift from ``apply``).

Removing something from running text must not leave its spaces behind: ``a 😀 b`` becomes
``a b``, not ``a  b``, and ``end 😀`` becomes ``end``, not ``end `` (a trailing space that
the ``whitespace`` filter would remove on the next run, so the pipeline would not be
idempotent). :func:`removal_edits` turns found spans into such tidy removals.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from textwash.filters.base import Change

#: A placeholder another filter put in (``<URL>``, ``<PHONE>``): later filters leave it as it
#: is, so that a pipeline of several normalizations stays idempotent.
PLACEHOLDER = re.compile(r"<[A-Z][A-Z_]*>")

_MAX_REASONS = 3


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``text[start:end]`` with ``new``, because of ``reason``."""

    start: int
    end: int
    new: str
    reason: str


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    """``text`` with non-overlapping, ordered ``edits`` made."""
    if not edits:
        return text
    parts: list[str] = []
    position = 0
    for edit in edits:
        parts.append(text[position : edit.start])
        parts.append(edit.new)
        position = edit.end
    parts.append(text[position:])
    return "".join(parts)


def explain_edits(name: str, text: str, edits: Sequence[Edit]) -> tuple[str, list[Change]]:
    """The edited text and one :class:`Change` per group of edited lines, with reasons."""
    out = apply_edits(text, edits)
    changes: list[Change] = []
    group: list[Edit] = []
    group_start = group_end = 0
    for edit in [*edits, None]:
        if edit is not None:
            line_start = text.rfind("\n", 0, edit.start) + 1
            if group and line_start <= group_end:
                group.append(edit)
                group_end = _line_end(text, edit.end)
                continue
        if group:
            changes.append(_change(name, text, group, group_start, group_end))
        if edit is None:
            break
        group = [edit]
        group_start, group_end = line_start, _line_end(text, edit.end)
    return out, changes


def _line_end(text: str, position: int) -> int:
    end = text.find("\n", position)
    return len(text) if end < 0 else end


def _change(name: str, text: str, group: list[Edit], start: int, end: int) -> Change:
    shifted = [Edit(e.start - start, e.end - start, e.new, e.reason) for e in group]
    reasons = list(dict.fromkeys(e.reason for e in group))
    reason = "; ".join(reasons[:_MAX_REASONS])
    if len(reasons) > _MAX_REASONS:
        reason += f"; and {len(reasons) - _MAX_REASONS} more"
    before = text[start:end]
    line = text.count("\n", 0, start) + 1
    return Change(name, line, before, apply_edits(before, shifted), reason)


def removal_edits(text: str, spans: Iterable[tuple[int, int, str]]) -> list[Edit]:
    """Remove each ``(start, end, reason)`` span of ``text`` with the spaces it would strand.

    Spans separated only by spaces or tabs are removed as one. A removal between two spaces
    keeps one space; one at a line end takes the spaces before it; one at a line start keeps
    the indentation and takes the spaces after it; one glued between two characters
    (``a😀b``) takes nothing else; one that was the whole line takes the line, and no
    blank-line run or blank line at either end of the text is left.
    """
    merged: list[tuple[int, int, list[str]]] = []
    for start, end, reason in spans:
        if merged and not text[merged[-1][1] : start].strip(" \t"):
            merged[-1][2].append(reason)  # in place: a run of k spans costs k, not k²
            merged[-1] = (merged[-1][0], end, merged[-1][2])
        else:
            merged.append((start, end, [reason]))
    edits: list[Edit] = []
    for start, end, reasons in merged:
        left = start
        while left > 0 and text[left - 1] in " \t":
            left -= 1
        right = end
        while right < len(text) and text[right] in " \t":
            right += 1
        at_line_start = left == 0 or text[left - 1] == "\n"
        at_line_end = right == len(text) or text[right] == "\n"
        reason = "; ".join(dict.fromkeys(reasons))
        if at_line_start and at_line_end:
            edits.append(Edit(*_whole_line(text, left, right), "", reason))
        elif at_line_end:
            edits.append(Edit(left, right, "", reason))
        elif at_line_start:
            edits.append(Edit(start, right, "", reason))
        elif left < start or right > end or " " in text[start:end] or "\t" in text[start:end]:
            edits.append(Edit(left, right, " ", reason))
        else:
            edits.append(Edit(start, end, "", reason))
    return edits


def _whole_line(text: str, left: int, right: int) -> tuple[int, int]:
    """The span that removes the line ``text[left:right]`` with its line break."""
    if right < len(text):
        right += 1  # the line's own break
        blank_before = left == 0 or text[left - 2 : left] == "\n\n" or left == 1
        if blank_before and right < len(text) and text[right] == "\n":
            right += 1  # a blank line would follow a blank line or start the text
        return left, right
    while left > 0 and text[left - 1] == "\n":
        left -= 1  # the last line: the breaks before it would end the text
    return left, right


def outside_placeholders(text: str) -> list[tuple[int, int]]:
    """The ``(start, end)`` stretches of ``text`` that are not placeholders."""
    stretches: list[tuple[int, int]] = []
    position = 0
    for match in PLACEHOLDER.finditer(text):
        stretches.append((position, match.start()))
        position = match.end()
    stretches.append((position, len(text)))
    return stretches
