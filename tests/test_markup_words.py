"""Text about HTML keeps every word through the markup filter.

Documentation, READMEs and tutorials are full of tags that are the text: code samples,
inline code, "put it in the <head>". The filter may remove stray tags and decode entities,
nothing else, so on such documents the words outside tags must all come out again.

**A word is lost** when a word character of the input, read outside tags, is missing from
the output read the same way. "Outside tags" means: entities decoded to a fixed point (so
``&lt;p&gt;`` counts as the tag it spells), then every tag-like run (``<name …>``,
``</name>``, ``<!-- … -->``, ``<!…>``) deleted, kept or not: the words inside a tag are
the tag's, which the filter may legitimately remove. Deleting a tag can join two words
(``Some<b>bad`` reads ``Somebad``, as a browser shows it), so the check is on the sequence
of word characters: the input's must be a subsequence of the output's. Everything else a
filter could do to a word (drop a ``<script>`` mention and the prose after it, parse prose
as a page) shows up as missing characters.

The documents: the Markdown and reStructuredText files and the long descriptions in the
``METADATA`` of every installed distribution (code blocks, inline code, HTML snippets), and
the text of every readability and article-extraction test page as the ``html`` format
reads it (code blocks holding whole HTML documents), each also cut to start at every
``<!doctype html>``/``<html>`` it contains, the way an extractor that dropped the heading
before a code sample leaves it.
"""

from __future__ import annotations

import email
import gzip
import html
import re
import site
from collections.abc import Iterator
from pathlib import Path

import pytest

from textwash.filters.markup import Markup
from textwash.formats.html import extract_html

_TAG_LIKE = re.compile(r"<(/?)[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>|<!--.*?-->|<![^<>]*>", re.DOTALL)
_WORD = re.compile(r"\w+")
_PAGE_START = re.compile(r"<!doctype html|<html[\s>]", re.IGNORECASE)


def unescape(text: str) -> str:
    while (decoded := html.unescape(text)) != text:
        text = decoded
    return text


def word_characters(text: str) -> str:
    return "".join(_WORD.findall(_TAG_LIKE.sub("", unescape(text))))


def lost_characters(before: str, after: str) -> int:
    """How many of ``before``'s word characters are not matched, in order, in ``after``."""
    remaining = iter(word_characters(after))
    return sum(1 for char in word_characters(before) if char not in remaining)


def installed_docs() -> Iterator[tuple[str, str]]:
    for root in {Path(p) for p in site.getsitepackages()}:
        for path in sorted(root.rglob("*")):
            if path.suffix in (".md", ".rst") and path.is_file():
                yield str(path.relative_to(root)), path.read_text("utf-8", errors="replace")
            elif path.name == "METADATA":
                text = path.read_text("utf-8", errors="replace")
                body = email.message_from_string(text).get_payload()
                if isinstance(body, str) and body.strip():
                    yield str(path.relative_to(root)), body


def page_texts(data: Path) -> Iterator[tuple[str, str]]:
    pages = sorted((data / "mozilla-readability-testpages").glob("*/source.html"))
    archives = sorted((data / "article-extraction-benchmark" / "html").glob("*.html.gz"))
    for path in pages + archives:
        raw = path.read_bytes()
        text = extract_html(gzip.decompress(raw) if path.suffix == ".gz" else raw).text
        yield path.parent.name if path.name == "source.html" else path.name, text
        for sample in _PAGE_START.finditer(text):
            yield f"{path.name} from {sample.start()}", text[sample.start() :]


def assert_no_word_lost(documents: list[tuple[str, str]]) -> None:
    markup = Markup().apply
    with_markup = [(name, text) for name, text in documents if "<" in text or "&" in text]
    assert with_markup, "no document with markup to check"
    losses = {name: lost_characters(text, markup(text)) for name, text in with_markup}
    assert {name: n for name, n in losses.items() if n} == {}


def test_installed_documentation_keeps_every_word() -> None:
    assert_no_word_lost(list(installed_docs()))


