"""The command line: `python build_index.py`, and `python -m search ask`, `eval`, `crisis-eval` and `calibrate`.

Errors become one line on stderr and an exit code here, and nowhere else: 0 success,
1 a problem with the content or the index, 2 a problem with how the command was called.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

from .clinic import ClinicInfo, contact_line
from .config import Settings, load_settings
from .corpus import AUDIENCES
from .errors import SearchError
from .safety_messages import crisis_panel, help_line
from .text import json_lines

# numpy, FAISS and the models are imported by the commands that need them, so that `--help`
# and a mistyped command answer at once.
if TYPE_CHECKING:
    from .embed import Embedder
    from .index import LoadedIndex
    from .query import Answer

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2
# More warnings than this drown the summary; the first ones show what to fix.
MAX_WARNINGS = 10


class UsageError(Exception):
    """The command was called wrongly; its message says how to call it."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m search", description="Search the IOP's FAQ and documents.")
    commands = parser.add_subparsers(dest="command", required=True)

    build = commands.add_parser("build", help="build the index from the corpus")
    build.add_argument("--corpus", type=Path, help="a corpus folder or one FAQ file (default: corpus/)")
    build.add_argument("--index", type=Path, help="the index folder to write (default: index/)")
    build.add_argument("--if-stale", action="store_true", help="build only if the corpus or model changed")
    build.add_argument("--quiet", action="store_true", help="no progress bar")
    build.add_argument("--check", action="store_true", help="check the content for problems; build nothing")
    build.add_argument(
        "--force", action="store_true", help="publish even if the new index falls below the recorded floor"
    )
    build.add_argument(
        "--rollback", action="store_true", help="put the previous published index back in place; build nothing"
    )

    ask = commands.add_parser("ask", help="answer a question, or a file of questions")
    ask.add_argument("question", nargs="?", help="the question to answer")
    ask.add_argument("--batch", type=Path, help='a file of {"qid", "query"} lines; prints one JSON line each')
    ask.add_argument("--index", type=Path, help="the index folder to search (default: index/)")
    ask.add_argument("--k", type=int, help="how many results to list (default: 5)")
    ask.add_argument("--json", action="store_true", help="print one JSON object")
    ask.add_argument("--audience", choices=AUDIENCES, default="public", help="staff also searches staff documents")

    evaluate = commands.add_parser("eval", help="score the answers to a file of questions with known answers")
    calibrate = commands.add_parser("calibrate", help="choose the answer / uncertain / no-answer thresholds")
    for command in (evaluate, calibrate):
        command.add_argument(
            "--queries", type=Path, required=True, help='a file of {"qid", "query", "relevant_ids"} lines'
        )
        command.add_argument(
            "--index", type=Path, help="the index to search (default: index/; with --corpus, built there)"
        )
        command.add_argument(
            "--corpus", type=Path, help="build an index of this corpus (a folder or one FAQ file) first"
        )
    evaluate.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    calibrate.add_argument(
        "--output", type=Path, help="where to write the thresholds (default: search/calibration.json)"
    )
    evaluate.add_argument("--no-rescore", action="store_true", help="leave out the re-scoring stage")

    crisis = commands.add_parser("crisis-eval", help="measure the crisis check on a labelled set of questions")
    crisis.add_argument(
        "--queries",
        type=Path,
        required=True,
        help='a file of {"id", "text", "language", "crisis", "category"} lines',
    )
    crisis.add_argument(
        "--thresholds", action="store_true", help="also show the similarity thresholds judged on the curated examples"
    )

    commands.add_parser("staff-password", help="make the hash that turns on staff sign-in on the page")
    return parser


def _count(number: int, noun: str, plural: str | None = None) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {plural or noun + 's'}"


def _print_warnings(warnings: tuple[str, ...]) -> None:
    for warning in warnings[:MAX_WARNINGS]:
        print(f"warning: {warning}", file=sys.stderr)
    if len(warnings) > MAX_WARNINGS:
        print(f"warning: ...and {len(warnings) - MAX_WARNINGS} more warnings", file=sys.stderr)


