"""Scorers over lines for the structure filters. They describe lines; they never edit text.

Each function answers one question about a line or a pair of lines: is it page furniture
and of what kind, an ad marker, a credit; is it shaped like a headline, a short sentence,
a label; how many of its content words does the article use; is it a copy of the headline,
does it start with glued-on copies. The filters in :mod:`textwash.filters` combine the
answers into decisions.

>>> furniture("Sign up for our daily newsletter").kind
'signup'
>>> furniture("Share prices rose 3% on Monday.") is None
True
>>> headline_shaped("Yoon has been stripped of his duties by parliament")
True
>>> headline_shaped("He said the talks would resume on Monday.")
False
>>> split_site_suffix("Russia denies supplying Taliban | The Moscow Times")
('Russia denies supplying Taliban', 'The Moscow Times')
"""

from __future__ import annotations

import functools
import operator
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from textwash.structure import patterns
from textwash.structure.literals import (
    PLAIN,
    TYPOGRAPHIC,
    anchored,
    any_of,
    lowered_alike,
    past_start,
    prefilter,
    required_words,
)

#: How a furniture pattern is asked of a line: matched against the whole line, searched
#: for where every match starts at the line's start, or searched for anywhere.
_WHOLE, _AT_START, _ANYWHERE = "whole", "at start", "anywhere"


def _asked(pattern: str, whole: bool) -> str:
    if whole:
        return _WHOLE
    return _AT_START if anchored(pattern, re.IGNORECASE) else _ANYWHERE


#: The furniture table compiled: each entry with how it is asked and, where it saves
#: time, a search for the words one of which a plain line (ASCII and the typographic
#: marks of :data:`literals.TYPOGRAPHIC`, in lower case) must hold for the pattern to
#: match.
_FURNITURE = tuple(
    (
        kind,
        reason,
        re.compile(pattern, re.IGNORECASE),
        _asked(pattern, whole),
        prefilter(pattern, re.IGNORECASE, whole, PLAIN),
    )
    for kind, reason, pattern, whole in patterns.FURNITURE
)


def _any_of(asked: str) -> re.Pattern[str]:
    """One regex of the alternatives of the table's patterns asked so: where it fails,
    each of them fails (one regex call instead of one a pattern, for most lines)."""
    alternatives = [f"(?:{regex.pattern})" for _, _, regex, how, _ in _FURNITURE if how == asked]
    return re.compile("|".join(alternatives) or "(?!)", re.IGNORECASE)


#: Most lines are no furniture. Whether a line is none is asked at once of the patterns
#: that match a whole line, and at once of those that match at its start; those that
#: match anywhere are asked one by one, after their words (:mod:`literals`), since one
#: search for all of them tries each at every position and costs more than they do.
_ANY_WHOLE = _any_of(_WHOLE)
_ANY_AT_START = _any_of(_AT_START)

#: Each pattern of the table with how it is asked.
_ASKED = tuple((regex.pattern, how) for _, _, regex, how, _ in _FURNITURE)


class _AskedOfAscii(NamedTuple):
    """The patterns of one way of asking, for a plain line (ASCII and typographic marks,
    :func:`_plain`): those written in lower case
    asked of the line in lower case, case-sensitively (:func:`literals.lowered_alike`),
    where the regex engine skips an alternative on its first character (ignoring case, it
    tries each: some three times the cost, on a line that is no furniture), and the others
    as they are, ignoring case."""

    lowered: re.Pattern[str]
    others: re.Pattern[str]

    @classmethod
    def of(cls, asked: str) -> _AskedOfAscii:
        lowered: list[str] = []
        others: list[str] = []
        for pattern, how in _ASKED:
            if how == asked:
                alike = lowered_alike(pattern, re.IGNORECASE, PLAIN)
                (lowered if alike else others).append(f"(?:{pattern})")
        return cls(
            re.compile("|".join(lowered) or "(?!)"),
            re.compile("|".join(others) or "(?!)", re.IGNORECASE),
        )


@functools.lru_cache(maxsize=1)
def _asked_of_ascii() -> tuple[_AskedOfAscii, _AskedOfAscii]:
    """The patterns of a whole line and of a line's start, for plain lines: worked out on
    first use (reading the patterns takes some tens of milliseconds)."""
    return _AskedOfAscii.of(_WHOLE), _AskedOfAscii.of(_AT_START)


def _anywhere_words() -> re.Pattern[str] | None:
    """The words of all the patterns asked anywhere in one search (of a lower-cased plain
    line), grouped by their first character (:func:`literals.any_of`, some twice as fast
    as their alternation): where it finds none, none of them can match. ``None`` when one
    of them has no words to tell."""
    found: list[str] = []
    for pattern, how in _ASKED:
        if how == _ANYWHERE:
            words = required_words(pattern, re.IGNORECASE, PLAIN)
            if words is None:
                return None
            found += words
    return any_of(found) if found else re.compile("(?!)")


_ANYWHERE_WORDS = _anywhere_words()

#: A character that is neither ASCII nor a typographic mark (:data:`literals.TYPOGRAPHIC`).
_NOT_PLAIN = re.compile(f"[^\\x00-\\x7f{re.escape(TYPOGRAPHIC)}]")


def _plain(text: str) -> bool:
    """Whether ``text`` is ASCII but for typographic marks (curly quotes, dashes, ...):
    the furniture table is asked of it in lower case, as of an ASCII line."""
    return text.isascii() or _NOT_PLAIN.search(text) is None


#: Fewest and most words a teaser headline has (seed teasers have 10 to 17; a headline
#: of three words is as likely a label, a list item or a dateline).
MIN_TEASER_WORDS = 4
MAX_TEASER_WORDS = 25
#: Fewest content words a teaser has: a headline names things ("Pats place Olszewski on
#: IR"); "We hope to see you soon!" or "2018.04.05 ~ OPEN RUN" does not, and is the
#: article's own closing or listing line.
MIN_TEASER_CONTENT_WORDS = 3
#: Longest line that counts as a short sentence (a teaser's one-sentence summary).
MAX_DEK_WORDS = 20
#: Most words a headline copy can have: a longer line is a paragraph, not a headline.
MAX_HEADLINE_WORDS = 30
#: Most words a site name after a headline has ("Title | The New York Times").
MAX_SITE_WORDS = 5

_CLOSERS = patterns.QUOTES + ")]}*_"
_OPENERS = patterns.QUOTES + "([{*_#>•-–— "


def tokens(text: str) -> list[str]:
    """Case-folded word tokens (``\\w+`` runs): what copies and repeats are compared on."""
    return patterns.TOKEN.findall(text.casefold())


