"""The API's own settings, from the environment (the search settings are search/config.py's).

- IOP_SEARCH_API_ORIGINS: the web origins allowed to call the API from a browser (CORS), separated by
  commas, such as `https://www.riverbend-iop.org`. Empty by default: no other site's page may call it.
- IOP_SEARCH_API_RATE: questions a minute one client address may ask (default 60), with bursts of
  up to a quarter of that at once.
- IOP_SEARCH_API_STAFF_TOKEN_HASH: the hash of the token that staff tools send to search staff
  content (made by `python -m search staff-password`). Unset or unreadable: staff content is
  refused to everyone, so the API fails closed.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from search.errors import StaffHashError
from search.present.staff_access import check_hash

ORIGINS_VARIABLE = "IOP_SEARCH_API_ORIGINS"
RATE_VARIABLE = "IOP_SEARCH_API_RATE"
STAFF_TOKEN_VARIABLE = "IOP_SEARCH_API_STAFF_TOKEN_HASH"
DEFAULT_RATE = 60


@dataclass(frozen=True)
class ApiSettings:
    """`staff_token_hash` is None when staff access is off; `staff_off_reason` then says why."""

    origins: tuple[str, ...] = ()
    rate_per_minute: int = DEFAULT_RATE
    staff_token_hash: str | None = None
    staff_off_reason: str = "no staff token has been set up"


def _origin(text: str) -> str:
    """One origin as a browser sends it: scheme://host[:port], nothing after."""
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.path not in ("", "/") or parts.query:
        raise ValueError(f"{ORIGINS_VARIABLE}: {text!r} is not an origin like https://www.example.org")
    return f"{parts.scheme}://{parts.netloc}"


def load_api_settings(environ: Mapping[str, str] | None = None) -> ApiSettings:
    """The settings from the environment; ValueError naming the variable for one that cannot be read."""
    env = os.environ if environ is None else environ
    origins = tuple(_origin(item.strip()) for item in env.get(ORIGINS_VARIABLE, "").split(",") if item.strip())
    rate = DEFAULT_RATE
    if env.get(RATE_VARIABLE, "").strip():
        try:
            rate = int(env[RATE_VARIABLE])
        except ValueError:
            raise ValueError(f"{RATE_VARIABLE} must be a whole number, got {env[RATE_VARIABLE]!r}") from None
        if rate < 1:
            raise ValueError(f"{RATE_VARIABLE} must be at least 1, got {rate}")
    stored = env.get(STAFF_TOKEN_VARIABLE, "").strip() or None
    if stored is None:
        return ApiSettings(origins, rate)
    try:
        check_hash(stored)
    except StaffHashError as error:
        return ApiSettings(origins, rate, None, f"the staff token hash cannot be used: {error}")
    return ApiSettings(origins, rate, stored, "")
