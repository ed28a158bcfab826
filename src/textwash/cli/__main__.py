"""``python -m textwash.cli``: the ``clean`` command (as ``python -m textwash``)."""

from textwash.cli.command import main

if __name__ == "__main__":
    main()
