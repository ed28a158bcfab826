"""Filter options given as plain data (a TOML table), checked against the filter's fields.

A filter's options are the fields of its dataclass, so their annotations say what each
takes. Checking values against them, for every filter alike, turns ``min_words = "ten"``
into one message naming the option before any file is read, instead of a ``TypeError``
from deep inside the filter on every document. Values are also brought to the field's
type where TOML has no such type: an array becomes the tuple or frozenset a frozen
(hashable, cache-keyed) filter holds.

>>> from dataclasses import dataclass
>>> @dataclass(frozen=True)
... class Toy:
...     min_words: int = 25
...     ratio: float = 0.5
...     words: tuple[str, ...] = ()
>>> check_options(Toy, {"ratio": 1, "words": ["a", "b"]})
{'ratio': 1.0, 'words': ('a', 'b')}
>>> check_options(Toy, {"min_words": "ten"})
Traceback (most recent call last):
...
textwash.filters.options.OptionError: 'min_words' must be an integer, not the string 'ten'
"""

from __future__ import annotations

import dataclasses
import numbers
import types
import typing
from collections.abc import Mapping
from typing import Any


class OptionError(ValueError, TypeError):
    """An option a filter does not take, or a value of the wrong type for it.

    A ``ValueError`` for a configuration file's values, and a ``TypeError`` as Python
    raises for a call with an unknown keyword or an argument of the wrong type.
    """

    def __init__(self, option: str, message: str) -> None:
        self.option = option
        super().__init__(message)


def check_options(cls: type, options: Mapping[str, Any]) -> dict[str, Any]:
    """``options`` checked against the fields of dataclass ``cls`` and converted to their
    types; raises :class:`OptionError` for an unknown option or a value of the wrong type.

    Types it cannot judge (a field holding an arbitrary object) are passed as they are,
    for the filter to check.
    """
    if not dataclasses.is_dataclass(cls):
        return dict(options)
    fields = {f.name: f for f in dataclasses.fields(cls) if f.init}
    try:
        hints = typing.get_type_hints(cls)
    except Exception:  # an annotation that does not resolve: leave the checking to the filter
        hints = {}
    checked: dict[str, Any] = {}
    for name, value in options.items():
        if name not in fields:
            known = ", ".join(fields) or "none"
            raise OptionError(name, f"unknown option {name!r} (options: {known})")
        hint = hints.get(name, Any)
        ok, converted = _convert(value, hint)
        if not ok:
            raise OptionError(name, f"{name!r} must be {_describe(hint)}, not {_what(value)}")
        checked[name] = converted
    return checked


_ITEMS = {tuple: tuple, list: list, frozenset: frozenset, set: frozenset}


def _convert(value: Any, hint: Any) -> tuple[bool, Any]:
    """Whether ``value`` fits ``hint``, and the value brought to it."""
    if hint is Any:
        return True, value
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin is typing.Union or origin is types.UnionType:
        for arm in args:
            ok, converted = _convert(value, arm)
            if ok:
                return True, converted
        return False, value
    if origin is typing.Literal:
        # True == 1 in Python: a choice matches only a value of its own type
        return any(value == a and type(value) is type(a) for a in args), value
    if hint is type(None):
        return value is None, value
    if hint is bool:
        return isinstance(value, bool), value
    if hint is int:
        # numbers.Integral: a NumPy integer from a parameter grid is an integer too
        ok = isinstance(value, numbers.Integral) and not isinstance(value, bool)
        return ok, int(value) if ok else value
    if hint is float:
        ok = isinstance(value, numbers.Real) and not isinstance(value, bool)
        return ok, float(value) if ok else value
    if hint is str:
        return isinstance(value, str), value
    if origin in _ITEMS:
        # a set given from Python fits a frozenset (or tuple) option; a string never does
        if not isinstance(value, list | tuple | set | frozenset):
            return False, value
        item = args[0] if args else Any
        items = []
        for element in value:
            ok, converted = _convert(element, item)
            if not ok:
                return False, value
            items.append(converted)
        return True, _ITEMS[origin](items)
    return True, value  # a type the configuration cannot express: the filter decides


def _describe(hint: Any) -> str:
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin is typing.Union or origin is types.UnionType:
        return " or ".join(_describe(arm) for arm in args)
    if origin is typing.Literal:
        return "one of " + ", ".join(repr(a) for a in args)
    if origin in _ITEMS:
        item = _describe(args[0]) if args else "anything"
        return f"a list (each {item})"
    names = {
        bool: "true or false",
        int: "an integer",
        float: "a number",
        str: "a string",
        type(None): "absent",
    }
    return names.get(hint, getattr(hint, "__name__", str(hint)))


def _what(value: Any) -> str:
    kinds = {int: "the integer", float: "the number", str: "the string"}
    kind = kinds.get(type(value))
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if kind is not None:
        return f"{kind} {value!r}"
    if isinstance(value, list):
        return f"the list {value!r}"
    if isinstance(value, dict):
        return "a table"
    return f"{type(value).__name__} {value!r}"
