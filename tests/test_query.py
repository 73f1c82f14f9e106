"""Answering questions with the real models: right answers first, no answer when nothing fits."""

from __future__ import annotations

from pathlib import Path

import pytest

from search import SearchError, Settings, build_index, load_index
from search.config import MAX_QUESTION_CHARS
from search.evaluation.metrics import ask_all, is_relevant, load_questions, report
from search.index.live import LiveIndex
from tests.conftest import PROJECT_ROOT

SETTINGS = Settings()
HELD_OUT = PROJECT_ROOT / "tests" / "eval" / "heldout_fresh.jsonl"
# The default configuration's figures on the held-out questions, as recorded in docs/quality.md.
# A change to the code or the content that loses more than two points of any is a regression.
RECORDED_HELD_OUT_P_AT_1 = 0.725
RECORDED_UNANSWERABLE_NOT_ANSWERED = 0.981
RECORDED_ANSWERABLE_REFUSED = 0.047
ALLOWED_DROP = 0.02


@pytest.fixture(scope="module")
def program(program_index: Path):
    return load_index(program_index)


@pytest.mark.parametrize(
    "question", ["recipe for banana bread", "what's the weather tomorrow", "how do I reset my password"]
)
def test_off_topic_question_gets_no_answer(program, searcher_for, rescorer, question: str) -> None:
    assert searcher_for(program, SETTINGS, rescorer).ask(question).outcome == "no_answer"


def test_results_are_distinct_chunks_best_first(program, searcher_for, rescorer) -> None:
    answer = searcher_for(program, Settings(k=4), rescorer).ask("what happens during treatment")
    ids = [result.id for result in answer.results]
    assert len(ids) == len(set(ids)) == 4
    scores = [result.score for result in answer.results]
    assert scores == sorted(scores, reverse=True)


def test_result_carries_its_source(program, searcher_for, rescorer) -> None:
    result = searcher_for(program, SETTINGS, rescorer).ask("a day in the program").results[0]
    assert result.id == "handbook/program-overview.md#a-program-day"
    assert result.source == "handbook/program-overview.md, section “A program day”"
    assert result.audience == "public"


def test_very_long_question_is_answered_from_its_beginning(program, searcher_for) -> None:
    beginning = "Can I do the groups by video from home?"
    answer = searcher_for(program).ask(beginning + " I would rather join from home on my laptop." * 300)
    assert answer.shortened
    assert is_relevant(answer.results[0], frozenset({"telehealth", "handbook/telehealth.md"}))
    assert not searcher_for(program).ask(beginning).shortened


@pytest.mark.parametrize("question", ["", "   \n\t "])
def test_empty_question_is_refused(program, searcher_for, question: str) -> None:
    with pytest.raises(ValueError, match="the question is empty"):
        searcher_for(program).ask(question)


def test_public_never_sees_staff_documents(sample_index: Path, searcher_for, rescorer) -> None:
    index = load_index(sample_index)
    question = "client missed group without notice, when does the therapist call"
    public = searcher_for(index, SETTINGS, rescorer).ask(question)
    staff = searcher_for(index, SETTINGS, rescorer).ask(question, "staff")
    assert staff.results[0].id == "staff/policy.md#same-day-call"
    assert all(result.audience == "public" for result in public.results)


@pytest.mark.quality
def test_default_configuration_keeps_its_recorded_quality_on_held_out_questions(
    program, searcher_for, rescorer
) -> None:
    questions = load_questions(HELD_OUT)
    assert sum(q.answerable for q in questions) >= 300 and sum(not q.answerable for q in questions) >= 50
    figures = report(ask_all(searcher_for(program, SETTINGS, rescorer), questions))
    misses = "\n".join(f"{f['qid']} {f['problem']}: {f['query']!r} -> {f['first']}" for f in figures.failures)
    assert figures.p_at_1 >= RECORDED_HELD_OUT_P_AT_1 - ALLOWED_DROP, f"P@1 {figures.p_at_1:.3f}; failures:\n{misses}"
    assert figures.unanswerable_not_answered >= RECORDED_UNANSWERABLE_NOT_ANSWERED - ALLOWED_DROP, misses
    assert figures.refused <= RECORDED_ANSWERABLE_REFUSED + ALLOWED_DROP, misses


def test_keywords_find_a_rare_word_the_model_does_not_know(tmp_path: Path, embedder, rescorer, searcher_for) -> None:
    """An invented program name means nothing to the model; BM25 still matches it."""
    corpus = tmp_path / "corpus"
    (corpus / "faq").mkdir(parents=True)
    entries = {
        "zephyrine": ("What is the Zephyrine group?", "A weekly group for people learning to manage panic."),
        "groups": ("What groups do you run?", "We run skills groups, process groups and family groups."),
        "panic": ("Do you help with panic attacks?", "Yes, many clients work on panic and anxiety with us."),
    }
    (corpus / "faq" / "faq.txt").write_text(
        "".join(f"id: {key}\nQ: {q}\nA: {a}\n\n" for key, (q, a) in entries.items()), encoding="utf-8"
    )
    build_index(corpus, tmp_path / "index", embedder, rescorer)
    index = load_index(tmp_path / "index")
    question = "zephyrine?"
    every_stage = SETTINGS.with_overrides(sure_lead=float("inf"))  # re-scored even when the first stage is sure
    with_keywords = searcher_for(index, every_stage, rescorer).ask(question)
    assert with_keywords.results[0].id == "zephyrine"
    assert with_keywords.seconds.keys() >= {"embedding", "vector search", "keyword search", "fusion", "re-scoring"}


