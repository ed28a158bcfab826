"""Readers' comments at the end of an article: a heading that names them, and what follows.

Extractors that keep an article's text well still keep the comment section under it
("Top Rated Comments" and a dozen readers' paragraphs). Its paragraphs are prose of any
length, so the rules that read the last lines of a tail one by one never reach its
heading. What tells it apart is the heading, and what lies between it and the end:

* a heading that can only head readers' comments, said to be the readers' or ranked
  ("Top Rated Comments", "Reader comments", "Commentaires des lecteurs"), or a blog's
  list of them ("12 comments on “...”"), takes everything under it;
* a heading that may also be the article's ("Comments", a count such as "12 comments",
  a prompt such as "Leave a comment" or "Comments are closed": a count or a prompt is as
  often a link under the headline) takes it only where one of the first
  :data:`MARKER_LINES` lines under it is a comment's furniture (a "Reply" or "Report"
  button, a vote count, a time such as "3 hours ago" or "18 November 2019 at 3:45 pm",
  a "Jane says:" line), and what is under it is no longer than the article above it;
* either goes alone at the very end: the heading of comments the extractor left out.

Headings are known in the languages the structure filters know (English, French,
Italian, German, Spanish, Portuguese, Russian, Chinese, Japanese, Hindi, Arabic).

It is a comment section only on an article: the text above the heading reads like one
(:func:`page_kind.article_like`, its last :data:`ARTICLE_LINES` lines; at least
:data:`MIN_ARTICLE_WORDS` words), and the
section is at most :data:`MAX_SECTION_RATIO` times as long as it, and at most
:data:`MAX_SECTION_LINES` lines. Where posts are the page's content (a forum thread under
a short first post, a mailing-list archive) they are far longer than what is above them,
or no such heading stands over them. Nothing under the heading may be the article's own:
a credit ("Additional reporting by ..."), the author's line, a table row or a line of
code, a paragraph of more than :data:`MAX_COMMENT_WORDS` words.

Cheap where it does not apply, as it must be, since every text is asked: the heading
lies in the last :data:`WINDOW_CHARS` characters, and holds, as written, the word every
heading of its script holds ("omment" of "Comments", "commentaires", "commenti",
"Kommentare"; "oment" of "comentarios" where the text ends in Spanish or Portuguese
letters; the word of the script of the text's end where that is not Latin). One
substring search of the end of the text is what most texts cost; only the lines it
finds are read. So headings without that word ("Join the conversation", "12 thoughts
on ...", "Leave a reply") and headings in capitals ("COMMENTS") are not looked for: each
more word to search for would cost every text about as much again.

>>> heading_kind("Top Rated Comments"), heading_kind("## Comments"), heading_kind("Commentary")
('names', 'may name', None)
>>> marker("3 hours ago"), marker("Reply · Report"), marker("The minister said so.")
(True, True, False)
"""

from __future__ import annotations

import functools
import re
from typing import Literal, NamedTuple

from textwash.structure import closing, heuristics, page_kind, patterns
from textwash.structure.lines import first_text_lines

#: How far from the end a comment section's heading may start (characters): about a
#: thousand words of comments. A longer section is left alone, and every text pays for
#: the literal search over this much of its end only.
WINDOW_CHARS = 5000

#: Longest heading line (characters): "12 comments on “...”" carries a title.
MAX_HEADING_CHARS = 160

#: Spaces a heading line may be indented by beyond :data:`MAX_HEADING_CHARS` (text
#: extractors indent nested blocks).
_INDENT = 40

#: Most lines of text under the heading: more are a forum's pages, or a page's sidebars
#: and footer under its comments, not what a reader sees under an article.
MAX_SECTION_LINES = 60

#: Lines above the heading that must read like an article (:func:`page_kind.article_like`):
#: enough to show a page of code or tables, and a bound on the cost.
ARTICLE_LINES = 100

#: Fewest words of the text above the heading: shorter, it is no article, and what
#: follows may be the page's own posts.
MIN_ARTICLE_WORDS = 100

#: The longest a comment section may be, in words, as a multiple of the article above
#: it: readers write less than the story, or about as much; posts many times longer than
#: the text above them are the page's content (a thread under a short first post).
MAX_SECTION_RATIO = 4

#: A line of more words than this under the heading is no reader's comment: the
#: article's prose, or an essay's section.
MAX_COMMENT_WORDS = 300

#: Under a heading that may be the article's, a comment's furniture must come within
#: this many lines: the first comment's name, time or buttons.
MARKER_LINES = 3

#: Longest line that can be a comment's furniture (a button row, a time, a name).
MAX_MARKER_CHARS = 80

