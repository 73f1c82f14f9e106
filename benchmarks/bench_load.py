"""Serving many visitors at once: the JSON API under concurrent load, during a rebuild, and the page's sessions.

    .venv/bin/python benchmarks/bench_load.py [--quick] [--index DIR] [--parts api rebuild page] [--wait-quiet 20]

Everything runs on loopback (127.0.0.1), on free ports, in a temporary folder; every server is a
subprocess in a process group of its own, stopped at the end, also on Ctrl-C. The servers read a
copy of corpus/ and of the built index (--index, default index/; built into the temporary folder
first if it is stale), with the usage log in the temporary folder and the API's rate limit set to
IOP_SEARCH_API_RATE=1000000 questions a minute, so that the limit never answers for the server.

Questions: every "query" of tests/eval/tuning, heldout, heldout_fresh and the three Spanish sets
(1,157 distinct), shuffled with a fixed seed, each server taking them in that order without repeating
one. So no answer comes from the searcher's cache of its last 256 answers, and every configuration
is asked the same questions.

1. **api**: `python -m search serve` with --workers 1 and 2, each with re-scoring (the default) and
   without (IOP_SEARCH_RESCORE=0). At 1, 4, 16 and 64 concurrent clients (httpx with asyncio, one
   keep-alive connection per client), each level asks `clients` questions untimed to open the
   connections, then QUESTIONS questions or as many as CAP seconds allow. Throughput is answers
   per second of wall time; latency is from sending `POST /ask` to reading the whole JSON.
2. **rebuild**: one worker and two, re-scoring on, 16 clients asking k=10 without pause over their
   own copy of the corpus and index. After a few seconds `python build_index.py` runs on that
   copy, which has one new FAQ entry and one entry's id renamed (so each version has an id the other
   lacks: a mixed answer would show). The load goes on until some seconds after the publish.
   Every answer's result ids must all be in the old version's chunks.jsonl or all in the new one's.
3. **page**: `streamlit run serve.py`, then N = 1, 2, 4, 8, 16 headless Chromium contexts at once
   (stopping once p95 passes 2 s), each asking several questions in turn: type into "Your
   question", press Enter, and the time until the answer card shows. The questions are ones the
   API answered with a confident English answer. The browsers run on the same 2 cores as the
   server, so the sessions a page process holds is a lower bound.

Every run prints its non-200 answers and transport errors (both should be 0), the load average at
the start and end of each part, and each server process's peak resident memory (VmHWM). The load
generator shares the machine too: its own CPU use is printed beside each level.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, free_port, stop  # noqa: E402

EVAL = PROJECT_ROOT / "tests" / "eval"
QUESTION_SETS = ("tuning", "heldout", "heldout_fresh", "spanish_tuning", "spanish_development", "spanish_heldout")
RATE = "1000000"  # questions a minute per address: far above what one machine can ask
START_TIMEOUT = 180.0  # seconds for a server to load its models, on a shared machine
REQUEST_TIMEOUT = 120.0
PAGE_TIMEOUT = 60.0  # seconds for one answer on the page before it counts as an error
PAGE_TARGET = 2.0  # seconds: the p95 a page session should stay under
# The headline of a confident answer, and of a probable one (search/present/texts.py), by API outcome.
HEADLINES = {
    "answer": "Here is the best answer from the program's information.",
    "likely": "This is probably the answer you are looking for.",
}
NEW_ENTRY = """
id: bench-load-new-entry
Q: Can I bring my service dog to group sessions?
A: Yes. Service dogs are welcome in every group room. Please tell the front desk on your first day.
"""
RENAMED = ("what-is-iop", "what-is-iop-renamed")  # in the English and Spanish FAQ, so they stay one entry
NEW_ONLY = frozenset({"bench-load-new-entry", RENAMED[1]})
WARM_UP_CAP = 10.0  # seconds of untimed questions before each level
AFTER_CAP = 60.0  # seconds after the publish to wait for a first answer from the new version


@dataclass(frozen=True)
class Plan:
    """How much each part asks; --quick makes every number smaller."""

    workers: tuple[int, ...]
    levels: tuple[int, ...]
    questions: int  # per level
    cap: float  # seconds per level
    rebuild_lead: float  # seconds of load before the build starts
    rebuild_after: float  # seconds of load after it publishes
    rebuild_cap: float
    page_sessions: tuple[int, ...]
    page_questions: int  # per session


FULL = Plan((1, 2), (1, 4, 16, 64), 200, 30.0, 5.0, 15.0, 300.0, (1, 2, 4, 8, 16), 4)
QUICK = Plan((1, 2), (1, 16), 30, 10.0, 3.0, 5.0, 240.0, (1, 2, 4), 2)


@dataclass
class Run:
    """What one level of load saw: seconds of each answer, and every failure by kind."""

    clients: int
    latencies: list[float] = field(default_factory=list)
    seconds: float = 0.0
    non_200: Counter = field(default_factory=Counter)
    transport: Counter = field(default_factory=Counter)
    client_cpu: float = 0.0

    @property
    def errors(self) -> int:
        return sum(self.non_200.values()) + sum(self.transport.values())


def percentile(values: list[float], fraction: float) -> float:
    """Nearest rank: the smallest value with at least `fraction` of the values at or below it."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def load_average() -> str:
    return "load average {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())


