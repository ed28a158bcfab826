"""The mojibake filter repairs what ftfy repairs, and its fast path equals plain ftfy."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from random import Random

import ftfy
from hypothesis import given
from hypothesis import strategies as st

from strategies import damage, make_article, mojibake
from textwash.filters.character_width import fold_width_outside_cjk
from textwash.filters.markup import Markup
from textwash.filters.mojibake import (
    _ASTRAL,
    _PICTOGRAPHS,
    Mojibake,
    _detector,
    _nfc_unstable,
    fix_text_fast,
    may_need_ftfy,
)

PLAIN_FTFY = ftfy.TextFixerConfig(
    uncurl_quotes=False, unescape_html=False, fix_character_width=False, explain=False
)


def plain_ftfy(text: str) -> str:
    """What the filter promises: plain ftfy, with widths folded outside CJK lines."""
    return fold_width_outside_cjk(ftfy.fix_text(text, PLAIN_FTFY))


CASE_FILES = ["in-the-wild", "synthetic", "language-names"]


def load_cases(data: Path, name: str) -> list[dict[str, str]]:
    cases: list[dict[str, str]] = json.loads(
        (data / "ftfy-test-cases" / f"{name}.json").read_text(encoding="utf-8")
    )
    return cases


def repair(text: str) -> str:
    """The repair stage ftfy's cases exercise: entities first, then mojibake."""
    return Mojibake().apply(Markup().apply(text))


def test_ftfy_pass_cases_come_out_as_ftfy_fixes_them(shared_data: Path) -> None:
    cases = [c for name in CASE_FILES for c in load_cases(shared_data, name)]
    passing = [c for c in cases if c["expect"] == "pass"]
    assert len(passing) > 100
    wrong = [
        (c["label"], c["fixed"], repair(c["original"]))
        for c in passing
        # ftfy's expected text has its quotes straightened; ours keeps the document's own.
        if ftfy.fixes.uncurl_quotes(repair(c["original"])) != c["fixed"]
    ]
    assert wrong == []


def test_ftfy_negative_cases_come_out_as_ftfy_leaves_them(shared_data: Path) -> None:
    cases = load_cases(shared_data, "negative")
    assert cases
    for case in cases:
        assert ftfy.fixes.uncurl_quotes(repair(case["original"])) == case["fixed"], case["label"]


def test_fast_path_equals_plain_ftfy_on_every_case(shared_data: Path) -> None:
    names = [*CASE_FILES, "negative", "known-failures"]
    for case in (c for name in names for c in load_cases(shared_data, name)):
        text = case["original"]
        assert fix_text_fast(text) == plain_ftfy(text), case["label"]
        joined = f"Headline\n{text}\nA plain line.\n{text} again"
        assert fix_text_fast(joined) == plain_ftfy(joined), case["label"]


def extractor_outputs(data: Path) -> list[str]:
    docs = []
    for path in sorted((data / "article-extraction-benchmark" / "output").glob("*.json")):
        records = json.loads(path.read_text(encoding="utf-8"))
        records = records["output"] if "version" in records else records
        docs.extend(r.get("articleBody") or "" for r in records.values())
    return docs


def test_fast_path_equals_plain_ftfy_on_the_benchmark_corpus(shared_data: Path) -> None:
    docs = extractor_outputs(shared_data)
    assert len(docs) > 5000
    changed = 0
    for doc in docs:
        expected = plain_ftfy(doc)
        assert fix_text_fast(doc) == expected
        changed += expected != doc
    assert changed > 50  # the corpus does exercise the slow path


@given(seed=st.integers(0, 2**32), encoding=st.sampled_from(["cp1252", "latin-1", "cp1251"]))
def test_fast_path_equals_plain_ftfy_on_generated_mojibake(seed: int, encoding: str) -> None:
    rng = Random(seed)
    text = damage(rng, make_article(rng))
    lines = text.split("\n")
    text = "\n".join(mojibake(line, encoding) if rng.random() < 0.3 else line for line in lines)
    assert fix_text_fast(text) == plain_ftfy(text)


@given(text=st.text())
def test_fast_path_equals_plain_ftfy_on_any_text(text: str) -> None:
    assert fix_text_fast(text) == plain_ftfy(text)


def test_the_badness_regex_was_analysed() -> None:
    """The fast path is exact only if every badness alternative has a listable character."""
    detector = _detector()
    assert detector.exact
    assert detector.width >= 2
    # Ordinary English typography must not send a document to the slow checks.
    assert not detector.clusters.search("“It’s done” — she said… ‘twice’.")


def test_keeps_the_documents_quote_style() -> None:
    assert Mojibake().apply("â€œQuotedâ€\x9d and itâ€™s\n") == "“Quoted” and it’s\n"


def test_explain_names_the_encodings() -> None:
    text, changes = Mojibake().explain("fine line\nThe caf\u00c3\u00a9 opened.\n")
    assert text == "fine line\nThe café opened.\n"
    assert [c.line for c in changes] == [2]
    assert "latin-1" in changes[0].reason or "windows-1252" in changes[0].reason


