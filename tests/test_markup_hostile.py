"""The markup filter on hostile input: linear time, any text in, a fixed point out.

Linear time is checked as a complexity property, not a wall-clock limit: each family of
adversarial texts is timed at n and 4n characters in this process (the best of several
repeats, each long enough to measure), and the ratio must stay within 4 × 1.6 = 6.4,
i.e. at most about 2.5 per doubling. Linear work gives about 4, ``n log n`` about 4.5, and
quadratic work 16; the margin, and a second and third measurement when the first one is
over it, absorb a noisy, shared machine (quadratic work fails every attempt).
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import textwash
from textwash.filters.markup import Markup
from textwash.formats.html import extract_html

markup = Markup().apply

N = 40_000
GROWTH = 4
MAX_RATIO = GROWTH * 1.6


def repeat(unit: str, n: int, prefix: str = "", suffix: str = "") -> str:
    """``prefix``, ``unit`` repeated to about ``n`` characters in all, ``suffix``."""
    return prefix + unit * max(1, (n - len(prefix) - len(suffix)) // len(unit)) + suffix


def nested_escapes(n: int) -> str:
    """``&`` runs before ``#35;`` layers: each decoding reveals one more ``&#35;``."""
    layers = n // 5
    return "&" * layers + "#" + "35;" * layers + "108;t;"


FAMILIES: dict[str, Callable[[int], str]] = {
    # whole pages (parsed)
    "page: nested <li>": lambda n: repeat("<li>x", n, "<html>"),
    "page: deep <div>": lambda n: repeat("<div>x", n, "<html>"),
    "page: flat <p>/<br> siblings": lambda n: repeat("<p>a<br>b", n, "<html><body>"),
    "page: unterminated <!--": lambda n: repeat("<!--", n, "<html>"),
    "page: unterminated <a": lambda n: repeat("<a", n, "<html>"),
    "page: unterminated </": lambda n: repeat("</", n, "<html>"),
    "page: unterminated <?": lambda n: repeat("<?", n, "<html>"),
    "page: unterminated <![CDATA[": lambda n: repeat("<![CDATA[", n, "<html>"),
    "page: huge attribute": lambda n: repeat("x", n, '<html><body><a href="', '">y</a></html>'),
    "page: scripts never closed": lambda n: repeat("<script>", n, "<!doctype html>"),
    # text (stray tags, entities, code)
    "text: sibling tags": lambda n: repeat("w<b>x</b> ", n),
    "text: <script> runs": lambda n: repeat("<script>", n),
    "text: <script> around prose": lambda n: repeat("<script> word ", n, "", "</script>"),
    "text: unterminated <!--": lambda n: repeat("<!--", n),
    "text: unterminated <![CDATA[": lambda n: repeat("<![CDATA[", n),
    "text: < runs": lambda n: repeat("<", n),
    "text: <p runs": lambda n: repeat("<p ", n),
    "text: huge attribute": lambda n: repeat("x", n, "<a href='"),
    "text: html samples never closed": lambda n: repeat("<html>\n", n),
    "text: backtick runs": lambda n: repeat("`a``b```c ", n),
    "text: fences never closed": lambda n: repeat("```x\n", n),
    "text: &amp; chain": lambda n: repeat("amp;", n, "&", "lt;"),
    "text: &AMP; chain": lambda n: repeat("AMP;", n, "&", "lt;"),
    "text: &#38; chain": lambda n: repeat("#38;", n, "&", "lt;"),
    "text: &#x0026; chain": lambda n: repeat("#x0026;", n, "&", "lt;"),
    "text: nested &#35; layers": nested_escapes,
    "text: entities with soft hyphens": lambda n: repeat("&\xad#38;", n),
    "text: ; runs after &": lambda n: repeat(";", n, "&amp;&#35"),
    "text: samples after colons": lambda n: repeat(":\n<p>a</p>\n", n),
    "text: one sample of many lines": lambda n: repeat("<b>\n", n, ":\n", "</b>"),
    "text: samples that never close": lambda n: repeat(":\n<p x>\n", n, "", " <ul> "),
    "text: blank run after a colon": lambda n: repeat(" \n", n, ":", "<p>x</p>"),
    "text: elements named bare": lambda n: repeat(" <ul> of <img>", n),
}


def best_time(function: Callable[[str], str], text: str, repeats: int = 5) -> float:
    """Seconds per call: the best of ``repeats`` timings, each of enough calls to measure.

    The garbage collector is paused while timing: its full collections cost in proportion
    to every object alive, not to the work being measured.
    """
    start = time.perf_counter()
    function(text)
    calls = max(1, int(0.02 / max(time.perf_counter() - start, 1e-6)))
    best = float("inf")
    gc.collect()
    gc.disable()
    try:
        for _ in range(repeats):
            start = time.perf_counter()
            for _ in range(calls):
                function(text)
            best = min(best, (time.perf_counter() - start) / calls)
    finally:
        gc.enable()
    return best


@pytest.mark.parametrize("family", FAMILIES)
def test_markup_time_grows_linearly(family: str) -> None:
    build = FAMILIES[family]
    small, large = build(N), build(N * GROWTH)
    ratios = []
    for _ in range(3):
        ratios.append(best_time(markup, large) / best_time(markup, small))
        if ratios[-1] <= MAX_RATIO:
            return
    pytest.fail(f"{family}: t(4n)/t(n) = {', '.join(f'{r:.1f}' for r in ratios)}")


