"""The scoring of the injected-defects benchmark (benchmarks/evaluate_structure.py)."""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def _benchmark() -> Any:
    folder = str(ROOT / "benchmarks")
    if folder not in sys.path:
        sys.path.insert(0, folder)  # the script imports its neighbour ``_data``
    spec = importlib.util.spec_from_file_location(
        "evaluate_structure", ROOT / "benchmarks" / "evaluate_structure.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


BODY = "The council approved the plan on Friday after a long debate.\n"


def _case(bench: Any, text: str, target: str, injected: list[str]) -> Any:
    article = bench.Article("aeb:x", "Title", target, "en")
    return bench.Case(article, "rail", text, target, Counter(injected))


def test_an_added_line_kept_without_its_trailing_spaces_is_still_kept() -> None:
    bench = _benchmark()
    rail = ["Storm hits coast  ", "Bank cuts jobs  "]
    case = _case(bench, BODY + "\n" + "\n".join(rail) + "\n", BODY, rail)
    tally, kept, lost = bench.score_case(case, BODY + "\nStorm hits coast\n")
    assert kept == ["Storm hits coast"] and not lost
    assert (tally.injected, tally.injected_gone) == (2, 1)
    assert (tally.removed, tally.removed_injected) == (1, 1)


def test_lost_furniture_lines_are_counted_apart() -> None:
    bench = _benchmark()
    target = BODY + "\nContinue reading the main story\n\nThe vote was close.\n"
    case = _case(bench, target, target, [])
    tally, _, lost = bench.score_case(case, BODY)
    assert sorted(lost) == ["Continue reading the main story", "The vote was close."]
    assert (tally.lost, tally.lost_furniture) == (2, 1)
