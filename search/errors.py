"""Every error the package raises on purpose: each says what is wrong and how to fix it.

The command line prints any SearchError as one line and exits 1; the page shows its message.
"""

from __future__ import annotations

import traceback
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

    @property
    def problems(self) -> tuple[ContentError, ...]:
        """Each problem this error stands for: itself, or every one found in a file (ContentErrors)."""
        return (self,)


class ContentErrors(ContentError):
    """Every problem found in one file, in line order, so an editor fixes them all in one pass.

    Its message is the first one's; `problems` lists them all.
    """

    def __init__(self, problems: list[ContentError]) -> None:
        ordered = sorted((each for problem in problems for each in problem.problems), key=lambda each: each.line or 0)
        super().__init__(ordered[0].path, ordered[0].reason, ordered[0].line)
        self._problems = tuple(ordered)

    @property
    def problems(self) -> tuple[ContentError, ...]:
        return self._problems


def raise_problems(problems: list[ContentError]) -> None:
    """Raise the problems found in one file, if there are any: one ContentError, or ContentErrors."""
    if len(problems) == 1:
        raise problems[0]
    if problems:
        raise ContentErrors(problems)


class ModelPackageMissing(SearchError):
    """A model's package is missing or damaged; the message names it and the command that installs it."""


class UnsupportedModel(ValueError):
    """A model folder describes something the numpy model does not implement."""


class IndexMissing(SearchError):
    """There is no built index where one was expected."""


class IndexInvalid(SearchError):
    """An index exists but its files disagree, are damaged, or were built with another model."""


class ManifestError(ValueError):
    """manifest.json is not a manifest this version can read."""


class BuildRunning(SearchError):
    """Another build or rollback of the same index holds the lock."""


class NothingToRollBack(SearchError):
    """No earlier version is kept."""


class WriteFailed(SearchError):
    """A folder beside the index could not be written: a full disk, a read-only file system."""


class GateFailed(SearchError):
    """The new index fell below the recorded floor; nothing was published.

    `result` is the publish gate's result (publishing.gate.GateResult), with every check and
    each question that broke.
    """

    def __init__(self, result: object) -> None:
        super().__init__(
            f"{result.as_text()}\nThe published index is unchanged. Fix the content, or publish anyway with --force."
        )
        self.result = result


class UsageLogError(SearchError):
    """The usage log's file could not be opened, read or written; says why."""


class StaffHashError(ValueError):
    """The configured staff password hash is not one this program made; staff mode stays off."""


def failure_place(error: BaseException) -> str:
    """Where in the code `error` was raised, frame by frame, and nothing of its message or values:
    either may quote a visitor's question, which no log may hold."""
    frames = traceback.extract_tb(error.__traceback__)
    return "; ".join(f"{frame.filename}:{frame.lineno} in {frame.name}" for frame in frames)


class UsageError(Exception):
    """A command was called wrongly; its message says how to call it (the command line exits 2)."""
