"""The corpus: which files are content, who may read each, and how each is read.

A corpus is a folder (or a single FAQ file). In a folder:
- FAQ files: `.jsonl` and `.csv` exports anywhere, and `.txt` files in the Q/A format inside
  a `faq/` folder;
- documents, split into sections at their headings: `.md`, `.markdown`, other `.txt` files,
  `.html`/`.htm`, Word `.docx` and `.pdf`;
- `clinic.toml` at the top: the program's facts, which content can use as `{{placeholders}}`;
- hidden files and folders are ignored, and any other file type is skipped with a warning.
Files under `staff/` are for staff only, everything else is public, unless the file says
otherwise: `audience: staff` in a text file's front matter, or an HTML `<meta name="audience">`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from pathlib import Path

from .clinic import CLINIC_FILE, ClinicInfo, fill_placeholders, read_clinic
from .document_formats import (
    ParsedDocument,
    RawSection,
    read_docx,
    read_html,
    read_markdown,
    read_pdf,
    split_front_matter,
)
from .errors import ContentError
from .faq_formats import read_csv, read_jsonl, read_qa_text
from .text import decode_utf8

FAQ_FOLDER = "faq"
STAFF_FOLDER = "staff"
FAQ_SUFFIXES = {".jsonl", ".csv"}
TEXT_SUFFIXES = {".md", ".markdown", ".txt"}
BINARY_READERS = {".html": read_html, ".htm": read_html, ".docx": read_docx, ".pdf": read_pdf}
SUPPORTED_SUFFIXES = FAQ_SUFFIXES | TEXT_SUFFIXES | set(BINARY_READERS)
AUDIENCES = ("public", "staff")


@dataclass(frozen=True)
class Entry:
    """One FAQ entry: a question, other ways people ask it, and its vetted answer."""

    id: str
    question: str
    answer: str
    source: str  # the file, relative to the corpus root
    line: int
    audience: str
    alternates: tuple[str, ...] = ()


@dataclass(frozen=True)
class Document:
    """A program document, split into sections at its headings."""

    source: str  # the file, relative to the corpus root
    title: str
    sections: tuple[RawSection, ...]
    audience: str


@dataclass(frozen=True)
class Corpus:
    """Everything read from a corpus, with the sha256 of each file that went into it.

    `problems` are the content errors found, one per bad file and one per id used twice;
    what they affect is left out. load_corpus refuses a corpus with any.
    """

    root: Path
    entries: tuple[Entry, ...]
    documents: tuple[Document, ...]
    clinic: ClinicInfo | None
    sources: dict[str, str]  # relative path -> sha256 of the file's bytes
    warnings: tuple[str, ...]
    problems: tuple[ContentError, ...] = ()


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
        if relative.as_posix() == CLINIC_FILE or suffix in SUPPORTED_SUFFIXES:
            sources[relative.as_posix()] = path
        else:
            warnings.append(
                f"{relative.as_posix()}: skipped, '{suffix or path.name}' files are not read "
                f"(supported: {', '.join(sorted(SUPPORTED_SUFFIXES))})"
            )
    return sources, warnings


def hash_sources(sources: dict[str, Path]) -> dict[str, str]:
    """The sha256 of each file's bytes, by relative path."""
    return {name: sha256_hex(path.read_bytes()) for name, path in sources.items()}


def sha256_hex(data: bytes) -> str:
    """The sha256 of some bytes, as the manifest records it."""
    return hashlib.sha256(data).hexdigest()


def _is_faq_file(relative: str, single_file: bool) -> bool:
    path = Path(relative)
    suffix = path.suffix.lower()
    return single_file or suffix in FAQ_SUFFIXES or (suffix == ".txt" and FAQ_FOLDER in path.parts[:-1])


def _audience(relative: str, declared: tuple[str, int] | None, warnings: list[str]) -> str:
    """The folder's audience, or the one the file declares (a public one in staff/ is warned about)."""
    folder_audience = "staff" if relative.split("/", 1)[0] == STAFF_FOLDER else "public"
    if declared is None:
        return folder_audience
    value, line = declared[0].strip().lower(), declared[1]
    if value not in AUDIENCES:
        raise ContentError(relative, f"audience must be {' or '.join(AUDIENCES)}, got {declared[0]!r}", line)
    if folder_audience == "staff" and value == "public":
        warnings.append(f"{relative}, line {line}: says 'audience: public' inside staff/, so the public will see it")
    return value


