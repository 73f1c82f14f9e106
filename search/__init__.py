"""iop-search: semantic search over an Intensive Outpatient Program's FAQ and documents.

The public API, imported on first use: `python -m search --help` and other light paths then
never load numpy, FAISS or the models.
"""

from __future__ import annotations

import importlib
from typing import Any

# Each public name, and the module that defines it.
_WHERE = {
    "BuildReport": "build",
    "build_index": "build",
    "Chunk": "chunking",
    "chunk_corpus": "chunking",
    "ClinicInfo": "clinic",
    "contact_line": "clinic",
    "Settings": "config",
    "load_settings": "config",
    "Corpus": "corpus",
    "Document": "corpus",
    "Entry": "corpus",
    "load_corpus": "corpus",
    "read_corpus": "corpus",
    "Embedder": "embed",
    "load_embedder": "embed",
    "load_rescorer": "embed",
    "ContentError": "errors",
    "IndexInvalid": "errors",
    "IndexMissing": "errors",
    "SearchError": "errors",
    "LoadedIndex": "index",
    "load_index": "index",
    "stale_reason": "index",
    "OUTCOMES": "query",
    "Answer": "query",
    "Result": "query",
    "search": "query",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f".{_WHERE[name]}", __name__), name)
