"""What each outcome shows, decided once, as data: the command line and the page both render it.

The rule is safety-relevant, so it is written here and nowhere else: crisis help comes first,
then up to SUGGESTIONS of the program's answers unless retrieval found nothing; for a question of
concern, the 988 and after-hours lines come first and the screen goes on as it would; the answer
itself, with the 988 line beside it when the question touches a crisis topic; a likely answer
open, with other answers that may fit and the intake contact; on the uncertain and no-answer
screens, the intake contact and the 988 line. Staff see which result is a staff policy and
which is what clients are told, and both kinds when both were found. How each block looks (a card, a
folded section, a numbered paragraph) is the renderer's choice; which blocks, in which order,
is not.

A screen speaks the language the question was searched in (`Answer.language`), crisis help
included; its words are in search/present/texts.py. A result written in another language (the
handbook is English only) carries a note saying so, with whom to call for an interpreter.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from search.ingest.clinic import ClinicInfo, contact_line
from search.present.documents import plain_source
from search.present.texts import texts_for
from search.retrieval.answer import Answer, Result
from search.safety.detector import RiskCheck
from search.safety.messages import CrisisPanel, concern_lines, crisis_panel, help_line
from search.vocab import ENGLISH, Audience, Outcome, RiskLevel

# "Did you mean" offers this many results, and crisis help this many of the program's answers;
# an answer is shown with this many less one related answers, unless more are asked for.
SUGGESTIONS = 3


class Tone(StrEnum):
    """How a headline reads: good news, a question back, or a plain 'no'."""

    SUCCESS = "success"
    INFO = "info"
    WARNING = "warning"


class Role(StrEnum):
    """Why a result is on the screen."""

    ANSWER = "answer"  # the answer itself, or the likely answer
    RELATED = "related"  # further answers below it, or other answers that may fit
    SUGGESTION = "suggestion"  # one of the "did you mean" choices
    ALSO_HELPFUL = "also_helpful"  # the program's information below crisis help


@dataclass(frozen=True)
class Note:
    """A small aside about how the question was read."""

    text: str


@dataclass(frozen=True)
class Headline:
    text: str
    tone: Tone


@dataclass(frozen=True)
class CrisisHelp:
    panel: CrisisPanel


@dataclass(frozen=True)
class ConcernHelp:
    """The crisis lines above the answer, for a question of concern (Markdown lines)."""

    lines: tuple[str, ...]


@dataclass(frozen=True)
class Shown:
    """One result on the screen; `ask_feedback` puts "Was this helpful?" under it. `label`, on a
    staff screen, says whether it is a staff policy or what clients are told. `language` is the
    screen's, which its label, note and source line speak; `note`, for a result written in another
    language, says so next to it."""

    result: Result
    role: Role
    label: str | None = None
    language: str = ENGLISH
    note: str | None = None

    @property
    def ask_feedback(self) -> bool:
        # Nothing about a crisis question's results is kept, so nothing is asked.
        return self.role != Role.ALSO_HELPFUL

    @property
    def source(self) -> str:
        """Where the result comes from, in the screen's words: 'Source: Client handbook › Fees and billing'."""
        words = texts_for(self.language)
        return words.source.format(source=plain_source(self.result, words))


@dataclass(frozen=True)
class Line:
    """A line of Markdown: a list's heading, the contact, or the 988 line."""

    text: str


Block = Note | Headline | CrisisHelp | ConcernHelp | Shown | Line


@dataclass(frozen=True)
class Screen:
    """The blocks of one answer's screen, top to bottom, and the language they speak."""

    outcome: Outcome
    blocks: tuple[Block, ...]
    language: str = ENGLISH

    @property
    def shown(self) -> tuple[Result, ...]:
        """The results on the screen, in order."""
        return tuple(block.result for block in self.blocks if isinstance(block, Shown))

    @property
    def announcement(self) -> str:
        """What a screen reader says once the screen is shown: its headline, and the answer's title when
        there is one. Empty for crisis help, whose panel screen readers announce at once by itself."""
        if any(isinstance(block, CrisisHelp) for block in self.blocks):
            return ""
        headline = next((block.text for block in self.blocks if isinstance(block, Headline)), "")
        answer = next((block.result.title for block in self.blocks if isinstance(block, Shown)), None)
        return f"{headline} {answer}" if self.outcome in (Outcome.ANSWER, Outcome.LIKELY) and answer else headline


def _listed(answer: Answer, count: int) -> list[Result]:
    """The first `count` results; for staff, with the best of the other kind (staff policy or
    client text) in the last place when the first `count` are all of one kind."""
    listed = list(answer.results[:count])
    if answer.audience != Audience.STAFF or count < 2 or not listed:
        return listed
    kinds = {result.audience for result in listed}
    other = next((result for result in answer.results[count:] if result.audience not in kinds), None)
    if len(kinds) == 1 and other is not None:
        listed[-1] = other
    return listed


