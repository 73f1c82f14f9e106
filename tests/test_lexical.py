"""Keyword search on its own: word forms, stop words, and corpora with nothing to match."""

from __future__ import annotations

import numpy as np

from search.index.lexical import LexicalIndex

TEXTS = ["Do you take Medicaid insurance?", "Where do I park my car?", "Weekly PHQ-9 scores in group sessions"]


def test_a_rare_word_scores_only_where_it_appears() -> None:
    scores = LexicalIndex.build(TEXTS).scores("medicaid")
    assert scores[0] > 0 and scores[1] == scores[2] == 0


def test_word_forms_match_after_stemming() -> None:
    scores = LexicalIndex.build(TEXTS).scores("parking for cars")
    assert int(np.argmax(scores)) == 1 and scores[1] > 0
    assert LexicalIndex.build(TEXTS).scores("session")[2] > 0


def test_stop_words_and_unknown_words_score_nothing() -> None:
    index = LexicalIndex.build(TEXTS)
    assert not index.scores("the and of").any()
    assert not index.scores("zebra").any()


def test_a_corpus_with_no_words_scores_zero() -> None:
    assert LexicalIndex.build([]).scores("anything").shape == (0,)
    assert not LexicalIndex.build(["the a", ""]).scores("the").any()


def test_a_common_word_is_searched_through_its_best_texts_only(monkeypatch) -> None:
    monkeypatch.setattr("search.index.lexical.IMPACT_LIST", 3)
    texts = [f"group session number {n} " + "filler " * n for n in range(12)] + ["session parking validation"]
    index = LexicalIndex.build(texts)
    words = index.words("session parking")
    candidates = index.candidates(words)
    # The common word's three best texts and the only one with the rare word; not all thirteen.
    best_for_session = set(np.argsort(-index.scores("session"), kind="stable")[:3].tolist())
    assert set(candidates.tolist()) == best_for_session | {12} and len(candidates) < len(texts) / 3
    # The candidates' scores are exact, and the best text overall is among them.
    full = index.scores("session parking")
    assert np.allclose(index.scores_of(words, candidates), full[candidates])
    assert int(np.argmax(full)) == 12
