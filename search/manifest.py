"""manifest.json: what an index was built from and with, so loading can check it is whole."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from typing import Any

from .clinic import ClinicInfo
from .embed import ModelIdentity
from .vector_index import VectorIndexInfo

# Raised whenever the files of index/ or what a chunk holds change shape or meaning,
# so an index from an older build is rebuilt rather than misread.
FORMAT_VERSION = 3


class ManifestError(ValueError):
    """manifest.json is not a manifest this version can read."""


@dataclass(frozen=True)
class Manifest:
    """The contents of manifest.json.

    `count` is the number of vectors (= lines of chunks.jsonl); `chunks` the number of
    distinct chunk ids; `rescoring_model` the second model whose vectors rescore.npy holds;
    `sources` the sha256 of every corpus file read; `files` the sha256
    of the other index files, so files from two different builds are never mixed;
    `vector_index` which FAISS index holds the vectors, with the recall measured for it.
    """

    format_version: int
    model: ModelIdentity
    dimension: int
    count: int
    chunks: int
    documents: int
    sources: dict[str, str]
    files: dict[str, str]
    clinic: ClinicInfo | None
    rescoring_model: ModelIdentity | None  # None: built without re-scoring vectors
    vector_index: VectorIndexInfo
    built_at: str
    build_seconds: float

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2, ensure_ascii=False) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        """Parse manifest.json; raises ManifestError saying what is wrong."""
        try:
            data: Any = json.loads(text)
        except json.JSONDecodeError as error:
            raise ManifestError(f"not valid JSON ({error.msg}, line {error.lineno})") from None
        if not isinstance(data, dict):
            raise ManifestError("not a JSON object")
        if data.get("format_version") != FORMAT_VERSION:
            raise ManifestError(f"format version {data.get('format_version')!r}, this program reads {FORMAT_VERSION}")
        missing = [field.name for field in fields(cls) if field.name not in data]
        if missing:
            raise ManifestError(f"missing {', '.join(missing)}")
        try:
            model = ModelIdentity(**data["model"])
            clinic = ClinicInfo(**data["clinic"]) if data["clinic"] is not None else None
            rescoring = ModelIdentity(**data["rescoring_model"]) if data["rescoring_model"] is not None else None
            vector_index = VectorIndexInfo(**data["vector_index"])
        except TypeError as error:
            raise ManifestError(str(error)) from None
        return cls(
            **{**data, "model": model, "clinic": clinic, "rescoring_model": rescoring, "vector_index": vector_index}
        )
