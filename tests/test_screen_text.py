"""A screen as the command line prints it (search/cli/screen_text.py): in the screen's language, with
every block the page shows."""

from __future__ import annotations

from search.cli.screen_text import screen_text
from search.ingest.clinic import ClinicInfo
from search.present.outcome import screen_for
from search.retrieval.answer import Answer, Result
from search.safety.detector import RiskCheck
from search.vocab import Audience, Outcome, RiskLevel

CLINIC = ClinicInfo(name="Test IOP", intake_phone="(555) 555-0100", after_hours_line="(555) 555-0199")
SPANISH_RESULT = Result(
    "costo", "es/faq.txt", "¿Cuánto cuesta?", "Depende de su seguro.", 0.9, Audience.PUBLIC, (), "es"
)
ENGLISH_RESULT = Result("fees.md#billing", "fees.md", "Fees › Billing", "Call billing.", 0.8, Audience.PUBLIC)


def answer(language: str, level: RiskLevel = RiskLevel.NONE, results=(SPANISH_RESULT, ENGLISH_RESULT)) -> Answer:
    risk = RiskCheck(level, language, None)
    return Answer("q", Outcome.ANSWER, results, risk, Outcome.ANSWER, language=language)


def test_a_spanish_screen_prints_in_spanish_with_the_note_by_the_english_result() -> None:
    printed = screen_text(screen_for(answer("es"), CLINIC))
    assert printed.startswith("Esta es la mejor respuesta según la información del programa.\n1. ¿Cuánto cuesta?")
    assert "(puntuación 0.90)" in printed and "Fuente: Información del programa" in printed
    assert "2. Fees › Billing  (puntuación 0.80)\n   (Esta información solo está disponible en inglés." in printed
    assert "Fuente: Información del programa › Fees › Billing" in printed
    assert "Source" not in printed and "score" not in printed


def test_a_question_of_concern_prints_the_crisis_lines_first() -> None:
    printed = screen_text(screen_for(answer("en", RiskLevel.CONCERN, (ENGLISH_RESULT,)), CLINIC))
    assert printed.startswith("If you are struggling or thinking about suicide, call or text 988 any time")
    assert "Test IOP's after-hours line: (555) 555-0199." in printed
