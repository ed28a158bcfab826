"""HTML entities decoded to a fixed point, in time linear in the text.

Text escaped many times over (``&amp;amp;amp;lt;``, ``&AMP;#38;lt;``, or a ``&`` escaped
as ``&#38;`` next to a ``#`` escaped as ``&#35;``) needs one more decoding for every layer,
and a decoding that stops after a fixed number of layers leaves work for the next run, so it
is not idempotent. Decoding left to right with the output as a stack reaches the end in one
pass: every entity ends with ``;``, so when a ``;`` arrives only the ``&...`` just before it
can complete an entity; it is replaced by its character at once, and that character is
checked again if it is itself a ``;``. Every replacement shortens the text, so the work is
linear, and the result holds no entity left to decode.

>>> decode_entities("Tom &amp; Jerry&nbsp;&#8217;90s")
'Tom & Jerry\\xa0’90s'
>>> decode_entities("&" + "AMP;" * 5 + "lt;"), decode_entities("&" + "#38;" * 5 + "lt;")
('<', '<')
>>> decode_entities("&&&#35;108;t;")
'<'
>>> decode_entities("Br&n\\u200bbsp;idge &\\xad#10;")  # invisible inside: as if absent
'Br\\xa0idge \\n'
>>> decode_entities("AT&T, R&D, &notanentity; and &amp without its semicolon")
'AT&T, R&D, &notanentity; and &amp without its semicolon'
"""

from __future__ import annotations

import html
import re
from html.entities import html5 as html5_entities

from textwash.filters.whitespace import INVISIBLE

#: What may stand between ``&`` and ``;``. Entities without ``;`` (``&amp``) are left as
#: they are: in scraped text ``&copy2020`` or ``?a=1&lt=2`` are more often not entities.
_BODY = r"#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31}"
_ENTITY = re.compile(rf"&(?:{_BODY});")
_WHOLE_BODY = re.compile(_BODY)
#: The longest ``&body`` before a ``;``: ``&`` and 32 characters of name.
_LONGEST = 33
#: An entity with invisible characters inside (``&n\u200bbsp;``). The whitespace filter
#: removes them later, which would complete the entity for the next run: read it as the
#: entity now, so that cleaning twice gives what cleaning once does.
_INVISIBLE = re.compile("[" + re.escape(INVISIBLE) + "]")
_ENTITY_WITH_INVISIBLE = re.compile("&[#A-Za-z0-9" + re.escape(INVISIBLE) + "]{1,64};")
#: How every such entity with an invisible character inside starts: the regex engine skips
#: from ``&`` to ``&``, where a search for the invisible characters alone tests every one.
_INVISIBLE_IN_ENTITY = re.compile("&[#A-Za-z0-9]{0,63}[" + re.escape(INVISIBLE) + "]")
#: Every decoding starts at a match of this in the text as given (an entity, with or without
#: invisible characters inside): a text without one has nothing to decode.
ENTITY_LIKE = _ENTITY_WITH_INVISIBLE


def _decode_body(body: str) -> str | None:
    """The text an entity body stands for, or ``None`` if it is not an entity."""
    if not _WHOLE_BODY.fullmatch(body):
        return None
    if body[0] == "#":
        return html.unescape(f"&{body};")  # out-of-range numbers become U+FFFD, as browsers do
    # Only a whole known name: html.unescape would turn "&notanentity;" into "¬anentity;".
    return html5_entities.get(body + ";")


def _decode_match(match: re.Match[str]) -> str:
    decoded = _decode_body(match.group()[1:-1])
    return match.group() if decoded is None else decoded


def _has_entity(text: str) -> bool:
    return any(_decode_body(m.group()[1:-1]) is not None for m in _ENTITY.finditer(text))


def _without_invisible(match: re.Match[str]) -> str:
    entity = _INVISIBLE.sub("", match.group())
    known = _ENTITY.fullmatch(entity) and _decode_body(entity[1:-1]) is not None
    return entity if known else match.group()


def decode_entities(text: str) -> str:
    """``text`` with every entity decoded, and none left that decoding reveals."""
    if "&" not in text:
        return text
    if _INVISIBLE_IN_ENTITY.search(text):
        text = _ENTITY_WITH_INVISIBLE.sub(_without_invisible, text)
    once = _ENTITY.sub(_decode_match, text)
    if "&" not in once or not _has_entity(once):
        return once  # the usual case: one layer, nothing revealed
    return _decode_to_fixed_point(text)


def _decode_to_fixed_point(text: str) -> str:
    """Decode left to right, re-checking the end of the output after each replacement."""
    out: list[str] = []  # the output so far, one character per item
    start = 0
    while (semicolon := text.find(";", start)) >= 0:
        out.extend(text[start:semicolon])
        start = semicolon + 1
        while True:  # an entity ends here, or a decoded ";" ends another one
            tail = "".join(out[-_LONGEST:])
            amp = tail.rfind("&")
            decoded = _decode_body(tail[amp + 1 :]) if amp >= 0 else None
            if decoded is None:
                out.append(";")
                break
            del out[len(out) - (len(tail) - amp) :]
            if decoded != ";":
                out.extend(decoded)
                break
    out.extend(text[start:])
    return "".join(out)
