"""Shared fixtures: the real bundled models (loaded once), and indexes built from small corpora."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from search import build_index, load_embedder, load_rescorer

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


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A copy of the small test corpus that a test may edit."""
    target = tmp_path / "corpus"
    shutil.copytree(DATA / "corpus", target)
    return target


@pytest.fixture(scope="session")
def sample_index(tmp_path_factory: pytest.TempPathFactory, embedder, rescorer) -> Path:
    """The small test corpus, built with the real models; tests must not change it."""
    index = tmp_path_factory.mktemp("sample") / "index"
    build_index(DATA / "corpus", index, embedder, rescorer)
    return index


@pytest.fixture(scope="session")
def program_index(tmp_path_factory: pytest.TempPathFactory, build_models) -> Path:
    """The project's own corpus/, built with the real models as `make run` builds it."""
    index = tmp_path_factory.mktemp("program") / "index"
    build_index(PROJECT_ROOT / "corpus", index, *build_models)
    return index
