"""What each outcome shows (search/present/outcome.py): the one place the rule is written, so the
command line and the page cannot drift apart on what someone in crisis sees first."""

from __future__ import annotations

import dataclasses

import pytest

from search.ingest.clinic import ClinicInfo
from search.present.outcome import (
    SUGGESTIONS,
    ConcernHelp,
    CrisisHelp,
    Headline,
    Line,
    Note,
    Role,
    Shown,
    Tone,
    screen_for,
)
from search.present.texts import texts_for
from search.retrieval.answer import Answer, Result
from search.safety.detector import RiskCheck
from search.safety.messages import concern_lines, crisis_panel, help_line
from search.vocab import Audience, Outcome, RiskLevel

CLINIC = ClinicInfo(name="Test IOP", intake_phone="(555) 555-0100", hours="weekdays 9 to 5")
ENGLISH = texts_for("en")
RESULTS = tuple(
    Result(f"entry-{n}", "faq.txt", f"Question {n}?", f"Answer {n}.", 0.9 - n / 10, Audience.PUBLIC) for n in range(5)
)


def answer(outcome: Outcome, level: RiskLevel = RiskLevel.NONE, found: Outcome | None = None, **changes) -> Answer:
    risk = RiskCheck(level, "en", "suicide" if level == RiskLevel.CRISIS else None)
    results = changes.pop("results", RESULTS)
    return Answer("a question", outcome, results, risk, found or outcome, **changes)


def kinds(screen) -> list[str]:
    return [type(block).__name__ for block in screen.blocks]


def test_crisis_help_comes_first_then_a_few_answers_without_feedback() -> None:
    screen = screen_for(answer(Outcome.CRISIS, RiskLevel.CRISIS, found=Outcome.ANSWER), CLINIC)
    assert isinstance(screen.blocks[0], CrisisHelp)
    assert screen.blocks[1] == Line(ENGLISH.also_helpful)
    assert screen.shown == RESULTS[:SUGGESTIONS]
    assert not any(block.ask_feedback for block in screen.blocks if isinstance(block, Shown))


def test_crisis_help_alone_when_retrieval_found_nothing() -> None:
    screen = screen_for(answer(Outcome.CRISIS, RiskLevel.CRISIS, found=Outcome.NO_ANSWER), CLINIC)
    assert kinds(screen) == ["CrisisHelp"] and screen.shown == ()


def test_a_crisis_help_panel_follows_only_the_note_that_the_question_was_cut() -> None:
    screen = screen_for(answer(Outcome.CRISIS, RiskLevel.CRISIS, shortened=True), CLINIC)
    assert kinds(screen)[:2] == ["Note", "CrisisHelp"]


@pytest.mark.parametrize("outcome", [Outcome.ANSWER, Outcome.LIKELY, Outcome.UNCERTAIN, Outcome.NO_ANSWER])
def test_a_question_of_concern_gets_the_crisis_lines_first_then_its_answer(outcome: Outcome) -> None:
    clinic = ClinicInfo(name="Test IOP", intake_phone="(555) 555-0100", after_hours_line="(555) 555-0199")
    screen = screen_for(answer(outcome, RiskLevel.CONCERN), clinic)
    help_first = screen.blocks[0]
    assert isinstance(help_first, ConcernHelp)
    assert "988" in help_first.lines[0] and "(555) 555-0199" in help_first.lines[1]
    assert screen.outcome == outcome and screen.shown == screen_for(answer(outcome), clinic).shown
    # The 988 line is said once, at the top.
    assert not any(isinstance(block, Line) and "988" in block.text for block in screen.blocks)


def test_an_answer_shows_the_best_result_then_related_ones_with_feedback() -> None:
    screen = screen_for(answer(Outcome.ANSWER), CLINIC)
    assert screen.blocks[0] == Headline("Here is the best answer from the program's information.", Tone.SUCCESS)
    assert screen.blocks[1] == Shown(RESULTS[0], Role.ANSWER)
    assert [block.role for block in screen.blocks if isinstance(block, Shown)] == [
        Role.ANSWER,
        Role.RELATED,
        Role.RELATED,
    ]
    assert all(block.ask_feedback for block in screen.blocks if isinstance(block, Shown))
    assert not any("988" in block.text for block in screen.blocks if isinstance(block, Line))


def test_an_answer_about_a_crisis_topic_has_the_988_line_right_below_it() -> None:
    screen = screen_for(answer(Outcome.ANSWER, RiskLevel.TOPIC), CLINIC)
    assert isinstance(screen.blocks[2], Line) and "988" in screen.blocks[2].text


def test_the_command_line_lists_as_many_answers_as_asked() -> None:
    assert len(screen_for(answer(Outcome.ANSWER), CLINIC, answers_listed=5).shown) == 5


@pytest.mark.parametrize("outcome", [Outcome.UNCERTAIN, Outcome.NO_ANSWER])
def test_uncertain_and_no_answer_screens_end_with_the_contact_and_the_988_line(outcome: Outcome) -> None:
    screen = screen_for(answer(outcome), CLINIC)
    *_, contact, help_line = screen.blocks
    assert "(555) 555-0100" in contact.text and "988" in help_line.text
    assert len(screen.shown) == (SUGGESTIONS if outcome == Outcome.UNCERTAIN else 0)


