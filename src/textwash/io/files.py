"""From the paths a user names to the list of input files, safely.

* Folders are walked without recursion, in sorted order, so every run sees the same files
  in the same order.
* ``include``/``exclude`` are globs matched against the path relative to the named folder
  (``*`` stays within one folder, ``**`` spans folders, a leading ``/`` anchors the pattern
  at the folder; without it the pattern may match at any depth). A pattern that matches a
  folder excludes everything in it. Files named explicitly are always taken.
* Symbolic links are followed only where they stay inside the inputs, unless
  ``follow_symlinks``; loops and dangling links are reported, never followed forever.
* Special files (pipes, sockets, devices) are reported, never opened: reading a pipe would
  wait forever.
* Never taken: this package's temporary files, the output folder itself, and the output
  folders of other runs (``outputs``; those of earlier releases hold a ``.textwash-cache``
  folder); name one explicitly to clean it again.

>>> g = Globs(["*.txt", "expected", "/top/*.md", "a/**/z.jsonl"])
>>> [g.match(p) for p in ["x/y.txt", "expected/a.html", "top/r.md", "sub/top/r.md", "a/b/c/z.jsonl"]]
[True, True, True, False, True]
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from textwash.io.atomic import TEMP_SUFFIX

#: Folder that earlier releases kept an output directory's resume cache in: it marks the
#: output folders they wrote.
CACHE_DIR_NAME = ".textwash-cache"

#: Folders never worth cleaning; ``--exclude`` replaces this list, ``--extend-exclude``
#: adds to it.
DEFAULT_EXCLUDE: tuple[str, ...] = (
    ".git",
    ".hg",
    ".svn",
    ".bzr",
    "__pycache__",
    ".venv",
    ".tox",
    ".mypy_cache",
    ".pytest_cache",
    ".ruff_cache",
)


class UnsafeLayoutError(ValueError):
    """An output directory that could overwrite or re-read the inputs."""


@dataclass(frozen=True)
class Input:
    """One input file: its path as the user sees it, its place in the output layout
    (``rel``, with ``/``), its resolved path and its size."""

    path: str
    rel: str
    real: str
    size: int


@dataclass(frozen=True)
class Problem:
    """A path that will not be cleaned, and why; ``failed`` ones make the exit code 1."""

    path: str
    message: str
    failed: bool


def _segment_regex(segment: str) -> str:
    out, i = [], 0
    while i < len(segment):
        c = segment[i]
        if c == "*":
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif c == "[":
            j = segment.find("]", i + 2 if segment[i + 1 : i + 2] in ("!", "]") else i + 1)
            if j < 0:
                out.append(re.escape(c))
            else:
                body = segment[i + 1 : j]
                if body.startswith("!"):
                    body = "^" + body[1:]
                out.append(f"[{body.replace(chr(92), chr(92) * 2)}]")
                i = j
        else:
            out.append(re.escape(c))
        i += 1
    return "".join(out)


def glob_regex(pattern: str, *, ignore_case: bool = False) -> re.Pattern[str]:
    """A regex for a path glob (see the module docstring for the rules).

    >>> bool(glob_regex("**/b/*.txt").match("a/b/c.txt")), bool(glob_regex("b/*.txt").match("ab/c.txt"))
    (True, False)
    """
    anchored = pattern.startswith("/")
    parts = [p for p in pattern.strip("/").split("/") if p]
    body = []
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        if part == "**":
            body.append(".*" if last else "(?:[^/]+/)*")
        else:
            body.append(_segment_regex(part) + ("" if last else "/"))
    prefix = "" if anchored else "(?:.*/)?"
    flags = re.DOTALL | (re.IGNORECASE if ignore_case else 0)
    return re.compile(prefix + "".join(body) + r"\Z", flags)


class Globs:
    """Several globs; a path matches if it, or a folder it is in, matches one of them."""

    def __init__(self, patterns: Iterable[str], *, ignore_case: bool = False) -> None:
        self.patterns = tuple(p for p in patterns if p.strip("/"))
        regexes = [glob_regex(p, ignore_case=ignore_case).pattern for p in self.patterns]
        flags = re.DOTALL | (re.IGNORECASE if ignore_case else 0)
        # one regex for all the globs: each path is matched once, not once per glob
        self._regex = re.compile("|".join(f"(?:{r})" for r in regexes), flags) if regexes else None

    def __bool__(self) -> bool:
        return bool(self.patterns)

    def match(self, rel: str) -> bool:
        rel = rel.strip("/")
        regex = self._regex
        if regex is None:
            return False
        if regex.match(rel):
            return True
        i = rel.rfind("/")
        while i > 0:
            if regex.match(rel[:i]):
                return True
            i = rel.rfind("/", 0, i)
        return False

    def match_file(self, rel: str) -> bool:
        """Whether the file itself matches (folders it is in do not count)."""
        return self._regex is not None and self._regex.match(rel.strip("/")) is not None


def is_within(path: str, folder: str) -> bool:
    """Whether ``path`` is ``folder`` or inside it (both absolute and normalised)."""
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def check_output_dir(roots: Sequence[Path], outdir: Path) -> list[str]:
    """Refuse an output directory that is, or contains, an input; return the resolved
    output directories that must be skipped while walking (those inside an input)."""
    out_real = os.path.realpath(outdir)
    skip = []
    for root in roots:
        root_real = os.path.realpath(root)
        if out_real == root_real:
            raise UnsafeLayoutError(
                f"the output directory {outdir} is the input {root}; "
                "use --in-place to rewrite inputs, or choose another output directory"
            )
        if is_within(root_real, out_real):
            raise UnsafeLayoutError(
                f"the output directory {outdir} contains the input {root}; "
                "outputs could overwrite inputs: choose an output directory outside it"
            )
        if os.path.isdir(root_real) and is_within(out_real, root_real):
            skip.append(out_real)  # inside an input: safe, as long as it is never read
    return skip


def layout_base(roots: Sequence[Path]) -> str:
    """The folder output paths are relative to: the one folder named, else the deepest
    folder holding everything named."""
    absolute = [os.path.abspath(r) for r in roots]
    if len(absolute) == 1 and os.path.isdir(absolute[0]):
        return absolute[0]
    return os.path.commonpath([os.path.dirname(a) for a in absolute])


def find_inputs(
    roots: Sequence[Path],
    *,
    include: Globs,
    exclude: Globs,
    follow_symlinks: bool = False,
    skip: Sequence[str] = (),
    outputs: Collection[str] = (),
) -> tuple[list[Input], list[Problem]]:
    """Every input file under ``roots`` (sorted, without duplicates), and the problems met
    (:func:`iter_inputs`, collected)."""
    inputs: list[Input] = []
    problems: list[Problem] = []
    for found in iter_inputs(
        roots,
        include=include,
        exclude=exclude,
        follow_symlinks=follow_symlinks,
        skip=skip,
        outputs=outputs,
    ):
        if isinstance(found, Input):
            inputs.append(found)
        else:
            problems.append(found)
    return inputs, problems


def iter_inputs(
    roots: Sequence[Path],
    *,
    include: Globs,
    exclude: Globs,
    follow_symlinks: bool = False,
    skip: Sequence[str] = (),
    outputs: Collection[str] = (),
) -> Iterator[Input | Problem]:
    """Every input file under ``roots`` (sorted, without duplicates), and every problem,
    as the walk meets them: a run can start cleaning the first files while it is still
    finding the others.

    ``skip`` are resolved folders never to enter (the output directory, when it is inside
    an input); ``outputs``, resolved output folders of other runs, are not entered either
    but reported as skipped.
    """
    base = layout_base(roots)
    roots_real = [os.path.realpath(r) for r in roots]
    seen: set[str] = set()

    for root, root_real in zip(roots, roots_real, strict=True):
        try:
            st = os.stat(root)
        except OSError as error:
            yield Problem(str(root), _link_error(str(root), error), True)
            continue
        if stat.S_ISDIR(st.st_mode):
            # paths relative to the folder are known to the walk: no path is made absolute
            # or relative again, file by file
            root_abs = os.path.abspath(root)
            prefix = os.path.relpath(root_abs, base).replace(os.sep, "/")
            prefix = "" if prefix == "." else prefix + "/"
            for found in _walk(
                str(root),
                root_real,
                roots_real,
                include=include,
                exclude=exclude,
                follow=follow_symlinks,
                skip=skip,
                outputs=outputs,
            ):
                if isinstance(found, Problem):
                    yield found
                    continue
                path, rel, real, size = found
                key = os.path.join(root_abs, rel if os.sep == "/" else rel.replace("/", os.sep))
                if key not in seen:
                    seen.add(key)
                    yield Input(path, prefix + rel, real, size)
        elif stat.S_ISREG(st.st_mode):
            key = os.path.abspath(root)
            if key not in seen:
                seen.add(key)
                rel = os.path.relpath(key, base).replace(os.sep, "/")
                yield Input(str(root), rel, root_real, st.st_size)
        else:
            yield Problem(str(root), "not a regular file (pipe, socket or device)", True)


def _link_error(path: str, error: OSError) -> str:
    if error.errno == errno.ELOOP:
        return "symlink loop"
    if os.path.islink(path):
        try:
            return f"broken symlink (to {os.readlink(path)})"
        except OSError:
            return "broken symlink"
    return error.strerror or str(error)


def _walk(
    root: str,
    root_real: str,
    roots_real: Sequence[str],
    *,
    include: Globs,
    exclude: Globs,
    follow: bool,
    skip: Sequence[str],
    outputs: Collection[str],
) -> Iterator[Problem | tuple[str, str, str, int]]:
    """The files under one folder, as (path, path relative to it, resolved path, size),
    and the problems met, in the walk's order."""
    st = os.stat(root_real)
    visited = {(st.st_dev, st.st_ino)}
    # (folder as shown, folder resolved, path relative to root, folders above it)
    stack: list[tuple[str, str, str, frozenset[tuple[int, int]]]] = [
        (root, root_real, "", frozenset(visited))
    ]
    while stack:
        folder, folder_real, rel_folder, ancestors = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as error:
            yield Problem(folder, f"cannot list folder: {error.strerror}", True)
            continue
        folders = []
        for entry in entries:
            name = entry.name
            if name == CACHE_DIR_NAME or name.endswith(TEMP_SUFFIX):
                continue
            rel = f"{rel_folder}{name}"
            if exclude.match_file(rel):  # (the folders it is in were matched as entries)
                continue
            shown, real = entry.path, os.path.join(folder_real, name)
            try:
                is_link = entry.is_symlink()
                if is_link:
                    real = os.path.realpath(entry.path)
                    st = os.stat(entry.path)
                else:
                    st = entry.stat(follow_symlinks=False)
            except OSError as error:
                if include.match_file(rel) or "." not in name:  # a file we want, or a folder
                    yield Problem(shown, _link_error(shown, error), True)
                continue
            inside = any(is_within(real, r) for r in roots_real)
            if stat.S_ISDIR(st.st_mode):
                if any(is_within(real, s) for s in skip):
                    continue
                if is_link and not follow:
                    if not inside:
                        yield Problem(
                            shown,
                            f"symlink to a folder outside the inputs ({real}), not followed "
                            "(use --follow-symlinks)",
                            False,
                        )
                    continue  # inside: its files are met under their own path
                key = (st.st_dev, st.st_ino)
                if key in ancestors:
                    yield Problem(shown, f"symlink loop (back to {real})", True)
                    continue
                if key in visited:
                    continue  # met already through another link
                visited.add(key)
                if real in outputs or os.path.lexists(os.path.join(entry.path, CACHE_DIR_NAME)):
                    yield Problem(
                        shown,
                        "output folder of another clean run, skipped (name it to clean it)",
                        False,
                    )
                    continue
                folders.append((shown, real, rel + "/", ancestors | {key}))
            elif not include.match_file(rel):
                continue
            elif stat.S_ISREG(st.st_mode):
                if is_link and not follow and not inside:
                    yield Problem(
                        shown,
                        f"symlink to a file outside the inputs ({real}), not followed "
                        "(use --follow-symlinks)",
                        False,
                    )
                    continue
                yield shown, rel, real, st.st_size
            else:
                yield Problem(shown, "not a regular file (pipe, socket or device)", True)
        stack.extend(reversed(folders))
