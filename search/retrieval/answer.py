"""What a search returns: the outcome for one question and its ranked results.

These are the JSON contract of `ask --json` and `ask --batch` too (`to_json`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from search.safety.detector import RiskCheck
from search.vocab import SECTION_MARK, TITLE_SEPARATOR, Audience, Outcome


@dataclass(frozen=True)
class Result:
    """One chunk that matched, with its score: a similarity plus the keyword term (see Settings).

    `same_as` lists the ids of lower-ranked chunks with word-for-word the same text, not shown again.
    `language` is the language the chunk is written in ('en' or 'es'); an entry's versions share its id.
    """

    id: str
    doc: str
    title: str
    text: str
    score: float
    audience: Audience
    same_as: tuple[str, ...] = ()
    language: str = "en"

    @property
    def source(self) -> str:
        """Where the answer comes from, for people: the file and its entry or section."""
        if SECTION_MARK in self.id:
            return f"{self.doc}, section “{self.title.split(TITLE_SEPARATOR)[-1]}”"
        return f"{self.doc}, entry {self.id}"

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "doc": self.doc,
            "title": self.title,
            "text": self.text,
            "score": round(self.score, 4),
            "audience": str(self.audience),
            "same_as": list(self.same_as),
            "language": self.language,
        }


@dataclass(frozen=True)
class Answer:
    """The outcome for one question and its ranked results, best first.

    Results are listed whatever the outcome, for evaluation; what a person is shown of them is
    decided by search/present/. `risk` is what the crisis check found; with a crisis the outcome
    is `crisis` and `retrieval_outcome` says how well the results matched all the same.
    `shortened` is true when the question was longer than the model reads and only its beginning
    was used. `corrections` are the (typed, read as) pairs of words whose typos were corrected;
    `unknown_words` the question's words the content never uses (no answer is confident then).
    `audience` is who asked; `language` ('en' or 'es') the language the question was searched
    in, which its screen speaks.
    `seconds` is the time each stage took.
    """

    query: str
    outcome: Outcome
    results: tuple[Result, ...]
    risk: RiskCheck
    retrieval_outcome: Outcome
    shortened: bool = False
    corrections: tuple[tuple[str, str], ...] = ()
    unknown_words: tuple[str, ...] = ()
    seconds: dict[str, float] = field(default_factory=dict, compare=False)
    audience: Audience = Audience.PUBLIC
    language: str = "en"

    def to_json(self) -> dict[str, object]:
        return {
            "query": self.query,
            "audience": str(self.audience),
            "language": self.language,
            "outcome": str(self.outcome),
            "retrieval_outcome": str(self.retrieval_outcome),
            "corrections": [list(pair) for pair in self.corrections],
            "risk": {"level": str(self.risk.level), "language": self.risk.language, "category": self.risk.category},
            "results": [result.to_json() for result in self.results],
        }
