"""A deterministic stand-in for the model, for fast tests of logic that does not depend on meaning."""

from __future__ import annotations

import hashlib
import importlib.metadata
import re

import numpy as np
import pytest

from search.models.encoder import ModelIdentity

_WORD = re.compile(r"\w+")


class FakeEmbedder:
    """Bag-of-words vectors from hashed words: texts sharing words are close, others are not.

    A token is a word, so limits are easy to reason about in tests.
    """

    identity = ModelIdentity("fake-model", "fake-package", "1.0")

    def __init__(self, dimension: int = 64, max_tokens: int = 40) -> None:
        self.dimension = dimension
        self.max_tokens = max_tokens
        self.encoded: list[str] = []

    def count_tokens(self, text: str) -> int:
        return len(_WORD.findall(text))

    def encode(self, texts: list[str], progress: bool = False, label: str = "", on_batch=None) -> np.ndarray:
        self.encoded.extend(texts)
        vectors = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in _WORD.findall(text.lower()):
                vectors[row, int(hashlib.md5(word.encode()).hexdigest(), 16) % self.dimension] += 1.0
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.where(norms == 0, 1.0, norms)


def hide_package(monkeypatch: pytest.MonkeyPatch, hidden: str) -> None:
    """Package metadata as if `hidden` were not installed."""
    real = importlib.metadata.version

    def version(package: str) -> str:
        if package == hidden:
            raise importlib.metadata.PackageNotFoundError(package)
        return real(package)

    monkeypatch.setattr(importlib.metadata, "version", version)
