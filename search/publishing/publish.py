"""Putting a freshly built index folder in place of the old one, or an earlier version back, one
build at a time, so that a kill -9 at any moment loses no version and brings none back.

On Linux the two folders are swapped atomically with renameat2(RENAME_EXCHANGE): a reader
sees the whole old index or the whole new one, never a gap or a mixture. Elsewhere the
old folder is moved aside first, leaving a moment with no index, never a mixed one.

The replaced version joins `history/` in the state folder beside the index (folders.py), which
`python build_index.py --rollback` restores from. Before anything moves, a publish or rollback
records what it is about to do in `intent.json`; every step after is one rename, and nothing is
deleted until it has been renamed into `discarded/`. Whoever takes the build lock next (lock.py)
finishes, or forgets, a publish or rollback that was killed midway (`settle`), so the replaced
version always reaches history/ and a version rolled back from never returns there.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import json
import os
import secrets
import shutil
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from search.index.store import MANIFEST_FILE
from search.publishing.folders import (
    DISCARDED,
    HISTORY,
    INTENT_FILE,
    STAGING_PREFIX,
    nothing_kept,
    state_folder,
    versions,
    write_failed,
)

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
# Versions kept besides the published one: enough to step back past a bad edit or two.
KEEP_VERSIONS = 3

# The steps of a publish and of a rollback, each reported to `on_step` once done, so that tests can
# stop the process there. Without renameat2 the replaced version is set aside before the swap.
RECORDED = "intent recorded"
SWAPPED = "new version in place"
SET_ASIDE = "replaced version set aside"
PRUNED = "oldest versions discarded"
CLEARED = "intent cleared"
DELETED = "discarded versions deleted"
PUBLISH_STEPS = (RECORDED, SWAPPED, SET_ASIDE, PRUNED, CLEARED, DELETED)
ROLLBACK_STEPS = (RECORDED, SWAPPED, SET_ASIDE, CLEARED, DELETED)

Step = Callable[[str], None]


@dataclass(frozen=True)
class _Intent:
    """A publish or rollback under way, as intent.json records it before anything moves.

    `new` is the folder to put in place, relative to the state folder; `identity` its device and
    inode, which it keeps under any name, so whether the swap happened can be told from index_dir.
    The replaced version is kept in history/ under `number`, or discarded when that is None.
    `keep` is how many versions history/ keeps after a publish (None: a rollback prunes nothing).
    """

    new: str
    identity: tuple[int, int]
    number: int | None
    keep: int | None


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.lstat()
    except FileNotFoundError:
        return None
    return stat.st_dev, stat.st_ino


def _sync(*folders: Path) -> None:
    # Renames reach the disk in order, so that after a power cut the recorded intent still holds.
    for folder in dict.fromkeys(folders):
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _rename(source: Path, target: Path) -> None:
    os.rename(source, target)
    _sync(source.parent, target.parent)


def _record(state: Path, intent: _Intent) -> None:
    part = state / f"{INTENT_FILE}.part"
    with part.open("w", encoding="utf-8") as file:
        json.dump(asdict(intent), file)
        file.flush()
        os.fsync(file.fileno())
    _rename(part, state / INTENT_FILE)


def _read_intent(state: Path) -> _Intent | None:
    try:
        record = json.loads((state / INTENT_FILE).read_text(encoding="utf-8"))
        return _Intent(record["new"], tuple(record["identity"]), record["number"], record["keep"])
    except FileNotFoundError:
        return None
    except (ValueError, KeyError, TypeError):
        return None  # not written by this program (intent.json is written whole or not at all)


def _discard(state: Path, path: Path) -> None:
    """Move path into discarded/, from where it is deleted; it is never seen as a version again."""
    (state / DISCARDED).mkdir(exist_ok=True)
    _rename(path, state / DISCARDED / f"{path.name}-{secrets.token_hex(6)}")


def _set_aside(state: Path, intent: _Intent, replaced: Path) -> None:
    if intent.number is None or not (replaced / MANIFEST_FILE).is_file():
        # Rolled back from, or not an index (a fresh clone's index/ holds only its README).
        _discard(state, replaced)
        return
    (state / HISTORY).mkdir(exist_ok=True)
    _rename(replaced, state / HISTORY / f"{intent.number:06d}")


def _swap(state: Path, intent: _Intent, index_dir: Path, step: Step) -> None:
    """Put the intent's new folder at index_dir; without renameat2, set the replaced one aside first."""
    new = state / intent.new
    if not index_dir.exists():
        _rename(new, index_dir)
    elif _exchange(new, index_dir):
        _sync(new.parent, index_dir.parent)  # `new` now names the replaced version: _finish sets it aside
    else:
        _set_aside(state, intent, index_dir)
        step(SET_ASIDE)
        _rename(new, index_dir)
    step(SWAPPED)


