"""Loading an index's files (search/index/store.py) and checking that they are whole: that they
agree with each other, with the manifest's hashes and with the installed models."""

from __future__ import annotations

import io
import itertools
import json
import os
from dataclasses import fields
from pathlib import Path

import faiss
import numpy as np

from search.errors import IndexInvalid, IndexMissing, ManifestError
from search.index.lexical import LexicalIndex
from search.index.manifest import Manifest
from search.index.store import (
    CHUNKS_FILE,
    KEYWORDS_FILE,
    MANIFEST_FILE,
    RESCORE_FILE,
    VECTORS_FILE,
    Row,
    rebuild_hint,
)
from search.index.vectors import EXACT, IVF, search_parameters
from search.ingest.synonyms import read_synonyms
from search.models.encoder import ModelIdentity
from search.models.packages import installed_model, installed_rescoring_model
from search.vocab import AUDIENCES, Audience, sha256_hex


class LoadedIndex:
    """A verified index in memory: the vectors, one Row per vector, and the manifest.

    Rows of one chunk are consecutive: chunk `c` owns rows chunk_start[c] to chunk_start[c + 1];
    `chunk_of_row` maps back. `rescore_vectors` is None when the index was built without them.
    Per-chunk facts are numpy arrays, so that a question's work grows with its candidates, not
    with the corpus.
    """

    def __init__(
        self,
        path: Path,
        manifest: Manifest,
        vectors: faiss.Index,
        rows: list[Row],
        rescore_vectors: np.ndarray | None,
        lexical: LexicalIndex,
    ) -> None:
        self.path = path
        self.manifest = manifest
        self.rows = rows
        self._vectors = vectors
        self.rescore_vectors = rescore_vectors
        self.chunk_ids: list[str] = []
        chunk_of_row = np.empty(len(rows), dtype=np.int64)
        for number, row in enumerate(rows):
            if not self.chunk_ids or self.chunk_ids[-1] != row.id:
                self.chunk_ids.append(row.id)
            chunk_of_row[number] = len(self.chunk_ids) - 1
        self.chunk_of_row = chunk_of_row
        self.chunk_start = np.searchsorted(chunk_of_row, np.arange(len(self.chunk_ids) + 1))
        self.first_row = [rows[start] for start in self.chunk_start[:-1]]
        self.chunk_is_public = np.array([row.audience == Audience.PUBLIC for row in self.first_row], dtype=bool)
        # Enough rows to find k distinct chunks even if every chunk's rows crowd the top.
        self.max_rows_per_chunk = int(np.diff(self.chunk_start).max()) if self.chunk_ids else 1
        self.lexical = lexical
        self.synonyms = read_synonyms("\n".join(manifest.synonyms), f"{path}/{MANIFEST_FILE}")
        public = self.chunk_is_public[chunk_of_row]
        self._public_rows = int(public.sum())
        # One bit per row; the bitmap must live as long as the selector that reads it.
        self._public_bitmap = np.packbits(public, bitorder="little")
        self._public_selector = faiss.IDSelectorBitmap(len(rows), faiss.swig_ptr(self._public_bitmap))
        self._params = {
            Audience.PUBLIC: search_parameters(manifest.vector_index, self._public_selector),
            Audience.STAFF: search_parameters(manifest.vector_index, None),
        }

    def rows_of_chunk(self, chunk: int) -> range:
        return range(self.chunk_start[chunk], self.chunk_start[chunk + 1])

    def all_vectors(self) -> np.ndarray:
        """A copy of every row's vector, shape (rows, dimension), for a rebuild or a benchmark."""
        if not self._vectors.ntotal:
            return np.zeros((0, self._vectors.d), dtype=np.float32)
        return self._vectors.reconstruct_n(0, self._vectors.ntotal)

    def best_row_scores(self, chunks: np.ndarray, vector: np.ndarray, rescoring: bool = False) -> np.ndarray:
        """Each chunk's score: the similarity of its best row (a phrasing or a passage) to the query.

        With `rescoring`, by the re-scoring model's vectors, and `vector` is that model's.
        """
        if not len(chunks):
            return np.zeros(0, dtype=np.float32)
        starts, ends = self.chunk_start[chunks], self.chunk_start[chunks + 1]
        rows = np.concatenate([np.arange(start, end) for start, end in zip(starts, ends, strict=True)])
        vectors = self.rescore_vectors[rows] if rescoring else self._vectors.reconstruct_batch(rows)
        first = np.concatenate([[0], np.cumsum(ends - starts)[:-1]])
        return np.maximum.reduceat(vectors @ vector, first).astype(np.float32)

    def nearest_rows(self, vector: np.ndarray, n: int, audience: str) -> list[tuple[float, int]]:
        """Up to n (score, row number) pairs closest to one query vector, best first.

        Public searches never see staff rows; staff searches see every row.
        """
        if audience not in AUDIENCES:
            raise ValueError(f"audience must be one of {AUDIENCES}, got {audience!r}")
        public_only = audience == Audience.PUBLIC
        n = min(n, self._public_rows if public_only else len(self.rows))
        if n <= 0:
            return []
        scores, ids = self._vectors.search(vector.reshape(1, -1), n, params=self._params[audience])
        return [(float(score), int(i)) for score, i in zip(scores[0], ids[0], strict=True) if i >= 0]


