"""One reader per corpus format: Q/A text, JSON Lines and CSV for FAQs, Markdown for documents.

Each reader takes the file's text and the name to show in messages, and returns plain records;
content errors name the file and line.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass

from .errors import ContentError
from .text import slugify


@dataclass(frozen=True)
class RawEntry:
    """An FAQ entry as written in its file, before audience and source are attached."""

    id: str
    question: str
    answer: str
    line: int


@dataclass(frozen=True)
class RawSection:
    """A stretch of a document under one heading path, e.g. ('Attendance', 'Late arrival')."""

    headings: tuple[str, ...]
    text: str
    line: int


# An FAQ id is shown to people and used by evaluation files: any text without spaces or '#',
# since '#' separates a document's path from its section in document chunk ids.
_VALID_ID = re.compile(r"[^\s#]+")
_QA_MARKER = re.compile(r"^\s*(id|q|a)\s*:\s?(.*)$", re.IGNORECASE)
_MARKDOWN_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")


def checked_id(raw_id: str, shown_as: str, line: int) -> str:
    """The id, stripped, or a ContentError saying what an id may contain."""
    entry_id = raw_id.strip()
    if not _VALID_ID.fullmatch(entry_id):
        raise ContentError(shown_as, f"id {raw_id!r} must be one word with no spaces or '#'", line)
    return entry_id


def _entry(entry_id: str | None, question: str, answer: str, shown_as: str, line: int) -> RawEntry:
    question, answer = question.strip(), answer.strip()
    if not question:
        raise ContentError(shown_as, "the question is empty", line)
    if entry_id is None:
        # Without a given id, the question itself names the entry: stable while the question is.
        entry_id = slugify(question) or f"entry-{line}"
    return RawEntry(id=entry_id, question=question, answer=answer, line=line)


def read_qa_text(text: str, shown_as: str) -> list[RawEntry]:
    """Entries from the plain Q/A format clinics already write in.

    An entry is an optional `id:` line, a `Q:` line and an `A:` line; lines that follow a
    `Q:` or `A:` without a marker continue it (blank lines become paragraph breaks in an
    answer). Lines starting with '#' are comments.
    """
    entries: list[RawEntry] = []
    pending_id: tuple[str, int] | None = None  # (id, line) waiting for its Q:
    question: list[str] | None = None
    answer: list[str] | None = None
    question_line = 0

    def finish() -> None:
        nonlocal question, answer, pending_id
        if question is None:
            return
        if answer is None:
            raise ContentError(shown_as, "this question has no answer: add a line starting with 'A:'", question_line)
        entry_id = pending_id[0] if pending_id else None
        entries.append(_entry(entry_id, " ".join(question), "\n".join(answer), shown_as, question_line))
        question, answer, pending_id = None, None, None

    for number, line in enumerate(text.split("\n"), start=1):
        if line.lstrip().startswith("#"):
            continue
        marker = _QA_MARKER.match(line)
        kind = marker.group(1).lower() if marker else None
        if kind == "id":
            finish()
            if pending_id is not None:
                raise ContentError(shown_as, "an 'id:' line must be followed by its 'Q:' line", pending_id[1])
            pending_id = (checked_id(marker.group(2), shown_as, number), number)
        elif kind == "q":
            finish()
            question, question_line = [marker.group(2).strip()], number
        elif kind == "a":
            if question is None:
                raise ContentError(shown_as, "this answer has no question: add a 'Q:' line above it", number)
            if answer is not None:
                raise ContentError(shown_as, f"a second 'A:' for the question on line {question_line}", number)
            answer = [marker.group(2).rstrip()]
        elif answer is not None:
            answer.append(line.strip())
        elif question is not None:
            if line.strip():
                question.append(line.strip())
        elif line.strip():
            raise ContentError(shown_as, "expected a line starting with 'Q:' or 'id:'", number)
    finish()
    if pending_id is not None:
        raise ContentError(shown_as, "an 'id:' line must be followed by its 'Q:' line", pending_id[1])
    if not entries:
        raise ContentError(shown_as, "has no FAQ entries (lines starting with 'Q:' and 'A:')")
    return entries


def _optional_id(value: object, shown_as: str, line: int) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ContentError(shown_as, f"'id' must be text or a number, got {value!r}", line)
    return checked_id(str(value), shown_as, line)


def _required_text(record: dict, key: str, shown_as: str, line: int) -> str:
    value = record.get(key)
    if not isinstance(value, str):
        raise ContentError(shown_as, f"'{key}' is missing or not text", line)
    return value


def read_jsonl(text: str, shown_as: str) -> list[RawEntry]:
    """Entries from JSON Lines, one {"id", "question", "answer"} object a line (id optional)."""
    entries = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise ContentError(shown_as, f"is not valid JSON ({error.msg})", number) from None
        if not isinstance(record, dict):
            raise ContentError(shown_as, "each line must be a JSON object", number)
        entries.append(
            _entry(
                _optional_id(record.get("id"), shown_as, number),
                _required_text(record, "question", shown_as, number),
                _required_text(record, "answer", shown_as, number),
                shown_as,
                number,
            )
        )
    return entries


def read_csv(text: str, shown_as: str) -> list[RawEntry]:
    """Entries from a CSV export with a header row naming 'question', 'answer' and optionally 'id'."""
    reader = csv.reader(io.StringIO(text))
    try:
        header = [name.strip().lower() for name in next(reader)]
    except csv.Error as error:
        raise ContentError(shown_as, f"is not valid CSV ({error})", reader.line_num) from None
    missing = [name for name in ("question", "answer") if name not in header]
    if missing:
        raise ContentError(shown_as, f"the header row needs the column(s) {', '.join(missing)}; found {header}", 1)
    entries = []
    record_start = reader.line_num + 1
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                if len(row) != len(header):
                    raise ContentError(
                        shown_as, f"has {len(row)} fields where the header has {len(header)}", record_start
                    )
                record = dict(zip(header, row, strict=True))
                entries.append(
                    _entry(
                        _optional_id(record.get("id"), shown_as, record_start),
                        record["question"],
                        record["answer"],
                        shown_as,
                        record_start,
                    )
                )
            record_start = reader.line_num + 1
    except csv.Error as error:
        raise ContentError(shown_as, f"is not valid CSV ({error})", record_start) from None
    if not entries:
        raise ContentError(shown_as, "has a header row but no FAQ entries")
    return entries


def read_markdown(text: str, shown_as: str, fallback_title: str) -> tuple[str, list[RawSection]]:
    """The document's title and its sections, split at ATX headings ('#' to '######').

    Headings inside fenced code blocks are text. Text before the first heading belongs
    to a section named after the document. Headings with no text under them still name
    the sections nested beneath them.
    """
    sections: list[RawSection] = []
    headings: list[tuple[int, str]] = []  # the open heading path, as (level, text)
    body: list[str] = []
    body_line = 1
    title: str | None = None
    in_fence = False

    def close_section() -> None:
        section_text = "\n".join(body).strip()
        if section_text:
            path = tuple(text for _, text in headings) or (title or fallback_title,)
            sections.append(RawSection(headings=path, text=section_text, line=body_line))
        body.clear()

    for number, line in enumerate(text.split("\n"), start=1):
        if _FENCE.match(line):
            in_fence = not in_fence
        heading = None if in_fence else _MARKDOWN_HEADING.match(line)
        if heading and heading.group(2):
            close_section()
            level, heading_text = len(heading.group(1)), heading.group(2)
            if level == 1 and title is None:
                title = heading_text
            headings = [(lvl, txt) for lvl, txt in headings if lvl < level] + [(level, heading_text)]
            body_line = number
        else:
            if not body and not line.strip():
                continue
            if not body and not headings:
                body_line = number
            body.append(line.rstrip())
    close_section()
    if not sections:
        raise ContentError(shown_as, "has headings but no text under them")
    return title or fallback_title, sections
