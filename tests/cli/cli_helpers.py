"""Helpers for the ``clean`` command's tests: running the command, tree snapshots.

Expected outputs are never written out by hand: they come from the library
(``Pipeline.default()``), so these tests check the command's plumbing (what is read,
written, skipped, counted) and stay valid while the filters themselves evolve.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Sequence
from pathlib import Path

from click.testing import CliRunner, Result

from textwash import Pipeline
from textwash.cli import clean

#: Text every default pipeline changes (an acute accent as apostrophe, CRLF, blank lines,
#: trailing spaces, an entity).
DIRTY = 'The Kremlin\u00b4s envoy said "no".\u00a0\r\n\r\n\r\nTom &amp; Jerry met  \nat noon.\n'


def cleaned(text: str, pipeline: Pipeline | None = None) -> str:
    return (pipeline or Pipeline.default())(text)


def run(args: Sequence[str], *, cwd: Path | None = None) -> Result:
    """Run ``clean`` in this process (stdout and stderr kept apart)."""
    runner = CliRunner()
    old = os.getcwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        return runner.invoke(clean, list(args), catch_exceptions=False)
    finally:
        os.chdir(old)


def files(root: Path, *, hidden: bool = False) -> dict[str, bytes]:
    """Every regular file under ``root`` by relative path."""
    out = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if not hidden and path.name.startswith("."):
            continue
        if path.is_file() and not path.is_symlink():
            out[rel] = path.read_bytes()
    return out


def snapshot(root: Path, *, skip: Path | None = None) -> dict[str, tuple[object, ...]]:
    """Everything under ``root``: each entry's kind, mode, mtime and content (or target)."""
    out: dict[str, tuple[object, ...]] = {}
    for folder, dirs, names in os.walk(root):
        if skip is not None and Path(folder).resolve() == skip.resolve():
            dirs[:] = []
            continue
        for name in dirs + names:
            path = Path(folder) / name
            if skip is not None and path.resolve() == skip.resolve() and not path.is_symlink():
                continue
            st = path.lstat()
            if stat.S_ISLNK(st.st_mode):
                content: object = os.readlink(path)
            elif stat.S_ISREG(st.st_mode):
                content = path.read_bytes()
            else:
                content = None
            out[str(path.relative_to(root))] = (st.st_mode, st.st_mtime_ns, content)
    return out


def state_folder(out: Path) -> Path:
    """The default state folder of output folder ``out`` (in the user cache folder)."""
    from textwash.cache import output_state_dir

    return output_state_dir(out)


def journal_entries(state: Path) -> int:
    """How many finished files the journals of a state folder hold."""
    if not state.is_dir():
        return 0
    return sum(p.read_bytes().count(b"\n") for p in state.glob("*.log") if p.is_file())
