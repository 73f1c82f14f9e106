"""Answering a question: the nearest chunks, one result each, and the outcome decision."""

from __future__ import annotations

from dataclasses import dataclass

from .chunking import TITLE_SEPARATOR
from .config import Settings
from .embed import Embedder
from .index import LoadedIndex

# `uncertain` and `crisis` are decided by later stages; the names are part of the interface.
OUTCOMES = ("answer", "uncertain", "no_answer", "crisis")
# The model reads about 1,000 characters of text at most; cutting a pasted essay first keeps
# it from costing seconds to tokenize.
MAX_QUERY_CHARS = 2000


@dataclass(frozen=True)
class Result:
    """One chunk that matched, with its cosine similarity to the question."""

    id: str
    doc: str
    title: str
    text: str
    score: float
    audience: str
    confidence: str  # in plain words, for people: "Strong match", "Possible match", "Weak match"

    @property
    def source(self) -> str:
        """Where the answer comes from, for people: the file and its entry or section."""
        if "#" in self.id:
            return f"{self.doc}, section “{self.title.split(TITLE_SEPARATOR)[-1]}”"
        return f"{self.doc}, entry {self.id}"

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "doc": self.doc,
            "title": self.title,
            "text": self.text,
            "score": round(self.score, 4),
            "audience": self.audience,
        }


@dataclass(frozen=True)
class Answer:
    """The outcome for one question and its ranked results, best first.

    Results are listed whatever the outcome, for evaluation; a page shows them as answers
    only when the outcome is `answer`. `shortened` is true when the question was longer
    than the model reads and only its beginning was used.
    """

    query: str
    outcome: str
    results: tuple[Result, ...]
    shortened: bool = False

    def to_json(self) -> dict[str, object]:
        return {
            "query": self.query,
            "outcome": self.outcome,
            "results": [result.to_json() for result in self.results],
        }


def confidence_label(score: float, settings: Settings) -> str:
    """How sure the match is, in words a client understands."""
    if score >= settings.strong_threshold:
        return "Strong match"
    if score >= settings.answer_threshold:
        return "Possible match"
    return "Weak match"


def search(index: LoadedIndex, embedder: Embedder, query: str, settings: Settings, audience: str = "public") -> Answer:
    """The best settings.k chunks for a question, and whether the best is good enough to answer.

    Raises ValueError for an empty question.
    """
    text = " ".join(query.split())
    if not text:
        raise ValueError("the question is empty")
    shortened = len(text) > MAX_QUERY_CHARS
    text = text[:MAX_QUERY_CHARS]
    # The model itself cuts what is past its limit; say so rather than hide it.
    shortened = shortened or embedder.count_tokens(text) > embedder.max_tokens
    vector = embedder.encode([text])[0]
    best: dict[str, Result] = {}
    for score, row in index.nearest_rows(vector, settings.k * index.max_passages, audience):
        if row.id not in best:  # rows come best first: a chunk's first row is its best passage
            best[row.id] = Result(
                row.id, row.doc, row.title, row.text, score, row.audience, confidence_label(score, settings)
            )
    results = tuple(best.values())[: settings.k]
    answered = bool(results) and results[0].score >= settings.answer_threshold
    return Answer(query, "answer" if answered else "no_answer", results, shortened)
