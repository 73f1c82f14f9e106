"""The real page in a real browser: what a visitor and a staff member see, with a screenshot of each state."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import STAFF_PASSWORD, Server, wait_until_idle

pytestmark = pytest.mark.e2e

ANSWER_TIMEOUT = 60_000  # milliseconds; the models are loaded by then (the page fixture waits for it)
CRISIS_HEADING = "You don't have to go through this alone. Help is available right now."


def ask(page: Page, question: str) -> None:
    """Types the question into the box and presses Enter, as a visitor does."""
    box = page.get_by_label("Your question")
    box.fill(question)
    box.press("Enter")


# Streamlit scrolls inside its own containers, not the document, so a "full page" screenshot would stop at
# the window's bottom edge: the window is made as tall as the tallest of them for the shot.
CONTENT_HEIGHT = """() => Math.max(...[
    document.documentElement,
    ...document.querySelectorAll('[data-testid="stMain"], [data-testid="stSidebarContent"]'),
].map((element) => element.scrollHeight))"""


def screenshot(page: Page, folder: Path, name: str) -> None:
    """Once the run has ended and shown no error: the whole page, for people to look at."""
    wait_until_idle(page)
    expect(page.get_by_test_id("stException")).to_have_count(0)
    page.evaluate("() => document.activeElement?.blur()")  # no focus ring on the question box
    viewport = page.viewport_size
    assert viewport
    page.set_viewport_size(
        {"width": viewport["width"], "height": max(viewport["height"], page.evaluate(CONTENT_HEIGHT))}
    )
    page.screenshot(path=folder / name, full_page=True)
    page.set_viewport_size(viewport)


def clinic_facts(server: Server) -> dict[str, str]:
    return tomllib.loads((server.corpus / "clinic.toml").read_text(encoding="utf-8"))


def sign_in(page: Page) -> None:
    """Opens the sidebar (it starts collapsed) and signs in as staff."""
    page.get_by_test_id("stExpandSidebarButton").click()
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_label("Staff password").fill(STAFF_PASSWORD)
    sidebar.get_by_role("button", name="Sign in").click()
    expect(sidebar).to_contain_text("Signed in: staff policies are searched too.", timeout=30_000)


def test_question_shows_an_answer_card_with_its_source(page: Page, screenshots: Path) -> None:
    ask(page, "Is IOP covered by insurance?")
    expect(page.get_by_text("Here is the best answer from the program's information.")).to_be_visible(
        timeout=ANSWER_TIMEOUT
    )
    main = page.get_by_test_id("stMain")
    expect(main.get_by_text("How much does IOP cost, and do you take my insurance?", exact=True)).to_be_visible()
    expect(main).to_contain_text("We accept most major commercial health plans, as well as Medicare and Medicaid.")
    expect(main.get_by_text("Source: faq/program-faq.txt, entry cost-insurance", exact=True)).to_be_visible()
    expect(main.get_by_text("Was this helpful?", exact=True).first).to_be_visible()
    expect(main.get_by_text("Related answers:", exact=True)).to_be_visible()
    screenshot(page, screenshots, "answer.png")


def test_unanswerable_question_says_so_and_gives_the_intake_contact(
    page: Page, server: Server, screenshots: Path
) -> None:
    clinic = clinic_facts(server)
    ask(page, "what is the recipe for banana bread")
    expect(page.get_by_text("We don't have an answer for that in the program's information.")).to_be_visible(
        timeout=ANSWER_TIMEOUT
    )
    main = page.get_by_test_id("stMain")
    expect(main).to_contain_text(
        f"Please call {clinic['name']}'s intake team at {clinic['intake_phone']} ({clinic['hours']})."
    )
    expect(main).to_contain_text("call or text 988 any time")
    expect(main).not_to_contain_text("Source:")
    screenshot(page, screenshots, "no-answer.png")


def test_crisis_question_shows_the_crisis_panel_before_any_answer(
    page: Page, server: Server, screenshots: Path
) -> None:
    ask(page, "I want to kill myself tonight")
    heading = page.get_by_role("heading", name=CRISIS_HEADING)
    expect(heading).to_be_visible(timeout=ANSWER_TIMEOUT)
    main = page.get_by_test_id("stMain")
    expect(main).to_contain_text("If you or someone else is in immediate danger, call 911 now.")
    expect(main).to_contain_text("Call or text 988, the Suicide & Crisis Lifeline")
    expect(main).to_contain_text("text AYUDA to 988")
    clinic = clinic_facts(server)
    expect(main).to_contain_text(f"{clinic['name']}'s after-hours line: {clinic['after_hours_line']}.")
    # The program's answers are still offered, below the panel, never above it or instead of it.
    expect(main).to_contain_text("Information from the program that may also help:")
    first_answer = main.get_by_test_id("stExpander").first
    expect(first_answer).to_be_visible()
    heading_box, answer_box = heading.bounding_box(), first_answer.bounding_box()
    assert heading_box and answer_box
    assert heading_box["y"] + heading_box["height"] <= answer_box["y"]
    expect(main.get_by_text("Here is the best answer from the program's information.")).to_have_count(0)
    screenshot(page, screenshots, "crisis.png")


def test_staff_sign_in_finds_staff_policies_marked_staff_only(page: Page, screenshots: Path) -> None:
    sign_in(page)
    ask(page, "client missed group without notice, when does the therapist call")
    staff_source = page.get_by_test_id("stMain").get_by_text(re.compile(r"^Staff only · Source: staff/"))
    expect(staff_source.first).to_be_visible(timeout=ANSWER_TIMEOUT)
    screenshot(page, screenshots, "staff.png")


def test_staff_usage_figures_draw_the_questions_per_day_chart(page: Page, screenshots: Path) -> None:
    ask(page, "Is IOP covered by insurance?")  # so there is a day with a question to chart
    expect(page.get_by_text("Here is the best answer from the program's information.")).to_be_visible(
        timeout=ANSWER_TIMEOUT
    )
    sign_in(page)
    page.get_by_test_id("stSidebar").get_by_text("Usage figures", exact=True).click()  # an option of "Show"
    main = page.get_by_test_id("stMain")
    expect(main.get_by_role("heading", name="Questions per day")).to_be_visible(timeout=ANSWER_TIMEOUT)
    chart = main.get_by_test_id("stVegaLiteChart")
    bar = chart.locator("g.mark-rect path").first  # Vega-Lite draws each day's bar as a path in the SVG
    expect(bar).to_be_visible()
    bar.hover()
    expect(page.locator("#vg-tooltip-element")).to_contain_text("questions")
    screenshot(page, screenshots, "usage.png")


# Last in the module: it changes the content and index that the module's one server serves.
BICYCLE_ENTRY = """
id: bicycle-parking
Q: Is there somewhere to park a bicycle?
Also: Can I lock my bike at the clinic?
A: Yes. There is a covered bicycle rack by the side door, with room for twelve bicycles.
"""


def test_staff_rebuild_publishes_edited_content_without_a_restart(
    page: Page, server: Server, screenshots: Path
) -> None:
    faq = server.corpus / "faq" / "program-faq.txt"
    faq.write_text(faq.read_text(encoding="utf-8") + BICYCLE_ENTRY, encoding="utf-8")
    sign_in(page)
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_text("Rebuild index", exact=True).click()  # an option of the radio labelled "Show"
    page.get_by_role("button", name="Rebuild index").click()
    summary = page.get_by_test_id("stMain").get_by_text(re.compile(r"^Published: "))
    expect(summary).to_have_text("Published: 1 added (bicycle-parking); 0 changed; 0 removed.", timeout=180_000)
    screenshot(page, screenshots, "rebuild.png")
    sidebar.get_by_text("Search", exact=True).click()
    ask(page, "can I lock my bike at the clinic?")
    main = page.get_by_test_id("stMain")
    expect(main).to_contain_text("There is a covered bicycle rack by the side door", timeout=ANSWER_TIMEOUT)
    expect(main.get_by_text("Source: faq/program-faq.txt, entry bicycle-parking", exact=True)).to_be_visible()
