"""Putting a freshly built index folder in place of the old one in a single step, one build at a time.

On Linux the two folders are swapped atomically with renameat2(RENAME_EXCHANGE): a reader
sees the whole old index or the whole new one, never a gap or a mixture. Elsewhere the
old folder is moved aside first, leaving a moment with no index, never a mixed one.

Beside index/ sits its state folder, `.index.builds/`: the build lock, the embedding cache,
the folders of builds in progress, and `history/`, the last few published versions, newest
last, which `python build_index.py --rollback` restores from.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import fcntl
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import SearchError
from .index import MANIFEST_FILE

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
# Versions kept besides the published one: enough to step back past a bad edit or two.
KEEP_VERSIONS = 3
LOCK_FILE = "lock"
CACHE_FILE = "embeddings.sqlite3"
HISTORY = "history"
STAGING_PREFIX = "building-"


class BuildRunning(SearchError):
    """Another build or rollback of the same index holds the lock."""


class NothingToRollBack(SearchError):
    """No earlier version is kept."""


def state_folder(index_dir: Path) -> Path:
    """Where the lock, cache, builds in progress and earlier versions of index_dir are kept."""
    index_dir = index_dir.absolute()
    return index_dir.with_name(f".{index_dir.name}.builds")


def cache_file(index_dir: Path) -> Path:
    return state_folder(index_dir) / CACHE_FILE


def _holder(lock_path: Path) -> str:
    try:
        return lock_path.read_text(encoding="utf-8").strip() or "another process"
    except OSError:
        return "another process"


@contextmanager
def build_lock(index_dir: Path, wait: bool = True, on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold index_dir's build lock. Busy: with `wait`, say so through on_wait and wait; without,
    raise BuildRunning. The operating system frees the lock when its holder dies, however it dies."""
    folder = state_folder(index_dir)
    folder.mkdir(parents=True, exist_ok=True)
    lock_path = folder / LOCK_FILE
    with lock_path.open("a+", encoding="utf-8") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            message = f"A rebuild of {index_dir}/ is already running ({_holder(lock_path)})"
            if not wait:
                raise BuildRunning(f"{message}; try again when it has finished.") from None
            if on_wait is not None:
                on_wait(f"{message}; waiting for it to finish…")
            fcntl.flock(lock, fcntl.LOCK_EX)
        lock.truncate(0)
        lock.write(f"process {os.getpid()}, started {time.strftime('%H:%M:%S')}\n")
        lock.flush()
        # Builds that died without cleaning up (power cut, kill -9) left these; none can be running now.
        for leftover in folder.glob(f"{STAGING_PREFIX}*"):
            shutil.rmtree(leftover, ignore_errors=True)
        try:
            yield
        finally:
            lock.truncate(0)
            fcntl.flock(lock, fcntl.LOCK_UN)


def new_staging(index_dir: Path) -> Path:
    """An empty folder to build into, on the same file system as index_dir so it can be swapped in."""
    folder = state_folder(index_dir)
    folder.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=folder))


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths atomically; False where the system cannot."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE)
    if result == 0:
        return True
    error = ctypes.get_errno()
    if error in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(error, os.strerror(error), str(second))


def _swap_in(replacement: Path, target: Path) -> Path | None:
    """Put `replacement` at `target`; returns where the old target now is (None if there was none)."""
    if not target.exists():
        os.rename(replacement, target)
        return None
    if _exchange(replacement, target):
        return replacement
    aside = replacement.with_name(replacement.name + "-old")
    os.rename(target, aside)
    os.rename(replacement, target)
    return aside


def versions(index_dir: Path) -> list[Path]:
    """The kept earlier versions of index_dir, oldest first."""
    history = state_folder(index_dir) / HISTORY
    if not history.is_dir():
        return []
    return sorted((path for path in history.iterdir() if path.name.isdigit()), key=lambda path: int(path.name))


def publish(staging: Path, index_dir: Path, keep: int = KEEP_VERSIONS) -> None:
    """Make the folder `staging` become index_dir; the old index joins the kept versions.

    Call with the build lock held. `staging` is gone after.
    """
    old = _swap_in(staging, index_dir.absolute())
    if old is None:
        return
    if not (old / MANIFEST_FILE).is_file():
        # Not an index (a fresh clone's index/ holds only its README): nothing to roll back to.
        shutil.rmtree(old)
        return
    history = state_folder(index_dir) / HISTORY
    history.mkdir(parents=True, exist_ok=True)
    kept = versions(index_dir)
    number = int(kept[-1].name) + 1 if kept else 1
    os.rename(old, history / f"{number:06d}")
    kept = versions(index_dir)
    for stale in kept[: max(len(kept) - keep, 0)]:
        shutil.rmtree(stale, ignore_errors=True)


def roll_back(index_dir: Path) -> Path:
    """Put the newest kept version back in place of index_dir; the version it replaces is deleted.

    Call with the build lock held. Returns index_dir. Raises NothingToRollBack.
    """
    kept = versions(index_dir)
    if not kept:
        raise NothingToRollBack(f"No earlier version of {index_dir}/ is kept, so there is nothing to roll back to.")
    replaced = _swap_in(kept[-1], index_dir.absolute())
    if replaced is not None:
        shutil.rmtree(replaced)
    return index_dir
