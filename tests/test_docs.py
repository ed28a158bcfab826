"""The docs that are generated from code are up to date, and README's commands are real."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def load_generator() -> object:
    spec = importlib.util.spec_from_file_location(
        "generate_filters", ROOT / "docs" / "generate_filters.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_filter_reference_is_generated_from_the_docstrings() -> None:
    generator = load_generator()
    expected = generator.render()  # type: ignore[attr-defined]
    actual = (ROOT / "docs" / "filters.md").read_text(encoding="utf-8")
    assert actual == expected, "docs/filters.md is stale: run python docs/generate_filters.py"


def test_ci_runs_the_test_command_the_readme_gives() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    commands = re.findall(r"```(?:sh|bash|console)\n(.*?)```", readme, re.DOTALL)
    test_command = next(c.strip() for c in commands if "pytest" in c)
    assert test_command in ci


def test_ci_runs_the_clean_command_the_readme_gives() -> None:
    """The quick start is what CI runs, and it keeps the default excludes (``--exclude``
    would replace them: a new user copying it would clean ``.git`` and ``.venv`` folders)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    commands = re.findall(r"```(?:sh|bash|console)\n(.*?)```", readme, re.DOTALL)
    clean = [part.strip() for c in commands for part in c.split("&&") if "bin/clean " in part]
    assert clean and all(command in ci for command in clean)
    assert not [command for command in clean if "--exclude" in command.split()]


def test_relative_links_in_the_docs_resolve() -> None:
    for page in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        text = page.read_text(encoding="utf-8")
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text):
            if "://" in target or target.startswith("mailto:"):
                continue
            assert (page.parent / target).exists(), f"{page.name}: broken link {target}"


def test_readme_examples_run() -> None:
    import doctest

    failures, tried = doctest.testfile(
        str(ROOT / "README.md"), module_relative=False, optionflags=doctest.ELLIPSIS
    )
    assert tried > 0 and failures == 0
