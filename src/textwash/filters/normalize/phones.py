"""Phone numbers replaced by a placeholder, found by Google's libphonenumber (off by default).

What it changes
    A phone number that ``phonenumbers`` (the Python port of libphonenumber) finds and holds
    valid for the ``region``, with its digits grouped as that country writes them (a two-letter country code, default ``"US"``; numbers written
    with ``+`` and a country code are found whatever the region) becomes ``<PHONE>``
    (option ``replacement``; ``""`` removes it without leaving a double space). Needs
    ``pip install 'textwash[normalize]'``.

Why
    Phone numbers are personal data; a regular expression that finds them also finds dates,
    prices, scores and version numbers. libphonenumber knows each country's numbering plan
    and checks that a number could be dialled.

Leaves alone
    Dates (``2024-03-15``, ``15/03/2024``), times, prices (``$1,250,000``), scores
    (``3-1``), rows of a statistics table (``2194 1 0 10 17``: valid digits, but not
    grouped as a phone number is), version numbers, years and other digit runs that are not a valid number in
    the region, numbers inside URLs and e-mail addresses (``urls`` and ``emails`` run
    first), and placeholders.

Example
    >>> Phones().apply("Call (202) 555-0143 or +44 20 7946 0958 by 2024-03-15; it cost $1,250,000.")
    'Call <PHONE> or <PHONE> by 2024-03-15; it cost $1,250,000.'
    >>> Phones(region="DE").apply("Tel. 030 901820, Zimmer 12")
    'Tel. <PHONE>, Zimmer 12'
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, ClassVar

from textwash.filters.normalize._extras import require
from textwash.filters.normalize._replace import ReplaceFilter

#: Fewer digits than this in a text: nothing can be a phone number (the shortest are 7).
_MIN_DIGITS = 5
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class Phones(ReplaceFilter):
    """Replace phone numbers, as libphonenumber finds them, by a placeholder."""

    name: ClassVar[str] = "phones"
    summary: ClassVar[str] = "phone numbers replaced by a placeholder (libphonenumber)"
    default_enabled: ClassVar[bool] = False
    order: ClassVar[int] = 950
    kind: ClassVar[str] = "phone number"

    #: What a phone number becomes; ``""`` removes it (and the space it would leave).
    replacement: str = "<PHONE>"
    #: The country whose numbering plan reads numbers written without ``+`` and a country
    #: code (ISO 3166 two-letter code, as libphonenumber takes it).
    region: str = "US"

    def __post_init__(self) -> None:
        phonenumbers: Any = require("phonenumbers", self.name)
        if self.region.upper() not in phonenumbers.SUPPORTED_REGIONS:
            raise ValueError(
                f"phones: unknown region {self.region!r} (a two-letter country code such as 'US', 'GB', 'DE')"
            )

    def find(self, text: str) -> Iterator[tuple[int, int]]:
        if len(_DIGIT.findall(text)) < _MIN_DIGITS:
            return
        phonenumbers: Any = require("phonenumbers", self.name)
        matcher = phonenumbers.PhoneNumberMatcher(
            text, self.region.upper(), leniency=phonenumbers.Leniency.STRICT_GROUPING
        )
        for match in matcher:
            yield match.start, match.end
