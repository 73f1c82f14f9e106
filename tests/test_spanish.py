"""Spanish content under es/, and Spanish questions answered from it, with the real models."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from search import Settings, build_index, load_index
from search.cli import main
from search.errors import ContentError, IndexInvalid
from search.evaluation.metrics import ask_all, load_questions, report
from search.index.lexical import LexicalIndex
from search.index.store import MULTILINGUAL_CHUNKS_FILE, MULTILINGUAL_VECTORS_FILE
from search.ingest.clinic import contact_line, read_clinic
from search.ingest.corpus import load_corpus, read_corpus
from search.safety.language import detect_language
from tests.conftest import PROJECT_ROOT

SPANISH_HELD_OUT = PROJECT_ROOT / "tests" / "eval" / "spanish_heldout.jsonl"
# Measured once, after the method was frozen (issue 19's note); the test keeps it from slipping.
RECORDED_SPANISH_HELD_OUT_P_AT_1 = 0.696
ALLOWED_DROP = 0.02

CLINIC = """name = "Test Program"
intake_phone = "(555) 555-0100"
hours = "Monday to Friday, 9 to 5"
[es]
hours = "de lunes a viernes, de 9 a 5"
"""
ENGLISH_FAQ = """id: cost
Q: How much does the program cost?
A: Most insurance plans cover the program, including Medicaid. Call {{intake_phone}} ({{hours}}) to check yours.

id: parking
Q: Where do I park?
A: Free parking is behind the building, next to the pharmacy.

id: pets
Q: Can I bring my dog?
A: Only service animals may come into the building.
"""
SPANISH_FAQ = """id: cost
Q: ¿Cuánto cuesta el programa?
Also: ¿Aceptan seguro médico?
A: La mayoría de los seguros médicos cubren el programa, incluido Medicaid. Llame al {{intake_phone}} ({{hours}}).

id: parking
Q: ¿Dónde me estaciono?
A: Hay estacionamiento gratis detrás del edificio, junto a la farmacia.
"""
HANDBOOK = """# Client handbook

## Bringing food

You may bring a packed lunch; there is a fridge and a microwave in the kitchen on the second floor.

## Smoking

