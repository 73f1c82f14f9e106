"""The crisis check, with the real search model: what a person in danger types gets help, ordinary
questions and idioms do not get the crisis panel, staff asking about a client get the protocol."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from search.errors import SearchError
from search.evaluation.crisis import evaluate_crisis, load_labelled
from search.index.loaded import load_index
from search.models.cache import CachedEmbedder, EmbeddingCache
from search.safety.classifier import CLASSIFIER_FILE, clauses, load_classifier
from search.safety.detector import pattern_check
from search.safety.language import detect_language
from search.safety.patterns import plain_text
from search.safety.training import DEVELOPMENT_SETS, HELD_OUT_SET, development_digest, embed_messages
from search.vocab import Audience, RiskLevel
from tests.conftest import PROJECT_ROOT
from tests.fakes import FakeEmbedder

CRISIS_SET = Path(__file__).parent / "eval" / "crisis.jsonl"
LABELLED_SETS = [path for paths in DEVELOPMENT_SETS.values() for path in paths] + [HELD_OUT_SET]
# The issue's target: at most this share of ordinary messages may get the crisis panel, on every set.
MAX_FALSE_ALARMS = 0.02
HELPED = (RiskLevel.CRISIS, RiskLevel.CONCERN)


def test_the_sets_are_as_large_as_the_issue_asks() -> None:
    messages = load_labelled(CRISIS_SET)
    crisis = [m for m in messages if m.crisis]
    assert len(crisis) >= 200 and sum(m.language == "es" for m in crisis) >= 50
    assert sum(m.category == "look_alike" for m in messages) >= 100
    held_out = load_labelled(HELD_OUT_SET)
    assert sum(m.crisis for m in held_out) >= 150 and sum(not m.crisis for m in held_out) >= 150


def test_the_shipped_check_was_trained_on_the_current_development_sets(embedder) -> None:
    # A development set edited without `python -m search crisis-train` would leave the check stale.
    assert load_classifier(embedder).trained_on == development_digest()


@pytest.mark.quality
@pytest.mark.parametrize("path", LABELLED_SETS, ids=lambda path: path.stem)
def test_every_crisis_message_gets_help_and_few_ordinary_ones_the_panel(
    detector, embedder, embedding_cache: Path, path: Path
) -> None:
    messages = load_labelled(path)
    with EmbeddingCache(embedding_cache) as cache:  # embedded once across test runs
        vectors = embed_messages(CachedEmbedder(embedder, cache), messages)
    figures = evaluate_crisis(detector, messages, vectors)
    missed = [f"{m.id}: {m.text}" for figure in figures for m in figure.missed]
    alarms = sum(len(figure.false_alarms) for figure in figures)
    ordinary = sum(figure.ordinary_messages for figure in figures)
    if path != HELD_OUT_SET:  # trained on: every message must get help
        assert not missed, "crisis messages given no help:\n" + "\n".join(missed)
    assert alarms <= MAX_FALSE_ALARMS * ordinary, f"{alarms} of {ordinary} ordinary messages got the crisis panel"


@pytest.mark.parametrize(
    "question",
    [
        # The four kinds a fresh author's messages showed the patterns miss (the issue), in new words.
        "i just want to disappear. havent eaten since sunday and i dont care",
        "nothing is ever going to get better, i just want out",
        "my husband has been saving up his pills in a jar and told me he knows which night",
        "they humiliated me at work and im going to make every one of them pay",
        # A question first, danger told in passing.
        "do you take aetna? also honestly i wont be around by the time intake happens",
    ],
)
def test_unlisted_phrasings_of_danger_get_help_before_the_answer(detector, question: str) -> None:
    assert detector.check(question).level in HELPED


@pytest.mark.parametrize(
    "question",
    [
        "this wait is killing me",
        "I'm dying to know when the evening group starts",
        "my phone died, can you call me back",
        "me muero de ganas de empezar",
        "what happens if I miss a group session",
        "my mom passed away last spring, is there a grief group",
        "how can I support my son while he is in the program",
        "cuánto cuesta el programa",
    ],
)
def test_idioms_and_ordinary_questions_do_not_get_the_crisis_panel(detector, question: str) -> None:
    assert detector.check(question).level != RiskLevel.CRISIS


@pytest.mark.parametrize(
    "question",
    [
        "what is your suicide screening policy",
        "what happens if someone in group says they're suicidal",
        "¿qué pasa si un paciente habla de suicidio en el grupo?",
    ],
)
def test_questions_about_crisis_topics_are_answered_with_the_988_line(detector, question: str) -> None:
    check = detector.check(question)
    assert check.level == RiskLevel.TOPIC and check.shows_help_line


def test_staff_asking_about_a_client_get_the_protocol_and_their_own_danger_the_panel(detector) -> None:
    about_a_client = "a client disclosed suicidal thoughts in group today, what do I do"
    assert detector.check(about_a_client, audience=Audience.STAFF).level == RiskLevel.TOPIC
    assert detector.check(about_a_client, audience=Audience.PUBLIC).level != RiskLevel.TOPIC
    own = "I can't handle my clients anymore, I want to kill myself"
    assert detector.check(own, audience=Audience.STAFF).level == RiskLevel.CRISIS


def test_staff_get_the_suicide_risk_protocol_first_with_the_988_line(searcher_for, program_index) -> None:
    answer = searcher_for(load_index(program_index)).ask(
        "what do I do when a client discloses suicidal thoughts in group", Audience.STAFF
    )
    assert answer.risk.level == RiskLevel.TOPIC and answer.risk.shows_help_line
    # Group facilitation's "Responding to disclosures in group", or the suicide risk protocol itself.
    best = answer.results[0]
    assert best.audience == Audience.STAFF and "suicidal thoughts" in best.text
    assert any(result.doc == "staff/suicide-risk-protocol.md" for result in answer.results[:3])


def test_the_pattern_check_needs_no_model() -> None:
    code = (
        "import sys; from search.safety.detector import pattern_check; "
        "check = pattern_check('I want to kill myself'); "
        "print(check.level, 'search.models.embed' in sys.modules, 'torch' in sys.modules)"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=PROJECT_ROOT, check=True)
    assert run.stdout.split() == ["crisis", "False", "False"]
    assert pattern_check("how much does the program cost") is None


def test_a_long_message_is_judged_clause_by_clause() -> None:
    assert clauses("do you take insurance? also i have a plan for friday") == [
        "do you take insurance",
        "i have a plan for friday",
    ]
    assert clauses("I want to kill myself") == []


def test_a_check_trained_for_another_model_is_refused() -> None:
    with pytest.raises(SearchError, match=r"crisis_classifier.npz: trained for the model .* crisis-train"):
        load_classifier(FakeEmbedder(dimension=384), CLASSIFIER_FILE)


def test_spanish_crisis_phrasings_get_the_spanish_panel(detector) -> None:
    spanish = [m for m in load_labelled(CRISIS_SET) if m.crisis and m.language == "es"]
    english_panel = [m.text for m in spanish if detector.check(m.text).language != "es"]
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
        json.dumps({"id": "a", "text": "hi", "language": "en", "crisis": False, "category": "program"})
        + "\n"
        + json.dumps({"id": "b", "text": "hola", "language": "fr", "crisis": False, "category": "program"})
        + "\n",
        encoding="utf-8",
    )
    with pytest.raises(SearchError, match=r"set.jsonl, line 2: needs text, and a language of en or es"):
        load_labelled(path)


def test_probabilities_are_between_nothing_and_certain(detector) -> None:
    vectors = detector.embedder.encode(["hello", "I want to die"])
    probabilities = detector.classifier.probabilities(["hello", "I want to die"], vectors)
    assert np.all((probabilities >= 0) & (probabilities <= 1)) and probabilities[1] > probabilities[0]