def _read_at(dir_fd: int, name: str, index_dir: Path) -> bytes | None:
    """A file's bytes, opened relative to an open folder so that all files come from one build."""
    try:
        with os.fdopen(os.open(name, os.O_RDONLY, dir_fd=dir_fd), "rb") as file:
            return file.read()
    except FileNotFoundError:
        return None
    except OSError as error:  # no permission, a folder where the file should be, a disk error
        raise IndexInvalid(f"{index_dir}/{name} cannot be read ({error.strerror}): {rebuild_hint(index_dir)}") from None


def _parse_manifest(data: bytes | None, index_dir: Path) -> Manifest:
    if data is None:
        raise IndexMissing(f"No index in {index_dir}/: {rebuild_hint(index_dir)}")
    try:
        return Manifest.from_json(data.decode("utf-8"))
    except (ManifestError, UnicodeDecodeError) as error:
        raise IndexInvalid(f"{index_dir}/{MANIFEST_FILE} is not usable ({error}): {rebuild_hint(index_dir)}") from None


def read_manifest(index_dir: Path) -> Manifest:
    """The manifest of index_dir; raises IndexMissing or IndexInvalid."""
    try:
        data = (index_dir / MANIFEST_FILE).read_bytes()
    except (FileNotFoundError, NotADirectoryError):
        data = None
    return _parse_manifest(data, index_dir)


_ROW_FIELDS = frozenset(field.name for field in fields(Row))


def _row_types_fit(row: Row) -> bool:
    return type(row.line) is int and all(
        type(value) is str for value in (row.id, row.doc, row.title, row.text, row.audience, row.kind, row.passage)
    )


def _parse_rows(data: bytes, index_dir: Path) -> list[Row]:
    hint = rebuild_hint(index_dir)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise IndexInvalid(f"{index_dir}/{CHUNKS_FILE} is damaged (not UTF-8: {error.reason}): {hint}") from None
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise IndexInvalid(f"{index_dir}/{CHUNKS_FILE}, line {number}: damaged ({error}): {hint}") from None
        if type(record) is not dict or record.keys() != _ROW_FIELDS or not _row_types_fit(row := Row(**record)):
            raise IndexInvalid(
                f"{index_dir}/{CHUNKS_FILE}, line {number}: damaged (not a row: {', '.join(sorted(_ROW_FIELDS))} "
                f"with a whole number for line and text for the rest): {hint}"
            )
        rows.append(row)
    return rows


def _check_chunks(rows: list[Row], manifest: Manifest, index_dir: Path) -> None:
    """Each chunk's rows together (LoadedIndex counts on it), and as many chunks as the manifest says."""
    seen: set[str] = set()
    for chunk, _ in itertools.groupby(row.id for row in rows):
        if chunk in seen:
            raise IndexInvalid(
                f"{index_dir}/{CHUNKS_FILE} is damaged (the rows of {chunk!r} are not together): "
                f"{rebuild_hint(index_dir)}"
            )
        seen.add(chunk)
    if len(seen) != manifest.chunks:
        raise IndexInvalid(
            f"{index_dir}/{CHUNKS_FILE} is damaged (it holds {len(seen)} chunks, but {MANIFEST_FILE} says "
            f"{manifest.chunks}): {rebuild_hint(index_dir)}"
        )


