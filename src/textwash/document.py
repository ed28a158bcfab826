"""The one type that travels between stages: file -> Document -> filters -> Document -> file.

Readers create documents, filters receive and return them, writers consume them. A filter
never sees a path or a file handle; it sees `Document.text`, and, when it needs it, the
metadata a runner attached (a source path, a site).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any

_EMPTY: Mapping[str, Any] = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class Document:
    """A text with where it came from.

    ``id`` is stable across runs (a path, or path plus record number for JSONL), so results
    can be matched up; ``source`` is where it was read from; ``metadata`` carries whatever
    else the reader knew (a JSONL record's other fields, a site name) and is passed through
    untouched by every filter.
    """

    text: str
    id: str = ""
    source: str | None = None
    metadata: Mapping[str, Any] = field(default_factory=lambda: _EMPTY)

    def with_text(self, text: str) -> Document:
        """The same document with new text (itself when the text did not change)."""
        return self if text == self.text else replace(self, text=text)
