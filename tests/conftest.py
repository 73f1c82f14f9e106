"""Shared fixtures: the real bundled models (loaded once), and indexes built from small corpora."""

from __future__ import annotations

import itertools
import shutil
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from search import Searcher, Settings, build_index, load_embedder, load_rescorer
from search.safety import detector as detector_module
from search.safety.classifier import HASHED_FEATURES, CrisisClassifier, Thresholds, model_name
from search.safety.detector import CrisisDetector
from tests.fakes import FakeEmbedder
from tests.postgres import PostgresServer, PostgresUnavailable, running_postgres

DATA = Path(__file__).parent / "data"
PROJECT_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def embedder():
    """The real all-MiniLM-L6-v2 from its package as questions are embedded (numpy), loaded once."""
    return load_embedder()


@pytest.fixture(scope="session")
def rescorer():
    """The real all-mpnet-base-v2 from its packages as questions are re-scored (numpy), loaded once."""
    return load_rescorer()


@pytest.fixture(scope="session")
def build_models():
    """Both models as builds run them (sentence-transformers), for the large corpora."""
    return load_embedder(for_building=True), load_rescorer(for_building=True)


@pytest.fixture(autouse=True)
def _fake_models_are_checked_by_patterns_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    """The learned crisis check is trained for the real model's embeddings; tests.fakes' models have
    none, so with them the crisis check is the patterns alone (their tests are not about meaning)."""
    shipped = detector_module.load_classifier

    def load(encoder, *args, **kwargs) -> CrisisClassifier:
        if encoder.identity != FakeEmbedder.identity:
            return shipped(encoder, *args, **kwargs)
        weights = np.zeros(encoder.dimension + 2 * HASHED_FEATURES, dtype=np.float32)
        return CrisisClassifier(
            model_name(encoder), weights, -50.0, Thresholds(crisis=1.0, concern=1.0, pattern_veto=0.0)
        )

    monkeypatch.setattr(detector_module, "load_classifier", load)


@pytest.fixture(scope="session")
def detector(embedder) -> CrisisDetector:
    """The crisis check for the real search model, with its shipped learned check."""
    return CrisisDetector(embedder)


@pytest.fixture(scope="session")
def searcher_for(embedder, detector):
    """Makes a Searcher over an index with the real search model, sharing one crisis check."""

    def make(index, settings: Settings | None = None, rescorer=None) -> Searcher:
        return Searcher(index, embedder, settings or Settings(), rescorer, detector)

    return make


@pytest.fixture(scope="session")
def embedding_cache(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Vectors kept between test runs, under pytest's own cache folder (.pytest_cache/): a second
    `make test` builds the fixtures' indexes without embedding their texts again. (With pytest's
    cache turned off, -p no:cacheprovider, they are kept for this run only.)"""
    cache = getattr(request.config, "cache", None)
    folder = cache.mkdir("iop-search") if cache is not None else tmp_path_factory.mktemp("iop-search")
    return folder / "embeddings.sqlite3"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A copy of the small test corpus that a test may edit."""
    target = tmp_path / "corpus"
    shutil.copytree(DATA / "corpus", target)
    return target


@pytest.fixture(scope="session")
def sample_index(tmp_path_factory: pytest.TempPathFactory, embedder, rescorer, embedding_cache: Path) -> Path:
    """The small test corpus, built with the real models; tests must not change it."""
    index = tmp_path_factory.mktemp("sample") / "index"
    build_index(DATA / "corpus", index, embedder, rescorer, embedding_cache=embedding_cache)
    return index


@pytest.fixture(scope="session")
def program_index(tmp_path_factory: pytest.TempPathFactory, build_models, embedding_cache: Path) -> Path:
    """The project's own corpus/, built with the real models as `make run` builds it."""
    index = tmp_path_factory.mktemp("program") / "index"
    build_index(PROJECT_ROOT / "corpus", index, *build_models, embedding_cache=embedding_cache)
    return index


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """A real PostgreSQL server in a temporary folder, started once, stopped and deleted after the run.

    When it cannot be found or started, the tests that need it fail (never skip): the usage log's
    shared back end is proved on every run, CI's included.
    """
    try:
        with running_postgres() as server:
            yield server
            return
    except PostgresUnavailable as error:
        problem = str(error)
    pytest.fail(f"PostgreSQL is needed for the usage log's tests: {problem}", pytrace=False)


_DATABASE_NUMBERS = itertools.count(1)


@pytest.fixture
def postgres_url(postgres_server: PostgresServer) -> Iterator[str]:
    """The URL, password included, of a new empty database on the test server, dropped after the test."""
    with postgres_server.database(f"usage_{next(_DATABASE_NUMBERS)}") as url:
        yield url
