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
    MULTILINGUAL_CHUNKS_FILE,
    MULTILINGUAL_KEYWORDS_FILE,
    MULTILINGUAL_VECTORS_FILE,
    RESCORE_FILE,
    VECTORS_FILE,
    Row,
    rebuild_hint,
)
from search.index.vectors import EXACT, IVF, VectorIndexInfo, search_parameters
from search.ingest.synonyms import read_synonyms
from search.models.encoder import ModelIdentity
from search.models.packages import installed_model, installed_multilingual_model, installed_rescoring_model
from search.vocab import AUDIENCES, Audience, sha256_hex


class LoadedIndex:
    """A verified index in memory: the vectors, one Row per vector, and the manifest.

    Rows of one chunk are consecutive: chunk `c` owns rows chunk_start[c] to chunk_start[c + 1];
    `chunk_of_row` maps back. `rescore_vectors` is None when the index was built without them.
    Per-chunk facts are numpy arrays, so that a question's work grows with its candidates, not
    with the corpus. `multilingual` is the part Spanish questions search, itself a LoadedIndex of
    the multilingual model's vectors, or None for a corpus without Spanish content.
    """

    def __init__(
        self,
        path: Path,
        manifest: Manifest,
        vectors: faiss.Index,
        rows: list[Row],
        rescore_vectors: np.ndarray | None,
        lexical: LexicalIndex,
        multilingual: LoadedIndex | None = None,
        vector_info: VectorIndexInfo | None = None,
    ) -> None:
        """`vector_info` describes `vectors` when it is not the manifest's own index (the multilingual part's)."""
        self.path = path
        self.multilingual = multilingual
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
        vector_info = vector_info or manifest.vector_index
        self._params = {
            Audience.PUBLIC: search_parameters(vector_info, self._public_selector),
            Audience.STAFF: search_parameters(vector_info, None),
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


def _parse_rows(data: bytes, index_dir: Path, name: str = CHUNKS_FILE) -> list[Row]:
    hint = rebuild_hint(index_dir)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise IndexInvalid(f"{index_dir}/{name} is damaged (not UTF-8: {error.reason}): {hint}") from None
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise IndexInvalid(f"{index_dir}/{name}, line {number}: damaged ({error}): {hint}") from None
        if type(record) is not dict or record.keys() != _ROW_FIELDS or not _row_types_fit(row := Row(**record)):
            raise IndexInvalid(
                f"{index_dir}/{name}, line {number}: damaged (not a row: {', '.join(sorted(_ROW_FIELDS))} "
                f"with a whole number for line and text for the rest): {hint}"
            )
        rows.append(row)
    return rows


def _check_chunks(rows: list[Row], manifest: Manifest | None, index_dir: Path, name: str = CHUNKS_FILE) -> None:
    """Each chunk's rows together (LoadedIndex counts on it), and as many chunks as the manifest
    says (`manifest` None: not counted there)."""
    seen: set[str] = set()
    for chunk, _ in itertools.groupby(row.id for row in rows):
        if chunk in seen:
            raise IndexInvalid(
                f"{index_dir}/{name} is damaged (the rows of {chunk!r} are not together): {rebuild_hint(index_dir)}"
            )
        seen.add(chunk)
    if manifest is not None and len(seen) != manifest.chunks:
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
            for name in (
                MANIFEST_FILE,
                VECTORS_FILE,
                CHUNKS_FILE,
                RESCORE_FILE,
                KEYWORDS_FILE,
                MULTILINGUAL_CHUNKS_FILE,
                MULTILINGUAL_VECTORS_FILE,
                MULTILINGUAL_KEYWORDS_FILE,
            )
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
        rescore_vectors = _row_vectors(raw[RESCORE_FILE], len(rows), index_dir, RESCORE_FILE)
    lexical = _keywords(raw[KEYWORDS_FILE], manifest.chunks, index_dir, KEYWORDS_FILE)
    multilingual = _multilingual_part(raw, manifest, index_dir) if manifest.multilingual_model is not None else None
    return LoadedIndex(index_dir, manifest, vectors, rows, rescore_vectors, lexical, multilingual)


def _row_vectors(data: bytes | None, count: int, index_dir: Path, name: str) -> np.ndarray:
    """The float32 vectors of a numpy file holding one vector per row."""
    hint = rebuild_hint(index_dir)
    try:
        vectors = np.load(io.BytesIO(data or b""), allow_pickle=False)
    except (ValueError, EOFError) as error:
        raise IndexInvalid(f"{index_dir}/{name} is damaged or missing ({error}): {hint}") from None
    if not isinstance(vectors, np.ndarray) or vectors.dtype != np.float32 or vectors.ndim != 2 or len(vectors) != count:
        raise IndexInvalid(f"{index_dir}/{name} does not hold one vector per row: {hint}")
    return vectors


def _keywords(data: bytes | None, chunks: int, index_dir: Path, name: str) -> LexicalIndex:
    try:
        lexical = LexicalIndex.from_bytes(data or b"")
    # from_bytes says ValueError for what it recognises as damage; arrays of the wrong shape or kind
    # fail in numpy with these.
    except (ValueError, EOFError, TypeError, IndexError) as error:
        raise IndexInvalid(f"{index_dir}/{name} is damaged ({error}): {rebuild_hint(index_dir)}") from None
    if lexical.size != chunks:
        raise IndexInvalid(f"{index_dir}/{name} does not hold one text per chunk: {rebuild_hint(index_dir)}")
    return lexical


def _multilingual_part(raw: dict[str, bytes | None], manifest: Manifest, index_dir: Path) -> LoadedIndex:
    """The part Spanish questions search, checked against the installed multilingual model."""
    hint = rebuild_hint(index_dir)
    if manifest.multilingual_model != installed_multilingual_model():
        raise IndexInvalid(f"{index_dir}/ was built with another version of the multilingual model: {hint}")
    rows = _parse_rows(raw[MULTILINGUAL_CHUNKS_FILE] or b"", index_dir, MULTILINGUAL_CHUNKS_FILE)
    _check_chunks(rows, None, index_dir, MULTILINGUAL_CHUNKS_FILE)
    if len(rows) != manifest.multilingual_count:
        raise IndexInvalid(
            f"{index_dir}/{MULTILINGUAL_CHUNKS_FILE} does not hold the rows {MANIFEST_FILE} says: {hint}"
        )
    vectors = _row_vectors(raw[MULTILINGUAL_VECTORS_FILE], len(rows), index_dir, MULTILINGUAL_VECTORS_FILE)
    chunks = len({row.id for row in rows})
    lexical = _keywords(raw[MULTILINGUAL_KEYWORDS_FILE], chunks, index_dir, MULTILINGUAL_KEYWORDS_FILE)
    # A few hundred rows: exact search, made at load rather than stored twice.
    flat = faiss.IndexFlatIP(vectors.shape[1])
    flat.add(vectors)
    return LoadedIndex(index_dir, manifest, flat, rows, None, lexical, vector_info=VectorIndexInfo())


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
