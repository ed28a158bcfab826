"""Hypothesis strategies for the structure filters: documents with known parts.

A generated :class:`Doc` knows what each of its lines is (headline copy, glued lede, body,
related story, short closing line, teaser, furniture), so properties can say exactly what
must survive and what must go. Body text and teasers are drawn from disjoint vocabularies,
as a story and the headlines of other stories are in real pages; a related story reuses the
body's vocabulary. ``line_soup`` and ``arbitrary_text`` feed the same filters text with no
such structure, for totality and idempotence.

Each document is assembled from one seeded ``random.Random``: building it from dozens of
separate Hypothesis draws would make generation, not the filters, the cost of a test.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from random import Random

from hypothesis import strategies as st

#: What the articles are about (content words, none among the commonest English words).
BODY_WORDS = (
    "ministry envoy kremlin taliban scaparrotti afghanistan insurgents commander senate "
    "allegations fabrications campaign district casualties helmand sangin kabulov novosti "
    "diplomatic moscow islamic militants province garrison embassy ceasefire"
).split()
#: What other stories are about.
OTHER_WORDS = (
    "macron parliament furloughed immigration biden bank policy martial yoon displaced "
    "festival orchestra recipe tennis playoff quarterback smartphone bitcoin volcano "
    "glacier museum vaccine airline"
).split()
GLUE = "the of and to in on for with that was by from as at an its".split()
SITES = ["The Moscow Times", "Reuters", "BBC News", "Site News", "example.com"]
FURNITURE = [
    "Related stories",
    "Read more: Markets rally as rates fall",
    "Most read",
    "Sign up for our daily newsletter",
    "Follow us on Twitter @example",
    "Share this article",
    "© 2024 Example News. All rights reserved.",
    "Copyright 2024 Example Media",
    "Advertisement",
    "You must be logged in to post a comment.",
    "Tags: politics, world",
    "* * *",
    "-",
]
CLOSING_LINES = [
    "He declined to comment.",
    "The ministry did not respond.",
    "Updated at 3:45 p.m.",
    "(Reporting by Jane Doe; Editing by John Roe)",
    "Additional reporting by Joseph Hudak",
]
#: The article's own last lines that a rail may follow too: the author's bio line, an
#: image credit.
AUTHOR_LINES = [
    "Jane Doe is a reporter for Example News",
    "Image source: Jane Doe / Example Photos",
]
CHORUS = ["Let it be, let it be", "Na na na na", "Hey Jude", "Oh oh oh"]


def _words(rng: Random, vocab: list[str], low: int, high: int) -> list[str]:
    out = []
    for _ in range(rng.randint(low, high)):
        out.append(rng.choice(vocab) if rng.random() < 0.6 else rng.choice(GLUE))
    return out


def make_sentence(rng: Random, vocab: list[str], low: int = 12, high: int = 24) -> str:
    words = _words(rng, vocab, low, high)
    words[0] = words[0].capitalize()
    return " ".join(words) + rng.choice([".", ".", ".", "?"])


def make_paragraph(rng: Random, vocab: list[str], number: int = 0) -> str:
    """A body paragraph: two to four sentences of 12 to 24 words, starting with a word of
    its own so that no two paragraphs of a document are the same."""
    text = " ".join(make_sentence(rng, vocab) for _ in range(rng.randint(2, 4)))
    return f"{ORDINALS[number % len(ORDINALS)]} {text[0].lower()}{text[1:]}"


ORDINALS = "First Second Third Fourth Fifth Sixth Seventh Eighth Ninth Tenth".split()


def make_headline(rng: Random, vocab: list[str], low: int = 5, high: int = 12) -> str:
    """Headline-shaped: capitalised, a few different words, no sentence stop at the end."""
    words = rng.sample(vocab, rng.randint(low, high))
    text = " ".join(w.capitalize() if rng.random() < 0.4 else w for w in words)
    return text[:1].upper() + text[1:]


def headline_variant(rng: Random, headline: str) -> str:
    """A copy as extractors produce them: other case, spacing, quotes or a site name."""
    kind = rng.randrange(5)
    if kind == 0:
        return headline.upper()
    if kind == 1:
        return "  ".join(headline.split())
    if kind == 2:
        return f"{headline} | {rng.choice(SITES)}"
    if kind == 3:
        return f"{headline} - {rng.choice(SITES)}"
    return headline


def make_odd_item(rng: Random, headline: str) -> str:
    """A rail item of an atypical shape: a fixture or score, two or three words, a quote
    or a digit first, a question, capitals, a label, an abbreviation with a period, a
    labelled link to another story (and, from :func:`make_prose_item`, lower case or two
    sentences)."""
    a, b, c = (w.capitalize() for w in rng.sample(OTHER_WORDS, 3))
    return rng.choice(
        [
            f"{a} v {b}",
            f"{a} {rng.randint(0, 40)}-{rng.randint(0, 40)} {b}",
            f"{a} warning to {b}",
            f"‘{a} {b.lower()}’: {headline}",
            f"{rng.randint(2, 12)} {headline}",
            f"{headline}?",
            headline.upper(),
            f"OP-ED: {a} {b}",
            f"KEY QUESTIONS: {headline}",
            f"{headline} in {c}, Colo.",
            f"WATCH: {headline}",
        ]
    )


def make_prose_item(rng: Random, headline: str) -> str:
    """A rail item that reads like a wrapped line or prose: a title in lower case, or one
    of two sentences (a headline quoting a slogan)."""
    a, b = (w.capitalize() for w in rng.sample(OTHER_WORDS, 2))
    if rng.random() < 0.5:
        return headline[:1].lower() + headline[1:]
    return f"{headline} ‘{a}. We’re on it.’ {b} might be."


#: Datelines that open a lede: a place, an agency, a date (a day name first or not).
DATELINES = [
    "MOSCOW:",
    "LONDON (Reuters) -",
    "March 24 -",
    "WASHINGTON —",
    "Tuesday, March 24 -",
    "Tuesday 15 October 2019 -",
]
SHORT_LEDES = ["Analysis", "Photo: AP", "Not again.", "Updated", "Breaking news"]


def make_lede(rng: Random) -> str:
    """The first line of an article as news sites write it: a sentence, or one opened by a
    dateline, a number, a quote, a bracket or a handle, or a short line of its own."""
    sentence = make_sentence(rng, BODY_WORDS, 14, 24)
    lower = sentence[0].lower() + sentence[1:]
    kind = rng.randrange(7)
    if kind == 1:
        return f"{rng.choice(DATELINES)} {sentence}"
    if kind == 2:
        return f"{rng.randint(2, 500)} {lower}"
    if kind == 3:
        return f"“{sentence[:-1]},” officials said."
    if kind == 4:
        return f"{rng.choice(['(Reuters)', '[Video]', '<Kabul>', '@ministry'])} {sentence}"
    if kind == 5:
        return rng.choice(SHORT_LEDES)
    return f"Officials {lower}"


def glued_copy(rng: Random, headline: str, lede: str) -> str:
    """The last copy glued to the lede as extractors glue it: mostly the headline and a
    space; in capitals; with a site name where a dateline, a quote or a number opens the
    lede (before other ledes the site name's end cannot be told, and the line stays); or
    without a space where a letter opens the lede."""
    roll = rng.random()
    if roll < 0.15:
        return f"{headline.upper()} {lede}"
    if roll < 0.3 and (lede[0] in "“0123456789" or lede.startswith(tuple(DATELINES))):
        return f"{headline} {rng.choice(['|', '-'])} {rng.choice(SITES)} {lede}"
    if roll < 0.45 and not lede[0].isdigit():
        return f"{headline}{lede}"
    return f"{headline} {lede}"


def make_titled_page(rng: Random) -> Doc:
    """A page titled with one word and a site name ("Mozilla - Wikipedia"), maybe twice,
    then its own first row naming the subject (an infobox's head, a product's name), short
    rows and paragraphs: the row is the page's, not a copy of the title."""
    name = rng.choice(BODY_WORDS).capitalize()
    title = f"{name}{rng.choice([' - ', ' | ', ' – '])}{rng.choice(SITES)}"
    copies = rng.choice([0, 0, 1])
    rows = [make_headline(rng, BODY_WORDS, 1, 3) for _ in range(rng.randint(0, 4))]
    paragraphs = [make_paragraph(rng, BODY_WORDS, i) for i in range(rng.randint(2, 4))]
    body = [name, *rows, *paragraphs]
    separator = rng.choice(["\n\n", "\n"])
    text = separator.join([title] * (1 + copies) + body) + "\n"
    return Doc(text, title, copies, False, body)


@dataclass
class Doc:
    """A generated document and what each of its kept parts is."""

    text: str
    headline: str | None
    copies: int
    glued: bool
    body: list[str] = field(default_factory=list)  # lines that must survive, in order
    teasers: list[str] = field(default_factory=list)
    furniture: list[str] = field(default_factory=list)


def make_document(rng: Random) -> Doc:
    """Headline (with copies, maybe one glued to the lede), body, maybe a related story and
    a closing line, then maybe a tail of teasers and furniture."""
    parts: list[str] = []
    headline = make_headline(rng, BODY_WORDS) if rng.random() < 0.8 else None
    copies = rng.choice([0, 0, 1, 1, 2]) if headline else 0
    glued = bool(headline) and rng.random() < 0.3
    body = [make_paragraph(rng, BODY_WORDS, i) for i in range(rng.randint(2, 6))]
    if headline:
        parts.append(headline)
        parts += [headline_variant(rng, headline) for _ in range(copies)]
    if glued:
        lede = make_lede(rng)
        parts.append(glued_copy(rng, headline or "", lede))
        kept = [lede]
    else:
        kept = []
    parts += body
    kept += body
    if rng.random() < 0.3:  # a related story on the same subject, in full
        story = [make_headline(rng, BODY_WORDS)] + [
            make_paragraph(rng, BODY_WORDS, 6 + i) for i in range(rng.randint(1, 2))
        ]
        parts += story
        kept += story
    if rng.random() < 0.3:
        closing = rng.choice(CLOSING_LINES + AUTHOR_LINES)
        parts.append(closing)
        kept.append(closing)
    teasers = [make_headline(rng, OTHER_WORDS, 6, 14) for _ in range(rng.choice([0, 0, 3, 4, 6]))]
    odd = rng.sample(range(len(teasers)), rng.randint(0, max(len(teasers) - 1, 0) // 2))
    for i in odd:
        teasers[i] = make_odd_item(rng, teasers[i])
    plain = [i for i in range(1, len(teasers)) if i not in odd]
    if len(teasers) >= 4 and plain and rng.random() < 0.3:  # one in four may read as prose
        i = rng.choice(plain)
        teasers[i] = make_prose_item(rng, teasers[i])
    furniture = rng.sample(FURNITURE, rng.choice([0, 0, 1, 2, 3]))
    tail = teasers + furniture
    if rng.random() < 0.5:
        tail = furniture + teasers
    parts += tail
    separator = rng.choice(["\n\n", "\n"])
    return Doc(separator.join(parts) + "\n", headline, copies, glued, kept, teasers, furniture)


def make_line_soup(rng: Random) -> str:
    """Lines of every kind in any order, with any layout: structure without the rules."""
    pool = [
        lambda: make_headline(rng, BODY_WORDS),
        lambda: make_headline(rng, OTHER_WORDS),
        lambda: make_paragraph(rng, BODY_WORDS),
        lambda: make_sentence(rng, OTHER_WORDS, 4, 10),
        lambda: rng.choice(FURNITURE),
        lambda: rng.choice(CLOSING_LINES),
        lambda: rng.choice(CHORUS),
        lambda: "",
        lambda: " ",
        lambda: rng.choice(["Tour dates:", "Qualified teams", "Chiefs vs. Chargers: Recap"]),
    ]
    lines = [rng.choice(pool)() for _ in range(rng.randint(0, 25))]
    if lines and rng.random() < 0.3:  # a repeated block
        start = rng.randrange(len(lines))
        lines += lines[start : start + rng.randint(1, 4)]
    text = rng.choice(["\n", "\n\n", "\r\n", "\n \n"]).join(lines)
    return text + rng.choice(["", "\n", "\n\n"])


#: Last lines of an article that this round's tail rules read: a sentence ending in a
#: colon (over tweets a scraper dropped), a headline of stopwords only, a date range, the
#: authors' bio in two sentences, a contributor's line and a reprint note.
TAIL_LINES = [
    "Twitter seemed a bit confused by the campaign:",
    "Here is what the residents told us about it:",
    "4 Things to Do in October",
    "29 November 2018 | 20 January 2019",
    "Ana Ruiz es politóloga en Lisboa. Juan Gil es abogado y analista",
    "Abigail Williams and Beomsu Jo contributed",
    "Reprinted with permission from Wired",
]


def make_tail_soup(rng: Random) -> Doc:
    """An article, then its last lines in any order (this round's closing shapes, a
    headline on its subject, credits), then maybe a rail of other stories: the
    article's paragraphs must all stay, whatever the tail rules decide."""
    body = [make_paragraph(rng, BODY_WORDS, i) for i in range(rng.randint(2, 4))]
    pool = [
        lambda: rng.choice(TAIL_LINES),
        lambda: make_headline(rng, BODY_WORDS),
        lambda: make_headline(rng, OTHER_WORDS, 6, 14),
        lambda: make_odd_item(rng, make_headline(rng, OTHER_WORDS, 6, 14)),
        lambda: rng.choice(CLOSING_LINES + AUTHOR_LINES),
    ]
    tail = [rng.choice(pool)() for _ in range(rng.randint(1, 9))]
    separator = rng.choice(["\n\n", "\n"])
    return Doc(separator.join(body + tail) + "\n", None, 0, False, body)


#: Headings of a comment section: those that can only head comments, and those that
#: head them only over a comment's furniture (a name with a time, a "Reply" button).
#: (In one script: a heading in another one than the text's last line is not looked for.)
COMMENT_HEADINGS = [
    "Top Rated Comments",
    "Reader comments",
    "3 comments on “Ceasefire talks resume”",
    "### Comments",
    "12 Comments",
    "Leave a comment",
    "Commentaires (4)",
    "Kommentare",
]
#: A commenter's name and time, as the first lines of a comment.
COMMENTERS = [
    "Jane Doe\nNovember 18, 2019 at 3:45 pm",
    "jdoe · 3 hours ago",
    "Jamie Cassidy | November 15, 2018 at 10:12 am",
    "Gast 11:15 05.10.18",
]
#: A comment's buttons.
COMMENT_BUTTONS = ["Reply", "Like · Reply · 12", "Report", "Répondre"]
#: What a comment form leaves under the comments.
COMMENT_FORM = [
    "Leave a Reply Cancel reply",
    "Save my name, email, and website in this browser for the next time I comment.",
    "This site uses Akismet to reduce spam. Learn how your comment data is processed.",
]


def make_commented_article(rng: Random) -> Doc:
    """An article (its last line maybe a closing line), then a comment section to the
    end: a heading, comments of a sentence or three each (with the commenter's name and
    time and buttons, or, as some extractors keep them, without), maybe the comment
    form. The article is :attr:`Doc.body`; the section is :attr:`Doc.furniture`."""
    body = [make_paragraph(rng, BODY_WORDS, i) for i in range(rng.randint(3, 5))]
    while sum(len(line.split()) for line in body) < 200:  # an article, longer than its comments
        body.append(make_paragraph(rng, BODY_WORDS, len(body)))
    if rng.random() < 0.3:
        body.append(rng.choice(CLOSING_LINES))
    heading = rng.choice(COMMENT_HEADINGS)
    bare = heading in COMMENT_HEADINGS[:3] and rng.random() < 0.5  # text only, as kept
    section = [heading]
    for _ in range(rng.randint(1, 3)):
        if not bare:
            section += rng.choice(COMMENTERS).split("\n")
        section += [make_sentence(rng, OTHER_WORDS, 4, 12) for _ in range(rng.randint(1, 3))]
        if not bare and rng.random() < 0.7:
            section.append(rng.choice(COMMENT_BUTTONS))
    if not bare and rng.random() < 0.4:
        section += COMMENT_FORM[: rng.randint(1, 3)]
    separator = rng.choice(["\n\n", "\n"])
    return Doc(separator.join(body + section) + "\n", None, 0, False, body, [], section)


#: One seed per example: every choice a builder makes comes from ``Random(seed)``, which is
#: far cheaper than a Hypothesis draw per choice (the cost is coarser shrinking: a failure
#: shrinks to the smallest seed, and the document's parts show what it was made of).
seeds = st.integers(min_value=0, max_value=2**64 - 1)
documents = seeds.map(lambda seed: make_document(Random(seed)))
titled_pages = seeds.map(lambda seed: make_titled_page(Random(seed)))
line_soup = seeds.map(lambda seed: make_line_soup(Random(seed)))
tail_soup = seeds.map(lambda seed: make_tail_soup(Random(seed)))
commented_articles = seeds.map(lambda seed: make_commented_article(Random(seed)))
arbitrary_text = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from(list("\n\n\n \t\r.:,;!?-|*©@\"'’“”[](){}_#>•")),
    ),
    max_size=300,
)
#: Everything a structure filter must survive.
any_text = st.one_of(
    documents.map(lambda d: d.text),
    line_soup,
    arbitrary_text,
    commented_articles.map(lambda d: d.text),
)


def normalised(text: str) -> bool:
    """Whether ``text`` is laid out as the whitespace filter leaves it."""
    if text == "":
        return True
    lines = text[:-1].split("\n")
    return (
        text.endswith("\n")
        and "\r" not in text
        and all(line == line.rstrip() for line in lines)
        and "\n\n\n" not in text
        and bool(lines[0].strip())
        and bool(lines[-1].strip())
    )
