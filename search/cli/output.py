"""What the commands print, and the exit codes: the helpers every command shares."""

from __future__ import annotations

import sys

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2


def count(number: int, noun: str, plural: str | None = None) -> str:
    """'1 chunk', '3 chunks'."""
    return f"{number} {noun}" if number == 1 else f"{number} {plural or noun + 's'}"


def say_on_stderr(message: str) -> None:
    """A progress or waiting message: on stderr, so stdout stays the command's answer."""
    print(message, file=sys.stderr)
