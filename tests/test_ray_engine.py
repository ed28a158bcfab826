"""``clean --engine ray`` on a real local Ray instance: the local engine's output, byte for
byte, and its safety (bad files, dying workers, kill -9 and resume); and ``CleanBatch``
inside a real Ray Data job.

One Ray instance serves the whole session (2 CPUs, no dashboard, on 127.0.0.1 only); the
command and the engine find it already running and use it. The corpus is generated: a few
hundred scraped-looking articles from six sites, each site's pages framed by its own
furniture (so the ``boilerplate`` filter has something to find), damaged the way scrapers
damage text, in every input format, with two bad files among them.
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import logging
import os
import random
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any, ClassVar

import pytest
from click.testing import CliRunner, Result

from strategies import damage, make_article
from textwash import Document, Pipeline
from textwash.cache import output_state_dir
from textwash.engines import FitError, clean_files, fit_corpus_filters, plan
from textwash.engines.local import LocalEngine
from textwash.engines.ray import (
    CRASH,
    SINGLE_MACHINE_ENV,
    CleanBatch,
    RayEngine,
    VersionMismatchError,
    _execute,
)
from textwash.filters.base import CorpusFilter, Filter
from textwash.filters.boilerplate import Boilerplate, BoundBoilerplate
from textwash.io.files import Globs, find_inputs
from textwash.runner import Job, Status, Task, Write, crashed

SITES = {
    "news.example.com": (
        ["Skip to main content", "Subscribe to our newsletter"],
        ["Most read", "© 2019 Example News. All rights reserved."],
    ),
    "daily.example.org": (["Updated 9:14 AM EST, Wednesday, November 20, 2019"], ["Advertisement"]),
    "www.example.net": (["We use cookies to improve your experience."], ["Share this article"]),
    "gazette.example": ([], ["Sign up for our newsletter", "Follow us on Twitter"]),
    "courier.example": (["Home | World | Business"], []),
    "herald.example": (["Menu"], ["Related stories"]),
}
PAGES_PER_SITE = 48


# -- the Ray instance and the corpus ------------------------------------------------------------


@pytest.fixture(scope="session")
def ray_session() -> Iterator[ModuleType]:
    """One local Ray instance for the session, bound to 127.0.0.1 (2 CPUs, no dashboard)."""
    os.environ.setdefault(SINGLE_MACHINE_ENV, "0")  # before Ray is first imported
    ray = pytest.importorskip("ray")
    # Workers import textwash, not this test module: ship its test filters by value.
    ray.cloudpickle.register_pickle_by_value(sys.modules[__name__])
    ray.init(address="local", num_cpus=2, include_dashboard=False, logging_level=logging.ERROR)
    try:
        import ray.data

        ray.data.DataContext.get_current().enable_progress_bars = False
    except ImportError:
        pass
    yield ray
    ray.shutdown()


def page(rng: random.Random, site: str, number: int) -> str:
    head, tail = SITES[site]
    furniture_head = [line for line in head if rng.random() < 0.9]
    furniture_tail = [line for line in tail if rng.random() < 0.9]
    body = damage(rng, make_article(rng)).strip("\n") or "Nothing."
    return "\n".join([*furniture_head, body, f"Story {number}.", *furniture_tail]) + "\n"


def make_corpus(root: Path) -> None:
    """~300 files: .txt per site, JSONL (with urls), .txt.gz, HTML, and two bad files."""
    rng = random.Random(6)
    for site in SITES:
        for i in range(PAGES_PER_SITE):
            text = page(rng, site, i)
            raw = text.encode("utf-8")
            if i % 11 == 3:
                raw = raw.replace(b"\n", b"\r\n")
            if i % 17 == 5:
                raw = text.encode("cp1252", errors="replace")  # converted to UTF-8
            (root / site).mkdir(parents=True, exist_ok=True)
            (root / site / f"{i:03d}.txt").write_bytes(raw)
    records = []
    for i in range(60):
        site = list(SITES)[i % len(SITES)]
        url = f"https://{site}/2019/{i}"
        records.append(json.dumps({"id": i, "url": url, "text": page(rng, site, 1000 + i)}))
    (root / "shards").mkdir()
    (root / "shards" / "a.jsonl").write_text("\n".join(records[:30]) + "\n", encoding="utf-8")
    data = ("\n".join(records[30:]) + "\n").encode("utf-8")
    (root / "shards" / "b.jsonl.gz").write_bytes(gzip.compress(data, mtime=0))
    if importlib.util.find_spec("pyarrow") is not None:  # a Parquet shard, in row groups of 8
        import pyarrow as pa
        import pyarrow.parquet as pq

        rows = [json.loads(record) for record in records[:20]]
        columns = {key: [row[key] for row in rows] for key in ("id", "url", "text")}
        pq.write_table(pa.table(columns), root / "shards" / "c.parquet", row_group_size=8)
    for i in range(4):
        zipped = page(rng, "news.example.com", 2000 + i).encode("utf-8")
        (root / "zipped").mkdir(exist_ok=True)
        (root / "zipped" / f"{i}.txt.gz").write_bytes(gzip.compress(zipped, mtime=0))
        html = f"<html><body><h1>Title {i}</h1><p>Tom &amp; Jerry&nbsp;met.</p></body></html>"
        (root / "pages").mkdir(exist_ok=True)
        (root / "pages" / f"{i}.html").write_text(html, encoding="utf-8")
    (root / "bad").mkdir()
    (root / "bad" / "binary.txt").write_bytes(b"\x00\x01binary\xff")
    (root / "bad" / "broken.jsonl").write_text('{"text": "a  "}\nnot json\n', encoding="utf-8")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("corpus")
    make_corpus(root)
    return root


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TEXTWASH_CACHE_DIR", str(tmp_path / "user-cache"))


# -- helpers ---------------------------------------------------------------------------------


def run(args: Sequence[str]) -> Result:
    return CliRunner().invoke(_clean(), list(args), catch_exceptions=False)


def _clean() -> Any:
    from textwash.cli import clean

    return clean


def tree(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` by relative path, hidden ones too."""
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def comparable(report: dict[str, Any]) -> dict[str, Any]:
    """A JSON report with its lists sorted (outcomes arrive in whatever order they finish)."""
    out = dict(report)
    out.pop("nodes", None)  # which node cleaned what: only engines on nodes say
    for key in ("failed", "skipped", "converted"):
        out[key] = sorted(report[key], key=lambda item: json.dumps(item, sort_keys=True))
    return out


