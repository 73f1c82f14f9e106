"""Every string a visitor's screen shows, in English and in Spanish, on the page and the command line.

One `Texts` per language, chosen by the answer's language (`texts_for(answer.language)`), so a
Spanish-speaking family gets a wholly Spanish screen. Spanish is Latin American, in the "usted"
register, in plain words. Strings with `{names}` are filled in with `str.format`; both languages use
the same names (tests/test_texts.py checks). The crisis messages are written in search/safety/messages.py,
the contact line in search/ingest/clinic.py; staff-only admin views (usage figures, rebuild) are English.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields

from search.vocab import ENGLISH, LANGUAGES, SPANISH

# The language selector: its label in both languages, and each language named in its own words, as
# someone looking for theirs reads it whatever the page's language is.
LANGUAGE_LABEL = "Language / Idioma"
LANGUAGE_NAMES = {ENGLISH: "English", SPANISH: "Español"}


@dataclass(frozen=True)
class Texts:
    """The strings of one language's screens."""

    # What an answer's screen says (search/present/outcome.py).
    shortened: str
    answered: str
    likely: str
    others: str
    unsure: str
    unanswered: str
    related: str
    also_helpful: str
    none_of_these: str
    # What staff are told each result is.
    staff_policy: str
    client_text: str
    # How misspelled words were read: `corrections` holds the `correction` of each word, joined by commas.
    corrections: str
    correction: str
    # Next to a result written in another language than the screen's; `{language}` from `language_names`.
    other_language: str
    other_language_no_phone: str
    language_names: Mapping[str, str] = field(hash=False)
    # Where a result comes from, in plain words: "Source: Client handbook › Fees and billing › Insurance
    # we accept". `collections` names the corpus's top folders; a folder not named there is shown as its
    # name, and a file at the corpus's top as `program_information`.
    source: str
    collections: Mapping[str, str] = field(hash=False)
    program_information: str
    # Under a section: the whole document it is from, with the section marked.
    read_whole: str
    matched_part: str
    score: str  # the command line's "(score 0.83)"
    # The page (app.py).
    page_title: str
    title: str
    question: str
    placeholder: str
    guidance: str
    loading: str
    unavailable: str
    was_it_helpful: str
    yes: str
    no: str
    thanks: str
    thanks_not_saved: str
    failure: str
    # The public parts of the staff sidebar.
    staff: str
    sign_in_off: str
    sign_in_off_because: str
    signed_in: str
    sign_out: str
    password: str
    sign_in: str
    wrong_password: str
    sign_in_slows: str  # said beside the password box: wrong passwords make the next try wait
    try_again_in: str  # {wait} is `one_second`, or `seconds` filled in
    one_second: str
    seconds: str
    signed_out_idle: str