def _audiences(counts: dict[str, int]) -> str:
    return ", ".join(f"{count} {audience}" for audience, count in counts.items())


def _check(settings: Settings) -> int:
    from .checks import check_corpus
    from .embed import load_embedder

    report = check_corpus(settings.corpus, load_embedder(for_building=True))
    corpus = report.corpus
    entries = {audience: sum(entry.audience == audience for entry in corpus.entries) for audience in AUDIENCES}
    documents = {audience: sum(doc.audience == audience for doc in corpus.documents) for audience in AUDIENCES}
    sections = sum(len(document.sections) for document in corpus.documents)
    entry_count = _count(len(corpus.entries), "FAQ entry", "FAQ entries")
    print(
        f"Checked {settings.corpus}: {entry_count} ({_audiences(entries)}), "
        f"{_count(len(corpus.documents), 'document')} ({_audiences(documents)}), {_count(sections, 'section')}."
    )
    for finding in report.findings:
        print(finding)
    warnings = len(report.findings) - report.errors
    if not report.findings:
        print("No problems found.")
    else:
        print(f"{_count(report.errors, 'error')}, {_count(warnings, 'warning')}.")
    return EXIT_ERROR if report.errors else EXIT_OK


def _roll_back(settings: Settings) -> int:
    from .build import roll_back_index
    from .index import read_manifest, stale_reason
    from .publish import versions

    restored = roll_back_index(settings.index, on_wait=lambda message: print(message, file=sys.stderr))
    manifest = read_manifest(restored)
    print(
        f"Rolled back {settings.index}/ to the index built at {manifest.built_at} "
        f"({_count(manifest.chunks, 'chunk')}); the version it replaced was removed. "
        f"{_count(len(versions(settings.index)), 'earlier version')} still kept."
    )
    reason = stale_reason(settings.corpus, settings.index, rescoring=settings.rescore)
    if reason is not None:
        print(
            f"Note: {reason} since that index was built, so the next build (or make run) "
            "publishes it again: fix the content first."
        )
    return EXIT_OK


def _build(args: argparse.Namespace, settings: Settings) -> int:
    if args.check:
        return _check(settings)
    if args.rollback:
        return _roll_back(settings)
    from .build import build_index
    from .embed import load_embedder, load_rescorer
    from .index import stale_reason
    from .publish_gate import gate_for

    if args.if_stale:
        reason = stale_reason(settings.corpus, settings.index, rescoring=settings.rescore)
        if reason is None:
            print(f"{settings.index}/ is up to date with {settings.corpus}.")
            return EXIT_OK
        print(f"Building {settings.index}/: {reason}.", file=sys.stderr)
    gate = gate_for(settings)
    rescorer = load_rescorer(for_building=True) if settings.rescore else None
    report = build_index(
        settings.corpus,
        settings.index,
        load_embedder(for_building=True),
        rescorer,
        gate=gate,
        force=args.force,
        progress=not args.quiet,
        on_wait=lambda message: print(message, file=sys.stderr),
    )
    _print_warnings(report.warnings)
    if not report.published:
        print(f"{settings.index}/ is up to date with {settings.corpus}: nothing changed, nothing published.")
        return EXIT_OK
    print(
        f"Built {settings.index}/ from {settings.corpus}: {_count(report.documents, 'document')}, "
        f"{_count(report.chunks, 'chunk')} ({_audiences(report.chunks_by_audience)}; "
        f"{_count(report.vectors, 'vector')}), {report.seconds:.1f} seconds."
    )
    print(
        f"Changes: {report.changes.as_text()} Embedded {_count(report.embedded, 'new text')}, "
        f"{report.reused} from earlier builds."
    )
    if report.gate is None:
        print(f"No publish gate: the floor in {settings.gate_floor} is recorded for another corpus.")
    else:
        print(report.gate.as_text())
        if not report.gate.passed:
            print("Published anyway, as --force asked, below the recorded floor.")
    return EXIT_OK


