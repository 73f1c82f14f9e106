"""The clinic's facts from clinic.toml: contact details, and the {{placeholders}} content uses.

Program facts are written once, in clinic.toml. Content files say `{{intake_phone}}` and the
build puts in the value, so a new phone number is one edit, not a hunt through every file.
An `[es]` table gives the Spanish wording of fields written in words (hours, tracks): Spanish
content and Spanish screens use it, and the English value where it gives none.
"""

from __future__ import annotations

import re
import sys
import tomllib
from dataclasses import dataclass, field, fields, replace

from search.errors import ContentError
from search.text import broken_character

CLINIC_FILE = "clinic.toml"
# Without these the no-answer screen cannot tell a person whom to call.
REQUIRED_FIELDS = ("name", "intake_phone")
SPANISH_TABLE = "es"
_PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][\w-]*)\s*\}\}")


@dataclass(frozen=True)
class ClinicInfo:
    """The program's facts; any may be missing. Track fields are days and times, in words."""

    name: str | None = None
    intake_phone: str | None = None
    hours: str | None = None
    address: str | None = None
    after_hours_line: str | None = None
    email: str | None = None
    morning_track: str | None = None
    evening_track: str | None = None
    adolescent_track: str | None = None
    # Field name -> its Spanish wording, from the [es] table.
    spanish: dict[str, str] = field(default_factory=dict, hash=False)

    def in_language(self, language: str) -> ClinicInfo:
        """The facts as content and screens in `language` ('en' or 'es') say them."""
        if language != "es" or not self.spanish:
            return self
        return replace(self, **self.spanish, spanish={})


FIELD_NAMES = tuple(item.name for item in fields(ClinicInfo) if item.name != "spanish")


def read_clinic(text: str, shown_as: str) -> tuple[ClinicInfo, list[str]]:
    """The clinic's details from clinic.toml's text, and warnings for keys it does not know."""
    try:
        values = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        # tomllib puts "(at line N, column M)" in its message.
        raise ContentError(shown_as, f"is not valid TOML: {error}") from None
    except RecursionError:
        raise ContentError(shown_as, "is not valid TOML: it nests arrays or tables too deeply to read") from None
    except ValueError:
        # Python refuses to convert integers this long (a guard against slow conversions).
        limit = sys.get_int_max_str_digits()
        long_number = re.search(rf"\d[\d_]{{{limit},}}", text)
        line = text.count("\n", 0, long_number.start()) + 1 if long_number else None
        raise ContentError(shown_as, f"is not valid TOML: a number has more than {limit} digits", line) from None
    spanish = values.pop(SPANISH_TABLE, {})
    if not isinstance(spanish, dict):
        raise ContentError(shown_as, f"'{SPANISH_TABLE}' must be a table ([{SPANISH_TABLE}]) of Spanish wordings")
    facts, warnings = _fields(values, shown_as, "")
    spanish_facts, spanish_warnings = _fields(spanish, shown_as, f"{SPANISH_TABLE}.")
    return ClinicInfo(**facts, spanish=spanish_facts), warnings + spanish_warnings


def _fields(values: dict[str, object], shown_as: str, prefix: str) -> tuple[dict[str, str], list[str]]:
    """The known fields of one TOML table, as text, and warnings for keys it does not know."""
    warnings = [
        f"{shown_as}: unknown key '{prefix}{key}' ignored (known keys: {', '.join(FIELD_NAMES)})"
        for key in values
        if key not in FIELD_NAMES
    ]
    facts = {}
    for key in FIELD_NAMES:
        if key not in values:
            continue
        value = values[key]
        if not isinstance(value, str):
            raise ContentError(shown_as, f"'{prefix}{key}' must be text in quotes, got {value!r}")
        if broken_character(value) is not None:
            # A \u0000 escape is valid TOML, but no phone number or name holds one.
            raise ContentError(shown_as, f"'{prefix}{key}' holds {broken_character(value)!r}, which is not a character")
        if value.strip():
            facts[key] = value.strip()
    return facts, warnings


def missing_fields(clinic: ClinicInfo | None) -> list[str]:
    """The clinic.toml fields with no value, in the order clinic.toml lists them."""
    return [name for name in FIELD_NAMES if clinic is None or not getattr(clinic, name)]


def fill_placeholders(
    text: str,
    clinic: ClinicInfo | None,
    shown_as: str,
    first_line: int | None = 1,
    comment_prefix: str | None = None,
    problems: list[ContentError] | None = None,
) -> str:
    """The text with each `{{field}}` replaced by that clinic.toml value.

    An unknown field, or one clinic.toml leaves out, is a ContentError naming the line, so no one
    ever reads a raw placeholder: raised, or with `problems`, added to it (the placeholder left as
    written) so that the rest of the file is still read for problems. `first_line` is the file
    line the text starts on (None for text with no line numbers, as in a PDF); lines starting
    with `comment_prefix` are comments, left as they are.
    """
    found: list[ContentError] = []
    lines = text.split("\n")
    for number, line in enumerate(lines):
        if "{{" in line and not (comment_prefix and line.lstrip().startswith(comment_prefix)):
            where = None if first_line is None else first_line + number
            lines[number] = _fill_line(line, clinic, shown_as, where, found)
    if problems is not None:
        problems.extend(found)
    elif found:
        raise found[0]
    return "\n".join(lines)


def _fill_line(
    text: str, clinic: ClinicInfo | None, shown_as: str, line: int | None, problems: list[ContentError]
) -> str:
    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        filled = getattr(clinic, name) if clinic and name in FIELD_NAMES else None
        if name not in FIELD_NAMES:
            fields = ", ".join(FIELD_NAMES)
            problems.append(
                ContentError(shown_as, f"unknown placeholder {match.group(0)}; clinic.toml fields are {fields}", line)
            )
        elif not filled:
            problems.append(
                ContentError(shown_as, f"uses {match.group(0)}, but {CLINIC_FILE} does not set '{name}'", line)
            )
        if not filled:
            return match.group(0)
        # "ends at {{hours}}." with hours ending "p.m." would read "p.m.."; keep one period.
        if filled.endswith(".") and text.startswith(".", match.end()):
            return filled[:-1]
        return filled

    return _PLACEHOLDER.sub(value, text)


def contact_line(clinic: ClinicInfo | None, language: str = "en") -> str:
    """Who to call when the search cannot answer, in `language` ('en' or 'es'): the clinic's intake
    line, or a generic line."""
    spanish = language == "es"
    if clinic is None or not clinic.intake_phone:
        if spanish:
            return "Llame al equipo de admisiones del programa; ellos pueden responder lo que esta búsqueda no."
        return "Please contact the program's intake team; they can answer questions this search cannot."
    clinic = clinic.in_language(language)
    if spanish:
        line = f"Llame al equipo de admisiones de {clinic.name or 'el programa'} al {clinic.intake_phone}"
    else:
        line = f"Please call {clinic.name or 'the program'}'s intake team at {clinic.intake_phone}"
    line += f" ({clinic.hours})." if clinic.hours else "."
    if clinic.after_hours_line:
        line += f" {'Fuera de horario, llame al' if spanish else 'After hours, call'} {clinic.after_hours_line}."
    return line