@given(seed=st.integers(0, 2**32))
def test_the_recent_output_cache_changes_no_result(seed: int) -> None:
    """Cleaning a near copy of the previous output gives what a fresh filter gives."""
    from textwash.filters import mojibake as module

    rng = Random(seed)
    lines = damage(rng, make_article(rng)).split("\n")
    first = Mojibake().apply("\n".join(lines))
    edited = first.split("\n")
    for _ in range(rng.randint(0, 3)):  # later filters touch a few lines
        i = rng.randrange(len(edited))
        edited[i] = rng.choice([edited[i].rstrip(), edited[i] + " \u00ad", "caf\u00c3\u00a9", ""])
    near_copy = "\n".join(edited)
    cached = Mojibake().apply(near_copy)
    module._RECENT.remember("")  # forget: the next call takes the plain path
    assert cached == Mojibake().apply(near_copy)


def test_full_width_forms_are_folded_in_latin_text_only() -> None:
    """Full-width punctuation is CJK typography; in Latin text it is damage."""
    chinese = "东京（共同社）3日电，日本首相表示：“我们将继续努力！”ＡＢＣ\n"
    japanese = "ｶﾀｶﾅで書かれた見出し　ＡＢＣ\n"
    assert Mojibake().apply(chinese) == chinese
    assert Mojibake().apply(japanese) == japanese
    assert (
        Mojibake().apply("Ningbo\uff0cChina and \uff21\uff22\uff23 ＡＢＣ\n")
        == "Ningbo,China and ABC ABC\n"
    )
    mixed = "An English line，with a wide comma.\n中文的句子，保持不变。\n"
    assert Mojibake().apply(mixed) == "An English line,with a wide comma.\n中文的句子，保持不变。\n"


_WIDTH_TEXT = st.text(
    alphabet=st.sampled_from(list("ab ,\n\t东京ｶﾀﾞｬ한ｱ，：（）！ＡＢＣ１２　\u3002\u200b\u00e9")),
    max_size=60,
)


@given(text=_WIDTH_TEXT)
def test_width_folding_is_idempotent_and_line_local(text: str) -> None:
    once = fold_width_outside_cjk(text)
    assert fold_width_outside_cjk(once) == once
    assert once.count("\n") == text.count("\n")
    # a line's fate does not depend on the other lines
    first = text.split("\n")[0]
    assert fold_width_outside_cjk(first) == once.split("\n")[0]


def test_the_trigger_is_silent_on_clean_accented_text() -> None:
    """Accented letters, Cyrillic capitals and curly quotes are no evidence of mojibake on
    their own: a clean text in any language is not sent to the filter at all."""
    trigger = Mojibake().trigger()
    assert trigger is not None
    for clean in [
        "Caf\u00e9 in Z\u00fcrich, a\u00e7\u00e3o em S\u00e3o Paulo, \u201cGr\u00fc\u00dfe\u201d.\n",
        "\u0412 \u0420\u043e\u0441\u0441\u0438\u0438 \u0421\u041c\u0418 \u2014 "
        "\u00ab\u0413\u043e\u0441\u0434\u0443\u043c\u0430\u00bb\n",
        "\u00bd cup of flour, \u00a35 \u2014 \u2018twice\u2019\n",
    ]:
        assert not trigger.fires(clean), clean
    assert trigger.fires("The caf\u00c3\u00a9 opened.\n")


def test_every_badness_match_holds_a_piece_of_evidence(shared_data: Path) -> None:
    """The evidence is derived from ftfy's badness regex: wherever that regex matches a
    line of ftfy's cases, the one search of the trigger finds something."""
    from ftfy.badness import BADNESS_RE

    suspect = _detector().suspect
    lines = [
        line
        for name in [*CASE_FILES, "negative"]
        for case in load_cases(shared_data, name)
        for line in case["original"].split("\n")
    ]
    bad = [line for line in lines if BADNESS_RE.search(line)]
    assert len(bad) > 100
    assert [line for line in bad if not suspect.search(line)] == []


def test_a_text_without_the_characters_that_can_unsettle_nfc_is_in_nfc() -> None:
    """Every other character of the Basic Multilingual Plane in one text, in code point
    order, and every emoji and pictograph: in NFC, as the trigger takes them to be."""
    unstable, wide = _nfc_unstable()
    stable = "".join(
        chr(c) for c in range(0x10000) if not 0xD800 <= c < 0xE000 and chr(c) not in unstable
    )
    assert unicodedata.is_normalized("NFC", stable)
    assert unicodedata.is_normalized("NFC", stable[::-1])
    pictographs = "".join(chr(c) for c in _PICTOGRAPHS)
    assert unicodedata.is_normalized("NFC", pictographs) or wide == _ASTRAL
    assert "e\u0301"[1] in unstable and "\u11a8" in unstable and "\u2000" in unstable


@given(text=st.text(st.characters(exclude_categories=["Cs"]), max_size=40))
def test_where_no_character_can_unsettle_nfc_the_trigger_need_not_test_it(text: str) -> None:
    unstable, _ = _nfc_unstable()
    if not any(c in unstable or (ord(c) > 0xFFFF and ord(c) not in _PICTOGRAPHS) for c in text):
        assert unicodedata.is_normalized("NFC", text)
    assert may_need_ftfy(text) == (
        _detector().suspect.search(text) is not None or not unicodedata.is_normalized("NFC", text)
    )
