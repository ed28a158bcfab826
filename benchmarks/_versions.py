"""Two textwash source trees in one process, to time a change against its baseline.

On a shared machine, times taken in two runs differ by more than most speed-ups; times
taken in the same process, in alternating rounds, do not. :func:`load` imports the
textwash of a source folder (``src`` of a checkout, or of ``git archive <commit> src``)
under its own module objects; :meth:`Version.active` puts them in ``sys.modules`` while
its code runs, so that the imports textwash makes inside functions find its own modules.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any


def _textwash_modules() -> dict[str, ModuleType]:
    return {
        name: module
        for name, module in sys.modules.items()
        if name == "textwash" or name.startswith("textwash.")
    }


class Version:
    """The modules of one textwash, loaded and warmed up."""

    def __init__(self, label: str, modules: dict[str, ModuleType]) -> None:
        self.label = label
        self.modules = modules

    @property
    def textwash(self) -> Any:
        return self.modules["textwash"]

    @contextmanager
    def active(self) -> Iterator[None]:
        """This version's modules in ``sys.modules`` (the others' put back after)."""
        saved = _textwash_modules()
        for name in saved:
            del sys.modules[name]
        sys.modules.update(self.modules)
        try:
            yield
        finally:
            for name in _textwash_modules():
                del sys.modules[name]
            sys.modules.update(saved)


def _warm_up() -> None:
    """Import what textwash imports lazily on the way of the default pipeline."""
    import textwash

    sample = "<p>Caf\u00c3\u00a9 &amp; the Kremlin\u00b4s \u201cline\u201d</p>\u00a0\r\n" * 3
    textwash.Pipeline.default()(sample)
    textwash.Pipeline.default().for_whole_files()(sample)


def current() -> Version:
    """The textwash this interpreter imports (the working tree)."""
    _warm_up()
    return Version("this tree", _textwash_modules())


def holds_textwash(src: Path) -> bool:
    """Whether ``src`` is a source folder with the textwash package in it."""
    return (src / "textwash" / "__init__.py").is_file()


def load(src: Path, label: str = "baseline") -> Version:
    """The textwash of the source folder ``src`` (holding ``textwash/``), loaded beside
    the current one without disturbing it."""
    if not holds_textwash(src):
        raise ValueError(f"{src}: no textwash package in it (give the 'src' folder)")
    saved = _textwash_modules()
    for name in saved:
        del sys.modules[name]
    sys.path.insert(0, str(src))
    try:
        _warm_up()
        modules = _textwash_modules()
        if not Path(modules["textwash"].__file__ or "").resolve().is_relative_to(src.resolve()):
            raise ValueError(f"{src}: textwash was imported from elsewhere")
    finally:
        sys.path.remove(str(src))
        for name in _textwash_modules():
            del sys.modules[name]
        sys.modules.update(saved)
    return Version(label, modules)
