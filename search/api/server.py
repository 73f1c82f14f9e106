"""The JSON HTTP API (Starlette, served by uvicorn): `POST /ask` and `GET /health`.

`POST /ask` takes `{"question": "...", "k": 5, "language": "es", "audience": "staff"}` (all but the
question optional) and returns what `python -m search ask --json` prints: the answer, its results and
the screen to show, crisis help first (search/present/screen_json.py). `GET /health` says 200 only
once the index and every model a question needs are loaded, for a load balancer to wait on.

What keeps it safe for a clinic:
- **Crisis first, even while it starts.** Until the models are loaded, a question the crisis patterns
  flag gets the crisis screen at once; any other waits for the models, as on the page.
- **Staff content fails closed.** It is searched only for a request that says `"audience": "staff"`
  and sends `Authorization: Bearer <token>` matching IOP_SEARCH_API_STAFF_TOKEN_HASH; with no hash set
  (the default) every such request is refused. Wrong tokens are throttled per address, as the page's
  staff sign-in is (search/present/sign_in_throttle.py).
- **No question text in any log.** uvicorn's own access log is off (it would write a query string);
  this file logs each request's method, path, status and time only, and a failure by its type and
  place in the code, never its message, which may quote the question. The usage log keeps what the
  page's does (search/usage/log.py).
- **CORS** only for the origins listed in IOP_SEARCH_API_ORIGINS (none by default), and questions
  **rate-limited** per client address (search/api/rate_limit.py).
- Answers come from the live published index, switched to each new version between questions, as
  the page's are, so a rebuild never mixes two versions in one answer.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import math
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from anyio import to_thread
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from search.api.rate_limit import RateLimiter
from search.api.settings import ApiSettings, load_api_settings
from search.config import MAX_QUESTION_CHARS, Settings, load_settings
from search.errors import SearchError, UsageLogError, failure_place
from search.index.live import LiveIndex
from search.present.outcome import SUGGESTIONS, Screen, early_crisis_screen, screen_for
from search.present.recording import record_answer
from search.present.screen_json import screen_json
from search.present.sign_in_throttle import SignInThrottle
from search.present.staff_access import verify_password
from search.retrieval.answer import Answer
from search.retrieval.searcher import Searcher, open_searcher
from search.safety.detector import pattern_check
from search.usage.log import UsageLog, open_log
from search.vocab import AUDIENCES, LANGUAGES, Audience, Outcome

LOGGER = logging.getLogger("iop_search.api")
# A question is at most MAX_QUESTION_CHARS characters; a body this large is not a question.
MAX_BODY_BYTES = 256 * 1024
# The most results one request may ask for.
MAX_K = 10
# How long a question waits for the models while the server starts, before it is told to try again.
LOADING_WAIT_SECONDS = 60
# Questions that load, as the server starts, every model a question can need: the search and
# re-scoring models, the crisis check, the language detector and the multilingual model.
WARM_UP_QUESTIONS = ("What is the program?", "¿Qué es el programa?")


class Service:
    """What every request shares: the settings, the searcher once loaded, and the limits."""

    def __init__(self, settings: Settings, api: ApiSettings) -> None:
        self.settings = dataclasses.replace(settings, k=max(settings.k, MAX_K))
        self.default_k = settings.k
        self.api = api
        self.live = LiveIndex(settings.index)
        self.searcher: Searcher | None = None
        self.failure: str | None = None
        self.ready = threading.Event()
        self.limiter = RateLimiter(api.rate_per_minute)
        self.staff_throttle = SignInThrottle()
        self._usage_log: UsageLog | None = None

    def usage_log(self) -> UsageLog:
        """The usage log, opened (and purged of expired rows) once per process, or again after a
        failure to open it. Raises UsageLogError."""
        if self._usage_log is None:
            self._usage_log = open_log(self.settings)
        return self._usage_log

    def load(self) -> None:
        """Loads the index and the models (in a thread of its own, as the server starts)."""
        started = time.perf_counter()
        try:
            searcher = open_searcher(self.live, self.settings)
            for question in WARM_UP_QUESTIONS:
                searcher.ask(question)
            self.searcher = searcher
            LOGGER.info("Ready: the index and models loaded in %.1f s", time.perf_counter() - started)
        except (SearchError, ValueError) as error:  # ValueError: a bad setting
            self.failure = str(error)
            LOGGER.error("Not ready: %s", error)
        finally:
            self.ready.set()

    def clinic(self):  # noqa: ANN201 - the published index's ClinicInfo, or None
        return self.live.current().manifest.clinic


def problem(status: int, message: str, **headers: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status, headers=headers or None)


class RequestLog:
    """ASGI middleware: one log line per request, with its method, path (never its query string),
    status and time, and no-store caching on every response (an answer echoes its question)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = [500]

        async def send_logged(message: Message) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
                message.setdefault("headers", [])
                message["headers"] = [
                    *message["headers"],
                    (b"cache-control", b"no-store"),
                    (b"x-content-type-options", b"nosniff"),
                ]
            await send(message)

        try:
            await self.app(scope, receive, send_logged)
        finally:
            elapsed = (time.perf_counter() - started) * 1000
            LOGGER.info("%s %s %d %.0f ms", scope["method"], scope["path"], status[0], elapsed)