def read_html(text: str) -> str:
    return extract_html(text.encode("utf-8")).text


@pytest.mark.parametrize(
    "family",
    ["page: nested <li>", "page: deep <div>", "page: flat <p>/<br> siblings",
     "page: unterminated <!--", "page: unterminated <a", "page: unterminated </"],
)  # fmt: skip
def test_html_format_time_grows_linearly(family: str) -> None:
    """The ``html`` input format parses with beautifulsoup4 and lxml, and walks once."""
    build = FAMILIES[family]
    small, large = build(N), build(N * GROWTH)
    ratios = []
    for _ in range(3):
        ratios.append(best_time(read_html, large, 3) / best_time(read_html, small, 3))
        if ratios[-1] <= MAX_RATIO:
            return
    pytest.fail(f"{family}: t(4n)/t(n) = {', '.join(f'{r:.1f}' for r in ratios)}")


# -- explicit regressions ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "&" + "AMP;" * 5 + "lt;",
        "&" + "#38;" * 5 + "lt;",
        "&" + "#x26;" * 5 + "lt;",
        "&" + "#x0026;#0038;#X26;AMP;" + "lt;",
        "&&&#35;108;t;",
        "&" + "amp;" * 9 + "lt;",
    ],
)
def test_entities_escaped_many_times_decode_in_one_run(text: str) -> None:
    once = markup(text)
    assert once == "<"
    assert markup(once) == once


def test_entity_with_a_soft_hyphen_is_idempotent_through_the_pipeline() -> None:
    assert markup("&\xad#10;") == "\n"
    once = textwash.clean("&\xad#10;")
    assert textwash.clean(once) == once


def test_a_page_the_parser_cannot_parse_is_still_text() -> None:
    assert isinstance(textwash.clean("<html><![x["), str)
    assert isinstance(markup("<!doctype html><html><![x[ <p>a</p></html>"), str)


def test_a_page_the_parser_rejects_is_left_as_text_and_explained() -> None:
    page = "<html><body><p>lone \ud800 surrogate &amp; more</p></body></html>"
    cleaned, changes = Markup().explain(page)
    assert cleaned == page
    assert [c.line for c in changes] == [1]
    assert "parser rejected it" in changes[0].reason and "not valid Unicode" in changes[0].reason


def test_a_page_nested_deeper_than_the_parser_limit_keeps_its_end() -> None:
    page = "<html>" + "<div>x" * 100_000 + "THE END</html>"
    assert markup(page).rstrip().endswith("THE END")


def test_tags_that_keep_revealing_tags_settle_or_are_left_alone() -> None:
    assert markup("<<<b>b>b>x") == "x"  # three rounds: each removal joins a new <b>
    built = "<" * 12 + "b>" * 12 + "x"  # more rounds than the filter takes
    assert markup(built) == built
    assert markup(markup(built)) == markup(built)


def test_a_hostile_page_becomes_its_text() -> None:
    assert markup("<html>" + "<li>x" * 1000).split() == ["x"] * 1000
    assert markup("<html><body>" + "<p>a<br>b" * 1000 + "</html>").split() == ["a", "b"] * 1000


# -- fuzzing with the fragments markup reacts to -----------------------------------------

FRAGMENTS = [
    "<", ">", "&", ";", "#", "/", "=", '"', "'", "`", "```", "\n", " ", "x", "word", "38",
    "x26", "60", "p", "b", "br", "script", "style", "head", "html", "div", "a href=", "li",
    "<p>", "</p>", "<b>", "</b>", "<br>", "<script>", "</script>", "<style>", "</style>",
    "<head>", "</head>", "<html>", "</html>", "<!doctype html>", "<!--", "-->", "<![CDATA[",
    "]]>", "<?", "?>", "</", "<a ", "amp;", "AMP;", "lt;", "gt;", "nbsp;", "#38;", "#x26;",
    "#60;", "#35;", "&amp;", "&lt;", "&#38;", "&#x26;", "&nbsp;", "\xad", "\u200b", "\ufeff",
    "\x00", " tag", " element", "tag", ":", ":\n", "<img>", "<ul>", "</ul>", "<p x>",
]  # fmt: skip

hostile_texts = st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("".join)


@given(text=st.one_of(hostile_texts, st.text(max_size=200)))
def test_markup_is_total_and_idempotent_on_hostile_fragments(text: str) -> None:
    once = markup(text)
    assert isinstance(once, str)
    assert markup(once) == once
    explained, changes = Markup().explain(text)
    assert explained == once
    if once != text:
        assert changes
    else:
        assert all(c.before == c.after for c in changes)


@given(text=st.one_of(hostile_texts, st.text(alphabet="&#;ax09\u200b\xad\x00 ", max_size=80)))
@example(text="AT&T &#3\u200b8;")
@example(text="R&D &#x2\xad6;")
def test_entities_with_an_invisible_inside_are_looked_for_where_they_can_start(text: str) -> None:
    """The quick search that decides whether to look for entities with an invisible
    character inside finds every text that has one."""
    from textwash.markup import entities

    has_one = any(
        entities._INVISIBLE.search(match.group())
        for match in entities._ENTITY_WITH_INVISIBLE.finditer(text)
    )
    if has_one:
        assert entities._INVISIBLE_IN_ENTITY.search(text) is not None, text