TEXTS: dict[str, Texts] = {
    ENGLISH: Texts(
        shortened="Your question was long, so only its beginning was used.",
        answered="Here is the best answer from the program's information.",
        likely="This is probably the answer you are looking for.",
        others="Other answers that may fit:",
        unsure="We're not sure which of these you mean. Did you mean:",
        unanswered="We don't have an answer for that in the program's information.",
        related="Related answers:",
        also_helpful="Information from the program that may also help:",
        none_of_these="If none of these is what you need:",
        staff_policy="Staff policy",
        client_text="What clients are told",
        corrections="Searched for {read}.",
        correction="“{corrected}” (you typed “{typed}”)",
        other_language=(
            "This information is only available in {language}. If you need an interpreter, call intake at {phone}."
        ),
        other_language_no_phone=(
            "This information is only available in {language}. If you need an interpreter, call the intake team."
        ),
        language_names={ENGLISH: "English", SPANISH: "Spanish"},
        source="Source: {source}",
        collections={"faq": "Program FAQ", "handbook": "Client handbook", "staff": "Staff policies"},
        program_information="Program information",
        read_whole="Read the whole document: {document}",
        matched_part="The part that matches your question:",
        score="score",
        page_title="Ask about the program",
        title="Ask {program}",
        question="Your question",
        placeholder="What would you like to know?",
        guidance=(
            "Type a question in your own words, for example *How is IOP different from weekly counseling?* "
            "or *Can my family take part?* Answers come only from the program's own information."
        ),
        loading="Loading the search models…",
        unavailable="{error}",
        was_it_helpful="Was this helpful?",
        yes="Yes",
        no="No",
        thanks="Thank you for telling us.",
        thanks_not_saved="Thank you. Your answer could not be saved.",
        failure="Sorry, something went wrong on this page. Please try again, or call the program.",
        staff="Staff",
        sign_in_off="Staff sign-in is off: no staff password has been set up for this page.",
        sign_in_off_because="Staff sign-in is off: {error}.",
        signed_in="Signed in: staff policies are searched too.",
        sign_out="Sign out",
        password="Staff password",
        sign_in="Sign in",
        wrong_password="That password is not right.",
        sign_in_slows="After a few wrong passwords, each next try has to wait longer.",
        try_again_in="Too many wrong passwords. Please try again in {wait}.",
        one_second="1 second",
        seconds="{count} seconds",
        signed_out_idle="You were signed out after {minutes} minutes without use.",
    ),
    SPANISH: Texts(
        shortened="Su pregunta era larga, así que solo usamos el comienzo.",
        answered="Esta es la mejor respuesta según la información del programa.",
        likely="Esta es probablemente la respuesta que busca.",
        others="Otras respuestas que pueden servirle:",
        unsure="No estamos seguros de qué quiere saber. ¿Quiso decir alguna de estas?",
        unanswered="No tenemos una respuesta para eso en la información del programa.",
        related="Respuestas relacionadas:",
        also_helpful="Información del programa que también puede ayudarle:",
        none_of_these="Si ninguna de estas es lo que necesita:",
        staff_policy="Política para el personal",
        client_text="Lo que se les dice a los pacientes",
        corrections="Buscamos {read}.",
        correction="“{corrected}” (usted escribió “{typed}”)",
        other_language=(
            "Esta información solo está disponible en {language}. Si necesita un intérprete, "
            "llame a admisiones al {phone}."
        ),
        other_language_no_phone=(
            "Esta información solo está disponible en {language}. Si necesita un intérprete, "
            "llame al equipo de admisiones."
        ),
        language_names={ENGLISH: "inglés", SPANISH: "español"},
        source="Fuente: {source}",
        collections={
            "faq": "Preguntas frecuentes del programa",
            "handbook": "Manual del cliente",
            "staff": "Políticas del personal",
        },
        program_information="Información del programa",
        read_whole="Leer el documento completo: {document}",
        matched_part="La parte que responde a su pregunta:",
        score="puntuación",
        page_title="Preguntas sobre el programa",
        title="Pregúntele a {program}",
        question="Su pregunta",
        placeholder="¿Qué le gustaría saber?",
        guidance=(
            "Escriba su pregunta con sus propias palabras, por ejemplo *¿En qué se diferencia este programa "
            "de la terapia semanal?* o *¿Puede participar mi familia?* Las respuestas vienen solo de la "
            "información del programa."
        ),
        loading="Preparando la búsqueda…",
        unavailable=(
            "La búsqueda no está disponible en este momento. Si necesita ayuda, llame al programa. "
            "Detalle para el personal (en inglés): {error}"
        ),
        was_it_helpful="¿Le fue útil esta información?",
        yes="Sí",
        no="No",
        thanks="Gracias por decírnoslo.",
        thanks_not_saved="Gracias. No pudimos guardar su respuesta.",
        failure="Lo sentimos, algo falló en esta página. Inténtelo de nuevo o llame al programa.",
        staff="Personal",
        sign_in_off=(
            "El acceso para el personal está desactivado: no se ha configurado una contraseña del personal "
            "para esta página."
        ),
        sign_in_off_because="El acceso para el personal está desactivado: {error}.",
        signed_in="Sesión iniciada: también se buscan las políticas para el personal.",
        sign_out="Cerrar sesión",
        password="Contraseña del personal",
        sign_in="Iniciar sesión",
        wrong_password="Esa contraseña no es correcta.",
        sign_in_slows="Después de algunas contraseñas incorrectas, cada nuevo intento debe esperar más.",
        try_again_in="Demasiadas contraseñas incorrectas. Vuelva a intentarlo en {wait}.",
        one_second="1 segundo",
        seconds="{count} segundos",
        signed_out_idle="Se cerró su sesión después de {minutes} minutos sin uso.",
    ),
}
# Every string field of Texts, for checks that each language says each of them.
TEXT_FIELDS = tuple(item.name for item in fields(Texts) if item.name not in ("language_names", "collections"))


def texts_for(language: str) -> Texts:
    """The strings of a screen in `language` ('en' or 'es'); ValueError naming any other value."""
    if language not in TEXTS:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, got {language!r}")
    return TEXTS[language]
