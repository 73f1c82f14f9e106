"""Questions per client address: a token bucket each, so a visitor asking a few questions in a row is
never slowed, and a script asking hundreds is. Per server process: with several workers, each has its
own buckets, so the rate an address gets is at most the setting times the workers (README says so).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

# An address not seen for this long is forgotten, so the table does not grow without end.
FORGET_AFTER_SECONDS = 10 * 60


class RateLimiter:
    """`per_minute` questions a minute per address, in bursts of up to `burst`."""

    def __init__(self, per_minute: int, burst: int | None = None, clock: Callable[[], float] = time.monotonic) -> None:
        if per_minute < 1:
            raise ValueError(f"per_minute must be at least 1, got {per_minute}")
        self.per_second = per_minute / 60
        self.burst = float(burst if burst is not None else max(1, per_minute // 4))
        self._clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}  # address -> (tokens, when counted)
        self._lock = threading.Lock()
        self._last_sweep = clock()

    def wait_seconds(self, address: str) -> float:
        """0 when this address may ask now (and counts the question), else how long until it may."""
        with self._lock:
            now = self._clock()
            self._sweep(now)
            tokens, then = self._buckets.get(address, (self.burst, now))
            tokens = min(self.burst, tokens + (now - then) * self.per_second)
            if tokens >= 1:
                self._buckets[address] = (tokens - 1, now)
                return 0.0
            self._buckets[address] = (tokens, now)
            return (1 - tokens) / self.per_second

    def _sweep(self, now: float) -> None:
        if now - self._last_sweep < FORGET_AFTER_SECONDS:
            return
        self._last_sweep = now
        for address, (_, then) in list(self._buckets.items()):
            if now - then > FORGET_AFTER_SECONDS:
                del self._buckets[address]
