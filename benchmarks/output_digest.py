"""A digest of the default pipeline's output on the benchmark corpus and the seeds.

Speed work must not change what the pipeline writes. This prints one SHA-256 over the
default pipeline's output on every extractor output of the article-extraction benchmark
(in memory, as the library runs it) and one over the seeds (as ``clean`` runs them, whole
files), so a digest taken before a change can be compared with one taken after:

    python benchmarks/output_digest.py [--write FILE | --check FILE] [--ignore-triggers]
        [--structure SEED ...]

``--write`` stores one digest per document, ``--check`` compares with a file written
earlier (exit 1 on a difference, naming the first documents that differ);
``--ignore-triggers`` runs every filter on every text, as if no filter declared what can
make it act; ``--structure 1 2 3`` adds every case of the structure evaluation set
(``evaluate_structure.build(seed)``) for those seeds, cleaned both as the library cleans a
string and as ``clean`` cleans a whole ``.txt`` file.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

from _data import ROOT, extractor_names, extractor_output
from textwash import Document, Pipeline


def corpus_outputs(pipeline: Pipeline) -> list[tuple[str, str]]:
    """(name, output) for every extractor output, in a fixed order."""
    outputs = []
    for extractor in extractor_names():
        for page, text in sorted(extractor_output(extractor).items()):
            outputs.append((f"{extractor}/{page}", pipeline(text)))
    return outputs


def seed_outputs(pipeline: Pipeline) -> list[tuple[str, str]]:
    whole = pipeline.for_whole_files()
    seeds = sorted((ROOT / "fixtures" / "seeds").glob("*.txt"))
    return [(p.name, whole.run(Document(p.read_text(encoding="utf-8"))).text) for p in seeds]


def structure_outputs(pipeline: Pipeline, seeds: list[int]) -> list[tuple[str, str]]:
    """(name, output) for every case of the structure evaluation set of each seed, as a
    string and as a whole file; a case's name holds a digest of its input, so a changed
    input is told from a changed output."""
    from evaluate_structure import build

    whole = pipeline.for_whole_files()
    outputs = []
    for seed in seeds:
        for number, case in enumerate(build(seed)):
            given = hashlib.sha256(case.text.encode("utf-8")).hexdigest()[:12]
            name = f"structure/{seed}/{number}/{case.article.key}/{case.defect}/{given}"
            outputs.append((name, pipeline(case.text)))
            outputs.append((name + "/whole", whole.run(Document(case.text)).text))
    return outputs


def digest(outputs: list[tuple[str, str]]) -> str:
    h = hashlib.sha256()
    for name, text in outputs:
        h.update(name.encode("utf-8") + b"\0" + text.encode("utf-8") + b"\0")
    return h.hexdigest()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", type=Path, help="a file of per-document digests to compare with")
    parser.add_argument("--write", type=Path, help="write per-document digests here")
    parser.add_argument("--ignore-triggers", action="store_true")
    parser.add_argument(
        "--structure",
        type=int,
        nargs="+",
        default=[],
        metavar="SEED",
        help="add the structure evaluation set of these seeds",
    )
    args = parser.parse_args()
    pipeline = Pipeline.default()
    if args.ignore_triggers:
        pipeline = pipeline.ignoring_triggers()
    seeds = seed_outputs(pipeline)
    corpus = corpus_outputs(pipeline)
    structure = structure_outputs(pipeline, args.structure)
    outputs = seeds + corpus + structure
    per_document = {
        name: hashlib.sha256(text.encode("utf-8")).hexdigest() for name, text in outputs
    }
    print(f"seeds   {digest(seeds)}  ({len(seeds)} files)")
    print(f"corpus  {digest(corpus)}  ({len(corpus)} documents)")
    if structure:
        print(f"structure  {digest(structure)}  ({len(structure)} outputs, seeds {args.structure})")
    if args.write:
        args.write.write_text("".join(f"{n}\t{d}\n" for n, d in per_document.items()))
    if args.check:
        want = dict(line.split("\t") for line in args.check.read_text().splitlines())
        differ = [name for name, d in per_document.items() if want.get(name) != d]
        if differ or len(want) != len(per_document):
            print(f"{len(differ)} outputs differ, first: {differ[:5]}", file=sys.stderr)
            return 1
        print("identical to", args.check)
    return 0


if __name__ == "__main__":
    sys.exit(main())
