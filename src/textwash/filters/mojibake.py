"""Mojibake repair with ftfy, sending ftfy only the lines that can need it.

What it changes
    Text decoded in the wrong encoding (``Ã©`` for ``é``, ``â€™`` for ``’``), C1 control
    characters, Latin ligatures, full-width forms in Latin text (``Ningbo，China``),
    surrogate pairs, terminal escapes: everything ``ftfy.fix_text`` repairs, with the same
    result, except for the widths of CJK text.

Why
    Mojibake is the most common damage in scraped text, and ftfy is the reference repair.

Leaves alone
    Quote style (ftfy straightens curly quotes by default; here the document keeps its own
    typography), full- and half-width forms next to Chinese, Japanese or Korean text
    (``首相表示：``, ``（共同社）``: that script's own punctuation, which ftfy would make
    ASCII; ``unicode`` with ``form = "NFKC"`` folds them) and HTML entities (the ``markup``
    filter decides when they are entities). Text that only looks odd but is not mojibake is
    left as ftfy leaves it.

Example
    >>> Mojibake().apply("The KremlinÃ¢â‚¬â„¢s envoy said â€œnoâ€\\u009d.\\n")
    'The Kremlin’s envoy said “no”.\\n'
    >>> Mojibake().apply("Plain text with “curly” quotes stays as it is.\\n")
    'Plain text with “curly” quotes stays as it is.\\n'

How the fast path stays exact
    ``ftfy.fix_text`` works line by line, and on a line it changes nothing unless (a) its
    badness regex matches, (b) the line holds a character that one of its other fixers
    rewrites (C1 controls, ligatures, full-width forms, control characters, CR and Unicode
    line separators, surrogates, ESC), or (c) the line is not in NFC. Every match of the
    badness regex holds, for the alternative it matched, a piece of *evidence* derived
    from that regex when this module loads: two adjacent characters from two classes the
    alternative requires next to each other (a symbol before an accented letter), or, for
    an alternative without such a pair, one character of a required class, chosen to avoid
    ordinary typography such as ’ “ — …. So ``café`` or ``Zürich`` is no evidence, and
    ``Ã©`` is. The filter scans the document once for evidence and fixer characters, runs
    the badness regex only in a window of the regex's maximum width around each find, and
    sends ftfy only the lines where a check fires. A line that passes no check is provably
    returned unchanged by ftfy. ``tests/test_mojibake.py`` confirms the equality on
    ftfy's cases and on the benchmark corpus.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any, ClassVar

from textwash.filters.base import Change, ChangeKind, Filter, Trigger, diff_changes
from textwash.filters.character_width import fold_width_outside_cjk

#: Characters every regular text uses; a hitting set built from them would flag nearly
#: every English document. They are chosen only when an alternative offers nothing else.
_ORDINARY = set("\u00a0\u2018\u2019\u201c\u201d\u2013\u2014\u2026\u00b7\u2022")

#: Suspect characters closer than this on one line are checked in one regex search.
_CLUSTER_GAP = 80

#: Passes to a fixed point at most; ftfy itself stabilises in one pass on real text.
_MAX_PASSES = 3


@cache
def _ftfy_config() -> Any:
    import ftfy

    # widths are folded by character_width, which keeps the forms of CJK text
    return ftfy.TextFixerConfig(
        uncurl_quotes=False, unescape_html=False, fix_character_width=False, explain=False
    )


def _required_char_sets(items: Any) -> list[frozenset[str] | None]:
    """For a parsed regex sequence, the character set of each required one-character item.

    ``None`` stands for an item whose characters cannot be listed (``\\w``, ``.``, a
    negated class): it can never be used as evidence.
    """
    from re import _constants as c  # type: ignore[attr-defined]

    sets: list[frozenset[str] | None] = []
    for op, av in items:
        if op is c.LITERAL:
            sets.append(frozenset(chr(av)))
        elif op is c.IN:
            chars: set[str] = set()
            for sub_op, sub_av in av:
                if sub_op is c.LITERAL:
                    chars.add(chr(sub_av))
                elif sub_op is c.RANGE:
                    chars.update(chr(i) for i in range(sub_av[0], sub_av[1] + 1))
                else:  # NEGATE, CATEGORY: not a finite listing
                    chars = set()
                    break
            sets.append(frozenset(chars) if chars else None)
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            low, _high, sub = av
            if low >= 1:
                sets.extend(_required_char_sets(sub.data))
        elif op is c.SUBPATTERN:
            sets.extend(_required_char_sets(av[-1].data))
        elif op is c.BRANCH:
            union: set[str] = set()
            for branch in av[1]:
                best = _cheapest(_required_char_sets(branch.data))
                if best is None:
                    union = set()
                    break
                union |= best
            sets.append(frozenset(union) if union else None)
        elif op is c.AT:
            continue
        else:
            sets.append(None)
    return sets


def _cost(chars: frozenset[str]) -> float:
    """How often a set's characters occur in ordinary text, roughly: lower is rarer.

    Lowercase letters are everyday characters in their own language, capitals less so,
    symbols rarer still; ASCII can never serve (every document has it).
    """
    if any(ch.isascii() for ch in chars):
        return float("inf")
    return sum(
        100_000 if ch in _ORDINARY else 50 if ch.islower() else 10 if ch.isupper() else 1
        for ch in chars
    )


def _cheapest(sets: list[frozenset[str] | None]) -> frozenset[str] | None:
    usable = [s for s in sets if s is not None and _cost(s) != float("inf")]
    return min(usable, key=_cost) if usable else None


#: How often a character of each kind turns up in ordinary text, roughly, to choose the
#: rarest evidence: a pair of classes is as rare as the product of its two.
_ASCII_RATE, _ORDINARY_RATE, _LOWER_RATE, _UPPER_RATE, _OTHER_RATE = 2e-2, 1e-2, 5e-4, 1e-4, 1e-5


def _rate(chars: frozenset[str]) -> float:
    return sum(
        _ASCII_RATE
        if ch.isascii()
        else _ORDINARY_RATE
        if ch in _ORDINARY
        else _LOWER_RATE
        if ch.islower()
        else _UPPER_RATE
        if ch.isupper()
        else _OTHER_RATE
        for ch in chars
    )


#: An item of a regex sequence that is not exactly one listable character (``\\w``, an
#: optional part, a group of several): two characters on either side are not adjacent.
_GAP = None


def _sequence(items: Any) -> list[frozenset[str] | None]:
    """A parsed regex sequence as the characters of its items in order: for an item that
    matches exactly one character from a listable set, that set; for any other item
    :data:`_GAP` (one unlistable character, or a part of variable or other width).
    Zero-width anchors are left out: the characters around them stay adjacent."""
    from re import _constants as c  # type: ignore[attr-defined]

    found: list[frozenset[str] | None] = []
    for op, av in items:
        if op is c.AT:
            continue
        if op is c.SUBPATTERN:
            found.extend(_sequence(av[-1].data))
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT) and av[0] >= 1:
            inner = _sequence(av[2].data)
            if len(inner) == 1:  # x+ or x{2,3}: an x next to what comes before and after
                found.append(inner[0])
            else:
                found.append(_GAP)
        else:
            chars = _required_char_sets([(op, av)]) if op in (c.LITERAL, c.IN) else []
            found.append(chars[0] if len(chars) == 1 else _GAP)
    return found


@dataclass(frozen=True)
class _Evidence:
    """What every match of one badness alternative holds: a character of ``chars``, with,
    where ``before`` or ``after`` is set, a character of that set just before or after it."""

    chars: frozenset[str]
    before: frozenset[str] | None = None
    after: frozenset[str] | None = None


def _evidence(branch: Any) -> _Evidence | None:
    """The rarest evidence of one alternative (``None``: it has none that can be listed).

    The character looked for is never ASCII (every document has it), and of a pair it is
    the rarer one: each one found costs a look at its neighbour. The neighbour may be ASCII.
    """
    items = _sequence(branch.data)
    options: list[tuple[float, float, _Evidence]] = []
    for chars in _required_char_sets(branch.data):
        if chars is not None and _cost(chars) != float("inf"):
            options.append((_rate(chars), _rate(chars), _Evidence(chars)))
    for first, second in itertools.pairwise(items):
        if first is _GAP or second is _GAP:
            continue
        pair = _rate(first) * _rate(second) * 10
        if _cost(first) != float("inf") and (
            _rate(first) <= _rate(second) or _cost(second) == float("inf")
        ):
            options.append((pair, _rate(first), _Evidence(first, after=second)))
        elif _cost(second) != float("inf"):
            options.append((pair, _rate(second), _Evidence(second, before=first)))
    if not options:
        return None
    return min(options, key=lambda option: option[:2])[2]


def _class(chars: frozenset[str] | set[str], wide: str = "") -> str:
    """A regex class of ``chars``, and of the range ``wide`` (a range of a regex class)."""
    return "[" + re.escape("".join(sorted(chars))) + wide + "]"


#: Every character beyond U+FFFF, as a range of a regex class.
_ASTRAL = "\U00010000-\U0010ffff"

#: The emoji and pictographs (U+1F000 to U+1FAFF): characters of text messages and posts,
#: none of which can put a text out of NFC in Unicode so far (checked when first needed).
_PICTOGRAPHS = range(0x1F000, 0x1FB00)


def _unstable_alone(char: str) -> bool:
    """Whether ``char`` is a combining mark or is not in NFC by itself."""
    return bool(unicodedata.combining(char)) or not unicodedata.is_normalized("NFC", char)


@cache
def _nfc_unstable() -> tuple[frozenset[str], str]:
    """The characters of the Basic Multilingual Plane without which a text is in NFC, and
    the ranges of a regex class that hold those beyond it.

    A text is in NFC when each of its characters is in NFC alone, none is a combining mark
    (whose order NFC fixes), and none is the second of two that NFC composes into one (the
    second character of a canonical decomposition into two; the Hangul vowels and final
    consonants, which make syllables). Read from the running Python's Unicode data once,
    in some 60 ms; beyond the Basic Multilingual Plane, every character but the emoji and
    pictographs is counted as such (reading all of them would take a second).
    """
    found = {chr(c) for c in (*range(0x1161, 0x1176), *range(0x11A8, 0x11C3))}
    for code in range(0x80, 0x10000):
        if 0xD800 <= code < 0xE000:
            continue  # surrogates
        char = chr(code)
        if _unstable_alone(char):
            found.add(char)
        parts = unicodedata.decomposition(char).split()
        if len(parts) == 2 and not parts[0].startswith("<"):
            found.add(chr(int(parts[1], 16)))
    wide = "\U00010000-\U0001efff\U0001fb00-\U0010ffff"
    if any(_unstable_alone(chr(c)) for c in _PICTOGRAPHS):
        wide = _ASTRAL
    return frozenset(found), wide


def _wordy(chars: frozenset[str]) -> bool:
    """Whether most of ``chars`` are letters (then they are common in some language)."""
    return sum(c.isalpha() for c in chars) * 2 > len(chars)


def _suspect_pattern(evidence: list[_Evidence], fixer_chars: frozenset[str], wide: str = "") -> str:
    """One regex finding any piece of evidence, or a character another fixer rewrites.

    It starts with one class of every character looked for, so the regex engine skips to
    those at the speed of a class search; the neighbour is then checked with lookarounds.
    Each lookaround costs a little at every character found, so pieces of one kind share
    one: those that look for a letter next to a symbol, a symbol next to a letter, a
    symbol next to a symbol (then a character of one piece next to the neighbour of
    another is a suspect too, which costs only a look at its window). Pieces that look for
    a letter next to a letter, or next to ASCII, keep their own (``ção``, ``ü ``).
    (A class counts as letters or symbols by most of its characters, :func:`_wordy`.)
    The ranges ``wide`` (of characters beyond U+FFFF) are found alone too: the class
    starts with all of those (a class with one such range stays as fast as without), and
    the check is the ranges'.
    """
    alone, groups = _suspect_groups(evidence, fixer_chars)
    every = set(alone)
    checks = [f"(?<={_class(alone, wide)})"] if alone or wide else []
    for side, chars, neighbours in groups:
        every |= chars
        if side == "before":
            checks.append(f"(?<={_class(neighbours)}{_class(chars)})")
        else:
            checks.append(f"(?<={_class(chars)})(?={_class(neighbours)})")
    return _class(every, _ASTRAL if wide else "") + "(?:" + "|".join(checks) + ")"


def _suspect_groups(
    evidence: list[_Evidence], fixer_chars: frozenset[str]
) -> tuple[set[str], list[tuple[str, set[str], set[str]]]]:
    """The characters the suspect regex finds alone, and its groups: a side (``"before"``
    or ``"after"``), characters, and the neighbours one of them needs on that side."""
    alone: set[str] = set(fixer_chars)
    shared: dict[tuple[Any, ...], tuple[set[str], set[str]]] = {}
    for index, piece in enumerate(evidence):
        neighbour = piece.before if piece.before is not None else piece.after
        if neighbour is None:
            alone |= piece.chars
            continue
        letters, near_letters = _wordy(piece.chars), _wordy(neighbour)
        near_ascii = any(c.isascii() for c in neighbour)
        side = "before" if piece.before is not None else "after"
        kind: tuple[Any, ...] = (side, letters, near_letters)
        if (letters and near_letters) or near_ascii:
            kind += (index,)  # on its own
        chars, neighbours = shared.setdefault(kind, (set(), set()))
        chars |= piece.chars
        neighbours |= neighbour
    return alone, [(kind[0], chars, neighbours) for kind, (chars, neighbours) in shared.items()]


def _spaced_chars(evidence: list[_Evidence], fixer_chars: frozenset[str]) -> tuple[str, str]:
    """The characters the suspect regex finds when a plain space follows them, and those
    it finds when one comes before them."""
    _, groups = _suspect_groups(evidence, fixer_chars)
    before = {c for side, chars, near in groups if side == "before" and " " in near for c in chars}
    after = {c for side, chars, near in groups if side == "after" and " " in near for c in chars}
    return "".join(sorted(after)), "".join(sorted(before))


def _spaced_pattern(after: str, before: str) -> str:
    """A regex finding what the suspect regex finds next to a plain space (``Ã `` …), given
    the characters it finds with a space after them and those with one before them
    (:func:`_spaced_chars`).

    Odd spaces made plain spaces, one for one (:attr:`ChangeKind.SPACES`), can make the
    suspect regex match only there: a space is never a character it looks for, and it
    composes with nothing, as the odd spaces do not, so NFC is kept too."""
    after_set, before_set = set(after), set(before)
    checks = ([f"(?<= {_class(before_set)})"] if before else []) + (
        [f"(?<={_class(after_set)})(?= )"] if after else []
    )
    if not checks:
        return "(?!)"
    return _class(before_set | after_set) + "(?:" + "|".join(checks) + ")"


def may_need_ftfy_after_spaces(text: str) -> bool:
    """:func:`may_need_ftfy` for a text it was false for once odd spaces were made plain
    spaces and line ends tidied: evidence next to a plain space."""
    return _detector().spaced.search(text) is not None


@dataclass(frozen=True)
class _Detector:
    """Compiled checks that decide which lines ftfy must see."""

    suspect: re.Pattern[str]  # a piece of evidence, or a character another fixer rewrites
    #: A suspect, or a character without which a text is in NFC (:func:`_nfc_unstable`).
    suspect_or_unstable: re.Pattern[str]
    clusters: re.Pattern[str]  # suspects, near ones on a line taken together
    fixers: re.Pattern[str]  # a character another ftfy fixer rewrites
    badness: re.Pattern[str]  # ftfy's badness regex, ^ matching at every line start
    #: Evidence whose neighbour is a plain space: what making odd spaces plain can create,
    #: and the characters it holds (no other is next to a space it looks for).
    spaced: re.Pattern[str]
    spaced_chars: str
    width: int  # the longest match of ``badness``
    exact: bool  # False: the regex could not be analysed; check whole lines instead
    #: The badness regex's alternatives, and for each character of their evidence the
    #: alternatives whose evidence holds it: a window around a character need only be
    #: searched with those few, which is many times faster than the whole alternation.
    branches: tuple[str, ...] = ()
    char_branches: Mapping[str, frozenset[int]] = field(default_factory=dict)


@cache
def _fixer_chars() -> frozenset[str]:
    """Characters one of ftfy's fixers other than the mojibake repair rewrites."""
    from ftfy import chardata

    return frozenset(
        {chr(i) for i in chardata.CONTROL_CHARS}
        | {chr(i) for i in chardata.LIGATURES}
        | {chr(i) for i in chardata.WIDTH_MAP}
        | {chr(i) for i in range(0x80, 0xA0)}  # C1 controls
        | set("\r\u2028\u2029\x1b")  # line breaks, terminal escapes
    )