Smoking and vaping are not allowed anywhere in the building or the parking lot.
"""


@pytest.fixture(scope="module")
def bilingual_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    corpus = tmp_path_factory.mktemp("bilingual") / "corpus"
    for relative, text in {
        "clinic.toml": CLINIC,
        "faq/faq.txt": ENGLISH_FAQ,
        "es/faq/faq.txt": SPANISH_FAQ,
        "handbook/handbook.md": HANDBOOK,
    }.items():
        (corpus / relative).parent.mkdir(parents=True, exist_ok=True)
        (corpus / relative).write_text(text, encoding="utf-8")
    return corpus


@pytest.fixture(scope="module")
def bilingual_index(bilingual_corpus: Path, tmp_path_factory: pytest.TempPathFactory, embedder, embedding_cache):
    index = tmp_path_factory.mktemp("bilingual-index") / "index"
    build_index(bilingual_corpus, index, embedder, embedding_cache=embedding_cache)
    return index


def test_spanish_entries_keep_their_english_ids_and_use_the_spanish_clinic_wording(bilingual_corpus: Path) -> None:
    corpus = load_corpus(bilingual_corpus)
    spanish = {entry.id: entry for entry in corpus.entries if entry.language == "es"}
    english = {entry.id: entry for entry in corpus.entries if entry.language == "en"}
    assert set(spanish) == {"cost", "parking"} and set(english) == {"cost", "parking", "pets"}
    assert "(de lunes a viernes, de 9 a 5)" in spanish["cost"].answer
    assert "(Monday to Friday, 9 to 5)" in english["cost"].answer
    assert all(document.language == "en" for document in corpus.documents)


def test_an_english_entry_without_a_spanish_version_is_a_warning(bilingual_corpus: Path) -> None:
    warnings = read_corpus(bilingual_corpus).warnings
    assert any("faq/faq.txt, line 10: FAQ entry 'pets' has no Spanish version" in warning for warning in warnings)
    assert not any("'cost' has no Spanish version" in warning for warning in warnings)


def test_a_spanish_entry_whose_id_no_english_entry_has_is_a_warning(tmp_path: Path) -> None:
    (tmp_path / "faq").mkdir()
    (tmp_path / "es" / "faq").mkdir(parents=True)
    (tmp_path / "faq" / "faq.txt").write_text("id: cost\nQ: Cost?\nA: It depends.\n", encoding="utf-8")
    (tmp_path / "es" / "faq" / "faq.txt").write_text("id: costo\nQ: ¿Costo?\nA: Depende.\n", encoding="utf-8")
    warnings = read_corpus(tmp_path).warnings
    assert any("es/faq/faq.txt, line 2: Spanish entry 'costo' has no English entry" in w for w in warnings)


def test_an_id_used_twice_in_one_language_is_still_an_error(tmp_path: Path) -> None:
    (tmp_path / "es" / "faq").mkdir(parents=True)
    (tmp_path / "es" / "faq" / "faq.txt").write_text(
        "id: cost\nQ: ¿Costo?\nA: Depende.\n\nid: cost\nQ: ¿Precio?\nA: Depende.\n", encoding="utf-8"
    )
    with pytest.raises(ContentError, match="line 6: id 'cost' is already used"):
        load_corpus(tmp_path)


def test_the_clinic_file_spanish_table_is_checked_like_the_rest() -> None:
    clinic, warnings = read_clinic('name = "P"\nintake_phone = "1"\n[es]\nhours = "de 9 a 5"\nhorario = "x"\n', "c")
    assert clinic.in_language("es").hours == "de 9 a 5" and clinic.hours is None
    assert warnings == ["c: unknown key 'es.horario' ignored (known keys: " + warnings[0].split("known keys: ")[1]]
    with pytest.raises(ContentError, match="'es.hours' must be text"):
        read_clinic('name = "P"\n[es]\nhours = 9\n', "c")
    assert contact_line(clinic, "es") == "Llame al equipo de admisiones de P al 1 (de 9 a 5)."


def test_spanish_keyword_search_reads_words_without_their_accents() -> None:
    lexical = LexicalIndex.build(["Pida información sobre el estacionamiento.", "Los grupos son de noche."], "es")
    scores = lexical.scores("informacion")
    assert scores[0] > 0 and scores[1] == 0
    assert LexicalIndex.from_bytes(lexical.to_bytes()).language == "es"


@pytest.mark.parametrize("question", ["cuanto cuesta", "donde me estaciono", "¿Aceptan Medicaid?", "horario"])
def test_short_unaccented_spanish_is_read_as_spanish(question: str) -> None:
    assert detect_language(question) == "es"


@pytest.mark.parametrize("question", ["how much does it cost", "parking", "do you take medicaid"])
def test_english_is_read_as_english(question: str) -> None:
    assert detect_language(question) == "en"


def test_a_spanish_question_gets_the_spanish_version_of_the_entry(bilingual_index: Path, searcher_for) -> None:
    answer = searcher_for(load_index(bilingual_index)).ask("cuanto cuesta el programa")
    assert answer.language == "es"
    assert (answer.results[0].id, answer.results[0].language) == ("cost", "es")
    assert "Medicaid" in answer.results[0].text and "seguros" in answer.results[0].text
    # An entry is listed once, in the question's language when it has that version.
    assert [result.id for result in answer.results].count("cost") == 1


def test_a_spanish_question_answered_only_in_english_gets_the_english_text(bilingual_index: Path, searcher_for) -> None:
    searcher = searcher_for(load_index(bilingual_index))
    for question, section in (
        ("¿Se puede fumar?", "handbook/handbook.md#smoking"),
        ("¿Puedo traer a mi perro?", "pets"),
    ):
        answer = searcher.ask(question)
        assert answer.language == "es"
        assert (answer.results[0].id, answer.results[0].language) == (section, "en")


def test_english_questions_never_get_spanish_text(bilingual_index: Path, searcher_for) -> None:
    searcher = searcher_for(load_index(bilingual_index))
    for question in ("where do I park", "how much does it cost", "can I smoke outside"):
        answer = searcher.ask(question)
        assert answer.language == "en" and all(result.language == "en" for result in answer.results)


def test_the_visitor_can_choose_the_language(bilingual_index: Path, searcher_for) -> None:
    searcher = searcher_for(load_index(bilingual_index))
    assert searcher.ask("Medicaid", language="es").results[0].language == "es"
    assert searcher.ask("Medicaid", language="en").results[0].language == "en"
    with pytest.raises(ValueError, match="language must be one of en, es"):
        searcher.ask("Medicaid", language="fr")


def test_ask_json_says_the_language_of_the_question_and_of_each_result(bilingual_index: Path, capsys) -> None:
    assert main(["ask", "--index", str(bilingual_index), "--json", "¿dónde me estaciono?"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["language"] == "es"
    assert printed["results"][0]["id"] == "parking" and printed["results"][0]["language"] == "es"


def test_an_index_without_spanish_content_has_no_spanish_part(sample_index: Path) -> None:
    index = load_index(sample_index)
    assert index.multilingual is None and index.manifest.multilingual_model is None
    assert not (sample_index / MULTILINGUAL_CHUNKS_FILE).exists()


def test_a_damaged_spanish_part_is_named_when_loading(bilingual_index: Path, tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "index"
    shutil.copytree(bilingual_index, copy)
    (copy / MULTILINGUAL_VECTORS_FILE).write_bytes(b"not numpy")
    with pytest.raises(IndexInvalid, match=MULTILINGUAL_VECTORS_FILE):
        load_index(copy)


def test_spanish_held_out_questions_keep_their_recorded_quality(program_index: Path, searcher_for, rescorer) -> None:
    """The fresh author's Spanish set: P@1 must not slip below its measured figure (0.688 at the
    freeze; 0.696 once the language-detection slip it showed, "a" counted as English only, was mended)."""
    questions = load_questions(SPANISH_HELD_OUT)
    assert sum(q.answerable for q in questions) >= 100 and sum(not q.answerable for q in questions) >= 20
    asked = ask_all(searcher_for(load_index(program_index), Settings(), rescorer), questions)
    # All but one ("asen detox": two words, neither a function word) were read as Spanish when measured.
    assert sum(each.answer.language == "es" for each in asked) >= len(asked) - 1
    figures = report(asked)
    assert figures.p_at_1 >= RECORDED_SPANISH_HELD_OUT_P_AT_1 - ALLOWED_DROP
    assert figures.unanswerable_not_answered >= 0.95


def test_a_translated_section_keeps_its_english_id(tmp_path: Path, embedder) -> None:
    from search.ingest.chunking import chunk_corpus

    (tmp_path / "handbook").mkdir()
    (tmp_path / "es" / "handbook").mkdir(parents=True)
    (tmp_path / "handbook" / "rules.md").write_text("# Rules\n\n## Smoking\n\nNo smoking.\n", encoding="utf-8")
    (tmp_path / "es" / "handbook" / "rules.md").write_text(
        "# Reglas {#rules}\n\n## Fumar {#smoking}\n\nNo se permite fumar.\n\n## Comida {#food}\n\nSe permite.\n",
        encoding="utf-8",
    )
    corpus = read_corpus(tmp_path)
    chunks = chunk_corpus(corpus, embedder.count_tokens, embedder.max_tokens)
    spanish = {chunk.id: chunk for chunk in chunks if chunk.language == "es"}
    assert spanish["handbook/rules.md#smoking"].title == "Reglas › Fumar"
    assert spanish["handbook/rules.md#smoking"].doc == "es/handbook/rules.md"
    assert corpus.warnings == (
        "es/handbook/rules.md, line 7: section “Comida” has the id 'food', which no section of handbook/rules.md "
        "has; end its heading with {#id} of the English section it translates",
    )
