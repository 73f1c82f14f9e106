"""The search page: a question box; crisis help first when a question needs it; an answer, "did you
mean" suggestions, or the intake contact; "Was this helpful?"; and, at the staff address (`/?staff`),
staff sign-in, usage figures, and rebuilding the index after a content edit.

The page speaks English or Spanish (its words are in search/present/texts.py). A visitor who picks a
language with the selector (kept in the address, `?lang=es`) gets the page in it and questions searched
in it; otherwise each question's language is detected, its answer speaks that language, and the page
around it follows the last answer's. Spanish text is shown inside elements marked `lang="es"` for
screen readers (search/present/marked.py); the staff-only views stay English.

Run with `make run`, which serves it through serve.py (adding security headers). Reads its settings
from IOP_SEARCH_* (see search/config.py). All retrieval logic lives in the search package; this file
only renders what search/present/ decides each outcome shows. Nothing here logs or stores a question's
text; the usage log decides what it keeps.

What a visitor needs comes first: crisis help never waits for a model. The question box needs
none, and a crisis the patterns find (search/safety/detector.py) is shown before the models are
asked for; serve.py loads them when the server starts, so the first visitor's answer does not wait
for them either. The crisis panel or the answer is on the page before the usage log is touched,
and no failure of the log reaches a visitor (staff see a notice). Anything else that fails shows a
plain message with the 988 line, and is logged without the question's text.
"""

from __future__ import annotations

import hashlib
import html
import logging
import math
import os
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import streamlit as st

from search.config import MAX_QUESTION_CHARS, Settings, load_settings
from search.errors import BuildRunning, GateFailed, SearchError, StaffHashError, UsageLogError, failure_place
from search.index.live import LiveIndex
from search.index.loaded import LoadedIndex
from search.ingest.clinic import ClinicInfo
from search.models.embed import load_embedder, load_rescorer
from search.present.documents import Part, document_title, whole_document
from search.present.marked import inline_html, markdown_html, marked
from search.present.outcome import (
    ConcernHelp,
    CrisisHelp,
    Headline,
    Line,
    Note,
    Role,
    Screen,
    Shown,
    Tone,
    early_crisis_screen,
    screen_for,
)
from search.present.page_script import ANNOUNCE_ATTRIBUTE, PAGE_SCRIPT
from search.present.recording import record_answer
from search.present.sign_in_throttle import page_throttle
from search.present.staff_access import HASH_ENVIRONMENT_VARIABLE, SECRETS_KEY, check_hash, verify_password
from search.present.texts import LANGUAGE_LABEL, LANGUAGE_NAMES, Texts, texts_for
from search.publishing.build import BuildReport, build_index
from search.publishing.folders import versions
from search.publishing.gate import gate_for
from search.retrieval.answer import Answer, Result
from search.retrieval.searcher import Searcher, open_searcher
from search.safety.detector import pattern_check
from search.safety.messages import CrisisPanel, help_line, message_html
from search.text import count
from search.usage.figures import group_unanswered, unanswered_questions, usage_figures
from search.usage.log import UsageLog, open_log
from search.vocab import ENGLISH, LANGUAGES, SPANISH, Audience, Outcome, RiskLevel

STAFF_FLAG = "staff_signed_in"
# (digest of the question, event id or None): one event per question asked, whoever asks it, so
# signing in with a question on the page does not count it again.
RECORDED = "recorded_question"
LOGGER = logging.getLogger("iop_search.page")
# When signed-in staff last used the page (time.monotonic()), for the idle sign-out.
STAFF_LAST_USE = "staff_last_use"
# How often a signed-in page looks whether its idle limit has passed.
IDLE_CHECK_SECONDS = 30
# The language selector's key, which is also its query parameter: ?lang=es.
LANGUAGE_KEY = "lang"
# The language of the last answer, which the page speaks while the visitor has chosen none.
ANSWER_LANGUAGE = "answer_language"
QUESTION_KEY = "question"
# The question's query parameter: ?q=do+you+take+medicaid runs that question.
QUERY_KEY = "q"
# Staff sign in on the page's staff address, `/?staff` (README: "Staff sign-in"). The public page has
# no sign-in at all, so a visitor's keyboard never lands in a password box.
STAFF_KEY = "staff"


@st.cache_resource(show_spinner=False)
def get_live_index(index_dir: str) -> LiveIndex:
    """The published index, switched to each new version between queries, for every visitor."""
    return LiveIndex(Path(index_dir))


