"""iop-search: semantic search over an Intensive Outpatient Program's FAQ and documents.

The public API, imported on first use: `python -m search --help` and other light paths then
never load numpy, FAISS or the models.
"""

from __future__ import annotations

import importlib
from typing import Any

# Each public name, and the module (under search/) that defines it.
_WHERE = {
    "Audience": "vocab",
    "Outcome": "vocab",
    "RiskLevel": "vocab",
    "OUTCOMES": "vocab",
    "Settings": "config",
    "load_settings": "config",
    "ContentError": "errors",
    "IndexInvalid": "errors",
    "IndexMissing": "errors",
    "ModelPackageMissing": "errors",
    "SearchError": "errors",
    "Chunk": "ingest.chunking",
    "chunk_corpus": "ingest.chunking",
    "ClinicInfo": "ingest.clinic",
    "contact_line": "ingest.clinic",
    "Corpus": "ingest.corpus",
    "Document": "ingest.corpus",
    "Entry": "ingest.corpus",
    "load_corpus": "ingest.corpus",
    "read_corpus": "ingest.corpus",
    "Embedder": "models.embed",
    "Encoder": "models.encoder",
    "load_embedder": "models.embed",
    "load_rescorer": "models.embed",
    "LoadedIndex": "index.loaded",
    "load_index": "index.loaded",
    "LiveIndex": "index.live",
    "Answer": "retrieval.answer",
    "Result": "retrieval.answer",
    "Searcher": "retrieval.searcher",
    "BuildReport": "publishing.build",
    "build_index": "publishing.build",
    "stale_reason": "publishing.stale",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f".{_WHERE[name]}", __name__), name)