def test_the_note_that_a_question_was_cut_comes_first() -> None:
    assert isinstance(screen_for(answer(Outcome.ANSWER, shortened=True), CLINIC).blocks[0], Note)


def test_a_likely_answer_is_shown_open_with_other_answers_and_whom_to_ask() -> None:
    screen = screen_for(answer(Outcome.LIKELY), CLINIC)
    assert screen.blocks[0] == Headline(ENGLISH.likely, Tone.INFO)
    assert screen.blocks[1] == Shown(RESULTS[0], Role.ANSWER)  # open, not one of several folded choices
    assert screen.blocks[2] == Line(ENGLISH.others)
    assert [block.role for block in screen.blocks if isinstance(block, Shown)] == [
        Role.ANSWER,
        Role.RELATED,
        Role.RELATED,
    ]
    assert "(555) 555-0100" in screen.blocks[-1].text


def _staff_results(*audiences: Audience) -> tuple[Result, ...]:
    return tuple(
        Result(f"r{n}", "doc.md", f"Title {n}", "Text.", 0.9 - n / 10, audience) for n, audience in enumerate(audiences)
    )


def test_staff_see_which_result_is_policy_and_which_is_what_clients_are_told() -> None:
    results = _staff_results(Audience.STAFF, Audience.PUBLIC, Audience.STAFF)
    screen = screen_for(answer(Outcome.ANSWER, results=results, audience=Audience.STAFF), CLINIC)
    assert [block.label for block in screen.blocks if isinstance(block, Shown)] == [
        "Staff policy",
        "What clients are told",
        "Staff policy",
    ]
    # The public never sees these labels: everything they are shown is for clients.
    assert all(
        block.label is None for block in screen_for(answer(Outcome.ANSWER), CLINIC).blocks if isinstance(block, Shown)
    )


@pytest.mark.parametrize("outcome", [Outcome.ANSWER, Outcome.LIKELY, Outcome.UNCERTAIN])
def test_staff_get_both_the_policy_and_the_client_text_when_both_were_found(outcome: Outcome) -> None:
    results = _staff_results(Audience.STAFF, Audience.STAFF, Audience.STAFF, Audience.STAFF, Audience.PUBLIC)
    screen = screen_for(answer(outcome, results=results, audience=Audience.STAFF), CLINIC)
    assert [result.id for result in screen.shown] == ["r0", "r1", "r4"]  # the client text takes the last place


def test_corrected_typos_are_said_above_the_answer() -> None:
    screen = screen_for(answer(Outcome.ANSWER, corrections=(("insurence", "insurance"),)), CLINIC)
    assert screen.blocks[0] == Note("Searched for “insurance” (you typed “insurence”).")


SPANISH = texts_for("es")
SPANISH_RESULTS = tuple(
    Result(
        f"entry-{n}", "es/faq.txt", f"¿Pregunta {n}?", f"Respuesta {n}.", 0.9 - n / 10, Audience.PUBLIC, language="es"
    )
    for n in range(5)
)


def spanish(outcome: Outcome, level: RiskLevel = RiskLevel.NONE, **changes) -> Answer:
    """A question searched in Spanish; the crisis check may have read it as English."""
    changes.setdefault("results", SPANISH_RESULTS)
    changes.setdefault("language", "es")
    return answer(outcome, level, **changes)


def screen_strings(screen) -> list[str]:
    """Every string the screen shows that the program wrote (not the content's own words)."""
    strings = []
    for block in screen.blocks:
        if isinstance(block, Note | Headline | Line):
            strings.append(block.text)
        elif isinstance(block, ConcernHelp):
            strings += block.lines
        elif isinstance(block, CrisisHelp):
            strings += [block.panel.heading, *block.panel.steps, block.panel.closing]
        elif isinstance(block, Shown):
            strings += [block.source, *filter(None, (block.label, block.note))]
    return strings


# The English words a screen could say; none is on a Spanish screen.
ENGLISH_WORDS = [
    *(getattr(ENGLISH, name) for name in ("shortened", "answered", "likely", "others", "unsure", "unanswered")),
    *(getattr(ENGLISH, name) for name in ("related", "also_helpful", "none_of_these", "staff_policy", "client_text")),
    *("Searched for", "Source:", "Please call", "call or text", "only available in"),
]


@pytest.mark.parametrize("outcome", [Outcome.ANSWER, Outcome.LIKELY, Outcome.UNCERTAIN, Outcome.NO_ANSWER])
@pytest.mark.parametrize("level", [RiskLevel.NONE, RiskLevel.TOPIC, RiskLevel.CONCERN])
def test_a_spanish_answer_gets_a_wholly_spanish_screen(outcome: Outcome, level: RiskLevel) -> None:
    changes = {"shortened": True, "corrections": (("segruo", "seguro"),), "audience": Audience.STAFF}
    screen = screen_for(spanish(outcome, level, **changes), CLINIC)
    assert screen.language == "es" and screen.outcome == outcome
    strings = screen_strings(screen)
    assert strings and not [(word, text) for word in ENGLISH_WORDS for text in strings if word in text]
    assert screen.blocks[:2] == (Note(SPANISH.shortened), Note("Buscamos “seguro” (usted escribió “segruo”)."))
    if outcome in (Outcome.UNCERTAIN, Outcome.NO_ANSWER) or level != RiskLevel.NONE:  # the 988 line, in Spanish
        assert help_line("es") in strings or concern_lines("es", CLINIC)[0] in strings


