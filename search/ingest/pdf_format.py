"""The reader for PDF files: the text layer, split into sections at the outline's bookmarks.

Whatever a damaged or hostile file makes pypdf raise is a ContentError naming the file, never
a traceback. A PDF is packed, so the reader also refuses one that would take more memory or
time than any real policy needs (the README lists these limits): a PDF of more than
MAX_PDF_PAGES pages, or with a page holding more than MAX_PDF_PAGE_CHARACTERS characters of
text (a dense page holds about 5,000), counted as the page is read, so a page built to make
text extraction run for hours is stopped early.
"""

from __future__ import annotations

import io
import zlib

from search.errors import ContentError
from search.ingest.documents import ParsedDocument, SectionBuilder

MAX_PDF_PAGES = 1000
MAX_PDF_PAGE_CHARACTERS = 100_000


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
    builder = SectionBuilder(str(metadata_title).strip() if metadata_title else fallback_title)
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
