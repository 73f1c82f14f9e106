"""The publish gate: a new index replaces the published one only if it answers the program's
evaluation questions, and the crisis check still catches its labelled sets, at least as well
as the floor recorded in tests/eval/floor.json.

The floor names the corpus it was recorded for; a build of any other corpus (a test's, a
benchmark's) has no gate. The questions' vectors come from the embedding cache after the
first build, so the gate costs a few seconds, not a fresh embedding of every question.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from search.config import Settings
from search.errors import SearchError
from search.evaluation.crisis import evaluate_crisis, load_labelled
from search.evaluation.metrics import Asked, ask_all, load_questions, report
from search.index.loaded import LoadedIndex
from search.models.encoder import Encoder
from search.retrieval.searcher import Searcher, model_text
from search.safety.detector import CrisisDetector
from search.safety.training import embed_messages
from search.text import count

# A failure lists this many broken questions; the rest are counted.
MAX_LISTED = 15


@dataclass(frozen=True)
class Floor:
    """The lowest P@1 allowed on each question file and the lowest crisis recall on each labelled
    set, for one corpus. Paths in the file are relative to the file's own folder."""

    path: Path
    corpus: Path
    retrieval: dict[Path, float]
    crisis: dict[Path, float]

    def applies_to(self, corpus: Path) -> bool:
        return corpus.resolve() == self.corpus.resolve()


def read_floor(path: Path) -> Floor:
    """The recorded floor; raises SearchError naming the file and what is wrong with it."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        base = path.parent
        return Floor(
            path,
            base / data["corpus"],
            {base / name: float(value) for name, value in data["retrieval"].items()},
            {base / name: float(value) for name, value in data["crisis"].items()},
        )
    except FileNotFoundError:
        raise SearchError(f"{path}: the publish gate's floor file is missing") from None
    except json.JSONDecodeError as error:
        raise SearchError(f"{path}, line {error.lineno}: not valid JSON ({error.msg})") from None
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise SearchError(
            f'{path}: needs "corpus", and "retrieval" and "crisis" objects of file names and numbers ({error})'
        ) from None


@dataclass(frozen=True)
class PublishGate:
    """The floor a build must reach, and the search settings its questions are asked with."""

    floor: Floor
    settings: Settings


def gate_for(settings: Settings) -> PublishGate | None:
    """The gate for settings.corpus: None when the recorded floor is for another corpus."""
    floor = read_floor(settings.gate_floor)
    return PublishGate(floor, settings) if floor.applies_to(settings.corpus) else None


@dataclass(frozen=True)
class GateCheck:
    """One set measured against its floor; `broken` names the questions that failed."""

    name: str
    measure: str
    value: float
    floor: float
    broken: tuple[str, ...]

    @property
    def passed(self) -> bool:
        return self.value >= self.floor


@dataclass(frozen=True)
class GateResult:
    floor_file: Path
    checks: tuple[GateCheck, ...]

    @property
    def passed(self) -> bool:
        return all(check.passed for check in self.checks)

    def as_text(self, verbose: bool = False) -> str:
        """One line when the gate passed; each set's figure, and what broke in the sets below their
        floor, when it failed. `verbose`: each set, and every question that broke, either way."""
        if self.passed and not verbose:
            sets = count(len(self.checks), "set")
            return f"Publish gate passed: every set at or above its floor ({sets}, {self.floor_file})."
        verdict = "passed" if self.passed else "FAILED: the new index falls below the recorded floor"
        lines = [f"Publish gate {verdict} ({self.floor_file}):"]
        for check in self.checks:
            lines.append(
                f"  {check.name}: {check.measure} {check.value:.3f}, floor {check.floor:.3f}"
                f" {'ok' if check.passed else '- BELOW THE FLOOR'}"
            )
            # A set at its floor may still have lost a question or two; those are for --verbose.
            if verbose or not check.passed:
                lines += [f"    broke: {question}" for question in check.broken[:MAX_LISTED]]
                if len(check.broken) > MAX_LISTED:
                    lines.append(f"    ...and {len(check.broken) - MAX_LISTED} more")
        return "\n".join(lines)


def _describe(asked: Asked) -> str:
    first = asked.answer.results[0].id if asked.answer.results else "nothing"
    expected = ", ".join(sorted(asked.question.relevant_ids))
    return f"{asked.question.qid} {asked.question.query!r}: first result now {first}, expected {expected}"


def _retrieval_check(path: Path, floor: float, staged: Searcher, published: Searcher | None) -> GateCheck:
    questions = load_questions(path)
    texts = [model_text(question.query) for question in questions]
    staged.encoder.encode(texts)  # one batch, so each question below is a cache hit
    if staged.rescorer is not None and staged.settings.rescore:
        staged.rescorer.encode(texts)
    now = ask_all(staged, questions)
    right_before = {a.question.qid for a in ask_all(published, questions) if a.first_right} if published else None
    # With a published index, a question broke if it was right there and is wrong now;
    # without one, every wrong answer is listed.
    broken = tuple(
        _describe(a)
        for a in now
        if a.question.answerable and not a.first_right and (right_before is None or a.question.qid in right_before)
    )
    return GateCheck(path.name, "P@1", report(now).p_at_1, floor, broken)


def _crisis_check(path: Path, floor: float, detector: CrisisDetector, encoder: Encoder) -> GateCheck:
    messages = load_labelled(path)
    figures = evaluate_crisis(detector, messages, embed_messages(encoder, messages))
    crisis = sum(figure.crisis_messages for figure in figures)
    missed = [message for figure in figures for message in figure.missed]
    recall = 1 - len(missed) / crisis if crisis else 1.0
    return GateCheck(
        path.name,
        "crisis-or-concern recall",
        recall,
        floor,
        tuple(f"{m.id} {m.text!r}: neither crisis nor concern" for m in missed),
    )


def run_gate(
    gate: PublishGate,
    staged: LoadedIndex,
    published: LoadedIndex | None,
    encoder: Encoder,
    rescorer: Encoder | None,
    on_set: Callable[[str, int, int], None] | None = None,
) -> GateResult:
    """Every set of the floor measured on the staged index (and, to name what broke, the published one).

    `on_set(name, sets done, sets)` is called before each set: the gate takes minutes on a
    first build, and whoever waits is shown which set it is on."""
    floor = gate.floor
    searcher = Searcher(staged, encoder, gate.settings, rescorer)
    before = Searcher(published, encoder, gate.settings, rescorer, searcher.detector) if published else None
    measures = [
        *(
            (path, partial(_retrieval_check, path, minimum, searcher, before))
            for path, minimum in floor.retrieval.items()
        ),
        *(
            (path, partial(_crisis_check, path, minimum, searcher.detector, encoder))
            for path, minimum in floor.crisis.items()
        ),
    ]
    checks = []
    for done, (path, measure) in enumerate(measures):
        if on_set is not None:
            on_set(path.name, done, len(measures))
        checks.append(measure())
    return GateResult(floor.path, tuple(checks))
