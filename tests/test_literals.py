"""The words a furniture pattern cannot match without: the pre-test never hides a match."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from textwash.structure import heuristics, literals, patterns
from textwash.structure.literals import (
    anchored,
    lowered_alike,
    past_start,
    prefilter,
    required_words,
)

ENTRIES = [(pattern, whole) for _kind, _reason, pattern, whole in patterns.FURNITURE]


def _plain_furniture(stripped: str) -> heuristics.Furniture | None:
    """The furniture of a stripped line with every regex of the table run in order (the
    reference the pre-test must agree with)."""
    if (
        patterns.SEPARATOR.fullmatch(stripped)
        or patterns.SHORTCODE.fullmatch(stripped)
        or patterns.LINK_REFERENCE.fullmatch(stripped)
    ):
        return heuristics._furniture_of(stripped)  # decided before the table
    text = patterns.core(stripped)
    if not text or patterns.SEPARATOR.fullmatch(text):
        return heuristics._furniture_of(stripped)
    for kind, reason, pattern, whole in patterns.FURNITURE:
        regex = re.compile(pattern, re.IGNORECASE)
        if (regex.fullmatch(text) if whole else regex.search(text)) is not None:
            return heuristics.Furniture(kind, reason)
    return None


#: Characters of each alphabet the tests are worked out for.
ALPHABETS = {
    "ascii": st.characters(max_codepoint=127),
    "plain": st.sampled_from(literals.PLAIN),
}


@pytest.mark.parametrize("alphabet", sorted(ALPHABETS))
@pytest.mark.parametrize("index", range(len(ENTRIES)))
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_every_ascii_match_holds_one_of_the_words(
    index: int, alphabet: str, data: st.DataObject
) -> None:
    """In ASCII text, and in text of ASCII and typographic marks."""
    pattern, whole = ENTRIES[index]
    words = required_words(
        pattern, re.IGNORECASE, literals.ASCII if alphabet == "ascii" else literals.PLAIN
    )
    if words is None:
        return
    regex = re.compile(pattern, re.IGNORECASE)
    text = data.draw(st.from_regex(regex, fullmatch=whole, alphabet=ALPHABETS[alphabet]))
    match = regex.fullmatch(text) if whole else regex.search(text)
    assert match is not None
    assert any(word in text.lower() for word in words), (text, words)


@pytest.mark.parametrize(
    ("pattern", "text", "matches"),
    [
        ("\u017ftop", "STOP", True),  # long s matches s and S
        ("\u212aelvin", "kelvin", True),  # the Kelvin sign matches k and K
        ("\u0130stanbul", "istanbul", True),  # the dotted capital I matches i
        ("stra\u00dfe", "strasse", False),  # sharp s is one character: no ASCII matches
        ("(?-i:Tags) and more", "TAGS AND MORE", False),
        ("(?-i:Tags) and more", "Tags AND MORE", True),
    ],
)
def test_case_folding_is_the_regex_engines(pattern: str, text: str, matches: bool) -> None:
    assert (re.search(pattern, text, re.IGNORECASE) is not None) is matches
    words = prefilter(pattern, re.IGNORECASE, whole=False)
    assert words is not None
    if matches:
        assert words.search(text.lower()) is not None


def test_the_typographic_marks_have_no_case() -> None:
    """Each mark a plain line may hold is its own lower and upper case, and ignoring case,
    no other character matches it: a plain line is asked in lower case as an ASCII one."""
    everything = "".join(chr(code) for code in range(0x110000) if not 0xD800 <= code < 0xE000)
    for mark in literals.TYPOGRAPHIC:
        assert mark.lower() == mark == mark.upper(), mark
        assert re.findall(re.escape(mark), everything, re.IGNORECASE) == [mark], mark


def test_a_line_with_typographic_marks_is_asked_as_a_plain_one() -> None:
    assert heuristics._plain("Don’t miss “this” — now…")
    assert not heuristics._plain("Café — menu")
    assert not heuristics._plain("© 2024 Example")  # a pattern names it: asked as it is
    assert heuristics.furniture("Don’t miss") == heuristics.furniture("Don't miss")


_ANYWHERE = [words for _k, _r, _p, asked, words in heuristics._FURNITURE if asked == "anywhere"]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            sorted({w for words in _ANYWHERE if words for w in words.pattern.split("|")})
        ).map(lambda w: w.replace("\\", ""))
        | st.text(st.sampled_from(literals.PLAIN.lower()), max_size=6),
        max_size=5,
    ).map("".join)
)
def test_the_words_of_all_anywhere_patterns_are_found_where_one_patterns_are(line: str) -> None:
    """One search for the words of every pattern asked anywhere (grouped by their first
    character) finds some exactly where one of the patterns' own words are."""
    assert heuristics._ANYWHERE_WORDS is not None
    one = any(words is not None and words.search(line) for words in _ANYWHERE)
    assert (heuristics._ANYWHERE_WORDS.search(line) is not None) == one


