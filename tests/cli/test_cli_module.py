"""``python -m textwash`` is the ``clean`` command, named as it was run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from cli_helpers import DIRTY, cleaned


def module(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "textwash", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_python_m_textwash_runs_the_command(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(DIRTY, encoding="utf-8", newline="")
    result = module("in", "-o", "out", "-j", "1", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "a.txt").read_text(encoding="utf-8") == cleaned(DIRTY)
    assert "1 file: 1 changed" in result.stderr


def test_python_m_textwash_names_itself_in_help_and_usage_errors(tmp_path: Path) -> None:
    help_text = module("--help", cwd=tmp_path)
    assert help_text.returncode == 0
    assert help_text.stdout.startswith("Usage: python -m textwash [OPTIONS]")
    wrong = module("--no-such-flag", cwd=tmp_path)
    assert wrong.returncode == 2
    assert "Usage: python -m textwash" in wrong.stderr and "--no-such-flag" in wrong.stderr
