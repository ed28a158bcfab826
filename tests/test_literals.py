"""The words a furniture pattern cannot match without: the pre-test never hides a match."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from textwash.structure import heuristics, patterns
from textwash.structure.literals import prefilter, required_words

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


@pytest.mark.parametrize("index", range(len(ENTRIES)))
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_every_ascii_match_holds_one_of_the_words(index: int, data: st.DataObject) -> None:
    pattern, whole = ENTRIES[index]
    words = required_words(pattern, re.IGNORECASE)
    if words is None:
        return
    regex = re.compile(pattern, re.IGNORECASE)
    ascii_only = st.characters(max_codepoint=127)
    text = data.draw(st.from_regex(regex, fullmatch=whole, alphabet=ascii_only))
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
