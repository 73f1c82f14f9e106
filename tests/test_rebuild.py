"""Rebuilding after an edit: only new text embedded, one build at a time, nothing lost to a crash,
earlier versions kept for a rollback, and a publish gate that names the questions an edit broke."""

from __future__ import annotations

import errno
import json
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from search import SearchError, Settings, build_index, load_index
from search.errors import BuildRunning, GateFailed, NothingToRollBack
from search.index import store as index_module
from search.models.cache import CachedEmbedder, EmbeddingCache
from search.publishing.build import roll_back_index
from search.publishing.folders import state_folder, versions
from search.publishing.gate import PublishGate, read_floor
from search.publishing.lock import build_lock
from search.publishing.publish import KEEP_VERSIONS
from search.safety.detector import CrisisDetector
from tests.conftest import PROJECT_ROOT
from tests.fakes import FakeEmbedder

FAKE = FakeEmbedder.identity


def index_files(index_dir: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(index_dir.iterdir())}


def set_entry(corpus: Path, name: str, question: str, answer: str) -> None:
    (corpus / "faq" / f"{name}.txt").write_text(f"id: {name}\nQ: {question}\nA: {answer}\n", encoding="utf-8")


def test_a_rebuild_embeds_only_new_or_changed_text_and_names_what_changed(corpus: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    first = build_index(corpus, index_dir, FakeEmbedder())
    assert first.changes.first_build and first.reused == 0
    export_ids = {row.id for row in load_index(index_dir, FAKE).rows if row.doc == "faq/export.csv"}
    assert export_ids
    program = corpus / "faq" / "program.txt"
    program.write_text(
        program.read_text(encoding="utf-8").replace("lot behind the building", "garage on Elm Street"),
        encoding="utf-8",
    )
    set_entry(corpus, "bikes", "Is there a bicycle rack?", "Yes, a covered rack by the door.")
    (corpus / "faq" / "export.csv").unlink()
    fake = FakeEmbedder()
    report = build_index(corpus, index_dir, fake)
    assert report.changes.added == ("bikes",)
    assert report.changes.changed == ("parking",)
    assert set(report.changes.removed) == export_ids
    assert report.changes.as_text().startswith("1 added (bikes); 1 changed (parking); ")
    # Only the edited answer and the new entry's question and answer reach the model.
    assert sorted(fake.encoded) == sorted(
        [
            "Is there a bicycle rack?",
            "Is there a bicycle rack?\nYes, a covered rack by the door.",
            "Where can I park?\nFree parking is in the garage on Elm Street.\nStreet parking is also allowed.",
        ]
    )
    assert report.embedded == 3 and report.reused == report.vectors - 3


def test_the_cache_outlives_the_index_and_an_unchanged_corpus_publishes_nothing(corpus: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    build_index(corpus, index_dir, FakeEmbedder())
    before = index_files(index_dir)
    again = build_index(corpus, index_dir, FakeEmbedder())
    assert not again.published and again.changes.as_text() == "No entry or section changed."
    assert index_files(index_dir) == before and versions(index_dir) == []
    for path in index_dir.iterdir():
        path.unlink()
    fake = FakeEmbedder()
    rebuilt = build_index(corpus, index_dir, fake)
    assert rebuilt.published and fake.encoded == []  # every vector came from the cache


def test_a_second_build_says_one_is_running_and_can_wait_for_it(corpus: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    waited: list[str] = []
    with build_lock(index_dir):
        with pytest.raises(BuildRunning, match=r"A rebuild of .*/index/ is already running \(process \d+, started "):
            build_index(corpus, index_dir, FakeEmbedder(), wait=False)
        second = threading.Thread(
            target=build_index, args=(corpus, index_dir, FakeEmbedder()), kwargs={"on_wait": waited.append}
        )
        second.start()
        deadline = time.monotonic() + 10
        while not waited and time.monotonic() < deadline:
            time.sleep(0.05)
        assert second.is_alive() and not index_dir.exists()
    second.join(timeout=60)
    assert len(waited) == 1 and waited[0].endswith("; waiting for it to finish…")
    assert (index_dir / "manifest.json").is_file()


SLOW_BUILD = """
import signal, sys, time
from pathlib import Path
from search.publishing.build import build_index
from tests.fakes import FakeEmbedder

# Ctrl-C as in a terminal, even when the tests run as a background job, which ignores it.
signal.signal(signal.SIGINT, signal.default_int_handler)
pause_at = sys.argv[3]

def stage(what, done):
    if what == pause_at:
        print("paused", flush=True)
        time.sleep(120)

build_index(Path(sys.argv[1]), Path(sys.argv[2]), FakeEmbedder(), on_stage=stage)
"""


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGKILL], ids=["ctrl-c", "kill-9"])
@pytest.mark.parametrize("moment", ["Reading the content", "Publishing"], ids=["before-embedding", "files-written"])
def test_a_build_stopped_midway_leaves_the_published_index_untouched(
    corpus: Path, tmp_path: Path, stop: signal.Signals, moment: str
) -> None:
    index_dir = tmp_path / "index"
    build_index(corpus, index_dir, FakeEmbedder())
    before = index_files(index_dir)
    set_entry(corpus, "bikes", "Is there a bicycle rack?", "Yes.")
    process = subprocess.Popen(
        [sys.executable, "-c", SLOW_BUILD, str(corpus), str(index_dir), moment],
        cwd=PROJECT_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout.readline() == "paused\n", process.stderr.read()
    process.send_signal(stop)
    process.wait(timeout=30)
    assert index_files(index_dir) == before
    assert load_index(index_dir, FAKE).manifest.count > 0
    # The lock died with the process, and the next build clears what it left and publishes.
    report = build_index(corpus, index_dir, FakeEmbedder(), wait=False)
    assert report.changes.added == ("bikes",)
    assert list(state_folder(index_dir).glob("building-*")) == []


def test_rollback_restores_the_previous_version_and_a_few_are_kept(corpus: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"

    def answer_now() -> str:
        return next(row.text for row in load_index(index_dir, FAKE).rows if row.id == "hours")

    for edition in range(1, KEEP_VERSIONS + 3):
        set_entry(corpus, "hours", "When are you open?", f"Edition {edition} of our hours.")
        build_index(corpus, index_dir, FakeEmbedder())
    assert len(versions(index_dir)) == KEEP_VERSIONS
    assert answer_now() == f"Edition {KEEP_VERSIONS + 2} of our hours."
    for edition in range(KEEP_VERSIONS + 1, 1, -1):
        roll_back_index(index_dir)
        assert answer_now() == f"Edition {edition} of our hours."
    with pytest.raises(NothingToRollBack, match="No earlier version of .*/index/ is kept"):
        roll_back_index(index_dir)
    assert answer_now() == "Edition 2 of our hours."


def write_floor(tmp_path: Path, corpus: Path, p_at_1: float) -> PublishGate:
    questions = tmp_path / "questions.jsonl"
    questions.write_text(
        "\n".join(
            json.dumps(record)
            for record in (
                {"qid": "q-park", "query": "Where can I park?", "relevant_ids": ["parking"]},
                {"qid": "q-insurance", "query": "Do you accept insurance?", "relevant_ids": ["insurance"]},
            )
        )
        + "\n",
        encoding="utf-8",
    )
    crisis = tmp_path / "crisis.jsonl"
    crisis.write_text(
        json.dumps({"id": "c1", "text": "I want to end my life", "language": "en", "crisis": True, "category": "x"})
        + "\n",
        encoding="utf-8",
    )
    floor = tmp_path / "floor.json"
    floor.write_text(
        json.dumps({"corpus": "corpus", "retrieval": {"questions.jsonl": p_at_1}, "crisis": {"crisis.jsonl": 1.0}}),
        encoding="utf-8",
    )
    return PublishGate(read_floor(floor), Settings(rescore=False))


def test_the_gate_stops_a_build_that_breaks_an_answer_and_names_the_question(corpus: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    gate = write_floor(tmp_path, corpus, p_at_1=1.0)
    assert gate.floor.applies_to(corpus)
    first = build_index(corpus, index_dir, FakeEmbedder(), gate=gate)
    assert first.gate.passed and [check.value for check in first.gate.checks] == [1.0, 1.0]
    before = index_files(index_dir)
    program = corpus / "faq" / "program.txt"
    program.write_text(program.read_text(encoding="utf-8").replace("Where can I park?", "Bicycles?"), encoding="utf-8")
    with pytest.raises(GateFailed) as failed:
        build_index(corpus, index_dir, FakeEmbedder(), gate=gate)
    message = str(failed.value)
    assert "questions.jsonl: P@1 0.500, floor 1.000 - BELOW THE FLOOR" in message
    assert "broke: q-park 'Where can I park?': first result now " in message
    assert "q-insurance" not in message and "crisis.jsonl: crisis-or-concern recall 1.000, floor 1.000 ok" in message
    assert index_files(index_dir) == before
    forced = build_index(corpus, index_dir, FakeEmbedder(), gate=gate, force=True)
    assert forced.published and not forced.gate.passed
    assert index_files(index_dir) != before


def test_the_recorded_floor_is_for_the_program_corpus_and_its_sets_exist() -> None:
    floor = read_floor(PROJECT_ROOT / "tests" / "eval" / "floor.json")
    assert floor.applies_to(PROJECT_ROOT / "corpus") and not floor.applies_to(PROJECT_ROOT / "tests" / "data")
    assert all(path.is_file() for path in [*floor.retrieval, *floor.crisis])
    assert set(floor.crisis.values()) == {1.0}  # no crisis phrasing may be lost to an edit


def test_the_crisis_check_made_during_a_build_outlives_the_builds_cache(tmp_path: Path) -> None:
    # A build's gate makes a check with the build's cached model; the cache is closed when the build ends.
    with EmbeddingCache(tmp_path / "cache.sqlite3") as cache:
        detector = CrisisDetector(CachedEmbedder(FakeEmbedder(dimension=48), cache))
    assert detector.check("which bus goes to the clinic").level == "none"


def test_a_folder_that_held_no_index_is_not_kept_as_a_version(corpus: Path, tmp_path: Path) -> None:
    # A fresh clone's index/ holds only its README: a rollback must never restore that.
    index_dir = tmp_path / "index"
    index_dir.mkdir()
    (index_dir / "README.md").write_text("note\n", encoding="utf-8")
    build_index(corpus, index_dir, FakeEmbedder())
    assert versions(index_dir) == []
    assert (index_dir / "README.md").read_text(encoding="utf-8") == "note\n"
    with pytest.raises(NothingToRollBack):
        roll_back_index(index_dir)


def test_the_cache_forgets_texts_the_last_few_builds_did_not_use(corpus: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"

    def cached_vectors() -> int:
        with EmbeddingCache(state_folder(index_dir) / "embeddings.sqlite3") as cache:
            return cache._db.execute("SELECT COUNT(*) FROM vectors").fetchone()[0]

    set_entry(corpus, "hours", "When are you open?", "Edition 0.")
    build_index(corpus, index_dir, FakeEmbedder())
    size = cached_vectors()
    editions = KEEP_VERSIONS + 4
    for edition in range(1, editions):
        set_entry(corpus, "hours", "When are you open?", f"Edition {edition}.")
        build_index(corpus, index_dir, FakeEmbedder())
    # One new text per edition, but only those of the last KEEP_VERSIONS + 1 builds are kept.
    assert cached_vectors() == size + KEEP_VERSIONS
    # An edition the kept versions used is still cached; an older one is embedded again.
    recent, old = FakeEmbedder(), FakeEmbedder()
    set_entry(corpus, "hours", "When are you open?", f"Edition {editions - 2}.")
    build_index(corpus, index_dir, recent)
    set_entry(corpus, "hours", "When are you open?", "Edition 0.")
    build_index(corpus, index_dir, old)
    assert recent.encoded == [] and old.encoded == ["When are you open?\nEdition 0."]


def fill_the_disk_while_writing_index_files(monkeypatch: pytest.MonkeyPatch) -> None:
    real = index_module._write_durably

    def half_then_full(path: Path, data: bytes) -> None:
        if path.name == "chunks.jsonl":
            real(path, data[: len(data) // 2])
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        real(path, data)

    monkeypatch.setattr(index_module, "_write_durably", half_then_full)


def fill_the_disk_while_writing_the_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    connect = EmbeddingCache._connect

    def full(path: Path) -> sqlite3.Connection:
        db = connect(path)
        # SQLite's own "database or disk is full", as when the disk has no room for another page.
        db.execute(f"PRAGMA max_page_count = {db.execute('PRAGMA page_count').fetchone()[0]}")
        return db

    monkeypatch.setattr(EmbeddingCache, "_connect", staticmethod(full))


@pytest.mark.parametrize(
    "fill", [fill_the_disk_while_writing_index_files, fill_the_disk_while_writing_the_cache], ids=["index", "cache"]
)
def test_a_full_disk_stops_the_build_with_one_message_and_keeps_the_index(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fill
) -> None:
    index_dir = tmp_path / "index"
    build_index(corpus, index_dir, FakeEmbedder())
    set_entry(corpus, "hours", "When are you open?", "Edition 1 of our hours.")
    build_index(corpus, index_dir, FakeEmbedder())
    before, kept, chunks = index_files(index_dir), versions(index_dir), load_index(index_dir, FAKE).manifest.chunks
    set_entry(corpus, "hours", "When are you open?", "Edition 2 of our hours.")
    for number in range(100):  # more new vectors than the cache has room for in its last page
        set_entry(corpus, f"new-{number}", f"New question {number}?", f"New answer {number}.")
    with monkeypatch.context() as patch:
        fill(patch)
        with pytest.raises(SearchError) as failed:
            build_index(corpus, index_dir, FakeEmbedder())
    assert str(failed.value) == (
        f"Could not write to {state_folder(index_dir)}/: the disk is full. "
        f"{index_dir}/ is unchanged: free some space and build again."
    )
    assert index_files(index_dir) == before and versions(index_dir) == kept
    assert list(state_folder(index_dir).glob("building-*")) == []
    # Once there is room again, the build goes through.
    assert build_index(corpus, index_dir, FakeEmbedder()).changes.changed == ("hours",)
    assert load_index(index_dir, FAKE).manifest.chunks == chunks + 100
