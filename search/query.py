"""Answering a question: the crisis check, candidates by meaning and keywords, re-scored, and the outcome.

Each stage was measured on every evaluation set before being kept (docs/quality.md): the
keyword term adds names and rare words the model misses, and the larger re-scoring model ranks
the candidates better than the small model that finds them quickly, on every set but one
(medquad_liveqa's long patient messages).
"""

from __future__ import annotations

import hashlib
import re
import threading
import time
import weakref
from collections import OrderedDict
from dataclasses import dataclass, field, replace

import numpy as np

from .chunking import TITLE_SEPARATOR
from .config import Settings
from .corpus import AUDIENCES
from .crisis import CrisisDetector, RiskCheck
from .decision import FIRST_STAGE, RESCORED
from .embed import Embedder
from .index import LoadedIndex

# `crisis` comes from the crisis check and overrides the others; what retrieval alone found is
# kept as Answer.retrieval_outcome.
OUTCOMES = ("answer", "uncertain", "no_answer", "crisis")
# The model reads about 1,000 characters of text at most; cutting a pasted essay first keeps
# it from costing seconds to tokenize.
MAX_QUERY_CHARS = 2000
# The longest question taken: anything past it is cut before any other step, so the crisis check
# reads every character that is kept (danger mentioned at the end of a pasted story is still
# seen), and the usage log never stores text the check did not read. 20,000 characters take the
# crisis patterns about a tenth of a second; the page's question box stops at this length too.
MAX_QUESTION_CHARS = 20_000
# An `uncertain` outcome offers this many results as "did you mean"; an `answer` shows its best
# result and this many less one as related answers.
SUGGESTIONS = 3
# Answers kept per published index, so a question asked again (a page rerun, a common question)
# costs a dictionary lookup instead of the model.
RECENT_ANSWERS = 256


@dataclass(frozen=True)
class Result:
    """One chunk that matched, with its score: a similarity plus the keyword term (see Settings).

    `same_as` lists the ids of lower-ranked chunks with word-for-word the same text, not shown again.
    """

    id: str
    doc: str
    title: str
    text: str
    score: float
    audience: str
    same_as: tuple[str, ...] = ()

    @property
    def source(self) -> str:
        """Where the answer comes from, for people: the file and its entry or section."""
        if "#" in self.id:
            return f"{self.doc}, section “{self.title.split(TITLE_SEPARATOR)[-1]}”"
        return f"{self.doc}, entry {self.id}"

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "doc": self.doc,
            "title": self.title,
            "text": self.text,
            "score": round(self.score, 4),
            "audience": self.audience,
            "same_as": list(self.same_as),
        }


@dataclass(frozen=True)
class Answer:
    """The outcome for one question and its ranked results, best first.

    Results are listed whatever the outcome, for evaluation; a page shows them as answers
    when the outcome is `answer`, and the first few as suggestions when it is `uncertain`.
    `risk` is what the crisis check found; with a crisis the outcome is `crisis` and
    `retrieval_outcome` says how well the results matched all the same. `shortened` is true when
    the question was longer than the model reads and only its beginning was used. `seconds` is
    the time each stage took.
    """

    query: str
    outcome: str
    results: tuple[Result, ...]
    risk: RiskCheck
    retrieval_outcome: str
    shortened: bool = False
    seconds: dict[str, float] = field(default_factory=dict, compare=False)

    def to_json(self) -> dict[str, object]:
        return {
            "query": self.query,
            "outcome": self.outcome,
            "retrieval_outcome": self.retrieval_outcome,
            "risk": {"level": self.risk.level, "language": self.risk.language, "category": self.risk.category},
            "results": [result.to_json() for result in self.results],
        }


def model_text(query: str) -> str:
    """What the model is given of a question: its words, single-spaced, cut to MAX_QUERY_CHARS."""
    return " ".join(query.split())[:MAX_QUERY_CHARS]


