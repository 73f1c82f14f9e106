"""Training the learned crisis check and choosing its thresholds: one method, fixed before any
held-out set is measured, run the same way for the shipped check and for each leave-one-author-out
figure.

The labelled messages come from several authors (DEVELOPMENT_SETS); every choice below is made on
probabilities each author's messages got from a check trained without that author, since a check
always looks better on wording like its own:
- `pattern_veto`: a pattern's match is a crisis unless the check finds it very unlikely, below
  what VETO_SHARE of the patterns' true catches get; then it is a concern (idioms, old history);
- `crisis`: the lowest probability at which at most FALSE_ALARM_BUDGET of ordinary messages would
  be a crisis. The issue allows 2%; a quarter of it is kept, since an author's everyday feelings
  the check never saw ("im really mad at my sister right now") can look surer than they are, and
  a crisis the learned check alone finds still gets the concern lines below this;
- `concern`: CONCERN_MARGIN times the lowest probability any crisis message got that neither the
  patterns nor `crisis` caught, so every development crisis gets help at least as a concern, with
  room below for wording further from any author's.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

from search.models.encoder import Encoder
from search.safety.classifier import CrisisClassifier, Thresholds, clauses, features, model_name
from search.safety.detector import pattern_check
from search.safety.language import LANGUAGES
from search.text import json_lines
from search.vocab import RiskLevel, comparable, fold_whitespace, sha256_hex

PROJECT_ROOT = Path(__file__).resolve().parents[2]
EXAMPLES_FILE = Path(__file__).with_name("crisis_examples.jsonl")
_EVAL = PROJECT_ROOT / "tests" / "eval"
# Who wrote which labelled messages. The curated examples and the first set share an author.
DEVELOPMENT_SETS: dict[str, tuple[Path, ...]] = {
    "first author": (EXAMPLES_FILE, _EVAL / "crisis.jsonl"),
    "second author": (_EVAL / "crisis_second_author.jsonl",),
    "third author": (_EVAL / "crisis_third_author.jsonl",),
    "fourth author": (_EVAL / "crisis_fourth_author.jsonl",),
    "fifth author": (_EVAL / "crisis_fifth_author.jsonl",),
    # Each written as a held-out set; measured once, then trained on (their figures are in the issue notes).
    "sixth author": (_EVAL / "crisis_sixth_author.jsonl",),
    "seventh author": (_EVAL / "crisis_seventh_author.jsonl",),
}
# Questions real people asked of FAQs, none of them in danger: the ordinary traffic a search box
# gets, which the authors' sets (mostly look-alikes and crisis topics) hold little of. They are
# trained on, never held out, and not used to choose thresholds: easy questions would make any
# threshold look safe. Any the patterns flag is left out rather than labelled ordinary unread.
_BENCHMARKS = PROJECT_ROOT.parent / "shared" / "benchmarks"
ORDINARY_QUESTIONS: tuple[Path, ...] = (
    _EVAL / "tuning.jsonl",
    _BENCHMARKS / "covidfaq_jhu" / "queries.jsonl",
    _BENCHMARKS / "covid_q" / "queries.jsonl",
    _BENCHMARKS / "stackfaq" / "queries.jsonl",
)
ORDINARY = "ordinary questions"
# Written by an author who saw none of the above, the patterns or this code; never trained on.
HELD_OUT_SET = _EVAL / "crisis_held_out.jsonl"

REGULARISATION = 3.0  # logistic regression's C: chosen by leave-one-author-out on the sets above
VETO_SHARE = 0.005
FALSE_ALARM_BUDGET = 0.005
CONCERN_MARGIN = 0.5


@dataclass(frozen=True)
class Message:
    """A labelled message: `crisis` says whether its writer (or someone they tell of) is in danger
    now; `category` is the kind of risk, or of ordinary message."""

    id: str
    text: str
    language: str
    crisis: bool
    category: str


def read_message(record: object, path: Path, number: int) -> Message:
    """One {"text", "language", "crisis", "category"} record, with an "id" or one made from its
    line; ValueError naming the line if it is not one."""
    try:
        message = Message(
            str(record.get("id", f"{path.stem}-{number}")),
            record["text"],
            record["language"],
            bool(record["crisis"]),
            str(record["category"]),
        )
    except (AttributeError, KeyError, TypeError) as error:
        raise ValueError(
            f'{path}, line {number}: not a {{"text", "language", "crisis", "category"}} record ({error})'
        ) from None
    if message.language not in LANGUAGES or not isinstance(message.text, str) or not message.text.strip():
        raise ValueError(f"{path}, line {number}: needs text, and a language of {' or '.join(LANGUAGES)}")
    return message


def read_messages(path: Path) -> list[Message]:
    """A file of labelled messages; ValueError naming a malformed line, or the file if it has none."""
    messages = [read_message(record, path, number) for number, record in json_lines(path)]
    if not messages:
        raise ValueError(f"{path}: has no messages")
    return messages


def development_digest(sets: dict[str, tuple[Path, ...]] = DEVELOPMENT_SETS) -> str:
    """A digest of the files trained on, so a check trained on older messages is noticed."""
    paths = [path for found in sets.values() for path in found] + list(ORDINARY_QUESTIONS)
    return sha256_hex(b"".join(path.read_bytes() for path in paths if path.exists()))


def ordinary_questions(paths: tuple[Path, ...] = ORDINARY_QUESTIONS) -> list[Message]:
    """The "query" of each line of question files that exist, as ordinary English messages."""
    questions = []
    for path in paths:
        if not path.exists():
            continue
        for number, record in json_lines(path):
            text = record.get("query") if isinstance(record, dict) else None
            found = pattern_check(text) if isinstance(text, str) and text.strip() else None
            if isinstance(text, str) and text.strip() and (found is None or found.level != RiskLevel.CRISIS):
                questions.append(Message(f"{path.parent.name}/{path.stem}-{number}", text, "en", False, "ordinary"))
    return questions


def development_messages(sets: dict[str, tuple[Path, ...]] = DEVELOPMENT_SETS) -> dict[str, list[Message]]:
    """Each author's messages, from the files that exist (a set not yet written is skipped)."""
    messages = {
        author: [m for path in paths if path.exists() for m in read_messages(path)] for author, paths in sets.items()
    }
    return {author: found for author, found in messages.items() if found} | {ORDINARY: ordinary_questions()}