def read_questions(seed: int = 21) -> list[str]:
    asked = []
    for name in QUESTION_SETS:
        for line in (EVAL / f"{name}.jsonl").read_text(encoding="utf-8").splitlines():
            if line.strip():
                asked.append(json.loads(line)["query"])
    unique = list(dict.fromkeys(asked))
    random.Random(seed).shuffle(unique)
    return unique


def environment(folder: Path, **extra: str) -> dict[str, str]:
    """This process's environment without the machine's IOP_SEARCH_* settings, offline, with the
    usage log in `folder`, the rate limit out of the way, plus `extra`."""
    kept = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("IOP_SEARCH_") or name == "IOP_SEARCH_MODEL_CACHE"
    }
    usage = folder / "usage"
    usage.mkdir(parents=True, exist_ok=True)
    return {**kept, "HF_HUB_OFFLINE": "1", "IOP_SEARCH_USAGE_DIR": str(usage), "IOP_SEARCH_API_RATE": RATE, **extra}


class Processes:
    """Every server this benchmark started, each in a process group of its own, to stop at the end."""

    def __init__(self) -> None:
        self.running: list[subprocess.Popen] = []

    def start(self, command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
        with log.open("wb") as output:
            process = subprocess.Popen(
                command,
                cwd=PROJECT_ROOT,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.running.append(process)
        return process

    def stop(self, process: subprocess.Popen) -> None:
        stop(process)
        if process in self.running:
            self.running.remove(process)

    def stop_all(self) -> None:
        for process in list(self.running):
            self.stop(process)


def group_members(leader: int) -> list[int]:
    """The processes of `leader`'s process group (a server and the workers it started)."""
    members = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            # Fields after the command's closing parenthesis: state, ppid, pgrp, ...
            if int(stat.rsplit(")", 1)[1].split()[2]) == leader:
                members.append(int(entry.name))
    return sorted(members)


def peak_memory(process: subprocess.Popen) -> list[tuple[int, str, float]]:
    """(pid, role, peak resident MB from VmHWM) of each process in the server's group."""
    found = []
    for pid in group_members(process.pid):
        try:
            status = Path(f"/proc/{pid}/status").read_text()
            command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        peak = next((int(line.split()[1]) / 1024 for line in status.splitlines() if line.startswith("VmHWM:")), 0.0)
        if pid == process.pid:
            role = "main"
        elif "resource_tracker" in command:
            role = "multiprocessing's resource tracker"
        else:
            role = "worker"
        found.append((pid, role, peak))
    return found


def print_memory(label: str, process: subprocess.Popen) -> None:
    for pid, role, peak in peak_memory(process):
        print(f"  peak memory, {label}, {role} (pid {pid}): {peak:,.0f} MB (VmHWM)")


def log_tail(log: Path, lines: int = 30) -> str:
    return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])


