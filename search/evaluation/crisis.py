"""How well the crisis check does on a labelled set: recall on crisis phrasings, false alarms on
ordinary questions, per language; and the leave-one-out figures its similarity thresholds are
chosen by.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from search.errors import SearchError
from search.safety.detector import CrisisDetector, read_example, similar_to_crisis
from search.safety.language import LANGUAGES
from search.safety.patterns import crisis_category, plain_text
from search.text import json_lines


@dataclass(frozen=True)
class LabelledQuestion:
    """A question and whether it is a crisis; `category` is the kind of risk or of ordinary question."""

    id: str
    text: str
    language: str
    crisis: bool
    category: str


@dataclass(frozen=True)
class CrisisFigures:
    """One language's figures: the crisis phrasings missed and the ordinary questions flagged."""

    language: str
    crisis_questions: int
    missed: tuple[LabelledQuestion, ...]
    ordinary_questions: int
    false_alarms: tuple[LabelledQuestion, ...]
    found_by_similarity: int  # crisis phrasings the patterns missed and the examples caught

    @property
    def recall(self) -> float:
        return 1 - len(self.missed) / self.crisis_questions if self.crisis_questions else 1.0

    @property
    def false_alarm_rate(self) -> float:
        return len(self.false_alarms) / self.ordinary_questions if self.ordinary_questions else 0.0


def load_labelled(path: Path) -> list[LabelledQuestion]:
    """The questions of a crisis set; raises SearchError naming the line of a malformed one."""
    questions = []
    try:
        for number, record in json_lines(path):
            example = read_example(record, path, number)
            if not isinstance(record, dict) or "id" not in record:
                raise ValueError(f'{path}, line {number}: needs an "id"')
            questions.append(
                LabelledQuestion(str(record["id"]), example.text, example.language, example.crisis, example.category)
            )
    except ValueError as error:
        raise SearchError(str(error)) from None
    if not questions:
        raise SearchError(f"{path}: has no questions")
    return questions


def evaluate_crisis(
    detector: CrisisDetector, questions: list[LabelledQuestion], vectors: np.ndarray | None = None
) -> list[CrisisFigures]:
    """Each question checked exactly as a search checks it; figures per language in the set.

    `vectors` are the questions' embeddings by the search model, if already made (in one batch).
    """
    checks = [
        (question, detector.check(question.text, None if vectors is None else vectors[i]))
        for i, question in enumerate(questions)
    ]
    figures = []
    for language in LANGUAGES:
        mine = [(q, check) for q, check in checks if q.language == language]
        if not mine:
            continue
        figures.append(
            CrisisFigures(
                language=language,
                crisis_questions=sum(q.crisis for q, _ in mine),
                missed=tuple(q for q, check in mine if q.crisis and not check.is_crisis),
                ordinary_questions=sum(not q.crisis for q, _ in mine),
                false_alarms=tuple(q for q, check in mine if not q.crisis and check.is_crisis),
                found_by_similarity=sum(q.crisis and check.found_by == "similarity" for q, check in mine),
            )
        )
    return figures


def format_crisis_figures(figures: list[CrisisFigures], title: str) -> str:
    lines = [f"{title}:"]
    for figure in figures:
        lines.append(
            f"  {figure.language}: recall {figure.recall:.1%} ({figure.crisis_questions - len(figure.missed)} of "
            f"{figure.crisis_questions} crisis phrasings; {figure.found_by_similarity} by similarity), "
            f"false alarms {figure.false_alarm_rate:.1%} ({len(figure.false_alarms)} of "
            f"{figure.ordinary_questions} ordinary questions)"
        )
    for figure in figures:
        for question in figure.missed:
            lines.append(f"  MISSED {question.id} ({question.category}): {question.text!r}")
        for question in figure.false_alarms:
            lines.append(f"  false alarm {question.id} ({question.category}): {question.text!r}")
    return "\n".join(lines)


@dataclass(frozen=True)
class ThresholdFigures:
    crisis_similarity: float
    certain_similarity: float
    recall: float  # of crisis examples the patterns miss, each judged against the others
    false_alarms: float  # of contrast examples, each judged against the others


def leave_one_out(detector: CrisisDetector, grid: list[tuple[float, float]]) -> list[ThresholdFigures]:
    """Each pair of similarity thresholds judged on the curated examples alone: every example is
    checked against all the others, as if it were a new question. Crisis examples the patterns
    already catch are left out of the recall, since similarity is never asked about them."""
    nearest = [detector.nearest(detector.vectors[i], leave_out=i) for i in range(len(detector.examples))]
    crisis_left = [
        i
        for i, example in enumerate(detector.examples)
        if example.crisis and not crisis_category(plain_text(example.text))
    ]
    contrast = [i for i, example in enumerate(detector.examples) if not example.crisis]
    figures = []
    for crisis_similarity, certain_similarity in grid:
        thresholds = (crisis_similarity, certain_similarity)
        caught = [similar_to_crisis(nearest[i][0], nearest[i][2], *thresholds) for i in crisis_left]
        flagged = [similar_to_crisis(nearest[i][0], nearest[i][2], *thresholds) for i in contrast]
        figures.append(
            ThresholdFigures(crisis_similarity, certain_similarity, float(np.mean(caught)), float(np.mean(flagged)))
        )
    return figures
