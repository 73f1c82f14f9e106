"""The crisis check, with the real search model: no crisis phrasing missed, few false alarms,
and the panel in the language of the question."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from search.errors import SearchError
from search.evaluation.crisis import evaluate_crisis, load_labelled
from search.safety.detector import example_vectors
from search.safety.language import detect_language
from search.safety.patterns import plain_text
from tests.fakes import FakeEmbedder

CRISIS_SET = Path(__file__).parent / "eval" / "crisis.jsonl"
# Each written by another author to measure the check on phrasings it was not built from; each was
# measured once, then the general gaps its misses showed were closed. Recall on them is held to
# 100% too; their false alarms are reported, not tested (see the issue notes).
MORE_CRISIS_SETS = [
    Path(__file__).parent / "eval" / f"crisis_{author}_author.jsonl" for author in ("second", "third", "fourth")
]
# The issue's target: at most this share of ordinary questions may get the crisis panel, per language.
MAX_FALSE_ALARMS = 0.03


@pytest.fixture(scope="module")
def figures(detector):
    return {figure.language: figure for figure in evaluate_crisis(detector, load_labelled(CRISIS_SET))}


def test_the_set_is_as_large_as_the_issue_asks() -> None:
    questions = load_labelled(CRISIS_SET)
    crisis = [q for q in questions if q.crisis]
    assert len(crisis) >= 200 and sum(q.language == "es" for q in crisis) >= 50
    assert sum(not q.crisis for q in questions) >= 200
    assert sum(q.category == "look_alike" for q in questions) >= 100


@pytest.mark.quality
@pytest.mark.parametrize("language", ["en", "es"])
def test_no_crisis_phrasing_is_missed(figures, language: str) -> None:
    missed = [f"{q.id}: {q.text}" for q in figures[language].missed]
    assert not missed, "crisis phrasings missed:\n" + "\n".join(missed)


@pytest.mark.quality
@pytest.mark.parametrize("path", MORE_CRISIS_SETS, ids=lambda path: path.stem)
def test_no_crisis_phrasing_of_other_authors_is_missed(detector, path: Path) -> None:
    crisis = [q for q in load_labelled(path) if q.crisis]
    missed = [f"{q.id}: {q.text}" for q in crisis if not detector.check(q.text).is_crisis]
    assert not missed, "crisis phrasings missed:\n" + "\n".join(missed)


@pytest.mark.quality
@pytest.mark.parametrize("language", ["en", "es"])
def test_ordinary_questions_rarely_get_the_crisis_panel(figures, language: str) -> None:
    figure = figures[language]
    flagged = "\n".join(f"{q.id}: {q.text}" for q in figure.false_alarms)
    assert figure.false_alarm_rate <= MAX_FALSE_ALARMS, f"{figure.false_alarm_rate:.1%} flagged:\n{flagged}"


@pytest.mark.parametrize(
    "question",
    [
        "this wait is killing me",
        "I killed it at my interview",
        "my phone died, can you call me back",
        "me muero de ganas de empezar",
        "how many groups a week",
    ],
)
def test_everyday_idioms_get_no_crisis_help_at_all(detector, question: str) -> None:
    assert detector.check(question).level == "none"


@pytest.mark.parametrize(
    "question",
    [
        "what is your suicide screening policy",
        "do you treat people with past self-harm",
        "what happens if someone in group says they're suicidal",
        "¿qué pasa si un paciente habla de suicidio en el grupo?",
    ],
)
def test_questions_about_crisis_topics_are_answered_with_the_988_line(detector, question: str) -> None:
    check = detector.check(question)
    assert check.level == "topic" and check.shows_help_line


def test_spanish_crisis_phrasings_get_the_spanish_panel(detector) -> None:
    spanish = [q for q in load_labelled(CRISIS_SET) if q.crisis and q.language == "es"]
    english_panel = [q.text for q in spanish if detector.check(q.text).language != "es"]
    # Spanglish may read as English; then the English panel still says "press 2 or text AYUDA".
    assert len(english_panel) <= len(spanish) * 0.1, english_panel


def test_text_is_made_plain_before_patterns_are_matched() -> None:
    assert plain_text("I wAnt to k1ll mys3lf!!! ¿Qué daño?") == "i want to kill myself que dano"
    assert plain_text("call 988 or 911") == "call 988 or 911"


@pytest.mark.parametrize(
    ("text", "language"),
    [("me quiero morir", "es"), ("¿aceptan Medicaid?", "es"), ("I want to die", "en"), ("no", "en")],
)
def test_language_of_a_question(text: str, language: str) -> None:
    assert detect_language(text) == language


def test_a_malformed_line_of_a_crisis_set_is_named(tmp_path: Path) -> None:
    path = tmp_path / "set.jsonl"
    path.write_text(
        '{"id": "a", "text": "hi", "language": "en", "crisis": false, "category": "program"}\n'
        '{"id": "b", "text": "hola", "language": "fr", "crisis": false, "category": "program"}\n',
        encoding="utf-8",
    )
    with pytest.raises(SearchError, match=r"set.jsonl, line 2: needs text, and a language of en or es"):
        load_labelled(path)


def test_example_vectors_are_kept_on_disk_per_model_and_set(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("IOP_SEARCH_MODEL_CACHE", str(tmp_path))
    texts = ["I want to die", "what is your crisis policy"]
    first = FakeEmbedder()
    vectors = example_vectors(first, texts)
    assert first.encoded == texts
    # The next process reads them instead of embedding them again (seconds for the real set).
    second = FakeEmbedder()
    assert np.array_equal(example_vectors(second, texts), vectors) and second.encoded == []
    # An edited set is embedded afresh; a damaged file only costs the time again.
    assert example_vectors(second, [*texts, "no one would miss me"]).shape == (3, second.dimension)
    for path in tmp_path.glob("crisis-examples-*.npy"):
        path.write_bytes(b"not an array")
    third = FakeEmbedder()
    assert np.array_equal(example_vectors(third, texts), vectors) and third.encoded == texts
