"""Regexes and word lists for the structure filters: data, no decisions.

Every pattern here is matched against one line at a time (the :func:`core` of a line: list
markers, emphasis, wrapping brackets and link targets taken off), is anchored or bounded,
and has no nested unbounded repetition, so matching is linear in the line's length. Lines
longer than :data:`MAX_FURNITURE_CHARS` are never furniture and are not matched at all.

The furniture table lists the kinds of page furniture scrapers leave after an article:
each entry is ``(kind, reason, pattern, whole_line)``. A ``whole_line`` pattern must match
the entire core; the others may match anywhere in it (most are anchored at its start
anyway). ``kind`` is what the teasers filter acts on; ``reason`` is what its explanation
says. Wording is generic page furniture, never a particular site's.

>>> core("* [Privacy Policy](/privacy)")
'Privacy Policy'
>>> bool(SEPARATOR.fullmatch("* * *")), bool(SEPARATOR.fullmatch("3 * 4"))
(True, False)
"""

from __future__ import annotations

import re

from textwash.structure import literals

#: Word tokens, as the benchmark and the relatedness scores count them.
TOKEN = re.compile(r"\w+")

#: Longest line (in characters) that can be furniture: a prompt or a copyright notice is
#: short; a paragraph that merely mentions a newsletter is not furniture.
MAX_FURNITURE_CHARS = 400

#: A first line longer than this is no headline, whatever its word count (the longest of
#: the 130 real titles of the readability test pages has 111 characters; a line of thirty
#: long "words" is a hostile input, not a title).
MAX_HEADLINE_CHARS = 300

#: A line with no letter, digit or underscore: rules, bullets, stray brackets ("-", "* * *").
#: (A line of underscores is a word to the benchmark's tokenizer, and AP copy uses "___"
#: as a section rule inside the story.)
SEPARATOR = re.compile(r"[^\w]{1,80}")

#: A markdown link reference definition left by an HTML-to-markdown converter: "[3]: /terms/".
LINK_REFERENCE = re.compile(r"\[[^\[\]\n]{1,60}\]:\s{0,3}\S{1,500}(?:\s{1,3}\"[^\"\n]{0,200}\")?")

#: A CMS shortcode the page never rendered: "[button link=...] Send us your review[/button]".
SHORTCODE = re.compile(r"\[(\w{1,30})\b[^\[\]\n]{0,300}\][^\[\]\n]{0,300}\[/\1\]")

_MD_LINK = re.compile(r"\[([^\[\]\n]{0,200})\]\((?:[^()\s]{0,500})\)")
_MD_REF = re.compile(r"\[([^\[\]\n]{0,200})\]\[[^\[\]\n]{0,20}\]")
_PAREN_URL = re.compile(r"\((?:https?://|www\.|/|#)[^()\s]{0,500}\)")
_LEAD = re.compile(r"^(?:[\s*_#>•·▪►»|~=+([{–—-]{1,20}|\d{1,3}[.)]\s{1,5}){1,3}")
_TRAIL = re.compile(r"[\s*_#|»>~=:;,.!…)\]}–—-]{1,20}$")


def core(line: str) -> str:
    """A line without list markers, emphasis, wrapping brackets and link targets."""
    text = line.strip()
    if "](" in text:
        text = _MD_LINK.sub(r"\1", text)
    if "][" in text:
        text = _MD_REF.sub(r"\1", text)
    if "(" in text:
        text = _PAREN_URL.sub("", text)
    text = _LEAD.sub("", text)
    text = _TRAIL.sub("", text)
    return text.strip()


def _alternatives(words: str) -> str:
    return "|".join(w.strip() for w in words.split("\n") if w.strip())