def embed_messages(encoder: Encoder, messages: Sequence[Message]) -> np.ndarray:
    """The messages' embeddings, made as a search makes a question's."""
    return encoder.encode([fold_whitespace(message.text) for message in messages])


def _fit(texts: list[str], vectors: np.ndarray, labels: np.ndarray, model: str) -> CrisisClassifier:
    regression = LogisticRegression(C=REGULARISATION, class_weight="balanced", max_iter=5000)
    regression.fit(features(texts, vectors), labels)
    unset = Thresholds(crisis=1.0, concern=1.0, pattern_veto=0.0)
    return CrisisClassifier(model, regression.coef_[0].astype(np.float32), float(regression.intercept_[0]), unset)


@dataclass(frozen=True)
class Development:
    """Messages of several authors, embedded once, whole and clause by clause."""

    authors: np.ndarray  # the author of each message
    messages: list[Message]
    vectors: np.ndarray
    parts: list[list[str]]  # each message's clauses, if it has more than one
    part_vectors: list[np.ndarray]
    model: str

    @classmethod
    def of(cls, by_author: dict[str, list[Message]], encoder: Encoder) -> Development:
        messages = [message for found in by_author.values() for message in found]
        authors = np.array([author for author, found in by_author.items() for _ in found])
        parts = [clauses(message.text) for message in messages]
        flat = encoder.encode([part for found in parts for part in found])
        ends = np.cumsum([len(found) for found in parts])
        part_vectors = [flat[end - len(found) : end] for found, end in zip(parts, ends, strict=True)]
        return cls(authors, messages, embed_messages(encoder, messages), parts, part_vectors, model_name(encoder))

    def without(self, author: str) -> Development:
        """Every other author's messages, less any whose text `author` also wrote: a copy would
        let the check be tested on what it was trained on."""
        theirs = {comparable(m.text) for m, a in zip(self.messages, self.authors, strict=True) if a == author}
        keep = np.array(
            [a != author and comparable(m.text) not in theirs for m, a in zip(self.messages, self.authors, strict=True)]
        )
        return self.subset(keep)

    def only(self, author: str) -> Development:
        return self.subset(self.authors == author)

    def subset(self, keep: np.ndarray) -> Development:
        chosen = np.flatnonzero(keep)
        return Development(
            self.authors[chosen],
            [self.messages[i] for i in chosen],
            self.vectors[chosen],
            [self.parts[i] for i in chosen],
            [self.part_vectors[i] for i in chosen],
            self.model,
        )

    @property
    def labels(self) -> np.ndarray:
        return np.array([message.crisis for message in self.messages])

    @property
    def texts(self) -> list[str]:
        return [message.text for message in self.messages]

    def fit(self) -> CrisisClassifier:
        """A check trained on the whole messages (a crisis message's clauses are not all crises)."""
        return _fit(self.texts, self.vectors, self.labels, self.model)

    def probabilities(self, classifier: CrisisClassifier) -> np.ndarray:
        """Each message's probability by `classifier`, as the crisis check computes it."""
        return classifier.of_messages(self.texts, self.vectors, self.parts, self.part_vectors)

    @property
    def writers(self) -> list[str]:
        """The authors whose messages are held out in turn: all but the ordinary questions."""
        return [author for author in dict.fromkeys(self.authors.tolist()) if author != ORDINARY]

    def out_of_fold(self) -> np.ndarray:
        """Each author's messages' probabilities from a check trained without that author (the
        ordinary questions are always trained on, so theirs are left at 0 and never used)."""
        probabilities = np.zeros(len(self.messages))
        for author in self.writers:
            held = self.authors == author
            probabilities[held] = self.subset(held).probabilities(self.without(author).fit())
        return probabilities


