"""Chunking: stable ids, sections split to fit the model, and nothing ever cut off."""

from __future__ import annotations

import re
from pathlib import Path

from search import chunk_corpus, load_corpus
from search.ingest.chunking import split_to_fit
from tests.fakes import FakeEmbedder

WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    return WORD.findall(text)


def chunks_of(corpus: Path, max_tokens: int = 40):
    fake = FakeEmbedder(max_tokens=max_tokens)
    return chunk_corpus(load_corpus(corpus), fake.count_tokens, fake.max_tokens)


def test_ids_are_faq_ids_and_document_paths_with_section_slugs(corpus: Path) -> None:
    ids = [chunk.id for chunk in chunks_of(corpus, max_tokens=200)]
    assert ids[:6] == ["languages", "pets", "snacks", "parking", "insurance", "can-i-attend-by-video"]
    assert ids[6:] == [
        "handbook/guide.md#client-guide",
        "handbook/guide.md#attendance",
        "handbook/guide.md#late-arrival",
        "handbook/guide.md#attendance-2",  # the second "Attendance" heading
        "staff/policy.md#same-day-call",
        "staff/policy.md#third-absence",
    ]


def test_ids_are_stable_across_rebuilds(corpus: Path) -> None:
    assert [c.id for c in chunks_of(corpus)] == [c.id for c in chunks_of(corpus)]


def test_faq_entry_is_one_chunk_embedded_with_question_and_answer(corpus: Path) -> None:
    parking = next(chunk for chunk in chunks_of(corpus) if chunk.id == "parking")
    assert parking.title == "Where can I park?"
    assert parking.text.startswith("Free parking is in the lot")
    assert parking.passages == (f"{parking.title}\n{parking.text}",)
    assert (parking.doc, parking.audience, parking.line) == ("faq/program.txt", "public", 3)


def test_faq_entry_without_an_answer_is_embedded_by_its_question(tmp_path: Path) -> None:
    (tmp_path / "faq.jsonl").write_text('{"id": "x", "question": "Are cases going down?", "answer": ""}\n')
    (chunk,) = chunks_of(tmp_path / "faq.jsonl")
    assert (chunk.text, chunk.passages) == ("", ("Are cases going down?",))


def test_section_titles_carry_the_heading_path(corpus: Path) -> None:
    late = next(chunk for chunk in chunks_of(corpus) if chunk.id == "handbook/guide.md#late-arrival")
    assert late.title == "Client guide › Late arrival"
    assert late.passages[0].startswith("Client guide › Late arrival\n")


def test_long_section_splits_into_parts_that_fit_and_lose_nothing(tmp_path: Path) -> None:
    sentences = [f"Sentence number {n} says something about the program schedule." for n in range(30)]
    body = " ".join(sentences[:10]) + "\n\n- " + "\n- ".join(sentences[10:20]) + "\n\n" + " ".join(sentences[20:])
    (tmp_path / "long.md").write_text(f"# Schedule\n\n{body}\n", encoding="utf-8")
    fake = FakeEmbedder(max_tokens=40)
    chunks = chunks_of(tmp_path, max_tokens=40)
    assert len(chunks) > 5
    assert [c.id for c in chunks[:3]] == ["long.md#schedule", "long.md#schedule~2", "long.md#schedule~3"]
    assert all(fake.count_tokens(passage) <= 40 for chunk in chunks for passage in chunk.passages)
    assert [w for chunk in chunks for w in words(chunk.text)] == words(body)
    assert any(chunk.text.startswith("- Sentence number") for chunk in chunks)  # list lines stay lines


def test_long_faq_answer_is_one_chunk_with_several_passages(tmp_path: Path) -> None:
    answer = " ".join(f"Point {n}: our staff can help with this part of the process." for n in range(20))
    (tmp_path / "faq.txt").write_text(f"id: long\nQ: How does billing work?\nA: {answer}\n", encoding="utf-8")
    fake = FakeEmbedder(max_tokens=40)
    (chunk,) = chunk_corpus(load_corpus(tmp_path / "faq.txt"), fake.count_tokens, fake.max_tokens)
    assert chunk.id == "long" and chunk.text == answer
    assert len(chunk.passages) > 3
    assert all(passage.startswith("How does billing work?\n") for passage in chunk.passages)
    assert all(fake.count_tokens(passage) <= 40 for passage in chunk.passages)
    embedded = [w for passage in chunk.passages for w in words(passage.split("\n", 1)[1])]
    assert embedded == words(answer)


def test_overlong_sentences_and_words_are_split_not_cut() -> None:
    fake = FakeEmbedder()
    sentence = " ".join(f"w{n}" for n in range(100))  # one sentence of 100 words
    pieces = split_to_fit(sentence, lambda text: fake.count_tokens(text) <= 30)
    assert [len(words(piece)) for piece in pieces] == [30, 30, 30, 10]
    blob = "x" * 350
    pieces = split_to_fit(blob, lambda text: len(text) <= 120)
    assert "".join(pieces) == blob and all(len(piece) <= 120 for piece in pieces)


def test_no_passage_exceeds_the_real_model_limit(build_models, tmp_path: Path) -> None:
    """With the real tokenizer, every passage fits the model, whatever the content's shape."""
    embedder = build_models[0]  # as builds chunk and embed
    long_paragraph = " ".join(f"Clients in week {n} practice coping skills with peers." for n in range(80))
    url = "https://example.org/" + "a1b2c3" * 400
    (tmp_path / "faq").mkdir()
    (tmp_path / "faq" / "long.txt").write_text(f"Q: What happens each week?\nA: {long_paragraph}\n", encoding="utf-8")
    (tmp_path / "doc.md").write_text(f"# Links\n\n{url}\n\n## Weeks\n\n{long_paragraph}\n", encoding="utf-8")
    chunks = chunk_corpus(load_corpus(tmp_path), embedder.count_tokens, embedder.max_tokens)
    limit = embedder._model.max_seq_length
    for chunk in chunks:
        for passage in chunk.passages:
            assert len(embedder._model.tokenizer(passage)["input_ids"]) <= limit
    assert "".join(c.text for c in chunks if c.doc == "doc.md" and "links" in c.id).replace("\n", "") == url
