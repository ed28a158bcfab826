"""Measure the apostrophes filter on real sentences: how many breaks it repairs, how many
good characters it changes.

Test sets, all built from the third-party data in ``$TEXTWASH_DATA`` (default
``../shared/data``):

* **repairs**: every real apostrophe between two letters in the human gold bodies of the
  article-extraction benchmark, replaced in its document, one at a time, by each broken
  form (U+00B4, a backtick, U+2032, U+FFFD). Counted as fixed when the filter turns the
  broken mark back into an apostrophe; "exact" when it is also the very character the
  author wrote (the document's own style).
* **natural marks**: every U+00B4, backtick, U+2032 and U+FFFD already present in real text
  (extractor outputs, gold bodies, the readability test pages' HTML). The filter's changes
  there are listed for a person to judge; each is either a real repair or a false change.
* **lossy foreign text**: pages not in English (by their ``lang`` attribute or a non-English
  country domain) with every non-ASCII letter replaced by U+FFFD, the way a lossy decoder
  leaves them. Any change there is a false change (``m�s`` must not become ``m's``).
* **measurements**: real numbers of the gold bodies written as feet and inches, minutes and
  seconds (``5′ 11″``, ``40°26′46″``) inside their sentence. Any change is a false change.

Run: ``python benchmarks/measure_apostrophes.py``
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter

from _data import AEB, READABILITY, extractor_names, extractor_output, require
from textwash.filters.apostrophes import Apostrophes

BROKEN = {
    "acute U+00B4": "\u00b4",
    "backtick": "`",
    "prime U+2032": "\u2032",
    "lossy U+FFFD": "\ufffd",
    "lossy mojibake \u00e2??": "\u00e2??",
    "lossy mojibake \u00e2\u20ac?": "\u00e2\u20ac?",
}
REAL_APOSTROPHE = re.compile(r"(?<=[^\W\d_])['\u2019](?=[^\W\d_])")
NON_ENGLISH_DOMAINS = re.compile(r"\.(de|fr|es|it|ru|br|pl|cz|jp|cn|nl|se|pt|ua|tr|kr|at|ch)(/|$)")
FILTER = Apostrophes()


def html_text(html: str) -> str:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style"]):
        tag.decompose()
    return str(soup.get_text("\n"))


def measure_repairs(gold: dict[str, dict[str, str]]) -> dict[str, Counter[str]]:
    results: dict[str, Counter[str]] = {name: Counter() for name in BROKEN}
    for record in gold.values():
        body = record["articleBody"]
        for match in REAL_APOSTROPHE.finditer(body):
            i = match.start()
            for name, mark in BROKEN.items():
                broken = body[:i] + mark + body[i + 1 :]
                out = FILTER.apply(broken)
                results[name]["cases"] += 1
                # the mark repaired (in either quote style) when the output is the body with
                # an apostrophe at i; any other difference is a false change elsewhere
                if len(out) == len(body) and out[i] in "'\u2019":
                    results[name]["fixed"] += 1
                    results[name]["exact"] += out[i] == body[i]
                    reference, skip = body, (i, i + 1)
                else:
                    reference, skip = broken, (i, i + len(mark))
                others = sum(
                    a != b
                    for k, (a, b) in enumerate(zip(out, reference, strict=False))
                    if not skip[0] <= k < skip[1]
                )
                results[name]["false changes elsewhere"] += others + abs(len(out) - len(reference))
    return results


def natural_marks(texts: dict[str, str]) -> tuple[Counter[str], list[str]]:
    counts: Counter[str] = Counter()
    changed: list[str] = []
    for key, text in texts.items():
        marks = [m.start() for m in re.finditer("[\u00b4`\u2032\ufffd]", text)]
        if not marks:
            continue
        out = FILTER.apply(text)
        for i in marks:
            counts["marks"] += 1
            if out[i] != text[i]:
                counts["changed"] += 1
                context = text[max(0, i - 30) : i + 30].replace("\n", " ")
                changed.append(f"{key[:40]}: …{context}…")
    return counts, changed


def lossy_foreign(pages: dict[str, str]) -> tuple[Counter[str], list[str]]:
    counts: Counter[str] = Counter()
    examples: list[str] = []
    for key, text in pages.items():
        lossy = "".join("\ufffd" if ch.isalpha() and not ch.isascii() else ch for ch in text)
        marks = lossy.count("\ufffd")
        if not marks:
            continue
        out = FILTER.apply(lossy)
        counts["pages"] += 1
        counts["marks"] += marks
        diff = [i for i, (a, b) in enumerate(zip(lossy, out, strict=True)) if a != b]
        counts["false changes"] += len(diff)
        examples += [f"{key}: …{lossy[max(0, i - 20) : i + 20]}…" for i in diff[:3]]
    return counts, examples


def measurements(gold: dict[str, dict[str, str]]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for record in gold.values():
        body = record["articleBody"]
        for match in re.finditer(r"\b(\d{1,2}) (?:feet|foot|ft)\b", body):
            for form in ("{n}\u2032 11\u2033", "{n}\u2032", "40°{n}\u203246\u2033N"):
                text = body[: match.start()] + form.format(n=match.group(1)) + body[match.end() :]
                counts["cases"] += 1
                counts["false changes"] += FILTER.apply(text) != text
        for match in re.finditer(r"\b\d{1,3}\b", body[:2000]):
            text = body[: match.end()] + "\u2032" + body[match.end() :]
            counts["cases"] += 1
            counts["false changes"] += FILTER.apply(text) != text
    return counts


def main() -> int:
    bench = require(AEB)  # exits with a message where the data is absent
    gold = json.loads((bench / "ground-truth.json").read_text(encoding="utf-8"))

    print("Repairs: real apostrophes in the gold bodies, broken one at a time")
    print(
        f"{'broken form':<16}{'cases':>8}{'fixed':>8}{'rate':>8}{'exact':>8}{'false elsewhere':>17}"
    )
    for name, c in measure_repairs(gold).items():
        rate = c["fixed"] / c["cases"] if c["cases"] else 0
        print(
            f"{name:<16}{c['cases']:>8}{c['fixed']:>8}{rate:>8.1%}{c['exact']:>8}"
            f"{c['false changes elsewhere']:>17}"
        )

    texts: dict[str, str] = {f"gold/{k}": v["articleBody"] for k, v in gold.items()}
    for name in extractor_names():
        texts.update({f"{name}/{k}": v for k, v in extractor_output(name).items()})
    pages = require(READABILITY)
    foreign: dict[str, str] = {}
    for source in sorted(pages.glob("*/source.html")):
        html = source.read_text(encoding="utf-8", errors="replace")
        texts[f"readability/{source.parent.name}"] = html
        lang = re.search(r"<html[^>]*\blang=\"([A-Za-z-]+)\"", html[:5000])
        if lang and not lang.group(1).lower().startswith("en"):
            foreign[f"readability/{source.parent.name} ({lang.group(1)})"] = html_text(html)
    for key, record in gold.items():
        if NON_ENGLISH_DOMAINS.search(record.get("url", "")):
            foreign[f"gold/{key[:12]} ({record['url'][:40]})"] = record["articleBody"]

    counts, changed = natural_marks(texts)
    print(f"\nNatural marks in real text: {counts['marks']} found, {counts['changed']} changed")
    for line in changed:
        print("   ", line)

    counts, examples = lossy_foreign(foreign)
    print(
        f"\nLossy foreign text: {counts['pages']} pages, {counts['marks']} U+FFFD, "
        f"{counts['false changes']} false changes"
    )
    for line in examples:
        print("   ", line)

    counts = measurements(gold)
    print(
        f"\nPrimes in measurements: {counts['cases']} cases, {counts['false changes']} false changes"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
