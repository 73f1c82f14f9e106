"""The crisis check every question goes through before any search: is this person in danger now?

Two checks, tuned for recall, since a miss costs far more than a false alarm:
1. precise patterns in English and Spanish (patterns.py), for what people in danger
   commonly type, misspelt or in shorthand included;
2. similarity, by the search model, to a curated set of crisis examples (crisis_examples.jsonl),
   for indirect phrasings no pattern lists ("everyone would be better off without me"). The same
   set holds contrast examples: questions about crisis topics and everyday idioms. A question
   nearer one of those than any crisis example is not flagged unless it is very near a crisis
   example, so "this wait is killing me" stays an ordinary question.
A question that names a crisis topic without a sign of danger ("what is your suicide screening
policy") is a `topic`: it is answered, with the 988 line beside the answer.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from search.models.encoder import Encoder
from search.models.packages import model_cache
from search.safety.language import LANGUAGES, detect_language
from search.safety.patterns import asks_about_policy, crisis_category, names_crisis_topic, plain_text
from search.text import json_lines
from search.vocab import RiskLevel, fold_whitespace, sha256_hex

EXAMPLES_FILE = Path(__file__).with_name("crisis_examples.jsonl")
# A question this near a crisis example is a crisis whatever else it is near; one at least
# CRISIS_SIMILARITY near is a crisis if no contrast example is nearer. Chosen on
# tests/eval/crisis.jsonl: the highest values that missed no crisis phrasing there, so it is a
# development set, not a held-out one (unseen-phrasing figures are in the issue notes).
# `python -m search crisis-eval --thresholds` shows each pair judged on the curated examples alone.
CERTAIN_SIMILARITY = 0.85
CRISIS_SIMILARITY = 0.55


@dataclass(frozen=True)
class RiskCheck:
    """What the crisis check found: `level` is crisis, topic or none; `language` en or es.

    For a crisis, `category` is the kind of risk and `found_by` is "pattern" or "similarity".
    """

    level: RiskLevel
    language: str
    category: str | None = None
    found_by: str | None = None

    @property
    def is_crisis(self) -> bool:
        return self.level == RiskLevel.CRISIS

    @property
    def shows_help_line(self) -> bool:
        """Whether the page shows the short 988 line: for any question touching a crisis topic."""
        return self.level != RiskLevel.NONE


@dataclass(frozen=True)
class Example:
    text: str
    language: str
    crisis: bool
    category: str


def similar_to_crisis(
    crisis: float,
    contrast: float,
    crisis_similarity: float = CRISIS_SIMILARITY,
    certain_similarity: float = CERTAIN_SIMILARITY,
) -> bool:
    """Whether a question is a crisis by its similarity to the nearest crisis and contrast examples."""
    return crisis >= certain_similarity or (crisis >= crisis_similarity and crisis >= contrast)


def read_example(record: object, path: Path, number: int) -> Example:
    """One {"text", "language", "crisis", "category"} record; ValueError naming the line if it is not one."""
    try:
        example = Example(record["text"], record["language"], bool(record["crisis"]), record["category"])
    except (KeyError, TypeError) as error:
        raise ValueError(
            f'{path}, line {number}: not a {{"text", "language", "crisis", "category"}} record ({error})'
        ) from None
    if example.language not in LANGUAGES or not isinstance(example.text, str) or not example.text.strip():
        raise ValueError(f"{path}, line {number}: needs text, and a language of {' or '.join(LANGUAGES)}")
    return example


def load_examples(path: Path = EXAMPLES_FILE) -> list[Example]:
    """The curated examples; a malformed line raises ValueError naming it."""
    return [read_example(record, path, number) for number, record in json_lines(path)]


def example_vectors(embedder: Encoder, texts: list[str]) -> np.ndarray:
    """The examples' vectors, kept on disk per model and set of examples.

    Embedding the curated examples takes seconds, at every start of a process; the file is
    named by the model and a hash of the texts, so an edited example set is embedded afresh.
    A missing, damaged or unwritable file only costs that time again.
    """
    identity = embedder.identity
    digest = sha256_hex("\n".join(texts).encode("utf-8"))[:16]
    path = model_cache() / f"crisis-examples-{identity.name}-{identity.version}-{embedder.dimension}-{digest}.npy"
    try:
        vectors = np.load(path, allow_pickle=False)
        if vectors.shape == (len(texts), embedder.dimension) and vectors.dtype == np.float32:
            return vectors
    except (OSError, ValueError):
        pass
    vectors = embedder.encode(texts)
    aside: Path | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Written aside and renamed, so a reader never sees half a file.
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".crisis-", suffix=".npy", delete=False) as file:
            aside = Path(file.name)
            np.save(file, vectors, allow_pickle=False)
        os.replace(aside, path)
    except OSError:
        if aside is not None:  # a full disk, say: leave no half-written file behind
            aside.unlink(missing_ok=True)
    return vectors


class CrisisDetector:
    """Checks questions for signs of risk; the examples are embedded once, when it is made."""

    def __init__(
        self,
        embedder: Encoder,
        examples: list[Example] | None = None,
        crisis_similarity: float = CRISIS_SIMILARITY,
        certain_similarity: float = CERTAIN_SIMILARITY,
    ) -> None:
        # The model itself, not a build's cached wrapper: a check made during a build (its gate)
        # may be used after the build has closed its cache.
        embedder = getattr(embedder, "wrapped", embedder)
        self._embedder = embedder
        self.examples = load_examples() if examples is None else examples
        if not any(example.crisis for example in self.examples):
            raise ValueError("the crisis examples hold no crisis example")
        self.crisis_similarity = crisis_similarity
        self.certain_similarity = certain_similarity
        self.vectors = example_vectors(embedder, [example.text for example in self.examples])
        self.is_crisis_example = np.array([example.crisis for example in self.examples])

    def nearest(self, vector: np.ndarray, leave_out: int | None = None) -> tuple[float, int, float]:
        """The similarity of the nearest crisis example and its position, and of the nearest
        contrast example (0 when there is none); `leave_out` skips one example, for tuning."""
        similarities = self.vectors @ vector
        if leave_out is not None:
            similarities[leave_out] = -1.0
        crisis = np.where(self.is_crisis_example, similarities, -1.0)
        contrast = np.where(self.is_crisis_example, -1.0, similarities)
        best = int(np.argmax(crisis))
        return float(crisis[best]), best, max(float(contrast.max()), 0.0)

    def check(self, question: str, vector: np.ndarray | None = None) -> RiskCheck:
        """Check one question. `vector` is its embedding by the search model, if already made."""
        plain = plain_text(question)
        language = detect_language(question)
        if asks_about_policy(plain):
            return RiskCheck(RiskLevel.TOPIC, language)
        category = crisis_category(plain)
        if category is not None:
            return RiskCheck(RiskLevel.CRISIS, language, category, "pattern")
        if vector is None:
            vector = self._embedder.encode([fold_whitespace(question)])[0]
        crisis, nearest, contrast = self.nearest(vector)
        if similar_to_crisis(crisis, contrast, self.crisis_similarity, self.certain_similarity):
            return RiskCheck(RiskLevel.CRISIS, language, self.examples[nearest].category, "similarity")
        if names_crisis_topic(plain):
            return RiskCheck(RiskLevel.TOPIC, language)
        return RiskCheck(RiskLevel.NONE, language)
