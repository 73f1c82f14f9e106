"""The corpus: which files are content, who may read each, and how each is read.

A corpus is a folder (or a single FAQ file). In a folder:
- FAQ files: `.jsonl` and `.csv` exports anywhere, and `.txt` files in the Q/A format inside
  a `faq/` folder;
- documents, split into sections at their headings: `.md`, `.markdown`, other `.txt` files,
  `.html`/`.htm`, Word `.docx` and `.pdf`;
- `clinic.toml` at the top: the program's facts, which content can use as `{{placeholders}}`;
- hidden files and folders are ignored, and any other file type is skipped with a warning.

Who may read each file: a file is for staff only when any folder on its path inside the corpus
is named `staff`, in any case and at any depth (`staff/`, `Staff/`, `handbook/STAFF/forms/`),
since a folder meant to hide content must never be missed for how it was typed; everything else
is public, unless the file says otherwise: `audience: staff` in a text file's front matter, or
an HTML `<meta name="audience">`.

A symbolic link inside the corpus, to a file or a folder, is an error and is never followed:
what it points at could be anywhere on the machine (`handbook/passwd.md -> /etc/passwd`), or a
staff file that a public path would publish, and a linked folder can loop. Allowing links
within one audience would save little (the same text would be indexed twice) and make who
sees a file depend on two paths instead of one. A content file larger than MAX_FILE_MB is an
error too, refused before it is read; Word and PDF files have further limits of their own
(search/document_formats.py).
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

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
# No policy or FAQ export comes near this; a file this large is a mistake (a video, a disk
# image) and reading it whole would take the machine's memory.
MAX_FILE_MB = 50


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


@dataclass(frozen=True)
class SourceFiles:
    """What a corpus folder holds: its content files by relative path, in name order, the
    warnings for files skipped, and the problems found (symbolic links, folders that cannot
    be read)."""

    files: dict[str, Path]
    warnings: tuple[str, ...]
    problems: tuple[ContentError, ...]


def find_sources(corpus: Path) -> SourceFiles:
    """The content files of a corpus folder (or the one FAQ file it is), never following a link.

    Raises ContentError when the corpus does not exist.
    """
    if corpus.is_file():
        # Named on the command line, so a link is what the user chose: read what it points at.
        return SourceFiles({corpus.name: Path(os.path.realpath(corpus))}, (), ())
    if not corpus.is_dir():
        raise ContentError(corpus, "no such corpus folder or FAQ file")
    files: list[tuple[PurePosixPath, Path]] = []
    skipped: list[tuple[PurePosixPath, str]] = []
    problems: list[tuple[PurePosixPath, ContentError]] = []

    def unreadable(error: OSError) -> None:
        relative = _relative(Path(error.filename), corpus)
        problems.append((relative, ContentError(relative, f"cannot be read ({error.strerror})")))

    # os.walk lists a linked folder without entering it, so links are found, never followed.
    for folder, folder_names, file_names in os.walk(corpus, onerror=unreadable):
        entered = []
        for name in folder_names:
            path = Path(folder, name)
            if name.startswith("."):
                continue
            if path.is_symlink():
                problems.append((_relative(path, corpus), _link_error(path, corpus)))
            else:
                entered.append(name)
        folder_names[:] = entered
        for name in file_names:
            path = Path(folder, name)
            relative = _relative(path, corpus)
            if name.startswith("."):
                continue
            if path.is_symlink():
                problems.append((relative, _link_error(path, corpus)))
            elif not stat.S_ISREG(path.lstat().st_mode):
                skipped.append((relative, "skipped, it is not a regular file (a pipe or a device?)"))
            elif relative.as_posix() == CLINIC_FILE or path.suffix.lower() in SUPPORTED_SUFFIXES:
                files.append((relative, path))
            else:
                skipped.append(
                    (
                        relative,
                        f"skipped, '{path.suffix.lower() or name}' files are not read "
                        f"(supported: {', '.join(sorted(SUPPORTED_SUFFIXES))})",
                    )
                )
    return SourceFiles(
        {relative.as_posix(): path for relative, path in sorted(files)},
        tuple(f"{relative}: {reason}" for relative, reason in sorted(skipped)),
        tuple(problem for _, problem in sorted(problems, key=lambda item: item[0])),
    )


def _relative(path: Path, corpus: Path) -> PurePosixPath:
    return PurePosixPath(path.relative_to(corpus).as_posix())


def _link_error(link: Path, corpus: Path) -> ContentError:
    """The error for a symbolic link in the corpus, naming it and what it points at."""
    target = os.readlink(link)
    # realpath, unlike Path.resolve, returns for a link that loops.
    resolved, root = Path(os.path.realpath(link)), Path(os.path.realpath(corpus))
    kind = "folder" if resolved.is_dir() else "file"
    if not resolved.is_relative_to(root):
        where = ", outside the corpus"
    elif is_staff_path(resolved.relative_to(root).as_posix() + ("/" if kind == "folder" else "")):
        where = ", inside staff content"
    else:
        where = ""
    return ContentError(
        _relative(link, corpus).as_posix(),
        f"is a symbolic link to {target}{where}; links are not read: put the {kind} itself here instead",
    )


def is_staff_path(relative: str) -> bool:
    """Whether a file is staff-only by where it is: any folder on its path named staff, in any case.

    `relative` is the file's path inside the corpus; a folder's own path ends in '/'.
    """
    return any(_is_staff_folder(folder) for folder in relative.split("/")[:-1])


def _is_staff_folder(name: str) -> bool:
    # NFKC and casefold: 'Staff', 'STAFF' and fullwidth 'ｓｔａｆｆ' all read as staff; so does ' staff '.
    return unicodedata.normalize("NFKC", name).strip().casefold() == STAFF_FOLDER


def _staff_folder_of(relative: str) -> str:
    """The path of the first folder named staff on a file's path, e.g. 'handbook/Staff/'."""
    folders = relative.split("/")[:-1]
    for depth, name in enumerate(folders, start=1):
        if _is_staff_folder(name):
            return "/".join(folders[:depth]) + "/"
    return ""