def summary(stderr: str) -> list[str]:
    """The end-of-run summary (what is printed from the ``N files:`` line on), without the
    sample of converted files it lists (the first ten to finish, on any engine)."""
    lines = stderr.splitlines()
    start = next(i for i, line in enumerate(lines) if " files: " in line)
    return [line for line in lines[start:] if not line.endswith(")") or " (from " not in line]


def tasks_for(src: Path, out: Path) -> list[Task]:
    inputs, _ = find_inputs([src], include=Globs(["*.txt"]), exclude=Globs([]))
    tasks, _ = plan(inputs, write=Write.OUTDIR, outdir=out)
    return tasks


# -- the local engine never loads Ray ----------------------------------------------------------


def test_the_local_engine_and_version_never_import_ray(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Tom &amp; Jerry  \n", encoding="utf-8")
    program = (
        "import json, sys\n"
        "from textwash.cli import clean\n"
        "for args in map(json.loads, sys.argv[1:]):\n"
        "    clean.main(args, standalone_mode=False)\n"
        "print('ray imported:', 'ray' in sys.modules)\n"
    )
    runs = [["--version"], [str(tmp_path), "-o", str(tmp_path / "out"), "-j", "2", "-q"]]
    result = subprocess.run(
        [sys.executable, "-c", program, *map(json.dumps, runs)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "clean (textwash)" in result.stdout
    assert (tmp_path / "out" / "a.txt").read_text(encoding="utf-8") == "Tom & Jerry\n"
    assert result.stdout.strip().endswith("ray imported: False"), result.stdout


def test_without_ray_installed_the_ray_engine_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.txt").write_text("text\n", encoding="utf-8")
    monkeypatch.setitem(sys.modules, "ray", None)  # what `import ray` does when it is missing
    result = CliRunner().invoke(_clean(), [str(tmp_path), "--check", "--engine", "ray"])
    assert result.exit_code == 2
    assert "pip install 'textwash[ray]'" in result.output


def test_address_needs_the_ray_engine(tmp_path: Path) -> None:
    result = CliRunner().invoke(_clean(), [str(tmp_path), "--check", "--address", "auto"])
    assert result.exit_code == 2
    assert "--engine ray" in result.output


def test_an_unreachable_address_fails_fast_and_says_so(tmp_path: Path) -> None:
    pytest.importorskip("ray")
    (tmp_path / "a.txt").write_text("text\n", encoding="utf-8")
    with socket.socket() as probe:  # a port on 127.0.0.1 where nothing listens
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    start = time.monotonic()
    command = [sys.executable, "-m", "textwash.cli", str(tmp_path), "--check"]
    result = subprocess.run(
        [*command, "--engine", "ray", "--address", f"127.0.0.1:{port}"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert time.monotonic() - start < 30
    assert result.returncode == 1
    assert f"cannot reach Ray: nothing answers at 127.0.0.1:{port}" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_worker_of_another_version_refuses_to_work() -> None:
    with pytest.raises(VersionMismatchError, match="same version on every node"):
        _execute([None], [], "0.0.0-elsewhere")


# -- the same output as the local engine -------------------------------------------------------


@pytest.mark.parametrize("extra", [[], ["--enable", "boilerplate"]], ids=["default", "boilerplate"])
def test_the_output_and_report_are_the_local_engines(
    ray_session: ModuleType, corpus: Path, tmp_path: Path, extra: list[str]
) -> None:
    results = {}
    for engine in ("local", "ray"):
        out, report = tmp_path / engine, tmp_path / f"{engine}.json"
        args = [str(corpus), "-o", str(out), "--engine", engine, "--report", str(report), *extra]
        result = run([*args, "-j", "2"] if engine == "local" else args)
        results[engine] = (result, tree(out), json.loads(report.read_text(encoding="utf-8")))
    (local, local_tree, local_report), (remote, ray_tree, ray_report) = results.values()
    assert local.exit_code == remote.exit_code == 1  # the two bad files
    assert len(ray_tree) >= 290
    assert ray_tree == local_tree
    assert comparable(ray_report) == comparable(local_report)
    assert summary(remote.stderr) == summary(local.stderr)
    failed = {Path(f["path"]).name: f["reason"] for f in ray_report["failed"]}
    assert set(failed) == {"binary.txt", "broken.jsonl"}
    assert ray_report["files"]["changed"] > 250
    # every file run is named under the node that ran it: here the one local node
    node = ray_session.get_runtime_context().get_node_id()
    assert list(ray_report["nodes"]) == [node]
    ran = ray_report["files"]["changed"] + ray_report["files"]["unchanged"] + len(failed)
    assert len(ray_report["nodes"][node]) == ran
    assert "nodes" not in local_report
    if extra:
        assert ray_report["filters"]["boilerplate"]["changed"] > 200
    else:  # the same resume cache: a second run redoes only the failed files
        again = run([str(corpus), "-o", str(tmp_path / "ray"), "--engine", "ray"])
        cached = ray_report["files"]["seen"] - len(failed)
        assert f"{cached} cached" in summary(again.stderr)[0]
        assert tree(tmp_path / "ray") == local_tree


def test_the_fit_pass_adds_up_to_one_local_fit(ray_session: ModuleType, corpus: Path) -> None:
    tasks = tasks_for(corpus, corpus.parent / "unused")
    job = Job(Pipeline.default().enable("boilerplate"), Write.NOTHING)
    fitted = fit_corpus_filters(job, tasks, RayEngine())
    reference = fit_corpus_filters(job, tasks, LocalEngine(1))
    bound, expected = fitted.pipeline["boilerplate"], reference.pipeline["boilerplate"]
    assert isinstance(bound, BoundBoilerplate) and isinstance(expected, BoundBoilerplate)
    assert bound.lines == expected.lines
    assert bound.lines.total_documents == len(SITES) * PAGES_PER_SITE  # every .txt page
    assert fitted.cache_key() == reference.cache_key()


# -- crashes ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Crash(Filter):
    """Kills its process on any text holding the word CRASH (as a segfault would)."""

    name: ClassVar[str] = "crash"
    summary: ClassVar[str] = "dies"
    default_enabled: ClassVar[bool] = False
    order: ClassVar[int] = 999

    def apply(self, text: str) -> str:
        if "CRASH" in text:
            os._exit(3)
        return text


def test_a_dying_worker_fails_only_its_file(ray_session: ModuleType, tmp_path: Path) -> None:
    src, out = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    for i in range(30):
        (src / f"ok{i:02d}.txt").write_text(f"Tom &amp; Jerry {i}  \n", encoding="utf-8")
    (src / "bad.txt").write_text("CRASH\n", encoding="utf-8")
    job = Job(Pipeline([*Pipeline.default().filters, Crash()]))
    outcomes = list(clean_files(job, tasks_for(src, out), RayEngine(), outdir=out))
    failed = [(Path(o.path).name, o.message) for o in outcomes if o.status is Status.FAILED]
    assert failed == [("bad.txt", CRASH)]
    assert len(outcomes) == 31
    assert sorted(tree(out)) == [f"ok{i:02d}.txt" for i in range(30)]
    assert (out / "ok07.txt").read_text(encoding="utf-8") == "Tom & Jerry 7\n"


def raise_for(job: Job, batch: Sequence[Task]) -> list[Any]:
    raise RuntimeError(f"bug with {len(batch)} files")


def test_an_exception_escaping_a_task_is_reported_for_its_files(
    ray_session: ModuleType, tmp_path: Path
) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "a.txt").write_text("a\n", encoding="utf-8")
    tasks = tasks_for(tmp_path / "src", tmp_path / "out")
    results = list(RayEngine().map(raise_for, Job(Pipeline.default()), [tasks], on_crash=crashed))
    assert [[(o.status, o.message) for o in r] for r in results] == [
        [(Status.FAILED, "internal error: RuntimeError: bug with 1 files")]
    ]


@dataclass(frozen=True)
class FragileFit(CorpusFilter):
    """A corpus filter whose fit raises on the word RAISE and dies on CRASH."""

    name: ClassVar[str] = "fragile_fit"
    summary: ClassVar[str] = "nothing"
    default_enabled: ClassVar[bool] = False
    order: ClassVar[int] = 950

    def fit(self, docs: Iterable[Document]) -> int:
        count = 0
        for doc in docs:
            if "RAISE" in doc.text:
                raise RuntimeError("cannot fit this")
            if "CRASH" in doc.text:
                os._exit(3)
            count += 1
        return count

    def bind(self, stats: Any) -> Filter:
        return Crash()  # changes nothing on these texts


@pytest.mark.parametrize(
    "word, reason", [("RAISE", "internal error: RuntimeError: cannot fit this"), ("CRASH", CRASH)]
)
def test_a_crashed_batch_of_the_fit_pass_is_an_error_naming_the_file(
    ray_session: ModuleType, tmp_path: Path, word: str, reason: str
) -> None:
    src = tmp_path / "src"
    src.mkdir()
    for i in range(30):
        (src / f"ok{i:02d}.txt").write_text(f"Tom &amp; Jerry {i}  \n", encoding="utf-8")
    (src / "bad.txt").write_text(f"{word}\n", encoding="utf-8")
    job = Job(Pipeline([*Pipeline.default().filters, FragileFit()]))
    with pytest.raises(FitError) as caught:
        fit_corpus_filters(job, tasks_for(src, tmp_path / "out"), RayEngine(workers=2))
    assert [(Path(path).name, why) for path, why in caught.value.failures] == [("bad.txt", reason)]


# -- kill -9, then resume ----------------------------------------------------------------------


def journal_entries(out: Path) -> int:
    folder = output_state_dir(out)  # in $TEXTWASH_CACHE_DIR, which the command inherits
    return sum(p.read_bytes().count(b"\n") for p in folder.glob("*.log")) if folder.is_dir() else 0


def test_kill_9_of_the_driver_then_resume_gives_the_local_output(
    ray_session: ModuleType, tmp_path: Path
) -> None:
    src, ref, out = tmp_path / "src", tmp_path / "ref", tmp_path / "out"
    rng = random.Random(9)
    for i in range(320):
        site = list(SITES)[i % len(SITES)]
        text = "\n\n".join(page(rng, site, i) for _ in range(2))
        (src / site).mkdir(parents=True, exist_ok=True)
        (src / site / f"{i:04d}.txt").write_text(text, encoding="utf-8")
    assert run([str(src), "-o", str(ref), "-j", "2", "-q"]).exit_code == 0
    expected = tree(ref)

    # A second driver on the same Ray cluster, as `clean --address` on a cluster's node runs.
    address = ray_session.get_runtime_context().gcs_address
    command = [sys.executable, "-m", "textwash.cli", str(src), "-o", str(out), "-q"]
    process = subprocess.Popen(
        [*command, "--engine", "ray", "--address", address],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 90
    while journal_entries(out) == 0 and process.poll() is None:
        assert time.monotonic() < deadline, "the run made no progress"
        time.sleep(0.01)
    running = process.poll() is None
    process.send_signal(signal.SIGKILL)
    _, stderr = process.communicate()
    assert running, f"the run ended before it could be killed: {stderr.decode()}"
    finished = journal_entries(out)
    assert 0 < finished < len(expected)
    time.sleep(1)  # Ray stops the dead driver's tasks; none may write after this
    visible = tree(out)
    for rel, data in visible.items():  # whatever is visible is complete (temps are hidden)
        hidden = Path(rel).name.startswith(".")
        assert hidden or data == expected[rel], f"{rel} is visible but incomplete"

    again = run([str(src), "-o", str(out), "--engine", "ray"])
    assert again.exit_code == 0, again.stderr
    cached = int(summary(again.stderr)[0].split(", ")[3].split()[0])
    assert finished <= cached < len(expected)
    assert tree(out) == expected  # same bytes, and no temporary file left behind


# -- textwash inside a Ray Data job ------------------------------------------------------------

TEXTS = [
    "Tom &amp; Jerry  \r\nmet at noon.\u00a0\n\n\n\nThe Kremlin\u00b4s envoy said no.",
    "Already clean.\n",
    "donâ€™t panic  \n",
]


def test_clean_batch_on_each_batch_format() -> None:
    pandas = pytest.importorskip("pandas")
    pyarrow = pytest.importorskip("pyarrow")
    numpy = pytest.importorskip("numpy")
    pipeline = Pipeline.default()
    expected = [pipeline(text) for text in TEXTS]
    assert expected[0] != TEXTS[0] and expected[2] != TEXTS[2]
    clean = CleanBatch(pipeline)

    frame = clean(pandas.DataFrame({"text": [*TEXTS, None], "n": [0, 1, 2, 3]}))
    assert frame["text"].tolist()[:3] == expected and frame["text"].isna().tolist()[3]
    assert frame["n"].tolist() == [0, 1, 2, 3]

    table = clean(pyarrow.table({"text": [*TEXTS, None], "n": [0, 1, 2, 3]}))
    assert table.column("text").to_pylist() == [*expected, None]
    assert table.schema == pyarrow.table({"text": TEXTS, "n": [0, 1, 2]}).schema

    arrays = clean({"text": numpy.array(TEXTS), "n": numpy.arange(3)})
    assert arrays["text"].tolist() == expected and arrays["text"].dtype.kind == "U"
    objects = CleanBatch(output_column="clean")({"text": numpy.array(TEXTS, dtype=object)})
    assert objects["clean"].tolist() == expected and objects["text"].tolist() == TEXTS

    with pytest.raises(TypeError, match="pandas DataFrame"):
        clean([TEXTS])


def test_clean_batch_refuses_an_unfitted_corpus_filter() -> None:
    with pytest.raises(ValueError, match="boilerplate must be fitted and bound"):
        CleanBatch(Pipeline.default().enable("boilerplate"))


def test_clean_batch_in_a_ray_data_job(ray_session: ModuleType) -> None:
    data = pytest.importorskip("ray.data")
    rng = random.Random(3)
    rows: list[dict[str, Any]] = []
    for i in range(120):
        site = list(SITES)[i % len(SITES)]
        rows.append({"n": i, "url": f"https://{site}/{i}", "text": page(rng, site, i)})

    # With a fitted boilerplate filter, the url column tells it each row's site.
    docs = [Document(r["text"], metadata={"url": r["url"]}) for r in rows]
    corpus = Pipeline.default().enable("boilerplate")
    bound = corpus.bind("boilerplate", Boilerplate().fit(docs))
    expected = {r["n"]: bound.run(d).text for r, d in zip(rows, docs, strict=True)}
    assert sum(expected[r["n"]] != r["text"] for r in rows) > 100

    # One job, four steps: the three batch formats as tasks, then the class itself in a pool
    # of actors (each builds its cleaner once), cleaning the original column in place.
    clean: dict[str, Any] = {"pipeline": bound, "metadata_columns": ["url"]}
    result = (
        data.from_items(rows)
        .map_batches(CleanBatch(**clean, output_column="a"), batch_format="pandas")
        .map_batches(CleanBatch(**clean, column="a", output_column="b"), batch_format="pyarrow")
        .map_batches(CleanBatch(**clean, column="b"), batch_format="numpy")
        .map_batches(
            CleanBatch,
            fn_constructor_kwargs=clean,
            compute=data.ActorPoolStrategy(size=1),
            batch_format="pyarrow",
        )
        .take_all()
    )
    for column in ("a", "b", "text"):
        assert {r["n"]: r[column] for r in result} == expected, column
    assert {r["n"]: r["url"] for r in result} == {r["n"]: r["url"] for r in rows}
