"""Locations on object storage (textwash.io.storage) against a real S3 server on 127.0.0.1
(moto's server mode, in a process of its own), with s3fs as the client."""

from __future__ import annotations

import dataclasses
import importlib.util
import itertools
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from servers import S3Server, s3_server
from textwash.io.files import DEFAULT_EXCLUDE, Globs, Input, UnsafeLayoutError, find_inputs
from textwash.io.storage import (
    Location,
    LocationError,
    MissingExtraError,
    StoredInput,
    filesystem,
    list_inputs,
    open_input,
    open_output,
    read_bytes,
    require,
    write_bytes,
)
from textwash.markers import Markers
from textwash.remote import plan
from textwash.runner import Write

needs_s3 = pytest.mark.skipif(
    importlib.util.find_spec("s3fs") is None or importlib.util.find_spec("moto") is None,
    reason="the S3 tests need s3fs and moto[server] (pip install -e '.[dev]')",
)

_buckets = itertools.count()


@pytest.fixture(scope="session")
def s3(tmp_path_factory: pytest.TempPathFactory) -> Iterator[S3Server]:
    """The S3 server for the session; every AWS client of the session is pointed at it."""
    if importlib.util.find_spec("moto") is None or importlib.util.find_spec("s3fs") is None:
        pytest.skip("the S3 tests need s3fs and moto[server] (pip install -e '.[dev]')")
    with s3_server(tmp_path_factory.mktemp("s3")) as server:
        saved = {key: os.environ.get(key) for key in server.environment}
        os.environ.update(server.environment)
        import s3fs

        s3fs.S3FileSystem.clear_instance_cache()
        try:
            yield server
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
            s3fs.S3FileSystem.clear_instance_cache()


@pytest.fixture
def bucket(s3: S3Server) -> str:
    """A new, empty bucket for one test."""
    name = f"test-{next(_buckets)}"
    filesystem("s3").mkdir(name)
    return name


# -- locations ----------------------------------------------------------------------------------


def test_locations_parse_as_a_user_writes_them() -> None:
    assert Location.parse("gs://b/k/") == Location("gs", "b/k")
    assert Location.parse("gcs://b/k") == Location("gs", "b/k")
    assert Location.parse("S3://b") == Location("s3", "b")
    assert Location.parse("hf://datasets/o/n/data") == Location("hf", "datasets/o/n/data")
    assert Location.parse(Path("rel/dir")) == Location("file", "rel/dir")
    assert Location.parse("file:///abs/dir").path == "/abs/dir"


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("ftp://host/x", "unknown protocol ftp://"),
        ("s3://", "names no bucket"),
        ("hf://openai/gpt2", "only datasets"),
    ],
)
def test_unusable_locations_say_why(text: str, said: str) -> None:
    with pytest.raises(LocationError, match=said) as caught:
        Location.parse(text)
    assert text in str(caught.value)


def test_the_hub_is_read_only() -> None:
    with pytest.raises(LocationError, match="read only"):
        open_output(Location.parse("hf://datasets/o/n/out.jsonl"))


@pytest.mark.parametrize(
    ("protocol", "module", "extra"),
    [("s3", "s3fs", "s3"), ("gs", "gcsfs", "gcs"), ("hf", "huggingface_hub", "hf")],
)
def test_a_missing_package_names_its_extra(
    protocol: str, module: str, extra: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == module else real(name, *a)
    )
    with pytest.raises(MissingExtraError, match=rf"pip install 'textwash\[{extra}\]'"):
        require(protocol)


