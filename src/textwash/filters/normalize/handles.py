"""Social media handles replaced by a placeholder (off by default).

What it changes
    ``@user`` mentions (letters, digits, ``_``, and inner dots as Instagram and Mastodon
    allow; a Mastodon ``@user@server.social`` as one) become ``<USER>`` (option
    ``replacement``; ``""`` removes them without leaving a double space).

Why
    A mention names a person or an account: a corpus that should not identify people, or
    a model that should not learn account names, wants the fact of a mention only.

Leaves alone
    E-mail addresses (the ``@`` inside a word: ``emails`` handles those and runs first),
    a lone ``@`` or ``@`` before a digit-free symbol (``meet @ 5``), and placeholders.

Example
    >>> Handles().apply("Thanks to @jane_doe and @news.desk, not a@b.org.")
    'Thanks to <USER> and <USER>, not a@b.org.'
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import ClassVar

from textwash.filters.normalize._replace import ReplaceFilter

_HANDLE = re.compile(r"(?<![\w@.+-])@\w(?:[\w.]*\w)?(?:@[\w-]+(?:\.[\w-]+)+)?(?![\w@])")


@dataclass(frozen=True)
class Handles(ReplaceFilter):
    """Replace ``@user`` handles by a placeholder."""

    name: ClassVar[str] = "handles"
    summary: ClassVar[str] = "@user handles replaced by a placeholder"
    default_enabled: ClassVar[bool] = False
    order: ClassVar[int] = 930
    kind: ClassVar[str] = "handle"

    #: What a handle becomes; ``""`` removes it (and the space it would leave).
    replacement: str = "<USER>"

    def find(self, text: str) -> Iterator[tuple[int, int]]:
        if "@" not in text:
            return
        for match in _HANDLE.finditer(text):
            yield match.span()
