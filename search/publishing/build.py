"""Rebuilding index/: read and chunk the corpus, embed only what changed, check, then publish.

One build at a time holds the lock (lock.build_lock). The new index is written into a
folder of its own and swapped in whole, only once it is complete and has passed the publish
gate, so a content error, a failed gate, a crash or Ctrl-C leaves the published index as it was.
"""

from __future__ import annotations

import contextlib
import shutil
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from search.errors import GateFailed, SearchError
from search.index.loaded import LoadedIndex, load_index
from search.index.store import NOTE_FILE, Row, rows_of, split_by_language, write_index
from search.ingest.chunking import chunk_corpus
from search.ingest.corpus import Corpus, load_corpus
from search.models.cache import CachedEmbedder, EmbeddingCache
from search.models.embed import Embedder
from search.models.encoder import ModelIdentity
from search.models.multilingual import load_multilingual
from search.publishing.folders import cache_file, staging_folder, state_folder, write_failed
from search.publishing.gate import GateResult, PublishGate, run_gate
from search.publishing.lock import build_lock
from search.publishing.publish import KEEP_VERSIONS, publish, roll_back
from search.text import count
from search.vocab import AUDIENCES, ENGLISH, SPANISH, sha256_hex

# A summary names this many ids of each kind of change; the rest are counted.
MAX_IDS_NAMED = 8


@dataclass(frozen=True)
class Changes:
    """What a build changed, by entry or section id, against the index it replaces."""

    added: tuple[str, ...]
    changed: tuple[str, ...]
    removed: tuple[str, ...]
    first_build: bool

    def as_text(self) -> str:
        if self.first_build:
            return f"First build: {count(len(self.added), 'entry or section', 'entries and sections')}."
        if not (self.added or self.changed or self.removed):
            return "No entry or section changed."

        def named(ids: tuple[str, ...]) -> str:
            more = f", and {len(ids) - MAX_IDS_NAMED} more" if len(ids) > MAX_IDS_NAMED else ""
            return ", ".join(ids[:MAX_IDS_NAMED]) + more

        parts = [
            f"{len(ids)} {kind}" + (f" ({named(ids)})" if ids else "")
            for kind, ids in (("added", self.added), ("changed", self.changed), ("removed", self.removed))
        ]
        return "; ".join(parts) + "."


@dataclass(frozen=True)
class BuildReport:
    """What a build did, for the summary. `published` is False when nothing had changed."""

    index: Path
    documents: int
    chunks: int
    vectors: int
    seconds: float
    warnings: tuple[str, ...]
    chunks_by_audience: dict[str, int]
    changes: Changes
    embedded: int  # texts the model embedded in this build
    reused: int  # texts whose vectors came from the cache
    gate: GateResult | None
    published: bool = True


def _named(row: Row) -> str:
    """A chunk as a build's summary names it: its id, and its language when that is not English."""
    return row.id if row.language == ENGLISH else f"{row.id} ({row.language})"


def _signature(rows: list[Row]) -> dict[str, str]:
    """A digest of everything shown or embedded for each chunk, by _named."""
    fields: dict[str, list[str]] = {}
    for row in rows:
        fields.setdefault(_named(row), []).extend((row.doc, row.title, row.text, row.audience, row.kind, row.passage))
    return {chunk: sha256_hex("\x1f".join(values).encode("utf-8")) for chunk, values in fields.items()}


def compare(before: list[Row] | None, after: list[Row]) -> Changes:
    new = _signature(after)
    if before is None:
        return Changes(tuple(new), (), (), first_build=True)
    old = _signature(before)
    return Changes(
        added=tuple(chunk for chunk in new if chunk not in old),
        changed=tuple(chunk for chunk in new if chunk in old and old[chunk] != new[chunk]),
        removed=tuple(chunk for chunk in old if chunk not in new),
        first_build=False,
    )


def _published(index_dir: Path, embedder: Embedder, rescorer: Embedder | None) -> LoadedIndex | None:
    """The published index, if it loads with these models; an unusable one is simply replaced."""
    try:
        return load_index(index_dir, embedder.identity, rescorer.identity if rescorer is not None else None)
    except SearchError:
        return None


