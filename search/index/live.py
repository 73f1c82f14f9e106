"""The published index as a long-running page sees it: switched to a new version between queries.

Each query asks for `current()` once and searches that one LoadedIndex, so it sees a whole
version, old or new, never a mixture. A publish swaps folders atomically (publish.py) and the
loader reads every file through one open folder, so a load is whole too.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from search.errors import SearchError
from search.index.loaded import LoadedIndex, load_index
from search.index.store import MANIFEST_FILE


def published_version(index_dir: Path) -> str:
    """Changes whenever a version is published or rolled back: each has a manifest file of its own."""
    try:
        stat = (index_dir / MANIFEST_FILE).stat()
    except OSError:
        return "none"
    return f"{stat.st_ino}-{stat.st_mtime_ns}-{stat.st_size}"


class LiveIndex:
    """The newest published version of index_dir, loaded once per version; safe across threads."""

    def __init__(self, index_dir: Path, load: Callable[[Path], LoadedIndex] = load_index) -> None:
        self.index_dir = index_dir
        self._load = load
        self._lock = threading.Lock()
        self._current: tuple[str, LoadedIndex] | None = None
        self.loads = 0

    def current(self) -> LoadedIndex:
        """The index to answer one query with. Raises IndexMissing or IndexInvalid only when no
        version has ever loaded; otherwise a version that fails to load leaves the last one serving."""
        version = published_version(self.index_dir)
        held = self._current
        if held is not None and held[0] == version:
            return held[1]
        with self._lock:
            held = self._current
            if held is not None and held[0] == version:
                return held[1]
            try:
                loaded = self._load(self.index_dir)
            except SearchError:
                # A publish or rollback may have moved the folder mid-load, or it is damaged: the
                # version already loaded is whole, so it keeps serving until a good one loads.
                if held is None:
                    raise
                return held[1]
            # `version` was read before loading; if another publish came in between, the next
            # query sees a newer version and loads again, which costs time but never mixes.
            self._current = (version, loaded)
            self.loads += 1
            return loaded