# The thread serve.py starts with the server to load the models (its WARM_UP_THREAD).
WARM_UP_THREAD = "iop-search-warm-up"


def wait_for_warm_up() -> None:
    """Lets serve.py's start-up load of the models finish rather than load them a second time beside
    it: the loaded models are kept per process (search/models/embed.py), so the page then reuses them."""
    for thread in threading.enumerate():
        if thread.name == WARM_UP_THREAD:
            thread.join()


@st.cache_resource(show_spinner=False)
def get_searcher(index_dir: str) -> Searcher:
    """The searcher every visitor asks: the models and the crisis check, loaded once per process, over
    the live index (settings come from the environment, which a process keeps)."""
    wait_for_warm_up()
    return open_searcher(get_live_index(index_dir), load_settings())


def load_searcher(settings: Settings, words: Texts) -> Searcher:
    """The searcher; if it cannot load (a missing model package names the `make` command that
    installs it), says so and ends the run, leaving whatever help is already on the page."""
    try:
        # Shown only when loading takes a while: Streamlit's spinner waits half a second.
        with st.spinner(words.loading):
            return get_searcher(str(settings.index))
    except SearchError as error:
        st.error(words.unavailable.format(error=error))
        st.stop()


@st.cache_resource(show_spinner="Loading the models for building (the first rebuild takes a few seconds more)…")
def get_build_models():  # noqa: ANN201 - (search model, re-scoring model) as builds run them
    return load_embedder(for_building=True), load_rescorer(for_building=True)


@st.cache_resource(show_spinner=False)
def get_usage_log(settings: Settings) -> UsageLog:
    """The usage log the settings name (a SQLite file, or a PostgreSQL database shared by several
    server processes), opened once per process; opening purges rows past the retention limit.

    Raises UsageLogError, which is not cached: the next question tries again.
    """
    return open_log(settings)


@dataclass
class UsageLogFailures:
    """How often the usage log failed since the page started, and the last reason, for staff."""

    count: int = 0
    last: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, error: UsageLogError) -> None:
        with self.lock:
            self.count += 1
            self.last = str(error)
        # The error names the file and SQLite's reason, never a question.
        LOGGER.warning("Usage log failure: %s", error)


@st.cache_resource(show_spinner=False)
def get_usage_log_failures() -> UsageLogFailures:
    return UsageLogFailures()


def open_usage_log(settings: Settings) -> UsageLog | None:
    """The usage log, or None (counted, for staff) if it cannot be opened now."""
    try:
        return get_usage_log(settings)
    except UsageLogError as error:
        get_usage_log_failures().add(error)
        return None


# Content images would be fetched by each visitor's browser from wherever they point; the page
# makes no requests beyond this machine, so an image shows as its description instead.
_IMAGE = re.compile(r"!\[([^\]]*)\](?:\([^)]*\)|\[[^\]]*\])")


def markdown_text(text: str) -> str:
    """Content as Markdown, with '$' kept literal (Streamlit would read '$...$' as math) and
    images replaced by their description."""
    return _IMAGE.sub(lambda match: match.group(1), text).replace("$", r"\$")


def configured_staff_hash() -> str | None:
    """The staff password hash from the environment or Streamlit's secrets, if one is set."""
    if os.environ.get(HASH_ENVIRONMENT_VARIABLE, "").strip():
        return os.environ[HASH_ENVIRONMENT_VARIABLE]
    try:
        value = st.secrets.get(SECRETS_KEY)
    except FileNotFoundError:  # no secrets.toml: Streamlit's error for it is a FileNotFoundError
        return None
    return str(value) if value else None


def idle_too_long(settings: Settings) -> bool:
    """Whether signed-in staff have not used the page for longer than the idle limit."""
    return time.monotonic() - st.session_state.get(STAFF_LAST_USE, 0.0) > settings.staff_idle_minutes * 60


def still_signed_in(settings: Settings, words: Texts) -> bool:
    """Whether this visitor is signed in as staff and has used the page within the idle limit; one
    idle too long is signed out, and told so. Each run while signed in counts as use."""
    if not st.session_state.get(STAFF_FLAG):
        return False
    if idle_too_long(settings):
        st.session_state[STAFF_FLAG] = False
        st.sidebar.info(words.signed_out_idle.format(minutes=settings.staff_idle_minutes))
        return False
    st.session_state[STAFF_LAST_USE] = time.monotonic()
    return True


