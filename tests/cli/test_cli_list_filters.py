"""``clean --list-filters``: what can be enabled, and with ``-v`` how each filter is tuned."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from cli_helpers import run

from textwash.config import build_pipeline, find_config, load_config
from textwash.filters import registry
from textwash.filters.option_docs import describe_options
from textwash.filters.registry import available_filters, filter_class


def test_list_filters_names_every_filter_and_whether_it_is_on() -> None:
    result = run(["--list-filters"])
    assert result.exit_code == 0, result.output
    rows = {
        line.split()[0]: line.split()[1]
        for line in result.stdout.splitlines()
        if line[:1].isalnum()
    }
    for name in available_filters():
        assert rows[name] == ("on" if filter_class(name).default_enabled else "off")
        assert filter_class(name).summary in result.stdout
    assert "min_words" not in result.stdout  # the options come with -v


def test_list_filters_verbose_gives_every_option_with_type_default_and_meaning() -> None:
    result = run(["--list-filters", "-v"])
    assert result.exit_code == 0, result.output
    flat = " ".join(result.stdout.split())
    documented = 0
    for name in available_filters():
        for option in describe_options(filter_class(name)):
            documented += 1
            assert f"{option.name}: {option.type} = {option.default}" in result.stdout
            assert " ".join(option.meaning.replace("``", "").split()) in flat
    assert documented > 0
    assert "[tool.textwash.filters.NAME]" in result.stdout


def test_list_filters_needs_no_path_and_ignores_the_run_flags(tmp_path: Path) -> None:
    assert run(["--list-filters", str(tmp_path), "--check"]).exit_code == 0
    assert list(tmp_path.iterdir()) == []


def test_a_plugin_that_cannot_be_loaded_is_named_and_the_others_are_listed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class Broken:
        name = "broken_plugin"

        def load(self) -> Any:
            raise ImportError("No module named 'broken_package'")

    monkeypatch.setattr(registry, "_plugins", lambda: {"broken_plugin": Broken()})
    result = run(["--list-filters"])
    assert result.exit_code == 1
    assert "filter 'broken_plugin' cannot be loaded: No module named 'broken_package'" in (
        result.stderr
    )
    assert "whitespace" in result.stdout


def test_the_option_tables_the_listing_points_to_are_read(tmp_path: Path) -> None:
    (tmp_path / "textwash.toml").write_text("[filters.repeats]\nmin_words = 3\n", encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(
        "[tool.textwash.filters.teasers]\nmax_shared = 0.5\n", encoding="utf-8"
    )
    for name, option, value in [
        ("textwash.toml", "min_words", 3),
        ("pyproject.toml", "max_shared", 0.5),
    ]:
        config = load_config(tmp_path / name)
        pipeline, warnings = build_pipeline(config)
        filter_name = "repeats" if option == "min_words" else "teasers"
        assert getattr(pipeline[filter_name], option) == value and not warnings
    assert find_config([tmp_path]) == tmp_path / "textwash.toml"
