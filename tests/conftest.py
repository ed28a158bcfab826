"""Shared test set-up: where the third-party data lives, and Hypothesis profiles."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, core, settings

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
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(
    "ci" if os.environ.get("CI") else os.environ.get("HYPOTHESIS_PROFILE", "default")
)


def pytest_configure(config: pytest.Config) -> None:
    """Every run explores new ground: a fresh seed unless one is given, printed to rerun.

    ``--hypothesis-seed N`` (or ``TEXTWASH_HYPOTHESIS_SEED=N``) repeats a run. A failure
    found this way is kept as an explicit ``@example`` next to the property it broke.
    """
    given_seed = config.getoption("hypothesis_seed", None)
    seed = given_seed or os.environ.get("TEXTWASH_HYPOTHESIS_SEED")
    if seed is None:
        seed = str(random.SystemRandom().randrange(2**32))
    config.stash[_SEED] = str(seed)
    if given_seed is None:
        core.global_force_seed = int(seed) if str(seed).isdigit() else seed  # type: ignore[attr-defined]


_SEED = pytest.StashKey[str]()


def pytest_report_header(config: pytest.Config) -> str:
    seed = config.stash[_SEED]
    return f"hypothesis seed {seed} (repeat with --hypothesis-seed={seed})"


def pytest_terminal_summary(
    terminalreporter: pytest.TerminalReporter, exitstatus: int, config: pytest.Config
) -> None:
    if exitstatus != 0:
        seed = config.stash[_SEED]
        terminalreporter.write_line(
            f"hypothesis seed of this run: {seed} (repeat with --hypothesis-seed={seed}; "
            "keep any falsifying example as an explicit @example)"
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