def _fill_document(document: ParsedDocument, clinic: ClinicInfo | None, shown_as: str) -> ParsedDocument:
    """Placeholders filled in a document read from a binary format; errors name the section."""

    def fill(text: str, section: RawSection) -> str:
        return fill_placeholders(text, clinic, f"{shown_as}, section “{section.headings[-1]}”", first_line=None)

    sections = tuple(
        RawSection(
            tuple(fill(heading, section) for heading in section.headings), fill(section.text, section), section.line
        )
        for section in document.sections
    )
    return replace(
        document, title=fill_placeholders(document.title, clinic, shown_as, first_line=None), sections=sections
    )


def _read_file(
    relative: str, data: bytes, clinic: ClinicInfo | None, single_file: bool, warnings: list[str]
) -> tuple[list[Entry], Document | None]:
    """One content file's FAQ entries, or its document; raises ContentError naming file and line."""
    suffix = Path(relative).suffix.lower()
    fallback_title = Path(relative).stem.replace("-", " ").replace("_", " ").capitalize()
    if suffix in BINARY_READERS and not single_file:
        parsed = _fill_document(BINARY_READERS[suffix](data, relative, fallback_title), clinic, relative)
        declared = (parsed.audience, 1) if parsed.audience else None
        return [], Document(relative, parsed.title, parsed.sections, _audience(relative, declared, warnings))
    front_matter, text = split_front_matter(decode_utf8(data, relative), relative)
    audience = _audience(relative, front_matter.values.get("audience"), warnings)
    if _is_faq_file(relative, single_file):
        read_faq = {".jsonl": read_jsonl, ".csv": read_csv}.get(suffix, read_qa_text)
        # The Q/A format's '#' comments may mention placeholders, to explain them.
        text = fill_placeholders(text, clinic, relative, comment_prefix="#" if read_faq is read_qa_text else None)
        return [
            Entry(raw.id, raw.question, raw.answer, relative, raw.line, audience, raw.alternates)
            for raw in read_faq(text, relative)
        ], None
    parsed = read_markdown(fill_placeholders(text, clinic, relative), relative, fallback_title)
    title = front_matter.values["title"][0] if "title" in front_matter.values else parsed.title
    return [], Document(relative, title, parsed.sections, audience)


def read_corpus(corpus: Path) -> Corpus:
    """Read every content file of a corpus folder, or one FAQ file, collecting every problem.

    A file with a problem (not UTF-8, empty, malformed, an unknown placeholder) is left out and
    its error is in `problems`, as is each id used twice. Raises ContentError only when the
    corpus is missing or has nothing to index.
    """
    single_file = corpus.is_file()
    sources, warnings = list_sources(corpus)
    entries: list[Entry] = []
    documents: list[Document] = []
    problems: list[ContentError] = []
    clinic: ClinicInfo | None = None
    first_use: dict[str, Entry] = {}
    hashes: dict[str, str] = {}

    def read_bytes(relative: str) -> bytes:
        # One file in memory at a time, hashed as it is read.
        data = sources[relative].read_bytes()
        hashes[relative] = sha256_hex(data)
        return data

    if CLINIC_FILE in sources and not single_file:
        try:  # read first: every other file may use its values
            clinic, clinic_warnings = read_clinic(decode_utf8(read_bytes(CLINIC_FILE), CLINIC_FILE), CLINIC_FILE)
            warnings.extend(clinic_warnings)
        except ContentError as error:
            problems.append(error)
    for relative in sources:
        if relative == CLINIC_FILE and not single_file:
            continue
        try:
            file_entries, document = _read_file(relative, read_bytes(relative), clinic, single_file, warnings)
        except ContentError as error:
            problems.append(error)
            continue
        if document is not None:
            documents.append(document)
        for entry in file_entries:
            if entry.id in first_use:
                earlier = first_use[entry.id]
                problems.append(
                    ContentError(
                        relative,
                        f"id '{entry.id}' is already used by {earlier.source}, line {earlier.line}; "
                        "give one of them another id",
                        entry.line,
                    )
                )
                continue
            first_use[entry.id] = entry
            entries.append(entry)
    if not entries and not documents and not problems:
        raise ContentError(corpus, "has no FAQ entries or documents to index")
    return Corpus(corpus, tuple(entries), tuple(documents), clinic, hashes, tuple(warnings), tuple(problems))


def load_corpus(corpus: Path) -> Corpus:
    """Read a corpus for indexing: raises ContentError for its first problem, naming file and line."""
    loaded = read_corpus(corpus)
    if loaded.problems:
        first = loaded.problems[0]
        more = len(loaded.problems) - 1
        if more:
            note = f" (and {more} more problem{'s' if more > 1 else ''}: python build_index.py --check lists them all)"
            raise ContentError(first.path, first.reason + note, first.line)
        raise first
    return loaded
