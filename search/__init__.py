"""iop-search: semantic search over an Intensive Outpatient Program's FAQ and documents."""

from .build import BuildReport, build_index
from .chunking import Chunk, chunk_corpus
from .clinic import ClinicInfo, contact_line
from .config import Settings, load_settings
from .corpus import Corpus, Document, Entry, load_corpus, read_corpus
from .embed import Embedder, load_embedder, load_rescorer
from .errors import ContentError, IndexInvalid, IndexMissing, SearchError
from .index import LoadedIndex, load_index, stale_reason
from .query import OUTCOMES, Answer, Result, search

__all__ = [
    "OUTCOMES",
    "Answer",
    "BuildReport",
    "Chunk",
    "ClinicInfo",
    "ContentError",
    "Corpus",
    "Document",
    "Embedder",
    "Entry",
    "IndexInvalid",
    "IndexMissing",
    "LoadedIndex",
    "Result",
    "SearchError",
    "Settings",
    "build_index",
    "chunk_corpus",
    "contact_line",
    "load_corpus",
    "load_embedder",
    "load_index",
    "load_rescorer",
    "load_settings",
    "read_corpus",
    "search",
    "stale_reason",
]
