"""One reader per document format: Markdown (and plain text), HTML, Word (.docx) and PDF.

Every reader returns a ParsedDocument: a title and the document's sections, split at its
headings where the format has them. Content errors name the file, and the line where there is
one; for Word files a section's `line` is its paragraph number, for PDF files its page.

Whatever a damaged or hostile file makes a library raise is a ContentError naming the file,
never a traceback. Word and PDF files are packed, so each reader also refuses a file that
would take more memory or time than any real policy needs (the README lists these limits):
- a Word file whose parts unpack to more than MAX_DOCX_UNPACKED_MB in all, or to more than
  MAX_DOCX_PACKING_RATIO times the file's size once over DOCX_RATIO_CHECKED_FROM_MB (a zip
  bomb), read from the zip's directory before anything is unpacked;
- a PDF of more than MAX_PDF_PAGES pages, or with a page holding more than
  MAX_PDF_PAGE_CHARACTERS characters of text (a dense page holds about 5,000), counted as the
  page is read, so a page built to make text extraction run for hours is stopped early.
The corpus refuses any content file over MAX_FILE_MB (search/corpus.py) before a reader sees it.
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

from .errors import ContentError
from .text import printable, refuse_nul_bytes

_MB = 1024 * 1024
MAX_DOCX_UNPACKED_MB = 100
MAX_DOCX_PACKING_RATIO = 100  # Word's XML packs about 5 to 50 times; a zip bomb about 1,000
DOCX_RATIO_CHECKED_FROM_MB = 10  # a small file cannot do harm, however well it packs
MAX_PDF_PAGES = 1000
MAX_PDF_PAGE_CHARACTERS = 100_000

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
        self.fallback_title = printable(fallback_title)
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
        text = " ".join(printable(text).split())
        if not text:
            return
        self._close_section()
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
_HTML_SKIPPED = {"script", "style", "noscript", "template", "head", "nav"}
_HTML_BLOCKS = {"p", "div", "li", "ul", "ol", "table", "tr", "pre", "blockquote", "dt", "dd", "section", "article"}
_HTML_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_HTML_CELLS = {"td", "th"}
# A byte-order mark says the file is UTF-16 or UTF-32, whose NUL bytes are part of the text.
_WIDE_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_BE)


@dataclass(frozen=True)
class _HtmlHeading:
    level: int
    line: int
    text: str


def _html_heading_text(heading: object) -> str:
    """A heading's words, from its text strings only, leaving out scripts and the like inside it."""
    from bs4 import CData, NavigableString, Tag

    words: list[str] = []
    pending = list(reversed(heading.contents))
    while pending:
        node = pending.pop()
        if type(node) in (NavigableString, CData):
            words.append(str(node))
        elif isinstance(node, Tag) and node.name not in _HTML_SKIPPED:
            pending.extend(reversed(node.contents))
    return " ".join(" ".join(words).split())


def _html_pieces(soup: object) -> list[str | _HtmlHeading]:
    """The page's text in reading order, as strings with line breaks, and its headings.

    One pass with a stack of its own: no recursion and no changes to the tree, so a page
    nested thousands deep (old pages leave every <p> open) is read in linear time.
    """
    from bs4 import CData, NavigableString, PageElement, Tag

    pieces: list[str | _HtmlHeading] = []
    # Elements still to read, each with whether it is inside a <pre>; a plain str is text to
    # add once the element before it is done (the line break after a block, say).
    pending: list[tuple[PageElement, bool] | str] = [(child, False) for child in reversed(soup.contents)]
    while pending:
        item = pending.pop()
        if type(item) is str:
            pieces.append(item)
            continue
        node, in_pre = item
        if type(node) is NavigableString:
            # Source line breaks are spaces in HTML, except inside <pre>.
            pieces.append(str(node) if in_pre else re.sub(r"\s+", " ", node))
        elif type(node) is CData:
            pieces.append(str(node))
        elif not isinstance(node, Tag) or node.name in _HTML_SKIPPED:
            # Comments, doctypes and processing instructions are not text: a comment may hold
            # notes never meant for readers.
            continue
        elif node.name == "br":
            pieces.append("\n")
        elif node.name in _HTML_HEADINGS:
            pieces.append(_HtmlHeading(int(node.name[1]), node.sourceline or 1, _html_heading_text(node)))
        else:
            if node.name in _HTML_CELLS:
                pending.append(" | ")
            elif node.name in _HTML_BLOCKS:
                pieces.append("\n")
                pending.append("\n\n")
            in_pre = in_pre or node.name == "pre"
            pending.extend((child, in_pre) for child in reversed(node.contents))
    return pieces


