"""Personal details taken out of a question before it is stored: emails, phone numbers, dates,
street addresses and long numbers become placeholders such as "[phone]".

Used only when a clinic turns on storing questions (search/usage_log.py). The patterns are for
English and Spanish as people type them, and lean towards scrubbing: a stored "[number]" where
a year range was costs an editor little, a member id kept costs the person asking. Names of
people are not found; that would need a model, and questions rarely need them to be useful.
"""

from __future__ import annotations

import re

EMAIL, PHONE, DATE, ADDRESS, NUMBER = "[email]", "[phone]", "[date]", "[address]", "[number]"

_EMAIL = re.compile(r"[\w.%+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}")

# US numbers: ten digits in threes and fours, with an optional +1, and seven-digit local ones
# with a separator. Short crisis lines (988, 911) are three digits and never match; a run of
# more digits is left for _NUMBER, so a card number is not half a phone number.
_SEP = r"[ .-]?"
_PHONE = re.compile(
    rf"(?<![\d+])(?:\+?1{_SEP})?(?:\(\d{{3}}\) ?|\d{{3}}{_SEP})\d{{3}}{_SEP}\d{{4}}(?!\d)"
    r"|(?<![\d+])\d{3}[.-]\d{4}(?!\d)(?![.-]\d)"
)

_EN_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|(?-i:May)|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_ES_MONTH = r"(?:enero|febrero|marzo|abril|mayo|junio|julio|agosto|sept?iembre|octubre|noviembre|diciembre)"
_MONTH = rf"(?:{_EN_MONTH}|{_ES_MONTH})"
# "3rd", and Spanish "1º"; not "May 16-year-olds" or "March 14 days", which are ages and spans.
_DAY = r"(?<!\d)(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th|º|°)?(?![\w-])"
_NOT_A_SPAN = r"(?!\s+(?:years?|yrs?|months?|weeks?|days?|hours?|años|meses|semanas|días|horas)\b)"
_YEAR = r"(?:,?\s+(?:de\s+|del\s+)?\d{4}(?!\d))?"
_DATE = re.compile(
    # 2025-03-14; 3/14/2025 and 14.03.2025. A day and month without a year ("24/7") is left.
    r"(?<!\d)\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?!\d)"
    r"|(?<!\d)\d{1,2}[-/.]\d{1,2}[-/.](?:\d{4}|\d{2})(?!\d)"
    # March 14, Mar 3rd, marzo 14 (with an optional year)
    rf"|\b{_MONTH}\s+{_DAY}{_NOT_A_SPAN}{_YEAR}"
    # 14 March 2025, 14th of March, 14 de marzo de 2025
    rf"|{_DAY}\s+(?:of\s+|de\s+)?{_MONTH}(?!\w){_YEAR}",
    re.IGNORECASE,
)

# A street's name words may be typed in any case, so words that cannot be part of a name
# (function words, units) stop a match: "2 kids and drive" and "a 5 minute drive" stay.
_STOP_WORDS = (
    r"a|an|and|or|but|the|in|on|at|to|of|for|from|by|with|near|my|your|our|his|her|their|its|is|are|was|be|per"
    r"|every|each|times?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?|miles?|blocks?"
    r"|en|y|o|que|para|por|con|sin|desde|hasta|hace|al|mi|mis|su|sus|tu|tus|es|son|un|una|unos|unas"
    r"|vez|veces|cada|más|mas|menos|días|dias|semanas|meses|años|horas|minutos|personas"
)
_NAME = rf"(?!(?:{_STOP_WORDS})\b)(?:[^\W\d_][\w'’-]*\.?|\d+(?:st|nd|rd|th))"
_EN_SUFFIX = (
    r"(?:street|st|avenue|ave|road|rd|boulevard|blvd|drive|dr|lane|ln|way|court|ct|place|pl|terrace|ter"
    r"|circle|cir|parkway|pkwy|highway|hwy|square|sq|trail|trl|crescent|loop)\b\.?"
)
_UNIT = r"(?:,?\s+(?:apt|apartment|unit|suite|ste|floor|fl)\.?\s*#?\s*\w+|\s*#\s*\w+)?"
# A whole word ("available" is not "av"), or "C/" written against the name.
_ES_TYPE = (
    r"(?:(?:calle|avenida|avda|av|paseo|plaza|camino|carretera|calzada|callej[oó]n|bulevar|boulevard"
    r"|traves[ií]a|glorieta)\b\.?\s+|c/\s*)"
)
_ES_CONNECTOR = r"(?:de|del|la|las|los|el)\s+"
_ADDRESS = re.compile(
    # 1200 Riverbend Avenue, 55 N Main St, 742 Evergreen Terrace Apt 3
    rf"(?<![\w.])\d{{1,6}}[a-z]?\s+(?:{_NAME}\s+){{1,4}}?{_EN_SUFFIX}{_UNIT}"
    # Calle Mayor 12, Av. Juárez 45, Avenida de la Reforma 222, Calle Mayor, nº 12
    rf"|(?<!\w){_ES_TYPE}(?:{_ES_CONNECTOR})*{_NAME}(?:\s+(?:{_ES_CONNECTOR})*{_NAME}){{0,3}}"
    r",?\s+(?:n[º°o]\.?\s*|núm\.?\s*|#\s*)?\d{1,5}[a-z]?(?!\w)"
    r"|\bP\.?\s?O\.?\s+Box\s+\d+",
    re.IGNORECASE,
)

# Social security, member and card numbers: five or more digits, possibly in groups of two or
# more split by a space or dash. Single digits do not join a group, so "IOP 2 2025" stays.
_NUMBER = re.compile(r"\+?(?<!\d)(?:\d{2,}(?:[ -]\d{2,})+|\d{5,})(?!\d)")


def _long_number(match: re.Match[str]) -> str:
    text = match.group(0)
    return NUMBER if sum(character.isdigit() for character in text) >= 5 else text


def scrub(text: str) -> str:
    """The text with personal details replaced by placeholders; other words and short numbers kept.

    The order matters: an email's digits are not a number, a phone number is not a long run of
    digits, an address's month-like name ("Travesía del Mar 4") is not a date, and neither an
    address's nor a date's digits are left for the number rule.
    """
    text = _EMAIL.sub(EMAIL, text)
    text = _PHONE.sub(PHONE, text)
    text = _ADDRESS.sub(ADDRESS, text)
    text = _DATE.sub(DATE, text)
    return _NUMBER.sub(_long_number, text)
