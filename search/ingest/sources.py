"""Which files of a corpus are content, who may read each by where it is, and reading them safely.

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
is public, unless the file says otherwise (search/ingest/corpus.py reads what a file declares).

A symbolic link inside the corpus, to a file or a folder, is an error and is never followed:
what it points at could be anywhere on the machine (`handbook/passwd.md -> /etc/passwd`), or a
staff file that a public path would publish, and a linked folder can loop. Allowing links
within one audience would save little (the same text would be indexed twice) and make who
sees a file depend on two paths instead of one. A content file larger than MAX_FILE_MB is an
error too, refused before it is read; Word and PDF files have further limits of their own
(search/ingest/word_format.py, search/ingest/pdf_format.py).
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
import unicodedata
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from search.errors import ContentError
from search.ingest.clinic import CLINIC_FILE
from search.ingest.html_format import read_html
from search.ingest.pdf_format import read_pdf
from search.ingest.word_format import read_docx
from search.vocab import ENGLISH, SPANISH

FAQ_FOLDER = "faq"
STAFF_FOLDER = "staff"
# Content in this folder at the corpus's top is in Spanish; everything else is in English.
SPANISH_FOLDER = "es"
FAQ_SUFFIXES = {".jsonl", ".csv"}
TEXT_SUFFIXES = {".md", ".markdown", ".txt"}
BINARY_READERS = {".html": read_html, ".htm": read_html, ".docx": read_docx, ".pdf": read_pdf}
SUPPORTED_SUFFIXES = FAQ_SUFFIXES | TEXT_SUFFIXES | set(BINARY_READERS)
# No policy or FAQ export comes near this; a file this large is a mistake (a video, a disk
# image) and reading it whole would take the machine's memory.
MAX_FILE_MB = 50


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


def language_of(relative: str) -> str:
    """The language a content file is written in, by where it is: Spanish under es/, else English."""
    return SPANISH if relative.split("/")[0] == SPANISH_FOLDER and "/" in relative else ENGLISH


def is_staff_path(relative: str) -> bool:
    """Whether a file is staff-only by where it is: any folder on its path named staff, in any case.

    `relative` is the file's path inside the corpus; a folder's own path ends in '/'.
    """
    return any(_is_staff_folder(folder) for folder in relative.split("/")[:-1])


def _is_staff_folder(name: str) -> bool:
    # NFKC and casefold: 'Staff', 'STAFF' and fullwidth 'ｓｔａｆｆ' all read as staff; so does ' staff '.
    return unicodedata.normalize("NFKC", name).strip().casefold() == STAFF_FOLDER


def staff_folder_of(relative: str) -> str:
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
