"""Lines a site prints on every page, found by comparing many documents of the same source.

What it changes
    At the start and at the end of a document, the run of lines that also occur in many other
    documents of the same source ("Subscribe to our newsletter", "Most read", a cookie notice,
    a copyright footer, a byline template such as "Updated 9:14 AM EST, Wednesday, November
    20, 2019") is removed, together with the blank lines and the lines with no letter or
    digit ("* * *", "___") inside that run. A line counts as boilerplate of a source when it occurs in at least
    ``min_documents`` of the source's documents *and* in at least a fraction
    ``min_fraction`` of them. Lines are compared after normalisation: Unicode NFKC,
    case-folded, every run of digits read as one ``0``, runs of spaces collapsed.

Why
    Site furniture cannot be recognised from one page: "Most read" is an ordinary phrase, a
    line naming a theatre's address may be the article itself. Across the pages of one site
    it gives itself away by turning up on most of them. Extractors let such lines through
    at the edges of the text, where the article meets the page template.

Leaves alone
    A repeated line anywhere between the first and the last line of content (a stock phrase,
    a recurring sub-heading, a quote two stories share): only the head and the tail runs
    are cut. A document made of nothing but such lines (a page repeated across the source is
    a duplicate, which is deduplication's business, not this filter's). Any text whose
    source is unknown, and every source with fewer than ``min_documents`` documents: on its
    own, :meth:`BoundBoilerplate.apply` changes nothing, because without a source there is
    nothing to compare with. Near-duplicates are the blind spot: when one article fills a
    large share of a source with a few lines changed, its lines look like furniture and
    the copies can be cut down to the lines that differ: deduplicate first.

Running it
    It is a :class:`~textwash.filters.base.CorpusFilter`, off by default and run in two
    passes. ``fit`` hashes each document's distinct normalised lines (8-byte BLAKE2b, so
    the statistics hold numbers, never text) and counts, per source, in how many documents
    each line occurs: a line repeated inside one document counts once. Statistics of
    separate shards add up with ``+`` in any order to the same total, and pickle compactly.
    ``bind`` keeps only the lines that pass both thresholds and returns the document-level
    :class:`BoundBoilerplate`, which needs the document (``apply_document``), not just its
    text, to know the source.

Defaults
    ``min_documents=5``, ``min_fraction=0.5``. On the article-extraction benchmark (32
    extractors, 181 pages, no site with more than two), cutting lines that two pages of one
    site share lowered the F1 of 11 extractors (by up to 0.001) while raising it for the
    page-text extractors by up to 0.095: two pages of a site often share real text (a
    theatre's ticket details, a dateline, "Originally published on ..."). Nothing we could
    measure went wrong from three documents up, so five is a margin, not a measurement.
    Furniture is on (nearly) every page; a half leaves room for section templates and for
    extractors that keep it on only some pages. Treating all 181 outputs of an extractor as
    one source, fractions down to 0.02 cut only menus, "Skip to main content", "Close",
    "Advertisement" and markup leftovers, and lowered no extractor's F1: lowering
    ``min_fraction`` to reach one section's furniture is safe as far as that data goes.
    Figures and commands: docs/boilerplate.md.

Source of a document
    ``group_by="auto"`` (the default) takes, in this order: ``metadata["source_group"]``
    when a runner set one; the host of ``metadata["url"]`` (or of
    ``metadata["metadata"]["url"]``), with a leading ``www.`` dropped; the folder of
    ``Document.source`` (its host, when the source is itself a URL). ``"url-host"`` and
    ``"folder"`` use only that rule; any other value names a metadata key whose string value
    is the source.

Example
    >>> from textwash.document import Document
    >>> def page(n, story):
    ...     text = f"Subscribe to our newsletter\\n\\n{story}.\\nMost read\\n{story}!\\n\\nMost read\\n"
    ...     return Document(text, id=str(n), metadata={"url": f"https://www.example.com/{n}"})
    >>> stories = "Rain is due. Ships sail. Bells ring. Owls hoot. Trains run. Kids play.".split(". ")
    >>> docs = [page(n, story) for n, story in enumerate(stories * 2)]
    >>> corpus = Boilerplate()
    >>> stats = corpus.fit(docs[:6]) + corpus.fit(docs[6:])
    >>> bound = corpus.bind(stats)
    >>> print(bound.apply_document(docs[3]).text, end="")
    Owls hoot.
    Most read
    Owls hoot!
    >>> bound.apply(docs[3].text) == docs[3].text  # no source, no change
    True
    >>> print(bound.explain_document(docs[3])[1][0])
    boilerplate: line 1: removed 'Subscribe to our newsletter' (seen in 12 of 12 documents of example.com)
"""

