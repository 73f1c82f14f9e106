"""The corpus: the FAQ entries and documents read from a content folder, and who may read each.

search/ingest/sources.py finds the content files and reads their bytes safely; this module
reads each with its format's reader, fills in the clinic's `{{placeholders}}`, and settles each
file's audience: the folder's (staff inside any folder named `staff`), unless the file says
otherwise: `audience: staff` in a text file's front matter, or an HTML `<meta name="audience">`.
Content under `es/` is in Spanish; a Spanish FAQ entry keeps its English entry's id.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from search.errors import ContentError, raise_problems
from search.ingest.clinic import CLINIC_FILE, ClinicInfo, fill_placeholders, read_clinic
from search.ingest.documents import ParsedDocument, RawSection, read_markdown, section_slug, split_front_matter
from search.ingest.faq_formats import read_csv, read_jsonl, read_qa_text
from search.ingest.sources import (
    BINARY_READERS,
    FAQ_FOLDER,
    FAQ_SUFFIXES,
    SPANISH_FOLDER,
    find_sources,
    is_staff_path,
    language_of,
    read_content_file,
    staff_folder_of,
)
from search.ingest.synonyms import SYNONYMS_FILE, SynonymRule, read_synonyms, unused_terms
from search.text import decode_utf8
from search.vocab import AUDIENCES, ENGLISH, SPANISH, Audience, sha256_hex

# Files of a corpus folder's top that are not content: the program's facts and the synonyms.
SETTINGS_FILES = (CLINIC_FILE, SYNONYMS_FILE)


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
    language: str = ENGLISH


@dataclass(frozen=True)
class Document:
    """A program document, split into sections at its headings."""

    source: str  # the file, relative to the corpus root
    title: str
    sections: tuple[RawSection, ...]
    audience: str
    language: str = ENGLISH


@dataclass(frozen=True)
class Corpus:
    """Everything read from a corpus, with the sha256 of each file that went into it.

    `problems` are the content errors found: each one in a bad file, and each id used twice;
    what they affect is left out, and `skipped` names the files left out. load_corpus refuses a
    corpus with any.
    """

    root: Path
    entries: tuple[Entry, ...]
    documents: tuple[Document, ...]
    clinic: ClinicInfo | None
    sources: dict[str, str]  # relative path -> sha256 of the file's bytes
    warnings: tuple[str, ...]
    problems: tuple[ContentError, ...] = ()
    synonyms: tuple[SynonymRule, ...] = ()
    skipped: tuple[str, ...] = ()

    @property
    def content_files(self) -> int:
        """How many files of FAQ entries and documents were read (not clinic.toml or synonyms.txt)."""
        return len([name for name in self.sources if name not in SETTINGS_FILES])

    def text(self) -> str:
        """All the text a search can find, for checks of what the content says."""
        parts = [part for entry in self.entries for part in (entry.question, *entry.alternates, entry.answer)]
        parts += [
            text
            for document in self.documents
            for section in document.sections
            for text in (*section.headings, section.text)
        ]
        return "\n".join(parts)


def _is_faq_file(relative: str, single_file: bool) -> bool:
    path = Path(relative)
    suffix = path.suffix.lower()
    return single_file or suffix in FAQ_SUFFIXES or (suffix == ".txt" and FAQ_FOLDER in path.parts[:-1])


def _audience(relative: str, declared: tuple[str, int] | None, warnings: list[str]) -> str:
    """The folder's audience, or the one the file declares (a public one in a staff folder is warned about)."""
    folder_audience = Audience.STAFF if is_staff_path(relative) else Audience.PUBLIC
    if declared is None:
        return folder_audience
    value, line = declared[0].strip().lower(), declared[1]
    if value not in AUDIENCES:
        raise ContentError(relative, f"audience must be {' or '.join(AUDIENCES)}, got {declared[0]!r}", line)
    if folder_audience == Audience.STAFF and value == Audience.PUBLIC:
        warnings.append(
            f"{relative}, line {line}: says 'audience: public' inside {staff_folder_of(relative)}, "
            "so the public will see it"
        )
    return value


