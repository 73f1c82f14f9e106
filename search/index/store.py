"""index/: the files of an index, and writing them (search/index/loaded.py loads them;
search/publishing/ builds one and swaps it in).

The folder holds index.faiss (the search model's vectors, in the FAISS index chosen by size:
search/index/vectors.py), chunks.jsonl (line i describes vector i), rescore.npy (the re-scoring
model's vectors of the same rows, when built with it), keywords.npz (the keyword index's word
lists, saved so that a large index loads without tokenizing every chunk again) and
manifest.json. No pickle: the FAISS index is FAISS's own format, the arrays plain numpy files,
the rest JSON.

Those files hold the English content. A corpus with Spanish content (under es/) adds a part for
Spanish questions, searched with the multilingual model: multilingual-chunks.jsonl (the Spanish
chunks, then the English ones without a Spanish version, which Spanish questions may still
need), multilingual.npy (their vectors) and multilingual-keywords.npz (read as Spanish).
"""

from __future__ import annotations

import io
import itertools
import json
import os
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

import faiss
import numpy as np

from search.config import DEFAULT_INDEX
from search.index.lexical import LexicalIndex
from search.index.manifest import FORMAT_VERSION, Manifest
from search.index.vectors import build_vector_index
from search.ingest.chunking import Chunk
from search.ingest.corpus import Corpus
from search.models.encoder import Encoder, ModelIdentity
from search.vocab import ENGLISH, SPANISH, sha256_hex

VECTORS_FILE = "index.faiss"
CHUNKS_FILE = "chunks.jsonl"
RESCORE_FILE = "rescore.npy"
KEYWORDS_FILE = "keywords.npz"
MULTILINGUAL_CHUNKS_FILE = "multilingual-chunks.jsonl"
MULTILINGUAL_VECTORS_FILE = "multilingual.npy"
MULTILINGUAL_KEYWORDS_FILE = "multilingual-keywords.npz"
MANIFEST_FILE = "manifest.json"
NOTE_FILE = "README.md"  # the committed note on how index/ is built; carried into each build


PHRASING, PASSAGE = "phrasing", "passage"  # what a row's vector embeds: a way of asking, or content


@dataclass(frozen=True)
class Row:
    """One line of chunks.jsonl: a chunk as shown, and the text whose vector this row is."""

    id: str
    doc: str
    title: str
    text: str
    audience: str
    line: int
    kind: str  # PHRASING or PASSAGE
    passage: str
    language: str = ENGLISH


def rebuild_hint(index_dir: Path) -> str:
    if index_dir.resolve() == DEFAULT_INDEX.resolve():
        return "run python build_index.py"
    return f"run python build_index.py --index {index_dir}"


def rows_of(chunks: list[Chunk]) -> list[Row]:
    """The rows of an index: one per phrasing and passage of each chunk, a chunk's rows together."""
    return [
        Row(chunk.id, chunk.doc, chunk.title, chunk.text, chunk.audience, chunk.line, kind, text, chunk.language)
        for chunk in chunks
        for kind, texts in ((PHRASING, chunk.phrasings), (PASSAGE, chunk.passages))
        for text in texts
    ]


def split_by_language(rows: list[Row]) -> tuple[list[Row], list[Row]]:
    """The rows English questions search, and those Spanish questions search (none without
    Spanish content): the Spanish chunks, then the English chunks no Spanish version replaces."""
    english = [row for row in rows if row.language == ENGLISH]
    spanish = [row for row in rows if row.language == SPANISH]
    if not spanish:
        return english, []
    translated = {row.id for row in spanish}
    return english, spanish + [row for row in english if row.id not in translated]


def keyword_texts(rows: list[Row]) -> list[str]:
    """What keyword search reads for each chunk, in order: its phrasings, its title and its text."""
    texts = []
    for _, group in itertools.groupby(rows, key=lambda row: row.id):
        chunk = list(group)
        phrasings = [row.passage for row in chunk if row.kind == PHRASING]
        texts.append("\n".join([*phrasings, chunk[0].title, chunk[0].text]))
    return texts


def _array_bytes(array: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=False)
    return buffer.getvalue()


def _rows_bytes(rows: list[Row]) -> bytes:
    return "".join(json.dumps(asdict(row), ensure_ascii=False) + "\n" for row in rows).encode()


def _write_durably(path: Path, data: bytes) -> None:
    # On disk before the folder is swapped in, so a power cut cannot publish empty files.
    with path.open("wb") as file:
        file.write(data)
        file.flush()
        os.fsync(file.fileno())


def write_index(
    staging: Path,
    corpus: Corpus,
    rows: list[Row],
    vectors: np.ndarray,
    embedder: Encoder,
    rescoring: tuple[np.ndarray, ModelIdentity] | None,
    seconds: float,
    multilingual: tuple[list[Row], np.ndarray, ModelIdentity] | None = None,
) -> Manifest:
    """Write an index's files into the empty folder `staging`, the manifest last.

    `rows` are the English rows, `vectors` theirs; `multilingual` the rows Spanish questions
    search, with their multilingual vectors and that model."""
    index, vector_index = build_vector_index(vectors, embedder.dimension)
    vector_bytes = faiss.serialize_index(index).tobytes()
    chunk_bytes = _rows_bytes(rows)
    keyword_bytes = LexicalIndex.build(keyword_texts(rows)).to_bytes()
    files = {}
    for name, data in ((VECTORS_FILE, vector_bytes), (CHUNKS_FILE, chunk_bytes), (KEYWORDS_FILE, keyword_bytes)):
        _write_durably(staging / name, data)
        files[name] = sha256_hex(data)
    extra = {}
    if rescoring is not None:
        extra[RESCORE_FILE] = _array_bytes(rescoring[0])
    if multilingual is not None:
        spanish_rows, spanish_vectors, _ = multilingual
        extra[MULTILINGUAL_CHUNKS_FILE] = _rows_bytes(spanish_rows)
        extra[MULTILINGUAL_VECTORS_FILE] = _array_bytes(spanish_vectors)
        extra[MULTILINGUAL_KEYWORDS_FILE] = LexicalIndex.build(keyword_texts(spanish_rows), SPANISH).to_bytes()
    for name, data in extra.items():
        _write_durably(staging / name, data)
        files[name] = sha256_hex(data)
    manifest = Manifest(
        format_version=FORMAT_VERSION,
        model=embedder.identity,
        dimension=embedder.dimension,
        count=len(rows),
        chunks=len({row.id for row in rows}),
        documents=corpus.content_files,
        sources=corpus.sources,
        files=files,
        clinic=corpus.clinic,
        synonyms=[str(rule) for rule in corpus.synonyms],
        rescoring_model=rescoring[1] if rescoring is not None else None,
        multilingual_model=multilingual[2] if multilingual is not None else None,
        multilingual_count=len(multilingual[0]) if multilingual is not None else 0,
        vector_index=vector_index,
        built_at=datetime.now(UTC).isoformat(timespec="seconds"),
        build_seconds=round(seconds, 2),
    )
    # The manifest is written last: a folder without one is never taken for an index.
    _write_durably(staging / MANIFEST_FILE, manifest.to_json().encode("utf-8"))
    return manifest