@st.fragment(run_every=IDLE_CHECK_SECONDS)
def sign_out_when_idle(settings: Settings) -> None:
    """Reruns the page once the idle limit has passed, so a shared front-desk screen stops showing
    staff policies without anyone touching it (a fragment's own runs do not count as use)."""
    if idle_too_long(settings):
        st.rerun(scope="app")


def sign_in_form(stored: str, words: Texts) -> None:
    """The password box. A wrong password counts against the visitor's address in the server-wide
    throttle; while it makes them wait, a password is not even checked."""
    throttle = page_throttle()
    address = st.context.ip_address
    with st.form("staff_sign_in", clear_on_submit=True):
        password = st.text_input(words.password, type="password", key="staff_password")
        st.caption(words.sign_in_slows)
        if st.form_submit_button(words.sign_in) and password:
            wait = throttle.wait_seconds(address)
            if wait > 0:
                seconds = math.ceil(wait)
                wait_words = words.one_second if seconds == 1 else words.seconds.format(count=seconds)
                st.error(words.try_again_in.format(wait=wait_words))
            elif verify_password(password, stored):
                throttle.succeeded(address)
                st.session_state[STAFF_FLAG] = True
                st.session_state[STAFF_LAST_USE] = time.monotonic()
                st.rerun()
            else:
                throttle.failed(address)
                st.error(words.wrong_password)


def staff_sidebar(settings: Settings, words: Texts) -> bool:
    """The sign-in box; whether this visitor is signed in as staff. Fails closed."""
    stored = configured_staff_hash()
    with st.sidebar:
        st.subheader(words.staff)
        if stored is None:
            st.caption(words.sign_in_off)
            return False
        try:
            check_hash(stored)
        except StaffHashError as error:
            st.error(words.sign_in_off_because.format(error=error))
            return False
        if still_signed_in(settings, words):
            st.success(words.signed_in)
            if st.button(words.sign_out, key="sign_out"):
                st.session_state[STAFF_FLAG] = False
                st.rerun()
            sign_out_when_idle(settings)
            return True
        sign_in_form(stored, words)
    return False


def source_caption(shown: Shown) -> str:
    """Where a result comes from; on a staff screen, first whether it is policy or client text."""
    return f"{shown.label} · {shown.source}" if shown.label else shown.source


# Where "Was this helpful?" goes under each result shown: filled in only once the question is
# recorded, which happens after everything the visitor needs is on the page.
FeedbackSlots = list[tuple["st.delta_generator.DeltaGenerator", Shown]]
# A section's whole document, as the visitor may read it (search/present/documents.py).
DocumentReader = Callable[[Result], tuple[Part, ...]]


# Help's links in the text's own colour, underlined, so they read on a light or a dark theme (a
# browser's own link blue is dim on dark), and a phone number never split across two lines.
HELP_STYLE = (
    "<style>.help a { color: inherit; } .help strong a { white-space: nowrap; } "
    ".help h2 { font-size: 1.5rem; line-height: 1.3; margin: 0; padding: 0 0 0.5rem; }</style>"
)
# The page is laid out for a 390 px phone first. The title shrinks with the screen, so that on a
# phone the question box shows without scrolling; text in a field is 16 px, as iOS zooms into a field
# with smaller text when it is tapped; every button is a tap target of at least 44 by 44 px. Captions
# ("Source: ...") are the text's own colour faded to 0.8, which keeps a 4.5:1 contrast in the light
# theme and the dark (Streamlit's own grey is 3.9:1 on white).
PAGE_STYLE = (
    "<style>h1 { font-size: clamp(1.6rem, 4vw + 0.9rem, 2.75rem) !important; line-height: 1.2 !important; "
    "padding-top: 0.25rem !important; } input, textarea { font-size: 16px !important; } "
    "button { min-height: 44px !important; min-width: 44px !important; } "
    '[data-testid="stCaptionContainer"] { opacity: 0.8; } '
    '[data-testid="stCaptionContainer"] * { color: inherit !important; } '
    # The page's script and the text its live region says (search/present/page_script.py) take no room.
    '[data-testid="stElementContainer"]:has(> [data-testid="stHtml"] > script:only-child), '
    '[data-testid="stElementContainer"]:has([data-announce]) { display: none; }</style>'
)
# A section's whole document: its "Read the whole document" line a tap target of 44 px; the section
# that answered marked in the warning colour, see-through so that it suits a light or a dark theme.
DOCUMENT_STYLE = (
    "<style>.whole summary { cursor: pointer; min-height: 44px; padding: 0.6rem 0; } "
    ".whole h3 { font-size: 1rem; font-weight: 700; margin: 0.75rem 0 0.25rem; padding: 0; } "
    ".whole .matched { background-color: rgba(255, 189, 69, 0.2); border-left: 0.25rem solid rgb(255, 189, 69); "
    "border-radius: 0.25rem; padding: 0.25rem 0.75rem; }</style>"
)
# Streamlit's own colours for an info box, see-through so that they suit a light or a dark theme.
NOTICE_STYLE = "background-color: rgba(28, 131, 225, 0.1); border-radius: 0.5rem; padding: 1rem 1rem 0.2rem"

