"""Element names, and what each kind of element means for the text around it.

Data only: the rules that use these sets live in :mod:`textwash.markup.stray` and
:mod:`textwash.markup.page`.
"""

from __future__ import annotations

#: HTML element names: a ``<name>`` outside this list is prose (``<username>``), not markup.
HTML_ELEMENTS = frozenset(
    "a abbr address area article aside audio b base bdi bdo blockquote body br button "
    "canvas caption center cite code col colgroup data datalist dd del details dfn dialog "
    "div dl dt em embed fieldset figcaption figure font footer form h1 h2 h3 h4 h5 h6 head "
    "header hgroup hr html i iframe img input ins kbd label legend li link main map mark "
    "meta meter nav noscript object ol optgroup option output p param picture pre progress "
    "q rp rt ruby s samp script section select small source span strike strong style sub "
    "summary sup svg table tbody td template textarea tfoot th thead time title tr track tt "
    "u ul var video wbr".split()
)

#: Elements that make up a page's frame, never its content. Scrapers leave content markup
#: (``<p>``, ``<br>``, ``<b>``, ``<a href>``, ``<script>``) in text; a bare ``<head>`` in
#: the middle of text is a mention ("put it in the <head>"), so in text
#: these are taken for stray tags only with attributes (``<link rel=…>``).
PAGE_FRAME_ELEMENTS = frozenset("html head body meta link title base".split())

#: Elements whose start and end are line breaks in the text.
BLOCK_ELEMENTS = frozenset(
    "address article aside blockquote body br center dd details dialog div dl dt fieldset "
    "figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html li main nav ol p "
    "pre section summary table tbody tfoot thead tr ul".split()
)

#: Elements whose content is not text.
DROPPED_ELEMENTS = frozenset("script style noscript template head iframe svg".split())
