"""Apostrophes that scrapers break, repaired in the document's own quote style.

What it changes
    A spacing acute accent (``Kremlin´s``, U+00B4), a backtick (``don`t``), a prime
    (``it′s``, U+2032) or the lossy replacement character (``don�t``, U+FFFD) standing where
    an apostrophe belongs becomes the apostrophe the document itself writes: the one its
    line writes inside words where the line has more of one style (pages stitched from
    several sources mix them), else ``’`` on a line whose double quotes are all curly (the
    smart-quotes pass that curled them curled its apostrophes too), else the one the
    document writes more often inside words, else ``’`` in a document that uses curly
    quotes, ``'`` otherwise. An accent standing for the closing
    quote of a ``‘`` becomes ``’`` (``‘리벤지´의`` in Korean, ``‘madness´ and`` in English),
    and that of a straight ``'`` beside Hangul, Han or kana becomes ``'`` (``'리벤지´의``).

Why
    These marks look like apostrophes on screen but are other characters: ``Kremlin´s`` is
    not the token ``Kremlin's`` to a search index, a tokenizer or a deduplicator.

Where it acts
    Only where the mark stands between a letter and an English clitic that ends the word
    (``´s``, ``´t``, ``´re``, ``´ve``, ``´ll``, ``´d``, ``´m``), for the accent and the
    backtick between a number and its ``s`` (``2019´s``, ``the 1990`s``, ``80´S``), in an
    Irish name (``O´Brien``) or a given name with a second capital (``De´Broski``,
    ``Da´Quan``), in a French or Italian elision (``l´homme``, ``qu`il``, ``lorsqu´il``,
    ``aujourd´hui``, ``dell′anno``, ``un´altra``), and in a few English words with an
    inner apostrophe (``ma´am``, ``o´clock``, ``y´all``). An accent is the closing quote
    of a ``‘`` open on its line that the line does not close itself: after a word or a
    sentence's punctuation and before anything but a letter, or beside a letter of a
    script written without apostrophes (Chinese, Japanese, Korean, whose particles follow
    the quote: ``‘데이트 폭력´이라고``); beside such a letter, so are a prime and a
    backtick, which can be neither a measure nor code there. Korean quotes with straight
    marks as often: beside such a letter, a mark after a straight ``'`` its line opened
    and did not close (straight quotes open and close in turn) is that quotation's closing
    ``'``; in other scripts a straight quote cannot be told from an apostrophe (``'tis``)
    and the mark is left to the rules above.
    The lossy ``�`` stands for any lost character, so it is repaired only in English
    text: between letters (``don�t``, ``O�Brien``) as an apostrophe; at a word end
    (``Waters� book``) as an apostrophe, or as a closing double quote where a double
    quote is open on its line (``“Yes,� she said``), in the style of the document's double
    quotes.

Lossy mojibake
    A curly quote, dash or ellipsis read in the wrong code page is ``â€™``, ``â€¦`` (the
    ``mojibake`` filter repairs those); when a lossy conversion then replaced some of its
    bytes by ``?`` or ``�``, what is left (``donâ€?t``, ``Watersâ??``, ``wayâ?¦``) is no longer
    something ftfy can decode. A surviving last character still names the mark (``â?¦`` is
    an ellipsis, ``â?“`` an en dash); a lost one is read as a single lossy mark by the rules
    above, so it is repaired only in English text, between letters or at a word end.

Leaves alone
    Primes in measurements and coordinates (``5′ 11″``, ``40°26′46″``), backtick code spans
    (```ls -la```: no backtick is touched on a line that opens a code span), an accent or
    prime standing on its own or in a transliteration (``Tver′``, ``Ol′ga``; also inside a
    quotation the line closes with its own ``’``: ``‘Tver´ region’``), a prime after a
    number (``5′s`` is a measure), ``�`` in text that is not English (``m�s`` may be
    *más*), and a ``�`` right after one left as it is (``â??�``: each would be read
    against the other's repair).

Example
    >>> Apostrophes().apply('NATO\\u00b4s chief said "no". It\\u2032s over.')
    'NATO\\'s chief said "no". It\\'s over.'
    >>> Apostrophes().apply("He said “it’s over” and that the Kremlin´s line held.")
    'He said “it’s over” and that the Kremlin’s line held.'
    >>> Apostrophes().apply("He is 5′ 11″ tall; run `ls -la` first.")
    'He is 5′ 11″ tall; run `ls -la` first.'
    >>> Apostrophes().apply("It was the Watersâ?? idea, and they went that wayâ?¦ to the sea.")
    "It was the Waters' idea, and they went that way… to the sea."
    >>> Apostrophes().apply("그는 이 문제를 ‘데이트 폭력´이라고 했다.")
    '그는 이 문제를 ‘데이트 폭력’이라고 했다.'
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from textwash.filters.base import Change, ChangeKind, Filter, Trigger

ACUTE, BACKTICK, PRIME, LOSSY = "\u00b4", "`", "\u2032", "\ufffd"
_MARKS = ACUTE + BACKTICK + PRIME + LOSSY
#: Characters without which the filter has nothing to do (``â`` starts lossy mojibake).
_TRIGGERS = _MARKS + "\u00e2"
#: The marks the rules (not the lossy repairs) act on.
_RULE_MARKS = ACUTE + BACKTICK + PRIME

_LETTER = r"[^\W\d_]"
_CLITIC = r"(?:s|t|d|m|re|ve|ll|S|T|D|M|RE|VE|LL)(?![^\W_])"
#: mark between a letter and an English clitic that ends the word: Kremlin´s, don`t, it′s;
#: or, one scan with it, a number's or a decade's ``s``: 2019´s best, the 1990`s (not
#: after a prime: 5′ is a measure)
_CLITIC_RE = re.compile(
    rf"([{_MARKS}])(?:(?<={_LETTER}[{_MARKS}])(?={_CLITIC})"
    rf"|(?<=\d[{ACUTE}{BACKTICK}])(?=[sS](?![^\W_])))"
)
#: Irish names: O´Brien, D´Arcy
_NAME_RE = re.compile(rf"(?<![^\W\d_])[OD]([{ACUTE}{PRIME}{BACKTICK}])(?=[A-Z][a-z])")
#: Given names with an apostrophe before a second capital: De´Broski, Da´Quan, Ja`Marr
#: (a transliteration's soft sign never stands before a capital: Ol′ga, Tver′)
_GIVEN_NAME_RE = re.compile(
    rf"(?<![^\W\d_])[A-Z][a-z]{{1,2}}([{ACUTE}{PRIME}{BACKTICK}])(?=[A-Z][a-z])"
)
#: French and Italian elision: l´homme, qu´il, lorsqu´il, quelqu´un, aujourd´hui,
#: presqu´île, dell´anno, un´altra, quest´anno, c´est
_ELISION_RE = re.compile(
    rf"(?<![^\W\d_])(?:[lLdDjJnNsScCmMtT]|[qQ]u|[dDnNsS]ell|[aA]ll|[dD]all|[sS]ull"
    r"|[lL]orsqu|[pP]uisqu|[jJ]usqu|[qQ]uelqu|[pP]resqu|[aA]ujourd|[uU]n|[qQ]uell"
    r"|[qQ]uest|[bB]ell|[tT]utt)"
    rf"([{ACUTE}{PRIME}{BACKTICK}])(?=[aeiouyhàâäéèêëîïôöûüAEIOUYHÀÂÉÈÊÎÔÛ])"
)
#: English words with an apostrophe inside that is not before a clitic: ma´am, o´clock
_WORD_RE = re.compile(
    rf"(?<![^\W\d_])(?:(?:[mM]a)([{_MARKS}])(?=am\b)|(?:[oO])([{_MARKS}])(?=clock\b)"
    rf"|(?:[yY])([{_MARKS}])(?=all\b)|(?:[nN]?[eE]|[oO])([{ACUTE}{PRIME}{LOSSY}])(?=er\b))"
)

#: What every rule needs: a mark after a letter or a digit and before a letter. One scan
#: for it spares the rules' scans on a text whose marks are all code or standing alone.
_BETWEEN_WORD_CHARACTERS = re.compile(rf"[{_MARKS}](?<=[^\W_][{_MARKS}])(?=[^\W\d_])")

#: For each rule that does not start with its mark: a necessary condition that does (the
#: mark and what must follow it), so that a text none of whose marks could start a match
#: is not searched with the rule at every position. ``tests/test_repair_rules.py`` checks
#: that every match of a rule holds a match of its gate.
_GATES = {
    _NAME_RE: re.compile(rf"[{ACUTE}{PRIME}{BACKTICK}](?<=[OD].)(?=[A-Z][a-z])"),
    _GIVEN_NAME_RE: re.compile(rf"[{ACUTE}{PRIME}{BACKTICK}](?<=[a-z].)(?=[A-Z][a-z])"),
    _ELISION_RE: re.compile(
        rf"[{ACUTE}{PRIME}{BACKTICK}](?=[aeiouyhàâäéèêëîïôöûüAEIOUYHÀÂÉÈÊÎÔÛ])"
    ),
    _WORD_RE: re.compile(rf"[{_MARKS}](?=am\b|clock\b|all\b|er\b)"),
}

#: What is left of a three-byte UTF-8 punctuation mark (E2 80 xx) read as Windows-1252 and
#: then converted lossily: ``â``, the ``€`` of byte 0x80 or its ``?``/``�``, then the last
#: byte's character or its ``?``/``�``. Only sequences that lost a byte are matched: intact
#: ones are the ``mojibake`` filter's.
_LOST = "?\ufffd"


def _survivors() -> dict[str, str]:
    """Windows-1252 characters of last bytes 0x80-0xBF, mapped to the mark they end."""
    marks = "\u2018\u2019\u201c\u201d\u2013\u2014\u2026"
    table: dict[str, str] = {}
    for byte in range(0x80, 0xC0):
        mark = bytes([0xE2, 0x80, byte]).decode("utf-8")
        try:
            shown = bytes([byte]).decode("cp1252")
        except UnicodeDecodeError:
            continue
        if mark in marks:
            table[shown] = mark
    return table


_SURVIVORS = _survivors()
_LOSSY_SEQUENCE = re.compile(
    "\u00e2(?:[\u20ac"
    + _LOST
    + "]["
    + _LOST
    + "]|["
    + _LOST
    + "]["
    + re.escape("".join(_SURVIVORS))
    + "])"
)


def _may_hold_lossy_sequence(text: str) -> bool:
    """Whether ``text`` holds how a lossy sequence starts: ``â`` then ``€`` or a lost mark
    (``â`` alone is a letter of French, Portuguese or Romanian text, and no evidence)."""
    return "\u00e2" in text and any("\u00e2" + mark in text for mark in "\u20ac" + _LOST)


_TRIGGER = Trigger(chars=_MARKS, check=_may_hold_lossy_sequence)

_OPENING_DOUBLE = "\u201c"
_CLOSING_DOUBLE = "\u201d"
_OPENING_SINGLE = "\u2018"
_CLOSING_SINGLE = "\u2019"
#: Letters of the scripts written without apostrophes (Han, kana, Hangul): a mark beside
#: one is no apostrophe (Korean puts its particles right after a closing quote).
_NO_APOSTROPHE_SCRIPT = re.compile(
    "[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
    "\uac00-\ud7af\uf900-\ufaff]"
)
#: What the closing-quote rule reads on a line: single quotes and the marks.
_SINGLE_QUOTE_OR_MARK = re.compile(f"[{_OPENING_SINGLE}{_CLOSING_SINGLE}{_RULE_MARKS}]")
_RULE_MARK = re.compile(f"[{_RULE_MARKS}]")
_CLOSING_RULE = "closing quote of a \u2018"
#: What the closing-quote rule reads on a line quoted with straight quotes.
_STRAIGHT_QUOTE_OR_MARK = re.compile(f"['{_RULE_MARKS}]")
_STRAIGHT_CLOSING_RULE = "closing quote of a '"
#: What may end a quotation just before its closing quote, besides a letter or a digit.
_BEFORE_CLOSING = frozenset(".,;:!?\u2026)")

#: a backtick that could open a code span: at a line start or after a space or bracket
_CODE_SPAN_OPENER = re.compile(r"(?:^|(?<=[\s(\[{]))`(?=\S)", re.MULTILINE)

_NEWLINE = re.compile("\n")
_CURLY = re.compile("[\u2018\u2019\u201c\u201d]")
_STRAIGHT = re.compile("['\"]")
_DOUBLE_QUOTES = re.compile('["\u201c\u201d]')
#: An apostrophe inside a word (``it's``, ``Kremlin’s``): what tells a text's own style.
#: (The mark comes first and the letter before it is looked back at: a pattern opening
#: with a lookbehind is tried at every position of the text, nine times slower.)
_INNER_APOSTROPHE = re.compile(r"['\u2019](?<=[^\W\d_]['\u2019])(?=[^\W\d_])")
_WORD = re.compile(r"[A-Za-z]+")
#: The most frequent English words; their share of tokens tells English text apart.
_ENGLISH_WORDS = frozenset(
    "the of and to a in is it that was for on are with as he be at by this had not but from "
    "have they you his she her we or an were which their has its been would said will there "
    "can all more who if no one so out about what up when also i".split()
)


def document_apostrophe(text: str) -> str:
    """The apostrophe a text writes: the one it writes more often inside words; where that
    is a tie (none at all, most often), ``’`` when it uses more curly quotes than straight.

    Apostrophes come first because many sites curl apostrophes and leave double quotes as
    typed (``"It’s over," he said.``): breaking each real apostrophe of the
    article-extraction benchmark's gold bodies one at a time, counting every quote mark
    picked the wrong style for 8 more of 2,275 than counting apostrophes first.

    >>> document_apostrophe("“Yes,” she said."), document_apostrophe('"Yes," she said.')
    ('’', "'")
    >>> document_apostrophe('"It’s over," he said. "We’re done."')
    '’'
    """
    inside_words = _apostrophe_majority(text, 0, len(text))
    if inside_words is not None:
        return inside_words
    curly = len(_CURLY.findall(text))
    return "\u2019" if curly and curly > len(_STRAIGHT.findall(text)) else "'"


def _apostrophe_majority(text: str, start: int, end: int) -> str | None:
    """The apostrophe written more often inside words between ``start`` and ``end``;
    ``None`` on a tie (none at all, most often)."""
    found = _INNER_APOSTROPHE.findall(text, start, end)
    curly = found.count("\u2019")
    straight = len(found) - curly
    if curly == straight:
        return None
    return "\u2019" if curly > straight else "'"


def double_quote_style(text: str) -> str:
    """``”`` when a text writes more curly double quotes than straight ones, else ``"``.

    >>> double_quote_style('It’s "over".'), double_quote_style("It's “over”.")
    ('"', '”')
    """
    marks = _DOUBLE_QUOTES.findall(text)
    straight = marks.count('"')
    return _CLOSING_DOUBLE if len(marks) - straight > straight else '"'


def looks_english(text: str, sample: int = 400) -> bool:
    """Whether at least a fifth of the first ``sample`` words are common English words.

    >>> looks_english("It was the best of times."), looks_english("Era el mejor de los días.")
    (True, False)
    """
    words = [w.lower() for w in _WORD.findall(text, 0, sample * 12)[:sample]]
    return bool(words) and sum(w in _ENGLISH_WORDS for w in words) >= len(words) / 5


#: A repair: start and end offsets in the text, what goes there, and the rule's name.
Repair = tuple[int, int, str, str]
#: A lossy mark to decide in context: start, end, and the rule's name.
_Lossy = tuple[int, int, str]


def _rule_repairs(text: str, apostrophe: str) -> list[Repair]:
    """Accents, backticks and primes the rules allow, each with the rule's name.

    Lossy marks are decided before, in context (:func:`_decide_in_order`), so the rules
    here see the text those repairs give, and a second run sees the same.
    """
    found: dict[int, str] = {}
    if _BETWEEN_WORD_CHARACTERS.search(text) is None:
        return []
    # The clitic rule starts with the mark, so its scan is a fast character-class search;
    # the other rules run only where their gate finds a mark they could repair.
    rules = [
        ("English clitic", _CLITIC_RE),
        ("Irish name", _NAME_RE),
        ("given name", _GIVEN_NAME_RE),
        ("elision", _ELISION_RE),
        ("English word", _WORD_RE),
    ]
    for rule, pattern in rules:
        gate = _GATES.get(pattern)
        if gate is not None and gate.search(text) is None:
            continue  # no mark of the text could be this rule's
        for match in pattern.finditer(text):
            group = next(g for g in range(1, (pattern.groups or 0) + 1) if match.group(g))
            start = match.start(group)
            if pattern is _CLITIC_RE and text[start - 1].isdigit():
                found.setdefault(start, "number's s")
            else:
                found.setdefault(start, rule)
    found = {i: rule for i, rule in found.items() if text[i] != LOSSY}
    if any(text[i] == BACKTICK for i in found):
        in_code = _code_span_lines(text)
        found = {i: rule for i, rule in found.items() if text[i] != BACKTICK or not in_code(i)}
    if not found:
        return []
    style_at = _line_styles(text, apostrophe)
    repairs = []
    for i, rule in sorted(found.items()):
        style = style_at(i)
        repairs.append(
            (i, i + 1, style, rule if style == apostrophe else f"{rule}, {style} as on its line")
        )
    return repairs


def _line_styles(text: str, document: str) -> Callable[[int], str]:
    """The apostrophe to write at an offset: the one its line writes inside words, where
    the line has a majority of one; else ``’`` on a line with curly double quotes and no
    straight ones; else the document's (:func:`document_apostrophe`).

    Pages stitched from several sources mix styles ("It´s worth noting that it's not
    uncommon" in a document of curly quotes): the repaired mark should match its
    neighbours, the closest evidence there is. A line whose double quotes went through a
    smart-quotes pass had its apostrophes curled by the same pass; straight double quotes
    say less, since many sites curl apostrophes and leave double quotes as typed.
    """
    newlines = [match.start() for match in _NEWLINE.finditer(text)]
    styles: dict[int, str] = {}

    def style_of_line(line: int) -> str:
        start = newlines[line - 1] + 1 if line else 0
        end = newlines[line] if line < len(newlines) else len(text)
        inside_words = _apostrophe_majority(text, start, end)
        if inside_words is not None:
            return inside_words
        doubles = _DOUBLE_QUOTES.findall(text, start, end)
        if doubles and '"' not in doubles:
            return "\u2019"
        return document

    def style_at(offset: int) -> str:
        line = bisect.bisect_left(newlines, offset)
        if line not in styles:
            styles[line] = style_of_line(line)  # only the lines that have a repair
        return styles[line]

    return style_at


def _lossy_marks(text: str) -> list[_Lossy]:
    """Lossy mojibake sequences and lone ``�``, in order."""
    marks: list[_Lossy] = []
    inside: set[int] = set()
    for match in _LOSSY_SEQUENCE.finditer(text):
        start, end = match.span()
        inside.update(range(start, end))
        marks.append((start, end, "lossy mojibake"))
    position = text.find(LOSSY)
    while position >= 0:
        if position not in inside:
            marks.append((position, position + 1, "lossy mark"))
        position = text.find(LOSSY, position + 1)
    return sorted(marks)


class _QuoteState:
    """Double quotes opened and closed so far on the current line of the output."""

    def __init__(self, straight: bool) -> None:
        self.straight = straight
        self.opened = self.closed = 0

    def add(self, segment: str) -> None:
        newline = segment.rfind("\n")
        if newline >= 0:
            self.opened = self.closed = 0
            segment = segment[newline + 1 :]
        if self.straight:
            self.opened += segment.count('"')
        else:
            self.opened += segment.count(_OPENING_DOUBLE)
            self.closed += segment.count(_CLOSING_DOUBLE)

    @property
    def open(self) -> bool:
        return self.opened % 2 == 1 if self.straight else self.opened > self.closed


def _decide_in_order(
    text: str, apostrophe: str, double_quote: str, lossy: list[_Lossy]
) -> list[Repair]:
    """Decide the lossy marks from left to right, each in the context the output gives it.

    A lost mark after punctuation or at a word end is a closing double quote only where a
    double quote is open on its line *in the output*: earlier repairs on the line count, so
    a second run sees what the first one decided and changes nothing. Double quotes are
    followed in the style the text writes them (only they are counted, so the apostrophes
    repaired here cannot turn it); an apostrophe is written as its line writes them
    (:func:`_line_styles`), like the rules' repairs.
    """
    straight = double_quote == '"'
    closing = '"' if straight else _CLOSING_DOUBLE
    style_at = _line_styles(text, apostrophe)
    state = _QuoteState(straight)
    repairs: list[Repair] = []
    done = 0
    previous = ""
    stayed_end = -1  # where the last mark left as it is ends
    for start, end, rule in lossy:
        if start < done:
            continue
        state.add(text[done:start])
        if start > done:
            previous = text[start - 1]
        last = text[end - 1]
        here = style_at(start)
        if end - start == 3 and last not in _LOST:
            mark = _SURVIVORS[last]
            new = {"\u2018": here, "\u2019": here}.get(mark, mark)
            if straight and mark in _OPENING_DOUBLE + _CLOSING_DOUBLE:
                new = '"'
            rule = f"{rule} of {mark}"
        else:
            after = text[end] if end < len(text) else ""
            # Right after a mark left as it is, a mark stays too: that one was read
            # against this one, and would be read again against its repair.
            choice = None
            if start != stayed_end:
                choice = _lost_mark(previous, after, state.open, here, closing)
            if choice is None:
                done = start  # the mark stays: it is part of the next segment
                stayed_end = end
                continue
            new, why = choice
            rule = f"{rule}, {why}"
        if new == here != apostrophe:
            rule = f"{rule}, {here} as on its line"
        repairs.append((start, end, new, rule))
        state.add(new)
        previous = new[-1:] or previous
        done = end
    return repairs


def _lost_mark(
    before: str, after: str, quote_open: bool, apostrophe: str, closing: str
) -> tuple[str, str] | None:
    """What a lost punctuation mark was, read from the characters around it.

    Between letters it is an apostrophe; at the end of a word (before a space, punctuation
    or the line end) a closing double quote where one is open on its line, else an
    apostrophe (``Waters’``); after a comma or full stop a closing quote where one is open;
    anywhere else it stays lost.
    """
    if not before.isalpha():
        if before and before in ".,!?" and quote_open:
            return closing, "closing quote"
        return None
    if after.isalpha():
        return apostrophe, "apostrophe between letters"
    if after and not (after.isspace() or after in _WORD_END):
        return None
    if quote_open:
        return closing, "closing quote"
    return apostrophe, "apostrophe at a word end"


_WORD_END = '.,;:!?)]}"\u201d'


def _straight_closing_quote_repairs(text: str) -> list[Repair]:
    """Accents, primes and backticks standing for the closing quote of a straight ``'``
    that opens a quotation on their line, beside a letter of a script written without
    apostrophes (``'데이트 폭력´이라고``): Korean quotes with straight marks as often as
    with curly ones, and no apostrophe stands there. In other scripts a straight quote
    cannot be told from an apostrophe (``'tis``), and the mark is left to the apostrophe
    rules. Written ``'``, the style the line opened with.
    """
    if "'" not in text or _NO_APOSTROPHE_SCRIPT.search(text) is None:
        return []
    in_code = _code_span_lines(text)
    repairs: list[Repair] = []
    line_end = -1
    for mark in _RULE_MARK.finditer(text):
        if mark.start() < line_end:
            continue
        line_start = text.rfind("\n", 0, mark.start()) + 1
        line_end = text.find("\n", mark.start())
        line_end = len(text) if line_end < 0 else line_end
        if text.find("'", line_start, mark.start()) >= 0:
            repairs += _closing_quotes_on_line(text, line_start, line_end, in_code, straight=True)
    return repairs


def _curly_kind(mark: str) -> str:
    """``open`` for ``‘``, ``close`` for ``’`` (a quote mark that may close), else ``mark``."""
    if mark == _OPENING_SINGLE:
        return "open"
    return "close" if mark == _CLOSING_SINGLE else "mark"


def _straight_kinds(text: str, marks: list[re.Match[str]]) -> list[str]:
    """What each straight quote or mark of a line is: straight quotes open and close in
    turn, since one mark does both (an apostrophe between two letters of an alphabet,
    ``don't``, and a quote before a space are ``skip``); the rule marks are ``mark``."""
    kinds: list[str] = []
    quote_open = False
    for match in marks:
        i = match.start()
        if match.group() != "'":
            kinds.append("mark")
        elif (
            text[i - 1 : i].isalpha()
            and text[i + 1 : i + 2].isalpha()
            and not _beside_no_apostrophe_script(text, i)
        ):
            kinds.append("skip")
        elif quote_open:
            kinds.append("close")
            quote_open = False
        elif text[i + 1 : i + 2].strip():
            kinds.append("open")
            quote_open = True
        else:
            kinds.append("skip")
    return kinds


def _closing_quote_repairs(text: str) -> list[Repair]:
    """Accents standing for the closing quote of a ``‘`` on their line that has no ``’``.

    Korean, Chinese and Japanese text quote with ``‘…’``; a scraper that broke the closing
    mark into ``´`` leaves ``‘사랑하는 사람의 추억을 간직´하는``. These scripts write no
    apostrophes, so an accent beside one of their letters, after an open ``‘``, is its
    closing quote; in any script, so is an accent at the end of a word or after a sentence's
    punctuation (``‘madness´ and``). It is not where the line closes the ``‘`` itself with a
    ``’`` later on (``‘Tver´ region’``), nor between two letters of an alphabet, where the
    apostrophe rules have had their say (``‘l´x´``). Runs after those rules, on their
    output, so that a second run reads the same quotes and changes nothing.
    """
    if _OPENING_SINGLE not in text:
        return []
    in_code = _code_span_lines(text)
    repairs: list[Repair] = []
    line_end = -1
    for mark in _RULE_MARK.finditer(text):  # only the lines with a mark are read
        if mark.start() < line_end:
            continue
        line_start = text.rfind("\n", 0, mark.start()) + 1
        line_end = text.find("\n", mark.start())
        line_end = len(text) if line_end < 0 else line_end
        if text.find(_OPENING_SINGLE, line_start, mark.start()) >= 0:
            repairs += _closing_quotes_on_line(text, line_start, line_end, in_code)
    return repairs


def _closing_quotes_on_line(
    text: str, start: int, end: int, in_code: Callable[[int], bool], straight: bool = False
) -> list[Repair]:
    """The closing-quote repairs of the line ``text[start:end]``, read left to right:
    of ``‘`` quotations, or of straight ones (:func:`_straight_closing_quote_repairs`)."""
    pattern = _STRAIGHT_QUOTE_OR_MARK if straight else _SINGLE_QUOTE_OR_MARK
    marks = list(pattern.finditer(text, start, end))

    kinds = _straight_kinds(text, marks) if straight else [_curly_kind(m.group()) for m in marks]
    # For each mark, whether a closing quote of its own follows it on the line (before the
    # next opening one): one pass from the right.
    closed_later = [False] * len(marks)
    closed = False
    for k in range(len(marks) - 1, -1, -1):
        closed_later[k] = closed
        if kinds[k] == "open":
            closed = False
        elif kinds[k] == "close" and _closes(text, marks[k].start()):
            closed = True
    repairs: list[Repair] = []
    quote_open = False
    for k, match in enumerate(marks):
        mark, i = match.group(), match.start()
        if kinds[k] == "open":
            quote_open = True
        elif kinds[k] == "close":
            quote_open = quote_open and not _closes(text, i)
        elif quote_open and not closed_later[k] and _may_close(text, i, mark):
            if mark == BACKTICK and in_code(i):
                continue  # a line with a code span keeps its backticks
            if straight and not _beside_no_apostrophe_script(text, i):
                continue
            if straight:
                repairs.append((i, i + 1, "'", _STRAIGHT_CLOSING_RULE))
            else:
                repairs.append((i, i + 1, _CLOSING_SINGLE, _CLOSING_RULE))
            quote_open = False
    return repairs


def _beside_no_apostrophe_script(text: str, i: int) -> bool:
    """Whether a letter of a script written without apostrophes is right before or after
    offset ``i``."""
    return bool(
        (i and _NO_APOSTROPHE_SCRIPT.match(text, i - 1)) or _NO_APOSTROPHE_SCRIPT.match(text, i + 1)
    )


def _closes(text: str, i: int) -> bool:
    """Whether a quote mark at ``i`` would close a quotation: it follows a word or a mark,
    and is not an apostrophe between two letters of an alphabet (``don’t``); beside a
    letter of a script without apostrophes it closes (``간직’하는``)."""
    before = text[i - 1] if i else ""
    if not before or before.isspace():
        return False
    after = text[i + 1 : i + 2]
    return (
        not after.isalpha()
        or _NO_APOSTROPHE_SCRIPT.match(before) is not None
        or _NO_APOSTROPHE_SCRIPT.match(after) is not None
    )


def _may_close(text: str, i: int, mark: str) -> bool:
    """Whether a mark at ``i`` stands where a closing quote can: the accent after a word or
    a sentence's punctuation, the prime and the backtick (a measure, a code span elsewhere)
    only beside a letter of a script without apostrophes."""
    before = text[i - 1] if i else ""
    if not before or not (before.isalnum() or before in _BEFORE_CLOSING):
        return False
    if mark != ACUTE and not (
        _NO_APOSTROPHE_SCRIPT.match(before) or _NO_APOSTROPHE_SCRIPT.match(text, i + 1)
    ):
        return False
    return _closes(text, i)


def _code_span_lines(text: str) -> Callable[[int], bool]:
    """Whether an offset is on a line that opens a backtick code span (```ls -la```),
    whose backticks are code, not apostrophes; the lines are found on the first call."""
    found: list[tuple[Callable[[int], int], set[int]]] = []

    def in_code(offset: int) -> bool:
        if not found:
            line_of = _line_finder(text)
            found.append((line_of, {line_of(m.start()) for m in _CODE_SPAN_OPENER.finditer(text)}))
        line_of, lines = found[0]
        return line_of(offset) in lines

    return in_code


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
    #: A mark is decided by its line and the words around it; a line break at the end
    #: of the text adds no word.
    keeps_after_final_newline: ClassVar[bool] = True
    #: Taking out lines, or spaces and tabs before a line break, puts no ``€`` or lost mark
    #: after an ``â``.
    check_silent_after: ClassVar[frozenset[ChangeKind]] = frozenset(ChangeKind)

    def trigger(self) -> Trigger:
        """The marks it repairs, and ``â`` followed by ``€`` or a lost mark, with which lossy
        mojibake starts."""
        return _TRIGGER

    def apply(self, text: str) -> str:
        return self.explain_or_apply(text, explain=False)[0]

    def explain(self, text: str) -> tuple[str, list[Change]]:
        return self.explain_or_apply(text, explain=True)

    def explain_or_apply(self, text: str, *, explain: bool) -> tuple[str, list[Change]]:
        if not any(mark in text for mark in _TRIGGERS):  # five fast scans beat one regex scan
            return text, []
        lossy_text = LOSSY in text or "\u00e2" in text
        # The quote style is the document's own, not that of the mojibake's leftovers.
        style_of = _LOSSY_SEQUENCE.sub("", text) if "\u00e2" in text else text
        apostrophe = document_apostrophe(style_of)
        reasons: dict[int, list[str]] = {}
        out = text
        if lossy_text and looks_english(text):
            lossy = _lossy_marks(out)
            if lossy:
                double_quote = double_quote_style(style_of)
                repairs = _decide_in_order(out, apostrophe, double_quote, lossy)
                out = self._carry_out(out, repairs, reasons)
        if any(mark in out for mark in _RULE_MARKS):
            out = self._carry_out(out, _rule_repairs(out, apostrophe), reasons)
            out = self._carry_out(out, _closing_quote_repairs(out), reasons)
            out = self._carry_out(out, _straight_closing_quote_repairs(out), reasons)
        if out == text or not explain:
            return out, []
        return out, self._describe(text, out, reasons, apostrophe)

    def _carry_out(self, text: str, repairs: list[Repair], reasons: dict[int, list[str]]) -> str:
        """Make the repairs (sorted, not overlapping), noting each one's reason by line."""
        if not repairs:
            return text
        line_of = _line_finder(text)
        parts: list[str] = []
        done = 0
        for start, end, new, rule in repairs:
            parts += [text[done:start], new]
            done = end
            if rule in (_CLOSING_RULE, _STRAIGHT_CLOSING_RULE):
                what = f"U+{ord(text[start]):04X} as {rule}"
            elif end - start == 1 and new in "'\u2019":
                what = f"U+{ord(text[start]):04X} as apostrophe ({rule})"
            else:
                what = f"{text[start:end]!r} as {new!r} ({rule})"
            reasons.setdefault(line_of(start), []).append(what)
        parts.append(text[done:])
        return "".join(parts)

    def _describe(
        self, text: str, out: str, reasons: dict[int, list[str]], apostrophe: str
    ) -> list[Change]:
        """One change per line, with every repair's reason (no repair crosses a line)."""
        style = "curly" if apostrophe == "\u2019" else "straight"
        old_lines, new_lines = text.split("\n"), out.split("\n")
        return [
            Change(
                self.name,
                line + 1,
                old_lines[line],
                new_lines[line],
                "; ".join(found) + f"; document uses {style} quotes",
            )
            for line, found in sorted(reasons.items())
        ]