#: Footer and navigation link labels; a line made only of these is site furniture.
NAV_ITEMS = _alternatives(r"""
    privacy(?: policy| notice| statement| settings| center| centre)?
    cookies?(?: policy| settings| preferences| notice)?
    terms(?: of (?:use|service|sale))?(?: (?:and|&) conditions)?
    (?:contact|about)(?: us)?
    advertise(?: with us)?
    advertising
    careers
    jobs
    work with us
    site ?map
    help(?: cent(?:er|re))?
    faqs?
    rss(?: feeds?)?
    newsletters?
    (?:back|scroll|go) to top
    top of page
    skip to (?:main )?content
    accessibility(?: statement| help)?
    your (?:california )?privacy rights
    do not sell my (?:personal )?info(?:rmation)?
    (?:your )?ad ?choices
    interest based ads
    media kit
    corrections
    subscriber services
    customer (?:service|support)
    e-edition
    archives?
    sign in
    log ?in
    log ?out
    my account
    home
    search
    menu
    our (?:company|team)
    masthead
    editorial (?:policy|standards)
    ethics policy
    user agreement
    imprint
    impressum
""")

#: Share and follow buttons; a line made only of these is share furniture.
SOCIAL_ITEMS = _alternatives(r"""
    facebook
    twitter
    instagram
    youtube
    linkedin
    pinterest
    whatsapp
    reddit
    tumblr
    telegram
    tiktok
    snapchat
    flipboard
    messenger
    e-?mail
    print
    share(?: this)?
    tweet
    pin(?: it)?
    copy link
    sms
    comments?
    save
""")

_SEP = r"[\s|•·,/]{1,5}"
_NAV_LINE = rf"(?:{NAV_ITEMS})(?:{_SEP}(?:{NAV_ITEMS})){{0,9}}"
_SOCIAL_LINE = rf"(?:{SOCIAL_ITEMS})(?:{_SEP}(?:{SOCIAL_ITEMS})){{0,9}}"

_SOCIAL_NETWORK = (
    r"(?:twitter|facebook|instagram|youtube|linkedin|tiktok|threads|mastodon|bluesky|"
    r"telegram|snapchat|pinterest|flipboard|whatsapp)"
)
_URL = r"(?:https?://|www\.)"
_EMAIL = r"[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,5}"
_WORDS = r"(?: \S{1,40}){0,4}"

#: Headings that introduce a list of other stories; the lines under them go too.
HEADING = _alternatives(rf"""
    (?:related|recommended|suggested|similar|popular|trending|featured|latest|top|more|other|sponsored|promoted|recent|further|additional|must[- ]read)(?: (?:news|content|video|local|world|sports|business|tech))? (?:stories|articles|posts|news|content|coverage|links|reading|videos|reads|headlines|items|topics|galleries|features)(?: (?:for you|now|today|this week|from|on|in|at){_WORDS})?
    (?:related|recommended|trending|popular|sponsored|promoted|featured|latest|more)(?: (?:now|for you|today|this week|right now))?
    most (?:read|popular|viewed|shared|commented|emailed|watched|recent|discussed)(?: (?:stories|articles|news|posts|videos|today|this week|now|on|in|at){_WORDS})?
    (?:you|we think you) (?:may|might|will|could|would|should) (?:also )?(?:like|love|enjoy|want to (?:read|see|watch)|be interested in)(?: (?:this|these|reading|watching))?
    (?:also read|read also|read next|read more|see also|also see|don['’]?t miss|do not miss|must read|what to read next|keep reading|watch next|what['’]?s next|in other news|around the web|from the web|top picks|in case you missed it|icymi|explore further|you may have missed|(?:news|stories) you may have missed)
    (?:elsewhere on|also on|more (?:from|on|in|about|like this|to explore|to read)|popular (?:on|in|at|from)|editor['’]?s['’]? (?:picks?|choice)|trending (?:now|today|on|in)){_WORDS}
    (?:leia (?:também|mais)|veja (?:também|mais)|saiba mais|lesen sie auch|mehr zum thema|weitere artikel|das könnte sie auch interessieren|lire aussi|à lire aussi|a lire aussi|voir aussi|sur le même sujet|leggi anche|potrebbe interessarti|ver también|lee también|te puede interesar|noticias relacionadas|читайте также|смотрите также|похожие новости|関連記事|相关文章|相關文章|관련기사|관련 기사)
    (?:articles? (?:liés|similaires|connexes|recommandés)|à découvrir (?:aussi|également)|les plus lus|dans la même rubrique|articoli (?:correlati|simili)|notizie correlate|i più letti|ähnliche artikel|verwandte artikel|auch interessant|meistgelesen|artículos relacionados|lo más leído|te recomendamos|artigos relacionados|notícias relacionadas|mais lidas|похожие статьи|по теме|ещё по теме|самое читаемое|相关阅读|相关新闻|相關新聞|関連ニュース|あわせて読みたい|संबंधित (?:ख़बरें|खबरें|लेख)|مقالات ذات صلة|اقرأ أيضا|اقرأ أيضاً)
""")

