"""Measure the structure filters on real articles with the defects scrapers leave, injected.

Usage (from the project root)::

    .venv/bin/python benchmarks/evaluate_structure.py [--half tuning|held-out|both]
        [--seed N] [--variants N,N,...] [--show-misses N] [--markdown PATH]

The set is built from public data in ``$TEXTWASH_DATA`` (default ``../shared/data``): the
article-extraction benchmark's gold bodies (titles from each page's ``<title>``) and the
Readability test pages' expected articles and titles. Each article, normalised by the repair
filters (markup, mojibake, apostrophes, whitespace), is the *clean original*. From it the
script makes three seeded variants: about 40% are left untouched (some with their headline
on top), the rest get one kind of defect real scrapers leave:

``headline copies``
    the headline two or three times at the top (one may be in capitals or carry a site name);
``glued (plain|dateline|number|quote|short)``
    the headline once or twice, the last copy glued to the lede; the lede is the article's
    own, or starts with a dateline (``MOSCOW:``, ``LONDON (Reuters) -``, ``March 24 -``,
    ``Tuesday, March 24 -``), a number, a quote, or is a short line; the glued copy is
    sometimes in capitals, carries a site name (``Title | BBC News MOSCOW: ...``) or is
    glued without a space;
``rail`` / ``rail under heading``
    3 to 10 real titles of *other* documents of the same language at the end, some in the
    atypical shapes real rails have (two or three words, fixtures and scores, a quote or a
    digit first, a question, capitals, a label such as ``OP-ED:``, an abbreviation with a
    period), sometimes separated by blank lines or with trailing spaces, with or without a
    heading such as "More stories";
``furniture``
    one to three furniture lines at the end (sign-up, share, copyright, comments);
``whitespace``
    no-break spaces, trailing spaces, CRLF line ends, runs of blank lines;
``apostrophes``
    some apostrophes between letters written as ``´``;
``scraped``
    headline copies, a glued lede, a rail and furniture together.

The documents are cleaned with the default pipeline (``textwash.clean``) and compared with
the clean original (with the headline once on top where the variant has one). Per defect and
per language, for each half: documents exactly equal to the original; the same ignoring
blank lines (layout); injected lines removed (recall: a line added or altered by the
injection that is gone from the output); removed lines that were injected (precision); and
body lines lost (lines of the original missing from the output, its defective form aside),
and of them, the lines the filters' own furniture lists match exactly ("Continue reading the
main story", "Featured"): furniture the source's gold text keeps, reported apart because
the filters remove it by design. An added line counts as kept whatever spaces follow it.

Documents are assigned to the tuning half or the held-out half by their source article and
the seed, so the variants of one article are all in the same half. Tune on the tuning half
only; report both. ``--variants 1,2,3,4,5,6`` gives each article the variants of six
seeds, in the halves of ``--seed``: six times the defects to tune on, none of them on a
held-out article.
"""

from __future__ import annotations

import argparse
import hashlib
import html as html_lib
import random
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import _data  # the script's own folder is on sys.path when it runs
from textwash import Pipeline
from textwash.structure.heuristics import furniture

REPAIR = ("markup", "mojibake", "apostrophes", "whitespace")
VARIANTS_PER_ARTICLE = 3
UNTOUCHED_SHARE = 0.4
DEFECTS = [
    "headline copies",
    "glued",
    "rail",
    "rail under heading",
    "furniture",
    "whitespace",
    "apostrophes",
    "scraped",
]

