"""Time every filter and the pipelines on the hostile-input families, at three sizes.

The families are the ones ``tests/test_hostile.py`` checks for linear growth
(``tests/hostile_families.py``). This script prints, for each family and each filter it is
aimed at, the best CPU time per call at 40k, 80k and 160k characters, as JSON lines, so
that two versions of textwash can be compared: run it once as it is, and once with
``--src`` naming another checkout's ``src`` folder (it then runs in a child process with
that textwash first on the path; a filter or pipeline shape the other version lacks is
reported as missing)::

    .venv/bin/python benchmarks/bench_hostile.py > after.jsonl
    git worktree add /tmp/old 87eec44
    .venv/bin/python benchmarks/bench_hostile.py --src /tmp/old/src > before.jsonl
    .venv/bin/python benchmarks/bench_hostile.py --compare before.jsonl after.jsonl

``--per-line`` times the ``mojibake`` filter per line it sends to ftfy instead.

A call that takes longer than ``--cap`` seconds is timed once, and the larger sizes of its
family are not timed at all (they are reported as over the cap).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # the families live beside the test that uses them

import hostile_families as hf  # noqa: E402


def measure(cap: float, only: str | None) -> None:
    import textwash

    print(json.dumps({"textwash": textwash.__file__}), flush=True)
    for family, spec in hf.FAMILIES.items():
        if only and only not in family:
            continue
        for target in spec.targets:
            try:
                function = hf.runner(target)
            except (AttributeError, KeyError, TypeError) as error:
                print(json.dumps({"family": family, "target": target, "missing": str(error)}))
                continue
            times: list[float | None] = []
            for n in hf.SIZES:
                if times and times[-1] is None:
                    times.append(None)
                    continue
                text = spec.build(n)
                start = time.process_time()
                function(text)
                once = time.process_time() - start
                if once > cap:
                    times.append(None)
                    row = {"family": family, "target": target, "over": n, "seconds": once}
                    print(json.dumps(row), flush=True)
                    continue
                times.append(hf.best_time(function, text, 3 if once < 1 else 1))
            row = {"family": family, "target": target, "sizes": hf.SIZES, "times": times}
            print(json.dumps(row), flush=True)


def per_flagged_line() -> None:
    """The mojibake fast path against one ftfy call per flagged line, in this process.

    Both are timed on the documents of the extractor corpus that have a flagged line and
    on two hostile texts whose every line is flagged (and the same); CPU time per flagged
    line, best of three.
    """
    import ftfy

    from textwash.filters.mojibake import _ftfy_config, _lines_needing_ftfy, fix_text_fast

    def one_call_per_line(text: str) -> str:
        parts, pos = [], 0
        for start, end in _lines_needing_ftfy(text):
            parts += [text[pos:start], ftfy.fix_text(text[start:end], _ftfy_config())]
            pos = end
        return "".join([*parts, text[pos:]])

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from _data import extractor_names, extractor_output

    corpus = [t for name in extractor_names() for t in extractor_output(name).values()]
    sets = {
        "corpus documents with a flagged line": [t for t in corpus if _lines_needing_ftfy(t)],
        "'cafÃ© au lait' on 10,000 lines": ["cafÃ© au lait\n" * 10_000],
        "CRLF on 10,000 lines": ["a\r\n" * 10_000],
    }
    print("| texts | flagged lines | one ftfy call a line | fast path | ratio |")
    print("|---|---:|---:|---:|---:|")
    for label, texts in sets.items():
        lines = sum(len(_lines_needing_ftfy(t)) for t in texts)
        assert all(fix_text_fast(t) == one_call_per_line(t) for t in texts)
        old = hf.best_time(lambda _, ts=texts: [one_call_per_line(t) for t in ts], "", 3) / lines
        new = hf.best_time(lambda _, ts=texts: [fix_text_fast(t) for t in ts], "", 3) / lines
        row = (
            f"| {label} | {lines:,} | {old * 1e6:.1f} µs | {new * 1e6:.1f} µs | {old / new:.1f}x |"
        )
        print(row)


def load(path: str) -> dict[tuple[str, str], dict[str, object]]:
    rows: dict[tuple[str, str], dict[str, object]] = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if "family" in row:
            rows.setdefault((row["family"], row["target"]), {}).update(row)
    return rows


def seconds(value: float | None, over: object) -> str:
    if value is None:
        return f"> {over} s" if over else "n/a"
    return f"{value * 1000:.2f} ms" if value < 1 else f"{value:.2f} s"


def growth(times: list[float | None]) -> str:
    """The last doubling's time ratio, t(160k) / t(80k): about 2 linear, 4 quadratic."""
    if len(times) < 2 or times[-1] is None or times[-2] is None:
        return "n/a"
    return f"{times[-1] / max(times[-2], 1e-9):.1f}"


def compare(before_path: str, after_path: str, threshold: float) -> None:
    """A Markdown table of the family and filter pairs whose time at 160k changed."""
    before, after = load(before_path), load(after_path)
    print(
        "| family | filter | size | before | after | before / after | growth before | growth after |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    same = 0
    for key, new in after.items():
        old = before.get(key, {})
        new_times = new.get("times") or [None] * len(hf.SIZES)
        old_times = old.get("times") or [None] * len(hf.SIZES)
        t_new, t_old = new_times[-1], old_times[-1]
        if not old or "missing" in old or t_new is None:
            continue
        if t_old is None:
            over = old.get("seconds")
            # over the cap at a smaller size: the whole family is a slow one
            cell = f"> {float(over):.0f} s at {int(old.get('over')) // 1000}k" if over else "n/a"
            ratio = "n/a"
        else:
            if 1 / threshold < t_old / t_new < threshold:
                same += 1
                continue
            cell, ratio = seconds(t_old, None), f"{t_old / t_new:.1f}"
        family, target = key
        size = f"{hf.SIZES[-1] // 1000}k"
        print(
            f"| {family} | {target} | {size} | {cell} | {seconds(t_new, None)} | {ratio} "
            f"| {growth(old_times)} | {growth(new_times)} |"
        )
    print(f"\n{same} other pairs: before and after within a factor of {threshold}.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--src", help="another checkout's src folder, timed in a child process")
    parser.add_argument("--cap", type=float, default=20.0, help="seconds a call may take")
    parser.add_argument("--only", help="families whose name contains this")
    parser.add_argument("--compare", nargs=2, metavar=("BEFORE", "AFTER"))
    parser.add_argument("--threshold", type=float, default=1.5)
    parser.add_argument(
        "--per-line", action="store_true", help="time the mojibake filter per flagged line"
    )
    args = parser.parse_args()
    if args.per_line:
        per_flagged_line()
    elif args.compare:
        compare(*args.compare, args.threshold)
    elif args.src:
        env = dict(os.environ, PYTHONPATH=os.pathsep.join([args.src, str(ROOT / "tests")]))
        command = [sys.executable, __file__, "--cap", str(args.cap)]
        if args.only:
            command += ["--only", args.only]
        sys.exit(subprocess.call(command, env=env))
    else:
        measure(args.cap, args.only)


if __name__ == "__main__":
    main()
