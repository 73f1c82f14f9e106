"""Figures for rebuilding after a content edit: model load, full rebuild, one-file-edit rebuild.

    .venv/bin/python benchmarks/bench_rebuild.py [--corpus corpus/] [--runs 3]

Works on a copy of the corpus in a temporary folder (corpus/ and index/ are not touched). Each
run starts from an empty embedding cache: a full build of the copy, then an edit of one FAQ
file (one answer changed) and a rebuild. Both are timed without and with the publish gate
(the project's recorded floor, applied to the copy). Model load is timed once, on its own, as
the first thing the process does, so it includes importing sentence-transformers and torch.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from search.config import Settings  # noqa: E402

EDITED_FILE = Path("faq") / "program-faq.txt"


def timed(action, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN201 - its result, and seconds taken
    started = time.perf_counter()
    result = action(*args, **kwargs)
    return result, time.perf_counter() - started


def edit_one_answer(corpus: Path, run: int) -> None:
    """Change one sentence of one answer, as a content editor would."""
    path = corpus / EDITED_FILE
    text = path.read_text(encoding="utf-8")
    marker = "\nA: "
    at = text.index(marker) + len(marker)
    path.write_text(text[:at] + f"(Updated, edit {run}.) " + text[at:], encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Settings().corpus)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    def load_models():  # noqa: ANN202
        from search import load_embedder, load_rescorer

        return load_embedder(for_building=True), load_rescorer(for_building=True)

    (embedder, rescorer), load_seconds = timed(load_models)
    from search import build_index
    from search.publishing.gate import PublishGate, read_floor

    settings = Settings()
    figures: dict[str, list[float]] = {}
    for run in range(args.runs):
        for gated in (False, True):
            with tempfile.TemporaryDirectory(prefix="iop-search-bench-") as folder:
                corpus, index_dir = Path(folder) / "corpus", Path(folder) / "index"
                shutil.copytree(args.corpus, corpus)
                gate = None
                if gated:
                    gate = PublishGate(replace(read_floor(settings.gate_floor), corpus=corpus), settings)
                label = "with the publish gate" if gated else "without the gate"
                full, seconds = timed(build_index, corpus, index_dir, embedder, rescorer, gate=gate)
                figures.setdefault(f"full rebuild, empty cache, {label}", []).append(seconds)
                edit_one_answer(corpus, run)
                edited, seconds = timed(build_index, corpus, index_dir, embedder, rescorer, gate=gate)
                figures.setdefault(f"one-file edit, {label}", []).append(seconds)
                assert edited.published and len(edited.changes.changed) == 1, edited.changes
                print(
                    f"run {run + 1}, {label}: {full.chunks} chunks, {full.vectors} vectors; the edit changed "
                    f"{edited.changes.changed[0]} and embedded {edited.embedded} text(s), "
                    f"{edited.reused} from the cache",
                    file=sys.stderr,
                )
    print(f"corpus: {args.corpus} ({full.documents} documents, {full.chunks} chunks, {full.vectors} vectors)")
    print(f"model load (both models, with imports), once: {load_seconds:.1f} s")
    for name, values in figures.items():
        each = ", ".join(f"{value:.1f}" for value in values)
        print(f"{name}: median {statistics.median(values):.1f} s over {len(values)} runs ({each})")


if __name__ == "__main__":
    main()
