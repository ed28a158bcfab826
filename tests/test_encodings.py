"""Reading text that is not UTF-8: the decision rule, forced encodings, Windows-1252's
undefined bytes, and what the runner reports about a conversion."""

from __future__ import annotations

import json
import random
import unicodedata
from pathlib import Path

import pytest

from textwash import Pipeline
from textwash.formats import FormatError
from textwash.formats import text as text_format
from textwash.formats.html import extract_html
from textwash.formats.legacy import WINDOWS_1252, canonical_name, decode_windows_1252, guess
from textwash.formats.plausibility import implausibility
from textwash.formats.text import decode_text
from textwash.runner import decoding_changes, explain_file

# -- Western text: Windows-1252 first -------------------------------------------------------

#: English news as scrapers save it in Windows-1252: curly quotes and apostrophes
#: (0x91-0x94), dashes, an ellipsis. Statistical detectors read such bytes as cp775,
#: cp850, cp1250, big5hkscs or hp_roman8.
ENGLISH = [
    "Bentley’s lawyer said “Rebekah” had been told twice — once in May.",
    "It’s the council’s third attempt… and it won’t be the last, she said.",
    "“We’re not going anywhere,” the coach said. “Not this year.”",
    "The 2019–2020 season ended early; officials didn’t say why.",
    "He paid £5 for a café crème at the Zürich station, “naïvely” thinking it was €5.",
]

#: Short Western texts, where a detector has least to go on.
SHORT_WESTERN = [
    "déjà vu",
    "Café",
    "Zürich",
    "naïve façade",
    "El Niño",
    "Smörgåsbord",
    "crème brûlée",
    "São Paulo",
    "Þórr",
    "Motörhead",
    "£5",
    "½ cup",
    "5 °C",
    "©2019",
    "“quoted”",
    "it’s",
    "é",
]


@pytest.mark.parametrize("text", ENGLISH + SHORT_WESTERN)
def test_western_text_is_read_as_windows_1252(text: str) -> None:
    decoded = decode_text(text.encode("cp1252"))
    assert (decoded.text, decoded.encoding, decoded.guessed) == (text, WINDOWS_1252, True)


def test_real_english_news_in_windows_1252_is_read_back_exactly(shared_data: Path) -> None:
    """The gold article bodies of the extraction benchmark, saved as Windows-1252: every
    one with non-ASCII punctuation comes back as written (before: 24 of 140 did not)."""
    gold = json.loads(
        (shared_data / "article-extraction-benchmark" / "ground-truth.json").read_text()
    )
    tried = wrong = 0
    for record in gold.values():
        body = record["articleBody"]
        if not any(ord(ch) > 0x7F and unicodedata.category(ch)[0] in "PSZ" for ch in body):
            continue
        try:
            data = body.encode("cp1252")
        except UnicodeEncodeError:
            continue
        tried += 1
        wrong += decode_text(data).text != body
    assert tried > 90
    assert wrong == 0


# -- other scripts: Windows-1252 must not win -------------------------------------------------

OTHER_SCRIPTS = {
    "Russian": (
        "В Москве прошла встреча министров иностранных дел. Стороны обсудили вопросы "
        "безопасности и торговли.",
        ["koi8-r", "cp1251", "iso8859-5"],
    ),
    "Japanese": (
        "東京で外相会談が行われ、安全保障と貿易の問題について話し合った。",
        ["shift_jis", "euc-jp"],
    ),
    "Chinese": ("外交部长在北京举行会谈，双方讨论了安全与贸易问题。", ["gb18030", "gbk"]),
    "Czech": (
        "Příliš žluťoučký kůň úpěl ďábelské ódy. Ministři zahraničí se sešli v Praze "
        "a jednali o bezpečnosti.",
        ["iso8859-2", "cp1250"],
    ),
    "Polish": (
        "Zażółć gęślą jaźń. Ministrowie spraw zagranicznych spotkali się w Warszawie.",
        ["iso8859-2", "cp1250"],
    ),
    "Hungarian": (
        "Árvíztűrő tükörfúrógép. A külügyminiszterek Budapesten találkoztak.",
        ["iso8859-2"],
    ),
    "Korean": ("외교부 장관들이 서울에서 만나 안보와 무역 문제를 논의했다.", ["euc-kr"]),
    "Greek": ("Οι υπουργοί Εξωτερικών συναντήθηκαν στην Αθήνα.", ["cp1253", "iso8859-7"]),
    "Turkish": (
        "Dışişleri bakanları Ankara'da bir araya geldi ve güvenlik konularını görüştü.",
        ["cp1254"],
    ),
}