# Streamlit's page says <html lang="en">, and no element can say otherwise; text in another language is
# shown as HTML marked with it (search/present/marked.py), looking as Streamlit's own element would.
PAGE_LANGUAGE = ENGLISH
TITLE_STYLE = "font-size: 2.75rem; font-weight: 700; line-height: 1.2; margin: 0; padding: 1.25rem 0 1rem"
# The answer's title: a heading next below the page's title, the size of the text it heads, bold.
ANSWER_TITLE_STYLE = "font-size: 1rem; font-weight: 700; line-height: 1.6; margin: 0; padding: 0"
# Faded as Streamlit fades its captions, but less: at 0.75 the text keeps a 4.5:1 contrast on white.
CAPTION_STYLE = "font-size: 0.875rem; opacity: 0.75; margin: 0"
# Streamlit's colours for each kind of alert box, see-through as NOTICE_STYLE is.
BOX_STYLE = "border-radius: 0.5rem; padding: 1rem; margin: 0"
TONE_STYLE = {
    Tone.SUCCESS: f"background-color: rgba(33, 195, 84, 0.1); {BOX_STYLE}",
    Tone.INFO: f"background-color: rgba(28, 131, 225, 0.1); {BOX_STYLE}",
    Tone.WARNING: f"background-color: rgba(255, 189, 69, 0.2); {BOX_STYLE}",
}
HEADLINE = {Tone.SUCCESS: st.success, Tone.INFO: st.info, Tone.WARNING: st.warning}


def show_title(text: str, language: str) -> None:
    if language == PAGE_LANGUAGE:
        st.title(text, anchor=False)  # no "link to heading" anchor: one Tab stop less before the question box
    else:
        st.html(marked(html.escape(text), language, "h1", TITLE_STYLE))


def show_caption(text: str, language: str) -> None:
    if language == PAGE_LANGUAGE:
        st.caption(text)
    else:
        st.html(marked(inline_html(text), language, "p", CAPTION_STYLE))


def show_box(text: str, tone: Tone, language: str) -> None:
    """A headline or guidance (Markdown) in an alert box of its tone."""
    if language == PAGE_LANGUAGE:
        HEADLINE[tone](text)
    else:
        st.html(marked(inline_html(text), language, "p", TONE_STYLE[tone]))


def show_markdown(text: str, language: str) -> None:
    """Content: a result's text, in the language it is written in."""
    if language == PAGE_LANGUAGE:
        st.markdown(markdown_text(text))
    else:
        st.html(marked(markdown_html(text), language))


def show_crisis_panel(panel: CrisisPanel, clinic: ClinicInfo | None, language: str) -> None:
    """The crisis panel as HTML: announced at once by screen readers (role="alert"), every number a
    link a phone can call or text, and a plain heading (a Markdown one gets a "link to heading"
    anchor, which a person in crisis does not need)."""
    steps = "".join(f"<li>{message_html(step, clinic)}</li>" for step in panel.steps)
    with st.container(border=True):
        st.html(
            f'{HELP_STYLE}<div class="help" role="alert" lang="{language}"><h2>{html.escape(panel.heading)}</h2>'
            f"<ul>{steps}</ul><p>{message_html(panel.closing, clinic)}</p></div>"
        )


def show_concern_help(lines: tuple[str, ...], clinic: ClinicInfo | None, language: str) -> None:
    """The crisis lines above the answer, as a notice that screen readers read out (role="status",
    politely: the answer the visitor asked for follows)."""
    paragraphs = "".join(f"<p>{message_html(line, clinic)}</p>" for line in lines)
    st.html(f'{HELP_STYLE}<div class="help" role="status" lang="{language}" style="{NOTICE_STYLE}">{paragraphs}</div>')


