"""The command line: `python build_index.py` and `python -m search ask`.

Errors become one line on stderr and an exit code here, and nowhere else: 0 success,
1 a problem with the content or the index, 2 a problem with how the command was called.
"""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from pathlib import Path

from .clinic import ClinicInfo, contact_line
from .config import Settings, load_settings
from .corpus import AUDIENCES
from .embed import load_embedder
from .errors import SearchError
from .index import build_index, load_index, stale_reason
from .query import Answer, search

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

    ask = commands.add_parser("ask", help="answer a question, or a file of questions")
    ask.add_argument("question", nargs="?", help="the question to answer")
    ask.add_argument("--batch", type=Path, help='a file of {"qid", "query"} lines; prints one JSON line each')
    ask.add_argument("--index", type=Path, help="the index folder to search (default: index/)")
    ask.add_argument("--k", type=int, help="how many results to list (default: 5)")
    ask.add_argument("--json", action="store_true", help="print one JSON object")
    ask.add_argument("--audience", choices=AUDIENCES, default="public", help="staff also searches staff documents")

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

    report = check_corpus(settings.corpus, load_embedder())
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


def _build(args: argparse.Namespace, settings: Settings) -> int:
    if args.check:
        return _check(settings)
    if args.if_stale:
        reason = stale_reason(settings.corpus, settings.index)
        if reason is None:
            print(f"{settings.index}/ is up to date with {settings.corpus}.")
            return EXIT_OK
        print(f"Building {settings.index}/: {reason}.", file=sys.stderr)
    report = build_index(settings.corpus, settings.index, load_embedder(), progress=not args.quiet)
    _print_warnings(report.warnings)
    print(
        f"Built {settings.index}/ from {settings.corpus}: {_count(report.documents, 'document')}, "
        f"{_count(report.chunks, 'chunk')} ({_audiences(report.chunks_by_audience)}; "
        f"{_count(report.vectors, 'vector')}), {report.seconds:.1f} seconds."
    )
    return EXIT_OK


def _read_batch(path: Path) -> list[tuple[object, str]]:
    """(qid, query) pairs, all checked before any is answered; errors name the line."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"{path}: cannot be read ({error})") from None
    questions = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise UsageError(f"{path}, line {number}: not valid JSON ({error.msg})") from None
        query = record.get("query") if isinstance(record, dict) else None
        if not isinstance(query, str) or not query.strip() or "qid" not in record:
            raise UsageError(f'{path}, line {number}: expected {{"qid": ..., "query": "a question"}}')
        questions.append((record["qid"], query))
    return questions


def _print_readable(answer: Answer, clinic: ClinicInfo | None) -> None:
    wrap = textwrap.TextWrapper(width=88, initial_indent="   ", subsequent_indent="   ")
    if answer.shortened:
        print("(Your question was long; only its beginning was used.)")
    if answer.outcome != "answer":
        print("We don't have a good answer for that in the program's information.")
        print(contact_line(clinic))
        return
    for number, result in enumerate(answer.results, start=1):
        print(f"{number}. {result.title}  ({result.confidence}, {result.score:.2f})")
        for paragraph in result.text.split("\n"):
            print(wrap.fill(paragraph) if paragraph.strip() else "")
        print(f"   Source: {result.source}\n")


def _ask(args: argparse.Namespace, settings: Settings) -> int:
    if (args.question is None) == (args.batch is None):
        raise UsageError("give either a question or --batch FILE")
    questions = _read_batch(args.batch) if args.batch else None
    if args.question is not None and not args.question.strip():
        raise UsageError("the question is empty: type what you want to know")
    index = load_index(settings.index)
    embedder = load_embedder()
    if questions is not None:
        for qid, query in questions:
            answer = search(index, embedder, query, settings, audience=args.audience)
            print(json.dumps({"qid": qid, **answer.to_json()}, ensure_ascii=False), flush=True)
        return EXIT_OK
    answer = search(index, embedder, args.question, settings, audience=args.audience)
    if args.json:
        print(json.dumps(answer.to_json(), ensure_ascii=False, indent=2))
    else:
        _print_readable(answer, index.manifest.clinic)
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
        try:
            settings = load_settings().with_overrides(
                corpus=getattr(args, "corpus", None), index=getattr(args, "index", None), k=getattr(args, "k", None)
            )
        except ValueError as error:
            raise UsageError(str(error)) from None
        if args.command == "staff-password":
            return _staff_password()
        return _build(args, settings) if args.command == "build" else _ask(args, settings)
    except UsageError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except SearchError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("Stopped; the index was left as it was." if args.command == "build" else "Stopped.", file=sys.stderr)
        return 130
