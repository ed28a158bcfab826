"""The audit page in a real browser: it draws without errors, shows the report's counts,
and choosing a filter shows only that filter's samples.

Needs a Chromium (Debian's ``chromium``; ``.ci/run`` installs it when run as root); skips,
saying so, where there is none. The screenshot goes to the test's temporary folder, or to
``$TEXTWASH_SCREENSHOTS`` when set (to look at it).
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from browser import Browser, find_browser
from cli_helpers import run
from test_cli_audit import page_data, shard

BROWSER = find_browser()
pytestmark = pytest.mark.skipif(
    BROWSER is None,
    reason="no Chromium to load the audit page in (apt-get install chromium; .ci/run does)",
)


def test_audit_page_in_a_browser(tmp_path: Path, write: Callable[..., Path]) -> None:
    assert BROWSER is not None
    shard(tmp_path / "in", 80, write)
    write(tmp_path / "in" / "bad.jsonl", '{"text": "fine"}\nnot json\n')
    run(["in", "--check", "--no-cache", "--report", "r.json"], cwd=tmp_path)
    run(["in", "--check", "--no-cache", "--report", "r.html"], cwd=tmp_path)
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    samples = page_data(tmp_path / "r.html")["samples"]

    with Browser(BROWSER) as browser:
        browser.open((tmp_path / "r.html").as_uri())
        counts = browser.evaluate(
            "Object.fromEntries([...document.querySelectorAll('[data-count]')]"
            ".map(e => [e.dataset.count, Number(e.textContent.replace(/,/g, ''))]))"
        )
        expected = {f"files.{k}": v for k, v in report["files"].items()}
        expected |= {f"documents.{k}": v for k, v in report["documents"].items()}
        for name, c in report["filters"].items():
            expected |= {f"filters.{name}.{k}": c[k] for k in ("documents", "changed", "lines")}
        assert counts == expected
        assert browser.evaluate("document.querySelectorAll('#failures li').length") == 1
        assert browser.evaluate("document.querySelectorAll('svg rect').length") > 0
        assert browser.evaluate("document.querySelectorAll('article.doc').length") == len(samples)
        struck = browser.evaluate(
            "[...document.querySelectorAll('.row.cut .text')]"
            ".map(e => getComputedStyle(e).textDecorationLine)"
        )
        assert struck and set(struck) == {"line-through"}

        # choosing a filter hides the other filters' samples
        browser.evaluate(
            "(s => { s.value = 'teasers'; s.dispatchEvent(new Event('change')); })"
            "(document.getElementById('group'))"
        )
        shown = browser.evaluate(
            "[...document.querySelectorAll('article.doc')].filter(e => !e.hidden)"
            ".map(e => e.dataset.groups.split('\\n'))"
        )
        assert shown and all("teasers" in groups for groups in shown)
        assert len(shown) == sum("teasers" in s["groups"] for s in samples) < len(samples)

        # the search box narrows further, as typed; j moves to the first shown document
        browser.evaluate("document.getElementById('search').focus()")
        browser.type_text("Yoon")
        visible = browser.evaluate(
            "[...document.querySelectorAll('article.doc')].filter(e => !e.hidden).length"
        )
        assert 0 < visible <= len(shown)
        browser.evaluate("document.activeElement.blur()")
        browser.press("j")
        assert browser.evaluate("document.querySelectorAll('article.doc.current').length") == 1

        browser.evaluate(
            "(s => { s.value = ''; s.dispatchEvent(new Event('input')); })"
            "(document.getElementById('search'));"
            "(s => { s.value = ''; s.dispatchEvent(new Event('change')); })"
            "(document.getElementById('group'));"
            "window.scrollTo(0, 0)"
        )
        shot = tmp_path / "audit.png"
        browser.screenshot(shot)
        assert browser.errors == []
    assert shot.stat().st_size > 10_000
    keep = os.environ.get("TEXTWASH_SCREENSHOTS")
    if keep:
        shutil.copy(shot, Path(keep) / "audit.png")