def guarded(handler: Callable[[Request], Awaitable[Response]]) -> Callable[[Request], Awaitable[Response]]:
    """The handler, with any failure answered as a plain 500 and logged without its message."""

    async def run(request: Request) -> Response:
        try:
            return await handler(request)
        except Exception as error:  # noqa: BLE001 - the API's edge: no trace with the question in it
            LOGGER.error("Request failed with %s at %s", type(error).__name__, failure_place(error))
            return problem(500, "Something went wrong. If you need help now, call or text 988.")

    return run


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


async def _read_question(request: Request) -> dict[str, object] | JSONResponse:
    """The request's fields, checked; or the 400 that says what is wrong (never quoting it)."""
    body = await request.body()
    if len(body) > MAX_BODY_BYTES:
        return problem(413, f"the body must be at most {MAX_BODY_BYTES} bytes")
    try:
        fields = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return problem(400, 'the body must be JSON, like {"question": "do you take my insurance?"}')
    if not isinstance(fields, dict):
        return problem(400, 'the body must be a JSON object, like {"question": "do you take my insurance?"}')
    question, k = fields.get("question"), fields.get("k")
    language, audience = fields.get("language"), fields.get("audience", Audience.PUBLIC)
    if not isinstance(question, str) or not question.strip():
        return problem(400, '"question" must be the question, as text')
    if len(question) > MAX_QUESTION_CHARS:
        return problem(400, f'"question" must be at most {MAX_QUESTION_CHARS} characters')
    if k is not None and (isinstance(k, bool) or not isinstance(k, int) or not 1 <= k <= MAX_K):
        return problem(400, f'"k" must be a whole number from 1 to {MAX_K}')
    if language is not None and language not in LANGUAGES:
        return problem(400, f'"language" must be one of {", ".join(LANGUAGES)}, or left out to detect it')
    if audience not in AUDIENCES:
        return problem(400, f'"audience" must be one of {", ".join(AUDIENCES)}')
    return {"question": question, "k": k, "language": language, "audience": audience}


def _staff_refusal(service: Service, request: Request) -> JSONResponse | None:
    """None when the request may search staff content; else why not. Fails closed."""
    stored = service.api.staff_token_hash
    if stored is None:
        return problem(403, f"staff content is not available: {service.api.staff_off_reason}")
    address = _client(request)
    wait = service.staff_throttle.wait_seconds(address)
    if wait > 0:
        seconds = str(math.ceil(wait))
        return problem(429, f"too many wrong staff tokens; try again in {seconds} seconds", **{"Retry-After": seconds})
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token or not verify_password(token.strip(), stored):
        service.staff_throttle.failed(address)
        return problem(401, "staff content needs a valid staff token: Authorization: Bearer <token>")
    service.staff_throttle.succeeded(address)
    return None


