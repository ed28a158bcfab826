"""Composition of filters: the default pipeline, enabling and disabling by name, explain.

A :class:`Pipeline` is an immutable, picklable list of filter instances. Building one never
imports a filter's heavy dependencies; running it does, once per process. The same object is
what a runner sends to worker processes, and what :meth:`Pipeline.cache_key` hashes so that a
changed configuration is never mistaken for work already done.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from textwash._version import __version__
from textwash.changed_lines import lines_changed as lines_changed
from textwash.document import Document
from textwash.filters.base import Change, ChangeKind, CorpusFilter, Filter
from textwash.filters.registry import default_filters, make_filter
from textwash.trigger_scan import TriggerScan

AnyFilter = Filter | CorpusFilter

#: What a pipeline knows of a filter's trigger substrings and check on the current text:
#: nothing, or that they are silent; else the kind of the one change since they were
#: silent (cuts at the end after it aside), for :meth:`TriggerScan.after_change`.
_UNKNOWN, _SILENT = 0, 1

#: Changes that only take whole lines out, which add no character.
_LINE_REMOVALS = (ChangeKind.CUT_AT_END, ChangeKind.LINES_OUT)

#: Rounds of the pipeline at most while it looks for a fixed point (real text needs one;
#: the hardest cases found by property tests need three).
_MAX_PASSES = 6


@dataclass(frozen=True)
class Explanation:
    """What a pipeline made of a text, and every change on the way, in order.

    ``steps`` names the filters that changed something; running only those filters, in that
    order, gives the same ``text`` (see :meth:`Pipeline.replay`).
    """

    text: str
    changes: tuple[Change, ...]
    steps: tuple[str, ...]

    def __str__(self) -> str:
        return "\n".join(str(change) for change in self.changes) or "no changes"


@dataclass(frozen=True)
class FilterStats:
    """Per filter: documents it saw, documents it changed, lines it changed (``+`` merges).

    Lines changed compares the lines before and after each change as multisets: the larger
    of the lines that disappeared and the lines that appeared (:func:`lines_changed`).
    """

    documents: int = 0
    changed: int = 0
    lines: int = 0

    def __add__(self, other: FilterStats) -> FilterStats:
        return FilterStats(
            self.documents + other.documents, self.changed + other.changed, self.lines + other.lines
        )


class FilterError(Exception):
    """A filter raised (or returned something that is not a document or not text)."""

    def __init__(self, name: str, error: BaseException | str) -> None:
        self.name = name
        detail = error if isinstance(error, str) else f"{type(error).__name__}: {error}"
        super().__init__(f"filter {name!r} failed: {detail}")


def final_newline_added(before: str, after: str) -> bool:
    """Whether ``after`` is ``before`` with one line break added at its end, where it had
    none (what ``whitespace`` does to a whole file that does not end in one).

    >>> final_newline_added("a\\nb", "a\\nb\\n"), final_newline_added("a\\n", "a\\n\\n")
    (True, False)
    """
    return (
        len(after) == len(before) + 1
        and after[-1] == "\n"
        and not before.endswith("\n")
        and after.startswith(before)
    )


def cut_at_end(before: str, after: str) -> bool:
    """Whether ``after`` is ``before`` with whole lines taken off its end: its lines are the
    first lines of ``before`` (with the final empty one of a text that ends in a line break
    only where ``before`` has one too), or it is empty.

    >>> cut_at_end("a\\nb\\nc\\n", "a\\n"), cut_at_end("a\\nb", "a"), cut_at_end("a\\nb", "a\\n")
    (True, True, False)
    >>> cut_at_end("ab\\n", "a"), cut_at_end("a\\nb\\n", "")
    (False, True)
    """
    size = len(after)
    if size >= len(before) or not before.startswith(after):
        return size == 0
    if after.endswith("\n"):
        return before.endswith("\n")
    return size == 0 or before[size] == "\n"


def default_filter_names() -> list[str]:
    """Names of the filters :meth:`Pipeline.default` runs, in order."""
    return [cls.name for cls in default_filters()]


@dataclass(frozen=True)
class Pipeline:
    """Filters run in order. Build with :meth:`default`, names, or instances.

    >>> p = Pipeline.default().disable("markup")
    >>> "markup" in p.names, "whitespace" in p.names
    (False, True)
    >>> Pipeline(["whitespace"])("a  \\n\\n\\n b\\u00a0\\n")
    'a\\n\\n b\\n'
    """

    filters: tuple[AnyFilter, ...] = field(default_factory=tuple)
    #: Skip the filters whose trigger says they have nothing to do (the output is the
    #: same either way; switched off only to test that).
    triggers: bool = field(default=True, compare=False, repr=False)

    def __init__(self, filters: Iterable[AnyFilter | str] = (), *, triggers: bool = True) -> None:
        built = tuple(make_filter(f) if isinstance(f, str) else f for f in filters)
        names = [f.name for f in built]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise ValueError(f"filter listed twice: {', '.join(duplicates)}")
        object.__setattr__(self, "filters", built)
        object.__setattr__(self, "triggers", triggers)

    def __getstate__(self) -> dict[str, Any]:
        # The compiled plan is rebuilt where the pipeline is unpickled.
        return {k: v for k, v in self.__dict__.items() if k != "_compiled_plan"}

    def ignoring_triggers(self) -> Pipeline:
        """This pipeline running every filter on every text, whatever its trigger says (for
        tests: the output must be the same)."""
        return Pipeline(self.filters, triggers=False)

    def _with(self, filters: Iterable[AnyFilter | str]) -> Pipeline:
        return Pipeline(filters, triggers=self.triggers)

    @classmethod
    def default(cls) -> Pipeline:
        """The filters that are on by default, in their standard order."""
        return cls(default_filter_names())

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.filters)

    def __iter__(self) -> Iterator[AnyFilter]:
        return iter(self.filters)

    def __len__(self) -> int:
        return len(self.filters)

    def __getitem__(self, name: str) -> AnyFilter:
        for f in self.filters:
            if f.name == name:
                return f
        raise KeyError(name)

    # -- changing the list (each returns a new pipeline) ---------------------------------

    def enable(self, name: str, **options: Any) -> Pipeline:
        """Add a filter by name at its standard place (or reconfigure it if present)."""
        new = make_filter(name, **options)
        if name in self.names:
            return self.replace(name, new)
        filters = list(self.filters)
        position = next((i for i, f in enumerate(filters) if f.order > new.order), len(filters))
        filters.insert(position, new)
        return self._with(filters)

    def disable(self, *names: str) -> Pipeline:
        """Remove filters by name; a name that is not present is an error."""
        missing = [n for n in names if n not in self.names]
        if missing:
            raise KeyError(f"not in this pipeline: {', '.join(missing)}")
        return self._with(f for f in self.filters if f.name not in names)

    def replace(self, name: str, new: AnyFilter) -> Pipeline:
        """Put ``new`` where the filter called ``name`` was."""
        self[name]
        return self._with(new if f.name == name else f for f in self.filters)

    def for_whole_files(self) -> Pipeline:
        """This pipeline as it runs on documents that are whole text files (``.txt``).

        Each filter decides what that means for it (:meth:`Filter.for_whole_files`): the
        ``whitespace`` filter then ends the text in one newline, as POSIX text files do,
        unless its ``final_newline`` option was set.

        >>> Pipeline(["whitespace"])("title"), Pipeline(["whitespace"]).for_whole_files()("title")
        ('title', 'title\\n')
        """
        return self._with(f if isinstance(f, CorpusFilter) else f.for_whole_files() for f in self)

    # -- running ------------------------------------------------------------------------

    def _document_filters(self) -> list[Filter]:
        filters = []
        for f in self.filters:
            if isinstance(f, CorpusFilter):
                raise TypeError(
                    f"{f.name!r} is a corpus filter: fit it on the corpus and bind it "
                    "(Pipeline.bind) before running the pipeline on single documents"
                )
            filters.append(f)
        return filters

    def _plan(self) -> TriggerScan:
        """The filters and their combined trigger scan, built once per pipeline object."""
        plan: TriggerScan | None = self.__dict__.get("_compiled_plan")
        if plan is None:
            plan = TriggerScan(self._document_filters(), use_triggers=self.triggers)
            object.__setattr__(self, "_compiled_plan", plan)
        return plan

    def __call__(self, text: str) -> str:
        return self.run(Document(text)).text

    def run(self, doc: Document) -> Document:
        """Clean one document; its id, source and metadata pass through."""
        return self._run(doc, None, None)

    def run_with_stats(self, doc: Document) -> tuple[Document, dict[str, FilterStats]]:
        """Clean one document and count, per filter, whether and how many lines it changed.

        A filter that raises, or returns something that is not a document or not text,
        becomes a :class:`FilterError` naming it (``"pipeline"`` when the pipeline itself
        cannot run, such as with an unfitted corpus filter).
        """
        doc, lines = self.run_counting(doc)
        return doc, {
            f.name: FilterStats(1, int(f.name in lines), lines.get(f.name, 0)) for f in self.filters
        }

    def run_counting(
        self, doc: Document, *, count_lines: bool = True
    ) -> tuple[Document, dict[str, int]]:
        """:meth:`run_with_stats` without a count for the filters that changed nothing: the
        filters that changed the document, each with the lines it changed (0 for every one
        when not ``count_lines``: the count costs a comparison of the texts around every
        change, which a run whose report shows no line counts need not pay)."""
        lines: dict[str, int] = {}
        try:
            doc = self._run(doc, lines, None, count_lines=count_lines)
        except FilterError:
            raise
        except Exception as error:  # RecursionError and MemoryError included
            raise FilterError("pipeline", error) from error
        return doc, lines

    def explain(self, text: str | Document) -> Explanation:
        """Run the pipeline, recording what each filter changed and why.

        Pass a :class:`Document` when a filter needs its metadata (the bound
        ``boilerplate`` filter needs to know the document's source).
        """
        changes: list[Change] = []
        steps: list[str] = []
        doc = text if isinstance(text, Document) else Document(text)
        doc = self._run(doc, None, (changes, steps))
        return Explanation(doc.text, tuple(changes), tuple(steps))

    def _run(
        self,
        doc: Document,
        counts: dict[str, int] | None,
        record: tuple[list[Change], list[str]] | None,
        *,
        count_lines: bool = True,
    ) -> Document:
        """Run the filters to a fixed point, so that the pipeline as a whole is idempotent.

        Each filter is idempotent, but one filter's change can give another new work
        (removing a soft hyphen can complete a mojibake sequence or an entity; decoding that
        entity gives the whitespace filter a no-break space). So the filters run in order,
        round and round, until every one of them has seen the current text without changing
        it. A filter whose input is exactly the text it last returned is skipped: it is
        idempotent, so it would change nothing. So is one that keeps its word after lines
        are taken out (:attr:`Filter.keeps_after_line_removal`) when the text it last saw
        only lost lines at its end since (the ``teasers`` filter's cut), and one that keeps
        its word when a line break is added at the end
        (:attr:`Filter.keeps_after_final_newline`) when that is all that changed since it
        looked (``whitespace`` ending a whole file). So is a filter whose trigger does not
        fire on the current text (the trigger contract, :mod:`textwash.filters.base`): one
        scan per version of the text decides for all of them. The scan of a text holds for
        the next version too where the filter that made it says which characters it may add
        (:attr:`Filter.adds_chars`): those mark their filters. A trigger's check that was
        silent stays so, without being asked, after a change of a kind the filter names
        (:attr:`Filter.check_silent_after`), and after lines are cut off the end it reads
        only what the change can have woken where it can (:attr:`Trigger.after`); the scan
        tells which kind of change a filter makes when that depends on which of its
        characters the text holds (:attr:`Filter.change_kind_with_only`). On real text that makes
        the loop one pass, each filter running only where it can act, plus a look after
        the last change by each filter that change can have given work.

        ``counts`` (when given) receives, per filter that changed the text, the lines it
        changed (0 without ``count_lines``), and a failing filter becomes a
        :class:`FilterError`. ``record`` receives
        the changes and steps of an explanation; explaining runs every filter.
        """
        plan = self._plan()
        filters = plan.filters
        count = len(filters)
        if not count:
            return doc
        use_triggers = plan.use_triggers and record is None
        last_output: list[str | None] = [None] * count
        # Per filter, the combined scan of the current text (None: not known, ask it alone).
        found: list[bool | None] | None = None
        # Per filter, what is known of its trigger's substrings and check on the current text.
        checked: list[int | ChangeKind] = [_UNKNOWN] * count
        quiet = 0  # filters in a row that saw the current text and left it alone
        index = 0
        for _ in range(_MAX_PASSES * count):
            text = doc.text
            last = last_output[index]
            if last is not text and last != text:
                without_chars = False  # none of its trigger's characters in the text
                with_only = False  # only the characters of its change_kind_with_only
                if use_triggers and plan.triggered[index]:
                    act = False
                    if plan.has_chars[index]:
                        if found is None:
                            found = list(plan.scan(text))
                        known = found[index]
                        if known is None:
                            known = found[index] = plan.chars_fire(index, text)
                        act = known
                        only = plan.with_only[index]
                        if act and only is not None:
                            with_only = found[only[0]] is False  # (None: not known)
                    without_chars = not act
                    if not act and plan.has_check[index]:
                        state = checked[index]
                        if state == _UNKNOWN:
                            act = plan.check(index, text)
                        elif isinstance(state, ChangeKind):
                            act = plan.after_change(index, state, text)
                        checked[index] = _UNKNOWN if act else _SILENT
                else:
                    act = True
                if act:
                    f = filters[index]
                    if counts is not None:
                        doc = _guarded(f, doc)
                    elif record is None:
                        doc = f.apply_document(doc)
                    else:
                        doc, changes = f.explain_document(doc)
                        if changes:
                            record[0].extend(changes)
                            record[1].append(f.name)
                    if doc.text is not text and doc.text != text:
                        quiet = 0
                        if counts is not None:
                            lines = lines_changed(text, doc.text) if count_lines else 0
                            counts[f.name] = counts.get(f.name, 0) + lines
                        kind = (
                            _change_kind(f, text, doc.text, without_chars, with_only)
                            if use_triggers
                            else None
                        )
                        # Who had seen the text before lines were taken out has seen the rest
                        # of it; who had seen it without a final line break would leave it
                        # alone.
                        removal = kind in _LINE_REMOVALS
                        if removal:
                            keepers = plan.keep_after_line_removal
                        elif kind is ChangeKind.FINAL_NEWLINE:
                            keepers = plan.keep_after_final_newline
                        else:
                            keepers = []
                        for other in keepers:
                            seen = last_output[other]
                            if seen is text or seen == text:
                                last_output[other] = doc.text
                        if kind is None:
                            checked = [_UNKNOWN] * count
                        else:
                            _carry_checks(plan, checked, kind, found)
                        silent_after_itself = plan.silent_on_own_output[index]
                        checked[index] = _SILENT if silent_after_itself else _UNKNOWN
                        if not removal and found is not None:  # (removals add no character)
                            added = plan.added_owners[index]
                            if added is None:
                                found = None  # any character may have come: scan again
                            else:
                                # Its own characters are gone where its trigger is silent on
                                # its output, else may be (asked again if needed).
                                found[index] = False if silent_after_itself else None
                                only = plan.with_only[index]
                                if only is not None:
                                    found[only[0]] = found[index]
                                for other in added:
                                    found[other] = True
                last_output[index] = doc.text
            quiet += 1
            if quiet >= count:
                break
            index = (index + 1) % count
        return doc

    def replay(self, text: str, explanation: Explanation) -> str:
        """Run only the filters an explanation names, in its order (with this pipeline's
        settings); a filter named twice changed the text in two passes and runs twice."""
        doc = Document(text)
        for name in explanation.steps:
            f = self[name]
            if isinstance(f, CorpusFilter):
                raise TypeError(f"{name!r} is a corpus filter: bind it before replaying")
            doc = f.apply_document(doc)
        return doc.text

    def bind(self, name: str, stats: Any) -> Pipeline:
        """Replace a fitted corpus filter by the document-level filter its statistics give."""
        corpus = self[name]
        if not isinstance(corpus, CorpusFilter):
            raise TypeError(f"{name!r} is not a corpus filter")
        return self.replace(name, corpus.bind(stats))

    @property
    def corpus_filters(self) -> Sequence[CorpusFilter]:
        return [f for f in self.filters if isinstance(f, CorpusFilter)]

    def cache_key(self) -> str:
        """A digest that changes whenever the filters, their settings or textwash change."""
        text = repr((__version__, self.filters))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _change_kind(
    f: Filter, before: str, after: str, without_chars: bool, with_only: bool
) -> ChangeKind | None:
    """What kind of change ``f`` made of ``before`` (:class:`ChangeKind`), as far as the two
    ends of the texts and ``f``'s declarations tell; ``without_chars``: ``before`` holds
    none of ``f``'s trigger characters; ``with_only``: only those of its
    :attr:`Filter.change_kind_with_only`."""
    if cut_at_end(before, after):
        return ChangeKind.CUT_AT_END
    if final_newline_added(before, after):
        return ChangeKind.FINAL_NEWLINE
    if f.change_kind is not None:
        return f.change_kind
    if without_chars:
        return f.change_kind_without_chars
    if with_only and f.change_kind_with_only is not None:
        return f.change_kind_with_only[1]
    return None


def _carry_checks(
    plan: TriggerScan,
    checked: list[int | ChangeKind],
    kind: ChangeKind,
    found: list[bool | None] | None,
) -> None:
    """What stays known of each filter's trigger check after a change of ``kind``;
    ``found``: the scan of the text before it, if there is one."""
    for other, state in enumerate(checked):
        if state == _UNKNOWN:
            continue
        if state == _SILENT:
            if kind in plan.check_silent_after[other]:
                continue
            mark = plan.woken_marks[other].get(kind)
            if mark is not None and found is not None and found[mark] is False:
                continue  # none of the characters near which such a change can wake it
            checked[other] = kind if kind in plan.after[other] else _UNKNOWN
        elif kind is not ChangeKind.CUT_AT_END:  # a test after a change holds through cuts
            checked[other] = _UNKNOWN


def _guarded(f: Filter, doc: Document) -> Document:
    """``f`` run on ``doc``; whatever goes wrong becomes a :class:`FilterError` naming it."""
    try:
        new = f.apply_document(doc)
    except Exception as error:  # RecursionError and MemoryError included
        raise FilterError(f.name, error) from error
    if not isinstance(new, Document):
        raise FilterError(f.name, f"returned {type(new).__name__}, not a Document")
    if not isinstance(new.text, str):
        raise FilterError(f.name, f"returned {type(new.text).__name__} text, not str")
    return new