def wait_for_api(process: subprocess.Popen, url: str, log: Path, in_a_row: int) -> None:
    """Until /health answers 200 `in_a_row` times, each on a new connection (so, with several
    workers, most likely from each of them)."""
    deadline = time.monotonic() + START_TIMEOUT
    streak = 0
    while streak < in_a_row:
        if process.poll() is not None or time.monotonic() > deadline:
            state = f"exited with {process.returncode}" if process.poll() is not None else "did not become ready"
            raise SystemExit(f"The API {state}; the end of its log:\n{log_tail(log)}")
        try:
            streak = streak + 1 if httpx.get(f"{url}/health", timeout=5).status_code == 200 else 0
        except httpx.HTTPError:
            streak = 0
        if streak == 0:
            time.sleep(0.2)


def start_api(processes: Processes, folder: Path, index: Path, workers: int, rescore: bool) -> tuple:
    """`python -m search serve` over `index`, ready; returns (process, url, log)."""
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    command = [sys.executable, "-m", "search", "serve", "--host", "127.0.0.1", "--port", str(port)]
    command += ["--index", str(index), "--workers", str(workers)]
    extra = {} if rescore else {"IOP_SEARCH_RESCORE": "0"}
    log = folder / "api.log"
    process = processes.start(command, environment(folder, **extra), log)
    url = f"http://127.0.0.1:{port}"
    wait_for_api(process, url, log, in_a_row=4 * workers)
    return process, url, log


async def run_load(
    client: httpx.AsyncClient,
    url: str,
    questions: Iterator[str],
    clients: int,
    count: int,
    cap: float,
    k: int = 5,
    done: Callable[[], bool] = lambda: False,
    seen: Callable[[str, dict, float], None] | None = None,
) -> Run:
    """`clients` clients asking in turn until `count` questions, `cap` seconds, or `done()`."""
    run = Run(clients)
    issued = 0
    started = time.perf_counter()
    cpu = time.process_time()

    async def one_client() -> None:
        nonlocal issued
        while issued < count and time.perf_counter() - started < cap and not done():
            issued += 1
            question = next(questions)
            sent = time.perf_counter()
            try:
                response = await client.post(f"{url}/ask", json={"question": question, "k": k, "language": None})
                body = response.json() if response.status_code == 200 else None
            except (httpx.HTTPError, ValueError) as error:
                run.transport[type(error).__name__] += 1
                continue
            if response.status_code != 200:
                run.non_200[response.status_code] += 1
                continue
            now = time.perf_counter()
            run.latencies.append(now - sent)
            if seen is not None:
                seen(question, body, now)

    await asyncio.gather(*(one_client() for _ in range(clients)))
    run.seconds = time.perf_counter() - started
    run.client_cpu = time.process_time() - cpu
    return run


def new_client(clients: int) -> httpx.AsyncClient:
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    return httpx.AsyncClient(limits=limits, timeout=REQUEST_TIMEOUT)


RUN_HEADER = (
    f"  {'clients':>7} {'answered':>8} {'seconds':>7} {'answers/s':>9} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} "
    f"{'max ms':>7} {'non-200':>7} {'transport':>9} {'client CPU':>10}"
)


def run_line(run: Run) -> str:
    latency = [percentile(run.latencies, f) * 1000 for f in (0.5, 0.95, 0.99, 1.0)]
    failures = ", ".join(f"{kind}: {n}" for kind, n in (run.non_200 + run.transport).items())
    return (
        f"  {run.clients:>7} {len(run.latencies):>8} {run.seconds:7.1f} {len(run.latencies) / run.seconds:9.2f} "
        f"{latency[0]:7.0f} {latency[1]:7.0f} {latency[2]:7.0f} {latency[3]:7.0f} "
        f"{sum(run.non_200.values()):>7} {sum(run.transport.values()):>9} {run.client_cpu / run.seconds:9.0%}"
        + (f"   ({failures})" if failures else "")
    )


def cycle_from(pool: list[str]) -> Iterator[str]:
    while True:
        yield from pool


