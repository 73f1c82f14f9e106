"""`python -m search ask`, `eval`, `calibrate`, `crisis-eval` and `staff-password`: questions asked of an index."""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from search.cli.output import EXIT_OK, say_on_stderr
from search.config import Settings
from search.errors import UsageError
from search.text import json_lines
from search.vocab import ENGLISH, SPANISH, Audience, Stage

if TYPE_CHECKING:
    from search.index.loaded import LoadedIndex


def _read_batch(path: Path) -> list[tuple[object, str]]:
    """(qid, query) pairs, all checked before any is answered; errors name the line."""
    questions = []
    try:
        for number, record in json_lines(path):
            query = record.get("query") if isinstance(record, dict) else None
            if not isinstance(query, str) or not query.strip() or "qid" not in record:
                raise UsageError(f'{path}, line {number}: expected {{"qid": ..., "query": "a question"}}')
            questions.append((record["qid"], query))
    except ValueError as error:
        raise UsageError(str(error)) from None
    return questions


def ask(args: argparse.Namespace, settings: Settings) -> int:
    if (args.question is None) == (args.batch is None):
        raise UsageError("give either a question or --batch FILE")
    questions = _read_batch(args.batch) if args.batch else None
    if args.question is not None and not args.question.strip():
        raise UsageError("the question is empty: type what you want to know")
    from search.cli.screen_text import screen_text
    from search.index.loaded import load_index
    from search.present.outcome import screen_for
    from search.retrieval.searcher import open_searcher

    index = load_index(settings.index)
    searcher = open_searcher(index, settings)
    if questions is not None:
        for qid, query in questions:
            answer = searcher.ask(query, args.audience, args.language)
            print(json.dumps({"qid": qid, **answer.to_json()}, ensure_ascii=False), flush=True)
        return EXIT_OK
    answer = searcher.ask(args.question, args.audience, args.language)
    if args.json:
        print(json.dumps(answer.to_json(), ensure_ascii=False, indent=2))
    else:
        print(screen_text(screen_for(answer, index.manifest.clinic, answers_listed=len(answer.results))))
    return EXIT_OK


def _index_for_questions(args: argparse.Namespace, settings: Settings, work: Path) -> LoadedIndex:
    """The index to ask: settings.index, or with --corpus one built (when stale) in --index or `work`."""
    from search.index.loaded import load_index
    from search.models.embed import load_embedder, load_rescorer
    from search.publishing.build import build_index
    from search.publishing.stale import stale_reason

    if args.corpus is None:
        reason = stale_reason(settings.corpus, settings.index, rescoring=settings.rescore)
        if reason is not None:
            print(f"warning: {settings.index}/ may not match {settings.corpus}: {reason}", file=sys.stderr)
        return load_index(settings.index)
    index_dir = args.index or work / "index"
    reason = stale_reason(args.corpus, index_dir, rescoring=True)
    if reason is not None:
        print(f"Building {index_dir}/ from {args.corpus}: {reason}.", file=sys.stderr)
        build_index(
            args.corpus, index_dir, load_embedder(for_building=True), load_rescorer(for_building=True), progress=True
        )
    return load_index(index_dir)


