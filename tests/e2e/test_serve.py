"""The page as served (serve.py): security headers on every response, a Content-Security-Policy
that lets the page reach nothing but this machine, and no framing by another site."""

from __future__ import annotations

import re
import time
import urllib.error
import urllib.request

import pytest
from playwright.sync_api import Browser, Response, expect

from tests.e2e.conftest import VIOLATION_PREFIX, Server, open_page, watch_policy_violations

pytestmark = pytest.mark.e2e

FIXED_HEADERS = {"x-frame-options": "DENY", "x-content-type-options": "nosniff", "referrer-policy": "no-referrer"}
# Sources that name nothing beyond this machine: its own origin, none, inline data, the page's own
# objects, and WebAssembly compiled by the page's own scripts (no eval of JavaScript).
LOCAL_SOURCES = {"'self'", "'none'", "data:", "blob:", "'wasm-unsafe-eval'"}
SCRIPT_HASH = re.compile(r"'sha256-[A-Za-z0-9+/]+=*'")
ELSEWHERE = "http://elsewhere.invalid"  # a host that is never this machine (.invalid never resolves)


def policy_of(server: Server) -> dict[str, list[str]]:
    """The Content-Security-Policy the health endpoint sends, as {directive: sources}."""
    with urllib.request.urlopen(f"{server.url}/_stcore/health", timeout=10) as response:
        header = response.headers.get("Content-Security-Policy")
    assert header, "no Content-Security-Policy header"
    directives = [part.split() for part in header.split(";") if part.strip()]
    return {name: sources for name, *sources in directives}


def test_every_response_carries_the_security_headers(browser: Browser, server: Server) -> None:
    context = browser.new_context()
    responses: list[Response] = []
    context.on("response", lambda response: responses.append(response) if response.url.startswith(server.url) else None)
    open_page(context, server)
    seen = {
        f"{response.request.resource_type} {response.url.removeprefix(server.url)}": response.all_headers()
        for response in responses
    }
    # ...and what a monitor and a mistyped address get, outside the browser
    for path in ("/_stcore/health", "/_stcore/no-such-endpoint"):
        with urllib.request.urlopen(f"{server.url}{path}", timeout=10) as response:
            seen[f"direct {path}"] = {name.lower(): value for name, value in response.headers.items()}
    context.close()
    kinds = {what.split()[0] for what in seen}
    assert {"document", "script", "stylesheet", "font", "fetch"} <= kinds, kinds
    policies = set()
    for what, headers in seen.items():
        assert {name: headers.get(name) for name in FIXED_HEADERS} == FIXED_HEADERS, what
        assert headers.get("content-security-policy"), f"{what}: no Content-Security-Policy"
        policies.add(headers["content-security-policy"])
    assert len(policies) == 1, policies


def local_source(directive: str, source: str) -> bool:
    """Whether a source in a directive names nothing beyond this machine's own page."""
    if source in LOCAL_SOURCES:
        return True
    if directive == "style-src":  # Streamlit styles its components inline at run time
        return source == "'unsafe-inline'"
    return directive == "script-src" and SCRIPT_HASH.fullmatch(source) is not None


def test_the_policy_allows_only_this_machine(server: Server) -> None:
    policy = policy_of(server)
    assert policy["default-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:", "blob:"]
    for directive, sources in policy.items():
        elsewhere = [source for source in sources if not local_source(directive, source)]
        assert not elsewhere, f"{directive} allows {elsewhere}"


def test_the_page_loads_no_image_and_connects_to_nothing_on_another_host(browser: Browser, server: Server) -> None:
    context = browser.new_context()
    violations = watch_policy_violations(context)
    page = open_page(context, server)
    # As an image written into content would: the browser must refuse it, not just fail to reach it.
    with page.expect_event("requestfailed", lambda request: request.url.startswith(ELSEWHERE)) as failed:
        page.evaluate("url => document.body.append(Object.assign(new Image(), {src: url}))", f"{ELSEWHERE}/photo.png")
    reason = failed.value.failure or ""
    assert "csp" in reason.lower(), f"the image was not refused by the policy but failed with {reason!r}"
    with page.expect_console_message(lambda message: message.text.startswith(f"{VIOLATION_PREFIX} connect-src")):
        page.evaluate("url => fetch(url).catch(() => null)", f"{ELSEWHERE}/collect")
    context.close()
    assert any(line.startswith(f"{VIOLATION_PREFIX} img-src blocked {ELSEWHERE}") for line in violations), violations


def test_another_site_cannot_show_the_page_in_a_frame(browser: Browser, server: Server) -> None:
    context = browser.new_context()
    framer = context.new_page()
    # A page of another origin putting this one in a frame, as a site would to trick a visitor into clicks.
    framer.set_content(f'<iframe src="{server.url}/" width="800" height="600"></iframe>')  # waits for the frame
    frame = framer.frames[1]
    assert not frame.url.startswith(server.url), "the page loaded inside another site's frame"
    expect(frame.locator("#root")).to_have_count(0)  # Streamlit's page is not in it
    context.close()


def test_ready_answers_once_the_models_are_loaded(server: Server) -> None:
    # Streamlit's health check answers as soon as the server is up; /ready only once the models are
    # loaded, so a start-up script or a load balancer can send visitors to a warm server.
    deadline = time.monotonic() + 180
    while True:
        try:
            with urllib.request.urlopen(f"{server.url}/ready", timeout=10) as response:
                assert response.read().decode() == "ready"
                assert response.headers.get("Content-Security-Policy")
                return
        except urllib.error.HTTPError as error:
            assert error.code == 503 and error.read().decode() == "loading the models"
        assert time.monotonic() < deadline, "/ready never said ready"
        time.sleep(0.5)
