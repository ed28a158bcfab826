"""Which legacy encoding a file that is not UTF-8 is in, decided as browsers decide it.

Scraped Western text that is not UTF-8 is, overwhelmingly, Windows-1252: it is what the web
means by "latin-1" (the WHATWG Encoding Standard reads the labels ``latin1`` and
``iso-8859-1`` as windows-1252), and what ftfy's documentation says to expect. A
statistical detector, on the other hand, sees an English article whose only non-ASCII
bytes are curly quotes (0x91-0x94) and picks any code page where those bytes are letters:
cp775 gives ``BentleyÆs`` and ``ōRebekahö``. So :func:`guess` decides:

1. read the bytes as Windows-1252, the WHATWG way (the five bytes Python's ``cp1252``
   leaves undefined, 0x81 0x8D 0x8F 0x90 0x9D, are the C1 controls U+0081 ...); if that
   text shows no sign of a wrong reading (:func:`~.plausibility.implausibility` is 0), it
   is the answer and nothing else runs;
2. otherwise, if nearly all their non-ASCII bytes form UTF-8 sequences, read them as UTF-8
   with a few Windows-1252 bytes (a file edited in both);
3. otherwise read them as UTF-8 with Windows-1252 bytes (if they hold UTF-8 sequences at
   all), as each of charset-normalizer's candidates, then as each of the
   legacy encodings a scraper meets most (:data:`_COMMON`), and keep the reading with the
   fewest signs; Windows-1252 wins ties, then the detector's order (it weighs language
   fits, which the signs do not);
4. if that reading is still garbled (more signs of garbling than a tenth of its
   letters), the bytes are not text.

Real Western text shows no signs, so step 1 settles it; Cyrillic, Greek, Japanese, Chinese,
Korean and most Central European text read as Windows-1252 shows them in nearly every
word, so Windows-1252 does not win for them when their encoding is a candidate.

>>> guess("Bentley\\x92s \\x93Rebekah\\x94".encode("latin-1"))
Guess(text='Bentley’s “Rebekah”', encoding='windows-1252')
>>> guess("Привет, как дела?".encode("cp1251"))
Guess(text='Привет, как дела?', encoding='cp1251')
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from functools import cache

from textwash.formats.plausibility import garbling, implausibility, letters

#: The WHATWG name of the encoding HTML reads "latin-1" and unlabelled Western pages as.
WINDOWS_1252 = "windows-1252"
#: UTF-8 with a few bytes of Windows-1252 in it: a file pasted together from both, or
#: edited in both (``It\x92s`` in a UTF-8 file). Each byte UTF-8 rejects is read as
#: Windows-1252, the rest as UTF-8.
UTF8_WITH_WINDOWS_1252 = "utf-8+windows-1252"

#: Labels read as :data:`WINDOWS_1252` (as the WHATWG Encoding Standard reads them).
_WINDOWS_1252_LABELS = frozenset(
    {"windows-1252", "cp1252", "latin-1", "latin1", "iso-8859-1", "iso8859-1", "l1", "x-cp1252"}
)

#: Bytes 0x80-0x9F that Python's cp1252 codec leaves undefined; WHATWG maps them to C1.
_UNDEFINED_IN_CP1252 = (0x81, 0x8D, 0x8F, 0x90, 0x9D)

#: How many signs of garbling per letter make a file "not text" (and at least
#: :data:`_NOISE_MIN` of them, so that one odd sign in a short title is not enough): random
#: bytes show about one per letter when read as Windows-1252 and mostly over 0.15 in the
#: best other reading; the right reading of a real text at most 0.03 (docs/encodings.md).
_NOISE_PER_LETTER = 0.1
_NOISE_MIN = 3


@dataclass(frozen=True)
class Guess:
    """The text of non-UTF-8 bytes and the encoding it was read as."""

    text: str
    encoding: str


@cache
def _windows_1252_table() -> str:
    table = [bytes([b]).decode("cp1252", errors="replace") for b in range(256)]
    for b in _UNDEFINED_IN_CP1252:
        table[b] = chr(b)
    return "".join(table)


def decode_windows_1252(data: bytes) -> str:
    """Decode as the WHATWG Encoding Standard's windows-1252: every byte is defined.

    >>> decode_windows_1252(b"\\x93caf\\xe9\\x94 \\x81")
    '“café” \\x81'
    """
    return codecs.charmap_decode(data, "strict", _windows_1252_table())[0]


def canonical_name(name: str) -> str:
    """The name an encoding is reported by; ``LookupError`` for a name Python lacks.

    Windows-1252 and the labels the web reads as it (``latin-1``, ``iso-8859-1``) are
    :data:`WINDOWS_1252`; any other name is Python's codec name for it.

    >>> canonical_name("Latin-1"), canonical_name("SJIS"), canonical_name("koi8_r")
    ('windows-1252', 'shift_jis', 'koi8-r')
    >>> canonical_name("base64")
    Traceback (most recent call last):
    ...
    LookupError: 'base64' is not a text encoding
    """
    if is_windows_1252(name):
        return WINDOWS_1252
    if name.strip().lower() == UTF8_WITH_WINDOWS_1252:
        return UTF8_WITH_WINDOWS_1252
    try:
        info = codecs.lookup(name.strip())
    except LookupError:
        raise LookupError(f"unknown encoding {name!r}") from None
    if not getattr(info, "_is_text_encoding", True):  # base64, zlib, rot13: not charsets
        raise LookupError(f"{name!r} is not a text encoding")
    return info.name


def is_windows_1252(label: str) -> bool:
    """Whether the web reads an encoding label as Windows-1252 (``iso-8859-1`` is)."""
    return label.strip().lower().replace("_", "-") in _WINDOWS_1252_LABELS


def decode_as(data: bytes, encoding: str) -> str:
    """Decode with a canonical encoding name (strictly, except Windows-1252's C1 bytes)."""
    if encoding == WINDOWS_1252:
        return decode_windows_1252(data)
    if encoding == UTF8_WITH_WINDOWS_1252:
        return data.decode("utf-8", errors=_windows_1252_bytes())
    return data.decode(encoding)


@cache
def _windows_1252_bytes() -> str:
    """The name of a codec error handler that reads bytes UTF-8 rejects as Windows-1252."""
    table = _windows_1252_table()

    def handler(error: UnicodeError) -> tuple[str, int]:
        assert isinstance(error, UnicodeDecodeError)
        bad = error.object[error.start : error.end]
        return "".join(table[b] for b in bad), error.end

    name = "textwash.windows-1252"
    codecs.register_error(name, handler)
    return name


def guess(data: bytes) -> Guess | None:
    """The most plausible reading of bytes that are not UTF-8, or ``None`` for noise.

    The readings are compared on a sample (:func:`_sample`): the lines that hold non-ASCII
    bytes, up to :data:`_SAMPLE_BYTES`, which is the whole file for most files.
    """
    sample = _sample(data)
    western = decode_windows_1252(sample)
    western_score = implausibility(western)
    if western_score == 0:
        return Guess(decode_windows_1252(data), WINDOWS_1252)
    utf8 = _utf8_share(sample)
    if utf8 >= _MOSTLY_UTF8:
        return Guess(decode_as(data, UTF8_WITH_WINDOWS_1252), UTF8_WITH_WINDOWS_1252)
    readings = [(western_score, 0, WINDOWS_1252, western)]
    for order, encoding in enumerate(_candidates(sample, utf8 > 0), 1):
        text = _decode_sample(sample, encoding)
        if text is None:
            continue
        score = implausibility(text)
        readings.append((score, order, encoding, text))
        if score == 0:
            break  # no later candidate can do better, and ties go to the earlier
    readings.sort(key=lambda reading: reading[:2])
    best = readings[0][3]
    if garbling(best) > max(_NOISE_PER_LETTER * letters(best), _NOISE_MIN):
        return None
    for _, _, encoding, _ in readings:
        try:
            return Guess(decode_as(data, encoding), encoding)
        except UnicodeDecodeError:  # beyond the sample: the next best reading
            continue
    return None  # pragma: no cover - Windows-1252 always decodes


#: The most bytes of a file :func:`guess` compares readings on.
_SAMPLE_BYTES = 1 << 16
_NON_ASCII_BYTE = re.compile(rb"[\x80-\xff]")


def _sample(data: bytes) -> bytes:
    """The lines of ``data`` that hold non-ASCII bytes (lines of ASCII read the same in
    every candidate), up to :data:`_SAMPLE_BYTES`; small files whole."""
    if len(data) <= _SAMPLE_BYTES:
        return data
    lines: list[bytes] = []
    size = pos = 0
    while size < _SAMPLE_BYTES and (hit := _NON_ASCII_BYTE.search(data, pos)):
        start = data.rfind(b"\n", pos, hit.start()) + 1 or pos
        if hit.start() - start > _SAMPLE_BYTES // 4:
            # a huge line: from the space before the hit (never inside a character)
            space = data.rfind(b" ", hit.start() - _SAMPLE_BYTES // 4, hit.start())
            start = space + 1 if space >= 0 else start
        end = data.find(b"\n", hit.end())
        end = len(data) if end < 0 else end
        end = min(end, start + _SAMPLE_BYTES - size)
        lines.append(data[start:end])
        size += end - start + 1
        pos = end + 1
    return b"\n".join(lines)


def _decode_sample(sample: bytes, encoding: str) -> str | None:
    """``sample`` decoded, allowing for a character cut at its very end; ``None`` if it
    does not decode as ``encoding``."""
    try:
        return decode_as(sample, encoding)
    except UnicodeDecodeError as error:
        if error.start < len(sample) - 4:
            return None
        try:
            return decode_as(sample[: error.start], encoding)
        except UnicodeDecodeError:
            return None
    except LookupError:
        return None


#: Encodings tried after the detector's candidates, in case it missed them: the legacy
#: encodings a scraper meets most (Cyrillic, Central European, Japanese, Chinese, Korean).
_COMMON = (
    "cp1251",
    "koi8-r",
    "iso8859-2",
    "cp1250",
    "shift_jis",
    "cp932",
    "euc_jp",
    "gb18030",
    "big5",
    "euc_kr",
)


def _utf8_share(data: bytes) -> float:
    """The share of the non-ASCII bytes that form UTF-8 sequences.

    Legacy text makes such sequences only by chance (Chinese or Japanese bytes in about
    one pair of ten, Western text hardly ever), so a file where nearly all do is UTF-8
    with a few stray bytes, whatever else its bytes could be read as.
    """
    non_ascii = len(data) - len(data.translate(None, _NON_ASCII_BYTES))
    in_sequences = sum(len(m) for m in _UTF8_SEQUENCE.findall(data))
    return in_sequences / non_ascii if non_ascii else 0.0


_NON_ASCII_BYTES = bytes(range(0x80, 0x100))
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
#: Above this share of non-ASCII bytes in UTF-8 sequences, a file is UTF-8 with stray bytes.
_MOSTLY_UTF8 = 0.9


def _candidates(data: bytes, utf8: bool) -> list[str]:
    """charset-normalizer's candidate encodings, best first, then :data:`_COMMON` (after
    UTF-8 with Windows-1252 bytes, when ``utf8``: the bytes hold UTF-8 sequences)."""
    import charset_normalizer

    names: list[str] = [UTF8_WITH_WINDOWS_1252] if utf8 else []
    for match in charset_normalizer.from_bytes(data):
        for encoding in (match.encoding, *match.could_be_from_charset):
            try:
                name = canonical_name(encoding)
            except LookupError:
                continue
            if name not in names and name not in (WINDOWS_1252, "utf-8"):
                names.append(name)
    names += [name for name in map(canonical_name, _COMMON) if name not in names]
    return names
