"""Publishing and rolling back index/: a kill -9 at any step keeps index/ whole and the kept versions
right, a published index/ is an ordinary folder, and a rollback of a mistyped path creates nothing."""

from __future__ import annotations

import errno
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from search import IndexMissing, SearchError, build_index, load_index
from search.errors import NothingToRollBack
from search.publishing.build import roll_back_index
from search.publishing.folders import state_folder, versions
from search.publishing.lock import build_lock
from search.publishing.publish import PUBLISH_STEPS, RECORDED, ROLLBACK_STEPS
from tests.conftest import PROJECT_ROOT
from tests.fakes import FakeEmbedder

FAKE = FakeEmbedder.identity
EDITION = re.compile(r"Edition (\d+)\.")

STOPPED_PUBLISH = """
import shutil, sys, time
from pathlib import Path
from search.publishing import publish as publishing
from search.publishing.folders import new_staging
from search.publishing.lock import build_lock

action, index_dir, stop_at, swap, new_version = sys.argv[1:6]
index_dir = Path(index_dir)
if swap == "two-renames":
    publishing._exchange = lambda first, second: False  # as where renameat2 is missing

def step(name):
    if name == stop_at:
        print("stopped", flush=True)
        time.sleep(120)

with build_lock(index_dir):
    if action == "publish":
        staging = new_staging(index_dir)
        shutil.copytree(new_version, staging, dirs_exist_ok=True)
        publishing.publish(staging, index_dir, on_step=step)
    else:
        publishing.roll_back(index_dir, on_step=step)
print("finished", flush=True)
"""


def edition(index_dir: Path) -> int:
    """Which edition of the corpus a version was built from; loading it checks that it is whole."""
    (found,) = {int(number) for row in load_index(index_dir, FAKE).rows for number in EDITION.findall(row.text)}
    return found


def write_edition(corpus: Path, number: int) -> None:
    (corpus / "faq.txt").write_text(f"id: hours\nQ: When are you open?\nA: Edition {number}.\n", encoding="utf-8")


@pytest.fixture
def four_editions(tmp_path: Path) -> tuple[Path, Path]:
    """index/ holding edition 4 with editions 1 to 3 kept, and edition 5 built elsewhere, ready to publish."""
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    for number in range(1, 5):
        write_edition(corpus, number)
        build_index(corpus, index_dir, FakeEmbedder())
    write_edition(corpus, 5)
    build_index(corpus, tmp_path / "edition-5", FakeEmbedder())
    assert edition(index_dir) == 4 and [edition(version) for version in versions(index_dir)] == [1, 2, 3]
    return index_dir, tmp_path / "edition-5"


def stop_midway(action: str, index_dir: Path, step: str, swap: str, new_version: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-c", STOPPED_PUBLISH, action, str(index_dir), step, swap, str(new_version)],
        cwd=PROJECT_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout.readline() == "stopped\n", process.stderr.read()
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)


def rollbacks_until_none_left(index_dir: Path) -> list[int]:
    """The editions successive rollbacks put in place."""
    restored = []
    while True:
        try:
            roll_back_index(index_dir, wait=False)
        except NothingToRollBack:
            return restored
        restored.append(edition(index_dir))


def orphaned_versions(index_dir: Path) -> list[Path]:
    """Whole copies of an index lying in the state folder outside history/, taking up the disk."""
    history = state_folder(index_dir) / "history"
    return [path.parent for path in state_folder(index_dir).rglob("manifest.json") if path.parent.parent != history]


