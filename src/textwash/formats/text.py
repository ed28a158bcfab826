"""Plain text: bytes to ``str``, detecting the encoding when the bytes are not UTF-8.

UTF-8 is read as it is (a byte-order mark stays a character; the filters decide about it).
Bytes that are not UTF-8 are decoded with the encoding charset-normalizer finds, and the
output is UTF-8: :attr:`Decoded.encoding` names the source encoding, so the report can
list every converted file. Binary files (a NUL byte outside UTF-16/32) are refused rather
than "cleaned".

>>> decode_text("café\\n".encode("utf-8"))
Decoded(text='café\\n', encoding=None)
>>> decode_text(b"\\x00\\x01PNG")
Traceback (most recent call last):
...
textwash.formats.FormatError: binary file (NUL byte at offset 0), not text
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from textwash.formats import FormatError


@dataclass(frozen=True)
class Decoded:
    """A file's text, and the encoding it was converted from (``None``: it was UTF-8)."""

    text: str
    encoding: str | None = None


#: How much more "chaos" (charset-normalizer's mess score) Windows-1252 may show and
#: still be preferred to the detector's first choice.
_CP1252_TOLERANCE = 0.1

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_text(data: bytes) -> Decoded:
    """Decode a text file's bytes: UTF-8 as is, other encodings detected and converted."""
    for bom, encoding in _BOMS:  # UTF-32 first: its LE mark starts with UTF-16's
        if data.startswith(bom):
            try:
                return Decoded(data.decode(encoding), encoding)
            except UnicodeDecodeError as error:
                raise FormatError(
                    f"starts with a {encoding} mark but is not {encoding}: {error}"
                ) from None
    nul = data.find(b"\x00")
    if nul >= 0:
        raise FormatError(f"binary file (NUL byte at offset {nul}), not text")
    try:
        return Decoded(data.decode("utf-8"))
    except UnicodeDecodeError as error:
        bad = error.start
    return _detect(data, bad)


def _detect(data: bytes, bad: int) -> Decoded:
    import charset_normalizer

    matches = charset_normalizer.from_bytes(data)
    best = matches.best()
    where = f"byte 0x{data[bad]:02x} at offset {bad}"
    if best is None or best.encoding in ("utf_8", "utf-8"):
        raise FormatError(f"not UTF-8 ({where}) and no other encoding fits")
    # On short Western text several single-byte code pages score alike and the detector
    # picks one at random (cp1250 for "déjà" gives "déjŕ"). Windows-1252 is by far the
    # most common of them in scraped text (and the HTML default), so it wins near-ties.
    for match in matches:
        if (
            match.encoding == "cp1252"
            and match.chaos <= best.chaos + _CP1252_TOLERANCE
            and match.coherence >= best.coherence - 0.05
        ):
            best = match
            break
    try:
        text = data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError):
        raise FormatError(
            f"not UTF-8 ({where}); looks like {best.encoding} but does not decode as it"
        ) from None
    return Decoded(text, best.encoding)
