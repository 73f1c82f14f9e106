"""Which of the page's two languages, English or Spanish, a question is written in.

General language detectors guess poorly on a few words and choose among dozens of languages;
the page needs only English or Spanish. Spanish is chosen when the question has more Spanish
than English function words, or Spanish punctuation and letters (¿ ¡ ñ) and no English ones.
When those are even (often none at all: "cuanto cuesta", "horario") and some word is not one both
languages use, the lingua library's statistical models of the two languages decide: they read word
endings and letter patterns.
"""

from __future__ import annotations

import functools
import re

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

from search.vocab import ENGLISH, LANGUAGES, SPANISH

__all__ = ["LANGUAGES", "detect_language", "language_detector"]

_SPANISH_TEXT = (
    "a que qué no me mi mis de del la el los las un una unos unas y o pero porque por para con sin en es "
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


@functools.cache
def language_detector() -> LanguageDetector:
    """lingua's detector for English and Spanish only, its models loaded once (about 0.3 s)."""
    return (
        LanguageDetectorBuilder.from_languages(Language.ENGLISH, Language.SPANISH)
        .with_preloaded_language_models()
        .build()
    )


def detect_language(text: str) -> str:
    """'es' for a question written in Spanish, otherwise 'en'."""
    words = [word.lower() for word in _WORD.findall(text)]
    spanish = sum(word in _SPANISH_WORDS and word not in _SHARED for word in words)
    english = sum(word in _ENGLISH_WORDS and word not in _SHARED for word in words)
    spanish += sum(char in "¿¡ñÑ" for char in text) + sum(char in "áéíóú" for char in text.lower())
    # Words both languages use ("no", "me") tell lingua nothing either; such a question stays English.
    if spanish != english or all(word in _SHARED for word in words):
        return SPANISH if spanish > english else ENGLISH
    return SPANISH if language_detector().detect_language_of(text) == Language.SPANISH else ENGLISH
