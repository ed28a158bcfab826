"""HTML samples that a post about HTML shows its reader, told apart from scraped markup.

A scraper that leaves markup in a text leaves it all through: ``<span>``, ``</div>``, ``<br>``
glued to the words, often by the hundred. A post about HTML shows a sample and sets it apart
from its words: on lines of its own, after the line that introduces it ("adding this simple
line to your HTML test file:" then ``<script src="…"></script>``), showing an element whole.
So where every tag of a text that would otherwise be stray is in such a sample, the text is
prose about HTML and keeps them; where a single one is not, the text holds scraped markup
and all of them go, as before. Elements named bare in a sentence ("Single <img>") are not
told apart by their shape from the stray ``<p>`` and ``<b>`` a scraper leaves between words,
so they still go.

>>> from textwash.markup.stray import clean_text
>>> clean_text("Add this line to your page:\\n<script src=\\"a.js\\"></script>\\nThat's all.")
'Add this line to your page:\\n<script src="a.js"></script>\\nThat\\'s all.'
>>> clean_text("Add this line:\\n<script src=\\"a.js\\"></script>\\nand <b>that</b> is all.")
'Add this line:\\n\\nand that is all.'
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_LINE_INDENT = frozenset(" \t")
_BLANK = frozenset(" \t\r\n")


def _sample_end(text: str, tag: re.Match[str]) -> int:
    """Where the sample that ``tag`` opens ends, or -1 where it opens none.

    A sample opens at the start of a line (after its indentation) that follows a line
    ending in a colon (blank lines between them allowed), and runs over the lines that
    start with a tag, and those that a tag begun above runs into. It shows an element
    whole: its first tag opens one that a closing tag in the sample ends. A lone image or
    embed after an introduction is what a scraper leaves of a figure, not a sample.
    """
    closing, name = tag.group(1), tag.group(2)
    if closing or name is None:
        return -1
    start = tag.start()
    line_start = start
    while line_start > 0 and text[line_start - 1] in _LINE_INDENT:
        line_start -= 1
    if line_start > 0 and text[line_start - 1] != "\n":
        return -1  # not at the start of its line
    before = line_start
    while before > 0 and text[before - 1] in _BLANK:
        before -= 1
    if before == 0 or text[before - 1] != ":":
        return -1  # nothing introduces it
    end = text.find("\n", tag.end())
    while end >= 0:
        following = end + 1
        while following < len(text) and text[following] in _LINE_INDENT:
            following += 1
        if not text.startswith("<", following):
            break
        end = text.find("\n", following)
    end = len(text) if end < 0 else end
    ends_element = re.compile(rf"</{re.escape(name)}\s*>", re.IGNORECASE)
    return end if ends_element.search(text, tag.end(), end) else -1


def shown_tags(text: str, tags: Sequence[re.Match[str]]) -> bool:
    """Whether every one of ``tags`` (a text's stray-looking tags, in order) is in a sample
    introduced by a colon. Scraped markup fails on its first tag, so the answer usually
    costs a look at one."""
    sample_end = -1
    for tag in tags:
        if tag.start() < sample_end:
            continue
        sample_end = _sample_end(text, tag)
        if sample_end < 0:
            return False
    return True
