"""``python -m textwash``: the ``clean`` command, for when the script is not on ``PATH``
(a virtual environment not activated, a Python of several). Usage lines and errors name
the command as it was typed, as ``python -m black`` does."""

from textwash.cli import main

if __name__ == "__main__":
    main(prog_name="python -m textwash")
