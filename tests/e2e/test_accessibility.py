"""The page on a 390 px phone and a 1280 px desktop: axe finds no serious or critical problem in any
state, and the phone layout keeps the question box in view, its text at 16 px and buttons tappable."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.e2e.conftest import wait_until_idle
from tests.e2e.test_browser import ANSWER_TIMEOUT, CRISIS_HEADING, SPANISH_HEADING, ask, sign_in

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}  # an iPhone 12 to 15's screen, in CSS pixels
DESKTOP = {"width": 1280, "height": 1000}
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


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_no_serious_accessibility_problem_in_any_state(page: Page, size: dict[str, int]) -> None:
    page.set_viewport_size(size)
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


def test_on_a_phone_the_question_box_is_in_view_readable_and_the_buttons_tappable(page: Page) -> None:
    page.set_viewport_size(PHONE)
    wait_until_idle(page)
    box = page.get_by_label("Your question")
    place = box.bounding_box()
    assert place and place["y"] + place["height"] <= PHONE["height"] / 2, place  # in the top half, no scrolling
    # 16 px: iOS zooms into a field whose text is smaller when it is tapped.
    assert box.evaluate("(element) => parseFloat(getComputedStyle(element).fontSize)") >= 16
    ask(page, "Is IOP covered by insurance?")
    expect(page.get_by_text("Was this helpful?").first).to_be_visible(timeout=ANSWER_TIMEOUT)
    for name in ("Yes", "No"):
        button = page.get_by_role("button", name=name, exact=True).first
        size = button.bounding_box()
        assert size and size["width"] >= 44 and size["height"] >= 44, (name, size)
