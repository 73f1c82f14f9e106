"""Stage one of a search: candidates by meaning and by keywords, fused into one score, and the
distinct results of a ranked pool.

A chunk scores as its best vector's similarity plus Settings.lexical_weight times its BM25 score,
scaled so the best keyword match scores 1: names, acronyms and rare words then count. When staff
ask, a staff document's chunk adds Settings.staff_policy_boost: on a topic that both a staff
policy and the client handbook cover, staff asking what to do need the policy, and the client
text on the same topic is otherwise often a little closer in wording to the question.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from search.index.loaded import LoadedIndex
from search.retrieval.answer import Result
from search.vocab import Audience, comparable


class KeywordMatches:
    """The chunks sharing a word with the question that its audience may see, with their BM25
    scores scaled so the best scores 1."""

    def __init__(self, index: LoadedIndex, text: str, audience: Audience) -> None:
        self._lexical = index.lexical
        self._words = self._lexical.words(text)
        chunks = self._lexical.candidates(self._words)
        if audience == Audience.PUBLIC:
            chunks = chunks[index.chunk_is_public[chunks]]
        self.chunks, scores = chunks, self._lexical.scores_of(self._words, chunks)
        self._best = float(scores.max()) if len(scores) else 0.0
        self.scores = scores / self._best if self._best > 0 else scores

    def best(self, count: int) -> list[int]:
        """The `count` best-scoring chunks, best first."""
        return [int(self.chunks[i]) for i in np.argsort(-self.scores, kind="stable")[:count] if self.scores[i] > 0]

    def of(self, chunks: np.ndarray) -> np.ndarray:
        """The scaled score of each of `chunks` (0 for one without a match)."""
        scores = self._lexical.scores_of(self._words, chunks)
        return scores / self._best if self._best > 0 else scores


@dataclass(frozen=True)
class Candidates:
    """The chunks to rank, best first by fused score; `added` is what each one's score adds to
    its similarity (the keyword and staff-policy terms), so re-scoring can add it again."""

    chunks: np.ndarray
    scores: np.ndarray
    added: np.ndarray


def nearest_chunks(index: LoadedIndex, vector: np.ndarray, count: int, audience: Audience) -> list[int]:
    """The `count` chunks nearest the question's vector, best first (a chunk counts as its best vector)."""
    nearest = index.nearest_rows(vector, count * index.max_rows_per_chunk, audience)
    # Rows come best first, so the first row seen of a chunk is its best; a dict keeps that order.
    return list(dict.fromkeys(int(index.chunk_of_row[row]) for _, row in nearest))[:count]


def fuse(
    index: LoadedIndex,
    vector: np.ndarray,
    dense: list[int],
    keyword: KeywordMatches | None,
    weight: float,
    count: int,
    staff_boost: float = 0.0,
) -> Candidates:
    """The `count` best of the chunks found by meaning and by keywords, scored by both, with
    `staff_boost` added to staff documents' chunks (0 unless staff ask)."""
    keyword_order = [] if keyword is None else keyword.best(count)
    pool = np.array(sorted(set(dense) | set(keyword_order)), dtype=np.int64)
    if len(pool) == 0:
        return Candidates(pool, np.zeros(0, np.float32), np.zeros(0, np.float32))
    added = weight * keyword.of(pool) if keyword is not None else np.zeros(len(pool), np.float32)
    added = added + staff_boost * ~index.chunk_is_public[pool]
    scores = index.best_row_scores(pool, vector) + added
    keep = np.argsort(-scores, kind="stable")[:count]
    return Candidates(pool[keep], scores[keep], added[keep].astype(np.float32))


def distinct_results(index: LoadedIndex, pool: np.ndarray, scores: np.ndarray, k: int, merge: bool) -> list[Result]:
    """The k best chunks, best first. With `merge`, a chunk whose text repeats a better one's word
    for word is not shown again; the better one lists its id in `same_as`."""
    kept: dict[str, tuple[int, list[str]]] = {}  # text -> (position in pool, ids of its repeats)
    for position in np.argsort(-scores, kind="stable"):
        row = index.first_row[int(pool[position])]
        key = (comparable(row.text) or comparable(row.title)) if merge else row.id
        if key in kept:
            kept[key][1].append(row.id)
        elif len(kept) < k:
            kept[key] = (int(position), [])
    results = []
    for position, repeats in kept.values():
        row = index.first_row[int(pool[position])]
        results.append(
            Result(
                row.id,
                row.doc,
                row.title,
                row.text,
                float(scores[position]),
                row.audience,
                tuple(repeats),
                row.language,
            )
        )
    return results
