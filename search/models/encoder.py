"""What every model that turns text into vectors offers, and how texts are batched for it.

The search model and the re-scoring model each run two ways (search/models/embed.py): with
sentence-transformers for builds, and with numpy for questions (search/models/numpy_model.py).
The embedding cache (search/models/cache.py) wraps either. All of them are Encoders.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np
from tqdm import tqdm

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


def encode_in_batches(
    texts: list[str],
    dimension: int,
    encode_batch: Callable[[list[str]], np.ndarray],
    progress: bool,
    label: str,
    on_batch: Callable[[int, int], None] | None,
) -> np.ndarray:
    """Vectors for texts, shape (len(texts), dimension), float32, made by `encode_batch` on batches
    of similar length, with a progress bar (`progress`) and `on_batch(done, total)` after each batch."""
    vectors = np.zeros((len(texts), dimension), dtype=np.float32)
    done = 0
    with tqdm(total=len(texts), desc=label, unit="passage", disable=not progress) as bar:
        for batch in batches_by_length([len(text) for text in texts]):
            vectors[batch] = encode_batch([texts[i] for i in batch]).reshape(len(batch), -1)
            done += len(batch)
            bar.update(len(batch))
            if on_batch is not None:
                on_batch(done, len(texts))
    return vectors