#: Labels that announce a link to another story on the same line ("Read more: ...").
_LINK_LABEL = (
    r"(?:read more|read also|also read|read next|read|related(?: stories| articles)?|see also|"
    r"more|watch|listen|must read|don['’]?t miss|leia (?:também|mais)|veja também|"
    r"lesen sie auch|mehr|lire aussi|à lire aussi|leggi anche(?: su)?|ver también|"
    r"lee también|читайте также)"
)

#: Ad markers left where an advertisement was.
AD_MARKER = _alternatives(r"""
    (?:advertisement|advertising|advert|ads?)(?:[\s:–—-]{1,5}(?:scroll|continue)\w*(?: \w{1,20}){0,4})?
    (?:story|article) continues (?:below|after)(?: (?:this )?(?:advertisement|ad))?
    continue reading (?:below|the main story)
    scroll (?:down )?to continue(?: with content| reading)?
    sponsored(?: content)?
    paid content
    promoted(?: content)?
    anzeige
    werbung
    publicidad
    publicidade
    publicité
    pubblicità
    реклама
""")

#: US states as news agencies write them ("... in Boulder, Colo.").
STATE_ABBREVIATIONS = tuple(
    """
    Ala Ariz Ark Calif Colo Conn Del Fla Ga Ill Ind Kan Ky La Md Mass Mich Minn Miss Mo Mont
    Neb Nev Okla Ore Pa Tenn Tex Va Vt Wash Wis Wyo
    """.split()
)
#: Abbreviations a headline may end with: US states, and company and name suffixes.
TITLE_ABBREVIATIONS = (*STATE_ABBREVIATIONS, *"Jr Sr Inc Co Corp Ltd Bros St".split())

_ABBREVIATIONS = "vs Mr Ms Dr St Jr Sr No Mrs Gov Sen Rep Gen Sgt Col Lt Inc Co".split()
#: A sentence end inside a line: not after an initial ("U.S. Army", "J. Smith") or a
#: common abbreviation ("Chiefs vs. Chargers", "Dr. Who").
INNER_SENTENCE_BREAK = re.compile(
    # The mark comes first so that the look-behinds run only where there is one.
    r"[.!?](?<!\b[A-Za-z][.!?])"
    + "".join(rf"(?<!\b{a}\.)" for a in _ABBREVIATIONS)
    + r"[\"'”’»)\]]{0,3}\s{1,5}[\"'“‘«(\[]{0,3}[A-Z]"
)
#: A link, handle or address: headlines do not carry them, embedded posts and credits do.
LINKISH = re.compile(r"https?://|www\.|@\w|\w\.(?:com|org|net)\b")
#: A link or handle proper (a site's name such as "LWN.net" may stand in a rail item).
LINK = re.compile(r"https?://|www\.|@\w")
#: Where a site name starts after a title: "|" or a spaced dash.
SITE_SEPARATOR = re.compile(r"\s[|–—-]\s|\s?\|\s?")
#: A domain name standing as a site name ("example.com").
DOMAIN = re.compile(r"[\w-]{1,63}(?:\.[\w-]{1,63}){1,4}")
#: Small words a site name may hold in lower case ("Times of India", "Le Monde").
SITE_NAME_SMALL_WORDS = frozenset("of the and & on de du la le for".split())

