"""What a web-scale run costs: CPU per MB of each stage of ``clean``, and requests per GB.

Usage::

    .venv/bin/python benchmarks/bench_storage.py [--rounds 3] [--shards 8] [--s3]

The corpus is the outputs of the 32 extractors of the article-extraction benchmark as
JSONL records (``{"id", "extractor", "text"}``), in ``--shards`` shards: the shape a
crawl's text takes in object storage.

**Stages**, in this one process, measured in CPU seconds (``time.process_time``, steadier
than wall time on a shared machine), rounds alternating between stages:

* ``read``: the shards' bytes read and every line parsed as JSON;
* ``clean``: every record's text through the default pipeline (``Pipeline.run``);
* ``write``: every cleaned record serialised and written;
* ``clean -j 1``: the whole command on the shards, local folder to local folder, in this
  process (the local engine runs ``-j 1`` in-process), with ``--no-cache``.

MB/s per core is the corpus's bytes over a stage's CPU seconds.

**Requests** (``--s3``): the same command from an S3 server on 127.0.0.1 (moto's server
mode) to another prefix of it, with ``--state`` on the server too, counting every request
the S3 client makes, by operation, per GB of input; then the same command again, which
finds every file done. The server runs on the same cores as the command, so its timings
say nothing about S3's and are not reported.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from _data import extractor_names, extractor_output

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))


def write_corpus(folder: Path, shards: int) -> int:
    """The extractor outputs as JSONL shards; returns the bytes written."""
    records = [
        {"id": page, "extractor": name, "text": text}
        for name in extractor_names()
        for page, text in sorted(extractor_output(name).items())
        if text
    ]
    folder.mkdir(parents=True, exist_ok=True)
    total = 0
    for shard in range(shards):
        lines = [json.dumps(r, ensure_ascii=False) for r in records[shard::shards]]
        data = ("\n".join(lines) + "\n").encode("utf-8")
        (folder / f"{shard:05d}.jsonl").write_bytes(data)
        total += len(data)
    return total


def cpu(fn: Callable[[], Any]) -> float:
    start = time.process_time()
    fn()
    return time.process_time() - start


def stages(src: Path, work: Path, rounds: int) -> dict[str, list[float]]:
    from textwash import Document, Pipeline
    from textwash.cli import clean

    pipeline = Pipeline.default()
    shards = sorted(src.glob("*.jsonl"))
    parsed = [[json.loads(line) for line in p.read_bytes().splitlines()] for p in shards]
    cleaned = [
        [{**r, "text": pipeline.run(Document(r["text"])).text} for r in records]
        for records in parsed
    ]

    def read() -> None:
        for path in shards:
            with open(path, "rb") as f:
                for line in f:
                    json.loads(line)

    def run_pipeline() -> None:
        for records in parsed:
            for record in records:
                pipeline.run(Document(record["text"]))

    def write() -> None:
        for i, records in enumerate(cleaned):
            with open(work / f"w{i}.jsonl", "wb") as f:
                for record in records:
                    f.write(json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n")

    def command() -> None:
        out = work / "out"
        args = [str(src), "-o", str(out), "-j", "1", "-q", "--no-cache"]
        try:
            clean.main(args, standalone_mode=False)
        except SystemExit as stop:
            if stop.code:
                raise

    times: dict[str, list[float]] = collections.defaultdict(list)
    for _ in range(rounds):
        for name, fn in (("read", read), ("clean", run_pipeline), ("write", write)):
            times[name].append(cpu(fn))
        times["clean -j 1"].append(cpu(command))
    return times


def classify(method: str, target: str) -> str:
    """An S3 operation's name from its HTTP method and path (an access-log line's)."""
    query = target.partition("?")[2]
    if method == "GET":
        return "ListObjectsV2" if "list-type=2" in query else "GetObject"
    if method == "HEAD":
        return "HeadObject" if "/" in target.strip("/").partition("?")[0] else "HeadBucket"
    if method == "PUT":
        return "UploadPart" if "partNumber=" in query else "PutObject"
    if method == "POST":
        return "CreateMultipartUpload" if query.startswith("uploads") else "CompleteMultipartUpload"
    if method == "DELETE":
        return "AbortMultipartUpload" if "uploadId=" in query else "DeleteObject"
    return method


def server_requests(log: Path, since: int) -> collections.Counter[str]:
    """Requests the S3 server logged after byte ``since`` of its log, by operation."""
    counts: collections.Counter[str] = collections.Counter()
    with open(log, "rb") as f:
        f.seek(since)
        text = re.sub(r"\x1b\[[0-9;]*m", "", f.read().decode("utf-8", "replace"))
        for line in text.splitlines():
            if '"' not in line:
                continue
            request = line.split('"')[1].split()
            if len(request) == 3 and not request[1].startswith("/moto-api"):
                counts[classify(request[0], request[1])] += 1
    return counts


def requests(src: Path, work: Path, total: int) -> None:
    """Every request a run makes, counted from the S3 server's access log."""
    from servers import s3_server
    from textwash.cli import clean

    with s3_server(work) as server:
        os.environ.update(server.environment)
        from textwash.io.storage import filesystem

        fs = filesystem("s3")
        fs.mkdir("corpus")
        for path in sorted(src.glob("*.jsonl")):
            fs.put_file(str(path), f"corpus/raw/{path.name}")
        base = ["s3://corpus/raw/", "-o", "s3://corpus/clean/", "--state", "s3://corpus/state/"]
        for label in ("first run", "run again (all done)"):
            time.sleep(0.5)  # the log is written by the server's threads
            since = server.log.stat().st_size
            try:
                clean.main([*base, "-j", "1", "-q"], standalone_mode=False)
            except SystemExit as stop:
                if stop.code:
                    raise
            time.sleep(0.5)
            counts = server_requests(server.log, since)
            gb = total / 1e9
            print(f"\n{label}: requests per GB of input ({total / 1e6:.1f} MB in)")
            for op, n in sorted(counts.items()):
                print(f"  {op:<26} {n:>6}  {n / gb:>9,.0f}/GB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--shards", type=int, default=8)
    parser.add_argument("--s3", action="store_true", help="count S3 requests (moto server)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        total = write_corpus(work / "src", args.shards)
        print(f"corpus: {total / 1e6:.1f} MB in {args.shards} JSONL shards")
        print(f"load average before: {os.getloadavg()[0]:.1f}")
        times = stages(work / "src", work, args.rounds)
        print(f"\n{'stage':<12} {'CPU s, median':>14} {'MB/s per core':>14} {'share':>7}")
        whole = statistics.median(times["clean -j 1"])
        for name, values in times.items():
            median = statistics.median(values)
            rate = total / 1e6 / median
            print(f"{name:<12} {median:>14.2f} {rate:>14.1f} {median / whole:>7.0%}")
        print(f"load average after: {os.getloadavg()[0]:.1f}")
        if args.s3:
            requests(work / "src", work, total)


if __name__ == "__main__":
    main()
