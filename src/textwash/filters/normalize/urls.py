"""Web addresses replaced by a placeholder (off by default).

What it changes
    A URL with a scheme (``https://``, ``http://``, ``ftp://``), one starting ``www.``, and
    a bare domain followed by a path (``example.com/news/1``) becomes ``<URL>`` (option
    ``replacement``; ``""`` removes it without leaving a double space). Punctuation that ends
    the sentence after a URL is not part of it (``see https://x.org/a.`` keeps its full stop),
    nor is a closing bracket that has no opening one inside the URL.

Why
    An index, a language model or a deduplicator wants the fact that a link was there, not
    its characters: tracking parameters make the same page a thousand different strings.

Leaves alone
    A bare domain without a path (``Amazon.com``, ``Node.js``: as often a name as a
    link), e-mail addresses (``emails``), file names and version numbers (``v2.1.3``), and
    placeholders already in the text.

Example
    >>> Urls().apply("Read it at https://example.com/a?utm=x (or www.example.org).")
    'Read it at <URL> (or <URL>).'
    >>> Urls(replacement="").apply("Details: example.com/news/1 and Amazon.com.")
    'Details: and Amazon.com.'
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import ClassVar

from textwash.filters.normalize._replace import ReplaceFilter

_HOST = r"(?:[^\W_](?:[\w-]*[^\W_])?\.)+[^\W\d_]{2,}"
_URL = re.compile(
    r"(?<![\w@.:/-])"
    rf"(?:(?:https?|ftp)://[^\s<>\"]+|www\.{_HOST}[^\s<>\"]*|{_HOST}/[^\s<>\"]*)",
    re.IGNORECASE,
)
_TRAILING = ".,;:!?'\"’”»…"
_CLOSERS = {")": "(", "]": "[", "}": "{"}


def url_end(url: str) -> int:
    """The length of ``url`` without the punctuation and unmatched brackets after it."""
    end = len(url)
    while end and (url[end - 1] in _TRAILING or _unmatched_closer(url[:end])):
        end -= 1
    return end


def _unmatched_closer(url: str) -> bool:
    """Whether ``url`` ends in a bracket that it never opened (``(see x.org/a)``)."""
    last = url[-1]
    if last not in _CLOSERS:
        return False
    return url.count(last) > url.count(_CLOSERS[last])


@dataclass(frozen=True)
class Urls(ReplaceFilter):
    """Replace web addresses by a placeholder."""

    name: ClassVar[str] = "urls"
    summary: ClassVar[str] = "URLs replaced by a placeholder"
    default_enabled: ClassVar[bool] = False
    order: ClassVar[int] = 910
    kind: ClassVar[str] = "URL"

    #: What a URL becomes; ``""`` removes it (and the space it would leave).
    replacement: str = "<URL>"

    def find(self, text: str) -> Iterator[tuple[int, int]]:
        if "/" not in text and "www." not in text.lower():
            return
        for match in _URL.finditer(text):
            end = match.start() + url_end(match.group())
            if end > match.start() + 4:
                yield match.start(), end
