"""`python build_index.py --check`: what a content editor is told about their content."""

from __future__ import annotations

from pathlib import Path

from search.cli import main
from search.evaluation.checks import check_corpus
from tests.conftest import PROJECT_ROOT
from tests.fakes import FakeEmbedder

CLINIC = 'name = "Hill IOP"\nintake_phone = "(555) 555-0100"\nhours = "weekdays"\n'
FAQ = """id: parking
Q: Where do I park?
Also: Is there parking at the clinic?
A: Free parking is in the garage behind the building.

id: insurance
Q: Do you take insurance?
A: We accept most major insurance plans and Medicaid.

id: video
Q: Can I attend by video?
A: Yes, groups can be joined by secure video from home.
"""


def corpus_with(tmp_path: Path, faq: str = FAQ, clinic: str | None = CLINIC) -> Path:
    (tmp_path / "faq").mkdir(parents=True)
    (tmp_path / "faq" / "program.txt").write_text(faq, encoding="utf-8")
    if clinic is not None:
        (tmp_path / "clinic.toml").write_text(clinic, encoding="utf-8")
    return tmp_path


def messages(corpus: Path, embedder) -> list[str]:
    return [str(finding) for finding in check_corpus(corpus, embedder).findings]


def test_the_sample_content_passes(capsys) -> None:
    code = main(["build", "--check", "--corpus", str(PROJECT_ROOT / "corpus")])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "0 errors" in out or "No problems found." in out
    # 34 entries in English and their 34 Spanish versions; 11 public handbook documents in each language.
    assert "68 FAQ entries (68 public, 0 staff), 32 documents (22 public, 10 staff)" in out


def test_clean_corpus_has_no_findings_except_unset_optional_clinic_fields(tmp_path: Path, embedder) -> None:
    found = messages(corpus_with(tmp_path), embedder)
    assert all(message.startswith("warning: clinic.toml: '") for message in found)
    assert "warning: clinic.toml: 'after_hours_line' is not set" in found


def test_errors_exit_nonzero_and_name_file_and_line(tmp_path: Path, embedder, capsys) -> None:
    faq = FAQ + "\nid: parking\nQ: Parking?\nA: Yes.\n\nQ: Do you take insurance?\nA: Yes.\n\nQ: Snacks?\nA:\n"
    corpus = corpus_with(tmp_path, faq, clinic='hours = "weekdays"\n')
    found = messages(corpus, embedder)
    assert (
        "error: faq/program.txt, line 15: id 'parking' is already used by faq/program.txt, line 2; "
        "give one of them another id" in found
    )
    assert (
        "error: faq/program.txt, line 18: 'Do you take insurance?' is also asked by entry 'insurance' "
        "(faq/program.txt, line 7)" in found
    )
    assert "error: faq/program.txt, line 21: the question 'Snacks?' has an empty answer" in found
    assert "error: clinic.toml: 'intake_phone' is not set" in found
    code = main(["build", "--check", "--corpus", str(corpus)])
    out = capsys.readouterr().out
    assert code == 1
    assert out.rstrip().endswith("5 errors, 7 warnings.")


def test_missing_clinic_file_is_an_error(tmp_path: Path, embedder) -> None:
    assert "error: clinic.toml: is missing: the no-answer screen has no phone number to offer" in messages(
        corpus_with(tmp_path, clinic=None), embedder
    )


def test_near_duplicate_questions_are_warned_about(tmp_path: Path, embedder) -> None:
    faq = FAQ + "\nid: parking-2\nQ: Where can I park?\nA: Use the garage.\n"
    found = messages(corpus_with(tmp_path, faq), embedder)
    (warning,) = [message for message in found if "ask nearly the same thing" in message]
    assert warning.startswith("warning: faq/program.txt, line 15: 'Where can I park?' (entry 'parking-2') and ")
    assert "(entry 'parking', faq/program.txt, line 2)" in warning


def test_alternate_put_on_the_wrong_entry_is_warned_about(tmp_path: Path, embedder) -> None:
    faq = FAQ.replace(
        "Q: Can I attend by video?\n", "Q: Can I attend by video?\nAlso: Which insurance plans do you accept?\n"
    )
    found = messages(corpus_with(tmp_path, faq), embedder)
    (warning,) = [message for message in found if "alternate" in message]
    assert warning.startswith(
        "warning: faq/program.txt, line 11: the alternate 'Which insurance plans do you accept?' of entry 'video' "
        "reads as being about entry 'insurance'"
    )


def test_an_entry_far_longer_than_the_rest_is_warned_about(tmp_path: Path, embedder) -> None:
    long_answer = "Our groups cover many topics and skills for daily life. " * 40
    faq = FAQ + f"\nid: everything\nQ: Tell me everything about groups\nA: {long_answer}\n"
    found = messages(corpus_with(tmp_path, faq), embedder)
    (warning,) = [message for message in found if "median" in message]
    assert warning.startswith("warning: faq/program.txt, line 15: entry 'everything' has 400 words")


def test_check_builds_nothing(tmp_path: Path) -> None:
    corpus = corpus_with(tmp_path / "corpus")
    main(["build", "--check", "--corpus", str(corpus), "--index", str(tmp_path / "index")])
    assert not (tmp_path / "index").exists()


def test_the_summary_says_which_files_it_could_not_count(tmp_path: Path, capsys) -> None:
    corpus = corpus_with(tmp_path / "corpus")
    (corpus / "faq" / "more.txt").write_text("Q: Snacks?\n\nQ: Showers?\nA: No.\nA: Yes.\n", encoding="utf-8")
    code = main(["build", "--check", "--corpus", str(corpus)])
    out = capsys.readouterr().out
    assert code == 1
    assert (
        "3 FAQ entries (3 public, 0 staff), 0 documents (0 public, 0 staff), 0 sections in the files that "
        "could be read; not counted: faq/more.txt (errors below)."
    ) in out
    # Both problems in the file, not only the first.
    assert "error: faq/more.txt, line 1: this question has no answer" in out
    assert "error: faq/more.txt, line 5: a second 'A:' for the question on line 3" in out


def test_a_long_answer_among_mostly_empty_ones_is_reported_not_a_crash(tmp_path: Path) -> None:
    # Half-written content: most answers still blank, one pasted in whole.
    entries = [(f"blank-{n}", f"Blank question {n}?", "") for n in range(5)]
    entries += [(f"short-{n}", f"Short question {n}?", "A short answer of six words.") for n in range(3)]
    entries += [("long", "Tell me everything?", "Our groups cover many topics and skills. " * 40)]
    faq = "".join(f"id: {entry}\nQ: {question}\nA: {answer}\n\n" for entry, question, answer in entries)
    found = messages(corpus_with(tmp_path, faq), FakeEmbedder())
    assert sum("has an empty answer" in message for message in found) == 5
    (warning,) = [message for message in found if "median" in message]
    assert "entry 'long' has 280 words, 46.7 times the median of 6; consider splitting it" in warning
