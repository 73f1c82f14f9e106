"""Where a result comes from, for people: its source in plain words, and the whole document it is part of.

A visitor reads "Source: Client handbook › Fees and billing › Insurance we accept", not a file path, and
can open the document the section is from, read in full in the page with that section marked. The
document is read from the published index (one row per section, in the order the build read them), so
the page shows exactly the text that was searched, and a public visitor never a staff section.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

from search.index.loaded import LoadedIndex
from search.ingest.sources import SPANISH_FOLDER
from search.present.texts import Texts
from search.retrieval.answer import Result
from search.vocab import ENGLISH, SECTION_MARK, TITLE_SEPARATOR, Audience


def collection_name(doc: str, words: Texts) -> str:
    """The name of the collection a document is in, from its top folder: 'handbook/fees.md' ->
    'Client handbook'. A folder the screen's words do not name is shown as its name ('group-notes' ->
    'Group notes'); a file at the corpus's top, as the program's information."""
    parts = PurePosixPath(doc).parts
    if parts and parts[0] == SPANISH_FOLDER:
        parts = parts[1:]
    if len(parts) < 2:
        return words.program_information
    folder = parts[0]
    return words.collections.get(folder, folder.replace("-", " ").replace("_", " ").capitalize())


def plain_source(result: Result, words: Texts) -> str:
    """'Client handbook › Fees and billing › Insurance we accept' for a section; 'Program FAQ' for an
    entry, whose title is the question shown above it."""
    collection = collection_name(result.doc, words)
    return f"{collection}{TITLE_SEPARATOR}{result.title}" if SECTION_MARK in result.id else collection


def document_title(result: Result) -> str:
    """A section's document title: the first part of its title ('Fees and billing › Insurance we accept')."""
    return result.title.split(TITLE_SEPARATOR)[0]


@dataclass(frozen=True)
class Part:
    """One section of a document as the page shows it: its own heading (the last part of its title),
    its Markdown text, and whether it is the section that answered the question."""

    heading: str
    text: str
    matched: bool


def whole_document(index: LoadedIndex, result: Result, audience: str) -> tuple[Part, ...]:
    """Every section of the document `result` is a section of, in the order they were read, the
    result's own marked; only public sections unless `audience` is staff. Empty for an FAQ entry (it
    is shown whole already), for a document of one section, and when the index holds no more of it."""
    if SECTION_MARK not in result.id:
        return ()
    part = index.multilingual if result.language != ENGLISH and index.multilingual is not None else index
    sections = [
        row
        for row in part.first_row
        if row.doc == result.doc
        and row.language == result.language
        and (audience == Audience.STAFF or row.audience == Audience.PUBLIC)
    ]
    if len(sections) < 2 or all(row.id != result.id for row in sections):
        return ()
    return tuple(Part(row.title.split(TITLE_SEPARATOR)[-1], row.text, row.id == result.id) for row in sections)
