"""How well the crisis check does on labelled messages, per language:
- recall: crisis messages given help at all (crisis or concern), and given the crisis panel;
- false alarms: ordinary messages shown the crisis panel; and how many got the concern lines;
and the same figures leave-one-author-out: each author's messages checked by a check trained
without them, the honest measure of wording the check was not built from.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from search.errors import SearchError
from search.models.encoder import Encoder
from search.safety.detector import CrisisDetector, RiskCheck
from search.safety.language import LANGUAGES
from search.safety.training import Development, Message, embed_messages, read_messages, train
from search.vocab import RiskLevel


@dataclass(frozen=True)
class CrisisFigures:
    """One language's figures on one set of messages."""

    language: str
    crisis_messages: int
    missed: tuple[Message, ...]  # crisis messages given neither the panel nor the concern lines
    concern_only: tuple[Message, ...]  # crisis messages given the concern lines, not the panel
    ordinary_messages: int
    false_alarms: tuple[Message, ...]  # ordinary messages shown the crisis panel
    ordinary_concern: int  # ordinary messages given the concern lines

    @property
    def recall(self) -> float:
        """Crisis messages given crisis help or the concern lines."""
        return 1 - len(self.missed) / self.crisis_messages if self.crisis_messages else 1.0

    @property
    def panel_recall(self) -> float:
        """Crisis messages given the crisis panel itself."""
        given = self.crisis_messages - len(self.missed) - len(self.concern_only)
        return given / self.crisis_messages if self.crisis_messages else 1.0

    @property
    def false_alarm_rate(self) -> float:
        return len(self.false_alarms) / self.ordinary_messages if self.ordinary_messages else 0.0

    @property
    def concern_rate(self) -> float:
        return self.ordinary_concern / self.ordinary_messages if self.ordinary_messages else 0.0


def load_labelled(path: Path) -> list[Message]:
    """The messages of a labelled set; SearchError naming the line of a malformed one."""
    try:
        return read_messages(path)
    except (OSError, ValueError) as error:
        raise SearchError(str(error)) from None


def figures_of(checked: list[tuple[Message, RiskCheck]]) -> list[CrisisFigures]:
    """Figures per language from each message's check."""
    figures = []
    for language in LANGUAGES:
        mine = [(m, check.level) for m, check in checked if m.language == language]
        if not mine:
            continue
        helped = (RiskLevel.CRISIS, RiskLevel.CONCERN)
        figures.append(
            CrisisFigures(
                language=language,
                crisis_messages=sum(m.crisis for m, _ in mine),
                missed=tuple(m for m, level in mine if m.crisis and level not in helped),
                concern_only=tuple(m for m, level in mine if m.crisis and level == RiskLevel.CONCERN),
                ordinary_messages=sum(not m.crisis for m, _ in mine),
                false_alarms=tuple(m for m, level in mine if not m.crisis and level == RiskLevel.CRISIS),
                ordinary_concern=sum(not m.crisis and level == RiskLevel.CONCERN for m, level in mine),
            )
        )
    return figures


def evaluate_crisis(
    detector: CrisisDetector, messages: list[Message], vectors: np.ndarray | None = None
) -> list[CrisisFigures]:
    """Each message checked exactly as a search checks a public question; `vectors` are their
    embeddings by the search model, if already made (in one batch)."""
    if vectors is None:
        vectors = embed_messages(detector.embedder, messages)
    return figures_of([(m, detector.check(m.text, vectors[i])) for i, m in enumerate(messages)])


def leave_one_author_out(
    development: Development, encoder: Encoder, say: Callable[[str], None] = lambda _: None
) -> dict[str, list[CrisisFigures]]:
    """Each author's figures from a check trained, thresholds and all, on the other authors only."""
    figures = {}
    for author in development.writers:
        say(f"Leaving out the {author}…")
        detector = CrisisDetector(encoder, train(development.without(author)))
        theirs = development.only(author)
        figures[author] = evaluate_crisis(detector, theirs.messages, theirs.vectors)
    return figures


def overall(figures: list[CrisisFigures]) -> str:
    """One line for a set: recall, false alarms and concern, all languages together."""
    crisis = sum(f.crisis_messages for f in figures)
    ordinary = sum(f.ordinary_messages for f in figures)
    missed = sum(len(f.missed) for f in figures)
    panel = crisis - missed - sum(len(f.concern_only) for f in figures)
    alarms = sum(len(f.false_alarms) for f in figures)
    concern = sum(f.ordinary_concern for f in figures)
    return (
        f"crisis-or-concern recall {_share(crisis - missed, crisis)}, crisis panel {_share(panel, crisis)}; "
        f"false alarms {_share(alarms, ordinary)} of ordinary messages, concern lines on {_share(concern, ordinary)}"
    )


def _share(part: int, whole: int) -> str:
    return f"{part / whole if whole else 1.0:.1%} ({part} of {whole})"


def format_crisis_figures(figures: list[CrisisFigures], title: str) -> str:
    lines = [f"{title}: {overall(figures)}"]
    for figure in figures:
        lines.append(
            f"  {figure.language}: recall {figure.recall:.1%} (panel {figure.panel_recall:.1%}) of "
            f"{figure.crisis_messages} crisis messages; false alarms {figure.false_alarm_rate:.1%}, "
            f"concern lines {figure.concern_rate:.1%} of {figure.ordinary_messages} ordinary messages"
        )
    for figure in figures:
        lines += [f"  MISSED {m.id} ({m.category}): {m.text!r}" for m in figure.missed]
        lines += [f"  false alarm {m.id} ({m.category}): {m.text!r}" for m in figure.false_alarms]
    return "\n".join(lines)
