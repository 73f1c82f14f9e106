"""The page as served: app.py behind security headers on every HTTP response.

Why this file exists: Streamlit has no setting for response headers, so `streamlit run app.py` sends
no Content-Security-Policy and lets any site frame the page. Its supported hook is `st.App`, which
takes Starlette middleware; this file wraps app.py in one that adds the headers below. It is run
exactly as the page was, with the same flags (`make run` does this):

    streamlit run serve.py --server.address 127.0.0.1 --server.port 8501 --server.headless true

`streamlit run` finds the `app` below and serves it, reading .streamlit/config.toml and
.streamlit/secrets.toml from the folder it is started in: the project folder.

It also loads the models as the server starts, in a thread of their own, so the first visitor's
question does not wait for them and the page is served meanwhile (crisis help needs no model).
`/ready` says whether they are loaded: 200 once they are, 503 until then (or if they could not be),
for a load balancer or a start-up script to wait on; Streamlit's own `/_stcore/health` says only
that the server is up.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import re
import threading
import time
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from pathlib import Path

import streamlit as st
from starlette.datastructures import MutableHeaders
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from streamlit.file_util import get_static_dir

from search.config import load_settings
from search.errors import SearchError
from search.index.loaded import read_manifest
from search.models.embed import load_embedder, load_rescorer
from search.models.multilingual import load_multilingual
from search.present.page_script import PAGE_SCRIPT
from search.safety.classifier import load_classifier
from search.safety.language import language_detector

APP_SCRIPT = Path(__file__).resolve().parent / "app.py"
# app.py waits for a thread of this name rather than load the models a second time beside it.
WARM_UP_THREAD = "iop-search-warm-up"
LOGGER = logging.getLogger("iop_search.serve")
# Set when the warm-up has ended; WARM_UP_FAILURE then says why it failed, if it did.
WARMED_UP = threading.Event()
WARM_UP_FAILURE: list[str] = []

# An inline <script> in Streamlit's index.html (no src attribute): allowed by its hash, read from the
# installed Streamlit, so no other inline script runs and an upgrade needs no edit here.
_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.DOTALL)


def inline_script_hashes(index_html: str) -> list[str]:
    """The CSP source expressions ('sha256-...') of the inline scripts in a page, in page order."""
    return [
        "'sha256-{}'".format(base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii"))
        for body in _INLINE_SCRIPT.findall(index_html)
        if body.strip()
    ]


def content_security_policy(index_html: str) -> str:
    """Everything from this machine only, nothing from anywhere else, and no framing at all."""
    directives = {
        "default-src": ["'self'"],
        # Streamlit's own bundles, its one inline script and the page's own (search/present/page_script.py),
        # by hash; no eval, no other inline code.
        # 'wasm-unsafe-eval' lets its message decoder compile the small WebAssembly module carried in
        # its own bundle (long.js, 64-bit arithmetic); blocked, the decoder falls back to slower code,
        # but Chromium reports a violation on every page load. It does not allow eval of JavaScript.
        "script-src": ["'self'", *inline_script_hashes(index_html), "'wasm-unsafe-eval'"],
        # Streamlit styles its components at run time (CSS-in-JS <style> elements and style attributes).
        "style-src": ["'self'", "'unsafe-inline'"],
        # Icons and charts drawn as data: and blob: URLs; an image in content is never fetched.
        "img-src": ["'self'", "data:", "blob:"],
        # Streamlit's stylesheet carries one of its math fonts inline, as a data: URL.
        "font-src": ["'self'", "data:"],
        # 'self' covers the page's own websocket (ws: on the same host and port) as well.
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives.items())


def security_headers(index_html: str) -> dict[str, str]:
    """The headers every response carries."""
    return {
        "Content-Security-Policy": content_security_policy(index_html),
        "X-Frame-Options": "DENY",  # frame-ancestors, for browsers that predate it
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
    }


class SecurityHeaders:
    """ASGI middleware: sets the given headers on every HTTP response, replacing any of the same name.

    Plain ASGI, setting the headers as each response starts, rather than Starlette's BaseHTTPMiddleware,
    which re-wraps every response body.
    """

    def __init__(self, app: ASGIApp, headers: Mapping[str, str]) -> None:
        if not headers:
            raise ValueError("headers must name at least one header, got none")
        self.app = app
        self.headers = dict(headers)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in self.headers.items():
                    headers[name] = value
            await send(message)

        await self.app(scope, receive, send_with_headers)


def warm_up() -> None:
    """Loads, once per process, the models the page's first question needs, as open_searcher would
    load them: the search model, the re-scoring model when the settings and the published index use
    it (unpacked into the model cache on a new server), and the learned crisis check. The page reuses
    them (search/models/embed.py keeps them per process); the index itself is left to the page, which
    loads its own, live one.

    A failure is only logged: the page says what is wrong when a question needs the models, as it
    would without this (a missing model package names the `make` command that installs it).
    """
    started = time.perf_counter()
    try:
        settings = load_settings()
        manifest = read_manifest(settings.index)
        embedder = load_embedder()
        if settings.rescore and manifest.rescoring_model is not None:
            load_rescorer()
        load_classifier(embedder)
        language_detector()  # lingua's models of English and Spanish, which every question may need
        if manifest.multilingual_model is not None:
            load_multilingual()
    except (SearchError, ValueError) as error:  # ValueError: a bad IOP_SEARCH_* setting
        LOGGER.warning("The models were not loaded at start-up: %s", error)
        WARM_UP_FAILURE.append(str(error))
        return
    finally:
        WARMED_UP.set()
    LOGGER.info("Models loaded at start-up in %.1f s", time.perf_counter() - started)


def readiness_state() -> tuple[int, str]:
    """200 "ready" once the models are loaded; 503 while they load, or with why they could not."""
    if not WARMED_UP.is_set():
        return 503, "loading the models"
    if WARM_UP_FAILURE:
        return 503, f"the models could not be loaded: {WARM_UP_FAILURE[0]}"
    return 200, "ready"


async def readiness(_request: Request) -> PlainTextResponse:
    status, text = readiness_state()
    return PlainTextResponse(text, status_code=status)


@asynccontextmanager
async def load_models_at_start(_app: st.App) -> AsyncIterator[None]:
    """Starts the models loading as the server starts, without holding up its start: the page is
    served meanwhile. A daemon thread, so stopping the server never waits for it."""
    threading.Thread(target=warm_up, name=WARM_UP_THREAD, daemon=True).start()
    yield


_INDEX_HTML = (Path(get_static_dir()) / "index.html").read_text(encoding="utf-8")

app = st.App(
    APP_SCRIPT,
    lifespan=load_models_at_start,
    routes=[Route("/ready", readiness)],
    # The page's own script is inline HTML that app.py shows: allowed as Streamlit's inline script is.
    middleware=[Middleware(SecurityHeaders, headers=security_headers(f"{_INDEX_HTML}<script>{PAGE_SCRIPT}</script>"))],
)
