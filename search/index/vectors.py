"""The FAISS index over an index's vectors, chosen by size.

Exact inner-product search while it is fast (a clinic's FAQ is a few thousand rows); above
EXACT_LIMIT rows an inverted-file index (IVF), which scans only the few lists nearest the
question. How many lists to scan is measured at build time: PROBE_MARGIN times the fewest that
find RECALL_AIM of the exact top 10 for a sample of test queries. The choice and the recall
measured are recorded in the manifest. docs/performance.md has the figures behind these values.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import faiss
import numpy as np

EXACT, IVF = "exact", "ivf"
# Exact search over 10,000 rows took 1.7 ms here, a tenth of the model's time; it grows with the rows.
EXACT_LIMIT = 20_000
# The promise is 0.98 of the exact top 10 for real questions. Test queries (sample_queries) are
# easier: on the synthetic corpora of benchmarks/bench_latency.py they found 0.99 scanning 32 lists
# of 100,000 rows' 256 and 8 of 1,000,000 rows' 1,024, where the evaluation questions needed 64
# and 32 lists for 0.98. So the index scans PROBE_MARGIN times the lists the test queries need.
RECALL_TARGET = 0.98
RECALL_AIM = 0.99
PROBE_MARGIN = 4
RECALL_QUERIES = 500
TOP = 10
# k-means is trained on a sample of this many vectors per list (FAISS asks for at least 39), not on all.
TRAINING_PER_LIST = 64


@dataclass(frozen=True)
class VectorIndexInfo:
    """What the manifest records: the kind of index, and for IVF its lists, the lists each search
    scans (`probes`) and the recall@10 against exact search measured with them."""

    kind: str = EXACT
    lists: int = 0
    probes: int = 0
    recall_at_10: float = 1.0
    recall_queries: int = 0


def lists_for(rows: int) -> int:
    """About the square root of the rows, as a power of two: each list then holds about as many
    rows as there are lists, which balances finding the lists against scanning them."""
    return 2 ** max(4, round(math.log2(math.sqrt(rows))))


def sample_queries(vectors: np.ndarray, count: int, seed: int = 0) -> np.ndarray:
    """Queries as far from the content as real questions are: each is a stored row turned 60 degrees
    in a random direction, so its nearest row is at a cosine of about 0.5.

    Nearer queries (stored rows themselves, or turned 45 degrees) found their top 10 more easily
    than the evaluation questions did on the synthetic corpora of benchmarks/bench_latency.py,
    and would have chosen too few probes.
    """
    random = np.random.default_rng(seed)
    rows = vectors[random.choice(len(vectors), size=min(count, len(vectors)), replace=False)]
    noise = random.standard_normal(rows.shape).astype(np.float32)
    noise /= np.linalg.norm(noise, axis=1, keepdims=True)
    queries = rows + noise * np.float32(math.tan(math.radians(60)))
    return queries / np.linalg.norm(queries, axis=1, keepdims=True)


def exact_top(vectors: np.ndarray, queries: np.ndarray) -> np.ndarray:
    """The rows of the exact top 10 for each query, by brute force."""
    return faiss.knn(queries, vectors, TOP, metric=faiss.METRIC_INNER_PRODUCT)[1]


def recall_at_10(index: faiss.Index, queries: np.ndarray, exact: np.ndarray, probes: int) -> float:
    """The share of the exact top 10 rows that an IVF index finds scanning `probes` lists."""
    _, found = index.search(queries, TOP, params=faiss.SearchParametersIVF(nprobe=probes))
    return float(np.mean([len(set(a) & set(b)) / TOP for a, b in zip(exact, found, strict=True)]))


def build_vector_index(vectors: np.ndarray, dimension: int) -> tuple[faiss.Index, VectorIndexInfo]:
    """The index for these L2-normalised vectors (inner product = cosine), and what to record of it."""
    if len(vectors) <= EXACT_LIMIT:
        index = faiss.IndexFlatIP(dimension)
        index.add(vectors)
        return index, VectorIndexInfo()
    lists = lists_for(len(vectors))
    index = faiss.IndexIVFFlat(faiss.IndexFlatIP(dimension), dimension, lists, faiss.METRIC_INNER_PRODUCT)
    random = np.random.default_rng(0)
    sample = vectors[random.choice(len(vectors), size=min(len(vectors), TRAINING_PER_LIST * lists), replace=False)]
    index.train(sample)
    index.add(vectors)
    # Search reads each result's vector back to score a chunk's rows; a direct map makes that cheap.
    index.make_direct_map()
    queries = sample_queries(vectors, RECALL_QUERIES)
    exact = exact_top(vectors, queries)
    probes = 1
    while recall_at_10(index, queries, exact, probes) < RECALL_AIM and probes < lists:
        probes = min(probes * 2, lists)
    probes = min(probes * PROBE_MARGIN, lists)
    recall = recall_at_10(index, queries, exact, probes)
    index.nprobe = probes  # saved with the index, so even a search without parameters scans enough
    return index, VectorIndexInfo(IVF, lists, probes, round(recall, 4), len(queries))


def search_parameters(info: VectorIndexInfo, selector: faiss.IDSelector | None) -> faiss.SearchParameters | None:
    """Parameters for one search: the probes recorded at build, and the rows allowed, if limited."""
    if info.kind == IVF:
        return faiss.SearchParametersIVF(sel=selector, nprobe=info.probes)
    return faiss.SearchParameters(sel=selector) if selector is not None else None