async def api_part(
    plan: Plan, processes: Processes, work: Path, index: Path, pool: list[str], outcomes: dict[str, tuple[str, str]]
) -> int:
    """Part 1; returns the number of errors. Confident English answers go into `outcomes`."""
    errors = 0
    for workers in plan.workers:
        for rescore in (True, False):
            label = f"{workers} worker{'s' if workers > 1 else ''}, re-scoring {'on' if rescore else 'off'}"
            folder = work / f"api-{workers}-{'rescore' if rescore else 'plain'}"
            process, url, _log = start_api(processes, folder, index, workers, rescore)
            questions = cycle_from(pool)  # a new server: its cache is empty, the same questions again

            def keep(question: str, body: dict, _when: float, rescore: bool = rescore) -> None:
                if rescore:
                    outcomes[question] = (body["outcome"], body["language"])

            print(f"API, {label}: {load_average()}")
            print(RUN_HEADER)
            for clients in plan.levels:
                async with new_client(clients) as client:
                    warm = await run_load(client, url, questions, clients, clients, WARM_UP_CAP)
                    run = await run_load(client, url, questions, clients, plan.questions, plan.cap, seen=keep)
                errors += warm.errors + run.errors
                print(run_line(run) + (f"   warm-up errors: {warm.errors}" if warm.errors else ""))
            print_memory(label, process)
            print(f"  end: {load_average()}")
            processes.stop(process)
    return errors


def chunk_ids(index: Path) -> set[str]:
    """Every chunk id of a published version: its English part and its multilingual (Spanish) part."""
    ids = set()
    for name in ("chunks.jsonl", "multilingual-chunks.jsonl"):
        if (index / name).exists():
            ids |= {json.loads(line)["id"] for line in (index / name).read_text(encoding="utf-8").splitlines()}
    return ids


def edit_corpus(corpus: Path) -> None:
    """One new FAQ entry, and one entry's id renamed in the English and Spanish FAQ."""
    old, new = RENAMED
    for faq in (corpus / "faq" / "program-faq.txt", corpus / "es" / "faq" / "program-faq.txt"):
        text = faq.read_text(encoding="utf-8")
        if f"id: {old}\n" not in text:
            raise SystemExit(f"{faq} has no entry with the id {old}: choose another for RENAMED")
        text = text.replace(f"id: {old}\n", f"id: {new}\n")
        if faq.parent.parent == corpus:
            text += NEW_ENTRY
        faq.write_text(text, encoding="utf-8")


async def rebuild_part(plan: Plan, processes: Processes, work: Path, index: Path, pool: list[str]) -> int:
    """Part 2; returns the number of errors and mixed answers."""
    return sum([await rebuild_once(plan, processes, work, index, pool, workers) for workers in plan.workers])