def _unchanged(corpus: Corpus, published: LoadedIndex | None, rescorer: Embedder | None) -> bool:
    """Whether the published index was built from these very files, with the same models."""
    if published is None or (rescorer is not None) != (published.manifest.rescoring_model is not None):
        return False
    return corpus.sources == published.manifest.sources


def build_index(
    corpus_path: Path,
    index_dir: Path,
    embedder: Embedder,
    rescorer: Embedder | None = None,
    *,
    gate: PublishGate | None = None,
    force: bool = False,
    progress: bool = False,
    on_stage: Callable[[str, float], None] | None = None,
    wait: bool = True,
    on_wait: Callable[[str], None] | None = None,
    embedding_cache: Path | None = None,
) -> BuildReport:
    """Rebuild index_dir from corpus_path and publish it, unless nothing changed.

    With a rescorer, every row is embedded by it too, for the second stage of a search.
    `on_stage(what, fraction done)` reports progress. With `gate`, the new index must reach the
    floor or GateFailed is raised, unless `force`. Raises ContentError for bad content,
    BuildRunning when another build runs and `wait` is False, and WriteFailed when the new index
    cannot be written (a full disk); index_dir is untouched unless the build is published.
    `embedding_cache` is the cache's file (default: .index.builds/embeddings.sqlite3 beside index_dir).
    """
    started = time.perf_counter()
    index_dir = index_dir.absolute()
    stage = on_stage or (lambda what, done: None)
    with build_lock(index_dir, wait, on_wait):
        stage("Reading the content", 0.0)
        corpus = load_corpus(corpus_path)
        rows = rows_of(chunk_corpus(corpus, embedder.count_tokens, embedder.max_tokens))
        english_rows, spanish_search_rows = split_by_language(rows)
        published = _published(index_dir, embedder, rescorer)
        changes = compare(_all_rows(published) if published is not None else None, rows)
        if _unchanged(corpus, published, rescorer):
            return _report(index_dir, corpus, rows, started, changes, (0, len(rows)), None, published=False)
        try:
            with EmbeddingCache(embedding_cache or cache_file(index_dir)) as cache:
                cached = CachedEmbedder(embedder, cache)
                cached_rescorer = CachedEmbedder(rescorer, cache) if rescorer is not None else None
                vectors, rescoring = _embed_rows(english_rows, published, cached, cached_rescorer, progress, stage)
                multilingual = _multilingual(spanish_search_rows, published, cache, progress, stage)
                counts = (cached.embedded, cached.reused)
                with staging_folder(index_dir) as staging:
                    if (index_dir / NOTE_FILE).is_file():
                        shutil.copy2(index_dir / NOTE_FILE, staging / NOTE_FILE)
                    seconds = time.perf_counter() - started
                    write_index(staging, corpus, english_rows, vectors, embedder, rescoring, seconds, multilingual)
                    gate_result = None
                    if gate is not None:
                        stage("Checking answers against the recorded floor", 0.9)
                        staged = load_index(staging, embedder.identity, rescorer.identity if rescorer else None)
                        gate_result = run_gate(
                            gate, staged, published, cached, cached_rescorer, _gate_progress(stage, progress)
                        )
                        if not gate_result.passed and not force:
                            raise GateFailed(gate_result)
                    stage("Publishing", 0.98)
                    publish(staging, index_dir)
                _prune(cache)
        except OSError as error:
            # A full disk while writing the cache, the new index's files or the swap: nothing was published.
            raise write_failed(error, state_folder(index_dir), f"{index_dir}/ is unchanged", "build again") from None
    stage("Published", 1.0)
    return _report(index_dir, corpus, rows, started, changes, counts, gate_result)


def _all_rows(index: LoadedIndex) -> list[Row]:
    """Every chunk's rows in an index, English and Spanish."""
    spanish = [row for row in index.multilingual.rows if row.language == SPANISH] if index.multilingual else []
    return index.rows + spanish


