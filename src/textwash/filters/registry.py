"""Filters by name: textwash's own, and any that other packages register.

A package ships a filter by subclassing :class:`textwash.filters.Filter` and declaring it in
its ``pyproject.toml``::

    [project.entry-points."textwash.filters"]
    my_filter = "my_package.filters:MyFilter"

after which ``Pipeline.default().enable("my_filter")`` and ``clean --enable my_filter`` find
it. Built-in filters are named here as ``module:Class`` strings and imported only when first
used, so ``import textwash`` stays light (ftfy and beautifulsoup4 load on first use), and
building the default pipeline imports only the filters it runs (:func:`default_filters`).
"""

from __future__ import annotations

import importlib
from functools import cache
from importlib.metadata import entry_points
from typing import Any

from textwash.filters.base import CorpusFilter, Filter
from textwash.filters.options import OptionError, check_options

ENTRY_POINT_GROUP = "textwash.filters"

#: Built-in filters, name -> "module:Class". The order of a pipeline comes from each
#: class's ``order``, not from this table.
BUILTIN: dict[str, str] = {
    "markup": "textwash.filters.markup:Markup",
    "mojibake": "textwash.filters.mojibake:Mojibake",
    "apostrophes": "textwash.filters.apostrophes:Apostrophes",
    "transliterate": "textwash.filters.transliterate:Transliterate",
    "whitespace": "textwash.filters.whitespace:Whitespace",
    "headline": "textwash.filters.headline:Headline",
    "repeats": "textwash.filters.repeats:Repeats",
    "teasers": "textwash.filters.teasers:Teasers",
    "boilerplate": "textwash.filters.boilerplate:Boilerplate",
    # optional normalizations (all off by default)
    "unicode": "textwash.filters.normalize.unicode:Unicode",
    "hyphenation": "textwash.filters.normalize.hyphenation:Hyphenation",
    "quotes": "textwash.filters.normalize.quotes:Quotes",
    "dashes": "textwash.filters.normalize.dashes:Dashes",
    "bullets": "textwash.filters.normalize.bullets:Bullets",
    "lowercase": "textwash.filters.normalize.lowercase:Lowercase",
    "urls": "textwash.filters.normalize.urls:Urls",
    "emails": "textwash.filters.normalize.emails:Emails",
    "handles": "textwash.filters.normalize.handles:Handles",
    "hashtags": "textwash.filters.normalize.hashtags:Hashtags",
    "phones": "textwash.filters.normalize.phones:Phones",
    "currency": "textwash.filters.normalize.currency:Currency",
    "numbers": "textwash.filters.normalize.numbers:Numbers",
    "emoji": "textwash.filters.normalize.emoji:Emoji",
    "punctuation": "textwash.filters.normalize.punctuation:Punctuation",
}

#: The built-in filters whose class says ``default_enabled``: listed here so that the
#: default pipeline is built without importing the others (``tests/test_pipeline.py``
#: checks the list against the classes).
BUILTIN_DEFAULTS = frozenset(
    {"markup", "mojibake", "apostrophes", "whitespace", "headline", "repeats", "teasers"}
)

FilterClass = type[Filter] | type[CorpusFilter]


class UnknownFilterError(KeyError):
    """A filter name that neither textwash nor an installed package provides."""

    def __str__(self) -> str:
        name = self.args[0]
        known = ", ".join(available_filters())
        return f"unknown filter {name!r}; available: {known}"


@cache
def _plugins() -> dict[str, Any]:
    return {ep.name: ep for ep in entry_points(group=ENTRY_POINT_GROUP)}


def available_filters() -> list[str]:
    """Every filter name that can be enabled, built-in first."""
    return list(BUILTIN) + sorted(set(_plugins()) - set(BUILTIN))


def default_names() -> list[str]:
    """Names of the filters on by default, built-in first, without importing the built-in
    ones (so a run that switches them off never loads them); not yet in pipeline order,
    which comes from each class's ``order`` once it is imported."""
    plugins = sorted(set(_plugins()) - set(BUILTIN))
    return [name for name in BUILTIN if name in BUILTIN_DEFAULTS] + [
        name for name in plugins if filter_class(name).default_enabled
    ]


def default_filters() -> list[FilterClass]:
    """The classes of the filters on by default, in their standard order: the built-in
    defaults and the plugins that say ``default_enabled`` (a plugin is imported to know).
    The other built-in filters are not imported: a run that does not enable one does not
    pay for its module (their regex tables and word lists take some 0.1 s to load)."""
    return sorted((filter_class(name) for name in default_names()), key=lambda cls: cls.order)


def filter_class(name: str) -> FilterClass:
    """The class registered under ``name`` (imports it on first use)."""
    if name in BUILTIN:
        module_name, _, attr = BUILTIN[name].partition(":")
        cls = getattr(importlib.import_module(module_name), attr)
    elif name in _plugins():
        cls = _plugins()[name].load()
    else:
        raise UnknownFilterError(name)
    if not (isinstance(cls, type) and issubclass(cls, Filter | CorpusFilter)):
        raise TypeError(f"filter {name!r} is {cls!r}, not a Filter or CorpusFilter subclass")
    return cls


def make_filter(name: str, **options: Any) -> Filter | CorpusFilter:
    """An instance of the filter called ``name`` with the given options.

    The options are checked against the filter's fields as a configuration file's are
    (:func:`~textwash.filters.options.check_options`), so ``min_words="ten"`` fails here,
    naming the filter and the option, and not on the first document the filter sees.

    >>> make_filter("repeats", min_word=3)
    Traceback (most recent call last):
    ...
    textwash.filters.options.OptionError: filter 'repeats': unknown option 'min_word' (options: min_words)
    """
    cls = filter_class(name)
    try:
        checked = check_options(cls, options)
    except OptionError as error:
        raise OptionError(error.option, f"filter {name!r}: {error}") from None
    return cls(**checked)
