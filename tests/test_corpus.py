"""Reading a corpus: each format, the clinic file, and content errors that name file and line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from search import ContentError, contact_line, load_corpus, read_corpus
from search.evaluation.checks import check_corpus
from search.ingest.clinic import FIELD_NAMES, ClinicInfo
from search.ingest.sources import MAX_FILE_MB
from tests.fakes import FakeEmbedder

SEED_FILE = Path(__file__).resolve().parents[2] / "shared" / "seed" / "000_4233162f6eac615a.txt"
PROJECT_CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def test_reads_every_format_of_the_test_corpus(corpus: Path) -> None:
    loaded = load_corpus(corpus)
    by_id = {entry.id: entry for entry in loaded.entries}
    assert set(by_id) == {"parking", "insurance", "can-i-attend-by-video", "pets", "snacks", "languages"}
    # Continuation lines join the answer; a blank line stays a paragraph break.
    assert by_id["parking"].answer == "Free parking is in the lot behind the building.\nStreet parking is also allowed."
    assert "\n\nWe call your insurer" in by_id["insurance"].answer
    assert (by_id["insurance"].source, by_id["insurance"].line) == ("faq/program.txt", 8)
    assert by_id["languages"].source == "faq/export.csv"
    assert by_id["languages"].answer.startswith("Yes. Bilingual therapists")
    assert {document.source for document in loaded.documents} == {"handbook/guide.md", "staff/policy.md"}
    assert loaded.clinic == ClinicInfo(
        name="Test Valley IOP",
        intake_phone="(555) 555-0100",
        hours="weekdays 9 to 5",
        after_hours_line="(555) 555-0101",
    )
    assert set(loaded.sources) == {
        "clinic.toml",
        "faq/program.txt",
        "faq/export.jsonl",
        "faq/export.csv",
        "handbook/guide.md",
        "staff/policy.md",
    }


def test_staff_folder_sets_the_audience(corpus: Path) -> None:
    loaded = load_corpus(corpus)
    audiences = {document.source: document.audience for document in loaded.documents}
    assert audiences == {"handbook/guide.md": "public", "staff/policy.md": "staff"}
    assert {entry.audience for entry in loaded.entries} == {"public"}


def test_markdown_headings_become_sections(corpus: Path) -> None:
    guide = next(doc for doc in load_corpus(corpus).documents if doc.source == "handbook/guide.md")
    assert guide.title == "Client guide"
    assert [section.headings for section in guide.sections] == [
        ("Client guide",),
        ("Client guide", "Attendance"),
        ("Client guide", "Late arrival"),
        ("Client guide", "Attendance"),
    ]
    assert guide.sections[2].text.startswith("If you arrive more than fifteen minutes late")


def test_headings_inside_code_fences_are_text(tmp_path: Path) -> None:
    write(tmp_path / "doc.md", "# Guide\n\nIntro.\n\n```\n# not a heading\n```\n\n## Real\n\nBody.\n")
    document = load_corpus(tmp_path).documents[0]
    assert [section.headings[-1] for section in document.sections] == ["Guide", "Real"]
    assert "# not a heading" in document.sections[0].text


def test_seed_entries_are_word_for_word_with_their_ids() -> None:
    seed_text = SEED_FILE.read_text(encoding="utf-8")
    seed_entries = load_corpus(SEED_FILE).entries
    project_entries = [entry for entry in load_corpus(PROJECT_CORPUS).entries if entry.language == "en"]
    assert [entry.id for entry in project_entries[:4]] == [
        "what-is-iop",
        "iop-vs-outpatient",
        "what-happens",
        "family-role",
    ]
    for seed, ours in zip(seed_entries, project_entries[:4], strict=True):
        assert (ours.question, ours.answer) == (seed.question, seed.answer)
        assert f"Q: {ours.question}\nA: {ours.answer}" in seed_text
    assert "IOP’s" in project_entries[0].answer  # typographic apostrophes kept


def test_a_single_faq_file_is_a_corpus_without_clinic_details() -> None:
    loaded = load_corpus(SEED_FILE)
    assert len(loaded.entries) == 4
    assert loaded.entries[0].source == SEED_FILE.name
    assert loaded.clinic is None
    assert "intake team" in contact_line(loaded.clinic)


def test_a_single_faq_file_named_through_a_link_is_read(tmp_path: Path) -> None:
    # A link given as the corpus is the user's own choice; only links inside a corpus are refused.
    (tmp_path / "seed.txt").symlink_to(SEED_FILE)
    assert len(load_corpus(tmp_path / "seed.txt").entries) == 4


def test_contact_line_uses_the_clinic_details() -> None:
    clinic = ClinicInfo(name="Riverbend", intake_phone="(541) 555-0142", hours="weekdays", after_hours_line="988")
    assert contact_line(clinic) == (
        "Please call Riverbend's intake team at (541) 555-0142 (weekdays). After hours, call 988."
    )


@pytest.mark.parametrize(
    ("name", "content", "line", "message"),
    [
        ("faq/a.txt", "Q: Where is it?\nA: Here.\n\nQ: When do you open?\n\n", 4, "has no answer"),
        ("faq/a.txt", "A: Orphan answer.\n", 1, "has no question"),
        ("faq/a.txt", "Q: One?\nA: Yes.\nA: Again.\n", 3, "a second 'A:'"),
        ("faq/a.txt", "Hello there\nQ: One?\nA: Yes.\n", 1, "expected a line starting with 'Q:' or 'id:'"),
        ("faq/a.txt", "id: first\nid: second\nQ: One?\nA: Yes.\n", 1, "must be followed by its 'Q:'"),
        ("faq/a.txt", "id: has space\nQ: One?\nA: Yes.\n", 1, "no spaces"),
        ("faq/a.txt", "Q:   \nA: Yes.\n", 1, "the question is empty"),
        (
            "faq/a.jsonl",
            '{"id": "a", "question": "Q?", "answer": "A."}\n{"id": "b", "question": "Q2?"\n',
            2,
            "not valid JSON",
        ),
        ("faq/a.jsonl", '{"id": "a", "question": "Q?"}\n', 1, "'answer' is missing"),
        ("faq/a.csv", "id,question\nx,Q?\n", 1, "needs the column(s) answer"),
        ("faq/a.csv", "id,question,answer\nx,Q?,A.\ny,Q2?\n", 3, "has 2 fields"),
        # What the libraries underneath raise is named the same way, never a traceback.
        ("faq/a.txt", "Q: One?\nA: Ye\x00s.\n", 2, "has a NUL byte"),
        ("faq/a.jsonl", "\n" + "[" * 100_000 + "]" * 100_000 + "\n", 2, "arrays or objects nested too deeply"),
        ("faq/a.jsonl", '{"id": ' + "9" * 5000 + ', "question": "Q?", "answer": "A."}\n', 1, "more than 4300 digits"),
        ("faq/a.jsonl", '{"question": "Q\\ud83d?", "answer": "A."}\n', 1, "'question' holds '\\ud83d'"),
        ("faq/a.jsonl", '{"question": "Q?", "answer": "A\\u0000."}\n', 1, "'answer' holds '\\x00'"),
        ("faq/a.jsonl", '{"question": "Q?", "answer": "A.", "alternates": ["\\udc00"]}\n', 1, "'alternates' holds"),
        ("faq/a.csv", 'question,answer\nQ?,A.\nQ2?,"' + "a" * 200_000 + "\n", 3, "is a closing quote missing?"),
    ],
)
def test_malformed_faq_names_file_and_line(tmp_path: Path, name: str, content: str, line: int, message: str) -> None:
    write(tmp_path / name, content)
    with pytest.raises(ContentError) as caught:
        load_corpus(tmp_path)
    assert caught.value.path == name
    assert caught.value.line == line
    assert message in str(caught.value)
    assert str(caught.value).startswith(f"{name}, line {line}: ")


def test_file_that_is_not_utf8_names_the_line(tmp_path: Path) -> None:
    write(tmp_path / "faq" / "old.txt", "Q: Caf\xe9 hours?\nA: Nine.\nQ: Price?\nA: 5 \x80 a day\n".encode("latin-1"))
    with pytest.raises(ContentError, match=r"^faq/old.txt, line 1: is not UTF-8") as caught:
        load_corpus(tmp_path)
    assert "save it as UTF-8" in str(caught.value)


@pytest.mark.parametrize("name", ["faq/empty.txt", "handbook/empty.md", "faq/blank.jsonl"])
def test_empty_file_is_an_error(tmp_path: Path, name: str) -> None:
    write(tmp_path / "faq" / "ok.txt", "Q: One?\nA: Yes.\n")
    write(tmp_path / name, "  \n\n")
    with pytest.raises(ContentError, match=rf"^{name}: is empty"):
        load_corpus(tmp_path)


def test_duplicate_ids_name_both_places(corpus: Path) -> None:
    # Files are read in name order, so more.txt comes first and program.txt holds the repeat.
    write(corpus / "faq" / "more.txt", "# extra\n\nid: parking\nQ: Is parking free?\nA: Yes.\n")
    with pytest.raises(ContentError) as caught:
        load_corpus(corpus)
    assert str(caught.value) == (
        "faq/program.txt, line 3: id 'parking' is already used by faq/more.txt, line 4; give one of them another id"
    )


def test_unknown_file_types_are_skipped_with_a_warning(corpus: Path) -> None:
    write(corpus / "handbook" / "forms.rtf", b"{\\rtf1 Intake form}")
    write(corpus / ".DS_Store", b"\x00\x01")
    loaded = load_corpus(corpus)
    assert loaded.warnings == (
        "handbook/forms.rtf: skipped, '.rtf' files are not read "
        "(supported: .csv, .docx, .htm, .html, .jsonl, .markdown, .md, .pdf, .txt)",
    )
    assert "handbook/forms.rtf" not in loaded.sources


def test_clinic_file_errors_and_unknown_keys(tmp_path: Path) -> None:
    write(tmp_path / "faq" / "a.txt", "Q: One?\nA: Yes.\n")
    write(tmp_path / "clinic.toml", 'name = "X"\nphone = "1"\n')
    assert load_corpus(tmp_path).warnings[0].startswith("clinic.toml: unknown key 'phone' ignored")
    write(tmp_path / "clinic.toml", 'name = "X"\nintake_phone = \n')
    with pytest.raises(ContentError, match=r"^clinic.toml: is not valid TOML: .*line 2"):
        load_corpus(tmp_path)
    write(tmp_path / "clinic.toml", "intake_phone = 5415550142\n")
    with pytest.raises(ContentError, match="'intake_phone' must be text in quotes"):
        load_corpus(tmp_path)


def test_missing_corpus_and_corpus_with_nothing_to_index(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match="no such corpus folder"):
        load_corpus(tmp_path / "nowhere")
    write(tmp_path / "clinic.toml", 'name = "X"\n')
    with pytest.raises(ContentError, match="has no FAQ entries or documents"):
        load_corpus(tmp_path)


def test_alternate_phrasings_in_every_faq_format(tmp_path: Path) -> None:
    write(
        tmp_path / "faq" / "a.txt",
        "id: video\nQ: Can I attend by video?\nAlso: Is there telehealth?\nAlso: Do you offer\n  online groups?\n"
        "A: Yes.\nAlso: bring headphones.\n",
    )
    write(tmp_path / "b.jsonl", '{"id": "pets", "question": "Pets?", "answer": "No.", "alternates": ["Dogs?"]}\n')
    write(tmp_path / "c.csv", "id,question,answer,alternates\nfood,Snacks?,Yes.,Can I eat? | Lunch?\n")
    by_id = {entry.id: entry for entry in load_corpus(tmp_path).entries}
    assert by_id["video"].alternates == ("Is there telehealth?", "Do you offer online groups?")
    assert by_id["video"].answer == "Yes.\nAlso: bring headphones."  # inside an answer, 'Also:' is text
    assert by_id["pets"].alternates == ("Dogs?",)
    assert by_id["food"].alternates == ("Can I eat?", "Lunch?")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("faq/a.txt", "Also: Parking?\nQ: Where do I park?\nA: Behind.\n", "line 1: an 'Also:' line must follow"),
        ("a.jsonl", '{"question": "Q?", "answer": "A.", "alternates": "Q2?"}\n', "line 1: 'alternates' must be a list"),
    ],
)
def test_misplaced_alternates_name_the_line(tmp_path: Path, name: str, content: str, message: str) -> None:
    write(tmp_path / name, content)
    with pytest.raises(ContentError, match=message):
        load_corpus(tmp_path)


def test_front_matter_sets_the_audience_and_keeps_line_numbers(tmp_path: Path) -> None:
    write(tmp_path / "handbook" / "keys.md", "---\naudience: staff\ntitle: Door codes\n---\n# Keys\n\nCode 4.\n")
    write(tmp_path / "staff" / "open.md", "---\naudience: public\n---\n# Visiting\n\nAnyone may visit.\n")
    loaded = load_corpus(tmp_path)
    documents = {document.source: document for document in loaded.documents}
    assert (documents["handbook/keys.md"].audience, documents["handbook/keys.md"].title) == ("staff", "Door codes")
    assert documents["handbook/keys.md"].sections[0].line == 5
    assert documents["staff/open.md"].audience == "public"
    assert loaded.warnings == (
        "staff/open.md, line 2: says 'audience: public' inside staff/, so the public will see it",
    )
    write(tmp_path / "handbook" / "keys.md", "---\naudience: everyone\n---\n# Keys\n\nCode 4.\n")
    with pytest.raises(ContentError, match=r"^handbook/keys.md, line 2: audience must be public or staff"):
        load_corpus(tmp_path)


def test_placeholders_are_filled_from_clinic_toml(tmp_path: Path) -> None:
    write(tmp_path / "clinic.toml", 'name = "Hill IOP"\nintake_phone = "(555) 555-0100"\n')
    write(
        tmp_path / "faq" / "a.txt",
        "# {{anything}} in a comment is left alone\nQ: Phone?\nA: Call {{ intake_phone }}.\n",
    )
    write(tmp_path / "handbook" / "h.md", "# {{name}} handbook\n\nWelcome to {{name}}.\n")
    loaded = load_corpus(tmp_path)
    assert loaded.entries[0].answer == "Call (555) 555-0100."
    assert loaded.documents[0].title == "Hill IOP handbook"
    assert loaded.documents[0].sections[0].text == "Welcome to Hill IOP."


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("# H\n\nOne.\n\nCall {{intake_phon}}.\n", r"line 5: unknown placeholder \{\{intake_phon\}\}"),
        ("# H\n\nCall {{after_hours_line}}.\n", r"line 3: uses \{\{after_hours_line\}\}, but clinic.toml does not set"),
    ],
)
def test_bad_placeholders_name_the_line(tmp_path: Path, text: str, message: str) -> None:
    write(tmp_path / "clinic.toml", 'name = "Hill IOP"\nintake_phone = "(555) 555-0100"\n')
    write(tmp_path / "h.md", text)
    with pytest.raises(ContentError, match=rf"^h.md, {message}"):
        load_corpus(tmp_path)


def test_every_problem_is_collected_and_the_first_is_raised_with_a_count(tmp_path: Path) -> None:
    write(tmp_path / "faq" / "a.txt", "Q: One?\n")
    write(tmp_path / "faq" / "b.txt", "id: x\nQ: Two?\nA: Yes.\n\nid: x\nQ: Three?\nA: Yes.\n")
    write(tmp_path / "faq" / "c.txt", "Q: Four?\nA: Yes.\n")
    loaded = read_corpus(tmp_path)
    assert [entry.question for entry in loaded.entries] == ["Two?", "Four?"]
    assert [str(problem) for problem in loaded.problems] == [
        "faq/a.txt, line 1: this question has no answer: add a line starting with 'A:'",
        "faq/b.txt, line 6: id 'x' is already used by faq/b.txt, line 2; give one of them another id",
    ]
    with pytest.raises(ContentError) as caught:
        load_corpus(tmp_path)
    assert str(caught.value) == (
        "faq/a.txt, line 1: this question has no answer: add a line starting with 'A:' "
        "(and 1 more problem: python build_index.py --check lists them all)"
    )


def test_every_problem_in_one_file_is_listed_not_only_the_first(tmp_path: Path) -> None:
    # An unknown placeholder used to hide the missing 'A:' below it until the first was fixed.
    write(tmp_path / "clinic.toml", 'intake_phone = "(555) 555-0100"\n')
    text = "Q: Fax?\nA: Fax us at {{fax}}.\n\nQ: Parking?\n\nid: two words\nQ: Hours?\nA: Weekdays.\nA: Weekends.\n"
    write(tmp_path / "faq" / "a.txt", text)
    write(tmp_path / "faq" / "b.jsonl", '{"question": "Ok?", "answer": "Yes."}\n{broken\n[1]\n')
    write(tmp_path / "faq" / "c.csv", "question,answer\nOk?,Yes.\nonly one field\n,No question.\n")
    loaded = read_corpus(tmp_path)
    assert [str(problem) for problem in loaded.problems] == [
        "faq/a.txt, line 2: unknown placeholder {{fax}}; clinic.toml fields are " + ", ".join(FIELD_NAMES),
        "faq/a.txt, line 4: this question has no answer: add a line starting with 'A:'",
        "faq/a.txt, line 6: id 'two words' must be one word with no spaces or '#'",
        "faq/a.txt, line 9: a second 'A:' for the question on line 7",
        "faq/b.jsonl, line 2: is not valid JSON (Expecting property name enclosed in double quotes)",
        "faq/b.jsonl, line 3: each line must be a JSON object",
        "faq/c.csv, line 3: has 1 fields where the header has 2",
        "faq/c.csv, line 4: the question is empty",
    ]
    # A file with a problem is left out whole, and named as left out.
    assert loaded.entries == () and loaded.skipped == ("faq/a.txt", "faq/b.jsonl", "faq/c.csv")


SECRET = "root:x:0:0:root:/root:/bin/bash"


def public_text(loaded) -> str:
    """Every word a public search could show, from entries and document sections alike."""
    texts = [f"{entry.question} {entry.answer}" for entry in loaded.entries if entry.audience == "public"]
    texts += [
        section.text for document in loaded.documents if document.audience == "public" for section in document.sections
    ]
    return "\n".join(texts)


@pytest.mark.parametrize(
    ("link", "target", "message"),
    [
        # A link to a file anywhere on the machine would publish it.
        ("handbook/passwd.md", "{outside}/passwd.md", "is a symbolic link to {outside}/passwd.md, outside the corpus"),
        # A public path to a staff file would show staff text to the public.
        ("handbook/keys.md", "../staff/policy.md", "is a symbolic link to ../staff/policy.md, inside staff content"),
        ("handbook/keys.md", "../STAFF/keys.md", "is a symbolic link to ../STAFF/keys.md, inside staff content"),
        # Folders too: one outside, one into staff, one that loops back on itself.
        ("handbook/etc", "{outside}", "is a symbolic link to {outside}, outside the corpus"),
        ("handbook/team", "../staff", "is a symbolic link to ../staff, inside staff content"),
        ("handbook/loop", "..", "is a symbolic link to .."),
        # Even within one audience: a link is never read (README: Who sees what).
        ("handbook/copy.md", "guide.md", "is a symbolic link to guide.md; links are not read"),
        ("handbook/gone.md", "nowhere.md", "is a symbolic link to nowhere.md; links are not read"),
    ],
)
def test_a_symbolic_link_is_an_error_naming_the_link_and_its_target(
    corpus: Path, tmp_path: Path, link: str, target: str, message: str
) -> None:
    outside = tmp_path / "elsewhere"
    write(outside / "passwd.md", f"# Accounts\n\n{SECRET}\n")
    write(corpus / "STAFF" / "keys.md", f"# Keys\n\n{SECRET}\n")
    target, message = target.format(outside=outside), message.format(outside=outside)
    (corpus / link).symlink_to(target)
    loaded = read_corpus(corpus)
    assert SECRET not in public_text(loaded)
    (problem,) = loaded.problems
    assert str(problem).startswith(f"{link}: {message}")
    assert link not in loaded.sources
    with pytest.raises(ContentError, match=f"^{re.escape(link)}: {re.escape(message)}"):
        load_corpus(corpus)


def test_check_lists_a_symbolic_link_as_an_error(corpus: Path, tmp_path: Path) -> None:
    write(tmp_path / "passwd", SECRET)
    (corpus / "handbook" / "passwd.md").symlink_to(tmp_path / "passwd")
    findings = [str(finding) for finding in check_corpus(corpus, FakeEmbedder()).findings]
    assert f"error: handbook/passwd.md: is a symbolic link to {tmp_path / 'passwd'}, outside the corpus" in [
        finding.split("; ")[0] for finding in findings
    ]


@pytest.mark.parametrize(
    "folder", ["Staff", "STAFF", "handbook/staff", "handbook/Staff/forms", "faq/staff", " staff", "ｓｔａｆｆ"]
)
def test_a_folder_named_staff_in_any_case_at_any_depth_is_staff_only(corpus: Path, folder: str) -> None:
    write(corpus / folder / "keys.md", "# Door codes\n\nThe back door code is 4471.\n")
    write(corpus / folder / "faq.jsonl", '{"id": "alarm", "question": "Alarm code?", "answer": "It is 9."}\n')
    loaded = load_corpus(corpus)
    documents = {document.source: document.audience for document in loaded.documents}
    assert documents[f"{folder}/keys.md"] == "staff"
    assert {entry.id: entry.audience for entry in loaded.entries}["alarm"] == "staff"


def test_only_a_folder_named_staff_is_staff_only(corpus: Path) -> None:
    write(corpus / "handbook" / "staff.md", "# Our staff\n\nMeet the team.\n")
    write(corpus / "staff-bios" / "team.md", "# Team\n\nTherapists and nurses.\n")
    audiences = {document.source: document.audience for document in load_corpus(corpus).documents}
    assert (audiences["handbook/staff.md"], audiences["staff-bios/team.md"]) == ("public", "public")


def test_a_public_file_in_a_nested_staff_folder_is_warned_about(corpus: Path) -> None:
    write(corpus / "handbook" / "Staff" / "open.md", "---\naudience: public\n---\n# Visiting\n\nAnyone may visit.\n")
    assert load_corpus(corpus).warnings == (
        "handbook/Staff/open.md, line 2: says 'audience: public' inside handbook/Staff/, so the public will see it",
    )


def test_a_file_too_large_to_be_content_is_refused_unread(corpus: Path) -> None:
    with (corpus / "handbook" / "scan.pdf").open("wb") as sparse:
        sparse.truncate(MAX_FILE_MB * 1024 * 1024 + 1)  # takes no disk space
    with pytest.raises(ContentError, match=rf"^handbook/scan.pdf: is larger than {MAX_FILE_MB} MB"):
        load_corpus(corpus)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("x = " + "[" * 100_000 + "]" * 100_000 + "\n", "clinic.toml: is not valid TOML: it nests arrays or tables"),
        (
            'name = "X"\nintake_phone = "1"\nstaff = ' + "9" * 5000 + "\n",
            "clinic.toml, line 3: is not valid TOML: a number has more than 4300 digits",
        ),
        ('name = "X"\nintake_phone = "555\\u0000"\n', "clinic.toml: 'intake_phone' holds '\\x00', which is not"),
    ],
)
def test_clinic_file_the_toml_reader_cannot_read_is_named(corpus: Path, content: str, message: str) -> None:
    write(corpus / "clinic.toml", content)
    with pytest.raises(ContentError, match=f"^{re.escape(message)}"):
        load_corpus(corpus)


def test_front_matter_title_fills_placeholders_and_an_empty_one_is_not_used(tmp_path: Path) -> None:
    write(tmp_path / "clinic.toml", 'name = "Hill IOP"\nintake_phone = "(555) 555-0100"\n')
    write(tmp_path / "a.md", "---\ntitle: {{name}} rules\n---\n# Rules\n\nBe kind.\n")
    write(tmp_path / "b.md", "---\ntitle:\n---\nBe on time.\n")
    titles = {document.source: document.title for document in load_corpus(tmp_path).documents}
    assert titles == {"a.md": "Hill IOP rules", "b.md": "B"}
    write(tmp_path / "a.md", "---\ntitle: {{fax}} rules\n---\n# Rules\n\nBe kind.\n")
    with pytest.raises(ContentError, match=r"^a.md, line 2: unknown placeholder \{\{fax\}\}"):
        load_corpus(tmp_path)
