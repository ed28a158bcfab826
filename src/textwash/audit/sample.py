"""A deterministic sample of the documents each filter changed, kept while cleaning.

Why bottom-k by hash rather than a reservoir fed in order: the documents of a run reach
the command in whatever order the workers finish, and a run is split into files and batches
differently by each engine. Giving every document a key from a seeded hash of its path and
id, and keeping per filter the ``size`` documents with the smallest keys, is a seeded
reservoir sample whose result does not depend on that order or split: a file keeps its own
bottom-k, and merging bottom-k sets gives the bottom-k of their union.

Only counts the runner already has go into the choice (which filters changed the document,
its length before and after); the text of a document is kept only while it is among the
candidates, and nothing is explained here (:mod:`textwash.audit.page` explains what is kept).

>>> from textwash import Document
>>> sampler = Sampler(size=1)
>>> sampler.note("a.txt", Document("x\\ny\\n", "a"), "x\\n", {"teasers": 1}, whole_file=True)
>>> sampler.note("b.txt", Document("x\\n", "b"), "x\\n", {}, whole_file=True)
>>> samples = sampler.result()
>>> [c.id for c in samples.candidates], samples.histogram[0], samples.documents
(['a'], 1, 2)
"""

from __future__ import annotations

import hashlib
import heapq
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from textwash.document import Document

#: Documents sampled per filter, and documents kept for the largest share removed.
DEFAULT_SIZE = 20
#: Fixed, so that the same run samples the same documents every time.
SEED = b"textwash-audit-1"
#: The histogram of the share removed: bin 0 holds documents that lost nothing, bins
#: 1..BINS the documents that lost (0, 5%], (5%, 10%], ... (95%, 100%].
BINS = 20


@dataclass(frozen=True)
class Candidate:
    """A document that may be shown on the page: enough to run the pipeline on it again."""

    key: int
    #: The file, as the user named it.
    path: str
    #: The text the pipeline received (decoded, HTML already turned into text).
    text: str
    id: str
    #: The document's source and metadata, which filters such as ``boilerplate`` read (a
    #: plain dict: a candidate crosses from a worker process to the command).
    source: str | None
    metadata: dict[str, Any]
    #: Cleaned as a whole file (``Pipeline.for_whole_files``) rather than as a record.
    whole_file: bool
    #: The filters that changed it.
    filters: tuple[str, ...]
    #: The share of its characters that cleaning removed (0 to 1).
    removed: float

    @property
    def document(self) -> Document:
        """The document as the pipeline received it."""
        return Document(self.text, self.id, self.source, self.metadata)


@dataclass(frozen=True)
class Samples:
    """What one file (or a whole run, once merged) contributes to the page."""

    histogram: tuple[int, ...]
    candidates: tuple[Candidate, ...]
    documents: int = 0
    #: Characters of every document seen: what the page's budget is a share of.
    characters: int = 0


def sample_key(path: str, ident: str) -> int:
    """A document's place in the sample: a seeded hash, the same on every machine."""
    digest = hashlib.blake2b(
        f"{path}\0{ident}".encode("utf-8", "surrogatepass"), digest_size=8, key=SEED
    )
    return int.from_bytes(digest.digest(), "big")


def removed_bin(removed: float) -> int:
    """The histogram bin of a share removed (0: nothing removed)."""
    if removed <= 0:
        return 0
    return min(BINS, int(removed * BINS - 1e-9) + 1)


@dataclass
class Sampler:
    """Per filter, the ``size`` changed documents with the smallest keys, and the ``size``
    documents that lost the largest share; plus the histogram of the share removed."""

    size: int = DEFAULT_SIZE
    histogram: list[int] = field(default_factory=lambda: [0] * (BINS + 1))
    documents: int = 0
    characters: int = 0
    #: Per filter, a max-heap (keys negated) of its ``size`` smallest keys.
    _by_filter: dict[str, list[tuple[int, int, Candidate]]] = field(default_factory=dict)
    #: A min-heap of the ``size`` largest shares removed (ties: the smaller key wins).
    _largest: list[tuple[float, int, int, Candidate]] = field(default_factory=list)
    _order: int = 0

    def note(
        self,
        path: str,
        document: Document,
        after: str,
        changed: Mapping[str, int],
        *,
        whole_file: bool,
    ) -> None:
        """One cleaned document; ``changed`` maps the filters that changed it (to anything)."""
        self.documents += 1
        before = document.text
        self.characters += len(before)
        removed = max(0.0, 1 - len(after) / len(before)) if before else 0.0
        self.histogram[removed_bin(removed)] += 1
        if not changed:
            return
        key = sample_key(path, document.id)
        wanted = [name for name in changed if self._wants(self._by_filter.get(name), key)]
        largest = removed > 0 and self._wants_largest(removed, key)
        if not wanted and not largest:
            return
        candidate = Candidate(
            key,
            path,
            before,
            document.id,
            document.source,
            dict(document.metadata),
            whole_file,
            tuple(changed),
            removed,
        )
        self._keep(candidate, wanted, largest)

    def add(self, samples: Samples) -> None:
        """Merge what another sampler kept (a file's, a worker's)."""
        self.documents += samples.documents
        self.characters += samples.characters
        for i, n in enumerate(samples.histogram):
            self.histogram[i] += n
        for candidate in samples.candidates:
            wanted = [
                name
                for name in candidate.filters
                if self._wants(self._by_filter.get(name), candidate.key)
            ]
            largest = candidate.removed > 0 and self._wants_largest(
                candidate.removed, candidate.key
            )
            if wanted or largest:
                self._keep(candidate, wanted, largest)

    def result(self) -> Samples:
        """The histogram and every kept candidate (each once)."""
        return Samples(
            tuple(self.histogram), tuple(self._candidates()), self.documents, self.characters
        )

    def by_filter(self) -> dict[str, list[Candidate]]:
        """Per filter, its sampled documents, smallest key first."""
        return {
            name: [c for _, _, c in sorted(heap, key=lambda item: -item[0])]
            for name, heap in self._by_filter.items()
        }

    def largest(self) -> list[Candidate]:
        """The documents that lost the largest share, largest first."""
        return [c for *_, c in sorted(self._largest, key=lambda item: (-item[0], -item[1]))]

    def _wants(self, heap: list[tuple[int, int, Candidate]] | None, key: int) -> bool:
        return heap is None or len(heap) < self.size or key < -heap[0][0]

    def _wants_largest(self, removed: float, key: int) -> bool:
        if len(self._largest) < self.size:
            return True
        return (removed, -key) > (self._largest[0][0], self._largest[0][1])

    def _keep(self, candidate: Candidate, filters: Iterable[str], largest: bool) -> None:
        if self.size <= 0:
            return
        self._order += 1
        for name in filters:
            heap = self._by_filter.setdefault(name, [])
            item = (-candidate.key, self._order, candidate)
            if len(heap) < self.size:
                heapq.heappush(heap, item)
            else:
                heapq.heapreplace(heap, item)
        if largest:
            entry = (candidate.removed, -candidate.key, self._order, candidate)
            if len(self._largest) < self.size:
                heapq.heappush(self._largest, entry)
            else:
                heapq.heapreplace(self._largest, entry)

    def _candidates(self) -> list[Candidate]:
        seen: dict[tuple[str, str], Candidate] = {}
        for heap in self._by_filter.values():
            for _, _, candidate in heap:
                seen.setdefault((candidate.path, candidate.id), candidate)
        for *_, candidate in self._largest:
            seen.setdefault((candidate.path, candidate.id), candidate)
        return list(seen.values())