@pytest.mark.parametrize(
    ("language", "encoding"),
    [(language, enc) for language, (_, encs) in OTHER_SCRIPTS.items() for enc in encs],
)
def test_other_scripts_are_read_in_their_encoding(language: str, encoding: str) -> None:
    text = OTHER_SCRIPTS[language][0]
    decoded = decode_text(text.encode(encoding))
    assert decoded.text == text
    assert decoded.encoding != WINDOWS_1252 and decoded.guessed


@pytest.mark.parametrize("language", sorted(OTHER_SCRIPTS))
def test_windows_1252_readings_of_other_scripts_are_implausible(language: str) -> None:
    text, encodings = OTHER_SCRIPTS[language]
    assert implausibility(text) == 0
    misread = decode_windows_1252(text.encode(encodings[0]))
    assert implausibility(misread) > 0


def test_the_signs_of_a_wrong_reading() -> None:
    assert implausibility("BentleyÆs ōRebekahö") == 2  # case switch mid-word (cp775)
    assert implausibility("Bentley慨 car") == 1  # a lone ideograph on a Latin word (big5)
    assert implausibility("Ïðèâåò") == 1  # a Latin word of accents only (cp1251)
    assert implausibility("Pøíliš") == 1  # no language writes ø and í together
    assert implausibility("má¹ dobrý") == 0  # a superscript after a word: allowed
    assert implausibility("ža¹ka") == 1  # inside one: not (ISO-8859-2 "šaška")
    assert implausibility("caf\x81e") > 0  # a C1 control
    assert implausibility("▒▓⌠■ text") == 1  # box drawing and signs: one run, one sign
    assert implausibility("iPhoneを買った") == 0  # Latin words inside Japanese are normal
    assert implausibility("Сolumn") == 0  # a Cyrillic look-alike typed in a Latin word
    assert implausibility("Cоlumnд") == 1  # but not any Cyrillic letter


