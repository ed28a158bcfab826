"""The two seed documents come out of the default pipeline exactly as fixtures/seeds/expected.

fixtures/seeds/README.md says why each line is kept or cut.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import textwash

ROOT = Path(__file__).resolve().parent.parent

SEEDS = ROOT / "fixtures" / "seeds"
NAMES = sorted(p.name for p in SEEDS.glob("*.txt"))


def read(path: Path) -> str:
    return path.read_bytes().decode("utf-8")


#: The seeds are whole text files, cleaned as ``clean`` cleans a ``.txt`` file.
PIPELINE = textwash.Pipeline.default().for_whole_files()


def test_both_seeds_are_there() -> None:
    assert NAMES == ["000_5ca8d978d381ab56.txt", "003_21d1f7410107b794.txt"]


@pytest.mark.parametrize("name", NAMES)
def test_clean_gives_the_expected_text(name: str) -> None:
    assert textwash.clean(read(SEEDS / name), PIPELINE) == read(SEEDS / "expected" / name)


@pytest.mark.parametrize("name", NAMES)
def test_clean_is_idempotent(name: str) -> None:
    once = textwash.clean(read(SEEDS / name), PIPELINE)
    assert textwash.clean(once, PIPELINE) == once


@pytest.mark.parametrize("name", NAMES)
def test_explain_gives_the_same_text(name: str) -> None:
    assert textwash.explain(read(SEEDS / name), PIPELINE).text == read(SEEDS / "expected" / name)


def test_seed_000_keeps_one_headline_and_the_related_story() -> None:
    explanation = textwash.explain(read(SEEDS / NAMES[0]), PIPELINE)
    removed = [c for c in explanation.changes if c.filter == "headline"]
    assert [c.line for c in removed] == [3, 5]
    assert removed[1].after.startswith("Russia on March 24 denied")
    assert not [c for c in explanation.changes if c.filter == "teasers"]


def test_seed_003_loses_its_six_teasers_with_reasons() -> None:
    explanation = textwash.explain(read(SEEDS / NAMES[1]), PIPELINE)
    cut = [c for c in explanation.changes if c.filter == "teasers"]
    assert [c.line for c in cut] == [10, 11, 12, 13, 14, 15]
    assert all(c.reason.startswith("teaser: headline-shaped line") for c in cut)
