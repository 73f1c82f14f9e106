"""What the page and the command line say to someone who may be in crisis, in English and Spanish.

Written to safe-messaging guidance: calm, hopeful, help is available now, what to do next; no
detail of any method. 911 and 988 are real US numbers, as are the national lines for abuse,
sexual assault and poisoning; the program's own after-hours line comes from clinic.toml.
"""

from __future__ import annotations

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
            "confidential. For Spanish, press 2, or text **AYUDA** to 988. You can also chat at 988lifeline.org."
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
        "heading": "No tienes que pasar por esto a solas. Hay ayuda disponible ahora mismo.",
        "danger": "Si tú u otra persona están en peligro inmediato, llama al **911** ahora.",
        "988": (
            "Llama o envía un mensaje de texto al **988**, la Línea de Prevención del Suicidio y Crisis, a cualquier "
            "hora del día o de la noche. Es gratis y confidencial. Para español, marca 2, o envía **AYUDA** por "
            "mensaje de texto al 988. También puedes chatear en 988lineadevida.org."
        ),
        "after_hours": "Línea de {program} fuera de horario: **{phone}**.",
        "office": "En horario de oficina, llama a {program} al **{phone}** y di que es urgente.",
        "closing": (
            "Pedir ayuda es un paso valiente. Los momentos difíciles pueden pasar, y las personas en estos números "
            "quieren ayudarte."
        ),
        "help_line": (
            "Si estás pasando por un momento difícil o piensas en el suicidio, llama o envía un mensaje de texto al "
            "**988** a cualquier hora (marca 2 para español). En una emergencia, llama al **911**."
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
        "Si alguien no despierta o no respira, llama primero al 911.",
    },
}


def crisis_panel(language: str, clinic: ClinicInfo | None, category: str | None = None) -> CrisisPanel:
    """The crisis panel in the question's language ('en' or 'es'), with the line for its kind of risk."""
    words = _PANEL[language]
    program = clinic.name if clinic and clinic.name else words["program"]
    steps = [words["danger"], words["988"]]
    if category in _EXTRA_LINE[language]:
        steps.append(_EXTRA_LINE[language][category])
    if clinic and clinic.after_hours_line:
        steps.append(words["after_hours"].format(program=program, phone=clinic.after_hours_line))
    elif clinic and clinic.intake_phone:
        steps.append(words["office"].format(program=program, phone=clinic.intake_phone))
    return CrisisPanel(words["heading"], tuple(steps), words["closing"])


def help_line(language: str) -> str:
    """The short 988 line shown with answers about crisis topics and whenever there is no sure answer."""
    return _PANEL[language]["help_line"]
