"""The reader for HTML pages (.html, .htm): sections split at their headings.

Whatever a damaged or hostile page makes BeautifulSoup raise is a ContentError naming the
file, never a traceback; a page nested thousands deep is read in linear time.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from search.errors import ContentError
from search.ingest.documents import ParsedDocument, SectionBuilder
from search.text import refuse_nul_bytes
from search.vocab import fold_whitespace

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
    return fold_whitespace(" ".join(words))


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
    builder = SectionBuilder(page_title or fallback_title)
    line = 1
    text: list[str] = []

    def add_text() -> None:
        for raw_line in "".join(text).split("\n"):
            builder.text(fold_whitespace(raw_line).strip(" |"), line)
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
