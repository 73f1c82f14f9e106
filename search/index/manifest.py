"""manifest.json: what an index was built from and with, so loading can check it is whole."""

from __future__ import annotations

import json
import types
import typing
from dataclasses import MISSING, asdict, dataclass, fields, is_dataclass
from typing import Any

from search.errors import ManifestError
from search.index.vectors import VectorIndexInfo
from search.ingest.clinic import ClinicInfo
from search.models.encoder import ModelIdentity

# Raised whenever the files of index/ or what a chunk holds change shape or meaning,
# so an index from an older build is rebuilt rather than misread.
FORMAT_VERSION = 5


@dataclass(frozen=True)
class Manifest:
    """The contents of manifest.json.

    `count` is the number of vectors (= lines of chunks.jsonl); `chunks` the number of
    distinct chunk ids; `rescoring_model` the second model whose vectors rescore.npy holds;
    `sources` the sha256 of every corpus file read; `files` the sha256
    of the other index files, so files from two different builds are never mixed;
    `vector_index` which FAISS index holds the vectors, with the recall measured for it.
    `multilingual_model` made the vectors of the part Spanish questions search (None without
    Spanish content), `multilingual_count` the rows of that part.
    The clinic's facts and synonyms are kept here, so that a search uses those of its own build.
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
    synonyms: list[str]  # the rules of corpus/synonyms.txt, one a line as written there
    rescoring_model: ModelIdentity | None  # None: built without re-scoring vectors
    multilingual_model: ModelIdentity | None
    multilingual_count: int
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
        return _read(data, cls, "")


_KINDS = {int: "a whole number", float: "a number", str: "text"}


def _shown(value: Any) -> str:
    shown = json.dumps(value, ensure_ascii=False)
    return shown if len(shown) <= 40 else shown[:37] + "..."


def _read(value: Any, kind: Any, name: str) -> Any:
    """`value`, read from JSON, as the type `kind`; raises ManifestError naming the field (`name`)."""
    options = typing.get_args(kind) if isinstance(kind, types.UnionType) else ()
    if type(None) in options:
        if value is None:
            return None
        (kind,) = [option for option in options if option is not type(None)]
    if is_dataclass(kind):
        if not isinstance(value, dict):
            raise ManifestError(f"{name!r} should be an object, got {_shown(value)}")
        known = {field.name: field for field in fields(kind)}
        unknown = sorted(set(value) - set(known))
        if unknown:
            raise ManifestError(f"{repr(name) if name else 'it'} has unknown fields: {', '.join(unknown)}")
        hints = typing.get_type_hints(kind)
        where = f"{name}." if name else ""
        for field_name, field in known.items():
            no_default = field.default is field.default_factory is MISSING
            if field_name not in value and no_default:
                raise ManifestError(f"{where + field_name!r} is missing")
        return kind(**{key: _read(item, hints[key], where + key) for key, item in value.items()})
    if typing.get_origin(kind) is list:
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise ManifestError(f"{name!r} should be a list of text, got {_shown(value)}")
        return value
    if typing.get_origin(kind) is dict:
        if not isinstance(value, dict) or not all(isinstance(item, str) for item in value.values()):
            raise ManifestError(f"{name!r} should be an object whose values are text, got {_shown(value)}")
        return value
    # 3.0 is no count, and true (a bool, so an int to Python) no number.
    fits = isinstance(value, kind) or (kind is float and isinstance(value, int))
    if isinstance(value, bool) or not fits:
        raise ManifestError(f"{name!r} should be {_KINDS[kind]}, got {_shown(value)}")
    return value
