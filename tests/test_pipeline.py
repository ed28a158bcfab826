"""The filter model: registry, composition, pickling, explanations, light import."""

from __future__ import annotations

import ast
import pickle
import subprocess
import sys
from dataclasses import dataclass
from typing import ClassVar

import pytest

import textwash
from textwash import Document, Filter, Pipeline
from textwash.filters import registry
from textwash.filters.registry import (
    BUILTIN,
    BUILTIN_DEFAULTS,
    UnknownFilterError,
    available_filters,
    filter_class,
)
from textwash.pipeline import FilterError


@dataclass(frozen=True)
class Shout(Filter):
    """A third-party filter, as a plugin package would ship it."""

    name: ClassVar[str] = "shout"
    summary: ClassVar[str] = "upper-cased"
    order: ClassVar[int] = 450
    exclaim: bool = False

    def apply(self, text: str) -> str:
        text = text.upper()
        return text.rstrip("!") + "!" if self.exclaim and text else text


class FakeEntryPoint:
    name = "shout"

    def load(self) -> type[Shout]:
        return Shout


@pytest.fixture
def with_plugin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(registry, "_plugins", lambda: {"shout": FakeEntryPoint()})


def test_default_pipeline_runs_the_default_filters_in_order() -> None:
    names = Pipeline.default().names
    assert names[:4] == ("markup", "mojibake", "apostrophes", "whitespace")
    assert "transliterate" not in names
    orders = [registry.filter_class(n).order for n in names]
    assert orders == sorted(orders)


def test_enable_disable_replace_return_new_pipelines() -> None:
    base = Pipeline.default()
    with_ascii = base.enable("transliterate")
    assert "transliterate" in with_ascii.names and "transliterate" not in base.names
    assert with_ascii.names.index("transliterate") == with_ascii.names.index("apostrophes") + 1
    assert "markup" not in base.disable("markup").names
    with pytest.raises(KeyError):
        base.disable("transliterate")
    replaced = base.replace("whitespace", Shout())
    assert replaced.names[3] == "shout"
    with pytest.raises(ValueError, match="twice"):
        Pipeline(["whitespace", "whitespace"])


def test_unknown_filter_names_the_available_ones() -> None:
    with pytest.raises(UnknownFilterError) as error:
        Pipeline(["no-such-filter"])
    assert "no-such-filter" in str(error.value) and "mojibake" in str(error.value)


def test_third_party_filters_are_found_by_entry_point(with_plugin: None) -> None:
    assert "shout" in registry.available_filters()
    pipeline = Pipeline.default().enable("shout", exclaim=True)
    assert pipeline.names.index("shout") == pipeline.names.index("whitespace") + 1
    assert pipeline("hello  ") == "HELLO!"
    assert pipeline["shout"] == Shout(exclaim=True)


def test_pipeline_pickles_and_keys_its_configuration() -> None:
    pipeline = Pipeline.default().enable("transliterate")
    clone = pickle.loads(pickle.dumps(pipeline))
    assert clone == pipeline and hash(clone) == hash(pipeline)
    assert clone.cache_key() == pipeline.cache_key()
    assert clone("Caf\u00e9\u00a0\n") == pipeline("Caf\u00e9\u00a0\n") == "Cafe\n"
    assert Pipeline.default().cache_key() != pipeline.cache_key()
    assert Pipeline([Shout()]).cache_key() != Pipeline([Shout(exclaim=True)]).cache_key()


def test_a_pipeline_that_ran_pickles_without_its_compiled_scan() -> None:
    pipeline = Pipeline.default()
    before = pickle.dumps(pipeline)
    pipeline("Tom &amp; Jerry\n")  # compiles the trigger scan, kept on the object
    assert pickle.dumps(pipeline) == before
    switched_off = pickle.loads(pickle.dumps(pipeline.ignoring_triggers()))
    assert not switched_off.triggers and switched_off("Tom &amp; Jerry\n") == "Tom & Jerry\n"


