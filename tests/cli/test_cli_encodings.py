"""Files that are not UTF-8: converted right, named in the summary, visible in --diff,
--explain and --check; --encoding and the ``encoding`` configuration key."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from cli_helpers import cleaned, run

#: English news in Windows-1252 (curly quotes at 0x91-0x94), and a plain ASCII line.
NEWS = "Bentley’s lawyer said “Rebekah” had been told twice — once in May.\nplain line\n"
RUSSIAN = "В Москве прошла встреча министров иностранных дел.\n"


def test_a_windows_1252_file_is_converted_and_named(
    tmp_path: Path, write: Callable[..., Path]
) -> None:
    src = write(tmp_path / "in" / "news.txt", NEWS.encode("cp1252"))
    write(tmp_path / "in" / "utf8.txt", NEWS)
    out = tmp_path / "out"
    report = tmp_path / "report.json"
    result = run([str(src.parent), "-o", str(out), "--report", str(report)])
    assert result.exit_code == 0, result.output
    assert (out / "news.txt").read_bytes() == cleaned(NEWS).encode("utf-8")
    assert "converted to UTF-8: 1 (1 with a guessed encoding)" in result.stderr
    assert f"  {src} (from windows-1252, guessed)" in result.stderr
    converted = json.loads(report.read_text())["converted"]
    assert converted == [{"path": str(src), "from": "windows-1252", "guessed": True}]


def test_check_reports_a_conversion_as_a_change(tmp_path: Path, write: Callable[..., Path]) -> None:
    # the text itself is clean: only its bytes change (to UTF-8)
    text = "“Clean” text.\n"
    assert cleaned(text) == text
    src = write(tmp_path / "news.txt", text.encode("cp1252"))
    result = run([str(src), "--check"])
    assert result.exit_code == 1
    assert "1 would change" in result.stderr
    assert (
        f"would convert to UTF-8: 1 (1 with a guessed encoding)\n  {src} (from windows-1252, guessed)"
        in result.stderr
    )
    assert run([str(write(tmp_path / "utf8.txt", text)), "--check"]).exit_code == 0


def test_diff_shows_the_bytes_that_change(tmp_path: Path, write: Callable[..., Path]) -> None:
    src = write(tmp_path / "news.txt", "“Clean” text.\nplain line\n".encode("cp1252"))
    result = run([str(src), "--diff"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"--- {src}\t(original, decoded from windows-1252, guessed)",
        f"+++ {src}\t(cleaned, UTF-8)",
        "@@ -1,2 +1,2 @@",
        "-\\x93Clean\\x94 text.",
        "+“Clean” text.",
        " plain line",
    ]
    both = run([str(src), "--diff", "--check"])
    assert both.exit_code == 1 and both.stdout == result.stdout


def test_explain_shows_the_decoding(tmp_path: Path, write: Callable[..., Path]) -> None:
    src = write(tmp_path / "news.txt", "plain line\n“Clean” text.\n".encode("cp1252"))
    result = run(["--explain", str(src)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"{src}: 1 change",
        "  line 2: decode: '\\\\x93Clean\\\\x94 text.' -> '“Clean” text.' "
        "(windows-1252 (guessed) bytes written as UTF-8)",
    ]


def test_encoding_flag_forces_the_encoding(tmp_path: Path, write: Callable[..., Path]) -> None:
    src = write(tmp_path / "in" / "ru.txt", RUSSIAN.encode("koi8-r"))
    out = tmp_path / "out"
    result = run([str(src.parent), "-o", str(out), "--encoding", "KOI8-R"])
    assert result.exit_code == 0, result.output
    assert (out / "ru.txt").read_text(encoding="utf-8") == cleaned(RUSSIAN)
    assert f"  {src} (from koi8-r)\n" in result.stderr  # declared, not guessed
    # a forced encoding is part of the configuration: the cached result is not reused
    again = run([str(src.parent), "-o", str(out), "--encoding", "cp1251"])
    assert again.exit_code == 0 and "0 cached" in again.stderr
    assert (out / "ru.txt").read_text(encoding="utf-8") == RUSSIAN.encode("koi8-r").decode("cp1251")


def test_a_file_that_is_not_in_the_forced_encoding_fails(
    tmp_path: Path, write: Callable[..., Path]
) -> None:
    src = write(tmp_path / "news.txt", NEWS.encode("cp1252"))
    result = run([str(src), "--check", "--encoding", "utf-8"])
    assert result.exit_code == 1
    assert f"error: {src}: not utf-8, the encoding given (byte 0x92 at offset 7" in result.stderr


def test_a_bad_encoding_is_a_usage_error(tmp_path: Path, write: Callable[..., Path]) -> None:
    src = write(tmp_path / "news.txt", NEWS)
    for name, cause in (("klingon", "unknown encoding 'klingon'"), ("zlib", "not a text encoding")):
        result = run([str(src), "--check", "--encoding", name])
        assert result.exit_code == 2
        assert "Invalid value for --encoding" in result.stderr and cause in result.stderr
    explain = run(["--explain", str(src), "--encoding", "klingon"])
    assert explain.exit_code == 2


def test_encoding_in_the_configuration(tmp_path: Path, write: Callable[..., Path]) -> None:
    src = write(tmp_path / "proj" / "ru.txt", RUSSIAN.encode("koi8-r"))
    config = write(tmp_path / "proj" / "textwash.toml", 'encoding = "koi8_r"\n')
    out = tmp_path / "out"
    result = run([str(src.parent), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert (out / "ru.txt").read_text(encoding="utf-8") == cleaned(RUSSIAN)
    flag = run([str(src), "--check", "--encoding", "cp1251", "--config", str(config)])
    assert "(from cp1251)" in flag.stderr  # the flag wins over the file
    config.write_text('encoding = "klingon"\n')
    bad = run([str(src), "--check"])
    assert bad.exit_code == 2 and "'encoding'" in bad.stderr and "klingon" in bad.stderr