async def rebuild_once(plan: Plan, processes: Processes, work: Path, index: Path, pool: list[str], workers: int) -> int:
    """Part 2 with `workers` workers; returns the number of errors and mixed answers."""
    folder = work / f"rebuild-{workers}"
    corpus_copy, index_copy = folder / "corpus", folder / "index"
    shutil.copytree(PROJECT_ROOT / "corpus", corpus_copy)
    shutil.copytree(index, index_copy)
    old_ids = chunk_ids(index_copy)
    label = f"{workers} worker{'s' if workers > 1 else ''}, re-scoring on, 16 clients, k=10"
    print(f"Rebuild under load, {label}: {load_average()}")
    process, url, _log = start_api(processes, folder, index_copy, workers, rescore=True)
    answers: list[tuple[float, set[str]]] = []
    build: dict[str, float] = {}

    def done() -> bool:
        """Some seconds after the publish, and once the new version has answered (or AFTER_CAP passed)."""
        if "published" not in build:
            return False
        waited = time.perf_counter() - build["published"]
        return waited > plan.rebuild_after and ("new version" in build or waited > AFTER_CAP)

    def seen(_question: str, body: dict, when: float) -> None:
        ids = {result["id"] for result in body["results"]}
        answers.append((when, ids))
        if ids & NEW_ONLY:
            build.setdefault("new version", when)

    async def rebuild() -> None:
        await asyncio.sleep(plan.rebuild_lead)
        edit_corpus(corpus_copy)
        build["started"] = time.perf_counter()
        command = [sys.executable, "build_index.py", "--corpus", str(corpus_copy), "--index", str(index_copy)]
        child = await asyncio.create_subprocess_exec(
            *command,
            cwd=PROJECT_ROOT,
            env=environment(folder),
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )
        output, _ = await child.communicate()
        build["published"] = time.perf_counter()
        if child.returncode != 0:
            raise SystemExit(f"build_index.py exited with {child.returncode}:\n{output.decode(errors='replace')}")

    async with new_client(16) as client:
        await run_load(client, url, cycle_from(pool), 16, 16, WARM_UP_CAP, k=10)  # warm-up
        started = time.perf_counter()
        load = run_load(
            client,
            url,
            cycle_from(pool),
            16,
            10**9,
            plan.rebuild_cap,
            k=10,
            done=done,
            seen=seen,
        )
        run, _ = await asyncio.gather(load, rebuild())
    new_ids = chunk_ids(index_copy)
    old_only, new_only = old_ids - new_ids, new_ids - old_ids
    kinds: Counter = Counter()
    first_new = last_old = None
    for when, ids in answers:
        if not ids <= old_ids and not ids <= new_ids:
            kinds["mixed"] += 1
        elif ids & new_only:
            kinds["new"] += 1
            first_new = when if first_new is None else min(first_new, when)
        elif ids & old_only:
            kinds["old"] += 1
            last_old = when if last_old is None else max(last_old, when)
        else:
            kinds["in both versions"] += 1
    print(
        f"  old version {len(old_ids)} chunks, new {len(new_ids)}: only in old {sorted(old_only)}, "
        f"only in new {sorted(new_only)}"
    )
    print(RUN_HEADER)
    print(run_line(run))
    after = started + run.seconds - build["published"]
    print(
        f"  build: started {build['started'] - started:.1f} s into the load, published after "
        f"{build['published'] - build['started']:.1f} s; the load went on {after:.0f} s more"
    )
    switch = (
        f"first new-version answer {first_new - build['published']:+.1f} s from the publish"
        if first_new
        else ("no answer showed a new-only id")
    )
    if last_old is not None:
        switch += f"; last old-version answer {last_old - build['published']:+.1f} s from it"
    print(
        f"  answers by version: {kinds['old']} old, {kinds['new']} new, {kinds['in both versions']} with ids "
        f"in both, mixed: {kinds['mixed']}; {switch}"
    )
    print_memory(label, process)
    print(f"  end: {load_average()}")
    processes.stop(process)
    return run.errors + kinds["mixed"]


async def survey_outcomes(processes: Processes, work: Path, index: Path, pool: list[str], wanted: int) -> dict:
    """Outcomes of the first `wanted` questions with the default settings, when part 1 did not run."""
    outcomes: dict[str, tuple[str, str]] = {}
    process, url, _log = start_api(processes, work / "survey", index, 1, rescore=True)
    async with new_client(4) as client:
        await run_load(
            client,
            url,
            iter(pool[:wanted]),
            4,
            wanted,
            300.0,
            seen=lambda q, body, _when: outcomes.__setitem__(q, (body["outcome"], body["language"])),
        )
    processes.stop(process)
    return outcomes


async def page_session(browser, url: str, questions: list[tuple[str, str]]) -> tuple[list[float], int]:  # noqa: ANN001
    """One new browser context asking `questions` (each with the headline its answer shows) in turn:
    seconds from Enter to each answer's headline, and the number that showed none within PAGE_TIMEOUT."""
    from playwright.async_api import TimeoutError as PlaywrightTimeout
    from playwright.async_api import expect

    context = await browser.new_context()
    page = await context.new_page()
    times, failed = [], 0
    try:
        await page.goto(url, timeout=PAGE_TIMEOUT * 1000)
        box = page.get_by_label("Your question")
        idle = page.get_by_test_id("stApp")
        for question, headline in questions:
            card = page.get_by_text(headline)
            try:
                await expect(idle).to_have_attribute(
                    "data-test-script-state", "notRunning", timeout=PAGE_TIMEOUT * 1000
                )
                # Cleared first (untimed), so that the wait below sees this question's card, not the last one's.
                await box.fill("")
                await box.press("Enter")
                await expect(card).to_have_count(0, timeout=PAGE_TIMEOUT * 1000)
                await expect(idle).to_have_attribute(
                    "data-test-script-state", "notRunning", timeout=PAGE_TIMEOUT * 1000
                )
                await box.fill(question)
                started = time.perf_counter()
                await box.press("Enter")
                await card.first.wait_for(state="visible", timeout=PAGE_TIMEOUT * 1000)
                times.append(time.perf_counter() - started)
            except (AssertionError, PlaywrightTimeout):  # no card in time: counted, and the session goes on
                failed += 1
    finally:
        await context.close()
    return times, failed


