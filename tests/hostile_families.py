"""Families of hostile texts, built to any size, and the growth of a function's time on them.

A family is a way to build a text of about ``n`` characters that pushes some rule of some
filter to its worst case: a headline repeated hundreds of times, one huge line, thousands
of blank lines, a tail of ten thousand teaser lines, mojibake, apostrophe marks and lossy
characters in long runs. ``tests/test_hostile.py`` asserts that each filter's time grows
linearly on them; ``benchmarks/bench_hostile.py`` prints the same timings for a report.

Linear time is a complexity property, measured as ratios in one process: the best time of
several repeats at ``n``, ``2n`` and ``4n`` (the garbage collector paused), and each
doubling may cost at most :data:`MAX_DOUBLING` times as much (on average from the smallest
size to the largest). Linear work gives about 2,
``n log n`` a little more, quadratic work 4.
"""

from __future__ import annotations

import gc
import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass

#: The sizes a family is measured at, in characters; each doubles the one before.
SIZES = (40_000, 80_000, 160_000)
#: The most a doubling of the input may multiply the time by.
MAX_DOUBLING = 2.5
#: Seconds under which the largest size counts as linear whatever the ratios: 12 ns a
#: character. At such times the ratios measure caches, not work, and quadratic work over
#: 160k characters takes seconds even as a scan in C at memory speed.
FAST_ENOUGH = 0.002

HEAD = "Fire hits mill in the north of the city"
SITE = " | The Daily Example"
SENTENCE = "Crews fought the blaze through the night and the mayor thanked them on Friday."
PARAGRAPH = (
    "The ministry said on Friday that the talks would resume next week in Geneva, and that "
    "both delegations had already agreed on the agenda for the first day of the meeting."
)
BODY = (
    "Firefighters from three towns fought the blaze at the old textile mill until dawn, "
    "officials said, and nobody was hurt although the roof of the main hall collapsed. "
    "The owner said the building had been empty for years and was due to be demolished."
)
#: Headline-shaped lines that share no content word with :data:`BODY`.
TEASERS = (
    "Yoon has been stripped of his duties by parliament",
    "Public health activities can suffer as workers are furloughed",
    "President Biden took office pledging to ease immigration policies",
    "Storms batter coastal villages as ferries stay in harbour",
)

#: Lines every page of the corpus the bound ``boilerplate`` filter is fitted on carries.
BOILERPLATE = ("Subscribe to our newsletter\n", "Most read\n", "\n", "* * *\n")


