"""The example clinic website (examples/clinic-website/) in Chromium, calling `python -m search serve` from
another origin, as a clinic's own site would: CORS lets exactly that site in, the crisis panel comes
first, and answers, suggestions and "no answer" show as the API decides; the page asks nothing of any
other address."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.conftest import PROJECT_ROOT
from tests.e2e.conftest import free_port, stop

pytestmark = pytest.mark.e2e

EXAMPLE = PROJECT_ROOT / "examples" / "clinic-website"
ANSWER_TIMEOUT = 60_000


def start(command: list[str], environment: dict[str, str], log: Path) -> subprocess.Popen:
    with log.open("w") as output:
        return subprocess.Popen(
            command, cwd=PROJECT_ROOT, env=environment, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )


def wait_for(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.5)
    pytest.fail(f"{url} did not answer; output:\n{log.read_text(errors='replace')}", pytrace=False)


@pytest.fixture(scope="module")
def site(program_index: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The example site's address, its ?api= pointing at the API, which allows that site's origin."""
    folder = tmp_path_factory.mktemp("api-example")
    site_port, api_port = free_port(), free_port()
    site_origin = f"http://127.0.0.1:{site_port}"
    environment = {name: value for name, value in os.environ.items() if not name.startswith("IOP_SEARCH_")}
    environment.update(
        {
            "HF_HUB_OFFLINE": "1",
            "IOP_SEARCH_INDEX": str(program_index),
            "IOP_SEARCH_USAGE_DIR": str(folder / "usage"),
            "IOP_SEARCH_API_ORIGINS": site_origin,
        }
    )
    api = start([sys.executable, "-m", "search", "serve", "--port", str(api_port)], environment, folder / "api.log")
    files = start(
        [sys.executable, "-m", "http.server", str(site_port), "--bind", "127.0.0.1", "--directory", str(EXAMPLE)],
        environment,
        folder / "site.log",
    )
    try:
        wait_for(f"http://127.0.0.1:{api_port}/health", api, folder / "api.log")
        wait_for(site_origin, files, folder / "site.log")
        yield f"{site_origin}/?api=http://127.0.0.1:{api_port}"
    finally:
        stop(api)
        stop(files)


@pytest.fixture
def page(browser: Browser, site: str) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    opened = context.new_page()
    addresses: list[str] = []
    opened.on("request", lambda request: addresses.append(request.url))
    opened.goto(site)
    yield opened
    context.close()
    elsewhere = [address for address in addresses if urlsplit(address).hostname != "127.0.0.1"]
    assert not elsewhere, f"the example page asked other addresses: {elsewhere}"


def ask(page: Page, question: str) -> None:
    page.get_by_label("Your question").fill(question)
    page.get_by_role("button", name="Ask").click()


def test_an_answer_shows_as_a_card_with_its_source_and_is_announced(page: Page) -> None:
    ask(page, "Is IOP covered by insurance?")
    answer = page.locator("article.answer")
    expect(answer.get_by_role("heading", name="How much does IOP cost, and do you take my insurance?")).to_be_visible(
        timeout=ANSWER_TIMEOUT
    )
    expect(answer).to_contain_text("Source: Program FAQ")
    expect(page.locator(".headline.success")).to_have_text("Here is the best answer from the program's information.")
    expect(page.get_by_role("status")).to_contain_text("Here is the best answer")


def test_a_crisis_question_gets_the_crisis_panel_first_with_numbers_to_tap(page: Page) -> None:
    ask(page, "I want to kill myself tonight")
    panel = page.get_by_role("alert")
    expect(panel).to_be_visible(timeout=ANSWER_TIMEOUT)
    expect(panel.locator('a[href="tel:988"]').first).to_be_visible()
    first = page.locator("#answer > *").first
    expect(first).to_have_class("crisis")


def test_suggestions_and_no_answer_show_as_the_api_decides(page: Page) -> None:
    ask(page, "what about weekends")
    expect(page.locator(".headline.info")).to_have_text(
        "We're not sure which of these you mean. Did you mean:", timeout=ANSWER_TIMEOUT
    )
    expect(page.locator("#answer details").first).to_be_visible()
    ask(page, "what is the recipe for banana bread")
    expect(page.locator(".headline.warning")).to_have_text(
        "We don't have an answer for that in the program's information.", timeout=ANSWER_TIMEOUT
    )
    expect(page.locator("#answer")).to_contain_text("intake team")


def test_a_site_not_listed_is_refused_by_the_browser(browser: Browser, site: str) -> None:
    """The same page from another origin (localhost is not 127.0.0.1): CORS keeps its questions out."""
    context = browser.new_context()
    other = context.new_page()
    other.goto(site.replace("127.0.0.1", "localhost", 1))
    ask(other, "Is IOP covered by insurance?")
    expect(other.locator(".headline.warning")).to_contain_text("not available right now", timeout=ANSWER_TIMEOUT)
    context.close()
