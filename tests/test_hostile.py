"""Every filter and the pipeline on hostile input: linear time, any text in, a fixed point out.

Linear time is checked as a complexity property, not a wall-clock limit: each family of
adversarial texts (``hostile_families.py``) is timed at 40k, 80k and 160k characters in
this process, and no doubling may multiply the time by more than 2.5 (linear work gives
about 2, quadratic work 4). A family over the limit is measured again, twice at most, each
size keeping its best time, so a noisy, shared machine does not fail the test, while
quadratic work fails every attempt.

The fuzz tests build texts from the characters and fragments the filters' rules react to,
so that Hypothesis reaches the rules' corners far more often than with random text.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import hostile_families as hf
from textwash import Pipeline
from textwash.filters.base import Filter, _changed_blocks
from textwash.filters.registry import available_filters, filter_class

CASES = [(family, target) for family, f in hf.FAMILIES.items() for target in f.targets]


def test_every_filter_in_the_registry_has_hostile_families() -> None:
    aimed_at = {target for _, target in CASES}
    assert set(available_filters()) - {"markup"} <= aimed_at  # markup: test_markup_hostile.py
    assert {"pipeline", "pipeline for files", "pipeline with transliterate"} <= aimed_at
    assert hf.NORMALIZED in aimed_at


@pytest.mark.parametrize(("family", "target"), CASES, ids=[f"{f}-{t}" for f, t in CASES])
def test_time_grows_linearly(family: str, target: str) -> None:
    function, build = hf.runner(target), hf.FAMILIES[family].build
    best = [float("inf")] * len(hf.SIZES)
    for _ in range(3):
        best = [
            min(a, b) for a, b in zip(best, hf.timings(function, build, repeats=3), strict=True)
        ]
        if best[-1] < hf.FAST_ENOUGH or hf.growth(best) <= hf.MAX_DOUBLING:
            return
    ratios = ", ".join(f"{r:.2f}" for r in hf.doublings(best))
    times = ", ".join(f"{t * 1000:.2f}" for t in best)
    pytest.fail(
        f"{family} through {target}: {times} ms; time per doubling {ratios} "
        f"(on average {hf.growth(best):.2f})"
    )


# -- explanations: which lines changed, found in near-linear time -----------------------

#: Lines for texts to compare: a few that repeat (as blank lines and copies do) and many
#: that occur once (anchors), so that long texts take every path of the line diff.
diff_lines = st.lists(
    st.one_of(st.sampled_from(["", "a", "a ", "b"]), st.integers(0, 400).map(str)), max_size=300
)


@given(old=diff_lines, new=diff_lines)
@example(old=["a ", "b"] * 100, new=["a", "b"] * 100)  # cubic for difflib alone
@example(old=["t", *[""] * 21] * 20, new=["t", ""] * 20)
def test_changed_blocks_turn_the_old_lines_into_the_new(old: list[str], new: list[str]) -> None:
    rebuilt: list[str] = []
    done = 0
    for i1, i2, j1, j2 in _changed_blocks(old, new):
        assert done <= i1 <= i2 and j1 <= j2 and (i1, j1) != (i2, j2)
        rebuilt += old[done:i1]
        assert len(rebuilt) == j1  # the blocks are in order on both sides
        rebuilt += new[j1:j2]
        done = i2
    assert rebuilt + old[done:] == new


# -- the cases of the hostile-input report, kept as explicit regressions ---------------

REPORTED = [
    "<html><![x[",  # the parser rejects the page: it is text
    "&" + "AMP;" * 5 + "lt;",  # escaped five times over, in capitals
    "&" + "#38;" * 5 + "lt;",
    "Fire hits mill\nFire hits mill Fire hits mill | Site\n",  # a glued copy of a copy
    "a&nb\u200bsp;b",  # whitespace completes an entity
    "&\xad#10;",  # a soft hyphen inside an entity
    "\u2039\u00c2\uff1e",  # transliterate makes new mojibake
]

PIPELINES: dict[str, Callable[[], Pipeline]] = {
    "default": Pipeline.default,
    "whole files": lambda: Pipeline.default().for_whole_files(),
    "transliterate": lambda: Pipeline.default().enable("transliterate"),
    "transliterate, whole files": lambda: (
        Pipeline.default().enable("transliterate").for_whole_files()
    ),
}


@pytest.mark.parametrize("shape", PIPELINES)
@pytest.mark.parametrize("text", REPORTED)
def test_reported_cases_reach_their_fixed_point_in_one_run(text: str, shape: str) -> None:
    pipeline = PIPELINES[shape]()
    once = pipeline(text)
    assert pipeline(once) == once
    for f in pipeline:
        assert isinstance(f, Filter) and f.apply(once) == once, f.name


# -- fuzzing with what the rules react to ----------------------------------------------

FRAGMENTS = [
    # markup
    "<p>", "</p>", "<br>", "<b>", "</b>", "<script>", "</script>", "<html>", "</html>", "<!--",
    "-->", "<p\u00ad>", "<", ">", "&", ";", "#", "&amp;", "&AMP;", "amp;", "&#38;", "#38;",
    "&lt;", "lt;", "&nbsp;", "nbsp;", "&#8217;", "&rsquo;", "&n\u200bbsp;", "AT&T",
    # mojibake and lossy mojibake
    "\u00c3", "\u00c3\u00a9", "\u00e2\u20ac", "\u00e2\u20ac\u2122", "\u00e2\u20ac\u0153",
    "\u00e2\u20ac\x9d", "\u00c2", "\u00c2\u00a0", "\u00e2??", "\u00e2?", "\u00e2\u20ac?",
    "\u00e2?\u00a6", "\x85", "\x96", "\ufb01", "\uff21", "e\u0301",
    # apostrophe marks and quotes
    "\u00b4", "`", "\u2032", "\ufffd", "'", '"', "\u2019", "\u201c", "\u201d", "s", "t", "re",
    "ll", "O", "l", "don", "Kremlin", "it", "Waters",
    # invisible and odd spaces, line ends
    "\u00a0", "\u200b", "\u00ad", "\ufeff", "\u2009", "\r", "\r\n", "\n", "\n\n", " ", "\t",
    # structure
    "Fire hits mill", "FIRE HITS MILL", " | Site", " - The Daily Example",
    "Crews fought the blaze all night.", "Related stories", "Read more: Markets rally",
    "Sign up for our newsletter", "Advertisement", "Most read", "Tour dates:",
    "Yoon has been stripped of his duties by parliament", hf.PARAGRAPH, hf.BODY, "the of and",
]  # fmt: skip

fragment_texts = st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("".join)
#: Texts whose lines are the fragments' texts, some repeated: headlines, paragraphs and
#: ads in copies, as the headline, repeats and teasers filters look for them.
repeated_lines = st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=6).flatmap(
    lambda pool: st.lists(st.sampled_from(pool), max_size=12).map("\n".join)
)
hostile_texts = st.one_of(fragment_texts, repeated_lines)

DOCUMENT_FILTERS = [name for name in available_filters() if issubclass(filter_class(name), Filter)]


@pytest.mark.parametrize("name", DOCUMENT_FILTERS)
@given(text=hostile_texts)
def test_every_filter_is_total_and_idempotent_on_hostile_fragments(name: str, text: str) -> None:
    f = filter_class(name)()
    once = f.apply(text)
    assert isinstance(once, str)
    assert f.apply(once) == once
    explained, changes = f.explain(text)
    assert explained == once
    assert bool(changes) or once == text


@pytest.mark.parametrize("shape", PIPELINES)
@given(text=hostile_texts)
@example(text=REPORTED[3])
def test_pipelines_are_total_and_idempotent_on_hostile_fragments(shape: str, text: str) -> None:
    pipeline = PIPELINES[shape]()
    once = pipeline(text)
    assert isinstance(once, str)
    assert pipeline(once) == once
    explanation = pipeline.explain(text)
    assert explanation.text == once
    assert pipeline.replay(text, explanation) == once