def test_documents_keep_their_id_source_and_metadata() -> None:
    doc = Document("Kremlin\u00b4s line\u00a0\n", id="a/1", source="a.txt", metadata={"k": 1})
    cleaned, stats = Pipeline.default().run_with_stats(doc)
    assert cleaned.text == "Kremlin's line\n"
    assert (cleaned.id, cleaned.source, dict(cleaned.metadata)) == ("a/1", "a.txt", {"k": 1})
    assert stats["apostrophes"].changed == 1 and stats["markup"].changed == 0
    assert (stats["markup"] + stats["apostrophes"]).documents == 2


def test_run_with_stats_counts_the_lines_each_filter_changed() -> None:
    doc = Document("One\u00a0\nTwo\u00a0\nKremlin\u00b4s line\n")
    _, stats = Pipeline.default().run_with_stats(doc)
    assert (stats["whitespace"].changed, stats["whitespace"].lines) == (1, 2)
    assert (stats["apostrophes"].changed, stats["apostrophes"].lines) == (1, 1)
    assert (stats["teasers"].documents, stats["teasers"].changed, stats["teasers"].lines) == (
        1,
        0,
        0,
    )


@dataclass(frozen=True)
class Broken(Filter):
    """A plugin filter that fails in the ways a runner must report by name."""

    name: ClassVar[str] = "broken"
    summary: ClassVar[str] = "breaks"
    returns: str = "raise"

    def apply(self, text: str) -> str:
        if self.returns == "raise":
            raise ValueError("no good")
        return b"bytes" if self.returns == "bytes" else text  # type: ignore[return-value]


@pytest.mark.parametrize(
    ("returns", "message"),
    [
        ("raise", "filter 'broken' failed: ValueError: no good"),
        ("bytes", "filter 'broken' failed: returned bytes text, not str"),
    ],
)
def test_run_with_stats_names_the_filter_that_failed(returns: str, message: str) -> None:
    pipeline = Pipeline(["whitespace", Broken(returns)])
    with pytest.raises(FilterError) as error:
        pipeline.run_with_stats(Document("text\n"))
    assert str(error.value) == message and error.value.name == "broken"


def test_run_with_stats_names_the_pipeline_when_it_cannot_run() -> None:
    with pytest.raises(FilterError, match="filter 'pipeline' failed: TypeError: 'boilerplate'"):
        Pipeline(["boilerplate"]).run_with_stats(Document("text\n"))


def test_explain_says_which_filter_changed_which_line_and_why() -> None:
    text = "Title\n\nThe Kremlin\u00b4s envoy said \u00e2\u20ac\u0153no\u00e2\u20ac\u009d.\u00a0\n"
    explanation = textwash.explain(text)
    assert explanation.text == textwash.clean(text)
    by_filter = {c.filter: c for c in explanation.changes}
    assert set(explanation.steps) >= {"mojibake", "apostrophes", "whitespace"}
    assert by_filter["apostrophes"].line == 3
    assert "U+00B4" in by_filter["apostrophes"].reason
    assert by_filter["mojibake"].before.endswith("\u00a0")
    assert "mojibake" in str(explanation)
    assert Pipeline.default().replay(text, explanation) == explanation.text


def test_clean_returns_unchanged_clean_text() -> None:
    clean_text = "A clean headline\n\nA clean paragraph with \u201ccurly\u201d quotes.\n"
    assert textwash.clean(clean_text) == clean_text
    assert textwash.explain(clean_text).changes == ()


def test_import_textwash_loads_no_heavy_library() -> None:
    code = (
        "import sys, textwash; textwash.Pipeline.default(); "
        "print(sorted(m for m in ('ftfy', 'bs4', 'unidecode', 'click', 'tqdm') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_registry_lists_the_built_in_filters_that_are_on_by_default() -> None:
    on = {name for name in BUILTIN if filter_class(name).default_enabled}
    assert on == BUILTIN_DEFAULTS


def test_building_the_default_pipeline_imports_only_the_filters_it_runs() -> None:
    code = "import sys, textwash; textwash.Pipeline.default(); print(sorted(sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    imported = set(ast.literal_eval(out.stdout))
    modules = {name: target.partition(":")[0] for name, target in BUILTIN.items()}
    assert {name for name, module in modules.items() if module in imported} == BUILTIN_DEFAULTS
    assert Pipeline.default().names == tuple(
        cls.name
        for cls in sorted(map(filter_class, available_filters()), key=lambda c: c.order)
        if cls.default_enabled
    )
