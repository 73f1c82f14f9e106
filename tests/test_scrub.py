"""Scrubbing a question before it is stored: personal details out, the rest of the words kept."""

from __future__ import annotations

import pytest

from search.scrub import scrub


@pytest.mark.parametrize(
    ("text", "scrubbed"),
    [
        ("Can I email jane.doe85@example.org instead?", "Can I email [email] instead?"),
        ("mi correo es maria_lopez+iop@correo.example.mx", "mi correo es [email]"),
        # The digits in an address are not left for the number rule.
        ("write to j.smith2024@clinic-mail.co.uk", "write to [email]"),
    ],
)
def test_emails(text: str, scrubbed: str) -> None:
    assert scrub(text) == scrubbed


@pytest.mark.parametrize(
    "phone", ["(541) 555-0142", "541-555-0142", "541.555.0142", "+1 541 555 0142", "5415550142", "1-800-273-8255"]
)
def test_us_phone_numbers(phone: str) -> None:
    assert scrub(f"call me at {phone} please") == "call me at [phone] please"


def test_spanish_question_with_a_phone_number() -> None:
    assert scrub("¿Pueden llamarme al 541-555-0142?") == "¿Pueden llamarme al [phone]?"


@pytest.mark.parametrize(
    "text",
    [
        "If I am in crisis should I call 988 or 911?",
        "¿Puedo llamar al 988 si estoy en crisis?",
        "Is there someone available 24/7?",
    ],
)
def test_crisis_lines_and_short_numbers_are_kept(text: str) -> None:
    assert scrub(text) == text


@pytest.mark.parametrize(
    "date",
    [
        "3/14/2025",
        "2025-03-14",
        "14.03.2025",
        "March 14",
        "March 14th, 2025",
        "14 March 2025",
        "14th of March",
        "Mar 3rd",
        "14 de marzo",
        "14 de marzo de 2025",
        "marzo 14",
    ],
)
def test_dates(date: str) -> None:
    assert scrub(f"my intake is on {date} at the clinic") == "my intake is on [date] at the clinic"


@pytest.mark.parametrize(
    ("text", "scrubbed"),
    [
        ("I live at 1200 Riverbend Avenue, is that close?", "I live at [address], is that close?"),
        ("Is parking near 55 N Main St free?", "Is parking near [address] free?"),
        ("send it to 742 Evergreen Terrace Apt 3", "send it to [address]"),
        ("my address is 42 oak street", "my address is [address]"),
        ("Vivo en Calle Mayor 12, ¿hay transporte?", "Vivo en [address], ¿hay transporte?"),
        ("¿Está cerca de Av. Juárez 45?", "¿Está cerca de [address]?"),
        ("Vivo en Avenida de la Reforma 222", "Vivo en [address]"),
        ("Vivo en Travesía del Mar 4", "Vivo en [address]"),  # "Mar 4" here is a street, not a date
    ],
)
def test_street_addresses(text: str, scrubbed: str) -> None:
    assert scrub(text) == scrubbed


@pytest.mark.parametrize(
    ("text", "scrubbed"),
    [
        ("my SSN is 123-45-6789", "my SSN is [number]"),
        ("member id 88213457", "member id [number]"),
        ("member id XJ12345678", "member id XJ[number]"),
        ("card 4111 1111 1111 1111 was charged", "card [number] was charged"),
        ("card 4111-1111-1111-1111", "card [number]"),
        ("mi número de afiliado es 12 345 678", "mi número de afiliado es [number]"),
    ],
)
def test_long_numbers(text: str, scrubbed: str) -> None:
    assert scrub(text) == scrubbed


@pytest.mark.parametrize(
    "text",
    [
        "Can I come 3 days a week?",
        "Is the adolescent track for age 16 and up?",
        "What is the difference between IOP 2 and PHP?",
        "Do I need to attend IOP 2 2025 sessions?",
        "Groups run 9-12, ages 13-17",
        "In 2024 I did a program like this",
        "May I bring my phone to group?",
        "May 16-year-olds join?",
        "How far is it, a 5 minute drive from the bus?",
        "I have 2 kids and drive them to school",
        "What if I live 2 blocks from the clinic?",
        "Is there a place to park?",
        "Estoy en la calle desde hace 2 semanas, ¿me pueden ayudar?",
        "¿Cuántas horas al día son? ¿3 días por semana?",
        "¿Qué pasa si falto en marzo?",
    ],
)
def test_ordinary_questions_are_unchanged(text: str) -> None:
    assert scrub(text) == text


def test_several_details_in_one_question() -> None:
    text = (
        "Hi, I'm at 1200 Riverbend Avenue, my intake is March 14 and my member id is 88213457; "
        "call (541) 555-0142 or email jane.doe85@example.org. I can come 3 days a week."
    )
    assert scrub(text) == (
        "Hi, I'm at [address], my intake is [date] and my member id is [number]; "
        "call [phone] or email [email]. I can come 3 days a week."
    )


def test_several_details_in_one_spanish_question() -> None:
    text = "Mi cita es el 14 de marzo a las 3 en Calle Mayor 12; llamen al 541.555.0142 o a ana@correo.example.es"
    assert scrub(text) == "Mi cita es el [date] a las 3 en [address]; llamen al [phone] o a [email]"
