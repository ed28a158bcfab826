"""Words a regex cannot match without: a cheap, exact "cannot match" test for ASCII lines.

Most lines the structure filters look at are not page furniture, and proving that with
the furniture table costs some thirty regex searches a line, most of them over every
position of the line. Yet almost every pattern needs some literal word somewhere
("comment", "rights reserved", "follow"). :func:`required_words` reads a pattern's parse
tree and returns a few words of which every match contains at least one; a line that
holds none of them cannot match, and the regex need not run.

The test is for ASCII text only, compared in lower case, and exact by construction: under
``re.IGNORECASE`` a pattern character may also match characters outside ASCII (``s``
matches ``ſ``, ``k`` the Kelvin sign, ``i`` the dotted capital ``İ``) and a character
outside ASCII may match ASCII ones; which ASCII characters a pattern character matches is
asked of the regex engine itself, so the words are right whatever the flags and the
Python version. A pattern whose words cannot be told (no literal run, a character that
matches several different ASCII letters) gets ``None``: it always runs.

The same holds of text in a wider alphabet whose characters have no case (``alphabet``:
:data:`PLAIN` adds the curly quotes, dashes and other marks of :data:`TYPOGRAPHIC`), asked
of the regex engine for each of its characters in the same way: a pattern's alternative
that holds such a mark ("don’t") can match that text, and gives its words.

>>> required_words(r"\\b(?:view|read) (?:all )?comments?\\b", re.IGNORECASE)
('comment',)
>>> required_words(r"^follow\\b.{0,20}|\\ball rights reserved\\b", re.IGNORECASE)
('all rights reserved', 'follow')
>>> required_words(r"\\d+", 0) is None
True
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection
from typing import Any

#: Words shorter than this say too little (most lines hold "a" or "on"): a pattern whose
#: best words are shorter always runs.
MIN_WORD = 3
#: More alternative words than this cost more to look for than the regex saves.
MAX_WORDS = 24

#: The characters of ASCII text: the alphabet the tests are worked out for, unless told.
ASCII = "".join(chr(code) for code in range(128))

#: Marks outside ASCII that text in Latin script is full of (curly quotes, dashes, the
#: ellipsis, the no-break space, bullets, signs): none has a case, and each is its own
#: lower case. Not "©": a pattern that names it has no word of three letters left. A line of ASCII and these is asked as an ASCII line is, with the tests
#: worked out for this alphabet (``alphabet=PLAIN``): one in six of the lines the teasers
#: filter asks about, and a third of the time it spends telling furniture.
TYPOGRAPHIC = "\u2019\u2018\u201c\u201d\u2013\u2014\u2026\u00ab\u00bb\u2022\u00b7\u00a0\u00ae\u2122\u00b0\u20ac\u00a3"

#: ASCII and :data:`TYPOGRAPHIC`.
PLAIN = ASCII + TYPOGRAPHIC


@functools.lru_cache(maxsize=1024)
def _ascii_form(char: str, flags: int, alphabet: str = ASCII) -> str | None:
    """The one lower-case character every character of ``alphabet`` (ASCII, unless told)
    that ``char`` matches lowers to: ``""`` when it matches none (it can never match text
    of that alphabet), ``None`` when they differ."""
    literal = re.compile(re.escape(char), flags & ~re.VERBOSE)
    lowered = {x.lower() for x in alphabet if literal.fullmatch(x)}
    if not lowered:
        return ""
    return lowered.pop() if len(lowered) == 1 else None


def required_words(pattern: str, flags: int, alphabet: str = ASCII) -> tuple[str, ...] | None:
    """Lower-case words of which every match of ``pattern`` in ASCII text (text of
    ``alphabet``) holds one (the text compared in lower case), or ``None`` when they cannot
    be told. No words at all: the pattern cannot match such text."""
    from re import _parser  # type: ignore[attr-defined]

    try:
        tree = _parser.parse(pattern, flags)
    except (re.error, RecursionError):
        return None
    # Scoped flags ("(?-i:...)") only narrow what a character matches: the widest flags
    # (case ignored) give words every match still holds.
    words = _of_sequence(tree.data, flags | re.IGNORECASE, alphabet)
    if words is None:
        return None
    return _shortest(words)


def _shortest(words: Collection[str]) -> tuple[str, ...]:
    """``words`` without those that hold a shorter one (it adds nothing to a test that
    looks for any of them), sorted."""
    return tuple(sorted(w for w in words if not any(v != w and v in w for v in words)))


def any_of(words: Collection[str]) -> re.Pattern[str]:
    """A regex that finds any of ``words`` (literal text, matched as written), its
    alternatives grouped by their first character.

    Python's regex engine tries every alternative of an alternation at every position of
    the line; grouped, it tries one literal character per group and goes into a group only
    where that character is: on the first lines of the benchmark's texts, a search for the
    page tools' 41 words takes half the time (0.048 → 0.025 s over 12,812 lines). It finds
    a match exactly where the plain alternation does."""
    groups: dict[str, list[str]] = {}
    for word in sorted(set(words), key=lambda w: (-len(w), w)):  # longest first
        if word:
            groups.setdefault(word[0], []).append(re.escape(word[1:]))
    parts = []
    for first, rests in groups.items():
        tail = "|".join(rests)
        parts.append(re.escape(first) + (f"(?:{tail})" if tail else ""))
    return re.compile("|".join(parts))


def prefilter(
    pattern: str, flags: int, whole: bool, alphabet: str = ASCII
) -> re.Pattern[str] | None:
    """A regex to search a line's lower-cased ASCII text with before ``pattern``: where it
    finds none of :func:`required_words`, ``pattern`` cannot match. ``None`` where that
    would not save time: the pattern matches a whole line, or is anchored at its start
    (then it is tried at one position only and fails fast), or its words are unknown.

    >>> words = prefilter(r"\\bmay be reached at\\b", re.IGNORECASE, False)
    >>> bool(words.search("she may be reached at")), bool(words.search("he was reached"))
    (True, False)
    >>> prefilter(r"^follow\\b", re.IGNORECASE, False) is None
    True
    """
    if whole or anchored(pattern, flags):
        return None
    words = required_words(pattern, flags, alphabet)
    if words is None:
        return None
    return re.compile("|".join(map(re.escape, words)) if words else "(?!)")


def past_start(pattern: str, flags: int, alphabet: str = ASCII) -> re.Pattern[str] | None:
    """A regex to search a line's lower-cased ASCII text (text of ``alphabet``) with before
    searching it for ``pattern`` past its start: where it finds none of the words of the
    pattern's alternatives that are not anchored at the start, a match can only start at
    the start, and matching there answers as searching does. ``None`` where those words
    cannot be told (or every alternative is anchored: then matching is searching anyway).

    >>> words = past_start(r"^posted\\b|\\bcontributed\\b", re.IGNORECASE)
    >>> bool(words.search("jane contributed")), bool(words.search("posted by jane"))
    (True, False)
    """
    from re import _constants as c  # type: ignore[attr-defined]
    from re import _parser  # type: ignore[attr-defined]

    try:
        tree = _parser.parse(pattern, flags)
    except (re.error, RecursionError):
        return None
    if tree.state.flags & re.MULTILINE:
        return None
    items = tree.data
    branches = (
        [b.data for b in items[0][1][1]] if len(items) == 1 and items[0][0] is c.BRANCH else [items]
    )
    found: set[str] = set()
    for branch in branches:
        if _starts_anchored(branch):
            continue
        words = _of_sequence(branch, flags | re.IGNORECASE, alphabet)
        if words is None:
            return None
        found |= words
    if len(found) == 0 and all(_starts_anchored(b) for b in branches):
        return None
    needed = _shortest(found)
    return re.compile("|".join(map(re.escape, needed)) if needed else "(?!)")


def anchored(pattern: str, flags: int) -> bool:
    """Whether every match of ``pattern`` starts at the start of the text: searching for
    it is matching it there (:func:`prefilter` judges its speed by it; the furniture test
    asks such patterns together, at one position)."""
    from re import _parser  # type: ignore[attr-defined]

    try:
        tree = _parser.parse(pattern, flags)
    except (re.error, RecursionError):
        return False
    return not tree.state.flags & re.MULTILINE and _starts_anchored(tree.data)


def _starts_anchored(items: Any) -> bool:
    from re import _constants as c  # type: ignore[attr-defined]

    if not items:
        return False
    op, av = items[0]
    if op is c.AT:
        return av in (c.AT_BEGINNING, c.AT_BEGINNING_STRING)
    if op is c.BRANCH:
        return all(_starts_anchored(branch.data) for branch in av[1])
    if op is c.SUBPATTERN:
        return not av[1] & re.MULTILINE and _starts_anchored(av[-1].data)
    return False


def _score(words: frozenset[str]) -> tuple[float, int]:
    return min((len(w) for w in words), default=float("inf")), -len(words)


def _of_sequence(items: Any, flags: int, alphabet: str = ASCII) -> frozenset[str] | None:
    """The best set of words one of which every match of this sequence holds (empty: it
    cannot match text of ``alphabet``), or ``None``."""
    from re import _constants as c  # type: ignore[attr-defined]

    found: list[frozenset[str]] = []
    run: list[str] = []

    def close() -> None:
        if run:
            found.append(frozenset(["".join(run)]))
            run.clear()

    for op, av in items:
        if op is c.LITERAL:
            form = _ascii_form(chr(av), flags, alphabet)
            if form == "":
                return frozenset()  # a character no character of the alphabet matches
            if form is not None:
                run.append(form)
                continue
        close()
        sub: frozenset[str] | None = None
        if op is c.SUBPATTERN:
            sub = _of_sequence(av[-1].data, flags, alphabet)
        elif op is c.ATOMIC_GROUP:
            sub = _of_sequence(av.data, flags, alphabet)
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            if av[0] >= 1:
                sub = _of_sequence(av[2].data, flags, alphabet)
        elif op is c.BRANCH:
            branches = [_of_sequence(branch.data, flags, alphabet) for branch in av[1]]
            if all(words is not None for words in branches):
                sub = frozenset().union(*(words for words in branches if words is not None))
        if sub is not None:
            found.append(sub)
    close()
    usable = [w for w in found if len(w) <= MAX_WORDS and all(len(x) >= MIN_WORD for x in w)]
    return max(usable, key=_score) if usable else None


def lowered_alike(pattern: str, flags: int, alphabet: str = ASCII) -> bool:
    """Whether ``pattern``, matched ignoring case (``flags`` hold ``re.IGNORECASE``) on
    ASCII text (text of ``alphabet``), answers as it does matched case-sensitively on that
    text in lower case.

    Ignoring case costs the regex engine its fast paths (an alternative starting with a
    literal is tried at every position, not skipped on its first character): a pattern
    written in lower case, without scoped case flags and whose every character and class
    matches alike, can be asked of the lowered text instead. Which ASCII characters each
    character and class matches both ways is asked of the regex engine itself; an item
    not told here (a scoped flag, an op not listed) makes the answer ``False``.

    >>> lowered_alike(r"related (?:stories|news)\\b", re.IGNORECASE)
    True
    >>> lowered_alike(r"Related", re.IGNORECASE), lowered_alike(r"(?-i:tags)", re.IGNORECASE)
    (False, False)
    """
    from re import _parser  # type: ignore[attr-defined]

    try:
        tree = _parser.parse(pattern, flags)
    except (re.error, RecursionError):
        return False
    others: set[int] = set()
    if not _alike_sequence(tree.data, flags, others, alphabet):
        return False
    # characters outside the alphabet never match a lowered line of it case-sensitively:
    # alike where, ignoring case, they match none of its characters either (asked at once)
    source = "".join(f"\\U{code:08x}" for code in sorted(others))
    return not others or not _ascii_matched(f"[{source}]", flags, alphabet)


def _alike_sequence(items: Any, flags: int, others: set[int], alphabet: str = ASCII) -> bool:
    """Whether the items of a sequence answer alike (:func:`lowered_alike`); its
    literals outside ``alphabet`` are put in ``others``, asked about together."""
    from re import _constants as c  # type: ignore[attr-defined]

    for op, av in items:
        if op is c.LITERAL and chr(av) not in alphabet:
            others.add(av)
            alike = True
        elif op is c.LITERAL:
            alike = _class_alike(f"\\U{av:08x}", flags, alphabet)
        elif op is c.NOT_LITERAL:
            alike = _class_alike(f"[^\\U{av:08x}]", flags, alphabet)
        elif op is c.IN:
            source = _class_source(av)
            alike = source is not None and _class_alike(source, flags, alphabet)
        elif op in (c.ANY, c.AT, c.GROUPREF):
            alike = True  # the same on a lowered ASCII text: line ends, word boundaries
        elif op is c.SUBPATTERN:
            alike = not (av[1] | av[2]) & re.IGNORECASE and _alike_sequence(
                av[-1].data, flags, others, alphabet
            )
        elif op in (c.ASSERT, c.ASSERT_NOT):
            alike = _alike_sequence(av[1].data, flags, others, alphabet)
        elif op is c.ATOMIC_GROUP:
            alike = _alike_sequence(av.data, flags, others, alphabet)
        elif op is c.BRANCH:
            alike = all(_alike_sequence(branch.data, flags, others, alphabet) for branch in av[1])
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            alike = _alike_sequence(av[2].data, flags, others, alphabet)
        else:
            alike = False
        if not alike:
            return False
    return True


@functools.lru_cache(maxsize=4096)
def _class_alike(source: str, flags: int, alphabet: str = ASCII) -> bool:
    """Whether the one-character pattern ``source`` matches the same characters of
    ``alphabet`` ignoring case as it matches them lowered, case-sensitively."""
    ignoring = re.compile(source, flags & ~re.VERBOSE)
    exact = re.compile(source, flags & ~re.VERBOSE & ~re.IGNORECASE)
    return all(
        (ignoring.fullmatch(x) is None) == (exact.fullmatch(x.lower()) is None) for x in alphabet
    )


#: The class escapes the parser gives as categories, written back as a class holds them.
_CATEGORY_SOURCES = {
    "CATEGORY_DIGIT": r"\d",
    "CATEGORY_NOT_DIGIT": r"\D",
    "CATEGORY_SPACE": r"\s",
    "CATEGORY_NOT_SPACE": r"\S",
    "CATEGORY_WORD": r"\w",
    "CATEGORY_NOT_WORD": r"\W",
}


def _class_source(items: Any) -> str | None:
    """A parsed character class written back as a class, or ``None``."""
    from re import _constants as c  # type: ignore[attr-defined]

    parts: list[str] = []
    for op, av in items:
        if op is c.NEGATE and not parts:
            parts.append("^")
        elif op is c.LITERAL:
            parts.append(f"\\U{av:08x}")
        elif op is c.RANGE:
            parts.append(f"\\U{av[0]:08x}-\\U{av[1]:08x}")
        elif op is c.CATEGORY and str(av) in _CATEGORY_SOURCES:
            parts.append(_CATEGORY_SOURCES[str(av)])
        else:
            return None
    return f"[{''.join(parts)}]"


def _ascii_matched(source: str, flags: int, alphabet: str = ASCII) -> set[str]:
    """The characters of ``alphabet`` (ASCII, unless told) the one-character pattern
    ``source`` matches under ``flags``."""
    regex = re.compile(source, flags & ~re.VERBOSE)
    return {x for x in alphabet if regex.fullmatch(x)}