@cache
def _detector() -> _Detector:
    from ftfy.badness import BADNESS_RE

    fixer_chars = _fixer_chars()
    badness = re.compile(BADNESS_RE.pattern, BADNESS_RE.flags | re.MULTILINE)
    try:
        from re import _parser  # type: ignore[attr-defined]

        tree = _parser.parse(BADNESS_RE.pattern, BADNESS_RE.flags)
        if BADNESS_RE.flags & re.IGNORECASE:
            raise ValueError("case-insensitive badness regex")
        top = tree.data
        branch_trees = top[0][1][1] if len(top) == 1 and top[0][0] is _parser.BRANCH else [tree]
        branches = tuple(_split_alternatives(BADNESS_RE.pattern, BADNESS_RE.flags))
        if len(branches) != len(branch_trees):
            raise ValueError("badness regex alternatives could not be told apart")
        evidence: list[_Evidence] = []
        char_branches: dict[str, set[int]] = {}
        for index, branch in enumerate(branch_trees):
            piece = _evidence(branch)
            if piece is None:
                raise ValueError("badness regex has an alternative without a listable character")
            if any("\n" in chars for chars in (piece.chars, piece.before, piece.after) if chars):
                # Mojibake.check_silent_after relies on evidence never holding a line break.
                raise ValueError("badness regex has evidence next to a line break")
            evidence.append(piece)
            for char in piece.chars:
                char_branches.setdefault(char, set()).add(index)
        suspect = _suspect_pattern(evidence, fixer_chars)
        unstable, wide = _nfc_unstable()
        suspect_or_unstable = _suspect_pattern(evidence, fixer_chars | unstable, wide)
        width = int(tree.getwidth()[1])
        exact = True
        spaced_after, spaced_before = _spaced_chars(evidence, fixer_chars)
        spaced = _spaced_pattern(spaced_after, spaced_before)
        spaced_chars = spaced_after + spaced_before
    except (ImportError, AttributeError, ValueError, TypeError, re.error):
        # Unknown regex shape: every non-ASCII character is a suspect, whole lines are checked.
        suspect, width, exact, branches, char_branches = r"[^\t\n\x20-\x7e]", 0, False, (), {}
        suspect_or_unstable = suspect  # (no character it misses is unstable)
        spaced, spaced_chars = suspect, ""
    # One regex match per cluster of suspects keeps the Python loop off every character.
    clusters = re.compile(f"{suspect}(?:[^\n]{{0,{_CLUSTER_GAP}}}{suspect})*")
    fixers = re.compile("[" + re.escape("".join(sorted(fixer_chars))) + "]")
    return _Detector(
        re.compile(suspect),
        re.compile(suspect_or_unstable),
        clusters,
        fixers,
        badness,
        re.compile(spaced),
        spaced_chars,
        width,
        exact,
        branches,
        {char: frozenset(ids) for char, ids in char_branches.items()},
    )


