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

**The trigger contract.** A filter may say what can make it act (:meth:`Filter.trigger`):
characters, substrings, and a cheap test on a bounded part of the text (the first lines, the
last lines, a hash per line). The promise is one-sided and exact: *when the trigger does not
fire on a text, ``apply`` returns that text unchanged*. A pipeline uses this to skip the
filters that have nothing to do, deciding for all of them with one scan of the text, and
to look again, after a later filter changed the text, only with the filters whose trigger
the new text fires. A trigger may fire on text the filter then leaves alone (it is a
necessary condition, not a verdict); a filter without one (``None``, the default, as for
filters other packages write) always runs. ``tests/test_triggers.py`` checks the promise
with Hypothesis for every registered filter and option.

**Silent on its own output.** A trigger that does not fire on the filter's own output makes
a second look at that output cost the trigger alone, where one that fires again (on an
``é`` that is not mojibake, on a short line repeated on purpose) costs a run of the filter
too. ``whitespace`` and ``repeats`` (whose trigger is exact: a line it removes) have such
triggers and say so (:attr:`Filter.silent_on_own_output`: a pipeline then knows the
answer for the text a filter made without asking), and ``tests/test_triggers.py`` checks it
with Hypothesis; ``mojibake`` looks for
pairs of characters, so clean accented text does not wake it, and is silent on its output
except where ftfy itself leaves a line that looks damaged.

**Lines taken out.** A filter may also promise (:attr:`Filter.keeps_after_line_removal`)
that a text it leaves unchanged stays unchanged when whole lines are taken out of it: for
every text ``t`` with ``apply(t) == t``, and every text ``u`` whose lines (``split("\\n")``)
are some of the lines of ``t`` in their order, or that is empty, ``apply(u) == u``. A filter
that works line by line keeps it (``mojibake``), and so does one whose every decision is
about a pair of lines (``repeats``); one that reads the text's shape (blank-line runs, the
first or the last lines, the document's quote style) does not. When a later filter only
cut lines off the end of the text, a pipeline does not look again with the filters that
keep this promise and had seen the text before the cut. ``tests/test_triggers.py`` checks
the promise with Hypothesis.

**A line break added at the end.** A filter may also promise
(:attr:`Filter.keeps_after_final_newline`) that a text it leaves unchanged stays unchanged
when a line break is added at its end: for every text ``t`` that does not end in one, with
``apply(t) == t``, ``apply(t + "\n") == t + "\n"``. Whole files end in a line break
(``whitespace`` adds it when the pipeline runs on files), and most scraped text does not
have one: without the promise, each filter that had seen the text before would look at it
again for that one character. ``tests/test_triggers.py`` checks the promise with
Hypothesis.

**Characters added.** A filter may say which characters its output can hold that its input
did not (:attr:`Filter.adds_chars`: ``whitespace`` makes only spaces and line breaks; the
structure filters only take lines out or keep part of one). A pipeline that scanned a text
for trigger characters then knows the scan of the output without reading it again: what
fired may have gone, which only costs a look, and what did not fire can only come from the
characters added. ``tests/test_triggers.py`` checks the declarations with Hypothesis.

**Kinds of change.** Some changes a pipeline can name without reading the text again
(:class:`ChangeKind`): lines cut off the end, a line break added at the end (both told
from the two texts' lengths and ends), whole lines taken out, line ends tidied (spaces and
tabs off line ends, blank lines out), and odd spaces made plain. A filter may say which
kind its change always is (:attr:`Filter.change_kind`: ``repeats`` only takes lines out),
is when none of its trigger's characters occur in its input
(:attr:`Filter.change_kind_without_chars`: ``whitespace``, with no odd space, invisible
character or odd line break to replace, only tidies line ends), or is when only some of
them do (:attr:`Filter.change_kind_with_only`: ``whitespace`` with odd spaces alone). The
scan of trigger characters tells these apart at no extra cost. A filter may also say after
which kinds of change the rest of its trigger, its substrings and check, stays silent on a
text it was silent on (:attr:`Filter.check_silent_after`): a pipeline then does not ask it
again after such a change (the scan already follows its characters). Where a change can
wake a check only where it changed the text, the trigger may give a test that reads only
there (:attr:`Trigger.after`: ``whitespace`` reads the new end after a cut, ``mojibake``
looks next to spaces after odd spaces were made plain), and where it can be woken only
near some characters, which (:attr:`Trigger.woken_only_by`: ``mojibake`` by odd spaces
made plain only next to ``Ã`` or ``Â``). ``tests/test_change_kinds.py``
checks each declaration with Hypothesis.