def key(text: str) -> str:
    """The tokens joined by spaces: equal for copies that differ in case, quotes, spacing."""
    return " ".join(tokens(text))


#: Runs of Chinese characters and Japanese kana, written without spaces between words.
_UNSPACED = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
#: Hiragana: in Japanese, mostly particles and endings, not what a text is about.
_HIRAGANA = re.compile("[\u3040-\u309f]")


def _bigrams(run: str, stopwords: frozenset[str]) -> set[str]:
    """The character pairs of a run of unspaced script, as words: Chinese and Japanese
    write without spaces, and pairs of characters stand for words well enough to tell
    what two texts share (as search engines index them). Pairs of hiragana alone and
    stopwords of the document's language are left out."""
    return {
        pair
        for pair in (run[i : i + 2] for i in range(len(run) - 1))
        if pair not in stopwords and len(_HIRAGANA.findall(pair)) < 2
    }


def content_words(text: str, stopwords: frozenset[str] = frozenset()) -> set[str]:
    """Tokens that say what a text is about: three letters or more, not a number, not a
    stopword (English, or of ``stopwords``: the document's language, see
    :func:`language_stopwords`), not one of the commonest English words, not a day or
    month name; in Chinese and Japanese, pairs of characters (:func:`_bigrams`).

    >>> sorted(content_words("Kindle for PCで東京の美術館"))
    ['kindle', 'で東', 'の美', '京の', '東京', '美術', '術館']
    """
    runs = _UNSPACED.findall(text)
    spaced = _UNSPACED.sub(" ", text) if runs else text
    # Each distinct token tested once, and the word lists taken away as sets: a text of
    # an article's length holds each word many times.
    words = {t for t in set(tokens(spaced)) if len(t) >= 3 and not t.isdigit()}
    words -= patterns.STOPWORDS
    words -= patterns.COMMON_WORDS
    words -= patterns.CONTINUATION_WORDS
    words -= stopwords
    for run in runs:
        words |= _bigrams(run, stopwords)
    return words


def text_words(text: str) -> set[str]:
    """The words of ``text`` a line's content words are looked up in: its tokens and, in
    Chinese and Japanese, its pairs of characters, none of them left out.

    A content word of a line (:func:`content_words`, without some stopwords) is one of
    the text's content words (without the same stopwords) exactly when it is one of these:
    what leaves a word out (its length, a number, a word list, the stopwords) leaves it out
    of the line already. So the text's own content words need not be worked out to tell
    which of a line's it uses.

    >>> sorted(text_words("Kindle for PCで東京"))
    ['for', 'kindle', 'pc', 'で東', '東京']
    """
    runs = [] if text.isascii() else _UNSPACED.findall(text)
    spaced = _UNSPACED.sub(" ", text) if runs else text
    words = set(tokens(spaced))
    for run in runs:
        words.update(run[i : i + 2] for i in range(len(run) - 1))
    return words


def searchable(text: str) -> str:
    """``text`` as :func:`text_uses` looks words up in: case-folded, with a space on each
    side of every run of Chinese characters and Japanese kana (so that the tokens next to
    a run end where :func:`text_words` ends them). Made once a text, in two passes over it
    that do not list its tokens."""
    if text.isascii():
        return text.lower()  # the same as case-folding, and no run of those scripts
    return _UNSPACED.sub(r" \g<0> ", text).casefold()


def text_uses(found_in: str, word: str) -> bool:
    """Whether ``word`` (a content word of a line, :func:`content_words`: a case-folded
    token, or a pair of Chinese or Japanese characters) is one of :func:`text_words` of a
    text, given that text made :func:`searchable`. Looked for in place, without listing
    the text's tokens: a text of thousands of words is read for the few a line asks about.

    A pair is one of the text's when it occurs in it at all (case-folding leaves those
    scripts as they are, and makes no character of them); a token, when it occurs between
    characters that are not word characters, as ``\\w+`` runs end.

    >>> [text_uses("the war_time art of war.", w) for w in ("war", "art", "time")]
    [True, True, False]
    >>> found_in = searchable("Kindle for PCで東京")
    >>> [text_uses(found_in, w) for w in ("kindle", "pc", "東京", "で東", "京の")]
    [True, True, True, True, False]
    """
    if _UNSPACED.search(word) is not None:
        return len(word) == 2 and _UNSPACED.fullmatch(word) is not None and word in found_in
    end = len(found_in)
    size = len(word)
    start = found_in.find(word)
    while start >= 0:
        after = start + size
        if (start == 0 or not _is_word_char(found_in[start - 1])) and (
            after == end or not _is_word_char(found_in[after])
        ):
            return True
        start = found_in.find(word, start + 1)
    return False


def _is_word_char(char: str) -> bool:
    """Whether a character is one ``\\w`` matches (a letter or digit of any script, ``_``:
    the same characters, checked over all of Unicode)."""
    return char.isalnum() or char == "_"


def word_count(line: str) -> int:
    """Words of a line: those between spaces, and, in Chinese and Japanese, about one for
    every two characters."""
    if line.isascii():
        return len(line.split())  # no Chinese or Japanese
    unspaced = sum(len(run) for run in _UNSPACED.findall(line))
    return len(line.split()) + unspaced // 2


def vocabulary(lines: Iterable[str], stopwords: frozenset[str] = frozenset()) -> set[str]:
    """The content words of some lines together."""
    return content_words("\n".join(lines), stopwords)


def repeated_words(words: Iterable[str], lines: Sequence[str], times: int = 2) -> set[str]:
    """Those of ``words`` (content words of ``lines``) that the lines use ``times`` times or
    more: on a long page, a word it uses once shares a line's words by chance as often as
    by subject. Chinese and Japanese character pairs are counted where they occur.

    >>> sorted(repeated_words({"kepa", "chelsea", "fee"}, ["Kepa signs.", "Chelsea pay Kepa's fee."]))
    ['kepa']
    """
    text = "\n".join(lines).casefold()
    counts = Counter(tokens(text))
    return {
        word
        for word in words
        if counts[word] >= times or (word not in counts and text.count(word) >= times)
    }


def shared(line: str, vocab: set[str], stopwords: frozenset[str] = frozenset()) -> tuple[int, int]:
    """How many of ``line``'s content words are in ``vocab``, and how many it has."""
    words = content_words(line, stopwords)
    return len(words & vocab), len(words)


#: How much of a text the language is told from (characters, from its start).
LANGUAGE_SAMPLE = 4000


