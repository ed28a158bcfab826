"""Digests of what ``clean`` writes for three fixed corpora, to catch any change of output.

A refactoring of reading, writing or running must not change a single output byte. The
test in ``test_output_digest.py`` runs ``clean`` (default pipeline, ``-j 2``) on

* ``seeds``: the scraped articles in ``fixtures/seeds`` (the expected outputs left out);
* ``generated``: a fixed sample of the documents the property tests build
  (:func:`strategies.make_article` damaged by :func:`strategies.damage`, one seeded
  ``random.Random`` per document), written as ``.txt`` files and, the same documents, as
  one JSONL file of records;
* ``extractors``: the 5,792 extractor outputs of the article-extraction benchmark, one
  ``.txt`` per extractor and page, as ``benchmarks/bench_clean.py`` builds them (only where
  ``$TEXTWASH_DATA`` holds the benchmark);

and compares a sha256 of the whole output tree (every relative path and its bytes) with the
digest stored in the test. To recompute the stored digests after a change of output that
is meant (a filter changed on purpose), run::

    .venv/bin/python tests/output_digest.py

and paste what it prints into ``DIGESTS`` in ``tests/test_output_digest.py``.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from random import Random

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from strategies import damage, make_article  # noqa: E402

#: How many generated documents; their seeds are 0 .. GENERATED - 1.
GENERATED = 1500


def data_dir() -> Path:
    """The third-party data folder: ``$TEXTWASH_DATA``, else ``../shared/data``."""
    return Path(os.environ.get("TEXTWASH_DATA", ROOT.parent / "shared" / "data"))


def extractor_outputs() -> Path | None:
    path = data_dir() / "article-extraction-benchmark" / "output"
    return path if path.is_dir() else None


def write_seeds(dest: Path) -> None:
    dest.mkdir(parents=True, exist_ok=True)
    for path in sorted((ROOT / "fixtures" / "seeds").glob("*.txt")):
        (dest / path.name).write_bytes(path.read_bytes())


def generated_documents() -> list[str]:
    return [damage(rng, make_article(rng)) for rng in map(Random, range(GENERATED))]


def write_generated(dest: Path) -> None:
    texts = generated_documents()
    (dest / "txt").mkdir(parents=True, exist_ok=True)
    for number, text in enumerate(texts):
        (dest / "txt" / f"{number:04d}.txt").write_bytes(text.encode("utf-8"))
    with open(dest / "records.jsonl", "w", encoding="utf-8", newline="") as records:
        for number, text in enumerate(texts):
            record = {"id": number, "text": text, "title": text.split("\n", 1)[0]}
            records.write(json.dumps(record, ensure_ascii=number % 2 == 0) + "\n")


def write_extractors(dest: Path) -> None:
    """One ``.txt`` per extractor and page (as ``benchmarks/_data.extractor_output`` reads them)."""
    outputs = extractor_outputs()
    assert outputs is not None
    for source in sorted(outputs.glob("*.json")):
        raw = json.loads(source.read_text(encoding="utf-8"))
        if isinstance(raw.get("output"), dict) and "version" in raw:
            raw = raw["output"]
        folder = dest / source.stem
        folder.mkdir(parents=True, exist_ok=True)
        for key, value in sorted(raw.items()):
            text = (value or {}).get("articleBody") or ""
            (folder / f"{key}.txt").write_bytes(text.encode("utf-8"))


CORPORA: dict[str, Callable[[Path], None]] = {
    "seeds": write_seeds,
    "generated": write_generated,
    "extractors": write_extractors,
}


def tree_digest(root: Path) -> str:
    """sha256 over every file under ``root``: its relative path, its size, its bytes."""
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        content = path.read_bytes()
        digest.update(f"{path.relative_to(root).as_posix()}\0{len(content)}\0".encode())
        digest.update(content)
    return digest.hexdigest()


def clean_digest(corpus: str, tmp: Path) -> str:
    """Write one corpus under ``tmp``, run ``clean`` on it, return the output tree's digest."""
    source, out = tmp / f"{corpus}-in", tmp / f"{corpus}-out"
    CORPORA[corpus](source)
    env = {**os.environ, "TEXTWASH_CACHE_DIR": str(tmp / "cache")}
    command = [sys.executable, "-m", "textwash.cli", str(source), "-o", str(out)]
    done = subprocess.run(
        [*command, "-q", "--no-cache", "-j", "2"], capture_output=True, text=True, env=env
    )
    if done.returncode != 0:
        raise RuntimeError(f"clean exited {done.returncode}:\n{done.stderr}")
    return tree_digest(out)


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="textwash-digest-") as folder:
        for corpus in CORPORA:
            if corpus == "extractors" and extractor_outputs() is None:
                print(f"# {corpus}: skipped, no data under {data_dir()}")
                continue
            print(f'    "{corpus}": "{clean_digest(corpus, Path(folder))}",')


if __name__ == "__main__":
    main()