#: The word every heading holds, as written, searched for at the end of the text with
#: one substring search: "omment" of "Comments", "commentaires", "commenti",
#: "Kommentare". Headings in capitals ("COMMENTS") are not looked for: one more search
#: would cost every text as much again.
_LATIN_WORD = "omment"
#: The same for the texts whose end is written in another script, or in Spanish or
#: Portuguese ("comentarios", "comentários"), told by its letters: searched for too.
_SCRIPT_WORDS = {
    "iberian": ("oment",),
    "cyrillic": ("оммент", "ОММЕНТ", "бсужд"),
    "arabic": ("تعليق",),
    "devanagari": ("टिप्पण", "कमेंट"),
    "kana": ("コメント",),
    "han": ("评论", "評論", "留言"),
}
#: A letter of Spanish or Portuguese, or a character of another script, and where each
#: one's block starts, to tell which from its code point.
_OTHER_SCRIPT = re.compile(
    "[ñáíóúãõ\u0400-\u04ff\u0600-\u06ff\u0900-\u097f\u3040-\u30ff\u4e00-\u9fff]"
)
_SCRIPT_BLOCKS = (
    ("\u00e1", "iberian"),
    ("\u0400", "cyrillic"),
    ("\u0600", "arabic"),
    ("\u0900", "devanagari"),
    ("\u3040", "kana"),
    ("\u4e00", "han"),
)
#: Characters at the end of the text its script is told from.
_SCRIPT_SAMPLE = 64

_COUNT = r"\d[\d,.]{0,8}[kK]?"
#: A count after a heading: "(12)", "(+)" (its closing bracket may be cut off with the
#: line's trailing marks).
_PAREN = rf"(?:\s{{0,2}}[(（](?:{_COUNT}|\+)[)）]?)?"
_NUMBER_WORDS = r"(?:one|two|three|four|five|six|seven|eight|nine|ten)"

#: Headings that can only head readers' comments: comments ranked or said to be the
#: readers' ("Top Rated Comments", "Reader comments", "Commentaires des lecteurs"), the
#: list of a blog's comments ("12 comments on “...”").
_NAMES_COMMENTS = "|".join(
    [
        rf"(?:{_COUNT}\s)?(?:readers?['’]?|users?['’]?|visitors?['’]?|audience|members?['’]?"
        rf"|community|facebook|disqus)\s(?:comments?){_PAREN}",
        rf"(?:top|best|most\s(?:popular|liked|recommended|recent|upvoted)|top[- ]rated"
        rf"|highest[- ]rated|highly\srated|featured|highlighted|selected|editors['’]?\s?picks?"
        rf"|recent|latest|newest|popular|trending|all)\s(?:{_COUNT}\s)?comments{_PAREN}",
        rf"(?:{_COUNT}|{_NUMBER_WORDS})\scomments?\s(?:on|to)\s.{{1,140}}",
        r"commentaires?\sdes\s(?:lecteurs|internautes)",
        r"commenti\sdei\slettori|leserkommentare|kommentare\sder\sleser",
        r"comentarios\sde\s(?:los\s)?lectores|comentários\sdos\sleitores",
        r"комментарии\sчитателей|(?:последние|лучшие)\sкомментарии",
        r"(?:网友|網友|读者|讀者|最新|热门|熱門|精彩)(?:评论|評論|留言)|(?:みんなの|読者の|最新の)コメント",
        r"पाठकों\sकी\s(?:टिप्पणियाँ|टिप्पणियां)|تعليقات\sالقراء",
    ]
)

