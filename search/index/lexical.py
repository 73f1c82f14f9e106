"""Keyword search: BM25 over each chunk's words, so names, acronyms and rare words count.

The embedding model can miss a word it has rarely seen ("PHQ-9", "Medicaid", a street name);
BM25 (the bm25s library) scores exactly those words highly. Words are lowercased, English
stop words dropped and the rest stemmed, so "sessions" finds "session". A Spanish index (for
Spanish questions) uses Spanish stop words and stems, and reads words without their accents:
people often type "informacion" for "información".
"""

from __future__ import annotations

import io
import json
import unicodedata
import zipfile

import bm25s
import numpy as np
import Stemmer

from search.vocab import ENGLISH, LANGUAGES, SPANISH

_STEMMERS = {ENGLISH: Stemmer.Stemmer("english"), SPANISH: Stemmer.Stemmer("spanish")}
# How many of a word's best-scoring texts a query looks through for candidates; see LexicalIndex.
IMPACT_LIST = 2_000


def _without_accents(text: str) -> str:
    return "".join(char for char in unicodedata.normalize("NFKD", text) if not unicodedata.combining(char))


def _tokenized(texts: list[str], language: str, return_ids: bool = True):  # noqa: ANN202 - bm25s's own types
    if language == SPANISH:
        texts = [_without_accents(text) for text in texts]
    return bm25s.tokenize(
        texts, stopwords=language, stemmer=_STEMMERS[language], return_ids=return_ids, show_progress=False
    )


class LexicalIndex:
    """BM25 scores of a query against a fixed list of texts (one per chunk).

    bm25s computes each word's score in every text that holds it when indexing, as one list per
    word; builds save those lists (to_bytes) so loading a large index does not tokenize it again.
    A query finds its candidates in the IMPACT_LIST best-scoring texts of each of its words, then
    scores those candidates exactly: its cost stays bounded however many texts share a common
    word. A text outside every one of those lists could only rank by many common words at once.
    """

    def __init__(
        self,
        size: int,
        vocabulary: list[str],
        scores: np.ndarray,
        texts: np.ndarray,
        starts: np.ndarray,
        language: str = ENGLISH,
    ):
        """Word number w is vocabulary[w]; its texts are texts[starts[w]:starts[w + 1]], ascending,
        with their scores in `scores`. `language` says how words are read."""
        if language not in LANGUAGES:
            raise ValueError(f"no keyword search for language {language!r}")
        self.language = language
        self._size = size
        self._vocabulary = {word: number for number, word in enumerate(vocabulary)}
        self._scores, self._texts, self._starts = scores, texts, starts
        self._impact_texts, self._impact_starts = self._impact_lists()

    @classmethod
    def build(cls, texts: list[str], language: str = ENGLISH) -> LexicalIndex:
        tokens = _tokenized(texts, language) if texts else None
        # bm25s cannot index an empty corpus, or a corpus with no words at all.
        if tokens is None or not any(tokens.ids):
            empty = np.zeros(0, np.float32), np.zeros(0, np.int32), np.zeros(1, np.int64)
            return cls(len(texts), [], *empty, language=language)
        retriever = bm25s.BM25()
        retriever.index(tokens, show_progress=False)
        vocabulary = sorted(retriever.vocab_dict, key=retriever.vocab_dict.__getitem__)
        lists = retriever.scores
        return cls(len(texts), vocabulary, lists["data"], lists["indices"], lists["indptr"], language)

    def to_bytes(self) -> bytes:
        """The index as one .npz file: numeric arrays and the vocabulary as UTF-8 JSON, no pickle."""
        vocabulary = sorted(self._vocabulary, key=self._vocabulary.__getitem__)
        buffer = io.BytesIO()
        np.savez(
            buffer,
            size=np.array(self._size),
            vocabulary=np.frombuffer(json.dumps(vocabulary, ensure_ascii=False).encode("utf-8"), dtype=np.uint8),
            scores=self._scores,
            texts=self._texts,
            starts=self._starts,
            language=np.array(self.language),
        )
        return buffer.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> LexicalIndex:
        """An index saved by to_bytes; ValueError if the data is not one."""
        try:
            with np.load(io.BytesIO(data), allow_pickle=False) as arrays:
                vocabulary = json.loads(arrays["vocabulary"].tobytes().decode("utf-8"))
                language = str(arrays["language"])
                return cls(
                    int(arrays["size"]), vocabulary, arrays["scores"], arrays["texts"], arrays["starts"], language
                )
        except (KeyError, OSError, zipfile.BadZipFile, UnicodeDecodeError, json.JSONDecodeError) as error:
            raise ValueError(str(error)) from None

    def _impact_lists(self) -> tuple[np.ndarray, np.ndarray]:
        """Each word's texts, cut to its IMPACT_LIST best-scoring ones, ascending."""
        lengths = np.diff(self._starts)
        keep = np.ones(len(self._texts), dtype=bool)
        for word in np.flatnonzero(lengths > IMPACT_LIST):
            start, end = self._starts[word], self._starts[word + 1]
            keep[start:end] = False
            keep[start + np.argsort(-self._scores[start:end], kind="stable")[:IMPACT_LIST]] = True
        starts = np.concatenate([[0], np.cumsum(np.minimum(lengths, IMPACT_LIST))])
        return self._texts[keep], starts

    @property
    def size(self) -> int:
        """How many texts it scores."""
        return self._size

    def words(self, query: str) -> list[int]:
        """The query's words that some text holds, as word numbers (a repeated word counts twice, as in bm25s)."""
        words = _tokenized([query], self.language, return_ids=False)[0]
        return [self._vocabulary[word] for word in words if word in self._vocabulary]

    def candidates(self, words: list[int]) -> np.ndarray:
        """The texts among the best-scoring ones of any of the words, ascending."""
        if not words:
            return np.zeros(0, dtype=np.int64)
        texts = np.concatenate([self._impact_texts[self._impact_starts[w] : self._impact_starts[w + 1]] for w in words])
        # Sorting is ten times faster here than np.unique, which hashes.
        texts.sort()
        return texts[np.concatenate([[True], texts[1:] != texts[:-1]])].astype(np.int64)

    def scores_of(self, words: list[int], texts: np.ndarray) -> np.ndarray:
        """The exact BM25 score of each of `texts` for the words, float32."""
        total = np.zeros(len(texts), dtype=np.float32)
        for word in words:
            start, end = self._starts[word], self._starts[word + 1]
            if start == end:  # bm25s may list a word no text holds
                continue
            where = np.searchsorted(self._texts[start:end], texts).clip(max=end - start - 1)
            found = self._texts[start + where] == texts
            total += np.where(found, self._scores[start + where], 0.0).astype(np.float32)
        return total

    def scores(self, query: str) -> np.ndarray:
        """One BM25 score per text, shape (len(texts),); all zero when no query word is known."""
        return self.scores_of(self.words(query), np.arange(self._size))
