"""The JSON HTTP API (`python -m search serve`), with the real models over the sample index: the answer
`ask --json` gives plus the screen to show, crisis help first (even while the server starts), staff
content refused unless a staff token is set up and sent, CORS only for listed origins, questions
rate-limited per address, new index versions followed, and no question text in any log."""

from __future__ import annotations

import json
import logging
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from starlette.testclient import TestClient

from search import build_index
from search.api import server
from search.api.rate_limit import RateLimiter
from search.api.settings import ApiSettings, load_api_settings
from search.cli import main
from search.config import load_settings
from search.index.loaded import read_manifest
from search.present.staff_access import hash_password
from search.usage.log import UsageLog
from tests.conftest import PROJECT_ROOT

STAFF_TOKEN = "a long staff token for the clinic's own tools"
STAFF_QUESTION = "client missed group without notice, when does the therapist call"
CRISIS_QUESTION = "I want to kill myself tonight"
# A question no log may ever hold: its words are searched for in every line logged.
SECRET = "zebra-quokka-7"


def settings_for(index: Path, usage: Path):  # noqa: ANN201 - Settings
    return load_settings({"IOP_SEARCH_INDEX": str(index), "IOP_SEARCH_USAGE_DIR": str(usage)})


@pytest.fixture
def api(sample_index: Path, tmp_path: Path) -> Iterator[TestClient]:
    """The API over the sample index, once its models are loaded, with default settings."""
    with started(server.create_app(settings_for(sample_index, tmp_path / "usage"), ApiSettings())) as client:
        yield client


def started(app) -> TestClient:  # noqa: ANN001 - a Starlette app
    """A client of the app whose start-up has run; it waits until /health says ready."""
    client = TestClient(app)
    client.__enter__()
    deadline = time.monotonic() + 120
    while client.get("/health").status_code != 200:
        assert time.monotonic() < deadline, client.get("/health").json()
        time.sleep(0.2)
    return client


