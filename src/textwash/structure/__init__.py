"""Data and scorers for the structure filters (``headline``, ``repeats``, ``teasers``).

The filters in :mod:`textwash.filters` decide what to cut and cut it; what they decide
*from* lives here, so it can be read, tuned and tested on its own:

* :mod:`.patterns`: compiled regexes and word lists, data only;
* :mod:`.heuristics`: scorers over lines (shape, furniture kind, relatedness, headline
  copies); they never edit text;
* :mod:`.lines`: the one place that removes or rewrites lines and keeps the blank-line
  layout tidy while doing it.
"""
