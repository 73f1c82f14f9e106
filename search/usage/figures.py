"""Figures for content editors from the usage log: questions a day, how they were answered, the
results most often marked not helpful, and the unanswered questions grouped by meaning.

Pure functions over what search/usage/log.py returns, so they are tested without a database or
a model; the page embeds the questions for `group_unanswered` with the model it already has.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from search.usage.log import Event
from search.vocab import OUTCOMES, Outcome


@dataclass(frozen=True)
class UsageFigures:
    """`questions_per_day` is (day like "2026-11-27", count), oldest first, with days of no questions
    between the first and last as 0; `shares` is each outcome's share of `total` (0.0 when there
    are none); `most_unhelpful` is (result id, times marked not helpful, times marked helpful)."""

    questions_per_day: list[tuple[str, int]]
    total: int
    shares: dict[str, float]
    most_unhelpful: list[tuple[str, int, int]]


def usage_figures(events: list[Event], feedback: list[tuple[int, str, bool]], limit: int = 10) -> UsageFigures:
    """The figures for a set of events and their clicks (event id, result id, helpful).

    `most_unhelpful` holds the results marked not helpful at least once, most often first (ties
    by id), at most `limit` of them.
    """
    if limit < 1:
        raise ValueError(f"limit must be at least 1, got {limit}")
    return UsageFigures(
        questions_per_day=_per_day(events),
        total=len(events),
        shares=_shares(events),
        most_unhelpful=_most_unhelpful(feedback, limit),
    )


def _per_day(events: list[Event]) -> list[tuple[str, int]]:
    counts = Counter(event.hour[:10] for event in events)
    if not counts:
        return []
    # Every day from the first to the last, so a chart shows quiet days as quiet, not missing.
    first, last = date.fromisoformat(min(counts)), date.fromisoformat(max(counts))
    days = ((first + timedelta(days=offset)).isoformat() for offset in range((last - first).days + 1))
    return [(day, counts[day]) for day in days]


def _shares(events: list[Event]) -> dict[str, float]:
    counts = Counter(event.outcome for event in events)
    return {outcome: counts[outcome] / len(events) if events else 0.0 for outcome in OUTCOMES}


def _most_unhelpful(feedback: list[tuple[int, str, bool]], limit: int) -> list[tuple[str, int, int]]:
    unhelpful = Counter(result_id for _, result_id, helpful in feedback if not helpful)
    helpful = Counter(result_id for _, result_id, helpful in feedback if helpful)
    ranked = sorted(unhelpful.items(), key=lambda item: (-item[1], item[0]))
    return [(result_id, count, helpful[result_id]) for result_id, count in ranked[:limit]]


def unanswered_questions(events: list[Event]) -> list[str]:
    """The stored (scrubbed) text of the questions the search could not answer, oldest first."""
    return [event.query for event in events if event.outcome == Outcome.NO_ANSWER and event.query]


def group_unanswered(questions: list[str], vectors: np.ndarray, threshold: float = 0.6) -> list[list[str]]:
    """The questions grouped by meaning: biggest group first, each group's questions in the given order.

    `vectors` are the questions' L2-normalised embeddings, float32 of shape (n, dim), so an inner
    product is a cosine. A group is one question and every question not yet grouped whose cosine
    with it is at least `threshold`; the question that gathers the most goes first (ties: the
    earlier question). Questions like no other come last, as groups of one.
    """
    if vectors.ndim != 2 or vectors.shape[0] != len(questions):
        raise ValueError(f"vectors must have shape ({len(questions)}, dim), one row a question, got {vectors.shape}")
    if not -1.0 <= threshold <= 1.0:
        raise ValueError(f"threshold is a cosine, between -1 and 1, got {threshold}")
    # The same greedy grouping as sentence_transformers.util.community_detection, but counting
    # only questions not yet grouped, so a later group is not judged by members it has lost.
    close = (vectors @ vectors.T) >= threshold
    np.fill_diagonal(close, True)
    free = np.ones(len(questions), dtype=bool)
    counts = close.sum(axis=1)
    groups: list[list[int]] = []
    while free.any():
        center = int(np.argmax(np.where(free, counts, -1)))  # argmax takes the first of equals
        members = np.flatnonzero(close[center] & free)
        groups.append(members.tolist())
        free[members] = False
        counts -= close[:, members].sum(axis=1)
    groups.sort(key=len, reverse=True)  # stable: equal sizes stay in the order they were found
    return [[questions[index] for index in group] for group in groups]
