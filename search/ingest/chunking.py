"""Chunks: the units a search returns, and the passages of each that the model embeds.

A chunk is embedded as several vectors, and scores as its best one: each phrasing alone (an
FAQ question and its alternates, or a section's heading path), and its text in passages led
by the question or heading. An answer too long for the model takes several passages, so the
whole answer counts and nothing is cut off. A document section becomes one chunk, or several
when it is too long, split between lines, then sentences, then words. The phrasings embedded
on their own help most where people reword the FAQ's own questions (covid_q) and cost a little
on some other sets in the first stage; with re-scoring they gave the best results overall
(docs/quality.md has each set).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from search.ingest.corpus import Corpus, Document, Entry
from search.ingest.documents import section_slug
from search.ingest.sources import SPANISH_FOLDER
from search.vocab import ENGLISH, PART_MARK, SECTION_MARK, SPANISH, TITLE_SEPARATOR

TokenCounter = Callable[[str], int]

# A word longer than the model's budget (a pasted URL, say) is cut every this many characters;
# the tokenizer makes at most one token per character, so each slice fits.
_WORD_SLICE = 100
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")


@dataclass(frozen=True)
class Chunk:
    """One search result's worth of content.

    `text` is what a reader is shown; `phrasings` (the ways of asking that lead to it) and
    `passages` are what the model reads, each within its token limit. `line` is where the
    chunk starts in its source file; `language` the language it is written in.
    """

    id: str
    doc: str
    title: str
    text: str
    audience: str
    line: int
    phrasings: tuple[str, ...]
    passages: tuple[str, ...]
    language: str = ENGLISH


def _pieces_of_line(line: str, fits: Callable[[str], bool]) -> list[str]:
    """A line cut into sentences, then words, then slices of a word, each of which fits."""
    if fits(line):
        return [line]
    pieces: list[str] = []
    for sentence in _SENTENCE_END.split(line.strip()):
        if fits(sentence):
            pieces.append(sentence)
            continue
        for word in sentence.split():
            if fits(word):
                pieces.append(word)
            else:
                pieces.extend(word[i : i + _WORD_SLICE] for i in range(0, len(word), _WORD_SLICE))
    return pieces


def _units(body: str, fits: Callable[[str], bool]) -> Iterator[tuple[str, str]]:
    """(separator before, piece) pairs that rebuild the body's lines and paragraphs."""
    for paragraph_number, paragraph in enumerate(re.split(r"\n\s*\n", body.strip())):
        for line_number, line in enumerate(paragraph.split("\n")):
            for piece_number, piece in enumerate(_pieces_of_line(line.rstrip(), fits)):
                if piece_number > 0:
                    yield " ", piece
                elif line_number > 0:
                    yield "\n", piece
                else:
                    yield ("\n\n" if paragraph_number > 0 else ""), piece


def split_to_fit(body: str, fits: Callable[[str], bool]) -> list[str]:
    """The body packed greedily into as few pieces as fit, keeping its line breaks."""
    pieces: list[str] = []
    current = ""
    for separator, unit in _units(body, fits):
        candidate = current + separator + unit if current else unit
        if current and not fits(candidate):
            pieces.append(current)
            current = unit
        else:
            current = candidate
    if current:
        pieces.append(current)
    return pieces


def _passages(lead: str, body: str, count_tokens: TokenCounter, max_tokens: int) -> list[tuple[str, str]]:
    """(piece of body, passage to embed) pairs; each passage leads with `lead` where it fits."""

    def fits_alone(text: str) -> bool:
        return count_tokens(text) <= max_tokens

    if body.strip() and count_tokens(lead) <= max_tokens // 2:
        pieces = split_to_fit(body, lambda text: count_tokens(f"{lead}\n{text}") <= max_tokens)
        return [(piece, f"{lead}\n{piece}") for piece in pieces]
    # A lead too long to repeat (a very long question or heading), or one with no body
    # (an FAQ entry without an answer), is embedded on its own.
    lead_passages = [("", piece) for piece in split_to_fit(lead, fits_alone)]
    return lead_passages + [(piece, piece) for piece in split_to_fit(body, fits_alone)]


def _fitting(*phrasings: str, count_tokens: TokenCounter, max_tokens: int) -> tuple[str, ...]:
    """Phrasings to embed alone; one too long for the model is left to lead the passages."""
    return tuple(phrasing for phrasing in phrasings if count_tokens(phrasing) <= max_tokens)


def chunk_entry(entry: Entry, count_tokens: TokenCounter, max_tokens: int) -> Chunk:
    """An FAQ entry as one chunk: its phrasings, and as many passages as its answer needs."""
    passages = [passage for _, passage in _passages(entry.question, entry.answer, count_tokens, max_tokens)]
    return Chunk(
        id=entry.id,
        doc=entry.source,
        title=entry.question,
        text=entry.answer,
        audience=entry.audience,
        line=entry.line,
        # An entry without an answer already has its question as its one passage.
        phrasings=tuple(
            phrasing
            for phrasing in _fitting(
                entry.question, *entry.alternates, count_tokens=count_tokens, max_tokens=max_tokens
            )
            if phrasing not in passages
        ),
        passages=tuple(passages),
        language=entry.language,
    )


def _id_path(document: Document) -> str:
    """The path in a document's chunk ids: a Spanish document under es/ takes the path of the
    English one it translates, so that each section keeps its id in both languages."""
    if document.language == SPANISH:
        return document.source.removeprefix(f"{SPANISH_FOLDER}/")
    return document.source


def chunk_document(document: Document, count_tokens: TokenCounter, max_tokens: int) -> list[Chunk]:
    """A document's sections as chunks with ids `<path>#<section slug>`, split parts `~2`, `~3`...

    A section's slug is its heading's `{#identifier}` when it gives one, else made from its words."""
    chunks: list[Chunk] = []
    used_slugs: set[str] = set()
    for section in document.sections:
        headings = section.headings
        if headings[0] != document.title:
            headings = (document.title, *headings)
        title = TITLE_SEPARATOR.join(headings)
        base = section_slug(section)
        slug, repeat = base, 1
        while slug in used_slugs:  # a heading used twice in one document: -2, -3...
            repeat += 1
            slug = f"{base}-{repeat}"
        used_slugs.add(slug)
        pairs = [pair for pair in _passages(title, section.text, count_tokens, max_tokens) if pair[0]]
        for part, (text, passage) in enumerate(pairs, start=1):
            suffix = "" if part == 1 else f"{PART_MARK}{part}"
            chunks.append(
                Chunk(
                    id=f"{_id_path(document)}{SECTION_MARK}{slug}{suffix}",
                    doc=document.source,
                    title=title,
                    text=text,
                    audience=document.audience,
                    line=section.line,
                    phrasings=_fitting(title, count_tokens=count_tokens, max_tokens=max_tokens),
                    passages=(passage,),
                    language=document.language,
                )
            )
    return chunks


def chunk_corpus(corpus: Corpus, count_tokens: TokenCounter, max_tokens: int) -> list[Chunk]:
    """Every chunk of a corpus: FAQ entries first, then document sections, in file order."""
    if max_tokens < 16:
        raise ValueError(f"max_tokens must be at least 16, got {max_tokens}")
    chunks = [chunk_entry(entry, count_tokens, max_tokens) for entry in corpus.entries]
    for document in corpus.documents:
        chunks.extend(chunk_document(document, count_tokens, max_tokens))
    return chunks
