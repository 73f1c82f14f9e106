"""Staff sign-in: a password checked against a salted scrypt hash, failing closed.

The clinic stores only the hash (made by `python -m search staff-password`), in the
IOP_SEARCH_STAFF_PASSWORD_HASH environment variable or in Streamlit's secrets as
`staff_password_hash`. With no hash, or one that cannot be read, staff mode is off.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os

from search.errors import StaffHashError

HASH_ENVIRONMENT_VARIABLE = "IOP_SEARCH_STAFF_PASSWORD_HASH"
SECRETS_KEY = "staff_password_hash"
SCHEME = "scrypt"
# scrypt's cost: about 0.1 s a check here, which makes guessing slow and signing in quick.
# Memory is about 128 * n * r bytes (32 MiB), within the maxmem allowed below.
COST_N, BLOCK_SIZE_R, PARALLELISM_P = 2**15, 8, 1
# The limits a configured hash must keep, checked by check_hash and again on every sign-in.
# The floor is the setting scrypt's author gives for interactive sign-in (n = 2^14, r = 8: 16 MiB, RFC 7914's
# example too), half this program's own cost: a hash made a little lighter still works, and one that makes
# guessing cheaper is refused. n and r each have a floor, rather than their product, because scrypt was
# designed and analysed with r = 8 and n carrying the cost; this program never makes a hash with less of either.
MIN_COST_N, MIN_BLOCK_SIZE_R = 2**14, 8
# The ceiling is the maxmem hashlib.scrypt is given, so a hash check_hash accepts is one a sign-in can check.
_MAX_MEMORY = 64 * 1024 * 1024
_MAX_PARALLELISM_P = 4  # p multiplies the time of each sign-in, not its memory
MIN_PASSWORD_LENGTH = 12
_MAKE_A_NEW_ONE = "make a new one with python -m search staff-password"


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _memory_needed(n: int, r: int, p: int) -> int:
    """The bytes OpenSSL's scrypt counts against maxmem: n + 2 blocks of 128 * r bytes, and p more."""
    return 128 * r * (n + 2 + p)


def _check_cost(n: int, r: int, p: int) -> None:
    """Raises StaffHashError, saying which, for settings too weak to slow guessing or too costly to check."""
    if n < MIN_COST_N or r < MIN_BLOCK_SIZE_R:
        raise StaffHashError(
            f"the staff password hash is too weak (n={n}, r={r}; at least n={MIN_COST_N}, r={MIN_BLOCK_SIZE_R}); "
            + _MAKE_A_NEW_ONE
        )
    memory = _memory_needed(n, r, p)
    if memory > _MAX_MEMORY:
        raise StaffHashError(
            f"the staff password hash is too costly: it asks for more memory than allowed (n={n}, r={r}: "
            f"{memory / 2**20:.0f} MiB, at most {_MAX_MEMORY // 2**20} MiB); " + _MAKE_A_NEW_ONE
        )
    if p > _MAX_PARALLELISM_P:
        raise StaffHashError(
            f"the staff password hash is too costly: it asks for p={p}, at most {_MAX_PARALLELISM_P}; "
            + _MAKE_A_NEW_ONE
        )


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=_MAX_MEMORY, dklen=32)


def hash_password(password: str, salt: bytes | None = None) -> str:
    """The text to configure: `scrypt$n$r$p$salt$hash`, salt and hash in base64.

    Raises ValueError for a password shorter than MIN_PASSWORD_LENGTH characters.
    """
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"the staff password must be at least {MIN_PASSWORD_LENGTH} characters long")
    salt = salt if salt is not None else os.urandom(16)
    digest = _scrypt(password, salt, COST_N, BLOCK_SIZE_R, PARALLELISM_P)
    return f"{SCHEME}${COST_N}${BLOCK_SIZE_R}${PARALLELISM_P}${_b64(salt)}${_b64(digest)}"


def _parse(stored: str) -> tuple[bytes, int, int, int, bytes]:
    parts = stored.strip().split("$")
    if len(parts) != 6 or parts[0] != SCHEME:
        raise StaffHashError(f"the staff password hash must look like {SCHEME}$n$r$p$salt$hash")
    try:
        n, r, p = (int(part) for part in parts[1:4])
        salt, digest = base64.b64decode(parts[4], validate=True), base64.b64decode(parts[5], validate=True)
    except ValueError:
        raise StaffHashError(f"the staff password hash is damaged; {_MAKE_A_NEW_ONE}") from None
    if not (n > 1 and n & (n - 1) == 0 and r > 0 and p > 0 and salt and digest):
        raise StaffHashError(f"the staff password hash has settings scrypt does not accept; {_MAKE_A_NEW_ONE}")
    _check_cost(n, r, p)
    return salt, n, r, p, digest


def check_hash(stored: str) -> None:
    """Raises StaffHashError if `stored` cannot be read, or its settings are too weak or too costly.

    The same checks run before every sign-in, so a hash accepted here can be checked there.
    """
    _parse(stored)


def verify_password(password: str, stored: str) -> bool:
    """Whether the password matches the stored hash, compared in constant time.

    Raises StaffHashError when the stored hash cannot be read, or check_hash would refuse it.
    """
    salt, n, r, p, digest = _parse(stored)
    return hmac.compare_digest(_scrypt(password, salt, n, r, p), digest)