def test_valid_utf8_costs_one_decode(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_guessing(data: bytes) -> None:
        raise AssertionError("guessed an encoding for valid UTF-8")

    monkeypatch.setattr(text_format, "guess", no_guessing)
    assert decode_text("Привет, “world” — café\n".encode()).encoding is None


def test_utf8_with_a_stray_windows_1252_byte_is_read_as_both() -> None:
    """A UTF-8 file with an apostrophe typed in Windows-1252: the UTF-8 stays UTF-8 (read as
    Windows-1252 it would be mojibake), the stray byte is read as Windows-1252."""
    data = "The café said “yes” to Zoë’s plan.\n".encode() + b"It\x92s fine.\n"
    decoded = decode_text(data)
    assert decoded.text == "The café said “yes” to Zoë’s plan.\nIt’s fine.\n"
    assert (decoded.encoding, decoded.guessed) == ("utf-8+windows-1252", True)
    forced = decode_text(b"caf\xc3\xa9 \x93ok\x94 \x81", encoding="UTF-8+Windows-1252")
    assert forced.text == "café “ok” \x81"


def test_large_files_are_decided_on_their_non_ascii_lines() -> None:
    """Readings are compared on a sample (the lines with non-ASCII bytes, 64 KB at most):
    Russian after 340 KB of ASCII is found, a 320 KB line of Japanese is cut right."""
    russian = OTHER_SCRIPTS["Russian"][0] + "\n"
    decoded = decode_text(b"plain ascii line\n" * 20_000 + russian.encode("koi8-r"))
    assert decoded.encoding == "koi8-r" and decoded.text.endswith(russian)
    japanese = OTHER_SCRIPTS["Japanese"][0] * 5000
    assert decode_text(japanese.encode("shift_jis")).text == japanese
    # a 300 KB line of ASCII (inline CSS, say) and then the text: sampled around the text
    line = "a{b:c} " * 50_000 + "The café’s “menu”. "
    data = line.encode().replace("’".encode(), b"\x92")
    assert decode_text(data).text == line


def test_random_bytes_are_not_text() -> None:
    rng = random.Random(3)
    noise = bytes(rng.randrange(0x80, 0x100) for _ in range(400))
    with pytest.raises(FormatError, match="no other encoding fits"):
        decode_text(noise)
    assert guess(noise) is None
    with pytest.raises(FormatError, match="NUL byte at offset 3"):
        decode_text(b"abc\x00\x92")


# -- Windows-1252's undefined bytes ---------------------------------------------------------


def test_windows_1252_defines_every_byte_as_whatwg_does() -> None:
    every = bytes(range(256))
    text = decode_windows_1252(every)
    assert len(text) == 256
    for byte in (0x81, 0x8D, 0x8F, 0x90, 0x9D):  # undefined in Python's cp1252: C1 controls
        assert text[byte] == chr(byte)
    others = bytes(b for b in range(256) if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D))
    assert decode_windows_1252(others) == others.decode("cp1252")


@pytest.mark.parametrize("byte", [0x81, 0x8D, 0x8F, 0x90, 0x9D])
def test_an_undefined_byte_garbles_nothing_else(byte: int) -> None:
    """A stray byte Windows-1252 leaves undefined may make another table's reading the
    least implausible, but only if it reads the text around it as Windows-1252 does."""
    western = "He said “no” – twice, at the café. " * 5
    decoded = decode_text(western.encode("cp1252") + bytes([byte]) + b" end\n")
    assert decoded.text.startswith(western) and decoded.text.endswith(" end\n")
    assert len(decoded.text) == len(western) + 6
    forced = decode_text(bytes([byte]), encoding="cp1252")
    assert (forced.text, forced.encoding) == (chr(byte), WINDOWS_1252)


# -- forcing an encoding ----------------------------------------------------------------------


def test_a_forced_encoding_is_used_as_given() -> None:
    russian = OTHER_SCRIPTS["Russian"][0]
    forced = decode_text(russian.encode("koi8-r"), encoding="KOI8-R")
    assert (forced.text, forced.encoding, forced.guessed) == (russian, "koi8-r", False)
    # the guess for these bytes would be Windows-1252; forcing says otherwise
    cp850 = decode_text("Bentley’s".encode("cp1252"), encoding="cp850")
    assert cp850.text == "BentleyÆs" and cp850.encoding == "cp850"


@pytest.mark.parametrize("label", ["latin-1", "ISO-8859-1", "cp1252", "windows-1252", "latin1"])
def test_latin_1_labels_mean_windows_1252(label: str) -> None:
    assert canonical_name(label) == WINDOWS_1252
    assert decode_text(b"\x93ok\x94 \x81", encoding=label).text == "“ok” \x81"


def test_forcing_a_wrong_or_unknown_encoding_is_an_error() -> None:
    with pytest.raises(LookupError, match="unknown encoding 'klingon'"):
        decode_text(b"abc", encoding="klingon")
    with pytest.raises(LookupError, match="'rot13' is not a text encoding"):
        decode_text(b"abc", encoding="rot13")
    with pytest.raises(FormatError, match=r"not utf-8, the encoding given \(byte 0x92 at offset 1"):
        decode_text(b"a\x92b", encoding="utf-8")
    with pytest.raises(FormatError, match="NUL byte"):
        decode_text(b"a\x00b", encoding="koi8-r")