def test_the_same_text_twice_is_shown_once(tmp_path: Path, embedder, rescorer, searcher_for) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    answer = "Free parking is in the lot behind the building."
    (corpus / "faq.jsonl").write_text(
        f'{{"id": "park", "question": "Where do I park?", "answer": "{answer}"}}\n'
        f'{{"id": "car", "question": "Can I bring my car?", "answer": "{answer}"}}\n'
        '{"id": "bus", "question": "Which bus stops nearby?", "answer": "The 12 bus stops at the door."}\n',
        encoding="utf-8",
    )
    build_index(corpus, tmp_path / "index", embedder, rescorer)
    results = searcher_for(load_index(tmp_path / "index"), SETTINGS, rescorer).ask("parking").results
    assert [result.text for result in results].count(answer) == 1
    assert len(results) == 2
    # The one shown stands for the other, so evaluation credits both.
    assert {results[0].id, *results[0].same_as} == {"park", "car"}


def test_malformed_question_file_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "questions.jsonl"
    path.write_text('{"qid": 1, "query": "parking?", "relevant_ids": ["parking"]}\n{"qid": 2}\n', encoding="utf-8")
    with pytest.raises(SearchError, match=r'questions.jsonl, line 2: not a \{"qid", "query", "relevant_ids"\} record'):
        load_questions(path)


def test_danger_at_the_end_of_a_long_message_is_still_seen(program, searcher_for) -> None:
    story = "I have questions about the schedule, my insurance and the family sessions. " * 40
    answer = searcher_for(program).ask(story + "Honestly I want to kill myself.")
    assert answer.shortened and answer.outcome == "crisis"


def test_a_question_is_cut_at_the_longest_taken_and_the_crisis_check_reads_all_that_is_kept(
    program, searcher_for
) -> None:
    filler = "I have questions about the schedule, my insurance and the family sessions. "
    danger = "Honestly I want to kill myself."
    kept = (filler * 400)[: MAX_QUESTION_CHARS - len(danger)] + danger
    answer = searcher_for(program).ask(kept)
    assert answer.outcome == "crisis" and answer.query == kept
    past_the_end = searcher_for(program).ask(kept.removesuffix(danger) + "  " + danger)
    # Only what was checked is kept, so nothing unchecked can be stored or shown as the question.
    assert past_the_end.shortened and len(past_the_end.query) == MAX_QUESTION_CHARS
    assert danger not in past_the_end.query


def test_a_repeated_question_is_answered_from_recent_answers(program_index: Path, searcher_for, rescorer) -> None:
    searcher = searcher_for(load_index(program_index), SETTINGS, rescorer)
    first = searcher.ask("where do I park?")
    again = searcher.ask("  where do I   park? ")
    assert "embedding" in first.seconds and set(again.seconds) == {"recent answer"}
    assert again.query == "  where do I   park? " and again.results == first.results
    assert again.outcome == first.outcome == "answer"
    # Another audience, or a newly loaded version of the index, is asked afresh.
    assert "embedding" in searcher.ask("where do I park?", "staff").seconds
    assert "embedding" in searcher_for(load_index(program_index), SETTINGS, rescorer).ask("where do I park?").seconds


def test_a_new_version_of_the_live_index_starts_with_no_recent_answers(
    corpus: Path, tmp_path: Path, embedder, searcher_for
) -> None:
    index_dir = tmp_path / "index"
    build_index(corpus, index_dir, embedder)
    searcher = searcher_for(LiveIndex(index_dir))
    assert "embedding" in searcher.ask("where do I park?").seconds
    assert set(searcher.ask("where do I park?").seconds) == {"recent answer"}
    (corpus / "faq" / "extra.txt").write_text("id: extra\nQ: Is there a bus?\nA: Yes, the 12.\n", encoding="utf-8")
    build_index(corpus, index_dir, embedder)
    assert "embedding" in searcher.ask("where do I park?").seconds


def test_a_crisis_question_is_never_kept_and_is_checked_every_time(program_index: Path, searcher_for) -> None:
    searcher = searcher_for(load_index(program_index))
    for _ in range(2):
        answer = searcher.ask("I want to end my life tonight")
        assert answer.outcome == "crisis" and "crisis check" in answer.seconds


def test_half_a_character_in_a_question_file_is_named_by_its_line(tmp_path: Path) -> None:
    path = tmp_path / "questions.jsonl"
    path.write_text('{"qid": "q1", "query": "ok"}\n{"qid": "q2", "query": "\\ud800 help"}\n', encoding="utf-8")
    with pytest.raises(SearchError, match=r"line 2: \\ud800 is half of a surrogate pair"):
        load_questions(path)
