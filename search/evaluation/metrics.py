"""Evaluation: asking a file of questions whose right answers are known, and scoring the answers.

A question file has one `{"qid", "query", "relevant_ids": [...], "audience"}` object a line;
`audience` is optional ("public" unless it says "staff"), `typos` optional (true for a question
written with misspellings), and an empty `relevant_ids` means the content does not answer it.
A result is right when its `id`, or its `doc` (for a whole document), is one of the relevant ids.
This reads the public benchmark files as they are, and the project's own sets in tests/eval/.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass
from pathlib import Path

from search.errors import SearchError
from search.evaluation.calibration import Sample
from search.index.loaded import LoadedIndex
from search.retrieval.answer import Answer, Result
from search.retrieval.searcher import Searcher
from search.text import count, json_lines
from search.vocab import AUDIENCES, SECTION_MARK, Audience, Outcome

# Ranking figures look this deep; Recall counts the first RECALL_DEPTH results.
RANK_DEPTH = 10
RECALL_DEPTH = 5


@dataclass(frozen=True)
class Question:
    qid: str
    query: str
    relevant_ids: frozenset[str]
    audience: Audience = Audience.PUBLIC
    typos: bool = False

    @property
    def answerable(self) -> bool:
        return bool(self.relevant_ids)


@dataclass(frozen=True)
class Asked:
    """One question asked: the answer, and how many chunks the audience could have been shown rightly."""

    question: Question
    answer: Answer
    relevant_chunks: int

    @property
    def hits(self) -> list[bool]:
        """Relevance down the ranking; a result standing for repeats of its text counts once for each,
        in its place, since the one answer shown is the answer of all of them."""
        relevant = self.question.relevant_ids
        hits = []
        for result in self.answer.results:
            hits.append(is_relevant(result, relevant))
            # A section id starts with its document's path; an FAQ entry's is its own.
            hits.extend(repeat in relevant or repeat.split(SECTION_MARK)[0] in relevant for repeat in result.same_as)
        return hits

    @property
    def first_right(self) -> bool:
        return bool(self.hits) and self.hits[0]

    def sample(self) -> Sample:
        scores = [result.score for result in self.answer.results]
        return Sample(
            top=scores[0] if scores else 0.0,
            second=scores[1] if len(scores) > 1 else None,
            answerable=self.question.answerable,
            right=self.first_right,
            unknown_words=bool(self.answer.unknown_words),
        )

    @property
    def shown_open(self) -> bool:
        """Whether the first screen shows the first result open, as the answer."""
        return self.answer.retrieval_outcome in (Outcome.ANSWER, Outcome.LIKELY)


@dataclass(frozen=True)
class Report:
    """The figures for one question file; ranking figures count answerable questions only."""

    questions: int
    answerable: int
    p_at_1: float
    mrr: float
    ndcg: float
    recall: float
    answered: float  # share of answerable questions with outcome `answer`
    refused: float  # share of answerable questions with outcome `no_answer`
    answer_precision: float  # share of `answer` outcomes whose first result is right
    right_shown_open: float  # share of answerable questions whose first screen shows the right answer open
    shown_open_precision: float  # share of `answer` and `likely` outcomes whose first result is right
    unanswerable_not_answered: float | None  # None when the file has no unanswerable questions
    unanswerable_not_shown_open: float | None  # unanswerable questions shown no answer open
    crisis_panel: float  # share of all questions the crisis check flagged (the page shows its panel)
    median_ms: float
    failures: tuple[dict[str, object], ...]

    def to_json(self) -> dict[str, object]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


def load_questions(path: Path) -> list[Question]:
    """The questions of a file; raises SearchError naming the line of a malformed one."""
    questions = []
    try:
        records = list(json_lines(path))
    except ValueError as error:
        raise SearchError(str(error)) from None
    for number, record in records:
        try:
            question = Question(
                str(record["qid"]),
                record["query"],
                frozenset(record["relevant_ids"]),
                record.get("audience", Audience.PUBLIC),
                record.get("typos") is True,
            )
        except (KeyError, TypeError, AttributeError) as error:
            raise SearchError(
                f'{path}, line {number}: not a {{"qid", "query", "relevant_ids"}} record ({error})'
            ) from None
        if question.audience not in AUDIENCES or not isinstance(question.query, str) or not question.query.strip():
            raise SearchError(
                f"{path}, line {number}: needs question text, and an audience of {' or '.join(AUDIENCES)}"
            )
        questions.append(question)
    if not questions:
        raise SearchError(f"{path}: has no questions")
    return questions


def is_relevant(result: Result, relevant_ids: frozenset[str]) -> bool:
    return result.id in relevant_ids or result.doc in relevant_ids


def relevant_chunks(index: LoadedIndex, question: Question) -> int:
    """How many chunks the question's audience could be shown that are right answers."""
    return sum(
        (row.id in question.relevant_ids or row.doc in question.relevant_ids)
        and (question.audience == Audience.STAFF or row.audience == Audience.PUBLIC)
        for row in index.first_row
    )


def ask_all(searcher: Searcher, questions: list[Question]) -> list[Asked]:
    """Each question asked as its audience would ask it, listing settings.k results or at least ten."""
    deep = searcher.with_settings(k=max(searcher.settings.k, RANK_DEPTH))
    return [
        Asked(question, deep.ask(question.query, question.audience), relevant_chunks(deep.index, question))
        for question in questions
    ]


def _ndcg(hits: list[bool], relevant: int) -> float:
    gain = sum(1 / math.log2(rank + 2) for rank, hit in enumerate(hits[:RANK_DEPTH]) if hit)
    ideal = sum(1 / math.log2(rank + 2) for rank in range(min(relevant, RANK_DEPTH)))
    return gain / ideal if ideal else 0.0