def early_crisis(question: str, audience: str, language: str | None, service: Service) -> dict[str, object] | None:
    """While the models load: the crisis screen for a question the patterns flag, else None."""
    found = pattern_check(question, audience=audience)
    clinic = service.clinic()
    screen = early_crisis_screen(found, language, clinic)
    if screen is None:
        return None
    risk = {"level": str(found.level), "language": found.language, "category": found.category}
    return {
        "query": question,
        "audience": audience,
        "language": screen.language,
        "outcome": str(Outcome.CRISIS),
        "retrieval_outcome": None,  # not searched yet: the models are still loading
        "corrections": [],
        "risk": risk,
        "results": [],
        "screen": screen_json(screen, clinic),
    }


def record(service: Service, answer: Answer, screen: Screen) -> None:
    """The question in the usage log, as the page records one; a failing log is only logged."""
    try:
        record_answer(service.usage_log(), answer, screen, service.settings)
    except UsageLogError as error:
        LOGGER.warning("The usage log failed: %s", error)


def create_app(settings: Settings | None = None, api: ApiSettings | None = None) -> Starlette:
    """The API over the published index named in `settings` (default: from the environment)."""
    service = Service(settings or load_settings(), api or load_api_settings())

    async def health(_request: Request) -> Response:
        if not service.ready.is_set():
            return JSONResponse({"status": "loading"}, status_code=503)
        if service.searcher is None:
            return JSONResponse({"status": "unavailable", "error": service.failure}, status_code=503)
        manifest = service.live.current().manifest
        return JSONResponse({"status": "ready", "index_built_at": manifest.built_at})

    async def ask(request: Request) -> Response:
        wait = service.limiter.wait_seconds(_client(request))
        if wait > 0:
            seconds = str(math.ceil(wait))
            return problem(429, f"too many questions; try again in {seconds} seconds", **{"Retry-After": seconds})
        fields = await _read_question(request)
        if isinstance(fields, JSONResponse):
            return fields
        question, audience, language = fields["question"], fields["audience"], fields["language"]
        if audience == Audience.STAFF and (refusal := _staff_refusal(service, request)) is not None:
            return refusal
        if not service.ready.is_set() and (crisis := early_crisis(question, audience, language, service)):
            return JSONResponse(crisis)
        if not await to_thread.run_sync(service.ready.wait, LOADING_WAIT_SECONDS) or service.searcher is None:
            reason = service.failure or "the search is still starting"
            return problem(503, f"the search is not available: {reason}. If you need help now, call or text 988.")
        answer = await to_thread.run_sync(service.searcher.ask, question, audience, language)
        answer = dataclasses.replace(answer, results=answer.results[: fields["k"] or service.default_k])
        clinic = service.clinic()
        screen = screen_for(answer, clinic, SUGGESTIONS)
        await to_thread.run_sync(record, service, answer, screen)
        return JSONResponse({**answer.to_json(), "screen": screen_json(screen, clinic)})

    @asynccontextmanager
    async def load_while_serving(_app: Starlette) -> AsyncIterator[None]:
        """Starts loading as the server starts, without holding it up: /health answers meanwhile. A
        daemon thread, so stopping the server never waits for it."""
        threading.Thread(target=service.load, name="iop-search-api-load", daemon=True).start()
        yield

    middleware = [Middleware(RequestLog)]
    if service.api.origins:
        middleware.append(
            Middleware(
                CORSMiddleware,
                allow_origins=list(service.api.origins),
                allow_methods=["GET", "POST"],
                allow_headers=["Content-Type", "Authorization"],
                max_age=600,
            )
        )
    app = Starlette(
        routes=[Route("/ask", guarded(ask), methods=["POST"]), Route("/health", guarded(health), methods=["GET"])],
        middleware=middleware,
        lifespan=load_while_serving,
    )
    app.state.service = service
    return app
