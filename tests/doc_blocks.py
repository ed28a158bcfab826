"""The fenced code blocks of the Markdown docs, and what kind of check each one gets.

Shared by ``tests/test_docs_examples.py``. A block is found by its fence (indented fences
inside list items too); its language says what it is:

* ``pycon``: an interactive session, run as a doctest;
* ``python``: a script, run in a fresh interpreter;
* ``sh``: shell commands, run where they are safe and local (see the test module);
* ``console``: ``$ command`` lines, each followed by the output it must print;
* ``toml``: a configuration file, loaded as ``clean`` loads one;
* ``text``: output or a synopsis, nothing to run.

A block that cannot run here (it needs a cluster, a cloud bucket, Kubernetes) is preceded
by ``<!-- not-tested: REASON -->``; the tests honour it, count it, and keep it rare.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
LANGUAGES = {"pycon", "python", "sh", "console", "toml", "text", "yaml"}

_FENCE = re.compile(r"^(?P<indent>[ \t]*)```(?P<lang>[\w-]*)[ \t]*$")
_MARKER = re.compile(r"^\s*<!--\s*not-tested:\s*(?P<reason>.*?)\s*-->\s*$")


@dataclass(frozen=True)
class Block:
    page: Path
    line: int  # 1-based line of the opening fence
    lang: str
    code: str
    #: Why the block is not run (the ``not-tested`` marker above it), or ``None``.
    not_tested: str | None

    @property
    def where(self) -> str:
        return f"{self.page.relative_to(ROOT)}:{self.line}"


def blocks(page: Path) -> list[Block]:
    """Every fenced block of ``page``, in order."""
    lines = page.read_text(encoding="utf-8").splitlines()
    found: list[Block] = []
    index = 0
    while index < len(lines):
        opening = _FENCE.match(lines[index])
        if not opening:
            index += 1
            continue
        indent = opening["indent"]
        end = index + 1
        while end < len(lines) and lines[end].strip() != "```":
            end += 1
        if end == len(lines):
            raise ValueError(f"{page.name}:{index + 1}: code block never closed")
        body = [
            line[len(indent) :] if line.startswith(indent) else line
            for line in lines[index + 1 : end]
        ]
        above = next((lines[i] for i in range(index - 1, -1, -1) if lines[i].strip()), "")
        marker = _MARKER.match(above)
        found.append(
            Block(
                page,
                index + 1,
                opening["lang"],
                textwrap.dedent("\n".join(body)) + "\n",
                marker["reason"] if marker else None,
            )
        )
        index = end + 1
    return found


def all_blocks() -> list[Block]:
    return [block for page in PAGES for block in blocks(page)]


def shell_commands(code: str) -> list[str]:
    """The commands of a shell block: continuations joined, comments dropped, ``&&`` split."""
    joined = re.sub(r"\\\n\s*", " ", code)
    commands: list[str] = []
    for line in joined.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        commands.extend(part.strip() for part in _split_and(line) if part.strip())
    return commands


def _split_and(line: str) -> list[str]:
    """``a && b  # note`` -> ``[a, b]`` (the docs put no ``&&`` inside quotes)."""
    return _outside_comment(line).split(" && ")


def _outside_comment(line: str) -> str:
    """The line without a trailing ``# comment`` (outside quotes)."""
    quote = ""
    for position, char in enumerate(line):
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == "#" and (position == 0 or line[position - 1].isspace()):
            return line[:position].rstrip()
    return line
