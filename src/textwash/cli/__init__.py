"""The ``clean`` command.

:mod:`~textwash.cli.command` reads the flags, :mod:`~textwash.cli.settings` merges them
over the configuration, :mod:`~textwash.cli.run` (or :mod:`~textwash.cli.remote`,
:mod:`~textwash.cli.stdin`) runs, :mod:`~textwash.cli.output` prints; ``--explain``,
``--report`` and ``--list-filters`` have a module each. Importing this package loads
click and nothing heavy, so ``clean --help`` and ``clean --version`` stay fast.
"""

from textwash.cli.command import FORMAT_NAMES, FSYNC_MODES, clean, main
from textwash.cli.output import EXIT_CLOSED_PIPE, EXIT_INTERRUPTED

__all__ = [
    "EXIT_CLOSED_PIPE",
    "EXIT_INTERRUPTED",
    "FORMAT_NAMES",
    "FSYNC_MODES",
    "clean",
    "main",
]