@functools.lru_cache(maxsize=1)
def _stopword_languages() -> dict[str, tuple[str, ...]]:
    """Every stopword of the stopwords-iso lists, with the languages it is a stopword of."""
    import stopwordsiso  # a few hundred kilobytes of lists: loaded on first use only

    index: dict[str, list[str]] = {}
    for language in sorted(stopwordsiso.langs()):
        for word in stopwordsiso.stopwords(language):
            index.setdefault(word.casefold(), []).append(language)
    return {word: tuple(languages) for word, languages in index.items()}


def text_language(text: str) -> str | None:
    """The language whose stopwords (stopwords-iso lists) make up most of the start of
    ``text``, as an ISO 639-1 code, or ``None`` when none of its words is a stopword.

    Cheap: one look-up per token of the first :data:`LANGUAGE_SAMPLE` characters.

    >>> text_language("Le gouvernement a annoncé dans la soirée une nouvelle loi pour les")
    'fr'
    >>> text_language("The government announced a new law for the people on Monday")
    'en'
    """
    index = _stopword_languages()
    # Each distinct token once, with its count, in the order tokens first occur: the
    # languages are counted and first seen in the same order as token by token, so a tie
    # goes to the same language (the first counted), at a fraction of the look-ups.
    counts: dict[str, int] = {}
    for token, times in Counter(tokens(text[:LANGUAGE_SAMPLE])).items():
        for language in index.get(token, ()):
            counts[language] = counts.get(language, 0) + times
    if not counts:
        return None
    return max(counts.items(), key=operator.itemgetter(1))[0]


@functools.lru_cache(maxsize=64)
def _stopwords_of(language: str) -> frozenset[str]:
    import stopwordsiso

    return frozenset(word.casefold() for word in stopwordsiso.stopwords(language))


def foreign_stopwords(words: Iterable[str]) -> bool:
    """Whether one of ``words`` is a stopword of a language other than English in the
    stopwords-iso lists: only such a word can :func:`language_stopwords` take away, so
    where there is none, the language of the text need not be told.

    >>> foreign_stopwords(["kremlin", "envoy"]), foreign_stopwords(["kremlin", "dans"])
    (False, True)
    """
    index = _stopword_languages()
    return any(language != "en" for word in words for language in index.get(word, ()))


def language_stopwords(text: str) -> frozenset[str]:
    """The stopwords of the language of ``text`` beyond the English lists every text gets:
    empty for English (whose content words are judged as they always were) and for a text
    whose language is not told by its stopwords."""
    language = text_language(text)
    if language is None or language == "en":
        return frozenset()
    return _stopwords_of(language)


# -- furniture ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Furniture:
    """What kind of page furniture a line is, and the words an explanation uses for it."""

    kind: str
    reason: str


_SPACES = re.compile(r"\s*")
_FOUR_WORDS = re.compile(r"\S+(?:\s+\S+){3}")
_OPENING_QUOTES = re.compile(f"[{re.escape(patterns.QUOTES)}]*")
_SEPARATOR = Furniture("separator", "separator line")
_SHORTCODE = Furniture("markup", "unrendered shortcode")
_LINK_REFERENCE = Furniture("markup", "markdown link reference")


def furniture(line: str) -> Furniture | None:
    """The kind of page furniture ``line`` is, or ``None`` for a line of text."""
    stripped = line.strip()
    if not stripped or len(stripped) > patterns.MAX_FURNITURE_CHARS:
        return None
    return _furniture_of(stripped)


#: Stripped lines whose furniture kind is remembered. The teasers filter asks about the
#: same lines many times (its trigger and then the filter look at the same tail, and each
#: line of another shape is checked against the headings up to 60 lines above it), and
#: each answer costs some 30 regex matches; a line is at most
#: :data:`patterns.MAX_FURNITURE_CHARS` long, so the cache stays small.
_FURNITURE_CACHE_SIZE = 2048


@functools.lru_cache(maxsize=_FURNITURE_CACHE_SIZE)
def _furniture_of(stripped: str) -> Furniture | None:
    """:func:`furniture` of a stripped line of text short enough to be furniture."""
    if patterns.SEPARATOR.fullmatch(stripped):
        return _SEPARATOR
    if patterns.SHORTCODE.fullmatch(stripped):
        return _SHORTCODE
    if patterns.LINK_REFERENCE.fullmatch(stripped):
        return _LINK_REFERENCE
    text = patterns.core(stripped)
    if not text or patterns.SEPARATOR.fullmatch(text):
        # Only marks and brackets around nothing ("[]", "* * *"); "___" is a word.
        return None if patterns.TOKEN.search(stripped) else _SEPARATOR
    # Most lines are no furniture: the patterns of a kind of asking none of which can
    # match are not run one by one (an alternation of them fails), nor, on a plain line,
    # a pattern none of whose words the line holds (:mod:`textwash.structure.literals`).
    lowered = text.lower() if _plain(text) else None
    if lowered is not None:
        of_whole, of_start = _asked_of_ascii()
        whole = (
            of_whole.lowered.fullmatch(lowered) is not None
            or of_whole.others.fullmatch(text) is not None
        )
        at_start = (
            of_start.lowered.match(lowered) is not None or of_start.others.match(text) is not None
        )
    else:
        whole = _ANY_WHOLE.fullmatch(text) is not None
        at_start = _ANY_AT_START.match(text) is not None
    if (
        not whole
        and not at_start
        and lowered is not None
        and _ANYWHERE_WORDS is not None
        and _ANYWHERE_WORDS.search(lowered) is None
    ):
        return None
    for kind, reason, regex, asked, words in _FURNITURE:
        if asked == _WHOLE:
            found = whole and regex.fullmatch(text) is not None
        elif asked == _AT_START:
            found = at_start and regex.match(text) is not None
        else:
            found = (
                lowered is None or words is None or words.search(lowered) is not None
            ) and regex.search(text) is not None
        if found:
            return Furniture(kind, reason)
    return None


_AD_MARKER = re.compile(patterns.AD_MARKER, re.IGNORECASE)


def is_ad_marker(line: str) -> bool:
    """Whether ``line`` is only an ad marker ("Advertisement", "Story continues below")."""
    stripped = line.strip()
    if len(stripped) > 80 or patterns.AD_HINT.search(stripped) is None:
        return False
    return _AD_MARKER.fullmatch(patterns.core(stripped)) is not None


#: Words one of which a plain line (ASCII and typographic marks, in lower case) holds
#: where a credit is found past its start: the other credits start at the start of the
#: line, and are matched at that one position.
_CREDIT_PAST_START = past_start(patterns.CREDIT.pattern, patterns.CREDIT.flags, PLAIN)


