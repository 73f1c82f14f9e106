"""What the page and the command line say to someone who may be in crisis, in English and Spanish.

Written to safe-messaging guidance: calm, hopeful, help is available now, what to do next; no
detail of any method. 911 and 988 are real US numbers, as are the Lifeline's direct Spanish line
and the national lines for abuse, sexual assault and poisoning; the program's own after-hours line
comes from clinic.toml.

The messages are Markdown with no links, so the command line prints them as they are; the page
shows them through `message_html`, which makes every number a link a phone can call or text.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from search.ingest.clinic import ClinicInfo


@dataclass(frozen=True)
class CrisisPanel:
    """The crisis panel: a heading, the steps to take (Markdown, most urgent first), and a closing line."""

    heading: str
    steps: tuple[str, ...]
    closing: str

    def as_text(self) -> str:
        """The panel as plain lines, for the command line."""
        return "\n".join([self.heading, *(f"  - {step.replace('**', '')}" for step in self.steps), self.closing])


_PANEL = {
    "en": {
        "heading": "You don't have to go through this alone. Help is available right now.",
        "danger": "If you or someone else is in immediate danger, call **911** now.",
        "988": (
            "Call or text **988**, the Suicide & Crisis Lifeline, any time, day or night. It is free and "
            "confidential. For Spanish, press 2 or call **1-888-628-9454**, or text **AYUDA** to 988. "
            "You can also chat at 988lifeline.org."
        ),
        "after_hours": "{program}'s after-hours line: **{phone}**.",
        "office": "During office hours, call {program} at **{phone}** and say it is urgent.",
        "closing": (
            "Reaching out is a strong step. Hard moments can pass, and the people at these numbers want to help."
        ),
        "help_line": (
            "If you are struggling or thinking about suicide, call or text **988** any time (press 2 for Spanish). "
            "In an emergency, call **911**."
        ),
        "program": "the program",
    },
    "es": {
        "heading": "No tiene que pasar por esto a solas. Hay ayuda disponible ahora mismo.",
        "danger": "Si usted u otra persona están en peligro inmediato, llame al **911** ahora.",
        "988": (
            "Llame o envíe un mensaje de texto al **988**, la Línea de Prevención del Suicidio y Crisis, a cualquier "
            "hora del día o de la noche. Es gratis y confidencial. Para español, marque 2 o llame al "
            "**1-888-628-9454**, o envíe **AYUDA** por mensaje de texto al 988. También puede chatear en "
            "988lineadevida.org."
        ),
        "after_hours": "Línea de {program} fuera de horario: **{phone}**.",
        "office": "En horario de oficina, llame a {program} al **{phone}** y diga que es urgente.",
        "closing": (
            "Pedir ayuda es un paso valiente. Los momentos difíciles pueden pasar, y las personas en estos números "
            "quieren ayudarle."
        ),
        "help_line": (
            "Si está pasando por un momento difícil o piensa en el suicidio, llame o envíe un mensaje de texto al "
            "**988** a cualquier hora (marque 2 para español). En una emergencia, llame al **911**."
        ),
        "program": "el programa",
    },
}
# National lines for risks 988 is not the first call for.
_EXTRA_LINE = {
    "en": {
        "abuse": "For abuse or violence at home: the National Domestic Violence Hotline, **1-800-799-7233**, "
        "or text START to 88788.",
        "sexual_assault": "For sexual assault: the National Sexual Assault Hotline (RAINN), **1-800-656-4673**.",
        "overdose": "For a poisoning or overdose question: Poison Control, **1-800-222-1222**. "
        "If someone is hard to wake or not breathing, call 911 first.",
    },
    "es": {
        "abuse": "Para abuso o violencia en casa: Línea Nacional contra la Violencia Doméstica, **1-800-799-7233** "
        "(hablan español).",
        "sexual_assault": "Para agresión sexual: Línea Nacional de Agresión Sexual (RAINN), **1-800-656-4673**.",
        "overdose": "Para una intoxicación o sobredosis: Centro de Toxicología, **1-800-222-1222** (con intérpretes). "
        "Si alguien no despierta o no respira, llame primero al 911.",
    },
}


def _program_line(language: str, clinic: ClinicInfo | None) -> list[str]:
    """The program's own line: its after-hours line, or its office line when it has none; none
    when clinic.toml gives neither."""
    words = _PANEL[language]
    program = clinic.name if clinic and clinic.name else words["program"]
    if clinic and clinic.after_hours_line:
        return [words["after_hours"].format(program=program, phone=clinic.after_hours_line)]
    if clinic and clinic.intake_phone:
        return [words["office"].format(program=program, phone=clinic.intake_phone)]
    return []


def crisis_panel(language: str, clinic: ClinicInfo | None, category: str | None = None) -> CrisisPanel:
    """The crisis panel in the question's language ('en' or 'es'), with the line for its kind of risk."""
    words = _PANEL[language]
    steps = [words["danger"], words["988"]]
    if category in _EXTRA_LINE[language]:
        steps.append(_EXTRA_LINE[language][category])
    steps += _program_line(language, clinic)
    return CrisisPanel(words["heading"], tuple(steps), words["closing"])


