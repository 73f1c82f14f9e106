"""The page on a 390 px phone, a 768 px tablet and a 1280 px desktop, light and dark: axe finds no
serious or critical problem in any state; the layout keeps the question box in view, its text at 16 px
and buttons tappable; and a keyboard or screen-reader user starts in the question box, never meets the
staff sign-in, and hears each outcome."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from search.present.page_script import LIVE_REGION_ID
from tests.e2e.conftest import Server, wait_until_idle
from tests.e2e.test_browser import ANSWER_TIMEOUT, CRISIS_HEADING, SPANISH_HEADING, ask, sign_in

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}  # an iPhone 12 to 15's screen, in CSS pixels
TABLET = {"width": 768, "height": 1024}  # an iPad's, upright
DESKTOP = {"width": 1280, "height": 1000}
# Each width in the light theme, and the narrowest and widest in the dark one (Streamlit follows the
# browser's preference).
LOOKS = [(PHONE, "light"), (TABLET, "light"), (DESKTOP, "light"), (PHONE, "dark"), (DESKTOP, "dark")]
LOOK_IDS = ["phone", "tablet", "desktop", "phone-dark", "desktop-dark"]
AXE = Axe()


def serious_problems(page: Page) -> list[str]:
    """axe-core's serious and critical violations on the page as it is now, one line each."""
    wait_until_idle(page)
    violations = AXE.run(page).response["violations"]
    return [
        f"{violation['impact']} {violation['id']}: {[node['target'] for node in violation['nodes']][:3]}"
        for violation in violations
        if violation["impact"] in ("serious", "critical")
    ]


def look(page: Page, size: dict[str, int], scheme: str) -> None:
    """The page at this size, in this theme (a new visit: Streamlit reads the theme as the page loads)."""
    page.set_viewport_size(size)
    if scheme != "light":
        page.emulate_media(color_scheme=scheme)
        page.reload()
        expect(page.get_by_label("Your question")).to_be_visible(timeout=ANSWER_TIMEOUT)


@pytest.mark.parametrize(("size", "scheme"), LOOKS, ids=LOOK_IDS)
def test_no_serious_accessibility_problem_in_any_state(page: Page, size: dict[str, int], scheme: str) -> None:
    look(page, size, scheme)
    found = {"empty": serious_problems(page)}
    states = {
        "answer": ("Is IOP covered by insurance?", "Here is the best answer from the program's information."),
        "likely": ("hours", "This is probably the answer you are looking for."),
        "uncertain": ("what about weekends", "We're not sure which of these you mean."),
        "no answer": ("what is the recipe for banana bread", "We don't have an answer for that"),
        "crisis": ("I want to kill myself tonight", CRISIS_HEADING),
    }
    for state, (question, shown) in states.items():
        ask(page, question)
        expect(page.get_by_text(shown).first).to_be_visible(timeout=ANSWER_TIMEOUT)
        found[state] = serious_problems(page)
    ask(page, "")
    sign_in(page)
    found["staff"] = serious_problems(page)
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_text("Usage figures", exact=True).click()
    expect(page.get_by_role("heading", name="Questions per day")).to_be_visible(timeout=ANSWER_TIMEOUT)
    found["usage figures"] = serious_problems(page)
    sidebar.get_by_text("Rebuild index", exact=True).click()
    expect(page.get_by_role("button", name="Rebuild index")).to_be_visible(timeout=ANSWER_TIMEOUT)
    found["rebuild"] = serious_problems(page)
    # A new visit, in Spanish: the page then speaks Spanish.
    page.goto(page.url.split("?")[0])
    ask(page, "ya no quiero vivir, quiero matarme")
    expect(page.get_by_role("heading", name=SPANISH_HEADING)).to_be_visible(timeout=ANSWER_TIMEOUT)
    found["spanish crisis"] = serious_problems(page)
    assert not {state: problems for state, problems in found.items() if problems}


@pytest.mark.parametrize("size", [PHONE, TABLET], ids=["phone", "tablet"])
def test_on_a_phone_or_tablet_the_question_box_is_in_view_readable_and_the_buttons_tappable(
    page: Page, size: dict[str, int]
) -> None:
    page.set_viewport_size(size)
    wait_until_idle(page)
    box = page.get_by_label("Your question")
    place = box.bounding_box()
    assert place and place["y"] + place["height"] <= size["height"] / 2, place  # in the top half, no scrolling
    # 16 px: iOS zooms into a field whose text is smaller when it is tapped.
    assert box.evaluate("(element) => parseFloat(getComputedStyle(element).fontSize)") >= 16
    ask(page, "Is IOP covered by insurance?")
    expect(page.get_by_text("Was this helpful?").first).to_be_visible(timeout=ANSWER_TIMEOUT)
    for name in ("Yes", "No"):
        button = page.get_by_role("button", name=name, exact=True).first
        size = button.bounding_box()
        assert size and size["width"] >= 44 and size["height"] >= 44, (name, size)


def focused(page: Page) -> str:
    """What has the keyboard's focus: its accessible label or text, and its kind."""
    return page.evaluate(
        """() => {
            const element = document.activeElement;
            const name = element.getAttribute("aria-label") || element.textContent.trim().slice(0, 40);
            return `${element.tagName.toLowerCase()}[${element.type || ""}] ${name}`;
        }"""
    )


def test_the_question_box_has_focus_on_load_and_is_the_first_tab_stop(page: Page) -> None:
    box = page.get_by_label("Your question")
    expect(box).to_be_focused()
    # From the top of the page: a click on its top left corner, on nothing, starts the Tab order there.
    page.mouse.click(2, 2)
    expect(box).not_to_be_focused()
    page.keyboard.press("Tab")
    expect(box).to_be_focused()


def test_staff_sign_in_is_not_in_the_public_pages_tab_order(page: Page, server: Server) -> None:
    # The test server has a staff password set up, so the staff address has a sign-in.
    ask(page, "Is IOP covered by insurance?")
    expect(page.get_by_text("Was this helpful?").first).to_be_visible(timeout=ANSWER_TIMEOUT)
    page.evaluate("document.activeElement.blur()")
    stops = []
    for _ in range(40):  # every stop on the page, and round again to where it started
        page.keyboard.press("Tab")
        stops.append(focused(page))
    assert "input[text] Your question" in stops
    assert not [stop for stop in stops if "password" in stop.lower() or "sign in" in stop.lower()], stops
    assert page.get_by_test_id("stSidebar").count() == 0
    # The staff address has it.
    page.goto(f"{server.url}/?staff")
    expect(page.get_by_test_id("stSidebar").get_by_label("Staff password")).to_be_visible(timeout=ANSWER_TIMEOUT)


def test_each_outcome_is_said_in_the_live_region(page: Page) -> None:
    live = page.get_by_test_id(LIVE_REGION_ID)
    expect(live).to_have_attribute("role", "status")
    ask(page, "Is IOP covered by insurance?")
    expect(live).to_have_text(
        "Here is the best answer from the program's information. How much does IOP cost, and do you take my insurance?",
        timeout=ANSWER_TIMEOUT,
    )
    ask(page, "what is the recipe for banana bread")
    expect(live).to_have_text("We don't have an answer for that in the program's information.", timeout=ANSWER_TIMEOUT)
    ask(page, "¿Cuánto cuesta el programa?")
    expect(live).to_have_attribute("lang", "es", timeout=ANSWER_TIMEOUT)
    expect(live).to_contain_text("Esta es")
