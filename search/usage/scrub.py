"""Personal details taken out of a question before it is stored: emails, phone numbers, dates,
street addresses and long numbers become placeholders such as "[phone]".

Used only when a clinic turns on storing questions (search/usage/log.py). The patterns are for
English and Spanish as people type them, and lean towards scrubbing: a stored "[number]" where
a year range was costs an editor little, a member id kept costs the person asking. Names of
people are not found; that would need a model, and questions rarely need them to be useful.

Some forms are typed to get past filters, or by accident:
- Invisible format characters (zero-width spaces and joiners, the byte-order mark, direction
  marks: Unicode's category Cf) are dropped before anything else, from the stored text too, so
  digits with zero-width spaces between them are still a phone number. Phone digits may also be
  split by a space of any width, a slash, an underscore or any dash.
- An email may be spelled out: "jane at gmail dot com", "jane (at) example [dot] org", "maria
  arroba gmail punto com", "jane @ gmail . com". A spelled "at" needs a spelled "dot" before a
  common top-level domain, so "we meet at group at 9" and "sign up at clinic.org" stay.
- A street address without a street type is found only after a cue that says an address
  follows ("live(s) at", "address is", "address:", "moved to", "vivo en", "mi dirección es",
  "dirección:", "domicilio:"): a house number and one to three capitalised words ("I live at
  1200 Riverbend", "vivo en 55 Juárez"), or after a Spanish cue the Spanish order ("vivo en
  Juárez 55"). The cue is kept. Without a cue a number and capitalised words stay ("group is at
  9 Monday", "for 3 Weeks", "IOP 2 2025"), as does a month ("moved to 14 March" is a date).

Time grows in step with the length of the text: every repeat is bounded, or starts only where
a run of its characters starts and never gives characters back, so each character is read a
bounded number of times. Text longer than MAX_CHARS is cut first, which bounds the time of one
call whatever the caller passes: a few hundredths of a second at most.
"""

from __future__ import annotations

import re

EMAIL, PHONE, DATE, ADDRESS, NUMBER = "[email]", "[phone]", "[date]", "[address]", "[number]"
CUT = "[…]"

# The page cuts a question at this length (MAX_QUESTION_CHARS in search/config.py) and never
# stores a longer one; cutting here too keeps the time of a scrub bounded whoever calls it.
MAX_CHARS = 20_000
# No detail spans this many words (the longest, an email spelled with brackets, about 21), so
# dropping as many words before a cut leaves no first half of a detail that the patterns miss.
_WORDS_DROPPED_AT_A_CUT = 32

# Unicode's format characters (category Cf) as of Unicode 15; tests/test_scrub.py checks this
# list against the running Python's unicodedata.
_FORMAT = re.compile(
    "[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]+"
)
# A space of any width, no-break spaces included, but not a line break.
_GAP = r"[^\S\r\n]"
# The hyphen-minus, Unicode's hyphens and dashes, and the minus sign, for use inside [...].
_DASHES = "\\-\u2010-\u2015\u2212"

# The local part starts where a run of its characters starts and never gives characters back:
# a long run without an "@" is read once, not once from each of its characters.
_LOCAL = r"(?<![\w.%+-])[\w.%+-]++"
_LABEL = r"[\w-]++"
_SPELLED_AT = r"\s*[(\[]\s*(?:at|arroba)\s*[)\]]\s*|\s+(?:at|arroba)\s+"
_SPELLED_DOT = r"\s*[(\[]\s*(?:dot|punto)\s*[)\]]\s*|\s+(?:dot|punto)\s+"
_ANY_DOT = rf"\s*\.\s*|{_SPELLED_DOT}"
# A spelled email ends in a common top-level domain, so "at the dot of noon" is not one.
_TLD = r"(?:com|net|org|edu|gov|mil|info|biz|io|co|us|uk|ca|mx|es|ar|cl|pe)(?!\w)"
_EMAIL = re.compile(
    rf"{_LOCAL}(?:"
    # jane.doe85@example.org
    r"@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}"
    # jane @ gmail . com, jane@gmail dot com
    rf"|\s*@\s*{_LABEL}(?:(?:{_ANY_DOT}){_LABEL}){{0,3}}(?:{_ANY_DOT}){_TLD}"
    # jane at gmail dot com, jane (at) example (dot) org, maria arroba gmail punto com
    rf"|(?:{_SPELLED_AT}){_LABEL}(?:(?:{_ANY_DOT}){_LABEL}){{0,3}}(?:{_SPELLED_DOT}){_TLD})",
    re.IGNORECASE,
)

# US numbers: ten digits in threes and fours, with an optional +1, and seven-digit local ones
# with a separator. Short crisis lines (988, 911) are three digits and never match; a run of
# more digits is left for _NUMBER, so a card number is not half a phone number. The groups may
# be split by a space of any width, a dot or an underscore, or by a slash or dash with or
# without spaces around it: "541_555_0142", "541 / 555 / 0142", "541 – 555 – 0142".
_SEP = rf"(?:{_GAP}?[/{_DASHES}]{_GAP}?|[._]|{_GAP})?"
_PHONE = re.compile(
    rf"(?<![\d+])(?:\+?1{_SEP})?(?:\(\d{{3}}\){_GAP}?|\d{{3}}{_SEP})\d{{3}}{_SEP}\d{{4}}(?!\d)"
    rf"|(?<![\d+])\d{{3}}[.{_DASHES}]\d{{4}}(?!\d)(?![.{_DASHES}]\d)"
)

