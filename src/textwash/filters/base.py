"""The filter model: what every cleaning step is, and how it explains itself.

A filter is a small, pure, named step: text in, text out. It holds only its own settings
(frozen, so it can be compared, hashed into a cache key and sent to a worker process) and
never does I/O. Two promises every filter keeps, and the test suite checks with Hypothesis:

* **total**: any ``str`` in, a ``str`` out, no exception;
* **idempotent**: ``f(f(x)) == f(x)``.

The explained path is the real one. A filter that can say *why* it changed a line
implements :meth:`Filter.explain`, and :meth:`Filter.apply` runs the same decisions without
recording them. Filters with nothing more to say than their summary get a line-by-line
account for free from :func:`diff_changes`.

Corpus-level filters (a later stage looks at many documents before it acts on each) are a
:class:`CorpusFilter`: ``fit`` on documents to collect mergeable statistics, then ``bind``
those statistics into an ordinary :class:`Filter`. The runner never needs to know which
kind it holds beyond that.
"""

from __future__ import annotations

import difflib
from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, ClassVar, Protocol

from textwash.document import Document


@dataclass(frozen=True, slots=True)
class Change:
    """One thing a filter did, for a person to read.

    ``line`` is the 1-based number of the first affected line in the text the filter
    received; ``before`` and ``after`` are the affected lines (``after`` is empty for a
    removal); ``reason`` says why, in words.
    """

    filter: str
    line: int
    before: str
    after: str
    reason: str

    def __str__(self) -> str:
        if not self.after:
            return f"{self.filter}: line {self.line}: removed {self.before!r} ({self.reason})"
        return f"{self.filter}: line {self.line}: {self.before!r} -> {self.after!r} ({self.reason})"


class Filter(ABC):
    """A document-level cleaning step. Subclasses are frozen dataclasses of their options."""

    #: The name the registry, the pipeline, the CLI and explanations use.
    name: ClassVar[str]
    #: One sentence: what the filter changes. Used as the reason when no better one exists.
    summary: ClassVar[str]
    #: Whether :meth:`textwash.Pipeline.default` includes it.
    default_enabled: ClassVar[bool] = True
    #: Where it sits in a pipeline built by name (lower runs first).
    order: ClassVar[int] = 500

    @abstractmethod
    def apply(self, text: str) -> str:
        """Return the cleaned text."""

    def explain(self, text: str) -> tuple[str, list[Change]]:
        """Return the cleaned text and what changed, line by line, with reasons."""
        out = self.apply(text)
        return out, diff_changes(self.name, text, out, self.summary)

    def apply_document(self, doc: Document) -> Document:
        """Clean a document. Filters that use metadata override this; most need not."""
        return doc.with_text(self.apply(doc.text))

    def explain_document(self, doc: Document) -> tuple[Document, list[Change]]:
        """:meth:`explain` for a document; filters that use metadata override this too."""
        text, changes = self.explain(doc.text)
        return doc.with_text(text), changes

    def for_whole_files(self) -> Filter:
        """This filter as it should run on a document that is a whole text file.

        A record of a JSONL shard or a string from the library keeps its own form; a whole
        file follows file conventions (``whitespace`` ends it in one newline). Readers of
        whole-file formats ask for this; most filters are the same either way.
        """
        return self

    def __call__(self, text: str) -> str:
        return self.apply(text)


class Statistics(Protocol):
    """What a corpus filter learns from a share of the corpus; shares add up with ``+``."""

    def __add__(self, other: Any, /) -> Any: ...


class CorpusFilter(ABC):
    """A step that must see many documents before it can clean any one of them.

    Running it is two passes: ``fit`` each shard of documents (in any order, on any worker)
    and add the results, then ``bind`` the total into a plain :class:`Filter` and run that on
    each document. Because statistics merge with ``+`` and the bound filter is pure, the
    result does not depend on file order, worker count or engine.
    """

    name: ClassVar[str]
    summary: ClassVar[str]
    default_enabled: ClassVar[bool] = False
    order: ClassVar[int] = 500

    @abstractmethod
    def fit(self, docs: Iterable[Document]) -> Statistics:
        """Collect statistics from some documents."""

    @abstractmethod
    def bind(self, stats: Statistics) -> Filter:
        """Turn the statistics of the whole corpus into a document-level filter."""


def diff_changes(name: str, before: str, after: str, reason: str) -> list[Change]:
    """Describe the difference between two texts as line-level :class:`Change` records.

    >>> [str(c) for c in diff_changes("demo", "a\\nb x\\nc\\n", "a\\nb\\nc\\n", "why")]
    ["demo: line 2: 'b x' -> 'b' (why)"]
    """
    if before == after:
        return []
    old, new = before.split("\n"), after.split("\n")
    changes: list[Change] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        changes.append(Change(name, i1 + 1, "\n".join(old[i1:i2]), "\n".join(new[j1:j2]), reason))
    return changes
