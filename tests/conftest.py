"""Shared test set-up: where the third-party data lives, and Hypothesis profiles."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent

# Conftest files are not test modules: with --doctest-modules pytest would otherwise import
# this one and tests/cli/conftest.py under the same module name.
collect_ignore = ["conftest.py", "cli/conftest.py"]

# No example database: runs are reproducible from the seed and nothing lands in the repo.
settings.register_profile(
    "default",
    max_examples=300,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "ci",
    max_examples=500,
    database=None,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(
    "ci" if os.environ.get("CI") else os.environ.get("HYPOTHESIS_PROFILE", "default")
)


def data_dir() -> Path:
    """The third-party data folder: ``$TEXTWASH_DATA``, else ``../shared/data``."""
    return Path(os.environ.get("TEXTWASH_DATA", ROOT.parent / "shared" / "data"))


@pytest.fixture(scope="session")
def shared_data() -> Path:
    path = data_dir()
    if not path.is_dir():
        pytest.skip(f"third-party data not found at {path} (set TEXTWASH_DATA)")
    return path
