"""The ``clean`` command: write modes, flags, exit codes, output safety."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from cli_helpers import DIRTY, cleaned, files, run, snapshot

from textwash import Pipeline
from textwash.filters.registry import available_filters

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def corpus(tmp_path: Path, write: Callable[..., Path]) -> Path:
    """A small tree: dirty and clean texts, nested folders, a file of another kind."""
    src = tmp_path / "corpus"
    write(src / "a.txt", DIRTY)
    write(src / "sub" / "b.txt", DIRTY.replace("noon", "midnight"))
    write(src / "sub" / "deeper" / "clean.txt", cleaned("Already clean text.\n"))
    write(src / "notes.md", "# not a known format\n")
    return src


def test_outdir_mirrors_layout_and_leaves_everything_else_alone(corpus: Path) -> None:
    tmp = corpus.parent
    before = snapshot(tmp)
    out = tmp / "out"
    result = run([str(corpus), "-o", str(out), "-j", "1"])
    assert result.exit_code == 0, result.output
    assert files(out) == {
        "a.txt": cleaned(DIRTY).encode(),
        "sub/b.txt": cleaned(DIRTY.replace("noon", "midnight")).encode(),
        "sub/deeper/clean.txt": cleaned("Already clean text.\n").encode(),  # unchanged: still there
    }
    assert snapshot(tmp, skip=out) == before  # inputs and everything beside OUTDIR untouched
    assert "3 files: 2 changed, 1 unchanged, 0 failed, 0 cached, 0 skipped" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize(
    "exclude",
    [["--extend-exclude", "expected"], ["--exclude", "expected/*"]],
    ids=["extend", "replace"],
)
def test_readme_quick_start(tmp_path: Path, exclude: list[str]) -> None:
    out = tmp_path / "out"
    result = run(["fixtures/seeds", *exclude, "-o", str(out)], cwd=ROOT)
    assert result.exit_code == 0, result.output
    seeds = sorted(p.name for p in (ROOT / "fixtures" / "seeds").glob("*.txt"))
    assert sorted(files(out)) == seeds  # no README.md, no expected/
    for name in seeds:  # byte for byte what the seeds' expected/ says
        assert (out / name).read_bytes() == (ROOT / "fixtures/seeds/expected" / name).read_bytes()


def test_check_writes_nothing_and_exits_1_when_files_would_change(corpus: Path) -> None:
    before = snapshot(corpus.parent)
    result = run([str(corpus), "--check"])
    assert result.exit_code == 1
    assert "2 would change, 1 unchanged" in result.stderr
    assert snapshot(corpus.parent) == before
    # every file that would change is named without -v (on stderr, as black does), the
    # clean one is not, and the summary stays
    named = sorted(line for line in result.stderr.splitlines() if line.startswith("would clean "))
    assert named == [f"would clean {corpus / 'a.txt'}", f"would clean {corpus / 'sub' / 'b.txt'}"]
    assert result.stdout == ""
    assert run([str(corpus), "--check", "-q"]).stderr == ""


def test_check_exits_0_on_a_clean_tree(tmp_path: Path, write: Callable[..., Path]) -> None:
    write(tmp_path / "c" / "x.txt", cleaned(DIRTY))
    result = run([str(tmp_path / "c"), "--check"])
    assert result.exit_code == 0, result.output
    assert "0 would change, 1 unchanged" in result.stderr


def test_diff_prints_unified_diffs_in_path_order_and_writes_nothing(corpus: Path) -> None:
    before = snapshot(corpus.parent)
    result = run([str(corpus), "--diff", "-j", "2"])
    assert result.exit_code == 0  # --diff alone reports, like black's
    assert snapshot(corpus.parent) == before
    out = result.stdout
    a, b = (
        out.index(f"--- {corpus / 'a.txt'}\t(original)"),
        out.index(f"--- {corpus / 'sub' / 'b.txt'}"),
    )
    assert a < b
    assert "+++ " in out and "\n-Tom &amp; Jerry met  \n" in out
    assert "clean.txt" not in out  # unchanged files print nothing
    assert run([str(corpus), "--diff", "-j", "1"]).stdout == out  # same order whatever -j


def test_check_and_diff_together_exit_1(corpus: Path) -> None:
    result = run([str(corpus), "--check", "--diff"])
    assert result.exit_code == 1
    assert result.stdout.startswith("--- ")


def test_in_place_rewrites_changed_files_only(corpus: Path) -> None:
    unchanged = corpus / "sub" / "deeper" / "clean.txt"
    os.utime(unchanged, ns=(1_000_000_000, 1_000_000_000))
    (corpus / "a.txt").chmod(0o640)
    result = run([str(corpus), "--in-place", "-j", "1"])
    assert result.exit_code == 0, result.output
    assert (corpus / "a.txt").read_text(encoding="utf-8") == cleaned(DIRTY)
    assert (corpus / "a.txt").stat().st_mode & 0o777 == 0o640  # permissions kept
    assert unchanged.stat().st_mtime_ns == 1_000_000_000  # not rewritten
    assert (corpus / "notes.md").read_text() == "# not a known format\n"
    assert not [p for p in corpus.rglob("*") if p.name.endswith(".textwash-tmp")]
    again = run([str(corpus), "--check"])
    assert again.exit_code == 0  # clean now, and the cache knows it without reading
    assert "0 would change, 0 unchanged, 0 failed, 3 cached" in again.stderr


@pytest.mark.parametrize(
    "args, message",
    [
        (["-o", "OUT", "--in-place"], "exclude each other"),
        (["--check", "-o", "OUT"], "write nothing"),
        (["--diff", "--in-place"], "write nothing"),
        ([], "say where cleaned files go"),
        (["--jobs", "0", "-o", "OUT"], "0"),
        (["--format", "docx", "-o", "OUT"], "docx"),
    ],
)
def test_usage_errors_exit_2(corpus: Path, args: list[str], message: str) -> None:
    args = [a.replace("OUT", str(corpus.parent / "out")) for a in args]
    result = run([str(corpus), *args])
    assert result.exit_code == 2
    assert message in result.stderr
    assert not (corpus.parent / "out").exists()


def test_no_path_is_a_usage_error() -> None:
    result = run(["-o", "out"])
    assert result.exit_code == 2 and "no PATH" in result.stderr


def test_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    assert run([str(tmp_path / "nope"), "--check"]).exit_code == 2


@pytest.mark.parametrize("flag", ["--enable", "--disable"])
def test_unknown_filter_is_a_usage_error_listing_the_available_ones(
    corpus: Path, flag: str
) -> None:
    result = run([str(corpus), "--check", flag, "no_such_filter"])
    assert result.exit_code == 2
    assert "no_such_filter" in result.stderr
    for name in available_filters():
        assert name in result.stderr


def test_disable_and_enable_change_the_pipeline(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run([str(corpus), "-o", str(out), "--disable", "whitespace", "--disable", "markup"])
    assert result.exit_code == 0, result.output
    expected = Pipeline.default().disable("whitespace", "markup")
    assert (out / "a.txt").read_text(encoding="utf-8") == cleaned(DIRTY, expected)
    # enabling a filter that is already on changes nothing
    again = run([str(corpus), "-o", str(tmp_path / "out2"), "--enable", "whitespace"])
    assert files(tmp_path / "out2")["a.txt"] == cleaned(DIRTY).encode()
    assert again.exit_code == 0


def test_include_and_exclude_globs(tmp_path: Path, write: Callable[..., Path]) -> None:
    src = tmp_path / "src"
    for rel in ["keep/a.txt", "keep/b.txt", "drafts/c.txt", "x/drafts/d.txt", "e.log", "f.txt"]:
        write(src / rel, DIRTY)
    out = tmp_path / "out"
    result = run([str(src), "-o", str(out), "--exclude", "drafts", "--exclude", "/f.txt"])
    assert result.exit_code == 0, result.output
    assert sorted(files(out)) == ["keep/a.txt", "keep/b.txt"]
    out2 = tmp_path / "out2"
    result = run([str(src), "-o", str(out2), "--include", "*.log", "--format", "txt"])
    assert sorted(files(out2)) == ["e.log"]
    # a file named on the command line is taken whatever the globs say
    out3 = tmp_path / "out3"
    result = run([str(src / "drafts" / "c.txt"), "-o", str(out3), "--exclude", "*.txt"])
    assert sorted(files(out3)) == ["c.txt"]


def test_a_folder_with_nothing_to_clean_is_said_so(
    tmp_path: Path, write: Callable[..., Path]
) -> None:
    """Files whose names say no known format are not cleaned; when that leaves nothing at
    all, a warning says what was looked for (exit 0, as ruff and black do)."""
    src = tmp_path / "src"
    write(src / "notes.md", DIRTY)
    write(src / "page.xml", DIRTY)
    result = run([str(src), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    warning = result.stderr.splitlines()[0]
    assert warning.startswith(f"warning: no files to clean under {src}: looked for *.txt, ")
    assert "*.html.gz" in warning and "--include and --format choose others" in warning
    result = run([str(src), "--check", "--include", "*.text"])
    assert f"no files to clean under {src}: looked for *.text (--include)" in result.stderr
    assert run([str(src), "--check", "-q"]).stderr == ""
    write(src / "a.txt", DIRTY)  # one file found: no warning
    assert "no files to clean" not in run([str(src), "--check"]).stderr


def test_extend_exclude_keeps_the_default_excludes(
    tmp_path: Path, write: Callable[..., Path]
) -> None:
    src = tmp_path / "src"
    write(src / ".git" / "x.txt", DIRTY)
    write(src / "skip" / "y.txt", DIRTY)
    write(src / "z.txt", DIRTY)
    result = run([str(src), "--check", "--extend-exclude", "skip", "-v"])
    assert "1 file: 1 would change" in result.stderr


def test_quiet_prints_nothing_but_errors(
    corpus: Path, tmp_path: Path, write: Callable[..., Path]
) -> None:
    result = run([str(corpus), "-o", str(tmp_path / "out"), "-q"])
    assert result.exit_code == 0
    assert result.stderr == "" and result.stdout == ""
    write(corpus / "bin.txt", b"\x00\x01\x02")
    result = run([str(corpus), "-o", str(tmp_path / "out2"), "-q"])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        f"error: {corpus / 'bin.txt'}: binary file (NUL byte at offset 0), not text"
    ]


def test_verbose_lists_every_file_and_the_settings(corpus: Path, tmp_path: Path) -> None:
    result = run([str(corpus), "-o", str(tmp_path / "out"), "-v"])
    assert f"changed {corpus / 'a.txt'}" in result.stderr
    assert f"unchanged {corpus / 'sub' / 'deeper' / 'clean.txt'}" in result.stderr
    assert "filters: " + ", ".join(Pipeline.default().names) in result.stderr


def test_summary_counts_documents_and_lines_per_filter(corpus: Path, tmp_path: Path) -> None:
    report_path = tmp_path / "report.json"
    result = run([str(corpus), "-o", str(tmp_path / "out"), "--report", str(report_path)])
    report = json.loads(report_path.read_text())
    assert report["files"] == {
        "seen": 3,
        "changed": 2,
        "unchanged": 1,
        "failed": 0,
        "skipped": 0,
        "cached": 0,
    }
    assert report["exit_code"] == 0 and report["documents"] == {"seen": 3, "changed": 2}
    assert list(report["filters"]) == list(Pipeline.default().names)
    whitespace = report["filters"]["whitespace"]
    assert whitespace["documents"] == 3 and whitespace["changed"] == 2 and whitespace["lines"] >= 2
    for name, counts in report["filters"].items():
        assert f"  {name} " in result.stderr
        assert (counts["changed"] == 0) == (counts["lines"] == 0)


def test_explain_names_the_filter_line_and_reason(
    tmp_path: Path, write: Callable[..., Path]
) -> None:
    path = write(tmp_path / "page.txt", "Intro line.\nThe Kremlin\u00b4s envoy.\n")
    result = run(["--explain", str(path)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"{path}: ")
    assert (
        "line 2: apostrophes: 'The Kremlin´s envoy.' -> \"The Kremlin's envoy.\"" in result.stdout
    )
    clean_file = write(tmp_path / "clean.txt", cleaned("Nothing to do here.\n"))
    result = run(["--explain", str(clean_file)])
    assert result.stdout == "" and "no changes" in result.stderr
    assert run(["--explain", str(path), str(tmp_path)]).exit_code == 2


def test_explain_jsonl_names_each_record(tmp_path: Path, write: Callable[..., Path]) -> None:
    path = write(
        tmp_path / "s.jsonl",
        '{"id": "x1", "text": "fine\\n"}\n{"id": "x2", "text": "It\\u00b4s here.\\n"}\nbroken\n',
    )
    result = run(["--explain", str(path)])
    assert f"{path}:2 (id x2): 1 change" in result.stdout
    assert "text line 1: apostrophes" in result.stdout
    assert f"{path}:3: malformed JSON" in result.stderr
    assert result.exit_code == 1  # a bad line fails the file, as in a run


def test_version_is_fast_and_imports_no_heavy_library() -> None:
    code = (
        "import sys, textwash.cli; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'ftfy', 'bs4', 'tqdm', 'lxml'}))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert loaded.stdout.strip() == "[]"
    times = []
    for _ in range(3):
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "textwash.cli", "--version"], capture_output=True, text=True
        )
        times.append(time.perf_counter() - start)
        assert done.returncode == 0 and "0." in done.stdout
    assert sorted(times)[1] < 1.0  # the goal is 0.3 s; a loaded test machine gets slack


# -- the output directory --------------------------------------------------------------


def test_outdir_equal_to_an_input_is_refused(corpus: Path) -> None:
    before = snapshot(corpus)
    result = run([str(corpus), "-o", str(corpus)])
    assert result.exit_code == 2 and "is the input" in result.stderr
    assert snapshot(corpus) == before


def test_outdir_containing_an_input_is_refused(corpus: Path) -> None:
    result = run([str(corpus / "sub"), "-o", str(corpus)])
    assert result.exit_code == 2 and "contains the input" in result.stderr


def test_outdir_inside_an_input_is_never_read(corpus: Path) -> None:
    out = corpus / "cleaned"
    first = run([str(corpus), "-o", str(out)])
    assert first.exit_code == 0, first.output
    assert sorted(files(out)) == ["a.txt", "sub/b.txt", "sub/deeper/clean.txt"]
    second = run([str(corpus), "-o", str(out), "--no-cache"])
    assert sorted(files(out)) == ["a.txt", "sub/b.txt", "sub/deeper/clean.txt"]
    assert "3 files" in second.stderr
    # the output of another run is skipped too (name it to clean it)
    third = run([str(corpus), "--check", "-v"])
    assert f"skipped {out}: output folder of another clean run" in third.stderr
    assert "4 files: 2 would change, 1 unchanged, 0 failed, 0 cached, 1 skipped" in third.stderr


def test_symlink_in_outdir_leading_outside_is_not_written_through(
    corpus: Path, tmp_path: Path
) -> None:
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    out.mkdir()
    elsewhere.mkdir()
    (out / "sub").symlink_to(elsewhere, target_is_directory=True)
    result = run([str(corpus), "-o", str(out)])
    assert result.exit_code == 1
    assert "leads outside the output directory" in result.stderr
    assert list(elsewhere.iterdir()) == []
    assert (out / "a.txt").exists()


def test_outputs_that_would_clash_are_reported(tmp_path: Path, write: Callable[..., Path]) -> None:
    src = tmp_path / "src"
    write(src / "page.txt", DIRTY)
    write(src / "page.html", "<p>Other</p>")
    result = run([str(src), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "is also that of" in result.stderr
    assert (tmp_path / "out" / "page.html").exists() is False


def test_several_inputs_keep_their_names(tmp_path: Path, write: Callable[..., Path]) -> None:
    write(tmp_path / "one" / "x.txt", DIRTY)
    write(tmp_path / "two" / "x.txt", DIRTY)
    out = tmp_path / "out"
    result = run([str(tmp_path / "one"), str(tmp_path / "two"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(files(out)) == ["one/x.txt", "two/x.txt"]


def test_a_second_run_into_the_same_outdir_waits_for_the_first(
    corpus: Path, tmp_path: Path
) -> None:
    from textwash.cache import Cache, CacheLockedError, output_state_dir

    out = tmp_path / "out"
    holder = Cache.open(output_state_dir(out), "other", exclusive=True)
    try:
        with pytest.raises(CacheLockedError):
            Cache.open(output_state_dir(out), "mine", exclusive=True, wait=0.2)
    finally:
        holder.close()
    assert not (output_state_dir(out) / "lock").exists()  # removed by its holder
    assert run([str(corpus), "-o", str(out)]).exit_code == 0
    assert not (output_state_dir(out) / "lock").exists()
