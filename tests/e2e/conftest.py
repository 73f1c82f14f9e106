"""The real page, served as `make run` serves it on a free local port, driven in Debian's headless Chromium.

One server per test module (the models load once) over copies of the project's corpus/ and its built
index, so a test may edit them; one browser per session; a fresh browser context, so a fresh Streamlit
session (not signed in, nothing asked), per test. Every test that uses the page fails if Chromium
reports that the page's Content-Security-Policy blocked anything on it.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, expect, sync_playwright

from search.present.staff_access import HASH_ENVIRONMENT_VARIABLE, hash_password
from tests.conftest import PROJECT_ROOT

CHROMIUM = Path("/usr/bin/chromium")
# Root on a closed network: no sandbox, no GPU, and nothing that phones home.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# What `make run` serves: app.py behind its security headers, run by `streamlit run` with the same flags.
LAUNCHER = "serve.py"
SCREENSHOTS_VARIABLE = "IOP_SEARCH_SCREENSHOTS"
STAFF_PASSWORD = "correct horse battery staple"
START_TIMEOUT = 120  # seconds for the server to answer its health check
FIRST_RUN_TIMEOUT = 90_000  # milliseconds for the page's first run; a loaded machine may be slow to start it
VIEWPORT = {"width": 1280, "height": 1000}


def wait_until_idle(page: Page, timeout: float = 30_000) -> None:
    """Waits for the page's script run to end: Streamlit marks its root element while the script runs."""
    expect(page.get_by_test_id("stApp")).to_have_attribute("data-test-script-state", "notRunning", timeout=timeout)


@dataclass(frozen=True)
class Server:
    """A running page: its address, and the corpus and index folders it reads (copies a test may edit)."""

    url: str
    corpus: Path
    index: Path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def healthy(process: subprocess.Popen, url: str, poll: float = 0.5) -> bool:
    """Waits until Streamlit's health check answers "ok"; False if the server exits or START_TIMEOUT passes first."""
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read().decode().strip() == "ok":
                    return True
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(poll)
    return False


def wait_until_healthy(process: subprocess.Popen, url: str, output: Path) -> None:
    """Returns once Streamlit's health check answers "ok"; fails with the server's output if it never does."""
    if healthy(process, url):
        return
    state = f"exited with {process.returncode}" if process.poll() is not None else f"not up in {START_TIMEOUT} s"
    pytest.fail(f"streamlit run {LAUNCHER} {state}; its output:\n{output.read_text(errors='replace')}", pytrace=False)


def stop(process: subprocess.Popen) -> None:
    """Ends the server and anything it started (its own process group)."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


@pytest.fixture(scope="module")
def server(program_index: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The page as `make run` serves it, over copies of corpus/ and the index built from it, with a staff
    password set."""
    root = tmp_path_factory.mktemp("e2e")
    corpus, index, usage = root / "corpus", root / "index", root / "usage"
    shutil.copytree(PROJECT_ROOT / "corpus", corpus)
    shutil.copytree(program_index, index)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    # The machine's own IOP_SEARCH_* settings (a stored-queries switch, a password hash) stay out of it.
    environment = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("IOP_SEARCH_") or name == "IOP_SEARCH_MODEL_CACHE"
    }
    environment.update(
        {
            "HF_HUB_OFFLINE": "1",
            "IOP_SEARCH_CORPUS": str(corpus),
            "IOP_SEARCH_INDEX": str(index),
            "IOP_SEARCH_USAGE_DIR": str(usage),
            HASH_ENVIRONMENT_VARIABLE: hash_password(STAFF_PASSWORD),
        }
    )
    command = [
        str(PROJECT_ROOT / ".venv" / "bin" / "streamlit"),
        "run",
        LAUNCHER,
        "--server.address",
        "127.0.0.1",
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        # No watching of the source tree: it would watch .venv too (the inotify queue overflows, costing
        # CPU), and an edit to app.py mid-run must not change the page under the tests.
        "--server.fileWatcherType",
        "none",
    ]
    output = root / "streamlit.log"
    with output.open("wb") as log:
        process = subprocess.Popen(
            command,
            cwd=PROJECT_ROOT,
            env=environment,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so teardown ends all of it
        )
    try:
        wait_until_healthy(process, url, output)
        yield Server(url, corpus, index)
    finally:
        stop(process)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless, with a fresh temporary profile; Playwright downloads no browser."""
    if not CHROMIUM.exists():
        pytest.fail(f"No {CHROMIUM}: `make test` installs Debian's chromium package.", pytrace=False)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


# Chromium logs most violations of a Content-Security-Policy to the console itself, but not all (a blocked
# WebAssembly compile only fires the event), so each document also passes on its violation events.
VIOLATION_PREFIX = "securitypolicyviolation:"
REPORT_VIOLATIONS = f"""document.addEventListener("securitypolicyviolation", (event) => console.error(
    `{VIOLATION_PREFIX} ${{event.effectiveDirective}} blocked ${{event.blockedURI || "inline code"}}`
));"""


def is_policy_violation(message: ConsoleMessage) -> bool:
    return message.text.startswith(VIOLATION_PREFIX) or "Content Security Policy" in message.text


def watch_policy_violations(context: BrowserContext) -> list[str]:
    """The console lines of every Content-Security-Policy violation in the context's pages, as they happen."""
    violations: list[str] = []
    context.add_init_script(REPORT_VIOLATIONS)
    context.on("console", lambda message: violations.append(message.text) if is_policy_violation(message) else None)
    return violations


def open_page(context: BrowserContext, server: Server) -> Page:
    """The page as a new visitor sees it once it has loaded: its own session, nothing asked yet."""
    page = context.new_page()
    page.goto(server.url)
    expect(page.get_by_label("Your question")).to_be_visible(timeout=FIRST_RUN_TIMEOUT)
    wait_until_idle(page, FIRST_RUN_TIMEOUT)
    return page


@pytest.fixture
def page(browser: Browser, server: Server) -> Iterator[Page]:
    """The page as a new visitor sees it once it has loaded; afterwards, fails the test if its
    Content-Security-Policy blocked anything on it (the page relies on something the policy forbids)."""
    context = browser.new_context(viewport=VIEWPORT)
    violations = watch_policy_violations(context)
    yield open_page(context, server)
    context.close()
    assert not violations, "The page's Content-Security-Policy blocked:\n" + "\n".join(violations)


@pytest.fixture
def screenshots(tmp_path: Path) -> Path:
    """Where screenshots go: IOP_SEARCH_SCREENSHOTS (`make screenshots`), else this test's tmp folder."""
    configured = os.environ.get(SCREENSHOTS_VARIABLE, "").strip()
    if not configured:
        return tmp_path
    folder = Path(configured) if Path(configured).is_absolute() else PROJECT_ROOT / configured
    folder.mkdir(parents=True, exist_ok=True)
    return folder
