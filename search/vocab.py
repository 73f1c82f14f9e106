"""The words every phase shares: who may see a text, what an answer's outcome is, how sure the
crisis check is; the grammar of chunk ids; hashing and the folding of whitespace.

The enums are StrEnums, so each member is its plain string too: JSON, SQLite and comparisons
with "public" or "crisis" see no difference.
"""

from __future__ import annotations

import hashlib
import re
from enum import StrEnum


class Audience(StrEnum):
    """Who may see a text, and who is asking."""

    PUBLIC = "public"
    STAFF = "staff"


class Outcome(StrEnum):
    """What a question's results call for. `crisis` comes from the crisis check and overrides the rest."""

    ANSWER = "answer"  # the first result is very likely right
    LIKELY = "likely"  # probably the first: show it open, the others as other answers that may fit
    UNCERTAIN = "uncertain"  # close: offer the first few as "did you mean"
    NO_ANSWER = "no_answer"  # nothing fits: give the intake contact
    CRISIS = "crisis"  # crisis help first, whatever was found


class RiskLevel(StrEnum):
    """What the crisis check found in a question."""

    NONE = "none"
    TOPIC = "topic"  # about a crisis topic (a policy question): answered, with the 988 line
    CONCERN = "concern"  # not clearly an emergency, not ordinary either: the crisis lines above the answer
    CRISIS = "crisis"  # signs of crisis: help first


class Stage(StrEnum):
    """How a search's final scores were made; each has its own calibrated thresholds."""

    RESCORED = "rescored"
    FIRST_STAGE = "first_stage"
    SPANISH = "spanish"  # a Spanish question, scored by the multilingual model


# The languages content and questions are in: English, and Spanish content under corpus/es/.
ENGLISH, SPANISH = "en", "es"
LANGUAGES = (ENGLISH, SPANISH)


AUDIENCES = tuple(Audience)
OUTCOMES = tuple(Outcome)

# Chunk ids: an FAQ entry's id (`parking`), or a document's path, '#', and its section's slug
# (`handbook/attendance.md#arriving-late`), with '~2', '~3'... for the parts of a long section.
SECTION_MARK = "#"
PART_MARK = "~"
# Between the headings of a section's title: "Attendance › Arriving late".
TITLE_SEPARATOR = " › "


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def fold_whitespace(text: str) -> str:
    """Words single-spaced, as a question is read by every check: runs of spaces, tabs and line breaks are one space."""
    return " ".join(text.split())


def comparable(text: str) -> str:
    """Text reduced to its words, without case or punctuation, for telling repeats apart."""
    return fold_whitespace(re.sub(r"[^\w\s]", " ", text.casefold()))
