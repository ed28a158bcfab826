"""The docs that are generated from code are up to date, and README's commands are real."""

from __future__ import annotations

import importlib.util
import re
from dataclasses import dataclass, fields, is_dataclass
from pathlib import Path

import pytest

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


# -- filter options ----------------------------------------------------------------------


@dataclass(frozen=True)
class _Documented:
    #: Fewest words a line needs.
    min_words: int = 25
    #: Either way.
    #: Over two lines.
    mode: str | None = None


@dataclass(frozen=True)
class _Undocumented:
    #: Fewest words a line needs.
    min_words: int = 25
    threshold: float = 0.5


def test_option_docs_read_type_default_and_meaning_from_the_class() -> None:
    from textwash.filters.option_docs import OptionDoc, describe_options

    assert describe_options(_Documented) == [
        OptionDoc("min_words", "int", "25", "Fewest words a line needs."),
        OptionDoc("mode", "str | None", "None", "Either way. Over two lines."),
    ]


def test_every_builtin_filter_option_is_documented_with_its_real_default() -> None:
    from textwash.filters.option_docs import describe_options
    from textwash.filters.registry import BUILTIN, filter_class

    reference = (ROOT / "docs" / "filters.md").read_text(encoding="utf-8")
    seen = 0
    for name in BUILTIN:
        cls = filter_class(name)
        defaults = {f.name: f.default for f in fields(cls)} if is_dataclass(cls) else {}
        for option in describe_options(cls):
            seen += 1
            assert option.meaning, f"{name}.{option.name} has no '#:' comment"
            assert option.default == repr(defaults[option.name])
            assert f"| `{option.name}` | " in reference
    assert seen >= 8  # whitespace, repeats, teasers and boilerplate have options


def test_the_generator_refuses_an_option_without_a_meaning() -> None:
    generator = load_generator()
    assert "Fewest words a line needs." in generator._options(_Documented)  # type: ignore[attr-defined]
    with pytest.raises(ValueError, match=r"_Undocumented\.threshold has no meaning"):
        generator._options(_Undocumented)  # type: ignore[attr-defined]
