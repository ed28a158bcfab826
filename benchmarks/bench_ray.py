"""The Ray engine next to the local engine: throughput, start-up, and 1 to 2 workers.

Usage::

    .venv/bin/python benchmarks/bench_ray.py [--rounds 3] [--boilerplate] [--tmp DIR]
                                             [--skip-ray-data]

The corpus is the outputs of the 32 extractors of the article-extraction benchmark
(``$TEXTWASH_DATA/article-extraction-benchmark/output/``, files of two layouts, ``{id:
{articleBody}}`` and ``{"version", "output": {id: {articleBody}}}``), written to a temporary
folder as one ``.txt`` per extractor and page (about 5,800 files, 45 MB).

Each configuration runs in a fresh process doing what ``clean SRC -o OUT`` does (plan,
fit the corpus filters with ``--boilerplate``, clean with the resume cache recording
every file) into an empty output folder, and reports its phases:

* ``start``: the engine getting ready (for Ray: ``ray.init`` starting a local instance
  of N CPUs; for the local engine nothing, its pool starts inside ``clean``);
* ``fit`` (with ``--boilerplate``): the distributed fit pass and the driver's sum;
* ``clean``: every file cleaned and written (``fsync`` included), outcomes counted;
* ``process``: the whole process, interpreter start and Ray shutdown included.

Configurations: the local engine with 1 and 2 workers, the Ray engine with 1 and 2 (a
local instance with that many CPUs). Rounds alternate the configurations so that a busy
spell on a shared machine hits all of them; medians are reported. Every configuration's
output tree is hashed, and the benchmark fails if any differs from the local engine's.
The load average before each run is printed with it: on a shared machine it says how many
of the cores the run really had.

``--tmp DIR`` puts the corpus and the outputs there (default: the system's temporary
folder); on a RAM disk (``/dev/shm``) ``fsync`` costs nothing and the engines' own costs
show.

With ``--boilerplate`` it also measures what the fit pass ships and how the driver adds
it up: the corpus fitted in 8 and in 400 parts (as that many tasks would), the pickled size
of the parts against the text they describe, and the driver's sum of the parts with one
``BoilerplateStats.total`` pass against adding them pairwise with ``+``.

``--skip-ray-data`` leaves out the last measurement: what one Ray Data job costs on this
machine before it does any work (the reason ``clean`` uses plain Ray tasks; docs/ray.md).

The data lives outside the repository: ``$TEXTWASH_DATA``, default ``../shared/data``
from the project root. Without it the benchmark says so and exits.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _data import AEB, extractor_names, extractor_output, require

CONFIGS = [("local", 1), ("local", 2), ("ray", 1), ("ray", 2)]


def write_corpus(dest: Path) -> tuple[int, int]:
    """One ``.txt`` per extractor and page; returns (files, bytes)."""
    count = size = 0
    for name in extractor_names():
        folder = dest / name
        folder.mkdir(parents=True, exist_ok=True)
        for key, text in sorted(extractor_output(name).items()):
            raw = text.encode("utf-8")
            (folder / f"{key}.txt").write_bytes(raw)
            count += 1
            size += len(raw)
    return count, size


def tree_digest(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if path.is_file():
            digest.update(rel.as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


# -- one configuration (run as: bench_ray.py --worker ENGINE N SRC DST [--boilerplate]) ------


def worker(engine_name: str, workers: int, src: Path, dst: Path, boilerplate: bool) -> None:
    from textwash import Pipeline
    from textwash.cache import Cache
    from textwash.engines import Engine, clean_files, fit_corpus_filters, plan
    from textwash.io.files import Globs, find_inputs
    from textwash.runner import Job, Status, Write

    phases: dict[str, float] = {}
    inputs, _ = find_inputs([src], include=Globs(["*.txt"]), exclude=Globs([]))
    tasks, _ = plan(inputs, write=Write.OUTDIR, outdir=dst)
    pipeline = Pipeline.default()
    if boilerplate:
        pipeline = pipeline.enable("boilerplate")
    job = Job(pipeline, Write.OUTDIR)

    start = time.perf_counter()
    engine: Engine
    if engine_name == "ray":
        from textwash.engines.ray import RayEngine

        engine = RayEngine(workers=workers)
        engine.workers  # noqa: B018 (starts Ray)
    else:
        from textwash.engines.local import LocalEngine

        engine = LocalEngine(workers)
    phases["start"] = time.perf_counter() - start

    start = time.perf_counter()
    if pipeline.corpus_filters:
        job = fit_corpus_filters(job, tasks, engine)
    phases["fit"] = time.perf_counter() - start
    fitted = [getattr(f, "lines", None) for f in job.pipeline if f.name == "boilerplate"]
    statistics_digest = fitted[0].digest if fitted and fitted[0] is not None else ""

    start = time.perf_counter()
    dst.mkdir(parents=True, exist_ok=True)
    statuses: dict[str, int] = {}
    state = dst.with_name(dst.name + ".state")  # as clean -o DST --state DST.state
    roots = {"inputs": os.path.realpath(src), "outputs": os.path.abspath(dst)}
    with Cache.open(state, job.cache_key(), exclusive=True, **roots) as cache:
        for outcome in clean_files(job, tasks, engine, cache, outdir=dst):
            statuses[outcome.status.value] = statuses.get(outcome.status.value, 0) + 1
    phases["clean"] = time.perf_counter() - start
    engine.close()
    if statuses.get(Status.FAILED.value):
        raise SystemExit(f"{statuses[Status.FAILED.value]} files failed")
    result = {"phases": phases, "files": len(tasks), "statuses": statuses}
    print(json.dumps({**result, "statistics": statistics_digest}))


def run_config(
    engine: str, workers: int, src: Path, dst: Path, boilerplate: bool
) -> tuple[dict[str, float], str]:
    """The phases' seconds, and the digest of the fitted statistics (with --boilerplate)."""
    command = [sys.executable, __file__, "--worker", engine, str(workers), str(src), str(dst)]
    if boilerplate:
        command.append("--boilerplate")
    shutil.rmtree(dst, ignore_errors=True)
    shutil.rmtree(dst.with_name(dst.name + ".state"), ignore_errors=True)
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    phases: dict[str, float] = result["phases"]
    phases["process"] = elapsed
    return phases, result["statistics"]


