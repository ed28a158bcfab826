"""Counting outcomes: the end-of-run summary, the JSON report and the exit code.

Like black's ``report.py`` this module only counts and formats; the command prints.

Exit codes (the ``clean`` command's contract, also in ``clean --help``):

* **0**: every file was cleaned (or was already clean, or was done by an earlier run);
* **1**: a file failed, or ``--check`` found files that would change;
* **2**: a usage error: bad flags, an unsafe output directory, an unknown filter
  (click reports those before any file is touched);
* **130**: interrupted (Ctrl-C or SIGTERM); run the same command again to resume;
* **141**: the reader of the output went away (``clean --diff | head``); set by the
  command, which stops quietly, as a process ended by SIGPIPE.

>>> from textwash.runner import Outcome, Status
>>> report = Report(check=True)
>>> report.add(Outcome(0, "a.txt", Status.CHANGED, documents=1, changed_documents=1))
>>> report.add(Outcome(1, "b.txt", Status.UNCHANGED, documents=1))
>>> report.exit_code, report.headline()
(1, '2 files: 1 would change, 1 unchanged, 0 failed, 0 cached, 0 skipped')
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from textwash._version import __version__
from textwash.io.files import Problem
from textwash.runner import FilterCounts, Outcome, Status, merge_counts

if TYPE_CHECKING:
    from textwash.audit.sample import Sampler

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


@dataclass
class Report:
    """Running totals over the outcomes of a run."""

    check: bool = False
    counts: dict[Status, int] = field(default_factory=lambda: dict.fromkeys(Status, 0))
    filters: dict[str, FilterCounts] = field(default_factory=dict)
    documents: int = 0
    changed_documents: int = 0
    bytes: int = 0
    failures: list[tuple[str, str, tuple[str, ...]]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    #: Files converted to UTF-8: path, source encoding, whether it was guessed.
    converted: list[tuple[str, str, bool]] = field(default_factory=list)
    interrupted: bool = False
    #: What the run fell back to, said again at the end (``--html article`` without its
    #: extractor, say).
    notes: list[str] = field(default_factory=list)
    #: Where the documents sampled for the audit page are merged (``None``: not sampling).
    samples: Sampler | None = None
    #: Per cluster node, the files it cleaned (only engines that run on nodes name them).
    nodes: dict[str, list[str]] = field(default_factory=dict)

    def add(self, outcome: Outcome) -> None:
        self.counts[outcome.status] += 1
        self.bytes += outcome.bytes
        self.documents += outcome.documents
        self.changed_documents += outcome.changed_documents
        merge_counts(self.filters, outcome.filters)
        if self.samples is not None and outcome.samples is not None:
            self.samples.add(outcome.samples)
        if outcome.status is Status.FAILED:
            self.failures.append((outcome.path, outcome.message, outcome.problems))
        elif outcome.status is Status.SKIPPED:
            self.skipped.append((outcome.path, outcome.message))
        if outcome.node:
            self.nodes.setdefault(outcome.node, []).append(outcome.path)
        if outcome.encoding is not None and outcome.status is not Status.FAILED:
            self.converted.append((outcome.path, outcome.encoding, outcome.guessed))

    def add_problems(self, problems: Iterable[Problem]) -> None:
        """Files that never reached the runner: unreadable folders, links, clashes."""
        for problem in problems:
            if problem.failed:
                self.counts[Status.FAILED] += 1
                self.failures.append((problem.path, problem.message, ()))
            else:
                self.counts[Status.SKIPPED] += 1
                self.skipped.append((problem.path, problem.message))

    @property
    def files(self) -> int:
        return sum(self.counts.values())

    @property
    def exit_code(self) -> int:
        if self.interrupted:
            return EXIT_INTERRUPTED
        if self.counts[Status.FAILED] or (self.check and self.counts[Status.CHANGED]):
            return EXIT_FAILED
        return EXIT_OK

    def headline(self) -> str:
        c = self.counts
        changed = "would change" if self.check else "changed"
        files = self.files
        return (
            f"{files} file{'s' * (files != 1)}: {c[Status.CHANGED]} {changed}, "
            f"{c[Status.UNCHANGED]} unchanged, {c[Status.FAILED]} failed, "
            f"{c[Status.CACHED]} cached, {c[Status.SKIPPED]} skipped"
        )

    def summary(self, *, limit: int = 10) -> list[str]:
        """The end-of-run summary: the headline, conversions and skipped files, and the
        per-filter table. (Failures are printed as they happen, and listed in the JSON.)"""
        lines = [self.headline()]
        if self.interrupted:
            lines.append("interrupted: run the same command again to resume")
        lines += [f"note: {note}" for note in self.notes]
        if self.converted:
            guessed = sum(1 for _, _, guess in self.converted if guess)
            lines.append(
                f"{'would convert' if self.check else 'converted'} to UTF-8: "
                f"{len(self.converted)}"
                + (f" ({guessed} with a guessed encoding)" if guessed else "")
            )
            lines += [
                f"  {path} (from {enc}{', guessed' if guess else ''})"
                # guessed first: they are the ones to look at
                for path, enc, guess in sorted(self.converted, key=lambda c: not c[2])[:limit]
            ]
            if len(self.converted) > limit:
                lines.append(f"  ... and {len(self.converted) - limit} more (see --report)")
        if self.skipped:
            lines.append(f"skipped: {len(self.skipped)}")
            lines += [f"  {path}: {why}" for path, why in self.skipped[:limit]]
            if len(self.skipped) > limit:
                lines.append(f"  ... and {len(self.skipped) - limit} more (see --report)")
        if self.filters:
            lines.append(
                f"{self.documents:,} document{'' if self.documents == 1 else 's'}, "
                f"{self.changed_documents:,} "
                f"{'would change' if self.check else 'changed'}; changed per filter:"
            )
            width = max(len(name) for name in self.filters)
            lines.append(f"  {'filter':<{width}}  {'documents':>12}  {'lines':>12}")
            for name, counts in self.filters.items():
                lines.append(f"  {name:<{width}}  {counts.changed:>12,}  {counts.lines:>12,}")
        return lines

    def to_json(self, **extra: Any) -> dict[str, Any]:
        """The report as plain data (what ``--report FILE.json`` writes)."""
        return {
            "textwash": __version__,
            **extra,
            "exit_code": self.exit_code,
            "interrupted": self.interrupted,
            "notes": list(self.notes),
            "files": {
                "seen": self.files,
                **{status.value: n for status, n in self.counts.items()},
            },
            "bytes": self.bytes,
            "documents": {"seen": self.documents, "changed": self.changed_documents},
            "filters": {
                name: {"documents": c.documents, "changed": c.changed, "lines": c.lines}
                for name, c in self.filters.items()
            },
            "converted": [
                {"path": p, "from": enc, "guessed": guess} for p, enc, guess in self.converted
            ],
            "skipped": [{"path": p, "reason": why} for p, why in self.skipped],
            "failed": [
                {"path": p, "reason": why, **({"lines": list(lines)} if lines else {})}
                for p, why, lines in self.failures
            ],
            **({"nodes": self.nodes} if self.nodes else {}),
        }