def read_content_file(path: Path, shown_as: str) -> bytes:
    """A content file's bytes: refuses a file over MAX_FILE_MB unread, and a link or pipe put in
    the file's place since the corpus was listed (the file is opened without following a link)."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise ContentError(shown_as, "is a symbolic link; links are not read: put the file itself here") from None
        raise ContentError(shown_as, f"cannot be read ({error.strerror})") from None
    too_large = ContentError(
        shown_as, f"is larger than {MAX_FILE_MB} MB, more than any policy or FAQ needs; split it or leave it out"
    )
    limit = MAX_FILE_MB * 1024 * 1024
    with os.fdopen(descriptor, "rb") as file:
        info = os.fstat(file.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise ContentError(shown_as, "is not a regular file (a pipe or a device?); put a file here")
        if info.st_size > limit:
            raise too_large
        data = file.read(limit + 1)  # at most one byte over, should the file grow meanwhile
    if len(data) > limit:
        raise too_large
    return data


def hash_sources(sources: dict[str, Path]) -> dict[str, str]:
    """The sha256 of each file's bytes, by relative path; read in blocks, so a file of any size
    costs no more memory than a small one."""
    hashes = {}
    for name, path in sources.items():
        with path.open("rb") as file:
            hashes[name] = hashlib.file_digest(file, "sha256").hexdigest()
    return hashes


def sha256_hex(data: bytes) -> str:
    """The sha256 of some bytes, as the manifest records it."""
    return hashlib.sha256(data).hexdigest()


def _is_faq_file(relative: str, single_file: bool) -> bool:
    path = Path(relative)
    suffix = path.suffix.lower()
    return single_file or suffix in FAQ_SUFFIXES or (suffix == ".txt" and FAQ_FOLDER in path.parts[:-1])


def _audience(relative: str, declared: tuple[str, int] | None, warnings: list[str]) -> str:
    """The folder's audience, or the one the file declares (a public one in a staff folder is warned about)."""
    folder_audience = "staff" if is_staff_path(relative) else "public"
    if declared is None:
        return folder_audience
    value, line = declared[0].strip().lower(), declared[1]
    if value not in AUDIENCES:
        raise ContentError(relative, f"audience must be {' or '.join(AUDIENCES)}, got {declared[0]!r}", line)
    if folder_audience == "staff" and value == "public":
        warnings.append(
            f"{relative}, line {line}: says 'audience: public' inside {_staff_folder_of(relative)}, "
            "so the public will see it"
        )
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
    title, title_line = front_matter.values.get("title", ("", 1))
    title = fill_placeholders(title, clinic, relative, first_line=title_line).strip() or parsed.title
    return [], Document(relative, title, parsed.sections, audience)


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
    clinic: ClinicInfo | None = None
    first_use: dict[str, Entry] = {}
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
