"""Retrieval quality of every configuration on every evaluation set, written to docs/quality.md.

    .venv/bin/python benchmarks/quality.py [--sets covidfaq_jhu,covid_q,...] [--output docs/quality.md]

Each set's index is built once into benchmarks/.cache/<set>/ (again only when its corpus or the
models change), with both models' vectors, so every configuration ranks the same rows. The two
reference methods of ../shared/benchmarks/README.md are measured here in the same run:
BM25 (k1 1.5, b 0.75) on lowercased \\w+ tokens of the question, and all-MiniLM-L6-v2 cosine to
the question plus cosine to question + answer, one vector each per entry.
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import bm25s
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from search import (  # noqa: E402
    Embedder,
    Searcher,
    Settings,
    build_index,
    load_embedder,
    load_index,
    load_rescorer,
    stale_reason,
)
from search.evaluation.metrics import (  # noqa: E402
    Asked,
    Question,
    Report,
    ask_all,
    groups,
    load_questions,
    relevant_chunks,
    report,
)
from search.index.loaded import LoadedIndex  # noqa: E402
from search.index.store import PASSAGE  # noqa: E402
from search.retrieval.answer import Answer, Result  # noqa: E402
from search.safety.detector import RiskCheck  # noqa: E402
from search.vocab import Outcome, RiskLevel  # noqa: E402

BENCHMARKS = ROOT.parent / "shared" / "benchmarks"
CACHE = ROOT / "benchmarks" / ".cache"
# name: (corpus, questions)
SETS = {
    "program tuning": (ROOT / "corpus", ROOT / "tests" / "eval" / "tuning.jsonl"),
    # The first held-out set, looked at since: a development set now.
    "program development": (ROOT / "corpus", ROOT / "tests" / "eval" / "heldout.jsonl"),
    # Written by a fresh author from the content alone, used only to measure (docs/quality.md).
    "program held-out": (ROOT / "corpus", ROOT / "tests" / "eval" / "heldout_fresh.jsonl"),
    # Spanish questions, each set by its own fresh author from the Spanish content: the tuning set
    # calibrates the Spanish thresholds; the first held-out set, measured once, has been looked at
    # since (a development set now); the second only measures.
    "spanish tuning": (ROOT / "corpus", ROOT / "tests" / "eval" / "spanish_tuning.jsonl"),
    "spanish development": (ROOT / "corpus", ROOT / "tests" / "eval" / "spanish_development.jsonl"),
    "spanish held-out": (ROOT / "corpus", ROOT / "tests" / "eval" / "spanish_heldout.jsonl"),
    "covidfaq_jhu": (BENCHMARKS / "covidfaq_jhu" / "faqs.jsonl", BENCHMARKS / "covidfaq_jhu" / "queries.jsonl"),
    "covid_q": (BENCHMARKS / "covid_q" / "faqs.jsonl", BENCHMARKS / "covid_q" / "queries.jsonl"),
    "covid_q testB": (BENCHMARKS / "covid_q" / "faqs.jsonl", BENCHMARKS / "covid_q" / "queries_testB.jsonl"),
    "stackfaq": (BENCHMARKS / "stackfaq" / "faqs.jsonl", BENCHMARKS / "stackfaq" / "queries.jsonl"),
    "medquad_liveqa": (BENCHMARKS / "medquad_liveqa" / "faqs.jsonl", BENCHMARKS / "medquad_liveqa" / "queries.jsonl"),
}
DEFAULT = "hybrid + re-scoring (default)"
# name: settings overrides for the product's own search
PIPELINES = {
    "dense: phrasings + passages": {"lexical_weight": 0.0, "rescore": False},
    "hybrid: dense + 0.1 BM25 (first stage)": {"rescore": False},
    "dense + re-scoring, no BM25": {"lexical_weight": 0.0},
    "hybrid + re-scoring every question": {"sure_lead": float("inf")},
    DEFAULT: {},
    "default without typo correction": {"correct_typos": False},
    "default without synonyms": {"use_synonyms": False},
    "default without the staff-policy term": {"staff_policy_boost": 0.0},
    "default, repeated texts not merged": {"merge_repeats": False},
}
PROGRAM_SETS = (
    "program tuning",
    "program development",
    "program held-out",
    "spanish tuning",
    "spanish development",
    "spanish held-out",
)
RRF_K = 60  # the usual constant of reciprocal rank fusion


class _Remembering:
    """A model that embeds each question once: every configuration asks the same questions.

    Times measured through it are not real; the latency section measures without it.
    """

    def __init__(self, model: Embedder) -> None:
        self._model = model
        self._seen: dict[str, np.ndarray] = {}
        self.identity, self.dimension, self.max_tokens = model.identity, model.dimension, model.max_tokens
        self.count_tokens = model.count_tokens

    def encode(self, texts: list[str], progress: bool = False, label: str = "") -> np.ndarray:
        if len(texts) != 1:
            return self._model.encode(texts, progress, label)
        if texts[0] not in self._seen:
            self._seen[texts[0]] = self._model.encode(texts)
        return self._seen[texts[0]]


@functools.cache
def _models() -> tuple[Embedder, Embedder]:
    return _Remembering(load_embedder(for_building=True)), _Remembering(load_rescorer(for_building=True))


def _index_for(corpus: Path) -> LoadedIndex:
    folder = CACHE / ("program" if corpus == ROOT / "corpus" else corpus.parent.name)
    reason = stale_reason(corpus, folder, rescoring=True)
    if reason is not None:
        print(f"Building {folder}: {reason}", file=sys.stderr)
        build_index(corpus, folder, load_embedder(for_building=True), load_rescorer(for_building=True), progress=True)
    return load_index(folder)


def _ranked(index: LoadedIndex, question: Question, scores: np.ndarray, seconds: float) -> Asked:
    """A question answered by a plain ranking of chunks, for the methods outside the product."""
    if question.audience == "public":
        scores = np.where(index.chunk_is_public, scores, -np.inf)
    results = tuple(
        Result(row.id, row.doc, row.title, row.text, float(scores[c]), row.audience)
        for c in np.argsort(-scores, kind="stable")[:10]
        for row in [index.first_row[int(c)]]
    )
    # These reference rankings have no crisis check; "none" keeps them out of the crisis figure.
    not_checked = RiskCheck(RiskLevel.NONE, "en")
    answer = Answer(question.query, Outcome.ANSWER, results, not_checked, Outcome.ANSWER, seconds={"total": seconds})
    return Asked(question, answer, relevant_chunks(index, question))


def _timed_rankings(index: LoadedIndex, questions: list[Question], score: Callable[[str], np.ndarray]) -> list[Asked]:
    asked = []
    for question in questions:
        started = time.perf_counter()
        scores = score(question.query)
        asked.append(_ranked(index, question, scores, time.perf_counter() - started))
    return asked


def _outside_methods(index: LoadedIndex, questions: list[Question]) -> dict[str, list[Asked]]:
    """The two references, the single-vector-per-phrasing dense search of before, and RRF fusion."""
    embedder = _models()[0]
    titles = [row.title for row in index.first_row]
    with_text = [f"{row.title} {row.text}" for row in index.first_row]
    tokens = bm25s.tokenize(titles, stopwords=None, stemmer=None, token_pattern=r"(?u)\b\w+\b", show_progress=False)
    reference_bm25 = bm25s.BM25(k1=1.5, b=0.75)
    reference_bm25.index(tokens, show_progress=False)
    vocabulary = reference_bm25.vocab_dict
    question_vectors, text_vectors = embedder.encode(titles), embedder.encode(with_text)
    matrix = index.all_vectors()
    passage_rows = [
        [r for r in index.rows_of_chunk(c) if index.rows[r].kind == PASSAGE] for c in range(len(index.chunk_ids))
    ]

    def bm25_on_question(query: str) -> np.ndarray:
        words = bm25s.tokenize(
            [query], stopwords=None, stemmer=None, token_pattern=r"(?u)\b\w+\b", return_ids=False, show_progress=False
        )[0]
        known = [word for word in words if word in vocabulary]
        return np.asarray(reference_bm25.get_scores(known)) if known else np.zeros(len(titles))

    def dense_reference(query: str) -> np.ndarray:
        vector = embedder.encode([query])[0]
        return question_vectors @ vector + text_vectors @ vector

    def passages_only(query: str) -> np.ndarray:
        vector = embedder.encode([query])[0]
        return np.array([float(np.max(matrix[rows] @ vector)) for rows in passage_rows])

    def reciprocal_rank_fusion(query: str) -> np.ndarray:
        vector = embedder.encode([query])[0]
        dense = index.best_row_scores(np.arange(len(index.chunk_ids)), vector)
        fused = np.zeros(len(dense))
        for scores in (dense, index.lexical.scores(query)):
            ranks = np.empty(len(scores))
            ranks[np.argsort(-scores, kind="stable")] = np.arange(len(scores))
            fused += 1 / (RRF_K + 1 + ranks)
        return fused

    return {
        "reference: BM25 on question": _timed_rankings(index, questions, bm25_on_question),
        "reference: dense, question + question-and-answer": _timed_rankings(index, questions, dense_reference),
        "dense: passages only (one vector per passage)": _timed_rankings(index, questions, passages_only),
        "hybrid by reciprocal rank fusion (dense, BM25)": _timed_rankings(index, questions, reciprocal_rank_fusion),
    }


def measure(name: str) -> tuple[dict[str, Report], dict[str, Report]]:
    """Each method's figures on a set, and the default's on each group of its questions (by
    audience, and with and without typos, where the set marks them)."""
    corpus, queries = SETS[name]
    index, questions = _index_for(corpus), load_questions(queries)
    print(f"{name}: {len(questions)} questions, {len(index.chunk_ids)} chunks", file=sys.stderr)
    reports = {method: report(asked) for method, asked in _outside_methods(index, questions).items()}
    embedder, rescorer = _models()
    searcher = Searcher(index, embedder, Settings(), rescorer)
    by_group: dict[str, Report] = {}
    for pipeline, overrides in PIPELINES.items():
        asked = ask_all(searcher.with_settings(**overrides), questions)
        reports[pipeline] = report(asked)
        if pipeline == DEFAULT and name in PROGRAM_SETS:
            by_group = {group: report(part) for group, part in groups(asked).items()}
    return reports, by_group


def latency(name: str) -> dict[str, dict[str, float]]:
    """Warm median milliseconds of each stage, for each configuration of the search, on one set."""
    corpus, queries = SETS[name]
    index, questions = _index_for(corpus), load_questions(queries)
    searcher = Searcher(index, load_embedder(), Settings(), load_rescorer())
    medians = {}
    for pipeline, overrides in PIPELINES.items():
        configured = searcher.with_settings(**overrides)
        # Warm-up, not counted; worded apart, or the timed questions would be recent answers.
        warm_up = [dataclasses.replace(question, query=f"{question.query} (warm-up)") for question in questions[:3]]
        ask_all(configured, warm_up)
        asked = ask_all(configured, questions)
        stages = list(asked[0].answer.seconds)
        medians[pipeline] = {
            stage: statistics.median(a.answer.seconds.get(stage, 0.0) for a in asked) * 1000 for stage in stages
        }
        medians[pipeline]["total"] = statistics.median(sum(a.answer.seconds.values()) for a in asked) * 1000
    return medians


STAGES = ("embedding", "crisis check", "wording", "vector search", "keyword search", "fusion", "re-scoring", "total")


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.1%}"


def _outcome_cells(figures: Report) -> str:
    return " | ".join(
        _percent(value)
        for value in (
            figures.answered,
            figures.right_shown_open,
            figures.refused,
            figures.answer_precision,
            figures.shown_open_precision,
            figures.unanswerable_not_answered,
            figures.unanswerable_not_shown_open,
        )
    )


def markdown(
    results: dict[str, dict[str, Report]],
    by_group: dict[str, dict[str, Report]],
    timings: dict[str, dict[str, float]],
    command: str,
    pending: list[str] | None = None,
) -> str:
    """The document; `pending` names the sets this run has not measured (yet, or at all)."""
    lines = [
        "# Retrieval quality",
        "",
        f"Regenerate with `{command}` (`benchmarks/quality.py`; the first run builds each set's index into",
        "`benchmarks/.cache/`, which takes most of an hour on 2 cores for medquad_liveqa's long answers).",
        "",
        "Figures: P@1, MRR@10, nDCG@10 and Recall@5 over the answerable questions. The two reference rows",
        "are measured in the same run as ours, on the same chunks. Program sets are our own questions",
        "(`tests/eval/`); the rest are the public sets of `../shared/benchmarks/` as they are. When the",
        "search shows one answer for several entries with word-for-word the same text (covid_q's three",
        "phrasings of each question share one answer), that answer counts for each of them in its place;",
        "the row *repeated texts not merged* shows the ranking without that step. On the Spanish sets",
        "each question's language is detected as on the page, so the rows from *dense: phrasings +",
        "passages* down search the index's multilingual part (multilingual model and Spanish keywords; no",
        "re-scoring or typo correction, so those rows repeat the first stage's); the four rows above them",
        "use the English model and the English content only.",
        "",
    ]
    if pending:
        lines += [
            f"*Not measured in this run: {', '.join(pending)}; this file's git history has the last run that "
            "measured them.*",
            "",
        ]
    for name, reports in results.items():
        lines += [f"## {name}", "", "| configuration | P@1 | MRR@10 | nDCG@10 | Recall@5 |", "|---|---|---|---|---|"]
        for method, figures in reports.items():
            bold = "**" if method == DEFAULT else ""
            lines.append(
                f"| {bold}{method}{bold} | {figures.p_at_1:.3f} | {figures.mrr:.3f} | {figures.ndcg:.3f} | "
                f"{figures.recall:.3f} |"
            )
        lines.append("")
    lines += [
        "## Outcomes of the default configuration",
        "",
        "Thresholds calibrated per audience on the program tuning and development sets, and for Spanish",
        "questions on the Spanish tuning set (`search/calibration.json`). *Answered*: share of",
        "answerable questions given outcome `answer`;",
        "*shown open*: share of answerable questions whose first screen shows the right answer open",
        "(`answer`, or `likely`: the best result open with other answers that may fit); *refused*: share",
        "of answerable questions given `no_answer`; *precision*: share of `answer` outcomes whose first",
        "result is right, and of `answer` and `likely` together; *unanswerable not answered*: share of",
        "questions the content does not answer that did not get `answer`, and that were shown no answer",
        "open at all.",
        "",
        "| set | P@1 | answered | shown open | refused | precision of `answer` | of `answer` + `likely` | "
        "unanswerable not answered | not shown open |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name, reports in results.items():
        rows = {name: reports[DEFAULT], **{f"{name}, {group}": part for group, part in by_group.get(name, {}).items()}}
        for label, figures in rows.items():
            lines.append(f"| {label} | {figures.p_at_1:.3f} | {_outcome_cells(figures)} |")
    lines += [
        "",
        "## Where the time goes",
        "",
        "Warm median milliseconds a question on the program development set, by stage, for each configuration",
        "of the search (2 cores, no GPU; the stages of one question add up to its total, so the medians of",
        "the stages need not).",
        "",
        "| configuration | " + " | ".join(STAGES) + " |",
        "|---|" + "---|" * len(STAGES),
    ]
    for pipeline, medians in timings.items():
        cells = " | ".join(f"{medians[stage]:.1f}" if stage in medians else "-" for stage in STAGES)
        lines.append(f"| {pipeline} | {cells} |")
    lines.append("")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default=",".join(SETS), help="comma-separated set names")
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "quality.md")
    args = parser.parse_args()
    names = [name.strip() for name in args.sets.split(",")]
    unknown = [name for name in names if name not in SETS]
    if unknown:
        parser.error(f"unknown sets {unknown}; known: {', '.join(SETS)}")
    # The document is written after every set, so a run stopped early (medquad_liveqa's first build
    # takes most of an hour) leaves the sets it finished, saying which it did not.
    timings = latency("program development")
    args.output.parent.mkdir(parents=True, exist_ok=True)
    results, by_group = {}, {}
    for number, name in enumerate(names):
        results[name], by_group[name] = measure(name)
        pending = names[number + 1 :] + [name for name in SETS if name not in names]
        document = markdown(results, by_group, timings, "make quality", pending=pending)
        args.output.write_text(document, encoding="utf-8")
        print(f"Wrote {args.output} with {name}.", file=sys.stderr)
    print(f"Wrote {args.output}.")


if __name__ == "__main__":
    main()