RAIL_HEADINGS = [
    "More stories",
    "Related",
    "Most popular",
    "You may also like",
    "Read more",
    "MORE FROM NEWS",
    "Related articles",
    "Trending now",
]
SITES = ["BBC News", "The Moscow Times", "Reuters", "example.com", "The Daily Star"]
FURNITURE = [
    "Sign up for our daily newsletter",
    "Share this article",
    "© 2024 Example Media. All rights reserved.",
    "Copyright 2023 The Herald. All rights reserved.",
    "You must be logged in to post a comment.",
    "Follow us on Facebook and Twitter",
    "Advertisement",
    "Share on Facebook",
    "Subscribe to our newsletter",
    "Comments",
]
DATELINES = [
    "MOSCOW:",
    "LONDON (Reuters) -",
    "March 24 -",
    "WASHINGTON —",
    "PARIS (AFP) -",
    "Tuesday, March 24 -",
]
NUMBER_LEDES = [
    "260 people were evacuated from the area overnight, officials said.",
    "12 of the 40 councils have already approved the plan.",
    "2019 was the warmest year on record in the region.",
]
QUOTE_LEDES = [
    "“We did not expect this,” the mayor told reporters on Tuesday.",
    '"It is a sad day for all of us," she said.',
    "‘Nobody saw it coming,’ a witness said.",
]
SHORT_LEDES = ["Photo: AP", "Updated", "Not again.", "Breaking news", "Analysis"]
FIXTURES = [
    "Blackburn v Burnley",
    "Italy 8-38 Wales",
    "Leeds 2-1 Millwall",
    "Ireland v France",
    "Chiefs 31-20 49ers",
]
SHORT_TITLES = ["Mandelson warning to BBC", "Rates on hold", "Storm hits coast", "Bank cuts jobs"]
LABELS = ["OP-ED:", "KEY QUESTIONS:", "ANALYSIS:", "WATCH:", "EXCLUSIVE:"]
ABBREVIATIONS = [
    "Man charged over fire in Boulder, Colo.",
    "Flooding closes roads near Portland, Ore.",
    "School board votes to close campus in Austin, Tex.",
]


# -- the articles ------------------------------------------------------------------------


@dataclass(frozen=True)
class Article:
    key: str
    title: str
    body: str  # the clean original: repaired, whitespace-normalised, one final newline
    language: str


_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
_LATIN_LANGUAGES = ("en", "fr", "de", "es", "it", "pt", "nl", "cs", "pl", "id")
_SCRIPTS = [
    ("ja", re.compile(r"[\u3040-\u30ff]")),
    ("ko", re.compile(r"[\uac00-\ud7af]")),
    ("zh", re.compile(r"[\u4e00-\u9fff]")),
    ("ru", re.compile(r"[\u0400-\u04ff]")),
    ("ar", re.compile(r"[\u0600-\u06ff]")),
    ("hi", re.compile(r"[\u0900-\u097f]")),
    ("el", re.compile(r"[\u0370-\u03ff]")),
]


def _top_words() -> dict[str, set[str]]:
    from wordfreq import top_n_list

    return {lang: set(top_n_list(lang, 60)) for lang in _LATIN_LANGUAGES}


def detect_language(text: str, top: dict[str, set[str]]) -> str:
    """The article's language: its script, or, in Latin script, whose commonest words it uses
    most (a benchmark label only; it need not be right for every page)."""
    sample = text[:5000]
    letters = sum(ch.isalpha() for ch in sample) or 1
    for lang, script in _SCRIPTS:
        if len(script.findall(sample)) > 0.2 * letters:
            return lang
    words = re.findall(r"\w+", sample.casefold())
    scores = {lang: sum(w in common for w in words) for lang, common in top.items()}
    return max(scores, key=lambda lang: scores[lang])


def _clean_title(raw: str, repair: Pipeline) -> str:
    title = " ".join(html_lib.unescape(raw).split())
    return repair(title).strip()


def _real(text: str) -> bool:
    """Not one of the Readability suite's synthetic lorem-ipsum pages."""
    return len(text.split()) >= 40 and "lorem ipsum" not in text[:2000].casefold()


def articles() -> list[Article]:
    """Every real article with a title and a body of at least 40 words."""
    repair = Pipeline(list(REPAIR))
    top = _top_words()
    found: list[Article] = []
    gold = _data.ground_truth()
    for key, body in gold.items():
        match = _TITLE.search(_data.page_html(key)[:200_000])
        title = _clean_title(match.group(1), repair) if match else ""
        text = repair(body).strip("\n")
        if title and _real(text):
            found.append(Article(f"aeb:{key[:12]}", title, text + "\n", detect_language(text, top)))
    for page in _data.readability_pages():
        html = (page.html_path.parent / "expected.html").read_text(encoding="utf-8")
        text = "\n".join(line.strip() for line in repair(html).split("\n"))
        text = repair(text).strip("\n")
        title = _clean_title(page.title, repair)
        language = page.language[:2].lower() or detect_language(text, top)
        if title and _real(text):
            found.append(Article(f"rdb:{page.name}", title, text + "\n", language))
    return found


