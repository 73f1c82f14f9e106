"""A section's whole document, as the page opens it under the section: read from the published index,
every section in the file's order with the one that answered marked, and never a staff section for
the public."""

from __future__ import annotations

from pathlib import Path

from search import load_index
from search.present.documents import whole_document
from search.retrieval.answer import Result
from search.vocab import Audience


def result_for(chunk_id: str, doc: str, audience: Audience = Audience.PUBLIC) -> Result:
    return Result(chunk_id, doc, "", "", 0.9, audience)


def test_a_sections_document_is_read_whole_in_order_with_that_section_marked(sample_index: Path) -> None:
    index = load_index(sample_index)
    late = [row for row in index.first_row if row.title.endswith("Late arrival")][0]
    parts = whole_document(index, result_for(late.id, late.doc), Audience.PUBLIC)
    assert [part.heading for part in parts] == ["Client guide", "Attendance", "Late arrival", "Attendance"]
    assert [part.matched for part in parts] == [False, False, True, False]
    assert "join the next group block" in parts[2].text


def test_a_staff_document_opens_for_staff_only_and_an_faq_entry_not_at_all(sample_index: Path) -> None:
    index = load_index(sample_index)
    call = [row for row in index.first_row if row.title.endswith("Same-day call")][0]
    staff_result = result_for(call.id, call.doc, Audience.STAFF)
    assert whole_document(index, staff_result, Audience.PUBLIC) == ()
    # (The policy's title has no text of its own, so it is no section.)
    headings = [part.heading for part in whole_document(index, staff_result, Audience.STAFF)]
    assert headings == ["Same-day call", "Third absence"]
    entry = index.first_row[0]
    assert "#" not in entry.id and whole_document(index, result_for(entry.id, entry.doc), Audience.STAFF) == ()
