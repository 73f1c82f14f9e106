"""The real page in a real browser: what a visitor and a staff member see, with a screenshot of each state."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.e2e.conftest import FIRST_RUN_TIMEOUT, STAFF_PASSWORD, Server, wait_until_idle

pytestmark = pytest.mark.e2e

ANSWER_TIMEOUT = 60_000  # milliseconds; the server loads the models as it starts, the first answer waits for them
CRISIS_HEADING = "You don't have to go through this alone. Help is available right now."
SPANISH_HEADING = "No tiene que pasar por esto a solas. Hay ayuda disponible ahora mismo."


def ask(page: Page, question: str, box_label: str = "Your question") -> None:
    """Types the question into the box and presses Enter, as a visitor does."""
    box = page.get_by_label(box_label)
    box.fill(question)
    box.press("Enter")


# Streamlit scrolls inside its own containers, not the document, so a "full page" screenshot would stop at
# the window's bottom edge: the window is made as tall as the tallest of them for the shot.
CONTENT_HEIGHT = """() => Math.max(...[
    document.documentElement,
    ...document.querySelectorAll('[data-testid="stMain"], [data-testid="stSidebarContent"]'),
].map((element) => element.scrollHeight))"""


# A phone's width in CSS pixels (an iPhone 12 to 15), for the second screenshot of each state.
PHONE_WIDTH = 390


def screenshot(page: Page, folder: Path, name: str) -> None:
    """Once the run has ended and shown no error: the whole page, for people to look at, at the
    desktop width and again at a phone's (name-phone.png)."""
    wait_until_idle(page)
    expect(page.get_by_test_id("stException")).to_have_count(0)
    page.evaluate("() => document.activeElement?.blur()")  # no focus ring on the question box
    viewport = page.viewport_size
    assert viewport
    for width, file in ((viewport["width"], name), (PHONE_WIDTH, name.replace(".png", "-phone.png"))):
        page.set_viewport_size({"width": width, "height": viewport["height"]})
        page.set_viewport_size({"width": width, "height": max(viewport["height"], page.evaluate(CONTENT_HEIGHT))})
        page.screenshot(path=folder / file, full_page=True)
    page.set_viewport_size(viewport)


def clinic_facts(server: Server) -> dict[str, str]:
    return tomllib.loads((server.corpus / "clinic.toml").read_text(encoding="utf-8"))


def dialled(phone: str) -> str:
    """The tel: link of a phone number as clinic.toml writes it: "(541) 555-0199" -> "tel:5415550199"."""
    return "tel:" + re.sub(r"\D", "", phone)


def crisis_panel(page: Page, heading: str) -> Locator:
    """The crisis panel: the live region screen readers announce at once (role="alert") with this heading."""
    return page.get_by_role("alert").filter(has=page.get_by_role("heading", name=heading))


def expect_links(place: Locator, hrefs: list[str]) -> None:
    """Each address is the target of a visible link in `place`."""
    for href in hrefs:
        expect(place.locator(f'a[href="{href}"]').first, href).to_be_visible()


def sign_in(page: Page) -> None:
    """Goes to the staff address, /?staff, opens the sidebar if it is closed (it is on a phone), and signs in."""
    page.goto(page.url.split("?")[0] + "?staff")
    sidebar = page.get_by_test_id("stSidebar")
    wait_until_idle(page, ANSWER_TIMEOUT)
    if page.get_by_test_id("stExpandSidebarButton").is_visible():
        page.get_by_test_id("stExpandSidebarButton").click()
    sidebar.get_by_label("Staff password").fill(STAFF_PASSWORD)
    sidebar.get_by_role("button", name="Sign in").click()
    expect(sidebar).to_contain_text("Signed in: staff policies are searched too.", timeout=30_000)