# -- the defects -------------------------------------------------------------------------


@dataclass
class Case:
    """A defective document, the clean text it should become, and what was injected."""

    article: Article
    defect: str
    text: str
    target: str
    #: Lines of ``text`` added or altered by the injection (a multiset).
    injected: Counter[str] = field(default_factory=Counter)
    #: The clean line each altered line stands for.
    altered: dict[str, str] = field(default_factory=dict)
    half: str = ""


def _separator(body: str) -> str:
    """How the article separates its paragraphs: a blank line, or a line break."""
    return "\n\n" if "\n\n" in body else "\n"


def _top_separator(rng: random.Random, sep: str) -> str:
    """How the copies at the top are separated: mostly like the paragraphs, sometimes not
    (extractors join the title, the ``<h1>`` and the first block each their own way)."""
    return rng.choice([sep, sep, "\n", "\n\n"])


def _site_copy(rng: random.Random, title: str) -> str:
    return f"{title} {rng.choice(['|', '-'])} {rng.choice(SITES)}"


def _headline_copies(rng: random.Random, title: str, count: int) -> list[str]:
    copies = []
    for _ in range(count):
        roll = rng.random()
        if roll < 0.15 and any(ch.islower() for ch in title):
            copies.append(title.upper())
        elif roll < 0.35:
            copies.append(_site_copy(rng, title))
        else:
            copies.append(title)
    return copies


def _odd_item(rng: random.Random, title: str) -> str:
    """A rail item in one of the atypical shapes real rails have, made from a real title
    where the shape allows."""
    shape = rng.randrange(8)
    words = title.split()
    if shape == 0:
        return rng.choice(FIXTURES)
    if shape == 1:
        return rng.choice(SHORT_TITLES)
    if shape == 2 and len(words) >= 6 and not re.search(r"[:\"'“”‘’]", title):
        return f"‘{' '.join(words[:3])}’: {' '.join(words[3:])}"
    if shape == 3:
        return f"{rng.randint(2, 12)} {title}"
    if shape == 4 and title[-1:].isalnum():
        return f"{title}?"
    if shape == 5 and any(ch.islower() for ch in title):
        return title.upper()
    if shape == 6:
        return f"{rng.choice(LABELS)} {title}"
    if shape == 7:
        return rng.choice(ABBREVIATIONS)
    return title


def _rail(
    rng: random.Random, article: Article, pool: dict[str, list[str]], heading: bool
) -> list[str]:
    same = [t for t in pool.get(article.language, []) if t != article.title]
    titles = (
        same if len(same) >= 10 else [t for ts in pool.values() for t in ts if t != article.title]
    )
    count = rng.randint(3, 10)
    items = []
    for title in rng.sample(titles, count):
        title = _bare_title(title)
        items.append(_odd_item(rng, title) if rng.random() < 0.3 else title)
    if rng.random() < 0.3:
        items = [f"{item}  " for item in items]
    lines = [rng.choice(RAIL_HEADINGS)] if heading else []
    gap = rng.random() < 0.3
    for item in items:
        lines.append(item)
        if gap:
            lines.append("")
    return lines[:-1] if gap else lines


_SITE_SEPARATOR = re.compile(r"\s+(?:\||-|–|—)\s+")


def _bare_title(title: str) -> str:
    """A page title without its site name (after the last ``|`` or spaced dash, at most
    five words): what a rail lists."""
    parts = _SITE_SEPARATOR.split(title)
    while len(parts) > 1 and len(parts[-1].split()) <= 5 and len(" ".join(parts[:-1]).split()) >= 3:
        parts = parts[:-1]
    return " - ".join(parts)


def _ends_with(body: str, lines: Sequence[str]) -> str:
    return body.rstrip("\n") + "\n\n" + "\n".join(lines) + "\n"


