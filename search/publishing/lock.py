"""The build lock: one build or rollback of an index at a time, held in the state folder beside it
(folders.py). Whoever takes the lock first finishes, or forgets, a publish or rollback that was
killed midway (publish.settle).
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from search.errors import BuildRunning, IndexMissing
from search.index.store import rebuild_hint
from search.publishing.folders import LOCK_FILE, nothing_kept, state_folder, write_failed
from search.publishing.publish import settle


def _holder(lock_path: Path) -> str:
    try:
        return lock_path.read_text(encoding="utf-8").strip() or "another process"
    except OSError:
        return "another process"


@contextmanager
def build_lock(
    index_dir: Path, wait: bool = True, on_wait: Callable[[str], None] | None = None, *, create: bool = True
) -> Iterator[None]:
    """Hold index_dir's build lock. Busy: with `wait`, say so through on_wait and wait; without,
    raise BuildRunning. The operating system frees the lock when its holder dies, however it dies.

    Without `create` (a rollback) no folder is made: with no state folder there is nothing kept,
    so NothingToRollBack is raised, or IndexMissing when there is no index_dir either.
    """
    index_dir = index_dir.absolute()
    folder = state_folder(index_dir)
    if not create and not folder.is_dir():
        if not index_dir.exists():
            raise IndexMissing(
                f"No index at {index_dir}/, so there is nothing to roll back: check the path, "
                f"or {rebuild_hint(index_dir)}."
            )
        raise nothing_kept(index_dir)
    lock_path = folder / LOCK_FILE
    try:
        folder.mkdir(parents=True, exist_ok=True)
        lock = lock_path.open("a+", encoding="utf-8")
    except OSError as error:
        raise write_failed(error, folder, f"{index_dir}/ is unchanged", "try again") from None
    with lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            message = f"A rebuild of {index_dir}/ is already running ({_holder(lock_path)})"
            if not wait:
                raise BuildRunning(f"{message}; try again when it has finished.") from None
            if on_wait is not None:
                on_wait(f"{message}; waiting for it to finish…")
            fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            lock.truncate(0)
            lock.write(f"process {os.getpid()}, started {time.strftime('%H:%M:%S')}\n")
            lock.flush()
            settle(index_dir)
        except OSError as error:
            raise write_failed(
                error, folder, f"An interrupted build or rollback of {index_dir}/ could not be finished", "try again"
            ) from None
        try:
            yield
        finally:
            lock.truncate(0)
            fcntl.flock(lock, fcntl.LOCK_UN)