def may_need_ftfy(text: str) -> bool:
    """Whether ftfy may change ``text``: it holds a piece of evidence of mojibake or a
    character another fixer rewrites (one search: ``café`` is no evidence, ``Ã©`` is), or
    it is not in NFC. Exactly the texts where :func:`_lines_needing_ftfy` flags a line.

    One search finds the first suspect or character that can put a text out of NFC
    (:func:`_nfc_unstable`): most texts have neither, and need no NFC test."""
    det = _detector()
    found = det.suspect_or_unstable.search(text)
    if found is None:
        return False
    return det.suspect.search(text, found.start()) is not None or not unicodedata.is_normalized(
        "NFC", text
    )


def _split_alternatives(pattern: str, flags: int) -> list[str]:
    """The top-level alternatives of a regex source, comments dropped, each compilable."""
    verbose = bool(flags & re.VERBOSE)
    parts: list[str] = []
    current: list[str] = []
    depth, in_class, i = 0, False, 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            current.append(pattern[i : i + 2])
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            current.append(char)
            i += 1
            for literal in "^]":  # "[^]" and "[]": a ] right after the opening is literal
                if pattern.startswith(literal, i):
                    current.append(literal)
                    i += 1
            continue
        elif verbose and char == "#":
            newline = pattern.find("\n", i)
            i = len(pattern) if newline < 0 else newline
            continue
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append("".join(current))
            current = []
            i += 1
            continue
        current.append(char)
        i += 1
    parts.append("".join(current))
    for part in parts:
        re.compile(part, flags)  # raises re.error when the split went wrong
    return parts


