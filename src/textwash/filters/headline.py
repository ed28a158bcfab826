"""A headline repeated at the top of a document, kept once.

What it changes
    When the first line of a document is a headline and the lines right after it (blank
    lines between them allowed) are copies of it, the copies are removed. Copies may differ
    in case, spacing, quote style or a site name after the title (``Title | Site``,
    ``Title - Site News``); the copy without the site name is the one kept, at the first
    copy's place. When the next line starts with one more copy glued to the lede (``Title
    Russia on March 24 denied ...``, ``Title MOSCOW: ...``, ``Title 260 people ...``,
    ``Title "We did not ..."``, ``Title Analysis``, ``Title | BBC News MOSCOW: ...``,
    ``TitleRussia on ...``), the copy is cut from that line and the lede stays (it is the
    copy kept if it alone has no site name). The headline and the lede are then separated
    as the document separates its paragraphs: a blank line where the lede is a paragraph
    (a line of 15 words or more) with a blank line under it, or where two thirds of the
    first paragraphs below it are followed by one (rows of a table further down, one under
    the other, say nothing of how the paragraphs are set), a line
    break where two thirds are followed directly by the next line, or where no blank line
    follows the lede at all (a lede alone, short lines one under the other).

    The page's tools among the first lines go too: share, print and reprint links
    ("Share", "Print Article", "Order Reprints", "Facebook Twitter Email") and the reprint
    rights notice ("This copy is for your personal, non-commercial use only ..."), above
    the article's first paragraph and among its first three other lines of text (the
    headline, a dek, a byline), whether or not the first line is a headline.

Why
    Extractors take the headline from the page title, the ``<h1>`` and the article's first
    block alike, and glue blocks together without a break: one story ends up with its
    headline two or three times, once fused into the lede. The copies inflate every count
    over the text and make near-identical documents look different. Extractors also keep
    the row of share and print buttons under the headline, which no reader keeps as text
    (the article-extraction benchmark's gold never does).

Decisions
    The headline is at the very top, so a line below it that repeats it and goes on is a
    copy glued to the next block unless what follows continues the headline's clause: a
    word in lower case, a comma, a day or month name that opens no dateline (``Title
    Monday, officials said``). Datelines (``MOSCOW:``, ``LONDON (Reuters) -``, ``March 24
    -``, ``Tuesday 15 October 2019``: a date with a year, or with the dash, colon or
    bracket of a dateline), numbers, quotes, brackets, handles (``@name``), an angle
    bracket before a word (``<Title>``) and scripts without capitals open a block, and so
    does a day or month name with a possessive (``Monday’s best deals``). A lede
    of fewer than four words is split off too, except after a headline that ends in a site
    name those words could merely extend (``Weeks in Firefox - Nightly News Highlights``);
    words that a site name cannot hold with it (``Not again.``, ``Breaking news``, ``Photo:
    AP``, or six words and more together) are a lede. A title of one word before a site
    name (``Mozilla - Wikipedia``) has no site name to drop: a line naming the page's
    subject below it is the page's own first row (an infobox, a product's name), not a copy.
    A glued copy may carry a site name the headline does not (``Title | BBC News MOSCOW:
    ...``); where the site name ends is told only by what opens the lede after it: a
    dateline, a quotation or a number before a word in lower case, after the shortest
    site name (``Reuters`` in ``- Reuters LONDON (Reuters) -``; ``Channel 4`` holds a
    number before a capital), or a word no site name goes on with: a function word or a
    label with a capital (``- Reuters The Jupiter moon ...``, ``| BBC News Not again.``,
    ``| The Daily Star Photo: AP``), a word of a script without capitals, or a common word
    or news label opening a sentence (``| example.com Breaking news``, ``- The Moscow
    Times Posted by ...``) where the site's words occur nowhere else in the document.
    Before a lede that opens with a name the site name could go on (``| BBC News Russia
    on ...``: ``BBC News Russia``?), and the line stays whole. A site name is at most five
    words, none ending in a comma, colon or semicolon, none a day or month name, a run of
    Chinese or Japanese counted as its words: a Japanese paragraph after ``| The Daily
    Star`` is no site name. A copy glued without a space (``... deniedRussia
    on ...``) ends where a capital follows a small letter, a digit or a caseless letter
    inside the word, before a word in lower case, a dateline in capitals
    (``spacecraftLONDON (Reuters) -``) or a word of that one capital before a word in
    lower case (``rabbitA case of ...``), and only where the glued word is nowhere else in
    the document: a word written so on purpose (``MacBook`` after ``Apple's new Mac``)
    is. The words of a Chinese or Japanese paragraph are counted by its characters (about
    one for two), not by its spaces. Layout is only ever changed between the headline and
    the lede, and only when copies were removed or split off.

Leaves alone
    A lede that merely starts with the headline's words (``Fire hits mill`` then
    ``Fire hits mill in the north ...``); a document whose first line is not followed by
    a copy; a title-like line repeated further down (that is the ``repeats`` filter's
    business); a first line that is a paragraph or a verse, not a headline: more than 30
    words, a sentence of more than 20 words or of two sentences, a short word like "Oh",
    or a line ending in a comma; the blank lines of a document that mixes both layouts; a
    glued copy after a headline in lower case (``linux video linux usability``), where
    lower case cannot tell a new block from the same clause; a copy with a site name the
    headline lacks, glued to a lede of capitalised words (see above). A copy with a site
    name followed by one or two capitalised words (``Title | The Moscow Times Weekly``)
    is read as a copy with a longer site name and removed whole: those words may be a
    short lede, but most such lines are copies. Only a label news pages set alone over a
    lede ("Updated", "Analysis", "Exclusive", "Opinion", "Breaking") ending the line, after
    a site name whose words occur nowhere else in the document, is the lede (``Title | The
    Moscow Times Updated``). Of the page's tools, a network's name
    alone on a line ("Twitter", a photo's credit or a kicker) and "Save" (which the
    Readability test pages' expected texts keep) stay, and so does any tool line below the
    article's first paragraph ("Print" heading a how-to's section); at the end of the
    document they are the ``teasers`` filter's.

Example
    >>> text = "NATO claim denied\\n\\nNATO claim denied\\n\\nNATO claim denied Russia on Friday denied it.\\n\\nIt called the claim absurd.\\n"
    >>> print(Headline().apply(text), end="")
    NATO claim denied
    <BLANKLINE>
    Russia on Friday denied it.
    <BLANKLINE>
    It called the claim absurd.
    >>> Headline().apply("Fire hits mill\\n\\nFire hits mill in the north of the city.\\n")
    'Fire hits mill\\n\\nFire hits mill in the north of the city.\\n'
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import ClassVar

from textwash.filters.base import Change, ChangeKind, Filter, Trigger
from textwash.structure import heuristics, patterns
from textwash.structure.lines import (
    Edit,
    apply_edits,
    describe,
    first_text_lines,
    lines_from_top,
    split,
)


def _may_repeat_headline(text: str) -> bool:
    """The trigger's test: only the first two lines of text are read.

    The next line's first word is compared as the rules see it: a token of the case-folded
    line (:func:`heuristics.tokens`) and a token of the line, case-folded
    (:func:`heuristics.copy_ends`). A long next line is read only as far as that word.
    """
    head = first_text_lines(text, 2)
    if len(head) < 2 or not heuristics.is_headline_candidate(head[0]):
        return False
    words = heuristics.tokens(head[0])
    if not words:
        return False
    line = head[1]
    window = line[: 4 * len(words[0]) + 64]
    cut = len(window) < len(line)
    for found in (patterns.TOKEN.search(window.casefold()), patterns.TOKEN.search(window)):
        if found is None or (found.end() == len(found.string)):
            if cut:
                return True  # the first word may lie, or go on, past the window
            if found is None:
                continue
        if found.group().casefold() == words[0]:
            return True
    return False


def _may_open_with_page_tools(text: str) -> bool:
    """The trigger's test for the page's tools at the top: the same scan of the first
    lines as :func:`page_tools`, reading only as far as it reads."""
    return bool(page_tools(lines_from_top(text)))


_TRIGGER = Trigger(check=lambda text: _may_repeat_headline(text) or _may_open_with_page_tools(text))


@dataclass(frozen=True)
class Headline(Filter):
    """Keep a headline repeated at the top of a document once."""

    name: ClassVar[str] = "headline"
    summary: ClassVar[str] = (
        "copies of the headline at the top of the document, and the page's share and reprint "
        "links under it, removed"
    )
    order: ClassVar[int] = 500
    #: It takes lines out, keeps part of a line, or splits one at a line break.
    adds_chars: ClassVar[frozenset[str] | None] = frozenset("\n")
    #: Its trigger reads the first two lines of text, which a cut at the end either leaves
    #: as they were or leaves fewer than two of.
    check_silent_after: ClassVar[frozenset[ChangeKind]] = frozenset(
        {ChangeKind.CUT_AT_END, ChangeKind.FINAL_NEWLINE}
    )

    def trigger(self) -> Trigger:
        """The first two lines of text: a headline candidate, and a line that starts with
        the same word (every copy, glued or not, starts with the headline's first word)."""
        return _TRIGGER

    def apply(self, text: str) -> str:
        return apply_edits(text, self.edits(text))

    def explain(self, text: str) -> tuple[str, list[Change]]:
        edits = self.edits(text)
        return apply_edits(text, edits), describe(self.name, text, edits)

    def edits(self, text: str) -> list[Edit]:
        """What to remove or rewrite, line by line, with reasons."""
        lines = split(text)
        tools = page_tools(lines)
        edits = [Edit(i, f"page tools at the top: {reason}") for i, reason in tools.items()]
        first = _next_text_line(lines, 0, tools)
        if first is None:
            return []  # nothing but tools: not a page's top over an article
        if not heuristics.is_headline_candidate(lines[first]):
            return edits
        return edits + self._copies(text, lines, first, tools)

    def _copies(self, text: str, lines: list[str], first: int, tools: dict[int, str]) -> list[Edit]:
        """The edits that keep the headline on line ``first`` once: its copies under it
        removed or cut from the lede (the page's tools between them, ``tools``, are passed
        over: they go anyway)."""
        head = lines[first]
        forms = heuristics.HeadlineForms(head)

        def unseen(word: str) -> bool:
            """A lede's first word glued to a copy's last: the glued word is nowhere else."""
            return text.count(word) <= 1

        edits: list[Edit] = []
        copies: list[int] = []
        glued_copy: str | None = None  # the first copy cut from the lede's line
        j = _next_text_line(lines, first + 1, tools)
        while j is not None:
            line = lines[j]
            same = forms.same(line)
            if same and not _may_end_in_lede_label(line):
                copies.append(j)
                j = _next_text_line(lines, j + 1, tools)
                continue
            ends = heuristics.copy_ends(line, head, unseen)
            if ends and not line[ends[-1] :].strip():
                copies.append(j)  # nothing but copies on the line
                j = _next_text_line(lines, j + 1, tools)
                continue
            rest = heuristics.glued_remainder(line, head, unseen)
            if rest is not None and forms.same(rest):
                copies.append(j)  # copies glued to one more copy (with a site name, say)
                j = _next_text_line(lines, j + 1, tools)
                continue
            if rest is not None:
                reason = f"copy of the headline on line {first + 1} glued to the lede"
                edits.append(Edit(j, reason, rest))
                glued_copy = line[: ends[0]].strip()
            elif same:
                copies.append(j)  # a copy whose site name ends in a label's word
                j = _next_text_line(lines, j + 1, tools)
                continue
            break
        if not copies and not edits:
            return edits
        edits += _separate_like_paragraphs(lines, first, j, edits)
        found = [lines[i] for i in copies] + ([glued_copy] if glued_copy else [])
        keep = _replacement_headline(head, found)
        if keep is not None:
            site = heuristics.split_site_suffix(head)
            reason = "headline kept once, in its copy without the site name"
            if site is not None:
                reason += f" {site[1]!r}"
            edits.append(Edit(first, reason, keep.strip()))
        for index in copies:
            edits.append(Edit(index, f"copy of the headline on line {first + 1}"))
        return edits


def _may_end_in_lede_label(line: str) -> bool:
    """Whether a copy of the headline may end in a label glued to it (``Title | The Moscow
    Times Updated``, the page's "Updated" over its lede): its last word is one of
    :data:`heuristics.LONE_LEDE_LABELS`. Such a line is asked whether the label is a lede
    after the site name (:func:`heuristics.glued_remainder`) before it is taken as a copy
    with a longer site name."""
    tail = line.rstrip()
    cut = tail.rfind(" ")
    return cut >= 0 and tail[cut + 1 :].casefold() in heuristics.LONE_LEDE_LABELS


#: How many text lines below the lede tell how the document separates its paragraphs
#: (the first ones: a rail or a list at the end is laid out its own way).
LAYOUT_WINDOW = 12
#: Fewest words of a line whose separation from the next tells the paragraph layout.
PARAGRAPH_WORDS = 15


def _is_paragraph(line: str) -> bool:
    """A line of :data:`PARAGRAPH_WORDS` words or more (Chinese and Japanese counted as
    :func:`heuristics.word_count` counts them: a paragraph of Japanese is one "word"
    between spaces)."""
    spaced = len(line.split(None, PARAGRAPH_WORDS))
    return spaced >= PARAGRAPH_WORDS or heuristics.word_count(line) >= PARAGRAPH_WORDS


def _paragraph_separator(lines: list[str], start: int) -> str | None:
    """``"\\n\\n"`` when the line at ``start`` is a paragraph with a blank line under it,
    or when the paragraphs from ``start`` on are mostly (two thirds) followed
    by a blank line, ``"\\n"`` when they are mostly followed directly by the next line,
    ``None`` when the document mixes both or has no paragraph to tell by. A paragraph is
    :func:`_is_paragraph` (what follows a list item or a rail's headline says nothing of
    the paragraphs); only the first :data:`LAYOUT_WINDOW` text lines count. Where no
    paragraph tells and no blank line follows the lede (a lede alone, a few short lines
    one under the other), the document sets nothing apart by blank lines: ``"\\n"``."""
    if start + 1 < len(lines) and not lines[start + 1].strip() and _is_paragraph(lines[start]):
        return "\n\n"
    blank = direct = seen = 0
    gap = gaps = False
    above: str | None = None
    for line in itertools.islice(lines, start, None):
        if not line.strip():
            gap = True
            continue
        if above is not None and _is_paragraph(above):
            blank += gap
            direct += not gap
        gaps = gaps or gap
        gap = False
        above = line
        seen += 1
        if seen > LAYOUT_WINDOW:
            break
    if blank >= 2 * direct and blank:
        return "\n\n"
    if direct >= 2 * blank and direct:
        return "\n"
    if not blank and not direct and not gaps and seen:
        return "\n"
    return None


def _separate_like_paragraphs(
    lines: list[str], first: int, lede: int | None, edits: list[Edit]
) -> list[Edit]:
    """Edits that leave the headline and the lede separated as the document separates its
    paragraphs, once copies between them are removed or split off: the blank lines between
    them removed where paragraphs follow each other directly, one blank line kept or put
    before the lede where they are blank-line separated."""
    if lede is None:
        return []
    glued = next((e for e in edits if e.index == lede), None)
    style = _paragraph_separator(lines, lede)
    blanks = [i for i in range(first + 1, lede) if not lines[i].strip()]
    reason = "headline and lede separated as the document's paragraphs are"
    if style == "\n":
        return [Edit(i, reason) for i in blanks]
    if style == "\n\n" and not blanks:
        if glued is not None:
            edits.remove(glued)
            return [Edit(lede, glued.reason, "\n" + (glued.replacement or ""))]
        return [Edit(lede, reason, "\n" + lines[lede])]
    return []  # blank lines left between are cut to one when the copies go


def _next_text_line(lines: list[str], start: int, passed: Iterable[int] = ()) -> int | None:
    """The first line of text from ``start`` on that is not one of ``passed``."""
    for i in range(start, len(lines)):
        if lines[i].strip() and i not in passed:
            return i
    return None


#: A share button's word that names the action, not a network (the share prompts of other
#: languages, "Partager", "Teilen", are prompts of their own): alone on a line under the
#: headline it is a button ("Share", "Print"); a network's name alone ("Twitter") may be
#: a caption's credit or a kicker, and "Save" a word the page's own text keeps (the
#: Readability test pages' expected texts do, under a date): both are left.
_SHARE_VERB = re.compile(r"(?:share|tweet|print|e-?mail)", re.IGNORECASE)


def _page_tool(line: str) -> str | None:
    """What page tool ``line`` is (a share, print or reprint link, the reprint rights
    notice), or ``None``."""
    if (
        len(line) > patterns.MAX_FURNITURE_CHARS
        and len(line.strip()) > patterns.MAX_FURNITURE_CHARS
    ):
        return None  # a paragraph, or a page on one line: too long to be furniture
    if patterns.PAGE_TOOL_HINT.search(line.lower()) is None:
        return None  # most lines: none of the words a tool holds
    found = heuristics.furniture(line)
    if found is None or not (found.kind == "share" or found.reason == "rights notice"):
        return None
    words = patterns.TOKEN.findall(line)
    if found.reason == "share buttons" and len(words) == 1 and not _SHARE_VERB.fullmatch(words[0]):
        return None  # a network's name alone, or "Save"
    return found.reason


#: Lines of text at the top, other than the page's tools, past which no tool is looked
#: for: the headline, a kicker or a dek, a byline.
MAX_LINES_OVER_TOOLS = 3


def page_tools(lines: Iterable[str]) -> dict[int, str]:
    """The page's tools at the top of a document, by line number, with what each is: share,
    print and reprint links ("Share", "Print Article", "Order Reprints", "Facebook Twitter
    Email") and the reprint rights notice ("This copy is for your personal, non-commercial
    use only ..."), among the first lines of text.

    They are looked for above the article's first paragraph (a line of
    :data:`PARAGRAPH_WORDS` words or more that is no tool) and among the first
    :data:`MAX_LINES_OVER_TOOLS` other lines of text: the headline and what news pages print
    under it. Tools do not count among those lines, so once they are removed the same lines
    are read again and nothing more is found (the filter is idempotent). Lower in the
    article such a line may be the text's own ("Print" as a heading of a how-to); at the
    very end it is the ``teasers`` filter's."""
    found: dict[int, str] = {}
    other = 0
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        reason = _page_tool(line)
        if reason is not None:
            found[index] = reason
            continue
        other += 1
        if other > MAX_LINES_OVER_TOOLS or _is_paragraph(line):
            break
    return found


def _replacement_headline(head: str, copies: list[str]) -> str | None:
    """The copy to keep in the headline's place: the first of ``copies`` (in order, the one
    glued to the lede last) without a site name after the title, when ``head`` has one;
    ``None`` to keep the headline as it is."""
    if heuristics.split_site_suffix(head) is None:
        return None
    return next((c for c in copies if heuristics.split_site_suffix(c) is None), None)
