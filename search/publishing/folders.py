"""The state folder kept beside an index (`.index.builds/` beside index/) and what is in it: the
build lock (lock.py), the embedding cache, the folders of builds in progress, `history/` (the last
few published versions, newest last), `discarded/` (versions on their way to deletion) and
`intent.json` (a publish or rollback under way, publish.py). Also the one-line errors for a write
that failed there and for a rollback with no version kept.
"""

from __future__ import annotations

import errno
import secrets
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from search.errors import NothingToRollBack, WriteFailed

LOCK_FILE = "lock"
CACHE_FILE = "embeddings.sqlite3"
HISTORY = "history"
DISCARDED = "discarded"
INTENT_FILE = "intent.json"
STAGING_PREFIX = "building-"


def write_failed(error: OSError, folder: Path, outcome: str, retry: str) -> WriteFailed:
    """The one-line error for an OSError met writing in `folder`; `outcome` says what state things are in."""
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return WriteFailed(f"Could not write to {folder}/: the disk is full. {outcome}: free some space and {retry}.")
    return WriteFailed(f"Could not write to {folder}/ ({error}). {outcome}: fix that and {retry}.")


def state_folder(index_dir: Path) -> Path:
    """Where the lock, cache, builds in progress and earlier versions of index_dir are kept."""
    index_dir = index_dir.absolute()
    return index_dir.with_name(f".{index_dir.name}.builds")


def cache_file(index_dir: Path) -> Path:
    return state_folder(index_dir) / CACHE_FILE


def new_staging(index_dir: Path) -> Path:
    """An empty folder to build into, on the same file system as index_dir so it can be swapped in."""
    folder = state_folder(index_dir)
    folder.mkdir(parents=True, exist_ok=True)
    while True:
        staging = folder / f"{STAGING_PREFIX}{secrets.token_hex(6)}"
        try:
            # Made with the mode of any new folder (0755 under the usual umask), which it keeps once
            # published: tempfile.mkdtemp's 0700 would hide index/ from a page run by another user.
            staging.mkdir()
        except FileExistsError:
            continue
        return staging


@contextmanager
def staging_folder(index_dir: Path) -> Iterator[Path]:
    """A new_staging folder, deleted after unless it was published.

    A publish stopped midway leaves it alone: it may hold the replaced version, which the next
    holder of the lock keeps (see publish.settle).
    """
    staging = new_staging(index_dir)
    try:
        yield staging
    finally:
        if not (state_folder(index_dir) / INTENT_FILE).exists():
            shutil.rmtree(staging, ignore_errors=True)


def versions(index_dir: Path) -> list[Path]:
    """The kept earlier versions of index_dir, oldest first."""
    history = state_folder(index_dir) / HISTORY
    if not history.is_dir():
        return []
    return sorted((path for path in history.iterdir() if path.name.isdigit()), key=lambda path: int(path.name))


def nothing_kept(index_dir: Path) -> NothingToRollBack:
    return NothingToRollBack(f"No earlier version of {index_dir}/ is kept, so there is nothing to roll back to.")
