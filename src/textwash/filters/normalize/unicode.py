"""One Unicode normalization form for the whole text (off by default).

What it changes
    The text is brought to Unicode normalization form ``NFC`` (the default: an accented
    letter written as a letter and a combining accent becomes the one precomposed
    character, ``e`` + U+0301 becomes ``é``) or, with ``form="NFKC"``, to the compatibility
    form, which also changes how characters look:

    - ligatures are spelled out (``ﬁ`` becomes ``fi``) and full-width forms become ASCII
      (``ＡＢＣ１２３`` becomes ``ABC123``);
    - superscripts, subscripts and circled digits become plain digits (``x²`` becomes
      ``x2``, ``①`` becomes ``1``) and fractions become digits with a fraction slash (``½``
      becomes ``1⁄2``);
    - ``…`` becomes ``...``, ``™`` becomes ``TM``, the micro sign ``µ`` becomes Greek ``μ``,
      Roman numeral letters become Latin letters (``Ⅻ`` becomes ``XII``);
    - no-break and other odd spaces become plain spaces, and the acute accent ``´`` becomes a
      space and a combining accent.

Why
    The same word in two forms is two tokens to an index, a deduplicator or a model; NFC
    makes canonically equal text equal byte for byte without changing what a reader sees.
    NFKC goes further, for search and matching, at the cost of the distinctions above.

Where it runs
    After the repairs (ftfy-style mojibake repair needs the characters as they were) and
    before ``whitespace``: NFKC turns odd spaces into plain ones, which ``whitespace`` then
    tidies at line ends.

Leaves alone
    Text already in the chosen form (checked first, and not copied).

Example
    >>> Unicode().apply("Cafe\\u0301 ﬁle")
    'Café ﬁle'
    >>> Unicode(form="NFKC").apply("Cafe\\u0301 ﬁle ½ x²")
    'Café file 1⁄2 x2'
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import ClassVar, Literal

from textwash.filters.base import Change, Filter, diff_changes


@dataclass(frozen=True)
class Unicode(Filter):
    """Bring the text to one Unicode normalization form."""

    name: ClassVar[str] = "unicode"
    summary: ClassVar[str] = "Unicode normalization form NFC (or NFKC)"
    default_enabled: ClassVar[bool] = False
    order: ClassVar[int] = 380

    #: ``"NFC"`` (composed characters, nothing else changes) or ``"NFKC"`` (also folds
    #: compatibility characters: ligatures, full-width forms, superscripts, ``…``).
    form: Literal["NFC", "NFKC"] = "NFC"

    def __post_init__(self) -> None:
        if self.form not in ("NFC", "NFKC"):
            raise ValueError(f"unicode: form must be 'NFC' or 'NFKC', not {self.form!r}")

    def apply(self, text: str) -> str:
        if text.isascii() or unicodedata.is_normalized(self.form, text):
            return text
        return unicodedata.normalize(self.form, text)

    def explain(self, text: str) -> tuple[str, list[Change]]:
        out = self.apply(text)
        return out, diff_changes(self.name, text, out, f"Unicode normalization form {self.form}")
