"""Answering a question: the crisis check, candidates by meaning and keywords, re-scored, and the outcome.

Each stage was measured on every evaluation set before being kept (docs/quality.md): the
keyword term adds names and rare words the model misses, and the larger re-scoring model ranks
the candidates better than the small model that finds them quickly, on every set but one
(medquad_liveqa's long patient messages).

A Spanish question (detected, or chosen on the page) is searched in the index's multilingual
part, when the content has Spanish: the multilingual model and Spanish keyword search over the
Spanish content and the English content that has no Spanish version. Both English models read
English only, so there is no re-scoring and no typo correction for it.
"""

from __future__ import annotations

import threading
import time
import weakref
from dataclasses import replace
from functools import partial

import numpy as np

from search.config import MAX_QUESTION_CHARS, Settings
from search.index.live import LiveIndex
from search.index.loaded import LoadedIndex
from search.models.embed import load_embedder, load_rescorer
from search.models.encoder import Encoder
from search.models.multilingual import load_multilingual
from search.retrieval.answer import Answer, Result
from search.retrieval.fusion import Candidates, KeywordMatches, distinct_results, fuse, nearest_chunks
from search.retrieval.recent import RecentAnswers
from search.retrieval.wording import ContentWords, ReadQuestion
from search.safety.detector import CrisisDetector, RiskCheck
from search.vocab import AUDIENCES, ENGLISH, LANGUAGES, SPANISH, Audience, Outcome, Stage, fold_whitespace

# The model reads about 1,000 characters of text at most; cutting a pasted essay first keeps
# it from costing seconds to tokenize.
MAX_QUERY_CHARS = 2000


def model_text(question: str) -> str:
    """What the model is given of a question: its words, single-spaced, cut to MAX_QUERY_CHARS."""
    return fold_whitespace(question)[:MAX_QUERY_CHARS]


