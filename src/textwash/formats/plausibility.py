"""How plausible a decoded text is: signs that bytes were read with the wrong table.

Like ftfy's ``badness`` module this only scores; :mod:`.legacy` decides with the score.
Text decoded with the right encoding shows none of these signs; text decoded with a wrong
one shows them in nearly every word:

* control characters (C0 other than tab, line feed, form feed, carriage return; C1),
  private-use characters and U+FFFD;
* a symbol inside a word: ``Pøíli¹`` is ISO-8859-2 ``Příliš`` read as Windows-1252;
* a word that switches script (a Latin word in Chinese or Japanese text and a Cyrillic
  look-alike in a Latin word aside) or case (``BentleyÆs``: a curly apostrophe read as
  cp850) in mid-word;
* a Latin word of three or more letters that are all accented (``Ïðèâåò`` is cp1251
  ``Привет``), or whose accented letters no one Western language writes together
  (``Pøíliš``; ``Smörgåsbord``, ``crème brûlée`` and ``Łódź`` are fine);
* a CJK character alone among ASCII letters (``Bentley慨 car``: Western text read as a
  double-byte encoding), and characters that legacy tables give but text seldom holds:
  box drawing, maths and technical signs, half-width katakana;
* ftfy's badness: sequences typical of UTF-8 read as a single-byte encoding, and of
  double-byte encodings read as Windows-1252 (``¡®2018¡¯`` is GB18030 ``‘2018’``).

>>> implausibility("Bentley’s “Rebekah” at the café, déjà vu — naïve Zürich")
0
>>> implausibility("BentleyÆs ōRebekahö"), implausibility("Pøíli¹ ¾lu»ouèký")
(2, 3)
>>> implausibility("Ïðèâåò, êàê äåëà?"), implausibility("Привет, как дела?")
(3, 0)
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from functools import cache
from itertools import pairwise

#: A letter, as far as words go (superscript digits and fractions are symbols here).
_LETTER = "[^\\W\\d_\u00b2\u00b3\u00b9\u00bc-\u00be]"
#: A non-ASCII letter: where a word worth a look starts.
_NON_ASCII_LETTER = re.compile("[^\\W\\d_\x00-\x7f\u00b2\u00b3\u00b9\u00bc-\u00be]")
_LETTERS = re.compile(_LETTER + "*")
#: Control characters other than tab, line feed, form feed and carriage return; private
#: use; the replacement character.
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ue000-\uf8ff\ufffd]")
#: A non-ASCII symbol between two letters, other than what real words hold: apostrophes,
#: hyphens and dashes, dots, quotes, a soft hyphen, combining marks, CJK punctuation (CJK
#: has no spaces); box drawing counts among the rare characters instead.
_SYMBOL_IN_WORD = re.compile(
    "(?:[^\\w\\s\x00-\x7f\u2019\u2018\u02bc\u00b4\u00b7\u2010\u2011\u2013\u2014\u00ad"
    "\u2026\u201c\u201d\u3000-\u303f\u30fb\uff00-\uffef\u0300-\u036f\u2500-\u259f]"
    "|[\u00b2\u00b3\u00b9\u00bc-\u00be])"
    f"(?<={_LETTER}.)(?={_LETTER})"
)
_CJK_CHAR = "[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]"
_ANY_CJK = re.compile(_CJK_CHAR)
#: A CJK character between ASCII characters, one of them a letter: Western text read as a
#: double-byte encoding (``Bentley慨 car``). Chinese and Japanese text holds Latin words
#: (``iPhoneを``), but seldom one ideograph glued to them.
_LONE_CJK = re.compile(
    f"{_CJK_CHAR}(?:(?<=[A-Za-z].)(?=[\x00-\x7f])|(?<=[\x00-\x7f].)(?=[A-Za-z]))"
)
#: Runs of characters legacy tables give but text seldom holds: maths operators and
#: technical signs, box drawing and block elements (DOS and KOI8 code pages), half-width
#: katakana (single Shift_JIS bytes), and the Latin-1 and Windows-1252 signs ftfy counts as
#: "nearly 100% mojibake" (currency sign, broken bar, diaeresis, not sign, macron,
#: cedilla, spacing accents, ƒ, ‰, ‡, ◊). A run counts once: a table drawn in box
#: characters is one sign, not hundreds.
_RARE = re.compile(
    "[\u2200-\u23ff\u2500-\u259f\uff61-\uff9f\u00a4\u00a6\u00a8\u00ac\u00af\u00b8"
    "\u02c6\u02c7\u02d8\u02db\u02dc\u0192\u2030\u2021\u25ca]+"
)
#: How far the signs reach beyond a word holding an unusual character (ftfy's badness
#: patterns are shorter).
_REACH = 8
#: Runs of non-ASCII characters other than the ones every kind of text uses (quotes,
#: dashes, an ellipsis, a middle dot, a no-break space): those give no sign on their own
#: (a symbol inside a word may be one of them), so the checks look only around the others.
_UNUSUAL = re.compile("[^\x00-\x7f\u00a0\u2018\u2019\u201c\u201d\u2013\u2014\u2026\u00b7]+")

#: The accented letters of the languages written in Latin script, as their alphabets have
#: them. A word whose accented letters no one language writes together is a word read
#: with the wrong table (``Pøíliš``, ``Zaŋóģæ``); ``Smörgåsbord``, ``crème brûlée``,
#: ``Dvořák`` and ``Łódź`` are fine. Letters outside every list say nothing.
_LETTERS_OF = (
    "àâæçèéêëîïôœùûüÿ",  # French
    "äöüß",  # German
    "áéíóúñü",  # Spanish
    "àáâãçéêíóôõú",  # Portuguese
    "àèéìíîòóùú",  # Italian
    "àçèéíïòóúü",  # Catalan
    "áäéèëïóöü",  # Dutch
    "æøåéóàôè",  # Danish, Norwegian
    "åäöé",  # Swedish
    "äöåšž",  # Finnish
    "äöõüšž",  # Estonian
    "áæéíóöúýðþ",  # Icelandic
    "áéíóöőúüű",  # Hungarian
    "áčďéěíňóřšťúůýž",  # Czech
    "áäčďéíĺľňóôŕšťúýž",  # Slovak
    "ąćęłńóśźż",  # Polish
    "ăâîșțşţ",  # Romanian
    "čćđšž",  # Croatian, Bosnian, Serbian, Slovene
    "ąčęėįšųūž",  # Lithuanian
    "āčēģīķļņšūž",  # Latvian
    "çğıöşüâîû",  # Turkish
    "çəğıöşü",  # Azerbaijani
    "àċèġħìòùż",  # Maltese
    "çë",  # Albanian
    "êëïôûéèáíóú",  # Afrikaans
    "áéíóúàèìòù",  # Irish, Scottish Gaelic
    "âêîôûŵŷäëïöüáéíóúàèìòù",  # Welsh
    "ĉĝĥĵŝŭ",  # Esperanto
    "áčđŋšŧž",  # Northern Sami
)
_LANGUAGES_OF: dict[str, int] = {}
for _bit, _letters in enumerate(_LETTERS_OF):
    for _letter in _letters:
        _LANGUAGES_OF[_letter] = _LANGUAGES_OF.get(_letter, 0) | 1 << _bit
_ANY_LANGUAGE = (1 << len(_LETTERS_OF)) - 1

#: Cyrillic letters that look like Latin ones (a word mixing them is a typo, not garbling).
_LOOK_ALIKES = frozenset("АВЕКМНОРСТХаеорсухІіЈј")

#: Script of a letter by code point: range starts and names (``None``: look it up).
_SCRIPT_STARTS = (0x0000, 0x0250, 0x0370, 0x0400, 0x0530, 0x0590, 0x0600, 0x0780, 0x1100)
_SCRIPT_NAMES = ("Latin", None, "Greek", "Cyrillic", None, "Hebrew", "Arabic", None, None)
_CJK_RANGES = (
    (0x1100, 0x11FF),
    (0x3040, 0x30FF),
    (0x3130, 0x318F),
    (0x3400, 0x9FFF),
    (0xAC00, 0xD7AF),
    (0xF900, 0xFAFF),
    (0xFF00, 0xFFEF),
)
_CJK_NAMES = frozenset(
    {"CJK", "HIRAGANA", "KATAKANA", "KATAKANA-HIRAGANA", "HANGUL", "IDEOGRAPHIC", "FULLWIDTH"}
)


def implausibility(text: str) -> int:
    """How many signs ``text`` shows of bytes decoded with the wrong table (0: none)."""
    return garbling(text) + len(_RARE.findall(text))


def garbling(text: str) -> int:
    """The signs of :func:`implausibility` but for rare characters: the ones random bytes
    show in every reading (a real text can be full of box drawing, not of these)."""
    import ftfy.badness

    score = len(_CONTROL.findall(text))
    for piece in _unusual_pieces(text):
        score += len(_SYMBOL_IN_WORD.findall(piece))
        if _ANY_CJK.search(piece):
            score += len(_LONE_CJK.findall(piece))
        for word in _non_ascii_words(piece):
            score += _word_implausibility(word)
        score += ftfy.badness.badness(piece)
    return score


def _unusual_pieces(text: str) -> list[str]:
    """The parts of ``text`` every sign lies in: each unusual character with the rest of
    its word and :data:`_REACH` characters either side (windows that meet are merged).

    Most scraped text is ASCII with a few curly quotes; the checks run on the few parts
    around anything else.
    """
    pieces = []
    piece_start = piece_end = 0
    for hit in _UNUSUAL.finditer(text):
        start = hit.start()
        while start > 0 and text[start - 1].isalpha():
            start -= 1
        end = _LETTERS.match(text, hit.end()).end()  # type: ignore[union-attr]
        start, end = max(start - _REACH, 0), end + _REACH
        if start > piece_end:
            if piece_end:
                pieces.append(text[piece_start:piece_end])
            piece_start = start
        piece_end = max(piece_end, end)
    if piece_end:
        pieces.append(text[piece_start:piece_end])
    return pieces


def letters(text: str) -> int:
    """How many letters ``text`` holds (what an implausibility is weighed against)."""
    return sum(len(m) for m in _LETTERS.findall(text))


def _non_ascii_words(text: str) -> list[str]:
    """The words (runs of letters) that hold a non-ASCII letter, in order."""
    words = []
    pos = 0
    while hit := _NON_ASCII_LETTER.search(text, pos):
        start = hit.start()
        while start > pos and text[start - 1].isalpha():
            start -= 1
        end = _LETTERS.match(text, hit.end()).end()  # type: ignore[union-attr]
        words.append(text[start:end])
        pos = end
    return words


def _word_implausibility(word: str) -> int:
    distinct = set(word)
    scripts = {_script(ch) for ch in distinct}
    rest = word[1:]
    # the letter by letter look only where a switch can be: most words are in one
    # script and have no capital after their first letter
    score = _switches(word) if len(scripts) > 1 or rest != rest.lower() else 0
    if scripts == {"Latin"}:
        if len(word) >= 3 and not any(ch.isascii() for ch in distinct):
            score += 1
        else:
            languages = _ANY_LANGUAGE
            for ch in distinct:
                if not ch.isascii():
                    languages &= _LANGUAGES_OF.get(ch.lower(), _ANY_LANGUAGE)
            score += languages == 0
    return score


def _switches(word: str) -> int:
    """Switches of script, and from lower to upper case, between neighbouring letters."""
    score = 0
    for a, b in pairwise(word):
        script_a, script_b = _script(a), _script(b)
        if script_a != script_b:
            # CJK text holds Latin words without spaces around them (``iPhoneを``), and
            # Russian web text Latin words typed with a Cyrillic look-alike (``Сolumn``)
            if "CJK" in (script_a, script_b) and (a.isascii() or b.isascii()):
                continue
            if a in _LOOK_ALIKES or b in _LOOK_ALIKES:
                continue
            score += 1
        elif a.islower() and b.isupper() and not (a.isascii() and b.isascii()):
            score += 1
    return score


@cache
def _script(ch: str) -> str:
    code = ord(ch)
    name = _SCRIPT_NAMES[bisect_right(_SCRIPT_STARTS, code) - 1]
    if name is not None:
        return name
    if any(low <= code <= high for low, high in _CJK_RANGES):
        return "CJK"
    first = unicodedata.name(ch, "").split(" ", 1)[0]
    if first in _CJK_NAMES or first == "HALFWIDTH":
        return "CJK"
    return first.capitalize() if first != "LATIN" else "Latin"
