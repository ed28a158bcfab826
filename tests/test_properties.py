"""Every filter, and the default pipeline, is total and idempotent on any text.

The filters come from the registry, so a filter added later is checked without editing this
file. Corpus filters are checked in their own tests (they need a fitted corpus first).
"""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings

from strategies import documents
from textwash import Pipeline
from textwash.filters.base import Filter
from textwash.filters.registry import available_filters, filter_class

DOCUMENT_FILTERS = [name for name in available_filters() if issubclass(filter_class(name), Filter)]


@pytest.mark.parametrize("name", DOCUMENT_FILTERS)
@given(text=documents)
def test_filter_is_total_and_idempotent(name: str, text: str) -> None:
    f = filter_class(name)()
    once = f.apply(text)
    assert isinstance(once, str)
    assert f.apply(once) == once


@pytest.mark.parametrize("name", DOCUMENT_FILTERS)
@given(text=documents)
def test_explain_gives_the_same_text_as_apply(name: str, text: str) -> None:
    f = filter_class(name)()
    explained, changes = f.explain(text)
    assert explained == f.apply(text)
    if explained != text:
        assert changes
    else:  # only notes that leave their line as it was (a page the parser rejected)
        assert all(c.before == c.after for c in changes)


#: Texts where one filter's change gave an earlier or a later filter new work, found by
#: property runs: each must reach its fixed point in one ``clean``.
FIXED_POINT_CASES = [
    "Br&n\u200bbsp;idge",  # whitespace completes an entity; markup's NBSP needs whitespace
    "half. </p\u00ad>Officials",  # the soft hyphen hid a tag; cutting it leaves a space
    "a&nb\u200bsp;b",
    "&\u00ad#10;",
    "Fire hits mill\nFire hits mill Fire hits mill | Site\n",  # glued copy of a copy
]


@settings(max_examples=settings.default.max_examples * 4)
@given(text=documents)
@example(text=FIXED_POINT_CASES[0])
@example(text=FIXED_POINT_CASES[1])
@example(text=FIXED_POINT_CASES[2])
@example(text=FIXED_POINT_CASES[3])
@example(text=FIXED_POINT_CASES[4])
def test_default_pipeline_is_total_and_idempotent(text: str) -> None:
    pipeline = Pipeline.default()
    once = pipeline(text)
    assert isinstance(once, str)
    assert pipeline(once) == once


@given(text=documents)
def test_explanation_replays_to_the_same_text(text: str) -> None:
    pipeline = Pipeline.default()
    explanation = pipeline.explain(text)
    assert explanation.text == pipeline(text)
    assert pipeline.replay(text, explanation) == explanation.text


@pytest.mark.parametrize("whole_file", [False, True])
@pytest.mark.parametrize("text", [*FIXED_POINT_CASES, "\u2039\u00c2\uff1e"])
def test_one_run_reaches_the_fixed_point(text: str, whole_file: bool) -> None:
    """Every filter has seen the final text and left it alone, in every pipeline shape."""
    for pipeline in (Pipeline.default(), Pipeline.default().enable("transliterate")):
        if whole_file:
            pipeline = pipeline.for_whole_files()
        once = pipeline(text)
        assert pipeline(once) == once
        for f in pipeline:
            assert isinstance(f, Filter) and f.apply(once) == once, f.name
