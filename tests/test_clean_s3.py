"""``clean`` from and to S3, against a real S3 server on 127.0.0.1 (moto's server mode):
the outputs of a local run, resume by completion markers, ``kill -9`` then the same
command, and the messages a user meets."""

from __future__ import annotations

import importlib.util
import json
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from servers import S3Server, s3_clients_of, s3_server
from strategies import damage, make_article

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("s3fs") is None or importlib.util.find_spec("moto") is None,
    reason="the S3 tests need s3fs and moto[server] (pip install -e '.[dev]')",
)


@pytest.fixture(scope="module")
def s3(tmp_path_factory: pytest.TempPathFactory) -> Iterator[S3Server]:
    with s3_server(tmp_path_factory.mktemp("s3")) as server, s3_clients_of(server):
        yield server


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TEXTWASH_CACHE_DIR", str(tmp_path / "user-cache"))


_buckets = iter(range(10**6))


@pytest.fixture
def bucket(s3: S3Server) -> str:
    from textwash.io.storage import filesystem

    name = f"clean-{next(_buckets)}"
    filesystem("s3").mkdir(name)
    return name


def make_corpus(root: Path, files: int, seed: int = 3) -> None:
    rng = random.Random(seed)
    for i in range(files):
        folder = root / f"site{i % 3}"
        folder.mkdir(parents=True, exist_ok=True)
        text = "\n\n".join(damage(rng, make_article(rng)) for _ in range(2))
        (folder / f"{i:03d}.txt").write_text(text, encoding="utf-8")
    records = [json.dumps({"id": n, "text": damage(rng, make_article(rng))}) for n in range(30)]
    (root / "shards").mkdir(parents=True, exist_ok=True)
    (root / "shards" / "a.jsonl").write_text("\n".join(records) + "\n", encoding="utf-8")
    (root / "shards" / "bad.jsonl").write_text('{"text": "ok  "}\nnot json\n', encoding="utf-8")
    if importlib.util.find_spec("pyarrow") is not None:  # read at random: ranged reads on S3
        import pyarrow as pa
        import pyarrow.parquet as pq

        texts = [damage(rng, make_article(rng)) for _ in range(12)]
        table = pa.table({"id": list(range(12)), "text": texts})
        pq.write_table(table, root / "shards" / "c.parquet", row_group_size=5)


def upload(folder: Path, url: str) -> None:
    from textwash.io.storage import filesystem

    fs = filesystem("s3")
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            fs.pipe_file(f"{url[5:]}/{path.relative_to(folder).as_posix()}", path.read_bytes())


def objects(url: str) -> dict[str, bytes]:
    from textwash.io.storage import filesystem

    fs = filesystem("s3")
    prefix = url[5:].rstrip("/")
    found = fs.find(prefix)
    return {key[len(prefix) + 1 :]: fs.cat_file(key) for key in sorted(found)}


def listed(url: str) -> int:
    """How many objects are under ``url`` (a listing only: moto's server may list an object
    whose PUT it is still taking in, and fail a read of it; S3 does neither)."""
    from textwash.io.storage import filesystem

    return len(filesystem("s3").find(url[5:].rstrip("/")))


def tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def run(*args: str) -> Result:
    """``clean`` in this process, with ``-j 1``: worker processes are forked from a server
    that an earlier test may have started before the S3 server's address was set."""
    from textwash.cli import clean

    jobs = [] if "-j" in args else ["-j", "1"]
    return CliRunner().invoke(clean, [*args, *jobs], catch_exceptions=False)


