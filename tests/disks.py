"""Real file-system failures for tests: a small tmpfs that can be filled or made read-only.

Mounting needs root, which `make test` and CI have; elsewhere the tests that need it are skipped
with the reason, never faked.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


@contextmanager
def small_disk(folder: Path, size_kib: int = 512) -> Iterator[Path]:
    """`folder`, made and mounted as a tmpfs of `size_kib`, unmounted (and emptied) after."""
    if os.geteuid() != 0:
        pytest.skip("mounting a small disk needs root (make test runs as root on CI)")
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kib}k,mode=0700", "tmpfs", str(folder)], check=True)
    try:
        yield folder
    finally:
        subprocess.run(["umount", "--lazy", str(folder)], check=True)


def fill(folder: Path) -> None:
    """Write to `folder` until its disk is full."""
    descriptor = os.open(folder / "filler", os.O_CREAT | os.O_WRONLY, 0o600)
    try:
        while os.write(descriptor, b"\0" * 4096):
            pass
    except OSError:  # ENOSPC: full
        pass
    finally:
        os.close(descriptor)


def make_read_only(folder: Path) -> None:
    """Remount the small disk holding `folder` read-only: root cannot write to it either."""
    mount_point = folder
    while not os.path.ismount(mount_point):
        mount_point = mount_point.parent
    subprocess.run(["mount", "-o", "remount,ro", str(mount_point)], check=True)
