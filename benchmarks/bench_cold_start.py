"""Cold start, from process start to first answer, of the command line and of the page.

    .venv/bin/python benchmarks/bench_cold_start.py [--runs 5] [--page-runs 3]

CLI: `python -m search ask QUESTION` as a new process, timed over --runs runs after one untimed run
(so the OS file cache holds the models and libraries), also without the re-scoring model
(IOP_SEARCH_RESCORE=0), and `python -m search --help` as the floor of start-up and imports.

Page: `streamlit run serve.py` (app.py behind its security headers, as `make run` serves it) on a
free port, opened in Debian's headless Chromium. The browser is started before the server, so its
own start-up is not counted; each run is a new server and a new browser context. Per run: seconds
from the server's process start to its health check answering, to the question box showing, and to
the first answer card showing (the first answer waits for the models to load: the cold start a
visitor feels), and, polled beside those, to serve.py's /ready saying the models are loaded.
--empty-model-cache starts each server with an empty model cache, as a new machine has. Then,
in the same session, a second question and a repeat of the first. Page runs
have no untimed run before them; the CLI runs have warmed the models' files, not Streamlit's.

Both read the project's index/ with the default settings (the machine's IOP_SEARCH_* are left out);
the page's usage log goes to a temporary folder, so these questions are not in the clinic's figures.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import astuple, dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

from playwright.sync_api import Browser, Locator, Page, expect, sync_playwright  # noqa: E402

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, free_port, healthy, stop, wait_until_idle  # noqa: E402

QUESTION = "where do I park"
SECOND_QUESTION = "can my family come to sessions"
ANSWER_CARD = "Here is the best answer from the program's information."
START_TIMEOUT = 180.0  # seconds for each wait of a cold page; generous, as the machine is shared
WARM_TIMEOUT = 60.0  # seconds for an answer once the models are loaded
# Short polls, not Playwright's expect(), whose back-off reaches 0.5 s: too coarse for a warm answer.
POLL = 0.05


def environment(**extra: str) -> dict[str, str]:
    """This process's environment without the machine's IOP_SEARCH_* settings, offline, plus `extra`."""
    kept = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("IOP_SEARCH_") or name == "IOP_SEARCH_MODEL_CACHE"
    }
    return {**kept, "HF_HUB_OFFLINE": "1", **extra}


def has_answer(output: str) -> bool:
    return re.search(r"^1\. ", output, re.MULTILINE) is not None


def has_usage(output: str) -> bool:
    return output.startswith("usage:")


def time_command(arguments: list[str], env: dict[str, str], check: Callable[[str], bool], runs: int) -> list[float]:
    """Wall seconds of `python -m search ARGUMENTS` over `runs` runs, after one untimed run."""
    command = [sys.executable, "-m", "search", *arguments]
    seconds = []
    for run in range(runs + 1):
        started = time.perf_counter()
        done = subprocess.run(command, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True)
        elapsed = time.perf_counter() - started
        if done.returncode != 0 or not check(done.stdout):
            raise SystemExit(
                f"{' '.join(command[1:])} exited with {done.returncode} and no expected output:\n"
                f"{done.stdout}{done.stderr}"
            )
        if run:  # run 0 only warms the file cache
            seconds.append(elapsed)
    return seconds


@dataclass(frozen=True)
class PageRun:
    """Seconds from the server's process start, then seconds per warm question in the same session."""

    health: float
    ready: float
    loaded: float
    first_answer: float
    second_question: float
    repeat: float


def time_ready(url: str, started: float, times: list[float]) -> None:
    """Polls serve.py's /ready until it answers 200, and appends the seconds since `started`."""
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/ready", timeout=5):
                times.append(time.perf_counter() - started)
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(POLL)


def wait_for_health(process: subprocess.Popen, url: str, log: Path) -> None:
    if healthy(process, url, POLL):
        return
    raise SystemExit(f"streamlit run serve.py did not answer its health check; its output:\n{log.read_text()}")


