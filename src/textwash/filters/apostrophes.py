"""Apostrophes that scrapers break, repaired in the document's own quote style.

What it changes
    A spacing acute accent (``Kremlin´s``, U+00B4), a backtick (``don`t``), a prime
    (``it′s``, U+2032) or the lossy replacement character (``don�t``, U+FFFD) standing where
    an apostrophe belongs becomes the apostrophe the document itself writes: ``’`` in a
    document that uses curly quotes, ``'`` otherwise.

Why
    These marks look like apostrophes on screen but are other characters: ``Kremlin´s`` is
    not the token ``Kremlin's`` to a search index, a tokenizer or a deduplicator.

Where it acts
    Only where the mark stands between a letter and an English clitic that ends the word
    (``´s``, ``´t``, ``´re``, ``´ve``, ``´ll``, ``´d``, ``´m``), in an Irish name
    (``O´Brien``), or, for the accent and the prime, in a French or Italian elision
    (``l´homme``, ``qu´il``, ``dell´anno``). The lossy ``�`` stands for any lost character, so
    it is repaired only in English text and only before a clitic.

Leaves alone
    Primes in measurements and coordinates (``5′ 11″``, ``40°26′46″``), backtick code spans
    (```ls -la```: no backtick is touched on a line that opens a code span), an accent or
    prime standing on its own or in a transliteration (``Tver′``, ``Ol′ga``), and ``�`` in
    text that is not English (``m�s`` may be *más*).

Example
    >>> Apostrophes().apply('NATO\\u00b4s chief said "no". It\\u2032s over.')
    'NATO\\'s chief said "no". It\\'s over.'
    >>> Apostrophes().apply("He said “it’s over” and that the Kremlin´s line held.")
    'He said “it’s over” and that the Kremlin’s line held.'
    >>> Apostrophes().apply("He is 5′ 11″ tall; run `ls -la` first.")
    'He is 5′ 11″ tall; run `ls -la` first.'
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from textwash.filters.base import Change, Filter

ACUTE, BACKTICK, PRIME, LOSSY = "\u00b4", "`", "\u2032", "\ufffd"
_MARKS = ACUTE + BACKTICK + PRIME + LOSSY

_LETTER = r"[^\W\d_]"
_CLITIC = r"(?:s|t|d|m|re|ve|ll|S|T|D|M|RE|VE|LL)(?![^\W_])"
#: mark between a letter and an English clitic that ends the word: Kremlin´s, don`t, it′s
_CLITIC_RE = re.compile(rf"([{_MARKS}])(?<={_LETTER}[{_MARKS}])(?={_CLITIC})")
#: Irish names: O´Brien, D´Arcy
_NAME_RE = re.compile(rf"(?<![^\W\d_])[OD]([{ACUTE}{PRIME}{BACKTICK}])(?=[A-Z][a-z])")
#: French and Italian elision: l´homme, qu´il, dell´anno, c´est
_ELISION_RE = re.compile(
    rf"(?<![^\W\d_])(?:[lLdDjJnNsScCmMtT]|[qQ]u|[dDnNsS]ell|[aA]ll|[dD]all|[sS]ull)"
    rf"([{ACUTE}{PRIME}])(?=[aeiouyhàâäéèêëîïôöûüAEIOUYHÀÂÉÈÊÎÔÛ])"
)
#: a backtick that could open a code span: at a line start or after a space or bracket
_CODE_SPAN_OPENER = re.compile(r"(?:^|(?<=[\s(\[{]))`(?=\S)", re.MULTILINE)

_NEWLINE = re.compile("\n")
_CURLY = re.compile("[\u2018\u2019\u201c\u201d]")
_STRAIGHT = re.compile("['\"]")
_WORD = re.compile(r"[A-Za-z]+")
#: The most frequent English words; their share of tokens tells English text apart.
_ENGLISH_WORDS = frozenset(
    "the of and to a in is it that was for on are with as he be at by this had not but from "
    "have they you his she her we or an were which their has its been would said will there "
    "can all more who if no one so out about what up when also i".split()
)


def document_apostrophe(text: str) -> str:
    """The apostrophe a text writes: ``’`` when it uses more curly quotes than straight.

    >>> document_apostrophe("“Yes,” she said."), document_apostrophe('"Yes," she said.')
    ('’', "'")
    """
    curly = len(_CURLY.findall(text))
    return "\u2019" if curly and curly > len(_STRAIGHT.findall(text)) else "'"


def looks_english(text: str, sample: int = 400) -> bool:
    """Whether at least a fifth of the first ``sample`` words are common English words.

    >>> looks_english("It was the best of times."), looks_english("Era el mejor de los días.")
    (True, False)
    """
    words = [w.lower() for w in _WORD.findall(text, 0, sample * 12)[:sample]]
    return bool(words) and sum(w in _ENGLISH_WORDS for w in words) >= len(words) / 5


def _repairs(text: str) -> list[tuple[int, str]]:
    """Offsets of the marks to replace, each with the rule that allows it."""
    found: dict[int, str] = {}
    # The clitic rule starts with the mark, so its scan is a fast character-class search;
    # the other two run only when their marks occur at all.
    rules = [("English clitic", _CLITIC_RE)]
    if ACUTE in text or PRIME in text:
        rules += [("Irish name", _NAME_RE), ("elision", _ELISION_RE)]
    elif BACKTICK in text:
        rules.append(("Irish name", _NAME_RE))
    for rule, pattern in rules:
        for match in pattern.finditer(text):
            found.setdefault(match.start(1), rule)
    if not found:
        return []
    if any(text[i] == LOSSY for i in found) and not looks_english(text):
        found = {i: rule for i, rule in found.items() if text[i] != LOSSY}
    if any(text[i] == BACKTICK for i in found):
        line_of = _line_finder(text)
        code_lines = {line_of(m.start()) for m in _CODE_SPAN_OPENER.finditer(text)}
        found = {
            i: rule
            for i, rule in found.items()
            if text[i] != BACKTICK or line_of(i) not in code_lines
        }
    return sorted(found.items())


def _line_finder(text: str) -> Callable[[int], int]:
    """A function from an offset in ``text`` to its 0-based line number, in log time."""
    newlines = [m.start() for m in _NEWLINE.finditer(text)]
    return lambda offset: bisect.bisect_left(newlines, offset)


@dataclass(frozen=True)
class Apostrophes(Filter):
    """Repair acute accents, backticks, primes and lossy marks used as apostrophes."""

    name: ClassVar[str] = "apostrophes"
    summary: ClassVar[str] = "broken apostrophe repaired"
    order: ClassVar[int] = 300

    def apply(self, text: str) -> str:
        return self.explain_or_apply(text, explain=False)[0]

    def explain(self, text: str) -> tuple[str, list[Change]]:
        return self.explain_or_apply(text, explain=True)

    def explain_or_apply(self, text: str, *, explain: bool) -> tuple[str, list[Change]]:
        if not any(mark in text for mark in _MARKS):  # four fast scans beat one regex scan
            return text, []
        repairs = _repairs(text)
        if not repairs:
            return text, []
        apostrophe = document_apostrophe(text)
        chars = list(text)
        for i, _rule in repairs:
            chars[i] = apostrophe
        out = "".join(chars)
        if not explain:
            return out, []
        return out, self._describe(text, out, repairs, apostrophe)

    def _describe(
        self, text: str, out: str, repairs: list[tuple[int, str]], apostrophe: str
    ) -> list[Change]:
        style = "curly" if apostrophe == "\u2019" else "straight"
        old_lines, new_lines = text.split("\n"), out.split("\n")
        by_line: dict[int, list[str]] = {}
        line_of = _line_finder(text)
        for i, rule in repairs:
            line = line_of(i)
            by_line.setdefault(line, []).append(f"U+{ord(text[i]):04X} as apostrophe ({rule})")
        return [
            Change(
                self.name,
                line + 1,
                old_lines[line],
                new_lines[line],
                "; ".join(reasons) + f"; document uses {style} quotes",
            )
            for line, reasons in sorted(by_line.items())
        ]
