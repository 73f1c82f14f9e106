"""Evaluation questions: reading a question file, and whether the first result is a right one.

A question file has one `{"qid", "query", "relevant_ids": [...], "audience"}` object a line;
`audience` is optional ("public" unless it says "staff"). A result is right when its `id`, or
its `doc` (for a whole document), is one of the relevant ids.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .config import Settings
from .corpus import AUDIENCES
from .embed import Embedder
from .errors import SearchError
from .index import LoadedIndex
from .query import Result, search


@dataclass(frozen=True)
class Question:
    qid: str
    query: str
    relevant_ids: frozenset[str]
    audience: str = "public"


@dataclass(frozen=True)
class Outcome:
    """One question asked: its first result's id (None when there was none) and whether it is right."""

    question: Question
    first_id: str | None
    hit: bool


def load_questions(path: Path) -> list[Question]:
    """The questions of a file; raises SearchError naming the line of a malformed one."""
    questions = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            question = Question(
                str(record["qid"]),
                record["query"],
                frozenset(record["relevant_ids"]),
                record.get("audience", "public"),
            )
        except (json.JSONDecodeError, KeyError, TypeError) as error:
            raise SearchError(f"{path}, line {number}: not a question record ({error})") from None
        if question.audience not in AUDIENCES or not isinstance(question.query, str):
            raise SearchError(f"{path}, line {number}: audience must be one of {AUDIENCES} and query text")
        questions.append(question)
    return questions


def is_relevant(result: Result, relevant_ids: frozenset[str]) -> bool:
    return result.id in relevant_ids or result.doc in relevant_ids


def first_results(
    index: LoadedIndex, embedder: Embedder, questions: list[Question], settings: Settings
) -> list[Outcome]:
    """Each question asked as its audience would ask it, with whether the first result is right."""
    outcomes = []
    for question in questions:
        results = search(index, embedder, question.query, settings, audience=question.audience).results
        first = results[0] if results else None
        hit = first is not None and is_relevant(first, question.relevant_ids)
        outcomes.append(Outcome(question, first.id if first else None, hit))
    return outcomes