def wait_visible(locator: Locator, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not locator.is_visible():
        if time.monotonic() > deadline:
            raise SystemExit(f"Not shown within {timeout:.0f} s: {what}")
        time.sleep(POLL)


def ask(page: Page, question: str) -> None:
    """Types into the question box and presses Enter, as tests/e2e/test_browser.py does."""
    box = page.get_by_label("Your question")
    box.fill(question)
    box.press("Enter")


def answer_card(page: Page) -> Locator:
    return page.get_by_text(ANSWER_CARD)


def time_warm_question(page: Page, question: str) -> float:
    """Seconds from pressing Enter to the answer card, with the models loaded."""
    wait_until_idle(page, WARM_TIMEOUT * 1000)
    # Clear the box first (untimed), so the wait below sees this question's card, not the last one's.
    ask(page, "")
    expect(answer_card(page)).to_have_count(0, timeout=WARM_TIMEOUT * 1000)
    wait_until_idle(page, WARM_TIMEOUT * 1000)
    started = time.perf_counter()
    ask(page, question)
    wait_visible(answer_card(page), WARM_TIMEOUT, f"an answer card for {question!r}")
    return time.perf_counter() - started


def missing_setup() -> str | None:
    """What a page benchmark needs and this machine lacks (the built index, Chromium), or None."""
    if not (PROJECT_ROOT / "index" / "manifest.json").exists():
        return f"No index in {PROJECT_ROOT / 'index'}/: run `make index` first."
    if not CHROMIUM.exists():
        return f"No {CHROMIUM}: `make test` installs Debian's chromium package."
    return None


def start_page(folder: str, **settings: str) -> tuple[subprocess.Popen, str, Path, float]:
    """The page started as `make run` starts it, on a free port, with `settings` in its environment
    and its log in `folder`: its process, address and log, and when it started (perf_counter)."""
    log = Path(folder) / "streamlit.log"
    port = free_port()
    # `make run`'s command; .streamlit/config.toml adds the rest (no file watcher, no usage statistics).
    command = [
        *(sys.executable, "-m", "streamlit", "run", "serve.py"),
        *("--server.address", "127.0.0.1", "--server.port", str(port), "--server.headless", "true"),
    ]
    started = time.perf_counter()
    with log.open("wb") as output:
        process = subprocess.Popen(
            command,
            cwd=PROJECT_ROOT,
            env=environment(IOP_SEARCH_USAGE_DIR=str(Path(folder) / "usage"), **settings),
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so stop() ends all of it
        )
    return process, f"http://127.0.0.1:{port}", log, started


def time_page(browser: Browser, empty_model_cache: bool) -> PageRun:
    """One cold server, one new browser context: see the module docstring for what is timed."""
    context = browser.new_context()
    page = context.new_page()
    with tempfile.TemporaryDirectory() as folder:
        cache = {"IOP_SEARCH_MODEL_CACHE": str(Path(folder) / "model-cache")} if empty_model_cache else {}
        process, url, log, started = start_page(folder, **cache)
        ready_times: list[float] = []
        ready_poll = threading.Thread(target=time_ready, args=(url, started, ready_times), daemon=True)
        ready_poll.start()
        try:
            wait_for_health(process, url, log)
            health = time.perf_counter() - started
            page.goto(url)
            wait_visible(page.get_by_label("Your question"), START_TIMEOUT, "the question box")
            loaded = time.perf_counter() - started
            # At once, as a quick visitor would: the first run is still loading the models.
            ask(page, QUESTION)
            wait_visible(answer_card(page), START_TIMEOUT, f"an answer card for {QUESTION!r}")
            first_answer = time.perf_counter() - started
            second_question = time_warm_question(page, SECOND_QUESTION)
            repeat = time_warm_question(page, QUESTION)
            ready_poll.join(START_TIMEOUT)
            if not ready_times:
                raise SystemExit(f"/ready never answered 200; the server's output:\n{log.read_text()}")
        finally:
            stop(process)
            context.close()
    return PageRun(health, ready_times[0], loaded, first_answer, second_question, repeat)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each command (after one untimed run)")
    parser.add_argument("--page-runs", type=int, default=3, help="cold starts of the page")
    parser.add_argument(
        "--empty-model-cache",
        action="store_true",
        help="start each server with an empty model cache, as on a new machine (the re-scoring model is unpacked)",
    )
    args = parser.parse_args()
    for flag, value in (("--runs", args.runs), ("--page-runs", args.page_runs)):
        if value < 1:
            parser.error(f"{flag} must be at least 1, got {value}")
    missing = missing_setup()
    if missing is not None:
        print(missing, file=sys.stderr)
        return 1

    commands = {
        "ask": time_command(["ask", QUESTION], environment(), has_answer, args.runs),
        "ask, IOP_SEARCH_RESCORE=0": time_command(
            ["ask", QUESTION], environment(IOP_SEARCH_RESCORE="0"), has_answer, args.runs
        ),
        "--help": time_command(["--help"], environment(), has_usage, args.runs),
    }
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page_runs = [time_page(browser, args.empty_model_cache) for _ in range(args.page_runs)]
        finally:
            browser.close()

    print(f"Cold start, process start to first answer of {QUESTION!r}, wall seconds")
    print(f"CLI: python -m search ..., {args.runs} runs each after 1 untimed run; median (min-max)")
    for label, seconds in commands.items():
        print(f"  {label:<27} {statistics.median(seconds):6.2f}  ({min(seconds):.2f}-{max(seconds):.2f})")
    cache = "an empty model cache" if args.empty_model_cache else "the model cache as it is"
    print(f"Page: streamlit run serve.py in headless Chromium (browser started beforehand), {cache}")
    print(
        f"  {'run':<6} {'health OK':>9} {'/ready':>7} {'page loaded':>11} {'first answer':>12}   "
        f"then {SECOND_QUESTION!r}, repeat"
    )
    rows = [(str(number), run) for number, run in enumerate(page_runs, start=1)]
    if len(page_runs) > 1:
        medians = (statistics.median(values) for values in zip(*map(astuple, page_runs), strict=True))
        rows.append(("median", PageRun(*medians)))
    for label, run in rows:
        print(
            f"  {label:<6} {run.health:9.2f} {run.ready:7.2f} {run.loaded:11.2f} {run.first_answer:12.2f}   "
            f"{run.second_question:.2f}, {run.repeat:.2f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