def _fill_document(document: ParsedDocument, clinic: ClinicInfo | None, shown_as: str) -> ParsedDocument:
    """Placeholders filled in a document read from a binary format; errors name the section."""

    def fill(text: str, section: RawSection) -> str:
        return fill_placeholders(text, clinic, f"{shown_as}, section “{section.headings[-1]}”", first_line=None)

    sections = tuple(
        RawSection(
            tuple(fill(heading, section) for heading in section.headings),
            fill(section.text, section),
            section.line,
            section.anchor,
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
    language = ENGLISH if single_file else language_of(relative)
    clinic = clinic.in_language(language) if clinic is not None else None
    suffix = Path(relative).suffix.lower()
    fallback_title = Path(relative).stem.replace("-", " ").replace("_", " ").capitalize()
    if suffix in BINARY_READERS and not single_file:
        parsed = _fill_document(BINARY_READERS[suffix](data, relative, fallback_title), clinic, relative)
        declared = (parsed.audience, 1) if parsed.audience else None
        return [], Document(relative, parsed.title, parsed.sections, _audience(relative, declared, warnings), language)
    front_matter, text = split_front_matter(decode_utf8(data, relative), relative)
    audience = _audience(relative, front_matter.values.get("audience"), warnings)
    # Placeholder problems are gathered with the file's other problems, so that one --check lists them all.
    problems: list[ContentError] = []
    if _is_faq_file(relative, single_file):
        read_faq = {".jsonl": read_jsonl, ".csv": read_csv}.get(suffix, read_qa_text)
        # The Q/A format's '#' comments may mention placeholders, to explain them.
        comment = "#" if read_faq is read_qa_text else None
        text = fill_placeholders(text, clinic, relative, comment_prefix=comment, problems=problems)
        raw_entries = []
        try:
            raw_entries = read_faq(text, relative)
        except ContentError as error:
            problems.extend(error.problems)
        raise_problems(problems)
        return [
            Entry(raw.id, raw.question, raw.answer, relative, raw.line, audience, raw.alternates, language)
            for raw in raw_entries
        ], None
    text = fill_placeholders(text, clinic, relative, problems=problems)
    title, title_line = front_matter.values.get("title", ("", 1))
    title = fill_placeholders(title, clinic, relative, first_line=title_line, problems=problems).strip()
    try:
        parsed = read_markdown(text, relative, fallback_title)
    except ContentError as error:
        problems.extend(error.problems)
    raise_problems(problems)
    return [], Document(relative, title or parsed.title, parsed.sections, audience, language)


def _translation_warnings(entries: list[Entry]) -> list[str]:
    """When the corpus has Spanish FAQ entries: the public English ones without a Spanish version
    (a Spanish question then gets the English text), and Spanish ones whose id no English entry has."""
    spanish = {entry.id: entry for entry in entries if entry.language == SPANISH}
    if not spanish:
        return []
    english = {entry.id for entry in entries if entry.language == ENGLISH}
    untranslated = [
        entry
        for entry in entries
        if entry.language == ENGLISH and entry.audience == Audience.PUBLIC and entry.id not in spanish
    ]
    warnings = [
        f"{entry.source}, line {entry.line}: FAQ entry '{entry.id}' has no Spanish version under es/; "
        "Spanish questions get it in English"
        for entry in untranslated
    ]
    warnings += [
        f"{entry.source}, line {entry.line}: Spanish entry '{entry.id}' has no English entry with that id; "
        "give it the id of the English entry it translates"
        for entry in spanish.values()
        if entry.id not in english
    ]
    return warnings


def _section_id_warnings(documents: list[Document]) -> list[str]:
    """Sections of a Spanish document whose id no section of the English document it translates
    has: a Spanish question would then see both versions. A translated heading keeps its
    original's id with {#identifier}."""
    english = {document.source: document for document in documents if document.language == ENGLISH}
    warnings = []
    for document in documents:
        original = english.get(document.source.removeprefix(f"{SPANISH_FOLDER}/"))
        if document.language != SPANISH or original is None:
            continue
        known = {section_slug(section) for section in original.sections}
        warnings += [
            f"{document.source}, line {section.line}: section “{section.headings[-1]}” has the id "
            f"'{section_slug(section)}', which no section of {original.source} has; end its heading with "
            "{#id} of the English section it translates"
            for section in document.sections
            if section_slug(section) not in known
        ]
    return warnings


def read_corpus(corpus: Path) -> Corpus:
    """Read every content file of a corpus folder, or one FAQ file, collecting every problem.

    A file with a problem (not UTF-8, empty, malformed, an unknown placeholder) is left out and
    its error is in `problems`, as is each id used twice. Raises ContentError only when the
    corpus is missing or has nothing to index.
    """
    single_file = corpus.is_file()
    found = find_sources(corpus)
    sources, warnings = found.files, list(found.warnings)
    entries: list[Entry] = []
    documents: list[Document] = []
    problems: list[ContentError] = list(found.problems)
    skipped: list[str] = []
    clinic: ClinicInfo | None = None
    first_use: dict[tuple[str, str], Entry] = {}  # (id, language): an entry's versions share its id
    hashes: dict[str, str] = {}

    def read_bytes(relative: str) -> bytes:
        # One file in memory at a time, hashed as it is read.
        data = read_content_file(sources[relative], relative)
        hashes[relative] = sha256_hex(data)
        return data

    if CLINIC_FILE in sources and not single_file:
        try:  # read first: every other file may use its values
            clinic, clinic_warnings = read_clinic(decode_utf8(read_bytes(CLINIC_FILE), CLINIC_FILE), CLINIC_FILE)
            warnings.extend(clinic_warnings)
        except ContentError as error:
            problems.append(error)
    for relative in sources:
        if relative in SETTINGS_FILES and not single_file:
            continue
        try:
            file_entries, document = _read_file(relative, read_bytes(relative), clinic, single_file, warnings)
        except ContentError as error:
            problems.extend(error.problems)
            skipped.append(relative)
            continue
        if document is not None:
            documents.append(document)
        for entry in file_entries:
            if (entry.id, entry.language) in first_use:
                earlier = first_use[entry.id, entry.language]
                problems.append(
                    ContentError(
                        relative,
                        f"id '{entry.id}' is already used by {earlier.source}, line {earlier.line}; "
                        "give one of them another id",
                        entry.line,
                    )
                )
                continue
            first_use[entry.id, entry.language] = entry
            entries.append(entry)
    warnings += _translation_warnings(entries) + _section_id_warnings(documents)
    if not entries and not documents and not problems:
        raise ContentError(corpus, "has no FAQ entries or documents to index")
    read = Corpus(
        corpus,
        tuple(entries),
        tuple(documents),
        clinic,
        hashes,
        tuple(warnings),
        tuple(problems),
        skipped=tuple(skipped),
    )
    if SYNONYMS_FILE not in sources or single_file:
        return read
    try:
        synonyms = read_synonyms(decode_utf8(read_bytes(SYNONYMS_FILE), SYNONYMS_FILE), SYNONYMS_FILE)
    except ContentError as error:
        return replace(read, problems=(*read.problems, error))
    unused = [
        f"{SYNONYMS_FILE}, line {rule.line}: the content never says {' or '.join(map(repr, missing))}, "
        f"so the rule '{rule}' finds nothing there"
        for rule, missing in unused_terms(synonyms, read.text())
    ]
    return replace(read, synonyms=synonyms, warnings=(*read.warnings, *unused))


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
