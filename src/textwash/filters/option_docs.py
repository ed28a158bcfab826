"""What each option of a filter is: its name, type, default and meaning.

A filter's options are the fields of its dataclass, so the type and the default are read
from the field itself and cannot disagree with the code. The meaning is the ``#:`` comment
block right above the field, the convention Sphinx's autodoc reads::

    #: Fewest words a repeated paragraph needs before a later copy of it is removed.
    min_words: int = 25

The reference page (``docs/generate_filters.py``) and ``clean --list-filters -v`` both
print what :func:`describe_options` returns; the reference refuses a field without a
meaning, so an option is never added without saying what it does. The source is read only
when asked (it is not needed to run a filter), and a class whose source cannot be read
(a filter shipped without its ``.py`` files) has options without meanings.

>>> from textwash.filters.repeats import Repeats
>>> [(option.name, option.type, option.default) for option in describe_options(Repeats)]
[('min_words', 'int', '25')]
"""

from __future__ import annotations

import ast
import dataclasses
import inspect
import textwrap
from dataclasses import dataclass
from typing import Any

#: What :attr:`OptionDoc.default` says of a field that must be given.
REQUIRED = "required"


@dataclass(frozen=True)
class OptionDoc:
    """One option of a filter, as a person reads it: each part is display text."""

    name: str
    #: The field's annotation as written (``bool | None``).
    type: str
    #: ``repr`` of the default value, or :data:`REQUIRED`.
    default: str
    #: The ``#:`` comment above the field, joined into one paragraph; empty if none.
    meaning: str


def describe_options(cls: type) -> list[OptionDoc]:
    """The options of filter class ``cls``, in field order (none if it is no dataclass)."""
    if not dataclasses.is_dataclass(cls):
        return []
    meanings: dict[str, str] = {}
    for klass in reversed(cls.__mro__):  # a subclass's comment wins over its base's
        meanings.update(_field_comments(klass))
    return [
        OptionDoc(f.name, _type_name(f.type), _default(f), meanings.get(f.name, ""))
        for f in dataclasses.fields(cls)
        if f.init
    ]


def _type_name(annotation: Any) -> str:
    if isinstance(annotation, str):  # ``from __future__ import annotations``: as written
        return annotation
    if isinstance(annotation, type):
        return annotation.__name__
    return str(annotation).replace("typing.", "")


def _default(field: dataclasses.Field[Any]) -> str:
    if field.default is not dataclasses.MISSING:
        return repr(field.default)
    if field.default_factory is not dataclasses.MISSING:
        return repr(field.default_factory())
    return REQUIRED


def _field_comments(klass: type) -> dict[str, str]:
    """Field name -> its ``#:`` comment block, from the source of ``klass`` alone."""
    if not dataclasses.is_dataclass(klass) or "__dataclass_fields__" not in vars(klass):
        return {}
    try:
        source = textwrap.dedent(inspect.getsource(klass))
    except (OSError, TypeError):  # no source shipped, or defined in an interactive session
        return {}
    tree = ast.parse(source)
    node = tree.body[0] if tree.body else None
    if not isinstance(node, ast.ClassDef):
        return {}
    lines = source.splitlines()
    comments: dict[str, str] = {}
    for statement in node.body:
        if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
            block: list[str] = []
            number = statement.lineno - 2  # the line above, 0-based
            while number >= 0 and lines[number].strip().startswith("#:"):
                block.insert(0, lines[number].strip()[2:].strip())
                number -= 1
            if block:
                comments[statement.target.id] = " ".join(part for part in block if part)
    return comments
