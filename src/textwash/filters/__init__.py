"""Cleaning steps. Each module holds one filter; :mod:`.registry` finds them by name."""

from textwash.filters.base import Change, CorpusFilter, Filter, diff_changes

__all__ = ["Change", "CorpusFilter", "Filter", "diff_changes"]