def is_credit(line: str) -> bool:
    """A credit or update line that closes an article ("Additional reporting by ...",
    "Contributing: ...", "Originally published on ...")."""
    stripped = line.strip()
    if len(stripped) > patterns.MAX_FURNITURE_CHARS:
        return False
    if (
        _CREDIT_PAST_START is not None
        and _plain(stripped)
        and _CREDIT_PAST_START.search(stripped.lower()) is None
    ):
        found = patterns.CREDIT.match(stripped) is not None
    else:
        found = patterns.CREDIT.search(stripped) is not None
    if found:
        return True
    folded = stripped.casefold()
    return any(word in folded for word in patterns.REPRINT_WORDS) and bool(
        patterns.REPRINT.search(stripped)
    )


# -- shape -------------------------------------------------------------------------------


#: Full-width marks of Chinese and Japanese text, read as the marks they stand for: "。"
#: ends a sentence as "." does.
_FULL_WIDTH_MARKS = str.maketrans("。．！？：，、；", "..!?:,,;")


def _last_mark(text: str) -> str:
    """The last character that is not a closing quote or bracket ("..." reads as "…", a
    full-width mark as its ASCII form)."""
    end = text.rstrip().rstrip(_CLOSERS).rstrip()
    if end.endswith("..."):
        return "…"
    return end[-1:].translate(_FULL_WIDTH_MARKS) if end else ""


def _words_up_to(line: str, most: int) -> int:
    """The number of words of ``line``, or ``most + 1`` for any line with more.

    Shape tests only ask whether a line has a few words: a line of thousands need not be
    cut into thousands of strings to answer (that would cost each of the tests on it
    memory in proportion to the line).
    """
    return len(line.split(None, most))


def _starts_like_title(text: str) -> bool:
    start = text.lstrip(_OPENERS)
    return bool(start) and (start[0].isupper() or start[0].isdigit())


_LAST_WORD = re.compile(
    r"\b(?:the|a|an|of|and|or|with|by|from|that|which|its|their|whose)\W*$", re.IGNORECASE
)


def _starts_like_item(text: str) -> bool:
    """A capital, a digit, a letter of a script without capitals or a name in camel case
    first (after quotes or brackets): not a line of a paragraph wrapped mid-sentence."""
    start = text.lstrip(_OPENERS)
    if not start:
        return False
    first = start[0]
    if first.isdigit() or (first.isalpha() and not first.islower()):
        return True
    words = start.split(None, 1)  # none where only a control character is left ("-\r")
    return bool(words) and any(ch.isupper() for ch in words[0])  # camel case: "iPhone"


def headline_shaped(line: str) -> bool:
    """Shaped like a headline: a few words, a capital first, no sentence stop at the end,
    no link or handle.

    A question or exclamation mark may end a headline; a full stop, colon, comma or
    semicolon may not (those end sentences, introduce lists or continue a line), but for
    the period of an abbreviation ("Boulder, Colo.").
    """
    words = _words_up_to(line, MAX_TEASER_WORDS)
    if not MIN_TEASER_WORDS <= words <= MAX_TEASER_WORDS:
        return False
    mark = _last_mark(line)
    if mark in {":", ",", ";"} or patterns.LINKISH.search(line):
        return False
    if mark == "." and _PLACE_END.search(line) is None:
        return False  # a sentence; "Man charged over fire in Boulder, Colo." is none
    if _LAST_WORD.search(line) is not None:
        return False  # a line of a paragraph wrapped before the word it needs
    return _starts_like_title(line) and patterns.INNER_SENTENCE_BREAK.search(line) is None


#: A place as news agencies write it at the end of a headline: ", Colo." (a US state).
_PLACE_END = re.compile(r",\s{1,3}(?:" + "|".join(patterns.STATE_ABBREVIATIONS) + r")\.\W*$")
_ABBREVIATED_END = re.compile(
    r"(?:\b(?:" + "|".join(patterns.TITLE_ABBREVIATIONS) + r")|\b(?:[A-Z]\.)+[A-Z])\.\W*$"
)


def _decorated_end(line: str) -> bool:
    """A page title's closing decoration, a doubled colon after the site's name ("... ::
    痞客邦 PIXNET ::"): no colon that announces what follows."""
    return line.rstrip().endswith(" ::")


def rail_item(line: str) -> bool:
    """Shaped like an item of a rail of other stories, whatever its exact form: a short
    line, not paragraph prose, that does not run on (no comma, colon or semicolon at the
    end), carries no link, and does not end like a sentence unless with a question or
    exclamation mark or after an abbreviation ("Man charged over fire in Boulder, Colo.").
    A page title that ends in the doubled colon some sites frame their name with ("... ::
    痞客邦 PIXNET ::") does not run on either.

    Up to 25 words with at most one sentence break inside, or up to 20 words with two
    (a headline quoting a slogan). Fixtures and scores ("Italy 8-38 Wales"), items that
    start with a quote or a digit, all-capital headlines and labelled ones ("OP-ED: Name")
    are rail items; whether a block of them is a rail is decided on the block
    (:class:`textwash.filters.teasers.Teasers`), never on one item.

    >>> rail_item("'Meth. We're On It': South Dakota campaign is working")
    True
    >>> rail_item("He declined to comment.")
    False
    """
    words = _words_up_to(line, MAX_TEASER_WORDS)
    if not 1 <= words <= MAX_TEASER_WORDS or not _starts_like_item(line):
        return False
    mark = _last_mark(line)
    if mark in {":", ",", ";"} and not (mark == ":" and _decorated_end(line)):
        return False
    if patterns.LINK.search(line):
        return False
    if mark in {".", "…"} and _ABBREVIATED_END.search(line) is None:
        return False
    breaks = len(patterns.INNER_SENTENCE_BREAK.findall(line))
    return breaks <= 1 or (breaks == 2 and words <= MAX_DEK_WORDS)


def loose_item(line: str) -> bool:
    """Shaped like a rail item that :func:`rail_item` does not admit: a short line that
    starts in lower case ("linux video") or holds two sentences ("... 'Meth. We're on
    it.' They just might be."), and does not run on (no comma, colon or semicolon, article
    or preposition at the end). Alone it says nothing; only inside a rail, among items of
    other stories, is it one of them (:class:`textwash.filters.teasers.Teasers`).

    >>> loose_item("linux video?"), loose_item("a comprehensive page covering a topic, and")
    (True, False)
    """
    mark = _last_mark(line)
    if not short_line(line) or mark in {":", ",", ";"} or _LAST_WORD.search(line):
        return False
    if mark in {".", "…"}:  # one sentence is a closing line; two may be a quoting headline
        return (
            patterns.INNER_SENTENCE_BREAK.search(line) is not None
            or _ABBREVIATED_END.search(line) is not None
        )
    return True