def test_question_shows_an_answer_card_with_its_source(page: Page, screenshots: Path) -> None:
    ask(page, "Is IOP covered by insurance?")
    expect(
        page.get_by_test_id("stMain").get_by_text("Here is the best answer from the program's information.")
    ).to_be_visible(timeout=ANSWER_TIMEOUT)
    main = page.get_by_test_id("stMain")
    expect(main.get_by_text("How much does IOP cost, and do you take my insurance?", exact=True)).to_be_visible()
    expect(main).to_contain_text("We accept most major commercial health plans, as well as Medicare and Medicaid.")
    expect(main.get_by_text("Source: Program FAQ", exact=True).first).to_be_visible()
    expect(main.get_by_text("Was this helpful?", exact=True).first).to_be_visible()
    expect(main.get_by_text("Related answers:", exact=True)).to_be_visible()
    screenshot(page, screenshots, "answer.png")


def test_a_handbook_answer_opens_its_whole_document_with_the_matching_section_marked(
    page: Page, screenshots: Path
) -> None:
    ask(page, "what insurance do you accept")
    main = page.get_by_test_id("stMain")
    expect(main.get_by_text("Source: Client handbook › Fees and billing › Insurance we accept")).to_be_visible(
        timeout=ANSWER_TIMEOUT
    )
    matched = main.locator(".matched").first
    expect(matched).to_be_hidden()  # folded until asked for
    main.get_by_text("Read the whole document: Fees and billing").first.click()
    expect(matched).to_be_visible()
    expect(matched).to_contain_text("The part that matches your question:")
    expect(matched.get_by_role("heading", name="Insurance we accept")).to_be_visible()
    # The rest of the document is there too, around it.
    expect(main.get_by_role("heading", name="Sliding-scale fees").first).to_be_visible()
    screenshot(page, screenshots, "document.png")


def test_a_shared_link_runs_its_question_and_a_crisis_question_stays_out_of_the_address(
    page: Page, server: Server
) -> None:
    page.goto(f"{server.url}/?q=Is%20IOP%20covered%20by%20insurance%3F")
    main = page.get_by_test_id("stMain")
    expect(main.get_by_text("How much does IOP cost, and do you take my insurance?", exact=True)).to_be_visible(
        timeout=ANSWER_TIMEOUT
    )
    ask(page, "Can my family take part?")
    expect(page).to_have_url(re.compile(r"[?&]q=Can(\+|%20)my(\+|%20)family"))
    # The address lands in the browser's history: a crisis question never goes there.
    ask(page, "I want to kill myself tonight")
    expect(page.get_by_role("heading", name=CRISIS_HEADING)).to_be_visible(timeout=ANSWER_TIMEOUT)
    wait_until_idle(page)
    expect(page).not_to_have_url(re.compile(r"[?&]q="))


def test_unanswerable_question_says_so_and_gives_the_intake_contact(
    page: Page, server: Server, screenshots: Path
) -> None:
    clinic = clinic_facts(server)
    ask(page, "what is the recipe for banana bread")
    expect(
        page.get_by_test_id("stMain").get_by_text("We don't have an answer for that in the program's information.")
    ).to_be_visible(timeout=ANSWER_TIMEOUT)
    main = page.get_by_test_id("stMain")
    expect(main).to_contain_text(
        f"Please call {clinic['name']}'s intake team at {clinic['intake_phone']} ({clinic['hours']})."
    )
    expect(main).to_contain_text("call or text 988 any time")
    # On a phone, the 988 line and the intake number are a tap away.
    expect_links(main, ["tel:988", "sms:988", "tel:911", dialled(clinic["intake_phone"])])
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
    wait_until_idle(page)
    expect(heading).to_have_count(1)  # shown as the patterns found it, and not again with the answer
    screenshot(page, screenshots, "crisis.png")


def test_the_crisis_panel_is_announced_and_its_numbers_are_links_a_phone_can_use(page: Page, server: Server) -> None:
    ask(page, "I want to kill myself")
    panel = crisis_panel(page, CRISIS_HEADING)
    expect(panel).to_be_visible(timeout=ANSWER_TIMEOUT)
    clinic = clinic_facts(server)
    expect_links(
        panel,
        [
            "tel:911",
            "tel:988",
            "sms:988",
            "sms:988?body=AYUDA",  # "text AYUDA to 988": the text is written in
            "tel:988,2",  # "press 2" for Spanish: 988, a pause, then 2
            "tel:+18886289454",  # the Lifeline's direct Spanish line
            "https://988lifeline.org",
            dialled(clinic["after_hours_line"]),
        ],
    )
    expect(panel.get_by_role("link", name="Call 988", exact=True)).to_have_attribute("href", "tel:988")
    # A Markdown heading would carry a "link to heading" anchor; the panel's has none.
    expect(panel.locator('a[href^="#"]')).to_have_count(0)
    expect(panel.get_by_label("Link to heading")).to_have_count(0)