@cache
def _branch_regex(ids: frozenset[int]) -> re.Pattern[str]:
    """The badness alternatives ``ids`` as one regex (few distinct sets occur; cached)."""
    det = _detector()
    source = "|".join(f"(?:{det.branches[i]})" for i in sorted(ids))
    return re.compile(source, det.badness.flags)


def _lines_needing_ftfy(text: str) -> list[tuple[int, int]]:
    """Start and end offsets (end includes the newline) of each line ftfy could change."""
    det = _detector()
    flagged: list[tuple[int, int]] = []
    line_start = line_end = 0  # the line of the previous cluster; clusters come in order
    for cluster in det.clusters.finditer(text):
        start, end = cluster.span()
        if start >= line_end:  # a new line: look for its ends only from here, so O(n) overall
            newline = text.rfind("\n", line_end, start)
            line_start = newline + 1 if newline >= 0 else line_end
            newline = text.find("\n", end)
            line_end = len(text) if newline < 0 else newline + 1
        elif flagged and flagged[-1][0] == line_start:
            continue  # this line is already flagged
        if det.fixers.search(text, start, end):
            hit = True
        elif det.exact:
            ids = frozenset().union(*(det.char_branches.get(c, ()) for c in set(text[start:end])))
            lo, hi = max(line_start, start - det.width + 1), min(line_end, end + det.width - 1)
            hit = bool(ids) and _branch_regex(ids).search(text, lo, hi) is not None
        else:
            hit = det.badness.search(text, line_start, line_end) is not None
        if hit:
            flagged.append((line_start, line_end))
    if not unicodedata.is_normalized("NFC", text):
        flagged = sorted(set(flagged) | set(_non_nfc_lines(text)))
    return flagged


