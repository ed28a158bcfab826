"""Time each filter's first pass and its later looks inside the pipeline's fixed-point loop.

On the same corpus as ``bench_repair.py`` (every extractor's output), the default pipeline
runs each document to its fixed point, and every test of a trigger the pipeline asks
(``check``, and the shorter test after a change, ``after_change``) and every ``apply`` is
timed and counted per filter: in the first round, as the **first pass**; once a filter
comes round again, as a **later look**. The goal: each filter's later looks at most 10% of
its first pass. The combined scan of trigger characters, shared by all filters, is not
counted. CPU time of this process. Run:

    python benchmarks/later_looks.py [--baseline SRC]

``--baseline SRC`` times another textwash instead: the ``src`` folder of a checkout or of
an archive of a commit, as for ``bench_repair.py``.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from typing import Any


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--baseline", metavar="SRC", help="the src folder of another textwash")
    args = parser.parse_args()
    if args.baseline:
        sys.path.insert(0, args.baseline)
    from bench_repair import load_corpus
    from textwash import Document, Pipeline

    docs = load_corpus()
    pipeline = Pipeline.default()
    plan = pipeline._plan()
    names = [f.name for f in plan.filters]
    first: Counter[str] = Counter()
    later: Counter[str] = Counter()
    looks: Counter[str] = Counter()
    state = {"last": -1, "round": 0}

    def timed(index: int, call: Any, *args: Any) -> Any:
        if index < state["last"]:
            state["round"] += 1
        state["last"] = index
        start = time.process_time()
        result = call(*args)
        spent = time.process_time() - start
        if state["round"]:
            later[names[index]] += spent
            looks[names[index]] += 1
        else:
            first[names[index]] += spent
        return result

    check = plan.check
    plan.check = lambda i, text: timed(i, check, i, text)  # type: ignore[method-assign]
    after_change = getattr(plan, "after_change", None)  # (absent in older versions)
    if after_change is not None:
        plan.after_change = lambda i, kind, text: timed(i, after_change, i, kind, text)  # type: ignore[method-assign]
    for index, f in enumerate(plan.filters):
        run = f.apply_document
        object.__setattr__(f, "apply_document", lambda doc, i=index, run=run: timed(i, run, doc))
    start = time.process_time()
    for text in docs:
        state.update(last=-1, round=0)
        pipeline.run(Document(text))
    print(f"{len(docs)} documents, pipeline {time.process_time() - start:.2f} s CPU (timed)")
    print(f"{'filter':12} {'first s':>8} {'later s':>8} {'looks':>6} {'ratio':>6}")
    for name in names:
        ratio = later[name] / first[name] if first[name] else 0.0
        verdict = "" if ratio <= 0.10 else "  over 10%"
        print(
            f"{name:12} {first[name]:8.3f} {later[name]:8.3f} {looks[name]:6} {ratio:6.0%}{verdict}"
        )


if __name__ == "__main__":
    main()
