"""Teasers of other stories and page furniture left after the article.

What it changes
    Lines at the very end of a document are removed when they are

    * page furniture: "Related stories" style headings, "Read more: ..." links, sign-up
      and subscription prompts, share and follow prompts in the site's voice, copyright
      and rights notices, comment-section furniture, tag lists, ad markers, footer links,
      separator lines (in English and, for headings, sign-up, follow and share prompts,
      in French, Italian, German, Spanish, Portuguese, Russian, Chinese, Japanese, Hindi
      and Arabic);
    * the list under such a heading (headlines, their one-line summaries, short labels,
      and, in a short list that is mostly headlines, items of any short shape);
    * a rail of other stories' headlines, decided on the block as a whole: it runs from a
      line that names things and is not about this story to the end, and either at least
      three of its lines (two in a rail of three) are headlines that name things and at
      least 60% are headlines, their summaries or short labels, with all of them together
      using at most a quarter of their content words from the article; or, where the
      block uses one word of the article at most, or 5% of its words, half of its lines
      name two things or more in any short shape (fixtures and scores, two- and
      three-word titles, quoted or labelled items, all-capital headlines, items ending in
      an abbreviation such as "Colo.", titles in lower case or of two sentences). A
      labelled link to another story ("WATCH: ...") is one of its items; so is a teaser
      of a story on the same subject among unrelated items, and, at its top, an item of
      two words or more naming one thing the article does not name ("Rates on hold"), or
      a headline of stopwords only ("4 Things to Do in October"). Where the article sets
      its paragraphs apart by blank lines and the rail is a block of its own (its items
      joined by line breaks, under a blank line), the top of that block is the rail's too
      (one or two lines of any shape: "remoteStorage", a title in two sentences or ending
      in a full stop, a teaser of a story on the same subject), and short titles that
      name fewer things are a rail without three headlines, or with a rail found under
      them; under a long page, such a block is judged on the words the page uses more
      than once.
      Content words are counted without the stopwords of the article's language; in
      Chinese and Japanese, which have no spaces between words, pairs of characters stand
      for words.
    * a comment section at the end of an article, from its heading to the end
      (:mod:`textwash.structure.comments`): a heading that can only head readers'
      comments ("Top Rated Comments", "Reader comments", "Commentaires des lecteurs")
      over anything, or one that may be the article's ("Comments", "12 comments", "Leave
      a comment") over a comment's furniture within its first three lines (a commenter's
      time, "3 hours ago", "Reply", a vote count); the heading alone at the very end too.

    Every removed line is explained: which kind of furniture, which heading it was listed
    under, or how few of its content words the article uses.

Why
    Scrapers append the page's "More stories" rail, newsletter box and footer to the
    article. Those lines are not the story: they skew every count over the text, and a
    corpus built from many pages of one site repeats them thousands of times.

Decisions
    A rail is judged as a block because real rails mix shapes: one odd item (a score, a
    two-word headline, a question, a label, a title in lower case) must not protect the
    rest, as it did when each line had to be headline-shaped. What makes a block a rail
    rather than the article's own closing lines is, together: its position at the very
    end; its shape (short lines, at most one in four reading as prose, two sentences, not
    counting those of a quoted slogan that opens a headline, and one in four in lower
    case, as a wrapped line is; items separated alike; not items from one template); and
    how little of the article's vocabulary it uses. A block with
    few headlines must share almost none of it. Relatedness is that of the block, but a
    line that shares two or more words and over half of its own with the article is
    about this story: it ends the block above it, unless the block's other lines, below
    and above it up to the rail's first line, share almost none of the article's words
    (at most ``max_shared_few_headlines`` of theirs, counted without the lines below it
    where a rail is found there): then it is a teaser of a story on the same subject
    among other stories' teasers, and goes with them, at the end of a rail too, or
    among items too few to be a rail without it. Where no rail is found below it, it is
    the only such line: two in a row are the article's. The block's relatedness is that
    of its other lines.
    The article's own closing lines stay above the rail: a rail starts with a line that
    names things, never with a short sentence, a credit ("With Post wires", a news
    agency's rights notice such as "© 2019 Associated Press ...", which sites reprint
    with the story), an item of a list of three or more items from one template (tour
    dates), or a line set apart by a blank line from items joined by line breaks. Its
    first line shares none of the article's words if it names three things or fewer
    ("Thanks Junior!" under a story about Junior, "Merritt Island d. Titusville" closing
    a list of results stay), at most one, or a quarter of its own, if it names more (the
    page's links to stories on the same subject stay above the rail). A line naming one
    thing starts a rail only as the top item over a rail already found, and only in two
    words or more: a single word at the end of an article ("Disclaimer", "Sources") is
    its own label. A headline of stopwords only names nothing and shares nothing: it
    tops a rail already found if it has four words or more, not figures (a date range
    "29 November 2018 | 20 January 2019" stays). A line that opens with a sentence of
    four words or more and goes on with another (the authors' bio, "Andrés Malamud es
    politólogo ... Martín Schapiro es ...") never starts a rail, but right under the
    article's own end (a credit, the author's line), where it is no prose of the
    article's; a headline quoting a
    slogan ("'Meth. We're On It': ...") opens with a word or two, and may. A tail line opening with a label the article's last lines open with
    ("Q:", "A:" of an interview) continues the article, and so does the author's bio:
    "About the author" and the two lines under it (a name, a job title) are never a
    rail's, nor anything above them. A line in lower case or of two sentences, or a short
    sentence under an item that is no headline ("Italy 8-38 Wales" over "Google Stadia
    ... doesn't run at a stable 60fps."), is a rail item only under another rail item (or
    another such line), never on its own or at the start of a rail: a teaser that ends in
    a full stop no longer keeps the rail above it. A rail heading ("Related") whose lines are too mixed to be a listing
    on their own lists them once a rail is found under it: the odd items between the
    heading and the rail go with both, if they are no more than the rail's lines. A
    labelled link to another story ("WATCH: ...", "Read more: ...") is furniture on its
    own and one of the items of a rail around it, but not when listed under a heading
    (the list is the heading's, and the lines above the heading are not judged with it).
    A list under the article's last line ending in a colon is the article's when that
    line is a label ("Tour dates:"); under a sentence of five words or more ("Twitter
    seemed a bit confused by the campaign:", over the tweets the scraper dropped) it is
    a rail if its headlines are enough for one and share one of the article's words at
    most, or 5% of theirs: the article's own list uses its words.
    Layout tells a rail's own block: where the article's last paragraphs are each set
    apart by a blank line, a line break joins the lines of one block, and a block of lines
    joined so under the article, ending the document, is the rail's. Its top line goes
    with a rail found under it (at most ``MAX_BLOCK_TOP`` lines, none furniture, a label
    the article uses or the author's bio), whatever its shape, and whatever it shares with
    the article if the rail shares almost none of its words, or if it is not about this
    story (one word shared, or half of its own at most: "Bank cuts jobs"); a line ending in a full stop
    or in lower case there must share none of them, as the article's own closing sentence
    does. So must such a line between the article's own end (a credit, a reprint note, an
    image's credit) and a rail under it, in any layout: the article's closing sentence
    comes before its credit, and the line is the rail's top item. Such a block is a rail without three headlines if half of its lines name two
    things or more and all share at most ``max_shared`` of their words with the article;
    on a page of ``LONG_ARTICLE_WORDS`` words or more, counting only the words it uses
    twice or more (a Wikipedia page names thousands of words once, which any rail meets by
    chance). Where the article's paragraphs follow each other directly, a blank line sets
    a section apart, and the line under it is its label ("Disclaimer", "Sources"): it
    stays, as does an article ending in its own list, which is not laid out so.
    Stopwords come from the stopwords-iso lists for the language their words point to (58
    languages); English text is judged on the English lists as before.

What belongs to the article
    Decided per class on pages that are not all news (docs/evaluation.md):

    * The author's contact, follow and bio lines ("Follow him on Twitter @jdoe", "Jane Doe
      can be reached at ...", "Write to Al Root at ...", "Jane Doe is a reporter for ...",
      "LAURIE OAKES IS THE NINE NETWORK POLITICAL EDITOR"), furniture-like or not, are the
      article's and end it, as credits do (what is under them may still go); so do image
      credits ("Image source: ..."). A
      prompt in the site's voice ("Follow us", "Find us on Facebook", "Follow our
      coverage") is furniture. A line that names someone without saying who ("Follow
      Newsbeat on Instagram") stays: no rule on one line tells an author from an outlet,
      and a site that prints it under every story is found by the corpus filter,
      ``boilerplate``, which sees it across a folder.
    * A short list (at most five lines) under a heading the author writes with a colon
      ("Read more:", "Related articles:", "See also:") is not cut as listed under it: its
      lines are judged as the article's last lines are, so they stay unless they are a
      rail of headlines unrelated to the story. The same heading without the colon, a
      recommendation in the site's voice ("You may also like:") or a longer list lists
      teasers.
    * On a page that is not an article (more than a quarter of its lines are code or table
      rows: documentation, reference, specifications), the list under a heading of
      references ("See also", "Further reading", "External links") is the page's. A
      rail's heading ("Most popular", "Related", "Trending now") lists other stories on any
      page, and furniture lines go on any page.
    * Ad markers ("Continue reading the main story") go, though an extractor that keeps
      the article's markup keeps them too.
    * Readers' comments go, and only at the end of an article: the text above the heading
      reads like one (100 words or more, not a page of code or tables), the section is at
      most four times as long as it (no longer than it under a heading that may be the
      article's), at most 60 lines, within the last 5,000 characters, and holds nothing
      of the article's own (a credit, the author's line, a paragraph of more than 300
      words). Posts introduced as a thread's ("Jane says:", "Alan wrote on ...:") are the
      page's content, as on a forum, a mailing-list archive, or a blog that prints its
      comments with the post (Readability keeps them): they stay. Headings without the
      word "comment" ("Join the conversation", "12 thoughts on ...") or in capitals
      ("COMMENTS") are not looked for: each more word to search for costs every text a
      search of its end (docs/evaluation.md, round five).

Leaves alone
    Anything followed by body text: only the tail of the document is looked at, and the cut
    stops at the first line that is neither furniture nor a teaser. A related story on the
    same subject (it shares the article's vocabulary, or is written in full paragraphs); a
    list that belongs to the article (introduced by a label ending in a colon, by a short
    label, or by a sentence ending in a colon when the list uses the article's words; or
    made of items from one template such as tour dates; or short paragraphs or a reference
    list of more than 15 lines under a heading); the article's own closing lines (credits
    such as "Additional reporting by ...", "Jane Doe contributed", "Contributing: ...",
    reprint notes such as "Originally published on ...", and update notes end the tail;
    one or two stray short lines are kept too); a document with fewer than 40 words above
    the tail, against which relatedness means nothing; a document that is nothing but
    furniture.

Example
    >>> body = "Russia on Friday denied the claims made by the NATO commander about Taliban supply.\\n"
    >>> tail = ("Yoon has been stripped of his duties by parliament\\n"
    ...         "Public health activities can suffer as workers are furloughed\\n"
    ...         "President Biden took office pledging to ease immigration policies\\n"
    ...         "Sign up for our newsletter\\n")
    >>> print(Teasers(min_body_words=10).apply(body + tail), end="")
    Russia on Friday denied the claims made by the NATO commander about Taliban supply.
    >>> Teasers().apply("Intro paragraph.\\n\\nRead the full report.\\n")
    'Intro paragraph.\\n\\nRead the full report.\\n'
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar, TypeVar

from textwash.filters.base import Change, Filter, Trigger
from textwash.structure import closing, comments, heuristics, page_kind, patterns
from textwash.structure.heuristics import Furniture
from textwash.structure.lines import (
    Edit,
    apply_edits,
    describe,
    end_of_text,
    last_text_line,
    split,
)

_Answer = TypeVar("_Answer")

#: Distinct lines whose shape tests are remembered. The filter asks the same tests of the
#: same lines many times: its trigger and then each look at the tail class the same last
#: lines, every line of another shape is checked against the headings up to
#: ``4 * MAX_LISTED`` lines above it, and a rail's lines are read again to judge the block.
#: The tests are pure functions of the line, so remembering them changes no answer.
_LINE_CACHE_SIZE = 8192


#: The longest line remembered: longer lines are paragraphs, asked once and answered
#: quickly, and keeping them would let a cache of scraped pages of single huge lines hold
#: gigabytes.
_LONGEST_REMEMBERED = 1000


def _remembered(test: Callable[[str], _Answer]) -> Callable[[str], _Answer]:
    """``test`` with its answers for the last :data:`_LINE_CACHE_SIZE` distinct lines of
    at most :data:`_LONGEST_REMEMBERED` characters kept."""
    cached = functools.lru_cache(maxsize=_LINE_CACHE_SIZE)(test)

    def answer(line: str) -> _Answer:
        return cached(line) if len(line) <= _LONGEST_REMEMBERED else test(line)

    return answer


_furniture = _remembered(heuristics.furniture)
_headline_shaped = _remembered(heuristics.headline_shaped)
_short_line = _remembered(heuristics.short_line)
_ends_sentence = _remembered(heuristics.ends_sentence)
_is_credit = _remembered(heuristics.is_credit)
_rail_item = _remembered(heuristics.rail_item)
_loose_item = _remembered(heuristics.loose_item)
_short_label = _remembered(heuristics.short_label)
_short_sentence = _remembered(heuristics.short_sentence)
_skeleton = _remembered(heuristics.skeleton)
_authors_line = _remembered(closing.authors_line)
_line_label = _remembered(heuristics.line_label)
_holds_sentences = _remembered(heuristics.holds_sentences)
_authors_heading = _remembered(closing.authors_heading)
_introduces_list = _remembered(heuristics.introduces_list)


@_remembered
def _content_words(line: str) -> frozenset[str]:
    """A line's content words before any language's stopwords are taken out (frozen: the
    remembered answer is shared by every look that asks)."""
    return frozenset(heuristics.content_words(line))


#: Line classes at the tail of a document.
_FURNITURE, _HEADING, _HEADLINE, _SUMMARY, _LABEL, _ITEM, _LOOSE = (
    "furniture",
    "heading",
    "headline",
    "summary",
    "label",
    "item",
    "loose",
)
#: Classes of lines that name nothing on their own: a rail's items only among others.
_UNNAMED = frozenset({_SUMMARY, _LOOSE})
#: Classes of lines that are teasers' own shapes (the others are items of any short shape).
_TEASER_SHAPES = frozenset({_HEADLINE, _SUMMARY, _LABEL})
#: Classes of lines that may be a rail's items on their own (not a summary under one, not
#: a line in lower case or of two sentences).
_ITEM_SHAPES = frozenset({_HEADLINE, _LABEL, _ITEM})


@dataclass(frozen=True)
class Teasers(Filter):
    """Remove teasers of other stories and page furniture from the end of a document.

    The defaults were checked on the article-extraction benchmark (docs/evaluation.md):
    ``min_block=2`` loses body lines there, and neither threshold is sensitive.
    """

    name: ClassVar[str] = "teasers"
    summary: ClassVar[str] = "teasers of other stories and page furniture removed from the end"
    order: ClassVar[int] = 700

    #: Fewest headline-shaped lines, with no heading above them, that are cut as a teaser
    #: block; one or two unrelated short lines at the end are kept, because closing lines
    #: of the article look the same.
    min_block: int = 3
    #: The largest share of the block's content words, all lines together, that the article
    #: may use (more, and the lines are about this story, not teasers of others).
    max_shared: float = 0.25
    #: The same for any one line of the block (a teaser's summary often repeats a word or
    #: two of a story on the same beat).
    max_line_shared: float = 0.5
    #: The same when fewer than ``min_block`` of the block's lines are headlines that name
    #: things (a rail of short titles, fixtures and labels): a block that shares almost no
    #: word with the article (this share, or one word) is a rail if half of its lines name
    #: things. Also the most the lines above a line about this story may share for the
    #: rail to take it among its items.
    max_shared_few_headlines: float = 0.05
    #: The smallest share of a rail's lines that must be headlines, their summaries or
    #: short labels; the rest may be short items of any shape.
    min_shape_share: float = 0.6
    #: Fewest words the text above the tail must have for relatedness to mean anything.
    min_body_words: int = 40

    def trigger(self) -> Trigger:
        """The last line of text: a tail starts only where it is furniture, a headline, a
        summary under one, or a label (the class of a line depends on it and the line
        above it alone)."""
        return _TRIGGER

    def apply(self, text: str) -> str:
        return self._cut(text)[1]

    def explain(self, text: str) -> tuple[str, list[Change]]:
        edits = self.edits(text)
        return apply_edits(text, edits), describe(self.name, text, edits)

    def edits(self, text: str) -> list[Edit]:
        """Which lines at the end to remove, each with its reason, cut to a fixed point.

        A heading's listing and a rail's start are decided on the lines below them, and a
        cut can take some of those away (a rail of odd items under a heading whose one
        related item stays): what is left is judged again, until nothing more goes, so a
        second run of the filter finds nothing to do whatever the rules decide. A cut is
        always a suffix of the text's lines, so the lines above keep their numbers.
        """
        return self._cut(text)[0]

    def _cut(self, text: str) -> tuple[list[Edit], str]:
        """:meth:`edits`, and the text they leave: where one look's edits were all (most
        texts), the text it made, not made again from them."""
        original = text
        article: dict[int, _Article] = {}  # the text above a tail, by the tail's first line
        found = self._edits_once(text, article)
        edits = list(found)
        made = 0  # how many looks' edits ``text`` was made with
        while found:
            first = min(edit.index for edit in found)
            text = apply_edits(text, found)
            made += 1
            if not _may_have_tail(text) and not any(_of_a_comment_section(e) for e in found):
                # the trigger's answer: no tail left (most cuts end here); the text above
                # the cut was searched for a comment section with the tail, and only a
                # comment section's cut can leave another one above it
                break
            found = self._edits_once(text, article)
            if any(edit.index >= first for edit in found):
                break  # not a suffix of what was left: never expected, never acted on
            edits += found
        edits.sort(key=lambda edit: edit.index)
        return edits, text if made <= 1 else apply_edits(original, edits)

    def _edits_once(self, text: str, article: dict[int, _Article]) -> list[Edit]:
        """One look at the end of ``text``: the lines to remove, each with its reason.

        ``article`` holds the language and vocabulary of the text above a tail, by the
        tail's first line, from the looks before this one: a cut is a suffix, so the lines
        above a tail that starts on the same line are the same lines, and are not read
        again. A comment section that ends what the tail leaves goes too
        (:func:`_comment_section`)."""
        lines = split(text)
        found = self._tail_edits(lines, article)
        return found + _comment_section(text, lines, found)

    def _tail_edits(self, lines: list[str], article: dict[int, _Article]) -> list[Edit]:
        """The tail's lines to remove, each with its reason (see :meth:`_edits_once`)."""
        tail = _classify_tail(lines)
        if not tail:
            return []
        reasons: dict[int, str] = {}
        listed: set[int] = set()  # lines cut as listed under a heading of references
        heading: int | None = None
        region = sorted(tail)
        for position, index in enumerate(region):
            cls, found = tail[index]
            if found is not None:
                reasons[index] = f"furniture: {found.reason}"
                if cls == _HEADING:
                    heading = index if _a_listing(tail, region, position) else None
                    if _the_authors_list(lines, tail, region, position):
                        heading = None  # "Read more:" over a few links: the article's
            elif heading is not None:
                title = lines[heading].strip()
                reasons[index] = f"teaser: listed under the heading {title!r} (line {heading + 1})"
                if page_kind.reference_heading(patterns.core(title)):
                    listed.add(index)
        rail = self._rail(lines, tail, reasons, article)
        if rail is not None:
            _heading_over_rail(lines, tail, region, rail, reasons)
            hits = sum(rail[i][0] for i in rail)
            total = sum(rail[i][1] for i in rail)
            for i, (line_hits, line_total) in rail.items():
                if tail[i][1] is not None:
                    continue  # a link to another story: furniture, and said so
                shape = {
                    _HEADLINE: "headline-shaped line",
                    _SUMMARY: "summary line",
                    _LABEL: "short label",
                    _LOOSE: "loose rail item (in lower case, of two sentences or ending in a full stop)",
                }.get(tail[i][0], "short item")
                reasons[i] = (
                    f"teaser: {shape}, {line_hits} of its {line_total} content words in the "
                    f"article ({hits} of {total} over the {len(rail)} teaser lines at the end)"
                )
        if rail is not None:
            top = self._loose_top(lines, tail, rail)
            if top is not None:
                index, total, where = top
                tail[index] = (_LOOSE, None)
                reasons[index] = (
                    f"teaser: loose rail item {where} (ending in a full stop or in lower "
                    f"case), none of its {total} content words in the article"
                )
        cut = _suffix(tail, reasons)
        if any(i in listed for i in cut) and not page_kind.article_like(lines[: region[0]]):
            # Not an article: the list under "See also" is its own.
            cut = _suffix(tail, {i: r for i, r in reasons.items() if i not in listed})
        if cut and cut[-1] == _first_text_line(lines):
            return []  # the whole document would go: that is not a tail
        return [Edit(i, reasons[i]) for i in cut]

    def _rail(
        self,
        lines: list[str],
        tail: dict[int, tuple[str, Furniture | None]],
        reasons: dict[int, str],
        article: dict[int, _Article],
    ) -> dict[int, tuple[int, int]] | None:
        """The lines at the end that are a rail of other stories, with their shared-word
        counts, or ``None``.

        The decision is on the block, not on each line: the block runs from a headline that
        is not about this story to the end (furniture skipped), and it is a rail when it
        holds at least ``min_block`` headlines that name things, when at least
        ``min_shape_share`` of its lines are headlines, their one-sentence summaries or short
        labels (the rest may be items of any short shape: fixtures, quotes, labelled items),
        when all its lines together share at most ``max_shared`` of their content words with
        the article, and when its items are not made from one template (a list). The
        longest such block is the rail; the article's own closing lines above it (short
        sentences, lines about this story) stay, and a line that shares two or more words
        and over ``max_line_shared`` of its own with the article ends the block above it.

        Not the lines under a list's introduction ("Tour dates:" above the tail, or a short
        label as the tail's first line): those, to the next furniture line, belong to the
        article.
        """
        region = sorted(tail)
        above = lines[: region[0]]
        if not _at_least_words(above, self.min_body_words):
            return None
        intro = _last_text_line(above)
        listing = intro is not None and _introduces_list(intro)
        # a sentence ending in a colon announces what the scraper may have dropped (a
        # quote, an embedded post): a rail under it is judged, strictly; a label ("Tour
        # dates:") titles its own list
        sentence_intro = (
            listing
            and intro is not None
            and heuristics.word_count(intro) >= MIN_INTRO_SENTENCE_WORDS
            and intro.rstrip().endswith(":")
        )
        spaced = region[0] > 0 and not lines[region[0] - 1].strip()
        pool: list[int] = []
        listed = 0  # the pool's first lines, listed under the article's last line
        previous = region[0]
        headed = False  # a heading above: its list is its own, links in it too
        for i in region:
            if tail[i][1] is not None or (i > previous + 1 and not spaced):
                listing = False  # furniture, or a blank line after a list without any
            headed = headed or tail[i][0] == _HEADING
            if listing:
                if sentence_intro and i not in reasons:
                    pool.append(i)
                    listed += 1
            elif i not in reasons or (not headed and _links_a_story(tail[i][1])):
                pool.append(i)
            previous = i
        # Each line's content words before its language's stopwords are taken out: the
        # stopwords only take words away, so these serve the bound and the decision alike
        # (worked out once a line, where the first look at the block needs them).
        words: dict[int, frozenset[str]] = {}
        if not self._may_hold_rail(lines, pool, tail, words):
            return None
        # the labels the article's last lines open with matter only to a line that opens
        # with a label itself (no label is in any set of them)
        labels = (
            _labels(above)
            if any(_line_label(lines[i]) is not None for i in pool)
            else frozenset[str]()
        )
        shapes = [_skeleton(lines[i]) for i in pool]
        in_a_list = _list_items(shapes)
        bio = [_authors_heading(lines[i]) for i in pool]
        for i in pool:
            if i not in words:
                words[i] = _content_words(lines[i])
        if self.max_shared >= 0 and self.max_shared_few_headlines >= 0:
            # A bound first, without the article's language and vocabulary: no word shared,
            # and each line's content words counted without its language's stopwords (which
            # could only make them fewer). Every test of the block passes with fewer shared
            # words and more content words, so where no block passes here, none can.
            unshared = {i: (0, len(words[i])) for i in pool}
            if (
                self._rail_start(
                    lines, tail, pool, unshared, labels, shapes, in_a_list, bio, listed, first=True
                )
                is None
            ):
                return None
        if region[0] not in article:
            article[region[0]] = _Article(above)
        text = article[region[0]]
        own = {i: text.content_words(words[i]) for i in pool}
        counts = {i: (len(text.shared(own[i])), len(own[i])) for i in pool}
        best = self._rail_start(lines, tail, pool, counts, labels, shapes, in_a_list, bio, listed)
        # where the article sets its paragraphs apart by blank lines, a block of its own
        set_apart = _paragraphs_set_apart(above)
        if not listed and set_apart:
            # a block of its own: a rail without three headlines, or the whole block over
            # a rail found inside it
            found = best
            own_block = functools.partial(
                self._own_block,
                lines,
                tail,
                pool,
                shapes=shapes,
                in_a_list=in_a_list,
                labels=labels,
                bio=bio,
            )
            best = own_block(counts)
            if (
                best is None
                and own_block({i: (0, counts[i][1]) for i in pool}) is not None
                and _at_least_words(above, LONG_ARTICLE_WORDS)
            ):
                # a block of its own that only the words it shares keep from being a rail,
                # under a long page, which shares words with any block by chance: the
                # page's vocabulary is the words it uses more than once (only the block's
                # words that it uses at all can be)
                used = frozenset().union(*(text.shared(own[i]) for i in pool))
                repeated = heuristics.repeated_words(used, above)
                best = own_block({i: _shared(own[i], repeated) for i in pool})
            if found is not None and (best is None or found < best):
                best = found
        if best is None:
            return None
        best = self._block_top(lines, set_apart, tail, pool, best, counts, labels, bio)
        return {i: counts[i] for i in pool[best:]}

    def _own_block(
        self,
        lines: list[str],
        tail: dict[int, tuple[str, Furniture | None]],
        pool: list[int],
        counts: dict[int, tuple[int, int]],
        shapes: list[str],
        in_a_list: list[bool],
        labels: frozenset[str],
        bio: list[bool],
    ) -> int | None:
        """Where in ``pool`` a rail starts that is a block of its own, or ``None``: the last
        lines, ``min_block`` or more, following each other directly under a blank line
        (asked where the article sets its paragraphs apart by blank lines: :meth:`_block_top`),
        each in a teaser's own shape or a short item, none about this story, half of them
        and two at least naming two things or more, together sharing at most
        ``max_shared`` of their content words with the article. Laid out apart from the
        article so, they need not name three things each: short titles ("How to Build a
        Terrarium", "This API is so Fetching!") are a rail's too, alone or over a rail
        found under them. The first line starts a
        rail as :meth:`_rail_start` would have it (it names something, and what it shares
        with the article is :meth:`_may_start`'s; it is no item of a list from one template
        and opens with no sentence of its own). On a page of :data:`LONG_ARTICLE_WORDS`
        words or more (a reference page, a long story), where a block shares words with the
        article by chance, ``_rail`` asks again with ``counts`` of the words the article
        uses more than once."""
        position = len(pool) - 1
        while position > 0 and pool[position - 1] + 1 == pool[position]:
            position -= 1
        start = pool[position]
        if start == 0 or lines[start - 1].strip() or len(pool) - position < self.min_block:
            return None
        block = _Block()
        for at in range(len(pool) - 1, position - 1, -1):
            i = pool[at]
            cls, found = tail[i]
            hits, total = counts[i]
            if found is not None or cls not in _ITEM_SHAPES or bio[at]:
                return None
            if _line_label(lines[i]) in labels:
                return None
            if hits >= 2 and hits > self.max_line_shared * total:
                return None  # a line about this story
            block.add(lines[i], cls, _headline_shaped(lines[i]), hits, total)
            if at + 1 < len(pool):
                block.join(
                    _same_template(shapes[at], shapes[at + 1]), blank=False, under_headline=False
                )
        top_words = counts[start][1]
        if (
            block.fits >= self.min_shape_share * block.size
            and 2 * block.named >= block.size
            and block.named >= 2
            and block.hits <= self.max_shared * block.total
            and (
                top_words >= MIN_START_CONTENT_WORDS
                or (top_words > 0 and _headline_shaped(lines[start]))
            )
            and self._may_start(*counts[start])
            and not in_a_list[position]
            and not _opens_with_a_sentence(lines[start])
            and block.prose <= max(1, block.size // 4)
            and not (block.same >= 2 and 2 * block.same >= block.pairs)
        ):
            return position
        return None

    def _loose_top(
        self,
        lines: list[str],
        tail: dict[int, tuple[str, Furniture | None]],
        rail: dict[int, tuple[int, int]],
    ) -> tuple[int, int, str] | None:
        """The line on top of a rail's own block that is no tail line, with its content
        words and where it is, or ``None``: a line ending in a full stop, in lower case or of two sentences
        ("Google Stadia Red Dead Redemption 2 doesn't run at a stable 60fps."), joined to a
        rail that starts the tail by a line break and set apart from the article by a blank
        line, where the article sets its paragraphs apart by blank lines and the rail's
        items follow each other directly (:meth:`_block_top`); or such a line between the
        article's own end (a credit, a reprint note, an image's credit:
        :func:`_under_the_articles_end`) and a rail that starts the tail, in any layout.
        It names two things or more, none of them the article's: the article's own
        closing sentence uses its words.
        """
        first = min(rail)
        if first != min(tail):
            return None
        index = _under_the_articles_end(lines, first)
        under_end = index is not None
        if index is None:
            index = first - 1
            if index < 1 or not lines[index].strip() or lines[index - 1].strip():
                return None
            if any(not lines[j].strip() for j in range(first, max(rail))):
                return None
        line = lines[index]
        if not (_loose_item(line) or _short_sentence(line)) or _ends_article(line, None):
            return None
        if _furniture(line) is not None:
            return None
        above = lines[:index]
        if not _at_least_words(above, self.min_body_words):
            return None
        if not under_end and not _paragraphs_set_apart(above):
            return None
        article = _Article(above)
        own = article.content_words(_content_words(line))
        if len(own) < MIN_START_CONTENT_WORDS or article.shared(own):
            return None
        if under_end:
            return index, len(own), "on top of the rail, under the article's own end"
        return index, len(own), "on top of the rail's own lines"

    def _block_top(
        self,
        lines: list[str],
        set_apart: bool,
        tail: dict[int, tuple[str, Furniture | None]],
        pool: list[int],
        best: int,
        counts: dict[int, tuple[int, int]],
        labels: frozenset[str],
        bio: list[bool],
    ) -> int:
        """Where the rail found at ``best`` in ``pool`` starts once the top of its own block
        of lines is taken with it: the lines, at most :data:`MAX_BLOCK_TOP`, joined to the
        rail by line breaks and set apart from the article by a blank line, where the
        article sets its paragraphs apart by blank lines and the rail's items follow each
        other directly (``set_apart``: see :func:`_paragraphs_set_apart`).

        In such a document a line break joins the lines of one block, and the block is the
        rail's: its top item is one of its items whatever its shape (a single word such as
        "remoteStorage", a title in two sentences, a question sharing a word with the
        story) or however much it shares with the article (a teaser of a story on the same
        subject), as long as the rail under it shares almost none of the article's words
        (``max_shared_few_headlines``, or one word) where the item is about this story
        (:meth:`_about_this_story`); an item that is not ("Bank cuts jobs" over a rail
        under a markets report that names job cuts) goes with any rail. Not a line that is
        furniture, a summary or a loose line, one opening with one of the article's labels,
        or the author's bio; not where the article's paragraphs follow each other directly,
        where a blank line sets a section apart and the line under it is its label
        ("Disclaimer", "Sources")."""
        first = pool[best]
        if not set_apart or best == 0:
            return best
        if any(not lines[j].strip() for j in range(first, pool[-1])):
            return best
        hits = sum(counts[i][0] for i in pool[best:])
        total = sum(counts[i][1] for i in pool[best:])
        unrelated = hits <= max(1, self.max_shared_few_headlines * total)
        for position in range(best - 1, max(best - 1 - MAX_BLOCK_TOP, -1), -1):
            i = pool[position]
            if i + 1 != pool[position + 1]:
                return best  # a blank line, or furniture, between it and the rail
            cls, found = tail[i]
            if found is not None or cls in _UNNAMED or bio[position]:
                return best
            if _line_label(lines[i]) in labels:
                return best
            if not unrelated and self._about_this_story(*counts[i]):
                return best
            if i == 0 or not lines[i - 1].strip():
                return position  # the block's first line
        return best

    def _about_this_story(self, hits: int, total: int) -> bool:
        """Whether a line with ``hits`` of its ``total`` content words in the article is
        about this story: two words or more, and over ``max_line_shared`` of its own."""
        return hits >= 2 and hits > self.max_line_shared * total

    def _rail_start(
        self,
        lines: list[str],
        tail: dict[int, tuple[str, Furniture | None]],
        pool: list[int],
        counts: dict[int, tuple[int, int]],
        labels: frozenset[str],
        shapes: list[str],
        in_a_list: list[bool],
        bio: list[bool],
        listed: int,
        first: bool = False,
    ) -> int | None:
        """Where in ``pool`` the longest block that is a rail starts, or ``None``: the
        candidate lines are added from the last up, each with its shared and total content
        words in ``counts``, until a line about this story, one opening with one of the
        article's ``labels``, or the heading of the author's bio (``bio``). The first
        ``listed`` lines of ``pool`` are listed under the article's last line ("... by the
        campaign:"): a block starting among them is a rail only as a listing of other
        stories (:meth:`_lists_other_stories`).

        With ``first``, the shortest such block instead, found sooner: whether a block
        holds a rail depends only on the block, so it answers whether there is one at all
        (the bound :meth:`_rail` asks before it reads the article)."""
        best: int | None = None
        block = _Block()
        # The shared and all content words of the block where it was last a rail (none,
        # before one is found), kept at the first line about this story passed: the other
        # lines of the block, below and above it, must share next to none of the
        # article's words (``max_shared_few_headlines``).
        at_best = (0, 0)
        passed: tuple[int, int] | None = None
        for position in range(len(pool) - 1, -1, -1):
            i = pool[position]
            line, (cls, found) = lines[i], tail[i]
            if found is not None:
                cls = _HEADLINE  # "WATCH: ...": a teaser of another story, if labelled
            line_hits, line_total = counts[i]
            related = line_hits >= 2 and line_hits > self.max_line_shared * line_total
            if related:
                if cls not in _ITEM_SHAPES or (best is None and block.related):
                    break  # a line about this story: the rail, if any, is below it
                # a teaser of a story on the same subject among a rail's items: one of
                # them if the rail goes on above it (it never starts one), and, where no
                # rail is found below it yet, the only one of them
                if passed is None:
                    passed = at_best
            if _line_label(line) in labels:
                break  # "Q: ..." under an interview's questions: the article's own
            if bio[position]:
                break  # "About the author": the author's bio, and the article above it
            named = not any(bio[max(0, position - BIO_LINES) : position])
            shaped = found is not None or _headline_shaped(line)
            block.add(line, cls, shaped, line_hits, line_total, related)
            if position + 1 < len(pool):
                below = pool[position + 1]
                block.join(
                    _same_template(shapes[position], shapes[position + 1]),
                    blank=not all(lines[j].strip() for j in range(i + 1, below)),
                    under_headline=tail[below][0] == _SUMMARY,
                )
                if block.tight and block.blank:
                    break  # items separated both ways: no block from here up is a rail
            if (
                not related
                and named  # the name and title under "About the author" are the author's
                and cls not in _UNNAMED
                and (
                    line_total >= MIN_START_CONTENT_WORDS
                    or (line_total and (shaped or (best is not None and _two_words(line))))
                    or (not line_total and best is not None and _names_nothing(line, shaped))
                )
                and self._may_start(line_hits, line_total)
                and not in_a_list[position]
                and self._is_rail(block)
                and (not _opens_with_a_sentence(line) or _right_under_the_articles_end(lines, i))
                and (passed is None or self._unrelated_above(block, passed))
                and (position >= listed or self._lists_other_stories(block))
            ):
                best = position
                if first:
                    break
                at_best = (block.hits, block.total)
                passed = None
        return best

    def _unrelated_above(self, block: _Block, passed: tuple[int, int]) -> bool:
        """Whether the lines a block gained above the rail it held (all its lines, where
        it held none), the lines about this story among them aside, share at most
        ``max_shared_few_headlines`` of their words with the article (``passed``: the
        block's shared and all content words where it was last a rail)."""
        hits = block.hits - passed[0]
        total = block.total - passed[1]
        return hits <= self.max_shared_few_headlines * total

    def _lists_other_stories(self, block: _Block) -> bool:
        """Whether a block listed under the article's last line ("Twitter seemed a bit
        confused by the campaign:", whose tweets the scraper dropped) is a rail all the
        same: enough headlines that name things, sharing one of the article's words at
        most, or ``max_shared_few_headlines`` of theirs. The article's own list (tour
        dates, the books it names, the steps it announces) uses its words or one
        template."""
        return self._enough_headlines(block.headlines, block.size) and block.hits <= max(
            1, self.max_shared_few_headlines * block.total
        )

    def _may_start(self, hits: int, total: int) -> bool:
        """Whether a line with ``hits`` of its ``total`` content words in the article may
        be a rail's first line: one that names four things or more may share one of them,
        or up to ``max_shared`` of them (a teaser on the same beat); one that names fewer
        shares none, or it is a third about this story or more ("Thanks Junior!" under a
        story about Junior, "Merritt Island d. Titusville" closing a list of results,
        "Mozilla Mercurial Repository" closing a page's links)."""
        if total <= heuristics.MIN_TEASER_CONTENT_WORDS:
            return hits == 0
        return hits <= max(1, self.max_shared * total)

    def _is_rail(self, block: _Block) -> bool:
        """Whether a block of tail lines, taken as a whole, is a rail of other stories.

        ``min_block`` lines or more; enough headlines that name things
        (:meth:`_enough_headlines`) with at least ``min_shape_share`` of its lines in
        teasers' own shapes, or, where the block shares almost none of the article's words
        (one word, or ``max_shared_few_headlines``), at least half of its lines and two naming two
        things or more in any rail shape (labels, fixtures, short titles); at most
        ``max_shared`` of its content words in the article; items separated alike (all by
        line breaks, or all by blank lines, but for a summary under its headline); at most
        one item in four that reads as prose (two sentences), and one in four in lower case
        (a wrapped line, or a title such as "linux video"); and not mostly items of one
        template (a list).
        """
        size = block.size
        return (
            size >= self.min_block
            and (
                (
                    self._enough_headlines(block.headlines, size)
                    and block.fits >= self.min_shape_share * size
                )
                or (
                    block.hits <= max(1, self.max_shared_few_headlines * block.total)
                    and 2 * block.named >= size
                    and block.named >= 2
                )
            )
            and block.hits <= self.max_shared * block.total
            and not (block.tight and block.blank)
            and block.prose <= max(1, size // 4)
            and block.loose <= max(1, size // 4)
            and not (block.same >= 2 and 2 * block.same >= block.pairs)
        )

    def _may_hold_rail(
        self,
        lines: list[str],
        pool: list[int],
        tail: dict[int, tuple[str, Furniture | None]],
        words: dict[int, frozenset[str]],
    ) -> bool:
        """Whether the candidate lines can hold a rail at all, judged without the article:
        ``min_block`` lines or more, two of them (one where ``min_block`` is two) naming
        two things or more in a shape other than a summary or a loose line, as
        :meth:`_is_rail` needs however the block is cut. Their content words are counted
        here without the article's language, whose stopwords could only make them fewer,
        and kept in ``words`` for the rest of the decision. Cheap: the article's language
        and vocabulary, which the rest of the decision needs, are only worked out when
        this holds."""
        if not pool or len(pool) < self.min_block:
            return False
        needed = min(2, self.min_block - 1)
        named = 0
        for i in pool:
            if tail[i][0] in _UNNAMED:
                continue
            words[i] = _content_words(lines[i])
            if len(words[i]) >= MIN_START_CONTENT_WORDS:
                named += 1
                if named >= needed:
                    return True
        return False

    def _enough_headlines(self, headlines: int, lines: int) -> bool:
        """Whether a block of ``lines`` lines with ``headlines`` headlines that name things
        has enough of them: ``min_block``, or one fewer when they are two thirds of the
        block (a rail of three with one fixture or label among them)."""
        if headlines >= self.min_block:
            return True
        return headlines == self.min_block - 1 and 3 * headlines >= 2 * lines


class _Article:
    """What relatedness needs of the text above a tail, each part worked out when first
    asked and kept: the stopwords of its language, and the words it uses.

    Both read the whole article, and many rails need only one of them: the language is
    told only where a line holds a word that some language other than English has for a
    stopword (English stopwords are taken out of every line already), and the article's
    words are looked up only for the lines of a block that may be a rail, each in place
    (in any script: :func:`heuristics.text_uses`)."""

    __slots__ = ("_above", "_found_in", "_stopwords", "_uses")

    def __init__(self, above: list[str]) -> None:
        self._above = above
        self._stopwords: frozenset[str] | None = None
        #: The article made searchable (:func:`heuristics.searchable`): its words are
        #: looked for in place, a few a line, rather than listed (thousands).
        self._found_in: str | None = None
        self._uses: dict[str, bool] = {}

    def content_words(self, words: frozenset[str]) -> frozenset[str]:
        """A line's content ``words`` (:func:`_content_words`) without the stopwords of
        the article's language."""
        if not heuristics.foreign_stopwords(words):
            return words  # no language's stopwords but English's could take any away
        stopwords = self._stopwords
        if stopwords is None:
            sample = _last_text(self._above, heuristics.LANGUAGE_SAMPLE)
            stopwords = self._stopwords = heuristics.language_stopwords(sample)
        return words - stopwords

    def shared(self, words: frozenset[str]) -> frozenset[str]:
        """Those of a line's content ``words`` (:meth:`content_words`) that the article
        uses: its content words, counted without the same stopwords."""
        found_in = self._found_in
        if found_in is None:
            found_in = self._found_in = heuristics.searchable("\n".join(self._above))
        uses = self._uses
        found = []
        for word in words:
            used = uses.get(word)
            if used is None:
                used = uses[word] = heuristics.text_uses(found_in, word)
            if used:
                found.append(word)
        return frozenset(found)


@dataclass
class _Block:
    """What is known of the tail lines from a candidate start to the end, added one by one
    from the last line up."""

    size: int = 0
    #: Headline-shaped lines that name things (three content words or more).
    headlines: int = 0
    #: Lines that name two things or more ("Italy 8-38 Wales") in any shape but a summary
    #: or a loose line.
    named: int = 0
    #: Lines in teasers' own shapes (headline, summary, label).
    fits: int = 0
    #: Lines of two sentences: prose, or a product's blurb, not headlines.
    prose: int = 0
    #: Other loose lines (in lower case): a wrapped line, or a title written so. Counted
    #: apart from prose: a rail may hold one of each without being either.
    loose: int = 0
    #: Content words shared with the article, and all content words, of the lines not
    #: about this story; and how many lines are about it (teasers on the same subject).
    hits: int = 0
    total: int = 0
    related: int = 0
    #: Neighbouring pairs; of them, pairs from one template, pairs separated by a blank
    #: line, and pairs separated by a line break only (a summary under its headline aside).
    pairs: int = 0
    same: int = 0
    blank: int = 0
    tight: int = 0

    def add(
        self, line: str, cls: str, shaped: bool, hits: int, total: int, related: bool = False
    ) -> None:
        """Add a line above the block. A ``related`` line (a teaser of a story on the same
        subject) counts in the block's shape, not in its words: how much a rail shares
        with the article is that of its other items."""
        names_things = total >= heuristics.MIN_TEASER_CONTENT_WORDS
        self.size += 1
        self.headlines += shaped and names_things
        self.named += total >= MIN_START_CONTENT_WORDS and cls not in _UNNAMED
        self.fits += cls in _TEASER_SHAPES
        if _holds_sentences(line):
            self.prose += 1
        elif cls == _LOOSE:
            self.loose += 1
        if related:
            self.related += 1
        else:
            self.hits += hits
            self.total += total

    def join(self, same: bool, blank: bool, under_headline: bool) -> None:
        """Count the gap between the line just added and the one below it."""
        self.pairs += 1
        self.same += same
        if blank:
            self.blank += 1
        elif not under_headline:
            self.tight += 1


def _heading_over_rail(
    lines: list[str],
    tail: dict[int, tuple[str, Furniture | None]],
    region: list[int],
    rail: dict[int, tuple[int, int]],
    reasons: dict[int, str],
) -> None:
    """Give the lines between a rail heading and the rail found under it the heading's
    reason: its list is the rail, odd items on top of it included ("Related" over a
    two-sentence headline, then a rail). A heading whose lines were too mixed to be a
    listing on their own lists them once a rail under it is found, if they are no more
    than the rail's own lines; not a heading the author writes ("Read more:") or one of a
    page's references ("See also"), whose lists are judged as the article's."""
    between: list[int] = []
    for index in reversed(region[: region.index(min(rail))]):
        cls, found = tail[index]
        if cls == _HEADING:
            title = lines[index].strip()
            if (
                between
                and not closing.authors_list_heading(title)
                and not page_kind.reference_heading(patterns.core(title))
            ):
                for i in between:
                    reasons[i] = (
                        f"teaser: listed under the heading {title!r} (line {index + 1}) over a rail"
                    )
            return
        if found is not None or index in reasons or len(between) >= len(rail):
            return
        between.append(index)


#: Words of an article past which, for a block of its own under it, a word the article
#: uses once is no longer its vocabulary: on a page this long (a reference page, a weekly
#: index, a story of fiction) any block shares such words by chance.
LONG_ARTICLE_WORDS = 2000

#: Most lines above a rail, in its own block of lines, taken with it as its top items.
MAX_BLOCK_TOP = 2

#: Text lines at the end of the article that tell how it separates its paragraphs.
LAYOUT_LINES = 6


def _paragraphs_set_apart(above: list[str]) -> bool:
    """Whether the article's last :data:`LAYOUT_LINES` text lines are each set apart from
    the next by a blank line (two gaps at least): then a line break joins the lines of one
    block, not paragraphs. An article ending in its own list, or whose paragraphs follow
    each other directly, is not."""
    gaps = 0
    gap = False
    seen = 0
    for line in reversed(above):
        if not line.strip():
            gap = True
            continue
        seen += 1
        if seen > LAYOUT_LINES:
            break
        if seen > 1:
            if not gap:
                return False
            gaps += 1
        gap = False
    return gaps >= 2


def _opens_with_a_sentence(line: str) -> bool:
    """Whether a line opens with a sentence of :data:`heuristics.MIN_TEASER_WORDS` words or
    more and goes on with another ("Andrés Malamud es politólogo ... de Lisboa. Martín
    Schapiro es ..."): the article's prose, or its author's bio, which never starts a rail.
    A headline quoting a slogan ("'Meth. We're On It': South Dakota ...") opens with a
    word or two."""
    found = patterns.INNER_SENTENCE_BREAK.search(line)
    return found is not None and heuristics.word_count(line[: found.start()]) >= (
        heuristics.MIN_TEASER_WORDS
    )


#: Fewest words of a headline whose words are all stopwords ("4 Things to Do in
#: October") on top of a rail: shorter, it may be the article's own last words.
MIN_UNNAMED_TOP_WORDS = 4


def _names_nothing(line: str, shaped: bool) -> bool:
    """Whether a headline is made of stopwords only ("4 Things to Do in October"): it
    shares nothing with the article because it has nothing to share, and goes on top of
    a rail found under it. Its words are words, not figures: a date range ("29 November
    2018 | 20 January 2019") is the article's."""
    if not shaped:
        return False
    words = sum(any(ch.isalpha() for ch in word) for word in line.split())
    return words >= MIN_UNNAMED_TOP_WORDS


def _two_words(line: str) -> bool:
    """Whether a line has two words or more: a single word at the end of an article
    ("Disclaimer", "Sources") is a label of its own, however its words are counted."""
    return len(line.split(None, 1)) > 1


def _links_a_story(found: Furniture | None) -> bool:
    """Whether a furniture line is a link to another story ("WATCH: ...", "Read more:
    ..."): furniture on its own, and one of a rail's items among them."""
    return found is not None and found.kind == "link"


def _a_listing(
    tail: dict[int, tuple[str, Furniture | None]], region: list[int], heading: int
) -> bool:
    """Whether the lines under a heading (to the next furniture line) are what such a
    heading lists: headlines, their summaries and short labels, or, when some are short
    lines of other shapes, at most :data:`MAX_LISTED` lines of which at least
    :data:`MIN_LISTED_SHAPE` are headlines, summaries or labels (a page's reference list
    under "Further reading" is not a rail). ``heading`` is the heading's position in
    ``region``, the tail's line numbers in order."""
    listed = fits = 0
    for index in itertools.islice(region, heading + 1, None):
        cls, found = tail[index]
        if found is not None:
            break
        listed += 1
        fits += cls not in (_ITEM, _LOOSE)
    if fits == listed:
        return True
    return listed <= MAX_LISTED and fits >= MIN_LISTED_SHAPE * listed


def _the_authors_list(
    lines: list[str], tail: dict[int, tuple[str, Furniture | None]], region: list[int], heading: int
) -> bool:
    """Whether the heading at ``heading`` (its position in ``region``) is one the author
    wrote into the story ("Read more:") over at most :data:`closing.MAX_OWN_LIST` lines."""
    if not closing.authors_list_heading(lines[region[heading]]):
        return False
    listed = itertools.takewhile(lambda i: tail[i][1] is None, region[heading + 1 :])
    return sum(1 for _ in itertools.islice(listed, closing.MAX_OWN_LIST + 1)) <= (
        closing.MAX_OWN_LIST
    )


def _suffix(tail: dict[int, tuple[str, Furniture | None]], reasons: dict[int, str]) -> list[int]:
    """The tail lines to cut, last first: up to the first line that has no reason to go."""
    cut = []
    for index in sorted(tail, reverse=True):
        if index not in reasons:
            break
        cut.append(index)
    return cut


def _classify_tail(
    lines: list[str], last_only: bool = False
) -> dict[int, tuple[str, Furniture | None]]:
    """Classes of the lines after the last body line (blank lines are left out).

    A short sentence belongs to the tail only as a teaser's summary, right under a
    headline-shaped line (so two sentences in a row end the tail), as a loose item under
    another rail item (a fixture, a label), or as an item listed under a heading
    (:func:`_listed_above`). A label of one to three words belongs to it
    too. A line's class depends only on itself and the lines above it, never on lines
    below that may be cut: that is what makes the filter idempotent.

    With ``last_only``, it stops once the last line of text is classed (with the lines it
    is listed under): whether there is a tail at all, which the trigger asks, is decided
    there, and the lines above cost as much again to class.
    """
    tail: dict[int, tuple[str, Furniture | None]] = {}
    index = len(lines) - 1
    while index >= 0:
        line = lines[index]
        if not line.strip():
            index -= 1
            continue
        # A line that ends the article (a credit, the author's line) ends the tail whatever
        # its class: asked only of a line that would join the tail (the others end it too).
        found = _furniture(line)
        if found is not None:
            cls = _HEADING if found.kind == "heading" else _FURNITURE
        elif _headline_shaped(line):
            cls = _HEADLINE
        elif _short_sentence(line) and _headline_above(lines, index):
            cls = _SUMMARY
        elif _short_label(line):
            cls = _LABEL
        elif _rail_item(line):
            cls = _ITEM
        else:
            heading = _listed_above(lines, index, tail)
            if heading is None:
                if not ((_loose_item(line) or _short_sentence(line)) and _item_above(lines, index)):
                    break
                if _ends_article(line, found):
                    break
                tail[index] = (_LOOSE, None)
                if last_only:
                    break
                index -= 1
                continue
            if _ends_article(line, found):
                break
            for i in range(heading + 1, index + 1):
                if lines[i].strip() and i not in tail:
                    tail[i] = (_listed_class(lines[i]), None)
            if last_only:
                break
            index = heading
            continue
        if _ends_article(line, found):
            break
        tail[index] = (cls, found)
        if last_only:
            break
        index -= 1
    return tail


def _ends_article(line: str, found: Furniture | None) -> bool:
    """Whether a line is the article's own last line: a credit (a news agency's rights
    notice too, which reads as a copyright line), or the author's contact, follow or bio
    line."""
    if (found is None or found.kind == "copyright") and _is_credit(line):
        return True
    return (found is None or found.kind in _AUTHORS_KINDS) and _authors_line(line)


def _listed_class(line: str) -> str:
    """The class of a line listed under a heading above a line no rule knows."""
    if _headline_shaped(line):
        return _HEADLINE
    return _LABEL if _short_label(line) else _ITEM


#: Furniture kinds that may be the author's own line rather than the site's prompt.
_AUTHORS_KINDS = frozenset({"follow", "contact"})

#: Lines under "About the author" that are the author's bio (a name, a job title): none
#: of them starts a rail.
BIO_LINES = 2

#: Fewest words of a line ending in a colon, over a tail, that is a sentence announcing
#: something ("Twitter seemed a bit confused by the campaign:") rather than a list's
#: label ("Tour dates:", "Qualified teams:").
MIN_INTRO_SENTENCE_WORDS = 5

#: Fewest content words of the first line of a rail ("Italy 8-38 Wales" names two
#: things; "Hotels" under a tag label names one).
MIN_START_CONTENT_WORDS = 2

#: Most lines listed under a heading when one of them has a shape no rule knows (a rail
#: is short; a page's reference list is not a rail).
MAX_LISTED = 15
#: The smallest share of headlines, summaries and labels among the lines under such a
#: heading.
MIN_LISTED_SHAPE = 0.6


def _listed_above(
    lines: list[str], index: int, tail: dict[int, tuple[str, Furniture | None]]
) -> int | None:
    """The heading a short line of another shape is listed under ("Related" over a
    headline that ends in a full stop), or ``None``.

    Every text line from the heading down to ``index`` must be short (a rail item but for
    its first letter or final full stop), the heading at most :data:`MAX_LISTED` text
    lines up, and at most a third of all the lines listed under it may end like sentences:
    short paragraphs under a box heading in the middle of an article are not a list.
    """
    listed = sentences = 0
    short: list[str] = []  # the short lines met on the way up, classed only under a heading
    for i in range(index, max(index - 4 * MAX_LISTED, -1), -1):
        line = lines[i]
        if not line.strip():
            continue
        found = _furniture(line)
        if found is not None and found.kind == "heading":
            # the lines already classed under this heading: those below ``index`` up to
            # the next heading, not the items of a heading further down, which a first
            # run cuts and a second does not see (the class must not depend on them)
            end = min((j for j in tail if j > index and tail[j][0] == _HEADING), default=len(lines))
            below = [j for j in tail if index < j < end and tail[j][1] is None]
            listed += len(below)
            sentences += sum(_ends_sentence(lines[j]) for j in below)
            if not 0 < listed <= MAX_LISTED or 3 * sentences > listed:
                return None
            fits = sum(tail[j][0] not in (_ITEM, _LOOSE) for j in below)
            fits += sum(_listed_class(text) != _ITEM for text in short)
            if fits < MIN_LISTED_SHAPE * listed:
                return None
            return i
        if found is None:
            if not _short_line(line):
                return None
            listed += 1
            sentences += _ends_sentence(line)
            short.append(line)
            if listed > MAX_LISTED:
                return None
    return None


def _under_the_articles_end(lines: list[str], first: int) -> int | None:
    """The text line right above line ``first`` (a blank line between them or not) when the
    text line above that one ends the article (a credit, a reprint note, an image's
    credit, the author's line: :func:`_ends_article`), else ``None``. The article's
    closing sentence comes before its credit: a line between the credit and a rail of
    other stories is the rail's top item, whatever its shape."""
    index = _text_line_above(lines, first)
    if index is None or not _right_under_the_articles_end(lines, index):
        return None
    return index


def _right_under_the_articles_end(lines: list[str], index: int) -> bool:
    """Whether the text line above line ``index`` ends the article (:func:`_ends_article`):
    a line there that opens with a sentence and goes on with another is not the article's
    prose, which ends above its credit or its author's line."""
    above = _text_line_above(lines, index)
    return above is not None and _ends_article(lines[above], _furniture(lines[above]))


def _text_line_above(lines: list[str], index: int) -> int | None:
    """The nearest text line above line ``index``, across one blank line at most."""
    for i in range(index - 1, max(index - 3, -1), -1):
        if lines[i].strip():
            return i
    return None


def _item_above(lines: list[str], index: int) -> bool:
    """Whether the text line above is shaped like a rail item (a headline, a label, a
    fixture, or a line in lower case or of two sentences itself): a loose line under one
    may be the next item of a rail; under a paragraph it is the article's own."""
    for i in range(index - 1, -1, -1):
        line = lines[i]
        if line.strip():
            return (_rail_item(line) or _loose_item(line)) and not _is_credit(line)
    return False


def _headline_above(lines: list[str], index: int) -> bool:
    """Whether the text line above is a headline (not furniture or a credit shaped like one)."""
    for i in range(index - 1, -1, -1):
        line = lines[i]
        if line.strip():
            return _headline_shaped(line) and _furniture(line) is None and not _is_credit(line)
    return False


def _same_template(a: str, b: str) -> bool:
    """Whether two lines share their punctuation (and have some): items of one list."""
    return bool(a) and a == b


def _list_items(shapes: list[str]) -> list[bool]:
    """For each item, whether it is one of three or more neighbouring items that share their
    template: an item of the article's own list (tour dates), which a rail does not start
    with. (Two neighbouring teasers may share one by chance.) One pass over the items."""
    flags = [False] * len(shapes)
    start = 0
    for end in range(1, len(shapes) + 1):
        if end == len(shapes) or shapes[end] != shapes[start]:
            if len(shapes[start]) >= 2 and end - start >= 3:
                flags[start:end] = [True] * (end - start)
            start = end
    return flags


#: How many lines of the article above the tail are read for the labels its lines open
#: with (an interview's "Q:" and "A:").
LABEL_LINES = 40


def _labels(above: list[str]) -> frozenset[str]:
    """The labels that lines of the article nearest the tail open with: a tail line
    opening with one of them continues the article ("Q: Favorite apps?" under an
    interview's questions)."""
    found = set()
    for line in itertools.islice(reversed(above), LABEL_LINES):
        label = heuristics.line_label(line)
        if label is not None:
            found.add(label)
    return frozenset(found)


def _shared(words: frozenset[str], vocab: set[str]) -> tuple[int, int]:
    """How many of a line's content ``words`` the article's ``vocab`` holds, and how many
    it has (:func:`heuristics.shared` of a line whose words are known)."""
    return len(words & vocab), len(words)


def _at_least_words(lines: list[str], count: int) -> bool:
    """Whether ``lines`` hold ``count`` words or more (counted from the end, stopping early)."""
    seen = 0
    for line in reversed(lines):
        seen += heuristics.word_count(line)
        if seen >= count:
            return True
    return count <= 0


def _last_text(lines: list[str], size: int) -> str:
    """About the last ``size`` characters of ``lines``: the article text nearest the tail."""
    picked: list[str] = []
    seen = 0
    for line in reversed(lines):
        picked.append(line)
        seen += len(line) + 1
        if seen >= size:
            break
    return "\n".join(reversed(picked))


def _first_text_line(lines: list[str]) -> int | None:
    return next((i for i, line in enumerate(lines) if line.strip()), None)


def _last_text_line(lines: list[str]) -> str | None:
    return next((line for line in reversed(lines) if line.strip()), None)


def _may_have_tail(text: str) -> bool:
    """The trigger's test: whether the last line of text is classed as part of a tail.

    Its class depends on the line itself, the nearest line of text above it (a summary
    under a headline) and the lines up to ``4 * MAX_LISTED`` above it (a heading it is
    listed under), so the end of the text from its :data:`_DECIDING_LINES`-th line of text
    from the end classes it exactly as the whole text does. A last line of more words than
    any shape a rule classes, and no furniture, ends no tail, whatever is above it: most
    texts end with such a paragraph, told from that line alone.
    """
    last = last_text_line(text)
    if last is None:
        return False
    long = len(last.split(None, heuristics.MAX_TEASER_WORDS)) > heuristics.MAX_TEASER_WORDS
    if long and _furniture(last) is None:
        return False  # more words than any shape a rule classes: a paragraph ends the text
    if _classify_tail(split(end_of_text(text, _NEAREST_LINES)), last_only=True):
        return True  # classed with the line above it: the heading far up is not needed
    if not _may_be_listed(last):
        return False  # only a short line of text may be listed under a heading far above
    return bool(_classify_tail(split(end_of_text(text, _DECIDING_LINES)), last_only=True))


def _may_be_listed(line: str) -> bool:
    """Whether a last line that the nearest lines do not class may still be listed under a
    heading further up (:func:`_listed_above`): it must be a short line of text, neither
    furniture nor a credit nor the author's line, which end or open a tail on their own."""
    return (
        _furniture(line) is None
        and _short_line(line)
        and not _is_credit(line)
        and not _authors_line(line)
    )


#: Lines of text at the end that decide whether the last one opens a tail.
_DECIDING_LINES = 4 * MAX_LISTED + 2
#: The last line of text and the one above it: enough to class the last line as furniture,
#: a headline, a summary under one, a label, an item or a loose item under one. What these
#: lines class, the whole text classes too (only a heading further up can add a class, and
#: only to a line these lines leave out), so the deciding lines are read only when they
#: class nothing.
_NEAREST_LINES = 2


def _may_cut(text: str) -> bool:
    """The trigger's test: a tail at the end, or a comment section's heading near it."""
    return _may_have_tail(text) or comments.find_section(text) is not None


def _of_a_comment_section(edit: Edit) -> bool:
    """Whether ``edit`` removes a line of a comment section (:func:`_comment_section`)."""
    return edit.reason.startswith(_COMMENT_SECTION)


_COMMENT_SECTION = "comment section: "


def _comment_section(text: str, lines: list[str], tail: list[Edit]) -> list[Edit]:
    """The lines of a comment section that ends ``text`` (split into ``lines``) once the
    ``tail`` edits are made (:mod:`textwash.structure.comments`): its heading and every
    line under it down to the tail."""
    end = min((edit.index for edit in tail), default=len(lines))
    # the text above the tail, "\n".join(lines[:end]): a section the tail cuts into is
    # found there too, its heading alone if need be
    cut = sum(len(line) + 1 for line in lines[end:]) + text.endswith("\n")
    section = comments.find_section(text, max(0, len(text) - cut))
    if section is None:
        return []
    under = f"{_COMMENT_SECTION}under the heading {section.heading!r} (line {section.start + 1})"
    edits = [Edit(section.start, f"{_COMMENT_SECTION}its heading")]
    edits += [Edit(i, under) for i in range(section.start + 1, end) if lines[i].strip()]
    return edits


_TRIGGER = Trigger(check=_may_cut)
