"""The screens' words (search/present/texts.py): every string in both languages, filled in the same way,
and the Spanish in the "usted" register a family is addressed in."""

from __future__ import annotations

import re
import string

import pytest

from search.ingest.clinic import ClinicInfo
from search.present.texts import LANGUAGE_NAMES, TEXT_FIELDS, TEXTS, texts_for
from search.safety.messages import concern_lines, crisis_panel, help_line
from search.vocab import LANGUAGES

# Words the same in both languages.
SAME_IN_BOTH = {"no"}
# Informal "tú" forms: the screens say "usted" ("Su pregunta", "llame"), never "tu pregunta" or "llama".
INFORMAL = re.compile(
    r"\b(tú|tu|tus|te|ti|contigo|puedes|tienes|estás|piensas|necesitas|quieres|buscas|escribiste|llama|escribe)\b"
)


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_every_language_is_there_and_says_every_string() -> None:
    assert set(TEXTS) == set(LANGUAGES) == set(LANGUAGE_NAMES)
    for language, texts in TEXTS.items():
        blank = [name for name in TEXT_FIELDS if not getattr(texts, name).strip()]
        assert not blank, f"{language}: {blank}"
        assert set(texts.language_names) == set(LANGUAGES)


@pytest.mark.parametrize("name", TEXT_FIELDS)
def test_spanish_fills_in_the_same_names_as_english_and_is_translated(name: str) -> None:
    english, spanish = getattr(texts_for("en"), name), getattr(texts_for("es"), name)
    assert placeholders(spanish) == placeholders(english)
    assert spanish != english or name in SAME_IN_BOTH


def test_spanish_says_usted() -> None:
    spanish = texts_for("es")
    informal = {name: found for name in TEXT_FIELDS if (found := INFORMAL.findall(getattr(spanish, name).lower()))}
    assert not informal


@pytest.mark.parametrize("category", [None, "abuse", "sexual_assault", "overdose"])
def test_the_spanish_crisis_panel_and_help_lines_say_usted_like_the_screens(category: str | None) -> None:
    panel = crisis_panel("es", ClinicInfo(name="Riverbend", intake_phone="(541) 555-0142"), category)
    lines = [panel.heading, *panel.steps, panel.closing, help_line("es"), *concern_lines("es", None)]
    assert not [line for line in lines if INFORMAL.findall(line.lower())]


def test_an_unknown_language_is_named() -> None:
    with pytest.raises(ValueError, match="language must be one of en, es, got 'fr'"):
        texts_for("fr")