from __future__ import annotations

import hashlib
import re
import sys
import unicodedata
import zlib
from array import array
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar
from urllib.parse import urlsplit

from textwash.document import Document
from textwash.filters.base import Change, CorpusFilter, Filter

#: Where the filter runs: after the repair and structure filters, on their output.
ORDER = 800

#: A line is boilerplate of a source when it occurs in at least this many of the source's
#: documents and in at least this fraction of them (see "Defaults" above for why).
DEFAULT_MIN_DOCUMENTS = 5
DEFAULT_MIN_FRACTION = 0.5

GROUP_AUTO = "auto"
GROUP_FOLDER = "folder"
GROUP_URL_HOST = "url-host"
#: The metadata key a runner sets to name a document's source explicitly.
SOURCE_GROUP_KEY = "source_group"

_DIGITS = re.compile(r"\d+")
_WORD = re.compile(r"[^\W_]")  # a letter or a digit: "___" is a rule, not a word


# -- lines --------------------------------------------------------------------------------


def normalise_line(line: str) -> str:
    """The form in which lines are compared across documents ("" for a line with no word).

    >>> normalise_line("  Updated  9:14 AM EST, Nov. 20, 2019 ")
    'updated 0:0 am est, nov. 0, 0'
    >>> normalise_line(" * * * ")
    ''
    """
    if not _WORD.search(line):
        return ""
    if not line.isascii():
        line = unicodedata.normalize("NFKC", line)
    return " ".join(_DIGITS.sub("0", line).split()).casefold()


def line_hash(normalised: str) -> int:
    """The 8-byte BLAKE2b digest of a normalised line, as an unsigned integer."""
    digest = hashlib.blake2b(normalised.encode("utf-8", "surrogatepass"), digest_size=8)
    return int.from_bytes(digest.digest(), "little")


def _document_hashes(text: str) -> set[int]:
    """The distinct hashes of a text's non-blank lines (a line repeated counts once)."""
    lines = {normalise_line(line) for line in set(text.split("\n"))}
    lines.discard("")
    return {line_hash(line) for line in lines}


# -- sources ------------------------------------------------------------------------------


def _host(url: Any) -> str | None:
    if not isinstance(url, str) or not url.strip():
        return None
    url = url.strip()
    if "//" not in url:
        url = "//" + url
    try:
        host: str | None = urlsplit(url).hostname
    except ValueError:
        return None
    return host.removeprefix("www.") if host else None


def _url_host(metadata: Mapping[str, Any]) -> str | None:
    host = _host(metadata.get("url"))
    if host is None:
        inner = metadata.get("metadata")
        if isinstance(inner, Mapping):
            host = _host(inner.get("url"))
    return host


def _folder(source: str | None) -> str | None:
    if not isinstance(source, str) or not source:
        return None
    if "://" in source:
        return _host(source)
    folder, slash, _ = source.replace("\\", "/").rpartition("/")
    return (folder or "/") if slash else "."


def document_group(doc: Document, group_by: str = GROUP_AUTO) -> str | None:
    """The source a document is compared with, or ``None`` when it cannot be told.

    >>> document_group(Document("", metadata={"url": "https://www.example.com/a"}))
    'example.com'
    >>> document_group(Document("", source="crawl/example.com/1.txt"))
    'crawl/example.com'
    >>> document_group(Document("", metadata={"site": "ex"}), "site")
    'ex'
    """
    try:
        metadata = doc.metadata if isinstance(doc.metadata, Mapping) else {}
        if group_by == GROUP_AUTO:
            group = metadata.get(SOURCE_GROUP_KEY)
            if isinstance(group, str) and group:
                return group
            return _url_host(metadata) or _folder(doc.source)
        if group_by == GROUP_URL_HOST:
            return _url_host(metadata)
        if group_by == GROUP_FOLDER:
            return _folder(doc.source)
        group = metadata.get(group_by)
        return group if isinstance(group, str) and group else None
    except Exception:  # a metadata mapping that misbehaves: the source is unknown
        return None


# -- statistics ---------------------------------------------------------------------------

#: Per source: (documents seen, {line hash: documents containing the line}).
_Group = tuple[int, dict[int, int]]


def _pack(values: Iterable[int]) -> bytes:
    packed = array("Q", values)
    if sys.byteorder == "big":
        packed.byteswap()
    return packed.tobytes()


