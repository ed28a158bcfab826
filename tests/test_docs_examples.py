"""Every code block of README.md and docs/*.md runs as written, so the docs cannot drift.

Each block is checked by its language (see ``tests/doc_blocks.py``), in a fresh temporary
folder that holds what the examples refer to: the sample articles as ``fixtures/`` (the
project's own folder) and again as ``corpus/``, and ``.venv`` standing for the environment
running these tests (so ``.venv/bin/clean`` is the ``clean`` under test). The resume state
goes to a temporary cache folder, never the user's.

Shell commands are run when they are safe and local (``clean`` on those files, alone or in
a pipe). Installing (``python3 -m venv``, ``pip install``) is what made this environment:
those commands are not run, but each extra they name must exist. The test command is the
one running now. A benchmark command takes minutes on the full data: its script must exist
and accept every option the docs give it. Any other command needs a ``not-tested`` marker.
"""

from __future__ import annotations

import doctest
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from doc_blocks import LANGUAGES, ROOT, Block, all_blocks, shell_commands
from textwash.config import build_pipeline, load_config

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

BLOCKS = all_blocks()
#: Blocks that cannot run here; each needs a reason, and there should be few.
MAX_NOT_TESTED = 6


def _of(*languages: str) -> list[Block]:
    return [b for b in BLOCKS if b.lang in languages and b.not_tested is None]


def _ids(blocks: list[Block]) -> list[str]:
    return [b.where for b in blocks]


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A folder with what the examples name, and the environment under test as ``.venv``."""
    shutil.copytree(ROOT / "fixtures", tmp_path / "fixtures")
    (tmp_path / "corpus").mkdir()
    for article in sorted((ROOT / "fixtures" / "seeds").glob("*.txt")):
        shutil.copy(article, tmp_path / "corpus" / article.name)
    (tmp_path / ".venv").symlink_to(Path(sys.prefix), target_is_directory=True)
    return tmp_path


def _environment(workspace: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env["TEXTWASH_CACHE_DIR"] = str(workspace / ".cache")
    env.pop("NO_COLOR", None)
    return env


# -- what every block must be ------------------------------------------------------------


def test_every_block_says_what_it_is() -> None:
    untagged = [b.where for b in BLOCKS if b.lang not in LANGUAGES]
    assert not untagged, f"code blocks without a known language ({sorted(LANGUAGES)}): {untagged}"


def test_blocks_not_tested_are_few_and_say_why() -> None:
    marked = [b for b in BLOCKS if b.not_tested is not None]
    assert all(b.not_tested for b in marked), "a not-tested marker without a reason"
    assert len(marked) <= MAX_NOT_TESTED, "\n".join(f"{b.where}: {b.not_tested}" for b in marked)
    unmarked_yaml = [b.where for b in BLOCKS if b.lang == "yaml" and b.not_tested is None]
    assert not unmarked_yaml, f"nothing runs YAML here: mark it not-tested: {unmarked_yaml}"


# -- pycon: doctests ---------------------------------------------------------------------


_PYCON_PAGES = sorted({b.page for b in _of("pycon")})


@pytest.mark.parametrize("page", _PYCON_PAGES, ids=[p.name for p in _PYCON_PAGES])
def test_pycon_examples_run(page: Path, workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A page's sessions run in order in one namespace, as a reader would type them."""
    monkeypatch.chdir(workspace)
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    namespace: dict[str, object] = {"__name__": "__main__"}
    for block in (b for b in _of("pycon") if b.page == page):
        test = parser.get_doctest(block.code, namespace, block.where, str(page), block.line)
        test.globs = namespace  # shared: an import in one block serves the next
        runner.run(test, clear_globs=False)
    results = runner.summarize(verbose=False)
    assert results.attempted > 0 and results.failed == 0


# -- python: scripts ---------------------------------------------------------------------


@pytest.mark.parametrize("block", _of("python"), ids=_ids(_of("python")))
def test_python_examples_run_as_scripts(block: Block, workspace: Path) -> None:
    script = workspace / "example.py"
    script.write_text(block.code, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(script)],
        cwd=workspace,
        env=_environment(workspace),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, f"{block.where} failed:\n{done.stdout}{done.stderr}"
    # a worker process that fails (an unguarded script run again in each worker) prints a
    # traceback, while the script itself may still exit 0
    assert "Traceback" not in done.stderr, f"{block.where}:\n{done.stderr}"


# -- toml: configuration -----------------------------------------------------------------


@pytest.mark.parametrize("block", _of("toml"), ids=_ids(_of("toml")))
def test_configuration_examples_load_without_warnings(block: Block, workspace: Path) -> None:
    data = tomllib.loads(block.code)  # a syntax error fails here
    name = "pyproject.toml" if "tool" in data else "textwash.toml"
    (workspace / name).write_text(block.code, encoding="utf-8")
    config = load_config(workspace / name)
    pipeline, warnings = build_pipeline(config)
    assert not config.warnings and not warnings, [*config.warnings, *warnings]
    for filter_name, options in config.filters.items():
        for option, value in options.items():
            assert getattr(pipeline[filter_name], option) == value


