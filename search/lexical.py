"""Keyword search: BM25 over each chunk's words, so names, acronyms and rare words count.

The embedding model can miss a word it has rarely seen ("PHQ-9", "Medicaid", a street name);
BM25 (the bm25s library) scores exactly those words highly. Words are lowercased, English
stop words dropped and the rest stemmed, so "sessions" finds "session".
"""

from __future__ import annotations

import bm25s
import numpy as np
import Stemmer

_STEMMER = Stemmer.Stemmer("english")
_STOPWORDS = "en"


def _words(texts: list[str]) -> list[list[str]]:
    return bm25s.tokenize(texts, stopwords=_STOPWORDS, stemmer=_STEMMER, return_ids=False, show_progress=False)


class LexicalIndex:
    """BM25 scores of a query against a fixed list of texts (one per chunk)."""

    def __init__(self, texts: list[str]) -> None:
        self._retriever = bm25s.BM25()
        self._size = len(texts)
        tokens = bm25s.tokenize(texts, stopwords=_STOPWORDS, stemmer=_STEMMER, show_progress=False) if texts else None
        # bm25s cannot index an empty corpus, or a corpus with no words at all.
        self._empty = tokens is None or not any(tokens.ids)
        if not self._empty:
            self._retriever.index(tokens, show_progress=False)
            self._vocabulary = self._retriever.vocab_dict

    def scores(self, query: str) -> np.ndarray:
        """One BM25 score per text, shape (len(texts),); all zero when no query word is known."""
        if self._empty:
            return np.zeros(self._size, dtype=np.float32)
        known = [word for word in _words([query])[0] if word in self._vocabulary]
        if not known:
            return np.zeros(self._size, dtype=np.float32)
        return np.asarray(self._retriever.get_scores(known), dtype=np.float32)