#: Headings that may also be the article's: a part titled "Comments"; a count or a prompt
#: ("12 comments", "Leave a comment", "Comments are closed"), which is as often a link
#: under the headline. A comment section only over a comment's furniture.
_MAY_NAME_COMMENTS = "|".join(
    [
        rf"(?:{_COUNT}\s)?comments?{_PAREN}",
        r"(?:leave|post|add|write|submit|type|enter)\s(?:a\s|an\s|your\s|the\s|new\s|a\snew\s)?"
        r"comment(?:\s(?:below|here|on\sthis\s(?:article|story|post)))?(?:\s?cancel\sreply)?",
        r"(?:the\s)?comments?(?:\ssection)?\s(?:are|is|have\sbeen|has\sbeen)\s(?:now\s)?"
        r"(?:closed|disabled|turned\soff)(?:\s(?:for|on)\sthis\s(?:article|story|post))?",
        # French, Italian, German
        rf"(?:{_COUNT}\s)?commentaires?{_PAREN}|vos\scommentaires",
        r"(?:laisser|laissez|ajouter|ajoutez|écrire|écrivez|poster|postez|publier|publiez"
        r"|rédiger|rédigez)\s(?:un|votre)\scommentaire",
        r"les\scommentaires\ssont\s(?:fermés|clos|désactivés)",
        rf"(?:{_COUNT}\s)?commenti{_PAREN}|(?:lascia|lasciare|aggiungi|scrivi|inserisci)"
        r"\s(?:un|il\stuo)\scommento|i\scommenti\ssono\s(?:chiusi|disattivati)",
        rf"(?:{_COUNT}\s)?kommentare?{_PAREN}|kommentar\s(?:schreiben|verfassen"
        r"|abgeben)|schreiben\ssie\seinen\skommentar|jetzt\skommentieren|kommentieren\ssie",
        r"die\skommentarfunktion\s(?:ist|wurde)\s(?:geschlossen|deaktiviert|abgeschaltet)",
        # Spanish, Portuguese
        rf"(?:{_COUNT}\s)?comentá?rios?{_PAREN}|(?:{_COUNT}\s)?comentarios?{_PAREN}",
        r"(?:deja|dejar|deje|escribe|escribir|añade|añadir|publica|agrega|agregar)\s(?:un|tu"
        r"|su)\scomentario|los\scomentarios\sestán\scerrados",
        r"(?:deixe|deixar|escreva|adicione|faça|envie)\s(?:um|seu|o\sseu|sua)\scomentário"
        r"|os\scomentários\sestão\sfechados",
        # Russian
        rf"(?:{_COUNT}\s)?(?:комментари(?:и|й|я|ев)){_PAREN}|обсуждение|все\sкомментарии",
        r"(?:добавить|оставить|написать)\sкомментарий",
        # Chinese, Japanese
        rf"(?:评论|評論|留言){_PAREN}|{_COUNT}\s?(?:条|條|则|則)(?:评论|評論|留言)"
        r"|(?:发表|發表|我要|写|寫)(?:评论|評論|留言)|全部(?:评论|評論)",
        rf"コメント{_PAREN}|{_COUNT}\s?件のコメント|コメント(?:を)?(?:書く|する|投稿する|残す)",
        # Hindi, Arabic
        rf"(?:{_COUNT}\s)?(?:टिप्पणियाँ|टिप्पणियां|कमेंट्स?)|(?:टिप्पणी|कमेंट)\s(?:करें|लिखें|दें)"
        r"|अपनी\sटिप्पणी\s(?:दें|लिखें)",
        rf"(?:{_COUNT}\s)?(?:التعليقات|تعليقات|تعليق|تعليقا)|(?:أضف|اضف|اترك|أكتب|اكتب)\s"
        r"(?:تعليقا|تعليقاً|تعليق|تعليقك)",
    ]
)

_HEADING = re.compile(rf"(?P<names>{_NAMES_COMMENTS})|(?P<may>{_MAY_NAME_COMMENTS})", re.IGNORECASE)

