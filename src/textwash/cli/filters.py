"""``clean --list-filters``: every filter that can be enabled, and with ``-v`` its options.

It lists what the registry finds (textwash's own filters and those other packages
register), from each class's name, summary and fields, so it describes any filter alike
and never needs to know what one does. Importing a filter class is cheap (libraries such
as ftfy load when a filter first runs), and this module is imported only when the flag is
given, so ``clean --help`` does not pay for it.
"""

from __future__ import annotations

import textwrap

from textwash.filters.option_docs import describe_options
from textwash.filters.registry import available_filters, filter_class

_WIDTH = 100


def list_filters(*, verbose: bool) -> tuple[str, list[str]]:
    """The listing, and the errors of filters that could not be loaded (by name)."""
    names = available_filters()
    width = max(len(name) for name in names)
    lines: list[str] = []
    errors: list[str] = []
    for name in names:
        try:
            cls = filter_class(name)
        except Exception as error:  # a plugin that does not import: list the others
            errors.append(f"filter {name!r} cannot be loaded: {error}")
            continue
        state = "on " if cls.default_enabled else "off"
        lines.append(f"{name:<{width}}  {state}  {cls.summary}")
        if not verbose:
            continue
        for option in describe_options(cls):
            lines.append(f"    {option.name}: {option.type} = {option.default}")
            meaning = option.meaning.replace("``", "") or "(not documented)"
            lines.extend(
                textwrap.wrap(meaning, _WIDTH, initial_indent=" " * 8, subsequent_indent=" " * 8)
            )
    lines.append("")
    if verbose:
        lines.append("Options are set in [tool.textwash.filters.NAME] (pyproject.toml) or")
        lines.append("[filters.NAME] (textwash.toml); from Python, with")
        lines.append("Pipeline.default().enable(NAME, option=value). See docs/filters.md.")
    else:
        lines.append("clean --list-filters -v adds each filter's options.")
    lines.append("on: in the default pipeline; add others with --enable, remove with --disable.")
    return "\n".join(lines) + "\n", errors
