"""How fast ``clean`` is, next to a plain copy and to ftfy alone, and how much memory it needs.

Usage::

    .venv/bin/python benchmarks/bench_clean.py [--rounds 3] [--skip-memory] [--shard-mb 1024]
        [--fsync-modes] [--baseline SRC] [--only NAMES]

``--baseline SRC`` times the clean programs of another textwash too, in the same rounds,
alternating with this one's (``git archive main src | tar -x -C /tmp/base``, then
``--baseline /tmp/base/src``), and prints both sets of ratios and before -> after; ``--only``
times only the programs named (``--only 'copy,no filters,clean -j 1,clean -j 2'`` leaves
out ftfy, a minute a round).

What it measures, on the outputs of the 32 extractors of the article-extraction benchmark
(``$TEXTWASH_DATA/article-extraction-benchmark/output/``, about 5,800 documents, 45 MB),
written to a temporary folder as one ``.txt`` file each:

* **throughput**: five programs (the fifth below), each in a fresh process, timed in alternation for
  ``--rounds`` rounds (so a busy spell on a shared machine hits all of them), medians
  reported: a plain Python read-and-write copy of the files; ``ftfy.fix_text`` over every
  file (read, fix, write); ``clean -j 1`` and ``clean -j 2`` (each into an empty output
  folder, so nothing is cached). The goals: ``clean -j 1`` with every filter off at most
  1.5x the copy, with the default pipeline at most 3x, ftfy at least 8x slower than
  ``clean -j 1``, ``-j 2`` at least 1.8x faster than ``-j 1``. The load average before
  each program is printed with it (a shared machine's other work shows there);
* **the machine's parallel capacity** before and after (a busy shared machine cannot give
  two processes two cores; this says what ``-j 2`` could at best have gained);
* **the command's own cost**: ``clean -j 1`` with every filter switched off (reading,
  decoding, writing, syncing to disk, hashing for the cache), next to the copy; with
  ``--fsync-modes`` also with ``--fsync always`` and ``--fsync never`` (the default is
  ``batch``), to see what durability costs;
* **where the time goes**: each filter of the default pipeline over every document, in
  this process;
* **start-up**: ``clean --version``, median of 10 (goal: under 0.3 s);
* **memory**: peak RSS of ``clean -j 1`` on a generated JSONL shard of ``--shard-mb`` MB
  (goal for 1 GB: under 300 MB). Records are the corpus documents over and over. The
  full-size shard runs with the filters switched off (at the filters' speed a gigabyte
  takes minutes; what is measured is whether reading and writing stream),
  and a 100 MB and a 20 MB shard run with the default pipeline to show that peak memory
  does not grow with the shard.

Every program runs with Python's compiled bytecode kept (in the temporary folder, compiled
once before the first round), as an installed package runs: without it, on a machine where
``PYTHONDONTWRITEBYTECODE`` is set, each ``clean`` would compile its own modules from source
first, a start-up cost no installed ``clean`` pays.

The data lives outside the repository: ``$TEXTWASH_DATA``, default ``../shared/data``
from the project root. Without it the benchmark says so and exits.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from _data import AEB, data_dir, extractor_output

GOAL_COPY_RATIO = 3.0
GOAL_OWN_COST_RATIO = 1.5
GOAL_FTFY_RATIO = 8.0
GOAL_PARALLEL = 1.8
GOAL_VERSION_SECONDS = 0.3
GOAL_MEMORY_MB = 300


def extractor_outputs() -> Path | None:
    path = data_dir() / AEB / "output"
    return path if path.is_dir() else None


def write_corpus(outputs: Path, dest: Path) -> tuple[int, int]:
    """One ``.txt`` per extractor and page; returns (files, bytes)."""
    count = size = 0
    for source in sorted(outputs.glob("*.json")):
        folder = dest / source.stem
        folder.mkdir(parents=True, exist_ok=True)
        for key, text in sorted(extractor_output(source.stem).items()):
            raw = text.encode("utf-8")
            (folder / f"{key}.txt").write_bytes(raw)
            count += 1
            size += len(raw)
    return count, size


# -- the programs timed (run as: bench_clean.py --worker NAME SRC DST) ------------------


def worker(name: str, src: Path, dst: Path) -> None:
    fix = None
    if name == "ftfy":
        import ftfy

        fix = ftfy.fix_text
    for path in sorted(src.rglob("*.txt")):
        out = dst / path.relative_to(src)
        out.parent.mkdir(parents=True, exist_ok=True)
        text = path.read_text(encoding="utf-8")
        out.write_text(fix(text) if fix else text, encoding="utf-8")


def no_filters() -> list[str]:
    from textwash import Pipeline

    return [a for name in Pipeline.default().names for a in ("--disable", name)]


def commands(corpus: Path, out: Path, fsync_modes: bool = False) -> dict[str, list[str]]:
    me, py = str(Path(__file__).resolve()), sys.executable
    clean = [py, "-m", "textwash.cli", str(corpus), "-o", str(out), "-q", "--no-cache"]
    programs = {
        "copy": [py, me, "--worker", "copy", str(corpus), str(out)],
        "ftfy": [py, me, "--worker", "ftfy", str(corpus), str(out)],
        "clean -j 1": [*clean, "-j", "1"],
        "clean -j 2": [*clean, "-j", "2"],
        # the command's own cost: reading, writing, syncing, hashing, counting
        "no filters": [*clean, "-j", "1", *no_filters()],
    }
    if fsync_modes:
        for mode in ("always", "never"):
            programs[f"no filt. {mode}"] = [*programs["no filters"], "--fsync", mode]
    return programs


#: How the baseline's programs are named (``--baseline``).
BASE = "base: "
#: The programs that run textwash, and so have a baseline twin.
CLEAN_PROGRAMS = ("clean -j 1", "clean -j 2", "no filters")


def with_baseline(
    programs: dict[str, list[str]], baseline: Path | None, env: dict[str, str]
) -> dict[str, tuple[list[str], dict[str, str]]]:
    """Each program with the environment it runs in; with a baseline, each textwash
    program also as ``base: NAME``, run with the baseline's sources first on the path."""
    out: dict[str, tuple[list[str], dict[str, str]]] = {}
    for name, command in programs.items():
        out[name] = (command, env)
        if baseline is not None and name in CLEAN_PROGRAMS:
            out[BASE + name] = (command, {**env, "PYTHONPATH": str(baseline)})
    return out


