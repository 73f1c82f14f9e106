"""Reading a question for signs of risk, in English and Spanish: `plain_text` makes it plain, and
precise patterns are matched against that.

Patterns find what people type when they are in danger now: intent ("kill myself", "me quiero
morir"), something that has happened ("took all my pills", "me violaron"), or someone else in
danger ("won't wake up"). Words that only name a topic ("suicide screening policy") are in
TOPIC_PATTERNS instead: those questions are answered, with the 988 line beside them. Whatever
the patterns miss, the learned check in detector.py still gets to see; so they favour precision
on everyday idioms ("this wait is killing me", "me muero de hambre") and leave indirect
phrasings to it as well as covering the common ones here.

The tables of CRISIS_PATTERNS are kept by kind of danger: patterns_self.py (suicide, self-harm,
overdose), patterns_violence.py (harm to others, abuse, sexual assault) and patterns_medical.py
(medical emergencies, command hallucinations), with the phrases they share in patterns_phrases.py.

All patterns are matched against lower-case text without accents, apostrophes or punctuation,
with digits used as letters read as letters ("su1c1de" -> "suicide").
"""

from __future__ import annotations

import re
import unicodedata

from search.safety.patterns_medical import MEDICAL
from search.safety.patterns_self import DANGER_TO_SELF
from search.safety.patterns_violence import VIOLENCE

# In the order they are tried: a question is put in the first category that matches.
CRISIS_PATTERNS: dict[str, tuple[str, ...]] = {**DANGER_TO_SELF, **VIOLENCE, **MEDICAL}

# Words that name a crisis topic without a sign of danger now: answered, with the 988 line.
TOPIC_PATTERNS: tuple[str, ...] = (
    r"\b(?:suicid\w*|sucid\w*|self ?harm\w*|self ?injur\w*|overdos\w*|naloxone|narcan|abuse\w*|abusive|"
    r"assault\w*|rape\w*|molest\w*|domestic violence|crisis|crises|988|hotline|homicid\w*|psychosis|"
    r"hallucinat\w*|hearing voices|hear voices|safety plan\w*|hopeless\w*|mandated report\w*)\b",
    r"\b(?:autolesion\w*|sobredosis|abuso\w*|violencia|violacion|agresion sexual|emergencia\w*|"
    r"alucinacion\w*|desesperanza|sin esperanza)\b",
)

_LEET = str.maketrans({"1": "i", "3": "e", "0": "o", "4": "a", "@": "a", "$": "s", "5": "s", "7": "t"})
_MIXED_WORD = re.compile(r"\S*[a-z]\S*")


# Texting shorthand, read as the words it stands for.
_SHORTHAND = {
    "u": "you",
    "ur": "your",
    "b": "be",
    "nemore": "anymore",
    "rn": "right now",
    "tmrw": "tomorrow",
    "2morrow": "tomorrow",
    "cuz": "because",
    "bc": "because",
    "pls": "please",
    "plz": "please",
    "ppl": "people",
    "k": "que",
    "q": "que",
    "xq": "porque",
    "pq": "porque",
}
# Abbreviations whose apostrophe carries the meaning: "SA'd", "OD'd".
_ABBREVIATED_VERBS = (
    (re.compile(r"\b(?:SA'?[dD]|[sS][aA]'d)\b"), "sexually assaulted"),
    (re.compile(r"\b(?:OD'?(?:[dD]|ed|ED)|od'd|od'ed)\b"), "overdosed"),
    (re.compile(r"\b(?:OD'?ing|od'ing)\b"), "overdosing"),
)


def plain_text(text: str) -> str:
    """Lower case, no accents or apostrophes, digits inside words read as letters, letters
    repeated for stress cut to two ("pleaseeee" -> "pleasee"), texting shorthand spelt out,
    and punctuation as spaces."""
    for abbreviation, meaning in _ABBREVIATED_VERBS:
        text = abbreviation.sub(meaning, text.replace("\u2019", "'"))
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(char for char in text if not unicodedata.combining(char))
    text = text.replace("'", "").replace("\u2019", "")
    # Only words with a letter in them: "988" and "10 pills" keep their digits.
    text = _MIXED_WORD.sub(lambda word: word.group(0).translate(_LEET), text)
    text = re.sub(r"([a-z])\1{2,}", r"\1\1", text)
    return " ".join(_SHORTHAND.get(word, word) for word in re.sub(r"[^\w\s]|_", " ", text).split())


# A question about what the program does when something happens, asked about someone else:
# "what happens if someone in group says they're suicidal". Staff and families ask these.
_POLICY_QUESTION = re.compile(
    r"^(?:what happens (?:if|when)|what do (?:you|staff|we|the staff|counselors|therapists|nurses) do (?:if|when)|"
    r"what (?:is|are) (?:the|your) (?:\w+ ){0,2}(?:procedure|procedures|policy|policies|protocol|protocols|process|"
    r"steps|rules)|how (?:do|does|should) (?:staff|we|the team|the program|clinicians|counselors|therapists|"
    r"i (?:write|document|report|file|chart|complete|respond|handle))|what should (?:staff|we|counselors)|"
    r"is there a (?:policy|procedure|protocol)|do you have a (?:policy|procedure|protocol)|"
    r"que pasa (?:si|cuando)|que hacen (?:si|cuando)|cual es (?:la|el) (?:politica|procedimiento|protocolo))\b"
)
_FIRST_PERSON = re.compile(r"\b(?:i|im|me|my|myself|ive|id|mine|yo|mi|me|mis|estoy)\b")


def asks_about_policy(plain: str) -> bool:
    """Whether text made plain asks what the program does about something that happens to someone
    else; "how do I write..." is about the paperwork, so its "I" does not count as the asker's danger."""
    framing = _POLICY_QUESTION.match(plain)
    return framing is not None and _FIRST_PERSON.search(plain[framing.end() :]) is None


_COMPILED = {category: re.compile("|".join(patterns)) for category, patterns in CRISIS_PATTERNS.items()}
_TOPIC = re.compile("|".join(TOPIC_PATTERNS))


# Dying of embarrassment, laughter or hunger is an idiom in both languages ("me quiero morir de la
# verguenza"); it is taken out before the patterns are matched, so no pattern has to allow for it.
_DYING_OF = re.compile(
    r"\b(?:morir|morirme|muero|muriendo|die|dying|died) (?:de|of) (?:la |el |the )?(?:verguenza|pena|risa|hambre|"
    r"sueno|ganas|calor|frio|aburrimiento|nervios|envidia|oso|embarrassment|laughter|laughing|boredom|hunger|"
    r"curiosity|shame)\b"
)


def crisis_category(plain: str) -> str | None:
    """The first risk category whose patterns match text made plain, or None."""
    plain = _DYING_OF.sub(" ", plain)
    for category, pattern in _COMPILED.items():
        if pattern.search(plain):
            return category
    return None


def names_crisis_topic(plain: str) -> bool:
    """Whether text made plain mentions a crisis topic (suicide, abuse, overdose...) at all."""
    return _TOPIC.search(plain) is not None
