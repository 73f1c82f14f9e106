"""Policies kept as HTML, Word and PDF files: read into sections, or refused with a clear error."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader, PdfWriter

from search import ContentError, load_corpus, read_corpus
from search.chunking import chunk_corpus
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