def choose_thresholds(messages: list[Message], probabilities: np.ndarray) -> Thresholds:
    """The three thresholds, by the rules in this module's docstring, from out-of-fold probabilities."""
    found = [pattern_check(message.text) for message in messages]
    caught = np.array([check is not None and check.level == RiskLevel.CRISIS for check in found])
    policy = np.array([check is not None and check.level == RiskLevel.TOPIC for check in found])
    crisis = np.array([message.crisis for message in messages])
    veto = float(np.quantile(probabilities[crisis & caught], VETO_SHARE)) if (crisis & caught).any() else 0.0
    ordinary = ~crisis
    kept_by_pattern = caught & (probabilities >= veto)
    crisis_threshold = 1.0
    for candidate in np.arange(0.5, 1.0, 0.01):
        flagged = kept_by_pattern | ((probabilities >= candidate) & ~policy)
        if flagged[ordinary].mean() <= FALSE_ALARM_BUDGET:
            crisis_threshold = float(round(candidate, 2))
            break
    left = crisis & ~caught & ~policy & (probabilities < crisis_threshold)
    lowest = float(probabilities[left].min()) if left.any() else crisis_threshold
    return Thresholds(crisis=crisis_threshold, concern=CONCERN_MARGIN * lowest, pattern_veto=veto)


def train(
    development: Development, trained_on: str = "", say: Callable[[str], None] = lambda _: None
) -> CrisisClassifier:
    """The check trained on every message given, with thresholds chosen out of fold; `trained_on`
    is the development_digest of the files they came from, if they are the shipped check's."""
    say(f"Choosing thresholds: {len(development.writers)} checks, each trained without one author…")
    written = development.authors != ORDINARY
    probabilities = development.out_of_fold()[written]
    thresholds = choose_thresholds([m for m, w in zip(development.messages, written, strict=True) if w], probabilities)
    say("Training on every message…")
    fitted = development.fit()
    return CrisisClassifier(fitted.model, fitted.weights, fitted.bias, thresholds, trained_on)