def _non_nfc_lines(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for line in text.split("\n"):
        end = min(start + len(line) + 1, len(text))
        if not unicodedata.is_normalized("NFC", line):
            spans.append((start, end))
        start = end
    return spans


def fix_text_fast(text: str) -> str:
    """Exactly ``ftfy.fix_text(text, uncurl_quotes=False, unescape_html=False,
    fix_character_width=False)`` with full- and half-width forms then folded outside CJK
    text (:func:`~textwash.filters.character_width.fold_width_outside_cjk`), faster.

    >>> fix_text_fast("caf\\u00c3\\u00a9 au lait\\nplain line\\n")
    'café au lait\\nplain line\\n'
    """
    spans = _lines_needing_ftfy(text)
    if not spans:
        return text
    import ftfy

    config = _ftfy_config()
    # ftfy fixes each line on its own (``fix_text`` calls ``fix_and_explain`` line by line,
    # at some 50 µs a line whatever its length), so a line that occurs again is fixed once:
    # hostile text repeats one flagged line thousands of times ("\r" on every line).
    fixed: dict[str, str] = {}
    parts, pos = [], 0
    for start, end in spans:
        parts.append(text[pos:start])
        line = text[start:end]
        if line not in fixed:
            fixed[line] = fold_width_outside_cjk(ftfy.fix_text(line, config))
        parts.append(fixed[line])
        pos = end
    parts.append(text[pos:])
    return "".join(parts)


class _RecentOutput:
    """The last text this process's filter returned, to re-check a near copy cheaply.

    ftfy works line by line, and every line of an output of this filter is a fixed point.
    When a pipeline hands the filter its own output back with a few lines changed by later
    filters (its pass to a fixed point does exactly that), only the lines that are new can
    need work; checking those instead of the whole text is the same answer for less. This
    is a cache of a pure function: it changes how fast, never what.
    """

    def __init__(self) -> None:
        self._state: tuple[str, frozenset[str]] = ("", frozenset())

    def remember(self, text: str) -> None:
        self._state = (text, frozenset())  # the line set is built only if it is asked for

    def clean_except_new_lines(self, text: str) -> bool:
        last, lines = self._state
        if not last or len(text) < len(last) // 2 or len(text) > 2 * len(last):
            return False
        if text[:24] != last[:24] and text[-24:].rstrip() != last[-24:].rstrip():
            return False  # another document: not worth splitting into lines
        if not lines:
            lines = frozenset(last.split("\n"))
            self._state = (last, lines)
        new = [line for line in text.split("\n") if line not in lines]
        if len(new) * 4 > len(lines) + 1:
            return False  # mostly new text: the plain path is as fast
        return not _lines_needing_ftfy("\n".join(new))


_RECENT = _RecentOutput()


@dataclass(frozen=True)
class Mojibake(Filter):
    """Repair mojibake and other encoding damage as ftfy does, keeping the quote style."""

    name: ClassVar[str] = "mojibake"
    summary: ClassVar[str] = "mojibake and encoding damage repaired (ftfy)"
    order: ClassVar[int] = 200
    #: ftfy repairs each line on its own: the lines of a repaired text stay repaired.
    keeps_after_line_removal: ClassVar[bool] = True
    #: ftfy ends a line the same whether a line break follows it or the text ends there.
    keeps_after_final_newline: ClassVar[bool] = True
    #: Its trigger looks for characters next to characters other than the line break, and
    #: for text not in NFC, line by line: taking out lines, or spaces and tabs before a line
    #: break, makes only new neighbours of line breaks and of the text's ends.
    #: Odd spaces made plain can make evidence next to a plain space, and only there.
    check_silent_after: ClassVar[frozenset[ChangeKind]] = frozenset(ChangeKind) - {
        ChangeKind.SPACES
    }

    def trigger(self) -> Trigger | None:
        """Evidence of mojibake, a character another ftfy fixer rewrites, or a text not in
        NFC (:func:`may_need_ftfy`): silent on clean accented text, ``café`` or ``Zürich``,
        and on nearly all of the filter's own output."""
        det = _detector()
        if not det.exact:
            return None
        return Trigger(
            check=may_need_ftfy,
            after=((ChangeKind.SPACES, may_need_ftfy_after_spaces),),
            woken_only_by=((ChangeKind.SPACES, det.spaced_chars),),
        )

    def apply(self, text: str) -> str:
        if _RECENT.clean_except_new_lines(text):
            return text
        for _ in range(_MAX_PASSES):
            fixed = fix_text_fast(text)
            if fixed == text:
                _RECENT.remember(text)  # a fixed point: every line of it is one too
                break
            text = fixed
        return text

    def explain(self, text: str) -> tuple[str, list[Change]]:
        import ftfy

        out = self.apply(text)
        if out == text:
            return out, []
        old_lines, new_lines = text.split("\n"), out.split("\n")
        if len(old_lines) != len(new_lines):  # ftfy turned CR or U+2028 into line breaks
            return out, diff_changes(self.name, text, out, self.summary)
        changes = []
        for number, (line, fixed) in enumerate(zip(old_lines, new_lines, strict=True), start=1):
            if fixed != line:
                steps = ftfy.fix_and_explain(line, _ftfy_config()._replace(explain=True))
                how = ", ".join(f"{op} {arg}" for op, arg in steps.explanation or [])
                reason = f"mojibake: {how}" if how else self.summary
                changes.append(Change(self.name, number, line, fixed, reason))
        return out, changes
