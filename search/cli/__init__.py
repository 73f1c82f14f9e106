"""The command line: `python build_index.py`, and `python -m search ask`, `eval`, `crisis-eval`,
`calibrate`, `staff-password` and `serve`.

Errors become one line on stderr and an exit code here, and nowhere else: 0 success,
1 a problem with the content or the index, 2 a problem with how the command was called.
numpy, FAISS and the models are imported by the commands that need them, so that `--help`
and a mistyped command answer at once.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from search.cli import content, questions, serving
from search.cli.output import EXIT_ERROR, EXIT_USAGE
from search.config import load_settings
from search.errors import SearchError, UsageError
from search.vocab import AUDIENCES, LANGUAGES


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
        "--verbose",
        action="store_true",
        help="list each publish-gate set, and every question that broke, even when it passes",
    )
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
    ask.add_argument(
        "--language", choices=LANGUAGES, help="search in this language (default: the question's, detected)"
    )

    evaluate = commands.add_parser("eval", help="score the answers to a file of questions with known answers")
    calibrate = commands.add_parser(
        "calibrate", help="choose the answer / likely / uncertain / no-answer thresholds, per audience"
    )
    evaluate.add_argument(
        "--queries", type=Path, required=True, help='a file of {"qid", "query", "relevant_ids"} lines'
    )
    calibrate.add_argument(
        "--queries", type=Path, nargs="+", required=True, help='files of {"qid", "query", "relevant_ids"} lines'
    )
    for command in (evaluate, calibrate):
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

    crisis = commands.add_parser(
        "crisis-eval",
        help="measure the crisis check: on every labelled set, and leave-one-author-out (or on one file)",
    )
    crisis.add_argument(
        "--queries",
        type=Path,
        help='only this file of {"id", "text", "language", "crisis", "category"} lines',
    )
    commands.add_parser(
        "crisis-train", help="train the learned crisis check on the development sets and write it into search/safety/"
    )

    commands.add_parser(
        "staff-password", help="make the hash that turns on staff sign-in on the page (or the API's staff token)"
    )

    serve = commands.add_parser("serve", help="answer questions over HTTP: a JSON API for the clinic's website")
    serve.add_argument("--host", default="127.0.0.1", help="the address to listen on (default: 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="the port to listen on (default: 8000)")
    serve.add_argument("--index", type=Path, help="the published index folder to answer from (default: index/)")
    serve.add_argument("--workers", type=int, default=1, help="worker processes (default: 1; 2 suit 2 cores)")
    return parser


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
            return questions.staff_password()
        commands = {
            "build": content.build,
            "ask": questions.ask,
            "eval": questions.evaluate,
            "crisis-eval": questions.crisis_eval,
            "crisis-train": questions.crisis_train,
            "calibrate": questions.calibrate,
            "serve": serving.serve,
        }
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
