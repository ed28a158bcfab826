"""Hypothesis strategies for documents that look like scraper output.

Random characters alone almost never produce a headline copy, a teaser block or a mojibake
sequence, so most of these strategies assemble documents from realistic parts (headlines,
paragraphs with quotes and apostrophes, teaser lines) and then damage them the way scrapers
do (mojibake, broken apostrophes, entities and tags, odd spaces, CRLF). ``documents`` mixes
all of that with arbitrary text so that totality is tested too.
"""

from __future__ import annotations

from random import Random

from hypothesis import strategies as st

WORDS = (
    "Russia NATO Taliban president minister said claims government officials war peace "
    "conference Kremlin military forces report market shares company Tuesday March "
    "election vote police city council school water energy climate health study data "
    "the of and to in on for with that was is by it from at as an"
).split()
FOREIGN_WORDS = (
    "café déjà naïve Zürich São Paulo España año más está l'homme qu'il Москва правительство "
    "Αθήνα κυβέρνηση 北京 政府 東京 서울 القاهرة ירושלים हिन्दी"
).split()
APOSTROPHES = ["'", "\u2019", "\u00b4", "`", "\u2032", "\ufffd"]
ODD_SPACES = ["\u00a0", "\u2009", "\u202f", "\u3000", "\u200b", "\ufeff", "\u00ad", "\t"]
ENTITIES = ["&amp;", "&nbsp;", "&#8217;", "&rsquo;", "&lt;", "&gt;", "&quot;", "&hellip;"]
TAGS = ["<br>", "<p>", "</p>", "<b>", "</b>", '<a href="/x">', "</a>", '<div class="c">']
NOT_MARKUP = ["AT&T", "R&D", "a < b", "<3", "<username>", "the <p> tag"]
MEASUREMENTS = ["5\u2032 11\u2033", "40°26\u203246\u2033N", "`ls -la`"]
CONTRACTIONS = ["don{a}t", "it{a}s", "Kremlin{a}s", "we{a}re", "they{a}ve", "I{a}m", "O{a}Brien"]
TEASERS = [
    "Related stories",
    "Read more: Markets rally as rates fall",
    "Most read",
    "Sign up for our newsletter",
    "Follow us on Twitter",
    "© 2024 Example News. All rights reserved.",
    "Advertisement",
]


# The builders below take a ``random.Random`` drawn once by Hypothesis: assembling a document
# from dozens of separate draws makes generation, not the filters, the cost of every test.


def make_sentence(rng: Random) -> str:
    parts = []
    for _ in range(rng.randint(3, 25)):
        kind = rng.random()
        if kind < 0.7:
            parts.append(rng.choice(WORDS))
        elif kind < 0.8:
            parts.append(rng.choice(FOREIGN_WORDS))
        elif kind < 0.92:
            parts.append(rng.choice(CONTRACTIONS).format(a=rng.choice(APOSTROPHES)))
        elif kind < 0.96:
            parts.append(rng.choice(MEASUREMENTS))
        else:
            parts.append(rng.choice(NOT_MARKUP))
    text = " ".join(parts)
    text = text[:1].upper() + text[1:] + rng.choice([".", ".", "?", "!", ""])
    quote = rng.choice([None, ('"', '"'), ("\u201c", "\u201d"), ("'", "'")])
    return f"{quote[0]}{text}{quote[1]}" if quote else text


def make_headline(rng: Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(3, 12))]
    title = " ".join(w.capitalize() if rng.random() < 0.5 else w for w in words)
    return title[:1].upper() + title[1:]


def make_paragraph(rng: Random) -> str:
    return " ".join(make_sentence(rng) for _ in range(rng.randint(1, 5)))


def mojibake(text: str, encoding: str) -> str:
    """``text`` as it looks after being decoded in the wrong encoding."""
    return text.encode("utf-8").decode(encoding, errors="replace")


def make_article(rng: Random) -> str:
    """A headline (maybe repeated, maybe glued to the lede), paragraphs, maybe teasers."""
    title = make_headline(rng)
    body = [make_paragraph(rng) for _ in range(rng.randint(1, 6))]
    copies = rng.randint(0, 3)
    top = [title] * copies
    if copies and rng.random() < 0.5:
        body[0] = f"{title} {body[0]}"
        top = top[:-1]
    tail = [
        make_headline(rng) if rng.random() < 0.5 else rng.choice(TEASERS)
        for _ in range(rng.randint(0, 6))
    ]
    separator = rng.choice(["\n", "\n\n"])
    return separator.join([*top, *body, *tail]) + rng.choice(["", "\n", "\n\n", " "])


def damage(rng: Random, text: str) -> str:
    """Apply zero or more kinds of scraper damage to ``text``."""
    if rng.random() < 0.4:
        lines = text.split("\n")
        encoding = rng.choice(["cp1252", "latin-1", "cp1251", "mac_roman"])
        lines = [mojibake(line, encoding) if rng.random() < 0.5 else line for line in lines]
        text = "\n".join(lines)
    if rng.random() < 0.5:
        pieces = text.split(" ")
        for _ in range(rng.randint(1, 6)):
            i = rng.randint(0, len(pieces))
            pieces.insert(i, rng.choice(ENTITIES + TAGS + ODD_SPACES))
        text = " ".join(pieces)
    if rng.random() < 0.3:
        text = text.replace("\n", rng.choice(["\r\n", "\r", "\n\n\n", " \u00a0\n"]))
    return text


randoms = st.randoms(use_true_random=False)
articles = randoms.map(make_article)
scraped_documents = randoms.map(lambda rng: damage(rng, make_article(rng)))

#: Everything a filter must survive: realistic documents, damaged ones, and any text at all.
documents = st.one_of(
    scraped_documents,
    scraped_documents,
    articles,
    st.text(),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=300),
    st.lists(
        st.one_of(
            st.text(max_size=40),
            st.sampled_from(APOSTROPHES + ODD_SPACES + ENTITIES + TAGS + NOT_MARKUP + TEASERS),
            randoms.map(make_headline),
            st.just("\n"),
        ),
        max_size=30,
    ).map("".join),
)