def test_a_pattern_without_words_always_runs() -> None:
    assert prefilter(r"\d{1,4}", re.IGNORECASE, whole=False) is None
    assert prefilter(r"^follow\b.*", re.IGNORECASE, whole=False) is None  # anchored: cheap
    assert prefilter("comment", re.IGNORECASE, whole=True) is None  # a whole line: cheap


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "Comments",
                "comment policy",
                "ALL RIGHTS RESERVED",
                "\u00a9 2024",
                "(c) 2024",
                "Follow us on Twitter",
                "follow him @x",
                "reach her at a@b.com",
                "Copyright",
                "contacted",
                "The moderators",
                "\u017fign up",
                "\u212aommentare",
                "Don\u2019t miss",
                "\u201cRelated stories\u201d",
                "\u2014",
                "\u00a0",
                "Copyright \u00ae",
                "news",
                "said on Monday",
                ":",
                " ",
                "-",
            ]
        ),
        min_size=1,
        max_size=6,
    )
)
def test_furniture_is_the_table_tried_in_order(parts: list[str]) -> None:
    stripped = " ".join(parts).strip()
    if stripped:
        assert heuristics._furniture_of(stripped) == _plain_furniture(stripped)


@pytest.mark.parametrize("index", range(len(ENTRIES)))
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_a_line_a_pattern_matches_is_the_furniture_the_table_says(
    index: int, data: st.DataObject
) -> None:
    """Lines each pattern matches (not only ASCII), around which the patterns asked
    together must still find what the table finds in order."""
    pattern, whole = ENTRIES[index]
    regex = re.compile(pattern, re.IGNORECASE)
    text = data.draw(st.from_regex(regex, fullmatch=whole)).strip()
    if text and "\n" not in text and len(text) <= patterns.MAX_FURNITURE_CHARS:
        assert heuristics._furniture_of(text) == _plain_furniture(text)


class _Counted:
    """A compiled pattern that counts how often it is asked."""

    def __init__(self, regex: re.Pattern[str], asked: list[str]) -> None:
        self.regex, self.asked = regex, asked

    def fullmatch(self, text: str) -> re.Match[str] | None:
        self.asked.append(self.regex.pattern)
        return self.regex.fullmatch(text)

    def match(self, text: str) -> re.Match[str] | None:
        self.asked.append(self.regex.pattern)
        return self.regex.match(text)

    def search(self, text: str) -> re.Match[str] | None:
        self.asked.append(self.regex.pattern)
        return self.regex.search(text)