Corpus-level filters (a later stage looks at many documents before it acts on each) are a
:class:`CorpusFilter`: ``fit`` on documents to collect mergeable statistics, then ``bind``
those statistics into an ordinary :class:`Filter`. The runner never needs to know which
kind it holds beyond that.
"""

from __future__ import annotations

import bisect
import difflib
import enum
import functools
import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, ClassVar, Protocol

# Change is defined below structure/, which uses it too; it stays public here.
from textwash.changes import Change as Change
from textwash.document import Document


class ChangeKind(enum.Enum):
    """Kinds of change a pipeline tells apart, to know which triggers it need not ask again
    (see "Kinds of change" in this module's docstring)."""

    #: Whole lines cut off the end: the text is the first lines of the one before, or
    #: empty (:func:`textwash.pipeline.cut_at_end`).
    CUT_AT_END = "lines cut off the end"
    #: One line break added at the end of a text that had none.
    FINAL_NEWLINE = "a line break added at the end"
    #: Whole lines taken out anywhere: the lines (``split("\\n")``) are some of the lines
    #: before, in their order, or the text is empty.
    LINES_OUT = "whole lines taken out"
    #: Line ends tidied: the lines are some of the lines before, in their order, each
    #: without the spaces and tabs at its end (the lines left out are blank), perhaps with
    #: one empty line after them (a line break added at the end).
    LINE_ENDS = "line ends tidied"
    #: Every space separator (Unicode category Zs: the no-break space, U+2000 to U+200A …)
    #: made a plain space, one for one, then line ends tidied (:attr:`LINE_ENDS`).
    SPACES = "odd spaces made plain"


@dataclass(frozen=True)
class Trigger:
    """What can make a filter act: without any of it in a text, the filter returns the text
    unchanged.

    The trigger fires when the text holds one of ``chars``, contains one of ``substrings``,
    or ``check(text)`` is true. The ``chars`` of all the filters of a pipeline are looked for
    in one scan; ``substrings`` and ``check`` are asked at the filter's turn, when its
    characters are absent. ``check`` is for what characters cannot say (a repeated headline,
    a tail of teasers, a line that occurs twice) and must read only a bounded part of the
    text, or make no more than one cheap pass over it. ``after`` pairs a kind of change with
    a test that answers for ``substrings`` and ``check`` on a text they were silent on, once
    it was changed by one change of that kind and then perhaps cut at its end, reading only
    what such a change can have woken (for other kinds, ``check`` is asked again).
    ``woken_only_by`` pairs a kind of change with the characters without which such a
    change never wakes ``substrings`` and ``check`` where they were silent: a pipeline
    looks for them in the scan of the text before the change, at no extra cost.

    >>> Trigger(chars="<&").fires("Tom &amp; Jerry"), Trigger(chars="<&").fires("Tom and Jerry")
    (True, False)
    """

    chars: frozenset[str] | str = frozenset()
    substrings: tuple[str, ...] = ()
    check: Callable[[str], bool] | None = None
    after: tuple[tuple[ChangeKind, Callable[[str], bool]], ...] = ()
    woken_only_by: tuple[tuple[ChangeKind, str], ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "chars", frozenset(self.chars))

    def fires(self, text: str) -> bool:
        """Whether the filter may act on ``text`` (one trigger alone; a pipeline combines
        the characters of all its filters' triggers into one scan instead)."""
        return (
            (bool(self.chars) and _char_class(self.chars).search(text) is not None)
            or any(s in text for s in self.substrings)
            or (self.check is not None and self.check(text))
        )


@functools.lru_cache(maxsize=256)
def _char_class(chars: frozenset[str]) -> re.Pattern[str]:
    return char_class(chars)


def char_class(chars: Iterable[str]) -> re.Pattern[str]:
    """A regex matching any one of ``chars``, compiled so that a search stays fast however
    many characters there are.

    The regex engine tests a class in constant time per character only when every member
    is in the Basic Multilingual Plane; members beyond it are tested one by one after that.
    So characters beyond U+FFFF are represented by the whole range above U+FFFF: the class
    may match more (rare characters, emoji), never less, which a trigger allows.

    >>> bool(char_class("\u0301\U0001d15e").search("\U0001f600")), bool(char_class("a").search("b"))
    (True, False)
    """
    members = sorted(set(chars))
    bmp = "".join(c for c in members if ord(c) <= 0xFFFF)
    astral = "\U00010000-\U0010ffff" if any(ord(c) > 0xFFFF for c in members) else ""
    if not bmp and not astral:
        return re.compile("(?!)")
    return re.compile("[" + re.escape(bmp) + astral + "]")


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
    #: A text it leaves unchanged stays unchanged when whole lines are taken out of it (see
    #: "Lines taken out" in this module's docstring).
    keeps_after_line_removal: ClassVar[bool] = False
    #: A text it leaves unchanged stays unchanged when a line break is added at its end
    #: (see "A line break added at the end" in this module's docstring).
    keeps_after_final_newline: ClassVar[bool] = False
    #: The characters its output may hold that its input did not; ``None``: any (see
    #: "Characters added" in this module's docstring).
    adds_chars: ClassVar[frozenset[str] | None] = None
    #: Its trigger does not fire on its own output (see "Silent on its own output").
    silent_on_own_output: ClassVar[bool] = False
    #: The kind of every change it makes; ``None``: any (see "Kinds of change" in this
    #: module's docstring).
    change_kind: ClassVar[ChangeKind | None] = None
    #: The kind of change it makes on a text that holds none of its trigger's characters;
    #: ``None``: any.
    change_kind_without_chars: ClassVar[ChangeKind | None] = None
    #: Some of its trigger's characters, and the kind of change it makes on a text that
    #: holds no other characters of its trigger; ``None``: none such.
    change_kind_with_only: ClassVar[tuple[frozenset[str], ChangeKind] | None] = None
    #: The kinds of change after which its trigger's substrings and check stay silent on a
    #: text they were silent on.
    check_silent_after: ClassVar[frozenset[ChangeKind]] = frozenset()

    @abstractmethod
    def apply(self, text: str) -> str:
        """Return the cleaned text."""

    def explain(self, text: str) -> tuple[str, list[Change]]:
        """Return the cleaned text and what changed, line by line, with reasons."""
        out = self.apply(text)
        return out, diff_changes(self.name, text, out, self.summary)

    def trigger(self) -> Trigger | None:
        """What can make this filter act, or ``None``: it may act on any text (see the
        trigger contract in this module's docstring). Filters that declare one override
        this; the answer may depend on the filter's options."""
        return None

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
    return [
        Change(name, i1 + 1, "\n".join(old[i1:i2]), "\n".join(new[j1:j2]), reason)
        for i1, i2, j1, j2 in _changed_blocks(old, new)
    ]


#: Lines a changed region may have on either side for difflib to align it line by line.
#: Its matcher costs up to the cube of a region's length where lines repeat (a blank line,
#: a line copied hundreds of times), so longer regions are first cut at anchors.
_DIFFLIB_LINES = 40

_Block = tuple[int, int, int, int]


def _changed_blocks(old: list[str], new: list[str]) -> list[_Block]:
    """The blocks ``old[i1:i2]`` that became ``new[j1:j2]``, in order, in near-linear time.

    Common first and last lines are set aside; a region short enough goes to difflib; a
    longer one is cut at its anchors, the lines that occur once in it on each side, in the
    longest run that keeps their order (as patience diff does), and each piece is aligned
    the same way. A long region without anchors is compared line by line when both sides
    have as many lines (a filter that rewrote lines in place), else it is one block.
    """
    blocks: list[_Block] = []
    regions = [(0, len(old), 0, len(new))]
    while regions:
        a0, a1, b0, b1 = regions.pop()
        while a0 < a1 and b0 < b1 and old[a0] == new[b0]:
            a0, b0 = a0 + 1, b0 + 1
        while a0 < a1 and b0 < b1 and old[a1 - 1] == new[b1 - 1]:
            a1, b1 = a1 - 1, b1 - 1
        if a0 == a1 and b0 == b1:
            continue
        if a0 == a1 or b0 == b1:
            blocks.append((a0, a1, b0, b1))
        elif a1 - a0 <= _DIFFLIB_LINES and b1 - b0 <= _DIFFLIB_LINES:
            matcher = difflib.SequenceMatcher(a=old[a0:a1], b=new[b0:b1], autojunk=False)
            blocks.extend(
                (a0 + i1, a0 + i2, b0 + j1, b0 + j2)
                for tag, i1, i2, j1, j2 in matcher.get_opcodes()
                if tag != "equal"
            )
        else:
            anchors = _anchors(old, a0, a1, new, b0, b1)
            if anchors:
                for i, j in anchors:
                    regions.append((a0, i, b0, j))
                    a0, b0 = i + 1, j + 1
                regions.append((a0, a1, b0, b1))
            elif a1 - a0 == b1 - b0:
                blocks.extend(
                    (a0 + k, a0 + k + 1, b0 + k, b0 + k + 1)
                    for k in range(a1 - a0)
                    if old[a0 + k] != new[b0 + k]
                )
            else:
                blocks.append((a0, a1, b0, b1))
    return sorted(blocks)


def _anchors(
    old: list[str], a0: int, a1: int, new: list[str], b0: int, b1: int
) -> list[tuple[int, int]]:
    """Lines that occur once in ``old[a0:a1]`` and once in ``new[b0:b1]``, as index pairs:
    the longest run of them in the same order on both sides."""
    counts: dict[str, int] = {}
    for line in old[a0:a1]:
        counts[line] = counts.get(line, 0) + 1
    once_in_new: dict[str, int] = {}
    for j in range(b0, b1):
        line = new[j]
        if counts.get(line) == 1:
            once_in_new[line] = -1 if line in once_in_new else j
    pairs = [(i, once_in_new[old[i]]) for i in range(a0, a1) if once_in_new.get(old[i], -1) >= 0]
    # The longest run with increasing new-side indexes (patience sorting, n log n).
    tails: list[int] = []  # tails[k]: the pair that ends the best run of length k + 1
    tail_lines: list[int] = []  # its new-side index, to search
    previous = [-1] * len(pairs)
    for index, (_, j) in enumerate(pairs):
        k = bisect.bisect_left(tail_lines, j)
        if k > 0:
            previous[index] = tails[k - 1]
        if k == len(tails):
            tails.append(index)
            tail_lines.append(j)
        else:
            tails[k], tail_lines[k] = index, j
    run: list[tuple[int, int]] = []
    index = tails[-1] if tails else -1
    while index >= 0:
        run.append(pairs[index])
        index = previous[index]
    return run[::-1]