def _lone_surrogate(text: str) -> str | None:
    """The first character of `text` that cannot be written as UTF-8, or None.

    Such a character is half of a surrogate pair: a JSON escape like \\ud800 makes one, and so does
    Python for bytes in the command line that are not UTF-8. Printing, hashing or logging it fails.
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        return text[error.start]
    return None


def _check_arguments(argv: list[str]) -> None:
    """Raises UsageError for an argument that is not UTF-8 text, before it fails half-way through."""
    for argument in argv:
        character = _lone_surrogate(argument)
        if character is not None:
            # Python keeps each such byte as a character from U+DC80 to U+DCFF ('surrogateescape').
            code = ord(character)
            what = f"byte 0x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"\\u{code:04x}"
            shown = argument.encode("utf-8", "replace").decode("utf-8")
            raise UsageError(
                f"the argument '{shown}' is not UTF-8 text ({what}); type it again in a terminal set to UTF-8"
            )


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


def _print_readable(answer: Answer, clinic: ClinicInfo | None) -> None:
    from .query import SUGGESTIONS

    wrap = textwrap.TextWrapper(width=88, initial_indent="   ", subsequent_indent="   ")
    short_help = help_line(answer.risk.language).replace("**", "")
    if answer.shortened:
        print("(Your question was long; only its beginning was used.)")
    if answer.outcome == "crisis":
        print(crisis_panel(answer.risk.language, clinic, answer.risk.category).as_text())
        if answer.retrieval_outcome != "no_answer":
            print("\nInformation from the program that may also help:")
            for result in answer.results[:SUGGESTIONS]:
                print(f"  - {result.title}  (Source: {result.source})")
        return
    if answer.outcome == "no_answer":
        print("We don't have a good answer for that in the program's information.")
        print(contact_line(clinic))
        print(short_help)
        return
    if answer.outcome == "uncertain":
        print("We're not sure which of these you mean:")
        for result in answer.results[:SUGGESTIONS]:
            print(f"  - {result.title}  (Source: {result.source})")
        print(contact_line(clinic))
        print(short_help)
        return
    if answer.risk.shows_help_line:
        print(short_help + "\n")
    for number, result in enumerate(answer.results, start=1):
        print(f"{number}. {result.title}  (score {result.score:.2f})")
        for paragraph in result.text.split("\n"):
            print(wrap.fill(paragraph) if paragraph.strip() else "")
        print(f"   Source: {result.source}\n")


def _ask(args: argparse.Namespace, settings: Settings) -> int:
    if (args.question is None) == (args.batch is None):
        raise UsageError("give either a question or --batch FILE")
    questions = _read_batch(args.batch) if args.batch else None
    if args.question is not None and not args.question.strip():
        raise UsageError("the question is empty: type what you want to know")
    from .embed import load_embedder
    from .index import load_index
    from .query import search

    index = load_index(settings.index)
    embedder, rescorer = load_embedder(), _rescorer_for(index, settings)
    if questions is not None:
        for qid, query in questions:
            answer = search(index, embedder, query, settings, args.audience, rescorer)
            print(json.dumps({"qid": qid, **answer.to_json()}, ensure_ascii=False), flush=True)
        return EXIT_OK
    answer = search(index, embedder, args.question, settings, args.audience, rescorer)
    if args.json:
        print(json.dumps(answer.to_json(), ensure_ascii=False, indent=2))
    else:
        _print_readable(answer, index.manifest.clinic)
    return EXIT_OK


def _rescorer_for(index: LoadedIndex, settings: Settings) -> Embedder | None:
    """The re-scoring model, loaded only when the settings and the index both use it."""
    from .embed import load_rescorer

    return load_rescorer() if settings.rescore and index.rescore_vectors is not None else None


def _index_for_questions(args: argparse.Namespace, settings: Settings, work: Path) -> LoadedIndex:
    """The index to ask: settings.index, or with --corpus one built (when stale) in --index or `work`."""
    from .build import build_index
    from .embed import load_embedder, load_rescorer
    from .index import load_index, stale_reason

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


def _eval(args: argparse.Namespace, settings: Settings) -> int:
    from .embed import load_embedder
    from .evaluation import ask_all, format_report, load_questions, report

    questions = load_questions(args.queries)
    settings = settings.with_overrides(rescore=False if args.no_rescore else None)
    with tempfile.TemporaryDirectory(prefix="iop-search-eval-") as work:
        index = _index_for_questions(args, settings, Path(work))
        result = report(ask_all(index, load_embedder(), questions, settings, _rescorer_for(index, settings)))
    if args.json:
        print(json.dumps({"queries": str(args.queries), **result.to_json()}, ensure_ascii=False, indent=2))
    else:
        print(format_report(result, str(args.queries)))
    return EXIT_OK


def _calibrate(args: argparse.Namespace, settings: Settings) -> int:
    from .decision import CALIBRATION_FILE, FIRST_STAGE, RESCORED, calibrate, figures, write_calibration
    from .embed import load_embedder, load_rescorer
    from .evaluation import ask_all, load_questions

    questions = load_questions(args.queries)
    chosen = {}
    with tempfile.TemporaryDirectory(prefix="iop-search-calibrate-") as work:
        index = _index_for_questions(args, settings, Path(work))
        if index.rescore_vectors is None:
            raise UsageError(f"{index.path}/ has no re-scoring vectors; rebuild it with python build_index.py")
        for stage, rescorer in ((RESCORED, load_rescorer()), (FIRST_STAGE, None)):
            samples = [asked.sample() for asked in ask_all(index, load_embedder(), questions, settings, rescorer)]
            thresholds = calibrate(samples)
            chosen[stage] = (thresholds, figures(samples, thresholds))
            print(f"{stage}: {thresholds} gives on {args.queries}: {chosen[stage][1]}")
    output = args.output or CALIBRATION_FILE
    write_calibration(chosen, str(args.queries), output)
    print(f"Wrote {output}.")
    return EXIT_OK


def _crisis_eval(args: argparse.Namespace, settings: Settings) -> int:
    from .crisis_eval import evaluate_crisis, format_crisis_figures, leave_one_out, load_labelled
    from .embed import load_embedder
    from .query import crisis_detector

    questions = load_labelled(args.queries)
    detector = crisis_detector(load_embedder())
    print(format_crisis_figures(evaluate_crisis(detector, questions), str(args.queries)))
    if args.thresholds:
        print("Similarity thresholds on the curated examples, each judged against the others:")
        grid = [(low, high) for low in (0.5, 0.55, 0.6, 0.65) for high in (0.75, 0.8, 0.85, 0.9)]
        for row in leave_one_out(detector, grid):
            print(
                f"  crisis {row.crisis_similarity:.2f}, certain {row.certain_similarity:.2f}: recall {row.recall:.1%} "
                f"of the crisis examples patterns miss, false alarms {row.false_alarms:.1%} of contrast examples"
            )
    return EXIT_OK


def _staff_password() -> int:
    import getpass

    from .staff_access import HASH_ENVIRONMENT_VARIABLE, SECRETS_KEY, hash_password

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


def main(argv: list[str] | None = None) -> int:
    """Run one command; returns the exit code."""
    args = _parser().parse_args(argv)
    try:
        _check_arguments(sys.argv[1:] if argv is None else argv)
        try:
            settings = load_settings().with_overrides(
                corpus=getattr(args, "corpus", None), index=getattr(args, "index", None), k=getattr(args, "k", None)
            )
        except ValueError as error:
            raise UsageError(str(error)) from None
        if args.command == "staff-password":
            return _staff_password()
        commands = {"build": _build, "ask": _ask, "eval": _eval, "crisis-eval": _crisis_eval, "calibrate": _calibrate}
        return commands[args.command](args, settings)
    except UsageError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except SearchError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("Stopped; the index was left as it was." if args.command == "build" else "Stopped.", file=sys.stderr)
        return 130
