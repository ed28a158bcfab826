"""E-mail addresses replaced by a placeholder (off by default).

What it changes
    ``name@example.com``, ``first.last+tag@mail.example.co.uk`` and ``mailto:`` links become
    ``<EMAIL>`` (option ``replacement``; ``""`` removes them without leaving a double
    space). A full stop after the address ends the sentence, not the address.

Why
    Addresses are personal data that a published corpus should not carry, and each one is
    a rare token that teaches a model nothing but the address.

Leaves alone
    Social media handles (``@user``: ``handles``), ``user@host`` without a dot in the host
    (``git@github`` in prose, a sign-off), the ``@`` inside a URL's path or credentials
    (``urls`` runs first), and placeholders already in the text.

Example
    >>> Emails().apply("Write to tips@example.com. Or mailto:a.b+news@mail.example.co.uk")
    'Write to <EMAIL>. Or <EMAIL>'
    >>> Emails().apply("Follow @newsdesk on X.")
    'Follow @newsdesk on X.'
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import ClassVar

from textwash.filters.normalize._replace import ReplaceFilter

#: An address: it starts where no address character is before it, its local part does not
#: start with a dot, and nothing an address can hold follows it. Both ends matter for
#: idempotence: what follows a replaced address must not be able to start one.
_EMAIL = re.compile(
    r"(?<![\w.+%/:@-])(?:mailto:)?[\w+%-][\w.+%-]*@(?:[^\W_](?:[\w-]*[^\W_])?\.)+"
    r"[^\W\d_]{2,}(?![\w@+%-])",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Emails(ReplaceFilter):
    """Replace e-mail addresses by a placeholder."""

    name: ClassVar[str] = "emails"
    summary: ClassVar[str] = "e-mail addresses replaced by a placeholder"
    default_enabled: ClassVar[bool] = False
    order: ClassVar[int] = 920
    kind: ClassVar[str] = "e-mail address"

    #: What an address becomes; ``""`` removes it (and the space it would leave).
    replacement: str = "<EMAIL>"

    def find(self, text: str) -> Iterator[tuple[int, int]]:
        if "@" not in text:
            return
        for match in _EMAIL.finditer(text):
            yield match.span()