@pytest.mark.parametrize(
    "line",
    [
        "The council approved the budget for the tram line on Tuesday.",
        "Yoon has been stripped of his duties by parliament",
        "Le conseil a approuvé le budget du tramway mardi.",
    ],
)
def test_a_line_of_text_runs_no_furniture_pattern_one_by_one(
    line: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Most lines are no furniture, and that is told by a few regexes for the whole table,
    not one a pattern: the patterns are asked one by one only where one of them may match.
    On a line that is not ASCII, whose words are not compared, that is the patterns
    searched for anywhere in it, never those of a whole line or of its start."""
    asked: list[str] = []
    table = tuple(
        (kind, reason, _Counted(regex, asked), *rest)
        for kind, reason, regex, *rest in heuristics._FURNITURE
    )
    monkeypatch.setattr(heuristics, "_FURNITURE", table)
    heuristics._furniture_of.cache_clear()
    try:
        assert heuristics.furniture(line) is None
    finally:
        heuristics._furniture_of.cache_clear()
    anywhere = {p for p, whole in ENTRIES if not whole and not anchored(p, re.IGNORECASE)}
    assert set(asked) <= (set() if line.isascii() else anywhere)


_CREDIT_LIKE = st.from_regex(patterns.CREDIT, alphabet=st.characters(max_codepoint=0x24FF))


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    before=st.sampled_from(["", "x ", "Jane ", "— ", "The desk "]),
    credit=_CREDIT_LIKE,
    after=st.sampled_from(["", " to this report", ".", " on Monday"]),
)
def test_a_credit_is_found_as_a_search_finds_it(before: str, credit: str, after: str) -> None:
    """A credit anywhere in a line, past its start too (a match only tried at the start
    where no credit can start past it); a reprint note ("first published") is a credit
    too, wherever it stands."""
    line = (before + credit + after).replace("\n", " ")
    stripped = line.strip()
    reprint = any(word in stripped.casefold() for word in patterns.REPRINT_WORDS) and (
        patterns.REPRINT.search(stripped) is not None
    )
    expected = len(stripped) <= patterns.MAX_FURNITURE_CHARS and (
        patterns.CREDIT.search(stripped) is not None or reprint
    )
    assert heuristics.is_credit(line) == expected


@pytest.mark.parametrize(
    ("line", "credit"),
    [
        ("Posted on Monday by the news desk", True),
        ("The mayor said the budget was posted on Monday", False),
        ("Jane Doe contributed to this report.", True),
        ("The mayor\u2019s budget \u2014 \u201cposted\u201d on Monday", False),  # plain
        ("Jane Doe\u2019s desk contributed to this report.", True),
    ],
)
def test_a_credit_is_searched_past_the_start_only_where_one_can_start_there(
    line: str, credit: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Most credits start a line: a line without the words of those that need not is
    matched at its start only, not searched at every position."""
    asked: list[str] = []

    class Counted(_Counted):
        def match(self, text: str) -> re.Match[str] | None:
            asked.append("match")
            return self.regex.match(text)

        def search(self, text: str) -> re.Match[str] | None:
            asked.append("search")
            return self.regex.search(text)

    monkeypatch.setattr(patterns, "CREDIT", Counted(patterns.CREDIT, []))
    assert heuristics.is_credit(line) is credit
    assert asked == (["search"] if "contributed" in line else ["match"])


def test_words_past_the_start_are_those_of_the_alternatives_not_anchored() -> None:
    words = past_start(r"^posted\b|\bcontributed (?:to|reporting)\b|^via", re.IGNORECASE)
    assert words is not None and words.pattern == r"contributed\ "
    assert past_start(r"^posted\b|^via", re.IGNORECASE) is None  # all anchored: match it
    assert past_start(r"^posted|\d+", re.IGNORECASE) is None  # no words to tell


@pytest.mark.parametrize("alphabet", sorted(ALPHABETS))
@pytest.mark.parametrize("index", range(len(ENTRIES)))
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_a_pattern_asked_of_the_lowered_line_answers_as_ignoring_case(
    index: int, alphabet: str, data: st.DataObject
) -> None:
    """A pattern said to answer alike on a lowered ASCII line (or one of ASCII and
    typographic marks) does so, on lines it matches (in any case) and on others; a pattern
    with a scoped case flag is never said to."""
    pattern, whole = ENTRIES[index]
    chars = literals.ASCII if alphabet == "ascii" else literals.PLAIN
    if not lowered_alike(pattern, re.IGNORECASE, chars):
        assert "(?-i" in pattern or "(?i" in pattern
        return
    ignoring, exact = re.compile(pattern, re.IGNORECASE), re.compile(pattern)
    characters = ALPHABETS[alphabet]
    matched = data.draw(st.from_regex(ignoring, fullmatch=whole, alphabet=characters))
    text = data.draw(st.sampled_from([matched, matched.upper(), matched.title()]))
    text += data.draw(st.text(characters, max_size=5))
    ask = "fullmatch" if whole else "search"
    for line in (text, text[1:], data.draw(st.text(characters, max_size=40))):
        found = getattr(ignoring, ask)(line) is not None
        assert found == (getattr(exact, ask)(line.lower()) is not None), (pattern, line)


@pytest.mark.parametrize(
    ("pattern", "alike"),
    [
        ("related (?:stories|news)", True),
        ("Related", False),  # a capital never matches a lowered line
        ("\u017ftop", False),  # the long s matches s, ignoring case
        ("\u212aelvin", False),  # the Kelvin sign matches k
        ("stra\u00dfe|caf\u00e9", True),  # no ASCII letter matches these, either way
        ("[A-Z]x", False),
        ("[a-z]x", True),
        ("(?-i:[a-z])x", False),
    ],
)
def test_lowered_alike(pattern: str, alike: bool) -> None:
    assert lowered_alike(pattern, re.IGNORECASE) is alike


@settings(max_examples=300, deadline=None)
@given(
    words=st.lists(st.text(alphabet="abcé .*(", min_size=0, max_size=5), max_size=8),
    line=st.text(alphabet="abcé .*(", max_size=30),
)
def test_any_of_finds_a_word_exactly_where_one_is(words: list[str], line: str) -> None:
    """The grouped alternation finds a match exactly when one of the words is in the line
    (the words taken literally: regex characters too)."""
    if not any(words):
        return  # no word at all: nothing to look for (the table always has some)
    found = literals.any_of(words).search(line)
    assert (found is not None) == any(word and word in line for word in words)


def test_page_tool_hint_is_the_words_it_lists() -> None:
    """The page tools' hint finds each of its words in a line, and nothing in a line of
    none of them."""
    for word in ("shar", "copy link", "поделиться", "protected by copyright", "pin"):
        assert patterns.PAGE_TOOL_HINT.search(f"x {word} y") is not None
    assert patterns.PAGE_TOOL_HINT.search("the minister said on friday") is None