def make_case(rng: random.Random, article: Article, pool: dict[str, list[str]]) -> Case:
    body, title = article.body, _bare_title(article.title)
    sep = _separator(body)
    with_title = f"{title}{sep}{body}"
    if rng.random() < UNTOUCHED_SHARE:
        if rng.random() < 0.3:
            return Case(article, "untouched, headline on top", with_title, with_title)
        return Case(article, _untouched_kind(body), body, body)
    defect = rng.choice(DEFECTS)
    if defect == "headline copies":
        copies = _headline_copies(rng, title, rng.randint(1, 2))
        text = _top_separator(rng, sep).join([title, *copies]) + sep + body
        return Case(article, defect, text, with_title, Counter(copies))
    if defect in ("glued", "scraped"):
        return _glued(rng, article, title, pool, scraped=defect == "scraped")
    if defect.startswith("rail"):
        rail = _rail(rng, article, pool, heading=defect == "rail under heading")
        return Case(article, defect, _ends_with(body, rail), body, Counter(x for x in rail if x))
    if defect == "furniture":
        lines = rng.sample(FURNITURE, rng.randint(1, 3))
        return Case(article, defect, _ends_with(body, lines), body, Counter(lines))
    if defect == "whitespace":
        return _whitespace(rng, article)
    return _apostrophes(rng, article)


def _untouched_kind(body: str) -> str:
    lines = [line for line in body.split("\n") if line.strip()]
    if len(lines) >= 3 and all(len(line.split()) <= 12 for line in lines[-3:]):
        return "untouched, ends in a list"
    if lines and len(lines[-1].split()) <= 15:
        return "untouched, ends in a short line"
    return "untouched"


def _glued(
    rng: random.Random, article: Article, title: str, pool: dict[str, list[str]], scraped: bool
) -> Case:
    body = article.body
    sep = _separator(body)
    first, _, rest = body.partition("\n")
    kind = rng.choice(["plain", "dateline", "number", "quote", "short"])
    if kind == "dateline":
        first = f"{rng.choice(DATELINES)} {first}"
    elif kind in ("number", "quote"):
        lede = rng.choice(NUMBER_LEDES if kind == "number" else QUOTE_LEDES)
        first = f"{lede}{sep}{first}"
    elif kind == "short":
        first = f"{rng.choice(SHORT_LEDES)}{sep}{first}"
    clean_body = f"{first}\n{rest}" if rest else f"{first}\n"
    lede = first.split("\n", 1)[0]
    copies = _headline_copies(rng, title, rng.randint(0, 1))
    glued_line = _glued_copy(title, lede, f"{article.key}|{kind}|{copies}|{len(rest)}")
    top = _top_separator(rng, sep).join([title, *copies, glued_line])
    text = top + clean_body[len(lede) :]
    target = f"{title}{sep}{clean_body}"
    injected = Counter([*copies, glued_line])
    defect = f"glued ({kind})"
    if scraped:
        rail = _rail(rng, article, pool, heading=rng.random() < 0.5)
        lines = rail + rng.sample(FURNITURE, rng.randint(0, 2))
        text = _ends_with(text, lines)
        injected.update(x for x in lines if x)
        defect = "scraped"
    return Case(article, defect, text, target, injected, {glued_line: lede})


def _glued_copy(title: str, lede: str, key: str) -> str:
    """The copy glued to the lede: mostly the title and a space, sometimes in capitals,
    with a site name (``Title | BBC News MOSCOW: ...``) or without the space
    (``...deniedRussia on ...``). Drawn from ``key``, not from the case's generator, so
    that adding these shapes left every other draw of the set as it was."""
    roll = random.Random(key).random()
    if roll < 0.15 and any(ch.islower() for ch in title):
        return f"{title.upper()} {lede}"
    if roll < 0.3:
        return f"{_site_copy(random.Random(key), title)} {lede}"
    if roll < 0.4 and title[-1:].isalnum() and lede[:1].isalpha():
        return f"{title}{lede}"
    return f"{title} {lede}"