def _unpack(data: bytes) -> array[int]:
    values = array("Q")
    values.frombytes(data)
    if sys.byteorder == "big":
        values.byteswap()
    return values


class BoilerplateStats:
    """Per source, how many documents were seen and how many contain each line (by hash).

    Immutable once built. ``a + b`` is a new object and is commutative and associative, so
    shards fitted anywhere add up, in any order, to the same total. Pickles as sorted packed
    arrays (8 bytes per distinct line and source, plus compressed counts), so equal
    statistics pickle to equal bytes.

    >>> from textwash.document import Document
    >>> a = Boilerplate(group_by="site").fit([Document("x\\ny\\nx", metadata={"site": "s"})])
    >>> b = Boilerplate(group_by="site").fit([Document("x", metadata={"site": "s"})])
    >>> total = a + b
    >>> total.documents("s"), total.count("s", "X"), total.count("s", "y")
    (2, 2, 1)
    """

    __slots__ = ("_digest", "_groups")

    _groups: dict[str, _Group]
    _digest: str | None

    def __init__(self, groups: Mapping[str, tuple[int, Mapping[int, int]]] | None = None) -> None:
        self._groups = {
            name: (documents, dict(lines)) for name, (documents, lines) in (groups or {}).items()
        }
        self._digest = None

    @classmethod
    def _adopt(cls, groups: dict[str, _Group]) -> BoilerplateStats:
        """Wrap freshly built dictionaries without copying them (they must not be shared)."""
        stats = cls.__new__(cls)
        stats._groups = groups
        stats._digest = None
        return stats

    # -- reading ----------------------------------------------------------------------

    @property
    def groups(self) -> list[str]:
        """The sources seen, sorted."""
        return sorted(self._groups)

    def documents(self, group: str) -> int:
        """How many documents of ``group`` were seen."""
        entry = self._groups.get(group)
        return entry[0] if entry else 0

    def count(self, group: str, line: str) -> int:
        """In how many documents of ``group`` the line (normalised here) occurs."""
        entry = self._groups.get(group)
        normalised = normalise_line(line)
        if entry is None or not normalised:
            return 0
        return entry[1].get(line_hash(normalised), 0)

    @property
    def total_documents(self) -> int:
        return sum(documents for documents, _ in self._groups.values())

    def __len__(self) -> int:
        """Distinct (source, line) pairs held: what the statistics cost in memory."""
        return sum(len(lines) for _, lines in self._groups.values())

    def items(self) -> Iterator[tuple[str, int, dict[int, int]]]:
        """(source, documents, {line hash: documents}) per source, sorted by source."""
        for name in sorted(self._groups):
            documents, lines = self._groups[name]
            yield name, documents, lines

    # -- merging ----------------------------------------------------------------------

    def __add__(self, other: Any) -> BoilerplateStats:
        if not isinstance(other, BoilerplateStats):
            return NotImplemented
        return BoilerplateStats.total([self, other])

    def __radd__(self, other: Any) -> BoilerplateStats:
        if isinstance(other, int) and other == 0:  # sum() starts from 0
            return self
        return NotImplemented

    @staticmethod
    def total(parts: Iterable[BoilerplateStats]) -> BoilerplateStats:
        """The sum of many statistics, copying each count once (``a + b + c`` copies more)."""
        groups: dict[str, _Group] = {}
        for part in parts:
            for name, (documents, lines) in part._groups.items():
                entry = groups.get(name)
                if entry is None:
                    groups[name] = (documents, dict(lines))
                    continue
                merged = entry[1]
                for key, count in lines.items():
                    merged[key] = merged.get(key, 0) + count
                groups[name] = (entry[0] + documents, merged)
        return BoilerplateStats._adopt(groups)

    def bucket(self, index: int, buckets: int) -> BoilerplateStats:
        """The lines whose hash is ``index`` modulo ``buckets``, with every source's count.

        Buckets split the work of adding up statistics too large for one machine: bucket
        ``i`` of every shard goes to reducer ``i``, which adds them (document counts add up
        to the totals, since every bucket carries them), keeps the :meth:`frequent` lines,
        and :meth:`join` puts the reducers' results together. ``stats.bucket(i, k)`` of a
        sum is the sum of the buckets.
        """
        if not 0 <= index < buckets:
            raise ValueError(f"bucket {index} of {buckets} does not exist")
        return BoilerplateStats._adopt(
            {
                name: (documents, {k: c for k, c in lines.items() if k % buckets == index})
                for name, (documents, lines) in self._groups.items()
            }
        )

    def frequent(self, min_documents: int, min_fraction: float) -> BoilerplateStats:
        """Only the lines that pass both thresholds (and the sources that have some).

        A line passes when it occurs in at least ``min_documents`` documents of its source
        and in at least ``min_fraction`` of them. Taking the frequent lines twice, with the
        same thresholds, changes nothing.
        """
        kept: dict[str, _Group] = {}
        for name, (documents, lines) in self._groups.items():
            if documents < min_documents:
                continue
            needed = max(min_documents, min_fraction * documents)
            frequent = {key: count for key, count in lines.items() if count >= needed}
            if frequent:
                kept[name] = (documents, frequent)
        return BoilerplateStats._adopt(kept)

    @staticmethod
    def join(buckets: Iterable[BoilerplateStats]) -> BoilerplateStats:
        """Put together statistics of disjoint hash buckets (see :meth:`bucket`).

        Unlike ``+``, a source's document count is taken once, not added: each bucket
        already carries the total.
        """
        groups: dict[str, _Group] = {}
        for part in buckets:
            for name, (documents, lines) in part._groups.items():
                entry = groups.get(name)
                if entry is None:
                    groups[name] = (documents, dict(lines))
                elif entry[0] != documents:
                    raise ValueError(
                        f"buckets disagree on the documents of {name!r}: {entry[0]} and "
                        f"{documents}; join buckets of one total, not shards"
                    )
                else:
                    entry[1].update(lines)
        return BoilerplateStats._adopt(groups)

    # -- identity ---------------------------------------------------------------------

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, BoilerplateStats):
            return NotImplemented
        return self._groups == other._groups

    def __hash__(self) -> int:
        return hash(self.digest)

    @property
    def digest(self) -> str:
        """A digest of the content: equal statistics, equal digests."""
        if self._digest is None:
            h = hashlib.blake2b(digest_size=8)
            for name, documents, keys, counts in self._packed():
                h.update(name.encode("utf-8", "surrogatepass") + b"\0")
                h.update(documents.to_bytes(8, "little") + keys + counts)
            self._digest = h.hexdigest()
        return self._digest

    def __repr__(self) -> str:
        return (
            f"BoilerplateStats(groups={len(self._groups)}, documents={self.total_documents}, "
            f"lines={len(self)}, digest={self.digest!r})"
        )

    # -- pickling ---------------------------------------------------------------------

    def _packed(self) -> list[tuple[str, int, bytes, bytes]]:
        packed = []
        for name, documents, lines in self.items():
            keys = sorted(lines)
            packed.append((name, documents, _pack(keys), _pack(lines[k] for k in keys)))
        return packed

    def __reduce__(self) -> tuple[Any, ...]:
        rows = [
            (name, documents, keys, zlib.compress(counts, 1))
            for name, documents, keys, counts in self._packed()
        ]
        return (_unpickle_stats, (rows,))


