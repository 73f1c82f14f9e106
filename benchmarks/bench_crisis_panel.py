"""Time to the crisis panel: the first question on a freshly started page is a crisis.

    .venv/bin/python benchmarks/bench_crisis_panel.py [--runs 3]

Each run starts the page as `make run` does (`streamlit run serve.py` with its flags, on a free port),
opens it in Debian's headless Chromium (started beforehand, so its own start-up is not counted), and
types "I want to kill myself" as soon as the question box is ready, as a visitor in a hurry would:
the server is then still loading the models in the background. Timed, in wall seconds: from the server's
process start to its health check answering, to the question box showing, and to the crisis panel
showing; from pressing Enter to the panel showing (the target is under 2 seconds), and to the end
of the page's run: the rest of the screen (the program's answers, when any match) waits for the models.

Two cases: the model cache (IOP_SEARCH_MODEL_CACHE: the re-scoring model unpacked from its packages,
the crisis check's cached vectors) empty, as on a new server, then full, as the first run left it.
The project's index/ is read with the default settings; the usage log goes to a temporary folder.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import astuple, dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

from playwright.sync_api import Browser, Page, sync_playwright  # noqa: E402

from benchmarks.bench_cold_start import (  # noqa: E402
    START_TIMEOUT,
    ask,
    missing_setup,
    start_page,
    wait_for_health,
    wait_visible,
)
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, stop, wait_until_idle  # noqa: E402

QUESTION = "I want to kill myself"
PANEL_HEADING = "You don't have to go through this alone. Help is available right now."
POLL = 0.02  # seconds between looks at the page


@dataclass(frozen=True)
class PanelRun:
    """Seconds from the server's process start, then from pressing Enter."""

    health: float
    box_shown: float
    panel_from_start: float
    panel_from_enter: float
    done_from_enter: float


def crisis_panel_shown(page: Page) -> bool:
    heading = page.get_by_role("heading", name=PANEL_HEADING)
    return page.get_by_role("alert").filter(has=heading).is_visible()


def run_over(page: Page) -> bool:
    """Whether the page's script run has ended (Streamlit marks its root element while it runs)."""
    return page.get_by_test_id("stApp").get_attribute("data-test-script-state") == "notRunning"


def wait_for(shown: Callable[[], bool], what: str, log: Path) -> float:
    """The time `shown()` first holds, looking every POLL seconds; fails with the server's output."""
    deadline = time.perf_counter() + START_TIMEOUT
    while not shown():
        if time.perf_counter() > deadline:
            raise SystemExit(f"Not within {START_TIMEOUT:.0f} s: {what}; the server's output:\n{log.read_text()}")
        time.sleep(POLL)
    return time.perf_counter()


def time_panel(browser: Browser, model_cache: Path) -> PanelRun:
    """One fresh server over `model_cache`, one new browser context; see the module docstring."""
    context = browser.new_context()
    page = context.new_page()
    with tempfile.TemporaryDirectory() as folder:
        process, url, log, started = start_page(folder, IOP_SEARCH_MODEL_CACHE=str(model_cache))
        try:
            wait_for_health(process, url, log)
            health = time.perf_counter() - started
            page.goto(url)
            wait_visible(page.get_by_label("Your question"), START_TIMEOUT, "the question box")
            box_shown = time.perf_counter() - started
            wait_until_idle(page, START_TIMEOUT * 1000)  # the box's own run is over: the page is ready
            entered = time.perf_counter()
            ask(page, QUESTION)
            panel = wait_for(lambda: crisis_panel_shown(page), "the crisis panel", log)
            # The panel shows during the run, so the run is still going when it is seen.
            done = wait_for(lambda: run_over(page), "the end of the page's run", log)
        finally:
            stop(process)
            context.close()
    return PanelRun(health, box_shown, panel - started, panel - entered, done - entered)


def summary(runs: list[PanelRun]) -> str:
    """Each figure's median, with the range when there are several runs."""
    columns = zip(*map(astuple, runs), strict=True)
    if len(runs) == 1:
        return "".join(f"{values[0]:>12.2f}" for values in columns)
    return "".join(f"{statistics.median(values):6.2f} ({min(values):.1f}-{max(values):.1f})" for values in columns)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="fresh servers per case")
    args = parser.parse_args()
    if args.runs < 1:
        parser.error(f"--runs must be at least 1, got {args.runs}")
    missing = missing_setup()
    if missing is not None:
        print(missing, file=sys.stderr)
        return 1

    cases: dict[str, list[PanelRun]] = {"model cache empty": [], "model cache full": []}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            for _ in range(args.runs):
                with tempfile.TemporaryDirectory() as model_cache:
                    cases["model cache empty"].append(time_panel(browser, Path(model_cache)))
                    cases["model cache full"].append(time_panel(browser, Path(model_cache)))  # as the first left it
        finally:
            browser.close()

    print(f"Time to the crisis panel for {QUESTION!r}, the first question on a fresh server, wall seconds")
    print(f"{args.runs} runs per case" + ("; median (min-max)" if args.runs > 1 else ""))
    width = 12 if args.runs == 1 else 16
    headings = ("health OK", "box shown", "panel", "panel", "run over")
    print(f"{'':<18}{'from server start':^{3 * width}}{'from pressing Enter':^{2 * width}}")
    print(f"{'':<18}" + "".join(f"{heading:>{width}}" for heading in headings))
    for label, runs in cases.items():
        print(f"{label:<18}{summary(runs)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