def _whitespace(rng: random.Random, article: Article) -> Case:
    lines = article.body.rstrip("\n").split("\n")
    out = []
    altered: dict[str, str] = {}
    injected: Counter[str] = Counter()
    for line in lines:
        roll = rng.random()
        new = line
        if line.strip() and roll < 0.15:
            new = line + rng.choice(["  ", "\u00a0", " \t"])
        elif line.strip() and roll < 0.25 and " " in line:
            new = line.replace(" ", "\u00a0", 1)
        elif not line.strip() and roll < 0.3:
            new = "\n \n"
        if new != line and line.strip():
            injected[new] += 1
            altered[new] = line
        out.append(new)
    ending = "\r\n" if rng.random() < 0.3 else "\n"
    text = ending.join(out) + ending
    return Case(article, "whitespace", text, article.body, injected, altered)


_APOSTROPHE = re.compile(r"(?<=\w)['’](?=\w)")


def _apostrophes(rng: random.Random, article: Article) -> Case:
    lines = article.body.split("\n")
    injected: Counter[str] = Counter()
    altered: dict[str, str] = {}
    for i, line in enumerate(lines):
        if _APOSTROPHE.search(line) and rng.random() < 0.5:
            new = _APOSTROPHE.sub("´", line, count=1)
            lines[i] = new
            injected[new] += 1
            altered[new] = line
    return Case(article, "apostrophes", "\n".join(lines), article.body, injected, altered)


def half_of(key: str, seed: int) -> str:
    digest = hashlib.sha256(f"{seed}:{key}".encode()).digest()
    return "tuning" if digest[0] % 2 == 0 else "held-out"


def build(seed: int, variant_seeds: Sequence[int] = ()) -> list[Case]:
    """The set of ``seed``: each article's variants, in the half ``seed`` puts it in.

    With ``variant_seeds``, each article gets the variants of each of those seeds instead,
    still in the half ``seed`` puts it in: more defects on the same tuning articles, with
    no held-out article moving into the tuning half.
    """
    found = articles()
    pool: dict[str, list[str]] = defaultdict(list)
    for article in found:
        pool[article.language].append(article.title)
    cases = []
    for article in found:
        for variant_seed in variant_seeds or (seed,):
            rng = random.Random(f"{variant_seed}:{article.key}")
            for _ in range(VARIANTS_PER_ARTICLE):
                case = make_case(rng, article, pool)
                case.half = half_of(article.key, seed)
                cases.append(case)
    return cases


# -- scoring -----------------------------------------------------------------------------


@dataclass
class Tally:
    documents: int = 0
    exact: int = 0
    exact_lines: int = 0
    injected: int = 0
    injected_gone: int = 0
    removed: int = 0
    removed_injected: int = 0
    lost: int = 0
    #: Body lines lost that the filters' furniture lists match ("Continue reading the main
    #: story", "Featured"): page furniture that the source's gold text kept.
    lost_furniture: int = 0

    def add(self, other: Tally) -> None:
        for name in vars(self):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def _text_lines(text: str) -> Counter[str]:
    return Counter(line for line in text.split("\n") if line.strip())


def _normal(line: str) -> str:
    return unicodedata.normalize("NFC", line.rstrip("\r"))


def score_case(case: Case, out: str) -> tuple[Tally, list[str], list[str]]:
    """The tally of one document, the injected lines kept and the body lines lost.

    A line the injection added (a rail item, a furniture line) is the same line whatever
    spaces follow it: one kept without the trailing spaces the set gave it is still kept.
    """
    added = {_normal(k).rstrip() for k in case.injected if k not in case.altered}

    def lines(text: str) -> Counter[str]:
        found: Counter[str] = Counter()
        for line, count in _text_lines(text).items():
            line = _normal(line)
            found[line.rstrip() if line.rstrip() in added else line] += count
        return found

    source = lines(case.text.replace("\r\n", "\n"))
    output = lines(out)
    target = lines(case.target)
    injected: Counter[str] = Counter()
    for line, count in case.injected.items():
        line = _normal(line)
        injected[line.rstrip() if line.rstrip() in added else line] += count
    altered = {_normal(k): v for k, v in case.altered.items()}
    kept_injected = injected & (output - target)  # the headline kept once is not a miss
    removed = source - output
    removed_injected = removed & injected
    excused = Counter(altered[k] for k in kept_injected.elements() if k in altered)
    lost = (target - output) - excused
    tally = Tally(
        documents=1,
        exact=int(out == case.target),
        exact_lines=int(
            [x for x in out.split("\n") if x.strip()]
            == [x for x in case.target.split("\n") if x.strip()]
        ),
        injected=sum(injected.values()),
        injected_gone=sum(injected.values()) - sum(kept_injected.values()),
        removed=sum(removed.values()),
        removed_injected=sum(removed_injected.values()),
        lost=sum(lost.values()),
        lost_furniture=sum(n for line, n in lost.items() if furniture(line) is not None),
    )
    return tally, list(kept_injected.elements()), list(lost.elements())


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "–"


