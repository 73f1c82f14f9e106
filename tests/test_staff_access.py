"""The staff password: stored only as a salted scrypt hash, checked in constant time, failing closed."""

from __future__ import annotations

import pytest

from search.cli import main
from search.staff_access import StaffHashError, hash_password, verify_password

PASSWORD = "a long staff password"


def test_the_right_password_matches_and_others_do_not() -> None:
    stored = hash_password(PASSWORD)
    assert PASSWORD not in stored and stored.startswith("scrypt$32768$8$1$")
    assert verify_password(PASSWORD, stored)
    assert not verify_password(PASSWORD + " ", stored)
    assert not verify_password("", stored)


def test_each_hash_has_its_own_salt() -> None:
    first, second = hash_password(PASSWORD), hash_password(PASSWORD)
    assert first != second
    assert verify_password(PASSWORD, first) and verify_password(PASSWORD, second)


def test_short_passwords_are_refused() -> None:
    with pytest.raises(ValueError, match="at least 12 characters"):
        hash_password("short")


@pytest.mark.parametrize(
    "stored",
    [
        "",
        "plain-text-password",
        "bcrypt$1$2$3$c2FsdA==$aGFzaA==",
        "scrypt$32768$8$1$not base64!$aGFzaA==",
        "scrypt$1000$8$1$c2FsdA==$aGFzaA==",  # n must be a power of two
        "scrypt$1073741824$8$1$c2FsdA==$aGFzaA==",  # would take gigabytes per sign-in
    ],
)
def test_a_hash_this_program_did_not_make_fails_closed(stored: str) -> None:
    with pytest.raises(StaffHashError):
        verify_password(PASSWORD, stored)


def test_staff_password_command_prints_a_hash_that_verifies(monkeypatch, capsys) -> None:
    monkeypatch.setattr("getpass.getpass", lambda prompt="": PASSWORD)
    assert main(["staff-password"]) == 0
    out = capsys.readouterr().out
    line = next(line for line in out.splitlines() if "export IOP_SEARCH_STAFF_PASSWORD_HASH=" in line)
    stored = line.split("=", 1)[1].strip("'")
    assert verify_password(PASSWORD, stored)
    assert PASSWORD not in out


def test_staff_password_command_refuses_a_mistyped_repeat(monkeypatch, capsys) -> None:
    answers = iter([PASSWORD, PASSWORD + "x"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    assert main(["staff-password"]) == 2
    assert "the two passwords differ" in capsys.readouterr().err