def test_a_spanish_crisis_question_gets_the_spanish_panel_with_its_links(page: Page, server: Server) -> None:
    ask(page, "ya no quiero vivir, quiero matarme")
    panel = crisis_panel(page, SPANISH_HEADING)
    expect(panel).to_be_visible(timeout=ANSWER_TIMEOUT)
    expect(panel).to_contain_text("llame al 911 ahora")
    clinic = clinic_facts(server)
    expect_links(
        panel,
        [
            "tel:911",
            "tel:988",
            "sms:988",
            "sms:988?body=AYUDA",
            "tel:+18886289454",
            "https://988lineadevida.org",
            dialled(clinic["after_hours_line"]),
        ],
    )
    expect(panel.get_by_role("link", name="Llamar al 988", exact=True)).to_have_attribute("href", "tel:988")
    expect(panel.locator('a[href^="#"]')).to_have_count(0)


# Which questions are of concern is the learned check's call (search/safety/): these two, which no pattern
# flags, are as it decides today; one the program probably answers, one it has no answer for. (A pattern's crisis the
# learned check overrules to a concern is tested in tests/test_app.py.)
@pytest.mark.parametrize(
    ("question", "headline"),
    [
        (
            "honestly i dont care if i wake up tomorrow. do you take medicaid",
            "This is probably the answer you are looking for.",
        ),
        (
            "nothing ever gets better and i am so done with all of it. what about video or spanish",
            "We don't have an answer for that in the program's information.",
        ),
    ],
)
def test_a_question_of_concern_gets_the_help_lines_above_its_answer(
    page: Page, server: Server, question: str, headline: str
) -> None:
    ask(page, question)
    main = page.get_by_test_id("stMain")
    answer = main.get_by_text(headline)
    expect(answer).to_be_visible(timeout=ANSWER_TIMEOUT)
    wait_until_idle(page)
    notice = main.get_by_role("status").filter(has_text="call or text 988 any time")
    expect(notice).to_be_visible()
    clinic = clinic_facts(server)
    expect(notice).to_contain_text(f"{clinic['name']}'s after-hours line: {clinic['after_hours_line']}.")
    expect_links(notice, ["tel:988", "sms:988", "tel:911", dialled(clinic["after_hours_line"])])
    # Above the answer; no crisis panel, and the 988 line is not said twice.
    notice_box, answer_box = notice.bounding_box(), answer.bounding_box()
    assert notice_box and answer_box
    assert notice_box["y"] + notice_box["height"] <= answer_box["y"]
    expect(page.get_by_role("heading", name=CRISIS_HEADING)).to_have_count(0)
    expect(main.get_by_text("call or text 988 any time")).to_have_count(1)


def test_staff_sign_in_finds_staff_policies_marked_as_policy(page: Page, screenshots: Path) -> None:
    sign_in(page)
    ask(page, "client missed group without notice, when does the therapist call")
    main = page.get_by_test_id("stMain")
    staff_source = main.get_by_text(re.compile(r"^Staff policy · Source: Staff policies › "))
    expect(staff_source.first).to_be_visible(timeout=ANSWER_TIMEOUT)
    screenshot(page, screenshots, "staff.png")


def test_staff_usage_figures_draw_the_questions_per_day_chart(page: Page, screenshots: Path) -> None:
    ask(page, "Is IOP covered by insurance?")  # so there is a day with a question to chart
    expect(
        page.get_by_test_id("stMain").get_by_text("Here is the best answer from the program's information.")
    ).to_be_visible(timeout=ANSWER_TIMEOUT)
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
    # Signed in as staff: the FAQ entry is marked as what clients are told.
    source = main.get_by_text("What clients are told · Source: Program FAQ", exact=True)
    expect(source).to_be_visible()