def show_line(text: str, clinic: ClinicInfo | None, language: str) -> None:
    """A line of the program's own words (the 988 line, the contact), its numbers links."""
    st.html(f'{HELP_STYLE}<p class="help" lang="{language}">{message_html(text, clinic)}</p>')


def show_whole_document(result: Result, parts: tuple[Part, ...], language: str) -> None:
    """Under a section: its whole document, folded (a plain <details>, which works inside a folded
    result, where Streamlit allows no expander), with the section that answered marked and said to be
    the one. The document speaks its own language; what the page says about it, the screen's."""
    words = texts_for(language)
    sections = []
    for part in parts:
        section = f"<h3>{html.escape(part.heading)}</h3>{markdown_html(part.text)}"
        if part.matched:
            said = marked(html.escape(words.matched_part), language, "p")
            section = f'<div class="matched">{said}{section}</div>'
        sections.append(section)
    summary = marked(html.escape(words.read_whole.format(document=document_title(result))), language, "summary")
    st.html(f'{DOCUMENT_STYLE}<details class="whole">{summary}{marked("".join(sections), result.language)}</details>')


def show_result(shown: Shown, slots: FeedbackSlots, documents: DocumentReader) -> None:
    """The answer itself open in a card; related answers and suggestions folded under their titles.
    The result is shown in the language it is written in; what the page says about it, in the screen's."""
    result = shown.result
    # Folded results say on their title what they are, for staff: policy or client text.
    title = f"{shown.label}: {result.title}" if shown.label else result.title
    place = st.container(border=True) if shown.role == Role.ANSWER else st.expander(title)
    with place:
        if shown.note:  # written in another language than the screen's: said before it is read
            show_box(shown.note, Tone.INFO, shown.language)
        if shown.role == Role.ANSWER:
            # A heading, so a screen reader can jump to the answer; a plain one (Markdown's gets a
            # "link to heading" anchor).
            st.html(marked(html.escape(result.title), result.language, "h2", ANSWER_TITLE_STYLE))
        show_markdown(result.text, result.language)
        show_caption(source_caption(shown), shown.language)
        if parts := documents(result):
            show_whole_document(result, parts, shown.language)
        if shown.ask_feedback:
            slots.append((st.empty(), shown))


def show_screen(
    screen: Screen, clinic: ClinicInfo | None, documents: DocumentReader, panel_shown: bool = False
) -> FeedbackSlots:
    """What the visitor came for, as search/present/ decides it; returns the places left for
    "Was this helpful?". `documents` gives a section's whole document; `panel_shown`: the crisis
    panel is already above, so it is not repeated. Last, hidden, what the page's live region says."""
    slots: FeedbackSlots = []
    language = screen.language
    for block in screen.blocks:
        if isinstance(block, Note):
            show_caption(block.text, language)
        elif isinstance(block, CrisisHelp):
            if not panel_shown:
                show_crisis_panel(block.panel, clinic, language)
        elif isinstance(block, ConcernHelp):
            show_concern_help(block.lines, clinic, language)
        elif isinstance(block, Headline):
            show_box(block.text, block.tone, language)
        elif isinstance(block, Line):
            show_line(block.text, clinic, language)
        elif isinstance(block, Shown):
            show_result(block, slots, documents)
    announce(screen.announcement, language)
    return slots


def announce(text: str, language: str) -> None:
    """What the page's live region says (search/present/page_script.py): held in an attribute of a
    hidden element, so that the text is on the page once, where the visitor reads it."""
    st.html(f'<p {ANNOUNCE_ATTRIBUTE}="{html.escape(text)}" hidden lang="{language}"></p>')


def record_once(settings: Settings, answer: Answer, screen: Screen) -> int | None:
    """Store this question's event once, however often the page reruns while it is shown (each
    "Was this helpful?" click reruns it); only a digest is kept in the visitor's session.

    Returns the event id, or None when the log failed: the failure is counted for staff, and the
    question is not tried again.
    """
    digest = hashlib.sha256(answer.query.encode("utf-8", "surrogatepass")).hexdigest()
    recorded = st.session_state.get(RECORDED)
    if recorded is not None and recorded[0] == digest:
        return recorded[1]
    event_id = None
    log = open_usage_log(settings)
    if log is not None:
        try:
            event_id = record_answer(log, answer, screen, settings)
        except UsageLogError as error:
            get_usage_log_failures().add(error)
    st.session_state[RECORDED] = (digest, event_id)
    return event_id


