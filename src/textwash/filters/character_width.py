"""Full-width and half-width forms folded where they are damage, kept where they are typography.

ftfy folds every full-width form to ASCII (``Ｃｈｉｎａ`` to ``China``, ``，`` to ``,``) and
half-width katakana to full width. In Latin text a full-width character is damage: a comma
that a wrong decoding or a Chinese input method left between English words
(``Ningbo，China``). In Chinese, Japanese and Korean text it is the writing system's own
typography: ``东京（共同社）3日电，首相表示：`` uses full-width brackets, comma and colon,
and folding them leaves a sentence that mixes ASCII commas with ideographic full stops.

So the forms of a line are folded as ftfy folds them only where the line holds no CJK
character (half-width kana and Hangul count as CJK): the writing system is told per line,
which a scraped page mixing an English and a Chinese paragraph needs. Folding never puts a
CJK character on a line (it gives ASCII, or full-width kana from half-width kana, which
made the line CJK already), so a second pass changes nothing, and removing other lines
changes no decision. The ``unicode`` normalization filter (``form = "NFKC"``) folds every
form, for those who want them gone everywhere.

>>> fold_width_outside_cjk("Ningbo，China and ＡＢＣ")
'Ningbo,China and ABC'
>>> fold_width_outside_cjk("东京（共同社）3日电，首相表示：ＡＢＣ")
'东京（共同社）3日电，首相表示：ＡＢＣ'
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

#: Han ideographs, kana (half-width too), Hangul, Bopomofo and CJK punctuation (not U+3000,
#: the ideographic space, which is a form ftfy folds), and the CJK compatibility forms.
_CJK = (
    "\u1100-\u11ff\u2e80-\u2fdf\u3001-\u303f\u3040-\u30ff\u3100-\u31ff\u3200-\u9fff"
    "\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff\ufe30-\ufe4f\uff61-\uffdc\U00020000-\U0003ffff"
)
_CJK_CHAR = re.compile(f"[{_CJK}]")


@cache
def _width_map() -> dict[int, str]:
    from ftfy.chardata import WIDTH_MAP

    return {
        key: (value if isinstance(value, str) else chr(value)) for key, value in WIDTH_MAP.items()
    }


@cache
def _forms() -> re.Pattern[str]:
    return re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_width_map())) + "]")


_LINE_WITH_FORMS = re.compile(r"[^\n]+")


def fold_width_outside_cjk(text: str) -> str:
    """``text`` with the full- and half-width forms of its lines without CJK text folded."""
    if text.isascii() or _forms().search(text) is None:
        return text
    width_map = _width_map()

    def fold(line: re.Match[str]) -> str:
        if _CJK_CHAR.search(line[0]) or _forms().search(line[0]) is None:
            return line[0]
        return unicodedata.normalize("NFC", line[0].translate(width_map))

    return _LINE_WITH_FORMS.sub(fold, text)