#: A cheap test a line must pass before it is matched against AD_MARKER.
AD_HINT = re.compile(
    r"advert|\bads?\b|sponsor|promot|paid|continue|anzeige|werbung|publici|pubblic|реклам",
    re.IGNORECASE,
)

#: Words one of which every share, print or reprint line (the "share" kinds of
#: :data:`FURNITURE`) and every rights notice holds, searched in the lower-cased line (a
#: search ignoring case costs some eight times as much): a line with none of them is
#: neither, told without asking the table (the headline filter asks it of every text's
#: first lines).
PAGE_TOOL_HINT = literals.any_of(
    (
        *("shar", "tweet", "mail", "print", "save", "pin", "sms", "copy link", "comment"),
        *("reprint", "facebook", "twitter", "instagram", "youtube", "linkedin", "pinterest"),
        *("whatsapp", "reddit", "tumblr", "telegram", "tiktok", "snapchat", "flipboard"),
        *("messenger", "threads", "mastodon", "bluesky", "partag", "condivid", "teilen"),
        *("compart", "поделиться", "شارك", "commercial", "may not be", "material"),
        "protected by copyright",
    )
)

#: The furniture table: (kind, reason, pattern, whole_line).
FURNITURE: tuple[tuple[str, str, str, bool], ...] = (
    ("heading", "'related stories' style heading", HEADING, True),
    ("ad", "advertisement marker", AD_MARKER, True),
    ("nav", "site navigation or footer links", _NAV_LINE, True),
    ("share", "share buttons", _SOCIAL_LINE, True),
    (
        "link",
        "link to another story",
        rf"{_LINK_LABEL}\s{{0,3}}[:|»>–—]\s{{0,3}}\S.{{0,300}}",
        True,
    ),
    (
        "link",
        "labelled link",
        rf"(?:\S{{1,30}}(?: \S{{1,30}}){{0,3}})\s{{0,3}}:\s{{0,3}}{_URL}\S{{1,500}}(?:\s{{1,3}}(?:and|or|&|\|)\s{{1,3}}{_URL}\S{{1,500}}){{0,3}}",
        True,
    ),
    (
        "signup",
        "sign-up or subscription prompt",
        r"^(?:[^.!?\n]{0,120}[.!?]\s{1,3}){0,2}(?:sign(?:ing)?[- ]?up|subscribe|subscribing|register|join|get|receive|stay|never miss|don['’]?t miss|want|become|support|click here|download|keep an eye on|thanks? (?:you )?for (?:signing up|subscribing)|there['’]?s (?:plenty )?more)\b.{0,300}?\b(?:newsletters?|inbox|subscri\w{0,10}|sign(?:ing)?[- ]?up|e-?mail (?:alerts|updates|list)|free trial|membership|podcast|(?:our|the) app|youtube|channel|delivered (?:to|through|straight|right|every|each|daily)|notifications|paywalls?)\b",
        False,
    ),
    (
        "signup",
        "support or subscription appeal",
        r"^if you (?:enjoy|enjoyed|like|liked|love|loved|value|valued|appreciate|appreciated|found) (?:this|our|reading|the)\b",
        False,
    ),
    (
        "signup",
        "sign-up widget message",
        r"(?:thanks? (?:you )?for (?:signing up|subscribing)|you['’]?re (?:all )?(?:set|subscribed|signed up)|there was an error processing your subscription|subscribe(?: now| today| here)?|sign up(?: now| today| here)?|newsletter sign-?up|join now|register now)",
        True,
    ),
    (
        "share",
        "share prompt",
        rf"(?:share|tweet|e-?mail|print|save|pin)(?: (?:this|it|the)(?: (?:article|story|post|page|link|video|gallery))?| (?:on|via|with) (?:{_SOCIAL_NETWORK}|e-?mail|sms|messenger)| (?:article|story|post|page|link)| to (?:a friend|{_SOCIAL_NETWORK}|e-?mail))?|click to (?:share|email|print|tweet|pin)\b.{{0,80}}",
        True,
    ),
    (
        "share",
        "reprint link",
        r"(?:order |buy |request )?reprints?(?: (?:&|and) permissions)?",
        True,
    ),
    (
        "share",
        "share prompt",
        r"^(?:like|love|enjoy(?:ed)?|liked) (?:this|the|our) (?:story|article|post|video)\b.{0,60}\bshare\b",
        False,
    ),
    (
        "follow",
        "follow prompt",
        rf"^follow\b.{{0,200}}?(?:\bon {_SOCIAL_NETWORK}\b|@\w|{_URL}|\bcoverage\b)",
        False,
    ),
    ("follow", "follow prompt", r"\bfollow (?:him|her|them|us|me)(?: on \w|\s?@\w| at\b)", False),
    (
        "follow",
        "follow prompt",
        rf"^(?:suivez[- ](?:nous|-nous)|retrouvez[- ]nous|seguici|seguiteci|folgen sie uns|folge uns|síguenos|siguenos|siga-nos|sigam-nos|подписывайтесь на нас|следите за нами|تابعونا)\b.{{0,120}}?(?:{_SOCIAL_NETWORK}|réseaux sociaux|social|redes sociales|redes sociais|соцсет\w*|@\w|{_URL})",
        False,
    ),
    (
        "signup",
        "sign-up or subscription prompt",
        r"^(?:inscrivez[- ]vous|abonnez[- ]vous|recevez|iscriviti|abbonati|ricevi|melden sie sich|abonnieren sie|bestellen sie|suscr[ií]bete|suscr[ií]base|recibe|inscreva-se|assine|receba|подпишитесь|подписывайтесь)\b.{0,200}?(?:newsletters?|lettre d['’]information|bolet[ií]n|notifiche|benachrichtigungen|notifications?|telegram|канал|рассылк\w*)",
        False,
    ),
    (
        "share",
        "share prompt",
        r"(?:partager|partagez)(?: (?:cet|l['’])(?:article| article))?|condividi(?: (?:l['’]articolo|questo articolo))?|teilen|artikel teilen|compartir|comparte(?: este artículo)?|compartilhe|compartilhar|поделиться|شارك",
        True,
    ),
    (
        "follow",
        "follow prompt",
        rf"\b(?:like|find|join|connect with) us on {_SOCIAL_NETWORK}\b",
        False,
    ),
    (
        "contact",
        "author contact line",
        rf"^(?:e-?mail|write to|contact|reach|send|tips?\b|have a (?:news )?tip|got a tip)[^\n]{{0,200}}?(?:{_EMAIL}|{_URL}|\s@\w)",
        False,
    ),
    (
        "contact",
        "contact line",
        rf"\b(?:may|can) be (?:reached|contacted) at\b|\b(?:our|my|his|her|their) e-?mail(?: address)?(?: is)?\s{{0,3}}:?\s{{0,3}}{_EMAIL}",
        False,
    ),
    (
        "contact",
        "author contact line",
        rf"{_EMAIL}|(?:https?://)?(?:www\.)?(?:twitter|x|facebook|instagram|linkedin|youtube)\.com/\S{{1,200}}|@\w{{1,30}}",
        True,
    ),
    (
        "copyright",
        "copyright line",
        r"^copyright\s{0,3}(?:[©ⓒ]|\(c\)|(?:\S{1,40}\s{1,3}){0,3}(?:1[89]|20)\d\d\b)"
        r"|^(?:©|ⓒ|\(c\)\s).{0,80}\b(?:1[89]|20)\d\d\b",
        False,
    ),
    (
        "copyright",
        "copyright line",
        r"(?:©|ⓒ|\(c\)|\bcopyright)\s{0,3}(?:©|ⓒ|\(c\))?\s{0,3}(?:\d{4}|copyright)\b",
        False,
    ),
    ("copyright", "copyright line", r"\ball rights reserved\b", False),
    (
        "copyright",
        "rights notice",
        r"\bmay not be (?:published|reproduced|republished|redistributed|copied|rewritten|broadcast|used)\b|\bfor (?:your )?personal,? non-?commercial use only\b|\bdistribution and use of this material\b|\bprotected by copyright\b",
        False,
    ),
    (
        "comments",
        "comment section furniture",
        r"(?:\d{1,6} )?(?:comments?|replies|responses)(?: \(\d{1,6}\))?|(?:view|show|read|load|see|hide|post|leave|add|write|submit)(?: (?:a|all|the|\d{1,6}|your|more|our))?(?: \w{1,20})? (?:comments?|reply|replies|responses?)(?: \(\d{1,6}\))?",
        True,
    ),
    (
        "comments",
        "comment section furniture",
        r"^(?:join|start) the (?:conversation|discussion)\b|^comments? (?:are|is|have been) (?:closed|disabled|moderated|turned off)|\byou must (?:be )?log(?:ged)? ?in to (?:post|leave|add|write)?\s?(?:a )?comment|\bmoderat\w{0,10} (?:all )?comments\b|\b(?:comments?|comentários?|comentarios?|commentaires?|kommentare?)\b.{0,150}\b(?:moderador|moderator|moderators|moderated|moderation|modérés?|moderiert)\b|save my name, email,? and website in this browser|this site uses akismet|^(?:your )?email address will not be published|required fields are marked|^notify me of (?:new|follow-up) (?:comments|posts)|^(?:comment|commenting|community) (?:policy|guidelines|rules|standards)\b",
        False,
    ),
    (
        "tags",
        "tag or category list",
        r"^tags(?=[^\W\d_])(?=[^\n]{0,300},)(?-i:[a-zà-ÿ])|^(?:tags?|tagged(?: with| in)?|topics?|filed (?:under|in)|categories|category|posted in|labels?|keywords|temas|etiquetas|schlagw[öo]rter|tópicos)\s{0,3}[:|]|^(?:tags|topics|filed under|categories)$",
        False,
    ),
    (
        "widget",
        "page widget message",
        r"(?:an error (?:has )?occurred|something went wrong)[,.]?(?: please try again(?: later)?)?|please try again(?: later)?|this article has been sent to|post was not sent\b.{0,80}|email check failed\b.{0,80}|sorry, your blog cannot share posts by email|send to email address|your (?:name|email(?: address)?)|e-?mail address|loading|cancel|close|sorry|(?:image|photo) \d{1,4} of \d{1,4}",
        True,
    ),
)

