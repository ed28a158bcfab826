"""A paragraph captured twice, kept once at its first place.

What it changes
    A paragraph (a line of at least 25 words, by default, ending like a sentence) that has
    already occurred earlier in the document is removed; copies are compared on their
    words, so case, spacing, punctuation and quote style do not matter. A repeated ad
    marker ("Advertisement", "Story continues below", in any case) goes whatever its
    length.

Why
    Extractors capture a block twice (a caption under the photo and in the gallery, a pull
    quote, a section the page renders for two layouts). The second copy adds nothing and
    counts twice in every statistic over the text.

Where the floor comes from
    Lines do repeat on purpose, and they are short or are not sentences: a chorus, a list
    marker, a table header, the question an interview series asks every guest, the
    ingredients a meal plan lists each day. On the 32 extractor outputs of the
    article-extraction benchmark (5,792 documents), the repeated lines the human gold text
    repeats too are list, table and recipe lines (up to 40 words, not ending like a
    sentence) and sentences of at most 21 words (an interview question). A floor of 20
    words would remove 262 of those body lines, 22 none; at 25, with a sentence end
    required of both copies, the filter removes 931 lines there and not one of them is
    body text. 25 keeps a margin above the longest legitimate repeat seen.

Leaves alone
    The first occurrence; repeated lines shorter than the floor or not ending like a
    sentence (choruses, list items, recipe lines, table rows); text that is similar but
    not the same.

Example
    >>> para = "The ministry said on Friday that the talks would resume next week in Geneva, and that both delegations had already agreed on the agenda for the first day."
    >>> text = f"{para}\\n\\nA second paragraph.\\n\\n{para}\\n\\nAdvertisement\\n\\nEnd.\\n\\nAdvertisement\\n"
    >>> print(Repeats().apply(text), end="")
    The ministry said on Friday that the talks would resume next week in Geneva, and that both delegations had already agreed on the agenda for the first day.
    <BLANKLINE>
    A second paragraph.
    <BLANKLINE>
    Advertisement
    <BLANKLINE>
    End.
    >>> Repeats().apply("Let it be, let it be\\nWhisper words of wisdom\\nLet it be, let it be\\n")
    'Let it be, let it be\\nWhisper words of wisdom\\nLet it be, let it be\\n'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textwash.filters.base import Change, Filter
from textwash.structure import heuristics
from textwash.structure.lines import Edit, apply_edits, describe, split


@dataclass(frozen=True)
class Repeats(Filter):
    """Remove later copies of a paragraph that already occurred in the document."""

    name: ClassVar[str] = "repeats"
    summary: ClassVar[str] = "later copies of a repeated paragraph removed"
    order: ClassVar[int] = 600

    #: Fewest words (``\w+`` tokens) a repeated line needs to be removed; it must also end
    #: like a sentence. Shorter repeats are too often legitimate (see *Why* for why 25).
    min_words: int = 25

    def apply(self, text: str) -> str:
        return apply_edits(text, self.edits(text))

    def explain(self, text: str) -> tuple[str, list[Change]]:
        edits = self.edits(text)
        return apply_edits(text, edits), describe(self.name, text, edits)

    def edits(self, text: str) -> list[Edit]:
        """The later copies to remove, each naming the line it repeats."""
        first_seen: dict[str, int] = {}  # paragraphs, by their words
        short_seen: dict[str, int] = {}  # short lines, by their case-folded text
        edits: list[Edit] = []
        # A line of n words has at least 2n - 1 characters: shorter lines can only be ads.
        shortest = 2 * self.min_words - 1
        for index, line in enumerate(split(text)):
            if len(line) < shortest:
                short = line.strip().casefold()
                if not short:
                    continue
                if short not in short_seen:
                    short_seen[short] = index
                elif heuristics.is_ad_marker(line):
                    first = short_seen[short] + 1
                    edits.append(Edit(index, f"repeated ad marker, a copy of line {first}"))
                continue
            if not heuristics.ends_sentence(line):
                continue  # not a paragraph: a list line, a table row, a wrapped line
            words = heuristics.tokens(line)
            if len(words) < self.min_words:
                continue
            key = " ".join(words)
            if key not in first_seen:
                first_seen[key] = index
            else:
                edits.append(
                    Edit(
                        index,
                        f"repeated paragraph ({len(words)} words), a copy of line "
                        f"{first_seen[key] + 1}",
                    )
                )
        return edits