def wait_for_page(process: subprocess.Popen, url: str, log: Path) -> None:
    """Until serve.py's /ready says the models are loaded."""
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if httpx.get(f"{url}/ready", timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"streamlit run serve.py did not become ready; the end of its log:\n{log_tail(log)}")


async def page_part(
    plan: Plan, processes: Processes, work: Path, index: Path, outcomes: dict[str, tuple[str, str]]
) -> int:
    """Part 3; returns the number of questions that showed no answer card."""
    from playwright.async_api import async_playwright

    confident = [
        (q, HEADLINES[outcome])
        for q, (outcome, language) in outcomes.items()
        if outcome in HEADLINES and language == "en"
    ]
    needed = sum(plan.page_sessions) * plan.page_questions
    print(f"Page sessions: {load_average()}")
    print(
        f"  {len(confident)} questions the API answered in English with an answer or a probable one; {needed} needed "
        f"({'each asked once' if len(confident) >= needed else 'some asked again, from the cache'})"
    )
    print("  The browsers run on the same 2 cores as the page's server: the sessions held are a lower bound.")
    folder = work / "page"
    folder.mkdir()
    port = free_port()
    command = [sys.executable, "-m", "streamlit", "run", "serve.py", "--server.address", "127.0.0.1"]
    command += ["--server.port", str(port), "--server.headless", "true"]
    log = folder / "streamlit.log"
    process = processes.start(command, environment(folder, IOP_SEARCH_INDEX=str(index)), log)
    url = f"http://127.0.0.1:{port}"
    wait_for_page(process, url, log)
    questions = cycle_from(confident)
    failures, held = 0, 0
    print(f"  {'sessions':>8} {'answers':>7} {'seconds':>7} {'p50 s':>6} {'p95 s':>6} {'max s':>6} {'no card':>7}")
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            for sessions in plan.page_sessions:
                asked = [[next(questions) for _ in range(plan.page_questions)] for _ in range(sessions)]
                started = time.perf_counter()
                results = await asyncio.gather(*(page_session(browser, url, mine) for mine in asked))
                seconds = time.perf_counter() - started
                times = [t for mine, _ in results for t in mine]
                missing = sum(failed for _, failed in results)
                failures += missing
                p95 = percentile(times, 0.95)
                print(
                    f"  {sessions:>8} {len(times):>7} {seconds:7.1f} {percentile(times, 0.5):6.2f} {p95:6.2f} "
                    f"{percentile(times, 1.0):6.2f} {missing:>7}"
                )
                if missing or not p95 <= PAGE_TARGET:
                    break
                held = sessions
        finally:
            await browser.close()
    print(
        f"  sessions at once with p95 at most {PAGE_TARGET:.0f} s: {held}"
        + ("" if held == plan.page_sessions[-1] else " (the next level passed it)")
    )
    print_memory("page (streamlit run serve.py)", process)
    print(f"  end: {load_average()}")
    processes.stop(process)
    return failures


def others_running() -> list[str]:
    """Test runs and servers of other people on this machine (this benchmark has started none yet)."""
    found = []
    for pattern in ("pytest", "search serve", "streamlit"):
        done = subprocess.run(["pgrep", "-f", pattern], capture_output=True, text=True)
        found += [f"{pattern} (pid {pid})" for pid in done.stdout.split()]
    return found