def concern_lines(language: str, clinic: ClinicInfo | None) -> tuple[str, ...]:
    """The lines shown above the answer to a question of `concern`: 988, and the program's
    after-hours line (or its office line when it has none)."""
    return (_PANEL[language]["help_line"], *_program_line(language, clinic))


def help_line(language: str) -> str:
    """The short 988 line shown with answers about crisis topics and whenever there is no sure answer."""
    return _PANEL[language]["help_line"]


# What the page makes a link of in the messages above, as (pattern over the HTML-escaped Markdown,
# link, what a screen reader says when the linked words alone would not say it). Matched in one
# pass, leftmost first, so each phrase is one link: "text **AYUDA** to 988" as a whole, not its
# 988 again. tests/test_app.py checks that every number in every message is linked.
# A text's body is written as RFC 5724 has it (sms:988?body=AYUDA), which Android and current iOS
# fill in; a phone that ignores the body still opens a text to 988, and the words say what to send.
# ("sms:988&body=" is an old iOS form that other phones read as a number with "&body=" in it.)
_LINKS: tuple[tuple[str, str, str | None], ...] = (
    (r"[Cc]all(?= or text \*\*988\*\*)", "tel:988", "Call 988"),
    (r"text \*\*988\*\*", "sms:988", None),
    (r"[Ll]lame(?= o envíe un mensaje de texto al \*\*988\*\*)", "tel:988", "Llamar al 988"),
    (r"envíe un mensaje de texto al \*\*988\*\*", "sms:988", None),
    # The Lifeline answers in Spanish after 2 is pressed; the comma is the dialler's pause.
    (r"press 2", "tel:988,2", "Call 988 and press 2 for Spanish"),
    (r"marque 2", "tel:988,2", "Llamar al 988 y marcar 2 para español"),
    (r"text \*\*AYUDA\*\* to 988", "sms:988?body=AYUDA", None),
    (r"envíe \*\*AYUDA\*\* por mensaje de texto al 988", "sms:988?body=AYUDA", None),
    (r"text START to 88788", "sms:88788?body=START", None),
    (r"988lifeline\.org", "https://988lifeline.org", None),
    (r"988lineadevida\.org", "https://988lineadevida.org", None),
    (r"1-888-628-9454", "tel:+18886289454", None),
    (r"1-800-799-7233", "tel:+18007997233", None),
    (r"1-800-656-4673", "tel:+18006564673", None),
    (r"1-800-222-1222", "tel:+18002221222", None),
    (r"\b911\b", "tel:911", None),
    (r"\b988\b", "tel:988", None),
)
_BOLD = re.compile(r"\*\*(.+?)\*\*")
# The dialable start of a phone number as clinic.toml writes it: "(541) 555-0199", "+1 541 555 0199".
_PHONE = re.compile(r"\+?[\d(][\d\s().-]*\d")


def _dialled(number: str) -> str | None:
    """The tel: link of a phone number as written, or None when it does not start with one."""
    found = _PHONE.match(number.strip())
    if found is None or len(digits := re.sub(r"\D", "", found.group())) < 3:
        return None
    return f"tel:{'+' if found.group().startswith('+') else ''}{digits}"


def _clinic_links(clinic: ClinicInfo | None) -> list[tuple[str, str, str | None]]:
    """The program's own numbers, linked exactly as clinic.toml writes them."""
    numbers = (clinic.after_hours_line, clinic.intake_phone) if clinic else ()
    links = []
    for number in filter(None, numbers):
        if (link := _dialled(number)) is not None:
            links.append((re.escape(html.escape(number.strip())), link, None))
    return links


def message_html(markdown: str, clinic: ClinicInfo | None = None) -> str:
    """One of these messages (or the contact line) as HTML for the page: its text escaped, bold kept,
    and every number a link: calls `tel:`, texts `sms:` (with AYUDA written in), the Lifeline's
    sites `https:`. `clinic` gives the program's numbers, which are linked wherever they appear."""
    rules = [*_clinic_links(clinic), *_LINKS]
    pattern = re.compile("|".join(f"(?P<link{number}>{rule[0]})" for number, rule in enumerate(rules)))

    def link(found: re.Match[str]) -> str:
        _, href, label = rules[int(found.lastgroup.removeprefix("link"))]
        spoken = f' aria-label="{html.escape(label)}"' if label else ""
        return f'<a href="{html.escape(href)}"{spoken}>{found.group()}</a>'

    return _BOLD.sub(r"<strong>\1</strong>", pattern.sub(link, html.escape(markdown)))
