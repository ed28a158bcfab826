"""Words split across a line break by a hyphen, rejoined when the joined word is a word.

What it changes
    ``inter-`` at a line end followed by ``national`` at the next line's start becomes
    ``international`` on the first line, and the rest of the second line starts the next
    line (keeping its indentation). The joined word must be a word: one the document itself uses elsewhere, or one in
    the ``wordfreq`` word list of ``language`` at least as common as ``min_zipf`` (3.0: a
    word that appears about once per million words; ``word_list=False`` decides from the
    document alone). A split compound is kept as a compound: ``well-`` / ``known`` becomes
    ``well-known``, when the document writes ``well-known`` elsewhere, or when the joined
    form is not a word and both halves are. Needs ``pip install 'textwash[normalize]'``
    unless ``word_list=False``.

Why
    Text extracted from PDFs, scanned pages and some feeds keeps the typesetter's
    hyphenation: ``inter-`` and ``national`` are two wrong tokens for a search index or a
    model. Deciding by a guess (always join, or join when the second half is lower case)
    breaks compounds; a word list and the document's own vocabulary do not.

Leaves alone
    A split whose joined form is no known word and whose halves are not both words (it could
    be either: nothing is guessed), a hyphen at a line end before a blank line or a number
    (``2019-`` / ``2020``), chains of split parts (``a-`` / ``b-`` / ``c``), dashes
    (``–``, ``—``), and lines that merely end in a hyphen.

Example
    >>> print(Hyphenation().apply("The inter-\\nnational talks were well-\\nknown to all."))
    The international
    talks were well-known
    to all.
    >>> print(Hyphenation(word_list=False).apply("The zorbo-\\nlith, a zorbolith."))
    The zorbolith,
    a zorbolith.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from textwash.filters.base import Change, Filter
from textwash.filters.normalize._edits import Edit, apply_edits, explain_edits
from textwash.filters.normalize._extras import require

_SPLIT = re.compile(
    r"(?<![\w-])(?P<head>[^\W\d_]+)-[ \t]*\n(?P<indent>[ \t]*)(?P<tail>[^\W\d_]+)(?![\w-])"
    r"(?P<after>[^\s-]*)[ \t]*"
)
_WORD = re.compile(r"[^\W\d_]+")
_COMPOUND = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)+")


@dataclass(frozen=True)
class Hyphenation(Filter):
    """Rejoin words that a line-end hyphen split, when the joined word is a word."""

    name: ClassVar[str] = "hyphenation"
    summary: ClassVar[str] = "a word split by a line-end hyphen rejoined"
    default_enabled: ClassVar[bool] = False
    order: ClassVar[int] = 850

    #: Whether to consult the ``wordfreq`` word list besides the document's own words.
    word_list: bool = True
    #: The word list's language (a code ``wordfreq`` knows: ``"en"``, ``"de"``, ``"fr"`` …).
    language: str = "en"
    #: How common a word must be in the word list to count (Zipf scale: 3.0 is about once
    #: per million words; higher is stricter).
    min_zipf: float = 3.0

    def __post_init__(self) -> None:
        if self.word_list:
            wordfreq: Any = require("wordfreq", self.name)
            if self.language not in wordfreq.available_languages():
                known = ", ".join(sorted(wordfreq.available_languages()))
                raise ValueError(
                    f"hyphenation: wordfreq has no word list for {self.language!r} (it has: {known})"
                )

    def edits(self, text: str) -> list[Edit]:
        if "-" not in text or "\n" not in text:
            return []
        splits = [m for m in _SPLIT.finditer(text) if not _continues_a_split(text, m.start())]
        if not splits:
            return []
        rest = _blank_out(text, splits)
        words = {w.lower() for w in _WORD.findall(rest)}
        compounds = {c.lower() for c in _COMPOUND.findall(rest)}
        listed = self._listed()
        edits: list[Edit] = []
        for split in splits:
            head, tail = split.group("head"), split.group("tail")
            joined, compound = head + tail, f"{head}-{tail}"
            if compound.lower() in compounds:
                word, reason = compound, f"{compound!r} is written so elsewhere in the text"
            elif joined.lower() in words:
                word, reason = joined, f"{joined!r} is a word of this text"
            elif listed(joined):
                word, reason = joined, f"{joined!r} is in the {self.language} word list"
            elif all(part.lower() in words or listed(part) for part in (head, tail)):
                word, reason = compound, f"{joined!r} is no word, {head!r} and {tail!r} are"
            else:
                continue
            end = split.end()
            line_goes_on = end < len(text) and text[end] != "\n"
            word += split.group("after")  # the punctuation that follows stays with it
            new = word + "\n" + split.group("indent") if line_goes_on else word
            if not line_goes_on:
                end = split.end("after")
            edits.append(Edit(split.start(), end, new, f"rejoined: {reason}"))
        return edits

    def _listed(self) -> Callable[[str], bool]:
        if not self.word_list:
            return lambda word: False
        wordfreq: Any = require("wordfreq", self.name)

        def listed(word: str) -> bool:
            return bool(wordfreq.zipf_frequency(word, self.language) >= self.min_zipf)

        return listed

    def apply(self, text: str) -> str:
        return apply_edits(text, self.edits(text))

    def explain(self, text: str) -> tuple[str, list[Change]]:
        return explain_edits(self.name, text, self.edits(text))


def _continues_a_split(text: str, start: int) -> bool:
    """Whether the word at ``start`` begins a line that follows a line-end hyphen."""
    line_start = text.rfind("\n", 0, start) + 1
    if text[line_start:start].strip(" \t") or not line_start:
        return False
    return text[: line_start - 1].rstrip(" \t").endswith("-")


def _blank_out(text: str, splits: list[re.Match[str]]) -> str:
    """``text`` without the split words, so they do not vouch for themselves."""
    parts: list[str] = []
    position = 0
    for split in splits:
        parts.append(text[position : split.start()])
        parts.append(" ")
        position = split.end("tail")
    parts.append(text[position:])
    return "".join(parts)