def wait_until_quiet(minutes: float) -> bool:
    """Polls every 30 s for up to `minutes` until no test run or other server runs; True if it got quiet."""
    deadline = time.monotonic() + minutes * 60
    while True:
        busy = others_running()
        if not busy:
            return True
        if time.monotonic() > deadline:
            print(f"Not quiet after {minutes:g} minutes, measuring anyway: {', '.join(busy)}")
            return False
        print(f"Waiting for a quiet machine ({load_average()}): {', '.join(busy)}", flush=True)
        time.sleep(30)


def prepare_index(work: Path, index: Path) -> Path:
    """A copy of `index` in `work` if it is up to date with corpus/; else a fresh build there."""
    from search.publishing.stale import stale_reason

    target = work / "index"
    reason = stale_reason(PROJECT_ROOT / "corpus", index)
    if reason is None:
        shutil.copytree(index, target)
        return target
    print(f"{index}/ is not usable ({reason}): building one in the temporary folder", flush=True)
    command = [sys.executable, "build_index.py", "--corpus", str(PROJECT_ROOT / "corpus"), "--index", str(target)]
    subprocess.run(command, cwd=PROJECT_ROOT, env=environment(work), check=True, capture_output=True)
    return target


async def measure(args: argparse.Namespace, plan: Plan, processes: Processes, work: Path) -> int:
    index = prepare_index(work, args.index)
    pool = read_questions()
    outcomes: dict[str, tuple[str, str]] = {}
    problems = 0
    print(
        f"{os.cpu_count()} cores; {len(pool)} questions from tests/eval; IOP_SEARCH_API_RATE={RATE}; "
        f"{'quick' if args.quick else 'full'} run; {time.strftime('%Y-%m-%d %H:%M')}",
        flush=True,
    )
    if "api" in args.parts:
        problems += await api_part(plan, processes, work, index, pool, outcomes)
    if "rebuild" in args.parts:
        problems += await rebuild_part(plan, processes, work, index, pool)
    if "page" in args.parts:
        if not outcomes:
            wanted = 3 * sum(plan.page_sessions) * plan.page_questions
            outcomes = await survey_outcomes(processes, work, index, pool, wanted)
        problems += await page_part(plan, processes, work, index, outcomes)
    print(f"Errors, mixed answers and missing answer cards, all parts: {problems}")
    return problems


def interrupted(_signal: int, _frame: object) -> None:
    raise KeyboardInterrupt


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a smoke run: fewer questions and levels")
    parser.add_argument("--index", type=Path, default=PROJECT_ROOT / "index", help="the built index to copy")
    parser.add_argument("--parts", nargs="+", choices=("api", "rebuild", "page"), default=["api", "rebuild", "page"])
    parser.add_argument(
        "--wait-quiet",
        type=float,
        default=0.0,
        metavar="MINUTES",
        help="first wait up to this long for no pytest, API or Streamlit of others to run",
    )
    args = parser.parse_args()
    if args.wait_quiet < 0:
        parser.error(f"--wait-quiet must be at least 0, got {args.wait_quiet}")
    if "page" in args.parts and not CHROMIUM.exists():
        print(f"No {CHROMIUM}: `make test` installs Debian's chromium package.", file=sys.stderr)
        return 1
    plan = QUICK if args.quick else FULL
    quiet = wait_until_quiet(args.wait_quiet) if args.wait_quiet else not others_running()
    print(f"Machine quiet at the start: {'yes' if quiet else 'no, ' + ', '.join(others_running())}", flush=True)
    # Ctrl-C and a plain kill both end in the finally below, which stops every server.
    signal.signal(signal.SIGTERM, interrupted)
    processes = Processes()
    started = time.perf_counter()
    try:
        with tempfile.TemporaryDirectory(prefix="bench-load-") as folder:
            try:
                problems = asyncio.run(measure(args, plan, processes, Path(folder)))
            finally:
                processes.stop_all()  # before the folder they write in goes
    except KeyboardInterrupt:
        print("Stopped; every server it started is stopped too.", file=sys.stderr)
        return 130
    print(
        f"Whole run: {(time.perf_counter() - started) / 60:.1f} minutes; machine quiet at the end: "
        f"{'yes' if not others_running() else 'no'}"
    )
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