def _shown(answer: Answer, result: Result, role: Role, clinic: ClinicInfo | None) -> Shown:
    words = texts_for(answer.language)
    label = None
    if answer.audience == Audience.STAFF:
        label = words.staff_policy if result.audience == Audience.STAFF else words.client_text
    note = None if result.language == answer.language else other_language_note(result.language, answer.language, clinic)
    return Shown(result, role, label, answer.language, note)


def screen_for(answer: Answer, clinic: ClinicInfo | None, answers_listed: int = SUGGESTIONS) -> Screen:
    """What `answer` shows, in `answer.language`. `answers_listed` is how many results an `answer`
    or `likely` screen lists, the answer itself included (the page shows SUGGESTIONS; the command
    line, as many as --k asks)."""
    language = answer.language
    words = texts_for(language)
    # The program's name and hours as this language says them; crisis help takes its numbers from them.
    local = clinic.in_language(language) if clinic is not None else None
    blocks: list[Block] = [Note(words.shortened)] if answer.shortened else []
    if answer.corrections:
        blocks.append(Note(corrections_note(answer.corrections, language)))
    # A question of concern has the 988 line at the top already; it is not said again below.
    concern = answer.risk.level == RiskLevel.CONCERN
    if concern:
        blocks.append(ConcernHelp(concern_lines(language, local)))
    line_988 = [] if concern else [Line(help_line(language))]
    contact = contact_line(clinic, language)
    if answer.outcome == Outcome.CRISIS:
        blocks.append(CrisisHelp(crisis_panel(language, local, answer.risk.category)))
        if answer.retrieval_outcome != Outcome.NO_ANSWER and answer.results:
            blocks.append(Line(words.also_helpful))
            blocks += [_shown(answer, result, Role.ALSO_HELPFUL, clinic) for result in _listed(answer, SUGGESTIONS)]
    elif answer.outcome in (Outcome.ANSWER, Outcome.LIKELY):
        sure = answer.outcome == Outcome.ANSWER
        best, *others = _listed(answer, max(answers_listed, 1))
        blocks += [Headline(words.answered, Tone.SUCCESS) if sure else Headline(words.likely, Tone.INFO)]
        blocks.append(_shown(answer, best, Role.ANSWER, clinic))
        if answer.risk.shows_help_line:
            blocks += line_988
        if others:
            blocks.append(Line(words.related if sure else words.others))
            blocks += [_shown(answer, result, Role.RELATED, clinic) for result in others]
        if not sure:
            blocks.append(Line(f"{words.none_of_these} {contact}"))
    elif answer.outcome == Outcome.UNCERTAIN:
        blocks.append(Headline(words.unsure, Tone.INFO))
        blocks += [_shown(answer, result, Role.SUGGESTION, clinic) for result in _listed(answer, SUGGESTIONS)]
        blocks += [Line(f"{words.none_of_these} {contact}"), *line_988]
    else:
        blocks.append(Headline(words.unanswered, Tone.WARNING))
        blocks += [Line(contact), *line_988]
    return Screen(answer.outcome, tuple(blocks), language)


def early_crisis_screen(found: RiskCheck | None, language: str | None, clinic: ClinicInfo | None) -> Screen | None:
    """What a crisis the patterns alone found (search/safety/detector.py's pattern_check) shows before
    the models are asked, or while they load: the crisis panel and nothing else, in `language` when
    the visitor chose one, else the question's. None when the patterns found no crisis."""
    if found is None or found.level != RiskLevel.CRISIS:
        return None
    spoken = language or found.language
    local = clinic.in_language(spoken) if clinic is not None else None
    return Screen(Outcome.CRISIS, (CrisisHelp(crisis_panel(spoken, local, found.category)),), spoken)


def corrections_note(corrections: tuple[tuple[str, str], ...], language: str = ENGLISH) -> str:
    """How misspelled words were read, in `language`, e.g. 'Searched for “insurance” (you typed “insurence”).'"""
    words = texts_for(language)
    read = ", ".join(words.correction.format(corrected=corrected, typed=typed) for typed, corrected in corrections)
    return words.corrections.format(read=read)


def other_language_note(written_in: str, language: str, clinic: ClinicInfo | None) -> str:
    """What a screen in `language` says next to a result `written_in` another: that it is only
    available in that language, and whom to call for an interpreter (the intake line, when known)."""
    words = texts_for(language)
    name = words.language_names[written_in]
    if clinic is None or not clinic.intake_phone:
        return words.other_language_no_phone.format(language=name)
    return words.other_language.format(language=name, phone=clinic.intake_phone)
