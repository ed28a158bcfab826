"""Plain text: bytes to ``str``, UTF-8 first, a legacy encoding decided only when it is not.

UTF-8 is read as it is (a byte-order mark stays a character; the filters decide about it),
at the cost of one decode. Bytes that are not UTF-8 are read as :mod:`.legacy` decides:
Windows-1252 when it reads as plausible text, else the least implausible of the detector's
candidates. A UTF-16 or UTF-32 byte-order mark is obeyed. ``encoding=`` forces one
encoding instead (``clean --encoding``). The output is UTF-8: :attr:`Decoded.encoding`
names the source encoding, so the report can list every converted file, and
:attr:`Decoded.guessed` says whether it was guessed. Binary files (a NUL byte outside
UTF-16/32, or bytes no encoding reads as text) are refused rather than "cleaned".

>>> decode_text("café\\n".encode("utf-8"))
Decoded(text='café\\n', encoding=None, guessed=False)
>>> decode_text("caf\\xe9 \\x93cr\\xe8me\\x94\\n".encode("latin-1"))
Decoded(text='café “crème”\\n', encoding='windows-1252', guessed=True)
>>> decode_text("Привет".encode("koi8-r"), encoding="KOI8_R")
Decoded(text='Привет', encoding='koi8-r', guessed=False)
>>> decode_text(b"\\x00\\x01PNG")
Traceback (most recent call last):
...
textwash.formats.FormatError: binary file (NUL byte at offset 0), not text
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from textwash.formats import FormatError
from textwash.formats.legacy import canonical_name, decode_as, guess


@dataclass(frozen=True)
class Decoded:
    """A file's text, and the encoding it was converted from (``None``: it was UTF-8).

    ``guessed`` is true when nothing declared the encoding (no byte-order mark, no
    ``--encoding``, no ``<meta charset>``): the report lists such files for a person to
    check.
    """

    text: str
    encoding: str | None = None
    guessed: bool = False


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_text(data: bytes, encoding: str | None = None) -> Decoded:
    """Decode a text file's bytes: UTF-8 as is, other encodings decided and converted.

    ``encoding`` (any name Python knows; ``latin-1`` and ``cp1252`` mean the WHATWG
    Windows-1252) skips the decision. An unknown name raises ``LookupError``; bytes
    that do not decode as the named encoding raise :class:`FormatError`.
    """
    if encoding is not None:
        return _decode_forced(data, canonical_name(encoding))
    for bom, wide in _BOMS:  # UTF-32 first: its LE mark starts with UTF-16's
        if data.startswith(bom):
            try:
                return Decoded(data.decode(wide), wide)
            except UnicodeDecodeError as error:
                raise FormatError(f"starts with a {wide} mark but is not {wide}: {error}") from None
    _refuse_binary(data)
    try:
        return Decoded(data.decode("utf-8"))
    except UnicodeDecodeError as error:
        bad = error.start
    found = guess(data)
    if found is None:
        raise FormatError(
            f"not UTF-8 (byte 0x{data[bad]:02x} at offset {bad}) and no other encoding fits"
        )
    return Decoded(found.text, found.encoding, guessed=True)


def _decode_forced(data: bytes, encoding: str) -> Decoded:
    if not encoding.startswith(("utf-16", "utf-32")):
        _refuse_binary(data)
    try:
        text = decode_as(data, encoding)
    except UnicodeDecodeError as error:
        raise FormatError(
            f"not {encoding}, the encoding given (byte 0x{data[error.start]:02x} "
            f"at offset {error.start}: {error.reason})"
        ) from None
    if text.encode("utf-8", errors="surrogatepass") == data:
        return Decoded(text)  # nothing to convert: the bytes are already the UTF-8 output
    return Decoded(text, encoding)


def _refuse_binary(data: bytes) -> None:
    nul = data.find(b"\x00")
    if nul >= 0:
        raise FormatError(f"binary file (NUL byte at offset {nul}), not text")


def is_ascii_compatible(encoding: str) -> bool:
    """Whether ASCII bytes mean ASCII in ``encoding`` (not so in UTF-16, UTF-32, EBCDIC).

    >>> is_ascii_compatible("shift_jis"), is_ascii_compatible("utf-16")
    (True, False)
    """
    probe = "Az09 .\n"
    try:
        return decode_as(probe.encode("ascii"), canonical_name(encoding)) == probe
    except (UnicodeDecodeError, LookupError):
        return False


def byte_view(data: bytes) -> str:
    """Bytes as a person can compare them with the decoded text: the UTF-8 in them as is,
    every other byte as ``\\xNN`` (what ``--diff`` and ``--explain`` show as the original).

    >>> byte_view(b"Bentley\\x92s caf\\xc3\\xa9")
    'Bentley\\\\x92s café'
    """
    return data.decode("utf-8", errors="backslashreplace")