_SENTENCE_THEN_DIGIT = re.compile(r"[a-z]{2}[.!?]\s{1,5}\d")
#: A quotation opening a headline as its label, closed before a colon ("'Meth. We're On
#: It': South Dakota ..."): its sentences are the slogan's, not the line's.
_QUOTED_LABEL = re.compile(r"[\"'“‘«][^\"“”«»\n]{1,80}?[\"'”’»]:\s")


def holds_sentences(line: str) -> bool:
    """Whether a sentence ends inside the line and another starts after it (a capital or a
    digit next): prose, or a product's blurb, rarely a headline. The sentences of a
    quotation that opens the line as a label, closed before a colon, do not count: a
    headline quoting a slogan is no prose.

    >>> holds_sentences("Made for everyday use. 5 minutes of charging gives 3 hours")
    True
    >>> holds_sentences("Man charged over fire in Boulder, Colo.")
    False
    >>> holds_sentences("‘METH. WE’RE ON IT.’: AD AGENCIES DIVIDED ON THE CAMPAIGN")
    False
    """
    start = 0
    if line[:1] in patterns.QUOTES:
        label = _QUOTED_LABEL.match(line)
        start = label.end() if label else 0
    return (
        patterns.INNER_SENTENCE_BREAK.search(line, start) is not None
        or _SENTENCE_THEN_DIGIT.search(line, start) is not None
    )


def short_line(line: str) -> bool:
    """At most 25 words with at most two sentence breaks inside and no link: not paragraph
    prose, whatever its first letter or last mark."""
    if not 1 <= _words_up_to(line, MAX_TEASER_WORDS) <= MAX_TEASER_WORDS:
        return False
    if patterns.LINK.search(line):
        return False
    return len(patterns.INNER_SENTENCE_BREAK.findall(line)) <= 2


def ends_sentence(line: str) -> bool:
    """Whether a line ends with a full stop, question or exclamation mark or an ellipsis."""
    return _last_mark(line) in {".", "!", "?", "…"}


def short_sentence(line: str) -> bool:
    """One or two short sentences: the summary under a teaser headline, or a closing line."""
    words = _words_up_to(line, MAX_DEK_WORDS)
    if not MIN_TEASER_WORDS <= words <= MAX_DEK_WORDS or not _starts_like_title(line):
        return False
    breaks = len(patterns.INNER_SENTENCE_BREAK.findall(line))
    return breaks <= 1 and _last_mark(line) in {".", "!", "?", "…"}


def short_label(line: str) -> bool:
    """One to three words, a capital or digit first, no sentence stop: "Kabul airport reopens"."""
    words = _words_up_to(line, MIN_TEASER_WORDS)
    return (
        1 <= words < MIN_TEASER_WORDS
        and _starts_like_title(line)
        and _last_mark(line) not in {".", ":", ",", ";"}
        and patterns.LINKISH.search(line) is None
    )


_LABEL_PREFIX = re.compile(r"\W{0,3}(\w[\w'’.&-]*(?: \w[\w'’.&-]*){0,2}):\s")


def line_label(line: str) -> str | None:
    """The label a line opens with, case-folded ("Q" in "Q: Favorite apps?", a speaker's
    name in an interview), or ``None``: one to three words before a colon.

    >>> line_label("Q: Favorite apps?"), line_label("OP-ED: The case for rail")
    ('q', 'op-ed')
    >>> line_label("The case for rail") is None
    True
    """
    found = _LABEL_PREFIX.match(line.lstrip())
    return found.group(1).casefold() if found else None


def introduces_list(line: str) -> bool:
    """A line that announces what follows: it ends with a colon, or is a short label (a
    capital, a digit or a letter of a script without capitals first: "linux video" is a
    title in lower case or a wrapped line).

    >>> introduces_list("Tour dates:"), introduces_list("Qualified teams")
    (True, True)
    >>> introduces_list("The tour starts in August."), introduces_list("linux video")
    (False, False)

    A rule of underscores or dashes ("___", which ends wire stories) introduces nothing.
    """
    if not any(ch.isalnum() for ch in line):
        return False
    mark = _last_mark(line)
    if mark == ":":
        return True
    return (
        len(line.split()) < MIN_TEASER_WORDS
        and _starts_like_item(line)
        and mark not in {".", "!", "?", "…"}
        and patterns.LINKISH.search(line) is None
        and not is_credit(line)
    )


_INNER_MARK = re.compile(r"(?<=[^\W_])[^\w\s](?=[^\W_])")


def skeleton(line: str) -> str:
    """The punctuation of a line in order: list items made from one template share it.

    Marks inside a word ("Don’t", "U.S", "BB&T", "e-tron") are the words' own, not the
    template's: two headlines with an apostrophe each share no template.

    >>> skeleton("June 27 – Camden, NJ @ BB&T Pavilion") == skeleton("July 3 – Mansfield, MA @ Xfinity")
    True
    >>> skeleton("Yahoo’s Sale to Verizon"), skeleton("Stop Buying Crap You Don’t Need")
    ('', '')
    """
    return _NO_MARK.sub("", _INNER_MARK.sub("", line))


#: What is not punctuation: word characters (letters, digits, ``_``) and spaces.
_NO_MARK = re.compile(r"[\w\s]+")


# -- headline copies ---------------------------------------------------------------------


def _looks_like_site_name(text: str) -> bool:
    """One to five words (a run of Chinese or Japanese counted as :func:`word_count`
    counts it), each capitalised, a small word or a domain, none ending in a comma, colon
    or semicolon and none a day or month name (``Reuters Photo: AP``, ``Reuters BAAR,
    SWITZERLAND`` and ``BBC News In July`` are a site name and the lede glued to it)."""
    words = text.split()
    if not 1 <= len(words) <= MAX_SITE_WORDS or word_count(text) > MAX_SITE_WORDS:
        return False
    return all(
        w[-1] not in ",:;"
        and w.casefold() not in patterns.CONTINUATION_WORDS
        and (
            w[0].isupper()
            or w[0].isdigit()
            or w.lower() in patterns.SITE_NAME_SMALL_WORDS
            or patterns.DOMAIN.fullmatch(w)
        )
        for w in words
    )


