"""``clean s3://... -o s3://... --engine ray --address ...`` on a real cluster of two Ray
nodes, each its own ``ray start`` (with its own temp dir, on 127.0.0.1), as on two machines
that share no disk, with an S3 server on 127.0.0.1 (moto's server mode) holding the data.

Asserted: the output objects are byte-identical to a local run on the same files; files
ran on both nodes (the JSON report says which node ran what); and killing the second node
in the middle of a run still ends with the same outputs. The server and the cluster are
started once for the module and always stopped; the node-killing test comes last, as it
leaves one node.
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import os
import random
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from servers import RayCluster, S3Server, ray_cluster, s3_clients_of, s3_server
from strategies import damage, make_article

pytestmark = pytest.mark.skipif(
    any(importlib.util.find_spec(m) is None for m in ("ray", "s3fs", "moto")),
    reason="needs Ray, s3fs and moto[server] (pip install -e '.[dev]')",
)

#: Seconds each step took, printed at the end of the module (``pytest -s``).
TIMINGS: dict[str, float] = {}


@pytest.fixture(scope="module")
def s3(tmp_path_factory: pytest.TempPathFactory) -> Iterator[S3Server]:
    start = time.monotonic()
    with s3_server(tmp_path_factory.mktemp("s3")) as server:
        TIMINGS["S3 server start"] = time.monotonic() - start
        with s3_clients_of(server):
            yield server


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory, s3: S3Server) -> Iterator[RayCluster]:
    start = time.monotonic()
    with ray_cluster(tmp_path_factory.mktemp("ray"), env=s3.environment) as running:
        TIMINGS["two Ray nodes start"] = time.monotonic() - start
        yield running
    print("\n" + "\n".join(f"{name}: {seconds:.1f} s" for name, seconds in TIMINGS.items()))


def make_corpus(root: Path, files: int) -> None:
    """Scraped-looking articles as .txt files and JSONL shards (one gzipped)."""
    rng = random.Random(13)
    for i in range(files):
        text = "\n\n".join(damage(rng, make_article(rng)) for _ in range(3))
        folder = root / f"site{i % 5}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{i:04d}.txt").write_text(text, encoding="utf-8")
    (root / "shards").mkdir()
    for shard in range(4):
        lines = [
            json.dumps({"id": f"{shard}-{n}", "text": damage(rng, make_article(rng))})
            for n in range(40)
        ]
        data = ("\n".join(lines) + "\n").encode("utf-8")
        if shard == 3:
            (root / "shards" / f"{shard}.jsonl.gz").write_bytes(gzip.compress(data, mtime=0))
        else:
            (root / "shards" / f"{shard}.jsonl").write_bytes(data)


def tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def objects(url: str) -> dict[str, bytes]:
    from textwash.io.storage import filesystem

    fs = filesystem("s3")
    prefix = url.removeprefix("s3://").rstrip("/")
    return {key[len(prefix) + 1 :]: fs.cat_file(key) for key in sorted(fs.find(prefix))}


def listed(url: str) -> int:
    """How many objects are under ``url`` now (a listing only: moto's server may list an
    object whose PUT it is still taking in, and fail a read of it; S3 does neither)."""
    from textwash.io.storage import filesystem

    return len(filesystem("s3").find(url.removeprefix("s3://")))


def clean_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "textwash.cli", *args]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, s3: S3Server) -> dict[str, bytes]:
    """The inputs, uploaded to s3://corpus/raw/, and the outputs of a local run on them."""
    from textwash.io.storage import filesystem

    root = tmp_path_factory.mktemp("cluster-corpus")
    src, ref = root / "src", root / "ref"
    make_corpus(src, 240)
    env = {**os.environ, "TEXTWASH_CACHE_DIR": str(root / "cache")}
    local = subprocess.run(
        clean_command(str(src), "-o", str(ref), "-j", "2", "-q"),
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert local.returncode == 0, local.stderr
    fs = filesystem("s3")
    fs.mkdir("corpus")
    fs.pipe(
        {
            f"corpus/raw/{p.relative_to(src).as_posix()}": p.read_bytes()
            for p in src.rglob("*")
            if p.is_file()
        }
    )
    return tree(ref)


def test_two_nodes_clean_s3_as_one_machine_does(
    cluster: RayCluster, corpus: dict[str, bytes], tmp_path: Path
) -> None:
    report = tmp_path / "report.json"
    env = {**cluster.environment, "TEXTWASH_CACHE_DIR": str(tmp_path / "cache")}
    command = clean_command("s3://corpus/raw/", "-o", "s3://corpus/two-nodes/", "-q")
    start = time.monotonic()
    result = subprocess.run(
        [*command, "--report", str(report), "--engine", "ray", "--address", cluster.address],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    TIMINGS[f"clean on two nodes, {len(corpus)} files"] = time.monotonic() - start
    assert result.returncode == 0, result.stderr
    assert objects("s3://corpus/two-nodes") == corpus
    nodes = json.loads(report.read_text(encoding="utf-8"))["nodes"]
    assert len(nodes) == 2, f"files ran on {len(nodes)} node(s) only"
    assert sorted(p for paths in nodes.values() for p in paths) == sorted(
        f"s3://corpus/raw/{rel}" for rel in corpus
    )


def test_killing_the_second_node_mid_run_still_gives_the_same_output(
    cluster: RayCluster, corpus: dict[str, bytes], tmp_path: Path
) -> None:
    env = {**cluster.environment, "TEXTWASH_CACHE_DIR": str(tmp_path / "cache")}
    command = clean_command("s3://corpus/raw/", "-o", "s3://corpus/killed/", "-q")
    start = time.monotonic()
    process = subprocess.Popen(
        [*command, "--engine", "ray", "--address", cluster.address],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 300
        # until outputs appear and the second node is in the middle of a batch
        while process.poll() is None and not (
            listed("s3://corpus/killed") and cluster.worker.running("_execute")
        ):
            assert time.monotonic() < deadline, "the run made no progress"
            time.sleep(0.02)
        assert process.poll() is None, "the run ended before the node could be killed"
        written_before = listed("s3://corpus/killed")
        cluster.worker.kill()  # SIGKILL to every process of the second node
        _, stderr = process.communicate(timeout=600)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    TIMINGS["clean with the second node killed"] = time.monotonic() - start
    assert written_before < len(corpus)
    assert process.returncode == 0, stderr
    assert objects("s3://corpus/killed") == corpus
