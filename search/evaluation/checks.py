"""Content checks for editors: `python build_index.py --check` reports problems without building.

Errors are what would show a person something wrong (a file that cannot be read, an id used
twice, a blank answer, two entries asking the same question, no phone number to offer);
warnings are what makes answers worse (near-duplicate questions, an entry far longer than
the rest, an alternate phrasing that finds another entry first).
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from search.ingest.chunking import chunk_entry
from search.ingest.clinic import CLINIC_FILE, REQUIRED_FIELDS, missing_fields
from search.ingest.corpus import Corpus, Entry, read_corpus
from search.models.encoder import Encoder
from search.vocab import ENGLISH, LANGUAGES, comparable

# Two phrasings of different entries this similar (cosine) ask the same thing in other words;
# paraphrases score about 0.85 and up with this model, related topics 0.5 to 0.8.
NEAR_DUPLICATE = 0.90
# An answer this many times the median length, and over LONG_WORDS words, is likely several
# answers in one: split it, so each question gets its own.
LONG_FACTOR = 3.0
# An alternate phrasing this much closer (cosine) to another entry's question and answer than to
# its own was likely put on the wrong entry. Smaller gaps are common and harmless: people word a
# question differently from its answer, which is why alternates are written at all.
MISPLACED_MARGIN = 0.15
LONG_WORDS = 200


@dataclass(frozen=True)
class Finding:
    """One problem found: `level` is "error" or "warning"; `where` names the file and line."""

    level: str
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.level}: {self.where}: {self.message}" if self.where else f"{self.level}: {self.message}"


def _at(entry: Entry) -> str:
    return f"{entry.source}, line {entry.line}"


def _clinic_findings(corpus: Corpus) -> list[Finding]:
    if corpus.root.is_file():
        return []  # a single FAQ file has no clinic.toml by design
    if CLINIC_FILE not in corpus.sources:
        return [Finding("error", CLINIC_FILE, "is missing: the no-answer screen has no phone number to offer")]
    if corpus.clinic is None:
        return []  # unreadable: already reported as a problem
    findings = []
    for name in missing_fields(corpus.clinic):
        level = "error" if name in REQUIRED_FIELDS else "warning"
        findings.append(Finding(level, CLINIC_FILE, f"'{name}' is not set"))
    return findings


def _duplicate_questions(entries: tuple[Entry, ...]) -> list[Finding]:
    findings = []
    asked: dict[str, Entry] = {}
    for entry in entries:
        for phrasing in (entry.question, *entry.alternates):
            key = comparable(phrasing)
            earlier = asked.setdefault(key, entry)
            if earlier.id != entry.id:
                findings.append(
                    Finding("error", _at(entry), f"{phrasing!r} is also asked by entry '{earlier.id}' ({_at(earlier)})")
                )
    return findings


def _long_entries(entries: tuple[Entry, ...]) -> list[Finding]:
    # Blank answers are reported as errors already; counted here they would pull the median to nothing.
    lengths = {entry.id: len(entry.answer.split()) for entry in entries if entry.answer.strip()}
    if len(lengths) < 3:
        return []
    median = statistics.median(lengths.values())
    return [
        Finding(
            "warning",
            _at(entry),
            f"entry '{entry.id}' has {lengths[entry.id]} words, {lengths[entry.id] / median:.1f} times the "
            f"median of {median:.0f}; consider splitting it into entries that each answer one question",
        )
        for entry in entries
        if lengths.get(entry.id, 0) > max(LONG_WORDS, LONG_FACTOR * median)
    ]


def _near_duplicates(phrasings: list[tuple[Entry, str]], vectors: np.ndarray) -> list[Finding]:
    """Pairs of phrasings, from different entries, that ask nearly the same thing."""
    similarity = vectors @ vectors.T
    findings = []
    for i, j in np.argwhere(np.triu(similarity >= NEAR_DUPLICATE, k=1)):
        (first, first_text), (second, second_text) = phrasings[i], phrasings[j]
        if first.id != second.id:
            findings.append(
                Finding(
                    "warning",
                    _at(second),
                    f"{second_text!r} (entry '{second.id}') and {first_text!r} (entry '{first.id}', "
                    f"{_at(first)}) ask nearly the same thing (similarity {similarity[i, j]:.2f}); "
                    "merge them or make the questions distinct",
                )
            )
    return findings


def _misplaced_alternates(
    entries: tuple[Entry, ...], phrasings: list[tuple[Entry, str]], vectors: np.ndarray, embedder: Encoder
) -> list[Finding]:
    """Alternate phrasings that read as being about another entry's question and answer."""
    # Each entry as it reads without its alternates, passage by passage.
    owners: list[int] = []
    passages: list[str] = []
    for number, entry in enumerate(entries):
        for passage in chunk_entry(replace(entry, alternates=()), embedder.count_tokens, embedder.max_tokens).passages:
            owners.append(number)
            passages.append(passage)
    passage_vectors = embedder.encode(passages)
    number_of = {entry.id: number for number, entry in enumerate(entries)}
    findings = []
    for (entry, phrasing), vector in zip(phrasings, vectors, strict=True):
        if phrasing == entry.question:
            continue
        best = np.full(len(entries), -1.0)
        np.maximum.at(best, owners, passage_vectors @ vector)  # each entry's best passage
        winner, own = int(best.argmax()), best[number_of[entry.id]]
        if best[winner] - own > MISPLACED_MARGIN:
            findings.append(
                Finding(
                    "warning",
                    _at(entry),
                    f"the alternate {phrasing!r} of entry '{entry.id}' reads as being about entry "
                    f"'{entries[winner].id}' ({best[winner]:.2f}) more than its own ({own:.2f}); "
                    "check it belongs here",
                )
            )
    return findings


@dataclass(frozen=True)
class CheckReport:
    """The corpus as read, and what was found wrong with it."""

    corpus: Corpus
    findings: tuple[Finding, ...]

    @property
    def errors(self) -> int:
        return sum(finding.level == "error" for finding in self.findings)


def check_corpus(corpus_path: Path, embedder: Encoder) -> CheckReport:
    """Every problem with a corpus that a content editor can fix.

    Raises ContentError only when there is no corpus to check.
    """
    corpus = read_corpus(corpus_path)
    findings = [Finding("error", "", str(problem)) for problem in corpus.problems]
    findings += _clinic_findings(corpus)
    findings += [
        Finding("error", _at(entry), f"the question {entry.question!r} has an empty answer")
        for entry in corpus.entries
        if not entry.answer
    ]
    for language in LANGUAGES:
        # An entry's versions in two languages share its id; each language is checked on its own.
        entries = tuple(entry for entry in corpus.entries if entry.language == language)
        findings += _duplicate_questions(entries)
        findings += _long_entries(entries)
    # The similarity limits below were measured with the English search model; Spanish entries,
    # embedded by another model on another scale, are not held to them.
    english = tuple(entry for entry in corpus.entries if entry.language == ENGLISH)
    if english:
        phrasings = [(entry, text) for entry in english for text in (entry.question, *entry.alternates)]
        vectors = embedder.encode([text for _, text in phrasings])
        findings += _near_duplicates(phrasings, vectors)
        findings += _misplaced_alternates(english, phrasings, vectors, embedder)
    # What the build warns about too: skipped files, unknown clinic.toml keys.
    findings += [Finding("warning", "", warning) for warning in corpus.warnings]
    return CheckReport(corpus, tuple(findings))