#: News agencies whose stories carry their own rights notice, which sites reprint with
#: the story ("© 2019 Associated Press. All Rights Reserved. This material may not be
#: published ...").
WIRE_AGENCIES = (
    "the associated press",
    "associated press",
    "reuters",
    "agence france-presse",
    "afp",
    "dpa",
    "ansa",
    "efe",
    "the canadian press",
    "press association",
    "united press international",
)

#: The article's own closing lines: credits, update notes and a news agency's rights
#: notice. They end the story, so nothing above them is a teaser, however unrelated their
#: words look.
CREDIT = re.compile(
    r"^\W{0,3}(?:additional |with )?(?:reporting|writing|editing|research|photos?|graphics?|"
    r"video|compiled|translated|edited|written|reported)(?: and \w{1,20})?(?: by| from)\b"
    r"|\bcontribut(?:ed(?: (?:to )?(?:this )?(?:report|story|article)(?:ing)?\b| reporting\b"
    r"|\W{0,3}$)|ing\s?:)"
    r"|^\W{0,3}(?:with|from|via|sources?:?) (?:\w{1,20} ){0,3}(?:wires?|wire services|news services|agencies)\W{0,3}$"
    r"|^\W{0,3}(?:updated|published|posted|first published)(?: at| on)?\b"
    r"|^\W{0,3}(?:(?:image|photo|picture|video|top image|lead image) )?credits?\s?:"
    r"|^\W{0,3}(?:image|photo|picture|photograph)s?\s(?:source|courtesy)\s?:"
    r"|^\W{0,3}(?:©|ⓒ|\(c\)|copyright)\s{0,3}(?:©\s{0,3})?(?:\d{4}\s{1,3})?(?:"
    + "|".join(WIRE_AGENCIES)
    + r")\b",
    re.IGNORECASE,
)

