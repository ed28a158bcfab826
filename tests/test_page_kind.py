"""The page-kind decision and the author's closing lines: pure tests on lines."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from textwash.structure import closing, page_kind

PROSE = "The ministry said on Friday that the talks would resume next week in Geneva."


@pytest.mark.parametrize(
    "line",
    [
        "| Name | Type | Default |",
        "name\ttype\tdefault",
        "    return clean(text)",
        "def main() -> int:",
        "const x = require('x');",
        "}",
        '<script src="app.js"></script>',
        "total = price * count",
    ],
)
def test_code_and_table_rows_are_structured(line: str) -> None:
    assert page_kind.structured(line)


@pytest.mark.parametrize(
    "line",
    [
        PROSE,
        "Russia denies arming Taliban",
        "Italy 8-38 Wales",
        "- a list item of the article",
        'He said: "We will return."',
    ],
)
def test_prose_headlines_and_list_items_are_not(line: str) -> None:
    assert not page_kind.structured(line)


def test_an_article_with_a_code_sample_is_still_an_article() -> None:
    lines = [PROSE] * 9 + ["    pip install textwash", "", ""]
    assert page_kind.article_like(lines)
    assert not page_kind.article_like([PROSE] * 3 + ["    pip install textwash"] * 2)
    assert page_kind.article_like([])


@settings(max_examples=300, database=None, deadline=None)
@given(st.lists(st.text(max_size=80), max_size=30))
def test_article_like_is_total_and_ignores_blank_lines(lines: list[str]) -> None:
    assert page_kind.article_like(lines) == page_kind.article_like([*lines, "", "  "])


def test_reference_headings_are_not_rail_headings() -> None:
    assert page_kind.reference_heading("See also")
    assert page_kind.reference_heading("Further reading")
    assert not page_kind.reference_heading("Most popular")
    assert not page_kind.reference_heading("Related")


@pytest.mark.parametrize(
    "heading, own",
    [
        ("Read more:", True),
        ("**Related articles:**", True),
        ("See also:", True),
        ("Read more", False),
        ("You may also like:", False),
        ("More from Example:", False),
    ],
)
def test_the_authors_list_headings(heading: str, own: bool) -> None:
    assert closing.authors_list_heading(heading) is own


@pytest.mark.parametrize(
    "line, authors",
    [
        ("Follow him on Twitter @jdoe", True),
        ("Jane Doe can be reached at jdoe@example.com.", True),
        ("Write to Al Root at allen.root@example.com", True),
        ("Jane Doe is a reporter for Example News. Follow her @jdoe", True),
        ("Follow NBC Latino on Facebook, Twitter and Instagram.", True),
        ("Follow us on Twitter @example", False),
        ("Find us on Facebook", False),
        ("Follow our coverage at https://example.com/brexit", False),
        ("Follow @ExampleDeals on Twitter to keep up with the latest deals", False),
        ("Sign up for our newsletter", False),
        ("E-mail: info@example.com", False),
        ("x" * 500 + " follow him on Twitter", False),
    ],
)
def test_the_authors_lines_and_the_sites_prompts(line: str, authors: bool) -> None:
    assert closing.authors_line(line) is authors
