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
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from search.ingest.clinic import ClinicInfo, contact_line
from search.retrieval.answer import Answer, Result
from search.safety.messages import CrisisPanel, concern_lines, crisis_panel, help_line
from search.vocab import Audience, Outcome, RiskLevel

# "Did you mean" offers this many results, and crisis help this many of the program's answers;
# an answer is shown with this many less one related answers, unless more are asked for.
SUGGESTIONS = 3

SHORTENED = "Your question was long, so only its beginning was used."
ANSWERED = "Here is the best answer from the program's information."
LIKELY = "This is probably the answer you are looking for."
OTHERS = "Other answers that may fit:"
UNSURE = "We're not sure which of these you mean. Did you mean:"
UNANSWERED = "We don't have an answer for that in the program's information."
RELATED = "Related answers:"
ALSO_HELPFUL = "Information from the program that may also help:"
NONE_OF_THESE = "If none of these is what you need:"
# What staff are told each result is.
STAFF_POLICY = "Staff policy"
CLIENT_TEXT = "What clients are told"


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
    staff screen, says whether it is a staff policy or what clients are told."""

    result: Result
    role: Role
    label: str | None = None

    @property
    def ask_feedback(self) -> bool:
        # Nothing about a crisis question's results is kept, so nothing is asked.
        return self.role != Role.ALSO_HELPFUL


@dataclass(frozen=True)
class Line:
    """A line of Markdown: a list's heading, the contact, or the 988 line."""

    text: str


Block = Note | Headline | CrisisHelp | ConcernHelp | Shown | Line


@dataclass(frozen=True)
class Screen:
    """The blocks of one answer's screen, top to bottom."""

    outcome: Outcome
    blocks: tuple[Block, ...]

    @property
    def shown(self) -> tuple[Result, ...]:
        """The results on the screen, in order."""
        return tuple(block.result for block in self.blocks if isinstance(block, Shown))


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


def _shown(answer: Answer, result: Result, role: Role) -> Shown:
    if answer.audience != Audience.STAFF:
        return Shown(result, role)
    return Shown(result, role, STAFF_POLICY if result.audience == Audience.STAFF else CLIENT_TEXT)


def screen_for(answer: Answer, clinic: ClinicInfo | None, answers_listed: int = SUGGESTIONS) -> Screen:
    """What `answer` shows. `answers_listed` is how many results an `answer` or `likely` screen
    lists, the answer itself included (the page shows SUGGESTIONS; the command line, as many as
    --k asks)."""
    blocks: list[Block] = [Note(SHORTENED)] if answer.shortened else []
    if answer.corrections:
        blocks.append(Note(corrections_note(answer.corrections)))
    # A question of concern has the 988 line at the top already; it is not said again below.
    concern = answer.risk.level == RiskLevel.CONCERN
    if concern:
        blocks.append(ConcernHelp(concern_lines(answer.risk.language, clinic)))
    line_988 = [] if concern else [Line(help_line(answer.risk.language))]
    if answer.outcome == Outcome.CRISIS:
        blocks.append(CrisisHelp(crisis_panel(answer.risk.language, clinic, answer.risk.category)))
        if answer.retrieval_outcome != Outcome.NO_ANSWER and answer.results:
            blocks.append(Line(ALSO_HELPFUL))
            blocks += [_shown(answer, result, Role.ALSO_HELPFUL) for result in _listed(answer, SUGGESTIONS)]
    elif answer.outcome in (Outcome.ANSWER, Outcome.LIKELY):
        sure = answer.outcome == Outcome.ANSWER
        best, *others = _listed(answer, max(answers_listed, 1))
        blocks += [Headline(ANSWERED, Tone.SUCCESS) if sure else Headline(LIKELY, Tone.INFO)]
        blocks.append(_shown(answer, best, Role.ANSWER))
        if answer.risk.shows_help_line:
            blocks += line_988
        if others:
            blocks.append(Line(RELATED if sure else OTHERS))
            blocks += [_shown(answer, result, Role.RELATED) for result in others]
        if not sure:
            blocks.append(Line(f"{NONE_OF_THESE} {contact_line(clinic)}"))
    elif answer.outcome == Outcome.UNCERTAIN:
        blocks.append(Headline(UNSURE, Tone.INFO))
        blocks += [_shown(answer, result, Role.SUGGESTION) for result in _listed(answer, SUGGESTIONS)]
        blocks += [Line(f"{NONE_OF_THESE} {contact_line(clinic)}"), *line_988]
    else:
        blocks.append(Headline(UNANSWERED, Tone.WARNING))
        blocks += [Line(contact_line(clinic)), *line_988]
    return Screen(answer.outcome, tuple(blocks))


def corrections_note(corrections: tuple[tuple[str, str], ...]) -> str:
    """How misspelled words were read, e.g. 'Searched for “insurance” (you typed “insurence”).'"""
    read = ", ".join(f"“{corrected}” (you typed “{typed}”)" for typed, corrected in corrections)
    return f"Searched for {read}."
