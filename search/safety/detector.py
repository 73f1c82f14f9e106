"""The crisis check every question goes through before any search: is this person in danger now?

Two checks, tuned for recall, since a miss costs far more than a false alarm:
1. precise patterns in English and Spanish (patterns.py), for what people in danger commonly
   type, misspelt or in shorthand included. They need no model, so the page shows the crisis
   panel for what they find before the models have even loaded;
2. a learned check (classifier.py), trained on messages from several authors, for wording
   nobody listed ("i just want to disappear and stop eating").
Their findings make four levels:
- `crisis`: help first. A pattern's match, unless the learned check finds it very unlikely (an
  idiom, a story from years ago); or the learned check alone, when it is as sure as a pattern.
- `concern`: not clearly an emergency, not ordinary either (passive death wishes, hopelessness,
  "I can't do this anymore"): the 988 and after-hours lines above the answer. Being wrong here
  costs a line of text, so its threshold is set to catch every crisis of the development sets.
- `topic`: names a crisis topic without a sign of danger now ("what is your suicide screening
  policy"), or a staff member asks what to do about a client: answered, with the 988 line beside it.
- `none`.
It is a safety net, not a clinical assessment: it reads one message, and can be wrong both ways.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from search.models.encoder import Encoder
from search.safety.classifier import CrisisClassifier, Thresholds, clauses, load_classifier
from search.safety.language import detect_language
from search.safety.patterns import asks_about_policy, crisis_category, names_crisis_topic, plain_text
from search.vocab import Audience, RiskLevel, fold_whitespace

# A staff member asking about someone in their care, and words of their own danger, which
# still make it a crisis: "my client said she wants to die" is the protocol, "I want to die" is not.
_ABOUT_A_CLIENT = re.compile(
    r"\b(?:clients?|patients?|pts?|participants?|group members?|members? of (?:the |my )?group|residents?|"
    r"cliente|clientes|paciente|pacientes|participante|participantes)\b"
)
_OWN_DANGER = re.compile(
    r"\b(?:myself|my life|my own life|i (?:want|wanna|am going|m going|plan|need) to die|"
    r"i (?:dont|do not) want to (?:live|be alive|be here)|me quiero morir|quiero morir|matarme|suicidarme|"
    r"quitarme la vida|hacerme dano)\b"
)


@dataclass(frozen=True)
class RiskCheck:
    """What the crisis check found: `level` is crisis, concern, topic or none; `language` en or es.

    For a crisis or concern, `found_by` is "pattern" or "classifier", and `category` the kind of
    risk when a pattern named it.
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
        """Whether the 988 line is shown: for any question touching a crisis topic."""
        return self.level != RiskLevel.NONE


def pattern_check(question: str, audience: Audience | str = Audience.PUBLIC) -> RiskCheck | None:
    """What the patterns alone find, with no model loaded: a crisis; or a topic, for a question
    about what the program does or a staff member's question about a client; None when the
    learned check must judge. The page shows a crisis found here at once."""
    plain = plain_text(question)
    language = detect_language(question)
    if asks_about_policy(plain):
        return RiskCheck(RiskLevel.TOPIC, language)
    if audience == Audience.STAFF and _ABOUT_A_CLIENT.search(plain) and not _OWN_DANGER.search(plain):
        return RiskCheck(RiskLevel.TOPIC, language)
    category = crisis_category(plain)
    if category is not None:
        return RiskCheck(RiskLevel.CRISIS, language, category, "pattern")
    return None


def judged(question: str, found: RiskCheck | None, probability: float, thresholds: Thresholds) -> RiskCheck:
    """The level the patterns' finding (a crisis, or None) and the learned check's probability make."""
    if found is not None:
        if probability >= thresholds.pattern_veto:
            return found
        return RiskCheck(RiskLevel.CONCERN, found.language, found.category, "pattern")
    language = detect_language(question)
    if probability >= thresholds.crisis:
        return RiskCheck(RiskLevel.CRISIS, language, None, "classifier")
    if probability >= thresholds.concern:
        return RiskCheck(RiskLevel.CONCERN, language, None, "classifier")
    if names_crisis_topic(plain_text(question)):
        return RiskCheck(RiskLevel.TOPIC, language)
    return RiskCheck(RiskLevel.NONE, language)


class CrisisDetector:
    """Checks questions for signs of risk with the patterns and the shipped learned check.

    `classifier` defaults to the one trained for `embedder`'s model; SearchError if there is none.
    """

    def __init__(self, embedder: Encoder, classifier: CrisisClassifier | None = None) -> None:
        # The model itself, not a build's cached wrapper: a check made during a build (its gate)
        # may be used after the build has closed its cache.
        embedder = getattr(embedder, "wrapped", embedder)
        self.embedder = embedder
        self.classifier = classifier if classifier is not None else load_classifier(embedder)

    def check(
        self, question: str, vector: np.ndarray | None = None, audience: Audience | str = Audience.PUBLIC
    ) -> RiskCheck:
        """Check one question. `vector` is its embedding by the search model, if already made."""
        found = pattern_check(question, audience)
        if found is not None and found.level == RiskLevel.TOPIC:
            return found
        if vector is None:
            vector = self.embedder.encode([fold_whitespace(question)])[0]
        parts = clauses(question)
        part_vectors = self.embedder.encode(parts) if parts else np.zeros((0, len(vector)), dtype=np.float32)
        probability = float(self.classifier.of_messages([question], vector[np.newaxis, :], [parts], [part_vectors])[0])
        return judged(question, found, probability, self.classifier.thresholds)
