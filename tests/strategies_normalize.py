"""Hypothesis strategies for text the normalization filters act on.

News and social text with what those filters look for (URLs, addresses, phone numbers,
handles, hashtags, emoji, prices, quotes, dashes, list bullets, words split at line ends)
next to what they must leave alone (dates, scores, versions, measurements, compounds), then
mixed with the scraper documents of :mod:`strategies` and arbitrary text.
"""

from __future__ import annotations

from random import Random

from hypothesis import strategies as st

from strategies import WORDS, documents

URLS = [
    "https://example.com/news/2024/03/15/story.html?utm_source=x",
    "http://www.bbc.co.uk/news",
    "www.example.org",
    "example.com/path",
    "(see https://en.wikipedia.org/wiki/Foo_(bar))",
    "ftp://files.example.net/a.zip.",
]
EMAILS = ["tips@example.com", "first.last+news@mail.example.co.uk", "mailto:a@b.org", "x@y"]
PHONES = ["(202) 555-0143", "+44 20 7946 0958", "212-555-0100", "030 901820", "+1 800 555 0199"]
NOT_PHONES = ["2024-03-15", "15/03/2024", "$1,250,000", "3-1", "v2.1.3", "10:30", "1990–1995"]
SOCIAL = ["@jane_doe", "@news.desk", "#Iran", "#1", "C#", "&#39;", "@x@mastodon.social", "a@b"]
EMOJI = ["😀", "👍🏽", "🇺🇸", "1️⃣", "👨‍👩‍👧", "©", "™", "❤️", "🇺", "\ufe0f"]
TYPOGRAPHY = [
    '"quoted"',
    "'single'",
    "don't",
    "'90s",
    "5'11\"",
    '12" pizza',
    "“curly”",
    "‘curly’",
    "„low“",
    "--",
    "---",
    " - ",
    "...",
    "…",
    "—",
    "–",
    "well-known",
    "½",
    "ﬁ",
    "Ｆｕｌｌ",
    "e\u0301",
    "Straße",
    "İstanbul",
    "ΣΟΦΙΑ",
    "<URL>",
    "<NUMBER>",
]
BULLETS = ["• ", "◦ ", "▪", "– ", "* ", "- ", "1. ", "— ", "* * *"]
SPLITS = ["inter-\nnational", "well-\nknown", "co-\noperation", "zorbo-\nlith", "a-\nb-\nc"]


def make_normalize_text(rng: Random) -> str:
    """Lines of news and social text with things to normalize and things to leave."""
    pools = [WORDS, URLS, EMAILS, PHONES, NOT_PHONES, SOCIAL, EMOJI, TYPOGRAPHY, SPLITS]
    lines = []
    for _ in range(rng.randint(1, 8)):
        parts = []
        for _ in range(rng.randint(1, 14)):
            pool = WORDS if rng.random() < 0.5 else rng.choice(pools)
            parts.append(rng.choice(pool))
        separator = rng.choice([" ", " ", " ", "", ", ", "\n"])
        line = separator.join(parts)
        if rng.random() < 0.2:
            line = rng.choice(BULLETS) + line
        lines.append(line + rng.choice(["", ".", "!", " 😀", "..."]))
    return rng.choice(["\n", "\n\n"]).join(lines) + rng.choice(["", "\n"])


normalize_texts = st.randoms(use_true_random=False).map(make_normalize_text)

#: What the normalization filters must survive: their own kind of text, scraper documents
#: and any text at all.
normalize_documents = st.one_of(normalize_texts, normalize_texts, documents)
