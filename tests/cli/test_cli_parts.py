"""The pieces under the command: atomic writes, the cache, globs, configuration, splicing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from cli_helpers import DIRTY, cleaned, files, run
from hypothesis import given, settings
from hypothesis import strategies as st

from textwash import Pipeline
from textwash.cache import Cache, Entry, fingerprint_of, output_state_dir
from textwash.config import (
    Config,
    ConfigError,
    build_pipeline,
    find_config,
    load_config,
    parse_table,
)
from textwash.formats.jsonl import parse_line, splice
from textwash.io.atomic import AtomicBatch, AtomicFile, temp_path, write_atomic
from textwash.io.files import Globs
from textwash.runner import lines_changed

# -- atomic writes ----------------------------------------------------------------------


def test_atomic_file_is_invisible_until_committed(tmp_path: Path) -> None:
    target = tmp_path / "a.txt"
    target.write_bytes(b"old")
    out = AtomicFile(target)
    out.file.write(b"new content")
    out.file.flush()
    assert target.read_bytes() == b"old"  # a reader sees the old file, never half the new
    out.commit()
    assert target.read_bytes() == b"new content"
    assert not temp_path(target).exists()


def test_atomic_file_discarded_on_error_leaves_the_target(tmp_path: Path) -> None:
    target = tmp_path / "a.txt"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError), AtomicFile(target) as out:
        out.file.write(b"partial")
        raise RuntimeError
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]


def test_stale_temp_files_are_reused(tmp_path: Path) -> None:
    target = tmp_path / "a.txt"
    temp_path(target).write_bytes(b"left by a killed run")
    write_atomic(target, b"done")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]


def test_long_names_get_short_temp_names(tmp_path: Path) -> None:
    target = tmp_path / ("x" * 250)
    write_atomic(target, b"ok")
    assert target.read_bytes() == b"ok" and len(temp_path(target).name) < 60


def test_batch_commits_each_file_and_reports_failures(tmp_path: Path) -> None:
    batch = AtomicBatch()
    for name in ("a", "b", "c"):
        batch.open(tmp_path / name).file.write(name.encode())
    blocked = tmp_path / "d"
    pending = batch.open(blocked)
    pending.file.write(b"d")
    blocked.mkdir()  # something in the way of the rename
    (blocked / "x").write_text("keeps the folder non-empty")
    failed = batch.commit()
    assert list(failed) == [blocked]
    assert [(tmp_path / n).read_bytes() for n in "abc"] == [b"a", b"b", b"c"]
    assert not list(tmp_path.glob(".*"))


def test_in_place_rewrite_keeps_permissions(tmp_path: Path) -> None:
    target = tmp_path / "a.txt"
    target.write_bytes(b"old")
    target.chmod(0o604)
    out = AtomicFile(target, like=target.stat())
    out.file.write(b"new")
    out.commit()
    assert target.stat().st_mode & 0o777 == 0o604


# -- the cache ----------------------------------------------------------------------------


def test_cache_survives_a_torn_journal_line(tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text("x")
    cache = Cache.open(tmp_path / "c", "k")
    cache.record(str(src), Entry(fingerprint_of(src), "txt"))
    cache._journal.close()  # type: ignore[union-attr]  # killed before compaction
    with open(tmp_path / "c" / "k.log", "ab") as journal:
        journal.write(b'["half a line')
    again = Cache.open(tmp_path / "c", "k")
    assert again.done(str(src), "txt")


def test_cache_checks_size_then_mtime_then_hash(tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text("abc")
    cache = Cache.open(tmp_path / "c", "k")
    cache.record(str(src), Entry(fingerprint_of(src), "txt"))
    os.utime(src, ns=(1, 1))
    assert cache.done(str(src), "txt")  # only the mtime moved: the hash says done
    src.write_text("abd")
    os.utime(src, ns=(1, 1))
    assert not cache.done(str(src), "txt")  # same size, another mtime, another hash
    assert not cache.done(str(src), "jsonl")  # another format is other work


def test_unreadable_cache_counts_as_empty(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "k.json").write_text("{not json")
    assert len(Cache.open(folder, "k")) == 0


def test_the_output_folder_holds_the_outputs_only(
    tmp_path: Path, write: Callable[..., Path]
) -> None:
    src = tmp_path / "src"
    write(src / "a.txt", DIRTY)
    write(src / "sub" / "b.txt", DIRTY)
    out = tmp_path / "out"
    assert run([str(src), "-o", str(out)]).exit_code == 0
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == [
        "a.txt",
        "sub",
        "sub/b.txt",
    ]
    # the state is in the user cache folder: no lock left, no absolute path of this machine
    state = output_state_dir(out)
    assert sorted(p.name for p in state.iterdir() if p.name != "output") == sorted(
        f"{key}{suffix}"
        for key in {p.stem for p in state.glob("*.json")}
        for suffix in (".json", ".log")
    )
    for path in state.glob("*.*"):
        assert str(tmp_path) not in path.read_text(encoding="utf-8"), path.name
    check = run([str(out), "--check", "-v", "--include", "*"])
    assert "2 files:" in check.stderr


# -- globs ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "pattern, path, matches",
    [
        ("*.txt", "a/b/c.txt", True),
        ("*.txt", "a/b/c.txt.gz", False),
        ("b/*.txt", "a/b/c.txt", True),
        ("/b/*.txt", "a/b/c.txt", False),
        ("/a/**", "a/b/c.txt", True),
        ("a/**/c.txt", "a/c.txt", True),
        ("[!x]*.txt", "y.txt", True),
        ("[!x]*.txt", "x.txt", False),
        ("expected", "expected/a.txt", True),
        ("?.txt", "ab.txt", False),
    ],
)
def test_globs(pattern: str, path: str, matches: bool) -> None:
    assert Globs([pattern]).match(path) is matches


# -- configuration ----------------------------------------------------------------------


def test_config_is_found_upward_and_stops_at_the_project_root(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.textwash]\njobs = 3\n")
    project = tmp_path / "project"
    (project / ".git").mkdir(parents=True)
    (project / "data" / "deep").mkdir(parents=True)
    assert find_config([project / "data" / "deep"]) is None  # stopped at .git
    (project / "pyproject.toml").write_text("[tool.other]\nx = 1\n")  # no table: ignored
    assert find_config([project / "data"]) is None
    (project / "data" / "textwash.toml").write_text("jobs = 2\n")
    assert find_config([project / "data" / "deep"]) == project / "data" / "textwash.toml"
    assert load_config(project / "data" / "textwash.toml").jobs == 2
    assert find_config([tmp_path / "elsewhere.txt"]) == tmp_path / "pyproject.toml"


def test_config_values_and_warnings() -> None:
    config = parse_table(
        {"exclude": ["x"], "extend_exclude": "y", "text-key": "body", "colour": "red"},
        where="[tool.textwash]",
    )
    assert config.exclude == ("x",) and config.extend_exclude == ("y",)
    assert config.text_key == "body"
    assert config.warnings and "unknown key 'colour'" in config.warnings[0]
    for bad in ({"jobs": 0}, {"jobs": "2"}, {"include": [1]}, {"format": "docx"}, {"filters": 3}):
        with pytest.raises(ConfigError):
            parse_table(bad)


def test_flags_win_over_the_file(tmp_path: Path, write: Callable[..., Path]) -> None:
    project = tmp_path / "project"
    (project / ".git").mkdir(parents=True)
    write(
        project / "pyproject.toml",
        '[tool.textwash]\ndisable = ["whitespace"]\nexclude = ["drafts"]\ncolor = 1\n',
    )
    write(project / "data" / "a.txt", DIRTY)
    write(project / "data" / "drafts" / "b.txt", DIRTY)
    out = tmp_path / "out"
    result = run([str(project / "data"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "unknown key 'color'" in result.stderr
    assert sorted(files(out)) == ["a.txt"]
    without = Pipeline.default().disable("whitespace")
    assert (out / "a.txt").read_text(encoding="utf-8") == cleaned(DIRTY, without)
    # a flag turns the filter back on, and --exclude replaces the file's list
    out2 = tmp_path / "out2"
    result = run(
        [str(project / "data"), "-o", str(out2), "--enable", "whitespace", "--exclude", "none"]
    )
    assert sorted(files(out2)) == ["a.txt", "drafts/b.txt"]
    assert (out2 / "a.txt").read_text(encoding="utf-8") == cleaned(DIRTY)


def test_bad_configuration_is_a_usage_error(tmp_path: Path, write: Callable[..., Path]) -> None:
    write(tmp_path / "p" / "textwash.toml", "jobs = [\n")
    write(tmp_path / "p" / "a.txt", DIRTY)
    result = run([str(tmp_path / "p"), "--check"])
    assert result.exit_code == 2 and "not valid TOML" in result.stderr
    write(tmp_path / "q" / "textwash.toml", 'enable = ["nope"]\n')
    write(tmp_path / "q" / "a.txt", DIRTY)
    result = run([str(tmp_path / "q"), "--check"])
    assert result.exit_code == 2 and "unknown filter 'nope'" in result.stderr


@pytest.mark.parametrize(
    "table, options, message",
    [
        ("repeats", 'min_words = "ten"', "'min_words' must be an integer, not the string 'ten'"),
        ("teasers", "max_shared = true", "'max_shared' must be a number, not the boolean true"),
        ("boilerplate", "min_documents = 2.5", "'min_documents' must be an integer"),
        ("repeats", "min_wrds = 3", "unknown option 'min_wrds' (options: min_words)"),
    ],
)
def test_a_filter_option_of_the_wrong_type_is_a_usage_error(
    tmp_path: Path,
    write: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
    table: str,
    options: str,
    message: str,
) -> None:
    config = write(
        tmp_path / "p" / "pyproject.toml", f"[tool.textwash.filters.{table}]\n{options}\n"
    )
    write(tmp_path / "p" / "a.txt", DIRTY)
    opened: list[str] = []
    real_open = open

    def spy(file: Any, *args: Any, **kwargs: Any) -> Any:
        opened.append(str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr("builtins.open", spy)
    # the filter is checked whether or not it is enabled, and --enable does not bypass it
    for extra in ([], ["--enable", "boilerplate"]):
        result = run([str(tmp_path / "p"), "-o", str(tmp_path / "out"), "-j", "1", *extra])
        assert result.exit_code == 2, result.output
        assert message in result.stderr
        assert f"[tool.textwash.filters.{table}] in {config}" in result.stderr
        assert "Traceback" not in result.output and result.stderr.count("Error") == 1
    assert not [path for path in opened if path.endswith("a.txt")]  # before any file is read
    assert not (tmp_path / "out").exists()


def test_filter_options_are_brought_to_the_field_types(tmp_path: Path) -> None:
    config = tmp_path / "textwash.toml"
    config.write_text("[filters.teasers]\nmax_shared = 1\n", encoding="utf-8")
    pipeline, _ = build_pipeline(load_config(config))
    assert pipeline["teasers"].max_shared == 1.0  # type: ignore[attr-defined]
    assert isinstance(pipeline["teasers"].max_shared, float)  # type: ignore[attr-defined]


def test_explicit_config_file(tmp_path: Path, write: Callable[..., Path]) -> None:
    config = write(tmp_path / "elsewhere.toml", 'include = ["*.text"]\nformat = "txt"\n')
    write(tmp_path / "d" / "a.text", DIRTY)
    write(tmp_path / "d" / "b.txt", DIRTY)
    result = run([str(tmp_path / "d"), "--check", "--config", str(config)])
    assert "1 file: 1 would change" in result.stderr


def test_build_pipeline_order_and_options() -> None:
    pipeline, warnings = build_pipeline(Config(disable=("markup",)), enable=["markup"])
    assert pipeline.names == Pipeline.default().names and not warnings
    pipeline, _ = build_pipeline(Config(), disable=["markup", "markup"])
    assert "markup" not in pipeline.names
    with pytest.raises(ConfigError):
        build_pipeline(Config(filters={"whitespace": {"no_such_option": 1}}))


_NAMES = st.sampled_from(["markup", "whitespace", "teasers", "boilerplate", "quotes", "urls"])


@settings(max_examples=60, deadline=None)
@given(
    st.lists(_NAMES, max_size=3),
    st.lists(_NAMES, max_size=3),
    st.lists(_NAMES, max_size=3),
    st.lists(_NAMES, max_size=3),
    st.dictionaries(st.sampled_from(["quotes", "teasers"]), st.just(True), max_size=2),
)
def test_build_pipeline_is_the_default_changed_step_by_step(
    config_on: list[str],
    config_off: list[str],
    flags_on: list[str],
    flags_off: list[str],
    configured: dict[str, bool],
) -> None:
    """Choosing the filters by name before building them gives the pipeline that the
    file's and the flags' changes, applied one by one to the default pipeline, give."""
    options = {"quotes": {"style": "straight"}, "teasers": {"max_shared": 0.25}}
    filters = {name: options[name] for name in configured}
    config = Config(enable=tuple(config_on), disable=tuple(config_off), filters=filters)
    pipeline, _ = build_pipeline(config, enable=flags_on, disable=flags_off)

    expected = Pipeline.default()
    for name in config_on:
        expected = expected.enable(name) if name not in expected.names else expected
    for name in config_off:
        expected = expected.disable(name) if name in expected.names else expected
    for name in filters:
        if name in expected.names:
            expected = expected.enable(name, **filters[name])
    for name in flags_on:
        given = filters.get(name, {})
        expected = (
            expected.enable(name, **given) if given or name not in expected.names else expected
        )
    for name in flags_off:
        expected = expected.disable(name) if name in expected.names else expected
    assert pipeline == expected


def test_switched_off_filters_are_never_imported() -> None:
    """A run with every default filter off does not load their modules (start-up time)."""
    code = (
        "import sys\n"
        "from textwash.config import Config, build_pipeline\n"
        "from textwash.filters.registry import BUILTIN_DEFAULTS\n"
        "p, _ = build_pipeline(Config(), disable=sorted(BUILTIN_DEFAULTS), enable=['quotes'])\n"
        "print(p.names, sorted(m for m in sys.modules if m.startswith('textwash.filters.')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    names, modules = out.stdout.split(" [", 1)
    assert names == "('quotes',)"
    assert "textwash.filters.normalize.quotes" in modules
    for name in (
        "markup",
        "mojibake",
        "apostrophes",
        "whitespace",
        "headline",
        "repeats",
        "teasers",
    ):
        assert f"'textwash.filters.{name}'" not in modules


# -- small functions ----------------------------------------------------------------------


def test_lines_changed_counts_lines_not_characters() -> None:
    assert lines_changed("a\nb\nc\n", "a\nb\nc\n") == 0
    assert lines_changed("a  \nb  \nc\n", "a\nb\nc\n") == 2
    assert lines_changed("head\nhead\nbody\n", "head\nbody\n") == 1


def test_splice_keeps_escaping_style_and_handles_tricky_lines() -> None:
    raw = b'{"a": "x", "text" : "old",  "b": {"text": "inner"}}\r\n'
    assert splice(raw, "text", "new") == b'{"a": "x", "text" : "new",  "b": {"text": "inner"}}\r\n'
    raw = b'{"text": "\\u00e9t\\u00e9  ", "id": 1}'
    assert splice(raw, "text", "été") == b'{"text": "\\u00e9t\\u00e9", "id": 1}'
    raw = '{"text": "été  ", "id": 1}'.encode()
    assert splice(raw, "text", "été") == '{"text": "été", "id": 1}'.encode()
    record = parse_line(b'{"text": "a", "text": "b"}', 1, "text")
    assert record.text == "b" and splice(record.raw, "text", "c") == b'{"text": "a", "text": "c"}'
    assert (
        json.loads(splice(b'{"text": ""}', "text", '"quoted"\n\ud800'))["text"]
        == '"quoted"\n\ud800'
    )