def read_html(data: bytes, shown_as: str, fallback_title: str) -> ParsedDocument:
    """Sections split at <h1>-<h6>; `<meta name="audience" content="staff">` sets the audience.

    Paragraphs, list items and table rows stay on lines of their own; scripts, styles and
    navigation are left out. BeautifulSoup finds the encoding and tolerates broken markup;
    a NUL byte without a UTF-16 byte-order mark is an error, since BeautifulSoup would take
    the file for UTF-16 and read it as nonsense.
    """
    from bs4 import BeautifulSoup
    from bs4.exceptions import ParserRejectedMarkup

    if not data.startswith(_WIDE_BOMS):
        refuse_nul_bytes(data, shown_as)
    try:
        soup = BeautifulSoup(data, "html.parser")
    except ParserRejectedMarkup as error:
        raise ContentError(shown_as, f"is not HTML that can be read ({error}); save it again as HTML") from None
    meta = soup.find("meta", attrs={"name": re.compile("^audience$", re.IGNORECASE)})
    audience = str(meta.get("content", "")).strip().lower() if meta else None
    page_title = soup.title.get_text(" ", strip=True) if soup.title else ""
    builder = _SectionBuilder(page_title or fallback_title)
    line = 1
    text: list[str] = []

    def add_text() -> None:
        for raw_line in "".join(text).split("\n"):
            builder.text(" ".join(raw_line.split()).strip(" |"), line)
        text.clear()

    for piece in _html_pieces(soup):
        if isinstance(piece, _HtmlHeading):
            add_text()
            line = piece.line
            builder.heading(piece.level, piece.text, line)
        else:
            text.append(piece)
    add_text()
    return builder.finish(shown_as, audience or None)


_UNREADABLE_WORD = (
    "is not a readable Word document (damaged, password-protected, or an old .doc file); save it again as .docx"
)


def _refuse_zip_bomb(data: bytes, shown_as: str) -> None:
    """Raises ContentError for a Word file that would unpack to too much, judged from the zip's
    directory before anything is unpacked (zipfile never unpacks more than the directory says)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            unpacked = sum(member.file_size for member in package.infolist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError):
        raise ContentError(shown_as, _UNREADABLE_WORD) from None
    ratio = unpacked / max(len(data), 1)
    if unpacked > MAX_DOCX_UNPACKED_MB * _MB or (
        unpacked > DOCX_RATIO_CHECKED_FROM_MB * _MB and ratio > MAX_DOCX_PACKING_RATIO
    ):
        raise ContentError(
            shown_as,
            f"unpacks to {unpacked / _MB:,.0f} MB, {ratio:,.0f} times its size (damaged, or a zip bomb?); "
            f"a Word file may unpack to at most {MAX_DOCX_UNPACKED_MB} MB, and above "
            f"{DOCX_RATIO_CHECKED_FROM_MB} MB to at most {MAX_DOCX_PACKING_RATIO} times its size",
        )


def _paragraph_style_names(word: object) -> dict[str | None, str]:
    """Each paragraph style's name by its id, None giving the default style's, read once.

    python-docx looks a paragraph's style up by searching all styles, for every paragraph: a
    file with tens of thousands of each would take hours. This map gives what it would.
    """
    from docx.enum.style import WD_STYLE_TYPE

    names: dict[str | None, str] = {}
    for style in word.styles:
        if style.type == WD_STYLE_TYPE.PARAGRAPH:
            names.setdefault(style.style_id, style.name or "")  # the first of an id, as Word reads it
    default = word.styles.default(WD_STYLE_TYPE.PARAGRAPH)
    names[None] = (default.name or "") if default is not None else ""
    return names


def _table_rows(table: object) -> Iterator[list[str]]:
    """Each row's cell texts in order, a cell merged down the rows giving its text to each row.

    Read in one pass over the table's cells. python-docx's `row.cells` repeats a cell once per
    column it spans (a damaged file can claim a billion) and finds a merged cell's text by
    searching up the table from every row it covers, slowing with the square of its length.
    """
    from docx.table import _Cell

    merged_from_above: dict[int, str] = {}  # grid column -> text of the cell that starts there
    for row in table.rows:
        texts: list[str] = []
        column = row.grid_cols_before
        for cell in row._tr.tc_lst:
            if cell.vMerge == "continue":
                texts.append(merged_from_above.get(column, ""))
            else:
                texts.append(_Cell(cell, table).text.strip())
                merged_from_above[column] = texts[-1]
            column += cell.grid_span
        yield texts


def read_docx(data: bytes, shown_as: str, fallback_title: str) -> ParsedDocument:
    """Sections split at paragraphs styled Heading 1-9 (Title names the document); tables are read row by row."""
    import docx
    from docx.exceptions import PythonDocxError
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table
    from lxml.etree import LxmlError

    _refuse_zip_bomb(data, shown_as)
    builder = _SectionBuilder(fallback_title)
    try:
        word = docx.Document(io.BytesIO(data))
        style_names = _paragraph_style_names(word)
        for number, block in enumerate(word.iter_inner_content(), start=1):
            if isinstance(block, Table):
                for texts in _table_rows(block):
                    builder.text(" | ".join(dict.fromkeys(text for text in texts if text)), number)
                continue
            style = style_names.get(block._p.style, style_names[None])
            heading = _WORD_HEADING_STYLE.match(style)
            if style == "Title":
                builder.heading(1, block.text, number)
            elif heading:
                # A Title paragraph is level 1, so Word's Heading 1 sits below it.
                builder.heading(int(heading.group(1)) + 1, block.text, number)
            else:
                builder.text(block.text, number)
                builder.text("", number)  # each Word paragraph is a paragraph of the section
    # What zipfile, lxml and python-docx raise on damaged packages, found by corrupting real
    # files: besides their own errors, a part of the wrong type or a relationship without a
    # target surfaces as AttributeError or TypeError, an encrypted member as RuntimeError.
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        zlib.error,
        LxmlError,
        PackageNotFoundError,
        PythonDocxError,
        KeyError,
        IndexError,
        ValueError,
        AttributeError,
        TypeError,
        RuntimeError,
        EOFError,
        OSError,
    ):
        raise ContentError(shown_as, _UNREADABLE_WORD) from None
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


class _TooMuchText(Exception):
    """Stops reading a page's text once it holds more than any real page."""