def split_site_suffix(line: str) -> tuple[str, str] | None:
    """``(title, site)`` when ``line`` is a title followed by a site name, else ``None``.

    The site name comes after the last ``|`` or spaced dash and looks like a name: at most
    five words, each capitalised (or a domain). The title has two words or more: a page
    titled "Mozilla - Wikipedia" goes on with an infobox headed "Mozilla", a product page
    with the product's name; a line that only names the page's subject is the page's own,
    not a copy of its title.

    >>> split_site_suffix("Brexit - what next") is None
    True
    >>> split_site_suffix("Mozilla - Wikipedia") is None
    True
    """
    text = line.strip()
    if len(text) > patterns.MAX_FURNITURE_CHARS:
        return None
    matches = list(patterns.SITE_SEPARATOR.finditer(text))
    if not matches:
        return None
    last = matches[-1]
    title, site = text[: last.start()].strip(), text[last.end() :].strip()
    if word_count(title) < 2 or not tokens(title):
        return None
    if not _looks_like_site_name(site):
        return None
    return title, site


def headline_forms(line: str) -> list[list[str]]:
    """The token lists a copy of this headline may have: itself, and without a site name."""
    forms = [tokens(line)]
    split = split_site_suffix(line)
    if split is not None:
        forms.append(tokens(split[0]))
    return [f for f in forms if f]


def is_headline_candidate(line: str) -> bool:
    """A first line that may be a headline: not a paragraph, not a line that runs on.

    More than 30 words, or a sentence (a full stop at the end) of more than 20 words or of
    two sentences, is a paragraph. One word is enough when it is a name-like word of four
    letters or more ("Mozilla", "remoteStorage"); "Oh" repeated at the top of a song is
    left alone.
    """
    if len(line) > patterns.MAX_HEADLINE_CHARS:
        return False
    words = tokens(line)
    count = len(line.split())
    if not words or count > MAX_HEADLINE_WORDS:
        return False
    if len(words) == 1 and len(words[0]) < 4:
        return False
    mark = _last_mark(line)
    if mark == "." and (count > 20 or patterns.INNER_SENTENCE_BREAK.search(line)):
        return False
    return mark not in {",", ";"}


def same_headline(a: str, b: str) -> bool:
    """Whether two lines are copies of one headline (case, quotes, spacing, site name aside).

    A copy may add or drop a site name after the title, or carry another one; a line that
    repeats the whole of the other and goes on is not a copy (it may be a glued lede).

    >>> same_headline("Title of the story | Site News", "TITLE OF THE STORY")
    True
    >>> same_headline("Title of the story | BBC", "Title of the story - Reuters")
    True
    >>> same_headline("Title of the story - Site", "Title of the story - Site Photo Credit")
    False
    """
    return HeadlineForms(a).same(b)


class HeadlineForms:
    """A headline tokenised once, so that many candidate copies cost only their own length.

    Comparing each line below a headline with it must not re-read the headline: a long
    first line repeated many times would cost its length times the number of copies.
    """

    __slots__ = ("bare", "tokens")

    def __init__(self, headline: str) -> None:
        self.tokens = tokens(headline)
        split = split_site_suffix(headline)
        #: The headline's tokens without its site name, if it carries one.
        self.bare = tokens(split[0]) if split is not None else None

    def same(self, line: str) -> bool:
        """:func:`same_headline` of this headline and ``line``."""
        ta, tb = self.tokens, tokens(line)
        if not ta or not tb:
            return False
        if ta == tb:
            return True
        if _starts_with(ta, tb) or _starts_with(tb, ta):
            # One is the other and more: only a copy if the shorter is the bare title.
            if len(ta) < len(tb):
                split = split_site_suffix(line)
                return split is not None and tokens(split[0]) == ta
            return self.bare is not None and self.bare == tb
        if self.bare is None:
            return False
        split = split_site_suffix(line)
        return split is not None and tokens(split[0]) == self.bare


def _starts_with(longer: list[str], prefix: list[str]) -> bool:
    return len(prefix) <= len(longer) and longer[: len(prefix)] == prefix


def copy_ends(line: str, headline: str, unseen: Callable[[str], bool] | None = None) -> list[int]:
    """Where each copy of ``headline`` at the start of ``line`` ends, one after another.

    Copies are matched on their words (any form :func:`headline_forms` gives); each may be
    followed by the headline's own closing punctuation; a position is where the text after
    a copy (and its spaces) starts. The scan is one pass over the line.

    A copy may carry a site name the headline does not (``Title | BBC News MOSCOW: ...``):
    it ends after the site name where a dateline or a quotation opens right after it
    (:func:`_site_name_end`), and no copy follows. Where ``unseen`` is given, the last
    word of a copy of two words or more may be glued to the lede's first word without a
    space (``... deniedRussia on ...``): the copy ends where a capital follows a small
    letter or a digit inside the word, if ``unseen`` says the glued word occurs nowhere
    else in the document (a word written so on purpose, a name in camel case, does).

    >>> copy_ends("Fire hits mill Fire hits mill Crews fought it.", "Fire hits mill")
    [15, 30]
    >>> copy_ends("Fire hits mill | BBC News MOSCOW: Crews fought it.", "Fire hits mill")
    [26]
    >>> copy_ends("Fire hits millCrews fought it.", "Fire hits mill", lambda word: True)
    [14]
    """
    forms = sorted(headline_forms(headline), key=len, reverse=True)
    full = tokens(headline)
    marks = _trailing_marks(headline)
    ends: list[int] = []
    position = 0
    while True:
        for form in forms:
            end = _end_of_tokens(line, position, form, unseen)
            if end is not None:
                if form == full and marks and line.startswith(marks, end):
                    end += len(marks)
                break
        else:
            return ends
        site_end = _site_name_end(line, end, unseen)
        if site_end is not None:
            ends.append(site_end)
            return ends
        spaces = _SPACES.match(line, end)
        position = spaces.end() if spaces else end
        ends.append(position)


#: A dateline in capitals that opens a lede: the place, an agency in brackets, then a
#: colon or a dash ("MOSCOW:", "LONDON (Reuters) -", "SANTA FE, N.M. (AP) —").
_CAPITAL_DATELINE = re.compile(
    r"[A-Z][A-Z.'’-]+(?:,?\s[A-Z][A-Z.'’-]*){0,3}(?:\s?\([^()]{1,30}\))?\s?[:—–-]\s"
)
_SITE_WORD = re.compile(r"\S+")