_BUTTON = (
    r"reply|report|report\sabuse|flag|like|likes|dislike|upvote|downvote|permalink|"
    r"recommend|cancel\sreply|log\sin\sto\sreply|répondre|signaler|antworten|melden|"
    r"responder|denunciar|reportar|rispondi|segnala|ответить|пожаловаться|回复|回復|举报|舉報|"
    r"返信|通報|जवाब\sदें|उत्तर\sदें|رد|إبلاغ"
)
_ONE_BUTTON = (
    rf"(?:{_BUTTON}|{_COUNT}\s?(?:likes?|points?|votes?|upvotes?|replies|recommend(?:s|ations)?)"
    rf"|[↑↓▲▼]\s?\d{{1,6}}|\d{{1,6}}\s?[↑↓▲▼])"
)
_BUTTON_GAP = r"[\s·•|,/()↓↑-]{1,5}"
#: A row of a comment's buttons and counts: "Reply", "Like · Reply · 12", "12 points"
#: (a bare number only after a button: alone, it may be anything).
_BUTTON_ROW = re.compile(
    rf"{_ONE_BUTTON}(?:(?:{_BUTTON_GAP})?{_ONE_BUTTON}|{_BUTTON_GAP}\d{{1,6}}){{0,5}}",
    re.IGNORECASE,
)
#: A time relative to now: "3 hours ago", "il y a 2 jours", "vor 5 Minuten".
_AGO = re.compile(
    r"\b(?:\d{1,3}|an?|one)\s?(?:s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?|w|wks?"
    r"|weeks?|mo|months?|y|yrs?|years?)\sago\b"
    r"|\bil\sy\sa\s\d{1,3}\s(?:secondes?|minutes?|heures?|jours?|semaines?|mois|ans?)\b"
    r"|\bvor\s\d{1,3}\s(?:Sekunden?|Minuten?|Stunden?|Tagen?|Wochen?|Monaten?|Jahren?)\b"
    r"|\bhace\s\d{1,3}\s(?:segundos?|minutos?|horas?|días?|semanas?|meses?|años?)\b"
    r"|\bhá\s\d{1,3}\s(?:segundos?|minutos?|horas?|dias?|semanas?|meses?|anos?)\b"
    r"|\b\d{1,3}\s(?:secondi|minuti|ore|giorni|settimane|mesi|anni)\sfa\b"
    r"|\b\d{1,3}\s(?:секунд\w{0,2}|минут\w{0,2}|час\w{0,2}|дн\w{0,2}|день|недел\w{0,2}|месяц\w{0,2}|год\w{0,2}|лет)\sназад"
    r"|\d{1,3}\s?(?:秒|分钟|分鐘|小时|小時|天|周|週|个月|個月|年|分|時間|日|週間|か月|ヶ月)前"
    r"|\d{1,3}\s(?:सेकंड|मिनट|घंटे|दिन|सप्ताह|महीने|साल)\sपहले|منذ\s\d{1,3}",
    re.IGNORECASE,
)
#: A date with a time of day, as comments are stamped: "November 18, 2019 at 3:45 pm",
#: "18.11.2019 15:45".
_STAMP = re.compile(
    r"(?:\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]{0,7}\.?\s\d{1,2}(?:st|nd|rd|th)?,?\s\d{4}"
    r"|\b\d{1,2}(?:st|nd|rd|th)?\s(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]{0,7}\.?,?\s\d{4}"
    r"|\b\d{1,4}[./-]\d{1,2}[./-]\d{2,4})"
    r"[\s,]{1,3}(?:at\s|@\s?|-\s|um\s|à\s|às\s|alle\s|a\slas\s)?\d{1,2}[:.h]\d{2}\b"
    r"|\b\d{1,2}:\d{2}\s\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b",
    re.IGNORECASE,
)
#: A post's attribution: "Jane Doe says:", "Alan wrote on December 24, 2020 at 3:53 am:",
#: "Quote from: Jane" (:data:`patterns.QUOTE_ATTRIBUTION`). Posts introduced so are a
#: thread the page shows, as a forum or a mailing-list archive does, and a blog that
#: prints its comments with the post: Readability keeps them, and so do its readers.
_ATTRIBUTION = re.compile(
    r"\b(?:says|said|wrote|writes|posted|replied|commented|dit|schreibt|escribió|dice|disse"
    r"|scrive|написал\w{0,2}|пишет)\b[^\n]{0,60}:\W{0,3}$",
    re.IGNORECASE,
)


@functools.lru_cache(maxsize=4096)
def heading_kind(line: str) -> Literal["names", "may name"] | None:
    """Whether ``line`` heads a comment section: ``"names"`` where it can only head
    readers' comments, ``"may name"`` where it may title a part of the article too,
    ``None`` where it heads none."""
    stripped = line.strip()
    if not stripped or len(stripped) > MAX_HEADING_CHARS:
        return None
    found = _HEADING.fullmatch(patterns.core(stripped))
    if found is None:
        return None
    return "names" if found.group("names") is not None else "may name"


@functools.lru_cache(maxsize=4096)
def marker(line: str) -> bool:
    """Whether ``line`` is a comment's furniture: its buttons or counts, its time."""
    stripped = line.strip()
    if not stripped or len(stripped) > MAX_MARKER_CHARS:
        return False
    core = patterns.core(stripped) or stripped
    return (
        _BUTTON_ROW.fullmatch(core) is not None
        or _AGO.search(stripped) is not None
        or _STAMP.search(stripped) is not None
    )


class Section(NamedTuple):
    """A comment section: the line index of its heading, and the heading."""

    start: int
    heading: str


def find_section(text: str, stop: int | None = None) -> Section | None:
    """The comment section that ends ``text`` (``text[:stop]`` where ``stop`` is given),
    or ``None``: the first heading in its last :data:`WINDOW_CHARS` characters (counted
    from its last character of text, so that blank lines at the end change nothing) under
    which every line is a comment's (see the module docstring).

    Only the lines holding the word a heading holds are read (:data:`_LATIN_WORD`, and
    the words of the script of the text's end), and the text above a heading only once
    the lines under it are comments: most texts cost one search of their end. The answer
    for the text last asked about is kept: a filter's trigger and then the filter ask
    about the same text."""
    global _last_answer
    stop = len(text) if stop is None else stop
    while stop and text[stop - 1].isspace():
        stop -= 1
    last = _last_answer
    if last is not None and last[0] is text and last[1] == stop:
        return last[2]
    answer = _find_section(text, stop)
    _last_answer = (text, stop, answer)
    return answer


