"""Figures for the core pipeline: model loads, build time of a corpus, and warm `ask` latency.

    .venv/bin/python benchmarks/bench_pipeline.py [--corpus corpus/] [--queries 100]

Builds into a temporary folder (index/ is not touched), then times Searcher.ask in-process over
the given number of questions, each answered once after one warm-up question, with and without
the re-scoring stage. The model loads are the query-time (numpy) models'; the build's time
includes loading sentence-transformers. benchmarks/bench_latency.py has the figures by stage.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from search import Searcher, Settings, build_index, load_embedder, load_index, load_rescorer  # noqa: E402

QUESTIONS = [
    "what is an intensive outpatient program",
    "how is IOP different from normal counseling",
    "what do you do in IOP",
    "can my family come to sessions",
    "do you take my insurance",
    "how many days a week is the program",
    "who is on my care team",
    "what if I need help right away at night",
    "can I keep working while in the program",
    "where do I park",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Settings().corpus)
    parser.add_argument("--queries", type=int, default=100)
    args = parser.parse_args()

    started = time.perf_counter()
    embedder = load_embedder()
    model_seconds = time.perf_counter() - started
    started = time.perf_counter()
    rescorer = load_rescorer()
    rescorer_seconds = time.perf_counter() - started

    with tempfile.TemporaryDirectory() as folder:
        index_dir = Path(folder) / "index"
        started = time.perf_counter()
        report = build_index(args.corpus, index_dir, load_embedder(for_building=True), load_rescorer(for_building=True))
        build_seconds = time.perf_counter() - started
        index = load_index(index_dir)
        # Vary the wording so each of the questions is a different text.
        questions = [f"{QUESTIONS[i % len(QUESTIONS)]} {'?' * (i // len(QUESTIONS))}" for i in range(args.queries)]
        timings: dict[str, list[float]] = {}
        searcher = Searcher(index, embedder, Settings(), rescorer)
        for label, overrides in (("with re-scoring", {}), ("first stage only", {"rescore": False})):
            # One searcher per configuration, so no answer of one is a recent answer for the other.
            configured = searcher.with_settings(**overrides)
            configured.ask("warm-up question")
            timings[label] = []
            for question in questions:
                started = time.perf_counter()
                configured.ask(question)
                timings[label].append((time.perf_counter() - started) * 1000)

    print(
        f"corpus            {args.corpus}: {report.documents} documents, "
        f"{report.chunks} chunks, {report.vectors} vectors"
    )
    print(f"model load        {model_seconds:.2f} s search model, {rescorer_seconds:.2f} s re-scoring model")
    print(f"build             {build_seconds:.2f} s (with the sentence-transformers load)")
    for label, times in timings.items():
        times.sort()
        print(
            f"warm ask          {label}: median {statistics.median(times):.1f} ms, "
            f"p95 {times[int(0.95 * (len(times) - 1))]:.1f} ms over {len(times)} questions"
        )


if __name__ == "__main__":
    main()
