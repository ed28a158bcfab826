"""Content words, worked out with set operations over each distinct token, are the tokens
the definition keeps, and the character pairs of Chinese and Japanese runs."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from textwash.structure import heuristics, patterns


def _plain_content_words(text: str, stopwords: frozenset[str]) -> set[str]:
    """The definition, token by token (the reference the faster form must agree with)."""
    spaced = heuristics._UNSPACED.sub(" ", text)
    words = {
        t
        for t in heuristics.tokens(spaced)
        if len(t) >= 3
        and not t.isdigit()
        and t not in patterns.STOPWORDS
        and t not in patterns.COMMON_WORDS
        and t not in patterns.CONTINUATION_WORDS
        and t not in stopwords
    }
    for run in heuristics._UNSPACED.findall(text):
        words |= heuristics._bigrams(run, stopwords)
    return words


_PIECES = st.sampled_from(
    [
        "the",
        "Kremlin",
        "kremlin",
        "said",
        "Monday",
        "2019",
        "abc",
        "ab",
        "Straße",
        "le",
        "gouvernement",
        "東京",
        "の美術館",
        "です",
        "関連記事",
        " ",
        "\n",
        ", ",
        ".",
    ]
)


@settings(max_examples=300, deadline=None)
@given(
    pieces=st.lists(_PIECES, max_size=30),
    stopwords=st.frozensets(st.sampled_from(["gouvernement", "kremlin", "東京", "美術", "said"])),
)
def test_content_words_are_the_definitions(pieces: list[str], stopwords: frozenset[str]) -> None:
    text = "".join(pieces)
    assert heuristics.content_words(text, stopwords) == _plain_content_words(text, stopwords)


_LINE_TEXT = st.lists(
    # case-folding that changes a word's length ("ß", "İ"), letters that fold to ASCII
    # ("ſ"), a word character that is no letter ("²"), kana and kanji next to words
    st.sampled_from(
        [*"ab_1 .-\n", "war", "art", "東京", "の", "Ab", "é", "ß", "ss", "ſ", "İ", "²"]
    ),
    max_size=30,
).map("".join)


@settings(max_examples=500, deadline=None)
@given(_LINE_TEXT, _LINE_TEXT)
def test_the_words_a_line_shares_are_the_articles_content_words(article: str, line: str) -> None:
    """A line's content words that the article's tokens (and character pairs) hold, or
    that the article holds in place, are those of the article's content words."""
    words = heuristics.content_words(line)
    expected = words & heuristics.content_words(article)
    assert words & heuristics.text_words(article) == expected
    found_in = heuristics.searchable(article)
    assert {w for w in words if heuristics.text_uses(found_in, w)} == expected


def test_word_count_of_ascii_and_other_lines() -> None:
    assert heuristics.word_count("Storm hits the coast") == 4
    assert heuristics.word_count("Kindle for PCで東京の美術館") == 3 + 7 // 2
