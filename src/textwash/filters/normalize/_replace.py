"""What the placeholder filters (``urls``, ``emails``, ``phones`` …) share.

Each finds its kind of span in the text; this class replaces every span by the filter's
``replacement`` (or removes it, tidily, when the replacement is ``""``) and explains each
one. Placeholders already in the text are never found again, so a second run changes
nothing.
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Iterator
from typing import ClassVar

from textwash.filters.base import Change, Filter
from textwash.filters.normalize._edits import Edit, apply_edits, explain_edits, removal_edits


class ReplaceFilter(Filter):
    """Replace what :meth:`find` finds by ``self.replacement`` (a dataclass field)."""

    replacement: str
    #: What one found span is, for reasons: ``"URL"``, ``"e-mail address"``.
    kind: ClassVar[str] = "span"

    @abstractmethod
    def find(self, text: str) -> Iterator[tuple[int, int]]:
        """The ``(start, end)`` spans to replace, in order, not overlapping."""

    def edits(self, text: str) -> list[Edit]:
        spans = [(s, e, f"{self.kind} {text[s:e]!r}") for s, e in self.find(text)]
        if not self.replacement:
            return removal_edits(text, ((s, e, f"{r} removed") for s, e, r in spans))
        return [Edit(s, e, self.replacement, f"{r} to {self.replacement}") for s, e, r in spans]

    def apply(self, text: str) -> str:
        while edits := self.edits(text):
            edited = apply_edits(text, edits)
            if edited == text:
                break
            text = edited
        return text

    def explain(self, text: str) -> tuple[str, list[Change]]:
        """Replace until :meth:`find` finds nothing more.

        A finder may see a span only once its neighbour is gone: libphonenumber rejects
        ``(202) 555-0143 212-555-0100`` as one badly grouped candidate and then finds only
        the second number, and the first only on a second run. Each round replaces at
        least one span by a placeholder that is never found again, so the rounds end, and
        the filter is idempotent whatever its finder does.
        """
        changes: list[Change] = []
        while edits := self.edits(text):
            edited, found = explain_edits(self.name, text, edits)
            if edited == text:
                break
            text = edited
            changes.extend(found)
        return text, changes
