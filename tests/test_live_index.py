"""A long-running page switches to each newly published index between queries, and a query never
sees a mixture of two versions, while indexes are rebuilt and rolled back underneath it."""

from __future__ import annotations

import itertools
import re
import threading
from pathlib import Path

import pytest

from search import Searcher, Settings, build_index, load_index
from search.index.live import LiveIndex
from search.publishing.build import roll_back_index
from search.safety.detector import CrisisDetector
from tests.fakes import FakeEmbedder
from tests.test_index import WRONG_FIELDS, damage, edit_manifest

FAKE = FakeEmbedder.identity
SETTINGS = Settings(rescore=False)
TOPICS = {
    "parking": "Where can I park?",
    "insurance": "Do you accept insurance?",
    "hours": "When are groups held?",
    "family": "Can my family come to sessions?",
    "telehealth": "Can I attend by video?",
    "cost": "How much does the program cost?",
}
EDITION = re.compile(r"edition (\d+)")


def write_edition(corpus: Path, edition: int) -> None:
    """Every entry of the corpus says which edition it belongs to."""
    (corpus / "faq.txt").write_text(
        "".join(
            f"id: {topic}\nQ: {question}\nA: The answer about {topic}, edition {edition}.\n\n"
            for topic, question in TOPICS.items()
        ),
        encoding="utf-8",
    )


def editions(texts: list[str]) -> set[str]:
    return {match.group(1) for text in texts for match in EDITION.finditer(text)}


def test_queries_during_rebuilds_and_rollbacks_each_see_one_whole_version(tmp_path: Path) -> None:
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    write_edition(corpus, 0)
    build_index(corpus, index_dir, FakeEmbedder())
    live = LiveIndex(index_dir, load=lambda path: load_index(path, FAKE))
    stop = threading.Event()
    asked = [0] * 4
    problems: list[str] = []
    seen_editions: set[str] = set()

    def ask_continuously(worker: int) -> None:
        embedder = FakeEmbedder()
        detector = CrisisDetector(embedder)
        for question in itertools.cycle(TOPICS.values()):
            if stop.is_set():
                return
            try:
                index = live.current()
                whole = editions([row.text for row in index.rows])
                answer = Searcher(index, embedder, SETTINGS, detector=detector).ask(question)
                shown = editions([result.text for result in answer.results])
                if len(whole) != 1 or shown != whole:
                    problems.append(f"index holds editions {whole}, the answer showed {shown}")
                seen_editions.update(shown)
            except Exception as error:  # noqa: BLE001 - any error at all is what this test looks for
                problems.append(repr(error))
            asked[worker] += 1

    workers = [threading.Thread(target=ask_continuously, args=(n,)) for n in range(len(asked))]
    for worker in workers:
        worker.start()
    publishes = 0
    try:
        for edition in range(1, 32):
            write_edition(corpus, edition)
            build_index(corpus, index_dir, FakeEmbedder())
            publishes += 1
            if edition % 3 == 0:
                roll_back_index(index_dir)
                publishes += 1
    finally:
        stop.set()
        for worker in workers:
            worker.join(timeout=60)
    print(f"\n{sum(asked)} queries from {len(asked)} threads, {publishes} publishes and rollbacks, ")
    print(f"{live.loads} versions loaded, {len(problems)} errors")
    assert problems == []
    assert sum(asked) > 200
    # The page followed the versions as they were published, ending on the last one.
    assert live.loads > 3 and len(seen_editions) > 3
    assert editions([row.text for row in live.current().rows]) == {"31"}


@pytest.mark.parametrize(
    "kind", ["manifest-files-list", "manifest-dimension-null", "chunks-not-utf8", "keywords-empty", "vectors-garbage"]
)
def test_a_damaged_version_on_disk_leaves_the_last_good_one_answering(tmp_path: Path, kind: str) -> None:
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    write_edition(corpus, 1)
    build_index(corpus, index_dir, FakeEmbedder())
    live = LiveIndex(index_dir, load=lambda path: load_index(path, FAKE))
    assert editions([row.text for row in live.current().rows]) == {"1"}
    if kind.startswith("manifest-"):
        edit_manifest(index_dir, WRONG_FIELDS[kind.removeprefix("manifest-")][0])
    else:
        damage(index_dir, kind)
    index = live.current()
    assert editions([row.text for row in index.rows]) == {"1"}
    answer = Searcher(index, FakeEmbedder(), SETTINGS).ask("Where can I park?")
    assert answer.results and editions([result.text for result in answer.results]) == {"1"}
