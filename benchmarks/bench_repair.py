"""Time the default pipeline in memory, each filter's first pass and second look, and ftfy.

The corpus is every extractor's output in the article-extraction benchmark (about 5,800
documents, 45 MB of UTF-8). In one run, in rounds that alternate the candidates so that
machine noise hits them alike, it times:

* ``default pipeline``: ``Pipeline.default()`` on each document, to its fixed point, as
  the library runs it (triggers deciding which filters run), against the target of
  25 MB/s; and the same pipeline with the triggers ignored (every filter on every text);
* each default filter's **first pass**: on the text it receives in the pipeline's first
  round (the previous filters' output), as the pipeline runs it: its trigger, then
  ``apply`` where the trigger fires; and its **second look**: the same on its own output,
  against the target of 10% of the first pass;
* ``ftfy.fix_text`` on each document (its defaults), the reference repair.

and prints the median of each over the rounds, in CPU time of this process (the goals are
judged on it: wall time on a shared machine also counts the time other work held the
cores) and in wall time. Run:

    python benchmarks/bench_repair.py [--runs 3] [--no-ftfy] [--baseline SRC]

``--baseline SRC`` times another textwash in the same rounds, alternating with this one:
the ``src`` folder of a checkout, or of an archive of a commit, such as
``git archive main src | tar -x -C /tmp/base`` then ``--baseline /tmp/base/src``. Its
figures are printed beside these, with the speed-up of each.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import ftfy

import _versions as versions
from _data import extractor_names, extractor_output
from _versions import Version
from textwash import Pipeline
from textwash.filters.base import Filter

TARGET_MB_S = 25.0
TARGET_SECOND_LOOK = 0.10
#: How the baseline's rows are named.
BASE = "base: "


def load_corpus() -> list[str]:
    """Every extractor's output, as one list of documents."""
    return [text for name in extractor_names() for text in extractor_output(name).values()]


def timed(function: Callable[[str], object], docs: list[str]) -> tuple[float, float]:
    """Wall time and this process's CPU time (steadier when other work shares the cores)."""
    start, cpu = time.perf_counter(), time.process_time()
    for doc in docs:
        function(doc)
    return time.perf_counter() - start, time.process_time() - cpu


def as_the_pipeline_runs_it(f: Filter) -> Callable[[str], str]:
    """The filter behind its trigger: ``apply`` only where the trigger fires."""
    trigger = f.trigger()
    if trigger is None:
        return f.apply
    fires, apply = trigger.fires, f.apply
    return lambda text: apply(text) if fires(text) else text


Candidate = tuple[Version, Callable[[str], object], list[str]]


