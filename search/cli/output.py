"""What the commands print, and the exit codes: the helpers every command shares."""

from __future__ import annotations

import sys

from search.text import count

__all__ = ["EXIT_ERROR", "EXIT_OK", "EXIT_USAGE", "count", "say_on_stderr"]

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2


def say_on_stderr(message: str) -> None:
    """A progress or waiting message: on stderr, so stdout stays the command's answer."""
    print(message, file=sys.stderr)
