"""Whether a text reads like an article, told from its lines alone (cheap, pure).

The structure filters were made for news: a story in paragraphs, and after it the
page's rails, lists of other stories and furniture. Documentation, reference and product
pages are built otherwise: much of their text is tables and code, and a list at their end
under a heading of references ("See also", "Further reading") is part of the page, not a
list of other stories. So the teasers filter asks :func:`article_like` of the text above
what it would cut, and leaves such a list on a page that is not.

A text is article-like unless more than :data:`MAX_STRUCTURED_SHARE` of its lines of
text are code or table rows. (The share of prose was tried too: pages that extractors
turn into text whole, menus and all, have as little prose as documentation, and their
lists of other stories must still go.)

>>> article_like(["The minister said on Friday that the talks would resume in Geneva."] * 3)
True
>>> article_like(["| Name | Type |", "| id | int |", "def main():", "    return 0", "See also"])
False
"""

from __future__ import annotations

import re
from collections.abc import Sequence

#: The largest share of the text's lines that may be code or table rows.
MAX_STRUCTURED_SHARE = 0.25

#: A table row: cells between bars, or cells separated by tabs.
_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$|\t\S.*\t")
#: A line of code: indented by four spaces or a tab, ending in a brace or a semicolon,
#: starting with a closing bracket, a keyword, a tag or a comment, or an assignment.
_CODE = re.compile(
    r"^(?: {4}|\t)\S"
    r"|[{};]\s*$"
    r"|^\s*[}\])]"
    r"|^\s*(?:#include|import |from \S+ import|def |class |function |var |let |const |return\b|"
    r"if \(|for \(|while \(|<\?|</?[a-z][\w-]*[\s>/]|//|/\*|\$ )"
    r"|^\s*[\w.\[\]]+\s*[:+\-*/]?=\s*\S"
)


#: Headings over a page's own list of references ("See also", "Further reading"): on a
#: page that is not an article, what they list is the page's. A site's rail heading
#: ("Most popular", "Related", "Trending now") lists other stories on any page.
_REFERENCE_HEADING = re.compile(
    r"(?:see also|also see|further reading|additional reading|external links|references"
    r"|learn more|related (?:links|topics|pages|reading|resources|documentation|docs|guides))",
    re.IGNORECASE,
)


def reference_heading(heading: str) -> bool:
    """Whether ``heading`` (a line's core: no markers or colon) heads a list of references.

    >>> reference_heading("See also"), reference_heading("Most popular")
    (True, False)
    """
    return _REFERENCE_HEADING.fullmatch(heading.strip()) is not None


def structured(line: str) -> bool:
    """Whether a line is a table row or a line of code."""
    return _TABLE_ROW.search(line) is not None or _CODE.search(line) is not None


def article_like(lines: Sequence[str]) -> bool:
    """Whether ``lines`` (the text above a tail) read like an article: at most
    :data:`MAX_STRUCTURED_SHARE` of their lines of text are code or table rows. Text
    without lines of text is taken as an article, as the filters always took it."""
    text_lines = count = 0
    for line in lines:
        if line.strip():
            text_lines += 1
            count += structured(line)
    return count <= MAX_STRUCTURED_SHARE * text_lines
