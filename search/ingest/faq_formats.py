"""One reader per FAQ format: the plain Q/A text clinics write, JSON Lines and CSV exports.

Each reader takes the file's text and the name to show in messages, and returns RawEntry
records. Content errors name the file and line; a reader goes on past a bad entry, so that one
error (ContentErrors) lists every problem in the file, not only the first.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from search.errors import ContentError, raise_problems
from search.text import broken_character, parse_json, slugify


@dataclass(frozen=True)
class RawEntry:
    """An FAQ entry as written in its file, before audience and source are attached.

    `alternates` are other ways people ask the same question; they find the entry too.
    """

    id: str
    question: str
    answer: str
    line: int
    alternates: tuple[str, ...] = ()


# An FAQ id is shown to people and used by evaluation files: any text without spaces or '#',
# since '#' separates a document's path from its section in document chunk ids.
_VALID_ID = re.compile(r"[^\s#]+")
_QA_MARKER = re.compile(r"^\s*(id|q|also|a)\s*:\s?(.*)$", re.IGNORECASE)
# Alternate phrasings in one CSV cell are separated by '|', which questions do not contain.
CSV_ALTERNATES_SEPARATOR = "|"


def checked_id(raw_id: str, shown_as: str, line: int) -> str:
    """The id, stripped, or a ContentError saying what an id may contain."""
    entry_id = raw_id.strip()
    if not _VALID_ID.fullmatch(entry_id):
        raise ContentError(shown_as, f"id {raw_id!r} must be one word with no spaces or '#'", line)
    return entry_id


def _entry(
    entry_id: str | None, question: str, answer: str, shown_as: str, line: int, alternates: list[str] | None = None
) -> RawEntry:
    question, answer = question.strip(), answer.strip()
    if not question:
        raise ContentError(shown_as, "the question is empty", line)
    if entry_id is None:
        # Without a given id, the question itself names the entry: stable while the question is.
        entry_id = slugify(question) or f"entry-{line}"
    # Blank, repeated and same-as-the-question phrasings add nothing; drop them quietly.
    phrasings = [text.strip() for text in alternates or ()]
    phrasings = tuple(dict.fromkeys(text for text in phrasings if text and text != question))
    return RawEntry(id=entry_id, question=question, answer=answer, line=line, alternates=phrasings)


def read_qa_text(text: str, shown_as: str) -> list[RawEntry]:
    """Entries from the plain Q/A format clinics already write in.

    An entry is an optional `id:` line, a `Q:` line, any number of `Also:` lines (other ways
    people ask the same question) and an `A:` line; lines that follow a marker without one
    continue it (blank lines become paragraph breaks in an answer). Once the answer has begun,
    every line belongs to it until the next `id:` or `Q:`. Lines starting with '#' are comments.
    """
    entries: list[RawEntry] = []
    problems: list[ContentError] = []
    pending_id: tuple[str, int] | None = None  # (id, line) waiting for its Q:
    question: list[str] | None = None
    alternates: list[list[str]] = []
    answer: list[str] | None = None
    question_line = 0
    stray_until = -1  # the last line of text outside any entry

    def problem(message: str, line: int | None) -> None:
        problems.append(ContentError(shown_as, message, line))

    def finish() -> None:
        nonlocal question, answer, pending_id, alternates
        if question is None:
            answer = None  # an answer with no question, already reported
            return
        entry_id = pending_id[0] if pending_id else None
        phrasings = [" ".join(words) for words in alternates]
        if answer is None:
            problem("this question has no answer: add a line starting with 'A:'", question_line)
        else:
            try:
                text = " ".join(question), "\n".join(answer)
                entries.append(_entry(entry_id, *text, shown_as, question_line, phrasings))
            except ContentError as error:
                problems.append(error)
        question, answer, pending_id, alternates = None, None, None, []

    for number, line in enumerate(text.split("\n"), start=1):
        if line.lstrip().startswith("#"):
            continue
        marker = _QA_MARKER.match(line)
        kind = marker.group(1).lower() if marker else None
        if answer is not None and kind == "also":
            kind = None  # 'Also:' inside an answer is the answer's own text
        # After a problem the reader carries on as if the line were right, or skips it, so that
        # the problems after it are found too.
        if kind == "id":
            finish()
            if pending_id is not None:
                problem("an 'id:' line must be followed by its 'Q:' line", pending_id[1])
            try:
                pending_id = (checked_id(marker.group(2), shown_as, number), number)
            except ContentError as error:
                problems.append(error)
                pending_id = None
        elif kind == "q":
            finish()
            question, question_line = [marker.group(2).strip()], number
        elif kind == "also":
            if question is None:
                problem("an 'Also:' line must follow its 'Q:' line", number)
            else:
                alternates.append([marker.group(2).strip()])
        elif kind == "a":
            if question is None:
                problem("this answer has no question: add a 'Q:' line above it", number)
                answer = []  # its lines are read as an answer, so each is not reported again
            elif answer is not None:
                problem(f"a second 'A:' for the question on line {question_line}", number)
            else:
                answer = [marker.group(2).rstrip()]
        elif answer is not None:
            answer.append(line.strip())
        elif question is not None:
            if line.strip():
                (alternates[-1] if alternates else question).append(line.strip())
        elif line.strip():
            if stray_until != number - 1:  # a paragraph of stray lines is one problem
                problem("expected a line starting with 'Q:' or 'id:'", number)
            stray_until = number
    finish()
    if pending_id is not None:
        problem("an 'id:' line must be followed by its 'Q:' line", pending_id[1])
    if not entries and not problems:
        problem("has no FAQ entries (lines starting with 'Q:' and 'A:')", None)
    raise_problems(problems)
    return entries


def _whole_text(value: str, key: str, shown_as: str, line: int) -> str:
    """The string, or a ContentError for a NUL or half a character (\\ud83d) a broken export left in it."""
    broken = broken_character(value)
    if broken is not None:
        raise ContentError(shown_as, f"'{key}' holds {broken!r}, which is not a character; fix the export", line)
    return value


def _optional_id(value: object, shown_as: str, line: int) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ContentError(shown_as, f"'id' must be text or a number, got {value!r}", line)
    return checked_id(_whole_text(str(value), "id", shown_as, line), shown_as, line)


def _required_text(record: dict, key: str, shown_as: str, line: int) -> str:
    value = record.get(key)
    if not isinstance(value, str):
        raise ContentError(shown_as, f"'{key}' is missing or not text", line)
    return _whole_text(value, key, shown_as, line)


def _alternates_list(record: dict, shown_as: str, line: int) -> list[str]:
    value = record.get("alternates")
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(text, str) for text in value):
        raise ContentError(shown_as, "'alternates' must be a list of questions in quotes", line)
    return [_whole_text(text, "alternates", shown_as, line) for text in value]


def read_jsonl(text: str, shown_as: str) -> list[RawEntry]:
    """Entries from JSON Lines, one {"id", "question", "answer", "alternates"} object a line.

    `id` and `alternates` (a list of other phrasings of the question) are optional.
    """
    entries, problems = [], []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            entries.append(_jsonl_entry(line, shown_as, number))
        except ContentError as error:
            problems.append(error)  # and on to the next line, to find every problem
    raise_problems(problems)
    return entries


def _jsonl_entry(line: str, shown_as: str, number: int) -> RawEntry:
    try:
        record = parse_json(line)
    except ValueError as error:
        raise ContentError(shown_as, f"is {error}", number) from None
    if not isinstance(record, dict):
        raise ContentError(shown_as, "each line must be a JSON object", number)
    return _entry(
        _optional_id(record.get("id"), shown_as, number),
        _required_text(record, "question", shown_as, number),
        _required_text(record, "answer", shown_as, number),
        shown_as,
        number,
        _alternates_list(record, shown_as, number),
    )


def _csv_problem(error: csv.Error) -> str:
    if "field limit" in str(error):
        # One quote left open runs the rest of the file into one field, which outgrows csv's limit.
        return f"has a field longer than {csv.field_size_limit():,} characters: is a closing quote missing?"
    return f"is not valid CSV ({error})"


def read_csv(text: str, shown_as: str) -> list[RawEntry]:
    """Entries from a CSV export with a header row naming 'question', 'answer' and optionally 'id'.

    An optional 'alternates' column holds other phrasings of the question, separated by '|'.
    """
    reader = csv.reader(io.StringIO(text))
    try:
        header = [name.strip().lower() for name in next(reader)]
    except csv.Error as error:
        raise ContentError(shown_as, _csv_problem(error), reader.line_num) from None
    missing = [name for name in ("question", "answer") if name not in header]
    if missing:
        raise ContentError(shown_as, f"the header row needs the column(s) {', '.join(missing)}; found {header}", 1)
    entries, problems = [], []
    record_start = reader.line_num + 1
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                try:
                    entries.append(_csv_entry(header, row, shown_as, record_start))
                except ContentError as error:
                    problems.append(error)  # and on to the next record, to find every problem
            record_start = reader.line_num + 1
    except csv.Error as error:
        # The file cannot be read past a broken quote; what was found before it is reported too.
        problems.append(ContentError(shown_as, _csv_problem(error), record_start))
    if not entries and not problems:
        problems.append(ContentError(shown_as, "has a header row but no FAQ entries"))
    raise_problems(problems)
    return entries


def _csv_entry(header: list[str], row: list[str], shown_as: str, line: int) -> RawEntry:
    if len(row) != len(header):
        raise ContentError(shown_as, f"has {len(row)} fields where the header has {len(header)}", line)
    record = dict(zip(header, row, strict=True))
    return _entry(
        _optional_id(record.get("id"), shown_as, line),
        record["question"],
        record["answer"],
        shown_as,
        line,
        record.get("alternates", "").split(CSV_ALTERNATES_SEPARATOR),
    )