def evaluate(args: argparse.Namespace, settings: Settings) -> int:
    from search.evaluation.metrics import ask_all, format_groups, format_report, groups, load_questions, report
    from search.retrieval.searcher import open_searcher

    questions = load_questions(args.queries)
    settings = settings.with_overrides(rescore=False if args.no_rescore else None)
    with tempfile.TemporaryDirectory(prefix="iop-search-eval-") as work:
        index = _index_for_questions(args, settings, Path(work))
        asked = ask_all(open_searcher(index, settings), questions)
    result = report(asked)
    by_group = {name: report(part) for name, part in groups(asked).items()}
    if args.json:
        by_group_json = {name: {**part.to_json(), "failures": None} for name, part in by_group.items()}
        print(
            json.dumps(
                {"queries": str(args.queries), **result.to_json(), "groups": by_group_json},
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        print(format_report(result, str(args.queries)))
        print(format_groups(by_group))
    return EXIT_OK


def calibrate(args: argparse.Namespace, settings: Settings) -> int:
    from search.config import CALIBRATION_FILE, write_calibration
    from search.evaluation import calibration
    from search.evaluation.metrics import ask_all, load_questions
    from search.models.embed import load_embedder, load_rescorer
    from search.retrieval.searcher import Searcher

    questions = [question for path in args.queries for question in load_questions(path)]
    source = ", ".join(map(str, args.queries))
    chosen: dict[str, dict[str, tuple]] = {}
    with tempfile.TemporaryDirectory(prefix="iop-search-calibrate-") as work:
        index = _index_for_questions(args, settings, Path(work))
        if index.rescore_vectors is None:
            raise UsageError(f"{index.path}/ has no re-scoring vectors; rebuild it with python build_index.py")
        # Each stage's scores for every question: the re-scored ones as if no question were sure
        # after the first stage, since a search may re-score any of them.
        always = settings.with_overrides(rescore=True, sure_lead=float("inf"))
        rescored = Searcher(index, load_embedder(), always, load_rescorer())
        first_stage = ask_all(rescored.with_settings(rescore=False), questions)
        by_stage = {
            Stage.RESCORED: [each for each in ask_all(rescored, questions) if each.answer.language == ENGLISH],
            Stage.FIRST_STAGE: [each for each in first_stage if each.answer.language == ENGLISH],
            # Spanish questions are scored by the multilingual model, on a scale of its own.
            Stage.SPANISH: [each for each in first_stage if each.answer.language == SPANISH],
        }
        for stage, asked in by_stage.items():
            chosen[stage] = {}
            for audience in sorted(Audience, key=lambda each: _calibratable(asked, each), reverse=True):
                samples = [each.sample() for each in asked if each.question.audience == audience]
                if _calibratable(asked, audience):
                    thresholds = calibration.calibrate(samples, audience)
                elif chosen[stage]:
                    thresholds = next(iter(chosen[stage].values()))[0]
                    print(f"{stage}, {audience}: no {audience} questions with and without answers; using the others'")
                elif not asked:  # e.g. no question was searched in Spanish: content without Spanish
                    thresholds = settings.thresholds[stage][audience]
                    print(f"{stage}, {audience}: no questions searched this way; its thresholds are kept as they were")
                else:
                    raise UsageError(f"{source}: calibration needs questions with answers and questions without")
                chosen[stage][audience] = (thresholds, calibration.figures(samples, thresholds))
                print(f"{stage}, {audience}: {thresholds} gives on {source}: {chosen[stage][audience][1]}")
    output = args.output or CALIBRATION_FILE
    write_calibration(chosen, source, output)
    print(f"Wrote {output}.")
    return EXIT_OK


def _calibratable(asked: list, audience: Audience) -> bool:
    """Whether an audience's questions include some with an answer in the content and some without."""
    kinds = {each.question.answerable for each in asked if each.question.audience == audience}
    return kinds == {True, False}


def _message_encoder():  # noqa: ANN202 - the search model, through a cache of labelled messages' vectors
    from search.models.cache import CachedEmbedder, EmbeddingCache
    from search.models.embed import load_embedder
    from search.models.packages import model_cache

    model_cache().mkdir(parents=True, exist_ok=True)
    return CachedEmbedder(load_embedder(), EmbeddingCache(model_cache() / "crisis-messages.sqlite"))


def crisis_eval(args: argparse.Namespace, settings: Settings) -> int:
    from search.evaluation.crisis import evaluate_crisis, format_crisis_figures, leave_one_author_out, load_labelled
    from search.safety.detector import CrisisDetector
    from search.safety.training import (
        DEVELOPMENT_SETS,
        HELD_OUT_SET,
        Development,
        development_messages,
        embed_messages,
    )

    encoder = _message_encoder()
    detector = CrisisDetector(encoder)
    paths = [args.queries] if args.queries else [*(p for ps in DEVELOPMENT_SETS.values() for p in ps), HELD_OUT_SET]
    print("The shipped check (the held-out set was never trained on; the others were):")
    for path in paths:
        messages = load_labelled(path)
        figures = evaluate_crisis(detector, messages, embed_messages(encoder, messages))
        print(format_crisis_figures(figures, path.name))
    if not args.queries:
        print("Leave-one-author-out: each author's messages checked by a check trained without them:")
        development = Development.of(development_messages(), encoder)
        for author, figures in leave_one_author_out(development, encoder, say_on_stderr).items():
            print(format_crisis_figures(figures, author))
    return EXIT_OK


def crisis_train(args: argparse.Namespace, settings: Settings) -> int:
    from search.safety.classifier import CLASSIFIER_FILE
    from search.safety.training import Development, development_digest, development_messages, train

    by_author = development_messages()
    say_on_stderr(f"Embedding {sum(map(len, by_author.values()))} messages by {len(by_author)} authors…")
    classifier = train(Development.of(by_author, _message_encoder()), development_digest(), say_on_stderr)
    classifier.save()
    print(f"Wrote {CLASSIFIER_FILE}: thresholds {classifier.thresholds}")
    return EXIT_OK


def staff_password() -> int:
    import getpass

    from search.present.staff_access import HASH_ENVIRONMENT_VARIABLE, SECRETS_KEY, hash_password

    password = getpass.getpass("New staff password: ")
    if getpass.getpass("Type it again: ") != password:
        raise UsageError("the two passwords differ; nothing was changed")
    try:
        stored = hash_password(password)
    except ValueError as error:
        raise UsageError(str(error)) from None
    print(
        "Staff sign-in turns on when the page finds this hash (the password itself is stored nowhere).\n"
        f"Either set it in the environment that runs the page:\n  export {HASH_ENVIRONMENT_VARIABLE}='{stored}'\n"
        f'or put it in .streamlit/secrets.toml:\n  {SECRETS_KEY} = "{stored}"'
    )
    return EXIT_OK
