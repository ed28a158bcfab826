"""``clean --engine ray`` on a real cluster of two Ray nodes, each its own ``ray start``
(with its own temp dir, on 127.0.0.1), as on two machines.

Asserted: the outputs are byte-identical to a local run on the same files; files ran on
both nodes (the JSON report says which node ran what); and killing the second node in the
middle of a run still ends with the same outputs. The cluster is started once for the
module and always stopped; the node-killing test comes last, as it leaves one node.
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

from servers import RayCluster, ray_cluster
from strategies import damage, make_article

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("ray") is None, reason="needs Ray (pip install -e '.[dev]')"
)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RayCluster]:
    with ray_cluster(tmp_path_factory.mktemp("ray")) as running:
        yield running


def make_corpus(root: Path, files: int) -> None:
    """Scraped-looking articles as .txt files and JSONL shards (one gzipped)."""
    rng = random.Random(13)
    for i in range(files):
        text = "\n\n".join(damage(rng, make_article(rng)) for _ in range(3))
        folder = root / f"site{i % 5}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{i:04d}.txt").write_text(text, encoding="utf-8")
    for shard in range(4):
        lines = [
            json.dumps({"id": f"{shard}-{n}", "text": damage(rng, make_article(rng))})
            for n in range(40)
        ]
        data = ("\n".join(lines) + "\n").encode("utf-8")
        if shard == 3:
            (root / "shards").mkdir(exist_ok=True)
            (root / "shards" / f"{shard}.jsonl.gz").write_bytes(gzip.compress(data, mtime=0))
        else:
            (root / "shards").mkdir(exist_ok=True)
            (root / "shards" / f"{shard}.jsonl").write_bytes(data)


def tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def clean_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "textwash.cli", *args]


def run(
    command: list[str], env: dict[str, str], timeout: float = 600
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes]]:
    """The inputs, and the outputs of a local run on them."""
    root = tmp_path_factory.mktemp("cluster-corpus")
    src, ref = root / "src", root / "ref"
    make_corpus(src, 240)
    env = {**os.environ, "TEXTWASH_CACHE_DIR": str(root / "cache")}
    local = run(clean_command(str(src), "-o", str(ref), "-j", "2", "-q"), env)
    assert local.returncode == 0, local.stderr
    return src, tree(ref)


def test_two_nodes_clean_as_one_machine_does(
    cluster: RayCluster, corpus: tuple[Path, dict[str, bytes]], tmp_path: Path
) -> None:
    src, expected = corpus
    out, report = tmp_path / "out", tmp_path / "report.json"
    env = {**cluster.environment, "TEXTWASH_CACHE_DIR": str(tmp_path / "cache")}
    start = time.monotonic()
    command = clean_command(str(src), "-o", str(out), "--report", str(report), "-q")
    result = run([*command, "--engine", "ray", "--address", cluster.address], env)
    elapsed = time.monotonic() - start
    assert result.returncode == 0, result.stderr
    assert tree(out) == expected
    nodes = json.loads(report.read_text(encoding="utf-8"))["nodes"]
    assert len(nodes) == 2, f"files ran on {len(nodes)} node(s) only"
    assert sorted(p for paths in nodes.values() for p in paths) == sorted(
        str(src / rel) for rel in expected
    )
    print(f"two-node run: {len(expected)} files in {elapsed:.1f} s")


def test_killing_the_second_node_mid_run_still_gives_the_same_output(
    cluster: RayCluster, corpus: tuple[Path, dict[str, bytes]], tmp_path: Path
) -> None:
    src, expected = corpus
    out, report = tmp_path / "out", tmp_path / "report.json"
    env = {**cluster.environment, "TEXTWASH_CACHE_DIR": str(tmp_path / "cache")}
    command = clean_command(str(src), "-o", str(out), "--report", str(report), "-q")
    process = subprocess.Popen(
        [*command, "--engine", "ray", "--address", cluster.address],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 300
        # until files are written and the second node is in the middle of a batch
        while process.poll() is None and not (
            out.is_dir() and tree(out) and cluster.worker.running("_execute")
        ):
            assert time.monotonic() < deadline, "the run made no progress"
            time.sleep(0.02)
        assert process.poll() is None, "the run ended before the node could be killed"
        written_before = len(tree(out))
        cluster.worker.kill()  # SIGKILL to every process of the second node
        _, stderr = process.communicate(timeout=600)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert written_before < len(expected)
    assert process.returncode == 0, stderr
    assert tree(out) == expected
    nodes = json.loads(report.read_text(encoding="utf-8"))["nodes"]
    assert sum(len(paths) for paths in nodes.values()) >= len(expected)
