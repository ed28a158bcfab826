"""Compare the normalization filters with clean-text, textacy and datatrove on the same texts.

Inputs: the article-extraction benchmark's gold article bodies (real news text, from
``$TEXTWASH_DATA``) and a list of generated edge cases (:data:`EDGE_CASES`). For each
filter and each peer function that does the same job it reports, in one run:

* **docs changed** and **found**: in how many texts it changed something, and how many
  spans it replaced (placeholders in the output) or, for filters without placeholders,
  how many lines it changed;
* **idempotent**: in how many texts ``f(f(x)) == f(x)``;
* **ms**: the time for all texts, in this process (compare within a row only);
* for ``urls``, ``emails``, ``phones`` and ``numbers``: the spans each found that ours did
  not and the other way round, with a sample printed for a person to check, and every
  phone number found in the real articles (the precision check: no date, version, price or
  score may be among them).

The peers are benchmark-only, never dependencies of textwash; a missing one is skipped::

    pip install clean-text textacy datatrove

Run: ``python benchmarks/compare_normalize.py [--samples N]``
"""

from __future__ import annotations

import argparse
import difflib
import importlib
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from _data import ground_truth
from textwash.filters.registry import make_filter

Function = Callable[[str], str]

EDGE_CASES = [
    "Read https://example.com/a?utm=x, (or www.example.org). Node.js and Amazon.com, v2.1.3.",
    "See https://en.wikipedia.org/wiki/Foo_(bar)). Paths: /usr/local/bin and C:\\Windows\\x.",
    "Mail tips@example.com. Or mailto:a.b+news@mail.example.co.uk; not git@github or @jane.",
    "Call (202) 555-0143 or +44 20 7946 0958; on 2024-03-15 at 10:30 it cost $1,250,000.",
    "Won 3-1 and 102-98; version 10.2.3; ISBN 978-3-16-148410-0; 1990–1995; 15/03/2024.",
    "Thanks @jane_doe and @news.desk! #Iran #MahsaAmini ranked #1 in C# &#39;",
    "Great game 👍🏽🇺🇸 — © 2024 Example ™ 😀 ❤️ 1️⃣ 👨‍👩‍👧",
    "\"It's the '90s,\" she said. 'Rock 'n' roll'. He is 5'11\" and ate a 12\" pizza.",
    "“Curly” and ‘single’ and „low“ and «guillemets» and it’s",
    "The inter-\nnational talks were well-\nknown to all; co-\noperation and e-\nmail, e-mail.",
    "• one\n  ◦ two\n– three\n* * *\n— Name\n*emphasis*",
    "Shares fell -3.5% to 1,250,000 in COVID-19 trading; G7, 3rd, MP3; €4, ₹300, £5.",
    "A back\\slash, a path C:\\new\\table and \\n in prose; AT&T and R&D; a < b > c.",
    "Cafe\u0301 ﬁle ½ x² ＡＢＣ and ΣΟΦΙΑ, Straße, İstanbul.",
]


@dataclass
class Row:
    task: str
    tool: str
    function: str
    docs_changed: int = 0
    found: int = 0
    idempotent: int = 0
    texts: int = 0
    seconds: float = 0.0
    outputs: list[str] = field(default_factory=list)


def _peer(module: str, attr: str, **kwargs: object) -> Function | None:
    """``module.attr`` with keyword arguments bound, or None when the package is missing."""
    try:
        target: object = importlib.import_module(module)
    except ImportError:
        return None
    for part in attr.split("."):
        target = getattr(target, part)
    if isinstance(target, type):  # a datatrove step: build it, use its format()
        return target(**kwargs).format  # type: ignore[no-any-return]
    function = target
    return lambda text: function(text, **kwargs)  # type: ignore[operator]


def tasks() -> dict[str, dict[str, tuple[str, Function | None]]]:
    """Per filter, each tool's matching function (name shown, callable or None)."""
    ct, tx = "cleantext", "textacy.preprocessing"

    def ours(name: str, **options: object) -> tuple[str, Function]:
        f = make_filter(name, **options)
        shown = name + "".join(f" {k}={v!r}" for k, v in options.items())
        return shown, f.apply  # type: ignore[union-attr]

    return {
        "unicode": {
            "textwash": ours("unicode"),
            "textacy": ("normalize.unicode", _peer(tx, "normalize.unicode")),
            "clean-text": ("fix_bad_unicode", _peer(ct, "fix_bad_unicode")),
        },
        "quotes": {
            "textwash": ours("quotes", style="straight"),
            "textacy": ("normalize.quotation_marks", _peer(tx, "normalize.quotation_marks")),
            "clean-text": ("fix_strange_quotes", _peer(ct, "fix_strange_quotes")),
        },
        "hyphenation": {
            "textwash": ours("hyphenation"),
            "textacy": ("normalize.hyphenated_words", _peer(tx, "normalize.hyphenated_words")),
        },
        "bullets": {
            "textwash": ours("bullets"),
            "textacy": ("normalize.bullet_points", _peer(tx, "normalize.bullet_points")),
        },
        "urls": {
            "textwash": ours("urls"),
            "textacy": ("replace.urls", _peer(tx, "replace.urls", repl="<URL>")),
            "clean-text": ("replace_urls", _peer(ct, "replace_urls")),
        },
        "emails": {
            "textwash": ours("emails"),
            "textacy": ("replace.emails", _peer(tx, "replace.emails", repl="<EMAIL>")),
            "clean-text": ("replace_emails", _peer(ct, "replace_emails")),
            "datatrove": (
                "PIIFormatter(emails)",
                _peer(
                    "datatrove.pipeline.formatters.pii",
                    "PIIFormatter",
                    remove_ips=False,
                    email_replacement="<EMAIL>",
                ),
            ),
        },
        "phones": {
            "textwash": ours("phones"),
            "textacy": (
                "replace.phone_numbers",
                _peer(tx, "replace.phone_numbers", repl="<PHONE>"),
            ),
            "clean-text": ("replace_phone_numbers", _peer(ct, "replace_phone_numbers")),
        },
        "handles": {
            "textwash": ours("handles"),
            "textacy": ("replace.user_handles", _peer(tx, "replace.user_handles", repl="<USER>")),
        },
        "hashtags": {
            "textwash": ours("hashtags"),
            "textacy": ("replace.hashtags", _peer(tx, "replace.hashtags", repl="<HASHTAG>")),
        },
        "currency": {
            "textwash": ours("currency"),
            "textacy": (
                "replace.currency_symbols",
                _peer(tx, "replace.currency_symbols", repl="<CUR>"),
            ),
            "clean-text": ("replace_currency_symbols", _peer(ct, "replace_currency_symbols")),
        },
        "numbers": {
            "textwash": ours("numbers"),
            "textacy": ("replace.numbers", _peer(tx, "replace.numbers", repl="<NUMBER>")),
            "clean-text": ("replace_numbers", _peer(ct, "replace_numbers")),
        },
        "emoji": {
            "textwash": ours("emoji"),
            "textacy": ("replace.emojis", _peer(tx, "replace.emojis", repl="")),
            "clean-text": ("remove_emoji", _peer(ct, "remove_emoji")),
        },
        "punctuation": {
            "textwash": ours("punctuation"),
            "textacy": ("remove.punctuation", _peer(tx, "remove.punctuation")),
            "clean-text": ("remove_punct", _peer(ct, "remove_punct")),
        },
        "datatrove ips": {
            "datatrove": (
                "PIIFormatter(ips)",
                _peer(
                    "datatrove.pipeline.formatters.pii",
                    "PIIFormatter",
                    remove_emails=False,
                    ip_replacement="<IP>",
                ),
            ),
        },
    }


