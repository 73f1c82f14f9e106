"""Warm query latency by stage, recall, build throughput and memory, from the sample corpus to a million chunks.

    .venv/bin/python benchmarks/bench_latency.py [--sizes 10000 100000 1000000] [--questions 400]

Every figure is printed next to two measured in the same run, since this 2-core machine is noisy:
the floor, `model.encode(question)` of the bare sentence-transformers model, and the baseline,
that same call followed by `sentence_transformers.util.semantic_search` over the same vectors.
The questions are those of tests/eval/tuning.jsonl and heldout.jsonl, each asked once, in turns
with the floor and the baseline, without the re-scoring stage unless a line says so.

The sample corpus is index/ (built first if it is stale). A synthetic corpus of N chunks is made
in a process of its own, so that its peak memory is its own:
- vectors: each is a real row vector of index/ or a crisis example (about 1,500 together;
  not the evaluation questions, which are the queries), plus half of a second one, turned by random noise of half their
  length (NOISE), then normalised: clusters around real meanings, as a clinic network's
  documents would form, with every row distinct;
- texts: three sentences drawn from the sample corpus's chunks and two made-up words from a
  vocabulary of 50,000, so keyword search meets both common and rare words;
- one row per chunk, a tenth of them staff-only.
It is written by the same write_index and read by the same load_index as a real build; only
the embedding is skipped (its throughput is measured on the sample corpus's passages instead).
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from search import Searcher, Settings, load_embedder, load_index, load_rescorer  # noqa: E402
from search.evaluation.metrics import load_questions  # noqa: E402
from search.index.loaded import LoadedIndex  # noqa: E402
from search.index.store import rows_of, write_index  # noqa: E402
from search.ingest.chunking import Chunk  # noqa: E402
from search.ingest.corpus import Corpus  # noqa: E402
from search.models.packages import search_model_folder  # noqa: E402
from search.publishing.stale import stale_reason  # noqa: E402
from search.safety.training import EXAMPLES_FILE, read_messages  # noqa: E402

PROJECT_ROOT = Path(__file__).resolve().parent.parent
EVAL = PROJECT_ROOT / "tests" / "eval"
STAGES = ("crisis check", "embedding", "wording", "vector search", "keyword search", "fusion", "re-scoring")
MADE_UP_WORDS = 50_000
# Noise half the length of the mixed vector turns it about 27 degrees: rows near one meaning
# stay within about 0.9 cosine of it, as paraphrases and near-duplicate documents do.
NOISE = 0.5


def questions(limit: int) -> list[str]:
    asked = [question.query for name in ("tuning", "heldout") for question in load_questions(EVAL / f"{name}.jsonl")]
    return asked[:limit]


@functools.cache
def floor_model():  # noqa: ANN201 - a SentenceTransformer
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(search_model_folder()), device="cpu")


def ms(seconds: list[float]) -> tuple[float, float]:
    """Median and 95th percentile, in milliseconds."""
    ordered = sorted(seconds)
    return statistics.median(ordered) * 1000, ordered[int(0.95 * (len(ordered) - 1))] * 1000


# name: settings of the search timed; the default re-scores only questions the first stage is not sure of.
CONFIGURATIONS = {
    "without re-scoring": {"rescore": False},
    "default (re-scoring when the first stage is not sure)": {},
    "re-scoring every question": {"sure_lead": float("inf")},
}


def time_questions(index: LoadedIndex, asked: list[str], **overrides: object) -> dict[str, list[float]]:
    """Seconds of the floor, the baseline, each stage and the whole search, per question, in turns."""
    import torch
    from sentence_transformers import util

    model = floor_model()
    settings = Settings().with_overrides(**overrides)
    rescorer = load_rescorer() if settings.rescore else None
    # A searcher of its own, made before the clock starts: its recent answers are this run's only.
    searcher = Searcher(index, load_embedder(), settings, rescorer)
    corpus_vectors = torch.from_numpy(index.all_vectors())
    for question in asked[:5]:  # warm-up: first calls allocate
        model.encode(question)
        searcher.ask(f"warm-up {question}", "staff")
    times: dict[str, list[float]] = {name: [] for name in ("floor", "baseline", "search", "repeated", *STAGES)}
    for question in asked:
        started = time.perf_counter()
        model.encode(question)
        times["floor"].append(time.perf_counter() - started)
        started = time.perf_counter()
        util.semantic_search(model.encode(question, convert_to_tensor=True), corpus_vectors, top_k=10)
        times["baseline"].append(time.perf_counter() - started)
        started = time.perf_counter()
        answer = searcher.ask(question, "public")
        times["search"].append(time.perf_counter() - started)
        for stage in STAGES:
            if stage in answer.seconds:
                times[stage].append(answer.seconds[stage])
        if answer.risk.level == "none":  # only those are kept as recent answers
            started = time.perf_counter()
            searcher.ask(question, "public")
            times["repeated"].append(time.perf_counter() - started)
    return times


def latency_lines(label: str, times: dict[str, list[float]]) -> list[str]:
    floor = ms(times["floor"])[0]
    lines = [f"{label}: {len(times['search'])} questions; median / p95 ms, and median as a multiple of the floor"]
    for name in ("floor", "baseline", "search", *STAGES, "repeated"):
        if times.get(name):
            median, p95 = ms(times[name])
            shown = {"search": "search, end to end", "repeated": "same question again"}.get(name, name)
            lines.append(f"  {shown:<24} {median:8.3f} {p95:8.3f}   {median / floor:5.2f}x")
    return lines


def sample_corpus(asked: list[str]) -> None:
    settings = Settings()
    index_dir = settings.index
    with tempfile.TemporaryDirectory() as work:
        if stale_reason(settings.corpus, index_dir) is not None:
            from search import build_index

            index_dir = Path(work) / "index"
            build_index(settings.corpus, index_dir, load_embedder(for_building=True), load_rescorer(for_building=True))
        index = load_index(index_dir)
        passages = [row.passage for row in index.rows]
        builder = load_embedder(for_building=True)
        started = time.perf_counter()
        builder.encode(passages)
        embed_seconds = time.perf_counter() - started
        print(f"sample corpus {settings.corpus}: {len(index.chunk_ids)} chunks, {len(index.rows)} rows")
        print(
            f"  embedding for a build (sentence-transformers): {len(passages) / embed_seconds:.1f} rows/s "
            f"({embed_seconds:.1f} s for its {len(passages)} rows)"
        )
        for label, overrides in CONFIGURATIONS.items():
            for line in latency_lines(f"  {label}", time_questions(index, asked, **overrides)):
                print(line)


def base_vectors() -> tuple[np.ndarray, list[str]]:
    """Real vectors to build synthetic ones around, and real sentences to build texts from."""
    index = load_index(Settings().index)
    # Not the evaluation questions: they are the queries, and a real question is not the seed of its answers.
    examples = load_embedder().encode([message.text for message in read_messages(EXAMPLES_FILE)])
    sentences = sorted({s.strip() for row in index.first_row for s in row.text.split(". ") if len(s.split()) > 3})
    return np.concatenate([index.all_vectors(), examples]), sentences


def synthetic(size: int, seed: int = 0) -> tuple[list, np.ndarray]:
    """`size` chunks of one row each, and their vectors (see the module docstring)."""
    random = np.random.default_rng(seed)
    bases, sentences = base_vectors()
    first, second = random.integers(len(bases), size=size), random.integers(len(bases), size=size)
    vectors = np.empty((size, bases.shape[1]), dtype=np.float32)
    for start in range(0, size, 100_000):  # in slices, to keep the temporary arrays small
        part = slice(start, min(start + 100_000, size))
        mixed = bases[first[part]] + 0.5 * bases[second[part]]
        noise = random.standard_normal(mixed.shape).astype(np.float32)
        scale = NOISE * np.linalg.norm(mixed, axis=1, keepdims=True)
        mixed += noise / np.linalg.norm(noise, axis=1, keepdims=True) * scale
        vectors[part] = mixed / np.linalg.norm(mixed, axis=1, keepdims=True)
    picks = random.integers(len(sentences), size=(size, 3))
    words = random.zipf(1.3, size=(size, 2)) % MADE_UP_WORDS
    chunks = [
        Chunk(
            id=f"synthetic-{number}",
            doc=f"synthetic/doc-{number // 100}.md",
            title=f"Section {number}",
            text=". ".join(sentences[p] for p in picks[number]) + f". Code zq{words[number][0]} zq{words[number][1]}.",
            audience="staff" if number % 10 == 0 else "public",
            line=1,
            phrasings=(),
            passages=(f"Section {number}",),
        )
        for number in range(size)
    ]
    return rows_of(chunks), vectors


def resident_mb(field: str = "VmRSS") -> float:
    """This process's resident memory now (VmRSS) or at its peak (VmHWM), in MB.

    Not getrusage's ru_maxrss: Linux carries that over from the parent through exec.
    """
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return 0.0


def measure_size(size: int, asked: list[str]) -> dict[str, object]:
    """Everything for one synthetic size; run in a process of its own."""
    started = time.perf_counter()
    rows, vectors = synthetic(size)
    generate_seconds = time.perf_counter() - started
    embedder = load_embedder()
    with tempfile.TemporaryDirectory() as work:
        staging = Path(work) / "index"
        staging.mkdir()
        corpus = Corpus(Path(work), (), (), None, {"synthetic": "0" * 64}, ())
        started = time.perf_counter()
        manifest = write_index(staging, corpus, rows, vectors, embedder, None, 0.0)
        write_seconds = time.perf_counter() - started
        del rows
        started = time.perf_counter()
        index = load_index(staging)
        load_seconds = time.perf_counter() - started
        index_bytes = (staging / "index.faiss").stat().st_size
        raw_bytes = vectors.nbytes
        query_vectors = embedder.encode(asked)
        found = [[row for _, row in index.nearest_rows(vector, 10, "staff")] for vector in query_vectors]
        from search.index.vectors import exact_top

        exact = exact_top(vectors, query_vectors)
        recall = float(np.mean([len(set(f) & set(e)) / 10 for f, e in zip(found, exact, strict=True)]))
        del vectors
        times = time_questions(index, asked, rescore=False)  # a synthetic index has no re-scoring vectors
    return {
        "size": size,
        "vector_index": manifest.vector_index.__dict__,
        "generate_seconds": generate_seconds,
        "write_seconds": write_seconds,
        "load_seconds": load_seconds,
        "index_bytes": index_bytes,
        "raw_bytes": raw_bytes,
        "rss_after_mb": resident_mb(),
        "peak_rss_mb": resident_mb("VmHWM"),
        "recall_at_10": recall,
        "times": times,
    }


def print_size(result: dict[str, object]) -> None:
    size, info = result["size"], result["vector_index"]
    kind = "exact" if info["kind"] == "exact" else f"IVF, {info['lists']} lists, {info['probes']} probed"
    print(f"synthetic corpus of {size:,} chunks ({kind}; recall@10 at build {info['recall_at_10']:.3f})")
    print(
        f"  build without embedding: {result['write_seconds']:.1f} s, {size / result['write_seconds']:,.0f} chunks/s; "
        f"load {result['load_seconds']:.1f} s; generating it took {result['generate_seconds']:.1f} s"
    )
    print(
        f"  vector index {result['index_bytes'] / 2**20:,.0f} MB = {result['index_bytes'] / result['raw_bytes']:.3f}x "
        f"the raw float32 vectors ({result['raw_bytes'] / 2**20:,.0f} MB)"
    )
    print(
        f"  memory: peak {result['peak_rss_mb']:,.0f} MB resident (generation and build included), "
        f"{result['rss_after_mb']:,.0f} MB after loading and asking"
    )
    print(f"  recall@10 of the real questions against exact search: {result['recall_at_10']:.3f}")
    for line in latency_lines("  without re-scoring", result["times"]):
        print(line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--questions", type=int, default=400)
    parser.add_argument("--no-sample", action="store_true", help="skip the sample corpus")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)  # one synthetic size, as JSON
    args = parser.parse_args()
    asked = questions(args.questions)
    if args.child:
        print(json.dumps(measure_size(args.child, asked)))
        return
    print(f"{os.cpu_count()} cores; {len(asked)} questions from tests/eval/tuning.jsonl and heldout.jsonl")
    if not args.no_sample:
        sample_corpus(asked)
    for size in args.sizes:
        child = subprocess.run(
            [sys.executable, __file__, "--child", str(size), "--questions", str(args.questions)],
            check=True,
            capture_output=True,
            text=True,
        )
        print_size(json.loads(child.stdout.strip().splitlines()[-1]))


if __name__ == "__main__":
    main()