def load_index(
    index_dir: Path, model: ModelIdentity | None = None, rescoring_model: ModelIdentity | None = None
) -> LoadedIndex:
    """Load index_dir and check that its files agree with each other and with the models.

    `model` and `rescoring_model` default to the installed ones; the second is looked up only
    when the index holds re-scoring vectors. Raises IndexMissing or IndexInvalid.
    """
    model = model or installed_model()
    hint = rebuild_hint(index_dir)
    try:
        dir_fd = os.open(index_dir, os.O_RDONLY | os.O_DIRECTORY)
    except (FileNotFoundError, NotADirectoryError):
        raise IndexMissing(f"No index in {index_dir}/: {hint}") from None
    except OSError as error:
        raise IndexInvalid(f"{index_dir}/ cannot be read ({error.strerror}): {hint}") from None
    try:
        raw = {
            name: _read_at(dir_fd, name, index_dir)
            for name in (MANIFEST_FILE, VECTORS_FILE, CHUNKS_FILE, RESCORE_FILE, KEYWORDS_FILE)
        }
    finally:
        os.close(dir_fd)
    manifest = _parse_manifest(raw[MANIFEST_FILE], index_dir)
    for name in sorted({VECTORS_FILE, CHUNKS_FILE, KEYWORDS_FILE, *manifest.files}):
        if raw.get(name) is None:
            raise IndexInvalid(f"{index_dir}/ is incomplete: {name} is missing: {hint}")
        if sha256_hex(raw[name] or b"") != manifest.files.get(name):
            raise IndexInvalid(
                f"{index_dir}/{name} does not match {MANIFEST_FILE} (files from different builds): {hint}"
            )
    if manifest.model != model:
        raise IndexInvalid(
            f"{index_dir}/ was built with {manifest.model.name} from {manifest.model.package} "
            f"{manifest.model.version}, but {model.package} {model.version} is installed: {hint}"
        )
    if manifest.rescoring_model is not None and manifest.rescoring_model != (
        rescoring_model or installed_rescoring_model()
    ):
        raise IndexInvalid(f"{index_dir}/ was built with another version of {manifest.rescoring_model.name}: {hint}")
    vectors = _vector_index(raw[VECTORS_FILE], manifest, index_dir)
    rows = _parse_rows(raw[CHUNKS_FILE], index_dir)
    _check_chunks(rows, manifest, index_dir)
    if not (vectors.ntotal == len(rows) == manifest.count) or vectors.d != manifest.dimension:
        raise IndexInvalid(
            f"{index_dir}/ files disagree: {vectors.ntotal} vectors of dimension {vectors.d}, "
            f"{len(rows)} chunk lines, but the manifest says {manifest.count} of dimension "
            f"{manifest.dimension}: {hint}"
        )
    rescore_vectors = None
    if manifest.rescoring_model is not None:
        try:
            rescore_vectors = np.load(io.BytesIO(raw[RESCORE_FILE] or b""), allow_pickle=False)
        except (ValueError, EOFError) as error:
            raise IndexInvalid(f"{index_dir}/{RESCORE_FILE} is damaged or missing ({error}): {hint}") from None
        if (
            not isinstance(rescore_vectors, np.ndarray)
            or rescore_vectors.dtype != np.float32
            or rescore_vectors.ndim != 2
            or rescore_vectors.shape[0] != len(rows)
        ):
            raise IndexInvalid(f"{index_dir}/{RESCORE_FILE} does not hold one vector per row: {hint}")
    try:
        lexical = LexicalIndex.from_bytes(raw[KEYWORDS_FILE] or b"")
    # from_bytes says ValueError for what it recognises as damage; arrays of the wrong shape or kind
    # fail in numpy with these.
    except (ValueError, EOFError, TypeError, IndexError) as error:
        raise IndexInvalid(f"{index_dir}/{KEYWORDS_FILE} is damaged ({error}): {hint}") from None
    if lexical.size != manifest.chunks:
        raise IndexInvalid(f"{index_dir}/{KEYWORDS_FILE} does not hold one text per chunk: {hint}")
    return LoadedIndex(index_dir, manifest, vectors, rows, rescore_vectors, lexical)


def _vector_index(data: bytes | None, manifest: Manifest, index_dir: Path) -> faiss.Index:
    """The FAISS index saved in index.faiss, checked to be of the kind the manifest records."""
    hint = rebuild_hint(index_dir)
    try:
        vectors = faiss.deserialize_index(np.frombuffer(data or b"", dtype=np.uint8))
    except RuntimeError as error:
        raise IndexInvalid(f"{index_dir}/{VECTORS_FILE} is damaged ({error}): {hint}") from None
    kind = manifest.vector_index.kind
    ivf = faiss.try_extract_index_ivf(vectors)
    if kind not in (EXACT, IVF) or (kind == IVF) != (ivf is not None):
        raise IndexInvalid(f"{index_dir}/{VECTORS_FILE} is not the {kind} index {MANIFEST_FILE} says: {hint}")
    return vectors
