"""HTML in text: entities, stray tags and whole pages, for the ``markup`` filter.

The filter (:mod:`textwash.filters.markup`) decides what a text is and puts these parts
together; each module here does one thing and never looks at files:

* :mod:`~textwash.markup.elements`: which element names are markup, blocks, or dropped;
* :mod:`~textwash.markup.entities`: entities decoded to a fixed point in one pass;
* :mod:`~textwash.markup.page`: is a text a whole page, and its text if so (lxml);
* :mod:`~textwash.markup.stray`: stray tags in text, told apart from tags that are text;
* :mod:`~textwash.markup.shown`: the HTML samples a post about HTML shows its reader.
"""
