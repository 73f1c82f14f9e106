"""The reader for Word files (.docx): sections split at paragraphs styled as headings.

Whatever a damaged or hostile file makes a library raise is a ContentError naming the file,
never a traceback. A Word file is packed, so the reader also refuses one that would take more
memory or time than any real policy needs (the README lists these limits): a file whose parts
unpack to more than MAX_DOCX_UNPACKED_MB in all, or to more than MAX_DOCX_PACKING_RATIO times
the file's size once over DOCX_RATIO_CHECKED_FROM_MB (a zip bomb), read from the zip's
directory before anything is unpacked.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Iterator

from search.errors import ContentError
from search.ingest.documents import ParsedDocument, SectionBuilder

_MB = 1024 * 1024
MAX_DOCX_UNPACKED_MB = 100
MAX_DOCX_PACKING_RATIO = 100  # Word's XML packs about 5 to 50 times; a zip bomb about 1,000
DOCX_RATIO_CHECKED_FROM_MB = 10  # a small file cannot do harm, however well it packs
_WORD_HEADING_STYLE = re.compile(r"^Heading (\d)$")


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
    builder = SectionBuilder(fallback_title)
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
