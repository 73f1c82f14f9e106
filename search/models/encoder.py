"""What every model that turns text into vectors offers, and how texts are batched for it.

The search model and the re-scoring model each run two ways (search/models/embed.py): with
sentence-transformers for builds, and with numpy for questions (search/models/numpy_model.py).
The embedding cache (search/models/cache.py) wraps either. All of them are Encoders.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

# Embedding enough texts at once keeps the CPU busy without holding many padded batches in memory.
BATCH_SIZE = 32


@dataclass(frozen=True)
class ModelIdentity:
    """What an index records about the model that built it, so a different one is noticed."""

    name: str
    package: str
    version: str


class Encoder(Protocol):
    """Turns texts into float32, L2-normalised vectors of shape (n, dimension): inner product is cosine."""

    identity: ModelIdentity
    dimension: int
    max_tokens: int  # the most tokens the model reads of a text, special tokens not counted

    def count_tokens(self, text: str) -> int: ...

    def encode(self, texts: list[str]) -> np.ndarray: ...


def batches_by_length(lengths: Sequence[int], size: int = BATCH_SIZE) -> Iterator[list[int]]:
    """Positions of the texts in batches of `size`, shortest first: texts of similar length
    batched together waste little time on padding."""
    order = sorted(range(len(lengths)), key=lengths.__getitem__)
    for start in range(0, len(order), size):
        yield order[start : start + size]