# A Spanish screen: the page's own words, and the content's, in elements marked lang="es" for screen readers.
SPANISH_BOX = "Su pregunta"
ENGLISH_SCREEN_WORDS = ("Your question", "Here is the best", "Related answers", "Source:", "Was this helpful?")


def in_spanish(place: Locator, text: str | re.Pattern[str]) -> Locator:
    """The elements in `place` marked lang="es" with this text."""
    return place.locator('[lang="es"]').filter(has_text=text)


def expect_no_english_screen_words(main: Locator) -> None:
    for words in ENGLISH_SCREEN_WORDS:
        expect(main).not_to_contain_text(words)


def test_a_spanish_question_gets_a_spanish_answer_on_a_spanish_screen(
    page: Page, server: Server, screenshots: Path
) -> None:
    ask(page, "¿Cuánto cuesta el programa?")
    main = page.get_by_test_id("stMain")
    answer = in_spanish(main, "Aceptamos la mayoría de los principales planes de seguro médico")
    expect(answer.last).to_be_visible(timeout=ANSWER_TIMEOUT)
    wait_until_idle(page)
    expect(in_spanish(main, re.compile(r"^Esta es (la mejor respuesta|probablemente la respuesta)"))).to_be_visible()
    expect(in_spanish(main, "Fuente: Preguntas frecuentes del programa").first).to_be_visible()
    expect(in_spanish(main, "¿Le fue útil esta información?").first).to_be_visible()
    expect(main.get_by_role("button", name="Sí").first).to_be_visible()
    # The page around the answer follows its language: the title, and the box that keeps the question.
    title = main.get_by_role("heading", name=f"Pregúntele a {clinic_facts(server)['name']}")
    expect(title).to_have_attribute("lang", "es")
    expect(page.get_by_label(SPANISH_BOX)).to_have_value("¿Cuánto cuesta el programa?")
    expect_no_english_screen_words(main)
    screenshot(page, screenshots, "spanish.png")


def test_a_spanish_question_with_no_answer_gets_the_spanish_contact(page: Page, server: Server) -> None:
    ask(page, "¿tienen piscina para los pacientes?")
    main = page.get_by_test_id("stMain")
    expect(in_spanish(main, "No tenemos una respuesta para eso en la información del programa.")).to_be_visible(
        timeout=ANSWER_TIMEOUT
    )
    wait_until_idle(page)
    clinic = clinic_facts(server)
    hours = clinic.get("es", {}).get("hours", clinic["hours"])
    contact = f"Llame al equipo de admisiones de {clinic['name']} al {clinic['intake_phone']} ({hours})."
    expect(in_spanish(main, contact)).to_be_visible()
    expect(in_spanish(main, "llame o envíe un mensaje de texto al 988")).to_be_visible()
    expect_links(main, ["tel:988", "sms:988", "tel:911", dialled(clinic["intake_phone"])])
    expect_no_english_screen_words(main)


def test_choosing_spanish_puts_it_in_the_address_and_a_reload_keeps_it(page: Page, server: Server) -> None:
    spanish = page.get_by_role("radiogroup", name="Language / Idioma").get_by_role("radio", name="Español")
    spanish.click()
    expect(page.get_by_label(SPANISH_BOX)).to_be_visible(timeout=ANSWER_TIMEOUT)
    expect(page).to_have_url(re.compile(r"[?&]lang=es(&|$)"))
    page.reload()
    title = page.get_by_role("heading", name=f"Pregúntele a {clinic_facts(server)['name']}")
    expect(title).to_have_attribute("lang", "es", timeout=FIRST_RUN_TIMEOUT)
    expect(spanish).to_have_attribute("aria-checked", "true")
    # Chosen by hand, so searched in Spanish, whatever words the question uses.
    ask(page, "Is IOP covered by insurance?", SPANISH_BOX)
    main = page.get_by_test_id("stMain")
    expect(in_spanish(main, re.compile(r"^(Esta es|No estamos seguros|No tenemos)")).first).to_be_visible(
        timeout=ANSWER_TIMEOUT
    )
    expect_no_english_screen_words(main)
