"""What a cleaning step did to a text, line by line, for a person to read.

:class:`Change` sits below both the filters (:mod:`textwash.filters`) and the line tools
they are built from (:mod:`textwash.structure`), so that neither has to import the other
to describe an edit. ``textwash.Change`` and ``textwash.filters.base.Change`` are this class.
"""

from __future__ import annotations

from dataclasses import dataclass


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