def ask_if_helpful(slots: FeedbackSlots, settings: Settings, event_id: int | None) -> None:
    """Yes / No under each answer shown; the choice is stored with the event, never with the question."""
    if event_id is None:
        return  # not recorded, so there is nothing to keep a click with
    for slot, shown in slots:
        flag = f"helpful-{event_id}-{shown.result.id}"
        words = texts_for(shown.language)
        with slot.container():
            if flag not in st.session_state:
                show_caption(words.was_it_helpful, shown.language)
                yes, no, _ = st.columns([1, 1, 6])
                for column, label, helpful in ((yes, words.yes, True), (no, words.no, False)):
                    if column.button(label, key=f"{flag}-{'yes' if helpful else 'no'}"):
                        st.session_state[flag] = keep_feedback(settings, event_id, shown.result.id, helpful)
            if flag in st.session_state:
                show_caption(words.thanks if st.session_state[flag] else words.thanks_not_saved, shown.language)


def keep_feedback(settings: Settings, event_id: int, result_id: str, helpful: bool) -> bool:
    """Store one click; whether it was stored."""
    log = open_usage_log(settings)
    if log is None:
        return False
    try:
        log.record_feedback(event_id, result_id, helpful)
    except UsageLogError as error:
        get_usage_log_failures().add(error)
        return False
    return True


def show_usage_figures(log: UsageLog | None, store_queries: bool, searcher: Searcher) -> None:
    """For content editors: how questions fare, which answers people found unhelpful, and
    (only when question storage is on) what people asked that nothing answered."""
    st.title("Usage figures")
    try:
        if log is None:
            raise UsageLogError("the usage log could not be opened")
        events, clicks = log.events(), log.feedback()
    except UsageLogError as error:
        st.warning(f"There are no figures to show: {error}.")
        return
    figures = usage_figures(events, clicks)
    if not figures.total:
        st.info("No questions have been asked yet within the retention period.")
        return
    st.markdown(f"**{figures.total}** questions in the retention period.")
    labels = {
        Outcome.ANSWER: "Answered",
        Outcome.LIKELY: "Probably answered",
        Outcome.UNCERTAIN: "Uncertain",
        Outcome.NO_ANSWER: "Unanswered",
        Outcome.CRISIS: "Crisis help shown",
    }
    columns = st.columns(len(labels))
    for column, (outcome, label) in zip(columns, labels.items(), strict=True):
        column.metric(label, f"{figures.shares[outcome]:.0%}")
    st.subheader("Questions per day")
    st.bar_chart({"questions": dict(figures.questions_per_day)})
    st.subheader("Answers most often marked not helpful")
    if figures.most_unhelpful:
        st.table([{"entry": entry, "not helpful": no, "helpful": yes} for entry, no, yes in figures.most_unhelpful])
    else:
        st.caption("No answer has been marked not helpful.")
    st.subheader("Unanswered questions, grouped")
    if not store_queries:
        st.caption("Question text is not stored (IOP_SEARCH_STORE_QUERIES is off), so there is nothing to group.")
        return
    questions = unanswered_questions(events)
    if not questions:
        st.caption("No stored unanswered questions.")
        return
    for number, group in enumerate(group_unanswered(questions, searcher.encoder.encode(questions)), start=1):
        # What visitors typed is shown as plain text, never as Markdown: a link or image in a
        # question must not become a live one on a staff member's screen. A label would render
        # Markdown, so it carries only counts.
        with st.expander(f"{len(group)} × similar questions (group {number})"):
            st.text("\n".join(group))


def show_build_report(report: BuildReport) -> None:
    if not report.published:
        st.info("Nothing has changed since the published index was built, so nothing was published.")
        return
    st.success(f"Published: {report.changes.as_text()}")
    st.markdown(
        f"{count(report.chunks, 'entry or section', 'entries and sections')} from "
        f"{count(report.documents, 'document')}, in {report.seconds:.1f} seconds; "
        f"{count(report.embedded, 'new text')} embedded, {report.reused} reused from earlier builds. "
        "Searches use the new index from the next question on."
    )
    for warning in report.warnings:
        st.warning(warning)
    if report.gate is not None:
        with st.expander("Answers checked before publishing"):
            st.text(report.gate.as_text())


