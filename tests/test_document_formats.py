"""Policies kept as HTML, Word and PDF files: read into sections, or refused with a clear error."""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader, PdfWriter

from search import ContentError, load_corpus, read_corpus
from search.ingest.chunking import chunk_corpus
from tests.fakes import FakeEmbedder

CLINIC = 'name = "Test IOP"\nintake_phone = "(555) 555-0100"\n'


def make_pdf(pages: list[list[str]]) -> bytes:
    """A minimal PDF, one page per list of lines, with a real text layer (Helvetica)."""
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", ""]
    kids = []
    for lines in pages:
        text = " ".join(f"({line}) Tj 0 -16 Td" for line in lines)
        stream = f"BT /F1 12 Tf 72 720 Td {text} ET" if lines else ""
        objects.append(f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream")
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {len(objects)} 0 R "
            "/Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>"
        )
        kids.append(f"{len(objects)} 0 R")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>"
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1"))
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    out.write("".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def rewritten(pdf: bytes, outline: list[tuple[str, int]] = (), password: str | None = None) -> bytes:
    """The PDF with bookmarks (title, page index) added, or encrypted with a password."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    for title, page in outline:
        writer.add_outline_item(title=title, page_number=page)
    if password:
        writer.encrypt(user_password=password, algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def corpus_with(tmp_path: Path, name: str, content: bytes) -> Path:
    (tmp_path / "clinic.toml").write_text(CLINIC, encoding="utf-8")
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return tmp_path


def sections_of(corpus: Path) -> dict[tuple[str, ...], str]:
    (document,) = load_corpus(corpus).documents
    return {section.headings: section.text for section in document.sections}


def test_html_headings_become_sections_and_page_furniture_is_left_out(tmp_path: Path) -> None:
    html = b"""<!doctype html><html><head><title>Visitor guide</title><style>p {color: red}</style>
    <script>track()</script></head><body><nav>Home | About</nav>
    <h1>Visitor guide</h1><!-- draft: confirm bus route with facilities --><p>Welcome to
    the clinic.</p>
    <h2>Parking &amp; transit</h2><p>Park in the <b>garage</b> behind the building.</p>
    <ul><li>Bus 4 stops outside.</li><li>Call {{intake_phone}} for directions.</li></ul>
    <table><tr><th>Day</th><th>Hours</th></tr><tr><td>Monday</td><td>9 to 5</td></tr></table>
    </body></html>"""
    sections = sections_of(corpus_with(tmp_path, "handbook/visitors.html", html))
    assert sections[("Visitor guide",)] == "Welcome to the clinic."
    parking = sections[("Visitor guide", "Parking & transit")]
    assert "Park in the garage behind the building." in parking  # inline tags keep the sentence whole
    assert "Call (555) 555-0100 for directions." in parking  # placeholders work in every format
    assert "Monday | 9 to 5" in parking
    assert "track()" not in parking and "Home | About" not in parking and "color" not in parking
    assert not any("draft" in text for text in sections.values())  # HTML comments are not content


def test_html_meta_tag_sets_the_audience(tmp_path: Path) -> None:
    html = b'<html><head><meta name="audience" content="staff"></head><body><h1>Keys</h1><p>Code 4.</p></body></html>'
    (document,) = load_corpus(corpus_with(tmp_path, "handbook/keys.html", html)).documents
    assert document.audience == "staff"


def test_word_headings_become_sections_and_tables_are_read(tmp_path: Path) -> None:
    word = docx.Document()
    word.add_heading("Medication policy", level=0)
    word.add_paragraph("Only licensed staff handle medication.")
    word.add_heading("Storage", level=1)
    word.add_paragraph("Medication is kept locked.")
    table = word.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Fridge", "2 to 8 degrees"
    word.add_heading("Disposal", level=2)
    word.add_paragraph("Unused doses go to the pharmacy.")
    data = io.BytesIO()
    word.save(data)
    corpus = corpus_with(tmp_path, "staff/medication.docx", data.getvalue())
    (document,) = load_corpus(corpus).documents
    assert (document.title, document.audience) == ("Medication policy", "staff")
    sections = {section.headings: section.text for section in document.sections}
    assert sections[("Medication policy",)] == "Only licensed staff handle medication."
    assert sections[("Medication policy", "Storage")] == "Medication is kept locked.\n\nFridge | 2 to 8 degrees"
    assert sections[("Medication policy", "Storage", "Disposal")] == "Unused doses go to the pharmacy."


def test_pdf_bookmarks_become_sections(tmp_path: Path) -> None:
    pdf = make_pdf([["Fire drills", "Drills run twice a year."], ["Evacuation", "Leave by the east stairs."]])
    pdf = rewritten(pdf, outline=[("Fire drills", 0), ("Evacuation", 1)])
    corpus = corpus_with(tmp_path, "staff/safety.pdf", pdf)
    (document,) = load_corpus(corpus).documents
    sections = {section.headings: (section.text, section.line) for section in document.sections}
    assert sections[("Fire drills",)] == ("Drills run twice a year.", 1)
    assert sections[("Evacuation",)] == ("Leave by the east stairs.", 2)  # line is the page
    chunks = chunk_corpus(load_corpus(corpus), FakeEmbedder().count_tokens, 40)
    assert [chunk.id for chunk in chunks] == ["staff/safety.pdf#fire-drills", "staff/safety.pdf#evacuation"]


def test_pdf_without_bookmarks_is_one_document_of_all_its_pages(tmp_path: Path) -> None:
    pdf = make_pdf([["Page one text."], ["Page two text."]])
    assert sections_of(corpus_with(tmp_path, "handbook/notice.pdf", pdf)) == {
        ("Notice",): "Page one text.\n\nPage two text."
    }


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("scan.pdf", make_pdf([[], []]), "has no text layer (a scanned image?)"),
        ("locked.pdf", rewritten(make_pdf([["Secret."]]), password="pw"), "is encrypted"),
        ("broken.pdf", make_pdf([["Text."]])[:60], "is not a readable PDF"),
        ("broken.docx", b"PK\x03\x04 not really a zip", "is not a readable Word document"),
        ("empty.html", b"<html><body><script>x()</script></body></html>", "has no text to index"),
    ],
)
def test_unreadable_files_are_named_and_nothing_is_indexed_from_them(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    corpus = corpus_with(tmp_path, f"handbook/{name}", content)
    (tmp_path / "handbook" / "good.md").write_text("# Good\n\nReadable text.\n", encoding="utf-8")
    loaded = read_corpus(corpus)
    assert [document.source for document in loaded.documents] == ["handbook/good.md"]
    (problem,) = loaded.problems
    assert str(problem).startswith(f"handbook/{name}: {message}")
    with pytest.raises(ContentError, match=message.replace("(", r"\(").replace(")", r"\)").replace("?", r"\?")):
        load_corpus(corpus)


def test_bad_placeholder_in_a_word_file_names_its_section(tmp_path: Path) -> None:
    word = docx.Document()
    word.add_heading("Front desk", level=1)
    word.add_paragraph("Fax records to {{fax}}.")
    data = io.BytesIO()
    word.save(data)
    with pytest.raises(
        ContentError, match=r"^handbook/desk.docx, section “Front desk”: unknown placeholder \{\{fax\}\}"
    ):
        load_corpus(corpus_with(tmp_path, "handbook/desk.docx", data.getvalue()))


def word_file(*paragraphs: str) -> bytes:
    word = docx.Document()
    word.add_heading("Visiting", level=1)
    for paragraph in paragraphs:
        word.add_paragraph(paragraph)
    data = io.BytesIO()
    word.save(data)
    return data.getvalue()


def with_member(package: bytes, name: str, change) -> bytes:
    """The zip package with one member's bytes replaced by change(old bytes)."""
    source = zipfile.ZipFile(io.BytesIO(package))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            target.writestr(info.filename, change(content) if info.filename == name else content)
    return out.getvalue()


def flag_encrypted(package: bytes, name: str) -> bytes:
    """The zip package with one member marked as encrypted in the zip's directory."""
    data = bytearray(package)
    entry = 0
    while True:
        entry = package.index(b"PK\x01\x02", entry)
        name_length = int.from_bytes(package[entry + 28 : entry + 30], "little")
        if package[entry + 46 : entry + 46 + name_length] == name.encode():
            data[entry + 8] |= 1
            return bytes(data)
        entry += 4


def pdf_of_stream(stream: bytes, filters: str = "/FlateDecode") -> bytes:
    """A one-page PDF whose page content is the given stream, compressed by `filters`."""
    body = zlib.compress(stream, 9) if filters else stream
    with_filter = f" /Filter {filters}" if filters else ""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        f"<< /Length {len(body)}{with_filter} >>\nstream\n".encode() + body + b"\nendstream",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R "
        b"/Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, content in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + content + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    out.write("".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


GOOD_WORD = word_file("Visitors sign in at the front desk.")
DOCUMENT_XML = "word/document.xml"
TEXT_OPERATOR = b"(" + b"x" * 60 + b") Tj "


@pytest.mark.parametrize(
    ("name", "make", "message"),
    [
        ("text.docx", lambda: b"Visiting hours are 9 to 5.\n", "is not a readable Word document"),
        # What python-docx, zipfile and lxml raise on a damaged package, found by corrupting real files.
        (
            "xml.docx",
            lambda: with_member(GOOD_WORD, DOCUMENT_XML, lambda xml: xml[: len(xml) // 2]),
            "is not a readable Word",
        ),
        (
            "types.docx",
            lambda: with_member(GOOD_WORD, "[Content_Types].xml", lambda xml: xml.replace(b"styles+xml", b"x+xml")),
            "is not a readable Word document",
        ),
        (
            "rels.docx",
            lambda: with_member(GOOD_WORD, "_rels/.rels", lambda xml: xml.replace(b'Target="word/document.xml"', b"")),
            "is not a readable Word document",
        ),
        ("locked.docx", lambda: flag_encrypted(GOOD_WORD, DOCUMENT_XML), "is not a readable Word document"),
        # A zip bomb: a small file that would unpack to far more than any policy needs.
        (
            "bomb.docx",
            lambda: with_member(GOOD_WORD, DOCUMENT_XML, lambda xml: xml.replace(b"Visitors", b" " * 30_000_000)),
            r"unpacks to 29 MB, [\d,]+ times its size",
        ),
        # PDFs: a compressed stream too large to unpack, a page with more text than any page holds,
        # arrays nested 100,000 deep, a filter pypdf does not have.
        ("bomb.pdf", lambda: pdf_of_stream(b" " * 80_000_000), "is not a readable PDF"),
        (
            "wall.pdf",
            lambda: pdf_of_stream(b"BT /F1 12 Tf 72 720 Td " + TEXT_OPERATOR * 2000 + b"ET"),
            "page 1 has more than 100,000 characters of text",
        ),
        (
            "deep.pdf",
            lambda: pdf_of_stream(b"BT /F1 12 Tf " + b"[" * 100_000 + b"]" * 100_000 + b" TJ ET", ""),
            "is not a readable PDF",
        ),
        ("filter.pdf", lambda: pdf_of_stream(b"BT /F1 12 Tf (Hi) Tj ET", "/FlatoDecode"), "is not a readable PDF"),
        ("long.pdf", lambda: make_pdf([["Page."]] * 1001), "has 1001 pages; a PDF may have at most 1000"),
        # HTML: a NUL byte is not text (an HTML file saved as UTF-16 without its byte-order mark?).
        ("nul.html", lambda: b"<html><body><h1>T</h1>\n<p>\x001\x00x\x00y</p></body></html>", "line 2: has a NUL byte"),
        (
            "utf16.html",
            lambda: "<html><body><h1>Visiting</h1><p>Hours</p></body></html>".encode("utf-16-le"),
            "line 1: has a NUL byte",
        ),
    ],
)
def test_files_the_libraries_cannot_read_are_named_never_a_traceback(
    tmp_path: Path, name: str, make: Callable[[], bytes], message: str
) -> None:
    corpus = corpus_with(tmp_path, f"handbook/{name}", make())  # built here: some are large while built
    (tmp_path / "handbook" / "good.md").write_text("# Good\n\nReadable text.\n", encoding="utf-8")
    loaded = read_corpus(corpus)
    assert [document.source for document in loaded.documents] == ["handbook/good.md"]
    (problem,) = loaded.problems
    where = f"handbook/{name}, " if message.startswith("line") else f"handbook/{name}: "
    assert re.match(re.escape(where) + message, str(problem))


def test_html_in_utf16_with_its_byte_order_mark_is_read(tmp_path: Path) -> None:
    html = "<html><body><h1>Visiting</h1><p>Hours are 9 to 5.</p></body></html>".encode("utf-16")
    assert sections_of(corpus_with(tmp_path, "handbook/visiting.html", html)) == {("Visiting",): "Hours are 9 to 5."}


def test_html_nested_thousands_deep_is_read_whole(tmp_path: Path) -> None:
    # Old pages often leave <p> unclosed, and the HTML parser nests each in the one before.
    html = "<h1>Rules</h1>" + "".join(f"<p>Rule {number}." for number in range(20_000))
    text = sections_of(corpus_with(tmp_path, "handbook/rules.html", html.encode()))[("Rules",)]
    assert text.split("\n") == [f"Rule {number}." for number in range(20_000)]


def test_word_tables_with_wide_and_long_merged_cells_are_read_row_by_row(tmp_path: Path) -> None:
    # python-docx repeats a cell for every column it spans and searches up the table for a merged
    # cell's text from every row; a damaged or hostile file claims a million columns, or merges
    # a cell down hundreds of rows. Each cell is read once, and a merged cell names each row.
    word = docx.Document()
    word.add_heading("Rooms", level=1)
    rooms = word.add_table(rows=500, cols=2)
    for number, row in enumerate(rooms.rows):
        row.cells[1].text = f"Room {number}"
    rooms.rows[0].cells[0].merge(rooms.rows[499].cells[0]).text = "Building A"
    wide = word.add_table(rows=1, cols=1)
    wide.cell(0, 0).text = "Wide cell"
    data = io.BytesIO()
    word.save(data)

    def span_a_million_columns(xml: bytes) -> bytes:
        before, mark, after = xml.rpartition(b"<w:tcPr>")  # the last cell: the wide table's
        return before + mark + b'<w:gridSpan w:val="1000000"/>' + after

    claimed = with_member(data.getvalue(), DOCUMENT_XML, span_a_million_columns)
    text = sections_of(corpus_with(tmp_path, "handbook/rooms.docx", claimed))[("Rooms",)]
    assert text.split("\n") == [f"Building A | Room {row}" for row in range(500)] + ["Wide cell"]
