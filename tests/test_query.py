"""Answering questions with the real model: right answers first, no answer when nothing fits."""

from __future__ import annotations

from pathlib import Path

import pytest

from search import Settings, load_index, search

SETTINGS = Settings()

PARAPHRASES = [
    ("what-is-iop", "what is an intensive outpatient program"),
    ("what-is-iop", "what's intensive outpatient treatment"),
    ("what-is-iop", "is IOP part-time"),
    ("what-is-iop", "how many times a week do people go to an intensive outpatient program"),
    ("iop-vs-outpatient", "how is this different from regular therapy"),
    ("iop-vs-outpatient", "is IOP the same as weekly counseling"),
    ("iop-vs-outpatient", "why not just see a therapist once a week"),
    ("iop-vs-outpatient", "how is IOP different from normal counseling"),
    ("what-happens", "what do you do in IOP"),
    ("what-happens", "what will I do during treatment"),
    ("what-happens", "what goes on during iop"),
    ("family-role", "is there a family group"),
    ("family-role", "do families take part in treatment"),
    ("family-role", "how is my family involved while I'm in IOP"),
    # Known misses of plain dense search, kept visible: strict, so a fix makes them pass loudly.
    pytest.param(
        "what-is-iop",
        "explain what an IOP is",
        marks=pytest.mark.xfail(strict=True, reason="the model does not link 'IOP' to its expansion"),
    ),
    pytest.param(
        "family-role",
        "can my family come to sessions",
        marks=pytest.mark.xfail(strict=True, reason="found first, but its score is below the answer threshold"),
    ),
]


@pytest.fixture(scope="module")
def program(program_index: Path):
    return load_index(program_index)


@pytest.mark.parametrize(("expected", "question"), PARAPHRASES)
def test_paraphrased_question_gets_its_seed_entry_first(program, embedder, expected: str, question: str) -> None:
    answer = search(program, embedder, question, SETTINGS)
    assert answer.results[0].id == expected
    assert answer.outcome == "answer"


@pytest.mark.parametrize(
    "question", ["recipe for banana bread", "what's the weather tomorrow", "how do I reset my password"]
)
def test_off_topic_question_gets_no_answer(program, embedder, question: str) -> None:
    answer = search(program, embedder, question, SETTINGS)
    assert answer.outcome == "no_answer"
    assert answer.results[0].confidence == "Weak match"


def test_results_are_distinct_chunks_best_first(program, embedder) -> None:
    answer = search(program, embedder, "what happens during treatment", Settings(k=4))
    ids = [result.id for result in answer.results]
    assert len(ids) == len(set(ids)) == 4
    scores = [result.score for result in answer.results]
    assert scores == sorted(scores, reverse=True)


def test_result_carries_its_source(program, embedder) -> None:
    result = search(program, embedder, "a day in the program", SETTINGS).results[0]
    assert result.id == "handbook/program-overview.md#a-program-day"
    assert result.source == "handbook/program-overview.md, section “A program day”"
    assert result.audience == "public"


def test_very_long_question_is_answered_from_its_beginning(program, embedder) -> None:
    question = "How is IOP different from normal counseling? " + "I have been wondering about this a lot. " * 5000
    answer = search(program, embedder, question, SETTINGS)
    assert answer.shortened
    assert answer.results[0].id == "iop-vs-outpatient"
    assert not search(program, embedder, "How is IOP different from normal counseling?", SETTINGS).shortened


@pytest.mark.parametrize("question", ["", "   \n\t "])
def test_empty_question_is_refused(program, embedder, question: str) -> None:
    with pytest.raises(ValueError, match="the question is empty"):
        search(program, embedder, question, SETTINGS)


def test_public_never_sees_staff_documents(sample_index: Path, embedder) -> None:
    index = load_index(sample_index)
    question = "client missed group without notice, when does the therapist call"
    public = search(index, embedder, question, SETTINGS)
    staff = search(index, embedder, question, SETTINGS, audience="staff")
    assert staff.results[0].id == "staff/policy.md#same-day-call"
    assert all(result.audience == "public" for result in public.results)
