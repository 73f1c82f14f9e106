"""Figures for content editors, from hand-made events and clicks and small hand-made vectors."""

from __future__ import annotations

import numpy as np
import pytest

from search.usage.figures import UsageFigures, group_unanswered, unanswered_questions, usage_figures
from search.usage.log import Event


def _event(event_id: int, hour: str, outcome: str, query: str | None = None) -> Event:
    if outcome == "crisis":
        return Event(event_id, hour, None, outcome, (), None, None)
    return Event(event_id, hour, "public", outcome, ("missed-sessions",), 0.5, query)


EVENTS = [
    _event(1, "2026-11-24T09:00Z", "answer"),
    _event(2, "2026-11-24T23:00Z", "answer"),
    _event(3, "2026-11-24T23:00Z", "no_answer", "Do you accept [number] insurance?"),
    _event(4, "2026-11-26T08:00Z", "likely"),
    _event(5, "2026-11-26T10:00Z", "crisis"),
    _event(6, "2026-11-27T04:00Z", "no_answer"),  # text not stored
    _event(7, "2026-11-27T05:00Z", "answer"),
    _event(8, "2026-11-27T06:00Z", "no_answer", "Can my dog come to group?"),
]


def test_questions_a_day_oldest_first_with_quiet_days_as_zero() -> None:
    figures = usage_figures(EVENTS, [])
    assert figures.questions_per_day == [("2026-11-24", 3), ("2026-11-25", 0), ("2026-11-26", 2), ("2026-11-27", 3)]
    assert figures.total == 8


def test_shares_of_each_outcome() -> None:
    assert usage_figures(EVENTS, []).shares == {
        "answer": 3 / 8,
        "likely": 1 / 8,
        "uncertain": 0.0,
        "no_answer": 3 / 8,
        "crisis": 1 / 8,
    }


def test_no_events_give_empty_figures() -> None:
    assert usage_figures([], []) == UsageFigures(
        questions_per_day=[],
        total=0,
        shares={"answer": 0.0, "likely": 0.0, "uncertain": 0.0, "no_answer": 0.0, "crisis": 0.0},
        most_unhelpful=[],
    )


def test_results_most_often_marked_not_helpful_come_first() -> None:
    feedback = [
        (1, "parking", False),
        (2, "parking", False),
        (3, "parking", True),
        (1, "insurance", False),
        (4, "insurance", True),
        (4, "insurance-medicaid", False),
        (7, "schedule", True),  # never marked not helpful: not listed
        (2, "attendance", False),
    ]
    figures = usage_figures(EVENTS, feedback)
    # By not-helpful count, then by id.
    assert figures.most_unhelpful == [
        ("parking", 2, 1),
        ("attendance", 1, 0),
        ("insurance", 1, 1),
        ("insurance-medicaid", 1, 0),
    ]
    assert usage_figures(EVENTS, feedback, limit=2).most_unhelpful == [("parking", 2, 1), ("attendance", 1, 0)]


def test_limit_must_be_at_least_one() -> None:
    with pytest.raises(ValueError, match="limit must be at least 1, got 0"):
        usage_figures(EVENTS, [], limit=0)


def test_unanswered_questions_are_the_stored_texts_of_no_answer_events() -> None:
    assert unanswered_questions(EVENTS) == ["Do you accept [number] insurance?", "Can my dog come to group?"]


def _unit(*values: float) -> np.ndarray:
    vector = np.array(values, dtype=np.float32)
    return vector / np.linalg.norm(vector)


def test_near_identical_questions_group_together_and_far_ones_apart() -> None:
    questions = ["dog 1", "parking 1", "dog 2", "weekend", "parking 2", "dog 3", "food"]
    vectors = np.stack(
        [
            _unit(1.0, 0.05, 0.0, 0.0),
            _unit(0.0, 1.0, 0.02, 0.0),
            _unit(1.0, 0.0, 0.05, 0.0),
            _unit(0.0, 0.0, 1.0, 0.0),
            _unit(0.03, 1.0, 0.0, 0.0),
            _unit(1.0, 0.0, 0.0, 0.04),
            _unit(0.0, 0.0, 0.0, 1.0),
        ]
    )
    # Biggest group first, each in the given order; the questions like no other last, in order.
    assert group_unanswered(questions, vectors) == [
        ["dog 1", "dog 2", "dog 3"],
        ["parking 1", "parking 2"],
        ["weekend"],
        ["food"],
    ]


def test_threshold_decides_what_counts_as_alike() -> None:
    questions = ["a", "b"]
    vectors = np.stack([_unit(1.0, 0.0), _unit(1.0, 1.0)])  # cosine 0.707
    assert group_unanswered(questions, vectors, threshold=0.6) == [["a", "b"]]
    assert group_unanswered(questions, vectors, threshold=0.8) == [["a"], ["b"]]


def test_a_question_between_two_others_gathers_both() -> None:
    # "b" is close to both "a" and "c", which are not close to each other: one group of three
    # around "b", not "a" and "b" with "c" left alone because "a" came first.
    questions = ["a", "b", "c", "d"]
    vectors = np.stack([_unit(1.0, 0.0, 0.0), _unit(1.0, 1.0, 0.0), _unit(0.0, 1.0, 0.0), _unit(0.0, 0.0, 1.0)])
    assert group_unanswered(questions, vectors) == [["a", "b", "c"], ["d"]]


def test_no_questions_give_no_groups() -> None:
    assert group_unanswered([], np.zeros((0, 4), dtype=np.float32)) == []


def test_vectors_must_be_one_row_a_question() -> None:
    with pytest.raises(ValueError, match=r"shape \(2, dim\)"):
        group_unanswered(["a", "b"], np.zeros((3, 4), dtype=np.float32))