@pytest.fixture
def corpus(tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    """A corpus and the outputs of a local run on it."""
    src = tmp_path / "src"
    make_corpus(src, 24)
    result = run(str(src), "-o", str(tmp_path / "ref"), "-q")
    assert result.exit_code == 1  # the bad shard
    return src, tree(tmp_path / "ref")


def test_s3_to_s3_gives_the_local_outputs_and_resumes(
    bucket: str, corpus: tuple[Path, dict[str, bytes]], tmp_path: Path
) -> None:
    src, expected = corpus
    upload(src, f"s3://{bucket}/raw")
    report = tmp_path / "report.json"
    first = run(f"s3://{bucket}/raw/", "-o", f"s3://{bucket}/clean/", "--report", str(report))
    assert first.exit_code == 1, first.output  # the bad shard, as locally
    assert f"s3://{bucket}/raw/shards/bad.jsonl: 1 bad line" in first.stderr
    assert objects(f"s3://{bucket}/clean") == expected
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["files"]["changed"] + data["files"]["unchanged"] == len(expected) - 1

    again = run(f"s3://{bucket}/raw/", "-o", f"s3://{bucket}/clean/")
    assert f"{len(expected) - 1} cached" in again.stderr  # all but the failed shard
    assert objects(f"s3://{bucket}/clean") == expected

    # a changed input and a deleted output are redone; nothing else is
    from textwash.io.storage import filesystem

    fs = filesystem("s3")
    fs.pipe_file(f"{bucket}/raw/site0/000.txt", b"Tom &amp; Jerry  \n")
    fs.rm_file(f"{bucket}/clean/site1/001.txt")
    third = run(f"s3://{bucket}/raw/", "-o", f"s3://{bucket}/clean/")
    assert f"{len(expected) - 3} cached" in third.stderr
    assert objects(f"s3://{bucket}/clean")["site0/000.txt"] == b"Tom & Jerry\n"
    assert objects(f"s3://{bucket}/clean")["site1/001.txt"] == expected["site1/001.txt"]


def test_local_to_s3_and_s3_to_local(
    bucket: str, corpus: tuple[Path, dict[str, bytes]], tmp_path: Path
) -> None:
    src, expected = corpus
    assert run(str(src), "-o", f"s3://{bucket}/up", "-q").exit_code == 1
    assert objects(f"s3://{bucket}/up") == expected
    upload(src, f"s3://{bucket}/raw")
    assert run(f"s3://{bucket}/raw", "-o", str(tmp_path / "down"), "-q").exit_code == 1
    assert tree(tmp_path / "down") == expected


def test_the_state_can_live_on_s3(bucket: str, corpus: tuple[Path, dict[str, bytes]]) -> None:
    src, expected = corpus
    upload(src, f"s3://{bucket}/raw")
    args = [f"s3://{bucket}/raw", "-o", f"s3://{bucket}/out", "--state", f"s3://{bucket}/state"]
    run(*args, "-q")
    markers = objects(f"s3://{bucket}/state")
    assert len(markers) == len(expected) - 1  # one per finished input, none for the failed one
    body = json.loads(next(iter(markers.values())))
    assert body["input"].startswith(f"s3://{bucket}/raw/")
    again = run(*args)
    assert f"{len(expected) - 1} cached" in again.stderr
    redo = run(*args, "--no-cache")
    assert " 0 cached" in redo.stderr


def test_kill_9_then_the_same_command_gives_the_uninterrupted_outputs(
    bucket: str, tmp_path: Path
) -> None:
    src = tmp_path / "src"
    make_corpus(src, 150, seed=5)
    (src / "shards" / "bad.jsonl").unlink()
    assert run(str(src), "-o", str(tmp_path / "ref"), "-q").exit_code == 0
    expected = tree(tmp_path / "ref")
    upload(src, f"s3://{bucket}/raw")
    args = [
        f"s3://{bucket}/raw",
        "-o",
        f"s3://{bucket}/out",
        "--state",
        f"s3://{bucket}/state",
        "-j",
        "1",
    ]
    process = subprocess.Popen(
        [sys.executable, "-m", "textwash.cli", *args, "-q"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 120
        while process.poll() is None and listed(f"s3://{bucket}/state") < 5:
            assert time.monotonic() < deadline, "the run made no progress"
            time.sleep(0.05)
        running = process.poll() is None
        process.send_signal(signal.SIGKILL)
        _, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    assert running, f"the run ended before it could be killed: {stderr.decode()}"
    time.sleep(1)  # requests the server was still taking in when the client died
    finished = listed(f"s3://{bucket}/state")
    visible = objects(f"s3://{bucket}/out")
    assert 5 <= finished < len(expected)
    for rel, data in visible.items():  # whatever is visible is whole
        assert data == expected[rel], f"{rel} is visible but not complete"

    again = run(*args)
    assert again.exit_code == 0, again.stderr
    cached = int(again.stderr.split("\n")[0].split(", ")[3].split()[0])
    assert cached >= finished  # nothing recorded as finished is done twice
    assert objects(f"s3://{bucket}/out") == expected


def test_a_big_shard_on_s3_is_cleaned_in_parts_joined_in_order(
    bucket: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = tmp_path / "src"
    make_corpus(src, 0)
    (src / "shards" / "bad.jsonl").unlink()
    (src / "shards" / "c.parquet").unlink(missing_ok=True)
    shard = src / "shards" / "a.jsonl"
    shard.write_bytes(shard.read_bytes() * 20)
    assert run(str(src), "-o", str(tmp_path / "ref"), "-q").exit_code == 0
    upload(src, f"s3://{bucket}/raw")
    import textwash.engines

    monkeypatch.setattr(textwash.engines, "SPLIT_BYTES", shard.stat().st_size // 6)
    result = run(f"s3://{bucket}/raw", "-o", f"s3://{bucket}/out")
    assert result.exit_code == 0, result.stderr
    assert "1 file: 1 changed" in result.stderr
    assert objects(f"s3://{bucket}/out") == tree(tmp_path / "ref")  # no part left behind
    again = run(f"s3://{bucket}/raw", "-o", f"s3://{bucket}/out")
    assert "1 cached" in again.stderr


@pytest.mark.parametrize("first", [6 << 20, 1 << 20], ids=["copied-on-s3", "streamed"])
def test_parts_are_joined_in_order_and_removed(bucket: str, s3: S3Server, first: int) -> None:
    from textwash.io.storage import filesystem
    from textwash.shards import join, part_target

    fs = filesystem("s3")
    output = f"s3://{bucket}/out/big.jsonl"
    pieces = [os.urandom(first), os.urandom(6 << 20), b"last line\n"]
    targets = [part_target(output, n) for n in range(3)]
    for target, piece in zip(targets, pieces, strict=True):
        fs.pipe_file(target[5:], piece)
    log_before = s3.log.stat().st_size
    assert join(targets, output) == sum(map(len, pieces))
    assert objects(f"s3://{bucket}/out") == {"big.jsonl": b"".join(pieces)}
    with open(s3.log, "rb") as log:
        log.seek(log_before)
        requests = log.read().decode("utf-8", "replace")
    # parts of 5 MiB or more are joined by copies on the server: none is downloaded
    downloaded = sum(f"GET /{bucket}/out/.big" in line for line in requests.splitlines())
    assert downloaded == (0 if first >= 5 << 20 else 3)


def test_what_a_user_is_told(bucket: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.txt").write_text("text\n", encoding="utf-8")
    missing = run("s3://no-such-bucket/raw", "-o", str(tmp_path / "out"))
    assert missing.exit_code == 1
    assert "cannot list s3://no-such-bucket/raw: " in missing.stderr
    assert "Traceback" not in missing.output

    inside = run(f"s3://{bucket}/raw", "-o", f"s3://{bucket}/raw")
    assert inside.exit_code == 2 and "is the input" in inside.stderr
    hub = run(str(tmp_path), "-o", "hf://datasets/me/corpus")
    assert hub.exit_code == 2 and "read only" in hub.stderr
    unknown = run("ftp://host/corpus", "--check")
    assert unknown.exit_code == 2 and "unknown protocol ftp://" in unknown.stderr
    in_place = run(f"s3://{bucket}/raw", "--in-place")
    assert in_place.exit_code == 2 and "rewrites local files only" in in_place.stderr

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda n, *a: None if n == "s3fs" else real(n, *a)
    )
    no_extra = run(f"s3://{bucket}/raw", "--check")
    assert no_extra.exit_code == 2
    assert "pip install 'textwash[s3]'" in no_extra.stderr


def test_a_big_parquet_shard_on_s3_is_cleaned_by_row_groups(
    bucket: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    src = tmp_path / "src"
    src.mkdir()
    rng = random.Random(11)
    texts = [damage(rng, make_article(rng)) for _ in range(120)]
    pq.write_table(pa.table({"text": texts}), src / "big.parquet", row_group_size=10)
    assert run(str(src), "-o", str(tmp_path / "ref"), "-q").exit_code == 0
    upload(src, f"s3://{bucket}/raw")
    import textwash.engines
    import textwash.shards

    joined: list[int] = []
    join_shards = textwash.shards.join_shards

    def counting(source: str, targets: list[str], output: str, *, fsync: bool = True) -> int:
        joined.append(len(targets))
        return join_shards(source, targets, output, fsync=fsync)

    monkeypatch.setattr(textwash.shards, "join_shards", counting)
    monkeypatch.setattr(textwash.engines, "SPLIT_BYTES", (src / "big.parquet").stat().st_size // 4)
    result = run(f"s3://{bucket}/raw", "-o", f"s3://{bucket}/out")
    assert result.exit_code == 0, result.stderr
    assert "1 file: 1 changed" in result.stderr
    assert joined and joined[0] > 1  # it was cleaned in parts
    assert objects(f"s3://{bucket}/out") == tree(tmp_path / "ref")  # no part left behind