def _unpickle_stats(rows: list[tuple[str, int, bytes, bytes]]) -> BoilerplateStats:
    groups: dict[str, _Group] = {}
    for name, documents, keys, counts in rows:
        groups[name] = (
            documents,
            dict(zip(_unpack(keys), _unpack(zlib.decompress(counts)), strict=True)),
        )
    return BoilerplateStats._adopt(groups)


# -- the filters --------------------------------------------------------------------------


def _check_options(group_by: str, min_documents: int, min_fraction: float) -> None:
    if not isinstance(group_by, str) or not group_by:
        raise ValueError("group_by must be 'auto', 'folder', 'url-host' or a metadata key")
    if not isinstance(min_documents, int) or min_documents < 1:
        raise ValueError(f"min_documents must be an integer >= 1, not {min_documents!r}")
    if not 0.0 <= min_fraction <= 1.0:
        raise ValueError(f"min_fraction must be between 0 and 1, not {min_fraction!r}")


@dataclass(frozen=True)
class Boilerplate(CorpusFilter):
    """Fit line counts per source, then bind them into a :class:`BoundBoilerplate`."""

    name: ClassVar[str] = "boilerplate"
    summary: ClassVar[str] = "lines repeated across the documents of a source removed at both ends"
    default_enabled: ClassVar[bool] = False
    order: ClassVar[int] = ORDER

    #: How a document's source is found: ``"auto"`` (a runner's ``source_group``, else the
    #: host of its URL, else its folder), ``"url-host"``, ``"folder"``, or the name of a
    #: metadata key whose value is the source.
    group_by: str = GROUP_AUTO
    #: A line is boilerplate only if at least this many documents of its source contain it.
    min_documents: int = DEFAULT_MIN_DOCUMENTS
    #: ...and at least this fraction of them (0 to 1).
    min_fraction: float = DEFAULT_MIN_FRACTION

    def __post_init__(self) -> None:
        _check_options(self.group_by, self.min_documents, self.min_fraction)

    def fit(self, docs: Iterable[Document]) -> BoilerplateStats:
        """Count, per source, the documents that contain each distinct normalised line."""
        groups: dict[str, _Group] = {}
        for doc in docs:
            group = document_group(doc, self.group_by)
            if group is None:
                continue
            entry = groups.get(group)
            if entry is None:
                entry = groups[group] = (0, {})
            lines = entry[1]
            for key in _document_hashes(doc.text):
                lines[key] = lines.get(key, 0) + 1
            groups[group] = (entry[0] + 1, lines)
        return BoilerplateStats._adopt(groups)

    def bind(self, stats: Any) -> BoundBoilerplate:
        """Keep the lines that pass both thresholds; return the document-level filter."""
        if not isinstance(stats, BoilerplateStats):
            raise TypeError(f"boilerplate binds BoilerplateStats, not {type(stats).__name__}")
        return BoundBoilerplate(
            lines=stats.frequent(self.min_documents, self.min_fraction),
            group_by=self.group_by,
            min_documents=self.min_documents,
            min_fraction=self.min_fraction,
        )