def test_a_spanish_answer_screen_in_order() -> None:
    screen = screen_for(spanish(Outcome.ANSWER), CLINIC)
    assert screen.blocks[0] == Headline("Esta es la mejor respuesta según la información del programa.", Tone.SUCCESS)
    assert screen.blocks[1] == Shown(SPANISH_RESULTS[0], Role.ANSWER, language="es")
    assert screen.blocks[2] == Line("Respuestas relacionadas:")
    assert screen.blocks[1].source == "Fuente: Información del programa"


def test_a_spanish_no_answer_screen_gives_the_spanish_contact_with_the_clinics_spanish_hours() -> None:
    clinic = ClinicInfo(name="Test IOP", intake_phone="(555) 555-0100", hours="weekdays 9 to 5")
    clinic = dataclasses.replace(clinic, spanish={"hours": "de lunes a viernes, de 9 a 5"})
    screen = screen_for(spanish(Outcome.NO_ANSWER), clinic)
    headline, contact, help_988 = screen.blocks
    assert headline == Headline("No tenemos una respuesta para eso en la información del programa.", Tone.WARNING)
    assert contact == Line(
        "Llame al equipo de admisiones de Test IOP al (555) 555-0100 (de lunes a viernes, de 9 a 5)."
    )
    assert help_988 == Line(help_line("es"))


def test_an_english_result_on_a_spanish_screen_says_it_is_only_in_english_and_whom_to_call() -> None:
    results = (SPANISH_RESULTS[0], RESULTS[1], SPANISH_RESULTS[2])
    screen = screen_for(spanish(Outcome.ANSWER, results=results), CLINIC)
    notes = [block.note for block in screen.blocks if isinstance(block, Shown)]
    assert notes == [
        None,
        "Esta información solo está disponible en inglés. Si necesita un intérprete, "
        "llame a admisiones al (555) 555-0100.",
        None,
    ]
    # Without the clinic's number, the intake team all the same.
    [note] = [
        block.note
        for block in screen_for(spanish(Outcome.ANSWER, results=results), None).blocks
        if isinstance(block, Shown) and block.note
    ]
    assert note.endswith("Si necesita un intérprete, llame al equipo de admisiones.")
    # English results on an English screen say nothing of the kind.
    assert not [
        block.note
        for block in screen_for(answer(Outcome.ANSWER), CLINIC).blocks
        if isinstance(block, Shown)
        if block.note
    ]


def test_a_spanish_crisis_screen_has_the_spanish_panel_whatever_the_crisis_check_read() -> None:
    # The screen speaks the answer's language: the crisis check read English words, the question was Spanish.
    screen = screen_for(spanish(Outcome.CRISIS, RiskLevel.CRISIS, found=Outcome.ANSWER), CLINIC)
    assert screen.blocks[0] == CrisisHelp(crisis_panel("es", CLINIC, "suicide"))
    assert screen.blocks[1] == Line("Información del programa que también puede ayudarle:")
    assert {block.language for block in screen.blocks if isinstance(block, Shown)} == {"es"}


def test_staff_labels_are_spanish_on_a_spanish_screen() -> None:
    results = tuple(
        dataclasses.replace(result, language="es") for result in _staff_results(Audience.STAFF, Audience.PUBLIC)
    )
    screen = screen_for(spanish(Outcome.ANSWER, results=results, audience=Audience.STAFF), CLINIC)
    assert [block.label for block in screen.blocks if isinstance(block, Shown)] == [
        "Política para el personal",
        "Lo que se les dice a los pacientes",
    ]


def test_a_source_is_named_in_plain_words_in_the_screens_language() -> None:
    section = Result("handbook/fees.md#billing", "handbook/fees.md", "Fees › Billing", "Text.", 0.9, Audience.PUBLIC)
    assert Shown(section, Role.ANSWER).source == "Source: Client handbook › Fees › Billing"
    assert Shown(section, Role.ANSWER, language="es").source == "Fuente: Manual del cliente › Fees › Billing"
    entry = Result("parking", "es/faq/program.txt", "Parking?", "Yes.", 0.9, Audience.PUBLIC, language="es")
    assert Shown(entry, Role.ANSWER, language="es").source == "Fuente: Preguntas frecuentes del programa"
    # A folder the page has no name for is shown as its name; a file at the corpus's top, as the program's.
    other = dataclasses.replace(section, id="group-notes/rules.md#late", doc="group-notes/rules.md")
    assert Shown(other, Role.ANSWER).source == "Source: Group notes › Fees › Billing"
    assert Shown(dataclasses.replace(entry, doc="export.jsonl"), Role.ANSWER).source == "Source: Program information"