# -- sh: commands ------------------------------------------------------------------------

_CLEAN = re.compile(r"(?:^|\|\s*)(?:\.venv/bin/)?clean\s")
_BENCHMARK = re.compile(r"^(?:\.venv/bin/)?python3?\s+(benchmarks/\S+\.py)(.*)$")
_EXTRA = re.compile(r"^(?:textwash|\.)\[([\w,-]+)\]$")


def _kind(command: str) -> str:
    """What a documented command is, which decides how it is checked (see the module doc)."""
    words = command.split()
    if words[:3] == ["python3", "-m", "venv"] or (words[0].endswith("pip") and "install" in words):
        return "install"
    if words[-2:] == ["-m", "pytest"]:
        return "test suite"
    if _BENCHMARK.match(command):
        return "benchmark"
    if _CLEAN.search(command):
        return "clean"
    return "other"


def test_every_shell_command_is_one_the_tests_know() -> None:
    unknown = [
        f"{b.where}: {command}"
        for b in _of("sh")
        for command in shell_commands(b.code)
        if _kind(command) == "other"
    ]
    assert not unknown, f"run these here, or mark their block not-tested: {unknown}"


def test_extras_the_install_commands_name_exist() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    extras = set(pyproject["project"]["optional-dependencies"])
    named: list[str] = []
    shell_blocks = [b for b in BLOCKS if b.lang == "sh"]  # marked ones too: pip lines are checkable
    for block in shell_blocks:
        for command in shell_commands(block.code):
            if _kind(command) == "install" and "pip" in command:
                for word in command.split()[2:]:
                    match = _EXTRA.match(word.strip("'\""))
                    if match:
                        named.extend(match[1].split(","))
    assert named and set(named) <= extras, set(named) - extras


_RUNNABLE = [b for b in _of("sh") if any(_kind(c) == "clean" for c in shell_commands(b.code))]


@pytest.mark.parametrize("block", _RUNNABLE, ids=_ids(_RUNNABLE))
def test_shell_examples_run(block: Block, workspace: Path) -> None:
    commands = [c for c in shell_commands(block.code) if _kind(c) == "clean"]
    script = "set -euo pipefail\n" + "\n".join(commands) + "\n"
    done = subprocess.run(
        ["bash", "-c", script],
        cwd=workspace,
        env=_environment(workspace),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, f"{block.where} failed:\n{done.stdout}{done.stderr}"


_BENCHMARKS = sorted(
    {(b.where, c) for b in _of("sh") for c in shell_commands(b.code) if _kind(c) == "benchmark"}
)


@pytest.mark.parametrize(("where", "command"), _BENCHMARKS, ids=[w for w, _ in _BENCHMARKS])
def test_benchmark_commands_name_real_scripts_and_options(where: str, command: str) -> None:
    match = _BENCHMARK.match(command)
    assert match
    script = ROOT / match[1]
    assert script.is_file(), f"{where}: no {match[1]}"
    usage = subprocess.run(
        [sys.executable, str(script), "--help"], capture_output=True, text=True, timeout=120
    )
    assert usage.returncode == 0, usage.stderr
    for option in re.findall(r"(?<!\S)(--?[\w-]+)", match[2]):
        assert re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", usage.stdout), (
            f"{where}: {match[1]} has no option {option}"
        )


# -- console: commands and their output --------------------------------------------------


def _sessions(code: str) -> list[tuple[str, str]]:
    """``$ command`` lines, each with the output written below it."""
    sessions: list[tuple[str, list[str]]] = []
    for line in code.splitlines():
        if line.startswith("$ "):
            sessions.append((line[2:], []))
        elif sessions:
            sessions[-1][1].append(line)
    return [(command, "\n".join(output).strip("\n") + "\n") for command, output in sessions]


@pytest.mark.parametrize("block", _of("console"), ids=_ids(_of("console")))
def test_console_examples_print_what_they_show(block: Block, workspace: Path) -> None:
    sessions = _sessions(block.code)
    assert sessions, f"{block.where}: a console block without '$ ' commands"
    checker = doctest.OutputChecker()
    for command, expected in sessions:
        assert _kind(command) == "clean", f"{block.where}: only clean commands run here"
        done = subprocess.run(
            ["bash", "-c", "set -euo pipefail\n" + command],
            cwd=workspace,
            env=_environment(workspace),
            capture_output=True,
            text=True,
            timeout=300,
        )
        shown = done.stdout + done.stderr
        assert done.returncode == 0, f"{block.where}: {command}\n{shown}"
        assert checker.check_output(expected, shown, doctest.ELLIPSIS), (
            f"{block.where}: {command}\nexpected:\n{expected}\ngot:\n{shown}"
        )
