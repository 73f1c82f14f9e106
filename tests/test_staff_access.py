"""The staff password: stored only as a salted scrypt hash, checked in constant time, failing closed."""

from __future__ import annotations

import base64
import hashlib

import pytest

from search.cli import main
from search.errors import StaffHashError
from search.present.staff_access import check_hash, hash_password, verify_password

PASSWORD = "a long staff password"
SALT = b"sixteen byte salt"


def stored_hash(n: int, r: int, p: int, digest: bytes = bytes(32)) -> str:
    """A configured hash with these scrypt settings; by default its digest matches no password."""
    return f"scrypt${n}${r}${p}${base64.b64encode(SALT).decode()}${base64.b64encode(digest).decode()}"


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


@pytest.mark.parametrize(("n", "r"), [(2**20, 8), (2**15, 32)])
def test_a_hash_needing_more_memory_than_sign_in_allows_is_refused_up_front(n: int, r: int) -> None:
    # The page checks the hash before showing the sign-in box: refused there, a sign-in never meets it.
    with pytest.raises(StaffHashError, match="too costly: it asks for more memory than allowed") as refused:
        check_hash(stored_hash(n, r, 1))
    assert "make a new one with python -m search staff-password" in str(refused.value)


def test_a_weak_hash_is_refused_even_with_the_right_password() -> None:
    weak = stored_hash(2, 8, 1, hashlib.scrypt(PASSWORD.encode(), salt=SALT, n=2, r=8, p=1, dklen=32))
    with pytest.raises(StaffHashError, match=r"too weak \(n=2, r=8; at least n=16384, r=8\); make a new one"):
        check_hash(weak)
    with pytest.raises(StaffHashError, match="too weak"):
        verify_password(PASSWORD, weak)


@pytest.mark.parametrize(("r", "p"), [(8, 1), (16, 1), (8, 4)])
def test_the_most_costly_hash_check_hash_accepts_can_be_checked_at_sign_in(r: int, p: int) -> None:
    accepted = [n for n in (2**power for power in range(14, 31)) if _accepts(stored_hash(n, r, p))]
    assert accepted, "the floor and the ceiling leave no setting with this r and p"
    assert not verify_password(PASSWORD, stored_hash(max(accepted), r, p))  # checked, not an error


def _accepts(stored: str) -> bool:
    try:
        check_hash(stored)
    except StaffHashError:
        return False
    return True


def test_the_programs_own_hash_is_accepted_and_verified() -> None:
    stored = hash_password(PASSWORD)
    check_hash(stored)
    assert verify_password(PASSWORD, stored)


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
