"""Measure how ``clean`` reads text saved in a legacy encoding: does it get the text back?

Texts, all from the third-party data in ``$TEXTWASH_DATA`` (default ``../shared/data``),
identical texts counted once:

* the human gold bodies of the article-extraction benchmark (``ground-truth.json``);
* the outputs of its 32 extractors (``output/*.json``);
* the mozilla-readability test pages: the text of each ``expected.html`` (the article as
  readability extracts it) and each title in ``expected-metadata.json``.

Each text is re-encoded in every legacy encoding it suits, and only where it is
representable there (no character lost):

* ``windows-1252``: texts with non-ASCII punctuation (curly quotes, dashes, ellipses...),
  the English news case;
* ``utf-8 + one windows-1252 ’``: texts with a ’ and other non-ASCII characters, saved as
  UTF-8 but for the first ’, which is the Windows-1252 byte 0x92 (a file edited in both);
* ``iso-8859-2``, ``windows-1250``: texts with a letter of a Central European alphabet that
  Windows-1252 lacks (``č ř ł ő ż``...);
* ``koi8-r``, ``windows-1251``: texts mostly in Cyrillic letters;
* ``shift_jis``, ``euc-jp``: texts with kana (Japanese);
* ``gb18030``, ``big5``: texts with Han characters and no kana or hangul (Chinese);
* ``euc-kr``: texts with hangul (Korean).

(A page gives several texts: the gold body and what each extractor made of it; the table
counts both.) Each encoded text is then read as ``clean`` reads a ``.txt`` file
(:func:`textwash.formats.text.decode_text`, nothing forced) and counted as

* **decoded exactly**: the decoded text is the original, character for character;
* **same cleaned text**: the default pipeline's output on the decoded text is its output on
  the UTF-8 original (the pipeline repairs some misreadings itself, such as C1 controls);
  this is the figure ``clean`` users see;

and, for comparison, **detector alone**: the share charset-normalizer's best guess decodes
exactly.

The time the decision takes is given as a share of the time the default pipeline takes
on the same texts (both measured here, in this process, on the ``windows-1252`` set).

Run: ``python benchmarks/measure_encodings.py`` (``--no-detector`` skips the comparison
column, the slowest part).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator

from _data import AEB, READABILITY, extractor_names, extractor_output, ground_truth, require
from textwash import Pipeline
from textwash.formats import FormatError
from textwash.formats.html import extract_html
from textwash.formats.text import decode_text

#: Letters of Central European alphabets that Windows-1252 does not have.
CENTRAL_EUROPEAN = set("ąćčďęěĺľłńňőŕřśşţťůűźżĄĆČĎĘĚĹĽŁŃŇŐŔŘŚŞŢŤŮŰŹŻ")


def texts() -> Iterator[tuple[str, str]]:
    """(source, text) for every text of the data, each distinct text once."""
    seen: set[str] = set()

    def new(text: str) -> bool:
        if not text or text in seen:
            return False
        seen.add(text)
        return True

    for page, body in ground_truth().items():
        if new(body):
            yield f"gold/{page}", body
    for name in extractor_names():
        for page, body in extractor_output(name).items():
            if new(body):
                yield f"{name}/{page}", body
    for folder in sorted(p for p in require(READABILITY).iterdir() if p.is_dir()):
        expected = folder / "expected.html"
        if expected.is_file():
            body = extract_html(expected.read_bytes()).text
            if new(body):
                yield f"readability/{folder.name}", body
        meta = folder / "expected-metadata.json"
        if meta.is_file():
            title = (json.loads(meta.read_text(encoding="utf-8")).get("title") or "").strip()
            if new(title):
                yield f"readability/{folder.name}/title", title


def scripts(text: str) -> Counter[str]:
    """Non-ASCII letters by script (the first word of their Unicode name)."""
    found: Counter[str] = Counter()
    for ch in text:
        if ord(ch) > 0x7F and ch.isalpha():
            found[unicodedata.name(ch, "?").split(" ", 1)[0]] += 1
    return found


def is_western_news(text: str, found: Counter[str]) -> bool:
    return any(ord(ch) > 0x7F and unicodedata.category(ch)[0] in "PSZ" for ch in text)


def is_central_european(text: str, found: Counter[str]) -> bool:
    return any(ch in CENTRAL_EUROPEAN for ch in text)


def is_cyrillic(text: str, found: Counter[str]) -> bool:
    return bool(found) and found.most_common(1)[0][0] == "CYRILLIC"


def is_japanese(text: str, found: Counter[str]) -> bool:
    return bool(found["HIRAGANA"] or found["KATAKANA"])


def is_chinese(text: str, found: Counter[str]) -> bool:
    return bool(found["CJK"]) and not (found["HIRAGANA"] or found["KATAKANA"] or found["HANGUL"])


def is_korean(text: str, found: Counter[str]) -> bool:
    return bool(found["HANGUL"])


def utf8_with_a_windows_1252_apostrophe(text: str) -> bytes:
    """UTF-8, but for its first ’, which is the Windows-1252 byte 0x92."""
    return text.encode("utf-8").replace("’".encode(), b"\x92", 1)


def has_an_apostrophe_and_more(text: str, found: Counter[str]) -> bool:
    return "’" in text and any(ord(ch) > 0x7F and ch != "’" for ch in text)


#: Each encoding measured, with the texts it suits.
ENCODINGS: dict[str, Callable[[str, Counter[str]], bool]] = {
    "windows-1252": is_western_news,
    "utf-8 + one windows-1252 ’": has_an_apostrophe_and_more,
    "iso-8859-2": is_central_european,
    "windows-1250": is_central_european,
    "koi8-r": is_cyrillic,
    "windows-1251": is_cyrillic,
    "shift_jis": is_japanese,
    "euc-jp": is_japanese,
    "gb18030": is_chinese,
    "big5": is_chinese,
    "euc-kr": is_korean,
}


def encode(text: str, encoding: str) -> bytes:
    if encoding == "windows-1252":
        return text.encode("cp1252")  # Python's table: the five undefined bytes never occur
    if encoding.startswith("utf-8 + "):
        return utf8_with_a_windows_1252_apostrophe(text)
    return text.encode(encoding)


def decode(data: bytes) -> tuple[str | None, str | None]:
    """The text and encoding ``clean`` reads from ``data`` (``None``: refused)."""
    try:
        decoded = decode_text(data)
    except FormatError:
        return None, None
    return decoded.text, decoded.encoding


def detector_alone(data: bytes) -> str | None:
    import charset_normalizer

    best = charset_normalizer.from_bytes(data).best()
    return None if best is None else str(best)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-detector", action="store_true", help="skip the comparison column")
    args = parser.parse_args()
    require(AEB)
    pipeline = Pipeline.default()
    corpus = [(source, text) for source, text in texts() if not text.isascii()]
    print(f"{len(corpus)} distinct texts with non-ASCII characters", file=sys.stderr)

    rows = []
    misses: dict[str, Counter[str]] = {}
    timing = [0.0, 0.0]  # decide, clean (windows-1252 set)
    for encoding, suits in ENCODINGS.items():
        files = exact = same = detector = 0
        pages: set[str] = set()
        wrong: Counter[str] = Counter()
        for source, text in corpus:
            if not suits(text, scripts(text)):
                continue
            try:
                data = encode(text, encoding)
            except UnicodeEncodeError:
                continue
            files += 1
            pages.add(source.split("/")[1])
            start = time.perf_counter()
            decoded, used = decode(data)
            if encoding == "windows-1252":
                decided = time.perf_counter()
                pipeline(text)
                timing[0] += decided - start
                timing[1] += time.perf_counter() - decided
            if decoded == text:
                exact += 1
                same += 1
            else:
                wrong[str(used)] += 1
                same += decoded is not None and pipeline(decoded) == pipeline(text)
            if not args.no_detector:
                detector += detector_alone(data) == text
        rows.append((encoding, files, len(pages), exact, same, detector))
        misses[encoding] = wrong
        print(f"  {encoding}: {files} texts", file=sys.stderr)

    def share(n: int, total: int) -> str:
        return f"{n / total:.2%}" if total else "n/a"

    print("| encoding | texts | pages | decoded exactly | same cleaned text | detector alone |")
    print("|---|---:|---:|---:|---:|---:|")
    for encoding, files, pages_count, exact, same, detector in rows:
        alone = "not run" if args.no_detector else share(detector, files)
        print(
            f"| {encoding} | {files:,} | {pages_count:,} | {share(exact, files)} "
            f"| {share(same, files)} | {alone} |"
        )
    print()
    print("Read as (when not decoded exactly):")
    for encoding, wrong in misses.items():
        if wrong:
            listed = ", ".join(f"{name} {n}" for name, n in wrong.most_common())
            print(f"- {encoding}: {listed}")
    if timing[1]:
        print()
        print(
            f"Deciding the encoding of the windows-1252 texts took {timing[0] / timing[1]:.1%} "
            "of the time the default pipeline took to clean them."
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
