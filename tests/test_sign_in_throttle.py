"""The staff sign-in throttle against scripted bursts of wrong passwords: how many get through a minute."""

from __future__ import annotations

from search.present.sign_in_throttle import FAILURES_PER_MINUTE, SignInThrottle


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def burst(throttle: SignInThrottle, clock: Clock, addresses: list[str | None], seconds: float) -> dict[str | None, int]:
    """Every address tries a wrong password every 0.1 s for `seconds`; the attempts let through, per address."""
    through = dict.fromkeys(addresses, 0)
    for _ in range(int(seconds * 10)):
        for address in addresses:
            if throttle.wait_seconds(address) == 0:
                throttle.failed(address)
                through[address] += 1
        clock.now += 0.1
    return through


def test_one_address_gets_a_few_tries_then_waits_twice_as_long_after_each() -> None:
    clock = Clock()
    throttle = SignInThrottle(clock=clock)
    through = burst(throttle, clock, ["10.0.0.7"], seconds=60)
    # 3 free tries, then waits of 1, 2, 4, 8 and 16 s: 8 attempts in the first minute, not 600.
    print(f"one address, 10 tries a second: {through['10.0.0.7']} wrong passwords checked in a minute")
    assert through["10.0.0.7"] == 8
    # The eighth came at about 31 s and earned a 32 s wait: the ninth may come at about 63 s.
    assert 3 < throttle.wait_seconds("10.0.0.7") < 3.5
    # Another address is not held up by this one's failures.
    assert throttle.wait_seconds("10.0.0.8") == 0


def test_many_addresses_together_are_held_to_the_page_wide_ceiling() -> None:
    clock = Clock()
    throttle = SignInThrottle(clock=clock)
    addresses = [f"10.0.1.{n}" for n in range(50)]
    first_minute = burst(throttle, clock, addresses, seconds=60)
    next_ten_minutes = burst(throttle, clock, addresses, seconds=600)
    print(
        f"50 addresses, 10 tries a second each: {sum(first_minute.values())} checked in the first minute, "
        f"{sum(next_ten_minutes.values()) / 10:.1f} a minute over the next ten"
    )
    assert sum(first_minute.values()) == FAILURES_PER_MINUTE
    assert sum(next_ten_minutes.values()) <= 10 * FAILURES_PER_MINUTE


def test_the_right_password_starts_the_address_afresh() -> None:
    clock = Clock()
    throttle = SignInThrottle(clock=clock)
    for _ in range(3):
        throttle.failed("10.0.0.9")
    assert throttle.wait_seconds("10.0.0.9") == 1.0
    clock.now += 1
    throttle.succeeded("10.0.0.9")
    throttle.failed("10.0.0.9")
    assert throttle.wait_seconds("10.0.0.9") == 0  # one failure since: still a free try


def test_clients_whose_address_is_unknown_share_one_count() -> None:
    clock = Clock()
    throttle = SignInThrottle(clock=clock)
    for _ in range(3):
        throttle.failed(None)
    assert throttle.wait_seconds(None) == 1.0