def _finish(state: Path, intent: _Intent, index_dir: Path, step: Step) -> None:
    """Everything after the swap: set the replaced version aside, prune history/, forget the intent."""
    new = state / intent.new
    if new.exists():  # swapped by renameat2: here is the replaced version
        _set_aside(state, intent, new)
        step(SET_ASIDE)
    if intent.keep is not None:
        kept = versions(index_dir)
        for stale in kept[: max(len(kept) - intent.keep, 0)]:
            _discard(state, stale)
        step(PRUNED)
    (state / INTENT_FILE).unlink()
    _sync(state)
    step(CLEARED)
    _empty_discarded(state)
    step(DELETED)


def _empty_discarded(state: Path) -> None:
    discarded = state / DISCARDED
    if discarded.is_dir():
        for path in discarded.iterdir():
            shutil.rmtree(path, ignore_errors=True)


def settle(index_dir: Path) -> None:
    """Finish a publish or rollback that was killed after its swap; forget one killed before it. Then
    delete what dead builds left. Called with the lock held, so nothing else can be running."""
    state = state_folder(index_dir)
    intent = _read_intent(state)
    if intent is not None:
        new = state / intent.new
        if _identity(index_dir) != intent.identity and not index_dir.exists() and _identity(new) == intent.identity:
            _rename(new, index_dir)  # killed between the two renames that stand in for renameat2
        if _identity(index_dir) == intent.identity:
            _finish(state, intent, index_dir, lambda done: None)
    # Killed before its swap: index_dir and history/ are as they were. A build's folder is deleted below.
    (state / INTENT_FILE).unlink(missing_ok=True)
    (state / f"{INTENT_FILE}.part").unlink(missing_ok=True)
    for leftover in state.glob(f"{STAGING_PREFIX}*"):
        shutil.rmtree(leftover, ignore_errors=True)
    _empty_discarded(state)


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


def _carry_out(index_dir: Path, intent: _Intent, step: Step | None, done: str) -> None:
    state = state_folder(index_dir)
    step = step or (lambda name: None)
    _record(state, intent)
    step(RECORDED)
    _swap(state, intent, index_dir, step)
    try:
        _finish(state, intent, index_dir, step)
    except OSError as error:
        raise write_failed(error, state, done, "the next build or rollback finishes tidying up") from None


def publish(staging: Path, index_dir: Path, keep: int = KEEP_VERSIONS, on_step: Step | None = None) -> None:
    """Make the folder `staging` (from new_staging) become index_dir; the old index joins the kept versions.

    Call with the build lock held. `staging` is gone after. `on_step` is told each step of
    PUBLISH_STEPS as it is done. Raises OSError, index_dir unchanged, if the swap could not be
    made, and WriteFailed if it was but what follows (keeping the old index) could not be done.
    """
    index_dir = index_dir.absolute()
    kept = versions(index_dir)
    intent = _Intent(
        new=os.path.relpath(staging.absolute(), state_folder(index_dir)),
        identity=_identity(staging),
        number=int(kept[-1].name) + 1 if kept else 1,
        keep=keep,
    )
    _carry_out(index_dir, intent, on_step, f"{index_dir}/ is published, but the version it replaced is not yet kept")


def roll_back(index_dir: Path, on_step: Step | None = None) -> Path:
    """Put the newest kept version back in place of index_dir; the version it replaces is deleted.

    Call with the build lock held. Returns index_dir. `on_step` is told each step of
    ROLLBACK_STEPS as it is done. Raises NothingToRollBack.
    """
    index_dir = index_dir.absolute()
    kept = versions(index_dir)
    if not kept:
        raise nothing_kept(index_dir)
    intent = _Intent(f"{HISTORY}/{kept[-1].name}", _identity(kept[-1]), number=None, keep=None)
    _carry_out(index_dir, intent, on_step, f"{index_dir}/ is rolled back, but the version it replaced is not deleted")
    return index_dir
