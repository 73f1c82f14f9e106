"""The clinic's synonyms file, corpus/synonyms.txt: words people use that the content does not.

One rule a line, in the format Elasticsearch and Algolia use:
- `IOP, intensive outpatient, intensive outpatient program`: the terms are one another's synonyms;
- `meds => medication, medicine`: a question saying "meds" also searches for the right-hand terms
  (and not the other way round).
A term may be several words. Lines starting with `#` are comments. Synonyms widen keyword search
only; what a person is shown is still the program's own text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from search.errors import ContentError
from search.vocab import fold_whitespace

SYNONYMS_FILE = "synonyms.txt"
_ARROW = "=>"


@dataclass(frozen=True)
class SynonymRule:
    """`terms` are what a question may say; each also searches for `expansions`."""

    terms: tuple[str, ...]
    expansions: tuple[str, ...]
    line: int

    def __str__(self) -> str:
        if set(self.terms) <= set(self.expansions):
            return ", ".join(self.expansions)
        return f"{', '.join(self.terms)} {_ARROW} {', '.join(self.expansions)}"


def _terms(text: str, shown_as: str, number: int) -> tuple[str, ...]:
    terms = tuple(fold_whitespace(term).lower() for term in text.split(","))
    if any(not term for term in terms):
        raise ContentError(shown_as, "has an empty term (two commas in a row, or one at an end?)", number)
    return terms


def read_synonyms(text: str, shown_as: str) -> tuple[SynonymRule, ...]:
    """The rules of a synonyms file's text; ContentError naming the line of a malformed one."""
    rules = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.count(_ARROW) > 1:
            raise ContentError(shown_as, f"has more than one '{_ARROW}' in a rule", number)
        if _ARROW in line:
            left, right = line.split(_ARROW)
            rules.append(SynonymRule(_terms(left, shown_as, number), _terms(right, shown_as, number), number))
            continue
        terms = _terms(line, shown_as, number)
        if len(set(terms)) < 2:
            raise ContentError(
                shown_as, "lists one term: a rule needs two or more, separated by commas (or 'a => b')", number
            )
        rules.append(SynonymRule(terms, terms, number))
    return tuple(rules)


def _contains(text: str, term: str) -> bool:
    """Whether `text` says `term` as whole words, or its plural."""
    return re.search(rf"(?<!\w){re.escape(term)}(?:s|es)?(?!\w)", text) is not None


def matching(question: str, rules: tuple[SynonymRule, ...]) -> list[SynonymRule]:
    """The rules one of whose terms the question says."""
    text = fold_whitespace(question).lower()
    return [rule for rule in rules if any(_contains(text, term) for term in rule.terms)]


def unused_terms(rules: tuple[SynonymRule, ...], content: str) -> list[tuple[SynonymRule, tuple[str, ...]]]:
    """The rules that can find nothing, with the terms the content's text never says.

    A group of synonyms is useless when the content says none of them (one is enough: the
    others are what people type); a `=>` rule, for each right-hand term the content lacks.
    """
    text = fold_whitespace(content).lower()
    found = []
    for rule in rules:
        missing = tuple(term for term in rule.expansions if not _contains(text, term))
        if missing and (len(missing) == len(rule.expansions) or rule.terms != rule.expansions):
            found.append((rule, missing))
    return found