def test_local_paths_do_not_import_fsspec(tmp_path: Path) -> None:
    """Parsing, writing and reading local locations leave fsspec unloaded (clean's import
    cost on local folders stays what it was)."""
    script = (
        "import sys; from textwash.io.storage import Location, write_bytes, read_bytes\n"
        f"loc = Location.parse({str(tmp_path / 'a' / 'x.txt')!r})\n"
        "write_bytes(loc, b'hi'); assert read_bytes(loc) == b'hi'\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('fsspec', 's3fs', 'boto3', 'botocore')))"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_local_outputs_are_all_or_nothing(tmp_path: Path) -> None:
    target = Location.parse(str(tmp_path / "out" / "a.txt"))
    write_bytes(target, b"old\n")
    with pytest.raises(RuntimeError), open_output(target) as out:
        out.write(b"partial")
        raise RuntimeError("killed")
    assert read_bytes(target) == b"old\n"
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a.txt"]


# -- listing ------------------------------------------------------------------------------------

TREE = [
    "a.txt",
    "b.jsonl",
    "notes.md",
    "sub/c.txt",
    "sub/deep/d.jsonl.gz",
    "sub/expected/e.txt",
    "expected/f.txt",
    ".git/config.txt",
    ".x.txt.textwash-tmp",
    "z/y/x.txt",
]


def _walk_local(root: Path, include: Globs, exclude: Globs) -> set[str]:
    inputs, _ = find_inputs([root], include=include, exclude=exclude)
    return {i.rel for i in inputs}


@needs_s3
@pytest.mark.parametrize(
    ("include", "exclude"),
    [
        (["*.txt", "*.jsonl", "*.jsonl.gz"], list(DEFAULT_EXCLUDE)),
        (["*.txt"], [*DEFAULT_EXCLUDE, "expected"]),
        (["/sub/**/*.gz", "a.txt"], []),
        (["**"], ["/sub"]),
    ],
)
def test_listing_chooses_keys_as_the_local_walker_chooses_files(
    bucket: str, tmp_path: Path, include: list[str], exclude: list[str]
) -> None:
    fs = filesystem("s3")
    for rel in TREE:
        fs.pipe_file(f"{bucket}/raw/{rel}", rel.encode())
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_bytes(rel.encode())
    fs.pipe_file(f"{bucket}/rawer/outside.txt", b"not under raw/")
    globs = Globs(include), Globs(exclude)
    pages = list(
        list_inputs(
            [Location.parse(f"s3://{bucket}/raw/")], include=globs[0], exclude=globs[1], page_size=2
        )
    )
    remote = [item for page, _ in pages for item in page]
    assert {item.rel for item in remote} == _walk_local(tmp_path, *globs)
    assert [item.rel for item in remote] == sorted(item.rel for item in remote)  # key order
    assert all(len(page) <= 2 for page, _ in pages)
    assert all(item.path == f"s3://{bucket}/raw/{item.rel}" and item.tag for item in remote)
    assert {item.size for item in remote} == {len(item.rel) for item in remote}


@needs_s3
def test_listing_pages_through_more_keys_than_a_page(bucket: str) -> None:
    fs = filesystem("s3")
    names = [f"p/{i:04d}.txt" for i in range(25)]
    fs.pipe({f"{bucket}/{name}": b"x" for name in names})
    pages = [
        page
        for page, _ in list_inputs(
            [Location.parse(f"s3://{bucket}/p")],
            include=Globs(["*.txt"]),
            exclude=Globs([]),
            page_size=10,
        )
    ]
    assert [len(page) for page in pages] == [10, 10, 5]
    assert [f"p/{item.rel}" for page in pages for item in page] == names


@needs_s3
def test_listing_skips_the_output_prefix_and_reports_what_is_missing(bucket: str) -> None:
    fs = filesystem("s3")
    fs.pipe(
        {f"{bucket}/in/a.txt": b"a", f"{bucket}/in/clean/a.txt": b"a", f"{bucket}/one.txt": b"1"}
    )
    roots = [
        Location.parse(f"s3://{bucket}/in"),
        Location.parse(f"s3://{bucket}/one.txt"),
        Location.parse(f"s3://{bucket}/nothing/"),
    ]
    found = list(
        list_inputs(
            roots,
            include=Globs(["*.md"]),
            exclude=Globs([]),
            skip=[Location.parse(f"s3://{bucket}/in/clean")],
        )
    )
    items = [item for page, _ in found for item in page]
    problems = [p for _, ps in found for p in ps]
    # a named object is taken whatever the globs say; *.md chose nothing under in/
    assert [(i.rel, i.path) for i in items] == [("one.txt", f"s3://{bucket}/one.txt")]
    assert [(p.path, p.message) for p in problems] == [
        (f"s3://{bucket}/nothing", "no such object or prefix")
    ]
    found = list(
        list_inputs(
            roots[:1],
            include=Globs(["*.txt"]),
            exclude=Globs([]),
            skip=[Location.parse(f"s3://{bucket}/in/clean")],
        )
    )
    assert [i.rel for page, _ in found for i in page] == ["a.txt"]


# -- writing ------------------------------------------------------------------------------------


def _pending_uploads(bucket: str) -> list[str]:
    fs = filesystem("s3")
    found = fs.call_s3("list_multipart_uploads", Bucket=bucket)
    return [u["Key"] for u in found.get("Uploads", [])]


@needs_s3
def test_a_small_output_is_one_put(bucket: str) -> None:
    target = Location.parse(f"s3://{bucket}/out/a.txt")
    fs = filesystem("s3")
    out = open_output(target)
    out.write(b"cleaned\n")
    assert not fs.exists(target.path)
    out.commit()
    assert read_bytes(target) == b"cleaned\n"
    assert _pending_uploads(bucket) == []


@needs_s3
def test_a_large_output_appears_whole_when_its_upload_completes(bucket: str) -> None:
    target = Location.parse(f"s3://{bucket}/out/big.jsonl")
    fs = filesystem("s3")
    data = os.urandom(1 << 20) * 12  # 12 MiB: three parts of 5 MiB
    out = open_output(target, part_size=5 << 20)
    for start in range(0, len(data), 1 << 20):
        out.write(data[start : start + (1 << 20)])
    assert not fs.exists(target.path)  # parts are up, the object is not there
    assert _pending_uploads(bucket) == ["out/big.jsonl"]
    out.commit()
    assert fs.cat_file(target.path) == data
    assert _pending_uploads(bucket) == []
    with open_input(target) as stream:
        assert stream.read(5) == data[:5]


@needs_s3
@pytest.mark.parametrize("size", [100, 7 << 20])
def test_a_failed_output_leaves_the_old_object_and_no_upload(bucket: str, size: int) -> None:
    target = Location.parse(f"s3://{bucket}/out/a.txt")
    write_bytes(target, b"old\n")
    with pytest.raises(RuntimeError), open_output(target, part_size=5 << 20) as out:
        out.write(b"n" * size)
        raise RuntimeError("the filter failed half-way")
    assert read_bytes(target) == b"old\n"
    assert _pending_uploads(bucket) == []


# -- completion markers -------------------------------------------------------------------------


@pytest.fixture(params=["local", "s3"])
def state(request: pytest.FixtureRequest, tmp_path: Path) -> Location:
    if request.param == "local":
        return Location.parse(str(tmp_path / "state"))
    if importlib.util.find_spec("moto") is None or importlib.util.find_spec("s3fs") is None:
        pytest.skip("the S3 tests need s3fs and moto[server] (pip install -e '.[dev]')")
    name = request.getfixturevalue("bucket")
    return Location.parse(f"s3://{name}/logs/state/")


def test_markers_say_which_inputs_are_done_after_a_restart(state: Location) -> None:
    a = StoredInput("s3://in/a.jsonl", "a.jsonl", "s3://in/a.jsonl", 10, "etag-a")
    b = StoredInput("s3://in/b.jsonl", "sub/b.jsonl", "s3://in/sub/b.jsonl", 20, "etag-b")
    markers = Markers.open(state, "k1")
    assert len(markers) == 0
    markers.record(a, "jsonl", "a.jsonl", 7)
    outputs = {"a.jsonl": 7, "sub/b.jsonl": 5}

    again = Markers.open(state, "k1")  # what a new run sees
    assert again.done(a, "jsonl", "a.jsonl", outputs)
    assert not again.done(b, "jsonl", "sub/b.jsonl", outputs)  # never finished
    changed = dataclasses.replace(a, tag="etag-a2")
    assert not again.done(changed, "jsonl", "a.jsonl", outputs)  # the input changed since
    assert not again.done(a, "jsonl", "a.jsonl", {"a.jsonl": 6})  # the output is not its own
    assert not again.done(a, "jsonl", "a.jsonl", {})  # the output is gone
    assert not again.done(a, "text", "a.jsonl", outputs)  # another format
    assert not Markers.open(state, "k2").done(a, "jsonl", "a.jsonl", outputs)  # another config


def test_markers_ignore_what_is_not_a_marker(state: Location) -> None:
    a = StoredInput("s3://in/a.txt", "a.txt", "s3://in/a.txt", 1, "e")
    Markers.open(state, "k").record(a, "text", "a.txt", 2)
    write_bytes(state.join("k/zz/not-a-marker"), b"")
    write_bytes(state.join("k/zz/.x.textwash-tmp"), b"")
    assert len(Markers.open(state, "k")) == 1


def test_local_inputs_are_known_by_their_mtime(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("a")
    item = Input(str(path), "a.txt", str(path), 1)
    markers = Markers.open(Location.parse(str(tmp_path / "state")), "k")
    markers.record(item, "text", "a.txt", 2)
    assert Markers.open(markers.root, "k").done(item, "text", "a.txt", {"a.txt": 2})
    os.utime(path, ns=(1, 1))
    assert not Markers.open(markers.root, "k").done(item, "text", "a.txt", {"a.txt": 2})


# -- planning a run -----------------------------------------------------------------------------

ANY = Globs(["*.txt", "*.jsonl", "*.html"])


@needs_s3
def test_a_plan_mirrors_the_input_layout_under_the_output_location(bucket: str) -> None:
    fs = filesystem("s3")
    fs.pipe(
        {
            f"{bucket}/raw/a.txt": b"a",
            f"{bucket}/raw/sub/b.jsonl": b"{}",
            f"{bucket}/raw/p.html": b"<p>x</p>",
            f"{bucket}/raw/x.bin": b"?",
        }
    )
    planned = plan(
        [f"s3://{bucket}/raw/"],
        write=Write.OUTDIR,
        output=f"s3://{bucket}/clean",
        include=Globs(["*"]),
        exclude=Globs([]),
    )
    assert [(t.source, t.target, t.format) for t in planned.tasks] == [
        (f"s3://{bucket}/raw/a.txt", f"s3://{bucket}/clean/a.txt", "txt"),
        (f"s3://{bucket}/raw/p.html", f"s3://{bucket}/clean/p.txt", "html"),
        (f"s3://{bucket}/raw/sub/b.jsonl", f"s3://{bucket}/clean/sub/b.jsonl", "jsonl"),
    ]
    assert [p.path for p in planned.problems] == [f"s3://{bucket}/raw/x.bin"]


@needs_s3
def test_several_roots_keep_their_place_under_the_deepest_common_prefix(bucket: str) -> None:
    fs = filesystem("s3")
    fs.pipe(
        {
            f"{bucket}/c/2019/a.txt": b"a",
            f"{bucket}/c/2020/b.txt": b"b",
            f"{bucket}/c/one.txt": b"1",
        }
    )
    roots = [f"s3://{bucket}/c/2019", f"s3://{bucket}/c/2020/", f"s3://{bucket}/c/one.txt"]
    planned = plan(
        roots, write=Write.OUTDIR, output="s3://other/out", include=ANY, exclude=Globs([])
    )
    assert [t.target for t in planned.tasks] == [
        "s3://other/out/2019/a.txt",
        "s3://other/out/2020/b.txt",
        "s3://other/out/one.txt",
    ]


@needs_s3
def test_an_output_inside_the_input_is_not_read_and_one_around_it_is_refused(bucket: str) -> None:
    fs = filesystem("s3")
    fs.pipe({f"{bucket}/in/a.txt": b"a", f"{bucket}/in/out/a.txt": b"a"})
    planned = plan(
        [f"s3://{bucket}/in"],
        write=Write.OUTDIR,
        output=f"s3://{bucket}/in/out",
        include=ANY,
        exclude=Globs([]),
    )
    assert [t.source for t in planned.tasks] == [f"s3://{bucket}/in/a.txt"]
    for output, said in [
        (f"s3://{bucket}/in", "is the input"),
        (f"s3://{bucket}", "holds the input"),
    ]:
        with pytest.raises(UnsafeLayoutError, match=said):
            plan(
                [f"s3://{bucket}/in"],
                write=Write.OUTDIR,
                output=output,
                include=ANY,
                exclude=Globs([]),
            )


def test_object_storage_and_in_place_or_mixed_inputs_are_refused(tmp_path: Path) -> None:
    with pytest.raises(UnsafeLayoutError, match="--in-place rewrites local files only"):
        plan(["s3://b/in"], write=Write.IN_PLACE, output=None, include=ANY, exclude=Globs([]))
    with pytest.raises(UnsafeLayoutError, match="cannot be inputs of one run"):
        plan(
            [str(tmp_path), "s3://b/in"],
            write=Write.NOTHING,
            output=None,
            include=ANY,
            exclude=Globs([]),
        )
