"""``clean --html article``: the page's article, not its menus and footers."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from cli_helpers import run

import textwash.formats.html as html_format

PARAGRAPHS = [
    "The city council voted on Tuesday to expand the tram network to the northern suburbs, "
    "a project first proposed more than a decade ago and delayed by two elections.",
    "Supporters said the line would cut commuting times by half for forty thousand residents, "
    "while opponents questioned a budget that has grown by a third since the last estimate.",
    "Construction is due to start next spring and the first trams should run by late 2028, "
    "according to the transport department, which will publish the route in March.",
]
PAGE = f"""<!DOCTYPE html><html><head><meta charset="utf-8">
<title>Council backs tram extension | Example News</title>
<meta property="og:title" content="Tram extension approved"></head><body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/sport">Sport</a></li><li><a href="/login">Sign in</a></li></ul></nav></header>
<div class="cookie">We use cookies to improve your experience. Accept all cookies</div>
<main><article><h1>Council backs tram extension</h1>
{"".join(f"<p>{p}</p>" for p in PARAGRAPHS)}
</article></main>
<footer><p>Copyright 2026 Example News. All rights reserved.</p>
<ul><li><a href="/terms">Terms of use</a></li><li><a href="/privacy">Privacy</a></li></ul></footer>
</body></html>"""


@pytest.fixture
def page(tmp_path: Path, write: Callable[..., Path]) -> Path:
    return write(tmp_path / "in" / "tram.html", PAGE)


def _out(tmp_path: Path) -> str:
    return (tmp_path / "out" / "tram.txt").read_text(encoding="utf-8")


def test_article_leaves_menus_and_footers(tmp_path: Path, page: Path) -> None:
    pytest.importorskip("trafilatura")
    assert run(["in", "-o", "out"], cwd=tmp_path).exit_code == 0
    whole = _out(tmp_path)
    assert "Sign in" in whole and "use cookies" in whole  # the default: all visible text
    result = run(["in", "-o", "out", "--html", "article"], cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    article = _out(tmp_path)
    for paragraph in PARAGRAPHS:
        assert paragraph in article
    for furniture in ("Sign in", "Accept all cookies", "All rights reserved", "Privacy"):
        assert furniture not in article


def test_title_only_when_asked(tmp_path: Path, page: Path) -> None:
    pytest.importorskip("trafilatura")
    run(["in", "-o", "out", "--html", "article"], cwd=tmp_path)
    assert "Tram extension approved" not in _out(tmp_path)
    run(["in", "-o", "out", "--html", "article", "--html-title"], cwd=tmp_path)
    assert _out(tmp_path).startswith("Tram extension approved\n\n")
    assert PARAGRAPHS[0] in _out(tmp_path)


def test_without_the_extractor_the_visible_text_and_a_warning(
    tmp_path: Path, page: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(["in", "-o", "expected"], cwd=tmp_path)
    monkeypatch.setattr(html_format, "article_extractor_installed", lambda: False)
    result = run(["in", "-o", "out", "--html", "article"], cwd=tmp_path)
    assert result.exit_code == 0
    assert "pip install 'textwash[html]'" in result.stderr
    assert _out(tmp_path) == (tmp_path / "expected" / "tram.txt").read_text(encoding="utf-8")


def test_bad_choice_is_a_usage_error(tmp_path: Path, page: Path) -> None:
    result = run(["in", "--check", "--html", "main"], cwd=tmp_path)
    assert result.exit_code == 2 and "--html" in result.stderr


def test_explain_sees_the_article(tmp_path: Path, page: Path) -> None:
    pytest.importorskip("trafilatura")
    result = run(["--explain", "in/tram.html", "--html", "article"], cwd=tmp_path)
    assert result.exit_code == 0
    assert "Accept all cookies" not in result.stdout
