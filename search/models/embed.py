"""The embedding models: the only module that imports sentence-transformers.

Questions are embedded by search/models/numpy_model.py, which runs the same weights with numpy and gives
the same vectors without the seconds that importing torch and sentence-transformers takes;
builds, which embed thousands of passages in batches, use sentence-transformers.

The search model is all-MiniLM-L6-v2; the re-scoring model is all-mpnet-base-v2, larger and
slower but better at telling close candidates apart. Both load from the folders their packages
hold (search/models/packages.py) with the Hugging Face hub switched off, so nothing is fetched.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from search.models.encoder import BATCH_SIZE, ModelIdentity, encode_in_batches
from search.models.numpy_model import LightModel
from search.models.packages import (
    installed_model,
    installed_rescoring_model,
    rescoring_model_folder,
    search_model_folder,
)


class Embedder:
    """Turns texts into float32, L2-normalised vectors of shape (n, dimension).

    Inner product between these vectors is cosine similarity.
    """

    def __init__(self, model: Any, identity: ModelIdentity) -> None:
        """`model` is a LightModel, or a SentenceTransformer of the same folder."""
        self._model = model
        self.identity = identity
        self.dimension: int = model.get_embedding_dimension()
        # The model reads max_seq_length tokens including its two special tokens ([CLS], [SEP]).
        self.max_tokens: int = model.max_seq_length - 2

    def count_tokens(self, text: str) -> int:
        """How many tokens the model reads for this text, special tokens not counted."""
        if isinstance(self._model, LightModel):
            return self._model.count_tokens(text)
        return len(self._model.tokenizer(text, add_special_tokens=False, verbose=False)["input_ids"])

    def _encode_batch(self, texts: list[str]) -> np.ndarray:
        if isinstance(self._model, LightModel):
            return self._model.encode(texts)
        return self._model.encode(texts, batch_size=BATCH_SIZE, convert_to_numpy=True, normalize_embeddings=True)

    def encode(
        self,
        texts: list[str],
        progress: bool = False,
        label: str = "Embedding",
        on_batch: Callable[[int, int], None] | None = None,
    ) -> np.ndarray:
        """Vectors for texts, shape (len(texts), dimension), float32, L2-normalised.

        `on_batch(done, total)` is called after each batch, for a progress bar on a page.
        """
        return encode_in_batches(texts, self.dimension, self._encode_batch, progress, label, on_batch)


def _offline_sentence_transformer(folder: Path) -> Any:
    # Set before sentence-transformers and transformers are imported: they read these at import.
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    import transformers
    from sentence_transformers import SentenceTransformer

    # The weight-loading bar is noise on every question asked from the command line.
    transformers.logging.disable_progress_bar()
    model = SentenceTransformer(str(folder), device="cpu")
    model.eval()
    return model


def _model(folder: Path, for_building: bool) -> Any:
    return _offline_sentence_transformer(folder) if for_building else LightModel(folder)


@functools.cache
def load_embedder(for_building: bool = False) -> Embedder:
    """The search model, loaded once per process, offline.

    For questions it runs with numpy (fast to load); `for_building` runs it with
    sentence-transformers, several times faster over batches of long passages.
    """
    return Embedder(_model(search_model_folder(), for_building), installed_model())


@functools.cache
def load_rescorer(for_building: bool = False) -> Embedder:
    """The re-scoring model, loaded once per process, offline; `for_building` as for load_embedder."""
    return Embedder(_model(rescoring_model_folder(), for_building), installed_rescoring_model())
