"""One reader per document format: Markdown (and plain text), HTML, Word (.docx) and PDF.

Every reader returns a ParsedDocument: a title and the document's sections, split at its
headings where the format has them. Content errors name the file, and the line where there is
one; for Word files a section's `line` is its paragraph number, for PDF files its page.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from .errors import ContentError

# Front matter: a block of `key: value` lines between two '---' lines at the top of a text file.
FRONT_MATTER_FENCE = "---"
_FRONT_MATTER_LINE = re.compile(r"^([A-Za-z][\w-]*)\s*:\s*(.*?)\s*$")
_MARKDOWN_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_WORD_HEADING_STYLE = re.compile(r"^Heading (\d)$")


@dataclass(frozen=True)
class RawSection:
    """A stretch of a document under one heading path, e.g. ('Attendance', 'Late arrival')."""

    headings: tuple[str, ...]
    text: str
    line: int


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


class _SectionBuilder:
    """Collects headings and text lines, in reading order, into sections."""

    def __init__(self, fallback_title: str) -> None:
        self.fallback_title = fallback_title
        self.title: str | None = None
        self.sections: list[RawSection] = []
        self._headings: list[tuple[int, str]] = []  # the open heading path, as (level, text)
        self._body: list[str] = []
        self._body_line = 1

    def _close_section(self) -> None:
        # One blank line between paragraphs, however many the source had.
        section_text = re.sub(r"\n{3,}", "\n\n", "\n".join(self._body).strip())
        if section_text:
            path = tuple(text for _, text in self._headings) or (self.title or self.fallback_title,)
            self.sections.append(RawSection(headings=path, text=section_text, line=self._body_line))
        self._body.clear()

    def heading(self, level: int, text: str, line: int) -> None:
        text = " ".join(text.split())
        if not text:
            return
        self._close_section()
        if level == 1 and self.title is None:
            self.title = text
        self._headings = [(lvl, txt) for lvl, txt in self._headings if lvl < level] + [(level, text)]
        self._body_line = line

    def text(self, line_text: str, line: int) -> None:
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
    builder = _SectionBuilder(fallback_title)
    in_fence = False
    for number, line in enumerate(text.split("\n"), start=1):
        if _FENCE.match(line):
            in_fence = not in_fence
        heading = None if in_fence else _MARKDOWN_HEADING.match(line)
        if heading and heading.group(2):
            builder.heading(len(heading.group(1)), heading.group(2), number)
        else:
            builder.text(line, number)
    return builder.finish(shown_as)


# HTML elements that hold no content a reader is meant to see.
_HTML_SKIPPED = ["script", "style", "noscript", "template", "head", "nav"]
_HTML_BLOCKS = ["p", "div", "li", "ul", "ol", "table", "tr", "pre", "blockquote", "dt", "dd", "section", "article"]
_HTML_HEADINGS = ["h1", "h2", "h3", "h4", "h5", "h6"]
# Marks a heading inside the flattened text: level, source line and text never contain it.
_HEADING_MARK = "\x00"


def read_html(data: bytes, shown_as: str, fallback_title: str) -> ParsedDocument:
    """Sections split at <h1>-<h6>; `<meta name="audience" content="staff">` sets the audience.

    Paragraphs, list items and table rows stay on lines of their own; scripts, styles and
    navigation are left out. BeautifulSoup finds the encoding and tolerates broken markup.
    """
    from bs4 import BeautifulSoup, NavigableString

    soup = BeautifulSoup(data, "html.parser")
    meta = soup.find("meta", attrs={"name": re.compile("^audience$", re.IGNORECASE)})
    audience = str(meta.get("content", "")).strip().lower() if meta else None
    page_title = soup.title.get_text(" ", strip=True) if soup.title else ""
    for element in soup.find_all(_HTML_SKIPPED):
        element.decompose()
    for string in soup.find_all(string=True):
        # Only text: a comment, doctype or processing instruction rewritten as a plain string
        # would show, and a comment may hold notes never meant for readers.
        if type(string) is NavigableString and string.find_parent("pre") is None:
            string.replace_with(re.sub(r"\s+", " ", str(string)))  # source line breaks are spaces in HTML
    for element in soup.find_all("br"):
        element.replace_with("\n")
    for element in soup.find_all(_HTML_HEADINGS):
        line = element.sourceline or 1
        text = " ".join(element.get_text(" ").split())
        element.replace_with(f"\n{_HEADING_MARK}{element.name[1]}{_HEADING_MARK}{line}{_HEADING_MARK}{text}\n")
    for element in soup.find_all(_HTML_BLOCKS + ["td", "th"]):
        if element.name in ("td", "th"):
            element.insert_after(" | ")
        else:
            element.insert_before("\n")
            element.insert_after("\n\n")
    builder = _SectionBuilder(page_title or fallback_title)
    line = 1
    for raw_line in soup.get_text().split("\n"):
        if raw_line.startswith(_HEADING_MARK):
            _, level, line_text, heading = raw_line.split(_HEADING_MARK, 3)
            line = int(line_text)
            builder.heading(int(level), heading, line)
        else:
            builder.text(" ".join(raw_line.split()).strip(" |"), line)
    return builder.finish(shown_as, audience or None)


def read_docx(data: bytes, shown_as: str, fallback_title: str) -> ParsedDocument:
    """Sections split at paragraphs styled Heading 1-9 (Title names the document); tables are read row by row."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table

    try:
        word = docx.Document(io.BytesIO(data))
        blocks = list(word.iter_inner_content())
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError):
        raise ContentError(
            shown_as,
            "is not a readable Word document (damaged, password-protected, or an old .doc file); "
            "save it again as .docx",
        ) from None
    builder = _SectionBuilder(fallback_title)
    for number, block in enumerate(blocks, start=1):
        if isinstance(block, Table):
            for row in block.rows:
                cells = dict.fromkeys(cell.text.strip() for cell in row.cells if cell.text.strip())
                builder.text(" | ".join(cells), number)
            continue
        style = block.style.name if block.style is not None else ""
        heading = _WORD_HEADING_STYLE.match(style)
        if style == "Title":
            builder.heading(1, block.text, number)
        elif heading:
            # A Title paragraph is level 1, so Word's Heading 1 sits below it.
            builder.heading(int(heading.group(1)) + 1, block.text, number)
        else:
            builder.text(block.text, number)
            builder.text("", number)  # each Word paragraph is a paragraph of the section
    return builder.finish(shown_as)