# -- the fit pass: what tasks return, and the driver's sum ----------------------------------


def fit_parts(src: Path) -> None:
    import functools
    import operator
    import pickle

    from textwash import Document, Pipeline
    from textwash.engines import add_up
    from textwash.filters.boilerplate import Boilerplate

    before = Pipeline.default()
    paths = sorted(src.rglob("*.txt"))
    docs = [Document(before(p.read_text(encoding="utf-8")), str(p), str(p)) for p in paths]
    size = sum(len(d.text.encode("utf-8")) for d in docs)
    corpus = Boilerplate()
    print(f"\nthe fit pass, {len(docs):,} documents ({size / 1e6:.1f} MB of text):")
    for count in (8, 400):
        parts = [corpus.fit(docs[i::count]) for i in range(count)]
        shipped = sum(len(pickle.dumps(p)) for p in parts)
        start = time.perf_counter()
        total = add_up(parts)
        one_pass = time.perf_counter() - start
        start = time.perf_counter()
        pairwise = functools.reduce(operator.add, parts)
        pairs = time.perf_counter() - start
        assert total == pairwise
        print(
            f"  {count:>3} parts: {shipped / 1e6:5.2f} MB pickled, total {len(total):,} "
            f"(source, line) pairs, {len(pickle.dumps(total)) / 1e6:.2f} MB; driver's sum: "
            f"total() {one_pass:.3f} s, pairwise + {pairs:.3f} s"
        )


# -- Ray Data's own start ---------------------------------------------------------------------


def ray_data_cost() -> None:
    """Seconds for a 100-row Ray Data job and for 10 plain Ray tasks, on one instance."""
    program = """
import json, logging, os, time
os.environ.setdefault("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER", "0")
import ray, ray.data
from textwash.engines.ray import CleanBatch
ray.init(address="local", num_cpus=2, include_dashboard=False, logging_level=logging.ERROR)
ray.data.DataContext.get_current().enable_progress_bars = False
rows = [{"text": "Tom &amp; Jerry  \\n"}] * 100
out = {}
for n in (1, 2, 3):
    start = time.perf_counter()
    ray.data.from_items(rows).map_batches(CleanBatch(), batch_format="pyarrow").take_all()
    out[f"ray data job {n}"] = time.perf_counter() - start
f = ray.remote(lambda x: x)
for n in (1, 2, 3):
    start = time.perf_counter()
    ray.get([f.remote(i) for i in range(10)])
    out[f"10 ray tasks {n}"] = time.perf_counter() - start
print(json.dumps(out))
"""
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"the Ray Data measurement failed:\n{done.stderr}")
    print("\nRay Data against plain tasks, one local Ray instance (2 CPUs):")
    for name, seconds in json.loads(done.stdout.strip().splitlines()[-1]).items():
        print(f"  {name:<16} {seconds:6.2f} s")


