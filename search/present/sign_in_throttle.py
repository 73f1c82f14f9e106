"""Failed staff sign-ins, slowed across every session the server has, not only within one.

A delay kept in a session is no defence: a new session (a reload, a script opening a new
connection) starts afresh. This throttle lives once per server process and counts failures
per client address, with exponential back-off after a few free tries, and in all, with a ceiling
per minute whoever tries, so that guessing from many addresses at once is slowed too. A
refused attempt is not checked against the password at all: it costs the guesser nothing and
learns them nothing.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

# Wrong passwords an address may enter in a row before it has to wait: enough for a typo or two.
FREE_FAILURES = 3
# After that, each failure doubles the wait: 1, 2, 4 ... seconds, up to this.
MAX_WAIT_SECONDS = 15 * 60
# Failed sign-ins the whole page accepts in a rolling minute, from every address together.
FAILURES_PER_MINUTE = 20
# An address whose last failure is this old starts afresh.
FORGET_AFTER_SECONDS = 24 * 60 * 60


@dataclass
class _Record:
    failures: int = 0
    last_failure: float = 0.0
    blocked_until: float = 0.0


class SignInThrottle:
    """How long a client address must wait before its next sign-in attempt; thread-safe.

    `address` is whatever identifies the client (its IP address; None when the server cannot
    tell, which all such clients then share). `clock` is for tests.
    """

    def __init__(
        self,
        free_failures: int = FREE_FAILURES,
        max_wait: float = MAX_WAIT_SECONDS,
        per_minute: int = FAILURES_PER_MINUTE,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._free, self._max_wait, self._per_minute, self._clock = free_failures, max_wait, per_minute, clock
        self._records: dict[str | None, _Record] = {}
        self._recent: deque[float] = deque()  # the times of every address's failures in the last minute
        self._lock = threading.Lock()

    def wait_seconds(self, address: str | None) -> float:
        """Seconds until `address` may try again: 0 when it may try now."""
        with self._lock:
            now = self._clock()
            self._forget(now)
            record = self._records.get(address)
            own = record.blocked_until - now if record else 0.0
            everyone = self._recent[0] + 60 - now if len(self._recent) >= self._per_minute else 0.0
            return max(own, everyone, 0.0)

    def failed(self, address: str | None) -> None:
        """A wrong password from `address`: counted for it and for the page as a whole."""
        with self._lock:
            now = self._clock()
            record = self._records.setdefault(address, _Record())
            record.failures += 1
            record.last_failure = now
            if record.failures >= self._free:
                record.blocked_until = now + min(2.0 ** (record.failures - self._free), self._max_wait)
            self._recent.append(now)

    def succeeded(self, address: str | None) -> None:
        """The right password: the address starts afresh (the page-wide count stays)."""
        with self._lock:
            self._records.pop(address, None)

    def _forget(self, now: float) -> None:
        while self._recent and self._recent[0] <= now - 60:
            self._recent.popleft()
        stale = [
            address for address, record in self._records.items() if now - record.last_failure > FORGET_AFTER_SECONDS
        ]
        for address in stale:
            del self._records[address]


# One per server process, shared by every session of the page (module state lives as long as the process).
_PAGE_THROTTLE = SignInThrottle()


def page_throttle() -> SignInThrottle:
    """The throttle of this server's staff sign-in: a new session is no fresh start for a guesser."""
    return _PAGE_THROTTLE