def bytecode_env(cache: Path) -> dict[str, str]:
    """The environment every program runs in: Python's compiled bytecode kept (in
    ``cache``, not in the source tree), as an installed package has it (pip compiles a
    package's modules when it installs them). Without it, where ``PYTHONDONTWRITEBYTECODE``
    is set, each run would compile textwash's modules from source again: some 0.07 s of
    start-up that no installed ``clean`` pays."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(cache)
    return env


def warm_bytecode(env: dict[str, str], baseline: Path | None) -> None:
    """Compile every module the programs import once, before anything is timed."""
    warm = "import ftfy, textwash.cli, textwash.engines.local, textwash.filters.registry as r\n"
    warm += "for name in r.BUILTIN: r.filter_class(name)\n"
    envs = [env] + ([{**env, "PYTHONPATH": str(baseline)}] if baseline is not None else [])
    for each in envs:
        subprocess.run([sys.executable, "-c", warm], env=each, check=True)


def timed(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall-clock seconds, and CPU seconds of the process and everything it started."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu


def throughput(
    corpus: Path,
    tmp: Path,
    size: int,
    rounds: int,
    fsync_modes: bool = False,
    *,
    baseline: Path | None = None,
    only: Sequence[str] = (),
) -> dict[str, float]:
    times: dict[str, list[float]] = {}
    cpus: dict[str, list[float]] = {}
    loads: list[float] = []
    outputs = tmp / "outputs"
    env = bytecode_env(tmp / "bytecode")
    warm_bytecode(env, baseline)

    def programs(out: Path) -> dict[str, tuple[list[str], dict[str, str]]]:
        every = with_baseline(commands(corpus, out, fsync_modes), baseline, env)
        wanted = set(only)
        return {n: p for n, p in every.items() if not wanted or n.removeprefix(BASE) in wanted}

    for number in range(rounds):
        # Every program writes into a folder of its own, and none is removed before the
        # end: on ext4, creating files soon after thousands were deleted costs the kernel
        # a scan of the recently freed inodes, the largest and most erratic part of every
        # program's time (removing the last program's output made the next one pay it).
        for name in programs(outputs):
            out = outputs / f"{number}-{name.replace(' ', '').replace(':', '')}"
            command, program_env = programs(out)[name]
            load = os.getloadavg()[0]
            loads.append(load)
            elapsed, cpu = timed(command, program_env)
            times.setdefault(name, []).append(elapsed)
            cpus.setdefault(name, []).append(cpu)
            print(
                f"  round {number + 1}: {name:<16} {elapsed:7.2f} s  cpu {cpu:7.2f} s  "
                f"(load {load:.1f})",
                flush=True,
            )
    shutil.rmtree(outputs, ignore_errors=True)
    medians = {name: statistics.median(values) for name, values in times.items()}
    print("\nmedians (wall clock; CPU time of the process tree):")
    for name, seconds in medians.items():
        spread = f"{min(times[name]):.2f}-{max(times[name]):.2f}"
        cpu = statistics.median(cpus[name])
        shown = f"{cpu:6.2f} s" if not name.startswith(BASE + "clean -j 2") else "   n/a"
        print(
            f"  {name:<16} {seconds:7.2f} s  ({spread})  {size / seconds / 1e6:6.1f} MB/s"
            f"  cpu {shown}"
        )
    print(
        "  (-j 2's CPU time counts its workers where clean forks them (Linux); workers\n"
        "  started by multiprocessing's forkserver, which is never waited for, escape it)"
    )
    print(
        f"  load average (1 min) before each program: median {statistics.median(loads):.1f}, "
        f"{min(loads):.1f}-{max(loads):.1f}, on {os.cpu_count()} cores"
    )
    for prefix in ("", BASE) if baseline is not None else ("",):
        goals(medians, prefix)
    if baseline is not None:
        print(f"\nbaseline {baseline} -> this tree (median wall clock; CPU time):")
        for name in CLEAN_PROGRAMS:
            if BASE + name in medians and name in medians:
                before, after = medians[BASE + name], medians[name]
                cpu = (
                    ""
                    if name.endswith("-j 2")
                    else f";  cpu {statistics.median(cpus[BASE + name]):5.2f} -> "
                    f"{statistics.median(cpus[name]):5.2f} s"
                )
                print(
                    f"  {name:<12} {before:6.2f} -> {after:6.2f} s  ({before / after:4.2f}x){cpu}"
                )
    return medians


def goals(medians: dict[str, float], prefix: str = "") -> None:
    """The ratios the goals are set on, for this tree's programs or the baseline's."""

    def get(name: str) -> float | None:
        return medians.get(prefix + name, medians.get(name))

    print(f"\nratios (goal){' of the baseline' if prefix else ''}:")
    copy, j1, j2, off, ftfy = (
        get(n) for n in ("copy", "clean -j 1", "clean -j 2", "no filters", "ftfy")
    )
    checks = (  # label, numerator, denominator, goal, whether the ratio must stay below it
        ("no filters / copy      ", off, copy, GOAL_OWN_COST_RATIO, True),
        ("clean -j 1 / copy      ", j1, copy, GOAL_COPY_RATIO, True),
        ("ftfy / clean -j 1      ", ftfy, j1, GOAL_FTFY_RATIO, False),
        ("clean -j 1 / clean -j 2", j1, j2, GOAL_PARALLEL, False),
    )
    for label, top, bottom, goal, at_most in checks:
        if top is None or bottom is None:
            continue
        ratio = top / bottom
        met = ratio <= goal if at_most else ratio >= goal
        print(f"  {label} {ratio:5.2f}x  ({'<=' if at_most else '>='} {goal}x) {_ok(met)}")


def _ok(met: bool) -> str:
    return "met" if met else "MISSED"


def _spin(n: int) -> int:
    total = 0
    for i in range(n):
        total += i
    return total


def capacity(rounds: int = 3) -> float:
    """What two processes get out of this machine right now: the speed-up of a pure
    Python loop run twice in two processes over twice in one (2.0 on two idle cores)."""
    import multiprocessing

    ratios = []
    for _ in range(rounds):
        start = time.perf_counter()
        _spin(10_000_000)
        _spin(10_000_000)
        serial = time.perf_counter() - start
        with multiprocessing.get_context("forkserver").Pool(2) as pool:
            pool.map(_spin, [1000, 1000])  # workers up before timing
            start = time.perf_counter()
            pool.map(_spin, [10_000_000, 10_000_000])
            parallel = time.perf_counter() - start
        ratios.append(serial / parallel)
    median = statistics.median(ratios)
    print(
        f"\nparallel capacity of this machine now: two busy processes run {median:.2f}x as "
        f"fast as one (ideal 2.0; median of {rounds})"
    )
    return median


def per_filter(corpus: Path) -> None:
    """Seconds each default filter spends on the whole corpus (one pass, this process)."""
    from textwash import Pipeline

    texts = [p.read_text(encoding="utf-8") for p in sorted(corpus.rglob("*.txt"))]
    pipeline = Pipeline.default()
    pipeline(texts[0])  # imports
    print("\nper filter, one pass over the corpus in this process:")
    total = 0.0
    for f in pipeline:
        start = time.perf_counter()
        for text in texts:
            f.apply(text)  # type: ignore[union-attr]
        elapsed = time.perf_counter() - start
        total += elapsed
        print(f"  {f.name:<14} {elapsed:6.2f} s")
    start = time.perf_counter()
    for text in texts:
        pipeline(text)
    print(
        f"  {'(sum)':<14} {total:6.2f} s; the pipeline as run (passes to a fixed point): "
        f"{time.perf_counter() - start:.2f} s"
    )


def version_time() -> float:
    times = []
    for _ in range(10):
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "textwash.cli", "--version"], capture_output=True, check=True
        )
        times.append(time.perf_counter() - start)
    median = statistics.median(times)
    print(
        f"\nclean --version: median {median:.3f} s of 10 (goal < {GOAL_VERSION_SECONDS} s) "
        f"{_ok(median < GOAL_VERSION_SECONDS)}"
    )
    return median


def write_shard(corpus: Path, path: Path, megabytes: int) -> int:
    texts = [p.read_text(encoding="utf-8") for p in sorted(corpus.rglob("*.txt"))]
    target = megabytes * 1_000_000
    written = number = 0
    with open(path, "w", encoding="utf-8") as shard:
        while written < target:
            text = texts[number % len(texts)]
            line = (
                json.dumps({"id": f"doc-{number}", "text": text, "metadata": {"n": number}}) + "\n"
            )
            shard.write(line)
            written += len(line.encode("utf-8"))
            number += 1
    return written


def peak_memory(shard: Path, out: Path, *extra: str) -> tuple[float, float]:
    """Peak RSS (MB) and seconds of ``clean -j 1`` on one shard, in a fresh process."""
    probe = (
        "import resource, subprocess, sys, time\n"
        "start = time.perf_counter()\n"
        "subprocess.run(sys.argv[1:], check=False)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, time.perf_counter() - start)\n"
    )
    command = [
        sys.executable,
        "-m",
        "textwash.cli",
        str(shard),
        "-o",
        str(out),
        "-j",
        "1",
        "-q",
        "--no-cache",
        *extra,
    ]
    done = subprocess.run(
        [sys.executable, "-c", probe, *command], capture_output=True, text=True, check=True
    )
    kilobytes, seconds = done.stdout.split()
    shutil.rmtree(out, ignore_errors=True)
    return int(kilobytes) / 1024, float(seconds)


def memory(corpus: Path, tmp: Path, megabytes: int) -> None:
    off = no_filters()
    print("\npeak memory of clean -j 1 on one JSONL shard:")
    for size, filters in ((20, True), (100, True), (megabytes, False)):
        shard = tmp / f"shard-{size}.jsonl"
        actual = write_shard(corpus, shard, size)
        rss, seconds = peak_memory(shard, tmp / "mem-out", *([] if filters else off))
        shard.unlink()
        label = "default pipeline" if filters else "filters off"
        goal = (
            f" (goal < {GOAL_MEMORY_MB} MB) {_ok(rss < GOAL_MEMORY_MB)}"
            if size == megabytes
            else ""
        )
        print(
            f"  {actual / 1e6:7.0f} MB, {label:<16}: peak {rss:6.1f} MB RSS, {seconds:6.1f} s{goal}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--shard-mb", type=int, default=1024)
    parser.add_argument("--skip-memory", action="store_true")
    parser.add_argument("--skip-throughput", action="store_true")
    parser.add_argument(
        "--skip-filters", action="store_true", help="skip the per-filter timing in this process"
    )
    parser.add_argument(
        "--fsync-modes",
        action="store_true",
        help="also time clean with every filter off under --fsync always and never",
    )
    parser.add_argument(
        "--baseline",
        type=Path,
        metavar="SRC",
        help="also time the clean programs of another textwash, alternating with this one: "
        "the src folder of a checkout or of 'git archive COMMIT src'",
    )
    parser.add_argument(
        "--only",
        metavar="NAMES",
        default="",
        help="time only these programs, comma-separated (copy, ftfy, 'clean -j 1', "
        "'clean -j 2', 'no filters')",
    )
    parser.add_argument("--worker", nargs=3, metavar=("NAME", "SRC", "DST"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        name, src, dst = args.worker
        worker(name, Path(src), Path(dst))
        return 0
    outputs = extractor_outputs()
    if outputs is None:
        print(
            f"skipped: article-extraction-benchmark not found under {data_dir()} (set TEXTWASH_DATA)"
        )
        return 0
    with tempfile.TemporaryDirectory(prefix="textwash-bench-") as folder:
        tmp = Path(folder)
        corpus = tmp / "corpus"
        count, size = write_corpus(outputs, corpus)
        print(
            f"corpus: {count} files, {size / 1e6:.1f} MB, {os.cpu_count()} cores; "
            f"load average {os.getloadavg()[0]:.1f}"
        )
        if not args.skip_throughput:
            capacity()
            only = [name.strip() for name in args.only.split(",") if name.strip()]
            throughput(
                corpus, tmp, size, args.rounds, args.fsync_modes, baseline=args.baseline, only=only
            )
            capacity()
        if not args.skip_filters:
            per_filter(corpus)
        version_time()
        if not args.skip_memory:
            memory(corpus, tmp, args.shard_mb)
    return 0


if __name__ == "__main__":
    sys.exit(main())
