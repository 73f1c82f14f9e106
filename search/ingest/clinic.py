"""The clinic's facts from clinic.toml: contact details, and the {{placeholders}} content uses.

Program facts are written once, in clinic.toml. Content files say `{{intake_phone}}` and the
build puts in the value, so a new phone number is one edit, not a hunt through every file.
"""

from __future__ import annotations

import re
import sys
import tomllib
from dataclasses import dataclass, fields

from search.errors import ContentError
from search.text import broken_character

CLINIC_FILE = "clinic.toml"
# Without these the no-answer screen cannot tell a person whom to call.
REQUIRED_FIELDS = ("name", "intake_phone")
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


FIELD_NAMES = tuple(field.name for field in fields(ClinicInfo))


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
    warnings = [
        f"{shown_as}: unknown key '{key}' ignored (known keys: {', '.join(FIELD_NAMES)})"
        for key in values
        if key not in FIELD_NAMES
    ]
    for key in FIELD_NAMES:
        if key in values and not isinstance(values[key], str):
            raise ContentError(shown_as, f"'{key}' must be text in quotes, got {values[key]!r}")
        if key in values and broken_character(values[key]) is not None:
            # A \u0000 escape is valid TOML, but no phone number or name holds one.
            raise ContentError(shown_as, f"'{key}' holds {broken_character(values[key])!r}, which is not a character")
    return ClinicInfo(**{key: values[key].strip() or None for key in FIELD_NAMES if key in values}), warnings


def missing_fields(clinic: ClinicInfo | None) -> list[str]:
    """The clinic.toml fields with no value, in the order clinic.toml lists them."""
    return [name for name in FIELD_NAMES if clinic is None or not getattr(clinic, name)]


def fill_placeholders(
    text: str, clinic: ClinicInfo | None, shown_as: str, first_line: int | None = 1, comment_prefix: str | None = None
) -> str:
    """The text with each `{{field}}` replaced by that clinic.toml value.

    Raises ContentError, naming the line, for an unknown field or one clinic.toml leaves out,
    so no one ever reads a raw placeholder. `first_line` is the file line the text starts on
    (None for text with no line numbers, as in a PDF); lines starting with `comment_prefix`
    are comments, left as they are.
    """
    lines = text.split("\n")
    for number, line in enumerate(lines):
        if "{{" in line and not (comment_prefix and line.lstrip().startswith(comment_prefix)):
            lines[number] = _fill_line(line, clinic, shown_as, None if first_line is None else first_line + number)
    return "\n".join(lines)


def _fill_line(text: str, clinic: ClinicInfo | None, shown_as: str, line: int | None) -> str:
    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in FIELD_NAMES:
            raise ContentError(
                shown_as, f"unknown placeholder {match.group(0)}; clinic.toml fields are {', '.join(FIELD_NAMES)}", line
            )
        filled = getattr(clinic, name) if clinic else None
        if not filled:
            raise ContentError(shown_as, f"uses {match.group(0)}, but {CLINIC_FILE} does not set '{name}'", line)
        # "ends at {{hours}}." with hours ending "p.m." would read "p.m.."; keep one period.
        if filled.endswith(".") and text.startswith(".", match.end()):
            return filled[:-1]
        return filled

    return _PLACEHOLDER.sub(value, text)


def contact_line(clinic: ClinicInfo | None) -> str:
    """Who to call when the search cannot answer: the clinic's intake line, or a generic line."""
    if clinic is None or not clinic.intake_phone:
        return "Please contact the program's intake team; they can answer questions this search cannot."
    program = clinic.name or "the program"
    line = f"Please call {program}'s intake team at {clinic.intake_phone}"
    line += f" ({clinic.hours})." if clinic.hours else "."
    if clinic.after_hours_line:
        line += f" After hours, call {clinic.after_hours_line}."
    return line