def _site_name_end(line: str, end: int, unseen: Callable[[str], bool] | None = None) -> int | None:
    """Where a site name after a headline copy ending at ``end`` ends, when a lede opens
    right after it with a dateline (:data:`_CAPITAL_DATELINE`, or a date's), a quotation
    or a number that opens a sentence (``260 people``), or with a word no site name goes
    on with (:func:`_opens_lede_after_site_name`); ``None`` otherwise.

    The site name comes after ``|`` or a spaced dash and is one to five words that look
    like a site name and hold no sentence or label mark. The shortest such name is taken
    (``Reuters`` in ``| Reuters LONDON (Reuters) -``). Any other lede could as well be
    more words of the site name, and the copy is left (a kept copy is the lesser harm).
    """
    separator = patterns.SITE_SEPARATOR.match(line, end)
    if separator is None:
        return None
    position = separator.end()
    words: list[str] = []
    for word in _SITE_WORD.finditer(line, position):
        text = word.group()
        if words and _opens_lede_after_site_name(words, line, word, unseen):
            return word.start()
        if len(words) == MAX_SITE_WORDS or (
            text[-1] in ".,:;!?" and not patterns.DOMAIN.fullmatch(text)
        ):
            return None
        words.append(text)
        if not _looks_like_site_name(" ".join(words)):
            return None
        spaces = _SPACES.match(line, word.end())
        start = spaces.end() if spaces else word.end()
        if start == word.end() or start >= len(line):
            return None
        if _opens_with_dateline_or_quote(line, start):
            return start
    return None


#: Small words a site name may hold inside it with a capital ("Mail On Sunday").
_SITE_NAME_INNER_WORDS = patterns.SITE_NAME_SMALL_WORDS - {"the"}
_NEXT_WORD = re.compile(r"\s+(\S+)")
#: Common words that open a sentence, or the label over a lede that news pages write
#: ("Posted by", "Breaking news", "Updated"): not a name, which may go on a site's name.
_COMMON_LEDE_OPENERS = patterns.COMMON_WORDS | frozenset(
    "posted published updated breaking watch listen photo video opinion analysis exclusive".split()
)
#: The labels a news page sets alone on a line over its lede ("Updated", "Analysis"); after a
#: site name at the end of a line, one is that line, glued to the copy. "Video", "Photo",
#: "Watch" and "Listen" are left out: they name a site's sections too ("CNN Video").
LONE_LEDE_LABELS = frozenset("updated analysis exclusive opinion breaking".split())


def _opens_lede_after_site_name(
    site: list[str], line: str, word: re.Match[str], unseen: Callable[[str], bool] | None
) -> bool:
    """Whether ``word``, after the site name ``site``, opens the lede glued to it.

    Site names are names: a word of one, after the first, is not a function word with a
    capital (``Reuters The Jupiter moon``, ``BBC News Not again.``, ``| Reuters Though
    widgets``), a label (``Photo: AP``) or a word of a script without capitals after
    capitalised ones (``| The Daily Star 福娘童話集``). A common word or a news label with a
    capital, followed by a word in lower case, opens a sentence (``example.com Breaking
    news``, ``The Moscow Times Posted by``) where each word of the site name occurs nowhere
    else in the document (``unseen``); so does a label of :data:`LONE_LEDE_LABELS` that ends
    the line (``| The Moscow Times Updated``: a page's "Updated" over its lede, glued to the
    copy). A name does not (``BBC News Russia on Friday``: the site may be "BBC News
    Russia"), and the line is left whole. A site name of function words only ("This") is
    not taken.
    """
    if all(w.casefold() in patterns.STOPWORDS for w in site):
        return False
    text = word.group()
    first = text[0]
    if not first.isalpha():
        return False
    if not first.isupper():
        return not first.islower()  # a script without capitals
    folded = text.casefold()
    if folded in patterns.STOPWORDS and folded not in _SITE_NAME_INNER_WORDS:
        return True
    if text[-1] == ":" and text[:-1].isalpha():
        return True
    if unseen is None or folded not in _COMMON_LEDE_OPENERS:
        return False
    following = _NEXT_WORD.match(line, word.end())
    if following is None:
        if folded not in LONE_LEDE_LABELS or line[word.end() :].strip():
            return False
    elif not following.group(1)[0].islower():
        return False
    return all(unseen(w) for w in site if w.casefold() not in patterns.STOPWORDS)


#: A number that opens a sentence: digits, then a word in lower case ("260 people",
#: "2019 was"); "Channel 4 News" has a capital after its number.
_NUMBER_THEN_WORD = re.compile(r"\d+(?:[,.]\d+)*\s+[a-zà-ÿ]")


def _opens_with_dateline_or_quote(text: str, start: int) -> bool:
    """A dateline in capitals or a date's, an opening quotation mark before a word, or a
    number before a word in lower case."""
    if _CAPITAL_DATELINE.match(text, start) or _DATELINE.match(text, start):
        return True
    if _NUMBER_THEN_WORD.match(text, start):
        return True
    return text[start] in patterns.QUOTES and text[start + 1 : start + 2].isalnum()


def glued_remainder(
    line: str, headline: str, unseen: Callable[[str], bool] | None = None
) -> str | None:
    """The rest of ``line`` when it starts with copies of ``headline`` glued to the lede.

    The headline is the document's first line, so a line below it that repeats it and goes
    on is a copy glued to the next block unless what follows continues the headline's own
    clause. What follows a copy must start a new block: a capital, a digit, a letter of a
    script without capitals, or a bracket (after an optional opening quote), and not a day
    or month name unless it opens a dateline ("March 24 -", "Tuesday 15 October 2019"); a
    word in lower case, a comma or a day name continues the clause. A lede of fewer than
    four words ("Analysis", "Photo: AP") is split off too, unless the headline ends in a
    site name that those words may only extend ("Weeks in Firefox - Nightly News
    Highlights": see :func:`_may_extend_site_name`). Copies are taken
    off one by one as long as what follows still starts a block, so a lede that itself
    begins with the headline's words keeps them.

    >>> glued_remainder("Fire hits mill Crews fought it all night.", "Fire hits mill")
    'Crews fought it all night.'
    >>> glued_remainder("Fire hits mill in the north of the city.", "Fire hits mill") is None
    True
    >>> glued_remainder("Fire hits mill Fire hits mill, officials said.", "Fire hits mill")
    'Fire hits mill, officials said.'
    >>> glued_remainder("Fire hits mill March 24 - Crews fought it.", "Fire hits mill")
    'March 24 - Crews fought it.'
    """
    split = split_site_suffix(headline)
    good = None
    for end in copy_ends(line, headline, unseen):
        short = split is None or not _may_extend_site_name(split[1], line[end:])
        if not starts_block(line, end, short):
            break
        good = end
    return None if good is None else line[good:]


