"""The share of a question file whose first result is a right one, by audience, with the misses.

    python benchmarks/first_result.py [--questions tests/eval/program_questions.jsonl] [--index index]

Builds nothing: run `python build_index.py` first. Issue-sized evaluation (P@1, MRR, nDCG and
the answer decision) is `python -m search eval`, once it exists; this is the quick content check.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from search import load_embedder, load_index, load_settings  # noqa: E402
from search.evaluation import first_results, load_questions  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=Path, default=ROOT / "tests" / "eval" / "program_questions.jsonl")
    parser.add_argument("--index", type=Path, default=load_settings().index)
    args = parser.parse_args()
    questions = load_questions(args.questions)
    outcomes = first_results(load_index(args.index), load_embedder(), questions, load_settings())
    for audience in ("public", "staff", None):
        chosen = [o for o in outcomes if audience is None or o.question.audience == audience]
        if chosen:
            hits = sum(o.hit for o in chosen)
            label = audience or "all"
            print(f"{label:>6}: {hits}/{len(chosen)} first results right ({hits / len(chosen):.1%})")
    for outcome in outcomes:
        if not outcome.hit:
            wanted = ", ".join(sorted(outcome.question.relevant_ids))
            print(f"  miss {outcome.question.qid} {outcome.question.query!r}: got {outcome.first_id}; wanted {wanted}")


if __name__ == "__main__":
    main()