#: A note that the article was published elsewhere first ("Originally published on Live
#: Science", "Reprinted with permission from ..."): a credit too. Searched only in lines
#: holding one of :data:`REPRINT_WORDS`, which spares every other line its branches.
REPRINT = re.compile(
    r"\b(?:originally|first) (?:published|appeared|posted)\b"
    r"|\bre(?:printed|published|produced) (?:on|in|from|with|by)\b",
    re.IGNORECASE,
)
REPRINT_WORDS = ("publish", "appeared", "posted", "reprint", "reproduc")

#: A line that introduces a quoted post in a forum thread or a mail ("Jane wrote:",
#: "Quote from: Jane", "Originally Posted by Jane", "On 3 May, Jane wrote:"): the
#: paragraph under it repeats an earlier post on purpose.
QUOTE_ATTRIBUTION = re.compile(
    r"^\W{0,3}(?:quote|quoting|originally posted by|quote from|in reply to|replying to)\b"
    r"|\b(?:wrote|writes|said|says|posted)\s{0,3}:\W{0,3}$"
    r"|^\W{0,3}(?:quote|zitat|citation|cita|citazione|цитата)\W{0,3}$",
    re.IGNORECASE,
)

#: Function words that say nothing about what a line is about (relatedness ignores them).
STOPWORDS = frozenset(
    """
    a about above after again against all also am an and any are aren as at be because been
    before being below between both but by can cannot could couldn did didn do does doesn
    doing don down during each even ever every few for from further get gets got had hadn has
    hasn have haven having he her here hers herself him himself his how however i if in into
    is isn it its itself just last least less let like ll made make many may me might more
    most much must my myself new no nor not now of off on once one only or other our ours
    ourselves out over own per re really s said same say says see she should shouldn since so
    some still such t than that the their theirs them themselves then there these they this
    those though through to too two under until up upon us ve very via was wasn way we well
    were weren what when where whether which while who whom whose why will with within without
    won would wouldn yet you your yours yourself yourselves
    """.split()
)