@pytest.mark.parametrize("swap", ["exchange", "two-renames"])
@pytest.mark.parametrize("step", PUBLISH_STEPS)
def test_a_publish_killed_at_any_step_keeps_index_whole_and_the_replaced_version(
    four_editions: tuple[Path, Path], step: str, swap: str
) -> None:
    index_dir, new_version = four_editions
    stop_midway("publish", index_dir, step, swap, new_version)
    with build_lock(index_dir, wait=False):  # the next build or rollback tidies up first
        pass
    if step == RECORDED:  # killed before anything moved: nothing happened
        assert edition(index_dir) == 4 and [edition(version) for version in versions(index_dir)] == [1, 2, 3]
        assert rollbacks_until_none_left(index_dir) == [3, 2, 1]
    else:
        # Published: edition 4 is kept, the oldest one dropped to keep three.
        assert edition(index_dir) == 5 and [edition(version) for version in versions(index_dir)] == [2, 3, 4]
        assert rollbacks_until_none_left(index_dir) == [4, 3, 2]
    assert orphaned_versions(index_dir) == []


@pytest.mark.parametrize("swap", ["exchange", "two-renames"])
@pytest.mark.parametrize("step", ROLLBACK_STEPS)
def test_a_rollback_killed_at_any_step_never_brings_the_rolled_back_version_back(
    four_editions: tuple[Path, Path], step: str, swap: str
) -> None:
    index_dir, new_version = four_editions
    stop_midway("rollback", index_dir, step, swap, new_version)
    with build_lock(index_dir, wait=False):
        pass
    if step == RECORDED:
        assert edition(index_dir) == 4 and [edition(version) for version in versions(index_dir)] == [1, 2, 3]
        assert rollbacks_until_none_left(index_dir) == [3, 2, 1]
    else:
        assert edition(index_dir) == 3 and [edition(version) for version in versions(index_dir)] == [1, 2]
        assert rollbacks_until_none_left(index_dir) == [2, 1]
    assert orphaned_versions(index_dir) == []


def test_a_published_index_is_an_ordinary_folder_others_can_read(tmp_path: Path) -> None:
    # The page may run as another user than the one who builds: index/ must be readable as any folder is.
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    before = os.umask(0o022)
    try:
        for number in (1, 2):
            write_edition(corpus, number)
            build_index(corpus, index_dir, FakeEmbedder())
            assert index_dir.stat().st_mode & 0o777 == 0o755
        roll_back_index(index_dir)
        assert edition(index_dir) == 1 and index_dir.stat().st_mode & 0o777 == 0o755
    finally:
        os.umask(before)


def test_rolling_back_a_mistyped_index_path_says_so_and_creates_nothing(tmp_path: Path) -> None:
    typo = tmp_path / "typo" / "index"
    with pytest.raises(IndexMissing, match=r"No index at .*/typo/index/, so there is nothing to roll back"):
        roll_back_index(typo)
    assert list(tmp_path.iterdir()) == []


def test_rolling_back_an_index_never_rebuilt_says_none_is_kept_and_creates_nothing(tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    index_dir.mkdir()
    with pytest.raises(NothingToRollBack, match=r"No earlier version of .*/index/ is kept"):
        roll_back_index(index_dir)
    assert [path.name for path in tmp_path.iterdir()] == ["index"]


def test_a_full_disk_after_the_swap_loses_no_version(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    for number in (1, 2):
        write_edition(corpus, number)
        build_index(corpus, index_dir, FakeEmbedder())
    write_edition(corpus, 3)
    rename = os.rename

    def no_room_in_history(source: str | Path, target: str | Path) -> None:
        if Path(target).parent.name == "history":
            raise OSError(errno.ENOSPC, "No space left on device", str(target))
        rename(source, target)

    with monkeypatch.context() as patch:
        patch.setattr(os, "rename", no_room_in_history)
        with pytest.raises(SearchError) as failed:
            build_index(corpus, index_dir, FakeEmbedder())
    assert str(failed.value).startswith(
        f"Could not write to {state_folder(index_dir)}/: the disk is full. "
        f"{index_dir}/ is published, but the version it replaced is not yet kept"
    )
    assert edition(index_dir) == 3
    # Once there is room, edition 2 reaches the history, and a rollback brings it back.
    assert rollbacks_until_none_left(index_dir) == [2, 1]
