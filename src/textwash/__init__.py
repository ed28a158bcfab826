"""textwash: clean text the way news and web scrapers leave it.

>>> import textwash
>>> textwash.clean("Kremlin\\u00b4s envoy said \\"no\\".\\u00a0\\r\\n")
'Kremlin\\'s envoy said "no".\\n'

``clean`` runs the default pipeline, ``explain`` says what it changed and why, and
:class:`Pipeline` composes filters by name. Importing textwash loads none of the heavy
libraries (ftfy, beautifulsoup4): each filter imports what it needs on first use.
"""

from __future__ import annotations

from functools import cache

from textwash._version import __version__
from textwash.document import Document
from textwash.filters.base import Change, CorpusFilter, Filter
from textwash.filters.registry import available_filters, make_filter
from textwash.pipeline import Explanation, Pipeline

__all__ = [
    "Change",
    "CorpusFilter",
    "Document",
    "Explanation",
    "Filter",
    "Pipeline",
    "__version__",
    "available_filters",
    "clean",
    "explain",
    "make_filter",
]


@cache
def _default_pipeline() -> Pipeline:
    return Pipeline.default()


def clean(text: str, pipeline: Pipeline | None = None) -> str:
    """Clean ``text`` with ``pipeline`` (default: :meth:`Pipeline.default`)."""
    return (pipeline or _default_pipeline())(text)


def explain(text: str, pipeline: Pipeline | None = None) -> Explanation:
    """Clean ``text`` and say, change by change, which filter did what and why."""
    return (pipeline or _default_pipeline()).explain(text)