#: The text last asked about, where it was read to, and the answer (one slot, the text
#: matched by identity: no text is hashed or compared).
_last_answer: tuple[str, int, Section | None] | None = None


def _find_section(text: str, stop: int) -> Section | None:
    start = max(0, stop - WINDOW_CHARS)
    begins: set[int] = set()  # where the lines holding the word start
    for word in _heading_words(text, stop):
        at = text.find(word, start, stop)
        while at >= 0:
            begins.add(text.rfind("\n", 0, at) + 1)
            line_end = text.find("\n", at, stop)
            at = -1 if line_end < 0 else text.find(word, line_end, stop)
    for begin in sorted(begins):
        end = text.find("\n", begin, stop)
        if end < 0:
            end = stop
        if end - begin > MAX_HEADING_CHARS + _INDENT:
            continue  # a paragraph that mentions comments
        heading = text[begin:end]
        kind = heading_kind(heading)
        if kind is not None and _comments_under(text, begin, end, stop, kind == "names"):
            return Section(text.count("\n", 0, begin), heading.strip())
    return None


def _heading_words(text: str, stop: int) -> tuple[str, ...]:
    """The words a heading holds: the Latin script's, and those of the script of the
    last :data:`_SCRIPT_SAMPLE` characters of ``text`` before ``stop``, if another."""
    if text.isascii():
        return (_LATIN_WORD,)
    found = _OTHER_SCRIPT.search(text, max(0, stop - _SCRIPT_SAMPLE), stop)
    if found is None:
        return (_LATIN_WORD,)
    script = next(name for start, name in reversed(_SCRIPT_BLOCKS) if found.group() >= start)
    return (*_SCRIPT_WORDS[script], _LATIN_WORD)


def _comments_under(text: str, begin: int, end: int, stop: int, names: bool) -> bool:
    """Whether the lines under the heading from ``begin`` to ``end`` in ``text``, down to
    ``stop``, are readers' comments on the article above it (``names``: the heading can only head
    comments). The cheap tests come first: most headings met are not over comments."""
    if not names:
        first = first_text_lines(text[end + 1 : stop], MARKER_LINES)
        if first and not any(marker(line) for line in first):
            return False
    below = [line for line in text[end + 1 : stop].split("\n") if line.strip()]
    if len(below) > MAX_SECTION_LINES:
        return False
    section_words = 0
    for line in below:
        words = heuristics.word_count(line)
        if words > MAX_COMMENT_WORDS or page_kind.structured(line) or posts_attributed(line):
            return False  # prose, code or a table, or a thread's posts: the page's own
        if (heuristics.is_credit(line) or closing.authors_line(line)) and not marker(line):
            return False  # the article's own closing line: the heading is the article's
        section_words += words
    needed = max(MIN_ARTICLE_WORDS, -(-section_words // (MAX_SECTION_RATIO if names else 1)))
    return _at_least_words(text, begin, needed) and page_kind.article_like(
        _lines_above(text, begin, ARTICLE_LINES)
    )


def posts_attributed(line: str) -> bool:
    """Whether ``line`` introduces a post as a thread does ("Jane Doe says:", "Alan wrote
    on December 24, 2020 at 3:53 am:", "Quote from: Jane")."""
    stripped = line.strip()
    if len(stripped) > MAX_MARKER_CHARS:
        return False
    return (
        _ATTRIBUTION.search(stripped) is not None
        or patterns.QUOTE_ATTRIBUTION.search(stripped) is not None
    )


def _lines_above(text: str, begin: int, count: int) -> list[str]:
    """The ``count`` lines above the line starting at ``begin`` (fewer at the start of
    ``text``), found without splitting the rest."""
    found: list[str] = []
    end = begin - 1
    while end >= 0 and len(found) < count:
        start = text.rfind("\n", 0, end) + 1
        found.append(text[start:end])
        end = start - 1
    return found[::-1]


def _at_least_words(text: str, begin: int, count: int) -> bool:
    """Whether the lines of ``text`` above ``begin`` hold ``count`` words or more
    (counted from the heading up, stopping early)."""
    seen = 0
    end = begin - 1
    while end >= 0:
        start = text.rfind("\n", 0, end) + 1
        seen += heuristics.word_count(text[start:end])
        if seen >= count:
            return True
        end = start - 1
    return False