class _Stopwatch:
    """Seconds spent in each stage of one search, for the latency figures."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.seconds[stage] = now - self._last
        self._last = now


class Searcher:
    """Answers questions from an index: everything a search needs, held in one place.

    `index` is one loaded index, or the live published index of a long-running page, whose newest
    whole version answers each question. `encoder` is the search model; `rescorer`, when given
    (and settings.rescore is on and the index holds its vectors), ranks the candidates again.
    `detector` is the crisis check; by default one is made for the search model (a build's gate
    passes the page's, to share it). The last answers without a sign of crisis, and the content's
    words that questions are read against, are kept per loaded index, so a new version starts
    with its own.
    """

    def __init__(
        self,
        index: LoadedIndex | LiveIndex,
        encoder: Encoder,
        settings: Settings,
        rescorer: Encoder | None = None,
        detector: CrisisDetector | None = None,
    ) -> None:
        self._index = index
        self.encoder = encoder
        self.settings = settings
        self.rescorer = rescorer
        self.detector = detector if detector is not None else CrisisDetector(encoder)
        self._per_index: tuple[weakref.ref[LoadedIndex], RecentAnswers, ContentWords] | None = None
        self._per_index_lock = threading.Lock()

    @property
    def index(self) -> LoadedIndex:
        """The index the next question is answered from."""
        return self._index.current() if isinstance(self._index, LiveIndex) else self._index

    def with_settings(self, **overrides: object) -> Searcher:
        """A searcher with some settings changed, sharing this one's index, models and crisis check."""
        settings = self.settings.with_overrides(**overrides)
        return Searcher(self._index, self.encoder, settings, self.rescorer, self.detector)

    def ask(self, question: str, audience: Audience | str = Audience.PUBLIC, language: str | None = None) -> Answer:
        """The best settings.k chunks for a question, and the outcome its top scores call for.

        Every question is first checked for signs of crisis; a crisis is the outcome whatever is
        found. A question longer than MAX_QUESTION_CHARS is cut to that length first, and the
        answer is marked `shortened`. `language` ('en' or 'es') is the language to search in;
        None detects it. Raises ValueError for an empty question, an unknown audience or language.
        """
        cut = len(question) > MAX_QUESTION_CHARS
        question = question[:MAX_QUESTION_CHARS]
        text = fold_whitespace(question)
        if not text:
            raise ValueError("the question is empty")
        if audience not in AUDIENCES:
            raise ValueError(f"audience must be one of {', '.join(AUDIENCES)}, got {audience!r}")
        if language is not None and language not in LANGUAGES:
            raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, got {language!r}")
        audience = Audience(audience)
        watch = _Stopwatch()
        index = self.index
        recent, words = self._of_index(index)
        key = recent.key(text, audience, language)
        known = recent.get(key)
        if known is not None:
            watch.lap("recent answer")
            return replace(known, query=question, seconds=watch.seconds)
        answer = self._answer(index, words, question, text, audience, language, watch)
        if cut:
            answer = replace(answer, shortened=True)
        recent.keep(key, answer)
        return answer

    def _of_index(self, index: LoadedIndex) -> tuple[RecentAnswers, ContentWords]:
        """This index's recent answers and content words, made on its first question."""
        with self._per_index_lock:
            if self._per_index is None or self._per_index[0]() is not index:
                self._per_index = (weakref.ref(index), RecentAnswers(), ContentWords.of(index))
            return self._per_index[1], self._per_index[2]

    def _answer(
        self,
        index: LoadedIndex,
        words: ContentWords,
        question: str,
        text: str,
        audience: Audience,
        language: str | None,
        watch: _Stopwatch,
    ) -> Answer:
        shortened = len(text) > MAX_QUERY_CHARS
        model_input = model_text(text)
        # The model itself cuts what is past its limit; say so rather than hide it.
        shortened = shortened or self.encoder.count_tokens(model_input) > self.encoder.max_tokens
        vector = self.encoder.encode([model_input])[0]
        watch.lap("embedding")
        risk = self._crisis_check(text, vector, audience)
        watch.lap("crisis check")
        language = language or risk.language
        part, read, vector = self._searched_part(index, words, model_input, vector, language, watch)
        dense, keyword = self._candidates(part, read, vector, audience, watch)
        candidates = self._fusion(part, vector, dense, keyword, audience, watch)
        decided = partial(
            self._decided, question, audience, risk, read=read, shortened=shortened, watch=watch, language=language
        )
        if len(candidates.chunks) == 0:
            return decided(Outcome.NO_ANSWER, [])
        if part is index:
            stage, scores = self._rescored(index, read.text, candidates, watch)
        else:
            stage, scores = Stage.SPANISH, candidates.scores
        results = distinct_results(part, candidates.chunks, scores, self.settings.k, self.settings.merge_repeats)
        return decided(self._decision(stage, audience, results, read), results)

    def _searched_part(
        self,
        index: LoadedIndex,
        words: ContentWords,
        text: str,
        vector: np.ndarray,
        language: str,
        watch: _Stopwatch,
    ) -> tuple[LoadedIndex, ReadQuestion, np.ndarray]:
        """The part of the index a question is searched in, the question as read, and its vector.

        A Spanish question, when the content has Spanish, goes to the multilingual part, read as
        typed and embedded by the multilingual model; it is then fused as English questions are
        (the same terms and weights) and judged by its own thresholds, without re-scoring.
        """
        if language == SPANISH and index.multilingual is not None:
            vector = load_multilingual().encode_question(text)
            watch.lap("multilingual embedding")
            return index.multilingual, ReadQuestion(text, text, (), ()), vector
        read, vector = self._read(words, text, vector, language)
        watch.lap("wording")
        return index, read, vector

    def _crisis_check(self, text: str, vector: np.ndarray, audience: Audience) -> RiskCheck:
        # The whole question, up to MAX_QUESTION_CHARS: danger mentioned at the end of a long story is seen.
        return self.detector.check(text, vector, audience)

    def _read(
        self, words: ContentWords, text: str, vector: np.ndarray, language: str
    ) -> tuple[ReadQuestion, np.ndarray]:
        """The question read against the content's words, and its vector for the search: typos
        are corrected in an English question only (a Spanish word is not a misspelled English
        one). The crisis check has already read the question as typed."""
        correct = self.settings.correct_typos and language == ENGLISH
        read = words.read(text, correct, self.settings.use_synonyms)
        if read.text != text:
            vector = self.encoder.encode([read.text])[0]
        return read, vector

    def _candidates(
        self, index: LoadedIndex, read: ReadQuestion, vector: np.ndarray, audience: Audience, watch: _Stopwatch
    ) -> tuple[list[int], KeywordMatches | None]:
        """The chunks nearest the question by meaning, and those sharing its words or their synonyms."""
        dense = nearest_chunks(index, vector, self.settings.candidates, audience)
        watch.lap("vector search")
        keyword = KeywordMatches(index, read.keyword_text, audience) if self.settings.lexical_weight > 0 else None
        watch.lap("keyword search")
        return dense, keyword

    def _fusion(
        self,
        index: LoadedIndex,
        vector: np.ndarray,
        dense: list[int],
        keyword: KeywordMatches | None,
        audience: Audience,
        watch: _Stopwatch,
    ) -> Candidates:
        boost = self.settings.staff_policy_boost if audience == Audience.STAFF else 0.0
        candidates = fuse(
            index, vector, dense, keyword, self.settings.lexical_weight, self.settings.candidates, staff_boost=boost
        )
        watch.lap("fusion")
        return candidates

    def _rescored(
        self, index: LoadedIndex, text: str, candidates: Candidates, watch: _Stopwatch
    ) -> tuple[Stage, np.ndarray]:
        """The candidates' scores by the re-scoring model, when it is on and the first stage is
        not already sure; else their fused scores.

        Re-scoring costs several times the rest of a search; when the first stage's best leads
        the next by settings.sure_lead, re-scoring seldom changes which is first (docs/quality.md).
        """
        if not (self.settings.rescore and self.rescorer is not None and index.rescore_vectors is not None):
            return Stage.FIRST_STAGE, candidates.scores
        if len(candidates.scores) < 2 or candidates.scores[0] - candidates.scores[1] >= self.settings.sure_lead:
            return Stage.FIRST_STAGE, candidates.scores
        vector = self.rescorer.encode([text])[0]
        scores = index.best_row_scores(candidates.chunks, vector, rescoring=True) + candidates.added
        watch.lap("re-scoring")
        return Stage.RESCORED, scores

    def _decision(self, stage: Stage, audience: Audience, results: list[Result], read: ReadQuestion) -> Outcome:
        if not results:
            return Outcome.NO_ANSWER
        runner_up = results[1].score if len(results) > 1 else None
        return self.settings.thresholds[stage][audience].outcome(results[0].score, runner_up, bool(read.unknown))

    @staticmethod
    def _decided(
        question: str,
        audience: Audience,
        risk: RiskCheck,
        outcome: Outcome,
        results: list[Result],
        *,
        read: ReadQuestion,
        shortened: bool,
        watch: _Stopwatch,
        language: str,
    ) -> Answer:
        final = Outcome.CRISIS if risk.is_crisis else outcome
        return Answer(
            question,
            final,
            tuple(results),
            risk,
            outcome,
            shortened,
            read.corrections,
            read.unknown,
            watch.seconds,
            audience,
            language,
        )


def open_searcher(index: LoadedIndex | LiveIndex, settings: Settings) -> Searcher:
    """A searcher with the installed models, run as questions use them (numpy, no torch); the
    re-scoring model is loaded only when the settings and the index both use it."""
    current = index.current() if isinstance(index, LiveIndex) else index
    rescoring = settings.rescore and current.rescore_vectors is not None
    return Searcher(index, load_embedder(), settings, load_rescorer() if rescoring else None)