def _normalised(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


class _Stopwatch:
    """Seconds spent in each stage of one search, for the latency figures."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.seconds[stage] = now - self._last
        self._last = now


class _KeywordMatches:
    """The chunks sharing a word with the question that its audience may see, with their BM25
    scores scaled so the best scores 1."""

    def __init__(self, index: LoadedIndex, text: str, audience: str) -> None:
        self._lexical = index.lexical
        self._words = self._lexical.words(text)
        chunks = self._lexical.candidates(self._words)
        if audience == "public":
            chunks = chunks[index.chunk_is_public[chunks]]
        self.chunks, scores = chunks, self._lexical.scores_of(self._words, chunks)
        self._best = float(scores.max()) if len(scores) else 0.0
        self.scores = scores / self._best if self._best > 0 else scores

    def best(self, count: int) -> list[int]:
        """The `count` best-scoring chunks, best first."""
        return [int(self.chunks[i]) for i in np.argsort(-self.scores, kind="stable")[:count] if self.scores[i] > 0]

    def of(self, chunks: np.ndarray) -> np.ndarray:
        """The scaled score of each of `chunks` (0 for one without a match)."""
        scores = self._lexical.scores_of(self._words, chunks)
        return scores / self._best if self._best > 0 else scores


class _RecentAnswers:
    """The last RECENT_ANSWERS answers given from one index, most recent last.

    Keyed by a hash of the question, never its text; only answers with no sign of crisis are kept,
    so a crisis question is never held and is checked afresh every time. The texts shown are
    the index's own.
    """

    def __init__(self) -> None:
        self._answers: OrderedDict[tuple, Answer] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple) -> Answer | None:
        with self._lock:
            answer = self._answers.get(key)
            if answer is not None:
                self._answers.move_to_end(key)
            return answer

    def keep(self, key: tuple, answer: Answer) -> None:
        if answer.risk.level != "none":
            return
        with self._lock:
            self._answers[key] = replace(answer, query="", seconds={})
            while len(self._answers) > RECENT_ANSWERS:
                self._answers.popitem(last=False)


# One per loaded index, dropped with it: a new version of the index starts with none.
_recent: weakref.WeakKeyDictionary[LoadedIndex, _RecentAnswers] = weakref.WeakKeyDictionary()
_recent_lock = threading.Lock()


def _recent_answers(index: LoadedIndex) -> _RecentAnswers:
    with _recent_lock:
        if index not in _recent:
            _recent[index] = _RecentAnswers()
        return _recent[index]


def _question_key(text: str, audience: str, embedder: Embedder, rescorer: Embedder | None, settings: Settings) -> tuple:
    models = (embedder.identity, rescorer.identity if rescorer is not None else None)
    return (hashlib.sha256(text.encode("utf-8")).digest(), audience, models, repr(settings))


_detectors: dict[tuple[object, int], CrisisDetector] = {}
_detectors_lock = threading.Lock()


def crisis_detector(embedder: Embedder) -> CrisisDetector:
    """The crisis check for this search model, its examples embedded once per process.

    Kept by model, not by Embedder object, so a build's cached wrapper of the same model (and its
    publish gate) shares the page's detector instead of embedding the examples again.
    """
    key = (embedder.identity, embedder.dimension)
    with _detectors_lock:
        if key not in _detectors:
            # The model itself, not a build's cached wrapper: the detector outlives the build's cache.
            _detectors[key] = CrisisDetector(getattr(embedder, "wrapped", embedder))
        return _detectors[key]


def search(
    index: LoadedIndex,
    embedder: Embedder,
    query: str,
    settings: Settings,
    audience: str = "public",
    rescorer: Embedder | None = None,
) -> Answer:
    """The best settings.k chunks for a question, and the outcome its top scores call for.

    Every question is first checked for signs of crisis, by the search model's examples; a crisis
    is the outcome whatever is found. Stage one gathers candidates by the search model and
    keywords; stage two ranks them by the re-scoring model, when settings.rescore is on, a
    rescorer is given and the index holds its vectors. A question longer than MAX_QUESTION_CHARS
    is cut to that length first, and the answer is marked `shortened`. Raises ValueError for an
    empty question.
    """
    cut = len(query) > MAX_QUESTION_CHARS
    query = query[:MAX_QUESTION_CHARS]
    text = " ".join(query.split())
    if not text:
        raise ValueError("the question is empty")
    if audience not in AUDIENCES:
        raise ValueError(f"audience must be one of {AUDIENCES}, got {audience!r}")
    watch = _Stopwatch()
    recent, key = _recent_answers(index), _question_key(text, audience, embedder, rescorer, settings)
    known = recent.get(key)
    if known is not None:
        watch.lap("recent answer")
        return replace(known, query=query, seconds=watch.seconds)
    answer = _search(index, embedder, query, text, settings, audience, rescorer, watch)
    if cut:
        answer = replace(answer, shortened=True)
    recent.keep(key, answer)
    return answer


def _search(
    index: LoadedIndex,
    embedder: Embedder,
    query: str,
    text: str,
    settings: Settings,
    audience: str,
    rescorer: Embedder | None,
    watch: _Stopwatch,
) -> Answer:
    whole = text  # at most MAX_QUESTION_CHARS: the crisis check reads all of it
    shortened = len(text) > MAX_QUERY_CHARS
    text = model_text(text)
    # The model itself cuts what is past its limit; say so rather than hide it.
    shortened = shortened or embedder.count_tokens(text) > embedder.max_tokens
    vector = embedder.encode([text])[0]
    watch.lap("embedding")
    risk = crisis_detector(embedder).check(whole, vector)
    watch.lap("crisis check")
    # Rows come best first, so the first row seen of a chunk is its best; a dict keeps that order.
    nearest = index.nearest_rows(vector, settings.candidates * index.max_rows_per_chunk, audience)
    dense_order = list(dict.fromkeys(int(index.chunk_of_row[row]) for _, row in nearest))[: settings.candidates]
    watch.lap("vector search")
    keyword = _KeywordMatches(index, text, audience) if settings.lexical_weight > 0 else None
    keyword_order = [] if keyword is None else keyword.best(settings.candidates)
    watch.lap("keyword search")
    pool = np.array(sorted(set(dense_order) | set(keyword_order)), dtype=np.int64)
    if len(pool) == 0:
        return _answer(query, risk, "no_answer", [], shortened, watch)
    lexical = settings.lexical_weight * keyword.of(pool) if keyword is not None else np.zeros(len(pool), np.float32)
    scores = index.best_row_scores(pool, vector) + lexical
    keep = np.argsort(-scores, kind="stable")[: settings.candidates]
    pool, scores, lexical = pool[keep], scores[keep], lexical[keep]
    watch.lap("fusion")
    stage = FIRST_STAGE
    if settings.rescore and rescorer is not None and index.rescore_vectors is not None:
        second = rescorer.encode([text])[0]
        scores = index.best_row_scores(pool, second, rescoring=True) + lexical
        stage = RESCORED
        watch.lap("re-scoring")
    results = _distinct_results(index, pool, scores, settings.k, settings.merge_repeats)
    top = results[0].score if results else 0.0
    runner_up = results[1].score if len(results) > 1 else None
    outcome = settings.thresholds[stage].outcome(top, runner_up) if results else "no_answer"
    return _answer(query, risk, outcome, results, shortened, watch)


def _answer(
    query: str, risk: RiskCheck, outcome: str, results: list[Result], shortened: bool, watch: _Stopwatch
) -> Answer:
    final = "crisis" if risk.is_crisis else outcome
    return Answer(query, final, tuple(results), risk, outcome, shortened, watch.seconds)


def _distinct_results(index: LoadedIndex, pool: np.ndarray, scores: np.ndarray, k: int, merge: bool) -> list[Result]:
    """The k best chunks, best first. With `merge`, a chunk whose text repeats a better one's word
    for word is not shown again; the better one lists its id in `same_as`."""
    kept: dict[str, tuple[int, list[str]]] = {}  # text -> (position in pool, ids of its repeats)
    for position in np.argsort(-scores, kind="stable"):
        row = index.first_row[int(pool[position])]
        key = (_normalised(row.text) or _normalised(row.title)) if merge else row.id
        if key in kept:
            kept[key][1].append(row.id)
        elif len(kept) < k:
            kept[key] = (int(position), [])
    results = []
    for position, repeats in kept.values():
        row = index.first_row[int(pool[position])]
        results.append(
            Result(row.id, row.doc, row.title, row.text, float(scores[position]), row.audience, tuple(repeats))
        )
    return results