def candidates_of(version: Version, docs: list[str], prefix: str) -> dict[str, Candidate]:
    """What is timed of one textwash: its default pipeline, with and without triggers, and
    each default filter's first pass and second look."""
    with version.active():
        pipeline = version.textwash.Pipeline.default()
        filters = [f for f in pipeline if hasattr(f, "apply")]
        # What each filter sees in the pipeline's first round, and what it gives back.
        inputs: dict[str, list[str]] = {}
        outputs: dict[str, list[str]] = {}
        current = docs
        for f in filters:
            inputs[f.name] = current
            current = outputs[f.name] = [f.apply(text) for text in current]
        found: dict[str, Candidate] = {
            f"{prefix}default pipeline": (version, pipeline, docs),
            f"{prefix}  triggers ignored": (version, pipeline.ignoring_triggers(), docs),
        }
        for f in filters:
            look = as_the_pipeline_runs_it(f)
            found[f"{prefix}{f.name} first pass"] = (version, look, inputs[f.name])
            found[f"{prefix}{f.name} second look"] = (version, look, outputs[f.name])
        for _, function, texts in found.values():  # warm up: imports, regex compilation
            function(texts[0])
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--no-ftfy", action="store_true", help="leave ftfy out (it takes ~40 s a round)"
    )
    parser.add_argument(
        "--baseline",
        type=Path,
        metavar="SRC",
        help="the src folder of another textwash, timed in the same rounds",
    )
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    if args.baseline is not None and not versions.holds_textwash(args.baseline):
        parser.error(
            f"--baseline {args.baseline}: no textwash package in it (give the 'src' folder "
            "of a checkout, or of 'git archive <commit> src')"
        )
    docs = load_corpus()  # exits with a message where the data is absent
    megabytes = sum(len(d.encode("utf-8")) for d in docs) / 1e6
    this = versions.current()
    base = versions.load(args.baseline) if args.baseline else None
    names = [f.name for f in Pipeline.default() if isinstance(f, Filter)]

    candidates = candidates_of(this, docs, "")
    if base is not None:
        candidates.update(candidates_of(base, docs, BASE))
    if not args.no_ftfy:
        candidates["ftfy.fix_text"] = (this, ftfy.fix_text, docs)
        ftfy.fix_text(docs[0])

    times: dict[str, list[float]] = {name: [] for name in candidates}  # CPU
    walls: dict[str, list[float]] = {name: [] for name in candidates}
    order = list(candidates)
    if base is not None:  # each of this tree's candidates next to the baseline's
        order = sorted(order, key=lambda name: name.removeprefix(BASE))
    for run in range(args.runs):
        for name in order if run % 2 == 0 else order[::-1]:
            version, function, texts = candidates[name]
            with version.active():
                wall, cpu = timed(function, texts)
            walls[name].append(wall)
            times[name].append(cpu)
    median = {name: statistics.median(runs) for name, runs in times.items()}

    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"{len(docs)} documents, {megabytes:.1f} MB; median of {args.runs} alternating rounds;")
    print(f"load average at the end: {load} ({os.cpu_count()} cores)")
    if base is not None:
        print(f"baseline: {args.baseline} (rows marked {BASE.strip()!r})")
    print()
    print(f"{'':<24}{'CPU s':>8}{'spread':>12}{'MB/s':>7}{'wall s':>9}{'MB/s':>7}")
    for name in ("default pipeline", "  triggers ignored", "ftfy.fix_text"):
        for row in (name, BASE + name):
            if row in median:
                runs, wall = times[row], statistics.median(walls[row])
                spread = f"{min(runs):.2f}-{max(runs):.2f}"
                print(
                    f"{row:<24}{median[row]:>8.2f}{spread:>12}{megabytes / median[row]:>7.1f}"
                    f"{wall:>9.2f}{megabytes / wall:>7.1f}"
                )
    speed = megabytes / median["default pipeline"]
    verdict = "met" if speed >= TARGET_MB_S else "missed"
    print(f"target: default pipeline >= {TARGET_MB_S:.0f} MB/s (CPU): {speed:.1f} MB/s, {verdict}")
    if base is not None:
        ratio = median[BASE + "default pipeline"] / median["default pipeline"]
        print(f"the default pipeline takes 1/{ratio:.2f} of the baseline's CPU time")
    if "ftfy.fix_text" in median:
        ratio = median["ftfy.fix_text"] / median["default pipeline"]
        print(f"ftfy.fix_text alone is {ratio:.1f}x the time of the default pipeline")
    print()
    header = f"{'filter':<14}{'first pass s':>14}{'second look s':>15}{'ratio':>8}"
    if base is not None:
        header += f"{'baseline first':>16}{'second':>8}{'ratio':>7}"
    print(header + "  (CPU; target <= 10%)")
    for name in names:
        first, second = median[f"{name} first pass"], median[f"{name} second look"]
        ratio = second / first if first else 0.0
        verdict = "met" if ratio <= TARGET_SECOND_LOOK else "missed"
        row = f"{name:<14}{first:>14.3f}{second:>15.3f}{ratio:>7.0%} "
        if base is not None and f"{BASE}{name} first pass" in median:
            b_first = median[f"{BASE}{name} first pass"]
            b_second = median[f"{BASE}{name} second look"]
            b_ratio = b_second / b_first if b_first else 0.0
            row += f"{b_first:>16.3f}{b_second:>8.3f}{b_ratio:>6.0%} "
        print(f"{row} {verdict}")
    total_first = sum(median[f"{name} first pass"] for name in names)
    total_second = sum(median[f"{name} second look"] for name in names)
    print(f"{'all':<14}{total_first:>14.3f}{total_second:>15.3f}{total_second / total_first:>7.0%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