@dataclass(frozen=True)
class BoundBoilerplate(Filter):
    """Remove a document's head and tail runs of its source's boilerplate lines.

    ``lines`` holds only the lines that passed the thresholds (with their counts, for
    explanations); it is what a runner ships to workers, and its digest is in the repr, so
    a pipeline's cache key changes with the statistics.
    """

    name: ClassVar[str] = "boilerplate"
    summary: ClassVar[str] = Boilerplate.summary
    default_enabled: ClassVar[bool] = False
    order: ClassVar[int] = ORDER

    lines: BoilerplateStats
    group_by: str = GROUP_AUTO
    min_documents: int = DEFAULT_MIN_DOCUMENTS
    min_fraction: float = DEFAULT_MIN_FRACTION

    def apply(self, text: str) -> str:
        """Without a document there is no source to compare with: the text is unchanged."""
        return text

    def apply_document(self, doc: Document) -> Document:
        return self.explain_document(doc, explain=False)[0]

    def explain_document(
        self, doc: Document, *, explain: bool = True
    ) -> tuple[Document, list[Change]]:
        """Clean a document and say which lines went and how common each was."""
        group = document_group(doc, self.group_by)
        entry = self.lines._groups.get(group) if group is not None else None
        if entry is None:
            return doc, []
        documents, frequent = entry
        text = doc.text
        lines = text.split("\n")
        # memo[i]: for a boilerplate line, how many documents hold it; 0 for a line with
        # no word; None for content. Only the lines up to the first content line and from
        # the last one are ever looked at.
        memo: dict[int, int | None] = {}

        def kind(i: int) -> int | None:
            if i not in memo:
                normalised = normalise_line(lines[i])
                memo[i] = frequent.get(line_hash(normalised)) if normalised else 0
            return memo[i]

        first = next((i for i in range(len(lines)) if kind(i) is None), None)
        if first is None:  # nothing but boilerplate: a duplicate, left whole
            return doc, []
        last = next(i for i in range(len(lines) - 1, first - 1, -1) if kind(i) is None)
        head = [i for i in range(first) if memo[i]]
        tail = [i for i in range(last + 1, len(lines)) if memo[i]]
        start = first if head else 0
        end = last + 1 if tail else len(lines)
        if start == 0 and end == len(lines):
            return doc, []
        out = "\n".join(lines[start:end])
        if end < len(lines) and text.endswith("\n"):
            out += "\n"
        if not explain:
            return doc.with_text(out), []
        changes = [
            Change(
                self.name,
                i + 1,
                lines[i],
                "",
                f"seen in {memo[i]} of {documents} documents of {group}",
            )
            for i in head + tail
        ]
        return doc.with_text(out), changes

    def __repr__(self) -> str:
        return (
            f"BoundBoilerplate(group_by={self.group_by!r}, min_documents={self.min_documents}, "
            f"min_fraction={self.min_fraction}, lines={self.lines!r})"
        )