def table(rows: dict[str, Tally], title: str) -> str:
    out = [
        f"| {title} | documents | exact | exact ignoring layout | injected lines | recall "
        "| removed lines | precision | body lines lost | of them furniture |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name in sorted(rows, key=lambda n: (n == "all", n)):
        t = rows[name]
        out.append(
            f"| {name} | {t.documents} | {_pct(t.exact, t.documents)} "
            f"| {_pct(t.exact_lines, t.documents)} | {t.injected} "
            f"| {_pct(t.injected_gone, t.injected)} | {t.removed} "
            f"| {_pct(t.removed_injected, t.removed)} | {t.lost} | {t.lost_furniture} |"
        )
    return "\n".join(out)


def evaluate(cases: Sequence[Case], show: int) -> tuple[dict[str, Tally], dict[str, Tally]]:
    clean = Pipeline.default()
    by_defect: dict[str, Tally] = defaultdict(Tally)
    by_language: dict[str, Tally] = defaultdict(Tally)
    shown: Counter[str] = Counter()
    for case in cases:
        out = clean(case.text)
        tally, kept, lost = score_case(case, out)
        family = case.defect.split(" (")[0] if case.defect.startswith("glued") else case.defect
        for key in {case.defect, family, "all"}:
            by_defect[key].add(tally)
        by_language[case.article.language].add(tally)
        by_language["all"].add(tally)
        if show and not tally.exact and shown[case.defect] < show:
            shown[case.defect] += 1
            print(f"--- {case.defect} [{case.article.key} {case.article.language}]")
            for line in kept:
                print(f"  kept injected: {line[:120]!r}")
            for line in lost:
                print(f"  body line lost: {line[:120]!r}")
            if not kept and not lost:
                print(f"  layout: got {out[:300]!r}")
                print(f"          want {case.target[:300]!r}")
    return dict(by_defect), dict(by_language)


def _halves(cases: Sequence[Case], which: str) -> Iterator[tuple[str, list[Case]]]:
    for half in ("tuning", "held-out"):
        if which in (half, "both"):
            yield half, [c for c in cases if c.half == half]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--half", choices=["tuning", "held-out", "both"], default="tuning")
    parser.add_argument("--seed", type=int, default=1, help="the set's seed (default 1)")
    parser.add_argument(
        "--variants",
        type=lambda text: [int(x) for x in text.split(",")],
        default=[],
        metavar="SEEDS",
        help="draw each article's variants with each of these seeds (comma-separated), "
        "keeping the halves of --seed",
    )
    parser.add_argument(
        "--show-misses", type=int, default=0, metavar="N", help="print N misses per defect"
    )
    parser.add_argument("--markdown", type=Path, help="also write the tables here")
    args = parser.parse_args(argv)
    cases = build(args.seed, args.variants)
    variants = f", variants of seeds {args.variants}" if args.variants else ""
    print(
        f"{len(cases)} documents from {len({c.article.key for c in cases})} articles, seed "
        f"{args.seed}{variants}",
        file=sys.stderr,
    )
    text = []
    for half, subset in _halves(cases, args.half):
        by_defect, by_language = evaluate(subset, args.show_misses)
        text += [f"### {half} half", "", table(by_defect, "defect"), ""]
        text += [table(by_language, "language"), ""]
    print("\n".join(text))
    if args.markdown:
        args.markdown.write_text("\n".join(text), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
