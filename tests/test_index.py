"""The index folder: round trip, verification on load, staleness, and builds that fail safely."""

from __future__ import annotations

import hashlib
import io
import json
import re
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from search import (
    ContentError,
    IndexInvalid,
    IndexMissing,
    build_index,
    chunk_corpus,
    load_corpus,
    load_index,
    stale_reason,
)
from search.models.encoder import ModelIdentity
from search.publishing.folders import state_folder
from tests.fakes import FakeEmbedder

FAKE = FakeEmbedder.identity


def unfinished_builds(index_dir: Path) -> list[Path]:
    """Half-built folders left anywhere beside the index."""
    return list(state_folder(index_dir).glob("building-*"))


def build(corpus: Path, index: Path) -> FakeEmbedder:
    fake = FakeEmbedder()
    build_index(corpus, index, fake)
    return fake


def test_round_trip_keeps_every_chunk_line_for_line(corpus: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    fake = build(corpus, index_dir)
    chunks = chunk_corpus(load_corpus(corpus), fake.count_tokens, fake.max_tokens)
    loaded = load_index(index_dir, FAKE)
    assert [(row.id, row.kind, row.passage) for row in loaded.rows] == [
        (c.id, kind, text)
        for c in chunks
        for kind, texts in (("phrasing", c.phrasings), ("passage", c.passages))
        for text in texts
    ]
    lines = (index_dir / "chunks.jsonl").read_text(encoding="utf-8").splitlines()
    first = json.loads(lines[0])
    assert {"id", "doc", "title", "text", "audience", "kind"} <= set(first)
    manifest = json.loads((index_dir / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["count"] == len(lines) == loaded.manifest.count
    assert manifest["model"] == {"name": "fake-model", "package": "fake-package", "version": "1.0"}
    assert manifest["dimension"] == 64 and manifest["documents"] == 5
    assert set(manifest["sources"]) == {p.relative_to(corpus).as_posix() for p in corpus.rglob("*") if p.is_file()}
    assert manifest["clinic"]["intake_phone"] == "(555) 555-0100"
    # The search of a row's own passage finds that row first.
    vector = fake.encode([loaded.rows[3].passage])[0]
    assert loaded.nearest_rows(vector, 1, "staff")[0][1] == 3
    # Built without a re-scoring model: no re-scoring vectors.
    assert loaded.rescore_vectors is None and manifest["rescoring_model"] is None


def test_public_search_never_returns_staff_rows(sample_index: Path, embedder) -> None:
    loaded = load_index(sample_index)
    vector = embedder.encode(["client misses group without notice, third absence"])[0]
    public = [loaded.rows[row] for _, row in loaded.nearest_rows(vector, 1000, "public")]
    staff = [loaded.rows[row] for _, row in loaded.nearest_rows(vector, 1000, "staff")]
    assert public and all(row.audience == "public" for row in public)
    assert staff[0].doc == "staff/policy.md"
    assert len(staff) == len(loaded.rows) > len(public)


def test_rescoring_vectors_are_saved_checked_and_loaded(corpus: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    rescorer = FakeEmbedder(dimension=32)
    rescorer.identity = ModelIdentity("fake-rescorer", "fake-rescorer-package", "1.0")
    build_index(corpus, index_dir, FakeEmbedder(), rescorer)
    loaded = load_index(index_dir, FAKE, rescorer.identity)
    assert loaded.rescore_vectors.shape == (len(loaded.rows), 32)
    assert loaded.manifest.rescoring_model == rescorer.identity
    # Row i's re-scoring vector is the re-scoring model's vector of row i's text.
    assert np.allclose(loaded.rescore_vectors[3], rescorer.encode([loaded.rows[3].passage])[0])
    newer = ModelIdentity("fake-rescorer", "fake-rescorer-package", "2.0")
    with pytest.raises(IndexInvalid, match="built with another version of fake-rescorer"):
        load_index(index_dir, FAKE, newer)
    (index_dir / "rescore.npy").write_bytes(b"not the same vectors")
    with pytest.raises(IndexInvalid, match="rescore.npy does not match manifest.json"):
        load_index(index_dir, FAKE, rescorer.identity)


def test_missing_index_says_how_to_build_one(tmp_path: Path) -> None:
    with pytest.raises(IndexMissing, match=r"No index in .*/nothing/: run python build_index.py --index"):
        load_index(tmp_path / "nothing", FAKE)
    (tmp_path / "empty").mkdir()
    with pytest.raises(IndexMissing):
        load_index(tmp_path / "empty", FAKE)


def test_files_from_different_builds_are_refused(corpus: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    build(corpus, first)
    (corpus / "faq" / "program.txt").write_text("Q: New?\nA: Yes.\n", encoding="utf-8")
    build(corpus, second)
    (first / "chunks.jsonl").write_bytes((second / "chunks.jsonl").read_bytes())
    with pytest.raises(IndexInvalid, match="chunks.jsonl does not match manifest.json"):
        load_index(first, FAKE)
    (second / "index.faiss").unlink()
    with pytest.raises(IndexInvalid, match="incomplete: index.faiss is missing"):
        load_index(second, FAKE)


def test_damaged_manifest_is_refused(corpus: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    build(corpus, index_dir)
    (index_dir / "manifest.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(IndexInvalid, match=r"manifest.json is not usable \(not valid JSON"):
        load_index(index_dir, FAKE)


def test_index_built_with_another_model_is_refused(corpus: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    build(corpus, index_dir)
    newer = ModelIdentity("fake-model", "fake-package", "2.0")
    with pytest.raises(IndexInvalid, match=r"built with fake-model from fake-package 1.0, but fake-package 2.0 is"):
        load_index(index_dir, newer)


def test_failed_build_leaves_the_old_index_untouched(corpus: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    (index_dir).mkdir()
    (index_dir / "README.md").write_text("note\n", encoding="utf-8")
    build(corpus, index_dir)
    before = {path.name: path.read_bytes() for path in index_dir.iterdir()}
    (corpus / "faq" / "broken.txt").write_text("Q: No answer here?\n", encoding="utf-8")
    with pytest.raises(ContentError, match="broken.txt, line 1"):
        build(corpus, index_dir)
    assert {path.name: path.read_bytes() for path in index_dir.iterdir()} == before
    assert before["README.md"] == b"note\n"  # the committed note survives rebuilds
    assert unfinished_builds(index_dir) == []


def test_interrupted_build_leaves_the_old_index_untouched(corpus: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    build(corpus, index_dir)
    before = {path.name: path.read_bytes() for path in index_dir.iterdir()}

    class Interrupted(FakeEmbedder):
        def encode(self, texts, progress=False, label="", on_batch=None):
            raise KeyboardInterrupt

    # New text, so the build has something to embed when the interrupt comes.
    (corpus / "handbook" / "guide.md").write_text("# Guide\n\nA new paragraph to embed.\n", encoding="utf-8")
    with pytest.raises(KeyboardInterrupt):
        build_index(corpus, index_dir, Interrupted())
    assert {path.name: path.read_bytes() for path in index_dir.iterdir()} == before
    assert unfinished_builds(index_dir) == []


def test_rebuild_replaces_the_index(corpus: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    build(corpus, index_dir)
    (corpus / "faq" / "extra.txt").write_text("id: new-entry\nQ: Is there a new entry?\nA: Yes.\n", encoding="utf-8")
    build(corpus, index_dir)
    assert "new-entry" in {row.id for row in load_index(index_dir, FAKE).rows}


def test_stale_when_missing_or_the_corpus_changes(corpus: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr("search.publishing.stale.installed_model", lambda: FAKE)
    index_dir = tmp_path / "index"
    assert stale_reason(corpus, index_dir, rescoring=False) == "there is no index yet"
    build(corpus, index_dir)
    assert stale_reason(corpus, index_dir, rescoring=False) is None
    # Built without re-scoring vectors, so a build that wants them is due.
    assert stale_reason(corpus, index_dir) == "the index has no re-scoring vectors"
    (corpus / "handbook" / "guide.md").write_text("# Guide\n\nChanged.\n", encoding="utf-8")
    assert stale_reason(corpus, index_dir, rescoring=False) == "the corpus changed (handbook/guide.md)"
    build(corpus, index_dir)
    (corpus / "faq" / "export.csv").unlink()
    assert stale_reason(corpus, index_dir, rescoring=False) == "the corpus changed (faq/export.csv)"
    monkeypatch.setattr("search.publishing.stale.installed_model", lambda: ModelIdentity("other", "other", "1"))
    assert "model differs" in stale_reason(corpus, index_dir, rescoring=False)


def test_a_new_symbolic_link_makes_the_index_stale_so_the_build_reports_it(
    corpus: Path, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setattr("search.publishing.stale.installed_model", lambda: FAKE)
    index_dir = tmp_path / "index"
    build(corpus, index_dir)
    (corpus / "handbook" / "passwd.md").symlink_to("/etc/passwd")
    reason = stale_reason(corpus, index_dir, rescoring=False)
    assert reason is not None and "handbook/passwd.md" in reason and "/etc/passwd" in reason


def test_empty_answer_is_a_build_warning_and_the_question_is_kept(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.jsonl").write_text(
        '{"id": "x", "question": "Are cases going down?", "answer": ""}\n', encoding="utf-8"
    )
    report = build_index(corpus, tmp_path / "index", FakeEmbedder())
    assert report.warnings == (
        "a.jsonl, line 1: the question 'Are cases going down?' has an empty answer; "
        "it is indexed by its question alone",
    )
    assert [row.id for row in load_index(tmp_path / "index", FAKE).rows] == ["x"]


def replace_file(index_dir: Path, name: str, data: bytes) -> None:
    """Put `data` in place of an index file and record its hash, as if a build had written it."""
    (index_dir / name).write_bytes(data)
    if name != "manifest.json":
        manifest = json.loads((index_dir / "manifest.json").read_text(encoding="utf-8"))
        manifest["files"][name] = hashlib.sha256(data).hexdigest()
        (index_dir / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")


def edit_manifest(index_dir: Path, change: Callable[[dict], object]) -> None:
    manifest = json.loads((index_dir / "manifest.json").read_text(encoding="utf-8"))
    change(manifest)
    replace_file(index_dir, "manifest.json", json.dumps(manifest).encode())


# A manifest edited by hand or by another program: each change, and what the refusal says of it.
WRONG_FIELDS = {
    "chunks-text": (lambda m: m.update(chunks="many"), "'chunks' should be a whole number, got \"many\""),
    "dimension-null": (lambda m: m.update(dimension=None), "'dimension' should be a whole number, got null"),
    "files-list": (lambda m: m.update(files=["index.faiss"]), "'files' should be an object whose values are text"),
    "model-list": (lambda m: m.update(model=["fake-model", "1.0"]), "'model' should be an object"),
    "model-no-version": (lambda m: m["model"].pop("version"), "'model.version' is missing"),
    "probes-text": (lambda m: m["vector_index"].update(probes="4"), "'vector_index.probes' should be a whole number"),
    "date-number": (lambda m: m.update(built_at=20240101), "'built_at' should be text, got 20240101"),
    "no-count": (lambda m: m.pop("count"), "missing count"),
}


@pytest.mark.parametrize("kind", WRONG_FIELDS)
def test_a_manifest_with_a_wrong_field_is_refused_naming_it(corpus: Path, tmp_path: Path, kind: str) -> None:
    index_dir = tmp_path / "index"
    build(corpus, index_dir)
    change, complaint = WRONG_FIELDS[kind]
    edit_manifest(index_dir, change)
    with pytest.raises(IndexInvalid) as refused:
        load_index(index_dir, FAKE)
    assert str(refused.value).startswith(f"{index_dir}/manifest.json is not usable ({complaint}")
    assert str(refused.value).endswith(f": run python build_index.py --index {index_dir}")


def npz(**arrays: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    return buffer.getvalue()


def npy(array: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=False)
    return buffer.getvalue()


def chunk_lines(index_dir: Path) -> list[str]:
    return (index_dir / "chunks.jsonl").read_text(encoding="utf-8").splitlines()


def numbered_id(index_dir: Path) -> str:
    """The first line of chunks.jsonl with a number for its id."""
    return json.dumps({**json.loads(chunk_lines(index_dir)[0]), "id": 7})


def lines(texts: list[str]) -> bytes:
    return "".join(text + "\n" for text in texts).encode()


# Damage to one file, written with its hash recorded in the manifest, so that only the contents are wrong.
DAMAGE: dict[str, tuple[str, Callable[[Path], bytes]]] = {
    "chunks-not-utf8": ("chunks.jsonl", lambda index_dir: b"\xff\xfe not text\n"),
    "chunks-number-id": ("chunks.jsonl", lambda index: lines([numbered_id(index), *chunk_lines(index)[1:]])),
    # The first row moved away from the other rows of its chunk.
    "chunks-row-moved": ("chunks.jsonl", lambda index: lines([*chunk_lines(index)[1:], chunk_lines(index)[0]])),
    "vectors-garbage": ("index.faiss", lambda index_dir: b"\x00garbage" * 100),
    "vectors-truncated": ("index.faiss", lambda index_dir: (index_dir / "index.faiss").read_bytes()[:100]),
    "keywords-empty": ("keywords.npz", lambda index_dir: b""),
    "keywords-wrong-arrays": (
        "keywords.npz",
        lambda index_dir: npz(
            size=np.arange(2),
            vocabulary=np.frombuffer(b"{}", np.uint8),
            scores=np.zeros(1),
            texts=np.zeros(1, np.int64),
            starts=np.zeros(1, np.int64),
        ),
    ),
    "rescore-empty": ("rescore.npy", lambda index_dir: b""),
    "rescore-text": ("rescore.npy", lambda index_dir: npy(np.full((len(chunk_lines(index_dir)), 32), "x"))),
}
RESCORER = ModelIdentity("fake-rescorer", "fake-rescorer-package", "1.0")


def build_with_rescorer(corpus: Path, index_dir: Path) -> None:
    rescorer = FakeEmbedder(dimension=32)
    rescorer.identity = RESCORER
    build_index(corpus, index_dir, FakeEmbedder(), rescorer)


def damage(index_dir: Path, kind: str) -> str:
    """Damage one file of index_dir as DAMAGE[kind] says; returns the file's name."""
    name, contents = DAMAGE[kind]
    replace_file(index_dir, name, contents(index_dir))
    return name


@pytest.mark.parametrize("kind", DAMAGE)
def test_a_damaged_file_is_refused_naming_it(corpus: Path, tmp_path: Path, kind: str) -> None:
    index_dir = tmp_path / "index"
    build_with_rescorer(corpus, index_dir)
    name = damage(index_dir, kind)
    with pytest.raises(IndexInvalid, match=re.escape(f"{index_dir}/{name}")):
        load_index(index_dir, FAKE, RESCORER)


def test_an_index_of_another_kind_than_the_manifest_says_is_refused(corpus: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    build(corpus, index_dir)
    edit_manifest(index_dir, lambda m: m["vector_index"].update(kind="ivf", lists=16, probes=4))
    with pytest.raises(IndexInvalid, match=r"index.faiss is not the ivf index manifest.json says"):
        load_index(index_dir, FAKE)
