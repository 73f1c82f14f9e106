"""`python build_index.py`: build the index, check the content (--check), or roll back (--rollback)."""

from __future__ import annotations

import argparse
import sys

from search.cli.output import EXIT_ERROR, EXIT_OK, count, say_on_stderr
from search.config import Settings
from search.vocab import AUDIENCES

# More warnings than this drown the summary; the first ones show what to fix.
MAX_WARNINGS = 10


def _print_warnings(warnings: tuple[str, ...]) -> None:
    for warning in warnings[:MAX_WARNINGS]:
        print(f"warning: {warning}", file=sys.stderr)
    if len(warnings) > MAX_WARNINGS:
        print(f"warning: ...and {len(warnings) - MAX_WARNINGS} more warnings", file=sys.stderr)


def _audiences(counts: dict[str, int]) -> str:
    return ", ".join(f"{number} {audience}" for audience, number in counts.items())


def _check(settings: Settings) -> int:
    from search.evaluation.checks import check_corpus
    from search.models.embed import load_embedder

    report = check_corpus(settings.corpus, load_embedder(for_building=True))
    corpus = report.corpus
    entries = {audience: sum(entry.audience == audience for entry in corpus.entries) for audience in AUDIENCES}
    documents = {audience: sum(doc.audience == audience for doc in corpus.documents) for audience in AUDIENCES}
    sections = sum(len(document.sections) for document in corpus.documents)
    entry_count = count(len(corpus.entries), "FAQ entry", "FAQ entries")
    # A file with errors is left out of the counts; saying so keeps "0 FAQ entries" from misleading.
    left_out = (
        f" in the files that could be read; not counted: {', '.join(corpus.skipped)} (errors below)"
        if corpus.skipped
        else ""
    )
    print(
        f"Checked {settings.corpus}: {entry_count} ({_audiences(entries)}), "
        f"{count(len(corpus.documents), 'document')} ({_audiences(documents)}), {count(sections, 'section')}"
        f"{left_out}."
    )
    for finding in report.findings:
        print(finding)
    warnings = len(report.findings) - report.errors
    if not report.findings:
        print("No problems found.")
    else:
        print(f"{count(report.errors, 'error')}, {count(warnings, 'warning')}.")
    return EXIT_ERROR if report.errors else EXIT_OK


def _roll_back(settings: Settings) -> int:
    from search.index.loaded import read_manifest
    from search.publishing.build import roll_back_index
    from search.publishing.folders import versions
    from search.publishing.stale import stale_reason

    restored = roll_back_index(settings.index, on_wait=say_on_stderr)
    manifest = read_manifest(restored)
    print(
        f"Rolled back {settings.index}/ to the index built at {manifest.built_at} "
        f"({count(manifest.chunks, 'chunk')}); the version it replaced was removed. "
        f"{count(len(versions(settings.index)), 'earlier version')} still kept."
    )
    reason = stale_reason(settings.corpus, settings.index, rescoring=settings.rescore)
    if reason is not None:
        print(
            f"Note: {reason} since that index was built, so the next build (or make run) "
            "publishes it again: fix the content first."
        )
    return EXIT_OK


def build(args: argparse.Namespace, settings: Settings) -> int:
    if args.check:
        return _check(settings)
    if args.rollback:
        return _roll_back(settings)
    from search.models.embed import load_embedder, load_rescorer
    from search.publishing.build import build_index
    from search.publishing.gate import gate_for
    from search.publishing.stale import stale_reason

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
        on_wait=say_on_stderr,
    )
    _print_warnings(report.warnings)
    if not report.published:
        print(f"{settings.index}/ is up to date with {settings.corpus}: nothing changed, nothing published.")
        return EXIT_OK
    print(
        f"Built {settings.index}/ from {settings.corpus}: {count(report.documents, 'document')}, "
        f"{count(report.chunks, 'chunk')} ({_audiences(report.chunks_by_audience)}; "
        f"{count(report.vectors, 'vector')}), {report.seconds:.1f} seconds."
    )
    print(
        f"Changes: {report.changes.as_text()} Embedded {count(report.embedded, 'new text')}, "
        f"{report.reused} from earlier builds."
    )
    if report.gate is None:
        print(f"No publish gate: the floor in {settings.gate_floor} is recorded for another corpus.")
    else:
        print(report.gate.as_text(verbose=args.verbose))
        if not report.gate.passed:
            print("Published anyway, as --force asked, below the recorded floor.")
    return EXIT_OK
