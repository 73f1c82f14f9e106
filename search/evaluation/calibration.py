"""Choosing the answer / likely / uncertain / no-answer thresholds from questions whose answers are known.

Scores are not probabilities, so the thresholds are not set by hand: `calibrate` picks them
from development questions whose right answers are known, some of which the content does not
answer. `python -m search calibrate` writes them to search/calibration.json (see
search/config.py): one set per stage, because re-scored and first-stage scores are on different
scales, and per audience, because a wrong staff policy is worse than a wrong public answer and
staff scores include the staff-policy term.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from search.config import Thresholds
from search.vocab import Audience, Outcome

# What calibration aims for on the development questions: stricter than the targets on held-out
# questions (95% staff and 92% public precision of `answer`, 95% of unanswerable ones not
# answered), because thresholds fitted to one set of questions do a little worse on the next.
ANSWER_PRECISION = {Audience.PUBLIC: 0.95, Audience.STAFF: 0.97}
MAX_UNANSWERABLE_ANSWERED = 0.03
# A first result is shown open (`likely`) down to the score where first results are right
# less often than not: measured over a window of this many questions scoring about the same.
LIKELY_PRECISION = 0.5
LIKELY_WINDOW = 20
# Below `suggest` a question gets the no-answer screen: at most this share of answerable ones.
MAX_ANSWERABLE_REFUSED = 0.03


@dataclass(frozen=True)
class Sample:
    """One question asked: its top two scores, whether it has an answer, whether the first
    result is right, and whether it has words the content never uses."""

    top: float
    second: float | None
    answerable: bool
    right: bool
    unknown_words: bool = False

    def outcome(self, thresholds: Thresholds) -> Outcome:
        return thresholds.outcome(self.top, self.second, self.unknown_words)


def _share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def figures(samples: Sequence[Sample], thresholds: Thresholds) -> dict[str, float]:
    """What thresholds do on a set: answered, shown open and refused shares, and precisions."""
    outcomes = [sample.outcome(thresholds) for sample in samples]
    answerable = sum(s.answerable for s in samples)
    unanswerable = len(samples) - answerable
    answered = [s for s, o in zip(samples, outcomes, strict=True) if o == Outcome.ANSWER]
    shown_open = [s for s, o in zip(samples, outcomes, strict=True) if o in (Outcome.ANSWER, Outcome.LIKELY)]
    refused = [s for s, o in zip(samples, outcomes, strict=True) if o == Outcome.NO_ANSWER]
    return {
        "answerable_answered": _share(sum(s.answerable for s in answered), answerable),
        "answerable_right_shown_open": _share(sum(s.right for s in shown_open), answerable),
        "answerable_refused": _share(sum(s.answerable for s in refused), answerable),
        "unanswerable_not_answered": _share(unanswerable - sum(not s.answerable for s in answered), unanswerable),
        "unanswerable_not_shown_open": _share(unanswerable - sum(not s.answerable for s in shown_open), unanswerable),
        "answer_precision": _share(sum(s.right for s in answered), len(answered)),
        "shown_open_precision": _share(sum(s.right for s in shown_open), len(shown_open)),
    }


def _suggest(samples: Sequence[Sample]) -> float:
    """The highest score that refuses at most MAX_ANSWERABLE_REFUSED of the answerable questions."""
    tops = sorted(s.top for s in samples if s.answerable)
    return tops[int(MAX_ANSWERABLE_REFUSED * len(tops))]


def _answer_and_margin(samples: Sequence[Sample], precision: float) -> tuple[float, float]:
    """The (answer, margin) pair, from the observed scores, that answers the most questions
    rightly while keeping the precision of `answer` and the unanswerable ones answered within
    their targets; (inf, 0) when no pair does: then nothing is answered outright."""
    unanswerable = sum(not s.answerable for s in samples)
    leads = sorted({s.top - (s.second if s.second is not None else 0.0) for s in samples})
    best: tuple[int, float, float] = (0, float("inf"), 0.0)
    for margin in [0.0, *leads[:: max(1, len(leads) // 50)]]:
        for answer in sorted({s.top for s in samples}):
            thresholds = Thresholds(answer, margin, answer, answer)
            answered = [s for s in samples if s.outcome(thresholds) == Outcome.ANSWER]
            right = sum(s.right for s in answered)
            if not answered or right / len(answered) < precision:
                continue
            if sum(not s.answerable for s in answered) > MAX_UNANSWERABLE_ANSWERED * unanswerable:
                continue
            if right > best[0]:
                best = (right, answer, margin)
    return best[1], best[2]


def _likely(samples: Sequence[Sample], floor: float, ceiling: float) -> float:
    """The lowest score, not below `floor` nor above `ceiling`, down to which the first result
    is right in at least LIKELY_PRECISION of the LIKELY_WINDOW questions (answerable or not)
    scoring nearest above it."""
    ordered = sorted(samples, key=lambda s: -s.top)
    chosen = ceiling
    for end in range(LIKELY_WINDOW, len(ordered) + 1):
        window = ordered[end - LIKELY_WINDOW : end]
        if sum(s.right for s in window) < LIKELY_PRECISION * LIKELY_WINDOW or window[-1].top < floor:
            break
        chosen = min(chosen, window[-1].top)
    return chosen


def calibrate(samples: Sequence[Sample], audience: Audience = Audience.PUBLIC) -> Thresholds:
    """Thresholds for one audience that meet the targets above on `samples`.

    `suggest` refuses at most MAX_ANSWERABLE_REFUSED of the answerable questions; (`answer`,
    `margin`) answer the most questions rightly within ANSWER_PRECISION[audience]; `likely` is
    the lowest score down to which first results are right more often than not.
    """
    if not any(s.answerable for s in samples) or all(s.answerable for s in samples):
        raise ValueError("calibration needs answerable and unanswerable questions")
    suggest = _suggest(samples)
    answer, margin = _answer_and_margin(samples, ANSWER_PRECISION[audience])
    likely = _likely(samples, suggest, answer)
    # Not rounded: each threshold is a question's own score, and rounding could move it past a neighbour's.
    return Thresholds(answer, margin, likely, min(suggest, likely))
