"""Vectors kept from earlier builds, by model and text, so a rebuild embeds only new or changed text.

The cache is a SQLite file beside the index (see publishing/folders.py). A vector is found by the
model's identity and dimension and the sha256 of the exact text embedded, so a different model
or a changed text never meets an old vector. The cache only ever saves time: losing it, or a
damaged file, costs a full embedding and nothing else.

Each vector records the last build that used it; a build forgets what the last few builds did not
use (EmbeddingCache.prune), so the file stays about the size of the content, not of its history.

A cache that cannot be written (a full disk) raises OSError, like any other file the build writes.
"""

from __future__ import annotations

import errno
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from search.models.embed import Embedder
from search.models.encoder import ModelIdentity
from search.vocab import sha256_hex

_SCHEMA = """
CREATE TABLE IF NOT EXISTS vectors (
    model TEXT NOT NULL,
    text_hash TEXT NOT NULL,
    vector BLOB NOT NULL,
    used INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (model, text_hash)
) WITHOUT ROWID
"""
# SQLite allows this many parameters in one statement on every build we meet.
_LOOKUP_BATCH = 900


# What SQLite says about a file it cannot use as a database, as opposed to one it cannot write.
_DAMAGED = {sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB}


def _primary(error: sqlite3.Error) -> int | None:
    code = getattr(error, "sqlite_errorcode", None)
    return code & 0xFF if code is not None else None


@contextmanager
def _as_os_error(path: Path) -> Iterator[None]:
    """SQLite's errors as the OSError they stand for, so a full disk reads the same for every file."""
    try:
        yield
    except sqlite3.Error as error:
        number = errno.ENOSPC if _primary(error) == sqlite3.SQLITE_FULL else errno.EIO
        raise OSError(number, f"{error} (the embedding cache)", str(path)) from None


def text_hash(text: str) -> str:
    return sha256_hex(text.encode("utf-8"))


def model_key(identity: ModelIdentity, dimension: int) -> str:
    return f"{identity.name}|{identity.package}|{identity.version}|{dimension}"


class EmbeddingCache:
    """Vectors by (model, text hash); safe to share between threads of one process."""

    def __init__(self, path: Path) -> None:
        """Opens the cache for one build, which marks every vector it reads or adds as used by it."""
        self.path = path
        self._lock = threading.Lock()
        with _as_os_error(path):
            try:
                self._db = self._connect(path)
            except sqlite3.DatabaseError as error:
                if _primary(error) not in _DAMAGED:
                    raise  # a full disk is no reason to throw the cache away
                # A damaged cache is only lost time: start it again rather than stop the build.
                path.unlink(missing_ok=True)
                self._db = self._connect(path)
            self.build = self._db.execute("SELECT COALESCE(MAX(used), 0) + 1 FROM vectors").fetchone()[0]

    @staticmethod
    def _connect(path: Path) -> sqlite3.Connection:
        path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(path, check_same_thread=False)
        db.execute(_SCHEMA)
        if "used" not in {column[1] for column in db.execute("PRAGMA table_info(vectors)")}:
            db.execute("ALTER TABLE vectors ADD COLUMN used INTEGER NOT NULL DEFAULT 0")  # a cache from before
        db.commit()
        return db

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> EmbeddingCache:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def get(self, model: str, hashes: list[str], dimension: int) -> dict[str, np.ndarray]:
        """The vectors held for these text hashes; a hash not held is left out."""
        found: dict[str, np.ndarray] = {}
        unique = list(dict.fromkeys(hashes))
        with self._lock, _as_os_error(self.path):
            for start in range(0, len(unique), _LOOKUP_BATCH):
                batch = unique[start : start + _LOOKUP_BATCH]
                marks = ",".join("?" * len(batch))
                for key, blob in self._db.execute(
                    f"SELECT text_hash, vector FROM vectors WHERE model = ? AND text_hash IN ({marks})",
                    [model, *batch],
                ):
                    vector = np.frombuffer(blob, dtype=np.float32)
                    if vector.shape == (dimension,):
                        found[key] = vector
                self._db.execute(
                    f"UPDATE vectors SET used = ? WHERE model = ? AND text_hash IN ({marks})",
                    [self.build, model, *batch],
                )
            self._db.commit()
        return found

    def put(self, model: str, hashes: list[str], vectors: np.ndarray) -> None:
        with self._lock, _as_os_error(self.path):
            self._db.executemany(
                # A (model, text) pair always has the same vector, so one already kept stays as it is.
                "INSERT INTO vectors (model, text_hash, vector, used) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (model, text_hash) DO UPDATE SET used = excluded.used",
                [
                    (model, key, np.ascontiguousarray(vector, dtype=np.float32).tobytes(), self.build)
                    for key, vector in zip(hashes, vectors, strict=True)
                ],
            )
            self._db.commit()

    def prune(self, builds: int) -> int:
        """Forget the vectors none of the last `builds` builds (this one included) used; returns how many."""
        with self._lock, _as_os_error(self.path):
            forgotten = self._db.execute("DELETE FROM vectors WHERE used <= ?", [self.build - builds]).rowcount
            self._db.commit()
        return forgotten


class CachedEmbedder:
    """An Encoder that looks each text up in the cache first and embeds only what is missing.

    `embedded` counts texts the model embedded since it was made, `reused` texts found in the
    cache, for the build summary.
    """

    def __init__(self, embedder: Embedder, cache: EmbeddingCache) -> None:
        self.wrapped = embedder
        self._cache = cache
        self.identity = embedder.identity
        self.dimension = embedder.dimension
        self.max_tokens = embedder.max_tokens
        self._model = model_key(embedder.identity, embedder.dimension)
        self.embedded = 0
        self.reused = 0

    def count_tokens(self, text: str) -> int:
        return self.wrapped.count_tokens(text)

    def remember(self, texts: list[str], vectors: np.ndarray) -> None:
        """Keep vectors this model made elsewhere (a published index's), so they are not made again."""
        self._cache.put(self._model, [text_hash(text) for text in texts], vectors)

    def encode(
        self,
        texts: list[str],
        progress: bool = False,
        label: str = "Embedding",
        on_batch: Callable[[int, int], None] | None = None,
    ) -> np.ndarray:
        hashes = [text_hash(text) for text in texts]
        found = self._cache.get(self._model, hashes, self.dimension)
        self.reused += sum(key in found for key in hashes)
        missing = {key: text for text, key in zip(texts, hashes, strict=True) if key not in found}
        if missing:
            made = self.wrapped.encode(list(missing.values()), progress=progress, label=label, on_batch=on_batch)
            self._cache.put(self._model, list(missing), made)
            found.update(zip(missing, made, strict=True))
        self.embedded += len(missing)
        vectors = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, key in enumerate(hashes):
            vectors[row] = found[key]
        return vectors
