"""Whether an index needs rebuilding: the corpus, the models or the index's own files changed."""

from __future__ import annotations

from pathlib import Path

from search.errors import IndexInvalid, IndexMissing
from search.index.loaded import read_manifest
from search.ingest.sources import find_sources, hash_sources
from search.models.packages import installed_model, installed_rescoring_model


def stale_reason(corpus_path: Path, index_dir: Path, rescoring: bool = True) -> str | None:
    """Why index_dir needs rebuilding from corpus_path, or None when it is up to date.

    With `rescoring`, an index built without re-scoring vectors needs rebuilding too.

    Cheap: compares file hashes and versions without loading the model.
    """
    try:
        manifest = read_manifest(index_dir)
    except IndexMissing:
        return "there is no index yet"
    except IndexInvalid as error:
        return str(error)
    if manifest.model != installed_model() or (
        manifest.rescoring_model is not None and manifest.rescoring_model != installed_rescoring_model()
    ):
        return "the installed model differs from the one the index was built with"
    if rescoring and manifest.rescoring_model is None:
        return "the index has no re-scoring vectors"
    if any(not (index_dir / name).is_file() for name in manifest.files):
        return "index files are missing"
    found = find_sources(corpus_path)
    if found.problems:
        # A build would refuse this corpus; it runs all the same, so the editor is told why.
        return f"the corpus has a problem ({found.problems[0]})"
    current = hash_sources(found.files)
    if current != manifest.sources:
        changed = sorted(set(current) ^ set(manifest.sources)) + sorted(
            name for name in set(current) & set(manifest.sources) if current[name] != manifest.sources[name]
        )
        return f"the corpus changed ({', '.join(changed[:5])}{', ...' if len(changed) > 5 else ''})"
    return None
