"""Importing a library that an optional filter needs, with an error that says how to get it."""

from __future__ import annotations

import importlib
from types import ModuleType

EXTRA = "normalize"


def require(module: str, filter_name: str) -> ModuleType:
    """``module``, imported; if it is missing, an :class:`ImportError` naming the extra."""
    try:
        return importlib.import_module(module)
    except ImportError as error:
        raise ImportError(
            f"the {filter_name} filter needs {module}: pip install 'textwash[{EXTRA}]'"
        ) from error
