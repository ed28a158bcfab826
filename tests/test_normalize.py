"""The normalization filters: what each changes, what it leaves, and that each is total,
idempotent and explained, also with its options set and all of them in one pipeline."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings

from cli.cli_helpers import run
from strategies_normalize import normalize_documents
from textwash import Pipeline
from textwash.filters.base import Filter
from textwash.filters.normalize import _extras
from textwash.filters.registry import make_filter

NAMES = [
    "unicode",
    "hyphenation",
    "quotes",
    "dashes",
    "bullets",
    "lowercase",
    "urls",
    "emails",
    "handles",
    "hashtags",
    "phones",
    "currency",
    "numbers",
    "emoji",
    "punctuation",
]

#: Every filter with options other than its defaults.
CONFIGURED: list[tuple[str, dict[str, Any]]] = [
    ("unicode", {"form": "NFKC"}),
    ("hyphenation", {"word_list": False}),
    ("hyphenation", {"language": "de", "min_zipf": 2.0}),
    ("quotes", {"style": "curly"}),
    ("dashes", {"style": "ascii"}),
    ("dashes", {"ellipsis": False}),
    ("bullets", {"bullet": "•"}),
    ("bullets", {"bullet": "*"}),
    ("lowercase", {"method": "casefold"}),
    ("phones", {"region": "GB"}),
    ("punctuation", {"keep": "'-"}),
    *((name, {"replacement": ""}) for name in ["urls", "emails", "handles", "hashtags"]),
    *((name, {"replacement": ""}) for name in ["phones", "currency", "numbers"]),
    ("emoji", {"replacement": "<EMOJI>"}),
]

#: Texts where one removal or replacement made new work for the same filter, found by
#: property runs.
HARD_CASES = [
    "a 🇺😀🇸 b",  # removing the face joins the two halves of a flag
    "x\n😀\n\ny",  # a line of emoji only, between paragraphs
    "inter-\nnational-\nx",  # a chain of split words
    "text ...\n• • a",
    "1-5 a -5 (−3) COVID-19",
    "He is 5'11\" tall",  # the feet must not wait for the inches to be replaced
    # libphonenumber sees the first number only once the second is replaced
    "Russia\n• (202) 555-0143 212-555-0100",
]


def test_every_normalization_filter_is_registered_and_off_by_default() -> None:
    default = Pipeline.default().names
    for name in NAMES:
        f = make_filter(name)
        assert f.name == name and not f.default_enabled and name not in default


def test_normalizations_run_after_the_repair_and_structure_filters() -> None:
    """Only ``unicode`` runs earlier: NFKC makes odd spaces plain, for ``whitespace``."""
    structure = max(make_filter(n).order for n in ("teasers", "repeats", "headline"))
    assert make_filter("unicode").order < make_filter("whitespace").order
    assert all(make_filter(n).order > structure for n in NAMES if n != "unicode")


def test_placeholders_come_after_lowercase_and_before_numbers_and_punctuation() -> None:
    order = {n: make_filter(n).order for n in NAMES}
    for name in ["urls", "emails", "handles", "hashtags", "phones", "currency"]:
        assert order["lowercase"] < order[name] < order["numbers"] < order["punctuation"]
    assert order["urls"] < order["emails"] < order["handles"]  # the @ of an address first


@pytest.mark.parametrize(("name", "options"), CONFIGURED, ids=lambda v: str(v))
@given(text=normalize_documents)
@example(text=HARD_CASES[0])
@example(text=HARD_CASES[1])
@example(text=HARD_CASES[2])
@example(text=HARD_CASES[5])
@example(text=HARD_CASES[6])
def test_configured_filter_is_total_idempotent_and_explained(
    name: str, options: dict[str, Any], text: str
) -> None:
    f = make_filter(name, **options)
    assert isinstance(f, Filter)
    once = f.apply(text)
    assert f.apply(once) == once
    explained, changes = f.explain(text)
    assert explained == once
    assert bool(changes) == (once != text)
    assert all(c.reason for c in changes)


@pytest.mark.parametrize("name", NAMES)
@given(text=normalize_documents)
def test_default_options_on_text_with_things_to_normalize(name: str, text: str) -> None:
    f = make_filter(name)
    assert isinstance(f, Filter)
    once = f.apply(text)
    assert f.apply(once) == once
    assert f.explain(text)[0] == once


def _everything(**options: Any) -> Pipeline:
    pipeline = Pipeline.default()
    for name in NAMES:
        pipeline = pipeline.enable(name, **options.get(name, {}))
    return pipeline


@settings(max_examples=settings.default.max_examples * 2)
@given(text=normalize_documents)
@example(text=HARD_CASES[3])
@example(text=HARD_CASES[4])
@example(text=HARD_CASES[5])
def test_all_normalizations_in_one_pipeline_reach_their_fixed_point(text: str) -> None:
    for pipeline in (
        _everything(quotes={"style": "curly"}),
        _everything(**{n: {"replacement": ""} for n in ["urls", "emails", "phones", "numbers"]}),
    ):
        once = pipeline(text)
        assert pipeline(once) == once


# -- each filter's behaviour ----------------------------------------------------------


def test_quotes_straight_through_the_pipeline() -> None:
    pipeline = Pipeline.default().enable("quotes", style="straight")
    assert pipeline.names[-1] == "quotes"
    assert pipeline("“It’s over,” he said.\n") == '"It\'s over," he said.\n'


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("\"It's the '90s,\" she said.", "“It’s the ’90s,” she said."),
        ("'Rock 'n' roll' and 'em", "‘Rock ’n’ roll’ and ’em"),
        ("the Joneses' house", "the Joneses’ house"),
        ('He is 5\'11" and ate a 12" pizza.', 'He is 5\'11" and ate a 12" pizza.'),
        ('He said "version 2" twice.', "He said “version 2” twice."),
        ("(\"a\") and -'b'", "(“a”) and -‘b’"),
        ("a \" b ' c", "a \" b ' c"),  # a space on both sides: nothing says which
    ],
)
def test_curly_quotes_by_context(text: str, expected: str) -> None:
    assert make_filter("quotes", style="curly").apply(text) == expected


def test_curly_quotes_leave_a_foot_mark_straight() -> None:
    assert make_filter("quotes", style="curly").apply("a 6' wall") == "a 6' wall"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The inter-\nnational talks", "The international\ntalks"),
        ("a well-\nknown fact", "a well-known\nfact"),
        ("the zorbo-\nlith, he said", "the zorbo-\nlith, he said"),  # nothing vouches for it
        ("e-\nmail us; e-mail", "e-mail\nus; e-mail"),  # the document's own spelling
        ("ends in inter-\nnational.", "ends in international."),
        ("the 2019-\n2020 season", "the 2019-\n2020 season"),
        ("foo-\n\nbar", "foo-\n\nbar"),
        (
            "  current Internet-\n  Drafts is; Internet-Drafts",
            "  current Internet-Drafts\n  is; Internet-Drafts",
        ),
    ],
)
def test_hyphenation_decides_with_the_word_list_and_the_document(text: str, expected: str) -> None:
    assert make_filter("hyphenation").apply(text) == expected


def test_hyphenation_without_the_word_list_uses_the_documents_words() -> None:
    f = make_filter("hyphenation", word_list=False)
    assert f.apply("the zorbo-\nlith, a zorbolith") == "the zorbolith,\na zorbolith"
    assert f.apply("The inter-\nnational talks") == "The inter-\nnational talks"


def test_dashes_both_ways() -> None:
    text = "1990--1995: Paris - Berlin, wait---no... 5 - 3; ls --all\n- item"
    typographic = make_filter("dashes").apply(text)
    assert typographic == "1990–1995: Paris – Berlin, wait—no… 5 - 3; ls --all\n- item"
    assert make_filter("dashes", style="ascii").apply("a—b – c…") == "a--b - c..."


def test_bullets_only_at_line_starts() -> None:
    text = "• one\n  ◦ two\n–\u00a0three\n* * *\nnot • this\n— Name\n*emph*"
    assert make_filter("bullets").apply(text) == (
        "- one\n  - two\n- three\n* * *\nnot • this\n— Name\n*emph*"
    )


def test_unicode_nfc_and_nfkc() -> None:
    assert make_filter("unicode").apply("e\u0301 ﬁ") == "é ﬁ"
    assert make_filter("unicode", form="NFKC").apply("e\u0301 ﬁ ½ Ｘ²") == "é fi 1⁄2 X2"


def test_lowercase_keeps_placeholders() -> None:
    assert make_filter("lowercase").apply("ZÜRICH <URL> <Url>") == "zürich <URL> <url>"
    assert make_filter("lowercase", method="casefold").apply("Straße") == "strasse"


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        (
            "urls",
            "Go to https://x.org/a?b=1. Or www.y.com, or z.net/p!",
            "Go to <URL>. Or <URL>, or <URL>!",
        ),
        ("urls", "(https://en.wikipedia.org/wiki/A_(b))", "(<URL>)"),
        ("urls", "Amazon.com and Node.js, v2.1.3", "Amazon.com and Node.js, v2.1.3"),
        ("emails", "Mail a.b+c@x.co.uk. Or git@github", "Mail <EMAIL>. Or git@github"),
        ("handles", "@jane_doe, @a.b and x@y.org", "<USER>, <USER> and x@y.org"),
        ("hashtags", "#Iran #1 C# &#39;", "<HASHTAG> #1 C# &#39;"),
        ("currency", "$5 or €4 or ₹3", "<CUR>5 or <CUR>4 or <CUR>3"),
        (
            "numbers",
            "-3.5 of 1,250,000 on 2024-03-15; G7 COVID-19 the 1990’s",
            "<NUMBER> of <NUMBER> on <NUMBER>-<NUMBER>-<NUMBER>; G7 COVID-19 the 1990’s",
        ),
        ("emoji", "Great 👍🏽 game 🇺🇸\n© 2024 ™", "Great game\n© 2024 ™"),
        ("emoji", "Rated ⭐️⭐️⭐️ (🌟 = new)", "Rated ( = new)"),
        ("punctuation", "“Well-known,” she said… (don't)", "Well known she said dont"),
    ],
)
def test_what_each_replacement_filter_finds(name: str, text: str, expected: str) -> None:
    assert make_filter(name).apply(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Smith 2194 1 0 10 17",  # a row of a statistics table: valid digits, wrong grouping
        "on 2024-03-15",
        "15/03/2024",
        "for $1,250,000",
        "won 3-1",
        "version 10.2.3",
        "at 10:30",
        "1990–1995",
        "in 2024",
    ],
)
def test_phones_leave_dates_prices_scores_and_versions(text: str) -> None:
    assert make_filter("phones").apply(text) == text


def test_phones_by_region() -> None:
    text = "Call (202) 555-0143, +44 20 7946 0958 or 030 901820."
    assert make_filter("phones").apply(text) == "Call <PHONE>, <PHONE> or 030 901820."
    assert (
        make_filter("phones", region="DE").apply(text) == "Call (202) 555-0143, <PHONE> or <PHONE>."
    )


def test_phones_unknown_region_is_an_error_naming_it() -> None:
    with pytest.raises(ValueError, match="unknown region 'XX'"):
        make_filter("phones", region="XX")


def test_removal_leaves_no_double_or_trailing_space() -> None:
    f = make_filter("urls", replacement="")
    assert f.apply("see https://x.org/a and\nhttps://y.org/b now\nlast https://z.org/c") == (
        "see and\nnow\nlast"
    )


def test_explain_names_what_was_found() -> None:
    _, changes = make_filter("emails").explain("a\nwrite to a@b.org\n")
    assert [(c.line, c.after) for c in changes] == [(2, "write to <EMAIL>")]
    assert "a@b.org" in changes[0].reason


@pytest.mark.parametrize(
    ("name", "module"),
    [("phones", "phonenumbers"), ("emoji", "emoji"), ("hyphenation", "wordfreq")],
)
def test_a_missing_library_names_the_extra(
    name: str, module: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = importlib.import_module

    def without(requested: str, *args: Any) -> Any:
        if requested == module:
            raise ImportError(f"No module named {module!r}")
        return real(requested, *args)

    monkeypatch.setattr(_extras.importlib, "import_module", without)
    with pytest.raises(ImportError, match=r"textwash\[normalize\]"):
        make_filter(name).apply("Call (202) 555-0143 😀 inter-\nnational")


def test_clean_command_names_a_missing_extra_before_reading_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = importlib.import_module

    def without(requested: str, *args: Any) -> Any:
        if requested == "phonenumbers":
            raise ImportError("No module named 'phonenumbers'")
        return real(requested, *args)

    monkeypatch.setattr(_extras.importlib, "import_module", without)
    (tmp_path / "a.txt").write_text("Call (202) 555-0143\n", encoding="utf-8")
    result = run([str(tmp_path / "a.txt"), "-o", str(tmp_path / "out"), "--enable", "phones"])
    assert result.exit_code == 1
    assert "pip install 'textwash[normalize]'" in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "out").exists()


def test_clean_command_enables_normalizations(tmp_path: Path) -> None:
    src = tmp_path / "in" / "a.txt"
    src.parent.mkdir()
    src.write_text("Write to tips@example.com or see https://example.com/a.\n", encoding="utf-8")
    result = run(
        [str(src.parent), "-o", str(tmp_path / "out"), "--enable", "urls", "--enable", "emails"]
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "a.txt").read_text(
        encoding="utf-8"
    ) == "Write to <EMAIL> or see <URL>.\n"


@pytest.mark.parametrize("replacement", ["<EMAIL>", ""])
@pytest.mark.parametrize(
    "text",
    [
        "\u2022 tips@example.comRussiafirst.last+news@mail.example.co.ukRussia",  # found by a run
        "a@b.com.x@y.org and a@b.com+y@c.org",
        "Write to tips@example.com. Or mailto:a.b+news@mail.example.co.uk",
    ],
)
def test_what_follows_a_replaced_address_cannot_start_one(text: str, replacement: str) -> None:
    emails = make_filter("emails", replacement=replacement)
    once = emails.apply(text)
    assert emails.apply(once) == once