def _failure(asked: Asked) -> dict[str, object] | None:
    question, answer = asked.question, asked.answer
    first = answer.results[0].id if answer.results else None
    if not question.answerable:
        problem = "answered, but the content does not answer it" if answer.retrieval_outcome == Outcome.ANSWER else None
    elif answer.retrieval_outcome == Outcome.NO_ANSWER:
        problem = "refused (no answer)"
    elif not asked.first_right:
        problem = "first result wrong"
    else:
        problem = None
    if problem is None:
        return None
    return {
        "qid": question.qid,
        "query": question.query,
        "problem": problem,
        "outcome": answer.retrieval_outcome,
        "first": first,
        "expected": sorted(question.relevant_ids),
    }


def report(asked: list[Asked]) -> Report:
    """P@1, MRR@10, nDCG@10 and Recall@5 over answerable questions, and what the outcomes did."""
    answerable = [a for a in asked if a.question.answerable]
    unanswerable = [a for a in asked if not a.question.answerable]
    answered = [a for a in asked if a.answer.retrieval_outcome == Outcome.ANSWER]
    shown_open = [a for a in asked if a.shown_open]

    def mean(values: list[float]) -> float:
        return round(sum(values) / len(values), 4) if values else 0.0

    def reciprocal_rank(hits: list[bool]) -> float:
        return next((1 / (rank + 1) for rank, hit in enumerate(hits[:RANK_DEPTH]) if hit), 0.0)

    return Report(
        questions=len(asked),
        answerable=len(answerable),
        p_at_1=mean([float(a.first_right) for a in answerable]),
        mrr=mean([reciprocal_rank(a.hits) for a in answerable]),
        ndcg=mean([_ndcg(a.hits, a.relevant_chunks) for a in answerable]),
        recall=mean(
            [sum(a.hits[:RECALL_DEPTH]) / min(a.relevant_chunks, RECALL_DEPTH) for a in answerable if a.relevant_chunks]
        ),
        answered=mean([float(a.answer.retrieval_outcome == Outcome.ANSWER) for a in answerable]),
        refused=mean([float(a.answer.retrieval_outcome == Outcome.NO_ANSWER) for a in answerable]),
        answer_precision=mean([float(a.question.answerable and a.first_right) for a in answered]),
        right_shown_open=mean([float(a.shown_open and a.first_right) for a in answerable]),
        shown_open_precision=mean([float(a.question.answerable and a.first_right) for a in shown_open]),
        unanswerable_not_answered=mean([float(a.answer.retrieval_outcome != Outcome.ANSWER) for a in unanswerable])
        if unanswerable
        else None,
        unanswerable_not_shown_open=mean([float(not a.shown_open) for a in unanswerable]) if unanswerable else None,
        crisis_panel=mean([float(a.answer.risk.is_crisis) for a in asked]),
        median_ms=round(statistics.median(sum(a.answer.seconds.values()) for a in asked) * 1000, 1),
        failures=tuple(failure for a in asked if (failure := _failure(a)) is not None),
    )


def percent(value: float | None) -> str:
    return "n/a (no such questions)" if value is None else f"{value:.1%}"


def _outcome_lines(result: Report) -> list[str]:
    return [
        f"  answerable answered {percent(result.answered)}, right answer shown open "
        f"{percent(result.right_shown_open)}, refused {percent(result.refused)}",
        f"  precision of answers {percent(result.answer_precision)}, of answers shown open "
        f"{percent(result.shown_open_precision)}",
        f"  unanswerable not answered {percent(result.unanswerable_not_answered)}, shown no answer open "
        f"{percent(result.unanswerable_not_shown_open)}",
    ]


def groups(asked: list[Asked]) -> dict[str, list[Asked]]:
    """The questions by audience, and those written with and without typos when a file marks any."""
    found = {f"{audience} questions": [a for a in asked if a.question.audience == audience] for audience in AUDIENCES}
    if any(a.question.typos for a in asked):
        found["questions with typos"] = [a for a in asked if a.question.typos]
        found["questions without typos"] = [a for a in asked if not a.question.typos]
    return {name: part for name, part in found.items() if part}


def format_groups(reports: dict[str, Report]) -> str:
    """Each group's ranking and outcome figures, without its failures."""
    lines = []
    for name, result in reports.items():
        lines += [
            f"{name}: {result.questions} ({result.answerable} answerable): P@1 {result.p_at_1:.3f}   "
            f"MRR@10 {result.mrr:.3f}",
            *_outcome_lines(result),
        ]
    return "\n".join(lines)


def format_report(result: Report, title: str) -> str:
    """The figures as a few lines for people, then every failure."""

    lines = [
        f"{title}: {count(result.questions, 'question')} ({result.answerable} answerable)",
        f"  P@1 {result.p_at_1:.3f}   MRR@10 {result.mrr:.3f}   nDCG@10 {result.ndcg:.3f}   "
        f"Recall@5 {result.recall:.3f}",
        *_outcome_lines(result),
        f"  crisis panel shown {percent(result.crisis_panel)}; median {result.median_ms:.0f} ms a question",
    ]
    if result.failures:
        lines.append(f"Failures ({len(result.failures)}):")
        for failure in result.failures:
            lines.append(
                f"  {failure['qid']}: {failure['problem']} ({failure['outcome']}); first {failure['first']}, "
                f"expected {', '.join(map(str, failure['expected'])) or 'no answer'}: {failure['query']!r}"
            )
    return "\n".join(lines)