def _may_extend_site_name(site: str, rest: str) -> bool:
    """Whether ``rest`` could be more words of the site name a headline ends in: together
    they still look like one site name, and ``rest`` holds no sentence or label mark.

    "Highlights" after "Weeks in Firefox - Nightly News" may be the site name's own last
    word; "Not again.", "Breaking news", "Photo: AP" or "Monitoring Distributed Systems"
    (six words of a site name with it) may not, and open the lede.

    >>> _may_extend_site_name("Nightly News", "Highlights")
    True
    >>> _may_extend_site_name("Site Reliability Engineering", "Monitoring Distributed Systems")
    False
    """
    words = rest.split()
    if not words or any(w[-1] in ".,:;!?" and not patterns.DOMAIN.fullmatch(w) for w in words):
        return False
    return _looks_like_site_name(f"{site} {rest}")


def _end_of_tokens(
    line: str, position: int, form: list[str], unseen: Callable[[str], bool] | None = None
) -> int | None:
    """Where the tokens of ``form`` end if they are the next tokens of ``line``; with
    ``unseen``, the last one may be glued to the next word (see :func:`copy_ends`)."""
    end = None
    count = 0
    for match in patterns.TOKEN.finditer(line, position):
        if count == len(form):
            break
        if match.group().casefold() != form[count]:
            if unseen is not None and count == len(form) - 1 >= 1:
                return _glued_word_end(match, form[count], unseen)
            return None
        end = match.end()
        count += 1
    return end if count == len(form) else None


#: A word of one capital letter, then a word in lower case: a lede opening "A case of
#: ...", "I joined ...", "O governo ...".
_ONE_LETTER_WORD = re.compile(r"[^\W\d_] [^\W\d_]")


def _glued_word_end(match: re.Match[str], last: str, unseen: Callable[[str], bool]) -> int | None:
    """Where the headline's ``last`` word ends inside the word ``match`` when the lede's
    first word is glued to it: a capital after a small letter, a digit or a letter of a
    script without capitals, starting a word in lower case, a dateline in capitals
    (``spacecraftLONDON (Reuters) -``) or a word of that one capital before a word in
    lower case (``rabbitA case of ...``), and the glued word seen nowhere else
    (``unseen``)."""
    word = match.group()
    cut = len(last)
    if not (len(word) > cut and word[:cut].casefold() == last):
        return None
    before, after = word[cut - 1], word[cut]
    if before.isupper() or not after.isupper():
        return None  # "NATORussia" or "deniedrussia": no telling where the words part
    start = match.start() + cut
    if len(word) == cut + 1:
        # the lede opens with a word of one capital letter ("rabbitA case of ...")
        one = _ONE_LETTER_WORD.match(match.string, start)
        return start if one and one.group()[-1].islower() and unseen(word) else None
    next_ = word[cut + 1]
    if not (next_.islower() or _CAPITAL_DATELINE.match(match.string, start)):
        return None  # "MacBOOK": one word in capitals
    return start if unseen(word) else None


def _trailing_marks(line: str) -> str:
    """The punctuation after a line's last word ("?" in "Is it over?")."""
    text = line.rstrip()
    end = len(text)
    while end > 0 and not (text[end - 1].isalnum() or text[end - 1] == "_"):
        end -= 1
    return text[end:]


def starts_sentence(text: str, position: int = 0) -> bool:
    """Whether ``text`` from ``position`` begins a sentence of its own: four words or more,
    a capital first (after an optional opening quote), and not a day or month name."""
    if _FOUR_WORDS.match(text, position) is None:
        return False
    quotes = _OPENING_QUOTES.match(text, position)
    start = quotes.end() if quotes else position
    if start >= len(text) or not text[start].isupper():
        return False
    first = patterns.TOKEN.match(text, start)
    return first is not None and first.group().casefold() not in patterns.CONTINUATION_WORDS


_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DAY = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+"
#: A date opening a block: a day name first or not, a month and a day in either order,
#: then a year or the dash, colon or bracket of a dateline ("March 24 -", "Tuesday 15
#: October 2019", "Tue, Nov 5, 2019:"). A day or month name followed by anything else
#: continues the headline's clause ("Title Monday, officials said").
_DATELINE = re.compile(
    rf"(?:{_DAY})?(?:{_MONTH}\s+\d{{1,2}}|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH})"
    r"(?:,?\s+\d{4}\b|\s*[-–—:(])",
    re.IGNORECASE,
)
#: Brackets that open a block: a credit "(Reuters)", a label "[Video]".
_BLOCK_OPENERS = "(["
#: Marks that open a block before a word: a handle, a post's or a photo's credit
#: ("@noksutagram ..."), and an angle bracket before a letter, a title in brackets or a
#: tag left in the text ("<The Palace>", "<span ..."), not "<3" or "a < b".
_MARKED_OPENER = re.compile(r"@\w|<[^\W\d_]")


def starts_block(text: str, position: int = 0, short: bool = True) -> bool:
    """Whether ``text`` from ``position`` opens a block of its own after a headline copy.

    A capital, a digit, a letter of a script without capitals, an opening bracket or a
    handle first (after an optional opening quote); not a day or month name unless a
    dateline opens there or it is a possessive (``Monday’s best deals``); at least four
    words unless ``short``.

    >>> starts_block("260 people were evacuated."), starts_block("in the north.")
    (True, False)
    >>> starts_block("Monday, officials said."), starts_block("March 24 - Police said.")
    (False, True)
    """
    if not short and _FOUR_WORDS.match(text, position) is None:
        return False
    quotes = _OPENING_QUOTES.match(text, position)
    start = quotes.end() if quotes else position
    if start >= len(text):
        return False
    first = text[start]
    if _MARKED_OPENER.match(text, start):
        return True
    if first.islower() or not (first.isalnum() or first in _BLOCK_OPENERS):
        return False
    word = patterns.TOKEN.match(text, start)
    if word is None:
        return first in _BLOCK_OPENERS
    if word.group().casefold() in patterns.CONTINUATION_WORDS:
        return (
            _DATELINE.match(text, start) is not None
            or _POSSESSIVE.match(text, word.end()) is not None
        )
    return True


#: A possessive after a day or month name ("Monday’s best deals"): the name is the
#: subject of a new sentence, not a time the headline's clause goes on to give.
_POSSESSIVE = re.compile(r"['’]s\b")
