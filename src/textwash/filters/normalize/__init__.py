"""Optional normalization filters: one form for text that may be written many ways.

They are all off by default and enabled by name (``--enable urls``,
``Pipeline.default().enable("quotes", style="straight")``). Each module holds one filter;
:mod:`._edits` is what they share: a change as a span of the text with its reason, and the
removal of a span without leaving a double or a trailing space behind.
"""