def repeat(unit: str, n: int, prefix: str = "", suffix: str = "") -> str:
    """``prefix``, ``unit`` repeated to about ``n`` characters in all, ``suffix``."""
    return prefix + unit * max(1, (n - len(prefix) - len(suffix)) // len(unit)) + suffix


def cycle(units: tuple[str, ...], n: int, prefix: str = "", suffix: str = "") -> str:
    """``units`` one after the other, over and over, to about ``n`` characters."""
    return repeat("".join(units), n, prefix, suffix)


def nested_escapes(n: int) -> str:
    """``&`` runs before ``#35;`` layers: each decoding reveals one more ``&#35;``."""
    layers = n // 5
    return "&" * layers + "#" + "35;" * layers + "108;t;"


def long_title(words: int = 29) -> str:
    """A first line of ``words`` long words, just inside what a headline may be."""
    return " ".join(f"Word{i:02d}xyz" for i in range(words))


def spaced_title(n: int) -> str:
    """The words of :func:`long_title` with spaces between them, ``n`` characters in all:
    every copy below has the same words, and each copy is short."""
    words = long_title(30).split()
    gap = " " * max(1, (n - len("".join(words))) // (len(words) - 1))
    return gap.join(words)


@dataclass(frozen=True)
class Family:
    """A hostile text builder and the filters it is aimed at (``"pipeline"``: the default)."""

    build: Callable[[int], str]
    targets: tuple[str, ...]


STRUCTURE = ("headline", "repeats", "teasers")
REPAIR = ("mojibake", "apostrophes", "whitespace")
PIPELINES = ("pipeline", "pipeline for files", "pipeline with transliterate")
#: The default pipeline with every optional normalization on.
NORMALIZED = "pipeline with normalizations"
NORMALIZATIONS = (
    "unicode", "hyphenation", "quotes", "dashes", "bullets", "lowercase", "urls", "emails",
    "handles", "hashtags", "phones", "currency", "numbers", "emoji", "punctuation",
)  # fmt: skip
EXPLAINED = "pipeline explained"

FAMILIES: dict[str, Family] = {
    # headline
    "headline repeated": Family(
        lambda n: repeat(HEAD + "\n\n", n), ("headline", *PIPELINES, EXPLAINED)
    ),
    "headline with site names repeated": Family(
        lambda n: cycle((HEAD + SITE + "\n", HEAD + "\n"), n), ("headline", "pipeline")
    ),
    "headline copies glued on one line": Family(
        lambda n: repeat(HEAD + " ", n, HEAD + "\n", SENTENCE), ("headline", "pipeline")
    ),
    "glued copies of a site-named copy": Family(
        lambda n: repeat(f"{HEAD} {HEAD}{SITE}\n", n, HEAD + "\n"), ("headline", "pipeline")
    ),
    "long first line repeated": Family(
        lambda n: repeat(long_title() + "\n", n), ("headline", "pipeline")
    ),
    "spaced-out first line, short copies": Family(
        lambda n: repeat(long_title(30) + "\n", n // 2, spaced_title(n // 2) + "\n"),
        ("headline", "pipeline"),
    ),
    "long first line glued to itself": Family(
        lambda n: repeat(long_title() + " ", n, long_title() + "\n", SENTENCE),
        ("headline", "pipeline"),
    ),
    # lines
    "one huge line": Family(lambda n: repeat("word ", n), (*STRUCTURE, *REPAIR, "pipeline")),
    "huge first line": Family(
        lambda n: repeat("Word ", n, "", "\n" + BODY + "\n"), (*STRUCTURE, "pipeline")
    ),
    "no spaces": Family(lambda n: repeat("abcdefghij", n), (*STRUCTURE, *REPAIR, "pipeline")),
    "thousands of tiny lines": Family(
        lambda n: repeat("a\n", n), (*STRUCTURE, *REPAIR, *PIPELINES)
    ),
    "thousands of blank lines": Family(
        lambda n: repeat("\n", n, HEAD + "\n", BODY), (*STRUCTURE, "whitespace", "pipeline")
    ),
    "blank lines of spaces": Family(
        lambda n: repeat(" \n", n, HEAD + "\n", BODY), (*STRUCTURE, "whitespace", "pipeline")
    ),
    "every line a copy": Family(lambda n: repeat(HEAD + "\n", n), (*STRUCTURE, "pipeline")),
    "repeated paragraphs": Family(
        lambda n: repeat(PARAGRAPH + "\n\n", n), ("repeats", "teasers", "pipeline", EXPLAINED)
    ),
    "repeated ad markers": Family(
        lambda n: repeat("Advertisement\n\n" + BODY + "\n\n", n), ("repeats", "pipeline")
    ),
    "closing marks": Family(lambda n: repeat(")", n, "A. "), (*STRUCTURE, "pipeline")),
    "sentence breaks": Family(lambda n: repeat("a. B ", n), (*STRUCTURE, "pipeline")),
    # teasers
    "teaser tail": Family(lambda n: cycle(TEASERS, n, BODY + "\n\n"), ("teasers", "pipeline")),
    "teaser tail, one per line": Family(
        lambda n: cycle(tuple(t + "\n" for t in TEASERS), n, BODY + "\n\n"),
        ("teasers", *PIPELINES),
    ),
    "teasers with summaries": Family(
        lambda n: cycle(
            (TEASERS[0] + "\n", "A ferry sank and three people were rescued.\n"), n, BODY + "\n"
        ),
        ("teasers", "pipeline"),
    ),
    "teasers with blank lines between": Family(
        lambda n: cycle((TEASERS[1] + "\n" + "\n" * 20,), n, BODY + "\n"),
        ("teasers", "pipeline", EXPLAINED),
    ),
    "related heading and its list": Family(
        lambda n: cycle(("Related stories\n", TEASERS[2] + "\n", "Markets\n"), n, BODY + "\n"),
        ("teasers", "pipeline"),
    ),
    "furniture tail": Family(
        lambda n: cycle(
            ("Sign up for our newsletter\n", "Follow us on Twitter\n", "Advertisement\n"),
            n,
            BODY + "\n",
        ),
        ("teasers", "pipeline"),
    ),
    "one template list": Family(
        lambda n: repeat(
            "2018.04.05 ~ Open Run at the Stadium Arena\n", n, BODY + "\nTour dates:\n"
        ),
        ("teasers", "pipeline"),
    ),
    # mojibake
    "mojibake run": Family(
        lambda n: repeat("Ã©", n), ("mojibake", "apostrophes", "transliterate", "pipeline")
    ),
    "mojibake lines": Family(lambda n: repeat("cafÃ© au lait\n", n), ("mojibake", *PIPELINES)),
    "mojibake far apart on a line": Family(
        lambda n: repeat("Ã©" + " x" * 45, n), ("mojibake", "pipeline")
    ),
    "curly quote mojibake": Family(
        lambda n: repeat("donâ€™t â€œsayâ€\x9d ", n), ("mojibake", "apostrophes", "pipeline")
    ),
    "double mojibake": Family(lambda n: repeat("KremlinÃ¢â‚¬â„¢s ", n), ("mojibake", "pipeline")),
    "C1 controls": Family(lambda n: repeat("a\x85b\x96", n), (*REPAIR, "pipeline")),
    "full-width letters": Family(
        lambda n: repeat("ＡＢＣ ", n), ("mojibake", "transliterate", *PIPELINES)
    ),
    "ligatures": Family(lambda n: repeat("ﬁnd ", n), ("mojibake", "pipeline")),
    "combining accents": Family(
        lambda n: repeat("e\u0301 ", n), ("mojibake", "transliterate", *PIPELINES)
    ),
    "terminal escapes": Family(
        lambda n: repeat("\x1b[31mred\x1b[0m ", n), ("mojibake", "pipeline")
    ),
    "lone surrogates": Family(lambda n: repeat("a\ud83d", n), (*REPAIR, "pipeline")),
    # apostrophes
    "acute accents": Family(lambda n: repeat("\u00b4", n), ("apostrophes", "pipeline")),
    "backticks": Family(lambda n: repeat("`", n), ("apostrophes", "pipeline")),
    "primes": Family(lambda n: repeat("\u2032", n), ("apostrophes", "pipeline")),
    "lossy marks": Family(lambda n: repeat("\ufffd", n), ("apostrophes", "mojibake", "pipeline")),
    "lossy mojibake": Family(lambda n: repeat("â??", n), ("apostrophes", "mojibake", "pipeline")),
    "clitics with every mark": Family(
        lambda n: cycle(
            ("don\u00b4t ", "it`s ", "we\u2032re ", "the Waters\ufffd book "), n, "the "
        ),
        ("apostrophes", "pipeline"),
    ),
    "lossy marks in English": Family(
        lambda n: repeat("it was the Watersâ?? idea and don\ufffdt ", n),
        ("apostrophes", "pipeline"),
    ),
    "lossy marks left alone": Family(
        lambda n: repeat(" \ufffd", n, "the of and "), ("apostrophes", "pipeline")
    ),
    "lossy closing quotes": Family(
        lambda n: repeat("\u201cYes,\ufffd she said, \u201cthe ", n), ("apostrophes", "pipeline")
    ),
    "deep quote nesting": Family(
        lambda n: repeat("\u201c\"\u2018'\u00ab", n, "", " it\u00b4s the end"),
        ("apostrophes", "pipeline"),
    ),
    "code spans on every line": Family(
        lambda n: repeat("`ls` and don`t\n", n), ("apostrophes", "pipeline")
    ),
    "elisions and names": Family(
        lambda n: repeat("l\u00b4homme O\u2032Brien ma`am ", n), ("apostrophes", "pipeline")
    ),
    # whitespace
    "no-break space run": Family(lambda n: repeat("\u00a0", n), ("whitespace", "pipeline")),
    "zero-width run": Family(lambda n: repeat("\u200b", n), ("whitespace", "pipeline")),
    "odd spaces between words": Family(
        lambda n: repeat("a\u00a0\u200b\u2009\ufeff", n), (*REPAIR, "pipeline")
    ),
    "CR-only line ends": Family(lambda n: repeat("line\r", n), (*REPAIR, *PIPELINES)),
    "CRLF blank runs": Family(lambda n: repeat("\r\n", n, "a", "b"), ("whitespace", "pipeline")),
    "trailing spaces": Family(lambda n: repeat("a  \t \n", n), ("whitespace", "pipeline")),
    "every other line changed": Family(
        lambda n: repeat("a \nb\n", n), ("whitespace", "pipeline", EXPLAINED)
    ),
    "every other line changed, lines added": Family(
        lambda n: repeat("a&amp;<br>b\nb\n", n), ("pipeline", EXPLAINED)
    ),
    "space run": Family(lambda n: repeat(" ", n, "a", "b\n"), (*REPAIR, *STRUCTURE, "pipeline")),
    "scripts and emoji": Family(
        lambda n: repeat("Москва 北京 👩\u200d🔬 ", n), ("transliterate", "whitespace", "pipeline")
    ),
    # boilerplate (bound to a corpus whose every page has these lines at its ends)
    "boilerplate head and tail": Family(
        lambda n: cycle(BOILERPLATE, n, "", BODY + "\n" + "".join(BOILERPLATE) * 100),
        ("boilerplate",),
    ),
    "boilerplate lines throughout": Family(
        lambda n: cycle((*BOILERPLATE, BODY + "\n"), n), ("boilerplate",)
    ),
    # markup, through the pipeline
    "entity chain": Family(lambda n: repeat("amp;", n, "&", "lt;"), ("pipeline",)),
    "&AMP; chain": Family(lambda n: repeat("AMP;", n, "&", "lt;"), ("pipeline",)),
    "nested &#35; layers": Family(nested_escapes, ("pipeline",)),
    "entities with soft hyphens": Family(lambda n: repeat("&\xad#38;", n), ("pipeline",)),
    "soft hyphens inside tags": Family(lambda n: repeat("<p\u00ad>x", n), ("pipeline", EXPLAINED)),
    "invisible entity names": Family(lambda n: repeat("a&nb\u200bsp;b", n), ("pipeline",)),
    "page of nested <li>": Family(lambda n: repeat("<li>x", n, "<html>"), ("pipeline", EXPLAINED)),
    "page of flat <p>/<br>": Family(
        lambda n: repeat("<p>a<br>b", n, "<html><body>"), ("pipeline",)
    ),
    "page of unterminated <!--": Family(lambda n: repeat("<!--", n, "<html>"), ("pipeline",)),
    "stray sibling tags": Family(lambda n: repeat("w<b>x</b> ", n), ("pipeline",)),
    "< runs": Family(lambda n: repeat("<", n), ("pipeline",)),
    "entities on every line": Family(
        lambda n: repeat("Tom &amp; Jerry&nbsp;<br>\n", n),
        ("pipeline", "pipeline for files", EXPLAINED),
    ),
    # the optional normalizations
    "urls and e-mails": Family(
        lambda n: repeat("see https://example.com/a?b=1#c or mail a.b@example.org, ", n),
        ("urls", "emails", "handles", NORMALIZED),
    ),
    "a URL that never ends": Family(
        lambda n: repeat("a", n, "https://", " x"), ("urls", "emails", NORMALIZED)
    ),
    "an address that never ends": Family(
        lambda n: repeat("a.", n, "x@"), ("urls", "emails", "handles", NORMALIZED)
    ),
    "@ and # runs": Family(
        lambda n: repeat("@#", n), ("handles", "hashtags", "emails", NORMALIZED)
    ),
    "handles and hashtags": Family(
        lambda n: repeat("@user_1 #tag #Tag2 ", n), ("handles", "hashtags", NORMALIZED)
    ),
    "phone numbers": Family(
        lambda n: repeat("Call 020 7946 0958 or +1 (555) 010-9999. ", n),
        ("phones", "numbers", NORMALIZED),
    ),
    "one huge number": Family(
        lambda n: repeat("1", n), ("phones", "numbers", "currency", NORMALIZED)
    ),
    "digit groups": Family(
        lambda n: repeat("12 345 ", n), ("phones", "numbers", "currency", NORMALIZED)
    ),
    "prices": Family(
        lambda n: repeat("$1,234.50 and €99 or 5 USD ", n), ("currency", "numbers", NORMALIZED)
    ),
    "quotes and primes": Family(
        lambda n: repeat("\"He said 'it's 5\u2032 11\u2033'\" and \u201cso\u201d ", n),
        ("quotes", NORMALIZED),
    ),
    "dashes and dots": Family(lambda n: repeat("a -- b --- c ... - d ", n), ("dashes", NORMALIZED)),
    "hyphenated line ends": Family(
        lambda n: repeat("the inter-\nnational and well-\nknown ", n, "international "),
        ("hyphenation", NORMALIZED),
    ),
    "hyphens at every line end": Family(lambda n: repeat("a-\n", n), ("hyphenation", NORMALIZED)),
    "bullets": Family(
        lambda n: repeat("\u2022 item\n\u25e6 sub\n\u25aa x\n\u2013 y\n", n),
        ("bullets", NORMALIZED),
    ),
    "mixed case and compatibility forms": Family(
        lambda n: repeat("HeLLo \u00c0\u00c9 Stra\u00dfe \ufb01 \u2460 \uff21 ", n),
        ("lowercase", "unicode", NORMALIZED),
    ),
    "emoji sequences": Family(
        lambda n: repeat("\U0001f469\u200d\U0001f52c\U0001f44d\U0001f3fd\u2b50\ufe0f ", n),
        ("emoji", NORMALIZED),
    ),
    "punctuation run": Family(
        lambda n: repeat("!?.,;:()[]{}\u00ab\u00bb", n), ("punctuation", NORMALIZED)
    ),
}


def best_time(function: Callable[[str], object], text: str, repeats: int = 5) -> float:
    """CPU seconds per call: the best of ``repeats`` timings, each of enough calls to measure.

    CPU time, not wall time: on a shared machine a process waits for a core now and then,
    and waiting is not work. The garbage collector is paused while timing: its full
    collections cost in proportion to every object alive, not to the work being measured.
    """
    clock = time.process_time
    start = clock()
    function(text)
    calls = max(1, int(0.004 / max(clock() - start, 1e-6)))
    best = float("inf")
    gc.collect()
    gc.disable()
    try:
        for _ in range(repeats):
            start = clock()
            for _ in range(calls):
                function(text)
            best = min(best, (clock() - start) / calls)
    finally:
        gc.enable()
    return best


def timings(
    function: Callable[[str], object], build: Callable[[int], str], repeats: int = 5
) -> list[float]:
    """Seconds per call at each of :data:`SIZES`."""
    return [best_time(function, build(n), repeats) for n in SIZES]


def growth(times: list[float]) -> float:
    """The time's growth per doubling of the input, from the smallest size to the largest
    (the geometric mean of :func:`doublings`: one doubling that a cache boundary or a busy
    spell makes look dear does not decide alone; quadratic work still shows 4)."""
    return (max(times[-1], 1e-9) / max(times[0], 1e-9)) ** (1 / (len(times) - 1))


def doublings(times: list[float]) -> list[float]:
    """How much each doubling of the input multiplied the time by."""
    return [later / max(earlier, 1e-9) for earlier, later in itertools.pairwise(times)]


def runner(target: str) -> Callable[[str], object]:
    """What a family's target names, as a function of a text.

    ``"pipeline"`` is the default pipeline, ``"pipeline for files"`` that pipeline as
    ``clean`` runs it on ``.txt`` files, ``"pipeline with transliterate"`` the default one
    with ``transliterate`` on, ``"pipeline explained"`` its ``explain`` (what
    ``clean --explain`` shows); ``"boilerplate"`` is the corpus filter bound to a corpus of
    pages that all carry :data:`BOILERPLATE`, run on a document of that corpus' source; any
    other name is a document filter from the registry, with its default options.
    """
    from textwash import Document, Pipeline
    from textwash.filters.registry import make_filter

    if target == "pipeline":
        return Pipeline.default()
    if target == "pipeline for files":
        return Pipeline.default().for_whole_files()
    if target == EXPLAINED:
        return Pipeline.default().explain
    if target == "pipeline with transliterate":
        return Pipeline.default().enable("transliterate")
    if target == NORMALIZED:
        pipeline = Pipeline.default()
        for name in NORMALIZATIONS:
            pipeline = pipeline.enable(name)
        return pipeline
    if target == "boilerplate":
        from textwash.filters.boilerplate import Boilerplate

        pages = [
            Document("".join(BOILERPLATE) + f"Story {i}.\n" + "".join(BOILERPLATE),
                     metadata={"url": f"https://example.com/{i}"})
            for i in range(10)
        ]  # fmt: skip
        corpus = Boilerplate()
        bound = corpus.bind(corpus.fit(pages))
        url = {"url": "https://example.com/hostile"}
        return lambda text: bound.apply_document(Document(text, metadata=url))
    f = make_filter(target)
    return f.apply  # type: ignore[union-attr]
