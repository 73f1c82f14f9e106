"""The learned crisis check: how likely a message is from someone in danger now, from its meaning
and its wording.

Patterns (patterns.py) catch what their authors thought of; a person in danger types what nobody
listed. This check is a logistic regression over three views of a message, so it can weigh
wording it was never shown:
- its embedding by the search model (what it means, in words no example used);
- hashed character n-grams of its plain text (misspellings, slang, Spanish word forms);
- hashed word pairs ("make them pay", "not wake up").
It is trained by training.py on labelled messages from several authors and shipped as
crisis_classifier.npz with the three thresholds its decisions use, chosen on those messages.
The embedding of all-mpnet-base-v2 as a fourth view was measured and did not help enough to be
worth loading that model for every question (docs in the issue notes).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import HashingVectorizer

from search.errors import SearchError
from search.models.encoder import Encoder
from search.safety.patterns import plain_text
from search.vocab import fold_whitespace

CLASSIFIER_FILE = Path(__file__).with_name("crisis_classifier.npz")
HASHED_FEATURES = 2**18

# Stateless, so the shipped weights need no vocabulary: the same text always hashes alike.
_CHARACTERS = HashingVectorizer(
    analyzer="char_wb", ngram_range=(2, 5), n_features=HASHED_FEATURES, alternate_sign=False, norm="l2"
)
_WORDS = HashingVectorizer(
    analyzer="word", ngram_range=(1, 2), n_features=HASHED_FEATURES, alternate_sign=False, norm="l2"
)


# Where a message may turn from one thing to another: "do you take insurance? also i have a plan
# for friday". Its meaning as a whole is mostly the question; each part is judged on its own too.
_TURN = re.compile(
    r"[.!?;:\n]+|\s[-\u2013\u2014]+\s|\b(?:also|but|tbh|honestly|anyway|anyways|nevermind|never mind|idk|"
    r"pero|tambien|también|la verdad|aunque)\b",
    re.IGNORECASE,
)


def clauses(text: str) -> list[str]:
    """The parts of a message that may mean something on their own; none for a message of one part."""
    parts = [fold_whitespace(part) for part in _TURN.split(text)]
    parts = [part for part in parts if len(part.split()) >= 2]
    return parts if len(parts) > 1 else []


def features(texts: list[str], vectors: np.ndarray) -> sparse.csr_matrix:
    """The classifier's input: each message's embedding, then its hashed characters and words."""
    plain = [plain_text(text) for text in texts]
    return sparse.hstack(
        [sparse.csr_matrix(vectors), _CHARACTERS.transform(plain), _WORDS.transform(plain)], format="csr"
    )


@dataclass(frozen=True)
class Thresholds:
    """Where the learned check's probability changes what a message is.

    `crisis`: at least this is a crisis, as sure as a pattern. `concern`: at least this, and
    below `crisis`, is a concern. `pattern_veto`: a pattern's match with a probability below this
    (an idiom, a story from years ago) is a concern rather than a crisis.
    """

    crisis: float
    concern: float
    pattern_veto: float


@dataclass(frozen=True)
class CrisisClassifier:
    """Trained weights for one search model; `model` names it, as "name version dimension", and
    `trained_on` is a digest of the labelled messages it learnt from."""

    model: str
    weights: np.ndarray  # one per feature: the embedding's, then the hashed characters' and words'
    bias: float
    thresholds: Thresholds
    trained_on: str = ""

    def probabilities(self, texts: list[str], vectors: np.ndarray) -> np.ndarray:
        """How likely each message is a crisis, 0 to 1; `vectors` are their embeddings."""
        scores = features(texts, vectors) @ self.weights + self.bias
        return 1.0 / (1.0 + np.exp(-scores))

    def of_messages(
        self, texts: list[str], vectors: np.ndarray, parts: list[list[str]], part_vectors: list[np.ndarray]
    ) -> np.ndarray:
        """Each message's probability: the highest of the whole message's and its parts' (clauses)."""
        every_text = [view for i, whole in enumerate(texts) for view in (whole, *parts[i])]
        every_vector = np.vstack([np.vstack([vectors[i : i + 1], part_vectors[i]]) for i in range(len(texts))])
        scores = self.probabilities(every_text, every_vector)
        starts = np.cumsum([0] + [1 + len(found) for found in parts[:-1]])
        return np.maximum.reduceat(scores, starts)

    def save(self, path: Path = CLASSIFIER_FILE) -> None:
        # Only the weights that are not zero: hashed features no training text had are.
        used = np.flatnonzero(self.weights)
        about = {
            "model": self.model,
            "bias": self.bias,
            "thresholds": vars(self.thresholds),
            "trained_on": self.trained_on,
        }
        with path.open("wb") as file:
            np.savez_compressed(
                file,
                about=np.array(json.dumps(about)),
                size=np.array(len(self.weights)),
                used=used.astype(np.int64),
                weights=self.weights[used].astype(np.float32),
            )


def model_name(encoder: Encoder) -> str:
    """How a classifier names the model whose embeddings it was trained on."""
    return f"{encoder.identity.name} {encoder.identity.version} {encoder.dimension}"


def load_classifier(encoder: Encoder, path: Path = CLASSIFIER_FILE) -> CrisisClassifier:
    """The shipped classifier; SearchError naming the file if it is unreadable or was trained for
    another model (its weights would mean nothing for this one's embeddings)."""
    try:
        with np.load(path, allow_pickle=False) as data:
            about = json.loads(str(data["about"]))
            weights = np.zeros(int(data["size"]), dtype=np.float32)
            weights[data["used"]] = data["weights"]
        classifier = CrisisClassifier(
            about["model"], weights, float(about["bias"]), Thresholds(**about["thresholds"]), about["trained_on"]
        )
    except (OSError, ValueError, KeyError, TypeError, IndexError) as error:
        raise SearchError(f"{path}: not a crisis classifier ({error}); run `python -m search crisis-train`") from None
    if classifier.model != model_name(encoder) or len(weights) != encoder.dimension + 2 * HASHED_FEATURES:
        raise SearchError(
            f"{path}: trained for the model {classifier.model!r}, not {model_name(encoder)!r}; "
            "run `python -m search crisis-train`"
        )
    return classifier