def _page_text(page: object, number: int, shown_as: str) -> str:
    """A page's text; a page with more than MAX_PDF_PAGE_CHARACTERS is an error, found while
    its text operators are read: pypdf's extraction slows with the square of a run's length."""
    characters = 0

    def count(operator: bytes, operands: list, *_: object) -> None:
        nonlocal characters
        if operator in (b"Tj", b"TJ", b"'", b'"'):
            for operand in operands:
                strings = operand if isinstance(operand, list) else [operand]
                characters += sum(len(string) for string in strings if isinstance(string, str | bytes))
            if characters > MAX_PDF_PAGE_CHARACTERS:
                raise _TooMuchText

    try:
        text = page.extract_text(visitor_operand_before=count) or ""
    except _TooMuchText:
        text = None
    # Text inside a form on the page is counted too, but pypdf swallows the stop raised there.
    if text is None or characters > MAX_PDF_PAGE_CHARACTERS:
        raise ContentError(
            shown_as, f"page {number} has more than {MAX_PDF_PAGE_CHARACTERS:,} characters of text; no real page does"
        )
    return text


def read_pdf(data: bytes, shown_as: str, fallback_title: str) -> ParsedDocument:
    """The PDF's text, split into sections at its bookmarks (the outline) where it has them.

    A section's `line` is the page it starts on. A PDF with no text layer (a scanned image),
    an encrypted one that opens only with a password, a damaged one, and one over the page
    and text limits above are errors.
    """
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, LimitReachedError, PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise FileNotDecryptedError("needs a password")
        if len(reader.pages) > MAX_PDF_PAGES:
            raise ContentError(
                shown_as, f"has {len(reader.pages)} pages; a PDF may have at most {MAX_PDF_PAGES}: split it"
            )
        pages = [_page_text(page, number, shown_as) for number, page in enumerate(reader.pages, start=1)]
        outline = _pdf_outline(reader)
        metadata_title = (reader.metadata or {}).get("/Title")
    except (FileNotDecryptedError, DependencyError):
        raise ContentError(shown_as, "is encrypted; save a copy without a password and rebuild") from None
    except LimitReachedError:
        raise ContentError(
            shown_as, "is not a readable PDF (a part of it unpacks to more than pypdf allows: damaged, or a PDF bomb?)"
        ) from None
    except RecursionError:
        raise ContentError(shown_as, "is not a readable PDF (its objects are nested too deeply to read)") from None
    # pypdf's own errors (a stream too large to unpack among them), and what a damaged file makes
    # its parser raise besides: found by corrupting real files, and by arrays nested 100,000 deep.
    except (
        PyPdfError,
        ValueError,
        KeyError,
        IndexError,
        TypeError,
        AttributeError,
        ArithmeticError,
        RuntimeError,
        zlib.error,
        OSError,
    ) as error:
        reason = str(error) or type(error).__name__
        raise ContentError(shown_as, f"is not a readable PDF ({reason}); save it again as PDF") from None
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
