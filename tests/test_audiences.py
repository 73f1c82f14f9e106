"""Public and staff audiences: the public never sees a staff chunk, whatever it asks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from search import Settings, load_corpus, load_index
from search.cli import main
from tests.conftest import PROJECT_ROOT

STAFF_DOCUMENTS = [
    document for document in load_corpus(PROJECT_ROOT / "corpus").documents if document.audience == "staff"
]


def staff_headings() -> list[str]:
    headings = {document.title for document in STAFF_DOCUMENTS}
    headings |= {
        heading for document in STAFF_DOCUMENTS for section in document.sections for heading in section.headings
    }
    return sorted(headings)


@pytest.fixture(scope="module")
def program(program_index: Path):
    return load_index(program_index)


def test_the_sample_content_has_both_audiences(program) -> None:
    audiences = {row.audience for row in program.rows}
    assert audiences == {"public", "staff"}
    assert len(STAFF_DOCUMENTS) == 10


def test_public_search_never_returns_staff_chunks_even_for_staff_headings(program, searcher_for) -> None:
    searcher = searcher_for(program, Settings(k=10))
    headings = staff_headings()
    assert len(headings) > 80
    for heading in headings:
        results = searcher.ask(heading).results
        assert results, heading
        assert all(result.audience == "public" and not result.doc.startswith("staff/") for result in results), heading


def test_staff_search_finds_each_staff_policy_by_its_title(program, searcher_for) -> None:
    searcher = searcher_for(program)
    for document in STAFF_DOCUMENTS:
        results = searcher.ask(document.title, "staff").results
        assert document.source in {result.doc for result in results}, document.title


def test_cli_ask_is_public_unless_staff_is_asked_for(program_index: Path, capsys) -> None:
    question = "Client drops off a video session while at risk"
    assert main(["ask", question, "--index", str(program_index), "--json", "--k", "10"]) == 0
    public = json.loads(capsys.readouterr().out)
    assert {result["audience"] for result in public["results"]} == {"public"}
    assert main(["ask", question, "--index", str(program_index), "--json", "--audience", "staff"]) == 0
    staff = json.loads(capsys.readouterr().out)
    assert staff["results"][0]["id"] == "staff/telehealth-procedures.md#client-drops-off-a-video-session-while-at-risk"
