"""Choosing the answer / uncertain / no-answer thresholds from a tuning set of questions.

Scores are not probabilities, so the thresholds are not set by hand: `calibrate` picks them
from a tuning set of questions whose right answers are known, some of which the content does
not answer. `python -m search calibrate` writes them to search/calibration.json (see
search/config.py), one set for searches with the re-scoring stage and one for searches without,
because the two give scores on different scales.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from search.config import Thresholds
from search.vocab import Outcome

# What calibration aims for on the tuning set. Stricter than the targets on held-out questions
# (90% of unanswerable ones not answered, at most 5% of answerable ones refused), because a
# threshold fitted to one set of questions does a little worse on the next.
ANSWER_PRECISION = 0.90  # of the questions answered, the share whose first result is right
MAX_UNANSWERABLE_ANSWERED = 0.05
MAX_ANSWERABLE_REFUSED = 0.03


@dataclass(frozen=True)
class Sample:
    """One tuning question asked: its top two scores, whether it has an answer, whether the first is right."""

    top: float
    second: float | None
    answerable: bool
    right: bool


def _rounded(value: float) -> float:
    return round(value, 4)


def figures(samples: Sequence[Sample], thresholds: Thresholds) -> dict[str, float]:
    """What thresholds do on a set: answered and refused shares, and the precision of `answer`."""
    answerable = [s for s in samples if s.answerable]
    unanswerable = [s for s in samples if not s.answerable]
    outcomes = [thresholds.outcome(s.top, s.second) for s in samples]
    answered = [s for s, o in zip(samples, outcomes, strict=True) if o == Outcome.ANSWER]

    def share(part: int, whole: int) -> float:
        return _rounded(part / whole) if whole else 0.0

    return {
        "answerable_answered": share(sum(s.answerable for s in answered), len(answerable)),
        "answerable_refused": share(
            sum(s.answerable and o == Outcome.NO_ANSWER for s, o in zip(samples, outcomes, strict=True)),
            len(answerable),
        ),
        "unanswerable_not_answered": share(
            len(unanswerable) - sum(not s.answerable for s in answered), len(unanswerable)
        ),
        "answer_precision": share(sum(s.answerable and s.right for s in answered), len(answered)),
    }


def calibrate(samples: Sequence[Sample]) -> Thresholds:
    """Thresholds that answer as many questions rightly as the targets above allow.

    `suggest` is the highest score that refuses at most MAX_ANSWERABLE_REFUSED of the
    answerable questions. (`answer`, `margin`) is the pair, from the observed scores, that
    answers the most questions rightly while keeping the precision of `answer` and the share
    of unanswerable questions answered within their targets.
    """
    answerable_tops = sorted(s.top for s in samples if s.answerable)
    if not answerable_tops or all(s.answerable for s in samples):
        raise ValueError("calibration needs answerable and unanswerable questions")
    refusable = int(MAX_ANSWERABLE_REFUSED * len(answerable_tops))
    suggest = answerable_tops[refusable]  # fewer than `refusable` questions score below it
    unanswerable = sum(not s.answerable for s in samples)
    leads = sorted({s.top - (s.second if s.second is not None else 0.0) for s in samples})
    candidates = sorted({s.top for s in samples})
    best: tuple[int, Thresholds] | None = None
    for margin in [0.0, *leads[:: max(1, len(leads) // 50)]]:
        for answer in candidates:
            thresholds = Thresholds(answer, margin, min(suggest, answer))
            answered = [s for s in samples if thresholds.outcome(s.top, s.second) == Outcome.ANSWER]
            right = sum(s.answerable and s.right for s in answered)
            wrong_unanswerable = sum(not s.answerable for s in answered)
            if not answered or right / len(answered) < ANSWER_PRECISION:
                continue
            if wrong_unanswerable > MAX_UNANSWERABLE_ANSWERED * unanswerable:
                continue
            if best is None or right > best[0]:
                best = (right, thresholds)
    if best is None:  # nothing meets the targets: never answer outright, only suggest
        return Thresholds(float("inf"), 0.0, suggest)
    # Not rounded: each threshold is a tuning question's own score, and rounding could move it
    # past a neighbour's.
    return best[1]
