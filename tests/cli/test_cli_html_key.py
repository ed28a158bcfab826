"""``clean --html-key KEY``: JSONL records that hold a page's HTML get its cleaned text;
configuration keys for ``--html``; the fallback without the extractor in the summary."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from cli_helpers import run

import textwash.formats.html as html_format
from textwash.formats.jsonl import splice

PARAGRAPHS = [
    "The city council voted on Tuesday to expand the tram network to the northern suburbs, "
    "a project first proposed more than a decade ago and delayed by two elections.",
    "Supporters said the line would cut commuting times by half for forty thousand residents, "
    "while opponents questioned a budget that has grown by a third since the last estimate.",
    "Construction is due to start next spring and the first trams should run by late 2028, "
    "according to the transport department, which will publish the route in March.",
]
PAGE = (
    "<html><head><title>Council backs tram extension</title></head><body>"
    "<nav><ul><li><a href='/'>Home</a></li><li><a href='/login'>Sign in</a></li></ul></nav>"
    "<main><article><h1>Council backs tram extension</h1>"
    + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    + "</article></main><footer><p>Copyright 2026 Example News. All rights reserved.</p>"
    "</footer></body></html>"
)
RECORDS = [
    {"id": "tram", "url": "https://example.com/tram", "html": PAGE},
    {"id": "amp", "html": "<p>Fish &amp; chips don`t cost much</p>", "text": "stale"},
    {"id": "done", "html": "<p>Nothing to do here.</p>", "text": "Nothing to do here.\n"},
]


@pytest.fixture
def shard(tmp_path: Path, write: Callable[..., Path]) -> Path:
    body = "".join(json.dumps(record) + "\n" for record in RECORDS)
    return write(tmp_path / "in" / "pages.jsonl", body)


def _records(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_the_page_text_goes_to_the_text_field_and_the_html_stays(
    tmp_path: Path, shard: Path
) -> None:
    result = run(["in", "-o", "out", "--html-key", "html"], cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    out = _records(tmp_path / "out" / "pages.jsonl")
    assert [r["html"] for r in out] == [r["html"] for r in RECORDS]
    assert [r["id"] for r in out] == ["tram", "amp", "done"]
    tram, amp, done = (str(r["text"]) for r in out)
    assert all(p in tram for p in PARAGRAPHS) and "<p>" not in tram
    assert amp == "Fish & chips don't cost much\n"  # entities and apostrophes as in text
    assert done == "Nothing to do here.\n"
    # the record whose text field already held its cleaned text is written back as it was
    lines = (tmp_path / "out" / "pages.jsonl").read_bytes().splitlines(keepends=True)
    assert lines[2] == shard.read_bytes().splitlines(keepends=True)[2]
    assert "2 changed" in result.stderr


def test_a_cleaned_shard_is_left_alone(tmp_path: Path, shard: Path) -> None:
    run(["in", "-o", "out", "--html-key", "html"], cwd=tmp_path)
    result = run(["out", "--check", "--html-key", "html"], cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    assert "0 would change" in result.stderr


def test_article_mode_drops_the_menus(tmp_path: Path, shard: Path) -> None:
    pytest.importorskip("trafilatura")
    result = run(["in", "-o", "out", "--html-key", "html", "--html", "article"], cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    tram = str(_records(tmp_path / "out" / "pages.jsonl")[0]["text"])
    assert PARAGRAPHS[0] in tram
    assert "Sign in" not in tram and "All rights reserved" not in tram


def test_a_record_without_html_is_reported_by_line_and_kept(
    tmp_path: Path, write: Callable[..., Path]
) -> None:
    write(tmp_path / "in" / "bad.jsonl", '{"html": 5}\n{"text": "no page"}\n')
    result = run(["in", "-o", "out", "--html-key", "html"], cwd=tmp_path)
    assert result.exit_code == 1
    assert "line 1: 'html' is not a string" in result.stderr
    assert "line 2: no 'html' field" in result.stderr
    assert (tmp_path / "out" / "bad.jsonl").read_text() == '{"html": 5}\n{"text": "no page"}\n'


def test_the_same_field_for_html_and_text_is_a_usage_error(tmp_path: Path, shard: Path) -> None:
    result = run(["in", "-o", "out", "--html-key", "text"], cwd=tmp_path)
    assert result.exit_code == 2
    assert "--html-key" in result.stderr and "must differ" in result.stderr
    assert not (tmp_path / "out").exists()


def test_parquet_refuses_html_key_by_name(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    (tmp_path / "in").mkdir()
    pq.write_table(pa.table({"html": ["<p>x</p>"]}), tmp_path / "in" / "t.parquet")
    result = run(["in", "-o", "out", "--html-key", "html"], cwd=tmp_path)
    assert result.exit_code == 1
    assert "t.parquet" in result.stderr and "--html-key" in result.stderr


def test_configuration_keys(tmp_path: Path, shard: Path, write: Callable[..., Path]) -> None:
    write(tmp_path / "in" / "textwash.toml", 'html-key = "html"\nhtml = "text"\n')
    result = run(["in", "-o", "out"], cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    assert str(_records(tmp_path / "out" / "pages.jsonl")[1]["text"]).startswith("Fish & chips")


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('html = "main"', "'html'"),
        ('html-title = "yes"', "'html-title'"),
        ("html-key = 3", "'html-key'"),
    ],
)
def test_bad_configuration_values_are_usage_errors(
    tmp_path: Path, shard: Path, write: Callable[..., Path], toml: str, message: str
) -> None:
    write(tmp_path / "in" / "textwash.toml", toml + "\n")
    result = run(["in", "--check"], cwd=tmp_path)
    assert result.exit_code == 2 and message in result.stderr


def test_the_fallback_is_said_again_in_the_summary(
    tmp_path: Path, write: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "in" / "page.html", PAGE)
    monkeypatch.setattr(html_format, "article_extractor_installed", lambda: False)
    result = run(["in", "-o", "out", "--html", "article", "--report", "r.json"], cwd=tmp_path)
    assert result.exit_code == 0
    summary = result.stderr[result.stderr.index("1 file:") :]
    assert "note: --html article needs trafilatura" in summary
    report = json.loads((tmp_path / "r.json").read_text())
    assert report["notes"] and "textwash[html]" in report["notes"][0]


def test_splice_adds_a_missing_field_last() -> None:
    assert splice(b'{"a": 1}\n', "text", "x") == b'{"a": 1, "text": "x"}\n'
    assert splice(b"{}\n", "text", "x") == b'{"text": "x"}\n'
    assert splice(b'{"a": 1, "text": "y"}', "text", "x") == b'{"a": 1, "text": "x"}'
