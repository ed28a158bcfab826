"""Fixtures for the ``clean`` command's tests (helpers are in ``cli_helpers.py``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest


@pytest.fixture
def write() -> Callable[..., Path]:
    """Write a file (bytes or text), creating folders: ``write(path, content)``."""

    def _write(path: Path, content: bytes | str) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8", newline="")
        else:
            path.write_bytes(content)
        return path

    return _write


@pytest.fixture(autouse=True)
def _isolated_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keep the in-place/check cache of every test in a folder of its own."""
    monkeypatch.setenv("TEXTWASH_CACHE_DIR", str(tmp_path_factory.mktemp("user-cache")))