PLACEHOLDER = re.compile(r"<[A-Z]+>|_[A-Z]+_")


def measure(task: str, tool: str, shown: str, function: Function, texts: list[str]) -> Row:
    row = Row(task, tool, shown, texts=len(texts))
    start = time.perf_counter()
    outputs = [function(text) for text in texts]
    row.seconds = time.perf_counter() - start
    row.outputs = outputs
    for text, out in zip(texts, outputs, strict=True):
        if out != text:
            row.docs_changed += 1
            before = len(PLACEHOLDER.findall(text))
            after = len(PLACEHOLDER.findall(out))
            row.found += after - before if after > before else _changed_lines(text, out)
        row.idempotent += function(out) == out
    return row


def _changed_lines(before: str, after: str) -> int:
    """Lines changed (a line-level diff: a character diff of whole articles is quadratic)."""
    old, new = before.split("\n"), after.split("\n")
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    return sum(
        max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"
    )


def replaced_spans(text: str, out: str) -> list[str]:
    """The stretches of ``text`` that ``out`` shows as placeholders (by a word-level diff)."""
    old, new = text.split(), out.split()
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    spans = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal" and PLACEHOLDER.search(" ".join(new[j1:j2])):
            spans.append(" ".join(old[i1:i2]))
    return spans


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--samples", type=int, default=6, help="disagreements shown per peer")
    args = parser.parse_args()
    gold = [text for _, text in sorted(ground_truth().items()) if text]
    sets = {"articles": gold, "edge cases": EDGE_CASES}
    print(
        f"{len(gold)} gold article bodies ({sum(map(len, gold)):,} characters), "
        f"{len(EDGE_CASES)} edge cases\n"
    )
    print("| filter | tool | function | set | docs changed | found | idempotent | ms |")
    print("|---|---|---|---|---:|---:|---:|---:|")
    rows: dict[tuple[str, str, str], Row] = {}
    missing = set()
    for task, tools in tasks().items():
        for tool, (shown, function) in tools.items():
            if function is None:
                missing.add(tool)
                continue
            for set_name, texts in sets.items():
                row = measure(task, tool, shown, function, texts)
                rows[task, tool, set_name] = row
                print(
                    f"| {task} | {tool} | `{shown}` | {set_name} | {row.docs_changed} | "
                    f"{row.found} | {row.idempotent}/{row.texts} | {row.seconds * 1000:.0f} |"
                )
    for tool in sorted(missing):
        print(f"\nskipped {tool}: not installed (pip install clean-text textacy datatrove)")
    for task in ["urls", "emails", "phones", "numbers"]:
        for set_name, texts in sets.items():
            ours = rows.get((task, "textwash", set_name))
            if ours is None:
                continue
            found_ours = {
                (i, s) for i, t in enumerate(texts) for s in replaced_spans(t, ours.outputs[i])
            }
            print(f"\n### {task}, {set_name}: textwash found {len(found_ours)} spans")
            if task == "phones" and set_name == "articles":
                for _, span in sorted(found_ours):
                    print(f"- textwash phone: {span!r}")
            for (t, tool, s), row in rows.items():
                if t != task or s != set_name or tool == "textwash":
                    continue
                found = {
                    (i, sp)
                    for i, txt in enumerate(texts)
                    for sp in replaced_spans(txt, row.outputs[i])
                }
                only_peer, only_ours = sorted(found - found_ours), sorted(found_ours - found)
                print(
                    f"- {tool}: {len(found)} spans, both {len(found & found_ours)}, "
                    f"only {tool} {len(only_peer)}, only textwash {len(only_ours)}"
                )
                for _, span in only_peer[: args.samples]:
                    print(f"  - only {tool}: {span!r}")
                for _, span in only_ours[: args.samples]:
                    print(f"  - only textwash: {span!r}")


if __name__ == "__main__":
    main()