_EN_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|(?-i:May)|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_ES_MONTH = r"(?:enero|febrero|marzo|abril|mayo|junio|julio|agosto|sept?iembre|octubre|noviembre|diciembre)"
# The lookahead is a quick first test: most places in a text cannot start a month.
_MONTH = rf"(?=[adefjmnos])(?:{_EN_MONTH}|{_ES_MONTH})"
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
# (function words, units) stop a match: "2 kids and drive" and "a 5 minute drive" stay. A name
# is first checked to start with a letter, which is quicker than the list of stop words.
_STOP_WORDS = (
    r"a|an|and|or|but|the|in|on|at|to|of|for|from|by|with|near|my|your|our|his|her|their|its|is|are|was|be|per"
    r"|every|each|times?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?|miles?|blocks?"
    r"|en|y|o|que|para|por|con|sin|desde|hasta|hace|al|mi|mis|su|sus|tu|tus|es|son|un|una|unos|unas"
    r"|vez|veces|cada|más|mas|menos|días|dias|semanas|meses|años|horas|minutos|personas"
)
_NAME = rf"(?:(?=[^\W\d_])(?!(?:{_STOP_WORDS})\b)[^\W\d_][\w'’-]*+\.?|\d+(?:st|nd|rd|th))"
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
# At most two before each name word: "de la", "de los". Connectors are names too ("Calle del 5"),
# and an unbounded run of them could be split between the two in ever more ways.
_ES_CONNECTORS = r"(?:(?:de|del|la|las|los|el)\s+){0,2}"
_ES_HOUSE = r",?\s+(?:n[º°o]\.?\s*|núm\.?\s*|#\s*)?\d{1,5}[a-z]?(?!\w)"
_ADDRESS = re.compile(
    # 1200 Riverbend Avenue, 55 N Main St, 742 Evergreen Terrace Apt 3
    rf"(?<![\w.])\d{{1,6}}[a-z]?\s+(?:{_NAME}\s+){{1,4}}?{_EN_SUFFIX}{_UNIT}"
    # Calle Mayor 12, Av. Juárez 45, Avenida de la Reforma 222, Calle Mayor, nº 12
    rf"|(?<!\w){_ES_TYPE}{_ES_CONNECTORS}{_NAME}(?:\s+{_ES_CONNECTORS}{_NAME}){{0,3}}{_ES_HOUSE}"
    r"|\bP\.?\s?O\.?\s+Box\s+\d+",
    re.IGNORECASE,
)

_EN_CUE = r"(?:live|lives|lived|living|reside|resides)\s+at|address(?:\s+is|:)|moved\s+to"
_ES_CUE = r"viv(?:o|e|es|imos|en)\s+en|(?:direcci[oó]n|domicilio)(?:\s+es|:)"
# Capitalised, and neither a month nor a word that cannot be part of a name ("5 Minutes"). The
# lookaheads on first letters below are quick first tests, as in _MONTH.
_CAPITALISED = rf"(?!(?:{_STOP_WORDS}|{_MONTH})\b)(?-i:[A-ZÀ-ÖØ-Þ])[\w'’-]*+"
_CUED_ADDRESS = re.compile(
    # I live at 1200 Riverbend, my address is 42 Oak Hill, vivo en 55 Juárez
    rf"(?P<cue>(?=[adlmrv])\b(?:{_EN_CUE}|{_ES_CUE})\s+)(?:#\s*)?\d{{1,6}}[a-z]?(?:\s+{_CAPITALISED}){{1,3}}"
    # vivo en Juárez 55, mi dirección es Reforma 222: the Spanish order, after a Spanish cue, and
    # not when the number goes on as a date, a phone number or a span ("vivo en Madrid 2 años")
    rf"|(?P<es_cue>(?=[dv])\b(?:{_ES_CUE})\s+){_CAPITALISED}(?:\s+{_ES_CONNECTORS}{_CAPITALISED}){{0,2}}"
    rf"{_ES_HOUSE}(?!{_GAP}?[/.{_DASHES}]?{_GAP}?\d){_NOT_A_SPAN}",
    re.IGNORECASE,
)

# Social security, member and card numbers: five or more digits, possibly in groups of two or
# more split by a space of any width or a dash. Single digits do not join a group, so "IOP 2
# 2025" stays.
_NUMBER = re.compile(rf"\+?(?<!\d)(?:\d{{2,}}(?:(?:{_GAP}|[{_DASHES}])\d{{2,}})+|\d{{5,}})(?!\d)")


def _long_number(match: re.Match[str]) -> str:
    text = match.group(0)
    return NUMBER if sum(character.isdigit() for character in text) >= 5 else text


def _cued_address(match: re.Match[str]) -> str:
    """The cue kept, the address after it replaced: "I live at [address]"."""
    return (match["cue"] or match["es_cue"]) + ADDRESS


def scrub(text: str) -> str:
    """The text with personal details replaced by placeholders; other words and short numbers kept.

    The order matters: an email's digits are not a number, a phone number is not a long run of
    digits, an address's month-like name ("Travesía del Mar 4") is not a date, and neither an
    address's nor a date's digits are left for the number rule. Text longer than MAX_CHARS is
    cut there and the last words before the cut dropped; CUT marks where.
    """
    if len(text) > MAX_CHARS:
        words = text[:MAX_CHARS].rsplit(maxsplit=_WORDS_DROPPED_AT_A_CUT)
        kept = words[0] if len(words) > _WORDS_DROPPED_AT_A_CUT else ""
        return f"{scrub(kept)} {CUT}".lstrip()
    text = _FORMAT.sub("", text)
    text = _EMAIL.sub(EMAIL, text)
    text = _PHONE.sub(PHONE, text)
    text = _ADDRESS.sub(ADDRESS, text)
    text = _CUED_ADDRESS.sub(_cued_address, text)
    text = _DATE.sub(DATE, text)
    return _NUMBER.sub(_long_number, text)