def show_rebuild(settings: Settings, index: LoadedIndex) -> None:
    """For content editors: rebuild after an edit, with progress, and see what changed."""
    st.title("Rebuild the index")
    manifest = index.manifest
    st.markdown(
        f"The published index was built at {manifest.built_at} from `{settings.corpus}` "
        f"({count(manifest.chunks, 'entry or section', 'entries and sections')}); "
        f"{count(len(versions(settings.index)), 'earlier version')} still kept."
    )
    st.caption(
        "A rebuild reads the content again, embeds only what changed, and checks the program's questions "
        "before publishing. If answers would get worse, nothing is published and you are told which questions broke."
    )
    if not st.button("Rebuild index", type="primary"):
        return
    embedder, rescorer = get_build_models()
    bar = st.progress(0.0, text="Starting…")
    try:
        report = build_index(
            settings.corpus,
            settings.index,
            embedder,
            rescorer if settings.rescore else None,
            gate=gate_for(settings),
            wait=False,
            on_stage=lambda what, done: bar.progress(min(done, 1.0), text=what),
        )
    except BuildRunning as error:
        st.warning(str(error))
    except GateFailed as error:
        st.error(
            "Not published: some of the program's questions would be answered worse. The published index is unchanged."
        )
        st.text(error.result.as_text())
        st.caption("Fix the content, or publish anyway from the command line: python build_index.py --force")
    except SearchError as error:  # a content error names the file and line
        st.error(f"Not published: {error}")
    else:
        show_build_report(report)
    bar.empty()


def show_usage_log_notice(place: st.delta_generator.DeltaGenerator) -> None:
    """For staff: that the usage log has been failing, so the figures miss some questions."""
    failures = get_usage_log_failures()
    if failures.count:
        place.warning(
            f"The usage log failed {failures.count} time{'s' if failures.count > 1 else ''} since the page started, "
            f"most recently: {failures.last}. Answers and crisis help are not affected; "
            "the questions asked then are missing from the usage figures."
        )


def show_search(settings: Settings, index: LoadedIndex, staff: bool, chosen: str | None, language: str) -> None:
    """The question box and what the question calls for; the usage log is written last. `chosen` is
    the language the visitor picked (None: none), `language` the one the page speaks."""
    clinic = index.manifest.clinic
    words = texts_for(language)
    program = clinic.in_language(language).name if clinic else None
    show_title(words.title.format(program=program) if program else words.page_title, language)
    if QUESTION_KEY not in st.session_state:  # a new visit: the question a shared link carries, if any
        st.session_state[QUESTION_KEY] = st.query_params.get(QUERY_KEY, "")[:MAX_QUESTION_CHARS]
    # Keyed, so that the question stays in the box when the page changes language.
    question = st.text_input(
        words.question, placeholder=words.placeholder, max_chars=MAX_QUESTION_CHARS, key=QUESTION_KEY
    )
    language_selector()  # after the box, which comes first for the keyboard
    if not question.strip():
        st.query_params.pop(QUERY_KEY, None)
        show_box(words.guidance, Tone.INFO, language)
        return
    audience = Audience.STAFF if staff else Audience.PUBLIC
    # The patterns need no model: a crisis they find gets its panel now, before the models are asked
    # for (they may still be loading). The full check, below, almost always finds the same crisis.
    early = early_crisis_screen(pattern_check(question, audience=audience), chosen, clinic)
    early_panel, early_language = None, None
    if early is not None:
        early_panel, early_language = st.empty(), early.language
        with early_panel.container():
            [crisis_help] = early.blocks  # the crisis panel, and nothing else
            show_crisis_panel(crisis_help.panel, clinic, early.language)
    answer = load_searcher(settings, words).ask(question, audience, language=chosen)
    if chosen is None and answer.language != language:
        # No language chosen: the page follows the answer's, its title and question box too. The rerun
        # finds the answer among the searcher's recent ones, and the crisis panel comes first again.
        st.session_state[ANSWER_LANGUAGE] = answer.language
        st.rerun()
    panel_kept = early_panel is not None and answer.outcome == Outcome.CRISIS and answer.language == early_language
    if early_panel is not None and not panel_kept:
        # The learned check overruled the patterns (an idiom, a story from years ago): the page shows
        # what the whole check decided, as the command line and the usage log do; for a concern,
        # its 988 and after-hours lines take the panel's place at the top.
        early_panel.empty()
    keep_question_in_address(question, answer, staff)
    screen = screen_for(answer, clinic)
    slots = show_screen(screen, clinic, lambda result: whole_document(index, result, audience), panel_kept)
    ask_if_helpful(slots, settings, record_once(settings, answer, screen))


