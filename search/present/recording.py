"""One question asked, kept in the usage log the same way whoever answered it: the page or the API."""

from __future__ import annotations

from search.config import Settings
from search.present.outcome import Screen
from search.retrieval.answer import Answer
from search.usage.log import UsageLog
from search.vocab import RiskLevel


def record_answer(log: UsageLog, answer: Answer, screen: Screen, settings: Settings) -> int:
    """Keeps the question's event (search/usage/log.py applies the privacy rules) with the results the
    screen showed; returns its id. Raises UsageLogError when the log fails."""
    return log.record(
        audience=answer.audience,
        outcome=answer.outcome,
        result_ids=tuple(result.id for result in screen.shown),
        top_score=answer.results[0].score if answer.results else None,
        query=answer.query,
        # A question of concern may be from someone in danger: its text is never kept either.
        store_query=settings.store_queries and answer.risk.level != RiskLevel.CONCERN,
    )