def test_test_pages_text_keeps_every_word(shared_data: Path) -> None:
    pages = shared_data / "mozilla-readability-testpages"
    if not pages.is_dir():
        pytest.skip(f"{pages} not found (set TEXTWASH_DATA)")
    assert_no_word_lost(list(page_texts(shared_data)))


def test_text_opening_with_an_html_sample_keeps_the_prose_after_it() -> None:
    sample = (
        '<!doctype html>\n<html>\n<head>\n  <meta charset="UTF-8">\n'
        '  <link href="/dist/output.css" rel="stylesheet">\n</head>\n<body>\n'
        '  <h1 class="text-3xl">Hello world!</h1>\n</body>\n</html>\n\n'
    )
    prose = (
        "Make sure your compiled CSS is included in the <head> (your framework might handle "
        "this for you), then start using Tailwind's utility classes to style your content."
    )
    for text in (sample + prose, sample.replace("</html>\n", "") + prose):
        assert Markup().apply(text) == text
        assert lost_characters(text, Markup().apply(text)) == 0


@pytest.mark.parametrize(
    "text",
    [
        "Use <script> to load it; close it with </script>, then go on.",
        "Wrap the <style> in your page.\n\nNothing else goes in the </style>",
        "Every page needs a <head> and a <body>, and a <title> in the head.",
        '```html\n<script>alert("hi")</script>\n<p>Hello</p>\n```\nThe words after.',
        "Inline `<b>bold</b>` and ``<i>x</i>`` stay code.",
    ],
)
def test_mentions_of_tags_keep_the_words_after_them(text: str) -> None:
    assert lost_characters(text, Markup().apply(text)) == 0


def test_stray_markup_is_still_removed() -> None:
    text = "A <b>bold</b> claim.<br>Next <script>track();</script>line<!-- ad --> ends."
    assert Markup().apply(text) == "A bold claim.\nNext line ends."


@pytest.mark.parametrize(
    "text",
    [
        # a sample on lines of its own, introduced by a colon (a blog post about testing)
        "adding this simple line to your HTML test file:\n"
        '<script src="vendor/blanket.js"\n'
        '        data-cover-adapter="vendor/mocha-blanket.js"></script>\n'
        "Source files: blanket.js, mocha-blanket.js\n",
        "Write this:\n\n<p>Hello, <b>world</b></p>\n<p>Bye</p>\nand reload the page.",
        # an element named with the word tag, the space lost
        "This could be an image if the request is from an\n<img>tag in the document.",
    ],
)
def test_tags_prose_shows_its_reader_are_kept(text: str) -> None:
    assert Markup().apply(text) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a lone image after an introduction is what a scraper leaves of a figure
        (
            "claiming that her net worth far exceeded her salary:\n\n"
            '<img class="aligncenter" src="https://example.com/a.jpg?resize=647,855"\n'
            'alt="" data-recalc-dims="1">\n(https://example.com/a.jpg)\n',
            "claiming that her net worth far exceeded her salary:\n\n\n(https://example.com/a.jpg)\n",
        ),
        # one tag glued to the words makes the text scraped markup: every stray tag goes
        (
            'Add this line:\n<script src="a.js"></script>\nand <b>that</b> is all.',
            "Add this line:\n\nand that is all.",
        ),
        # an element named bare looks like the <p> and <b> scrapers leave between words
        ("Single <img>\nSign up <b> for our newsletter", "Single \nSign up  for our newsletter"),
        ("Updated: Nov. 19<b>Tags:</b> ads", "Updated: Nov. 19Tags: ads"),  # a label, no mention
        (
            "Check the box below:\n<span>News agencies</span>\nA <i>word</i> here",
            "Check the box below:\nNews agencies\nA word here",
        ),
        ("Line one <br> line two", "Line one \n line two"),  # a line break is never named bare
    ],
)
def test_scraped_markup_around_shown_looking_tags_is_still_removed(
    text: str, expected: str
) -> None:
    assert Markup().apply(text) == expected
