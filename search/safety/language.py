"""Which of the page's two languages, English or Spanish, a question is written in.

General language detectors guess poorly on a few words and choose among dozens of languages;
the page needs only to know whether to show its safety messages in Spanish. Spanish is chosen
when the question has more Spanish than English function words, or Spanish punctuation and
letters (¿ ¡ ñ) and no English ones.
"""

from __future__ import annotations

import re

LANGUAGES = ("en", "es")

_SPANISH_TEXT = (
    "que qué no me mi mis de del la el los las un una unos unas y o pero porque por para con sin en es "
    "soy estoy está esta estas estás son ya más mas muy yo tu tú usted ustedes se lo le les nos su sus "
    "quiero kiero quisiera puedo puede tengo tiene hay como cómo donde dónde cuando cuándo qué quién "
    "nada todo todos vida ayuda ayudar hacer hago hoy mañana noche casa mamá papá hijo hija esposo "
    "esposa novio novia también tambien ni si sí al eso esto ella él ellos siento solo sola nadie"
)
_ENGLISH_TEXT = (
    "the i i'm im i've ive a an and or but to of in on at for with without is am are was were be been "
    "my me you your he she they we it this that what how can do does don't dont want need have has "
    "just so not no if when where who why will would could should anymore about please help"
)
_SPANISH_WORDS = frozenset(_SPANISH_TEXT.split())
_ENGLISH_WORDS = frozenset(_ENGLISH_TEXT.split())
# "no", "me" and "a" are both; they count for neither.
_SHARED = _SPANISH_WORDS & _ENGLISH_WORDS
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


def detect_language(text: str) -> str:
    """'es' for a question written in Spanish, otherwise 'en'."""
    words = [word.lower() for word in _WORD.findall(text)]
    spanish = sum(word in _SPANISH_WORDS and word not in _SHARED for word in words)
    english = sum(word in _ENGLISH_WORDS and word not in _SHARED for word in words)
    spanish += sum(char in "¿¡ñÑ" for char in text) + sum(char in "áéíóú" for char in text.lower())
    return "es" if spanish > english else "en"
