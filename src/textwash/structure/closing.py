"""The article's own closing lines that read like page furniture: its author's contact,
follow and bio lines (and the heading of a bio, "About the author"), and a short list of
further reading the author wrote.

A line that tells the reader how to reach or follow the person who wrote the story
("Follow him on Twitter @jdoe", "Jane Doe can be reached at jdoe@example.com", "Write to
Al Root at ...", "Jane Doe is a reporter for ...") belongs to that story: readers and human
annotators keep it with the article, and it differs from page to page. A prompt in the
site's own voice ("Follow us on Twitter", "Find us on Facebook", "Follow our coverage at
...") is the site's, and is furniture. A line that names someone without saying who it is
("Follow NBC Latino on Facebook") is taken as the article's too: no rule on one line can
tell an author from an outlet, and a site that prints it under every story is found by
the corpus filter (``boilerplate``), which sees the line on many pages of one folder.

A heading the author writes into the story to introduce a few links of their own
("Read more:", "Related articles:", "See also:") ends with a colon, as the article's other
lists do; a site's rail has a heading of its own, without one ("Related stories", "More
from Example"). Up to :data:`MAX_OWN_LIST` lines under such a heading are judged as the
article's own last lines, not as lines the heading lists.

>>> authors_list_heading("Related articles:"), authors_list_heading("Related articles")
(True, False)
>>> authors_list_heading("You may also like:")
False
>>> authors_line("Follow him on Twitter @jdoe")
True
>>> authors_line("Jane Doe can be reached at jdoe@example.com.")
True
>>> authors_line("LAURIE OAKES IS THE NINE NETWORK POLITICAL EDITOR")
True
>>> authors_line("Follow us on Twitter @example")
False
>>> authors_line("Sign up for our newsletter")
False
"""

from __future__ import annotations

import re

from textwash.structure import patterns

#: The site speaking: first person plural, or a pointer to more of its coverage or deals.
_SITE_VOICE = re.compile(
    r"\b(?:us|our|ours|we|we['’](?:re|d|ll|ve))\b|\bcoverage\b|\bkeep up with\b"
    r"|\bnewsletters?\b|\bsubscri",
    re.IGNORECASE,
)

_NAME = r"[A-Z][\w'’.-]{0,30}(?: (?:[A-Z][\w'’.-]{0,30}|de|van|von|da|del|bin|al)){0,3}"
_PRONOUN = r"(?i:him|her|them|me)"
_PEOPLE = r"(?i:(?:the )?(?:reporters?|writers?|authors?|columnists?|correspondents?))"

#: Someone who is not the site: reached, written to, followed, or described as its writer.
_PERSON = re.compile(
    rf"(?i:\bfollow )(?:{_PRONOUN}|{_PEOPLE})\b"
    rf"|(?i:\b(?:e-?mail|write to|reach|contact|message|dm) )(?:{_PRONOUN}|{_PEOPLE}|{_NAME})"
    rf"(?i: (?:at|on|via|through)\b)"
    r"|(?i:\b(?:may|can|could) be (?:reached|contacted|emailed|followed)\b)"
    rf"|(?i:^follow ){_NAME}(?i:['’]s)?(?i: (?:on|at|via)\b)"
    r"|(?i:\b(?:is|was) (?:an?|the) (?:[\w-]{1,30} ){0,4}(?:reporter|writer|correspondent|editor|"
    r"columnist|journalist|contributor|producer|author|freelancer|critic|blogger)\b)"
)

#: Where a line may hold a contact, follow or bio sentence at all (a cheap first test).
_HINT = re.compile(
    r"follow|reach|mail|write|contact|message|\bdm\b|\b(?:is|was) (?:an?|the)\b", re.I
)


def authors_line(line: str) -> bool:
    """Whether ``line`` is the author's contact, follow or bio line, not the site's prompt.

    Only lines short enough to be furniture are judged (longer ones are prose anyway).
    """
    stripped = line.strip()
    if not stripped or len(stripped) > patterns.MAX_FURNITURE_CHARS:
        return False
    if _HINT.search(stripped) is None or _SITE_VOICE.search(stripped) is not None:
        return False
    return _PERSON.search(stripped) is not None


#: Most lines under a heading of the author's own that are the article's list; a longer
#: list is the site's rail, whatever its heading.
MAX_OWN_LIST = 5

#: Headings of further reading an author writes into a story, ending with a colon.
_OWN_LIST_HEADING = re.compile(
    r"(?:read more|more reading|further reading|related(?: articles| stories| posts| links| reading)?"
    r"|see also|also read|read also|previously|earlier|background|more on (?:this|the) "
    r"(?:story|topic|subject))\s{0,3}:",
    re.IGNORECASE,
)


#: The heading of the author's bio at the end of an article ("About the author").
_AUTHORS_HEADING = re.compile(
    r"about (?:the )?(?:authors?|writers?|reporters?|columnists?|contributors?)"
    r"|(?:the )?authors?['’]?s? bio(?:graphy)?|meet the (?:author|writer)s?",
    re.IGNORECASE,
)


#: Where a line may head a bio at all (a cheap first test).
_AUTHORS_HINT = re.compile(r"author|writer|reporter|columnist|contributor", re.IGNORECASE)


def authors_heading(line: str) -> bool:
    """Whether ``line`` heads the author's bio ("About the author"): the lines under it
    (a name, a job title) are the article's, and so is what they introduce.

    >>> authors_heading("About the author"), authors_heading("About the authors:")
    (True, True)
    >>> authors_heading("About us")
    False
    """
    stripped = line.strip()
    if len(stripped) > 40 or _AUTHORS_HINT.search(stripped) is None:
        return False
    return _AUTHORS_HEADING.fullmatch(patterns.core(stripped)) is not None


def authors_list_heading(line: str) -> bool:
    """Whether ``line`` is a heading of further reading written into the story, with a
    colon ("Read more:"), not a rail's heading or a recommendation in the site's voice."""
    stripped = line.strip()
    if len(stripped) > 80 or not stripped.rstrip("*_ ").endswith(":"):
        return False
    return _OWN_LIST_HEADING.fullmatch(patterns.core(stripped) + ":") is not None
