"""A question's words against the content's: typos corrected, synonyms added, unknown words found.

People type "insurence" and "theraphy", and say "meds" where the content says "medication".
- Typos: a word that is neither in the content nor an English word is corrected to the content
  word nearest by edit distance (symspellpy), the more common one on a tie. Only the content's
  own words are offered, so a correction can only move a question towards what the program says.
- Synonyms: the rules of corpus/synonyms.txt (search/ingest/synonyms.py) add their terms to the
  keyword search.
- Unknown words: a question's words that the content never uses, in any form, even after both.
  "Do you have a pharmacy on site" shares "site" with an entry about the building; its key word
  "pharmacy" is nowhere in the content, so no entry can be a confident answer to it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

import Stemmer
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS
from symspellpy import SymSpell, Verbosity

from search.index.loaded import LoadedIndex
from search.ingest.synonyms import SynonymRule, matching

_WORD = re.compile(r"[^\W\d_]+")
_STEMMER = Stemmer.Stemmer("english")
# Shorter words have too many neighbours one letter away to correct safely ("cot", "cat", "cut"),
# and are seldom what a question turns on.
MIN_WORD = 4
# Edit distance allowed to a correction: one letter for words up to 6 letters, two for longer.
LONG_WORD = 7
# Endings of English contractions and plurals: "dont", "youre" and "clinics" are words typed
# without their apostrophe or in another form, not misspellings ("dont" is not "done").
_ENDINGS = ("nt", "t", "s", "ve", "re", "ll", "d", "m")
# The most frequent English words ("does", "today", "really") are what any question is made of,
# not what it is about: one the content never uses does not make an answer doubtful.
COMMON_WORDS = 1000


@cache
def _english_words() -> list[str]:
    """The 82,765 English words of symspellpy's frequency dictionary (Google Books n-grams), most frequent first."""
    listing = files("symspellpy").joinpath("frequency_dictionary_en_82_765.txt").read_text(encoding="utf-8")
    return [line.split(" ", 1)[0] for line in listing.splitlines() if line]


@cache
def _english() -> frozenset[str]:
    return frozenset(_english_words())


@cache
def _common() -> frozenset[str]:
    return frozenset(_english_words()[:COMMON_WORDS]) | ENGLISH_STOP_WORDS


@dataclass(frozen=True)
class ReadQuestion:
    """A question as the search reads it.

    `text` has its typos corrected (for both models); `keyword_text` adds the synonyms' terms;
    `corrections` are (typed, corrected) pairs; `unknown` the words the content never uses.
    """

    text: str
    keyword_text: str
    corrections: tuple[tuple[str, str], ...]
    unknown: tuple[str, ...]


class ContentWords:
    """The words of one index's content, and what reads questions against them."""

    def __init__(self, texts: list[str], synonyms: tuple[SynonymRule, ...]) -> None:
        counts = Counter(word for text in texts for word in _WORD.findall(text.lower()))
        self._counts = counts
        self._stems = {_STEMMER.stemWord(word) for word in counts}
        self._synonyms = synonyms
        # A word a synonym rule names ("aetna") is what someone meant to type, not a typo.
        self._synonym_words = {word for rule in synonyms for term in rule.terms for word in _WORD.findall(term)}
        self._speller = SymSpell(max_dictionary_edit_distance=2, prefix_length=7)
        for word, count in counts.items():
            if len(word) >= MIN_WORD:
                self._speller.create_dictionary_entry(word, count)

    @classmethod
    def of(cls, index: LoadedIndex) -> ContentWords:
        texts = [text for row in index.rows for text in (row.title, row.passage, row.text)]
        return cls(texts, index.synonyms)

    def _is_known(self, word: str) -> bool:
        return word in self._counts or _STEMMER.stemWord(word) in self._stems

    def _correction(self, word: str) -> str | None:
        """The content word a misspelled `word` most likely meant, or None."""
        # Not by stem: "insurence" shares the stem of "insurance", but the model reads the letters.
        if len(word) < MIN_WORD or word in self._counts or word in _english() or word in self._synonym_words:
            return None
        if any(word.endswith(ending) and word[: -len(ending)] in _english() for ending in _ENDINGS):
            return None
        distance = 1 if len(word) < LONG_WORD else 2
        # A typo seldom changes the first letter; a word that differs there is another word
        # the content does not know ("ketamine" is not "examine").
        found = [
            suggestion
            for suggestion in self._speller.lookup(word, Verbosity.CLOSEST, max_edit_distance=distance)
            if suggestion.term[0] == word[0]
        ]
        return max(found, key=lambda suggestion: suggestion.count).term if found else None

    def read(self, question: str, correct: bool = True, synonyms: bool = True) -> ReadQuestion:
        """`question` read against the content; with `correct` off (a question in another
        language, or corrections turned off), its words are taken as typed; with `synonyms` off,
        the synonym rules are not used."""
        corrections: dict[str, str] = {}
        if correct:
            for word in dict.fromkeys(_WORD.findall(question.lower())):  # in the question's order
                corrected = self._correction(word)
                if corrected is not None:
                    corrections[word] = corrected
        text = _WORD.sub(lambda match: _replaced(match.group(), corrections), question) if corrections else question
        rules = matching(text, self._synonyms) if synonyms else []
        added = list(
            dict.fromkeys(term for rule in rules for term in rule.expansions if term.lower() not in text.lower())
        )
        # A word a synonym rule knows is not unknown: the rule says what the content calls it.
        covered = {word for rule in rules for term in (*rule.terms, *rule.expansions) for word in term.split()}
        unknown = tuple(
            dict.fromkeys(
                word
                for word in _WORD.findall(text.lower())
                if len(word) >= MIN_WORD and word not in _common() and word not in covered and not self._is_known(word)
            )
        )
        keyword_text = " ".join([text, *added])
        return ReadQuestion(text, keyword_text, tuple(corrections.items()), unknown)


def _replaced(word: str, corrections: dict[str, str]) -> str:
    corrected = corrections.get(word.lower(), word)
    return corrected.capitalize() if word[0].isupper() and corrected != word else corrected
