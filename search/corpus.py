"""The corpus: which files are content, how each is read, and the clinic's contact details.

A corpus is a folder (or a single FAQ file). In a folder:
- `faq/` holds FAQ files: `.txt` in the Q/A format, `.jsonl` and `.csv` exports;
- `.jsonl` and `.csv` files elsewhere are FAQ files too;
- `.md`, `.markdown` and other `.txt` files are documents, split into sections at headings;
- `clinic.toml` at the top gives the program's contact details;
- hidden files and folders are ignored, and any other file type is skipped with a warning.
Files under `staff/` are for staff only; everything else is public.
"""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path

from .errors import ContentError
from .readers import RawEntry, RawSection, read_csv, read_jsonl, read_markdown, read_qa_text
from .text import decode_utf8

CLINIC_FILE = "clinic.toml"
FAQ_FOLDER = "faq"
STAFF_FOLDER = "staff"
FAQ_SUFFIXES = {".jsonl", ".csv"}
DOCUMENT_SUFFIXES = {".md", ".markdown", ".txt"}
AUDIENCES = ("public", "staff")


@dataclass(frozen=True)
class Entry:
    """One FAQ entry: a question and its vetted answer."""

    id: str
    question: str
    answer: str
    source: str  # the file, relative to the corpus root
    line: int
    audience: str


@dataclass(frozen=True)
class Document:
    """A program document, split into sections at its headings."""

    source: str  # the file, relative to the corpus root
    title: str
    sections: tuple[RawSection, ...]
    audience: str


@dataclass(frozen=True)
class ClinicInfo:
    """Contact details shown when the search has no good answer; any may be missing."""

    name: str | None = None
    intake_phone: str | None = None
    hours: str | None = None
    address: str | None = None
    after_hours_line: str | None = None


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


@dataclass(frozen=True)
class Corpus:
    """Everything read from a corpus, with the sha256 of each file that went into it."""

    root: Path
    entries: tuple[Entry, ...]
    documents: tuple[Document, ...]
    clinic: ClinicInfo | None
    sources: dict[str, str]  # relative path -> sha256 of the file's bytes
    warnings: tuple[str, ...]


def _audience(relative: str) -> str:
    return "staff" if relative.split("/", 1)[0] == STAFF_FOLDER else "public"


def list_sources(corpus: Path) -> tuple[dict[str, Path], list[str]]:
    """The content files of a corpus by relative path, and warnings for the files skipped.

    Raises ContentError when the corpus does not exist.
    """
    if corpus.is_file():
        return {corpus.name: corpus}, []
    if not corpus.is_dir():
        raise ContentError(corpus, "no such corpus folder or FAQ file")
    sources: dict[str, Path] = {}
    warnings: list[str] = []
    for path in sorted(corpus.rglob("*")):
        relative = path.relative_to(corpus)
        if any(part.startswith(".") for part in relative.parts) or not path.is_file():
            continue
        suffix = path.suffix.lower()
        if relative.as_posix() == CLINIC_FILE or suffix in FAQ_SUFFIXES | DOCUMENT_SUFFIXES:
            sources[relative.as_posix()] = path
        else:
            warnings.append(
                f"{relative.as_posix()}: skipped, '{suffix or path.name}' files are not read "
                f"(supported: {', '.join(sorted(FAQ_SUFFIXES | DOCUMENT_SUFFIXES))})"
            )
    return sources, warnings


def hash_sources(sources: dict[str, Path]) -> dict[str, str]:
    """The sha256 of each file's bytes, by relative path."""
    return {name: sha256_hex(path.read_bytes()) for name, path in sources.items()}


def sha256_hex(data: bytes) -> str:
    """The sha256 of some bytes, as the manifest records it."""
    return hashlib.sha256(data).hexdigest()


def _is_faq_file(relative: str, single_file: bool) -> bool:
    suffix = Path(relative).suffix.lower()
    return single_file or suffix in FAQ_SUFFIXES or relative.split("/", 1)[0] == FAQ_FOLDER


def read_clinic(text: str, shown_as: str) -> tuple[ClinicInfo, list[str]]:
    """The clinic's details from clinic.toml's text, and warnings for keys it does not know."""
    try:
        values = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        # tomllib puts "(at line N, column M)" in its message.
        raise ContentError(shown_as, f"is not valid TOML: {error}") from None
    known = [field.name for field in fields(ClinicInfo)]
    warnings = [
        f"{shown_as}: unknown key '{key}' ignored (known keys: {', '.join(known)})"
        for key in values
        if key not in known
    ]
    for key in known:
        if key in values and not isinstance(values[key], str):
            raise ContentError(shown_as, f"'{key}' must be text in quotes, got {values[key]!r}")
    return ClinicInfo(**{key: values[key].strip() or None for key in known if key in values}), warnings


def _read_faq(text: str, relative: str) -> list[RawEntry]:
    suffix = Path(relative).suffix.lower()
    if suffix == ".jsonl":
        return read_jsonl(text, relative)
    if suffix == ".csv":
        return read_csv(text, relative)
    return read_qa_text(text, relative)


def load_corpus(corpus: Path) -> Corpus:
    """Read every content file of a corpus folder, or one FAQ file.

    Raises ContentError, naming the file and line, for the first problem found: a file that
    is not UTF-8, an empty file, a malformed entry, or an id used twice.
    """
    single_file = corpus.is_file()
    sources, warnings = list_sources(corpus)
    entries: list[Entry] = []
    documents: list[Document] = []
    clinic: ClinicInfo | None = None
    first_use: dict[str, Entry] = {}
    hashes: dict[str, str] = {}
    for relative, path in sources.items():
        data = path.read_bytes()
        hashes[relative] = sha256_hex(data)
        text = decode_utf8(data, relative)
        audience = _audience(relative)
        if relative == CLINIC_FILE and not single_file:
            clinic, clinic_warnings = read_clinic(text, relative)
            warnings.extend(clinic_warnings)
        elif _is_faq_file(relative, single_file):
            for raw in _read_faq(text, relative):
                entry = Entry(raw.id, raw.question, raw.answer, relative, raw.line, audience)
                if entry.id in first_use:
                    earlier = first_use[entry.id]
                    raise ContentError(
                        relative,
                        f"id '{entry.id}' is already used by {earlier.source}, line {earlier.line}; "
                        "give one of them another id",
                        entry.line,
                    )
                if not entry.answer:
                    # Public FAQ exports have these; the question alone still finds the entry.
                    warnings.append(
                        f"{relative}, line {entry.line}: the question {entry.question!r} has an empty "
                        "answer; it is indexed by its question alone"
                    )
                first_use[entry.id] = entry
                entries.append(entry)
        else:
            fallback_title = path.stem.replace("-", " ").replace("_", " ").capitalize()
            title, sections = read_markdown(text, relative, fallback_title)
            documents.append(Document(relative, title, tuple(sections), audience))
    if not entries and not documents:
        raise ContentError(corpus, "has no FAQ entries or documents to index")
    return Corpus(
        root=corpus,
        entries=tuple(entries),
        documents=tuple(documents),
        clinic=clinic,
        sources=hashes,
        warnings=tuple(warnings),
    )
