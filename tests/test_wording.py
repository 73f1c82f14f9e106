"""Words people use that the content does not: typos, synonyms, unknown words; and staff getting the policy."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from search import Settings, build_index, load_index
from search.errors import ContentError
from search.ingest.synonyms import read_synonyms, unused_terms
from search.publishing.stale import stale_reason
from search.retrieval.wording import ContentWords
from tests.conftest import DATA

SETTINGS = Settings()

FAQ = {
    "insurance": ("Which insurance plans do you accept?", "We accept most commercial health plans and Medicaid."),
    "parking": ("Where do I park?", "Free parking is behind the building, off Alder Street."),
    "zephyrine": ("What is the Zephyrine group?", "A weekly group for people learning to manage panic."),
}


def _faq_corpus(folder: Path, synonyms: str | None = None) -> Path:
    (folder / "faq").mkdir(parents=True)
    (folder / "faq" / "faq.txt").write_text(
        "".join(f"id: {key}\nQ: {q}\nA: {a}\n\n" for key, (q, a) in FAQ.items()), encoding="utf-8"
    )
    if synonyms is not None:
        (folder / "synonyms.txt").write_text(synonyms, encoding="utf-8")
    return folder


def test_synonym_rules_are_read_as_elasticsearch_writes_them() -> None:
    rules = read_synonyms("# a comment\n\nIOP, Intensive Outpatient\nmeds, pills => medication\n", "synonyms.txt")
    assert [(rule.terms, rule.expansions, rule.line) for rule in rules] == [
        (("iop", "intensive outpatient"), ("iop", "intensive outpatient"), 3),
        (("meds", "pills"), ("medication",), 4),
    ]
    assert [str(rule) for rule in rules] == ["iop, intensive outpatient", "meds, pills => medication"]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("meds\n", "line 1: lists one term"),
        ("a, , b\n", "line 1: has an empty term"),
        ("ok, fine\na => b => c\n", "line 2: has more than one '=>'"),
        ("ok, fine\nmeds =>\n", "line 2: has an empty term"),
    ],
)
def test_a_malformed_synonym_rule_is_an_error_naming_its_line(text: str, problem: str) -> None:
    with pytest.raises(ContentError, match=problem):
        read_synonyms(text, "synonyms.txt")


def test_a_rule_that_can_find_nothing_is_reported() -> None:
    rules = read_synonyms("counselor, therapist\nshrink => psychiatrist\nmeds => medication, tablets\n", "s")
    content = "Your therapist meets you weekly. Medication is managed by the psychiatrist."
    assert [(rule.line, missing) for rule, missing in unused_terms(rules, content)] == [(3, ("tablets",))]
    assert unused_terms(read_synonyms("zoom, webex\n", "s"), content)[0][1] == ("zoom", "webex")


def test_check_warns_about_a_synonym_the_content_never_uses(tmp_path: Path, capsys) -> None:
    from search.cli import main

    corpus = _faq_corpus(tmp_path / "corpus", "plans, coverage\nmeds => medication\n")
    shutil.copy(DATA / "corpus" / "clinic.toml", corpus)
    assert main(["build", "--check", "--corpus", str(corpus)]) == 0
    out = capsys.readouterr().out
    assert "warning: synonyms.txt, line 2: the content never says 'medication'" in out
    assert "line 1" not in out  # "plans" is in the content: the rule can find it


def test_a_bad_synonyms_file_stops_the_build_naming_the_line(tmp_path: Path, embedder, rescorer) -> None:
    corpus = _faq_corpus(tmp_path / "corpus", "plans, coverage\nmeds =>\n")
    with pytest.raises(ContentError, match="synonyms.txt, line 2"):
        build_index(corpus, tmp_path / "index", embedder, rescorer)


def test_a_synonym_finds_the_entry_its_word_names_and_editing_them_needs_a_rebuild(
    tmp_path: Path, embedder, rescorer, searcher_for
) -> None:
    corpus = _faq_corpus(tmp_path / "corpus", "sunrise circle => zephyrine\n")
    build_index(corpus, tmp_path / "index", embedder, rescorer)
    index = load_index(tmp_path / "index")
    question = "when does the sunrise circle meet?"
    assert searcher_for(index, SETTINGS, rescorer).ask(question).results[0].id == "zephyrine"
    without = searcher_for(index, SETTINGS.with_overrides(use_synonyms=False), rescorer).ask(question)
    assert without.results[0].id != "zephyrine"  # the model alone does not know the club's name
    (corpus / "synonyms.txt").write_text("sunrise circle => zephyrine\nlot => parking\n", encoding="utf-8")
    assert "synonyms.txt" in stale_reason(corpus, tmp_path / "index")


def test_typos_are_corrected_to_the_contents_words_and_said() -> None:
    words = ContentWords(["Which insurance plans do you accept? Therapy groups meet on a schedule."], ())
    read = words.read("do you acept my insurence for grup theraphy")
    assert dict(read.corrections) == {"acept": "accept", "insurence": "insurance", "theraphy": "therapy"}
    assert read.text == "do you accept my insurance for grup therapy"  # four letters or fewer: left alone
    assert words.read("Insurence?").text == "Insurance?"  # the typed case is kept


def test_real_words_names_and_other_languages_are_not_corrected() -> None:
    words = ContentWords(["Your therapist reviews your medication. Ask about primary care referrals."], ())
    assert words.read("do you have a pharmacy").corrections == ()  # an English word the content lacks
    assert words.read("is ketamine offered").corrections == ()  # not "examine": typos keep the first letter
    assert words.read("i dont know, youre sure?").corrections == ()  # apostrophes left out: not "done"
    assert words.read("¿ofrecen terapia en español?", correct=False).corrections == ()


def test_words_the_content_never_uses_are_found_but_not_its_own_in_other_forms() -> None:
    words = ContentWords(["Clients attend group sessions. Parking is free."], read_synonyms("car, lot => parking", "s"))
    assert words.read("do you have a pharmacy on site").unknown == ("pharmacy",)  # "site" is too common to tell
    assert words.read("does the client attend sessions").unknown == ()  # stems: "attends", "session"
    assert words.read("where do I put my car").unknown == ()  # a synonym says what the content calls it
    named = ContentWords(["Most commercial health plans are accepted."], read_synonyms("aetnaa => plans", "s"))
    assert named.read("do you take aetnaa").corrections == ()  # a word a rule names is not a typo


def test_a_misspelled_question_finds_what_the_spelled_one_finds(program_index: Path, searcher_for, rescorer) -> None:
    program = load_index(program_index)
    searcher = searcher_for(program, SETTINGS, rescorer)
    typed = searcher.ask("do you acept medicaide insurence")
    assert dict(typed.corrections) == {"acept": "accept", "medicaide": "medicaid", "insurence": "insurance"}
    assert typed.results[0].id == searcher.ask("do you accept medicaid insurance").results[0].id


def test_a_key_word_the_content_never_uses_gets_no_confident_answer(
    program_index: Path, searcher_for, rescorer
) -> None:
    program = load_index(program_index)
    answer = searcher_for(program, SETTINGS, rescorer).ask("is there a pharmacy in the building")
    assert "pharmacy" in answer.unknown_words
    assert answer.outcome != "answer"


def test_staff_asking_what_to_do_get_the_staff_policy_before_the_client_text(
    program_index: Path, searcher_for, rescorer
) -> None:
    program = load_index(program_index)
    question = "a father phoned the front desk asking whether his adult son comes here, what am I allowed to say"
    staff = searcher_for(program, SETTINGS, rescorer).ask(question, "staff")
    assert staff.results[0].id == "staff/privacy-and-phi.md#talking-with-family-members-and-other-callers"
    plain = searcher_for(program, SETTINGS.with_overrides(staff_policy_boost=0.0), rescorer).ask(question, "staff")
    assert plain.results[0].audience == "public"  # without the staff-policy term, the client text wins
    # The public are never shown the policy.
    assert all(
        result.audience == "public" for result in searcher_for(program, SETTINGS, rescorer).ask(question).results
    )


def test_re_scoring_is_skipped_only_when_the_first_stage_is_sure(sample_index: Path, searcher_for, rescorer) -> None:
    index = load_index(sample_index)
    searcher = searcher_for(index, SETTINGS, rescorer)
    assert "re-scoring" not in searcher.ask("where do I park").seconds  # one entry far ahead of the rest
    assert "re-scoring" in searcher.ask("video or spanish").seconds  # two close together