# -- the report ---------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--boilerplate", action="store_true", help="enable the corpus filter")
    parser.add_argument("--tmp", type=Path, help="where to write the corpus and outputs")
    parser.add_argument("--skip-ray-data", action="store_true")
    parser.add_argument("--worker", nargs=4, metavar=("ENGINE", "N", "SRC", "DST"))
    args = parser.parse_args()
    if args.worker:
        engine, workers, src, dst = args.worker
        worker(engine, int(workers), Path(src), Path(dst), args.boilerplate)
        return

    outputs = require(AEB) / "output"
    try:
        import ray  # noqa: F401
    except ImportError:
        sys.exit("skipped: Ray is not installed (pip install -e '.[ray]')")
    with tempfile.TemporaryDirectory(prefix="bench-ray-", dir=args.tmp) as tmp:
        src = Path(tmp) / "corpus"
        files, size = write_corpus(src)
        pipeline = "default pipeline + boilerplate" if args.boilerplate else "default pipeline"
        print(
            f"corpus: {files:,} files, {size / 1e6:.1f} MB from {outputs}; {pipeline}; "
            f"{os.cpu_count()} cores; in {tmp}"
        )
        times: dict[str, dict[str, list[float]]] = {}
        digests: dict[str, set[str]] = {}
        for number in range(args.rounds):
            for engine, workers in CONFIGS:
                name = f"{engine} x{workers}"
                dst = Path(tmp) / "out"
                load = os.getloadavg()[0]
                phases, fitted = run_config(engine, workers, src, dst, args.boilerplate)
                digest = tree_digest(dst)
                digests.setdefault(name, set()).add(digest)
                for phase, seconds in phases.items():
                    times.setdefault(name, {}).setdefault(phase, []).append(seconds)
                shown = "  ".join(f"{p} {s:6.2f}" for p, s in phases.items())
                ids = f"output {digest}" + (f", statistics {fitted}" if fitted else "")
                print(
                    f"  round {number + 1}: {name:<8} {shown}  (load {load:.1f}; {ids})", flush=True
                )

    every = {d for found in digests.values() for d in found}
    print(f"\noutput trees: {'identical' if len(every) == 1 else 'DIFFERENT'} ({', '.join(every)})")
    medians = {
        name: {phase: statistics.median(values) for phase, values in phases.items()}
        for name, phases in times.items()
    }
    fit = args.boilerplate
    print(f"\nmedians of {args.rounds} rounds (seconds; files/s of the clean phase):")
    print(
        f"  {'engine':<8} {'start':>7} {'fit':>7} {'clean':>7} {'process':>8} "
        f"{'files/s':>8} {'MB/s':>6}"
    )
    for name, m in medians.items():
        work = m["clean"] + (m["fit"] if fit else 0.0)
        print(
            f"  {name:<8} {m['start']:7.2f} {m['fit']:7.2f} {m['clean']:7.2f} "
            f"{m['process']:8.2f} {files / m['clean']:8.0f} {size / work / 1e6:6.1f}"
        )
    for engine in ("local", "ray"):
        one, two = medians[f"{engine} x1"], medians[f"{engine} x2"]
        work = ("fit", "clean") if fit else ("clean",)
        speedup = sum(one[p] for p in work) / sum(two[p] for p in work)
        print(f"  {engine}: 1 -> 2 workers, {' + '.join(work)} {speedup:.2f}x faster")
    ray_vs_local = medians["ray x2"]["clean"] / medians["local x2"]["clean"]
    print(f"  ray x2 / local x2, clean phase: {ray_vs_local:.2f}x the time")
    if len(every) != 1:
        raise SystemExit("the engines wrote different outputs")
    if args.boilerplate:
        with tempfile.TemporaryDirectory(prefix="bench-ray-", dir=args.tmp) as tmp:
            write_corpus(Path(tmp))
            fit_parts(Path(tmp))
    if not args.skip_ray_data:
        ray_data_cost()


if __name__ == "__main__":
    main()