def keep_question_in_address(question: str, answer: Answer, staff: bool) -> None:
    """The question in the page's address (?q=...), so the answer can be bookmarked or shared, but
    only a public visitor's question with no sign of crisis or concern: the address lands in the
    browser's history, where someone sharing the computer could read it, and a staff question may
    name a client. Any other question takes the previous one out (README: "Sharing a question")."""
    if staff or answer.risk.level != RiskLevel.NONE:
        st.query_params.pop(QUERY_KEY, None)
    else:
        st.query_params[QUERY_KEY] = question


def keep_language_in_address() -> None:
    """The visitor's choice of language in the page's address (?lang=es), so that a reload or a shared
    link keeps it; choosing none again takes it out."""
    chosen = st.session_state[LANGUAGE_KEY]
    if chosen:
        st.query_params[LANGUAGE_KEY] = chosen
    else:
        st.query_params.pop(LANGUAGE_KEY, None)


def chosen_language() -> tuple[str | None, str]:
    """The language the visitor chose (None when they chose none, and may choose none again), and the
    one the page speaks: the chosen one, else the last answer's. A new visit takes the choice its
    address carries, if any."""
    if LANGUAGE_KEY not in st.session_state:
        asked = st.query_params.get(LANGUAGE_KEY)
        st.session_state[LANGUAGE_KEY] = asked if asked in LANGUAGES else None
    chosen = st.session_state[LANGUAGE_KEY]
    return chosen, chosen or st.session_state.get(ANSWER_LANGUAGE, ENGLISH)


def language_selector() -> None:
    """English / Español, its choice kept in the session (read by chosen_language) and the address."""
    # (Streamlit's bind="query-params" would put the option's shown name in the address: ?lang=Español.)
    st.segmented_control(
        LANGUAGE_LABEL,
        LANGUAGES,
        format_func=LANGUAGE_NAMES.get,
        key=LANGUAGE_KEY,
        on_change=keep_language_in_address,
        label_visibility="collapsed",
    )


def main() -> None:
    chosen, language = chosen_language()
    words = texts_for(language)
    staff_page = STAFF_KEY in st.query_params
    # On the staff page, the sidebar with the sign-in is open, except on a phone, where it would cover the page.
    sidebar = "auto" if staff_page else "collapsed"
    st.set_page_config(page_title=words.page_title, layout="centered", initial_sidebar_state=sidebar)
    st.html(PAGE_STYLE)
    try:
        settings = load_settings()
        # No model is needed to show the page: the models load on the first question that needs
        # them, if serve.py has not already loaded them.
        index = get_live_index(str(settings.index)).current()
    except (SearchError, ValueError) as error:  # ValueError: a bad IOP_SEARCH_* setting
        show_title(words.page_title, language)
        st.error(words.unavailable.format(error=error))
        st.stop()
    staff = staff_page and staff_sidebar(settings, words)
    notice = st.sidebar.empty() if staff else None  # the public page has no sidebar at all
    view = (
        st.sidebar.radio("Show", ["Search", "Usage figures", "Rebuild index"], key="staff_view") if staff else "Search"
    )
    if view == "Usage figures":
        show_usage_figures(open_usage_log(settings), settings.store_queries, load_searcher(settings, words))
    elif view == "Rebuild index":
        show_rebuild(settings, index)
    else:
        show_search(settings, index, staff, chosen, language)
    if notice is not None:  # last, so it counts a failure of this very question
        show_usage_log_notice(notice)
    # Last, so that it takes no place above anything (its element is hidden by PAGE_STYLE).
    st.html(f"<script>{PAGE_SCRIPT}</script>", unsafe_allow_javascript=True)


def log_failure(error: Exception) -> None:
    """Log where the page failed, without the error's message or values: either may hold the
    question's text, which is never written to the server's log."""
    LOGGER.error("Page failed with %s at %s", type(error).__name__, failure_place(error))


def show_failure() -> None:
    """What a visitor sees when something unexpected broke: no details, and where to get help, in the
    page's language, with the 988 line in English and in Spanish whatever it is."""
    language = st.session_state.get(LANGUAGE_KEY) or st.session_state.get(ANSWER_LANGUAGE, ENGLISH)
    st.error(texts_for(language if language in LANGUAGES else ENGLISH).failure)
    show_line(help_line(ENGLISH), None, ENGLISH)
    show_line(help_line(SPANISH), None, SPANISH)


try:
    main()
except Exception as error:  # noqa: BLE001 - the page's edge: no visitor sees a traceback
    log_failure(error)
    show_failure()