#: The commonest English content words (nouns, verbs, adjectives, time words). Any two
#: texts share some of them, so relatedness ignores them as it ignores stopwords: "night"
#: or "going" shared with the article says nothing about what a teaser is about.
COMMON_WORDS = frozenset(
    """
    able across actually add added age ago already always another anything around ask asked
    away back bad best better big bit called came case change children city come comes coming
    could country day days different done end enough even ever every everything face fact
    family far feel find first found full gave give given gives giving go goes going gone good
    got great group half hand hard head help high hold home hour hours house idea important
    including information keep kind knew know known large last late later lead least left
    less life little live long look looking looks lot lots man many mean means men might
    minutes moment money month months morning move much name need needs never next night
    nothing number often old open others part past people person place plan play point put
    question quite rather reason right run said saw says second seen set several show side
    since small someone something sometimes soon start started state still story sure take
    taken takes taking tell thing things think thought three time times told took top toward
    try trying turn turned use used using want wanted wants week weeks went whole woman women
    word work world year years young
    mon tue wed thu fri sat sun morning afternoon evening weekend
    """.split()
)

#: Words that, right after a headline, continue its clause rather than start a new one.
CONTINUATION_WORDS = frozenset(
    """
    monday tuesday wednesday thursday friday saturday sunday today tonight tomorrow yesterday
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec
    """.split()
)

#: Characters that open or close a quotation, straight or curly.
QUOTES = "\"'“”‘’«»„‚‹›"