def test_an_answer_is_what_ask_json_prints_with_the_screen_to_show(api: TestClient, sample_index: Path, capsys) -> None:
    response = api.post("/ask", json={"question": "do you take insurance?"})
    assert response.status_code == 200 and response.headers["cache-control"] == "no-store"
    body = response.json()
    assert main(["ask", "do you take insurance?", "--index", str(sample_index), "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    screen = body.pop("screen")
    assert body == printed
    assert body["outcome"] == "answer" and body["results"][0]["id"] == "insurance"
    kinds = [(block["type"], block.get("role")) for block in screen["blocks"]]
    assert kinds[:2] == [("headline", None), ("result", "answer")]
    assert screen["blocks"][1]["source"] == "Source: Program FAQ"
    assert screen["announcement"].startswith("Here is the best answer")
    assert len(api.post("/ask", json={"question": "do you take insurance?", "k": 2}).json()["results"]) == 2


def test_a_crisis_question_gets_crisis_help_first_with_numbers_to_tap(api: TestClient) -> None:
    body = api.post("/ask", json={"question": CRISIS_QUESTION}).json()
    assert body["outcome"] == "crisis"
    first = body["screen"]["blocks"][0]
    assert first["type"] == "crisis" and first["heading"].startswith("You don't have to go through this alone")
    assert any('href="tel:988"' in step["html"] for step in first["steps"])
    spanish = api.post("/ask", json={"question": "ya no quiero vivir, quiero matarme"}).json()
    assert spanish["screen"]["blocks"][0]["type"] == "crisis" and spanish["language"] == "es"


def test_while_the_models_load_a_crisis_is_answered_at_once_and_other_questions_wait(
    sample_index: Path, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setattr(server, "LOADING_WAIT_SECONDS", 0.2)
    app = server.create_app(settings_for(sample_index, tmp_path), ApiSettings())
    client = TestClient(app)  # not entered: its start-up, which loads the models, never runs
    assert client.get("/health").status_code == 503
    crisis = client.post("/ask", json={"question": CRISIS_QUESTION})
    assert crisis.status_code == 200 and crisis.json()["screen"]["blocks"][0]["type"] == "crisis"
    waiting = client.post("/ask", json={"question": "do you take insurance?"})
    assert waiting.status_code == 503 and "988" in waiting.json()["error"]


def test_bad_requests_are_told_what_is_wrong(api: TestClient) -> None:
    assert api.post("/ask", content=b"not json").status_code == 400
    assert api.post("/ask", json=["a list"]).status_code == 400
    assert api.post("/ask", json={"question": "  "}).json()["error"] == '"question" must be the question, as text'
    assert api.post("/ask", json={"question": "hours", "k": 0}).status_code == 400
    assert api.post("/ask", json={"question": "hours", "language": "fr"}).status_code == 400
    assert api.post("/ask", json={"question": "x" * 20_001}).status_code == 400
    assert api.get("/ask").status_code == 405


def test_staff_content_is_refused_unless_a_staff_token_is_set_up_and_sent(sample_index: Path, tmp_path: Path) -> None:
    settings = settings_for(sample_index, tmp_path)
    staff = {"question": STAFF_QUESTION, "audience": "staff"}
    with started(server.create_app(settings, ApiSettings())) as closed:
        refused = closed.post("/ask", json=staff, headers={"Authorization": f"Bearer {STAFF_TOKEN}"})
        assert refused.status_code == 403 and "no staff token has been set up" in refused.json()["error"]
        public = closed.post("/ask", json={"question": STAFF_QUESTION}).json()
        assert all(result["audience"] == "public" for result in public["results"])
    with started(server.create_app(settings, ApiSettings(staff_token_hash=hash_password(STAFF_TOKEN)))) as opened:
        assert opened.post("/ask", json=staff).status_code == 401
        assert opened.post("/ask", json=staff, headers={"Authorization": "Bearer not the token"}).status_code == 401
        allowed = opened.post("/ask", json=staff, headers={"Authorization": f"Bearer {STAFF_TOKEN}"}).json()
        assert allowed["results"][0]["audience"] == "staff"
        assert allowed["screen"]["blocks"][1]["label"] == "Staff policy"


def test_wrong_staff_tokens_are_throttled(sample_index: Path, tmp_path: Path) -> None:
    app = server.create_app(
        settings_for(sample_index, tmp_path), ApiSettings(staff_token_hash=hash_password(STAFF_TOKEN))
    )
    client = TestClient(app)
    staff = {"question": STAFF_QUESTION, "audience": "staff"}
    codes = [client.post("/ask", json=staff, headers={"Authorization": "Bearer wrong"}).status_code for _ in range(5)]
    assert codes == [401, 401, 401, 429, 429]  # three free tries, then a wait (as the page's sign-in)


def test_cors_only_for_the_listed_origins(sample_index: Path, tmp_path: Path) -> None:
    preflight = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}
    settings = settings_for(sample_index, tmp_path)
    listed = TestClient(server.create_app(settings, ApiSettings(origins=("https://www.clinic.example",))))
    allowed = listed.options("/ask", headers={"Origin": "https://www.clinic.example", **preflight})
    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == "https://www.clinic.example"
    other = listed.options("/ask", headers={"Origin": "https://elsewhere.example", **preflight})
    assert "access-control-allow-origin" not in other.headers
    # None listed (the default): no site's page may call it from a browser.
    closed = TestClient(server.create_app(settings, ApiSettings()))
    response = closed.get("/health", headers={"Origin": "https://www.clinic.example"})
    assert "access-control-allow-origin" not in response.headers


def test_questions_are_rate_limited_per_address(sample_index: Path, tmp_path: Path) -> None:
    client = TestClient(server.create_app(settings_for(sample_index, tmp_path), ApiSettings(rate_per_minute=8)))
    codes = [client.post("/ask", json={"question": ""}).status_code for _ in range(3)]
    assert codes == [400, 400, 429]  # a burst of 8 / 4 = 2, counted before the question is read
    refused = client.post("/ask", json={"question": "hours"})
    assert int(refused.headers["retry-after"]) >= 1 and "too many questions" in refused.json()["error"]


def test_the_rate_limiter_refills_with_time_and_keeps_addresses_apart() -> None:
    now = [0.0]
    limiter = RateLimiter(per_minute=60, burst=2, clock=lambda: now[0])
    assert [limiter.wait_seconds("a") for _ in range(3)] == [0.0, 0.0, 1.0]
    assert limiter.wait_seconds("b") == 0.0
    now[0] += 1.0
    assert limiter.wait_seconds("a") == 0.0


def test_api_settings_are_read_from_the_environment_and_fail_closed() -> None:
    read = load_api_settings(
        {"IOP_SEARCH_API_ORIGINS": "https://www.clinic.example, http://127.0.0.1:8080/", "IOP_SEARCH_API_RATE": "30"}
    )
    assert read.origins == ("https://www.clinic.example", "http://127.0.0.1:8080") and read.rate_per_minute == 30
    with pytest.raises(ValueError, match="IOP_SEARCH_API_ORIGINS: 'www.clinic.example' is not an origin"):
        load_api_settings({"IOP_SEARCH_API_ORIGINS": "www.clinic.example"})
    with pytest.raises(ValueError, match="IOP_SEARCH_API_RATE must be a whole number"):
        load_api_settings({"IOP_SEARCH_API_RATE": "many"})
    damaged = load_api_settings({"IOP_SEARCH_API_STAFF_TOKEN_HASH": "scrypt$nonsense"})
    assert damaged.staff_token_hash is None and damaged.staff_off_reason.startswith("the staff token hash cannot")


def test_replicas_over_one_index_folder_each_follow_a_newly_published_version(
    corpus: Path, tmp_path: Path, embedder, rescorer
) -> None:
    index = tmp_path / "index"
    build_index(corpus, index, embedder, rescorer)
    settings = settings_for(index, tmp_path / "usage")
    with (
        started(server.create_app(settings, ApiSettings())) as one,
        started(server.create_app(settings, ApiSettings())) as two,
    ):
        question = {"question": "is there a shuttle from the train station?"}
        for replica in (one, two):
            assert "shuttle" not in replica.post("/ask", json=question).json()["results"][0]["text"]
        shuttle = "id: shuttle\nQ: Is there a shuttle from the train station?\nA: Yes, one runs every hour.\n"
        (corpus / "faq" / "shuttle.txt").write_text(shuttle, encoding="utf-8")
        build_index(corpus, index, embedder, rescorer)
        for replica in (one, two):
            assert replica.post("/ask", json=question).json()["results"][0]["id"] == "shuttle"
            assert replica.get("/health").json()["index_built_at"] == read_manifest(index).built_at


def test_a_failure_is_logged_without_the_question(api: TestClient, caplog, monkeypatch) -> None:
    service = api.app.state.service

    def broken(question: str, *args: object) -> None:
        raise ValueError(f"could not read {question!r}")

    monkeypatch.setattr(service.searcher, "ask", broken)
    with caplog.at_level(logging.DEBUG):
        response = api.post("/ask", json={"question": f"do you take insurance, asks {SECRET}"})
    assert response.status_code == 500 and "988" in response.json()["error"]
    assert "Request failed with ValueError at " in caplog.text and "POST /ask 500" in caplog.text
    assert SECRET not in caplog.text


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_the_served_api_logs_no_question_text(sample_index: Path, tmp_path: Path) -> None:
    """`python -m search serve` as a clinic runs it: its whole output, uvicorn's included, never holds a
    question, whether asked as JSON, in a query string, or in a request that fails."""
    port = free_port()
    env = {**os.environ, "IOP_SEARCH_USAGE_DIR": str(tmp_path / "usage"), "HF_HUB_OFFLINE": "1"}
    command = [sys.executable, "-m", "search", "serve", "--port", str(port), "--index", str(sample_index)]
    process = subprocess.Popen(
        command, cwd=PROJECT_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            assert process.poll() is None and time.monotonic() < deadline, "the API did not get ready"
            try:
                if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            time.sleep(0.5)
        assert httpx.post(f"{url}/ask", json={"question": f"do you take insurance? {SECRET}"}).status_code == 200
        assert httpx.post(f"{url}/ask", json={"question": f"I want to kill myself {SECRET}"}).status_code == 200
        assert httpx.get(f"{url}/ask?question={SECRET}").status_code == 405
        assert httpx.post(f"{url}/ask?question={SECRET}", content=f"{SECRET} is not json").status_code == 400
    finally:
        process.send_signal(signal.SIGINT)
        output, _ = process.communicate(timeout=30)
    assert "POST /ask 200" in output and "GET /ask 405" in output  # each request is logged, without its text
    assert SECRET not in output


def test_serve_names_a_bad_setting_before_it_starts(capsys, monkeypatch) -> None:
    monkeypatch.setenv("IOP_SEARCH_API_RATE", "lots")
    assert main(["serve", "--port", str(free_port())]) == 2
    assert "IOP_SEARCH_API_RATE must be a whole number" in capsys.readouterr().err


def test_questions_are_counted_in_the_usage_log_as_the_pages_are_without_their_text(
    sample_index: Path, tmp_path: Path
) -> None:
    with started(server.create_app(settings_for(sample_index, tmp_path / "usage"), ApiSettings())) as client:
        client.post("/ask", json={"question": "do you take insurance?"})
        client.post("/ask", json={"question": CRISIS_QUESTION})
    asked = UsageLog.open(tmp_path / "usage", retention_days=30).events()
    # The warm-up questions asked as the server starts are not visitors' and are not counted.
    assert [(event.audience, event.outcome, event.query) for event in asked] == [
        ("public", "answer", None),
        (None, "crisis", None),
    ]
    assert asked[0].result_ids[0] == "insurance" and asked[1].result_ids == ()