def _pdf_outline(reader: object) -> list[tuple[int, int, str]]:
    """(page index, level, title) of each bookmark in a PDF's outline, nested bookmarks one level down."""
    items: list[tuple[int, int, str]] = []

    def walk(nodes: list, level: int) -> None:
        for node in nodes:
            if isinstance(node, list):
                walk(node, level + 1)
                continue
            page = reader.get_destination_page_number(node)
            if page is not None and page >= 0:
                items.append((page, level, str(node.title)))

    walk(reader.outline, 1)
    return items


def read_pdf(data: bytes, shown_as: str, fallback_title: str) -> ParsedDocument:
    """The PDF's text, split into sections at its bookmarks (the outline) where it has them.

    A section's `line` is the page it starts on. A PDF with no text layer (a scanned image),
    an encrypted one that opens only with a password, and a damaged one are errors.
    """
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise FileNotDecryptedError("needs a password")
        pages = [page.extract_text() or "" for page in reader.pages]
        outline = _pdf_outline(reader)
        metadata_title = (reader.metadata or {}).get("/Title")
    except (FileNotDecryptedError, DependencyError):
        raise ContentError(shown_as, "is encrypted; save a copy without a password and rebuild") from None
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as error:
        raise ContentError(shown_as, f"is not a readable PDF ({error}); save it again as PDF") from None
    if not "".join(pages).strip():
        raise ContentError(
            shown_as, "has no text layer (a scanned image?); run it through OCR or save it as text, then rebuild"
        )
    builder = _SectionBuilder(str(metadata_title).strip() if metadata_title else fallback_title)
    # Each bookmark starts where its title appears on its page, or at the top of the page.
    starts: dict[int, list[tuple[int, int, str]]] = {}
    for page, level, title in outline:
        found = pages[page].find(title) if page < len(pages) else -1
        starts.setdefault(page, []).append((max(found, 0), level, title))
    for page_number, page_text in enumerate(pages, start=1):
        position = 0
        for start, level, title in sorted(starts.get(page_number - 1, [])):
            for line in page_text[position:start].split("\n"):
                builder.text(line, page_number)
            builder.heading(level + 1, title, page_number)  # level 1 is the document's title
            position = start + len(title) if page_text.startswith(title, start) else start
        for line in page_text[position:].split("\n"):
            builder.text(line, page_number)
        builder.text("", page_number)
    return builder.finish(shown_as)