def test_forcing_needs_no_conversion_when_the_bytes_are_already_utf8() -> None:
    assert decode_text(b"plain ASCII\n", encoding="windows-1252").encoding is None
    assert decode_text(b"caf\xc3\xa9", encoding="utf-8").encoding is None
    utf16 = decode_text("wide".encode("utf-16-le"), encoding="utf-16-le")
    assert (utf16.text, utf16.encoding) == ("wide", "utf-16-le")


def test_a_byte_order_mark_is_declared_not_guessed() -> None:
    decoded = decode_text("Привет".encode("utf-16"))
    assert (decoded.text, decoded.encoding, decoded.guessed) == ("Привет", "utf-16", False)


# -- HTML ---------------------------------------------------------------------------------------


def test_html_declared_iso_8859_1_is_read_as_windows_1252() -> None:
    page = b'<html><head><meta charset="iso-8859-1"></head><body><p>It\x92s \x93ok\x94</p>'
    decoded = extract_html(page)
    assert decoded.text.strip() == "It’s “ok”"
    assert (decoded.encoding, decoded.guessed) == (WINDOWS_1252, False)


def test_html_without_a_declaration_is_guessed_and_can_be_forced() -> None:
    page = "<p>Bentley’s “car”</p>".encode("cp1252")
    guessed = extract_html(page)
    assert guessed.text.strip() == "Bentley’s “car”" and guessed.guessed
    forced = extract_html("<p>Привет</p>".encode("koi8-r"), encoding="koi8-r")
    assert forced.text.strip() == "Привет" and not forced.guessed


# -- what a conversion looks like in explanations -----------------------------------------------


def test_decoding_changes_list_the_lines_whose_bytes_change() -> None:
    data = "plain line\nBentley’s “car”\nanother plain line\n".encode("cp1252")
    changes = decoding_changes(data, decode_text(data))
    assert [(c.filter, c.line, c.before, c.after) for c in changes] == [
        ("decode", 2, "Bentley\\x92s \\x93car\\x94", "Bentley’s “car”")
    ]
    assert "windows-1252 (guessed)" in changes[0].reason


def test_explain_file_starts_with_the_decoding(tmp_path: Path) -> None:
    from textwash.formats import FORMATS

    path = tmp_path / "a.txt"
    path.write_bytes("Bentley’s car  \n".encode("cp1252"))
    [item] = explain_file(str(path), FORMATS["txt"], Pipeline.default(), "text")
    assert not isinstance(item.result, str)
    filters = [c.filter for c in item.result.changes]
    assert filters[0] == "decode" and "whitespace" in filters
    forced = explain_file(str(path), FORMATS["txt"], Pipeline.default(), "text", "cp850")
    [item] = forced
    assert not isinstance(item.result, str)
    assert item.result.changes[0].after == "BentleyÆs car  "


# -- the summary ------------------------------------------------------------------------------


def test_the_summary_names_guessed_encodings_first() -> None:
    from textwash.report import Report
    from textwash.runner import Outcome, Status

    report = Report()
    report.add(Outcome(0, "declared.txt", Status.CHANGED, encoding="utf-16"))
    report.add(Outcome(1, "guessed.txt", Status.CHANGED, encoding="koi8-r", guessed=True))
    report.add(Outcome(2, "broken.txt", Status.FAILED, message="x", encoding="cp1251"))
    lines = report.summary()
    start = lines.index("converted to UTF-8: 2 (1 with a guessed encoding)")
    assert lines[start + 1 : start + 3] == [
        "  guessed.txt (from koi8-r, guessed)",
        "  declared.txt (from utf-16)",
    ]
    assert report.to_json()["converted"][1] == {
        "path": "guessed.txt",
        "from": "koi8-r",
        "guessed": True,
    }
