"""What every document reader shares, and the reader for Markdown and plain text.

Every reader (this one, search/ingest/html_format.py, word_format.py and pdf_format.py)
returns a ParsedDocument: a title and the document's sections, split at its headings where the
format has them, collected by a SectionBuilder. Content errors name the file, and the line
where there is one; for Word files a section's `line` is its paragraph number, for PDF files
its page. A text file may start with front matter (`key: value` lines between two '---'
lines), read here too.

The corpus refuses any content file over MAX_FILE_MB (search/ingest/sources.py) before a
reader sees it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from search.errors import ContentError
from search.text import printable, slugify
from search.vocab import fold_whitespace

# Front matter: a block of `key: value` lines between two '---' lines at the top of a text file.
FRONT_MATTER_FENCE = "---"
_FRONT_MATTER_LINE = re.compile(r"^([A-Za-z][\w-]*)\s*:\s*(.*?)\s*$")
_MARKDOWN_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
# A heading's own identifier, as Pandoc and kramdown write it: "## Facturación {#billing-questions}".
# A translated section keeps its original's id this way.
_HEADING_ID = re.compile(r"^(.*?)\s*\{#([A-Za-z0-9][\w-]*)\}$")
_FENCE = re.compile(r"^\s*(```|~~~)")


@dataclass(frozen=True)
class RawSection:
    """A stretch of a document under one heading path, e.g. ('Attendance', 'Late arrival').

    `anchor` is the identifier its heading gives itself with `{#...}`, if any.
    """

    headings: tuple[str, ...]
    text: str
    line: int
    anchor: str | None = None


@dataclass(frozen=True)
class ParsedDocument:
    """A document's title and sections; `audience` when the file itself declares one."""

    title: str
    sections: tuple[RawSection, ...]
    audience: str | None = None


@dataclass(frozen=True)
class FrontMatter:
    """`key: value` settings from the top of a text file, each with the line it is on."""

    values: dict[str, tuple[str, int]]


def split_front_matter(text: str, shown_as: str) -> tuple[FrontMatter, str]:
    """The file's front matter, and its text with the front matter blanked out.

    The front matter's lines become empty lines, so line numbers in later messages still
    match the file. Keys the program does not use (from other tools) are kept and ignored.
    """
    lines = text.split("\n")
    if not lines or lines[0].strip() != FRONT_MATTER_FENCE:
        return FrontMatter({}), text
    values: dict[str, tuple[str, int]] = {}
    for number, line in enumerate(lines[1:], start=2):
        if line.strip() == FRONT_MATTER_FENCE:
            return FrontMatter(values), "\n" * number + "\n".join(lines[number:])
        setting = _FRONT_MATTER_LINE.match(line)
        if setting:
            values[setting.group(1).lower()] = (setting.group(2).strip("\"'"), number)
    raise ContentError(shown_as, f"the front matter has no closing '{FRONT_MATTER_FENCE}' line", 1)


class SectionBuilder:
    """Collects headings and text lines, in reading order, into sections."""

    def __init__(self, fallback_title: str) -> None:
        self.fallback_title = printable(fallback_title)
        self.title: str | None = None
        self.sections: list[RawSection] = []
        self._headings: list[tuple[int, str]] = []  # the open heading path, as (level, text)
        self._anchor: str | None = None  # the last heading's {#identifier}
        self._body: list[str] = []
        self._body_line = 1

    def _close_section(self) -> None:
        # One blank line between paragraphs, however many the source had.
        section_text = re.sub(r"\n{3,}", "\n\n", "\n".join(self._body).strip())
        if section_text:
            path = tuple(text for _, text in self._headings) or (self.title or self.fallback_title,)
            self.sections.append(RawSection(path, section_text, self._body_line, self._anchor))
        self._body.clear()

    def heading(self, level: int, text: str, line: int, anchor: str | None = None) -> None:
        text = fold_whitespace(printable(text))
        if not text:
            return
        self._close_section()
        self._anchor = anchor
        if level == 1 and self.title is None:
            self.title = text
        self._headings = [(lvl, txt) for lvl, txt in self._headings if lvl < level] + [(level, text)]
        self._body_line = line

    def text(self, line_text: str, line: int) -> None:
        line_text = printable(line_text)
        if not self._body and not line_text.strip():
            return  # blank lines before a section's first text
        if not self._body and not self._headings:
            self._body_line = line
        self._body.append(line_text.rstrip())

    def finish(self, shown_as: str, audience: str | None = None) -> ParsedDocument:
        self._close_section()
        if not self.sections:
            raise ContentError(shown_as, "has no text to index")
        return ParsedDocument(self.title or self.fallback_title, tuple(self.sections), audience)


def read_markdown(text: str, shown_as: str, fallback_title: str) -> ParsedDocument:
    """Sections split at ATX headings ('#' to '######'); plain text is read the same way.

    Headings inside fenced code blocks are text. Text before the first heading belongs to a
    section named after the document. Headings with no text under them still name the
    sections nested beneath them.
    """
    builder = SectionBuilder(fallback_title)
    in_fence = False
    for number, line in enumerate(text.split("\n"), start=1):
        if _FENCE.match(line):
            in_fence = not in_fence
        heading = None if in_fence else _MARKDOWN_HEADING.match(line)
        if heading and heading.group(2):
            title, anchor = heading.group(2), None
            if found := _HEADING_ID.match(title):
                title, anchor = found.group(1), found.group(2).lower()
            builder.heading(len(heading.group(1)), title, number, anchor)
        else:
            builder.text(line, number)
    return builder.finish(shown_as)


def section_slug(section: RawSection) -> str:
    """The part of a section's id after '#': its heading's {#identifier}, or one made from its words."""
    return section.anchor or slugify(section.headings[-1]) or "section"
