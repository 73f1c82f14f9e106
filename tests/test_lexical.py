"""Keyword search on its own: word forms, stop words, and corpora with nothing to match."""

from __future__ import annotations

import numpy as np

from search.lexical import LexicalIndex

TEXTS = ["Do you take Medicaid insurance?", "Where do I park my car?", "Weekly PHQ-9 scores in group sessions"]


def test_a_rare_word_scores_only_where_it_appears() -> None:
    scores = LexicalIndex(TEXTS).scores("medicaid")
    assert scores[0] > 0 and scores[1] == scores[2] == 0


def test_word_forms_match_after_stemming() -> None:
    scores = LexicalIndex(TEXTS).scores("parking for cars")
    assert int(np.argmax(scores)) == 1 and scores[1] > 0
    assert LexicalIndex(TEXTS).scores("session")[2] > 0


def test_stop_words_and_unknown_words_score_nothing() -> None:
    index = LexicalIndex(TEXTS)
    assert not index.scores("the and of").any()
    assert not index.scores("zebra").any()


def test_a_corpus_with_no_words_scores_zero() -> None:
    assert LexicalIndex([]).scores("anything").shape == (0,)
    assert not LexicalIndex(["the a", ""]).scores("the").any()
