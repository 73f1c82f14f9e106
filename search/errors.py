"""The errors the package raises: each says what is wrong and how to fix it."""

from __future__ import annotations

from pathlib import Path


class SearchError(Exception):
    """Base of every error the package raises on purpose; the CLI and page show its message."""


class ContentError(SearchError):
    """A corpus file cannot be read as content; names the file and, where there is one, the line."""

    def __init__(self, path: Path | str, message: str, line: int | None = None) -> None:
        self.path = str(path)
        self.line = line
        self.reason = message
        where = f"{self.path}, line {line}" if line is not None else self.path
        super().__init__(f"{where}: {message}")


class IndexMissing(SearchError):
    """There is no built index where one was expected."""


class IndexInvalid(SearchError):
    """An index exists but its files disagree, are damaged, or were built with another model."""