def _multilingual(
    rows: list[Row],
    published: LoadedIndex | None,
    cache: EmbeddingCache,
    progress: bool,
    stage: Callable[[str, float], None],
) -> tuple[list[Row], np.ndarray, ModelIdentity] | None:
    """The rows Spanish questions search with their multilingual vectors; None without Spanish content."""
    if not rows:
        return None
    model = CachedEmbedder(load_multilingual(), cache)
    if published is not None and published.multilingual is not None:
        part = published.multilingual
        model.remember([row.passage for row in part.rows], part.all_vectors())
    vectors = model.encode(
        [row.passage for row in rows],
        progress=progress,
        label="Multilingual vectors",
        on_batch=lambda done, total: stage("Multilingual vectors", 0.85 + 0.05 * done / total),
    )
    return rows, vectors, model.identity


def _embed_rows(
    rows: list[Row],
    published: LoadedIndex | None,
    embedder: CachedEmbedder,
    rescorer: CachedEmbedder | None,
    progress: bool,
    stage: Callable[[str, float], None],
) -> tuple[np.ndarray, tuple[np.ndarray, ModelIdentity] | None]:
    """Every row's vector, and its re-scoring vector; only text no earlier build embedded is embedded."""
    if published is not None:
        # The published index holds a vector for each of its rows: the cache starts from those.
        passages = [row.passage for row in published.rows]
        embedder.remember(passages, published.all_vectors())
        if rescorer is not None and published.rescore_vectors is not None:
            rescorer.remember(passages, published.rescore_vectors)
    texts = [row.passage for row in rows]
    share = 0.45 if rescorer is not None else 0.85
    vectors = embedder.encode(
        texts, progress=progress, on_batch=lambda done, total: stage("Embedding new text", 0.05 + share * done / total)
    )
    if rescorer is None:
        return vectors, None
    rescore_vectors = rescorer.encode(
        texts,
        progress=progress,
        label="Re-scoring vectors",
        on_batch=lambda done, total: stage("Re-scoring vectors", 0.5 + 0.4 * done / total),
    )
    return vectors, (rescore_vectors, rescorer.identity)


def _gate_progress(stage: Callable[[str, float], None], progress: bool) -> Callable[[str, int, int], None]:
    """Each gate set named as it starts: on the page's bar, and with `progress` on stderr too."""

    def on_set(name: str, done: int, total: int) -> None:
        stage(f"Checking answers against the recorded floor: {name}", 0.9 + 0.08 * done / total)
        if progress:
            print(f"Publish gate: checking {name} ({done + 1} of {total})", file=sys.stderr, flush=True)

    return on_set


def _report(
    index_dir: Path,
    corpus: Corpus,
    rows: list[Row],
    started: float,
    changes: Changes,
    counts: tuple[int, int],
    gate_result: GateResult | None,
    published: bool = True,
) -> BuildReport:
    # Public FAQ exports have entries without answers; the question alone still finds them.
    empty_answers = tuple(
        f"{entry.source}, line {entry.line}: the question {entry.question!r} has an empty answer; "
        "it is indexed by its question alone"
        for entry in corpus.entries
        if not entry.answer
    )
    return BuildReport(
        index_dir,
        corpus.content_files,
        len({_named(row) for row in rows}),
        len(rows),
        time.perf_counter() - started,
        corpus.warnings + empty_answers,
        {audience: len({_named(row) for row in rows if row.audience == audience}) for audience in AUDIENCES},
        changes,
        counts[0],
        counts[1],
        gate_result,
        published,
    )


def _prune(cache: EmbeddingCache) -> None:
    # Each build marks its own texts and, remembering them, those of the version it replaces: the
    # last KEEP_VERSIONS builds cover the published version and the ones kept for a rollback.
    # Published already: a cache not pruned this time (a full disk) only takes more room until the next build.
    with contextlib.suppress(OSError):
        cache.prune(KEEP_VERSIONS)


def roll_back_index(index_dir: Path, wait: bool = True, on_wait: Callable[[str], None] | None = None) -> Path:
    """Restore the previous published version of index_dir, under the build lock.

    Raises NothingToRollBack, or IndexMissing when there is no index_dir (a mistyped path): no
    folder is created for it.
    """
    with build_lock(index_dir.absolute(), wait, on_wait, create=False):
        try:
            return roll_back(index_dir.absolute())
        except OSError as error:
            outcome = f"{index_dir.absolute()}/ is unchanged"
            raise write_failed(error, state_folder(index_dir), outcome, "roll back again") from None
